"""SATUSEHAT's FHIR R4 Patient (app/export/satusehat.py), for the hospital system to post to the patient index."""

from __future__ import annotations

from collections.abc import Mapping

from app.export import record, satusehat
from app.export.regions import resolve
from app.export.target import Built, Incomplete, Target


def build(values: Mapping[str, object], authenticity: str) -> Built:
    missing = satusehat.problems(values)
    if missing:
        raise Incomplete(missing)
    resource, notes = satusehat.patient(values, resolve(values))
    return Built(record.to_json(resource), notes)


TARGET = Target(
    id="satusehat", label="SATUSEHAT Patient (FHIR JSON)", label_en="SATUSEHAT Patient (FHIR JSON)",
    suffix=".json", extras=("telepon", "email"), build=build, media_type="application/fhir+json")
