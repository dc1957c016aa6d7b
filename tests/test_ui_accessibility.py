"""Accessibility, checked over every widget: each control the keyboard can reach has an accessible name,
state is never told by colour alone, and text follows the system's font size."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QLabel, QWidget

from app.base.settings import Settings
from app.ui.main_window import MainWindow
from tests.test_ui_window import make_window, sim_registry, tap
from tests.ui_jobs import show_preview

ROOT = Path(__file__).resolve().parent.parent
SYMBOLS = "✔✖▲⚠●○✎="
RISKY = 0  # app.ui.demo_panel.DEMO_CARDS: a registry spelling correction (a discrepancy on screen)


@pytest.fixture
def window(qtbot, demo_registry) -> Iterator[MainWindow]:
    w = make_window(qtbot, sim_registry(demo_registry), service=None, save_settings=False)
    tap(qtbot, w, RISKY)
    yield w
    w.close()


def ancestors(w: QWidget) -> Iterator[QWidget]:
    parent = w.parentWidget()
    while parent is not None:
        yield parent
        parent = parent.parentWidget()


def unnamed_controls(top: QWidget) -> list[str]:
    out = []
    for w in [top, *top.findChildren(QWidget)]:
        if w.focusPolicy() == Qt.FocusPolicy.NoFocus or w.accessibleName().strip():
            continue
        # The line edit and the popup list inside a combo or spin box are part of that control, which carries
        # the name.
        if any(isinstance(a, QComboBox | QAbstractSpinBox) for a in ancestors(w)):
            continue
        if w is top or w.metaObject().className() in ("QTabBar", "QScrollArea", "QWidget"):
            # Containers: the tab bar's tabs are read by their titles, a scroll area by what it holds.
            if not isinstance(w, QLabel):
                continue
        out.append(f"{w.metaObject().className()} {w.objectName()!r} {getattr(w, 'text', lambda: '')()!r}")
    return out


def test_every_focusable_control_of_the_window_has_an_accessible_name(window: MainWindow) -> None:
    assert window.record.rows["nama"].discrepancy is not None  # the choice buttons are on screen too
    assert not unnamed_controls(window)


def test_every_focusable_control_of_the_dialogs_has_an_accessible_name(qtbot, window: MainWindow) -> None:
    from app.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(window.settings, window, save=False, readers=["ACS PICC 00 00"], printers=["P1"])
    qtbot.addWidget(dialog)
    assert dialog.tabs.count() == 5
    assert not unnamed_controls(dialog)
    window.record.rows["cara_bayar"].editor.setCurrentText("UMUM")
    show_preview(qtbot, window)
    assert not unnamed_controls(window.preview_dialog)
    window.preview_dialog.close()


def test_states_and_discrepancies_carry_a_symbol_and_words(window: MainWindow) -> None:
    view = window.record
    discrepancy = view.rows["nama"].discrepancy.findChild(QLabel, "discrepancyText").text()
    assert discrepancy.startswith("⚠") and "Chip:" in discrepancy and "Dukcapil:" in discrepancy
    assert view.rows["nama"].chip_button.text() and view.rows["nama"].registry_button.text()
    for badge in (view.authenticity, view.verified):
        assert badge.property("state") and badge.text()[0] in SYMBOLS and len(badge.text()) > 5
    for part in (window.status.reader, window.status.sam, window.status.registry, window.status.printer):
        plain = re.sub(r"<[^>]+>", "", part.text()).strip()
        assert plain[0] in SYMBOLS and len(plain) > 5, plain
    for row in view.rows.values():
        if row.source.text():
            assert row.source.text()[0] in SYMBOLS  # the source is a symbol and a word, never a tint only


def test_text_sizes_follow_the_system_font(qtbot, window: MainWindow) -> None:
    style = (ROOT / "app" / "ui" / "style.py").read_text(encoding="utf-8")
    assert not re.findall(r"font(?:-size)?\s*:[^;]*\d\s*px", style), "font sizes in points, never pixels"
    for source in (ROOT / "app" / "ui").glob("*.py"):
        assert not re.findall(r"font-size\s*:\s*\d+px|setPixelSize", source.read_text(encoding="utf-8")), source
    app = QApplication.instance()
    before = QFont(app.font())
    try:
        bigger = QFont(before)
        bigger.setPointSizeF(before.pointSizeF() * 1.5)
        app.setFont(bigger)
        w = MainWindow(Settings(), watch_readers=False, save_settings=False)
        qtbot.addWidget(w)
        assert w.message.font().pointSizeF() == pytest.approx(bigger.pointSizeF())
        assert w.print_button.font().pointSizeF() == pytest.approx(bigger.pointSizeF())
        w.close()
    finally:
        app.setFont(before)
