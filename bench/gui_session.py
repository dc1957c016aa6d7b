"""Drives the real counter window (offscreen) the way a clerk does: tap a simulated card, wait for the merged
record on screen, press Pratinjau, close the preview, lift the card. Used by ``tap_to_preview.py`` and
``gui_rss.py``.

Through pcscd + vpcd when those readers are there (then the window learns of the card from pcscd's own
event, as with a USB reader; run under ``scripts/pcsc-stack.sh``), else in-process. ``Counter.mode``
says which.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from app.base.settings import Settings
from app.sim.registry import SIM_AGENCY, SIM_PASSWORD, SIM_USER, start_simulator

SERVICE = "rsud_pasien_baru"
PEOPLE = tuple(range(10))  # DEMO_CARDS 0..9: the ten simulated citizens, each a real e-KTP


@dataclass
class Visit:
    """Seconds from the tap (the card lands on the reader) to each step the clerk sees."""

    card_seen: float  # the window learns of the card and the read starts
    on_screen: float  # the merged record (chip + registry) is shown
    preview: float  # the preview's pages are rendered and the dialog is painted
    pages: int


class Counter:
    def __init__(self, transport: str = "auto") -> None:
        if transport == "in-process":
            os.environ["LOKET_DEMO_TRANSPORT"] = "in-process"
        os.environ.setdefault("LOKET_REGISTRY_USER", SIM_USER)
        os.environ.setdefault("LOKET_REGISTRY_PASSWORD", SIM_PASSWORD)
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        # This run's own settings, audit trail and drafts: a bench never touches a real counter's files.
        self._tmp = tempfile.TemporaryDirectory(prefix="loket-bench-")
        os.environ["LOKET_CONFIG"] = str(Path(self._tmp.name) / "settings.json")
        os.environ["LOKET_DATA_DIR"] = str(Path(self._tmp.name) / "data")
        os.environ.setdefault("LOKET_AUDIT_KEY", "bench-audit-key")
        os.environ.setdefault("LOKET_DRAFT_KEY", "bench-draft-key")
        self._previous_handler = qInstallMessageHandler(_quiet_offscreen)
        # Without a handler, Python prints every warning (e.g. "NIK not in the database") to stderr.
        self._null = logging.NullHandler()
        logging.getLogger().addHandler(self._null)
        self.app = QApplication.instance() or QApplication(["loket-bench"])
        self.registry = start_simulator(port=0)
        from app.ui.main_window import MainWindow

        prefer = transport != "in-process"
        self.window = MainWindow(Settings(), demo=True, prefer_pcscd=prefer,
                                 overrides={"registry_url": self.registry.url, "agency": SIM_AGENCY},
                                 watch_readers=prefer, save_settings=False)
        self.mode = "pcscd" if self.window._demo_uses_pcscd(prefer) else "in-process"
        if transport == "pcscd" and self.mode != "pcscd":
            self.close()
            raise RuntimeError("pcscd with vsmartcard-vpcd is not running: run it under scripts/pcsc-stack.sh")
        self.window.resize(1280, 720)
        self.window.show()
        index = self.window.service_box.findData(SERVICE)
        if index < 0:
            self.close()
            raise RuntimeError(f"form template {SERVICE} missing")
        self.window.service_box.setCurrentIndex(index)
        self._pump(0.2)  # first paint and the reader monitor settle outside any timing

    def _pump(self, seconds: float) -> None:
        loop = QEventLoop()
        QTimer.singleShot(int(seconds * 1000), loop.quit)
        loop.exec()

    def _wait(self, signal: object, what: str, timeout: float = 15.0) -> None:
        loop = QEventLoop()
        failed: list[str] = []
        timer = QTimer()
        timer.setSingleShot(True)
        timer.timeout.connect(loop.quit)
        timer.start(int(timeout * 1000))
        # Disconnected through their connection handles: PySide6 6.12's ``signal.disconnect(slot)`` drops a
        # reference to ``True`` on every call, and a few hundred calls crash the interpreter (bool_dealloc).
        handles = [signal.connect(loop.quit),  # type: ignore[attr-defined]
                   self.window.error_shown.connect(failed.append), self.window.error_shown.connect(loop.quit)]
        try:
            loop.exec()
        finally:
            for handle in handles:
                QObject.disconnect(handle)
        if failed:
            raise RuntimeError(f"{what}: the window showed an error: {failed[0]}")
        if not timer.isActive():
            raise RuntimeError(f"{what}: nothing within {timeout:.0f} s")
        timer.stop()

    def serve(self, card: int) -> Visit:
        """One citizen, tap to preview, then the card is lifted and pcscd has seen it go."""
        w = self.window
        panel = w.demo_panel
        assert panel is not None
        panel.select(card)
        seen: list[float] = []
        mark = lambda: seen.append(time.perf_counter())  # noqa: E731
        handle = w.card_seen.connect(mark)
        started = time.perf_counter()
        try:
            panel.tap()  # the card is on the reader now (pcscd mode: the vpcd card has connected)
            self._wait(w.person_shown, "record on screen")
        finally:
            QObject.disconnect(handle)
        on_screen = time.perf_counter()
        w.preview()  # drawn on a background thread; shown when its pages are ready
        self._wait(w.preview_shown, "preview")
        dialog = getattr(w, "preview_dialog", None)
        if dialog is None or not dialog.isVisible():
            raise RuntimeError(f"no preview: {w.message.text()}")
        self.app.processEvents()  # the dialog's first paint
        done = time.perf_counter()
        pages = dialog.page_count
        dialog.reject()
        dialog.deleteLater()
        w.preview_dialog = None
        panel.lift()
        self._settle()
        return Visit(seen[0] - started if seen else float("nan"), on_screen - started, done - started, pages)

    def _settle(self) -> None:
        # pcscd mode: the lift stops the vpcd card in a thread that waits until pcscd has seen the removal;
        # the next tap must not meet a reader pcscd still thinks is occupied.
        for t in threading.enumerate():
            if t.name == "loket-demo-stop":
                t.join(10)
        self.app.processEvents()
        # The clerk's clicks arrive inside app.exec(), which deletes deleteLater()'d widgets when each click's
        # handler returns; this driver calls the handlers from outside any loop, so it does that step itself.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    def close(self) -> None:
        logging.getLogger().removeHandler(self._null)
        qInstallMessageHandler(self._previous_handler)
        self.window.close()
        self.app.processEvents()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        self.registry.stop()
        self._tmp.cleanup()


def _quiet_offscreen(kind: QtMsgType, _context: object, message: str) -> None:
    # The offscreen platform warns on every dialog shown; anything else still reaches stderr.
    if "propagateSizeHints" not in message:
        sys.stderr.write(message + "\n")


def rss_kb() -> tuple[int, int]:
    """(current resident set, peak resident set) of this process in KiB, from /proc (Linux)."""
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0])
    return fields["VmRSS"], fields["VmHWM"]
