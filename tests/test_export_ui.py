"""The counter window's "Ekspor…" action, offscreen, with the in-process simulated card and the registry
simulator (no pcscd: a demo tap is the card insertion)."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtWidgets import QFileDialog, QPushButton

from app import audit
from app.export import registry
from app.ui import export_action
from app.ui.main_window import MainWindow
from reader.simulator.population import POPULATION
from tests.test_ui_window import DEWI, make_window, sim_registry, tap

HENDRA = 8  # index in DEMO_CARDS: the card altered after issue


@pytest.fixture
def window(qtbot, demo_registry, monkeypatch):
    monkeypatch.setenv("LOKET_AUDIT_KEY", "export-ui-key")
    audit.forget_key()
    w = make_window(qtbot, sim_registry(demo_registry))
    yield w
    w.close()


def export_button(window: MainWindow) -> QPushButton:
    found = [b for b in window.findChildren(QPushButton) if b.accessibleName() == export_action.ACCESSIBLE_NAME]
    assert len(found) == 1, "the window has exactly one export button"
    return found[0]


def test_the_button_sits_beside_save_and_offers_every_target(qtbot, window):
    button = export_button(window)
    assert button.text() == "Ekspor…"
    targets = [a.data() for a in button.menu().actions()]
    assert targets == list(registry.TARGETS)
    assert {"satusehat", "khanza", "khanza-sql", "csv", "json"} <= set(targets)
    assert [a.text() for a in button.menu().actions()] == [t.label for t in registry.TARGETS.values()]
    # Nobody on screen: nothing to export, said in a sentence.
    assert export_action.choose_and_export(window, "csv") is None
    assert window.message.text() == "Belum ada data warga untuk diekspor."


def test_the_person_on_screen_is_exported_through_the_file_dialog_and_audited(qtbot, window, tmp_path,
                                                                              monkeypatch):
    dewi = POPULATION[0]
    tap(qtbot, window, DEWI)
    qtbot.keyClicks(window.record.rows["telepon"].editor, "081234567890")
    out = tmp_path / "pasien.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    menu = export_button(window).menu()
    menu.aboutToShow.emit()
    action = next(a for a in menu.actions() if a.data() == "satusehat")
    assert action.isEnabled()
    action.trigger()
    resource = json.loads(out.read_text(encoding="utf-8"))
    assert resource["identifier"][0]["value"] == dewi.nik
    assert resource["telecom"][0]["value"] == "081234567890"  # what the clerk typed goes along
    assert window.message.text().startswith("Data warga diekspor: pasien.json.")
    assert dewi.nama not in window.message.text()  # field names only, never values
    [row] = [r for r in audit.rows() if r.kind == "export"]
    assert (row.form_id, row.outcome, row.nik_hash) == ("satusehat", "written", audit.nik_hash(dewi.nik))


def test_a_card_that_failed_its_authenticity_check_cannot_be_exported(qtbot, window, tmp_path):
    tap(qtbot, window, HENDRA)
    menu = export_button(window).menu()
    menu.aboutToShow.emit()
    assert not any(a.isEnabled() for a in menu.actions())
    out = tmp_path / "x.csv"
    assert export_action.export_current(window, "khanza", out) is None
    assert not out.exists()
    assert "tidak dapat diekspor" in window.message.text()
    assert [r.outcome for r in audit.rows() if r.kind == "export"] == ["blocked_unverified"]
