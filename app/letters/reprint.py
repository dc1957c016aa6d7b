"""A reprint: the kept copy of a letter rendered again, SALINAN on every page, under the SAME number.

No number is taken; the register counts the reprint beside the number (which stays printed or saved); the
audit trail gets a print row with outcome ``reprinted`` (``reprinted_pdf`` for a file), for the citizen of
the original, so an auditor sees every copy of a citizen's letter as an access of its own. The report
counts no reprint as a print (app/report/stats.py: only ``printed``/``saved_pdf`` are prints).
"""

from __future__ import annotations

import io
import logging
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from app import audit
from app.base.logsetup import failure
from app.base.outcome import PrintOutcome
from app.letters import copies
from app.letters.printjob import EXIT_NOT_WRITTEN, PRINTER_FAILED, JobResult, refused
from app.storage.letters import note_reprint

log = logging.getLogger("loket.reprint")

REPRINTED, REPRINTED_PDF = PrintOutcome.REPRINTED, PrintOutcome.REPRINTED_PDF  # a reprint's two successes


def render_copy(copy: copies.Copy, out: Path | io.BytesIO, reprinted_at: datetime | None = None) -> None:
    """The copy's pages: the original's values, photo, letterhead, date and seal (letter-seal.md: a reprint
    carries the original's), marked SALINAN."""
    from dataclasses import fields

    from forms.office import Office
    from forms.render import render_pdf
    from forms.template import find

    template = find(copy.entry.form_id)
    known = {f.name for f in fields(Office)}
    data = {k: v for k, v in copy.office.items() if k in known}
    for key in ("heading", "offset_mm"):
        if isinstance(data.get(key), list):
            data[key] = tuple(data[key])
    office = Office(**data) if data else Office(kind=template.office_kind)
    render_pdf(template, copy.values, out, paper=copy.paper, office=office, photo=copy.photo,
               photo_note=copy.photo_note, printed_at=copy.entry.printed_at.astimezone(),
               unverified=copy.unverified, reprinted_at=reprinted_at or datetime.now(), seal=copy.seal)


def reprint(copy_id: int, out: Path, *, settings: object = None,
            send: Callable[[Path], int] | None = None) -> JobResult:
    """Render copy ``copy_id`` into ``out`` and, with ``send``, hand it to a printer (``out`` is then a scratch
    file, deleted here). ``JobResult.number`` is the original's number. Never raises for what a counter
    meets: no copy, trail not writable, printer or disk trouble are each a JobResult with its sentence."""
    from app.base.outfile import SaveFailed, write_output

    try:
        audit.check_writable()  # recorded, or not done
    except audit.AuditUnavailable as exc:
        return refused(PrintOutcome.AUDIT_UNAVAILABLE, exc.id_text, exc.exit_code)
    try:
        copy = copies.open_copy(copy_id, settings)
    except (copies.CopiesUnavailable, OSError, ValueError, sqlite3.Error) as exc:
        log.warning("reprint refused: %s", exc if isinstance(exc, copies.CopiesUnavailable) else failure(exc))
        sentence = exc.id_text if isinstance(exc, copies.CopiesBroken) else copies.CopiesUnavailable.id_text
        return refused(PrintOutcome.NO_COPY, sentence)
    entry, nik = copy.entry, copy.nik or None
    pdf = io.BytesIO()
    try:
        render_copy(copy, pdf)
        write_output(out, pdf.getvalue())
    except SaveFailed as exc:
        audit.record_print(entry.form_id, exc.outcome, nik, entry.service)
        return JobResult(exc.outcome, entry.number, sentence=exc.id_text, exit_code=EXIT_NOT_WRITTEN)
    except (KeyError, ValueError) as exc:  # the template is gone or changed beyond its copy
        log.warning("reprint not rendered: %s", failure(exc))
        return refused(PrintOutcome.FAILED_INVALID, copies.CopiesUnavailable.id_text)
    if send is not None:
        try:
            pages = send(out)
        except OSError as exc:
            log.warning("printer failed: %s", failure(exc))
            audit.record_print(entry.form_id, PrintOutcome.PRINTER_MISSING, nik, entry.service)
            return JobResult(PrintOutcome.PRINTER_MISSING, entry.number, sentence=PRINTER_FAILED,
                             exit_code=EXIT_NOT_WRITTEN)
        finally:
            out.unlink(missing_ok=True)
        note_reprint(entry.number)
        try:
            audit.record_print(entry.form_id, REPRINTED, nik, entry.service, strict=True)
        except audit.AuditUnavailable as exc:
            return JobResult(REPRINTED, entry.number, pages=pages, audit_missed=exc.id_text)
        return JobResult(REPRINTED, entry.number, pages=pages)
    try:
        audit.record_print(entry.form_id, REPRINTED_PDF, nik, entry.service, strict=True)
    except audit.AuditUnavailable as exc:
        if out.is_file() and not out.is_symlink():
            out.unlink(missing_ok=True)  # a copy nobody can account for is not left on disk
        return JobResult(PrintOutcome.AUDIT_UNAVAILABLE, entry.number, sentence=exc.id_text, exit_code=exc.exit_code)
    note_reprint(entry.number)
    return JobResult(REPRINTED_PDF, entry.number, target=out)
