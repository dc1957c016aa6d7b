"""The status bar: reader, SAM, registry and printer, each as a plain sentence.

Fed by reader.events.Monitor through a Qt signal (the monitor calls back on its own thread; the signal
carries the event to the GUI thread). The monitor re-establishes PC/SC by itself, so the bar only has to
follow the events to show that the counter recovered.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QSizePolicy, QStatusBar, QWidget

from reader.events import (
    CARD_INSERTED,
    CARD_REMOVED,
    READER_ADDED,
    READER_REMOVED,
    SERVICE_BACK,
    SERVICE_LOST,
    ReaderEvent,
)

OK, WARN, BAD, IDLE = "ok", "warn", "bad", "idle"
# Colour is never the only signal: every state also has its own symbol and words.
_SYMBOL = {OK: "●", WARN: "▲", BAD: "✖", IDLE: "○"}
_COLOUR = {OK: "#2e7d32", WARN: "#b26a00", BAD: "#c62828", IDLE: "#757575"}
_CHECK_STATE = {"ok": OK, "warn": WARN, "fail": BAD}  # app.flows.doctor's levels


class EventBridge(QObject):
    """Carries monitor events from the monitor's thread to the GUI thread."""

    event = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._monitor: object | None = None

    def start(self) -> bool:
        """Start watching PC/SC; False when pyscard is not usable on this machine at all."""
        try:
            from reader.events import Monitor
        except Exception:
            return False
        monitor = Monitor(self.event.emit)
        monitor.start()
        self._monitor = monitor
        return True

    def stop(self) -> None:
        if self._monitor is not None:
            self._monitor.stop()  # type: ignore[attr-defined]
            self._monitor = None


class StatusPart(QLabel):
    changed = Signal()

    def __init__(self, name: str, accessible: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(accessible)
        # A long sentence (a registry refusal names what IT must do) wraps inside its part instead of
        # widening the window past a 1024- or 1366-pixel counter screen.
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.state = IDLE
        self.sentence = ""

    def show_state(self, state: str, sentence: str) -> None:
        self.state, self.sentence = state, sentence
        self.setText(f'<span style="color:{_COLOUR[state]}">{_SYMBOL[state]}</span> {sentence}')
        self.setAccessibleDescription(sentence)
        self.setToolTip(sentence)
        self.changed.emit()


class StatusPanel(QStatusBar):
    changed = Signal()  # a part's state or sentence changed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeGripEnabled(False)
        self.reader = StatusPart("readerStatus", self.tr("Status pembaca"))
        self.sam = StatusPart("samStatus", self.tr("Status SAM"))
        self.registry = StatusPart("registryStatus", self.tr("Status Dukcapil"))
        self.printer = StatusPart("printerStatus", self.tr("Status printer"))
        for part in (self.reader, self.sam, self.registry, self.printer):
            self.addPermanentWidget(part, 1)  # the parts share the width
            part.changed.connect(self.changed)
        self.card_reader = ""
        self.sam_reader = ""
        self.service_ok: bool | None = None
        self.present: dict[str, bool] = {}  # reader name -> holds a card
        self.simulated = False
        self.reader.show_state(IDLE, self.tr("Mencari pembaca kartu…"))
        self.sam.show_state(IDLE, self.tr("SAM belum diperiksa"))
        self.registry.show_state(IDLE, self.tr("Dukcapil belum dihubungi"))
        self.printer.show_state(IDLE, self.tr("Printer belum dipilih"))

    def parts(self) -> dict[str, tuple[str, str]]:
        """Each part's state and sentence, by name (reader, sam, registry, printer)."""
        return {name: (part.state, part.sentence) for name, part in (
            ("reader", self.reader), ("sam", self.sam), ("registry", self.registry), ("printer", self.printer))}

    # --- readers ------------------------------------------------------------------------------------------

    def set_simulated(self) -> None:
        """In-process demo: no PC/SC at all, so no events will ever come."""
        self.simulated = True
        self.reader.show_state(OK, self.tr("Pembaca simulasi siap"))
        self.sam.show_state(OK, self.tr("SAM simulasi siap"))

    def set_roles(self, card_reader: str, sam_reader: str) -> None:
        self.card_reader, self.sam_reader = card_reader or self.card_reader, sam_reader or self.sam_reader
        self._refresh_readers()

    def on_event(self, event: ReaderEvent) -> None:
        if event.kind == SERVICE_LOST:
            self.service_ok = False
            self.present.clear()
        elif event.kind == SERVICE_BACK:
            self.service_ok = True
            self.showMessage(self.tr("Layanan kartu pintar kembali berjalan."), 5000)
        elif event.kind == READER_ADDED:
            self.service_ok = True
            self.present.setdefault(event.reader, False)
        elif event.kind == READER_REMOVED:
            self.present.pop(event.reader, None)
        elif event.kind in (CARD_INSERTED, CARD_REMOVED):
            self.service_ok = True
            self.present[event.reader] = event.kind == CARD_INSERTED
        self._refresh_readers()

    def _refresh_readers(self) -> None:
        if self.simulated:
            return
        if self.service_ok is False:
            text = self.tr("Layanan kartu pintar (PC/SC) berhenti; Loket menyambung lagi sendiri")
            self.reader.show_state(BAD, text)
            self.sam.show_state(IDLE, self.tr("SAM menunggu layanan kartu pintar"))
            return
        if not self.present:
            if self.service_ok:
                self.reader.show_state(BAD, self.tr("Pembaca e-KTP tidak terhubung; periksa kabel USB"))
                self.sam.show_state(IDLE, self.tr("SAM belum diperiksa"))
            return
        if self.card_reader and self.card_reader not in self.present:
            self.reader.show_state(BAD, self.tr("Pembaca e-KTP dicabut; pasang lagi kabel USB-nya"))
        else:
            self.reader.show_state(OK, self.tr("Pembaca siap"))
        if not self.sam_reader:
            self.sam.show_state(IDLE, self.tr("SAM diperiksa saat kartu pertama dibaca"))
        elif self.sam_reader not in self.present:
            self.sam.show_state(BAD, self.tr("Pembaca SAM tidak terhubung"))
        elif not self.present[self.sam_reader]:
            self.sam.show_state(BAD, self.tr("SAM tidak terpasang di pembaca"))
        else:
            self.sam.show_state(OK, self.tr("SAM siap"))

    def sam_failed(self, sentence: str) -> None:
        """A read failed on the SAM side (exit 8): the bar keeps saying so until a read succeeds."""
        self.sam.show_state(BAD, sentence)

    def sam_ok(self) -> None:
        self.sam.show_state(OK, self.tr("SAM simulasi siap") if self.simulated else self.tr("SAM siap"))

    # --- registry and printer -----------------------------------------------------------------------------

    def set_registry(self, status: str, sentence: str = "") -> None:
        """``status`` is the lookup's: found / not_found mean the registry answered."""
        if status in ("found", "not_found"):
            self.registry.show_state(OK, self.tr("Dukcapil terhubung"))
        elif status == "refused":
            self.registry.show_state(WARN, self.tr("Dukcapil menolak permintaan; data chip dipakai"))
        else:
            self.registry.show_state(BAD, self.tr("Dukcapil tidak terhubung; data chip dipakai"))
        if sentence:
            self.registry.setToolTip(sentence)

    def show_checks(self, worst: Mapping[str, object]) -> None:
        """Diagnosa's findings, the worst per part (app.flows.doctor.worst_by_part): the bar says what the dialog
        says. A part already OK keeps its own short sentence when the check is OK too."""
        for name, part in (("reader", self.reader), ("sam", self.sam), ("registry", self.registry),
                           ("printer", self.printer)):
            check = worst.get(name)
            if check is None:
                continue
            state = _CHECK_STATE[check.level]  # type: ignore[attr-defined]
            if state == OK and part.state == OK:
                continue
            part.show_state(state, check.detail)  # type: ignore[attr-defined]

    def set_printer(self, name: str) -> None:
        if name:
            self.printer.show_state(OK, self.tr("Printer: {name}").format(name=name))
        else:
            self.printer.show_state(IDLE, self.tr("Printer belum dipilih"))
