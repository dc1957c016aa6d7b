"""The window's side of a card read: app.flows.readflow's one read sequence, run as a job of the window's
card worker (``app.ui.ops.Worker``: one thread, a queue, every step answered on the GUI thread).

Every request carries a read token. The window bumps its token whenever a card arrives or leaves, so a
step that comes for an older token belongs to a card no longer on the reader: the read itself stops handing
on (``is_current``, the read's ``steps.current``, asked on the worker's thread), a step already posted is
dropped when it reaches the GUI thread, and the window checks the token again in its own handlers.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal, SignalInstance, Slot

from app.base.settings import Settings
from app.flows.readflow import ReadFailure, ReadSteps, failure_of, look_up_again, read_citizen
from app.ui.ops import Worker
from reader.cardio import CardIO
from reader.identity import Identity
from reader.source import CardSource


class ReadWorker(QObject):
    """Lives on the GUI thread and emits its signals there; the reads run on its ``jobs`` thread."""

    card_seen = Signal(int)
    uid_seen = Signal(int, str)  # token, the card's UID (hex): not personal, tells a new citizen from a re-tap
    same_card = Signal(int)  # token: the card of the person on screen came back (pcscd restart, re-tap)
    identity_ready = Signal(int, object)  # token, Identity (NIK, name, photo, signature): shown before the rest
    readers_known = Signal(str, str)  # card reader, SAM reader, as the read found them
    applicant_ready = Signal(int, object, float)  # token, app.citizen.merge.Applicant, seconds since the tap
    # token, the clerk's sentence (an object: a marked sentence keeps its template and values), exit code
    failed = Signal(int, object, int)
    read_failed = Signal(int, object)  # token, app.flows.readflow.ReadFailure

    def __init__(self, settings: Settings, overrides: object = None, wait: float = 2.0,
                 cardio: CardIO | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.cardio = cardio  # the window's one card-I/O thread and PC/SC context
        self.overrides = overrides
        self.wait = wait
        self._latest = 0
        self._lock = threading.Lock()  # set on the GUI thread, asked on the worker's
        self.jobs = Worker(self, "read")

    def set_latest(self, token: int) -> None:
        """Called from the GUI thread: reads for any other token are now stale."""
        with self._lock:
            self._latest = token

    def is_current(self, token: int) -> bool:
        with self._lock:
            return token == self._latest

    def _tell(self, token: int | None, signal: SignalInstance, *args: object) -> None:
        """From the read's thread: ``signal`` on the GUI thread, unless the card changed before it got there
        (``token`` None: a step that names no citizen, always delivered)."""
        def deliver() -> None:
            if token is None or self.is_current(token):
                signal.emit(*args)

        self.jobs.post("read step", deliver)

    def _steps(self, token: int) -> ReadSteps:
        def failed(said: ReadFailure) -> None:
            self._tell(token, self.read_failed, token, said)
            self._tell(token, self.failed, token, said.sentence, said.exit_code)

        return ReadSteps(
            current=lambda: self.is_current(token),
            uid=lambda uid: self._tell(token, self.uid_seen, token, uid),
            readers=lambda card, sam: self._tell(None, self.readers_known, card, sam),
            same_card=lambda: self._tell(token, self.same_card, token),
            identity=lambda identity: self._tell(token, self.identity_ready, token, identity),
            person=lambda applicant, seconds: self._tell(token, self.applicant_ready, token, applicant, seconds),
            failed=failed)

    def _queue(self, name: str, token: int, job: Callable[[], None]) -> None:
        def crashed(exc: BaseException) -> None:  # readflow never raises; a bug around it still gets a sentence
            said = failure_of(exc, name)
            if self.is_current(token):
                self.read_failed.emit(token, said)
                self.failed.emit(token, said.sentence, said.exit_code)

        self.jobs.run(name, job, lambda _result: None, crashed)

    @Slot(int, object, str, str, str)
    def read(self, token: int, source: CardSource | None, service: str = "", held_uid: str = "",
             held_nik: str = "") -> None:
        """Queue a read (from the GUI thread). ``service``: the window's service id, recorded on the read's and
        the lookup's audit rows. ``held_uid``: the UID of the card whose person is on screen; that card again
        is not a new citizen."""
        def job() -> None:
            if not self.is_current(token):
                return  # a newer tap already replaced this one while it waited in the queue
            self._tell(token, self.card_seen, token)
            read_citizen(self.settings, self._steps(token), source=source, cardio=self.cardio, service=service,
                         wait=self.wait, overrides=self.overrides, held_uid=held_uid, held_nik=held_nik)

        self._queue("card read", token, job)

    @Slot(int, object, str)
    def lookup(self, token: int, identity: Identity, service: str = "") -> None:
        """Queue the registry again for a citizen already read (the clerk's "Coba Dukcapil lagi")."""
        def job() -> None:
            if self.is_current(token):
                look_up_again(self.settings, identity, self._steps(token), service=service,
                              overrides=self.overrides)

        self._queue("registry lookup", token, job)

    def stop(self, timeout: float = 5.0) -> None:
        """At closing: anything still running reports nothing, and its thread is given ``timeout`` to end."""
        self.set_latest(-1)
        self.jobs.close(timeout)
