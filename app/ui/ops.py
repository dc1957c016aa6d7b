"""Work that must not freeze the window, run on a thread and answered on the GUI thread (after Anki's
``QueryOp``): printing, saving, numbering, the office server. While it runs the window repaints and takes
keys; its answer (or the exception) comes back as one call on the GUI thread.
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
    """The window's background operations: started here, each answered once on the GUI thread."""

    def __init__(self, parent: QObject) -> None:
        self.parent = parent
        self._running: dict[threading.Thread, _Relay] = {}

    @property
    def busy(self) -> int:
        return len(self._running)

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

        def body() -> None:
            try:
                result = work()
            except BaseException as exc:  # a bug in a job must reach the window as a sentence, not kill a thread
                log.error("background %s failed: %s", name, failure(exc))
                relay.answered.emit(None, exc)
                return
            relay.answered.emit(result, None)

        thread = threading.Thread(target=body, name=f"loket-{name}", daemon=True)
        self._running[thread] = relay
        thread.start()

    def wait(self, timeout: float = 10.0) -> None:
        """At closing: a print already on its way to the printer finishes (its answer is not shown)."""
        for thread in list(self._running):
            thread.join(timeout)
