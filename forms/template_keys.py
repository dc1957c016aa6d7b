"""Every key a form template may hold: its table, type, default, meaning and an example — the loader's schema.

``forms/template.py`` reads each table of a template through ``read()`` here, so a key is accepted only when it
is declared below, with the type, choices, length and place declared below; anything else is a load error
naming the file and the key (``choices`` on a text field, ``at`` on a letter, a typo such as ``requried``).
``docs/templates.md`` is generated from the same declarations (``python -m forms.template_keys`` prints it;
``tests/test_templates_doc.py`` keeps the file equal), so a key declared here is documented by regenerating
the page, and a key the loader reads without declaring it here cannot be read at all.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

LAYOUTS = ("form", "letter", "overlay")
PAPERS = ("A4", "F4")
FIELD_TYPES = ("text", "date", "choice", "checkbox", "number", "phone", "nik", "table", "multiline")
COLUMN_TYPES = ("text", "nik", "date")
CHECKS = ("sim",)
# What the clerk types and the paper prints as one value; pattern and max_length are checked on these.
_TYPED_TEXT = ("text", "multiline", "number", "phone", "nik")
# On the window's service list and in the report's legend: longer names widen the window or overflow the chart.
SERVICE_NAME_MAX = 32
LEGEND_NAME_MAX = 20


class TemplateError(ValueError):
    """A template that cannot be used; the message names the file and the field."""

    def __init__(self, path: Path | str, where: str, problem: str) -> None:
        self.path, self.where, self.problem = str(path), where, problem
        name = Path(path).name
        super().__init__(f"{name}: {where}: {problem}" if where else f"{name}: {problem}")


class _Required:
    def __repr__(self) -> str:
        return "required"


REQUIRED = _Required()


@dataclass(frozen=True)
class Key:
    name: str
    type: str  # one of KINDS: what the value must be
    # The value when the key is absent; REQUIRED; or a function of the template's layout (then say it in
    # default_doc, e.g. "true for a letter, else false").
    default: object
    meaning: str
    example: str  # a line of TOML as it appears in a template
    choices: tuple[object, ...] = ()  # the value (or each item of a list) must be one of these
    types: tuple[str, ...] = ()  # a field key only for these field types
    layouts: tuple[str, ...] = ()  # only in templates of these layouts
    max_length: int = 0  # text: at most this many characters
    minimum: float | None = None
    maximum: float | None = None
    upper: bool = False  # read in capitals ("f4" is F4)
    default_doc: str = ""  # the default in words, for a default that depends on the layout

    @property
    def required(self) -> bool:
        return self.default is REQUIRED


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_point(value: object) -> bool:
    return isinstance(value, list) and len(value) == 2 and all(_is_number(v) for v in value)


# The types a key may have, each with its check (bool is an int to Python, but "required = 1" is a typo).
KINDS = {
    "text": lambda v: isinstance(v, str),
    "true/false": lambda v: isinstance(v, bool),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": _is_number,
    "list of text": lambda v: isinstance(v, list) and all(isinstance(i, str) for i in v),
    "[x_mm, y_mm]": _is_point,
    "table": lambda v: isinstance(v, dict),
    "table of text": lambda v: isinstance(v, dict) and all(isinstance(i, str) for i in v.values()),
    "table of [x_mm, y_mm]": lambda v: isinstance(v, dict),  # each point is checked with the choices it names
    "list of tables": lambda v: isinstance(v, list) and all(isinstance(i, dict) for i in v),
}


@dataclass(frozen=True)
class Table:
    name: str  # how a template writes it: "[letter]", "[[sections]]"
    meaning: str
    keys: tuple[Key, ...]

    def key(self, name: str) -> Key | None:
        return next((k for k in self.keys if k.name == name), None)


FORM = Table("(top level)", "the form itself: one per file", (
    Key("id", "text", REQUIRED, "the form's id: lower-case letters, digits and `_`, unique among the templates; "
        "`loket fill ID`, the audit trail and the report use it", 'id = "surat_usaha"'),
    Key("title", "text", REQUIRED, "the title printed on the paper (Indonesian)", 'title = "SURAT KETERANGAN USAHA"'),
    Key("title_en", "text", "", "the title in the English window", 'title_en = "CERTIFICATE OF BUSINESS"'),
    Key("service_name", "text", "", "the service's short name in the window's service list and the Hari ini "
        f"list, at most {SERVICE_NAME_MAX} characters; empty = the title", 'service_name = "Surat Keterangan Usaha"',
        max_length=SERVICE_NAME_MAX),
    Key("service_name_en", "text", "", f"the same in English, at most {SERVICE_NAME_MAX} characters; empty = "
        "`title_en`", 'service_name_en = "Certificate of business"', max_length=SERVICE_NAME_MAX),
    Key("legend_name", "text", "", f"the service in the report's chart legend and tables, at most "
        f"{LEGEND_NAME_MAX} characters; empty = the title", 'legend_name = "Ket. usaha"',
        max_length=LEGEND_NAME_MAX),
    Key("legend_name_en", "text", "", f"the same in the English window, at most {LEGEND_NAME_MAX} characters",
        'legend_name_en = "Business cert."', max_length=LEGEND_NAME_MAX),
    Key("subtitle", "text", "", "a line under the title", 'subtitle = "Data diri diisi sesuai KTP-el"'),
    Key("office", "text", "", "which letterhead it prints under: `forms.offices.<office>` in the settings",
        'office = "kelurahan"'),
    Key("layout", "text", "form", "`form` (boxes to fill), `letter` (a numbered letter in sentences) or "
        "`overlay` (values printed onto pre-printed stock)", 'layout = "letter"', choices=LAYOUTS),
    Key("paper", "text", "A4", "the paper it prints on (the clerk may override it)", 'paper = "F4"',
        choices=PAPERS, upper=True),
    Key("notes", "list of text", [], "small print at the end of the form",
        'notes = ["Bawa KTP-el asli saat pengambilan."]'),
    Key("checks", "list of text", [], "named rules beyond each field's own checks (`sim`: age and licence class, "
        "forms/sim.py)", 'checks = ["sim"]', choices=CHECKS),
    Key("background", "text", "", "the scanned blank of the pre-printed stock, beside the template: drawn in the "
        "preview, never printed", 'background = "rsud_rm1_blank.png"', layouts=("overlay",)),
    Key("seal", "true/false", lambda layout: layout == "letter", "the letter seal (letter-seal.md): a QR code "
        "under the signature with the letter's data, signed by the office; every letter has it (`false` is an "
        "error there), a form when it says so, pre-printed stock never", "seal = true",
        default_doc="`true` for a letter, else `false`"),
    Key("seal_fields", "list of text", [], "up to 3 more field keys the seal carries (its `x`), most important "
        "first; only on a sealed template", 'seal_fields = ["nama_usaha", "keperluan"]'),
    Key("sections", "list of tables", [], "the form's blocks of fields, in order, at least one (see `[[sections]]`)",
        "[[sections]]"),
    Key("signatures", "list of tables", [], "the signature blocks at the end (see `[[signatures]]`)",
        "[[signatures]]"),
    Key("letter", "table", {}, "the letter's number and sentences (see `[letter]`)", "[letter]",
        layouts=("letter",)),
    Key("sample", "table", {}, "a valid filling for the simulators and the tests (see `[sample]`)", "[sample]"),
))

SECTION = Table("[[sections]]", "a block of fields with a title", (
    Key("title", "text", "", "the block's heading on paper and on screen", 'title = "DATA PASIEN"'),
    Key("title_en", "text", "", "the heading in the English window", 'title_en = "PATIENT"'),
    Key("columns", "integer", 1, "1 or 2 columns of fields", "columns = 2", choices=(1, 2)),
    Key("photo", "true/false", False, "the chip photo goes beside this block", "photo = true"),
    Key("listed", "true/false", True, "false: the fields only feed the letter's sentences or the signatures and "
        "are not printed as a block of their own", "listed = false"),
    Key("intro", "text", "", "the sentence printed above the block (placeholders as in `[letter]`)",
        'intro = "Orang tersebut di atas benar mempunyai usaha sebagai berikut:"'),
    Key("fields", "list of tables", [], "the block's fields (see `[[sections.fields]]`)", "[[sections.fields]]"),
))

FIELD = Table("[[sections.fields]]", "one value on the form: from the chip, the registry, derived, or typed", (
    Key("key", "text", REQUIRED, "the field's name: lower-case letters, digits and `_`, unique in the form; "
        "`--set KEY=…` and `{KEY}` in sentences use it", 'key = "nama_usaha"'),
    Key("label", "text", REQUIRED, "the label on paper and on screen (Indonesian)", 'label = "Nama Usaha"'),
    Key("label_en", "text", "", "the label in the English window", 'label_en = "Business name"'),
    Key("source", "text", REQUIRED, "where the value comes from: `typed` (the clerk), `chip.NAME` (the merged "
        "record: the registry's value where it answered, else the chip's), `registry.NAME` (only the registry "
        "knows it: `no_kk`, `nama_ibu`…) or `derived.NAME` (`umur`, `tempat_tanggal_lahir`, `rt_rw`, "
        "`tanggal_cetak`, `nomor_surat`, `alamat_lengkap`)", 'source = "chip.nama"'),
    Key("type", "text", "text", "how it is typed and checked", 'type = "choice"', choices=FIELD_TYPES),
    Key("required", "true/false", False, "the form does not print without it", "required = true"),
    Key("required_if", "text", "", "required only when another field holds a value (`other=VALUE`) or is "
        "filled (`other`)", 'required_if = "cara_bayar=BPJS"'),
    Key("choices", "list of text", [], "the values a choice field offers (required for one)",
        'choices = ["UMUM", "BPJS"]', types=("choice",)),
    Key("pattern", "text", "", "a regular expression the whole typed value must match",
        r'pattern = "^\\d{13}$"', types=_TYPED_TEXT),
    Key("pattern_message", "text", "", "the clerk's sentence when the pattern does not match",
        'pattern_message = "No. BPJS harus 13 digit angka."', types=_TYPED_TEXT),
    Key("pattern_message_en", "text", "", "the same in the English window",
        'pattern_message_en = "The BPJS number must be 13 digits."', types=_TYPED_TEXT),
    Key("max_length", "integer", 0, "at most this many characters (0: no limit); with `pitch_mm`, also the boxes "
        "drawn on a generated blank (forms/blank.py)", "max_length = 16", types=_TYPED_TEXT, minimum=0),
    Key("min", "number", None, "the smallest number accepted", "min = 0", types=("number",)),
    Key("max", "number", None, "the largest number accepted", "max = 300", types=("number",)),
    Key("hint", "text", "", "printed small under the label, and shown beside the box", 'hint = "sesuai KTP"'),
    Key("hint_en", "text", "", "the hint in the English window", 'hint_en = "as on the KTP"'),
    Key("upper", "true/false", False, "typed text is written in capitals, like the card", "upper = true",
        types=("text", "multiline")),
    Key("wide", "true/false", False, "a whole row in a two-column block", "wide = true"),
    Key("office", "true/false", False, "the office's or the clerk's value (Satpas, the clerk's name): carried to "
        "the next citizen, never retyped; only for a typed field", "office = true"),
    Key("columns", "list of tables", [], "the columns of a table field (see `[[sections.fields.columns]]`)",
        "[[sections.fields.columns]]", types=("table",)),
    Key("at", "[x_mm, y_mm]", None, "where the value is printed on pre-printed stock, mm from the top-left corner",
        "at = [62, 72]", layouts=("overlay",)),
    Key("width_mm", "number", 0.0, "the room it has on pre-printed stock: longer text is made smaller, then cut",
        "width_mm = 133", layouts=("overlay",)),
    Key("marks", "table of [x_mm, y_mm]", {}, "pre-printed stock: for each choice (or YA/TIDAK of a checkbox), "
        "where its X goes", 'marks = { "UMUM" = [40, 120], "BPJS" = [70, 120] }', types=("choice", "checkbox"),
        layouts=("overlay",)),
    Key("pitch_mm", "number", 0.0, "pre-printed stock with one box per character: the boxes' pitch",
        "pitch_mm = 6.5", types=_TYPED_TEXT, layouts=("overlay",)),
))

COLUMN = Table("[[sections.fields.columns]]", "a column of a table field (family members…)", (
    Key("key", "text", REQUIRED, "the column's name", 'key = "nik"'),
    Key("label", "text", REQUIRED, "its heading on paper", 'label = "NIK"'),
    Key("label_en", "text", "", "its heading in the English window", 'label_en = "NIK"'),
    Key("width", "number", 1.0, "its width relative to the other columns", "width = 2.2"),
    Key("type", "text", "text", "`nik` and `date` cells are checked as such", 'type = "nik"', choices=COLUMN_TYPES),
))

SIGNATURE = Table("[[signatures]]", "a signature block at the end of the form or letter", (
    Key("title", "text", REQUIRED, "who signs", 'title = "Pasien / Penanggung Jawab"'),
    Key("name_from", "text", "", "a field key or `office.<key>` for the name under the line; empty = a blank "
        "line to write on", 'name_from = "office.signer_name"'),
    Key("nip_from", "text", "", "the same for the NIP line under the name; empty = no NIP line",
        'nip_from = "office.signer_nip"'),
    Key("dated", "true/false", False, "the place and date line goes above this block", "dated = true"),
))

LETTER = Table("[letter]", "a letter's number and sentences (layout `letter` only); sentences take `{field_key}` "
               "and `{office.<key>}` placeholders", (
    Key("number_pattern", "text", "", "the letter number: `{seq}`, `{roman_month}`, `{month}`, `{year}`, "
        "`{office}`", 'number_pattern = "503/{seq}/SKU/{roman_month}/{year}"'),
    Key("opening", "text", "", "the sentence before the person's block",
        'opening = "Yang bertanda tangan di bawah ini {office.signer_title}, menerangkan bahwa:"'),
    Key("paragraphs", "list of text", [], "the sentences after the blocks",
        'paragraphs = ["Surat keterangan ini diberikan untuk keperluan: {keperluan}."]'),
    Key("closing", "text", "", "the closing sentence",
        'closing = "Demikian surat keterangan ini dibuat dengan sebenarnya."'),
))

SAMPLE = Table("[sample]", "a valid filling of the form: the simulated office day types it, and the tests print "
               "the form with it for a simulated citizen", (
    Key("person", "integer", 0, "which simulated citizen (`loket fill --demo --person N`) it suits",
        "person = 4", minimum=0, maximum=9),
    Key("values", "table of text", {}, "what the clerk types (or corrects): each key a field of this form",
        'values = { nama_usaha = "WARUNG MAKAN", keperluan = "Pengajuan KUR" }'),
    Key("share", "number", 0.0, "its share of the visits of a simulated office day (`app/sim/simday.py`); 0 = "
        "not in the simulated day", "share = 0.14", minimum=0.0, maximum=1.0),
))

TABLES: dict[str, Table] = {"form": FORM, "section": SECTION, "field": FIELD, "column": COLUMN,
                            "signature": SIGNATURE, "letter": LETTER, "sample": SAMPLE}


def read(path: Path, table: str, obj: Mapping[str, object], where: str, *, layout: str = "") -> dict[str, object]:
    """The table's values, each key declared, typed and in its place, defaults filled in; else TemplateError."""
    spec = TABLES[table]
    out: dict[str, object] = {}
    for key in spec.keys:
        if key.name not in obj:
            if key.required:
                raise TemplateError(path, where, f"'{key.name}' is missing")
            out[key.name] = key.default(layout) if callable(key.default) else _fresh(key.default)
            continue
        value = obj[key.name]
        if key.upper and isinstance(value, str):
            value = value.upper()
        if not KINDS[key.type](value):
            raise TemplateError(path, where, f"'{key.name}' must be {key.type}, not {_kind_of(value)}")
        for item in value if isinstance(value, list) else [value]:
            if key.choices and item not in key.choices:
                raise TemplateError(path, where, f"unknown {key.name} {item!r} (known: "
                                                 f"{', '.join(str(c) for c in key.choices)})")
        if key.max_length and isinstance(value, str) and len(value) > key.max_length:
            raise TemplateError(path, where, f"'{key.name}' is {len(value)} characters long, at most "
                                             f"{key.max_length}")
        if _is_number(value) and (key.minimum is not None and value < key.minimum
                                  or key.maximum is not None and value > key.maximum):
            raise TemplateError(path, where, f"'{key.name}' = {value} is outside {key.minimum}–{key.maximum}")
        out[key.name] = value
    ftype = out.get("type") if table == "field" else None
    for name in obj:
        key = spec.key(name)
        if key is None:
            raise TemplateError(path, where, f"unknown key '{name}' ({spec.name} takes "
                                             f"{', '.join(k.name for k in spec.keys)}; docs/templates.md)")
        if key.types and ftype not in key.types:
            raise TemplateError(path, where, f"'{name}' is only for fields of type {', '.join(key.types)}, "
                                             f"not {ftype}")
        if key.layouts and layout not in key.layouts:
            raise TemplateError(path, where, f"'{name}' is only for layout {', '.join(key.layouts)}, not {layout}")
    return out


def _fresh(default: object) -> object:
    return type(default)() if isinstance(default, list | dict) else default


def _kind_of(value: object) -> str:
    return {bool: "true/false", int: "integer", float: "number", str: "text", list: "a list",
            dict: "a table"}.get(type(value), type(value).__name__)


# --- docs/templates.md ----------------------------------------------------------------------------------------

INTRO = """\
# Form templates: every key

A form or letter is one TOML file in `forms/templates/` (data, not code): `loket forms` lists them, the window
offers each as a service (not yet the pre-printed `overlay` ones), and the report, the simulated office day and
the tests take its names and its `[sample]` from it. This page lists every key the loader (`forms/template.py`) accepts;
it is generated from the loader's own declarations (`forms/template_keys.py`):

    .venv/bin/python -m forms.template_keys > docs/templates.md

and `tests/test_templates_doc.py` fails while it differs. A key not listed here, a key in the wrong place
(`choices` on a text field, `at` on a letter) or a value of the wrong type stops the template from loading, with
the file and the key named: `loket forms` says it, and the window keeps reading cards (offering no form until
the file is fixed).

Paper always prints the Indonesian; each word the screen shows has its English beside it (`label_en`,
`hint_en`, `pattern_message_en`, `title_en`, `service_name_en`, `legend_name_en`): a test fails when one is
missing. A new letter is this one file and its `[sample]`; the checklist is in `docs/architecture.md`.
"""


def _cell(value: object) -> str:
    if value is REQUIRED:
        return "**required**"
    if value is None:
        return "—"
    if isinstance(value, str):
        return f'`"{value}"`'
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, list | dict) and not value:
        return "`[]`" if isinstance(value, list) else "`{}`"
    return f"`{value}`"


def _where(key: Key) -> str:
    parts = []
    if key.types:
        parts.append("type " + ", ".join(f"`{t}`" for t in key.types))
    if key.layouts:
        parts.append("layout " + ", ".join(f"`{t}`" for t in key.layouts))
    return " · ".join(parts) or "any"


def _type(key: Key) -> str:
    if key.choices:
        return "one of " + ", ".join(f"`{c}`" for c in key.choices) + (" (a list)" if key.type.startswith("list")
                                                                      else "")
    return key.type


def markdown() -> str:
    out = [INTRO]
    for spec in TABLES.values():
        out.append(f"## `{spec.name}`\n\n{spec.meaning[0].upper()}{spec.meaning[1:]}.\n")
        out.append("| key | type | default | only on | meaning | example |")
        out.append("|---|---|---|---|---|---|")
        for key in spec.keys:
            example = key.example.replace("|", "\\|")
            default = key.default_doc or _cell(key.default)
            out.append(f"| `{key.name}` | {_type(key)} | {default} | {_where(key)} | {key.meaning} | "
                       f"`{example}` |")
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    print(markdown(), end="")
