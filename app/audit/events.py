"""What the counter records: a read, a lookup, a print, an export — the forgiving wrappers around
``trail.append`` that the CLI and the GUI call, and the short outcome codes the office report counts."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping

from app.audit.model import AuditUnavailable, Kind, Row
from app.audit.trail import append
from app.base.logsetup import failure
from app.base.outcome import PrintOutcome

log = logging.getLogger("loket.audit")


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _safe_append(kind: Kind, outcome: str, *, strict: bool = False, **kw: object) -> Row | None:
    """``strict``: the row stands for an access to a citizen's data, so AuditUnavailable when it cannot be
    written. Otherwise (a failure, a cancel: nothing of the citizen was shown or written) it is logged."""
    try:
        return append(kind, outcome, **kw)  # type: ignore[arg-type]
    except Exception as exc:
        log.error("audit event %s/%s not recorded: %s", kind, outcome, failure(exc))
        if strict:
            raise AuditUnavailable(exc) from None
        return None


def read_outcome(result_or_error: object) -> tuple[str, str | None]:
    """(outcome, NIK or None) for a ReadResult or the exception a read raised."""
    identity = getattr(result_or_error, "identity", None)
    if identity is not None:
        authenticity = str(getattr(identity, "authenticity", "valid"))
        outcome = "ok" if authenticity == "valid" else f"ok_{authenticity}"
        return outcome, getattr(identity, "nik", None) or None
    if isinstance(result_or_error, BaseException):
        from reader.errors import ReadError

        name = _snake(type(result_or_error).__name__)
        return (name if isinstance(result_or_error, ReadError) else f"error_{name}"), None
    return "unknown", None


def record_read(result_or_error: object, service: str = "", form_id: str = "") -> Row | None:
    """A finished read (ReadResult) or the exception it raised. A failed read records no NIK: reads are
    all-or-nothing, so there is none that could be trusted."""
    outcome, nik = read_outcome(result_or_error)
    # Which reader and SAM slot did the read (plain words of their PC/SC names): the semester report lists them.
    detail = {name: [_reader_word(str(value))] for name in ("card_reader", "sam_reader")
              if (value := getattr(result_or_error, name, ""))}
    return _safe_append(Kind.READ, outcome, service=service, form_id=form_id, nik=nik, detail=detail or None,
                        strict=nik is not None)


def _reader_word(name: str) -> str:
    """``ACS ACR1281 1S Dual Reader [PICC] 00`` -> ``acs_acr1281_1s_dual_reader_picc_00`` (a detail word)."""
    word = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    if not word or not word[0].isalpha():
        word = "r_" + word
    return word[:41].rstrip("_") or "r"


def lookup_outcome(applicant_or_result: object) -> str:
    """``found``, ``not_found``, ``refused_login``, ``failed_timeout``… or ``not_asked``."""
    if hasattr(applicant_or_result, "identity"):  # an Applicant: its lookup may be None (not asked)
        lookup = getattr(applicant_or_result, "lookup", None)
    else:
        lookup = applicant_or_result
    if lookup is None:
        return "not_asked"
    status = str(getattr(lookup, "status", "unknown"))
    kind = str(getattr(lookup, "kind", "") or "")
    return f"{status}_{kind}" if kind else status


def record_lookup(applicant_or_result: object, service: str = "", form_id: str = "",
                  nik: str | None = None, strict: bool = False) -> Row | None:
    """A registry lookup: an Applicant (the NIK is the card's), or a bare LookupResult with ``nik``
    (``loket lookup NIK``, no card)."""
    if nik is None:
        nik = getattr(getattr(applicant_or_result, "identity", None), "nik", None) or None
    # Which fields chip and registry disagree on (names only), for the office's statistics.
    found = [d.field for d in getattr(applicant_or_result, "discrepancies", ())]
    detail: dict[str, object] = {"discrepancies": found} if found else {}
    record = getattr(applicant_or_result, "record", None)
    if getattr(record, "dropped", ()):  # optional registry values that could not be read: named, counted
        detail["dropped"] = list(record.dropped)  # type: ignore[union-attr]
    return _safe_append(Kind.LOOKUP, lookup_outcome(applicant_or_result), service=service, form_id=form_id,
                        nik=nik, detail=detail or None, strict=strict)


def record_print(form_id: str, outcome: PrintOutcome, nik: str | None = None, service: str = "",
                 counts: Mapping[str, object] | None = None, strict: bool = False) -> Row | None:
    """A print or save of ``form_id``: its outcome (``printed``, ``saved_pdf``, ``cancelled``,
    ``printer_missing``, ``disk_full``, ``failed_<cause>``…) — a short code, never a name or a path.
    ``counts``: ``{"prefilled": N, "typed": M}`` fields of the form (FilledForm.counts()), for the report's
    typing-saved estimate."""
    return _safe_append(Kind.PRINT, outcome, service=service, form_id=form_id, nik=nik, detail=counts,
                        strict=strict)


def record_view(form_id: str, outcome: str, nik: str | None) -> Row | None:
    """Stored data of a citizen shown to the clerk again (``name_shown``: the name of a letter's kept copy in
    the Hari ini list). Strict: shown only once recorded. No service, so the report's per-service figures stay
    those of the visit itself."""
    return _safe_append(Kind.VIEW, outcome, form_id=form_id, nik=nik, strict=True)


def record_export(target: str, outcome: str, nik: str | None = None, service: str = "",
                  strict: bool = False) -> Row | None:
    """A hand-off of the record to another system (``target``: ``satusehat``, ``khanza``, ``csv``, ``json``):
    outcome ``written``, ``handed_off``, ``blocked_unverified``, ``failed_<cause>`` — a code, never a path."""
    return _safe_append(Kind.EXPORT, outcome, service=service, form_id=target, nik=nik, strict=strict)


def record_handoff(client: str, outcome: str, nik: str | None = None, *, service: str = "",
                   given: tuple[str, ...] | list[str] = (), representation: str = "",
                   strict: bool = False) -> Row | None:
    """The record handed to an office system through the local card service (app/webapi/): ``client`` is the
    IT-registered application's id, ``given`` the names of the fields it received (``photo`` among them
    when it did), ``representation`` ``loket``, ``satusehat``, ``khanza`` or ``form``. Outcome ``handed_off``,
    ``refused_by_clerk``, ``blocked_unverified``, ``failed_<cause>``. Names and codes only, never a value."""
    detail: dict[str, object] = {"client": [client]}
    if given:
        detail["given"] = sorted(given)
    if representation:
        detail["representation"] = [representation]
    return _safe_append(Kind.EXPORT, outcome, service=service, form_id="api", nik=nik, detail=detail,
                        strict=strict)
