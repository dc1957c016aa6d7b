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

from datetime import date

from app.base.clerktext import QT_TRANSLATE_NOOP
from app.base.settings import Settings
from forms.classification import code_of
from forms.numbering import SCOPES, LetterNumber, NumberingError, Scheme, check_pattern

MAIL_KINDS = ("masuk", "keluar")  # incoming, outgoing
DEFAULT_MAIL_PATTERN = "{kode}/{seq:03}/{kode_desa}/{bulan_romawi}/{tahun}"


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


def take_mail_number(kind: str, kode: str, settings: Settings, on: date | None = None) -> LetterNumber:
    """The next number of the office's one shared sequence (scope ``surat``) for a piece of incoming or
    outgoing mail the office registers by hand (``kind`` masuk/keluar, its classification ``kode``); in the
    register as ``surat_masuk``/``surat_keluar``, issued. NumberingError (the clerk's sentence) when the
    office does not share its sequence with mail, or when it numbers for several letterheads."""
    from app.storage.letters import block_offices, mark_letter, next_letter_number

    section = _section(settings)
    if _text(section, "scope") != "surat":
        raise NumberingError(QT_TRANSLATE_NOOP(
            "Core", "Nomor surat masuk/keluar diambil dari urutan bersama hanya bila pengaturan numbering.scope "
                    "bernilai \"surat\". Hubungi petugas IT."))
    offices = block_offices(settings)
    if len(offices) != 1:
        raise NumberingError(QT_TRANSLATE_NOOP(
            "Core", "Loket ini memberi nomor untuk lebih dari satu kop surat; isi storage.office agar surat "
                    "masuk/keluar memakai urutan yang benar. Hubungi petugas IT."))
    pattern = _text(section, "pattern") or DEFAULT_MAIL_PATTERN
    form_id = f"surat_{kind}"
    scheme = Scheme(pattern, kode, _text(section, "kode_desa"), "surat")
    number = next_letter_number(offices[0], pattern, on or date.today(), form_id=form_id, settings=settings,
                                scheme=scheme)
    mark_letter(str(number), "issued")
    return number
