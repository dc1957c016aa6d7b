"""How the office numbers its letters (settings ``numbering``): by classification code, with the running
number's scope the office chose, or — when the section sets neither a pattern nor a scope — by each
template's own pattern, as Loket always did.

    "numbering": {"pattern": "{kode}/{seq:03}/{kode_desa}/{bulan_romawi}/{tahun}", "kode_desa": "Ds.RS",
                  "scope": "layanan", "codes": {"surat_usaha": "500.2.2.4"},
                  "patterns": {"surat_tidak_mampu": "{kode}/{seq:03}/SKTM/{tahun}"}}

A kabupaten that writes ``470/001/PEM/2020`` sets ``"pattern": "{kode}/{seq:03}/PEM/{tahun}"`` and the codes it
files under; nothing in a template changes. The codes shipped for the population-service letters are in
``forms/klasifikasi.toml`` (Permendagri 83/2022).
"""

from __future__ import annotations

from app.base.settings import Settings
from forms.classification import code_of
from forms.numbering import SCOPES, Scheme, check_pattern


def _section(settings: Settings | None) -> dict[str, object]:
    section = settings.extra.get("numbering") if settings is not None else None
    return section if isinstance(section, dict) else {}


def _text(mapping: object, key: str) -> str:
    value = mapping.get(key) if isinstance(mapping, dict) else None
    return value if isinstance(value, str) else ""


def scheme_for(form_id: str, template_pattern: str, settings: Settings | None) -> Scheme | None:
    """The numbering of template ``form_id``; None: its own ``template_pattern``, one sequence per pattern."""
    section = _section(settings)
    pattern = _text(section.get("patterns"), form_id) or _text(section, "pattern")
    scope = _text(section, "scope")
    if not pattern and not scope:
        return None
    pattern = pattern or template_pattern
    try:
        check_pattern(pattern)  # the schema refused a bad one already; a template's own is checked on load
    except ValueError:
        return None
    kode = _text(section.get("codes"), form_id) or code_of(form_id)
    return Scheme(pattern, kode, _text(section, "kode_desa"), scope if scope in SCOPES else SCOPES[0])
