"""Python's cyclic garbage collector runs only on the GUI thread.

Left alone, a collection can start in whichever thread allocates at that moment, e.g. the card-read worker,
and destroy Qt objects that belong to the GUI thread: a crash (seen as a segfault under load). So automatic
collection is switched off and a timer on the GUI thread collects instead.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

_guard: QTimer | None = None


def install(parent: QObject, interval_ms: int = 1000) -> None:
    global _guard
    if _guard is not None:
        return
    gc.disable()
    _guard = QTimer(parent)
    _guard.setInterval(interval_ms)
    _guard.timeout.connect(_collect)
    _guard.start()


def _collect() -> None:
    # Only the youngest generation usually; older ones when their thresholds say so, as gc itself would.
    threshold0, threshold1, threshold2 = gc.get_threshold()
    count0, count1, count2 = gc.get_count()
    if count0 > threshold0:
        generation = 2 if count2 > threshold2 else 1 if count1 > threshold1 else 0
        gc.collect(generation)
