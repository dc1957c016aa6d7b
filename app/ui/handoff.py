"""The local card service inside the running counter window (app/webapi/), and the clerk's prompt.

Started by ``add_handoff(window)`` when IT registered at least one office system (``webapi.clients``) and
did not turn it off (``"webapi": {"in_window": false}``); it stops with the window, and never outlives it.
The window needs nothing from this module otherwise: this module watches the window's own signals and its
counter session, and tells the service's feed what is on screen.

The prompt is a bar above the actions, not a dialog: the counter goes on (typing, printing) while an
application waits. F11 approves, Shift+F11 refuses (F5, F7–F10, Ctrl+P, Ctrl+S and Esc are the window's
own). Requests from several applications are asked one after the other.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QBoxLayout, QFrame, QHBoxLayout, QLabel, QPushButton

from app.base.logsetup import failure
from app.ui import printing
from app.ui.gui_settings import gui_settings
from app.ui.i18n import translate
from app.webapi.clients import ClientBook, configured_port, load_clients, webapi_settings

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow
    from app.webapi.consent import Request
    from app.webapi.feed import CounterFeed
    from app.webapi.server import LocalService

log = logging.getLogger("loket.ui")

APPROVE_KEY = "F11"
REFUSE_KEY = "Shift+F11"
SYNC_MS = 250  # how often the status bar's parts and the session's state are copied to the feed


class Handoff(QObject):
    asked = Signal(object)  # app.webapi.consent.Request, emitted on the service's thread

    def __init__(self, window: MainWindow, service: LocalService, feed: CounterFeed) -> None:
        super().__init__(window)
        self.window, self.service, self.feed = window, service, feed
        self.queue: list[Request] = []
        self._shown: tuple[object, ...] | None = None
        self._card_present = False
        self.bar = QFrame()
        self.bar.setObjectName("handoffBar")
        self.bar.setStyleSheet("QFrame#handoffBar { background: #fff8e1; border: 1px solid #ffb300; }")
        self.text = QLabel()
        self.text.setObjectName("handoffText")
        self.text.setWordWrap(True)
        self.text.setAccessibleName(translate("Handoff", "Permintaan data warga"))
        self.approve_button = QPushButton(translate("Handoff", "Izinkan (F11)"))
        self.refuse_button = QPushButton(translate("Handoff", "Tolak (Shift+F11)"))
        lay = QHBoxLayout(self.bar)
        lay.addWidget(self.text, 1)
        for button, slot in ((self.approve_button, self.approve), (self.refuse_button, self.refuse)):
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            lay.addWidget(button)
        QShortcut(QKeySequence(APPROVE_KEY), window, activated=self.approve)
        QShortcut(QKeySequence(REFUSE_KEY), window, activated=self.refuse)
        self.bar.hide()
        body = window.centralWidget().layout()
        if isinstance(body, QBoxLayout):
            body.insertWidget(max(0, body.count() - 2), self.bar)  # above the rule and the actions
        self.asked.connect(self._on_asked)
        service.on_request = self.asked.emit
        service.send = self._send
        window.person_shown.connect(self.sync)
        window.card_seen.connect(self.sync)
        window.worker.failed.connect(self._on_failed)
        # The clear button is enabled exactly while a person is on screen (every path that drops one, Esc, the
        # idle clear, another citizen's card, disables it): the service hears of it at once, not at the next tick.
        window.clear_button.installEventFilter(self)
        self.timer = QTimer(self)
        self.timer.setInterval(SYNC_MS)
        self.timer.timeout.connect(self.sync)
        self.timer.start()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.EnabledChange:
            QTimer.singleShot(0, self.sync)  # after the window's own handler has finished with the session
        return False

    # --- the feed -----------------------------------------------------------------------------------------

    def sync(self) -> None:
        """The window's state, copied to the service: the person on screen (and the clerk's choices on it),
        the card, the status bar's parts."""
        session = self.window.session
        if session.card_present != self._card_present:
            self._card_present = session.card_present
            (self.feed.card_inserted if session.card_present else self.feed.card_removed)()
        applicant = session.applicant
        if applicant is None:
            if self._shown is not None:
                self._shown = None
                self.feed.cleared()
        else:
            shown = (id(applicant), self.window.service.id,
                     *((name, held.source) for name, held in applicant.fields.items()))
            if shown != self._shown:
                self._shown = shown
                self.feed.person(applicant, self.window.service.id)
        status = self.window.status
        for part in ("reader", "sam", "registry"):
            widget = getattr(status, part)
            self.feed.set_status(part, widget.state, widget.sentence)
        self._show_next()

    def _on_failed(self, token: int, sentence: str, exit_code: int) -> None:
        if self.window.session.current(token) and self.window.session.applicant is None:
            self._shown = None
            self.feed.failed(sentence, exit_code)

    # --- the clerk's prompt -------------------------------------------------------------------------------

    def _on_asked(self, request: Request) -> None:
        self.queue.append(request)
        self._show_next()

    def _show_next(self) -> None:
        handoff = self.service.consent.handoff
        self.queue = [r for r in self.queue if r.handoff == handoff and handoff]
        if not self.queue:
            self.bar.hide()
            return
        request = self.queue[0]
        asked = translate("Handoff", "{client} meminta data warga ini beserta FOTO-nya — Izinkan (F11) / Tolak "
                                     "(Shift+F11)") if request.wants_photo else \
            translate("Handoff", "{client} meminta data warga ini (tanpa foto) — Izinkan (F11) / Tolak (Shift+F11)")
        self.text.setText(asked.format(client=request.client_name))
        self.bar.show()

    def approve(self) -> None:
        self._answer(True)

    def refuse(self) -> None:
        self._answer(False)

    def _answer(self, approve: bool) -> None:
        if not self.queue:
            return
        request = self.queue.pop(0)
        if approve:
            self.sync()  # what the clerk approves is what is on screen now, their last choice included
        self.service.consent.decide(request.client_id, approve, request.handoff)
        self._show_next()

    # --- "output": "print" --------------------------------------------------------------------------------

    @staticmethod
    def printer_for(name: str) -> QPrinter:
        """The printer the clerk last printed on; none chosen yet is no printer (never a guess)."""
        if not name:
            raise OSError("no printer chosen at this counter yet")
        return printing.make_printer(name)

    def _send(self, pdf: Path) -> int:
        """On the service's job thread, as the window's own print job runs on its background thread."""
        return printing.print_file(pdf, self.printer_for(str(gui_settings(self.window.settings).get("last_printer",
                                                                                                    ""))))

    def stop(self) -> None:
        self.timer.stop()
        self.service.stop()


def add_handoff(window: MainWindow) -> Handoff | None:
    """The service in this window, or None (no office system registered, or turned off, or the port taken:
    then the message line says so and the counter works as ever)."""
    settings = window.settings
    if webapi_settings(settings).get("in_window") is False:
        return None
    clients = load_clients(settings)
    if not clients:
        return None
    # Here, not at the top: aiohttp (and the service) load only on a counter that serves an office system.
    from app.webapi.feed import CounterFeed
    from app.webapi.server import LocalService

    feed = CounterFeed()
    try:
        service = LocalService(settings, feed, ClientBook(clients.values()), port=configured_port(settings))
        service.start()
    except (OSError, ValueError) as exc:
        log.error("local card service not started: %s", failure(exc))
        window.message.setText(translate("Handoff", "Layanan data untuk aplikasi kantor tidak dapat dibuka (port "
                                                  "dipakai program lain). Hubungi petugas IT."))
        return None
    return Handoff(window, service, feed)
