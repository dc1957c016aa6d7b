"""SIMRS Khanza's ``pasien`` row as CSV (app/export/khanza.py: columns, limits and mappings from sik.sql)."""

from __future__ import annotations

from collections.abc import Mapping

from app.export import khanza, record
from app.export.target import Built, Target


def build(values: Mapping[str, object], authenticity: str) -> Built:
    row = khanza.row(values)
    return Built(record.to_csv(row.values, tuple(c.name for c in khanza.COLUMNS)), list(row.notes))


TARGET = Target(
    id="khanza", label="SIMRS Khanza, baris pasien (CSV)", label_en="SIMRS Khanza, patient row (CSV)",
    suffix=".csv", extras=("telepon", "keluarga", "namakeluarga"), build=build, media_type="text/csv; charset=utf-8")
