"""Form templates: TOML files under ``forms/templates/``, loaded and checked before anything is printed.

A template is data so that an office can add or adjust a form without a programmer. It is written in
Indonesian (the paper's language) and carries the window's English beside each word the clerk reads on
screen: ``label_en``, ``hint_en``, ``pattern_message_en`` on a field, ``title_en`` on a section and on the
form. Paper always prints the Indonesian; a missing English word shows the Indonesian one. Every mistake in one
is reported with the file and the field it is in, because the person fixing it is reading the TOML, not
a traceback.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from reader.spelling import KTP_FIELDS

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"

FIELD_TYPES = ("text", "date", "choice", "checkbox", "number", "phone", "nik", "table", "multiline")
LAYOUTS = ("form", "letter", "overlay")
PAPERS = ("A4", "F4")

# Person fields the card carries (reader.spelling's) and the ones only the registry knows (the same names as
# app.registry.fields; a test keeps the two lists in step without forms/ importing app/).
CHIP_FIELDS = KTP_FIELDS
REGISTRY_FIELDS = (
    "nik", "nama", "jenis_kelamin", "tempat_lahir", "tanggal_lahir", "golongan_darah", "agama",
    "status_perkawinan", "tanggal_kawin", "no_akta_kawin", "tanggal_cerai", "no_akta_cerai", "pendidikan",
    "pekerjaan", "no_kk", "hubungan_keluarga", "alamat", "dusun", "rt", "rw", "kode_provinsi",
    "kode_kabupaten", "kode_kecamatan", "kode_kelurahan", "provinsi", "kabupaten", "kecamatan", "kelurahan",
    "nik_ayah", "nama_ayah", "nik_ibu", "nama_ibu", "no_akta_lahir", "status_ektp", "anggota_keluarga",
)
DERIVED = ("umur", "tempat_tanggal_lahir", "rt_rw", "tanggal_cetak", "nomor_surat", "alamat_lengkap")

ANY = "*"  # required_if without a value: whenever the other field is filled
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


class TemplateError(ValueError):
    """A template that cannot be used; the message names the file and the field."""

    def __init__(self, path: Path | str, where: str, problem: str) -> None:
        self.path, self.where, self.problem = str(path), where, problem
        name = Path(path).name
        super().__init__(f"{name}: {where}: {problem}" if where else f"{name}: {problem}")


COLUMN_TYPES = ("text", "nik", "date")


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: float = 1.0  # relative
    type: str = "text"  # "nik" and "date" cells are checked like fields of that type
    label_en: str = ""  # the screen's English


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    source: str  # "chip.nama", "registry.nama_ibu", "derived.umur" or "typed"
    type: str = "text"
    required: bool = False
    required_if: tuple[str, str] | None = None  # (other field, value or ANY): required only then
    choices: tuple[str, ...] = ()
    pattern: str = ""
    pattern_message: str = ""
    max_length: int = 0
    minimum: float | None = None
    maximum: float | None = None
    hint: str = ""  # printed small under the label, e.g. "sesuai KTP"
    label_en: str = ""  # the screen's English (the paper prints ``label``); "" = the Indonesian
    hint_en: str = ""
    pattern_message_en: str = ""
    upper: bool = False  # typed names and places are written in capitals, like the card
    wide: bool = False  # a whole row in a two-column section
    # The office's or the clerk's, not the citizen's (Satpas, the clerk's name and NIP): carried from the
    # settings or the last citizen to the next, never retyped. Only a typed field can be.
    office: bool = False
    columns: tuple[Column, ...] = ()  # for type "table"
    at: tuple[float, float] | None = None  # mm from the top-left corner, for pre-printed stock
    width_mm: float = 0.0
    # Pre-printed stock: a choice is an X in the box printed for it, and a NIK one digit per printed box.
    marks: tuple[tuple[str, tuple[float, float]], ...] = ()
    pitch_mm: float = 0.0

    @property
    def origin(self) -> str:
        return self.source.split(".", 1)[0]

    @property
    def source_name(self) -> str:
        return self.source.split(".", 1)[1] if "." in self.source else self.key


@dataclass(frozen=True)
class Section:
    title: str
    fields: tuple[Field, ...]
    columns: int = 1
    photo: bool = False  # the card photo goes beside this section
    # False: the fields only feed a letter's sentences or a form's signature blocks, and are not printed
    # as a block of their own (on pre-printed stock: not printed at all).
    listed: bool = True
    intro: str = ""  # letter: the sentence printed above this section's block ("mempunyai usaha:")
    title_en: str = ""  # the screen's English


@dataclass(frozen=True)
class Signature:
    title: str  # "Pasien / Penanggung Jawab"
    name_from: str = ""  # a field key, "office.<key>", or "" for a blank line to write on
    nip_from: str = ""  # the same, for the NIP printed under the name; "" = no NIP line
    dated: bool = False  # the place and date line goes above this block


@dataclass(frozen=True)
class Letter:
    number_pattern: str = ""
    opening: str = ""
    paragraphs: tuple[str, ...] = ()
    closing: str = ""


@dataclass(frozen=True)
class FormTemplate:
    id: str
    title: str
    path: Path
    layout: str = "form"
    paper: str = "A4"
    subtitle: str = ""
    office_kind: str = ""  # which letterhead from the office settings: "rsud", "satpas", "kecamatan"…
    sections: tuple[Section, ...] = ()
    signatures: tuple[Signature, ...] = ()
    letter: Letter = field(default_factory=Letter)
    notes: tuple[str, ...] = ()  # small print at the end of the form
    checks: tuple[str, ...] = ()  # named rules beyond per-field validation, e.g. "sim"
    background: str = ""  # overlay: scanned blank for the preview, never printed
    title_en: str = ""  # the screen's English
    # The letter seal (letter-seal.md): every letter carries it, a form when its template says ``seal = true``;
    # ``seal_fields`` names up to 3 more printed fields for the payload's ``x``, most important first.
    seal: bool = False
    seal_fields: tuple[str, ...] = ()

    @property
    def fields(self) -> tuple[Field, ...]:
        return tuple(f for s in self.sections for f in s.fields)

    def field(self, key: str) -> Field:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)


CHECKS = ("sim",)


def load_template(path: Path | str) -> FormTemplate:
    path = Path(path)
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(path, "", f"not valid TOML: {exc}") from None
    except OSError as exc:
        raise TemplateError(path, "", f"cannot be read: {exc.strerror}") from None
    return _template(path, data)


def load_all(directory: Path | str = TEMPLATE_DIR) -> dict[str, FormTemplate]:
    """Every template in the folder, by id; the first broken one raises."""
    out: dict[str, FormTemplate] = {}
    for path in sorted(Path(directory).glob("*.toml")):
        template = load_template(path)
        if template.id in out:
            raise TemplateError(path, "id", f"'{template.id}' is also used by {out[template.id].path.name}")
        out[template.id] = template
    return out


def find(form_id: str, directory: Path | str = TEMPLATE_DIR) -> FormTemplate:
    templates = load_all(directory)
    if form_id not in templates:
        raise KeyError(f"no form '{form_id}' (known: {', '.join(sorted(templates))})")
    return templates[form_id]


# --- validation -------------------------------------------------------------------------------------------


def _need(path: Path, obj: dict, key: str, where: str, kind: type = str) -> object:
    if key not in obj:
        raise TemplateError(path, where, f"'{key}' is missing")
    return _typed(path, obj, key, where, kind)


def _typed(path: Path, obj: dict, key: str, where: str, kind: type, default: object = None) -> object:
    value = obj.get(key, default)
    # bool is an int to Python but "required = 1" is a typo in a template, not a yes.
    if value is not None and (not isinstance(value, kind) or isinstance(value, bool) and kind is not bool):
        raise TemplateError(path, where, f"'{key}' must be {kind.__name__}, not {type(value).__name__}")
    return value


def _template(path: Path, data: dict) -> FormTemplate:
    def need(obj: dict, key: str, where: str, kind: type = str) -> object:
        return _need(path, obj, key, where, kind)

    def typed(obj: dict, key: str, where: str, kind: type, default: object = None) -> object:
        return _typed(path, obj, key, where, kind, default)

    form_id = str(need(data, "id", "id"))
    if not _KEY.match(form_id):
        raise TemplateError(path, "id", f"'{form_id}' must be lower-case letters, digits and _")
    layout = str(typed(data, "layout", "layout", str, "form"))
    if layout not in LAYOUTS:
        raise TemplateError(path, "layout", f"'{layout}' is not one of {', '.join(LAYOUTS)}")
    paper = str(typed(data, "paper", "paper", str, "A4")).upper()
    if paper not in PAPERS:
        raise TemplateError(path, "paper", f"'{paper}' is not one of {', '.join(PAPERS)}")

    sections: list[Section] = []
    seen: set[str] = set()
    for i, sec in enumerate(typed(data, "sections", "sections", list, []) or []):
        where = f"sections[{i}]"
        if not isinstance(sec, dict):
            raise TemplateError(path, where, "must be a table")
        fields = []
        for j, raw in enumerate(typed(sec, "fields", where, list, []) or []):
            f = _field(path, raw, f"{where}.fields[{j}]", layout)
            if f.key in seen:
                raise TemplateError(path, f"field '{f.key}'", "key is used twice")
            seen.add(f.key)
            fields.append(f)
        columns = int(typed(sec, "columns", where, int, 1) or 1)
        if columns not in (1, 2):
            raise TemplateError(path, where, "'columns' must be 1 or 2")
        sections.append(Section(str(typed(sec, "title", where, str, "")), tuple(fields), columns,
                                bool(typed(sec, "photo", where, bool, False)),
                                bool(typed(sec, "listed", where, bool, True)),
                                str(typed(sec, "intro", where, str, "")),
                                str(typed(sec, "title_en", where, str, ""))))
    if not sections:
        raise TemplateError(path, "sections", "a form needs at least one section with fields")

    for f in (f for s in sections for f in s.fields):
        if f.required_if and f.required_if[0] not in seen:
            raise TemplateError(path, f"field '{f.key}'",
                                f"required_if names unknown field '{f.required_if[0]}'")

    signatures = []
    for i, sig in enumerate(typed(data, "signatures", "signatures", list, []) or []):
        where = f"signatures[{i}]"
        refs = {}
        for ref in ("name_from", "nip_from"):
            refs[ref] = value = str(typed(sig, ref, where, str, ""))
            if value and not value.startswith("office.") and value not in seen:
                raise TemplateError(path, where, f"{ref} names unknown field '{value}'")
        signatures.append(Signature(str(need(sig, "title", where)), refs["name_from"], refs["nip_from"],
                                    bool(typed(sig, "dated", where, bool, False))))

    raw_letter = typed(data, "letter", "letter", dict, {}) or {}
    letter = Letter(
        str(typed(raw_letter, "number_pattern", "letter", str, "")),
        str(typed(raw_letter, "opening", "letter", str, "")),
        tuple(str(p) for p in typed(raw_letter, "paragraphs", "letter", list, []) or []),
        str(typed(raw_letter, "closing", "letter", str, "")),
    )
    if layout == "letter":
        from forms.numbering import check_pattern

        try:
            # Only the pattern's own names are allowed: a typo would otherwise print "{seq}" on paper.
            if letter.number_pattern:
                check_pattern(letter.number_pattern)
        except (KeyError, IndexError, ValueError) as exc:
            raise TemplateError(path, "letter.number_pattern", str(exc)) from None

    checks = tuple(str(c) for c in typed(data, "checks", "checks", list, []) or [])
    for c in checks:
        if c not in CHECKS:
            raise TemplateError(path, "checks", f"unknown check '{c}' (known: {', '.join(CHECKS)})")

    sealed = bool(typed(data, "seal", "seal", bool, layout == "letter"))
    if layout == "letter" and not sealed:
        raise TemplateError(path, "seal", "every letter is sealed (letter-seal.md); remove 'seal = false'")
    if layout == "overlay" and sealed:
        raise TemplateError(path, "seal", "pre-printed stock has no room kept for the seal's QR code")
    seal_fields = tuple(str(k) for k in typed(data, "seal_fields", "seal_fields", list, []) or [])
    if len(seal_fields) > 3 or (seal_fields and not sealed):
        raise TemplateError(path, "seal_fields", "up to 3 field keys, and only on a sealed template")
    for key in seal_fields:
        if key not in seen:
            raise TemplateError(path, "seal_fields", f"names unknown field '{key}'")

    return FormTemplate(
        id=form_id, title=str(need(data, "title", "title")), path=path, layout=layout, paper=paper,
        subtitle=str(typed(data, "subtitle", "subtitle", str, "")),
        office_kind=str(typed(data, "office", "office", str, "")),
        sections=tuple(sections), signatures=tuple(signatures), letter=letter,
        notes=tuple(str(n) for n in typed(data, "notes", "notes", list, []) or []), checks=checks,
        background=str(typed(data, "background", "background", str, "")),
        title_en=str(typed(data, "title_en", "title_en", str, "")), seal=sealed, seal_fields=seal_fields,
    )


def _field(path: Path, raw: object, where: str, layout: str) -> Field:
    if not isinstance(raw, dict):
        raise TemplateError(path, where, "must be a table")

    def need(obj: dict, key: str, where: str, kind: type = str) -> object:
        return _need(path, obj, key, where, kind)

    def typed(obj: dict, key: str, where: str, kind: type, default: object = None) -> object:
        return _typed(path, obj, key, where, kind, default)

    key = str(need(raw, "key", where))
    if not _KEY.match(key):
        raise TemplateError(path, where, f"key '{key}' must be lower-case letters, digits and _")
    where = f"field '{key}'"
    label = str(need(raw, "label", where))
    source = str(need(raw, "source", where))
    _check_source(path, where, source)
    ftype = str(typed(raw, "type", where, str, "text"))
    if ftype not in FIELD_TYPES:
        raise TemplateError(path, where, f"unknown type '{ftype}' (known: {', '.join(FIELD_TYPES)})")
    choices = tuple(str(c) for c in typed(raw, "choices", where, list, []) or [])
    if ftype == "choice" and not choices:
        raise TemplateError(path, where, "a choice field needs 'choices'")
    pattern = str(typed(raw, "pattern", where, str, ""))
    if pattern:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise TemplateError(path, where, f"pattern is not a valid regular expression: {exc}") from None
    required_if = None
    cond = typed(raw, "required_if", where, str, "")
    if cond:
        # "other=VALUE": required when the other field holds VALUE; "other" alone: when it is filled.
        other, sep, value = str(cond).partition("=")
        required_if = (other.strip(), value.strip() if sep else ANY)
    columns = []
    for i, col in enumerate(typed(raw, "columns", where, list, []) or []):
        if not isinstance(col, dict) or "key" not in col or "label" not in col:
            raise TemplateError(path, f"{where}.columns[{i}]", "needs 'key' and 'label'")
        ctype = str(col.get("type", "text"))
        if ctype not in COLUMN_TYPES:
            raise TemplateError(path, f"{where}.columns[{i}]",
                                f"unknown type '{ctype}' (known: {', '.join(COLUMN_TYPES)})")
        columns.append(Column(str(col["key"]), str(col["label"]), float(col.get("width", 1.0)), ctype,
                              str(col.get("label_en", ""))))
    if ftype == "table" and not columns:
        raise TemplateError(path, where, "a table field needs 'columns'")
    office = bool(typed(raw, "office", where, bool, False))
    if office and (source != "typed" or ftype == "table"):
        raise TemplateError(path, where, "only a typed field (not a table) can be an office field")
    at = typed(raw, "at", where, list, None)
    if layout == "overlay" and ftype == "table":
        raise TemplateError(path, where, "a table cannot be placed on pre-printed stock")
    if layout == "overlay" and at is None and "marks" not in raw:
        raise TemplateError(path, where, "a field on pre-printed stock needs 'at = [x_mm, y_mm]' or 'marks'")
    if at is not None and (len(at) != 2 or not all(isinstance(v, int | float) for v in at)):
        raise TemplateError(path, where, "'at' must be [x_mm, y_mm]")

    marks = []
    for choice, point in (typed(raw, "marks", where, dict, {}) or {}).items():
        if choice not in choices and not (ftype == "checkbox" and choice in ("YA", "TIDAK")):
            raise TemplateError(path, where, f"marks names '{choice}', which is not one of the choices")
        if not isinstance(point, list) or len(point) != 2 or not all(isinstance(v, int | float) for v in point):
            raise TemplateError(path, where, f"marks.{choice} must be [x_mm, y_mm]")
        marks.append((str(choice), (float(point[0]), float(point[1]))))

    def number(name: str) -> float | None:
        value = raw.get(name)
        if value is None:
            return None
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise TemplateError(path, where, f"'{name}' must be a number")
        return float(value)

    return Field(
        key=key, label=label, source=source, type=ftype,
        required=bool(typed(raw, "required", where, bool, False)),
        required_if=required_if, choices=choices, pattern=pattern,
        pattern_message=str(typed(raw, "pattern_message", where, str, "")),
        max_length=int(typed(raw, "max_length", where, int, 0) or 0),
        minimum=number("min"), maximum=number("max"),
        hint=str(typed(raw, "hint", where, str, "")),
        label_en=str(typed(raw, "label_en", where, str, "")),
        hint_en=str(typed(raw, "hint_en", where, str, "")),
        pattern_message_en=str(typed(raw, "pattern_message_en", where, str, "")),
        wide=bool(typed(raw, "wide", where, bool, False)),
        upper=bool(typed(raw, "upper", where, bool, False)), office=office,
        columns=tuple(columns), at=(float(at[0]), float(at[1])) if at else None,
        width_mm=float(number("width_mm") or 0.0), marks=tuple(marks),
        pitch_mm=float(number("pitch_mm") or 0.0),
    )


def _check_source(path: Path, where: str, source: str) -> None:
    if source == "typed":
        return
    origin, _, name = source.partition(".")
    known = {"chip": CHIP_FIELDS, "registry": REGISTRY_FIELDS, "derived": DERIVED}.get(origin)
    if known is None:
        raise TemplateError(path, where, f"source '{source}' must be typed, chip.*, registry.* or derived.*")
    if name not in known:
        raise TemplateError(path, where, f"source '{source}': {origin} has no '{name}'")
