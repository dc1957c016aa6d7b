"""The person on screen in the representation a client asked for, and the audit row of each hand-off.

``loket``: the merged record as `loket read --lookup --json` gives it (values, provenance, discrepancies,
the registry's answer, the chip's authenticity), the photo only when asked and allowed. ``satusehat`` (the
FHIR Patient) and ``khanza`` (the pasien row) are the export targets of app/export/, built by the same
code as `loket export`. A record whose chip failed its authenticity check is refused, as printing and
exporting are, unless the office allowed unverified printing.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from app import audit
from app.base.outcome import PrintOutcome
from app.base.settings import Settings
from app.citizen.merge import Applicant
from app.export import registry
from app.letters.printjob import OK_OUTCOMES
from app.webapi.errors import EXIT_AUDIT, EXIT_NOT_AUTHENTIC, ApiError

# "loket" (the merged record) and every export target that declares a media type (app/export/registry.py).
REPRESENTATIONS = {"loket": "application/json", **{t.id: t.media_type for t in registry.web_formats().values()}}
NOT_AUTHENTIC = ("Keaslian data kartu TIDAK terverifikasi, sehingga data warga tidak diberikan ke aplikasi lain; "
                 "periksa kartu dan dokumen warga secara langsung.")


@dataclass(frozen=True)
class Given:
    body: dict[str, object] | str
    content_type: str
    fields: tuple[str, ...]  # the names of what was handed over, for the audit row


def build(applicant: Applicant, representation: str, photo: bool, settings: Settings | None) -> Given:
    """What the client gets, or ApiError (nothing handed over)."""
    from app.letters import formdata  # reportlab behind it: loaded on the first hand-off, not at the window's start

    if representation not in REPRESENTATIONS:
        raise ApiError(400, "bad_request", f"Bentuk data tidak dikenal: {representation[:40]!r} "
                                            f"(pilih {', '.join(REPRESENTATIONS)}).")
    if formdata.print_blocked(applicant.identity.authenticity, settings):
        raise ApiError(409, "blocked_unverified", NOT_AUTHENTIC, EXIT_NOT_AUTHENTIC)
    if representation == "loket":
        body = applicant.to_json()
        body["chip"] = {k: v for k, v in body["chip"].items() if k != "uid"}  # type: ignore[union-attr]
        names = tuple(applicant.fields)
        if photo:
            data = formdata.photo_of(applicant)
            if data:
                body["photo"] = {"mime": applicant.identity.photo.mime,
                                 "base64": base64.b64encode(data).decode("ascii")}
                names += ("photo",)
        return Given(body, "application/json", names)
    from app.export.core import ExportError
    from app.export.core import build as build_export

    try:
        export = build_export(representation, formdata.person_values(applicant),
                              authenticity=applicant.identity.authenticity, settings=settings)
    except ExportError as exc:
        raise ApiError(422, exc.outcome, " ".join(exc.lines), exc.code) from None
    return Given(export.content, REPRESENTATIONS[representation], tuple(applicant.fields))


def audited(client_id: str, applicant: Applicant, representation: str, given: Given, service: str) -> None:
    """The hand-off's row, strict: a record nobody could account for is not handed over."""
    try:
        audit.record_handoff(client_id, "handed_off", applicant.identity.nik, service=service,
                             given=[_word(n) for n in given.fields], representation=_word(representation),
                             strict=True)
    except audit.AuditUnavailable as exc:
        raise ApiError(503, "audit_unavailable", exc.id_text, EXIT_AUDIT) from None


def refusal_audited(client_id: str, applicant: Applicant | None, outcome: str, service: str) -> None:
    audit.record_handoff(client_id, outcome, applicant.identity.nik if applicant is not None else None,
                         service=service)


def audit_form(client_id: str, applicant: Applicant, form_id: str, outcome: PrintOutcome, service: str) -> None:
    """Beside the print job's own row: which application had the form made, and how it ended."""
    audit.record_handoff(client_id, "handed_off" if outcome in OK_OUTCOMES else f"form_{outcome}",
                         applicant.identity.nik, service=service, given=[_word(form_id)], representation="form")


def _word(name: str) -> str:
    return name.replace("-", "_").lower()
