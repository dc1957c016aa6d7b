"""SIMRS Khanza's ``pasien`` row as a parameterised INSERT (JSON: statement, params, lookups, report), for a
SIMRS import that runs it with PyMySQL or mysqlclient; ``loket export khanza --sql``."""

from __future__ import annotations

from collections.abc import Mapping

from app.export import khanza, record
from app.export.target import Built, Target


def build(values: Mapping[str, object], authenticity: str) -> Built:
    row = khanza.row(values)
    notes = list(row.notes)
    payload = {
        "statement": khanza.insert_statement(),
        "paramstyle": "format",
        "params": row.table_values(),
        "lookups": {name: row.values[name] for name in khanza.LOOKUP_COLUMNS},
        "report": [str(n) for n in notes],
    }
    return Built(record.to_json(payload), notes)


TARGET = Target(
    id="khanza-sql", label="SIMRS Khanza, INSERT pasien berparameter (JSON)",
    label_en="SIMRS Khanza, parameterised patient INSERT (JSON)", suffix=".json",
    extras=("telepon", "keluarga", "namakeluarga"), build=build, media_type="application/json",
    variant_of="khanza", flag="--sql",
    flag_help="khanza: INSERT berparameter untuk tabel pasien (JSON: statement, params), bukan CSV",
    flag_help_en="khanza: a parameterised INSERT for table pasien (JSON: statement, params) instead of CSV")
