"""GUI cold start: from launching `loket gui --demo` to the first painted, usable window (target < 2 s).

Each run is a fresh process (offscreen Qt, in-process simulated card), timed from just before spawning to
the moment the window has been shown and its first events processed. Median of several runs.

    .venv/bin/python bench/gui_start.py [--runs 7] [--language id|en] [--json out.json]

``--language en`` starts the English window (the translation loaded from the compiled .qm, or from the .ts
when setup never compiled it).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import machine

TARGET_S = 2.0
CHILD = r"""
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import app.ui.app as ui_app
from app.ui.main_window import MainWindow

def shown(window):
    # First event-loop turn after show(): the window is painted and takes keyboard input.
    print(f"SHOWN {time.time():.6f}", flush=True)
    QApplication.instance().quit()

original_show = MainWindow.showMaximized
def show_and_report(self):
    original_show(self)
    QTimer.singleShot(0, lambda: shown(self))
MainWindow.showMaximized = show_and_report
sys.exit(ui_app.run(demo=True))
"""


def one_run(root: Path, language: str = "id") -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LOKET_DEMO_TRANSPORT": "in-process"}
    with tempfile.TemporaryDirectory() as tmp:
        env["LOKET_CONFIG"] = str(Path(tmp) / "settings.json")
        Path(env["LOKET_CONFIG"]).write_text(json.dumps({"gui": {"language": language}}), encoding="utf-8")
        env["LOKET_DATA_DIR"] = str(Path(tmp) / "data")
        started = time.time()
        out = subprocess.run([sys.executable, "-c", CHILD], cwd=root, env=env, capture_output=True, text=True,
                             timeout=60)
    line = next((ln for ln in out.stdout.splitlines() if ln.startswith("SHOWN ")), None)
    if line is None:
        raise RuntimeError(f"window never shown: {out.stderr[-2000:]}")
    return float(line.split()[1]) - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--language", choices=("id", "en"), default="id")
    parser.add_argument("--json", metavar="FILE")
    args = machine.parse(parser, argv, runs=1)
    root = Path(__file__).resolve().parent.parent
    one_run(root, args.language)  # warm the OS file cache once; a counter PC starting Loket the second time is the norm
    times = [one_run(root, args.language) for _ in range(args.runs)]
    median = statistics.median(times)
    print(machine.line())
    print(f"{args.runs} fresh processes, offscreen, in-process simulated card; language {args.language}")
    print(f"GUI cold start to usable window (median)  {median:.2f} s  target < {TARGET_S} s")
    print(f"min / max                                  {min(times):.2f} / {max(times):.2f} s")
    if args.json:
        Path(args.json).write_text(json.dumps({"median_s": median, "runs": times, "target_s": TARGET_S,
                                                "language": args.language, "machine": machine.describe()},
                                               indent=2))
    return machine.verdict(args, median < TARGET_S)


if __name__ == "__main__":
    sys.exit(main())
