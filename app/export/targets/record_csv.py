"""The record as one CSV row for any other desk application (columns: app/export/record.py)."""

from __future__ import annotations

from collections.abc import Mapping

from app.export import record
from app.export.regions import resolve
from app.export.target import Built, Target
from app.export.values import Note


def build(values: Mapping[str, object], authenticity: str) -> Built:
    region = resolve(values)
    row = record.record(values, region, authenticity)
    return Built(record.to_csv(row, record.COLUMNS), [Note("kode_wilayah", n) for n in region.notes])


TARGET = Target(id="csv", label="Data warga (CSV)", label_en="Citizen record (CSV)", suffix=".csv",
                extras=("telepon",), build=build)
