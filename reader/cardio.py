"""The one thread that talks to the card readers and the SAM, and the one PC/SC context it owns.

In the window and in ``loket serve`` every exchange with a reader — a card read and the keep-alive of its
transactions, the SAM check of Diagnosa, the reader list of the settings dialog — goes through ``CardIO.run``:
the SAM keeps state across the steps of a read, so nothing may talk to it in between, and one long-lived
context (not one per read) is what lets a counter run all day: pcscd refuses a process's 201st context.
Electrum's ``run_in_hwd_thread`` is the same idea for hardware wallets, and ``check_thread`` is its
``assert_runs_in_hwd_thread``: a ``reader.readers.Pcsc`` context and every connection made through it belong
to the thread that made the context, and a call from any other thread raises ``WrongThread`` instead of
talking to a reader behind the read's back. (A one-shot command, ``loket read`` or ``loket doctor``, owns its
context on its only thread.) The one other context of the window is ``reader.events.Monitor``'s: it only
watches for cards and readers (SCardGetStatusChange), never connects to one, on a thread of its own; and in
``--demo`` the simulated citizen's hand (app/sim/demo.py) looks for its virtual readers with its own.

The thread is a daemon of its own (not a ThreadPoolExecutor, whose threads the interpreter joins at exit):
a reader call that never returns — another program holding the SAM's transaction — can delay a read, be
given up by ``run(timeout=…)``, and never keep the window from closing.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import Future

    from reader.readers import Pcsc

log = logging.getLogger("loket.cardio")
T = TypeVar("T")
_STOP = object()


class CardIOClosed(RuntimeError):
    """The counter is shutting down: no more card exchanges are taken."""


class WrongThread(RuntimeError):
    """A PC/SC call from a thread that does not own the context: a bug, said loudly (never a silent race)."""


def check_thread(owner: threading.Thread, what: str) -> None:
    """Raise ``WrongThread`` unless this is ``owner``, the thread that made the PC/SC context."""
    here = threading.current_thread()
    if here is not owner:
        raise WrongThread(f"{what} called on thread {here.name!r}; its PC/SC context belongs to {owner.name!r}")


class CardIO:
    """``with CardIO() as io: io.run(lambda pcsc: ...)``; the context is made on first use, kept, and
    released on ``close``. A service that is down at first use is simply tried again at the next call."""

    def __init__(self, name: str = "loket-cardio") -> None:
        self._jobs: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._pcsc: Pcsc | None = None
        self._closed = False
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._serve, name=name, daemon=True)
        self._thread.start()

    def __enter__(self) -> CardIO:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _owned(self) -> Pcsc:
        if self._pcsc is None:
            from reader.readers import Pcsc

            self._pcsc = Pcsc()  # PcscUnavailable when the service is down; the next call tries again
        return self._pcsc

    def _serve(self) -> None:
        while True:
            job = self._jobs.get()
            if job is _STOP:
                break
            fn, future = job
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(fn(self._owned()))
            except BaseException as exc:  # handed to the caller, who says it to the clerk
                future.set_exception(exc)
        if self._pcsc is not None:
            self._pcsc.release()
            self._pcsc = None

    def submit(self, fn: Callable[[Pcsc], T]) -> Future[T]:
        # Imported here: every one-shot read loads this module for check_thread, only the window submits.
        from concurrent.futures import Future

        future: Future[T] = Future()
        with self._lock:
            if self._closed:
                raise CardIOClosed("card I/O is closed")
            self._jobs.put((fn, future))
        return future

    def run(self, fn: Callable[[Pcsc], T], timeout: float | None = None) -> T:
        """``fn(pcsc)`` on the card-I/O thread; its result or its exception, here. ``timeout``: raise
        concurrent.futures.TimeoutError instead of waiting longer (the call itself goes on)."""
        if threading.current_thread() is self._thread:
            return fn(self._owned())  # already on the card-I/O thread (a step calling another)
        return self.submit(fn).result(timeout)

    def close(self, timeout: float = 5.0) -> None:
        """No more jobs; the context is released once the one in flight ends (waited for ``timeout``)."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._jobs.put(_STOP)
        self._thread.join(timeout)
        if self._thread.is_alive():
            log.warning("card I/O still busy at shutdown; its context goes with the process")
