"""Reader and card events from PC/SC, pushed to a callback from one background thread.

The thread blocks in SCardGetStatusChange (no busy polling) over every reader plus the PnP pseudo-reader,
so a card tap, a removal, or a reader plugged in is reported within pcscd's own latency. When the service
goes away (pcscd or the Windows Smart Card service restarted) it says so once, then re-establishes the
context by itself and says when it is back.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from smartcard import scard

log = logging.getLogger("loket.events")

PNP = "\\\\?PnP?\\Notification"
_SERVICE_GONE = {
    scard.SCARD_E_NO_SERVICE & 0xFFFFFFFF,
    scard.SCARD_E_SERVICE_STOPPED & 0xFFFFFFFF,
    scard.SCARD_E_INVALID_HANDLE & 0xFFFFFFFF,
}

READER_ADDED = "reader-added"
READER_REMOVED = "reader-removed"
CARD_INSERTED = "card-inserted"
CARD_REMOVED = "card-removed"
SERVICE_LOST = "service-lost"
SERVICE_BACK = "service-back"


@dataclass(frozen=True)
class ReaderEvent:
    kind: str
    reader: str = ""
    atr: bytes = b""


class Monitor:
    """Start it, get ``ReaderEvent``s on ``callback`` (called on the monitor thread), stop it."""

    def __init__(self, callback: Callable[[ReaderEvent], None], wake_ms: int = 1000,
                 retry_seconds: float = 1.0) -> None:
        self.callback = callback
        self.wake_ms = wake_ms  # longest block before re-checking the stop flag
        self.retry_seconds = retry_seconds
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._context: int | None = None
        self._present: dict[str, bool] = {}
        self._service_ok: bool | None = None
        self._pnp_supported = True
        self._pnp_seen = False
        self._pnp_state = 0

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="loket-pcsc-monitor", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 3.0) -> None:
        self._stop.set()
        if self._context is not None:
            scard.SCardCancel(self._context)  # wakes the blocking SCardGetStatusChange at once
        if self._thread:
            self._thread.join(timeout)

    @property
    def readers(self) -> list[str]:
        return list(self._present)

    def _emit(self, event: ReaderEvent) -> None:
        try:
            self.callback(event)
        except Exception:  # a bug in a listener must not kill card detection for the whole day
            log.exception("reader event listener failed on %s", event.kind)

    def _service(self, ok: bool) -> None:
        if ok != self._service_ok:
            if ok and self._service_ok is False:
                self._emit(ReaderEvent(SERVICE_BACK))
            elif not ok:
                log.warning("PC/SC service unavailable; retrying every %.1f s", self.retry_seconds)
                for name in list(self._present):
                    self._emit(ReaderEvent(READER_REMOVED, name))
                self._present.clear()
                self._emit(ReaderEvent(SERVICE_LOST))
            self._service_ok = ok

    def _drop_context(self) -> None:
        if self._context is not None:
            scard.SCardReleaseContext(self._context)
            self._context = None

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._loop_once()
            except Exception:  # keep watching whatever happens; report and retry
                log.exception("reader monitor error")
                self._drop_context()
                self._stop.wait(self.retry_seconds)
        self._drop_context()

    def _establish(self) -> bool:
        hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        if hresult != scard.SCARD_S_SUCCESS:
            self._service(False)
            return False
        self._context = context
        self._service(True)
        return True

    def _list(self) -> list[str] | None:
        hresult, names = scard.SCardListReaders(self._context, [])
        code = hresult & 0xFFFFFFFF
        if hresult == scard.SCARD_S_SUCCESS:
            return list(names)
        if code == scard.SCARD_E_NO_READERS_AVAILABLE & 0xFFFFFFFF:
            return []
        return None

    def _sync_readers(self, names: list[str]) -> None:
        for gone in [n for n in self._present if n not in names]:
            if self._present.pop(gone):
                self._emit(ReaderEvent(CARD_REMOVED, gone))
            self._emit(ReaderEvent(READER_REMOVED, gone))
        for new in [n for n in names if n not in self._present]:
            self._present[new] = False
            self._emit(ReaderEvent(READER_ADDED, new))

    def _loop_once(self) -> None:
        if self._context is None and not self._establish():
            self._stop.wait(self.retry_seconds)
            return
        names = self._list()
        if names is None:
            self._drop_context()
            self._service(False)
            self._stop.wait(self.retry_seconds)
            return
        self._sync_readers(names)
        states = [(n, scard.SCARD_STATE_UNAWARE) for n in names]
        # First pass (UNAWARE) returns at once with the current state of each reader.
        hresult, result = scard.SCardGetStatusChange(self._context, 0, states)
        if not self._handle_result(hresult, result):
            return
        states = [(n, s & ~scard.SCARD_STATE_CHANGED) for n, s, _ in result]
        while not self._stop.is_set():
            watch = states + ([(PNP, scard.SCARD_STATE_UNAWARE if not self._pnp_seen else self._pnp_state)]
                              if self._pnp_supported else [])
            hresult, result = scard.SCardGetStatusChange(self._context, self.wake_ms, watch)
            code = hresult & 0xFFFFFFFF
            if code == scard.SCARD_E_TIMEOUT & 0xFFFFFFFF:
                if not self._pnp_supported and self._list() != [n for n, _ in states]:
                    return  # no PnP on this platform: a changed list is seen on wake-up instead
                continue
            if code == scard.SCARD_E_CANCELLED & 0xFFFFFFFF:
                return
            if not self._handle_result(hresult, result):
                return
            pnp = [r for r in result if r[0] == PNP]
            if pnp:
                changed = bool(pnp[0][1] & scard.SCARD_STATE_CHANGED) and self._pnp_seen
                self._pnp_state = pnp[0][1] & ~scard.SCARD_STATE_CHANGED
                self._pnp_seen = True
                if pnp[0][1] & scard.SCARD_STATE_UNKNOWN:
                    self._pnp_supported = False
                if changed:
                    return  # reader list changed: re-list and restart watching
            states = [(n, s & ~scard.SCARD_STATE_CHANGED) for n, s, _ in result if n != PNP]

    def _handle_result(self, hresult: int, result: list[tuple[str, int, list[int]]]) -> bool:
        """Emit card events; False when the caller must re-list readers or re-establish the context."""
        code = hresult & 0xFFFFFFFF
        if code in _SERVICE_GONE:
            self._drop_context()
            self._service(False)
            self._stop.wait(self.retry_seconds)
            return False
        if code == scard.SCARD_E_UNKNOWN_READER & 0xFFFFFFFF:
            return False
        if code == scard.SCARD_E_NO_READERS_AVAILABLE & 0xFFFFFFFF:
            # Windows says this when the last reader is unplugged: readers gone, the service is still fine.
            self._sync_readers([])
            self._stop.wait(self.retry_seconds)
            return False
        if hresult != scard.SCARD_S_SUCCESS:
            log.warning("SCardGetStatusChange: %#010x", code)
            self._stop.wait(self.retry_seconds)
            return False
        for name, state, atr in result:
            if name == PNP or name not in self._present:
                continue
            if state & scard.SCARD_STATE_UNKNOWN:
                return False  # reader unplugged between list and wait
            present = bool(state & scard.SCARD_STATE_PRESENT) and not state & scard.SCARD_STATE_MUTE
            if present != self._present[name]:
                self._present[name] = present
                self._emit(ReaderEvent(CARD_INSERTED if present else CARD_REMOVED, name, bytes(atr)))
        return True
