"""Entry point of the windowed executable (loketw.exe): the counter window, app.ui.app.run.

``loketw.exe [--demo]`` is ``loket gui [--demo]`` without a console window.
"""

import argparse
import os
import sys

# A windowed PyInstaller app has no console: sys.stdout/sys.stderr are None and the first write (a log line,
# the settings-file message) would raise. Send them nowhere; the app's own log handlers still work.
for _name in ("stdout", "stderr"):
    if getattr(sys, _name) is None:
        setattr(sys, _name, open(os.devnull, "w", encoding="utf-8"))  # open for the whole process

from app.base import logsetup  # noqa: E402
from app.ui.app import run  # noqa: E402

parser = argparse.ArgumentParser(prog="loketw", description="Loket: the counter window")
parser.add_argument("--demo", action="store_true", help="simulated card, SAM and registry")
args, _unknown = parser.parse_known_args()
logsetup.setup(0)
sys.exit(run(demo=args.demo) or 0)
