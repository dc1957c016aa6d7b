"""The window's side of a card read: app.flows.readflow's one read sequence, on a thread of its own,
reporting back by signals.

Every request carries a read token. The window bumps its token whenever a card arrives or leaves, so a
result that comes back for an older token belongs to a card no longer on the reader and is dropped here
(``is_current``, the read's ``steps.current``) and again on the GUI thread.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, QThread, Signal, Slot

from app.base.settings import Settings
from app.flows.readflow import ReadFailure, ReadSteps, look_up_again, read_citizen
from reader.cardio import CardIO
from reader.identity import Identity
from reader.source import CardSource


class ReadWorker(QObject):
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
        self._lock = threading.Lock()

    def set_latest(self, token: int) -> None:
        """Called from the GUI thread: reads for any other token are now stale."""
        with self._lock:
            self._latest = token

    def is_current(self, token: int) -> bool:
        with self._lock:
            return token == self._latest

    def _steps(self, token: int) -> ReadSteps:
        def failed(said: ReadFailure) -> None:
            self.read_failed.emit(token, said)
            self.failed.emit(token, said.sentence, said.exit_code)

        return ReadSteps(
            current=lambda: self.is_current(token),
            uid=lambda uid: self.uid_seen.emit(token, uid),
            readers=self.readers_known.emit,
            same_card=lambda: self.same_card.emit(token),
            identity=lambda identity: self.identity_ready.emit(token, identity),
            person=lambda applicant, seconds: self.applicant_ready.emit(token, applicant, seconds),
            failed=failed)

    @Slot(int, object, str, str, str)
    def read(self, token: int, source: CardSource | None, service: str = "", held_uid: str = "",
             held_nik: str = "") -> None:
        """``service``: the window's service id, recorded on the read's and the lookup's audit rows.
        ``held_uid``: the UID of the card whose person is on screen; that card again is not a new citizen."""
        if not self.is_current(token):
            return  # a newer tap already replaced this one while it waited in the queue
        self.card_seen.emit(token)
        read_citizen(self.settings, self._steps(token), source=source, cardio=self.cardio, service=service,
                     wait=self.wait, overrides=self.overrides, held_uid=held_uid, held_nik=held_nik)

    @Slot(int, object, str)
    def lookup(self, token: int, identity: Identity, service: str = "") -> None:
        """The registry again for a citizen already read (the clerk's "Coba Dukcapil lagi")."""
        if self.is_current(token):
            look_up_again(self.settings, identity, self._steps(token), service=service, overrides=self.overrides)


class WorkerThread:
    """The worker and its QThread, started together and stopped together."""

    def __init__(self, worker: ReadWorker) -> None:
        self.worker = worker
        self.thread = QThread()
        self.thread.setObjectName("loket-read")
        worker.moveToThread(self.thread)
        self.thread.start()

    def stop(self, timeout_ms: int = 5000) -> None:
        self.worker.set_latest(-1)  # anything still running reports nothing
        self.thread.quit()
        self.thread.wait(timeout_ms)
