"""The machine a benchmark ran on, so a figure is never read without it: CPU, cores, Python, Qt, pcscd.

Every bench prints ``line()`` first and stores ``describe()`` under ``"machine"`` in its JSON.
"""

from __future__ import annotations

import argparse
import functools
import importlib.metadata
import os
import platform
import re
import subprocess
from pathlib import Path


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return ""


def _qt() -> str:
    try:
        from PySide6 import QtCore

        return QtCore.qVersion()
    except ImportError:
        return ""


def _pcscd() -> str:
    try:
        out = subprocess.run(["pcscd", "--version"], capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return ""
    found = re.search(r"version ([\w.]+?)\.?$", out.stdout.splitlines()[0] if out.stdout else "")
    return found.group(1) if found else ""


@functools.cache
def describe() -> dict[str, object]:
    return {
        "host": platform.node(),
        "cpu": _cpu_model(),
        "cores": os.cpu_count() or 0,
        "os": platform.platform(),
        "python": platform.python_version(),
        "qt": _qt(),
        "pyside6": _version("PySide6-Essentials") or _version("PySide6"),
        "pyscard": _version("pyscard"),
        "reportlab": _version("reportlab"),
        "pcscd": _pcscd(),
    }


def line() -> str:
    m = describe()
    return (f"machine: {m['cpu']}, {m['cores']} cores, {m['os']}; Python {m['python']}, "
            f"Qt {m['qt'] or '-'}, pyscard {m['pyscard'] or '-'}, pcscd {m['pcscd'] or '-'}")


def parse(parser: argparse.ArgumentParser, argv: list[str] | None, **small: int) -> argparse.Namespace:
    """The bench's arguments, with ``--smoke``: CI's form of it (tests/test_bench_smoke.py) — each count in
    ``small`` cut to that many, the figures printed and written as always, no target judged."""
    parser.add_argument("--smoke", action="store_true",
                        help="a few iterations, figures printed, no target judged (what CI runs)")
    args = parser.parse_args(argv)
    if args.smoke:
        for name, count in small.items():
            setattr(args, name, min(getattr(args, name), count))
    return args


def verdict(args: argparse.Namespace, within_target: bool) -> int:
    """The exit code: 1 over the target; a smoke run times too little to judge, so it is 0 whenever it ran."""
    return 0 if within_target or args.smoke else 1
