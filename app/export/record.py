"""The merged record as one CSV row or one JSON object for any other desk application.

The column set is fixed and documented in the README; it is the KTP's face, the family-card number, the
address's Kemendagri codes and postal code, the phone number the clerk typed, and the chip's authenticity.
Registry-only details (parents, education, marriage records) are left out: no desk application needs them to
register a visitor.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping

from app.base.csvcell import safe_cell
from app.export.regions import Region
from app.export.values import birth_date, text

COLUMNS: tuple[str, ...] = (
    "nik", "nama", "tempat_lahir", "tanggal_lahir", "jenis_kelamin", "golongan_darah", "agama",
    "status_perkawinan", "pekerjaan", "kewarganegaraan", "alamat", "rt", "rw", "kelurahan", "kecamatan",
    "kabupaten", "provinsi", "kode_provinsi", "kode_kabupaten", "kode_kecamatan", "kode_kelurahan", "kode_pos",
    "no_kk", "telepon", "keaslian_chip",
)


def record(values: Mapping[str, object], region: Region, authenticity: str = "") -> dict[str, str]:
    """Every column, "" when unknown; dates YYYY-MM-DD; region codes without dots (3273011004)."""
    out = {name: text(values, name) for name in COLUMNS}
    born = birth_date(values)
    out["tanggal_lahir"] = born.isoformat() if born else ""
    for name, code in zip(("kode_provinsi", "kode_kabupaten", "kode_kecamatan", "kode_kelurahan"), region.codes,
                          strict=True):
        out[name] = code
    out["kode_pos"] = region.postal_code
    out["keaslian_chip"] = authenticity
    return out


def to_csv(row: Mapping[str, object], columns: tuple[str, ...]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerow([safe_cell(row.get(c)) for c in columns])  # a typed "=HYPERLINK(…)" stays text
    return buffer.getvalue()


def to_json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
