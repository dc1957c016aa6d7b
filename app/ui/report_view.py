"""The "Laporan" view: the office's figures and the same chart as ``loket report``, for a range of days.

The chart is the report's own reportlab drawing, rendered through pypdfium2 (QtCharts is not in
PySide6-Essentials, and reportlab's bitmap renderer would need cairo), so the screen and the PDF never
disagree. Saving writes the same PDF and CSV as the command line.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from app.base.logsetup import failure
from app.base.settings import Settings
from app.report import stats  # chart and render (reportlab) where used: not on the window's cold start
from app.ui.fit import FRAME_W, available, fit_to_screen
from app.ui.i18n import from_core, translate
from app.ui.report_parts import (
    CHART_WIDTH_PX,
    _fill,
    _pydate,
    _qdate,
    chart_pixmap,
    date_edit,
    message_label,
    picker_row,
    save_row,
    save_saying,
    save_target,
)

if TYPE_CHECKING:
    from app.ui.host import WindowHost

log = logging.getLogger("loket.ui")


class ReportView(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None, *, from_day: date | None = None,
                 to_day: date | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.report: stats.Report | None = None
        self.setWindowTitle(self.tr("Laporan layanan"))
        self.setObjectName("reportView")
        fit_to_screen(self, 1000, 860)  # the figures scroll; the range and the buttons stay on the screen
        today = QDate.currentDate()
        self.from_edit = date_edit(_qdate(from_day) if from_day else today, self.tr("Dari tanggal"))
        self.to_edit = date_edit(_qdate(to_day) if to_day else today, self.tr("Sampai tanggal"))
        # Enter in a date shows the figures: the only button here left autoDefault, Qt makes it the default.
        self.show_button = QPushButton(self.tr("Tampilkan"))
        self.show_button.clicked.connect(self.refresh)
        # The office head's paperwork (app/ui/paperwork_view.py): Dukcapil's semester report, the letter register.
        self.dukcapil_button = QPushButton(self.tr("Laporan Dukcapil…"))
        self.dukcapil_button.setObjectName("dukcapilButton")
        self.dukcapil_button.clicked.connect(lambda: self.open_dukcapil())
        self.register_button = QPushButton(self.tr("Buku agenda surat…"))
        self.register_button.setObjectName("registerButton")
        self.register_button.clicked.connect(lambda: self.open_register())
        top = picker_row(self.show_button, (self.tr("Dari"), self.from_edit), (self.tr("sampai"), self.to_edit))
        # Under the figures, as in every dialog: beside the dates they pushed the dialog past 683 pixels.
        buttons, self.pdf_button, self.csv_button = save_row(
            self, lambda kind: self.save_pdf() if kind == "pdf" else self.save_csv(), pdf=self.tr("Simpan PDF…"),
            csv=self.tr("Simpan CSV…"), close=self.tr("Tutup"), left=(self.dukcapil_button, self.register_button))

        self.message = message_label()
        self.summary = QFormLayout()
        self.summary_labels: dict[str, QLabel] = {}
        self.chart = QLabel()
        self.chart.setObjectName("reportChart")
        self.chart.setAccessibleName(self.tr("Grafik warga dilayani per hari, per layanan"))
        self.chart.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hours = QLabel()
        self.hours.setObjectName("reportHours")
        self.hours.setAccessibleName(self.tr("Grafik warga dilayani per jam"))
        self.hours.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.table = QTableWidget()
        self.table.setObjectName("reportTable")
        self.counters = QTableWidget()
        self.counters.setObjectName("reportCounters")
        self.registry = QTableWidget()
        self.registry.setObjectName("reportRegistry")
        for t in (self.table, self.counters, self.registry):
            t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            t.verticalHeader().hide()

        body = QWidget()
        lay = QVBoxLayout(body)
        lay.addLayout(self.summary)
        lay.addWidget(self.chart)
        lay.addWidget(self.table)
        lay.addWidget(self.hours)
        lay.addWidget(self.registry)
        lay.addWidget(self.counters)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        outer = QVBoxLayout(self)
        outer.addLayout(top)
        outer.addWidget(self.message)
        outer.addWidget(scroll, 1)
        outer.addLayout(buttons)
        self.refresh()

    def open_dukcapil(self) -> QDialog:
        from app.ui.paperwork_view import DukcapilView

        view = DukcapilView(self.settings, self)
        view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        view.open()
        return view

    def open_register(self) -> QDialog:
        from app.ui.paperwork_view import RegisterView

        view = RegisterView(self.settings, self)
        view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        view.open()
        return view

    def _range(self) -> tuple[date, date]:
        return _pydate(self.from_edit.date()), _pydate(self.to_edit.date())

    def refresh(self) -> None:
        from app import audit
        from app.report import chart, render
        from forms.numbering import Unreachable

        from_day, to_day = self._range()
        if to_day < from_day:
            self.message.setText(self.tr("Tanggal akhir tidak boleh sebelum tanggal awal."))
            return
        try:
            self.report = stats.from_trail(from_day, to_day, self.settings)
        except audit.AuditKeyError as exc:
            self.message.setText(from_core(exc.id_text))
            return
        except Unreachable:
            self.message.setText(self.tr("Server kantor tidak dapat dihubungi; laporan belum dapat dibuat."))
            return
        except Exception as exc:  # a broken trail must not take the counter window down
            log.error("report failed: %s", failure(exc))
            self.message.setText(self.tr("Laporan tidak dapat dibuat; hubungi petugas IT."))
            return
        report = self.report
        self.message.setText("" if report.rows else self.tr("Belum ada kejadian pada tanggal itu."))
        self._show_summary(render.summary_rows(report))
        # As wide as the screen leaves room for (683 logical pixels at 150 %): seen whole, never cut. The screen's
        # words in the window's language; the PDF saved from here stays Indonesian (paper).
        width = max(320, min(CHART_WIDTH_PX, available(self).width() - FRAME_W - 80))
        self.chart.setPixmap(chart_pixmap(chart.per_day(report, 620, 280, words=from_core), width))
        self.hours.setPixmap(chart_pixmap(chart.per_hour(report, 620, 220, words=from_core), width))
        _fill(self.table, render.service_table(report))
        _fill(self.registry, render.registry_table(report))
        _fill(self.counters, render.counter_table(report))

    def _show_summary(self, rows: list[tuple[str, str]]) -> None:
        for name, value in rows:
            name, value = from_core(name), from_core(value)
            label = self.summary_labels.get(name)
            if label is None:
                label = self.summary_labels[name] = QLabel()
                label.setAccessibleName(name)
                label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                self.summary.addRow(name + ":", label)
            label.setText(value)

    def save_pdf(self, path: str | None = None) -> Path | None:
        return self._save(path, "pdf")

    def save_csv(self, path: str | None = None) -> Path | None:
        return self._save(path, "csv")

    def _save(self, path: str | None, kind: str) -> Path | None:
        from app.report import render

        report = self.report
        if report is None:
            return None
        a, b = self._range()
        target = save_target(self, kind, path, f"laporan-{a:%Y%m%d}-{b:%Y%m%d}.{kind}", self.tr("Simpan laporan"))
        if target is None:
            return None
        write = render.write_pdf if kind == "pdf" else render.write_csv
        return save_saying(self.message, target, lambda out: write(report, out),
                           self.tr("Laporan tidak dapat disimpan di tempat itu. Pilih folder lain."),
                           self.tr("Laporan disimpan: {name}"))


def add_report_button(host: WindowHost) -> QPushButton:
    """A "Laporan" button beside the window's "Diagnosa" (the main window calls this once, at its end)."""
    # translate("ReportView", ...), not window.tr(): lupdate files window.tr() under a context named "window".
    button = QPushButton(translate("ReportView", "Laporan"))
    button.setObjectName("reportButton")
    button.setAccessibleName(translate("ReportView", "Laporan layanan kantor"))

    def open_view() -> None:
        view = ReportView(host.settings, host.dialog_parent())
        view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        view.open()

    button.clicked.connect(open_view)
    host.add_tool(button, after="diagnosis")
    return button
