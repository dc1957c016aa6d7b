"""The "Diagnosa" dialog: the same checks as ``loket doctor``, run off the GUI thread, each listed with OK /
PERINGATAN / GAGAL, its sentence and what to do; the result is saved as a file for IT.

One source of truth with the status bar: the checks are run with what the window itself uses (its registry
overrides, its demo's card source), the status bar's own live findings (a registry that refused the last
lookup, an unplugged reader) join the list, and the worst per part is then shown by both the dialog and
the status bar. Before, the dialog checked the settings file while the window used the demo's simulator,
named only the first failure and counted a warning as "all good".
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.base.settings import Settings, config_path
from app.flows.doctor import FAIL, LIVE, OK, WARN, Check, worst_by_part
from app.ui.fit import fit_to_screen
from app.ui.i18n import QT_TRANSLATE_NOOP, from_core, translate
from app.ui.ops import Background
from app.ui.status_bar import BAD
from app.ui.status_bar import OK as BAR_OK
from app.ui.status_bar import WARN as BAR_WARN
from reader.cardio import CardIO

if TYPE_CHECKING:
    from app.ui.status_bar import StatusPanel
    from reader.source import CardSource

CONTEXT = "DiagnosisDialog"

LEVEL_TEXT = {
    OK: QT_TRANSLATE_NOOP("DiagnosisDialog", "OK"),
    WARN: QT_TRANSLATE_NOOP("DiagnosisDialog", "PERINGATAN"),
    FAIL: QT_TRANSLATE_NOOP("DiagnosisDialog", "GAGAL"),
}
LEVEL_STATE = {OK: "ok", WARN: "warn", FAIL: "bad"}  # style.py's badge colours, as the status bar's
LEVEL_SYMBOL = {OK: "●", WARN: "▲", FAIL: "✖"}  # the status bar's symbols: colour is never alone
BAR_LEVEL = {BAR_OK: OK, BAR_WARN: WARN, BAD: FAIL}
TITLES = {
    "version": QT_TRANSLATE_NOOP("DiagnosisDialog", "Versi Loket"),
    "pcsc": QT_TRANSLATE_NOOP("DiagnosisDialog", "Layanan kartu pintar (PC/SC)"),
    "readers": QT_TRANSLATE_NOOP("DiagnosisDialog", "Pembaca terhubung"),
    "reader-choice": QT_TRANSLATE_NOOP("DiagnosisDialog", "Pembaca e-KTP dan SAM"),
    "card": QT_TRANSLATE_NOOP("DiagnosisDialog", "Pembaca dan SAM (simulasi)"),
    "demo": QT_TRANSLATE_NOOP("DiagnosisDialog", "Mode demo"),
    "sam": QT_TRANSLATE_NOOP("DiagnosisDialog", "SAM"),
    "registry": QT_TRANSLATE_NOOP("DiagnosisDialog", "Dukcapil (data kependudukan)"),
    "keyring": QT_TRANSLATE_NOOP("DiagnosisDialog", "Brankas kata sandi"),
    "data-dir": QT_TRANSLATE_NOOP("DiagnosisDialog", "Folder data Loket"),
    "clock": QT_TRANSLATE_NOOP("DiagnosisDialog", "Jam komputer"),
    "printer": QT_TRANSLATE_NOOP("DiagnosisDialog", "Printer"),
}
LIVE_TITLES = {
    "reader": QT_TRANSLATE_NOOP("DiagnosisDialog", "Pembaca (status saat ini)"),
    "sam": QT_TRANSLATE_NOOP("DiagnosisDialog", "SAM (status saat ini)"),
    "registry": QT_TRANSLATE_NOOP("DiagnosisDialog", "Dukcapil (permintaan terakhir)"),
    "printer": QT_TRANSLATE_NOOP("DiagnosisDialog", "Printer (status saat ini)"),
}
TODO = {
    "pcsc": QT_TRANSLATE_NOOP("DiagnosisDialog", "Jalankan ulang layanan kartu pintar (Windows: Smart Card; "
                                                 "Linux: pcscd), lalu tekan Periksa lagi."),
    "readers": QT_TRANSLATE_NOOP("DiagnosisDialog", "Pasang pembaca e-KTP dan pembaca SAM ke port USB, lalu "
                                                    "tekan Periksa lagi."),
    "reader-choice": QT_TRANSLATE_NOOP("DiagnosisDialog", "Pilih pembaca e-KTP dan SAM di Pengaturan, bagian "
                                                          "Pembaca."),
    "demo": QT_TRANSLATE_NOOP("DiagnosisDialog", "Pasang pcscd dengan vsmartcard-vpcd, atau pakai demo tanpa "
                                                 "PC/SC."),
    "card": QT_TRANSLATE_NOOP("DiagnosisDialog", "Buka ulang Loket dalam mode demo."),
    "sam": QT_TRANSLATE_NOOP("DiagnosisDialog", "Pastikan kartu SAM terpasang di pembacanya; minta petugas IT "
                                                "memeriksa kredensial SAM."),
    "registry": QT_TRANSLATE_NOOP("DiagnosisDialog", "Periksa jaringan atau VPN kantor dan alamat Dukcapil di "
                                                     "Pengaturan; minta petugas IT memeriksa ID pengguna. "
                                                     "Sementara itu data dari chip tetap dipakai."),
    "keyring": QT_TRANSLATE_NOOP("DiagnosisDialog", "Minta petugas IT memasang brankas kata sandi sistem."),
    "data-dir": QT_TRANSLATE_NOOP("DiagnosisDialog", "Minta petugas IT memberi izin tulis pada folder data "
                                                     "Loket."),
    "clock": QT_TRANSLATE_NOOP("DiagnosisDialog", "Atur tanggal dan jam komputer."),
    "printer": QT_TRANSLATE_NOOP("DiagnosisDialog", "Pasang printer dan jadikan printer bawaan, atau simpan "
                                                    "formulir sebagai PDF."),
    "version": "",
}
LIVE_PREFIX = LIVE  # a check from the status bar's own findings: live:registry, live:reader…
_LIVE_PART_CHECK = {"reader": "readers", "sam": "sam", "registry": "registry", "printer": "printer"}


def report_path() -> Path:
    return config_path().parent / f"diagnosa-{datetime.now():%Y%m%d-%H%M%S}.json"


def title_of(check: Check) -> str:
    if check.name.startswith(LIVE_PREFIX):
        return translate(CONTEXT, LIVE_TITLES.get(check.name[len(LIVE_PREFIX):], check.name))
    return translate(CONTEXT, TITLES.get(check.name, check.name))


def todo_of(check: Check) -> str:
    if check.level == OK:
        return ""
    name = check.name[len(LIVE_PREFIX):] if check.name.startswith(LIVE_PREFIX) else check.name
    name = _LIVE_PART_CHECK.get(name, name)
    text = TODO.get(name, "")
    return translate(CONTEXT, text) if text else ""


def with_live(checks: list[Check], panel: StatusPanel) -> list[Check]:
    """The checks and what the status bar knows from real traffic that they could not see (a registry
    login refused at the last lookup: the check reaches the server but logs in only with a test NIK)."""
    worst = worst_by_part(checks)
    out = list(checks)
    for part, label in (("reader", panel.reader), ("sam", panel.sam), ("registry", panel.registry),
                        ("printer", panel.printer)):
        level = BAR_LEVEL.get(label.state)
        if level is None or level == OK:
            continue  # idle: not known yet; ok: the checks say the rest
        found = worst.get(part)
        if found is None or (found.level, level) in ((OK, WARN), (OK, FAIL), (WARN, FAIL)):
            detail = label.toolTip() if part == "registry" and label.toolTip() else label.sentence
            out.append(Check(LIVE_PREFIX + part, level, detail))
    return out


def diagnose(settings: Settings, cardio: CardIO | None, overrides: object, source: CardSource | None,
             simulated: bool) -> tuple[list[Check], str]:
    """The checks (the SAM's through the window's card thread: never beside a read) and the report file for IT;
    run in the background (app/ui/ops.py)."""
    from app.flows.doctor import run_checks

    checks = run_checks(settings, cardio=cardio, overrides=overrides, source=source, simulated=simulated)
    path = report_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    # The checks name readers and steps only, never card data, so the file can go to IT as it is.
    path.write_text(json.dumps([c.to_json() for c in checks], indent=2, ensure_ascii=False), encoding="utf-8")
    return checks, str(path)


class CheckRow(QFrame):
    """One check: its level as symbol and word, its title, its sentence and what to do. Tab reaches each
    row (a screen reader reads it whole) and the list scrolls to it."""

    def __init__(self, check: Check, scroll: QScrollArea) -> None:
        super().__init__()
        self.check = check
        self._scroll = scroll
        self.setObjectName("checkRow")
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        level = QLabel(f"{LEVEL_SYMBOL[check.level]} {translate(CONTEXT, LEVEL_TEXT[check.level])}")
        level.setObjectName("checkLevel")
        level.setProperty("state", LEVEL_STATE[check.level])
        level.setAlignment(Qt.AlignmentFlag.AlignCenter)
        level.setMinimumWidth(level.fontMetrics().horizontalAdvance("▲ PERINGATAN") + 20)
        self.level = level
        title = QLabel(title_of(check))
        title.setObjectName("checkTitle")
        title.setWordWrap(True)
        detail = QLabel(from_core(check.detail))  # the check's own sentence (app.flows.doctor)
        detail.setObjectName("checkDetail")
        detail.setWordWrap(True)
        detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail = detail
        self.todo = QLabel(todo_of(check))
        self.todo.setObjectName("checkTodo")
        self.todo.setWordWrap(True)
        if not self.todo.text():
            self.todo.hide()  # (never show(): before it has a parent that would open it as a window)
        text = QVBoxLayout()
        text.setSpacing(2)
        for w in (title, detail, self.todo):
            text.addWidget(w)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(6, 4, 6, 4)
        lay.addWidget(level, 0, Qt.AlignmentFlag.AlignTop)
        lay.addLayout(text, 1)
        self.setAccessibleName(" ".join(p for p in (title.text(), level.text(), detail.text(), self.todo.text())
                                        if p))

    def focusInEvent(self, event: QFocusEvent) -> None:
        self._scroll.ensureWidgetVisible(self)
        super().focusInEvent(event)


class DiagnosisDialog(QDialog):
    """Opened by the window's Diagnosa button; runs the checks at once (``run=False``: only the frame)."""

    shown_checks = Signal()  # the list is filled (tests and accessibility hooks wait on it)

    def __init__(self, settings: Settings, parent: QWidget | None = None, *, cardio: CardIO | None = None,
                 status: StatusPanel | None = None, overrides: object = None, source: CardSource | None = None,
                 simulated: bool = False, run: bool = True) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Diagnosa untuk petugas IT"))
        self.setObjectName("diagnosis")
        self.settings, self.cardio, self.status = settings, cardio, status
        self.overrides, self.source, self.simulated = overrides, source, simulated
        self.checks: list[Check] = []
        self.rows: list[CheckRow] = []
        self.summary = QLabel()
        self.summary.setObjectName("diagnosisSummary")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.tr("Ringkasan diagnosa"))
        self.list = QWidget()
        self.grid = QGridLayout(self.list)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.list)
        self.scroll.setWidgetResizable(True)
        self.scroll.setAccessibleName(self.tr("Hasil pemeriksaan"))
        self.report = QLabel()
        self.report.setObjectName("diagnosisReport")
        self.report.setWordWrap(True)
        self.report.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.again_button = QPushButton(self.tr("&Periksa lagi"))
        self.again_button.setAccessibleName(self.tr("Periksa lagi"))
        self.again_button.clicked.connect(self.start)
        self.close_button = QPushButton(self.tr("Tutup (Esc)"))
        self.close_button.setAccessibleName(self.tr("Tutup diagnosa"))
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.again_button)
        buttons.addWidget(self.close_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addWidget(self.scroll, 1)
        lay.addWidget(self.report)
        lay.addLayout(buttons)
        fit_to_screen(self, 760, 640)
        self.background = Background(self)
        if run:
            self.start()

    def start(self) -> None:
        self.again_button.setEnabled(False)
        self.summary.setText(self.tr("Diagnosa berjalan…"))
        settings, cardio, overrides, source, simulated = (self.settings, self.cardio, self.overrides, self.source,
                                                          self.simulated)
        self.background.run("diagnosis", lambda: diagnose(settings, cardio, overrides, source, simulated),
                            lambda found: self._finished(*found), self._failed)

    def _failed(self, _exc: BaseException) -> None:  # logged by the background op; said here
        self._finished(None, "")

    def _finished(self, checks: list[Check] | None, path: str) -> None:
        self.again_button.setEnabled(True)
        if checks is None:
            self.summary.setText(self.tr("Diagnosa tidak dapat dijalankan; hubungi petugas IT."))
            return
        self.show_checks(checks)
        self.report.setText(self.tr("Laporan untuk petugas IT: {path}").format(path=path) if path else "")

    def show_checks(self, checks: list[Check]) -> None:
        """The list, the summary and the status bar, from the same checks (and the bar's own findings)."""
        if self.status is not None:
            checks = with_live(checks, self.status)
        self.checks = checks
        for row in self.rows:
            row.hide()
            row.setParent(None)
            row.deleteLater()
        self.rows = [CheckRow(c, self.scroll) for c in checks]
        for n, row in enumerate(self.rows):
            self.grid.addWidget(row, n, 0)
            row.show()  # at once, not at the next event-loop turn: the focus goes to a row below
        self.grid.setRowStretch(len(self.rows), 1)
        self.summary.setText(self._summary(checks))
        if self.status is not None:
            self.status.show_checks(worst_by_part(checks))
        first = next((r for r in self.rows if r.check.level == FAIL), None) or \
            next((r for r in self.rows if r.check.level == WARN), None)
        if first is not None:  # the keyboard starts at the first problem
            first.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.close_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.shown_checks.emit()

    def _summary(self, checks: list[Check]) -> str:
        failed = sum(c.level == FAIL for c in checks)
        warned = sum(c.level == WARN for c in checks)
        if not failed and not warned:
            return self.tr("Semua pemeriksaan baik.")
        parts = [self.tr("%n gagal", "", failed)] if failed else []
        if warned:
            parts.append(self.tr("%n peringatan", "", warned))
        return self.tr("Diagnosa: {problems}. Yang perlu dilakukan tertulis di bawah setiap pemeriksaan.").format(
            problems=", ".join(parts))

