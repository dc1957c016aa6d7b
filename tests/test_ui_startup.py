"""The counter window's cold start does not load the PDF side (reportlab, through app.letters.formdata, the export
core and the report's charts): it is loaded on the first preview, print, save, export or report instead.
bench/gui_start.py measures the time; this checks the cause in a fresh process, offscreen."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

ROOT = Path(__file__).resolve().parent.parent
CHILD = r"""
import json, sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from app.base.settings import Settings
from app.ui.main_window import MainWindow
window = MainWindow(Settings(), demo=True, watch_readers=False, save_settings=False)
window.show()
app.processEvents()
watched = ("reportlab", "app.letters.formdata", "app.export.core", "app.report.chart")
loaded = {name: name in sys.modules for name in watched}
shown = bool(window.export_button.menu().actions()) and window.report_button.isVisible()
window.shutdown()
print(json.dumps({"loaded": loaded, "shown": shown}))
"""


def test_the_window_starts_without_the_pdf_side() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LOKET_DEMO_TRANSPORT": "in-process"}
    done = subprocess.run([sys.executable, "-c", CHILD], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["shown"], "the Ekspor menu and the Laporan button are there"
    assert not any(result["loaded"].values()), result["loaded"]


def test_the_export_menu_offers_every_export_target(qapp) -> None:
    from app.base.settings import Settings
    from app.export import registry
    from app.ui.main_window import MainWindow

    window = MainWindow(Settings(), demo=True, watch_readers=False, save_settings=False)
    try:
        assert [a.data() for a in window.export_button.menu().actions()] == list(registry.TARGETS)
    finally:
        window.shutdown()
