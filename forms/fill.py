"""Fill a template: resolve each field from its source, apply the paper conventions, and validate.

The input is plain: ``person`` holds the person's values by field name as the caller chose them (for a
field the chip and the registry disagree on, one value, never both), ``typed`` what the clerk entered by
field key. A typed value always wins: it is the clerk correcting or completing the record.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from forms import sim
from forms.template import ANY, Field, FormTemplate
from forms.values import (
    QT_TRANSLATE_NOOP,
    agama,
    age_on,
    berlaku_hingga,
    nik_problem,
    parse_date,
    phone_problem,
    rt_rw,
    tanggal,
)

Row = dict[str, str]
Resolved = str | bool | list[Row]


_YES = {"ya", "y", "yes", "1", "true", "x", "v", "benar"}
_NO = {"tidak", "t", "no", "n", "0", "false", ""}


@dataclass(frozen=True)
class Problem:
    key: str  # the field the GUI shows it next to
    message: str  # Indonesian, one sentence the clerk can act on


@dataclass
class FilledForm:
    template: FormTemplate
    values: dict[str, Resolved]  # display-ready: strings as printed, bools for checkboxes, rows for tables
    problems: list[Problem] = field(default_factory=list)
    today: date = field(default_factory=date.today)
    typed_keys: set[str] = field(default_factory=set)  # fields whose value the clerk entered
    # Fields the chip or the registry had a value for, replaced by what the clerk entered: never silent.
    overridden: set[str] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return not self.problems

    def counts(self) -> dict[str, object]:
        """How many filled fields came from the sources (chip, registry, derived) and how many were typed:
        the office report's estimate of typing saved; and which source values the clerk replaced."""
        filled = {k for k, v in self.values.items() if _present(v)}
        out: dict[str, object] = {"prefilled": len(filled - self.typed_keys), "typed": len(filled & self.typed_keys)}
        if self.overridden:
            out["overridden"] = sorted(self.overridden)
        return out

    def problem_for(self, key: str) -> list[str]:
        return [p.message for p in self.problems if p.key == key]


def fill(
    template: FormTemplate,
    person: Mapping[str, object],
    typed: Mapping[str, object] | None = None,
    today: date | None = None,
    nomor_surat: str = "",
) -> FilledForm:
    typed = typed or {}
    today = today or date.today()
    unknown = sorted(set(typed) - {f.key for f in template.fields})
    out = FilledForm(template, {}, [], today)
    for key in unknown:
        unknown_field = QT_TRANSLATE_NOOP("Core", "Isian '{key}' tidak ada di formulir {form}.")
        out.problems.append(Problem(key, unknown_field.format(key=key, form=template.title)))
    derived = _derived(person, today, nomor_surat)
    for f in template.fields:
        raw = typed.get(f.key)
        from_clerk = _present(raw)
        if from_clerk:
            out.typed_keys.add(f.key)
            source = _from_source(f, person, derived)
            if f.origin in ("chip", "registry") and _present(source) and str(source).strip() != str(raw).strip():
                out.overridden.add(f.key)
        else:
            raw = _from_source(f, person, derived)
        value, problem = _convert(f, raw, from_clerk)
        out.values[f.key] = value
        if problem:
            out.problems.append(Problem(f.key, problem))
    for f in template.fields:
        if _required(f, out.values) and not _present(out.values[f.key]) and not out.problem_for(f.key):
            out.problems.append(Problem(f.key, QT_TRANSLATE_NOOP("Core", "{label} wajib diisi.").format(label=f.label)))
    if "sim" in template.checks:
        out.problems.extend(_sim_problems(out.values, person, typed, today))
    return out


def _present(value: object) -> bool:
    if value is None or value is False:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | tuple):
        return bool(value)
    return True


def _required(f: Field, values: Mapping[str, Resolved]) -> bool:
    if f.required:
        return True
    if f.required_if:
        other, wanted = f.required_if
        if wanted == ANY:
            return _present(values.get(other))
        return str(values.get(other, "")).upper() == wanted.upper()
    return False


def _derived(person: Mapping[str, object], today: date, nomor_surat: str) -> dict[str, str]:
    born = person.get("tanggal_lahir")
    born = born if isinstance(born, date) else parse_date(str(born or ""))
    place = str(person.get("tempat_lahir") or "")
    rt, rw = rt_rw(str(person.get("rt") or "")), rt_rw(str(person.get("rw") or ""))
    parts = [str(person.get("alamat") or "")]
    if rt or rw:
        parts[0] += f" RT {rt or '-'}/RW {rw or '-'}"
    for prefix, name in (("KEL.", "kelurahan"), ("KEC.", "kecamatan"), ("", "kabupaten"), ("", "provinsi")):
        if person.get(name):
            parts.append(f"{prefix} {person[name]}".strip())
    return {
        "umur": f"{age_on(born, today)} tahun" if born else "",
        "tempat_tanggal_lahir": ", ".join(p for p in (place, tanggal(born) if born else "") if p),
        "rt_rw": f"{rt}/{rw}" if rt or rw else "",
        "tanggal_cetak": tanggal(today),
        "nomor_surat": nomor_surat,
        "alamat_lengkap": ", ".join(p for p in parts if p),
    }


def _from_source(f: Field, person: Mapping[str, object], derived: Mapping[str, str]) -> object:
    if f.origin == "typed":
        return None
    if f.origin == "derived":
        return derived.get(f.source_name, "")
    value = person.get(f.source_name)
    return as_printed(f.source_name, value) if isinstance(value, str) else value


def as_printed(name: str, value: str) -> str:
    """A person's text field as paper writes it ("BUDHA" → "BUDDHA", RT "7" → "007"); the window shows
    the same (app.letters.catalog.person_value), so the clerk never checks one value and prints another."""
    if name in ("rt", "rw"):
        return rt_rw(value)
    if name == "agama":
        return agama(value)
    if name == "berlaku_hingga":
        return berlaku_hingga(value)
    return value


def _convert(f: Field, raw: object, from_clerk: bool) -> tuple[Resolved, str | None]:
    """The printed value and, when the input is not acceptable, why (the raw text is kept for the GUI)."""
    if f.type == "checkbox":
        if isinstance(raw, bool):
            return raw, None
        text = str(raw or "").strip().casefold()
        if text in _YES:
            return True, None
        if text in _NO:
            return False, None
        return False, QT_TRANSLATE_NOOP("Core", "{label}: jawab ya atau tidak.").format(label=f.label)
    if f.type == "table":
        return _rows(f, raw)
    if raw is None:
        return "", None
    if isinstance(raw, date):
        return tanggal(raw), None
    text = " ".join(str(raw).split()) if f.type != "multiline" else str(raw).strip()
    if not text:
        return "", None
    if f.upper or (from_clerk and f.origin in ("chip", "registry")):
        # A correction to a card field is written the way the card writes it.
        text = text.upper()
    if f.type == "date":
        parsed = parse_date(text)
        if parsed is None:
            return text, QT_TRANSLATE_NOOP("Core", "{label}: tanggal tidak sah; tulis seperti 23-11-2026.").format(
                label=f.label)
        return tanggal(parsed), None
    if f.type == "choice":
        for choice in f.choices:
            if choice.casefold() == text.casefold():
                return choice, None
        return text, QT_TRANSLATE_NOOP("Core", "{label}: pilih salah satu dari {choices}.").format(
            label=f.label, choices=", ".join(f.choices))
    if f.type == "number":
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            return text, QT_TRANSLATE_NOOP("Core", "{label}: harus berupa angka.").format(label=f.label)
        if f.minimum is not None and number < f.minimum or f.maximum is not None and number > f.maximum:
            return text, QT_TRANSLATE_NOOP("Core", "{label}: angka di luar batas wajar ({minimum}–{maximum}).").format(
                label=f.label, minimum=_num(f.minimum), maximum=_num(f.maximum))
        text = _num(number)
    if f.type == "phone":
        problem = phone_problem(text)
        if problem:
            return text, QT_TRANSLATE_NOOP("Core", "{label}: {problem}").format(label=f.label, problem=problem)
    if f.type == "nik":
        text = re.sub(r"\s", "", text)
        problem = nik_problem(text)
        if problem:
            return text, QT_TRANSLATE_NOOP("Core", "{label}: {problem}").format(label=f.label, problem=problem)
    if f.pattern and not re.fullmatch(f.pattern, text):
        return text, f.pattern_message or QT_TRANSLATE_NOOP("Core", "{label}: isian tidak sesuai format.").format(
            label=f.label)
    if f.max_length and len(text) > f.max_length:
        return text, QT_TRANSLATE_NOOP("Core", "{label}: terlalu panjang (paling banyak {count} huruf).").format(
            label=f.label, count=f.max_length)
    return text, None


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if value == int(value) else str(value).replace(".", ",")


def _rows(f: Field, raw: object) -> tuple[list[Row], str | None]:
    """A table from the registry (a list of mappings) or typed as ``A|B|C; A|B|C``."""
    keys = [c.key for c in f.columns]
    if raw is None or raw == "":
        return [], None
    if isinstance(raw, str):
        rows = []
        for line in (part for part in re.split(r"[;\n]", raw) if part.strip()):
            cells = [" ".join(c.split()).upper() for c in line.split("|")]
            if len(cells) > len(keys):
                return [], QT_TRANSLATE_NOOP(
                    "Core", "{label}: tiap baris paling banyak {count} kolom, dipisah '|'.").format(
                    label=f.label, count=len(keys))
            rows.append(dict(zip(keys, cells + [""] * (len(keys) - len(cells)), strict=True)))
    elif isinstance(raw, list | tuple):
        rows = [{k: str(row.get(k) or "") for k in keys} for row in raw if isinstance(row, Mapping)]
    else:
        return [], QT_TRANSLATE_NOOP("Core", "{label}: isian tabel tidak dapat dibaca.").format(label=f.label)
    return _check_cells(f, rows)


def _check_cells(f: Field, rows: list[Row]) -> tuple[list[Row], str | None]:
    """NIK and date columns are held to the same rules as NIK and date fields: a family member's NIK on a
    letter is checked by the next office just as the applicant's is."""
    problem = None
    for number, row in enumerate(rows, 1):
        for col in f.columns:
            cell = row.get(col.key, "").strip()
            if not cell or col.type == "text":
                continue
            if col.type == "nik":
                cell = re.sub(r"\s", "", cell)
                why = nik_problem(cell)
            else:
                parsed = parse_date(cell)
                why = None if parsed else QT_TRANSLATE_NOOP("Core", "tanggal tidak sah; tulis seperti 23-11-2026.")
                cell = tanggal(parsed) if parsed else cell
            row[col.key] = cell
            if why and problem is None:
                problem = QT_TRANSLATE_NOOP("Core", "{label}, baris {number}, {column}: {problem}").format(
                    label=f.label, number=number, column=col.label, problem=why)
    return rows, problem


def _sim_problems(values: Mapping[str, Resolved], person: Mapping[str, object], typed: Mapping[str, object],
                  today: date) -> list[Problem]:
    golongan = str(values.get("golongan_sim") or "")
    if not golongan:
        return []  # already reported as a missing required field
    born = person.get("tanggal_lahir")
    born = born if isinstance(born, date) else parse_date(str(typed.get("tanggal_lahir") or born or ""))
    if born is None:
        return [Problem("tanggal_lahir", QT_TRANSLATE_NOOP(
            "Core", "Tanggal lahir tidak diketahui; umur untuk SIM tidak dapat diperiksa."))]
    try:
        check = sim.check_age(golongan, born, today)
    except KeyError:
        return [Problem("golongan_sim", QT_TRANSLATE_NOOP("Core", "Golongan SIM '{golongan}' tidak dikenal.").format(
            golongan=golongan))]
    problems = [] if check.ok else [Problem("golongan_sim", check.message())]
    jenis = str(values.get("jenis_permohonan") or "").upper()
    message = sim.prerequisite_message(golongan)
    confirmed = values.get("konfirmasi_sim_sebelumnya") is True
    if message and jenis in sim.NEW_CLASS_APPLICATIONS and not confirmed:
        problems.append(Problem("konfirmasi_sim_sebelumnya", message))
    return problems
