"""What the three report dialogs (Laporan, Laporan Dukcapil, Buku agenda surat) share through app/ui/report_parts:
the save goes through Qt's own save dialog, which offers the report's file name in the home folder with its
kind's filter, writes what the clerk picked and writes nothing when the clerk cancels; Enter in the period
picker never opens a save dialog or closes the dialog, and in every one of them it shows the figures."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pypdf
import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QLineEdit, QWidget

from app import audit
from app.base.settings import load
from tests.report_support import DAY1, DAY2, write_trail


@pytest.fixture(autouse=True)
def trail(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("LOKET_AUDIT_KEY", "test-report-dialogs-key")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # where the save dialog starts
    (tmp_path / "home").mkdir()
    audit.forget_key()
    write_trail()
    return tmp_path / "home"


def views() -> dict[str, Callable[[], QDialog]]:
    from app.ui.paperwork_view import DukcapilView, RegisterView
    from app.ui.report_view import ReportView

    return {"laporan-20261123-20261124": lambda: ReportView(load(), from_day=DAY1, to_day=DAY2),
            "laporan-dukcapil-2026-2": lambda: DukcapilView(load(), semester="2026-2"),
            "agenda-surat-20261101-20261130": lambda: RegisterView(load(), from_day=date(2026, 11, 1),
                                                                   to_day=date(2026, 11, 30))}


class SaveDialogs:
    """Answers Qt's own save dialog whenever one opens during the test: notes what it offers (``seen``), then
    types ``name`` and saves, or cancels while ``name`` is None. Stopped at the test's end, so no test answers
    another's dialog."""

    def __init__(self) -> None:
        self.seen: list[dict[str, object]] = []
        self.name: str | None = None
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._answer)
        self.timer.start()

    def _answer(self) -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog) or not dialog.isVisible():
            return
        self.seen.append({"title": dialog.windowTitle(), "offered": dialog.selectedFiles(),
                          "filters": dialog.nameFilters(),
                          "saving": dialog.acceptMode() == QFileDialog.AcceptMode.AcceptSave})
        if self.name is None:
            dialog.reject()
            return
        dialog.findChild(QLineEdit, "fileNameEdit").setText(self.name)  # typed over the offered name
        dialog.accept()


@pytest.fixture
def save_dialogs() -> Iterator[SaveDialogs]:
    answers = SaveDialogs()
    yield answers
    answers.timer.stop()


@pytest.mark.parametrize("suggested", list(views()))
@pytest.mark.parametrize("kind", ["pdf", "csv"])
def test_saving_goes_through_the_save_dialog_and_cancel_writes_nothing(qtbot, trail: Path, save_dialogs: SaveDialogs,
                                                                       suggested: str, kind: str) -> None:
    view = views()[suggested]()
    qtbot.addWidget(view)
    view.show()
    button = view.pdf_button if kind == "pdf" else view.csv_button

    seen = save_dialogs.seen
    before = view.message.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert len(seen) == 1, "the button opened no save dialog"
    assert seen[0]["title"] in ("Simpan laporan", "Simpan buku agenda")
    assert seen[0]["offered"] == [str(trail / f"{suggested}.{kind}")]
    assert seen[0]["filters"] == [f"{kind.upper()} (*.{kind})"] and seen[0]["saving"]
    assert view.message.text() == before and list(trail.glob(f"*.{kind}")) == []  # cancelled: nothing written

    chosen = trail / f"dipilih.{kind}"
    save_dialogs.name = chosen.name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert len(seen) == 2 and seen[1]["title"] == seen[0]["title"]
    if kind == "pdf":
        assert pypdf.PdfReader(chosen).pages[0].extract_text()
    else:
        assert chosen.read_text(encoding="utf-8-sig").split(",", 1)[0] in ("bagian", "nomor_surat")  # the header
    assert chosen.name in view.message.text()
    assert view.isVisible()
    view.close()


def press_enter(target: QWidget) -> None:
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent

    target.setFocus()
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(target, QKeyEvent(kind, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier))
    QApplication.processEvents()


@pytest.mark.parametrize("suggested", list(views()))
def test_enter_in_the_period_never_saves_or_closes(qtbot, save_dialogs: SaveDialogs, suggested: str) -> None:
    view = views()[suggested]()
    qtbot.addWidget(view)
    view.show()
    if hasattr(view, "semester"):
        picker = view.semester
        view.report = None
    else:
        picker = view.from_edit
        view.from_edit.setDate(view.to_edit.date().addDays(1))  # a reversed range: the figures say so when shown
    view.message.setText("")
    press_enter(picker)  # a button it pressed would have run its save dialog (answered above) by now
    assert save_dialogs.seen == [] and view.isVisible()  # no save dialog was opened (and cancelled), still open
    # In every dialog Enter shows the figures for the period typed or picked (Tampilkan), as a keyboard expects.
    if hasattr(view, "semester"):
        assert view.report is not None
    else:
        assert "tidak boleh sebelum" in view.message.text()
    view.close()

