"""The record as one JSON object for any other desk application (the same columns as the CSV)."""

from __future__ import annotations

from collections.abc import Mapping

from app.export import record
from app.export.regions import resolve
from app.export.target import Built, Target
from app.export.values import Note


def build(values: Mapping[str, object], authenticity: str) -> Built:
    region = resolve(values)
    row = record.record(values, region, authenticity)
    return Built(record.to_json(row), [Note("kode_wilayah", n) for n in region.notes])


TARGET = Target(id="json", label="Data warga (JSON)", label_en="Citizen record (JSON)", suffix=".json",
                extras=("telepon",), build=build)
