"""The window's extensions (Laporan, Ekspor, Hari ini) need only the narrow app.ui.host.WindowHost: handed
another host than the counter window, they put their buttons where they asked, answer through it, and set no
attribute on it (they used to read the window's private folder, set attributes on it and search its layout)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.base.settings import Settings
from app.flows.counter import CounterSession
from app.letters.catalog import Service, load_services
from app.ui.host import WindowHost
from app.ui.ops import Background


class SmallHost(QWidget):
    """A second provider of the protocol, made of real widgets: one row of tools, one of actions."""

    status_changed = Signal()

    def __init__(self, scratch: Path) -> None:
        super().__init__()
        self.settings = Settings()
        self.session = CounterSession(self.settings)
        self.ask_printer: Callable[[QPrinter, QWidget], bool] = lambda _printer, _parent: False
        self._services = load_services()
        self._scratch = scratch
        self._background = Background(self)
        self._said = QLabel()
        self._served = QLabel()
        self._tools, self._actions = QHBoxLayout(), QHBoxLayout()
        self._named = {"diagnosis": QPushButton("Diagnosa"), "save": QPushButton("Simpan PDF")}
        self._tools.addWidget(self._named["diagnosis"])
        self._tools.addWidget(QPushButton("Pengaturan"))
        self._actions.addWidget(self._named["save"])
        self._actions.addWidget(QPushButton("Bersihkan"))
        lay = QVBoxLayout(self)
        for part in (self._tools, self._actions):
            lay.addLayout(part)
        lay.addWidget(self._said)
        lay.addWidget(self._served)

    @property
    def service(self) -> Service:
        return self._services[0]

    def service_name(self, service_id: str) -> str:
        return service_id

    def dialog_parent(self) -> QWidget:
        return self

    def say(self, sentence: str) -> None:
        self._said.setText(sentence)

    def add_tool(self, button: QPushButton, after: str = "") -> None:
        row = self._actions if after == "save" else self._tools
        row.insertWidget(row.indexOf(self._named[after]) + 1 if after else row.count(), button)

    def add_banner(self, widget: QWidget) -> None:
        self.layout().addWidget(widget)

    def add_shortcut(self, key: str, slot: Callable[[], None]) -> None:
        QShortcut(QKeySequence(key), self, activated=slot)

    def show_served(self, citizens: int) -> None:
        self._served.setText(str(citizens))

    def run_in_background(self, name: str, work: Callable[[], Any], done: Callable[[Any], None],
                          failed: Callable[[BaseException], None]) -> None:
        self._background.run(name, work, done, failed)

    def scratch_dir(self) -> Path:
        return self._scratch

    def typed(self) -> dict[str, object]:
        return {}

    def status_parts(self) -> dict[str, tuple[str, str]]:
        return {part: ("idle", "") for part in ("reader", "sam", "registry", "printer")}


def test_the_extensions_need_nothing_but_the_host(qtbot, tmp_path: Path) -> None:
    from app.ui.export_action import ACCESSIBLE_NAME, add_export_action, choose_and_export
    from app.ui.report_view import add_report_button
    from app.ui.today_view import add_today

    host = SmallHost(tmp_path)
    qtbot.addWidget(host)
    assert isinstance(host, WindowHost)
    before = set(vars(host))
    report = add_report_button(host)
    export = add_export_action(host)
    panel = add_today(host)
    with qtbot.waitSignal(panel.refreshed, timeout=10_000):  # through the host's background, answered once
        pass
    assert set(vars(host)) == before, "an extension set an attribute on its host"
    tools = [host._tools.itemAt(i).widget() for i in range(host._tools.count())]
    actions = [host._actions.itemAt(i).widget() for i in range(host._actions.count())]
    assert tools.index(report) == tools.index(host._named["diagnosis"]) + 1  # "beside Diagnosa", as asked
    assert tools[-1] is panel.button
    assert actions.index(export) == actions.index(host._named["save"]) + 1 and export.accessibleName() == \
        ACCESSIBLE_NAME
    assert host._served.text() == "0"  # the day's count, told through the host
    assert choose_and_export(host, "csv") is None and host._said.text() == "Belum ada data warga untuk diekspor."


def test_the_counter_window_is_such_a_host(qtbot) -> None:
    from app.ui.main_window import MainWindow

    window = MainWindow(Settings(), watch_readers=False, save_settings=False)
    qtbot.addWidget(window)
    try:
        assert isinstance(window, WindowHost)
        with pytest.raises(ValueError):  # a place the window does not have is said, not guessed
            window.add_tool(QPushButton("x"), after="nowhere")
    finally:
        window.close()
