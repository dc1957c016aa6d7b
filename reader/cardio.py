"""The one thread that talks to the card readers and the SAM, and the one PC/SC context it owns.

Every exchange with a reader — a card read, the SAM check of Diagnosa, a reader list for the settings —
goes through ``CardIO.run``: the SAM keeps state across the steps of a read, so nothing may talk to it in
between, and one long-lived context (not one per read) is what lets a counter run all day: pcscd refuses a
process's 201st context. Electrum's ``run_in_hwd_thread`` is the same idea for hardware wallets.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

from reader.readers import Pcsc

log = logging.getLogger("loket.cardio")
T = TypeVar("T")


class CardIOClosed(RuntimeError):
    """The counter is shutting down: no more card exchanges are taken."""


class CardIO:
    """``with CardIO() as io: io.run(lambda pcsc: ...)``; the context is made on first use, kept, and
    released on ``close``. A service that is down at first use is simply tried again at the next call."""

    def __init__(self, name: str = "loket-cardio") -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._pcsc: Pcsc | None = None
        self._thread: int | None = None
        self._closed = False
        self._lock = threading.Lock()

    def __enter__(self) -> CardIO:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _owned(self) -> Pcsc:
        self._thread = threading.get_ident()
        if self._pcsc is None:
            self._pcsc = Pcsc()  # PcscUnavailable when the service is down; the next call tries again
        return self._pcsc

    def submit(self, fn: Callable[[Pcsc], T]) -> Future[T]:
        with self._lock:
            if self._closed:
                raise CardIOClosed("card I/O is closed")
            return self._pool.submit(lambda: fn(self._owned()))

    def run(self, fn: Callable[[Pcsc], T], timeout: float | None = None) -> T:
        """``fn(pcsc)`` on the card-I/O thread; its result or its exception, here."""
        if threading.get_ident() == self._thread:
            return fn(self._owned())  # already on the card-I/O thread (a step calling another)
        return self.submit(fn).result(timeout)

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._pool.submit(self._release)
        self._pool.shutdown(wait=True)

    def _release(self) -> None:
        if self._pcsc is not None:
            self._pcsc.release()
            self._pcsc = None
