"""Drafts come back: a counter window typing for a citizen is killed with SIGKILL (a power cut, a crash);
the next window says there is unfinished work, and when the same citizen's card is tapped one key (F7)
restores what was typed — still encrypted on disk, and gone once the form is printed or saved."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt

from app.base.settings import Settings
from app.flows import drafts
from app.sim.registry import SIM_AGENCY
from app.ui.main_window import MainWindow
from reader.simulator.population import POPULATION
from tests.ui_jobs import save_as

ROOT = Path(__file__).resolve().parent.parent
RISKY = 0  # DEMO_CARDS index of POPULATION[1]

CRASHING_COUNTER = """
import os, signal, sys, time
sys.path.insert(0, sys.argv[1])
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication
from app.flows import drafts
from app.base.settings import Settings
from app.ui.main_window import MainWindow
app = QApplication([])
w = MainWindow(Settings(), demo=True, watch_readers=False, save_settings=False,
               overrides={"registry_url": sys.argv[2], "agency": sys.argv[3]})
w.show()
w.service_box.setCurrentIndex(w.service_box.findData("rsud_pasien_baru"))
w.demo_panel.select(0)
w.demo_panel.tap()
deadline = time.monotonic() + 20
while w.applicant is None and time.monotonic() < deadline:
    app.processEvents(); time.sleep(0.01)
w.record.rows["no_rm"].editor.setText("RM-7777")
w.record.rows["telepon"].editor.setText("081299990000")
while not drafts.load_drafts() and time.monotonic() < deadline:
    app.processEvents(); time.sleep(0.05)
print("typed", flush=True)
os.kill(os.getpid(), signal.SIGKILL)  # the power goes
"""


def test_kill_9_then_restart_offers_and_restores_the_unfinished_citizen(qtbot, demo_registry, tmp_path) -> None:
    child = subprocess.run([sys.executable, "-c", CRASHING_COUNTER, str(ROOT), demo_registry.url, SIM_AGENCY],
                           capture_output=True, text=True, timeout=90, env=os.environ.copy())
    assert child.returncode == -signal.SIGKILL and "typed" in child.stdout, child.stderr[-800:]
    (left,) = drafts.load_drafts()
    for secret in (b"RM-7777", b"081299990000", POPULATION[1].nik.encode(), POPULATION[1].nama.encode()):
        assert secret not in b"".join(p.read_bytes() for p in (Path(os.environ["LOKET_DATA_DIR"]) / "drafts").iterdir())

    window = MainWindow(Settings(), demo=True, watch_readers=False, save_settings=False,
                        overrides={"registry_url": demo_registry.url, "agency": SIM_AGENCY})
    qtbot.addWidget(window)
    window.show()
    try:
        assert "belum selesai" in window.prompt_detail.text()
        window.service_box.setCurrentIndex(window.service_box.findData("sim_permohonan"))  # another form now
        window.demo_panel.select(RISKY)
        with qtbot.waitSignal(window.person_shown, timeout=10_000):
            window.demo_panel.tap()
        assert "Tekan F7" in window.message.text() and window.restore_button.isEnabled()
        qtbot.keyClick(window, Qt.Key.Key_F7)
        assert window.service.id == "rsud_pasien_baru"  # the form the clerk was filling
        assert window.record.rows["no_rm"].editor.text() == "RM-7777"
        assert window.record.rows["telepon"].editor.text() == "081299990000"
        assert window.session.draft_id == left.session_id and not window.restore_button.isEnabled()
        window.record.rows["cara_bayar"].editor.setCurrentText("UMUM")
        assert save_as(qtbot, window, str(tmp_path / "rsud.pdf")) is not None
        assert drafts.load_drafts() == []  # printed or saved: the draft is gone
    finally:
        window.close()


def test_another_citizens_card_is_not_offered_someone_elses_draft(qtbot, demo_registry) -> None:
    drafts.save_draft("a-crashed-session", {"no_rm": "RM-1"}, card=drafts.card_tag("04AA", POPULATION[5].nik),
                      service="rsud_pasien_baru")
    window = MainWindow(Settings(), demo=True, watch_readers=False, save_settings=False,
                        overrides={"registry_url": demo_registry.url, "agency": SIM_AGENCY})
    qtbot.addWidget(window)
    window.show()
    try:
        window.service_box.setCurrentIndex(window.service_box.findData("rsud_pasien_baru"))
        window.demo_panel.select(RISKY)
        with qtbot.waitSignal(window.person_shown, timeout=10_000):
            window.demo_panel.tap()
        assert not window.restore_button.isEnabled() and "F7" not in window.message.text()
        window.restore_draft()
        assert window.record.rows["no_rm"].editor.text() == ""
    finally:
        window.close()
