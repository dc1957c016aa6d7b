"""``loket gui [--demo]``: the counter window.

With ``--demo`` the simulated card, SAM and registry start in the background (through pcscd + vpcd when
they are there, else in-process) and a "Kartu simulasi" panel lets a newcomer tap simulated citizens.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable

from reader.exitcodes import ExitCode

log = logging.getLogger("loket.ui")


def _indonesian(id_text: str, en_text: str) -> str:
    return id_text


def add_gui_parser(sub: argparse._SubParsersAction, say: Callable[[str, str], str] = _indonesian) -> None:
    """``say`` picks the run's language (app/cli/words.py, handed in: app.ui does not import the CLI)."""
    p = sub.add_parser("gui", help=say("buka jendela loket", "open the counter window"),
                       description=say("Buka jendela loket.", "Open the counter window."))
    p.add_argument("--demo", action="store_true",
                   help=say("dengan kartu, SAM dan data kependudukan simulasi, serta panel untuk menempelkan "
                            "kartu simulasi",
                            "with the simulated card, SAM and registry, and a panel to tap simulated cards"))
    p.add_argument("--screenshot", metavar="PNG", help=argparse.SUPPRESS)  # docs: grab the window and quit
    p.set_defaults(func=cmd_gui)


def cmd_gui(args: argparse.Namespace) -> int:
    return run(demo=bool(getattr(args, "demo", False)), screenshot=getattr(args, "screenshot", None))


def start_demo_registry() -> dict[str, str]:
    """The simulated registry on a free local port; returns the lookup overrides pointing at it."""
    from app.sim.registry import SIM_AGENCY, SIM_PASSWORD, SIM_USER, start_simulator

    handle = start_simulator(port=0)
    os.environ.setdefault("LOKET_REGISTRY_USER", SIM_USER)
    os.environ.setdefault("LOKET_REGISTRY_PASSWORD", SIM_PASSWORD)
    start_demo_registry.handle = handle  # type: ignore[attr-defined]  # kept alive for the whole session
    return {"registry_url": handle.url, "agency": SIM_AGENCY}


def run(demo: bool = False, screenshot: str | None = None) -> int:
    from app.base.paths import demo_data, in_demo

    if demo and not in_demo():  # loketw.exe --demo: its own data folder, as `loket gui --demo` (app/cli)
        with demo_data():
            return run(demo, screenshot)
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app.base import settings as settings_module
    from app.flows.recovery import after_a_crash

    if demo:
        from app.sim.demo import keys_without_keyring

        if (note := keys_without_keyring()) is not None:  # the demo runs on; a counter would not
            sys.stderr.write(f"demo: {note}\n")
    after_a_crash(numbers=True)  # as loketw.exe too, which does not pass through the loket command
    try:
        settings = settings_module.load()
    except settings_module.SettingsError as exc:
        sys.stderr.write(exc.id_text + "\n")
        return ExitCode.USAGE  # as the `loket` command says a settings file it cannot use
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Loket")
    app.setApplicationDisplayName("Loket")
    from app.ui.icon import app_icon

    app.setWindowIcon(app_icon())  # every window and dialog, and the task bar
    overrides = start_demo_registry() if demo else None

    from app.ui.main_window import MainWindow

    window = MainWindow(settings, demo=demo, overrides=overrides)
    screen = app.primaryScreen()
    if screen is not None:
        # The counter PC does nothing else: use the whole screen (also without a window manager, e.g. Xvfb).
        window.setGeometry(screen.availableGeometry())
    window.showMaximized()
    if screenshot:
        if window.demo_panel is not None:
            QTimer.singleShot(300, window.demo_panel.tap)  # the docs show a person, not the empty prompt

        def grab() -> None:
            window.grab().save(screenshot)
            window.close()

        QTimer.singleShot(1500, grab)
    code = app.exec()
    handle = getattr(start_demo_registry, "handle", None)
    if handle is not None:
        handle.stop()
    return code


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="loket")
    add_gui_parser(parser.add_subparsers(dest="command", required=True))
    ns = parser.parse_args()
    sys.exit(ns.func(ns))
