"""The counter window: service picker, the person (or the calm prompt), actions, status.

Layout and wiring only: the counter's state (the person, the read token, the typing, the draft, the print
job) is app.flows.counter.CounterSession; this window renders it and forwards the clerk's keys. Printing, saving
and the preview's render run off the GUI thread (app/ui/ops.py), so a slow printer or office server never
freezes the window.
"""

from __future__ import annotations

import logging
import math
import shutil
import time
import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app import audit
from app.base import settings as settings_module
from app.base.outcome import PrintOutcome
from app.base.outfile import scratch_dir
from app.base.settings import Settings
from app.citizen.merge import Applicant
from app.flows.counter import Change, CounterSession, Event, Lift, ReadOutcome, Stage
from app.flows.idle import Phase
from app.flows.readflow import FailureKind, ReadFailure
from app.letters.catalog import BASIC_ID, Checked, NotPrintable, Service, load_services, preview_pdf, ready_to_print
from app.letters.catalog import CONTEXT as SERVICE_CONTEXT
from app.letters.printjob import JobResult, refused
from app.ui import gc_guard, i18n, printing
from app.ui.flow import FlowLayout
from app.ui.gui_settings import gui_settings
from app.ui.host import TOOLS
from app.ui.i18n import QT_TRANSLATE_NOOP
from app.ui.icon import app_icon
from app.ui.ops import Background
from app.ui.record_view import RecordView
from app.ui.status_bar import EventBridge, StatusPanel
from app.ui.style import STYLE
from app.ui.worker import ReadWorker
from reader.cardio import CardIO
from reader.events import CARD_INSERTED, CARD_REMOVED, ReaderEvent
from reader.identity import Identity
from reader.readers import holds_card

if TYPE_CHECKING:  # the demo is plugged in by `loket gui --demo` only; a real counter never imports it
    from app.sim.demo import Demo
    from app.ui.demo_panel import DemoPanel

SERVICE_BOX_CHARS = 21  # the service list's width in characters
log = logging.getLogger("loket.ui")

PROMPT = QT_TRANSLATE_NOOP("MainWindow", "Tempelkan e-KTP pada pembaca")
DRAFT_DELAY_MS = 1000  # a draft is saved this long after the clerk's last keystroke
BLOCKED_SENTENCE = QT_TRANSLATE_NOOP(
    "MainWindow", "Keaslian data kartu TIDAK terverifikasi, jadi formulir tidak dapat dicetak atau disimpan; "
                  "periksa kartu dan dokumen warga secara langsung.")
_USER_INPUT = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel}


def suggested_pdf_name(service_id: str, now: datetime | None = None) -> str:
    """The name Simpan PDF proposes: the form, the day and the second, one per citizen. Never the NIK or
    the name: a file name shows in every folder listing, and a recent-files list keeps it."""
    return f"{service_id}-{(now or datetime.now()):%Y%m%d-%H%M%S}.pdf"


class _ActivityWatch(QObject):
    """Any key or click in the application restarts the idle countdown."""

    def __init__(self, on_activity: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self.on_activity = on_activity

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() in _USER_INPUT:
            self.on_activity()
        return False


class MainWindow(QMainWindow):
    read_requested = Signal(int, object, str, str, str)  # token, CardSource | None, service, held UID, held NIK
    lookup_requested = Signal(int, object, str)  # token, Identity, service: the registry again, same citizen
    # Re-emitted on the GUI thread once the screen shows it (tests and accessibility hooks wait on these).
    card_seen = Signal()
    person_shown = Signal()
    error_shown = Signal(str)
    # Once for every print_form() / save_pdf() call, with its app.letters.printjob.JobResult: at once when it was
    # refused before starting (cancelled, incomplete…), else when the background job has finished.
    job_finished = Signal(object)
    preview_shown = Signal()
    status_changed = Signal()  # a part of the status bar changed (app/ui/host.py)

    def __init__(self, settings: Settings, *, demo: bool = False, prefer_pcscd: bool = True,
                 overrides: object = None, watch_readers: bool = True, save_settings: bool = True) -> None:
        super().__init__()
        gc_guard.install(QApplication.instance() or self)  # the card read runs in a worker thread
        self.language = i18n.use(i18n.language(settings))  # before any string below is translated
        self.settings = settings
        self.save_settings = save_settings
        # Qt appends the application's display name ("Loket") to a title that does not end with it.
        self.setWindowTitle(self.tr("Mode demo — Loket") if demo else "Loket")
        self.setWindowIcon(app_icon())
        self.setObjectName("loket")
        self.setStyleSheet(STYLE)
        self.resize(1280, 720)

        self._card_reader = settings.readers.card_reader
        self._sam_reader = settings.readers.sam_reader
        # Preview and print PDFs hold the citizen: in Loket's private folder, swept after a crash.
        self._tmp = scratch_dir()
        # Replaced in tests by a function that points the printer at a PDF file.
        self.ask_printer: Callable[[QPrinter, QWidget], bool] = printing.ask_printer
        self.background = Background(self)
        self.preview_dialog: printing.PreviewDialog | None = None

        self.services = load_services()
        i18n.learn_words(pair for s in self.services for pair in s.words)  # the templates' words in sentences
        # One PC/SC context and one thread for every exchange with the readers, for the whole day.
        self.cardio = CardIO()
        self._start_outbox(settings)
        self.worker = ReadWorker(settings, overrides, cardio=self.cardio)  # the card read's own ops.Worker
        self.read_requested.connect(self.worker.read)
        self.lookup_requested.connect(self.worker.lookup)
        self.session = CounterSession(settings, on_token=self.worker.set_latest)
        # What a crash or a power cut left unfinished: offered again when the same card comes back.
        unfinished = self.session.start()
        self.worker.card_seen.connect(self._on_card_seen)
        self.worker.uid_seen.connect(self._on_uid_seen)
        self.worker.same_card.connect(self._on_same_card)
        self.worker.identity_ready.connect(self._on_identity)
        self.worker.readers_known.connect(self._on_readers_known)
        self.worker.applicant_ready.connect(self._on_applicant)
        self.worker.read_failed.connect(self._on_failed)

        self.status = StatusPanel()
        self.status.changed.connect(self.status_changed)
        self.setStatusBar(self.status)
        self._served = 0  # citizens served today, as the "Hari ini" panel counts them
        self.status.set_printer(gui_settings(settings).get("last_printer", ""))

        self._build(demo, prefer_pcscd)
        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.timeout.connect(self._on_idle)
        self.countdown = QTimer(self)  # the visible countdown before an idle clear
        self.countdown.setInterval(250)
        self.countdown.timeout.connect(self._tick)
        self._activity = _ActivityWatch(self._on_activity, self)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self._activity)

        self.events = EventBridge(self)
        self.events.event.connect(self.on_reader_event)
        if demo and self.demo_panel is not None and not self._demo_uses_pcscd(prefer_pcscd):
            self.status.set_simulated()
        elif watch_readers and not self.events.start():
            self.status.on_event(ReaderEvent("service-lost"))
        self.session.listen(self._on_session)
        self.session.use_service(self.service)
        self.show_prompt()
        if unfinished:
            self.prompt_detail.setText(self.tr(
                "Ada %n isian warga yang belum selesai (komputer mati atau aplikasi tertutup). Tempelkan "
                "kartu warga itu untuk melanjutkan isiannya.", "", unfinished))
        if settings.problems:  # a broken settings file: the defaults are in use, and the clerk is told
            self.message.setText(" ".join(i18n.from_core(p) for p in settings.problems))
        # The extensions, each handed this window as an app.ui.host.WindowHost (none of them imports it).
        from app.ui.report_view import add_report_button

        self.report_button = add_report_button(self)  # "Laporan" beside "Diagnosa": the office's statistics
        from app.ui.today_view import add_today

        self.today_panel = add_today(self)  # "Hari ini" (F6): today's citizens and letters, reprint, search
        from app.ui.handoff import add_handoff

        self.handoff = add_handoff(self)  # the office's web systems ask for the person here (app/webapi/)

    @staticmethod
    def _demo_uses_pcscd(prefer_pcscd: bool) -> bool:
        import os

        if not prefer_pcscd or os.environ.get("LOKET_DEMO_TRANSPORT", "") == "in-process":
            return False
        from app.sim.demo import vpcd_available

        return vpcd_available()

    # --- layout -------------------------------------------------------------------------------------------

    def _build(self, demo: bool, prefer_pcscd: bool) -> None:
        top = QHBoxLayout()
        service_label = QLabel(self.tr("Layanan:"))
        self.service_box = QComboBox()
        self.service_box.setObjectName("service")
        self.service_box.setAccessibleName(self.tr("Layanan"))
        # As wide as the shipped names, whatever a template names its service: a long one is cut in the box
        # (whole in the list that opens), never widening the window past a 1024-px screen.
        self.service_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.service_box.setMinimumContentsLength(SERVICE_BOX_CHARS)
        for s in self.services:
            name = i18n.translate(SERVICE_CONTEXT, s.name)
            self.service_box.addItem(i18n.pick(name, s.name_en) if name == s.name else name, s.id)
        wanted = gui_settings(self.settings).get("service", "")
        index = self.service_box.findData(wanted)
        self.service_box.setCurrentIndex(index if index >= 0 else 0)
        self.service_box.currentIndexChanged.connect(self._on_service_changed)
        service_label.setBuddy(self.service_box)
        top.addWidget(service_label)
        top.addWidget(self.service_box)
        top.addStretch(1)
        self.demo_panel: DemoPanel | None = None
        demo_row = QHBoxLayout()  # its own row: beside the tools it pushed the window past a 1024-px screen
        if demo:
            from app.ui.demo_panel import DemoPanel

            self.demo_panel = DemoPanel(prefer_pcscd)
            self.demo_panel.inserted.connect(self._on_demo_inserted)
            self.demo_panel.removed.connect(self._on_demo_removed)
            demo_row.addWidget(self.demo_panel)
            demo_row.addStretch(1)
            QShortcut(QKeySequence("F9"), self, activated=self.demo_panel.tap)
            QShortcut(QKeySequence("F10"), self, activated=self.demo_panel.lift)
        self.settings_button = QPushButton(self.tr("Pengaturan"))
        self.settings_button.setAccessibleName(self.tr("Pengaturan"))
        self.settings_button.clicked.connect(self.open_settings)
        self.doctor_button = QPushButton(self.tr("Diagnosa"))
        self.doctor_button.setAccessibleName(self.tr("Diagnosa untuk petugas IT"))
        self.doctor_button.clicked.connect(self.run_diagnosis)
        self.tools = top  # add_tool() puts other modules' buttons (Hari ini, Laporan, ...) here
        for b in (self.settings_button, self.doctor_button):
            self.add_tool(b)

        # The calm empty state; an error replaces its sentence, never a dialog.
        self.prompt_page = QWidget()
        self.prompt_page.setObjectName("promptPage")
        self.prompt = QLabel(i18n.translate("MainWindow", PROMPT))
        self.prompt.setObjectName("prompt")
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.prompt.setWordWrap(True)
        self.prompt.setAccessibleName(self.tr("Petunjuk"))
        self.prompt_detail = QLabel()
        self.prompt_detail.setObjectName("promptDetail")
        self.prompt_detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.prompt_detail.setWordWrap(True)
        self.retry_button = QPushButton(self.tr("Baca ulang kartu"))
        self.retry_button.setAccessibleName(self.tr("Baca ulang kartu"))
        self.retry_button.clicked.connect(self.retry)
        self.retry_button.hide()
        self.counter = QLabel()
        self.counter.setObjectName("counter")
        self.counter.setAlignment(Qt.AlignmentFlag.AlignCenter)
        p = QVBoxLayout(self.prompt_page)
        p.addStretch(2)
        p.addWidget(self.prompt)
        p.addWidget(self.prompt_detail)
        p.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignHCenter)
        p.addStretch(3)
        p.addWidget(self.counter)

        self.record = RecordView()
        self.record.choice_made.connect(self.choose)
        self.record.typed_changed.connect(self._on_typed)
        self.record.completed.connect(self._go_to_print)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.prompt_page)
        self.pages.addWidget(self.record)

        self.preview_button = QPushButton(self.tr("Pratinjau (F5)"))
        self.print_button = QPushButton(self.tr("Cetak (Ctrl+P)"))
        self.save_button = QPushButton(self.tr("Simpan PDF (Ctrl+S)"))
        self.clear_button = QPushButton(self.tr("Bersihkan (Esc)"))
        self.registry_button = QPushButton(self.tr("Coba Dukcapil lagi (F8)"))
        self.restore_button = QPushButton(self.tr("Pulihkan isian (F7)"))
        # A flow, not a row: at 683 logical pixels (1024 px at 150 %) the buttons take two lines.
        actions = FlowLayout()
        self.action_row = actions  # add_tool(after=an action) puts a button here
        for b, key, slot, name in (
            (self.preview_button, "F5", self.preview, self.tr("Pratinjau")),
            (self.print_button, "Ctrl+P", self.print_form, self.tr("Cetak")),
            (self.save_button, "Ctrl+S", self.save_pdf, self.tr("Simpan sebagai PDF")),
            (self.clear_button, "Esc", lambda: self.forget(self.tr("Data warga dibersihkan.")), self.tr("Bersihkan")),
            (self.registry_button, "F8", self.retry_registry, self.tr("Coba hubungi Dukcapil lagi")),
            (self.restore_button, "F7", self.restore_draft, self.tr("Pulihkan isian yang belum selesai")),
        ):
            b.setAccessibleName(name)
            # Enter on a focused action presses it, as Space does (QPushButton does so only when
            # autoDefault): after Enter on the last field the focus is on Cetak, and Enter prints.
            b.setAutoDefault(True)
            b.clicked.connect(slot)
            QShortcut(QKeySequence(key), self, activated=slot)
            actions.addWidget(b)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Pesan"))
        self.timing = QLabel()
        self.timing.setObjectName("timing")
        said = QHBoxLayout()  # the sentence under the buttons: it wraps across the window's width
        said.addWidget(self.message, 1)
        said.addWidget(self.timing, 0, Qt.AlignmentFlag.AlignTop)
        self.print_check = QTimer(self)
        self.print_check.setSingleShot(True)
        self.print_check.setInterval(250)
        self.print_check.timeout.connect(self._recheck)
        self.draft_timer = QTimer(self)
        self.draft_timer.setSingleShot(True)
        self.draft_timer.setInterval(DRAFT_DELAY_MS)
        self.draft_timer.timeout.connect(self._save_draft)

        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        body = QWidget()
        lay = QVBoxLayout(body)
        lay.addLayout(top)
        lay.addLayout(demo_row)
        lay.addWidget(self.pages, 1)
        self.banners = QVBoxLayout()  # add_banner(): an extension's bar above the actions (app/ui/host.py)
        lay.addLayout(self.banners)
        lay.addWidget(rule)
        lay.addLayout(actions)
        lay.addLayout(said)
        self.setCentralWidget(body)
        self._places = {"settings": self.settings_button, "diagnosis": self.doctor_button,
                        "preview": self.preview_button, "print": self.print_button, "save": self.save_button,
                        "clear": self.clear_button, "registry": self.registry_button,
                        "restore": self.restore_button}
        from app.ui.export_action import add_export_action  # SATUSEHAT / Khanza / CSV beside Simpan PDF

        self.export_button = add_export_action(self)

    def _go_to_print(self) -> None:
        """Enter on the last field: the focus goes to Cetak, shown as the keyboard's (style.py's ring)."""
        target = self.print_button if self.print_button.isEnabled() else self.preview_button
        target.setFocus(Qt.FocusReason.TabFocusReason)

    # --- what the window offers its extensions (app.ui.host.WindowHost) ------------------------------------

    def add_tool(self, button: QPushButton, after: str = "") -> None:
        """A button after the named tool or action. In the top bar (after the service picker) it is reached
        by mouse or its own shortcut: the Tab chain stays on the citizen's form."""
        button.setAutoDefault(False)
        beside = self._places.get(after) if after else None
        if after and beside is None:
            raise ValueError(f"no tool or action named {after!r}")
        in_actions = beside is not None and after not in TOOLS
        if not in_actions:
            button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        layout = self.action_row if in_actions else self.tools
        if beside is None:
            layout.addWidget(button)
        else:
            layout.insertWidget(layout.indexOf(beside) + 1, button)

    def add_banner(self, widget: QWidget) -> None:
        self.banners.addWidget(widget)

    def add_shortcut(self, key: str, slot: Callable[[], None]) -> None:
        QShortcut(QKeySequence(key), self, activated=slot)

    def dialog_parent(self) -> QWidget:
        return self

    def say(self, sentence: str) -> None:
        self.message.setText(sentence)

    def show_served(self, citizens: int) -> None:
        self._served = citizens
        self.counter.setText(self.tr("%n warga dilayani hari ini", "", citizens))

    def run_in_background(self, name: str, work: Callable[[], object], done: Callable[[object], None],
                          failed: Callable[[BaseException], None]) -> None:
        self.background.run(name, work, done, failed)

    def scratch_dir(self) -> Path:
        return self._tmp

    def typed(self) -> dict[str, object]:
        return self.record.typed_values()

    def service_name(self, service_id: str) -> str:
        found = next((s for s in self.services if s.id == service_id), None)
        # The template's own English (service_name_en), else the .ts (the record-only service's name).
        return i18n.pick(found.name, found.name_en, SERVICE_CONTEXT) if found is not None else service_id

    def status_parts(self) -> dict[str, tuple[str, str]]:
        return self.status.parts()

    # --- what is on screen --------------------------------------------------------------------------------

    @property
    def service(self) -> Service:
        sid = self.service_box.currentData()
        return next((s for s in self.services if s.id == sid), self.services[-1])

    @property
    def applicant(self) -> Applicant | None:
        return self.session.applicant

    def show_prompt(self, detail: str = "", error: str = "") -> None:
        self.prompt.setText(error or i18n.translate("MainWindow", PROMPT))
        self.prompt.setProperty("error", bool(error))
        self.prompt.style().unpolish(self.prompt)
        self.prompt.style().polish(self.prompt)
        self.prompt_detail.setText(detail)
        self.retry_button.setVisible(bool(error) and self.session.card_present)
        self.show_served(self._served)
        self.pages.setCurrentWidget(self.prompt_page)
        self._set_actions(False)

    def _set_actions(self, person: bool) -> None:
        session = self.session
        printable = person and self.service.printable
        # Unverified chip data may still be previewed (marked TIDAK TERVERIFIKASI), never printed or saved;
        # while this person's job runs, a second print or save waits for its answer.
        allowed = printable and not self.print_blocked and session.stage is not Stage.PRINTING
        self.preview_button.setEnabled(printable)
        self.print_button.setEnabled(allowed)
        self.save_button.setEnabled(allowed)
        self.clear_button.setEnabled(person)
        self.registry_button.setEnabled(person and session.can_ask_registry_again)
        self.restore_button.setEnabled(person and session.offer is not None)
        for b in (self.registry_button, self.restore_button):  # shown only when they can do something
            b.setVisible(b.isEnabled())

    @property
    def print_blocked(self) -> bool:
        return self.session.print_blocked

    def forget(self, detail: str = "") -> None:
        """The person leaves the screen and memory; a read still running for them is dropped on return."""
        self._drop_person()
        self.show_prompt(detail)

    def _drop_person(self, keep_draft: bool = False, new_token: bool = True) -> None:
        self._sync_typed()
        said = self.session.clear(keep_draft) if new_token else self.session.drop_person(keep_draft)
        self._person_gone()  # also when nobody was on screen: a read's skeleton goes too
        self.message.setText(i18n.from_core(said))

    def _on_session(self, event: Event) -> None:
        """The session changed, whoever changed it (a key here, a card, the read's answer)."""
        if event.change is Change.PERSON and self.session.applicant is None:
            self._person_gone()
        elif event.change is Change.STAGE and Stage.PRINTING in (event.previous, self.session.stage):
            # A print or save began or answered: no second one while it runs, the buttons back after.
            self._set_actions(self.session.applicant is not None)

    def _person_gone(self) -> None:
        """Nothing of the person who left stays: their preview, form, timing, idle countdown, scratch PDFs."""
        dialog = self.preview_dialog
        if dialog is not None:  # its pages (and its Cetak button) belong to the person leaving
            self.preview_dialog = None
            dialog.reject()
        self.draft_timer.stop()
        self.record.clear()
        self.timing.clear()
        self.idle.stop()
        self.countdown.stop()
        self._remove_pdfs()

    def _remove_pdfs(self) -> None:
        for pdf in self._tmp.glob("pratinjau*.pdf"):  # a print's own scratch file goes with its job
            pdf.unlink(missing_ok=True)

    # --- card events --------------------------------------------------------------------------------------

    def on_reader_event(self, event: ReaderEvent) -> None:
        self.status.on_event(event)
        if event.kind not in (CARD_INSERTED, CARD_REMOVED) or not self._is_card_reader(event.reader):
            return
        if event.kind == CARD_INSERTED:
            self.card_inserted()
        else:
            self.card_removed()

    def _is_card_reader(self, reader: str) -> bool:
        demo = self.demo_panel.demo if self.demo_panel is not None else None
        if demo is not None and demo.mode == "pcscd":
            return holds_card(reader, demo.card_reader)
        return holds_card(reader, self._card_reader, self._sam_reader)

    def card_inserted(self) -> None:
        self._start_read()

    def card_removed(self) -> None:
        """A lifted card (or a pcscd restart announcing it gone) does not take the person or the typing
        away: that is Esc, the next citizen's card, or the idle clear."""
        if self.session.lift() is Lift.FORGET:
            self.forget()  # nothing shown yet: the read in flight is dropped
            return
        if self.session.applicant is not None:  # else the chip is shown and only the registry's answer is awaited
            self._set_actions(True)
        self.message.setText(self.tr("Kartu diangkat; data warga tetap tampil. Tekan Esc untuk membersihkan."))

    def _start_read(self) -> None:
        self._sync_typed()
        self.draft_timer.stop()
        if self.session.held_uid:
            self._save_draft()  # the typing so far is on disk before a card that may be another's
        else:
            self._drop_person(new_token=False)  # a new card never mixes with what was on screen
        if self.session.tap():
            # Until the card names itself, the person on screen stays but cannot be printed: if it is the
            # same card (a re-tap, pcscd restarted) nothing changes; another card clears it at once.
            self._set_actions(False)
            self.countdown.stop()  # the session stopped its idle clock: a card on the reader is activity
            self.idle.stop()
            self.message.setText(self.tr("Kartu terdeteksi; jangan angkat kartu sampai data tampil."))
        else:
            self.show_prompt()
            self.record.begin()
            self.pages.setCurrentWidget(self.record)
        demo = self.demo_panel.demo if self.demo_panel is not None else None
        # The service the clerk picked goes on the read and lookup rows, so a citizen who leaves without a
        # print is still counted under it in the office report (app/report/stats.py).
        self.read_requested.emit(self.session.token, demo, self.service.id, self.session.held_uid,
                                 self.session.held_nik)

    def _new_citizen(self) -> None:
        """Another card than the one of the person on screen: that person goes before anything new shows."""
        self._drop_person(new_token=False)
        self.session.other_card()
        self.record.begin()
        self.pages.setCurrentWidget(self.record)
        self._set_actions(False)

    def _on_uid_seen(self, token: int, uid: str) -> None:
        if self._current(token) and self.session.held_uid and uid != self.session.held_uid:
            self._new_citizen()

    def _on_same_card(self, token: int) -> None:
        if self._current(token):
            self.session.same_card()
            self._start_idle()
            self._set_actions(True)
            self.message.setText(self.tr("Kartu yang sama; data dan isian tetap."))
            self.person_shown.emit()

    def retry(self) -> None:
        if self.session.card_present:
            self._start_read()

    def _on_demo_inserted(self, demo: Demo) -> None:
        if demo.mode == "in-process":
            self.card_inserted()  # no PC/SC to report it: this *is* the insertion
        else:
            self.status.set_roles(demo.card_reader, demo.sam_reader)

    def _on_demo_removed(self) -> None:
        self.card_removed()  # at once; pcscd's own removal event follows and finds nothing left

    # --- worker results (each checked against the current token) ------------------------------------------

    def _current(self, token: int) -> bool:
        return self.session.current(token)

    def _on_card_seen(self, token: int) -> None:
        if self._current(token):
            self.message.setText(self.tr("Kartu terdeteksi; jangan angkat kartu sampai data tampil."))
            self.card_seen.emit()

    def _on_identity(self, token: int, identity: Identity) -> None:
        if self._current(token):
            if self.session.applicant is not None:
                self._new_citizen()  # never one person's name over another's record
            self.record.show_identity(identity.nik, identity.nama)
            self.session.identity_read(identity)
            self.record.show_card_images(identity)

    def _on_readers_known(self, card_reader: str, sam_reader: str) -> None:
        if card_reader:
            self._card_reader, self._sam_reader = card_reader, sam_reader
            self.status.set_roles(card_reader, sam_reader)
        self.status.sam_ok()

    def retry_registry(self) -> None:
        """"Coba Dukcapil lagi": the registry is asked again for the person on screen, whatever it refused
        before; what was typed and the draft stay."""
        session = self.session
        if session.applicant is None or session.identity is None or not self.registry_button.isEnabled():
            return
        from app.citizen.lookup import retry_registry

        retry_registry()
        self._sync_typed()
        token = session.ask_registry_again()
        self._set_actions(False)
        self.message.setText(self.tr("Menghubungi Dukcapil lagi…"))
        self.lookup_requested.emit(token, session.identity, self.service.id)

    def _on_applicant(self, token: int, applicant: Applicant, seconds: float) -> None:
        if not self._current(token):
            return
        self._sync_typed()
        typed = self.session.typed
        relookup = self.session.person_ready(applicant, typed if self.session.relookup else None)
        lookup = applicant.lookup
        self.status.set_registry(lookup.status if lookup is not None else "failed",
                                 i18n.from_core(applicant.unverified_reason or ""))
        self.message.setText(i18n.translate("MainWindow", BLOCKED_SENTENCE) if self.print_blocked
                             else i18n.from_core(applicant.notice or ""))
        # A re-lookup is the same citizen, now with the registry's answer: what was typed stays. A new citizen
        # starts with the office fields only (Satpas, the clerk's name), never the last citizen's own.
        # Checked from the session's typing: the form on screen is the last person's, or none yet.
        self.record.show_applicant(applicant, self.service, self.session.check(self.service),
                                   typed=self.session.typed)
        if not relookup:
            self._offer_unfinished()
            shown = f"{seconds:.2f}" if self.language == "en" else f"{seconds:.2f}".replace(".", ",")
            self.timing.setText(self.tr("terakhir dibaca {seconds} dtk").format(seconds=shown))
        else:
            self._schedule_check()
        self._set_actions(True)
        self._start_idle()
        self.person_shown.emit()

    def _on_failed(self, token: int, failure: ReadFailure) -> None:
        if not self._current(token):
            return
        sentence = i18n.from_core(failure.sentence)  # the reader's or the trail's sentence, in the window's language
        if failure.kind is FailureKind.SAM:
            self.status.sam_failed(sentence)
        outcome = self.session.read_failed(failure, demo=self.demo_panel is not None)
        if outcome is ReadOutcome.KEPT:
            # The card failed before it could be told apart from the one on screen (or it is that card):
            # the person and what was typed stay, complete; the clerk is told the tap failed.
            self._set_actions(True)
            self.message.setText(self.tr("{sentence} Data warga sebelumnya masih tampil.").format(
                sentence=sentence))
            self.error_shown.emit(sentence)
            return
        self._drop_person(new_token=False)
        if outcome is ReadOutcome.FORGET:
            # The card left before the read began (or the event was the SAM reader's, before the first read
            # named the readers): nothing for the clerk to do but tap, which the prompt already says.
            self.show_prompt()
            return
        self.show_prompt(error=sentence)
        self.error_shown.emit(sentence)

    # --- the clerk's work on the record -------------------------------------------------------------------

    def choose(self, name: str, source: str) -> None:
        """One click on a discrepancy; the address moves as a whole (street, RT/RW and area together)."""
        if self.session.applicant is None:
            return
        self.session.choose(name, source)
        self.record.refresh_person(self.session.applicant, self._check())

    def _sync_typed(self) -> None:
        """The record view's editors are where the clerk types; the session holds what they hold."""
        if self.session.applicant is not None:
            self.session.set_typed(self.record.typed_values())

    def _check(self) -> Checked:
        self._sync_typed()
        return self.session.check(self.service)

    def _on_typed(self) -> None:
        self._sync_typed()
        self.print_check.start()
        if self.session.draft_id is not None and self.session.drafts_ok:
            self.draft_timer.start()

    def _schedule_check(self) -> None:
        self.print_check.start()

    def _recheck(self) -> None:
        if self.session.applicant is not None:
            self.record.update_checked(self._check())

    def _on_service_changed(self) -> None:
        gui_settings(self.settings)["service"] = self.service.id
        self.session.use_service(self.service)
        self._save_settings()
        if self.session.applicant is not None:
            self._sync_typed()
            self.session.carry_office_fields()
            typed = dict(self.session.typed)
            self.record.show_applicant(self.session.applicant, self.service, self.session.check(self.service),
                                       typed)
            self._set_actions(True)
        else:
            self._set_actions(False)

    def _save_settings(self) -> None:
        if self.save_settings:
            try:
                settings_module.save(self.settings)
            except OSError as exc:
                log.warning("settings not saved: %s", exc.strerror)

    # --- drafts -------------------------------------------------------------------------------------------

    def _offer_unfinished(self) -> None:
        """The card of a citizen whose typing a crash left unfinished: one key (F7) brings it back."""
        offer = self.session.offer
        if offer is None:
            return
        self.restore_button.setEnabled(True)
        self.restore_button.setVisible(True)
        at = offer.saved_at.astimezone().strftime("%H:%M")
        self.message.setText(" ".join(p for p in (self.message.text(), self.tr(
            "Isian yang belum selesai untuk warga ini ditemukan (disimpan pukul {time}). Tekan F7 untuk "
            "memulihkannya.").format(time=at)) if p))

    def restore_draft(self) -> None:
        applicant = self.session.applicant
        draft = self.session.restore()
        self.restore_button.setEnabled(False)
        self.restore_button.setVisible(False)
        if draft is None or applicant is None:
            return
        index = self.service_box.findData(draft.service)
        if index >= 0 and index != self.service_box.currentIndex():
            self.service_box.blockSignals(True)  # one render below, with the typing
            self.service_box.setCurrentIndex(index)
            self.service_box.blockSignals(False)
            self.session.use_service(self.service)
        typed = dict(self.session.typed)
        self.record.show_applicant(applicant, self.service, self.session.check(self.service), typed)
        self._set_actions(True)
        self._schedule_check()
        self.message.setText(self.tr("Isian warga dipulihkan."))

    @staticmethod
    def _start_outbox(settings: Settings) -> None:
        """An office counter pushes its audit rows from a thread of its own, never from a print."""
        from app.storage import StorageError, config, sync

        try:
            sync.start_background(config(settings))
        except StorageError as exc:  # said where the storage is used; the window still opens
            log.warning("office outbox not started: %s", exc)

    def _save_draft(self) -> None:
        self._sync_typed()
        said = self.session.save_draft()
        if said:
            self.message.setText(i18n.from_core(said))

    # --- idle ---------------------------------------------------------------------------------------------

    def _start_idle(self) -> None:
        """The session's idle clock (app/flows/idle.py) starts again; the countdown shows its last part."""
        now = time.monotonic()
        self.session.idle.arm(now)
        self.countdown.stop()
        self.idle.start(int(self.session.idle.until_warning(now) * 1000))

    def _on_activity(self) -> None:
        if self.session.applicant is None:
            return
        phase = self.session.idle.phase(time.monotonic())
        if phase is Phase.OFF:
            return
        if self.countdown.isActive():  # the clerk is back: the person stays, the countdown goes
            self.countdown.stop()
            self.message.setText(self.tr("Data warga tetap di layar."))
        self._start_idle()

    def _on_idle(self) -> None:
        """No key or click for a while: say so, with the seconds left, before anything goes."""
        if self.session.applicant is None:
            return
        self._tick()
        self.countdown.start()

    def _tick(self) -> None:
        now = time.monotonic()
        phase = self.session.idle.phase(now)
        if phase in (Phase.DUE, Phase.OFF):
            self.countdown.stop()
            if phase is Phase.DUE:
                self._idle_clear(now)
            return
        self.message.setText(self.tr("Tidak ada kegiatan: data warga dibersihkan dari layar dalam {seconds} "
                                     "detik. Tekan tombol apa saja untuk tetap.").format(
            seconds=math.ceil(self.session.idle.left(now))))

    def _idle_clear(self, now: float) -> None:
        """The screen is cleared (nobody passing by reads the citizen), the typing is kept as an encrypted
        draft, never lost."""
        self._sync_typed()
        said = self.session.idle_clear(now)
        if said is None:
            return
        self.show_prompt(self.tr("Data warga sebelumnya dibersihkan karena tidak ada kegiatan; isian yang "
                                 "diketik disimpan sebagai draf terenkripsi."))
        self.message.setText(i18n.from_core(said))  # the countdown's sentence goes with the person

    # --- preview, print, save -----------------------------------------------------------------------------

    def _checked_and_shown(self) -> Checked:
        """The form checked now, every problem shown beside its field (before a print, not while typing)."""
        checked = self._check()
        self.record.reveal_all = True
        self.record.update_checked(checked)
        return checked

    def _say_not_printable(self, exc: NotPrintable) -> None:
        self.message.setText(i18n.from_core(exc.id_text))  # its marked template and values, in the window's language

    def _not_started(self, result: JobResult) -> bool:
        """A print or save refused before it began: said (when there is something to say) and answered."""
        if result.sentence:
            self.message.setText(i18n.from_core(result.sentence))
        if result.outcome is PrintOutcome.AUDIT_UNAVAILABLE:
            self.error_shown.emit(result.sentence)
        self.job_finished.emit(result)
        return False

    def _ready(self) -> tuple[JobResult | None, Checked | None]:
        """The form checked once, its problems shown beside the fields, and why it cannot be printed or saved
        now (None: go on). The job then prints exactly this check."""
        if self.session.applicant is None:
            return refused(PrintOutcome.NO_PERSON, ""), None
        if not printing.renderer_available():
            return refused(PrintOutcome.NO_RENDERER, i18n.translate("Printing", printing.NO_RENDERER)), None
        try:
            audit.check_writable()  # a print or save that could not be recorded is not made
        except audit.AuditUnavailable as exc:
            return refused(PrintOutcome.AUDIT_UNAVAILABLE, i18n.from_core(exc.id_text), exc.exit_code), None
        checked = self._checked_and_shown()
        try:
            ready_to_print(checked)
        except NotPrintable as exc:
            self._say_not_printable(exc)  # translated, beside its fields
            self.record.focus_first_problem()  # scrolled to, the cursor in it: the clerk types at once
            return refused(exc.outcome, self.message.text()), checked
        return self.session.print_refusal(self.service, checked), checked

    def preview(self) -> None:
        """The pages as they will print, rendered off the GUI thread; shown if this person is still here."""
        if self.session.applicant is None or not self.preview_button.isEnabled() \
                or self.service.id == BASIC_ID:
            return
        if not printing.renderer_available():
            self.message.setText(i18n.translate("Printing", printing.NO_RENDERER))
            return
        checked = self._checked_and_shown()
        settings, token, draft_id = self.settings, self.session.token, self.session.draft_id
        out = self._tmp / f"pratinjau-{uuid.uuid4().hex}.pdf"
        width = printing.preview_width(self)

        def render() -> list[object]:
            try:
                preview_pdf(checked, out, settings)
                return printing.render_pages(out, width)  # type: ignore[return-value]
            finally:
                out.unlink(missing_ok=True)  # the pages are images in memory now; no copy of the person on disk

        def shown(pages: list[object]) -> None:
            if not self._current(token) or self.session.draft_id != draft_id:
                return  # the person left while the pages were drawn
            self.preview_dialog = printing.PreviewDialog(pages, self.print_form, self.save_pdf, self)
            self.preview_dialog.open()
            self.preview_shown.emit()

        self.message.setText(self.tr("Menyiapkan pratinjau…"))
        self.background.run("preview", render, shown, self._preview_failed)

    def _preview_failed(self, exc: BaseException) -> None:
        if isinstance(exc, NotPrintable):
            self._say_not_printable(exc)
        else:  # a template bug must not lose the person on screen
            self.message.setText(self.tr("Formulir tidak dapat dibuat; hubungi petugas IT. Data warga tetap di layar."))

    def print_form(self) -> bool:
        """Ctrl+P: the printer dialog, then the job (number, render, paper, register, audit) off the GUI
        thread. True when the job started; every call is answered once by ``job_finished``."""
        # The shortcut and the preview's button call this directly: while the next card is being read (the
        # buttons are off) the person on screen may already be leaving.
        if not self.print_button.isEnabled():
            return self._not_started(refused(PrintOutcome.NOT_NOW, ""))
        refusal, checked = self._ready()
        if refusal is not None or checked is None:
            return self._not_started(refusal or refused(PrintOutcome.NOT_NOW, ""))
        gui = gui_settings(self.settings)
        printer = printing.make_printer(str(gui.get("last_printer", "")))
        copies = gui.get("copies", 1)
        printer.setCopyCount(copies if isinstance(copies, int) and copies > 0 else 1)
        # The printer first, the letter number after: a print cancelled in the dialog uses up no number.
        if not self.ask_printer(printer, self):
            return self._not_started(self.session.print_cancelled(self.service, checked))
        out = self._tmp / f"cetak-{uuid.uuid4().hex}.pdf"
        job = self.session.job(self.service, checked, out, send=lambda pdf: printing.print_file(pdf, printer))
        self._run(job, lambda result: self._printed(result, printer), self.tr("Mencetak…"))
        return True

    def save_pdf(self, path: str | None = None) -> bool:
        """Ctrl+S: the same job as a print, into the file the clerk names. True when the job started."""
        if self.session.applicant is None or not self.save_button.isEnabled():
            return self._not_started(refused(PrintOutcome.NOT_NOW, ""))
        if not path:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Simpan formulir sebagai PDF"),
                                                  str(Path.home() / suggested_pdf_name(self.service.id)),
                                                  "PDF (*.pdf)")
            if not path:
                return self._not_started(refused(PrintOutcome.CANCELLED, ""))
        refusal, checked = self._ready()
        if refusal is not None or checked is None:
            return self._not_started(refusal or refused(PrintOutcome.NOT_NOW, ""))
        passphrase = self._signing_passphrase()
        if passphrase is False:
            return self._not_started(refused(PrintOutcome.CANCELLED, ""))
        # The official's BSrE passphrase lives only in this job's closure (app/letters/pdfsign.py).
        job = self.session.job(self.service, checked, Path(path),
                               passphrase=(lambda: passphrase) if isinstance(passphrase, str) else None)
        self._run(job, self._saved, self.tr("Menyimpan PDF…"))
        return True

    def _signing_passphrase(self) -> str | None | bool:
        """The signing official's passphrase when saved PDFs are signed through BSrE: asked at every save,
        never stored. None when no passphrase is needed; False when the official cancelled."""
        from app.letters.pdfsign import signing_settings

        if signing_settings(self.settings).backend != "bsre":
            return None
        text, ok = QInputDialog.getText(
            self, self.tr("Tanda tangan elektronik BSrE"),
            self.tr("Passphrase pejabat penanda tangan (tidak disimpan):"), QLineEdit.EchoMode.Password)
        return text if ok and text else False

    def _run(self, job: Callable[[], JobResult], answered: Callable[[JobResult], None], busy: str) -> None:
        draft_id = self.session.draft_id  # the session is PRINTING: _on_session turned Cetak and Simpan off
        self.message.setText(busy)

        def done(result: JobResult) -> None:
            said = self.session.job_done(result, draft_id)
            if draft_id is not None and draft_id == self.session.draft_id and result.ok:
                self.draft_timer.stop()
            answered(result)
            if said:
                self.message.setText(i18n.from_core(said))
            self.job_finished.emit(result)

        def failed(exc: BaseException) -> None:  # a bug in the job: said, never a traceback
            done(refused(PrintOutcome.FAILED_INTERNAL, self.tr(
                "Formulir tidak dapat dibuat; hubungi petugas IT. Data warga tetap di layar.")))

        self.background.run("print", job, done, failed)

    def _voided(self, result: JobResult) -> str:
        return self.tr("Nomor {number} tidak terpakai dan dicatat batal.").format(number=result.number) \
            if result.voided else ""

    def _failed_sentence(self, result: JobResult) -> str:
        sentence = self.tr("Printer tidak dapat dipakai. Periksa printer, lalu cetak lagi.") \
            if result.outcome is PrintOutcome.PRINTER_MISSING else i18n.from_core(result.sentence)
        return " ".join(p for p in (sentence, self._voided(result)) if p)

    def _printed(self, result: JobResult, printer: QPrinter) -> None:
        if not result.ok:
            self.message.setText(self._failed_sentence(result))
            return
        if printer.outputFormat() == QPrinter.OutputFormat.NativeFormat and printer.printerName():
            gui = gui_settings(self.settings)
            gui["last_printer"] = printer.printerName()
            gui["copies"] = printer.copyCount()
            self.status.set_printer(printer.printerName())
            self._save_settings()
        self._say_done(self.tr("Formulir dicetak (%n halaman).", "", result.pages), result)

    def _saved(self, result: JobResult) -> None:
        if not result.ok:
            if result.outcome is PrintOutcome.AUDIT_UNAVAILABLE:
                self.error_shown.emit(result.sentence)
            self.message.setText(self._failed_sentence(result))
            return
        assert result.target is not None
        self._say_done(self.tr("Formulir disimpan: {name}").format(name=result.target.name), result)

    def _say_done(self, sentence: str, result: JobResult) -> None:
        """The print's or save's sentence, the number it printed, then what that number needs the clerk to
        know (taken from the offline block); the trail's trouble last, when the paper is out unrecorded."""
        printed = self.tr("Nomor surat: {number}.").format(number=result.number) if result.number else ""
        self.message.setText(" ".join(p for p in (sentence, printed, i18n.from_core(result.notice),
                                                  i18n.from_core(result.audit_missed)) if p))

    # --- settings and diagnosis ---------------------------------------------------------------------------

    def open_settings(self) -> None:
        from app.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, self, cardio=self.cardio)  # the reader list: on the card thread
        if dialog.exec():
            self._card_reader = self.settings.readers.card_reader
            self._sam_reader = self.settings.readers.sam_reader
            self.message.setText(self.tr("Pengaturan disimpan."))

    def run_diagnosis(self) -> None:
        from app.ui.diagnosis import DiagnosisDialog

        # The checks with what this window uses: its card thread, its registry overrides and its demo's cards.
        panel = self.demo_panel
        self.diagnosis_dialog = DiagnosisDialog(self.settings, self, cardio=self.cardio, status=self.status,
                                                overrides=self.worker.overrides,
                                                source=panel.demo if panel is not None else None,
                                                simulated=self.status.simulated)
        self.diagnosis_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.diagnosis_dialog.open()

    # --- closing ------------------------------------------------------------------------------------------

    def shutdown(self) -> None:
        if self.handoff is not None:
            self.handoff.stop()  # the local card service never outlives the window
        self.background.wait()  # a print on its way to the printer finishes first
        self.forget()
        self.events.stop()
        self.worker.stop()
        self.cardio.close()
        from app.storage import sync

        sync.stop_background()
        if self.demo_panel is not None:
            self.demo_panel.shutdown()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self._activity)
        shutil.rmtree(self._tmp, ignore_errors=True)

    def closeEvent(self, event: QEvent) -> None:
        self.shutdown()
        super().closeEvent(event)  # type: ignore[arg-type]
