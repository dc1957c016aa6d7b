"""The one print job, for `loket fill` and the counter window alike: check the trail, take the number, render,
deliver (a file or a printer), then register and audit — so the two paths cannot drift apart.

Nothing here knows Qt: the window passes a ``send`` function that puts a PDF on its printer, and runs the
whole job on a background thread (numbering and the office server can take seconds).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.letters.formdata import Prepared

from app.base.clerktext import QT_TRANSLATE_NOOP
from app.base.logsetup import failure
from app.base.outcome import PrintOutcome

log = logging.getLogger("loket.printjob")

# reprints: app/letters/reprint.py
OK_OUTCOMES = frozenset({PrintOutcome.PRINTED, PrintOutcome.SAVED_PDF, PrintOutcome.SAVED_PREVIEW,
                         PrintOutcome.REPRINTED, PrintOutcome.REPRINTED_PDF})
PRINTER_FAILED = QT_TRANSLATE_NOOP("Core", "Printer tidak dapat dipakai. Periksa printer, lalu cetak lagi.")
EXIT_NOT_WRITTEN = 1
EXIT_USAGE = 2


@dataclass(frozen=True)
class JobResult:
    """What became of one print, save or reprint. ``sentence`` is the clerk's (Indonesian) when it failed;
    ``number`` is the letter's number: the one this job took (printed, or ``voided``: recorded as void in the
    register because the job failed after taking it) or, for a reprint, the original's, which no failure voids."""

    outcome: PrintOutcome  # the audit code; a stored code (a str) given here is read back as its member
    number: str = ""
    notice: str = ""  # the number came from this counter's offline block: the clerk must be told
    pages: int = 0
    target: Path | None = None  # the saved file (None for a printer, or when nothing was written)
    sentence: str = ""
    exit_code: int = 0  # as `loket fill` exits
    audit_missed: str = ""  # the paper is out but its audit row could not be written: IT's sentence
    voided: bool = False  # this job took ``number`` and then failed: the register holds it as void
    copy_note: str = ""  # the letter stands, but its copy for a reprint (app/letters/copies.py) had trouble

    def __post_init__(self) -> None:
        # A code that is no member fails here, where it is made, not when the trail or a client reads it.
        object.__setattr__(self, "outcome", PrintOutcome(self.outcome))

    @property
    def ok(self) -> bool:
        return self.outcome in OK_OUTCOMES


def refused(outcome: PrintOutcome, sentence: str, exit_code: int = EXIT_NOT_WRITTEN) -> JobResult:
    """A job that never started (cancelled, incomplete, trail not writable): the same shape as a finished one."""
    return JobResult(outcome, sentence=sentence, exit_code=exit_code)


def run_job(prepared: Prepared, out: Path, *, form_id: str, nik: str | None, settings: object = None,
            send: Callable[[Path], int] | None = None, paper: str | None = None, preview: bool = False,
            printer: str | None = None, passphrase: Callable[[], str | None] | None = None) -> JobResult:
    """Render ``prepared`` into ``out`` and, with ``send``, hand that file to a printer (then ``out`` is a
    scratch file, deleted here). Never raises for what a counter meets (full disk, missing printer, office
    server away, trail unwritable): each is a JobResult with its audit row and, for a number taken, its void.
    A saved PDF (no ``send``, no ``preview``) is signed as app/letters/pdfsign.py says; ``passphrase`` asks
    the signing official when the backend needs one (BSrE)."""
    # Here, not at the top: reportlab (behind formdata) would double the window's cold start.
    from app import audit
    from app.letters.formdata import EXIT_NOT_AUTHENTIC, NotAuthentic, SaveFailed, SealRefused, print_pdf
    from app.storage.letters import mark_letter, record_seal_digest
    from forms.numbering import NumberingError

    counts = prepared.filled.counts()
    printed_at = datetime.now()  # the letter's date and the copy's: a reprint shows the original's
    try:
        audit.check_writable()  # before a number is taken or a file written: recorded, or not done
    except audit.AuditUnavailable as exc:
        return refused(PrintOutcome.AUDIT_UNAVAILABLE, exc.id_text, exc.exit_code)
    from app.letters.pdfsign import SigningFailed, signer_for

    sign = None
    if send is None and not preview:  # paper keeps only the seal's QR: a printed letter is not signed
        try:
            sign = signer_for(settings, passphrase)  # before a number is taken: a cancelled prompt costs none
        except SigningFailed as exc:
            return refused(PrintOutcome.FAILED_SIGNING, exc.id_text)
    try:
        number = print_pdf(prepared, out, paper=paper, settings=settings, preview=preview,  # type: ignore[arg-type]
                           printer=printer, printed_at=printed_at, sign=sign)
    except SigningFailed as exc:  # the number taken is void (print_pdf marked it); nothing was written
        audit.record_print(form_id, PrintOutcome.FAILED_SIGNING, nik, form_id, counts)
        return JobResult(PrintOutcome.FAILED_SIGNING, exc.voided_number, sentence=exc.id_text,
                         exit_code=EXIT_NOT_WRITTEN, voided=bool(exc.voided_number))
    except NotAuthentic as exc:
        return refused(PrintOutcome.BLOCKED_UNVERIFIED, exc.id_text, EXIT_NOT_AUTHENTIC)
    except SealRefused as exc:  # no seal key (or keyring): not printed unsealed; no number used, or it is void
        log.warning("letter not printed: it cannot be sealed")
        audit.record_print(form_id, SealRefused.outcome, nik, form_id, counts)
        return refused(SealRefused.outcome, exc.id_text)
    except NumberingError as exc:  # e.g. the office server away and no offline block: no number, no letter
        log.warning("letter not printed: no number issued")
        audit.record_print(form_id, PrintOutcome.FAILED_NUMBERING, nik, form_id, counts)
        return refused(PrintOutcome.FAILED_NUMBERING, str(exc))
    except SaveFailed as exc:  # disk full, no permission: no PDF (or only the older one) is there
        audit.record_print(form_id, exc.outcome, nik, form_id, counts)
        return JobResult(exc.outcome, exc.voided_number, sentence=exc.id_text,
                         exit_code=EXIT_NOT_WRITTEN, voided=bool(exc.voided_number))
    except ValueError as exc:  # a form with problems or an uncalibrated printer: the caller checks first
        return refused(PrintOutcome.FAILED_INVALID, str(exc), EXIT_USAGE)
    notice = getattr(number, "notice", "")
    number = str(number or "")
    digest = prepared.sealed.digest if prepared.sealed else ""
    if send is not None:
        try:
            pages = send(out)
        except OSError as exc:
            log.warning("printer failed: %s", failure(exc))
            audit.record_print(form_id, PrintOutcome.PRINTER_MISSING, nik, form_id, counts)
            mark_letter(number, "void", "printer_failed")
            return JobResult(PrintOutcome.PRINTER_MISSING, number, sentence=PRINTER_FAILED, exit_code=EXIT_NOT_WRITTEN,
                             voided=bool(number))
        finally:
            out.unlink(missing_ok=True)
        mark_letter(number, "printed", seal_digest=digest)  # the paper is out: the number is used
        record_seal_digest(number, digest, settings)  # type: ignore[arg-type]
        copy_note = keep_copy(prepared, number, form_id=form_id, nik=nik, outcome=PrintOutcome.PRINTED,
                              printed_at=printed_at, settings=settings, paper=paper)
        try:
            audit.record_print(form_id, PrintOutcome.PRINTED, nik, form_id, counts, strict=True)
        except audit.AuditUnavailable as exc:
            return JobResult(PrintOutcome.PRINTED, number, notice, pages, audit_missed=exc.id_text,
                             copy_note=copy_note)
        return JobResult(PrintOutcome.PRINTED, number, notice, pages, copy_note=copy_note)
    outcome = PrintOutcome.SAVED_PREVIEW if preview else PrintOutcome.SAVED_PDF
    try:
        audit.record_print(form_id, outcome, nik, form_id, counts, strict=True)
    except audit.AuditUnavailable as exc:
        if out.is_file() and not out.is_symlink():  # not /dev/stdout: a pipe cannot be taken back
            out.unlink(missing_ok=True)  # a letter nobody can account for is not left on disk
        mark_letter(number, "void", PrintOutcome.AUDIT_UNAVAILABLE)  # the register's reason: the same code
        return JobResult(PrintOutcome.AUDIT_UNAVAILABLE, number, sentence=exc.id_text, exit_code=exc.exit_code,
                         voided=bool(number))
    mark_letter(number, "saved", seal_digest=digest)
    record_seal_digest(number, digest, settings)  # type: ignore[arg-type]
    copy_note = "" if preview else keep_copy(prepared, number, form_id=form_id, nik=nik, outcome=outcome,
                                             printed_at=printed_at, settings=settings, paper=paper)
    return JobResult(outcome, number, notice, target=out, copy_note=copy_note)


COPY_NOT_KEPT = ("Salinan surat ini tidak disimpan di komputer ini (kunci salinan atau berkas salinan tidak dapat "
                 "dipakai), sehingga surat ini tidak dapat dicetak ulang dari Loket. Surat tetap tercatat di "
                 "register nomor. Hubungi petugas IT.")


def keep_copy(prepared: Prepared, number: str, *, form_id: str, nik: str | None, outcome: PrintOutcome,
              printed_at: datetime, settings: object, paper: str | None) -> str:
    """What a reprint of this letter needs, encrypted (app/letters/copies.py). Never fails the print: the paper is
    out and numbered; without its copy a reprint is refused, and the log says why. Returns the clerk's
    sentence when the copy had trouble ("" when kept, or when copies are off)."""
    from app.letters import copies
    from app.letters.formdata import paper_for

    values = dict(prepared.filled.values)
    if number:
        values["nomor_surat"] = number
    def keep() -> None:
        copies.keep(number=number, form_id=prepared.template.id, service=form_id, printed_at=printed_at,
                    outcome=outcome, nik=nik, values=values, office=prepared.office, photo=prepared.photo,
                    photo_note=prepared.photo_note, unverified=prepared.unverified,
                    seal=prepared.sealed.content if prepared.sealed else "",
                    paper=paper or paper_for(prepared.template, settings), settings=settings)  # type: ignore[arg-type]

    try:
        try:
            keep()
        except copies.CopiesBroken as broken:  # set aside already: this letter's copy goes into a new file
            keep()
            return broken.kept_text
    except Exception as exc:  # keyring, disk, a broken file: the letter stands, its copy does not
        log.warning("copy for a reprint not kept: %s", failure(exc))
        return COPY_NOT_KEPT
    return ""
