"""The counter of `loket serve`: the same CounterSession, card read and registry lookup as the window,
without a window. It watches the readers, reads each tapped card once, asks Dukcapil, and tells the
service's feed what a window would show. No simulator is imported here: `loket serve --demo` passes the
demo as a card source, as `loket gui --demo` does.
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from app.base.settings import Settings
from app.citizen.merge import Applicant
from app.flows.counter import CounterSession, Lift, ReadOutcome
from app.flows.idle import IdleClock, idle_seconds
from app.flows.readflow import (
    READER_READY,
    REGISTRY_ANSWERS,
    REGISTRY_SILENT,
    SAM_READY,
    FailureKind,
    ReadFailure,
    ReadSteps,
    read_citizen,
)
from app.webapi.feed import CounterFeed
from reader.cardio import CardIO
from reader.errors import PcscUnavailable
from reader.events import CARD_INSERTED, CARD_REMOVED, READER_ADDED, SERVICE_BACK, SERVICE_LOST, ReaderEvent
from reader.identity import Identity
from reader.readers import holds_card
from reader.source import CardSource

log = logging.getLogger("loket.webapi")

READ_WAIT = 2.0  # the card is on the reader already when its insertion is reported


class HeadlessCounter:
    def __init__(self, settings: Settings, feed: CounterFeed, *, service_id: str = "",
                 source: CardSource | None = None, overrides: object = None) -> None:
        self.settings = settings
        self.feed = feed
        self.source = source
        self.overrides = overrides
        self.session = CounterSession(settings)
        self.session.service_id = service_id
        self.session.idle = IdleClock(idle_seconds(settings, "webapi", "gui"))
        self._lock = threading.Lock()  # the session is touched by the monitor's thread and the reader's
        self._reads = ThreadPoolExecutor(max_workers=1, thread_name_prefix="loket-serve-read")
        self._cardio = CardIO("loket-serve-cardio") if source is None or source.transports() is None else None
        self._card_reader = (source.card_reader if source else "") or settings.readers.card_reader
        self._sam_reader = (source.sam_reader if source else "") or settings.readers.sam_reader
        self._monitor: object | None = None
        self._idle: threading.Timer | None = None

    def start(self) -> None:
        from reader.events import Monitor

        self.session.start()
        monitor = Monitor(self.on_event)
        monitor.start()
        self._monitor = monitor

    def stop(self) -> None:
        self._disarm()
        if self._monitor is not None:
            self._monitor.stop()  # type: ignore[attr-defined]
            self._monitor = None
        with self._lock:
            self.session.clear(keep_draft=False)
        self._reads.shutdown(wait=True, cancel_futures=True)
        if self._cardio is not None:
            self._cardio.close()
        self.feed.cleared()

    # --- the readers -----------------------------------------------------------------------------------

    def on_event(self, event: ReaderEvent) -> None:
        """On the monitor's thread."""
        if event.kind == SERVICE_LOST:
            self.feed.set_status("reader", "bad", PcscUnavailable.default_id_text)
        elif event.kind in (SERVICE_BACK, READER_ADDED):
            self.feed.set_status("reader", "ok", READER_READY)
        if event.kind not in (CARD_INSERTED, CARD_REMOVED) or not holds_card(event.reader, self._card_reader,
                                                                             self._sam_reader):
            return
        if event.kind == CARD_INSERTED:
            self.tap()
        else:
            self.lift()

    def tap(self) -> None:
        self._disarm()  # a card on the reader is activity
        with self._lock:
            if not self.session.tap():
                self.feed.cleared()  # a new card never mixes with the person who was on screen
            token = self.session.token
            held_uid, held_nik = self.session.held_uid, self.session.held_nik
        self.feed.card_inserted()
        self._reads.submit(self._read, token, held_uid, held_nik)

    def lift(self) -> None:
        with self._lock:
            forget = self.session.lift() is Lift.FORGET
        self.feed.card_removed()
        if forget:
            self.feed.cleared()
        else:
            self._arm()

    # --- the idle clear: nobody's record stays on offer for the rest of the day ----------------------

    def _arm(self) -> None:
        """Once the card is lifted, the session's idle clock runs (app/flows/idle.py): no warning here."""
        self._disarm()
        with self._lock:
            token = self.session.token
            self.session.idle.arm(time.monotonic())
            wait = self.session.idle.left(time.monotonic())
        timer = threading.Timer(wait, self._idle_clear, (token,))
        timer.daemon = True
        self._idle = timer
        timer.start()

    def _disarm(self) -> None:
        timer, self._idle = self._idle, None
        if timer is not None:
            timer.cancel()

    def _idle_clear(self, token: int) -> None:
        with self._lock:
            if not self.session.current(token) or self.session.idle_clear(time.monotonic()) is None:
                return
        self.feed.cleared()

    def clear(self) -> None:
        """The person leaves the service (as Esc in the window)."""
        with self._lock:
            self.session.clear()
        self.feed.cleared()

    # --- one read --------------------------------------------------------------------------------------

    def _current(self, token: int) -> bool:
        with self._lock:
            return self.session.current(token)

    def _read(self, token: int, held_uid: str, held_nik: str) -> None:
        """On the read thread: app.flows.readflow's one read sequence, this counter's steps."""
        if not self._current(token):
            return
        service = self.session.service_id
        self.feed.reading("chip")

        def readers(card_reader: str, sam_reader: str) -> None:
            if card_reader:
                self._card_reader, self._sam_reader = card_reader, sam_reader
            self.feed.set_status("sam", "ok", SAM_READY)

        def same_card() -> None:
            with self._lock:
                if self.session.current(token):
                    self.session.same_card()  # the person on screen came back: no second lookup

        def identity(found: Identity) -> None:
            with self._lock:
                if not self.session.current(token):
                    return
                self.session.identity_read(found)  # whoever was on screen goes first
            self.feed.cleared()

        steps = ReadSteps(current=lambda: self._current(token), readers=readers, same_card=same_card,
                          identity=identity, looking_up=lambda: self.feed.reading("registry"),
                          person=lambda applicant, _seconds: self._person(token, applicant, service),
                          failed=lambda failure: self._failed(token, failure))
        read_citizen(self.settings, steps, source=self.source, cardio=self._cardio, service=service,
                     wait=READ_WAIT, overrides=self.overrides, held_uid=held_uid, held_nik=held_nik)

    def _person(self, token: int, applicant: Applicant, service: str) -> None:
        lookup = applicant.lookup
        status = lookup.status if lookup is not None else "failed"
        answered = status in ("found", "not_found")
        self.feed.set_status("registry", "ok" if answered else "warn",
                             REGISTRY_ANSWERS if answered else applicant.unverified_reason or REGISTRY_SILENT)
        with self._lock:
            if not self.session.current(token):
                return
            self.session.person_ready(applicant)
            lifted = not self.session.card_present
        self.feed.person(applicant, service)
        if lifted:
            self._arm()  # lifted while Dukcapil answered: the countdown starts now

    def _failed(self, token: int, failure: ReadFailure) -> None:
        if failure.kind is FailureKind.SAM:
            self.feed.set_status("sam", "bad", failure.sentence)
        with self._lock:
            if not self.session.current(token):
                return
            outcome = self.session.read_failed(failure, demo=False)
        if outcome is ReadOutcome.ERROR:
            self.feed.failed(failure.sentence, failure.exit_code)
        elif outcome is ReadOutcome.FORGET:
            self.feed.cleared()
