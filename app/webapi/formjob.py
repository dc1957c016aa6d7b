"""POST /v1/forms/{id}: the office's form for the person on screen, with the client's own values added
(the SIMRS's medical-record number), through the counter's one print job (app.letters.printjob.run_job): the same
check, letter number, register and audit row as the window's Cetak.

A client fills the fields the template gives to systems: the typed ones that are not the office's
(``office = true``: the clerk's name and NIP, the Satpas). A value of the person (the name, the NIK, the
address) is the chip's and Dukcapil's, and an office field is the counter's: neither is ever set from
outside.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from app.base.outcome import PrintOutcome
from app.base.settings import Settings
from app.base.typedvalues import check_typed
from app.citizen.merge import Applicant
from app.letters.catalog import Service, check, load_services
from app.letters.printjob import JobResult, run_job
from app.webapi.errors import EXIT_INVALID, EXIT_NOT_AUTHENTIC, EXIT_USAGE, ApiError

MAX_VALUES = 100
OUTPUTS = ("pdf", "print")


@dataclass(frozen=True)
class FormRequest:
    form_id: str
    values: dict[str, object]
    output: str = "pdf"


def parse(form_id: str, body: object) -> FormRequest:
    if not isinstance(body, dict):
        raise ApiError(400, "bad_request", "Isi permintaan harus objek JSON: {\"values\": {...}, \"output\": \"pdf\"}.")
    values = body.get("values", {})
    output = body.get("output", "pdf")
    if not isinstance(values, dict) or len(values) > MAX_VALUES:
        raise ApiError(400, "bad_request", f"\"values\" harus objek JSON dengan paling banyak {MAX_VALUES} isian.")
    if output not in OUTPUTS:
        raise ApiError(400, "bad_request", "\"output\" harus \"pdf\" atau \"print\".")
    clean: dict[str, object] = {}
    for key, value in values.items():
        if isinstance(value, bool):
            clean[key] = value
            continue
        if isinstance(value, int | float):
            value = str(value)
        if not isinstance(value, str):
            raise ApiError(400, "bad_request", f"Isian {str(key)[:40]} harus teks.")
        try:
            check_typed(key, value)
        except ValueError as exc:
            raise ApiError(400, "bad_request", str(exc)) from None
        clean[key] = value
    return FormRequest(form_id, clean, str(output))


def find_service(form_id: str, services: list[Service] | None = None) -> Service:
    for service in services if services is not None else load_services():
        if service.id == form_id and service.printable:
            return service
    raise ApiError(404, "unknown_form", f"Formulir tidak dikenal: {form_id[:60]!r}. Daftar formulir: GET /v1/forms.",
                   EXIT_USAGE)


def for_systems(f: object) -> bool:
    """A field a client may fill: typed at the counter, and not the office's own."""
    return getattr(f, "origin", "") == "typed" and not getattr(f, "office", False)


def listing(services: list[Service] | None = None) -> list[dict[str, object]]:
    """The forms a client can fill, with the fields it may give (the ones the clerk would type)."""
    return [{"id": s.id, "name": s.name, "paper": s.paper,
             "fields": [{"key": f.key, "label": f.label, "type": f.type, "required": f.required,
                         "choices": list(f.choices)} for f in s.fields if for_systems(f)]}
            for s in (services if services is not None else load_services()) if s.printable]


def fill(request: FormRequest, applicant: Applicant, settings: Settings, scratch: Path,
         send: Callable[[Path], int] | None = None) -> tuple[JobResult, bytes]:
    """Check, number, render, deliver, audit: the PDF's bytes (b"" when printed), or ApiError."""
    service = find_service(request.form_id)
    own = {f.key for f in service.fields if f.origin != "typed"}
    taken = sorted(k for k in request.values if k in own)
    if taken:
        raise ApiError(400, "bad_request", f"Isian {', '.join(taken)} berasal dari chip/Dukcapil dan tidak dapat "
                                           "diganti oleh aplikasi lain.", EXIT_USAGE)
    office = sorted(k for k in request.values if k in {f.key for f in service.fields if f.office})
    if office:
        raise ApiError(400, "office_field", f"Isian {', '.join(office)} milik petugas loket dan kantor, tidak "
                                            "dapat diisi oleh aplikasi lain.", EXIT_USAGE)
    unknown = sorted(k for k in request.values if k not in {f.key for f in service.fields})
    if unknown:
        raise ApiError(400, "bad_request", f"Isian tidak ada di formulir {service.id}: {', '.join(unknown)[:200]}.",
                       EXIT_USAGE)
    checked = check(service, applicant, request.values, settings)
    if checked.prepared is None:
        raise ApiError(503, "form_unavailable", "Formulir ini tidak dapat diisi sekarang (template rusak). "
                                                "Hubungi petugas IT.", EXIT_USAGE)
    if getattr(checked.prepared, "blocked", False):
        from app.letters.formdata import NotAuthentic

        raise ApiError(409, PrintOutcome.BLOCKED_UNVERIFIED, NotAuthentic.id_text, EXIT_NOT_AUTHENTIC)
    if checked.problems:
        problems = [{"field": k, "message": m} for k, ms in checked.problems.items() for m in ms]
        raise ApiError(422, "form_incomplete", f"Formulir belum lengkap: {len(problems)} isian perlu diperbaiki.",
                       EXIT_INVALID, problems)
    if request.output == "print" and send is None:
        raise ApiError(409, "no_printer", "Loket ini tidak dapat mencetak langsung; minta \"output\": \"pdf\".",
                       EXIT_USAGE)
    out = scratch / f"api-{uuid.uuid4().hex}.pdf"
    result = run_job(checked.prepared, out, form_id=service.id,  # type: ignore[arg-type]
                     nik=applicant.identity.nik, settings=settings,
                     send=send if request.output == "print" else None)
    if not result.ok:
        out.unlink(missing_ok=True)
        raise ApiError(_status(result), result.outcome, result.sentence, result.exit_code or 1)
    data = b""
    if request.output == "pdf":
        data = out.read_bytes()
        out.unlink(missing_ok=True)
    return result, data


def writable() -> None:
    from app import audit

    try:
        audit.check_writable()
    except audit.AuditUnavailable as exc:
        raise ApiError(503, PrintOutcome.AUDIT_UNAVAILABLE, exc.id_text, exc.exit_code) from None


def scratch() -> Path:
    """The private folder the PDFs are made in (swept after a crash), or ApiError when the disk refuses."""
    from app.base.outfile import scratch_dir

    try:
        return scratch_dir()
    except OSError:
        raise ApiError(503, "not_written", "Folder data Loket tidak dapat ditulis, sehingga formulir tidak dibuat. "
                                           "Hubungi petugas IT.", 1) from None


def _status(result: JobResult) -> int:
    return {PrintOutcome.AUDIT_UNAVAILABLE: 503, PrintOutcome.FAILED_NUMBERING: 503, PrintOutcome.FAILED_SEAL: 503,
            PrintOutcome.FAILED_SIGNING: 503, PrintOutcome.BLOCKED_UNVERIFIED: 409}.get(result.outcome, 500)


def job_headers(result: JobResult) -> Mapping[str, str]:
    headers = {"X-Loket-Outcome": result.outcome}
    if result.number:
        headers["X-Loket-Number"] = result.number
    return headers
