"""How a ``loket`` process ends: the one closed set of exit codes, exactly README.md's "Exit codes" table.

An ``IntEnum``, so a member *is* its number: ``sys.exit(member)``, ``%d`` in the log, the local service's
JSON ``exit_code`` and a script's ``$?`` read as before. Here, in the lowest package, because the lowest
producers are the card read's own exceptions (``reader.errors``, each carrying its code) and ``reader`` may
import nothing of ``app``; every layer above may import it.

No module spells an exit code as a number (``tests/test_exit_codes.py`` scans ``app/`` and ``reader/``): a
command returns a member, an exception or a refusal carries one. A code a README row does not name is no
member, and a member the README does not explain fails the same test.
"""

from __future__ import annotations

from enum import IntEnum, unique


@unique
class ExitCode(IntEnum):
    """The status of one ``loket`` command (``app.cli.main``'s return value)."""

    OK = 0  # also when the reader of a list went away (`loket today | head -2`)
    FAILED = 1  # the work could not be done: a file not written, a server away or refusing, a check that failed
    USAGE = 2  # a bad argument, setting or input file; `letters number`: no number for mail
    PCSC_UNAVAILABLE = 3  # the PC/SC service (pcscd, Windows Smart Card) cannot be reached
    READER_NOT_FOUND = 4  # no card reader, or another program holds it
    NO_CARD = 5  # no card within --wait
    CARD_REMOVED = 6  # the card left or was changed during the read
    NOT_EKTP = 7  # the card is not an e-KTP
    SAM_ERROR = 8  # the SAM is missing, locked, or refused its credentials
    CARD_DATA_MALFORMED = 9  # the chip's data, or an answer the protocol does not allow
    NOT_AUTHENTIC = 10  # the chip's data is not verified (the data is still printed, marked invalid)
    REGISTRY_FAILED = 11  # the registry lookup gave no record
    INVALID = 12  # `fill`/`export`: fields missing or invalid; `audit`: the chain broken, cut or unreadable
    AUDIT_UNAVAILABLE = 13  # the audit trail cannot take the row, so the access is not made; `db`: server away
    NOT_LOKET_SEAL = 14  # `verify`: no Loket seal on it
    UNKNOWN_OFFICE = 15  # `verify`: sealed by an office the trust list does not hold
    FORGED = 16  # `verify`: the seal does not match what it seals
    REVOKED = 17  # `verify`: sealed with a key its office revoked
    PDF_CHANGED = 18  # `verify`: a valid seal, but the PDF's signature is broken or the PDF changed after it
    INTERRUPTED = 130  # Ctrl+C (128 + SIGINT, as a shell reports it)
