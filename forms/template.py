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

from forms.files import NotRegular, read_regular_text
from forms.template_keys import (  # noqa: F401 - the template's vocabulary, re-exported for its callers
    CHECKS,
    COLUMN_TYPES,
    FIELD_TYPES,
    LAYOUTS,
    PAPERS,
    TemplateError,
    read,
)
from reader.spelling import KTP_FIELDS

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"

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
class Sample:
    """A valid filling: who it suits, what the clerk types, and its share of a simulated office day."""

    person: int = 0
    values: tuple[tuple[str, str], ...] = ()
    share: float = 0.0


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
    # Short names (forms/template_keys.py: length checked at load): the window's service list, the report's legend.
    service_name: str = ""
    service_name_en: str = ""
    legend_name: str = ""
    legend_name_en: str = ""
    sample: Sample = field(default_factory=Sample)
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


MAX_TEMPLATE_BYTES = 1 << 20  # the shipped ones are under 10 KB


def load_template(path: Path | str) -> FormTemplate:
    path = Path(path)
    try:
        # A regular file only, bounded (forms/files.py): a FIFO would hang the window's start, a device never end.
        data = tomllib.loads(read_regular_text(path, MAX_TEMPLATE_BYTES))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise TemplateError(path, "", f"not valid TOML: {exc}") from None
    except NotRegular as exc:
        raise TemplateError(path, "", f"is not a usable file: {exc.kind}") from None
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


def _template(path: Path, data: dict) -> FormTemplate:
    layout = data.get("layout", "form")
    top = read(path, "form", data, "", layout=layout if isinstance(layout, str) else "")
    form_id = str(top["id"])
    if not _KEY.match(form_id):
        raise TemplateError(path, "id", f"'{form_id}' must be lower-case letters, digits and _")
    layout, paper = str(top["layout"]), str(top["paper"])

    sections: list[Section] = []
    seen: set[str] = set()
    for i, raw_section in enumerate(top["sections"]):  # type: ignore[union-attr]
        sec = read(path, "section", raw_section, f"sections[{i}]", layout=layout)
        fields = []
        for j, raw in enumerate(sec["fields"]):  # type: ignore[union-attr]
            f = _field(path, raw, f"sections[{i}].fields[{j}]", layout)
            if f.key in seen:
                raise TemplateError(path, f"field '{f.key}'", "key is used twice")
            seen.add(f.key)
            fields.append(f)
        sections.append(Section(str(sec["title"]), tuple(fields), int(sec["columns"]),  # type: ignore[call-overload]
                                bool(sec["photo"]), bool(sec["listed"]), str(sec["intro"]), str(sec["title_en"])))
    if not sections:
        raise TemplateError(path, "sections", "a form needs at least one section with fields")

    for f in (f for s in sections for f in s.fields):
        if f.required_if and f.required_if[0] not in seen:
            raise TemplateError(path, f"field '{f.key}'",
                                f"required_if names unknown field '{f.required_if[0]}'")

    signatures = []
    for i, raw_signature in enumerate(top["signatures"]):  # type: ignore[union-attr]
        where = f"signatures[{i}]"
        sig = read(path, "signature", raw_signature, where, layout=layout)
        for ref in ("name_from", "nip_from"):
            value = str(sig[ref])
            if value and not value.startswith("office.") and value not in seen:
                raise TemplateError(path, where, f"{ref} names unknown field '{value}'")
        signatures.append(Signature(str(sig["title"]), str(sig["name_from"]), str(sig["nip_from"]),
                                    bool(sig["dated"])))

    raw_letter = read(path, "letter", top["letter"], "letter", layout=layout)  # type: ignore[arg-type]
    letter = Letter(str(raw_letter["number_pattern"]), str(raw_letter["opening"]),
                    tuple(raw_letter["paragraphs"]), str(raw_letter["closing"]))  # type: ignore[arg-type]
    if layout == "letter":
        from forms.numbering import check_pattern

        try:
            # Only the pattern's own names are allowed: a typo would otherwise print "{seq}" on paper.
            if letter.number_pattern:
                check_pattern(letter.number_pattern)
        except (KeyError, IndexError, ValueError) as exc:
            raise TemplateError(path, "letter.number_pattern", str(exc)) from None

    raw_sample = read(path, "sample", top["sample"], "sample", layout=layout)  # type: ignore[arg-type]
    typed_keys = seen
    for key in raw_sample["values"]:  # type: ignore[union-attr]
        if key not in typed_keys:
            raise TemplateError(path, f"sample.values.{key}", "is not a field of this form")
    sample = Sample(int(raw_sample["person"]), tuple(raw_sample["values"].items()),  # type: ignore[call-overload,union-attr]
                    float(raw_sample["share"]))  # type: ignore[arg-type]

    sealed = bool(top["seal"])
    if layout == "letter" and not sealed:
        raise TemplateError(path, "seal", "every letter is sealed (letter-seal.md); remove 'seal = false'")
    if layout == "overlay" and sealed:
        raise TemplateError(path, "seal", "pre-printed stock has no room kept for the seal's QR code")
    seal_fields = tuple(str(k) for k in top["seal_fields"])  # type: ignore[union-attr]
    if len(seal_fields) > 3 or (seal_fields and not sealed):
        raise TemplateError(path, "seal_fields", "up to 3 field keys, and only on a sealed template")
    for key in seal_fields:
        if key not in seen:
            raise TemplateError(path, "seal_fields", f"names unknown field '{key}'")

    return FormTemplate(
        id=form_id, title=str(top["title"]), path=path, layout=layout, paper=paper,
        subtitle=str(top["subtitle"]), office_kind=str(top["office"]),
        sections=tuple(sections), signatures=tuple(signatures), letter=letter,
        notes=tuple(top["notes"]), checks=tuple(top["checks"]),  # type: ignore[arg-type]
        background=str(top["background"]), title_en=str(top["title_en"]),
        service_name=str(top["service_name"]), service_name_en=str(top["service_name_en"]),
        legend_name=str(top["legend_name"]), legend_name_en=str(top["legend_name_en"]), sample=sample,
        seal=sealed, seal_fields=seal_fields,
    )


def _field(path: Path, raw: object, where: str, layout: str) -> Field:
    if not isinstance(raw, dict):
        raise TemplateError(path, where, "must be a table")
    if isinstance(raw.get("key"), str):
        where = f"field '{raw['key']}'"
    spec = read(path, "field", raw, where, layout=layout)
    key, source, ftype = str(spec["key"]), str(spec["source"]), str(spec["type"])
    if not _KEY.match(key):
        raise TemplateError(path, where, f"key '{key}' must be lower-case letters, digits and _")
    _check_source(path, where, source)
    choices = tuple(spec["choices"])  # type: ignore[arg-type]
    if ftype == "choice" and not choices:
        raise TemplateError(path, where, "a choice field needs 'choices'")
    pattern = str(spec["pattern"])
    if pattern:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise TemplateError(path, where, f"pattern is not a valid regular expression: {exc}") from None
    required_if = None
    cond = str(spec["required_if"])
    if cond:
        # "other=VALUE": required when the other field holds VALUE; "other" alone: when it is filled.
        other, sep, value = cond.partition("=")
        required_if = (other.strip(), value.strip() if sep else ANY)
    columns = []
    for i, raw_column in enumerate(spec["columns"]):  # type: ignore[union-attr]
        col = read(path, "column", raw_column, f"{where}.columns[{i}]", layout=layout)
        columns.append(Column(str(col["key"]), str(col["label"]), float(col["width"]),  # type: ignore[arg-type]
                              str(col["type"]), str(col["label_en"])))
    if ftype == "table" and not columns:
        raise TemplateError(path, where, "a table field needs 'columns'")
    office = bool(spec["office"])
    if office and (source != "typed" or ftype == "table"):
        raise TemplateError(path, where, "only a typed field (not a table) can be an office field")
    at = spec["at"]
    if layout == "overlay" and ftype == "table":
        raise TemplateError(path, where, "a table cannot be placed on pre-printed stock")
    if layout == "overlay" and at is None and "marks" not in raw:
        raise TemplateError(path, where, "a field on pre-printed stock needs 'at = [x_mm, y_mm]' or 'marks'")

    marks = []
    for choice, point in spec["marks"].items():  # type: ignore[union-attr]
        if choice not in choices and not (ftype == "checkbox" and choice in ("YA", "TIDAK")):
            raise TemplateError(path, where, f"marks names '{choice}', which is not one of the choices")
        if not isinstance(point, list) or len(point) != 2 or not all(isinstance(v, int | float) for v in point):
            raise TemplateError(path, where, f"marks.{choice} must be [x_mm, y_mm]")
        marks.append((str(choice), (float(point[0]), float(point[1]))))

    def number(name: str) -> float | None:
        value = spec[name]
        return None if value is None else float(value)  # type: ignore[arg-type]

    return Field(
        key=key, label=str(spec["label"]), source=source, type=ftype, required=bool(spec["required"]),
        required_if=required_if, choices=choices, pattern=pattern,
        pattern_message=str(spec["pattern_message"]), max_length=int(spec["max_length"]),  # type: ignore[call-overload]
        minimum=number("min"), maximum=number("max"), hint=str(spec["hint"]),
        label_en=str(spec["label_en"]), hint_en=str(spec["hint_en"]),
        pattern_message_en=str(spec["pattern_message_en"]), wide=bool(spec["wide"]), upper=bool(spec["upper"]),
        office=office, columns=tuple(columns),
        at=(float(at[0]), float(at[1])) if at else None,  # type: ignore[index]
        width_mm=float(number("width_mm") or 0.0), marks=tuple(marks), pitch_mm=float(number("pitch_mm") or 0.0),
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
