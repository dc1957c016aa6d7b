"""How a hand-off of a citizen's record ended: an export file, the configured hand-off command, a client of
the local service, the letter register — the one closed set of codes an ``export`` audit row carries.

Each value is the code those rows (``audit.record_export``, ``audit.record_handoff``) and the docs have always
read, so a member *is* that string (a ``StrEnum``), as ``app.base.outcome.PrintOutcome``'s are. Here, on the
ground floor, because both output bands write these rows and neither may import the other (``app.export``
for files and commands, ``app.report.register`` for the register), and the local service (``app.webapi``)
above them writes them too.

Why a second enum and not PrintOutcome: an export is no print job (no number, no copy, no printer) and has
causes a print never has (a hand-off command, a clerk refusing a client), so one enum for both would let a
print end ``handed_off`` and an export end ``printer_missing``. It shares two things with a print, taken
from PrintOutcome rather than spelled again: the file writer's codes (``app.base.outfile.SaveFailed``
carries PrintOutcome members, the same for any file Loket writes), so ``ExportOutcome(save_failed.outcome)``
is the export's outcome of a failed write; and ``blocked_unverified``, the same refusal in both. A form a
client of the local service had made that did not finish is recorded as ``form_`` + its PrintOutcome: that
family is PrintOutcome's, not repeated here.

Nothing else in ``app`` spells one of these codes (``tests/test_export_outcome.py`` scans for that).
"""

from __future__ import annotations

from enum import StrEnum, unique

from app.base.outcome import PrintOutcome


@unique
class ExportOutcome(StrEnum):
    """The outcome of one ``export`` audit row (``app.export.core.write``'s return, ``ExportError.outcome``)."""

    # Done.
    WRITTEN = "written"  # the file is there (`loket export` without --command, the letter register)
    HANDED_OFF = "handed_off"  # the office's command took the file, or a local-service client got the record

    # Refused: nothing written or given.
    BLOCKED_UNVERIFIED = PrintOutcome.BLOCKED_UNVERIFIED.value  # the chip failed its check; the office forbids it
    REFUSED_BY_CLERK = "refused_by_clerk"  # the clerk did not let a local-service client have the record
    FAILED_USAGE = "failed_usage"  # an unknown target, or a --set that is no field of the record
    FAILED_INCOMPLETE = "failed_incomplete"  # the record lacks what the target requires

    # The file is written, the hand-off is not.
    FAILED_NO_COMMAND = "failed_no_command"  # no export.commands.<target> set
    FAILED_HANDOFF = "failed_handoff"  # the command failed, or ran past its time

    # The file writer (app.base.outfile.SaveFailed): PrintOutcome's codes, the same for any file Loket writes.
    DISK_FULL = PrintOutcome.DISK_FULL.value
    FAILED_WRITE = PrintOutcome.FAILED_WRITE.value  # no permission, an I/O error
    REFUSED_SYMLINK = PrintOutcome.REFUSED_SYMLINK.value
    REFUSED_DIRECTORY = PrintOutcome.REFUSED_DIRECTORY.value
    REFUSED_NO_FOLDER = PrintOutcome.REFUSED_NO_FOLDER.value
    REFUSED_FIFO = PrintOutcome.REFUSED_FIFO.value  # a pipe nobody reads
