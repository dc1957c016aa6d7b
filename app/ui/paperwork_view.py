"""The office head's paperwork in the window, opened from the Laporan view: Dukcapil's semester report
(``loket report dukcapil``) and the outgoing-letter register (``loket letters register``). Both show what the
command writes and save the same PDF and CSV, through the same core functions."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
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
from app.ui.fit import FRAME_W, available, fit_to_screen
from app.ui.i18n import from_core
from app.ui.report_parts import (
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

log = logging.getLogger("loket.ui")


def semesters(today: date, count: int = 4) -> list[str]:
    """The current half-year and the ones before it, newest first (``2026-2``, ``2026-1``, ``2025-2``…)."""
    year, half = today.year, 1 if today.month <= 6 else 2
    out = []
    for _ in range(count):
        out.append(f"{year}-{half}")
        year, half = (year, 1) if half == 2 else (year - 1, 2)
    return out


def _table(name: str) -> QTableWidget:
    table = QTableWidget()
    table.setObjectName(name)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    return table


class DukcapilView(QDialog):
    """Laporan semester penggunaan data kependudukan."""

    def __init__(self, settings: Settings, parent: QWidget | None = None, *, semester: str = "") -> None:
        super().__init__(parent)
        from app.report import dukcapil

        self.settings = settings
        self.report: dukcapil.DukcapilReport | None = None
        self.setWindowTitle(self.tr("Laporan semester untuk Dukcapil"))
        self.setObjectName("dukcapilView")
        fit_to_screen(self, 960, 820)
        self.semester = QComboBox()
        self.semester.setAccessibleName(self.tr("Semester"))
        choices = semesters(date.today())
        if semester and semester not in choices:
            choices.insert(0, semester)
        for value in choices:
            year, half = value.split("-")
            self.semester.addItem(self.tr("Semester {half} {year}").format(half="I" if half == "1" else "II",
                                                                          year=year), value)
        if semester:
            self.semester.setCurrentIndex(choices.index(semester))
        # Enter in the semester shows its figures, as in the Laporan view: the only button left autoDefault.
        show = QPushButton(self.tr("Tampilkan"))
        show.clicked.connect(self.refresh)
        top = picker_row(show, (self.tr("Semester"), self.semester))
        self.message = message_label()
        self.summary = QFormLayout()
        self.summary_labels: dict[str, QLabel] = {}
        self.chart = QLabel()
        self.chart.setObjectName("dukcapilChart")
        self.chart.setAccessibleName(self.tr("Grafik akses per bulan, per cara akses"))
        self.chart.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.tables = {name: _table(name) for name in ("method", "purpose", "service", "outcome", "operator",
                                                        "counter", "device")}
        body = QWidget()
        lay = QVBoxLayout(body)
        lay.addLayout(self.summary)
        lay.addWidget(self.chart)
        for table in self.tables.values():
            lay.addWidget(table)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        buttons, self.pdf_button, self.csv_button = save_row(
            self, self.save, pdf=self.tr("Simpan PDF…"), csv=self.tr("Simpan CSV…"), close=self.tr("Tutup"))
        outer = QVBoxLayout(self)
        outer.addLayout(top)
        outer.addWidget(self.message)
        outer.addWidget(scroll, 1)
        outer.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        from app import audit
        from app.report import dukcapil, dukcapil_render
        from forms.numbering import Unreachable

        try:
            self.report = dukcapil.from_trail(str(self.semester.currentData()), self.settings)
        except audit.AuditKeyError as exc:
            self.message.setText(from_core(exc.id_text))
            return
        except Unreachable:
            self.message.setText(self.tr("Server kantor tidak dapat dihubungi; laporan belum dapat dibuat."))
            return
        except Exception as exc:  # a broken trail must not take the counter window down
            log.error("dukcapil report failed: %s", failure(exc))
            self.message.setText(self.tr("Laporan tidak dapat dibuat; hubungi petugas IT."))
            return
        report, terms = self.report, dukcapil.agreement(self.settings)
        notes = []
        if not report.rows:
            notes.append(self.tr("Belum ada kejadian pada semester itu."))
        if not terms.number:
            notes.append(self.tr("Nomor PKS belum diisi di pengaturan (dukcapil.agreement_number)."))
        self.message.setText(" ".join(notes))
        for name, value in dukcapil_render.summary_rows(report):
            name, value = from_core(name), from_core(value)
            label = self.summary_labels.get(name)
            if label is None:
                label = self.summary_labels[name] = QLabel()
                label.setAccessibleName(name)
                self.summary.addRow(name + ":", label)
            label.setText(value)
        width = max(320, min(900, available(self).width() - FRAME_W - 80))
        self.chart.setPixmap(chart_pixmap(dukcapil_render.per_month(report, 620, 260, words=from_core), width))
        _fill(self.tables["method"], dukcapil_render.method_table(report))
        _fill(self.tables["purpose"], dukcapil_render.purpose_table(report))
        _fill(self.tables["service"], dukcapil_render.service_table(report, terms.purposes))
        _fill(self.tables["outcome"], dukcapil_render.outcome_table(report))
        _fill(self.tables["operator"], dukcapil_render.operator_table(report))
        _fill(self.tables["counter"], dukcapil_render.counter_table(report))
        _fill(self.tables["device"], dukcapil_render.device_table(report))

    def save(self, kind: str, path: str | None = None) -> Path | None:
        from app.report import dukcapil, dukcapil_render

        report = self.report
        if report is None:
            return None
        target = save_target(self, kind, path, f"laporan-dukcapil-{report.semester}.{kind}",
                             self.tr("Simpan laporan"))
        if target is None:
            return None

        def write(out: Path) -> None:
            if kind == "pdf":
                dukcapil_render.write_pdf(report, out, dukcapil.agreement(self.settings))
            else:
                dukcapil_render.write_csv(report, out)

        return save_saying(self.message, target, write,
                           self.tr("Laporan tidak dapat disimpan di tempat itu. Pilih folder lain."),
                           self.tr("Laporan disimpan: {name}"))


class RegisterView(QDialog):
    """Buku agenda surat keluar: every number taken in a range of days."""

    def __init__(self, settings: Settings, parent: QWidget | None = None, *, from_day: date | None = None,
                 to_day: date | None = None) -> None:
        super().__init__(parent)
        from app.report import register

        self.settings = settings
        self.book: register.Register | None = None
        self.setWindowTitle(self.tr("Buku agenda surat keluar"))
        self.setObjectName("registerView")
        fit_to_screen(self, 1100, 760)
        today = QDate.currentDate()
        self.from_edit = date_edit(_qdate(from_day) if from_day else QDate(today.year(), today.month(), 1),
                                   self.tr("Dari tanggal"))
        self.to_edit = date_edit(_qdate(to_day) if to_day else today, self.tr("Sampai tanggal"))
        # Enter in a date shows the letters, as in the Laporan view: the only button left autoDefault.
        show = QPushButton(self.tr("Tampilkan"))
        show.clicked.connect(self.refresh)
        top = picker_row(show, (self.tr("Dari"), self.from_edit), (self.tr("sampai"), self.to_edit))
        self.message = message_label()
        self.table = _table("registerTable")
        buttons, self.pdf_button, self.csv_button = save_row(
            self, self.save, pdf=self.tr("Simpan PDF…"), csv=self.tr("Simpan CSV…"), close=self.tr("Tutup"))
        outer = QVBoxLayout(self)
        outer.addLayout(top)
        outer.addWidget(self.message)
        outer.addWidget(self.table, 1)
        outer.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        from app import audit
        from app.report import register
        from app.storage import StorageError
        from forms.numbering import Unreachable

        a, b = _pydate(self.from_edit.date()), _pydate(self.to_edit.date())
        if b < a:
            self.message.setText(self.tr("Tanggal akhir tidak boleh sebelum tanggal awal."))
            return
        try:
            self.book = register.load(a, b, self.settings)
        except Unreachable:
            self.message.setText(self.tr("Server kantor tidak dapat dihubungi; buku agenda belum dapat dibuat."))
            return
        except (StorageError, audit.AuditUnavailable) as exc:
            self.message.setText(from_core(exc.id_text))
            return
        except Exception as exc:  # a broken register file must not take the counter window down
            log.error("letter register failed: %s", failure(exc))
            self.message.setText(self.tr("Buku agenda tidak dapat dibuat; hubungi petugas IT."))
            return
        where = self.tr("semua loket") if self.book.office_wide else self.tr("loket ini")
        self.message.setText(self.tr("{count} nomor surat ({where}).").format(count=len(self.book.rows),
                                                                             where=where))
        rows = register.table(self.book)
        if len(rows) == 1:
            self.table.clear()
            self.table.setRowCount(0)
            return
        _fill(self.table, rows)

    def save(self, kind: str, path: str | None = None) -> Path | None:
        from app import audit
        from app.report import dukcapil, register

        book = self.book
        if book is None:
            return None
        target = save_target(self, kind, path, f"agenda-surat-{book.from_day:%Y%m%d}-{book.to_day:%Y%m%d}.{kind}",
                             self.tr("Simpan buku agenda"))
        if target is None:
            return None
        if kind == "csv" and target.suffix.lower() != ".csv":
            target = target.with_suffix(".csv")  # register.export writes CSV by the name's suffix
        try:
            return save_saying(self.message, target,
                               lambda out: register.export(book, out, office=dukcapil.agreement(self.settings).office),
                               self.tr("Buku agenda tidak dapat disimpan di tempat itu. Pilih folder lain."),
                               self.tr("Buku agenda disimpan: {name}"))
        except audit.AuditUnavailable as exc:  # the trail cannot record the export: nothing was left on disk
            self.message.setText(from_core(exc.id_text))
            return None
