""""Hari ini" (F6): this counter's day — the citizens served and the letters printed, counted as Laporan
counts them — with a reprint of any letter by keyboard alone, and the search of issued letters.

The core is app/flows/today.py (the figures and the list), app/letters/copies.py (the encrypted copies) and
app/letters/reprint.py (the SALINAN job); this module only shows them. Names stay hidden: a line shows the name only
while that citizen is on screen (matched by the audit's keyed hash), or after the clerk asks for that one line
(Ctrl+T), and the revealed names go with the dialog.

Keys: F6 opens, ↑/↓ move, Enter or Ctrl+P reprints the line's letter, Ctrl+T shows its name, Ctrl+F goes to
the search (a number or a date, Enter searches; empty shows today again), Esc closes.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from app.base.logsetup import failure
from app.base.outcome import PrintOutcome
from app.flows import today as today_core
from app.flows.counter import Change, Event
from app.letters.printjob import JobResult
from app.ui import printing
from app.ui.gui_settings import gui_settings
from app.ui.i18n import translate

if TYPE_CHECKING:
    from app.ui.host import WindowHost

log = logging.getLogger("loket.ui")

HIDDEN = "••••••"
KEY = "F6"


@dataclass(frozen=True)
class Shown:
    """One row of the table: a line of today, or a letter the search found."""

    at: datetime
    service: str
    number: str
    status: str
    copy_id: int | None
    nik_hash: str = ""
    today_line: today_core.Line | None = None  # names can be revealed for today's lines only


class _Keys(QObject):
    """The list's keys, on the list itself (a shortcut needs its window active, a key on the list does not):
    Enter or Ctrl+P reprints, Ctrl+T reveals, Ctrl+F goes to the search. No default button: the search's
    Enter must search, not reprint."""

    def __init__(self, view: TodayView) -> None:
        super().__init__(view)
        self.view = view

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        key, ctrl = event.key(), bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) or (ctrl and key == Qt.Key.Key_P):
            self.view.reprint_selected()
        elif ctrl and key == Qt.Key.Key_T:
            self.view.reveal_selected()
        elif ctrl and key == Qt.Key.Key_F:
            self.view.focus_search()
        else:
            return False
        return True


class TodayView(QDialog):
    reprinted = Signal(object)  # the reprint's JobResult, once answered (tests and accessibility wait on it)
    searched = Signal()

    def __init__(self, panel: TodayPanel) -> None:
        super().__init__(panel.host.dialog_parent())
        self.panel = panel
        self.host = panel.host
        self.setObjectName("todayView")
        self.setWindowTitle(self.tr("Hari ini di loket ini"))
        self.resize(820, 520)
        self.revealed: dict[int, str] = {}  # row -> name, for this dialog only
        self.rows: list[Shown] = []
        self.searching = False

        self.figures = QLabel()
        self.figures.setObjectName("todayFigures")
        self.figures.setWordWrap(True)
        self.figures.setAccessibleName(self.tr("Ringkasan hari ini"))
        self.search = QLineEdit()
        self.search.setObjectName("todaySearch")
        self.search.setPlaceholderText(self.tr("Cari nomor surat atau tanggal (dd-mm-yyyy), lalu Enter"))
        self.search.setAccessibleName(self.tr("Cari surat"))
        self.search.setMaxLength(today_core.MAX_QUERY)
        self.search.returnPressed.connect(self.run_search)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("todayList")
        self.table.setAccessibleName(self.tr("Daftar hari ini"))
        self.table.setHorizontalHeaderLabels([self.tr("Waktu"), self.tr("Layanan"), self.tr("Nomor surat"),
                                              self.tr("Keterangan"), self.tr("Nama")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.installEventFilter(_Keys(self))
        self.message = QLabel()
        self.message.setObjectName("todayMessage")
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Pesan"))

        self.reprint_button = QPushButton(self.tr("Cetak ulang salinan (Enter)"))
        self.reprint_button.setAccessibleName(self.tr("Cetak ulang salinan surat"))
        self.reprint_button.clicked.connect(self.reprint_selected)
        self.reveal_button = QPushButton(self.tr("Tampilkan nama (Ctrl+T)"))
        self.reveal_button.setAccessibleName(self.tr("Tampilkan nama warga di baris ini"))
        self.reveal_button.clicked.connect(self.reveal_selected)
        self.today_button = QPushButton(self.tr("Hari ini"))
        self.today_button.setAccessibleName(self.tr("Kembali ke daftar hari ini"))
        self.today_button.clicked.connect(self.show_today)
        close_button = QPushButton(self.tr("Tutup (Esc)"))
        close_button.clicked.connect(self.reject)
        for b in (self.reprint_button, self.reveal_button, self.today_button, close_button):
            b.setAutoDefault(False)
            b.setDefault(False)
        QShortcut(QKeySequence("Ctrl+P"), self, activated=self.reprint_selected)
        QShortcut(QKeySequence("Ctrl+T"), self, activated=self.reveal_selected)
        QShortcut(QKeySequence("Ctrl+F"), self, activated=self.focus_search)

        buttons = QHBoxLayout()
        for b in (self.reprint_button, self.reveal_button, self.today_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(close_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.figures)
        lay.addWidget(self.search)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.message)
        lay.addLayout(buttons)
        self.show_today()

    # --- what is shown ------------------------------------------------------------------------------------

    def show_today(self) -> None:
        self.searching = False
        self.revealed.clear()
        day = self.panel.day
        self._figures(day)
        lines = day.lines if day is not None else []
        self._fill([Shown(line.at, line.services[0] if line.services else "", line.number,
                          (_status(line.outcome) + (self.tr(", bersegel") if line.sealed else ""))
                          if line.printed else self.tr("tanpa cetakan"), line.copy_id, line.nik_hash, line)
                    for line in lines])
        self.table.setFocus()

    def _figures(self, day: today_core.Day | None) -> None:
        if day is None:
            self.figures.setText(self.tr("Data hari ini belum terbaca."))
            return
        self.figures.setText(self.tr("Warga dilayani: {citizens} · dicetak: {prints} · surat bernomor: {letters}")
                             .format(citizens=day.citizens, prints=day.prints, letters=day.letters))

    def _fill(self, rows: list[Shown]) -> None:
        self.rows = rows
        on_screen = self.panel.on_screen_hash()
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            when = f"{row.at:%H:%M}" if not self.searching else f"{row.at:%d-%m-%Y %H:%M}"
            name = self.revealed.get(r, "")
            if not name and on_screen and row.nik_hash == on_screen:
                name = self.panel.on_screen_name()
            cells = (when, self.panel.service_name(row.service), row.number or "—", row.status, name or HIDDEN)
            for c, value in enumerate(cells):
                item = QTableWidgetItem(value)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        if rows:
            # Today: the newest line (the last letter is a reprint away); a search: the newest found.
            self.table.setCurrentCell(len(rows) - 1 if not self.searching else 0, 0)
        self.reprint_button.setEnabled(any(r.copy_id is not None for r in rows))

    def selected(self) -> Shown | None:
        r = self.table.currentRow()
        return self.rows[r] if 0 <= r < len(self.rows) else None

    def refreshed(self) -> None:
        """The panel has a new day: the today list follows it (a search result stays until the clerk leaves it).
        On the newest line the selection follows the newest; on another it stays on that line."""
        if self.searching:
            return
        current = self.selected()
        followed = current is None or self.table.currentRow() == len(self.rows) - 1
        revealed = {self._identity(self.rows[r]): name for r, name in self.revealed.items() if r < len(self.rows)}
        self.show_today()
        self.revealed = {r: revealed[self._identity(row)] for r, row in enumerate(self.rows)
                         if self._identity(row) in revealed}
        for r, name in self.revealed.items():
            self.table.item(r, 4).setText(name)
        if not followed and current is not None:
            for r, row in enumerate(self.rows):
                if self._identity(row) == self._identity(current):
                    self.table.setCurrentCell(r, 0)

    @staticmethod
    def _identity(row: Shown) -> tuple[object, ...]:
        return (row.copy_id, row.nik_hash, row.number)

    # --- the clerk's keys ---------------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def run_search(self) -> None:
        text = self.search.text().strip()
        if not text:
            self.show_today()
            self.searched.emit()
            return
        try:
            found = today_core.search(text, self.host.settings)
        except Exception as exc:  # a register that cannot be read: said, never a traceback
            log.warning("letter search failed: %s", failure(exc))
            self.message.setText(self.tr("Register nomor surat tidak dapat dibaca. Hubungi petugas IT."))
            self.searched.emit()
            return
        self.searching = True
        self.revealed.clear()
        self._fill([Shown(i.at, i.form_id, i.number, _status(i.status, i.reason), i.copy_id) for i in found])
        self.message.setText(self.tr("%n surat ditemukan.", "", len(found)))
        self.table.setFocus()
        self.searched.emit()

    def reveal_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        if row.today_line is None or row.copy_id is None:
            self.message.setText(self.tr("Nama hanya tersimpan bersama salinan surat hari ini."))
            return
        from app import audit

        try:
            name = today_core.name_of(row.today_line, self.host.settings)
        except audit.AuditUnavailable as exc:  # shown only once recorded
            self.message.setText(exc.id_text)
            return
        except Exception as exc:
            log.warning("name for the today list not opened: %s", failure(exc))
            self.message.setText(self.tr("Salinan surat ini tidak dapat dibuka."))
            return
        r = self.table.currentRow()
        self.revealed[r] = name
        self.table.item(r, 4).setText(name or HIDDEN)
        self.message.setText(self.tr("Nama ditampilkan untuk baris ini saja; tertutup lagi saat jendela ini ditutup."))

    def reprint_selected(self) -> bool:
        """The selected line's letter again, SALINAN on every page, the same number. True when started."""
        row = self.selected()
        if row is None or row.copy_id is None:
            self.message.setText(self.tr("Baris ini tidak punya salinan untuk dicetak ulang."))
            return self._answered(None)
        if not printing.renderer_available():
            self.message.setText(translate("Printing", printing.NO_RENDERER))
            return self._answered(None)
        host = self.host
        printer = printing.make_printer(str(gui_settings(host.settings).get("last_printer", "")))
        if not host.ask_printer(printer, self):
            self.message.setText(self.tr("Pencetakan dibatalkan."))
            return self._answered(None)
        from app.letters.reprint import reprint

        out = host.scratch_dir() / f"salinan-{uuid.uuid4().hex}.pdf"
        copy_id, settings, panel = row.copy_id, host.settings, self.panel
        self.reprint_button.setEnabled(False)
        self.message.setText(self.tr("Mencetak salinan…"))

        def job() -> JobResult:
            return reprint(copy_id, out, settings=settings, send=lambda pdf: printing.print_file(pdf, printer))

        def done(result: JobResult) -> None:
            # The clerk may have closed the list meanwhile: the answer then goes to the window's message.
            if result.ok:
                said = translate("TodayView", "Salinan surat {number} dicetak (bertanda SALINAN, nomor tidak "
                                              "berubah).").format(number=result.number) if result.number \
                    else translate("TodayView", "Salinan dicetak (bertanda SALINAN).")
                said = " ".join(p for p in (said, result.audit_missed) if p)
            elif result.outcome is PrintOutcome.PRINTER_MISSING:
                said = translate("TodayView", "Printer tidak dapat dipakai. Periksa printer, lalu cetak lagi.")
            else:
                said = result.sentence or translate("TodayView", "Salinan tidak dapat dicetak.")
            panel.refresh()
            if not shiboken6.isValid(self) or panel.view is not self:
                host.say(said)
                panel.reprinted.emit(result)
                return
            self.reprint_button.setEnabled(True)
            self.message.setText(said)
            panel.reprinted.emit(result)
            self.reprinted.emit(result)

        def failed(exc: BaseException) -> None:
            from app.letters.printjob import refused

            done(refused(PrintOutcome.FAILED_INTERNAL,
                         translate("TodayView", "Salinan tidak dapat dicetak; hubungi petugas IT.")))

        host.run_in_background("reprint", job, done, failed)
        return True

    def _answered(self, result: JobResult | None) -> bool:
        from app.letters.printjob import refused

        self.reprinted.emit(result or refused(PrintOutcome.NOT_STARTED, self.message.text()))
        return False


def _status(code: str, reason: str = "") -> str:
    """A register state (forms.numbering.LETTER_STATES, "taken"), or a kept copy's outcome where no register
    has the number: its PRINTED spells the register's "printed"."""
    names = {"printed": translate("TodayView", "dicetak"), "saved": translate("TodayView", "disimpan PDF"),
             PrintOutcome.SAVED_PDF: translate("TodayView", "disimpan PDF"),
             "taken": translate("TodayView", "sedang dicetak"),
             "void": translate("TodayView", "batal"), "issued": translate("TodayView", "dikeluarkan")}
    shown = names.get(code, code)
    return f"{shown} ({reason})" if reason else shown


class TodayPanel(QObject):
    """Keeps this counter's day current (off the GUI thread, after every citizen and every print) for the
    window's counter and the "Hari ini" dialog."""

    refreshed = Signal(object)  # the new today.Day
    reprinted = Signal(object)  # a reprint's JobResult, also when its list was closed before the answer

    def __init__(self, host: WindowHost) -> None:
        super().__init__(host.dialog_parent())
        self.host = host
        self.day: today_core.Day | None = None
        self.view: TodayView | None = None
        self._generation = 0
        self.button = QPushButton(translate("TodayView", "Hari ini (F6)"))
        self.button.setObjectName("todayButton")
        self.button.setAccessibleName(translate("TodayView", "Warga dan surat hari ini"))
        self.button.clicked.connect(self.open)
        host.add_tool(self.button)
        host.add_shortcut(KEY, self.open)
        # A citizen shown (counted as Laporan counts) and every print or save of the window change the day.
        unlisten = host.session.listen(self._on_session)
        self.destroyed.connect(lambda *_: unlisten())
        self.show_counter()
        self.refresh()

    def _on_session(self, event: Event) -> None:
        if event.change is Change.PRINTED or (event.change is Change.PERSON
                                              and self.host.session.applicant is not None):
            self.refresh()

    # --- the figures --------------------------------------------------------------------------------------

    def show_counter(self) -> None:
        self.host.show_served(self.day.citizens if self.day is not None else 0)

    def refresh(self) -> None:
        self._generation += 1
        generation, settings = self._generation, self.host.settings

        def done(day: today_core.Day) -> None:
            if generation != self._generation:
                return  # a newer refresh is on its way
            self.day = day
            self.show_counter()
            if self.view is not None:
                self.view.refreshed()
            self.refreshed.emit(day)

        def failed(exc: BaseException) -> None:  # the office server away: the last figures stay
            log.warning("today's figures not read: %s", failure(exc))

        self.host.run_in_background("today", lambda: today_core.today(settings), done, failed)

    # --- what the dialog asks -----------------------------------------------------------------------------

    def open(self) -> TodayView:
        if self.view is not None:
            self.view.raise_()
            self.view.activateWindow()
            return self.view
        self.view = TodayView(self)
        self.view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.view.destroyed.connect(self._closed)
        self.view.finished.connect(self._closed)
        self.view.open()
        self.view.table.setFocus()
        self.refresh()  # the figures of this very moment (another counter's rows may have arrived meanwhile)
        return self.view

    def _closed(self, *_args: object) -> None:
        self.view = None

    def on_screen_hash(self) -> str:
        nik = self.host.session.held_nik if self.host.session.applicant is not None else ""
        if not nik:
            return ""
        from app import audit

        try:
            return audit.nik_hash(nik)
        except Exception as exc:  # no audit key: no name shown, nothing else lost
            log.warning("on-screen citizen not matched: %s", failure(exc))
            return ""

    def on_screen_name(self) -> str:
        applicant = self.host.session.applicant
        return str(applicant.value("nama") or "") if applicant is not None else ""

    def service_name(self, service_id: str) -> str:
        return self.host.service_name(service_id)


def add_today(host: WindowHost) -> TodayPanel:
    """The "Hari ini" button and F6, and the window's counter kept as Laporan counts (the window calls this once)."""
    return TodayPanel(host)


__all__ = ("TodayPanel", "TodayView", "add_today")
