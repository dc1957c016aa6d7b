"""The window's one way to do work off the GUI thread (after Anki's ``QueryOp``): work runs on a thread made
here, and its answer (or the exception) comes back as one call on the GUI thread; while it
runs the window repaints and takes keys. No other module of app/ui starts a thread (tests/test_ui_ops.py
scans them); the parts the window drives keep their own: the card thread (reader/cardio.py), the card
monitor (reader/events.py), the outbox (app/storage/sync.py), the local service (app/webapi/server.py).

Two forms of it:

- ``Background``: a thread per job, for work that may overlap — printing, saving, the preview's render,
  numbering, the office server, today's figures, a reprint, Diagnosa's checks, the settings' reader list, the
  demo card's lift.
- ``Worker``: one long-lived thread with a queue, for jobs that must run one after another — the card read and
  the registry lookups of "Coba Dukcapil lagi" (app/ui/worker.py): a read never overlaps the next. While a job
  runs it can hand steps to the GUI thread (``post``: the card's UID, the chip's identity before the registry
  answers), delivered in order, before its answer.

Card and reader work goes through ``reader.cardio.CardIO`` (the one card thread): a job that needs a reader
calls ``cardio.run(...)`` from its thread and waits there, never on the GUI thread.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from app.base.logsetup import failure

log = logging.getLogger("loket.ui")
_STOP = object()


class _Relay(QObject):
    """Made on the GUI thread, a child of the owner: a callable emitted from any thread is called here — the
    receiver is this object, so Qt queues the call onto the GUI thread — in the order emitted, and never after
    the owner was deleted (the relay goes with it)."""

    call = Signal(object)

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.call.connect(self._call)

    @Slot(object)
    def _call(self, call: Callable[[], None]) -> None:
        call()


def _post(relay: _Relay, name: str, call: Callable[[], None]) -> None:
    try:
        relay.call.emit(call)
    except RuntimeError:  # the owner (and its relay) was deleted meanwhile: nobody to answer
        log.info("background %s answered after its window closed", name)


def _answer(name: str, work: Callable[[], Any], done: Callable[[Any], None],
            failed: Callable[[BaseException], None]) -> Callable[[], None]:
    """Run ``work`` here; what the GUI thread is to call with its result."""
    try:
        result = work()
    except BaseException as exc:  # a bug in a job must reach the window as a sentence, not kill a thread
        log.error("background %s failed: %s", name, failure(exc))
        error = exc  # ``exc`` itself is unbound when the except block ends
        return lambda: failed(error)
    return lambda: done(result)


class Background:
    """Background operations owned by one widget (the window, a dialog), each on a thread of its own: each
    answered once on the GUI thread, unless its owner was closed meanwhile (then the answer is dropped, the
    work itself still finishes)."""

    def __init__(self, parent: QObject) -> None:
        self.parent = parent
        self._relay = _Relay(parent)
        self._running: set[threading.Thread] = set()

    def run(self, name: str, work: Callable[[], Any], done: Callable[[Any], None],
            failed: Callable[[BaseException], None]) -> None:
        def body() -> None:
            answer = _answer(name, work, done, failed)

            def finish() -> None:
                self._running.discard(thread)
                answer()

            _post(self._relay, name, finish)

        thread = threading.Thread(target=body, name=f"loket-{name}", daemon=True)
        self._running.add(thread)
        thread.start()

    def wait(self, timeout: float = 10.0) -> None:
        """At closing: a print already on its way to the printer finishes (its answer is not shown)."""
        for thread in list(self._running):
            thread.join(timeout)


class Worker:
    """One long-lived thread owned by one widget, and its queue: jobs run there one after another in the
    order given, each answered once on the GUI thread like ``Background``'s; ``post`` hands a step of the
    running job to the GUI thread, in order with the answers. A daemon, so a job that never returns (a
    registry that trickles) cannot keep the window from closing; ``close`` gives it ``timeout`` to finish."""

    def __init__(self, parent: QObject, name: str) -> None:
        self.name = name
        self._relay = _Relay(parent)
        self._jobs: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._closed = False
        self._thread = threading.Thread(target=self._serve, name=f"loket-{name}", daemon=True)
        self._thread.start()

    def run(self, name: str, work: Callable[[], Any], done: Callable[[Any], None],
            failed: Callable[[BaseException], None]) -> None:
        """Queue a job (from the GUI thread); after ``close`` it is dropped."""
        if self._closed:
            log.info("%s job %s dropped: the worker is closed", self.name, name)
            return
        self._jobs.put((name, work, done, failed))

    def post(self, name: str, call: Callable[[], None]) -> None:
        """From a running job: ``call`` on the GUI thread, after every step and answer posted before it."""
        _post(self._relay, name, call)

    def on_thread(self) -> bool:
        """True on the worker's own thread (a job's check that it runs where it should)."""
        return threading.current_thread() is self._thread

    def _serve(self) -> None:
        while True:
            job = self._jobs.get()
            if job is _STOP:
                return
            name, work, done, failed = job
            self.post(name, _answer(name, work, done, failed))

    def close(self, timeout: float = 5.0) -> None:
        """No more jobs; the one running (if any) is given ``timeout`` seconds to end."""
        self._closed = True
        self._jobs.put(_STOP)
        self._thread.join(timeout)
