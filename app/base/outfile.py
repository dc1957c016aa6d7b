"""Writing a file the clerk named (a letter, an export, a report): all of it or nothing, and never a copy of
a citizen left behind.

The one writer for ``loket fill``, ``loket export``, the window's save, the report, the audit export, the
settings file and the encrypted drafts. The bytes go to a
temporary file beside the target (so the final rename is atomic on the same disk), readable by this user
only, and that temporary file is removed on every failure path. Its path is written to a marker file in
Loket's data folder *before* it is created, and the marker goes with the temporary file: after a kill -9 or
a power cut mid-write, the next start of any Loket command finds the marker and removes both (``sweep``).
One marker per write, so two Loket processes never rewrite each other's journal, and no folder name the
clerk chose (which may be a citizen's) stays behind once the write is done. Temporary names carry the
writer's pid and no part of the target's name, so a running Loket's own file is never swept.

Refused with one sentence, never followed or replaced: a target that is a folder, a symbolic link, or in
a folder that does not exist. A device or pipe (``/dev/stdout``) is written straight into, but never
waited for: a FIFO nobody reads (an open would block for ever) is refused with its sentence.
"""

from __future__ import annotations

import errno
import logging
import os
import stat
import sys
import time
from pathlib import Path

from app.base.clerktext import QT_TRANSLATE_NOOP
from app.base.logsetup import failure
from app.base.outcome import PrintOutcome
from app.base.paths import data_dir

log = logging.getLogger("loket.outfile")

TEMP_PREFIX = ".loket-"
TEMP_SUFFIX = ".tmp"
JOURNAL = "pending-writes"  # a folder: one marker file per write in progress
SCRATCH = "scratch"  # the window's preview/print PDFs: data_dir()/scratch/<pid>-<random>/


class SaveFailed(Exception):
    """The file could not be written where the clerk asked; nothing was left behind there."""

    DISK_FULL = QT_TRANSLATE_NOOP(
        "Core", "Disk penuh: berkas tidak tersimpan. Kosongkan ruang disk atau pilih tempat lain, lalu simpan lagi.")
    OTHER = QT_TRANSLATE_NOOP("Core", "Berkas tidak dapat disimpan di tempat itu. Pilih folder lain, lalu simpan lagi.")

    def __init__(self, cause: OSError | None = None, id_text: str = "", outcome: PrintOutcome | None = None) -> None:
        full = cause is not None and cause.errno in (errno.ENOSPC, errno.EDQUOT)
        what = f"{type(cause).__name__} errno {cause.errno}" if cause is not None else outcome
        super().__init__(f"file not written: {what}")
        self.id_text = id_text or (self.DISK_FULL if full else self.OTHER)
        self.outcome: PrintOutcome = outcome or (PrintOutcome.DISK_FULL if full else PrintOutcome.FAILED_WRITE)
        self.voided_number = ""  # a letter number the failed write left void (app.letters.formdata.print_pdf)


def _refuse(id_text: str, outcome: PrintOutcome) -> SaveFailed:
    return SaveFailed(None, id_text, outcome)


def check_target(out: Path) -> None:
    """SaveFailed with the clerk's sentence when ``out`` is not a place a file may be written."""
    if out.is_symlink():
        raise _refuse(QT_TRANSLATE_NOOP("Core", "{path} adalah tautan (symlink); demi keamanan data warga Loket "
                                        "tidak menulis lewat tautan. Pilih nama berkas lain.").format(path=out),
                      PrintOutcome.REFUSED_SYMLINK)
    if out.is_dir():
        raise _refuse(QT_TRANSLATE_NOOP("Core", "{path} adalah folder; tuliskan nama berkasnya, misalnya "
                                        "{example}.").format(path=out, example=out / "warga.pdf"),
                      PrintOutcome.REFUSED_DIRECTORY)
    if not out.parent.is_dir():
        raise _refuse(QT_TRANSLATE_NOOP("Core", "Folder {path} tidak ada; buat foldernya dulu atau pilih folder "
                                        "lain.").format(path=out.parent), PrintOutcome.REFUSED_NO_FOLDER)


def write_output(out: Path | str, data: bytes) -> None:
    """All of ``data`` at ``out``, or nothing new there (an older file of that name stays). Raises SaveFailed."""
    out = Path(out)
    check_target(out)
    try:
        if out.exists() and not stat.S_ISREG(out.stat().st_mode):  # /dev/stdout, a pipe: nothing to rename
            _write_special(out, data)
            return
    except OSError as exc:
        raise SaveFailed(exc) from None
    import secrets  # here: `random` behind it is ~2 ms of every read that needs none
    tmp = out.parent / f"{TEMP_PREFIX}{os.getpid()}-{secrets.token_hex(6)}{TEMP_SUFFIX}"
    marker = _remember(tmp)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        _replace(tmp, out)
    except OSError as exc:
        raise SaveFailed(exc) from None
    finally:
        try:
            tmp.unlink(missing_ok=True)
            if marker is not None:
                marker.unlink(missing_ok=True)
        except OSError:
            log.warning("temporary file not removed; it is swept at the next start")


def _write_special(out: Path, data: bytes) -> None:
    """Into a device or a pipe that is there already; opened without waiting (a FIFO with no reader is ENXIO
    at once instead of a hang), then written as any file."""
    flags = os.O_WRONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(out, flags)
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise _refuse(QT_TRANSLATE_NOOP("Core", "{path} adalah pipa (FIFO) yang tidak sedang dibaca program "
                                            "lain; tuliskan nama berkas biasa.").format(path=out),
                          PrintOutcome.REFUSED_FIFO) from None
        raise
    if hasattr(os, "O_NONBLOCK"):
        os.set_blocking(fd, True)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
        f.flush()


def _replace(src: Path, dst: Path) -> None:
    # Windows refuses the rename for a moment while an antivirus scanner holds the old file open.
    for attempt in range(5):
        try:
            os.replace(src, dst)
            return
        except PermissionError:
            if attempt == 4:
                raise
            time.sleep(0.05 * (attempt + 1))


def _remember(tmp: Path) -> Path | None:
    """The marker naming ``tmp``, written before ``tmp`` exists; None when it cannot be (the write still
    cleans up after itself; only a crash would then leave the temporary file unfound)."""
    try:
        folder = data_dir() / JOURNAL
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        marker = folder / tmp.name
        marker.write_text(f"{tmp.resolve()}\n", encoding="utf-8", errors="surrogateescape")
        return marker
    except (OSError, ValueError) as exc:
        log.warning("write journal not updated: %s", failure(exc))
        return None


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` still runs. Never signals it: on Windows ``os.kill(pid, 0)`` would end it."""
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)  # signal 0 on POSIX: only asks whether the process exists
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process: alive
    return True


def _windows_pid_alive(pid: int) -> bool:
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return kernel32.GetLastError() == 5  # access denied: it exists, it is not ours
    try:
        code = ctypes.c_ulong()
        return bool(kernel32.GetExitCodeProcess(handle, ctypes.byref(code))) and code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def _ours(name: str) -> bool:
    return name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX)


def _writer_pid(name: str) -> int:
    try:
        return int(name[len(TEMP_PREFIX):].split("-", 1)[0])
    except ValueError:
        return 0


def sweep() -> int:
    """Remove what a killed writer left: journalled temporary files and the window's scratch folders of
    processes that no longer run. Returns how many were removed. Never raises."""
    removed = 0
    folder = data_dir()
    try:
        markers = list((folder / JOURNAL).iterdir())
    except OSError:
        markers = []
    for marker in markers:
        if not _ours(marker.name) or pid_alive(_writer_pid(marker.name)):
            continue  # a write still in progress, or not a marker of ours
        try:
            path = Path(marker.read_text(encoding="utf-8", errors="surrogateescape").strip())
        except (OSError, ValueError):
            path = None
        try:
            # Only the temporary file the marker is named for: never anything else, whatever it says.
            if path is not None and path.name == marker.name and path.is_file() and not path.is_symlink():
                path.unlink()
                removed += 1
            marker.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("left-over temporary file not removed: %s", failure(exc))
    try:
        scratch = list((folder / SCRATCH).iterdir())
    except OSError:
        scratch = []
    for entry in scratch:
        if not pid_alive(_writer_pid(TEMP_PREFIX + entry.name)):
            import shutil  # here: every command sweeps, few find a stopped Loket's folder to remove

            shutil.rmtree(entry, ignore_errors=True)
            removed += 1
    if removed:
        log.info("removed %d file(s) a stopped Loket left behind", removed)
    return removed


def scratch_dir() -> Path:
    """A private folder for this process's preview and print PDFs, swept after a crash."""
    import secrets

    from app.base.paths import private_dir
    path = private_dir(SCRATCH) / f"{os.getpid()}-{secrets.token_hex(4)}"
    path.mkdir(mode=0o700)
    return path
