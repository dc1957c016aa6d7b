"""Parse the e-KTP biodata file (EF 6FF1) into typed values, by the field table in biodata_fields.json."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from reader import nik as nik_rules
from reader import spelling
from reader.errors import QT_TRANSLATE_NOOP, CardDataMalformed
from reader.spelling import KTP_FIELDS

MIN_FIELDS = 21
KNOWN_KEYS = KTP_FIELDS


@cache
def default_table() -> dict[str, int]:
    data = json.loads(Path(__file__).with_name("biodata_fields.json").read_text(encoding="utf-8"))
    return {k: int(v) for k, v in data.items() if not k.startswith("_")}


def field_table(overrides: dict[str, int] | None = None) -> dict[str, int]:
    table = dict(default_table())
    for key, index in (overrides or {}).items():
        if key not in KNOWN_KEYS:
            raise ValueError(f"unknown biodata field {key!r} in settings")
        table[key] = int(index)
    return table


@dataclass(repr=False)  # no repr: a logged %r must not carry a person's data
class Biodata:
    values: dict[str, str]
    tanggal_lahir: date | None
    extras: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def decode_text(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")  # never fails: every byte is a Latin-1 character


def split_fields(text: str) -> list[str]:
    """``"f0","f1",…`` → values. A quote inside a value stays part of it; only ``","`` separates."""
    text = text.strip("\x00\xff \r\n\t")
    if len(text) < 2 or not (text.startswith('"') and text.endswith('"')):
        raise CardDataMalformed("biodata is not a list of double-quoted fields")
    return text[1:-1].split('","')


def parse(content: bytes, overrides: dict[str, int] | None = None) -> Biodata:
    """``content`` is the file after its 2-byte length. Raises CardDataMalformed, never anything else."""
    values_raw = split_fields(decode_text(content))
    if len(values_raw) < MIN_FIELDS:
        raise CardDataMalformed(f"biodata has {len(values_raw)} fields, expected at least {MIN_FIELDS}")
    table = field_table(overrides)
    warnings: list[str] = []
    if len(values_raw) > MIN_FIELDS:
        warnings.append(QT_TRANSLATE_NOOP("Core", "Biodata chip memiliki {count} kolom (biasanya {usual}); kolom "
                                                  "tambahan disimpan apa adanya.").format(
            count=len(values_raw), usual=MIN_FIELDS))
    clean = [re.sub(r"\s+", " ", v).strip() for v in values_raw]
    used = set(table.values())
    values: dict[str, str] = {}
    for key in KNOWN_KEYS:
        index = table.get(key)
        values[key] = clean[index] if index is not None and index < len(clean) else ""
    extras = {f"f{i}": clean[i] for i in range(len(clean)) if i not in used}

    if not nik_rules.is_well_formed(values["nik"]):
        raise CardDataMalformed("biodata NIK is not 16 digits")
    if not values["nama"]:
        raise CardDataMalformed("biodata has an empty name")

    birth = spelling.parse_date(values["tanggal_lahir"])
    if birth is None:
        extras["tanggal_lahir_raw"] = values["tanggal_lahir"]
        warnings.append(QT_TRANSLATE_NOOP("Core", "Format tanggal lahir pada chip tidak dikenal; nilai asli disimpan."))
    sex = spelling.sex(values["jenis_kelamin"])
    if not sex:
        extras["jenis_kelamin_raw"] = values["jenis_kelamin"]
        warnings.append(QT_TRANSLATE_NOOP("Core", "Jenis kelamin pada chip tidak dikenal; nilai asli disimpan."))
    values["jenis_kelamin"] = sex
    for key in ("rt", "rw"):
        if spelling.is_rt_rw(values[key]):
            values[key] = spelling.padded_rt_rw(values[key])
        else:
            extras[f"{key}_raw"] = values[key]
            warnings.append(QT_TRANSLATE_NOOP("Core", "{field} pada chip bukan angka; nilai asli disimpan.").format(
                field=key.upper()))
    values["tanggal_lahir"] = birth.isoformat() if birth else ""
    return Biodata(values=values, tanggal_lahir=birth, extras=extras, warnings=warnings)
