"""The demo's "simulated card": pick a citizen of the synthetic population, tap the card, lift it.

Through pcscd + vpcd the tap is a real card insertion that the reader monitor sees; in-process there is no
PC/SC at all, so the window is told directly. Either way the rest of the window cannot tell the difference.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from app.sim.demo import Demo, start_demo
from app.ui.i18n import QT_TRANSLATE_NOOP, translate
from app.ui.ops import Background

log = logging.getLogger("loket.ui")

# No names or NIKs here: the list stays on screen while real citizens stand at the counter in a training room.
DEMO_CARDS: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    (QT_TRANSLATE_NOOP("DemoPanel", "Warga 1 · ejaan nama dikoreksi Dukcapil"), 1, ()),
    (QT_TRANSLATE_NOOP("DemoPanel", "Warga 0 · alamat berbeda (pindah)"), 0, ()),
    (QT_TRANSLATE_NOOP("DemoPanel", "Warga 2 · status kawin berubah"), 2, ()),
    (QT_TRANSLATE_NOOP("DemoPanel", "Warga 3"), 3, ()),
    (QT_TRANSLATE_NOOP("DemoPanel", "Warga 4"), 4, ()),
    (QT_TRANSLATE_NOOP("DemoPanel", "Warga 5 · kartu tipe B"), 5, ()),
    (QT_TRANSLATE_NOOP("DemoPanel", "Warga 6"), 6, ()),
    (QT_TRANSLATE_NOOP("DemoPanel", "Warga 7 · kartu lama, format tidak biasa"), 7, ()),
    (QT_TRANSLATE_NOOP("DemoPanel", "Warga 8 · kartu diubah (keaslian gagal)"), 8, ()),
    (QT_TRANSLATE_NOOP("DemoPanel", "Warga 9 · tidak ada di Dukcapil"), 9, ()),
    (QT_TRANSLATE_NOOP("DemoPanel", "Kartu lain (bukan e-KTP)"), 0, ("not-ektp",)),
    (QT_TRANSLATE_NOOP("DemoPanel", "Kartu dicabut saat dibaca"), 0, ("pull-at=15",)),
)


class DemoPanel(QWidget):
    inserted = Signal(object)  # app.sim.demo.Demo
    removed = Signal()

    def __init__(self, prefer_pcscd: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("demoPanel")
        self.prefer_pcscd = prefer_pcscd
        self.demo: Demo | None = None
        self.background = Background(self)
        label = QLabel(self.tr("Kartu simulasi:"))
        self.cards = QComboBox()
        self.cards.setAccessibleName(self.tr("Kartu simulasi"))
        for caption, _person, _faults in DEMO_CARDS:
            self.cards.addItem(translate("DemoPanel", caption))
        label.setBuddy(self.cards)
        self.tap_button = QPushButton(self.tr("Tempelkan"))
        self.tap_button.setAccessibleName(self.tr("Tempelkan kartu simulasi"))
        self.tap_button.setToolTip(self.tr("Tempelkan kartu simulasi pada pembaca (F9)"))
        self.lift_button = QPushButton(self.tr("Angkat"))
        self.lift_button.setAccessibleName(self.tr("Angkat kartu simulasi"))
        self.lift_button.setToolTip(self.tr("Angkat kartu simulasi dari pembaca (F10)"))
        self.lift_button.setEnabled(False)
        for b in (self.tap_button, self.lift_button):
            b.setAutoDefault(False)
        self.tap_button.clicked.connect(self.tap)
        self.lift_button.clicked.connect(self.lift)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(label)
        lay.addWidget(self.cards)
        lay.addWidget(self.tap_button)
        lay.addWidget(self.lift_button)

    def select(self, index: int) -> None:
        self.cards.setCurrentIndex(index)

    def tap(self) -> None:
        from reader.simulator.factory import parse_card_faults

        if self.demo is not None:
            self.lift()  # one card on the reader at a time, as with a real one
        _caption, person, faults = DEMO_CARDS[self.cards.currentIndex()]
        self.demo = start_demo(person, parse_card_faults(list(faults)), self.prefer_pcscd)
        self.lift_button.setEnabled(True)
        self.inserted.emit(self.demo)

    def lift(self) -> None:
        demo, self.demo = self.demo, None
        self.lift_button.setEnabled(False)
        if demo is None:
            return
        self.removed.emit()
        if demo.mode == "pcscd":
            # Stopping waits until pcscd has seen the removal (up to seconds): never on the GUI thread.
            self.background.run("demo-stop", demo.stop, lambda _none: None, lambda _exc: None)  # logged there
        else:
            demo.stop()

    def shutdown(self) -> None:
        demo, self.demo = self.demo, None
        if demo is not None:
            demo.stop()
