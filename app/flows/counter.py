"""The counter session: one citizen at a time, from the tap to the print, without Qt.

The window renders this state and forwards the clerk's keys; it holds no workflow of its own. One explicit
:class:`Stage` at a time, moved only along :data:`TRANSITIONS`::

    WAITING --tap--> READING --record--> SHOWN --typing--> TYPING --print/save--> PRINTING --ok--> DONE
       ^                |  (failed: WAITING, or back to the person still on screen)    | failed: TYPING
       +---- Esc, the next citizen's card, the idle clear (the typing kept as a draft) -+
    DONE goes on to TYPING (more typing), SHOWN (the same card again) or PRINTING (another copy).

Others watch it instead of polling: ``session.listen(listener)`` calls ``listener(event)`` with an
:class:`Event` on every change (card, stage, person, choice, typing, service, failed read, print result).

The read token: every card arriving or leaving bumps it, and a worker result carrying an older token is
dropped, so a second citizen's card can never show, or print, the first citizen's data. The person stays
when the card is lifted (only Esc, another card or the idle clear take them away), and what the clerk typed
is kept encrypted as a draft until the form is printed or saved, so a crash or a power cut loses nothing.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from app import audit
from app.base.clerktext import QT_TRANSLATE_NOOP
from app.base.logsetup import failure
from app.base.outcome import PrintOutcome
from app.base.settings import Settings
from app.citizen.merge import Applicant, Source
from app.flows import drafts
from app.flows.idle import IdleClock, Phase, idle_seconds
from app.flows.readflow import FailureKind, ReadFailure
from app.letters.catalog import (
    BASIC_ID,
    Checked,
    NotPrintable,
    Service,
    applicant_blocked,
    check,
    office_defaults,
    ready_to_print,
)
from app.letters.printjob import JobResult, refused, run_job
from reader.errors import NoCard
from reader.identity import Identity
from reader.spelling import ADDRESS_FIELDS

log = logging.getLogger("loket.counter")

PRINT_CANCELLED = QT_TRANSLATE_NOOP("Core", "Pencetakan dibatalkan.")


class Stage(StrEnum):
    WAITING = "waiting"  # the calm prompt: no person on screen
    READING = "reading"  # a card was tapped; its data is on its way
    SHOWN = "shown"  # the merged record is on screen, nothing typed yet
    TYPING = "typing"  # the clerk has typed something for this person
    PRINTING = "printing"  # a print or save job runs in the background
    DONE = "done"  # printed or saved; the person stays until Esc, the next card or the idle clear


# Every move the session makes (a stage to itself is no move). The same card again and more typing after a
# print move DONE on (to SHOWN or TYPING); any stage goes to WAITING when the person leaves.
TRANSITIONS: dict[Stage, frozenset[Stage]] = {
    Stage.WAITING: frozenset({Stage.READING}),
    Stage.READING: frozenset({Stage.WAITING, Stage.SHOWN, Stage.TYPING}),
    Stage.SHOWN: frozenset({Stage.WAITING, Stage.TYPING, Stage.PRINTING}),
    Stage.TYPING: frozenset({Stage.WAITING, Stage.SHOWN, Stage.PRINTING}),
    Stage.PRINTING: frozenset({Stage.WAITING, Stage.DONE, Stage.TYPING}),
    Stage.DONE: frozenset({Stage.WAITING, Stage.SHOWN, Stage.TYPING, Stage.PRINTING}),
}


class IllegalTransition(RuntimeError):
    """A stage move :data:`TRANSITIONS` does not hold: a bug in a front end or in the session."""


class Lift(StrEnum):
    """What a lifted card means for the screen."""

    FORGET = "forget"  # nothing was shown yet: the read in flight is dropped
    KEEP = "keep"  # the person (and the typing) stay until Esc, the next card or the idle clear


class ReadOutcome(StrEnum):
    """What a failed read means for the screen (:meth:`CounterSession.read_failed`)."""

    KEPT = "kept"  # the person on screen stays (the failed tap may be their card)
    FORGET = "forget"  # nothing to say: the card left before the read
    ERROR = "error"  # the prompt shows the sentence


class Change(StrEnum):
    """What changed in the session; a listener reads the rest from the session itself."""

    CARD = "card"  # a card was put on the reader or lifted (session.card_present)
    STAGE = "stage"  # session.stage moved (Event.previous: from where)
    IDENTITY = "identity"  # the chip's read of a new citizen arrived (session.identity); the record follows
    PERSON = "person"  # the person on screen arrived, was looked up again, or left (session.applicant is None)
    CHOICE = "choice"  # a chip/registry choice on the record (session.applicant's fields)
    TYPING = "typing"  # what was typed for the person changed (session.typed)
    SERVICE = "service"  # the clerk picked another service (session.service_id)
    FAILED = "failed"  # a read failed: Event.outcome, and Event.reason (what the clerk is told)
    PRINTED = "printed"  # a print or save job answered: Event.result (app.letters.printjob.JobResult)


@dataclass(frozen=True)
class Event:
    change: Change
    previous: Stage | None = None  # Change.STAGE: the stage before
    outcome: ReadOutcome | None = None  # Change.FAILED
    reason: ReadFailure | None = None  # Change.FAILED: what the clerk is told
    result: JobResult | None = None  # Change.PRINTED


Listener = Callable[[Event], None]


def strict_default() -> bool:
    """Tests (tests/conftest.py sets LOKET_STRICT_SESSION=1) raise on an illegal move or a failing listener;
    a counter logs it and goes on: the stage decides which buttons are on and where a print's answer
    leads, while what keeps one citizen's data from another's (the read token) does not depend on it, so a
    crash in front of a citizen would cost more than a wrong button state."""
    return os.environ.get("LOKET_STRICT_SESSION") == "1"


@dataclass
class CounterSession:
    """The state of one counter, for the window (app/ui/main_window.py) and any other front end."""

    settings: Settings
    on_token: Callable[[int], None] = lambda token: None  # the reader worker learns the current token
    stage: Stage = Stage.WAITING
    token: int = 0
    card_present: bool = False
    identity: Identity | None = None  # the chip's read, once it arrived (the record may still be on its way)
    applicant: Applicant | None = None  # the merged record on screen
    service_id: str = ""  # the service the clerk picked (the window keeps it current)
    typed: dict[str, object] = field(default_factory=dict)
    draft_id: str | None = None  # a fresh uuid4 per citizen, never the NIK: names the encrypted draft
    drafts_ok: bool = True  # False once drafts proved unavailable (said once, then off)
    unfinished: list[drafts.Draft] = field(default_factory=list)  # what a crash left, offered on that card
    offer: drafts.Draft | None = None  # the unfinished draft of the person on screen (F7 restores it)
    relookup: bool = False  # the registry is asked again for the person on screen: the typing stays
    # Office fields (Satpas, the clerk's name and NIP): the picked service's, and the last value typed for
    # each this session, carried to the next citizen. A citizen's own fields are never carried.
    office_keys: frozenset[str] = frozenset()
    office_typed: dict[str, object] = field(default_factory=dict)
    carried: dict[str, object] = field(default_factory=dict)  # what the office fields started with, this citizen
    strict: bool = field(default_factory=strict_default)  # raise on an illegal move (tests), else log it
    idle: IdleClock = field(init=False)  # when the person left on screen goes (app/flows/idle.py)
    _listeners: list[Listener] = field(default_factory=list, init=False, repr=False)

    def __post_init__(self) -> None:
        self.idle = IdleClock(idle_seconds(self.settings))  # the window's; `loket serve` sets its own

    # --- watching ---------------------------------------------------------------------------------------

    def listen(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener(event)`` after every change, on the thread that made it (the window's: its GUI
        thread; ``loket serve``: its monitor or read thread, under its lock). A listener reads the session
        and must not change it. Returns the function that stops the calls."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def _tell(self, change: Change, **details: object) -> None:
        event = Event(change, **details)  # type: ignore[arg-type]
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception as exc:  # one broken watcher must not stop the counter or the others
                if self.strict:
                    raise
                log.error("session listener failed on %s: %s", change, failure(exc))

    def _move(self, stage: Stage) -> None:
        previous = self.stage
        if stage is previous:
            return
        if stage not in TRANSITIONS[previous]:
            if self.strict:
                raise IllegalTransition(f"{previous} -> {stage}")
            log.error("illegal counter stage move %s -> %s", previous, stage)
        self.stage = stage
        self._tell(Change.STAGE, previous=previous)

    def _set_card(self, present: bool) -> None:
        if present != self.card_present:
            self.card_present = present
            self._tell(Change.CARD)

    # --- start ------------------------------------------------------------------------------------------

    def start(self) -> int:
        """Purge drafts older than the retention, load what a crash left; returns how many are unfinished."""
        retention = drafts.retention(self.settings)
        try:
            drafts.purge(retention)
        except OSError as exc:
            log.warning("drafts not purged: %s", failure(exc))
        try:
            self.unfinished = [d for d in drafts.load_drafts(retention) if d.card]
        except drafts.DraftsUnavailable:
            self.unfinished = []
        except OSError as exc:
            log.warning("drafts not read: %s", failure(exc))
            self.unfinished = []
        return len(self.unfinished)

    def use_service(self, service: Service) -> None:
        """The clerk picked ``service``: its office fields are the ones carried from now on."""
        changed = service.id != self.service_id
        self.service_id = service.id
        self.office_keys = frozenset(f.key for f in service.fields if f.office)
        if changed:
            self._tell(Change.SERVICE)

    def office_values(self) -> dict[str, object]:
        """What the office fields of the picked service start with: the last typed this session, else the
        settings' ``forms.office_fields``."""
        defaults = office_defaults(self.settings)
        out: dict[str, object] = {}
        for key in self.office_keys:
            value = self.office_typed.get(key) or defaults.get(key)
            if _filled(value):
                out[key] = value
        return out

    def carry_office_fields(self) -> None:
        """The person on screen keeps what was typed; an empty office field of the (new) service is filled."""
        for key, value in self.office_values().items():
            if not _filled(self.typed.get(key)):
                self.typed[key] = self.carried[key] = value
                self._tell(Change.TYPING)

    def citizen_typed(self) -> dict[str, object]:
        """What was typed for this citizen, without the office fields."""
        return {k: v for k, v in self.typed.items() if k not in self.office_keys}

    # --- the read token ---------------------------------------------------------------------------------

    def new_token(self) -> int:
        self.token += 1
        self.on_token(self.token)
        return self.token

    def current(self, token: int) -> bool:
        return token == self.token

    @property
    def held_uid(self) -> str:
        """The UID of the card whose person is on screen: that card again is not a new citizen."""
        return self.identity.uid if self.applicant is not None and self.identity is not None else ""

    @property
    def held_nik(self) -> str:
        return self.identity.nik if self.held_uid and self.identity is not None else ""

    # --- the card ---------------------------------------------------------------------------------------

    def tap(self) -> bool:
        """A card arrived. True: a person is on screen and stays until the card names itself (the same card
        keeps everything; another clears it at once); False: the screen starts a fresh read."""
        self._set_card(True)
        self.idle.stop()  # a card on the reader is activity: no idle clear in the middle of a read
        if self.held_uid:
            self.new_token()
            return True
        self.clear()
        self._move(Stage.READING)
        return False

    def lift(self) -> Lift:
        self._set_card(False)
        if self.identity is None and self.applicant is None:
            self.clear()
            return Lift.FORGET
        if self.applicant is not None:
            self.new_token()  # a re-read of this card still running reports nothing
        return Lift.KEEP

    def other_card(self) -> None:
        """Another card than the one of the person on screen: that person goes before anything new shows."""
        self.drop_person()
        self._move(Stage.READING)

    def same_card(self) -> None:
        if self.stage is Stage.PRINTING:
            return  # the job's answer decides what comes next
        self._move(Stage.TYPING if any(_filled(v) for v in self.citizen_typed().values()) else Stage.SHOWN)

    def identity_read(self, identity: Identity) -> None:
        """A new citizen's chip data (the read already told it from the card on screen): whoever was on
        screen goes first, so one person's name never shows over another's record."""
        if self.applicant is not None:
            self.other_card()
        self.identity = identity
        self._tell(Change.IDENTITY)

    def person_ready(self, applicant: Applicant, typed: Mapping[str, object] | None = None) -> bool:
        """The merged record arrived. True when it answers a re-lookup of the person already on screen."""
        relookup, self.relookup = self.relookup, False
        self.applicant = applicant
        if typed is not None:
            self.typed = dict(typed)
        if not relookup:
            self.draft_id = str(uuid.uuid4())
            self.carried = self.office_values()
            self.typed = {**self.carried, **dict(typed or {})}  # never the last citizen's own fields
            self.offer = self._unfinished_for(applicant)
        self._tell(Change.PERSON)
        self.same_card()
        return relookup

    def read_failed(self, reason: ReadFailure | int, demo: bool) -> ReadOutcome:
        """A read failed (``reason``: app.flows.readflow's, or only the CLI's exit code); the listeners hear
        it with the outcome. No card within the wait on real readers is the card gone before the read:
        nothing to say. In the demo the clerk pressed Tempelkan, so the same is an error to show."""
        no_card = reason.kind is FailureKind.NO_CARD if isinstance(reason, ReadFailure) \
            else reason == NoCard.exit_code
        if self.applicant is not None:
            self.same_card()
            outcome = ReadOutcome.KEPT
        else:
            self.clear()
            outcome = ReadOutcome.FORGET if no_card and not demo else ReadOutcome.ERROR
        self._tell(Change.FAILED, outcome=outcome, reason=reason if isinstance(reason, ReadFailure) else None)
        return outcome

    def ask_registry_again(self) -> int:
        """"Coba Dukcapil lagi": the token for the re-lookup; what was typed and the draft stay."""
        self.relookup = True
        return self.new_token()

    @property
    def can_ask_registry_again(self) -> bool:
        lookup = self.applicant.lookup if self.applicant is not None else None
        # Asked again only when it did not answer (unreachable, refused, garbage): "not found" is an answer.
        return self.applicant is not None and (lookup is None or lookup.status in ("failed", "refused"))

    # --- the clerk's work on the record -----------------------------------------------------------------

    def set_typed(self, typed: Mapping[str, object]) -> None:
        typed = dict(typed)
        if typed == self.typed:
            return
        self.typed = typed
        for key in self.office_keys:
            if _filled(self.typed.get(key)):
                self.office_typed[key] = self.typed[key]
        if self.stage in (Stage.SHOWN, Stage.TYPING, Stage.DONE) and any(
                _filled(v) for v in self.citizen_typed().values()):
            self._move(Stage.TYPING)
        self._tell(Change.TYPING)

    def choose(self, name: str, source: str | Source) -> None:
        """One discrepancy choice; the address moves as a whole (street, RT/RW and area together)."""
        a = self.applicant
        if a is None:
            return
        group = ADDRESS_FIELDS if name in ADDRESS_FIELDS else (name,)
        for f in group:
            if a.discrepancy(f) is not None:
                a.choose(f, Source(source))
        self._tell(Change.CHOICE)

    def check(self, service: Service, typed: Mapping[str, object] | None = None) -> Checked:
        assert self.applicant is not None
        typed = self.typed if typed is None else typed
        checked = check(service, self.applicant, typed, self.settings)
        filled = getattr(checked.prepared, "filled", None)
        if filled is not None:
            # A carried office field was not typed for this citizen: the report counts it as typing saved.
            filled.typed_keys -= {k for k, v in self.carried.items() if typed.get(k) == v}
        return checked

    @property
    def print_blocked(self) -> bool:
        """The person's chip failed its authenticity check and the settings do not allow printing it."""
        return self.applicant is not None and applicant_blocked(self.applicant, self.settings)

    # --- drafts -----------------------------------------------------------------------------------------

    def save_draft(self) -> str:
        """What was typed, encrypted, for the unfinished-citizen restore. Returns the clerk's sentence once
        when drafts cannot be kept on this machine, else ""."""
        if self.draft_id is None or self.applicant is None or not self.drafts_ok:
            return ""
        fields = {k: ("YA" if v is True else "" if v in (None, False) else str(v)) for k, v in self.typed.items()}
        try:
            if any(v for k, v in fields.items() if k not in self.office_keys):  # carried fields alone: no draft
                identity = self.applicant.identity
                drafts.save_draft(self.draft_id, fields, card=drafts.card_tag(identity.uid, identity.nik),
                                  service=self.service_id)
            else:
                drafts.discard(self.draft_id)
        except drafts.DraftsUnavailable:
            return self._drafts_unavailable()
        except OSError as exc:
            log.warning("draft not saved: %s", failure(exc))
        return ""

    def discard_draft(self, draft_id: str | None = None) -> str:
        """The form was printed or saved, or the person left: what was typed for them goes from the disk."""
        draft_id = draft_id or self.draft_id
        if draft_id is None or not self.drafts_ok:
            return ""
        try:
            drafts.discard(draft_id)
        except drafts.DraftsUnavailable:
            return self._drafts_unavailable()
        except OSError as exc:
            log.warning("draft not discarded: %s", failure(exc))
        return ""

    def _drafts_unavailable(self) -> str:
        if not self.drafts_ok:
            return ""
        self.drafts_ok = False
        return drafts.DraftsUnavailable.id_text

    def _unfinished_for(self, applicant: Applicant) -> drafts.Draft | None:
        if not self.unfinished:
            return None
        try:
            tag = drafts.card_tag(applicant.identity.uid, applicant.identity.nik)
        except drafts.DraftsUnavailable:
            return None
        found = [d for d in self.unfinished if d.card == tag]
        return found[-1] if found else None  # the newest

    def restore(self) -> drafts.Draft | None:
        """F7: the unfinished draft of this person becomes the typing; the same draft file goes on."""
        draft, self.offer = self.offer, None
        if draft is None or self.applicant is None:
            return None
        self.unfinished = [d for d in self.unfinished if d.session_id != draft.session_id]
        if self.draft_id and self.draft_id != draft.session_id:
            self.discard_draft()  # this tap's own (empty) draft: the restored one goes on
        self.draft_id = draft.session_id
        self.set_typed(dict(draft.fields))
        return draft

    # --- leaving ----------------------------------------------------------------------------------------

    def drop_person(self, keep_draft: bool = False) -> str:
        """The person leaves the screen and memory; with ``keep_draft`` the typing stays, encrypted."""
        said = ""
        had = self.applicant is not None or self.identity is not None
        if self.applicant is not None:
            said = self.save_draft() if keep_draft else self.discard_draft()
        self.relookup = False
        self.offer = None
        self.carried = {}
        self.draft_id = None
        self.applicant = None
        self.identity = None
        self.typed = {}
        self.idle.stop()
        self._move(Stage.WAITING)  # a job still running for them finishes, and is only reported
        if had:
            self._tell(Change.PERSON)
        return said

    def clear(self, keep_draft: bool = False) -> str:
        """Esc, the idle clear: a read still running for this person is dropped on return."""
        self.new_token()
        return self.drop_person(keep_draft)

    def idle_clear(self, now: float) -> str | None:
        """The idle wait ran out (``now`` on the clock ``idle`` was armed with): the person goes, what was
        typed kept as an encrypted draft, never lost. None when nothing went (the clerk came back, a card
        arrived, nobody was on screen); else the drafts' sentence, usually empty."""
        if self.applicant is None or self.idle.phase(now) is not Phase.DUE:
            return None
        log.info("idle clear: the person left the screen after %.0f s", self.idle.seconds)
        return self.clear(keep_draft=True)

    # --- print and save ---------------------------------------------------------------------------------

    def print_refusal(self, service: Service, checked: Checked) -> JobResult | None:
        """Why this form cannot start printing now (before any printer dialog or number), or None."""
        if self.applicant is None or service.id == BASIC_ID:
            return refused(PrintOutcome.NO_FORM, "")
        if self.stage is Stage.PRINTING:
            return refused(PrintOutcome.BUSY, "")
        try:
            ready_to_print(checked)
        except NotPrintable as exc:
            return refused(exc.outcome, exc.id_text)
        return None

    def print_cancelled(self, service: Service, checked: Checked) -> JobResult:
        """The clerk cancelled the printer dialog: no number was taken; the attempt is audited (the office
        report counts it), and the listeners hear it as the print's answer."""
        nik = self.applicant.identity.nik if self.applicant is not None else None
        audit.record_print(service.id, PrintOutcome.CANCELLED, nik, service.id,
                           checked.prepared.filled.counts() if checked.prepared is not None else None)
        result = refused(PrintOutcome.CANCELLED, PRINT_CANCELLED)
        self._tell(Change.PRINTED, result=result)
        return result

    def job(self, service: Service, checked: Checked, out: Path, send: Callable[[Path], int] | None = None,
            passphrase: Callable[[], str | None] | None = None) -> Callable[[], JobResult]:
        """The print or save of the person on screen as one call to run off the GUI thread: it holds its
        own copy of everything it prints, so a card tapped meanwhile cannot change the letter."""
        assert self.applicant is not None and checked.prepared is not None
        prepared, nik, form_id = checked.prepared, self.applicant.identity.nik, service.id
        settings = self.settings
        self._move(Stage.PRINTING)
        return lambda: run_job(prepared, out, form_id=form_id, nik=nik, settings=settings,  # type: ignore[arg-type]
                               send=send, passphrase=passphrase)

    def job_done(self, result: JobResult, draft_id: str | None) -> str:
        """A job came back. Printed or saved: the draft of that person goes; returns a drafts sentence."""
        said = self.discard_draft(draft_id) if result.ok else ""
        if self.stage is Stage.PRINTING and draft_id == self.draft_id:
            self._move(Stage.DONE if result.ok else Stage.TYPING)
        self._tell(Change.PRINTED, result=result)
        return said


def _filled(value: object) -> bool:
    return value not in (None, "", False)
