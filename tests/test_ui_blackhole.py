"""A print while the office's PostgreSQL is a black hole: the letter number waits for the office server (and
then comes from this counter's offline block), but the window repaints and takes keys the whole time.

Two black holes on loopback, the real storage code in front of them: a server whose packets are dropped
(its accept queue is full, so the kernel drops every new SYN, as a dead switch does) and one that accepts and
never says a word. A 10 ms timer on the GUI thread measures the longest stall while the job runs."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from pypdf import PdfReader
from PySide6.QtCore import QTimer

from app.base import settings as settings_module
from app.flows.counter import Stage
from app.storage.letters import block_offices
from tests.office_support import block_checked
from tests.test_ui_letters import letter_on_screen, registry  # noqa: F401  (the registry fixture)
from tests.ui_jobs import printer_to_file

CONNECT_TIMEOUT = 3  # seconds the numbering waits for the office server before the offline block


@contextmanager
def black_hole(kind: str) -> Iterator[int]:
    """A loopback port that never answers: ``dropped`` (SYNs dropped) or ``silent`` (accepts, says nothing)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    port = server.getsockname()[1]
    held: list[socket.socket] = []
    if kind == "dropped":
        server.listen(0)
        for _ in range(2):  # the first fills the accept queue; the second proves further SYNs go nowhere
            filler = socket.socket()
            filler.settimeout(0.3)
            try:
                filler.connect(("127.0.0.1", port))
            except TimeoutError:
                pass
            held.append(filler)
    else:
        server.listen(16)  # the kernel completes every handshake; nobody ever reads or writes
    try:
        yield port
    finally:
        for s in held:
            s.close()
        server.close()


def office_counter(isolated_settings: Path, port: int) -> settings_module.Settings:
    isolated_settings.write_text(json.dumps({"storage": {
        "backend": "postgres", "counter": "loket-3", "retry_seconds": 60,
        "fallback_numbers": {"start": 9000, "end": 9099},
        "postgres": {"host": "127.0.0.1", "port": port, "connect_timeout": CONNECT_TIMEOUT}}}))
    settings = settings_module.load()
    for office in block_offices(settings):  # checked by the server when this counter was last online
        block_checked(office, 9000, 9099)
    return settings


class StallMeter:
    """The longest time the GUI thread did not run its event loop, while started."""

    def __init__(self) -> None:
        self.longest = 0.0
        self._last = time.monotonic()
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.monotonic()
        self.longest = max(self.longest, now - self._last)
        self._last = now

    def start(self) -> None:
        self._last = time.monotonic()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()


@pytest.mark.parametrize("kind", ["dropped", "silent"])
def test_a_print_against_a_black_hole_never_freezes_the_window(qtbot, registry, isolated_settings,  # noqa: F811
                                                              tmp_path: Path, kind: str) -> None:
    with black_hole(kind) as port:
        window = letter_on_screen(qtbot, registry, office_counter(isolated_settings, port))
        try:
            out = tmp_path / "surat.pdf"
            window.ask_printer = printer_to_file(out)
            editor = window.record.rows["keperluan"].editor
            during: list[tuple[Stage, str]] = []

            def clerk_types() -> None:  # a key the clerk presses while the number is awaited
                editor.setText(editor.text() + " (2)")
                during.append((window.session.stage, editor.text()))

            meter = StallMeter()
            meter.start()
            started = time.monotonic()
            with qtbot.waitSignal(window.job_finished, timeout=(CONNECT_TIMEOUT * 4 + 20) * 1000) as answer:
                assert window.print_form() is True
                QTimer.singleShot(300, clerk_types)
            took = time.monotonic() - started
            meter.stop()
            result = answer.args[0]
            shown = window.message.text()
        finally:
            window.close()
    assert result.ok and result.number.startswith("470/9000/"), result
    # The job really waited for the office server, and the window ran its loop all that time.
    assert took >= CONNECT_TIMEOUT * 0.9
    assert during and during[0][0] is Stage.PRINTING and during[0][1].endswith("(2)")
    assert meter.longest < CONNECT_TIMEOUT / 3, f"GUI thread stalled {meter.longest:.2f} s"
    assert len(PdfReader(out).pages) == 1  # the paper came out (a page image: the printer's own copy)
    assert "Formulir dicetak" in shown and "blok nomor cadangan" in shown
