"""Pieces the report dialogs share (the Laporan view, Dukcapil's semester report, the letter register): a
report chart as a pixmap, a table filled with the report's words in the window's language, dates."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

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


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())
