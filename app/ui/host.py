"""What the counter window offers the modules that add to it ("Hari ini", "Laporan", "Ekspor…", the local card
service's prompt): the narrow protocol ``WindowHost``, which app/ui/main_window.py provides.

An extension is handed a host, never the window: it does not import app.ui.main_window (an import-linter
contract in .importlinter says so), sets no attribute on the window and never looks for a neighbour in its
layout; it says where its button goes (``add_tool(button, after="save")``) and the window puts it there.
What the person on screen is, it learns from the counter session (``host.session``), not from widgets.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QPushButton, QWidget

    from app.base.settings import Settings
    from app.flows.counter import CounterSession
    from app.letters.catalog import Service

# The places ``add_tool(after=…)`` knows: the top bar's tools and the row of actions under the person.
TOOLS = ("settings", "diagnosis")
ACTIONS = ("preview", "print", "save", "clear", "registry", "restore")


@runtime_checkable
class WindowHost(Protocol):
    settings: Settings
    session: CounterSession  # the counter's state: the person on screen, the card, the stage
    # Replaced in tests by a function that points the printer at a PDF file.
    ask_printer: Callable[[QPrinter, QWidget], bool]
    status_changed: SignalInstance  # a part of the status bar (reader, SAM, registry, printer) changed

    @property
    def service(self) -> Service:
        """The service the clerk picked."""
        ...

    def service_name(self, service_id: str) -> str:
        """A service's name in the window's language (an unknown id: the id)."""
        ...

    def dialog_parent(self) -> QWidget:
        """The parent of an extension's dialogs and shortcuts (they close with the window)."""
        ...

    def say(self, sentence: str) -> None:
        """The sentence on the window's message line (cleared when the person leaves)."""
        ...

    def add_tool(self, button: QPushButton, after: str = "") -> None:
        """``button`` after the named tool or action (``TOOLS``, ``ACTIONS``); none: at the end of the top bar."""
        ...

    def add_banner(self, widget: QWidget) -> None:
        """A bar above the actions (hidden until the extension shows it)."""
        ...

    def add_shortcut(self, key: str, slot: Callable[[], None]) -> None:
        """A key of the whole window (``"F6"``, ``"Shift+F11"``)."""
        ...

    def show_served(self, citizens: int) -> None:
        """The count under the prompt: citizens served today at this counter."""
        ...

    def run_in_background(self, name: str, work: Callable[[], Any], done: Callable[[Any], None],
                          failed: Callable[[BaseException], None]) -> None:
        """``work()`` off the GUI thread (app/ui/ops.py); ``done(result)`` or ``failed(exc)`` on it, once."""
        ...

    def scratch_dir(self) -> Path:
        """Loket's private folder for a job's PDF (swept at closing and after a crash)."""
        ...

    def typed(self) -> dict[str, object]:
        """What the clerk has typed for the person on screen, as it is now."""
        ...

    def status_parts(self) -> dict[str, tuple[str, str]]:
        """The status bar's parts: name (reader, sam, registry, printer) -> (state, sentence)."""
        ...
