"""One card read at the counter, for every front end: read → same card? → identity → lookup → person.

The window (app/ui/worker.py, on its read thread) and `loket serve` (app/webapi/headless.py) both call
:func:`read_citizen` and :func:`look_up_again`; each hands in :class:`ReadSteps`, the callbacks that show
what the read found on its own screen or feed. The rule that keeps one citizen's data from another's lives
here once: ``steps.current()`` (the front end's read token, bumped by every card that arrives or leaves) is
asked after the chip, before the registry and after it, and nothing is handed on for a read that is no
longer current — a card swapped while Dukcapil answers never shows the first citizen's record. Every
failure is mapped to one :class:`ReadFailure` (:func:`failure_of`), its sentence marked for translation.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from app.audit import AuditUnavailable
from app.base.clerktext import QT_TRANSLATE_NOOP
from app.base.logsetup import failure
from app.base.settings import Settings
from app.citizen.cardread import read_card
from app.citizen.lookup import lookup_for_identity
from app.citizen.merge import Applicant
from reader.cardio import CardIO
from reader.errors import NoCard, ReadError, SamError
from reader.exitcodes import ExitCode
from reader.identity import Identity
from reader.source import CardSource

log = logging.getLogger("loket.read")

# What a read says of the parts it used, beside the failures' own sentences (reader.errors, app.audit): for a
# front end without the window's status bar (`loket serve`'s feed). The general failure is ReadError's.
READER_READY = QT_TRANSLATE_NOOP("Core", "Pembaca siap")
SAM_READY = QT_TRANSLATE_NOOP("Core", "SAM siap")
REGISTRY_ANSWERS = QT_TRANSLATE_NOOP("Core", "Dukcapil terhubung")
REGISTRY_SILENT = QT_TRANSLATE_NOOP("Core", "Dukcapil tidak menjawab")


class FailureKind(StrEnum):
    """What a failed read means beyond its sentence."""

    NO_CARD = "no_card"  # no card within the wait: on real readers, the card left before the read began
    SAM = "sam"  # the SAM is missing, locked or refused its credentials: the status bar says so too
    AUDIT = "audit"  # the audit trail cannot be written: nothing is read unrecorded
    CARD = "card"  # any other reason the card could not be read (its sentence says which)
    INTERNAL = "internal"  # a bug: the clerk hears the general sentence, the log where it happened


@dataclass(frozen=True)
class ReadFailure:
    sentence: str  # the clerk's, Indonesian, marked "Core" (the window translates it)
    exit_code: ExitCode  # as the CLI exits for the same cause
    kind: FailureKind


def failure_of(exc: BaseException, step: str = "card read") -> ReadFailure:
    """The one mapping from what went wrong to what the clerk is told; the log gets the English."""
    if isinstance(exc, ReadError | AuditUnavailable):
        log.warning("%s failed: %s (exit %d)", step, failure(exc), exc.exit_code)
        kind = (FailureKind.NO_CARD if isinstance(exc, NoCard) else FailureKind.SAM if isinstance(exc, SamError)
                else FailureKind.AUDIT if isinstance(exc, AuditUnavailable) else FailureKind.CARD)
        return ReadFailure(exc.id_text, exc.exit_code, kind)
    log.error("%s crashed: %s", step, failure(exc))  # the type and place only: a message could quote card data
    return ReadFailure(ReadError.default_id_text, ReadError.exit_code, FailureKind.INTERNAL)


def _nothing(*_args: object) -> None:
    return None


@dataclass
class ReadSteps:
    """What the front end does at each step, called on the thread that runs the read. ``current`` is asked
    before anything is handed on; the others show it."""

    current: Callable[[], bool]  # is this read still the one for the card on the reader (the read token)
    uid: Callable[[str], None] = field(default=_nothing)  # the card named itself (UID hex), before any data
    readers: Callable[[str, str], None] = field(default=_nothing)  # the SAM answered; the readers PC/SC named
    same_card: Callable[[], None] = field(default=_nothing)  # the card of the person on screen came back
    identity: Callable[[Identity], None] = field(default=_nothing)  # a new citizen's chip data: shown first
    looking_up: Callable[[], None] = field(default=_nothing)  # Dukcapil is being asked
    person: Callable[[Applicant, float], None] = field(default=_nothing)  # the merged record, seconds since start
    failed: Callable[[ReadFailure], None] = field(default=_nothing)


def read_citizen(settings: Settings, steps: ReadSteps, *, source: CardSource | None = None,
                 cardio: CardIO | None = None, service: str = "", wait: float = 2.0, overrides: object = None,
                 held_uid: str = "", held_nik: str = "") -> None:
    """Read the card on the reader and hand on what it is. ``held_uid``/``held_nik``: the card of the
    person on screen; that card again is not a new citizen (no second lookup, no quota). ``service``: the
    clerk's service, on the read's and the lookup's audit rows. Never raises: a failure is ``steps.failed``."""
    started = time.perf_counter()
    try:
        result = read_card(settings, wait=wait, source=source, service=service, cardio=cardio,
                           on_uid=lambda uid: steps.uid(uid.hex().upper()))
        # The SAM answered. Reader names only from PC/SC: an in-process plug-in's are not readers to watch.
        pcsc = source is None or source.transports() is None
        steps.readers(result.card_reader if pcsc else "", result.sam_reader if pcsc else "")
        identity = result.identity
        if not steps.current():
            return
        if held_uid and identity.uid == held_uid and identity.nik == held_nik:
            steps.same_card()
            return
        steps.identity(identity)
        if not steps.current():
            return  # the card left (or another came) after the chip: no lookup and no quota for it
        steps.looking_up()
        applicant = lookup_for_identity(identity, settings, overrides, service=service)
    except Exception as exc:  # a bug must not end the counter for the rest of the day
        said = failure_of(exc)
        if steps.current():
            steps.failed(said)
        return
    if steps.current():
        steps.person(applicant, time.perf_counter() - started)


def look_up_again(settings: Settings, identity: Identity, steps: ReadSteps, *, service: str = "",
                  overrides: object = None) -> None:
    """"Coba Dukcapil lagi": the registry again for the citizen already read, with the same mapping."""
    started = time.perf_counter()
    try:
        steps.looking_up()
        applicant = lookup_for_identity(identity, settings, overrides, service=service)
    except Exception as exc:
        said = failure_of(exc, "registry lookup")
        if steps.current():
            steps.failed(said)
        return
    if steps.current():
        steps.person(applicant, time.perf_counter() - started)
