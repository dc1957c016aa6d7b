"""The machine a benchmark ran on, so a figure is never read without it: CPU, cores, Python, Qt, pcscd.

Every bench prints ``line()`` first and stores ``describe()`` under ``"machine"`` in its JSON.
"""

from __future__ import annotations

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
