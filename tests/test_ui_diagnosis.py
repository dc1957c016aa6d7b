"""The Diagnosa dialog: every check listed with OK / PERINGATAN / GAGAL, its sentence and what to do, run
with what the window itself uses, and the same verdict per part as the status bar (they used to disagree:
the demo window looked NIKs up at its simulator while Diagnosa checked the empty settings and said the
registry was not configured, and named only the first failure)."""

from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.base.settings import Settings
from app.flows.doctor import FAIL, OK, WARN, Check, worst_by_part
from app.ui import status_bar
from app.ui.diagnosis import DiagnosisDialog, with_live
from app.ui.main_window import MainWindow
from tests.test_ui_window import RISKY, make_window, sim_registry, tap

BAR = {OK: status_bar.OK, WARN: status_bar.WARN, FAIL: status_bar.BAD}


@pytest.fixture
def window(qtbot, demo_registry):  # type: ignore[no-untyped-def]
    w = make_window(qtbot, sim_registry(demo_registry))
    yield w
    w.close()


def open_diagnosis(qtbot, window: MainWindow) -> DiagnosisDialog:
    window.run_diagnosis()
    dialog = window.diagnosis_dialog
    with qtbot.waitSignal(dialog.shown_checks, timeout=30_000):
        pass
    return dialog


def agrees_with_the_bar(dialog: DiagnosisDialog, window: MainWindow) -> None:
    parts = {"reader": window.status.reader, "sam": window.status.sam, "registry": window.status.registry,
             "printer": window.status.printer}
    for part, check in worst_by_part(dialog.checks).items():
        assert parts[part].state == BAR[check.level], (part, check, parts[part].sentence)


def test_the_demo_window_is_diagnosed_with_what_it_uses_and_the_bar_agrees(qtbot, window) -> None:
    tap(qtbot, window, RISKY)  # the registry answered: the bar says Dukcapil is connected
    assert window.status.registry.state == status_bar.OK
    dialog = open_diagnosis(qtbot, window)
    try:
        names = [c.name for c in dialog.checks]
        assert {"version", "card", "registry", "keyring", "data-dir", "clock", "printer"} <= set(names)
        registry = next(c for c in dialog.checks if c.name == "registry")
        # The window's simulator, not the empty settings ("alamat/agency ... belum diatur").
        assert registry.level == OK and "127.0.0.1" in registry.detail, registry
        card = next(c for c in dialog.checks if c.name == "card")
        assert card.level == OK and "simulasi" in card.detail
        # Every check is a row with its level in words and its sentence.
        assert len(dialog.rows) == len(dialog.checks)
        for row in dialog.rows:
            assert row.level.text().split(" ", 1)[1] in ("OK", "PERINGATAN", "GAGAL")
            assert row.detail.text() == row.check.detail
            assert bool(row.todo.text()) == (row.check.level != OK)
        agrees_with_the_bar(dialog, window)
    finally:
        dialog.close()


def test_what_the_bar_saw_joins_the_list_and_both_show_the_worst(qtbot, window) -> None:
    refusal = "Login ke data kependudukan gagal; minta petugas IT memperbaiki ID pengguna dan kata sandi."
    window.status.set_registry("refused", refusal)  # the last lookup was refused: the check cannot see it
    dialog = open_diagnosis(qtbot, window)
    try:
        live = [c for c in dialog.checks if c.name == "live:registry"]
        assert live and live[0].level == WARN and live[0].detail == refusal
        assert "peringatan" in dialog.summary.text()
        assert window.status.registry.state == status_bar.WARN
        agrees_with_the_bar(dialog, window)
    finally:
        dialog.close()


def test_a_failure_says_what_to_do_and_the_bar_shows_it(qtbot, monkeypatch) -> None:
    monkeypatch.setenv("LOKET_DEMO_TRANSPORT", "in-process")
    window = MainWindow(Settings(), demo=False, watch_readers=False, save_settings=False)
    qtbot.addWidget(window)
    try:
        window.status.set_roles("Reader A", "Reader B")
        dialog = DiagnosisDialog(window.settings, window, status=window.status, run=False)
        qtbot.addWidget(dialog)
        dialog.show()
        gone = "tidak ada pembaca terhubung; periksa kabel USB pembaca"
        dialog.show_checks([Check("version", OK, "loket"), Check("pcsc", OK, "berjalan"),
                            Check("readers", FAIL, gone), Check("printer", WARN, "tidak ada printer")])
        readers = next(r for r in dialog.rows if r.check.name == "readers")
        assert readers.level.text() == "✖ GAGAL" and readers.detail.text() == gone
        assert "USB" in readers.todo.text() and readers.todo.isVisibleTo(dialog)
        assert "1 gagal" in dialog.summary.text() and "1 peringatan" in dialog.summary.text()
        assert window.status.reader.state == status_bar.BAD and window.status.reader.sentence == gone
        assert window.status.printer.state == status_bar.WARN
        # The keyboard starts on the first problem; Tab walks the rows; Esc closes.
        qtbot.waitUntil(lambda: QApplication.focusWidget() is readers, timeout=3000)
        qtbot.keyClick(readers, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is next(r for r in dialog.rows if r.check.name == "printer")
        assert "GAGAL" in readers.accessibleName() and gone in readers.accessibleName()
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
        assert not dialog.isVisible()
    finally:
        window.close()


def test_an_ok_check_does_not_hide_a_problem_the_bar_saw(qapp) -> None:
    panel = status_bar.StatusPanel()
    panel.reader.show_state(status_bar.BAD, "Pembaca e-KTP dicabut; pasang lagi kabel USB-nya")
    checks = with_live([Check("readers", OK, "Reader A")], panel)
    assert [c.name for c in checks] == ["readers", "live:reader"]
    assert worst_by_part(checks)["reader"].level == FAIL


def test_the_dialog_speaks_english(qtbot, monkeypatch) -> None:
    from app.ui import i18n

    i18n.use("en")
    try:
        dialog = DiagnosisDialog(Settings(), run=False)
        qtbot.addWidget(dialog)
        dialog.show_checks([Check("clock", FAIL, "jam komputer menunjukkan 2009-01-01")])
        row = dialog.rows[0]
        assert row.level.text() == "✖ FAILED"
        assert row.todo.text() == "Set the computer's date and time."
        assert dialog.windowTitle() == "Diagnostics for IT staff"
    finally:
        i18n.use("id")
