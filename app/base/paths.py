"""Where this machine keeps Loket's own files (audit trail, logs, encrypted drafts).

Per machine and per user, never in the roaming profile: an office's audit trail and a clerk's unsent
drafts must not follow a Windows roaming account to another counter. ``LOKET_DATA_DIR`` overrides it so
tests and IT scripts never touch a real counter's files. A ``--demo`` run (simulated card and registry) keeps
its letter numbers, audit trail, copies, drafts and logs in a ``demo`` folder inside it (``demo_data()``), so a
try-out never takes a real letter number or writes a fictional citizen into the counter's trail.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

DATA_DIR_ENV = "LOKET_DATA_DIR"
DEMO_ENV = "LOKET_DEMO_DATA"  # "1" while a --demo run is going: inherited by what it starts
DEMO_FOLDER = "demo"


def data_dir() -> Path:
    """The folder, not created: callers create what they write so a read-only check never makes dirs."""
    return counter_dir() / DEMO_FOLDER if in_demo() else counter_dir()


def counter_dir() -> Path:
    """The counter's own folder, also during a --demo run: for what belongs to the machine rather than to a
    run (the seal's key list), never for numbers, audit rows or copies."""
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return (Path(base) if base else Path.home() / "AppData" / "Local") / "Loket"
    base = os.environ.get("XDG_DATA_HOME")
    return (Path(base) if base else Path.home() / ".local" / "share") / "loket"


def in_demo() -> bool:
    return os.environ.get(DEMO_ENV) == "1"


@contextmanager
def demo_data() -> Iterator[Path]:
    """Inside it, ``data_dir()`` is the demo's own folder (and storage is this PC's, never the office server:
    app.storage.config); the counter's folder is as it was before and after."""
    before = os.environ.get(DEMO_ENV)
    os.environ[DEMO_ENV] = "1"
    try:
        yield data_dir()
    finally:
        if before is None:
            os.environ.pop(DEMO_ENV, None)
        else:
            os.environ[DEMO_ENV] = before


def private_dir(*parts: str) -> Path:
    """``data_dir()/parts``, created readable by this user only (on POSIX; Windows profiles already are).
    A folder an earlier version created 0755 is narrowed too."""
    path = data_dir().joinpath(*parts)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix":
        for folder in {data_dir(), path}:
            _narrow(folder, 0o700)
    return path


def private_file(path: Path) -> Path:
    """``path`` readable and writable by this user only (POSIX; best effort, never raises)."""
    if os.name == "posix":
        _narrow(path, 0o600)
    return path


def _narrow(path: Path, mode: int) -> None:
    try:
        if path.exists() and not path.is_symlink() and (path.stat().st_mode & 0o777) != mode:
            os.chmod(path, mode)
    except OSError:
        pass  # not ours to change (a shared folder set by IT): the data folder's own mode still protects
