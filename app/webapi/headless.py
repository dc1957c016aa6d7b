"""The counter of `loket serve`: the same CounterSession, card read and registry lookup as the window,
without a window. It watches the readers, reads each tapped card once, asks Dukcapil, and tells the
service's feed what a window would show. No simulator is imported here: `loket serve --demo` passes the
demo as a card source, as `loket gui --demo` does.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor

from app.audit import AuditUnavailable
from app.base.logsetup import failure
from app.base.settings import Settings
from app.citizen.cardread import read_card
from app.citizen.lookup import lookup_for_identity
from app.flows.counter import CounterSession, Lift
from app.webapi.feed import CounterFeed
from reader.cardio import CardIO
from reader.errors import PcscUnavailable, ReadError, SamError
from reader.events import CARD_INSERTED, CARD_REMOVED, READER_ADDED, SERVICE_BACK, SERVICE_LOST, ReaderEvent
from reader.source import CardSource

log = logging.getLogger("loket.webapi")

READ_WAIT = 2.0  # the card is on the reader already when its insertion is reported
DEFAULT_IDLE_SECONDS = 180.0  # as the window's idle clear (gui.idle_seconds)
READ_FAILED = "Terjadi kesalahan saat membaca kartu. Coba tempelkan kembali kartu."


class HeadlessCounter:
    def __init__(self, settings: Settings, feed: CounterFeed, *, service_id: str = "",
                 source: CardSource | None = None, overrides: object = None) -> None:
        self.settings = settings
        self.feed = feed
        self.source = source
        self.overrides = overrides
        self.session = CounterSession(settings)
        self.session.service_id = service_id
        self._lock = threading.Lock()  # the session is touched by the monitor's thread and the reader's
        self._reads = ThreadPoolExecutor(max_workers=1, thread_name_prefix="loket-serve-read")
        self._cardio = CardIO("loket-serve-cardio") if source is None or source.transports() is None else None
        self._card_reader = (source.card_reader if source else "") or settings.readers.card_reader
        self._sam_reader = (source.sam_reader if source else "") or settings.readers.sam_reader
        self._monitor: object | None = None
        self._idle: threading.Timer | None = None
        self.idle_seconds = idle_seconds(settings)

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

    def _is_card_reader(self, reader: str) -> bool:
        if self._card_reader:
            return self._card_reader in reader
        return not (self._sam_reader and self._sam_reader in reader) and "SAM" not in reader.upper()

    def on_event(self, event: ReaderEvent) -> None:
        """On the monitor's thread."""
        if event.kind == SERVICE_LOST:
            self.feed.set_status("reader", "bad", PcscUnavailable.default_id_text)
        elif event.kind in (SERVICE_BACK, READER_ADDED):
            self.feed.set_status("reader", "ok", "Pembaca siap")
        if event.kind not in (CARD_INSERTED, CARD_REMOVED) or not self._is_card_reader(event.reader):
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
        self._disarm()
        with self._lock:
            token = self.session.token
        timer = threading.Timer(self.idle_seconds, self._idle_clear, (token,))
        timer.daemon = True
        self._idle = timer
        timer.start()

    def _disarm(self) -> None:
        timer, self._idle = self._idle, None
        if timer is not None:
            timer.cancel()

    def _idle_clear(self, token: int) -> None:
        with self._lock:
            if not self.session.current(token) or self.session.applicant is None:
                return
        log.info("idle clear: the person left the service after %.0f s", self.idle_seconds)
        self.clear()

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
        if not self._current(token):
            return
        service = self.session.service_id
        self.feed.reading("chip")
        try:
            result = read_card(self.settings, wait=READ_WAIT, source=self.source, service=service,
                               cardio=self._cardio)
            if result.card_reader:
                self._card_reader, self._sam_reader = result.card_reader, result.sam_reader
            self.feed.set_status("sam", "ok", "SAM siap")
            identity = result.identity
            if not self._current(token):
                return
            if held_uid and identity.uid == held_uid and identity.nik == held_nik:
                with self._lock:
                    self.session.same_card()
                return  # the person on screen came back: no second lookup
            with self._lock:
                if self.session.applicant is not None:
                    self.session.other_card()
                    self.feed.cleared()
                self.session.identity_read(identity)
            self.feed.reading("registry")
            applicant = lookup_for_identity(identity, self.settings, self.overrides, service=service)
        except (ReadError, AuditUnavailable) as exc:
            log.warning("card read failed: %s (exit %d)", failure(exc), exc.exit_code)
            if isinstance(exc, SamError):
                self.feed.set_status("sam", "bad", exc.id_text)
            self._failed(token, exc.id_text, exc.exit_code)
            return
        except Exception as exc:  # a bug must not end the service for the rest of the day
            log.error("card read crashed: %s", failure(exc))
            self._failed(token, READ_FAILED, 1)
            return
        lookup = applicant.lookup
        status = lookup.status if lookup is not None else "failed"
        self.feed.set_status("registry", "ok" if status in ("found", "not_found") else "warn",
                             "Dukcapil terhubung" if status in ("found", "not_found")
                             else applicant.unverified_reason or "Dukcapil tidak menjawab")
        with self._lock:
            if not self.session.current(token):
                return
            self.session.person_ready(applicant)
            lifted = not self.session.card_present
        self.feed.person(applicant, service)
        if lifted:
            self._arm()  # lifted while Dukcapil answered: the countdown starts now

    def _failed(self, token: int, sentence: str, exit_code: int) -> None:
        with self._lock:
            if not self.session.current(token):
                return
            outcome = self.session.read_failed(exit_code, demo=False)
        if outcome == "error":
            self.feed.failed(sentence, exit_code)
        elif outcome == "forget":
            self.feed.cleared()


def idle_seconds(settings: Settings) -> float:
    """``webapi.idle_seconds``, else the window's ``gui.idle_seconds``, else 180 s after the card is lifted."""
    for section in ("webapi", "gui"):
        raw = settings.extra.get(section)
        value = raw.get("idle_seconds") if isinstance(raw, dict) else None
        if isinstance(value, int | float) and not isinstance(value, bool) and 0 < value <= 86400:
            return float(value)
    return DEFAULT_IDLE_SECONDS
