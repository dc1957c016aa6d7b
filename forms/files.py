"""Reading a file whose path someone typed (a setting, a command-line argument): a regular file only, of a
bounded size, and never a wait.

A path in the settings or on the command line can name anything: a FIFO (an open for reading waits for a
writer, for ever), ``/dev/zero`` or ``/dev/urandom`` (a read never ends; memory runs out first), a folder,
a symbolic link to any of those. ``read_regular`` opens without blocking, looks at what it opened (not at
the name, which may change in between) and reads at most ``limit`` bytes. The one helper for every such
path in Loket: the settings file, ``registry.ca_bundle``, ``forms.numbering_file``, the office logo,
``--identity`` files. It lives here, the lowest layer that reads such a path (the numbering file, the
logo), so the app's layers above use the same one.

A symbolic link is followed to what it names; what counts is that the end is a regular file.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from forms.values import QT_TRANSLATE_NOOP

MB = 1024 * 1024


class NotRegular(OSError):
    """Not a regular file (a folder, a FIFO, a device, a socket), or larger than its bound. An OSError, so
    every ``except OSError`` that handles an unreadable file handles it too; ``strerror`` is the clerk's
    (Indonesian) phrase, ``kind`` the English word for the log."""

    def __init__(self, path: Path, kind: str, strerror: str, code: int = errno.EINVAL) -> None:
        super().__init__(code, strerror, str(path))
        self.kind = kind


def _kind(mode: int) -> tuple[str, str]:
    if stat.S_ISDIR(mode):
        return "directory", QT_TRANSLATE_NOOP("Core", "folder, bukan berkas")
    if stat.S_ISFIFO(mode):
        return "fifo", QT_TRANSLATE_NOOP("Core", "pipa (FIFO), bukan berkas")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device", QT_TRANSLATE_NOOP("Core", "perangkat, bukan berkas")
    if stat.S_ISSOCK(mode):
        return "socket", QT_TRANSLATE_NOOP("Core", "soket, bukan berkas")
    return "special", QT_TRANSLATE_NOOP("Core", "bukan berkas biasa")


def read_regular(path: Path | str, limit: int) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them. Raises FileNotFoundError and the
    other OSErrors of opening it, or NotRegular (not a regular file, or larger than ``limit``)."""
    path = Path(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except IsADirectoryError:  # Windows opens no folder
        raise NotRegular(path, "directory", _kind(stat.S_IFDIR)[1]) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind, words = _kind(mode)
            raise NotRegular(path, kind, words)
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 * MB, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise NotRegular(path, "too large", QT_TRANSLATE_NOOP(
                "Core", "berkas terlalu besar (lebih dari {size})").format(size=_size(limit)), errno.EFBIG)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_regular_text(path: Path | str, limit: int) -> str:
    """As ``read_regular``, decoded as UTF-8 (UnicodeDecodeError, a ValueError, when it is not)."""
    return read_regular(path, limit).decode("utf-8")


def _size(limit: int) -> str:
    return f"{limit // MB} MB" if limit >= MB else f"{limit // 1024} KB"
