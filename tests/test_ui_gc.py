"""The cyclic garbage collector must only run on the GUI thread once the window exists."""

from __future__ import annotations

import gc

from app.base.settings import Settings
from app.ui import gc_guard
from app.ui.main_window import MainWindow


def test_window_moves_garbage_collection_to_the_gui_thread(qtbot):
    window = MainWindow(Settings(), watch_readers=False, save_settings=False)
    qtbot.addWidget(window)
    assert not gc.isenabled()  # no collection can start inside the card-read worker
    assert gc_guard._guard is not None and gc_guard._guard.isActive()
    assert gc_guard._guard.thread() is window.thread()


def test_guard_collects_young_garbage_when_the_threshold_is_passed():
    class Cycle:
        pass

    for _ in range(gc.get_threshold()[0] + 50):
        a, b = Cycle(), Cycle()
        a.b, b.a = b, a
    before = gc.get_count()[0]
    gc_guard._collect()
    assert gc.get_count()[0] < before
