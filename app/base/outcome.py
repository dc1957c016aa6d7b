"""How a print, save or reprint ended: the one closed set of codes, from the file writer up to the window.

Each value is the short code the audit trail's print row, the kept copy's index, the local service's JSON
(``outcome``, ``X-Loket-Outcome``, an error's ``code``) and the reports have always carried, so a member
*is* that string (a ``StrEnum``): stored, logged, formatted or sent, it reads byte for byte as before. Here,
on the ground floor, because the lowest producer is the file writer (``outfile.SaveFailed``): its codes are
the same for any file Loket writes, and an export's audit row carries them too.

Nothing else in ``app`` spells one of these codes (``tests/test_print_outcome.py`` scans for that): a
producer returns or raises a member, a consumer compares against members.
"""

from __future__ import annotations

from enum import StrEnum, unique


@unique
class PrintOutcome(StrEnum):
    """The audit code of one print job (app.letters.printjob.JobResult.outcome)."""

    # Done: the paper is out or the file is there (app.letters.printjob.OK_OUTCOMES).
    PRINTED = "printed"
    SAVED_PDF = "saved_pdf"
    SAVED_PREVIEW = "saved_preview"
    REPRINTED = "reprinted"  # a kept copy, marked SALINAN, on paper (app.letters.reprint)
    REPRINTED_PDF = "reprinted_pdf"

    # Not started: no number taken, nothing written.
    NO_PERSON = "no_person"  # nobody on screen
    NO_FORM = "no_form"  # the basic record, no form chosen
    NO_RENDERER = "no_renderer"  # the window cannot draw PDF pages on this machine
    BUSY = "busy"  # a print is running for this counter already
    NOT_NOW = "not_now"  # the button is off (a card being read, the person leaving)
    NOT_READY = "not_ready"  # the form has problems (app.letters.catalog.NotPrintable)
    NOT_STARTED = "not_started"  # a reprint asked for with nothing to reprint
    CANCELLED = "cancelled"  # the clerk closed the printer, file or passphrase dialog
    AUDIT_UNAVAILABLE = "audit_unavailable"  # the trail cannot take the row: not done, or the number void
    BLOCKED_UNVERIFIED = "blocked_unverified"  # the chip failed its check and the office does not allow it
    NO_COPY = "no_copy"  # a reprint whose kept copy is gone, expired or under another key

    # Failed on the way: any number taken is void.
    FAILED_SIGNING = "failed_signing"  # the PDF signature (app.letters.pdfsign)
    FAILED_SEAL = "failed_seal"  # the letter seal (app.letters.formdata.SealRefused)
    FAILED_NUMBERING = "failed_numbering"  # no letter number (office server away, no offline block)
    FAILED_INVALID = "failed_invalid"  # the form or the printer's calibration is not usable
    FAILED_INTERNAL = "failed_internal"  # a bug in the job, said to the clerk without a traceback
    PRINTER_MISSING = "printer_missing"  # the printer refused or is gone

    # The file writer (app.base.outfile.SaveFailed), for a letter and for any other file.
    DISK_FULL = "disk_full"
    FAILED_WRITE = "failed_write"  # no permission, an I/O error
    REFUSED_SYMLINK = "refused_symlink"
    REFUSED_DIRECTORY = "refused_directory"
    REFUSED_NO_FOLDER = "refused_no_folder"
    REFUSED_FIFO = "refused_fifo"  # a pipe nobody reads
