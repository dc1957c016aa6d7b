"""What the counter shows now, as the service sees it, fed by whichever host runs the counter.

The host (the window's GUI thread, or the headless counter of `loket serve`) calls the ``card_*``,
``person`` and ``status`` methods; the service's loop reads :meth:`snapshot` and hears every change as an
event (a plain dict, no personal data) through the listeners. The person is a copy taken when it was
shown, so a clerk's later click on the screen and a request being answered never share one object.
"""

from __future__ import annotations

import copy
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from app.citizen.merge import Applicant
from reader.exitcodes import ExitCode

Event = dict[str, object]

STATUS_PARTS = ("reader", "sam", "registry")


@dataclass(frozen=True)
class Snapshot:
    applicant: Applicant | None = None
    handoff: str = ""  # a fresh random id per citizen on screen; "" with nobody on screen
    service_id: str = ""
    failure: tuple[str, ExitCode] | None = None  # the last read's sentence and exit code, while nobody is shown


@dataclass
class CounterFeed:
    listeners: list[Callable[[Event], None]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _snapshot: Snapshot = field(default_factory=Snapshot)
    _person_key: tuple[str, str] = ("", "")  # (card UID, NIK) of the person on screen: in memory only
    _status: dict[str, dict[str, str]] = field(
        default_factory=lambda: {p: {"state": "idle", "sentence": ""} for p in STATUS_PARTS})
    _card_present: bool = False

    # --- the host's side --------------------------------------------------------------------------------

    def card_inserted(self) -> None:
        with self._lock:
            self._card_present = True
        self._emit({"type": "card_inserted"})

    def reading(self, step: str) -> None:
        """Progress of the read: ``chip`` (the card is being read), ``registry`` (Dukcapil is asked)."""
        self._emit({"type": "read_progress", "step": step})

    def card_removed(self) -> None:
        with self._lock:
            self._card_present = False
        self._emit({"type": "card_removed"})

    def person(self, applicant: Applicant, service_id: str) -> None:
        """The merged record is on screen (again: a re-lookup or a clerk's choice keeps its hand-off)."""
        key = (applicant.identity.uid, applicant.identity.nik)
        shown = copy.deepcopy(applicant)
        with self._lock:
            same = key == self._person_key and bool(self._snapshot.handoff)
            handoff = self._snapshot.handoff if same else uuid.uuid4().hex
            self._person_key = key
            self._snapshot = Snapshot(shown, handoff, service_id)
        if not same:
            self._emit({"type": "record_ready", "handoff": handoff, "service": service_id})

    def failed(self, sentence: str, exit_code: ExitCode) -> None:
        """A read failed and nobody is on screen: a client asking now hears why, with the CLI's exit code."""
        self.cleared()
        with self._lock:
            self._snapshot = Snapshot(failure=(sentence, exit_code))
        self._emit({"type": "read_failed", "message": sentence, "exit_code": exit_code})

    def cleared(self) -> None:
        """Nobody on screen any more (Esc, the idle clear, another citizen's card on its way)."""
        with self._lock:
            had = bool(self._snapshot.handoff)
            self._snapshot, self._person_key = Snapshot(), ("", "")
        if had:
            self._emit({"type": "cleared"})

    def set_status(self, part: str, state: str, sentence: str) -> None:
        with self._lock:
            if self._status.get(part) == {"state": state, "sentence": sentence}:
                return
            self._status[part] = {"state": state, "sentence": sentence}
        self._emit({"type": "status", "part": part, "state": state, "sentence": sentence})

    # --- the service's side -----------------------------------------------------------------------------

    def snapshot(self) -> Snapshot:
        with self._lock:
            return self._snapshot

    def status(self) -> dict[str, object]:
        with self._lock:
            snap = self._snapshot
            return {**{p: dict(v) for p, v in self._status.items()}, "card_present": self._card_present,
                    "person_on_screen": snap.applicant is not None, "handoff": snap.handoff or None,
                    "service": snap.service_id or None}

    def _emit(self, event: Event) -> None:
        for listener in list(self.listeners):
            listener(event)
