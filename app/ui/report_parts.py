"""Pieces the report dialogs share (the Laporan view, Dukcapil's semester report, the letter register): the row
that picks the period, the Save PDF / Save CSV / Close row and the save itself, a report chart as a pixmap, a
table filled with the report's words in the window's language, dates.

Every sentence comes translated from the dialog (``self.tr``): pyside6-lupdate files it under that dialog's
context, where ``loket_en.ts`` has its English, and the dialogs word some of them differently.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from app.ui.i18n import from_core

CHART_WIDTH_PX = 900


def chart_pixmap(drawing: object, width_px: int = CHART_WIDTH_PX) -> QPixmap:
    """A report chart as the screen shows it (the drawing holds counts and service names, no person)."""
    from app.report import chart
    from app.ui.printing import render_pages, renderer_available

    if not renderer_available():
        return QPixmap()
    with tempfile.TemporaryDirectory(prefix="loket-laporan-") as tmp:
        pdf = Path(tmp) / "grafik.pdf"
        pdf.write_bytes(chart.pdf(drawing))  # type: ignore[arg-type]
        pages = render_pages(pdf, width_px)
    return QPixmap.fromImage(pages[0]) if pages else QPixmap()


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    rows = [[from_core(cell) for cell in row] for row in rows]  # the report's words in the window's language
    head, body = rows[0], rows[1:]
    table.clear()
    table.setColumnCount(len(head))
    table.setRowCount(len(body))
    table.setHorizontalHeaderLabels(head)
    for r, row in enumerate(body):
        for c, value in enumerate(row):
            item = QTableWidgetItem(value)
            if c:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)
    table.resizeColumnsToContents()
    table.setMinimumHeight(min(60 + 30 * len(body), 400))


def date_edit(day: QDate, name: str) -> QDateEdit:
    """A day to pick, typed as dd-MM-yyyy or from a calendar; ``name`` is what a screen reader says."""
    edit = QDateEdit(day)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd-MM-yyyy")
    edit.setAccessibleName(name)
    return edit


def message_label() -> QLabel:
    """The line under the period that says what was shown, saved or refused (tests find it as "message")."""
    label = QLabel()
    label.setObjectName("message")
    label.setWordWrap(True)
    return label


def picker_row(show: QPushButton, *pickers: tuple[str, QWidget]) -> QHBoxLayout:
    """The row above the figures: each picker (dates, a semester) after its label, then ``show``."""
    row = QHBoxLayout()
    for label, picker in pickers:
        row.addWidget(QLabel(label))
        row.addWidget(picker)
    row.addWidget(show)
    row.addStretch(1)
    return row


def save_row(dialog: QDialog, save: Callable[[str], object], *, pdf: str, csv: str, close: str,
             left: Sequence[QPushButton] = ()) -> tuple[QHBoxLayout, QPushButton, QPushButton]:
    """The row under the figures: ``left`` at the left edge; at the right the buttons that save the report as
    PDF or CSV (``save("pdf")``, ``save("csv")``) and the one that closes the dialog. Returns the row and the
    two save buttons. None of these takes Enter (autoDefault off): Enter in a picker never opens a save
    dialog or closes the window."""
    pdf_button, csv_button, close_button = QPushButton(pdf), QPushButton(csv), QPushButton(close)
    pdf_button.clicked.connect(lambda: save("pdf"))
    csv_button.clicked.connect(lambda: save("csv"))
    close_button.clicked.connect(dialog.reject)
    row = QHBoxLayout()
    for button in left:
        button.setAutoDefault(False)
        row.addWidget(button)
    row.addStretch(1)
    for button in (pdf_button, csv_button, close_button):
        button.setAutoDefault(False)
        row.addWidget(button)
    return row, pdf_button, csv_button


def save_target(parent: QWidget, kind: str, path: str | None, suggested: str, title: str) -> Path | None:
    """Where to save the ``kind`` ("pdf", "csv") file: ``path`` when the caller has one, else what the clerk
    picks in the save dialog, which offers ``suggested`` in the home folder; None when the clerk cancels."""
    if not path:
        path, _ = QFileDialog.getSaveFileName(parent, title, str(Path.home() / suggested),
                                              f"{kind.upper()} (*.{kind})")
        if not path:
            return None
    return Path(path)


def save_saying(message: QLabel, target: Path, write: Callable[[Path], object], refused: str,
                saved: str) -> Path | None:
    """``write(target)``, then ``saved`` (its ``{name}`` the file's) in ``message``; ``refused`` and None when the
    writer cannot write there (SaveFailed: a folder, a link, a full disk; nothing was left there)."""
    from app.letters.formdata import SaveFailed

    try:
        write(target)
    except SaveFailed:
        message.setText(refused)
        return None
    message.setText(saved.format(name=target.name))
    return target


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())
