"""The window's way to do work off the GUI thread (after Anki's ``QueryOp``): printing, saving, the preview's
render, numbering, the office server, today's figures, a reprint, Diagnosa's checks, the settings' reader list,
the demo card's lift. While the work runs the window repaints and takes keys; its answer (or the exception)
comes back as one call on the GUI thread. The card read itself is the one exception: its worker
(app/ui/worker.py) lives on a QThread of its own and reports by signals, token by token.

Card and reader work goes through ``reader.cardio.CardIO`` (the one card thread): a background job that needs
a reader calls ``cardio.run(...)`` from its thread and waits there, never on the GUI thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.base.logsetup import failure

log = logging.getLogger("loket.ui")


class _Relay(QObject):
    """Lives on the GUI thread: a signal emitted from the worker thread is delivered there (queued)."""

    answered = Signal(object, object)  # result, exception


class Background:
    """Background operations owned by one widget (the window, a dialog): each answered once on the GUI thread,
    unless its owner was closed meanwhile (then the answer is dropped, the work itself still finishes)."""

    def __init__(self, parent: QObject) -> None:
        self.parent = parent
        self._running: dict[threading.Thread, _Relay] = {}

    def run(self, name: str, work: Callable[[], Any], done: Callable[[Any], None],
            failed: Callable[[BaseException], None]) -> None:
        relay = _Relay(self.parent)

        def answer(result: object, error: object) -> None:
            self._running.pop(thread, None)
            relay.deleteLater()
            if error is not None:
                failed(error)  # type: ignore[arg-type]
            else:
                done(result)

        relay.answered.connect(answer)

        def tell(result: object, error: BaseException | None) -> None:
            try:
                relay.answered.emit(result, error)
            except RuntimeError:  # the owner (and its relay) was deleted meanwhile: nobody to answer
                log.info("background %s answered after its window closed", name)

        def body() -> None:
            try:
                result = work()
            except BaseException as exc:  # a bug in a job must reach the window as a sentence, not kill a thread
                log.error("background %s failed: %s", name, failure(exc))
                tell(None, exc)
                return
            tell(result, None)

        thread = threading.Thread(target=body, name=f"loket-{name}", daemon=True)
        self._running[thread] = relay
        thread.start()

    def wait(self, timeout: float = 10.0) -> None:
        """At closing: a print already on its way to the printer finishes (its answer is not shown)."""
        for thread in list(self._running):
            thread.join(timeout)
