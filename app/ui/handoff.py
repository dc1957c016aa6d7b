"""The local card service inside the running counter window (app/webapi/), and the clerk's prompt.

Started by ``add_handoff(host)`` when IT registered at least one office system (``webapi.clients``) and
did not turn it off (``"webapi": {"in_window": false}``); it stops with the window, and never outlives it.
The window needs nothing from this module otherwise: this module is handed the window as an
app.ui.host.WindowHost, follows its counter session and its status bar as they change, and tells the
service's feed what is on screen.

The prompt is a bar above the actions, not a dialog: the counter goes on (typing, printing) while an
application waits. F11 approves, Shift+F11 refuses (F5, F7–F10, Ctrl+P, Ctrl+S and Esc are the window's
own). Requests from several applications are asked one after the other.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

from app.base.logsetup import failure
from app.flows.counter import Change, Event, ReadOutcome
from app.flows.readflow import ReadFailure
from app.ui import printing
from app.ui.gui_settings import gui_settings
from app.ui.i18n import translate
from app.webapi.clients import ClientBook, configured_port, load_clients, webapi_settings

if TYPE_CHECKING:
    from app.ui.host import WindowHost
    from app.webapi.consent import Request
    from app.webapi.feed import CounterFeed
    from app.webapi.server import LocalService

log = logging.getLogger("loket.ui")

APPROVE_KEY = "F11"
REFUSE_KEY = "Shift+F11"


class Handoff(QObject):
    asked = Signal(object)  # app.webapi.consent.Request, emitted on the service's thread

    def __init__(self, host: WindowHost, service: LocalService, feed: CounterFeed) -> None:
        super().__init__(host.dialog_parent())
        self.host, self.service, self.feed = host, service, feed
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
        host.add_shortcut(APPROVE_KEY, self.approve)
        host.add_shortcut(REFUSE_KEY, self.refuse)
        self.bar.hide()
        host.add_banner(self.bar)  # above the actions
        self.asked.connect(self._on_asked)
        service.on_request = self.asked.emit
        service.send = self._send
        # The session tells every change at once (a card, the person arriving or leaving, a choice on the
        # record, another service); the status bar tells its own. Nothing is polled.
        unlisten = host.session.listen(self._on_session)
        self.destroyed.connect(lambda *_: unlisten())
        host.status_changed.connect(self.sync)
        self.sync()

    def _on_session(self, event: Event) -> None:
        if event.change is Change.FAILED:
            if event.outcome is not ReadOutcome.KEPT and isinstance(event.reason, ReadFailure):
                self._shown = None  # nobody on screen: the service says why
                self.feed.failed(event.reason.sentence, event.reason.exit_code)
        elif event.change is not Change.TYPING:  # what is typed is not the person's record: nothing to send
            self.sync()

    # --- the feed -----------------------------------------------------------------------------------------

    def sync(self) -> None:
        """The window's state, copied to the service: the person on screen (and the clerk's choices on it),
        the card, the status bar's parts."""
        session = self.host.session
        if session.card_present != self._card_present:
            self._card_present = session.card_present
            (self.feed.card_inserted if session.card_present else self.feed.card_removed)()
        applicant = session.applicant
        if applicant is None:
            if self._shown is not None:
                self._shown = None
                self.feed.cleared()
        else:
            shown = (id(applicant), self.host.service.id,
                     *((name, held.source) for name, held in applicant.fields.items()))
            if shown != self._shown:
                self._shown = shown
                self.feed.person(applicant, self.host.service.id)
        parts = self.host.status_parts()
        for part in ("reader", "sam", "registry"):
            state, sentence = parts[part]
            self.feed.set_status(part, state, sentence)
        self._show_next()

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
        return printing.print_file(pdf, self.printer_for(str(gui_settings(self.host.settings).get("last_printer",
                                                                                                  ""))))

    def stop(self) -> None:
        self.service.stop()


def add_handoff(host: WindowHost) -> Handoff | None:
    """The service in this window, or None (no office system registered, or turned off, or the port taken:
    then the message line says so and the counter works as ever)."""
    settings = host.settings
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
        host.say(translate("Handoff", "Layanan data untuk aplikasi kantor tidak dapat dibuka (port "
                                                  "dipakai program lain). Hubungi petugas IT."))
        return None
    return Handoff(host, service, feed)
