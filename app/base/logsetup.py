"""Logging with personal data masked on every handler: stderr for the clerk/IT at the counter, and a rotating
file of JSON lines in the data folder for IT after the fact.

The code never passes names or record fields to the logger; the filter is the second line of defence
against a NIK slipping in through an exception text or a third-party library. A library's own line (every
logger that is not ``loket.*``) keeps its template but never the values it quotes (``LibraryFilter``): that
is where aiohttp or urllib3 would write what a request carried, a client's token among it.
"""

from __future__ import annotations

import json
import logging
import os
import re
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

from app.base.paths import private_dir, private_file

# Sixteen digits in a row, or written the way people write a NIK (4-4-4-4, or region-birth-serial 6-6-4).
NIK_LIKE = re.compile(
    r"(?<!\d)(?:\d{16}|\d{4}([ .\-])\d{4}\1\d{4}\1\d{4}|\d{6}([ .\-])\d{6}\2\d{4})(?!\d)"
)
LOG_FILE = "loket.log"
MAX_BYTES = 2_000_000
BACKUPS = 5
_OWNED = "_loket_handler"  # marks the handlers setup() installed, so a second call replaces only those


_ROOT = Path(__file__).resolve().parents[2]  # the checkout: app/base/logsetup.py is two levels down


def failure(exc: BaseException, depth: int = 8) -> str:
    """An exception for the log: its type and where it happened (file:line in function, innermost last),
    never its message or locals — those can quote a name or a NIK. Enough for IT, and for us, to find the
    line; the same exception always gives the same text, so two reports can be matched."""
    frames = traceback.extract_tb(exc.__traceback__)[-depth:] if exc.__traceback__ is not None else []
    where = " < ".join(f"{_short(f.filename)}:{f.lineno} in {f.name}" for f in reversed(frames))
    return f"{type(exc).__name__} at {where}" if where else type(exc).__name__


def _short(filename: str) -> str:
    path = Path(filename)
    try:
        return path.resolve().relative_to(_ROOT).as_posix()
    except ValueError:  # a library's file: its package-relative tail is enough to find it
        parts = path.parts
        marker = next((i for i, part in enumerate(parts) if part in ("site-packages", "dist-packages")), None)
        return "/".join(parts[marker + 1:]) if marker is not None else path.name


def redact(text: str) -> str:
    # Keep the first four digits (province and regency): enough to tell two log lines apart, not a person.
    return NIK_LIKE.sub(lambda m: m.group(0)[:4] + "*" * (len(m.group(0)) - 4), text)


class RedactFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:
            # A broken format string is the handler's to report (handleError); a filter that raised would
            # instead break the caller's code path.
            return True
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        # Redact even an exc_text another handler's formatter already filled in, unmasked.
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


OWN_LOGGER = "loket"
WITHHELD = " [arguments withheld]"


class LibraryFilter(logging.Filter):
    """A third-party library's line (aiohttp, asyncio, urllib3, psycopg, keyring, PIL…: every logger that is
    not ``loket.*``) keeps its logger, level and message template, never the values formatted into it nor
    its exception's text: those are where a library quotes what a request carried (aiohttp's WebSocket
    warning prints the offered subprotocols, a client token among them; a malformed request's error
    quotes the header line). The exception stays as its type and place (``failure``), enough for IT."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name == OWN_LOGGER or record.name.startswith(OWN_LOGGER + ".") or \
                getattr(record, "_loket_withheld", False):
            return True
        record._loket_withheld = True  # the next handler sees the same record: once is enough
        template = record.msg if isinstance(record.msg, str) else type(record.msg).__name__
        if record.args:
            template += WITHHELD
        if record.exc_info and record.exc_info[1] is not None:
            template += f" ({failure(record.exc_info[1])})"
        record.msg, record.args = redact(template), None
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, and exc/stack when present."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exc"] = record.exc_text
        if record.stack_info:
            entry["stack"] = record.stack_info
        return json.dumps(entry, ensure_ascii=False)


class _RotatingFile(logging.FileHandler):
    """At most ``max_bytes`` a file and ``backups`` older files (loket.log.1 the newest), as the standard
    library's RotatingFileHandler keeps them. Not that class: importing logging.handlers brings pickle, queue
    and the network handlers with it, ~3 ms of every command's start (a one-card read included), for the size
    check and the renames below."""

    retry_seconds = 60.0
    _failed_at = 0.0

    def __init__(self, path: Path, max_bytes: int, backups: int) -> None:
        super().__init__(path, encoding="utf-8", delay=True)
        self.max_bytes, self.backups = max_bytes, backups

    def _open(self):  # type: ignore[no-untyped-def]
        stream = super()._open()
        private_file(Path(self.baseFilename))  # the log names readers and steps; still this user's only
        return stream

    def emit(self, record: logging.LogRecord) -> None:
        try:  # opening the file included: a folder gone or read-only loses the line, never the caller's work
            if self._full(record):
                self._roll()
            super().emit(record)
        except Exception:
            self.handleError(record)

    def _full(self, record: logging.LogRecord) -> bool:
        if os.path.exists(self.baseFilename) and not os.path.isfile(self.baseFilename):
            return False  # a pipe or a device is never renamed away (nor asked its size)
        if self._failed_at and time.monotonic() - self._failed_at < self.retry_seconds:
            return False
        if self.stream is None:
            self.stream = self._open()
        self.stream.seek(0, 2)  # the end as it is now: a CLI run beside the window writes to the same file
        return self.stream.tell() + len(self.format(record)) + 1 >= self.max_bytes

    def _roll(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None  # type: ignore[assignment]  # the next emit opens a fresh file
        base = self.baseFilename
        try:
            for n in range(self.backups, 0, -1):
                older = f"{base}.{n - 1}" if n > 1 else base
                if os.path.exists(older):
                    if os.path.exists(f"{base}.{n}"):
                        os.remove(f"{base}.{n}")  # Windows refuses to rename onto an existing file
                    os.rename(older, f"{base}.{n}")
            self._failed_at = 0.0
        except OSError:
            # On Windows the GUI and a CLI run may both hold the file open, so the renames fail. Keep
            # writing to the current file (reopened on the next emit) and try again in a minute, rather
            # than printing a logging traceback at the counter for every line.
            self._failed_at = time.monotonic()

    def handleError(self, record: logging.LogRecord) -> None:
        # A full or read-only disk: the log line is lost, but a logging traceback must never reach the
        # clerk's terminal. The console handler still says what matters; the file is reopened next time.
        stream, self.stream = self.stream, None  # type: ignore[assignment]
        if stream is not None:
            try:
                stream.close()
            except OSError:
                pass


def log_dir() -> Path:
    return private_dir("logs")


def file_handler(level: int = logging.INFO, directory: Path | None = None) -> logging.Handler:
    handler = _RotatingFile((directory or log_dir()) / LOG_FILE, MAX_BYTES, BACKUPS)
    handler.setLevel(level)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(LibraryFilter())
    handler.addFilter(RedactFilter())
    return handler


def setup(verbose: int = 0, *, to_file: bool = True) -> None:
    """stderr quiet (``-v`` INFO, ``-vv`` DEBUG; WARNING when there is no log file) and the JSON-lines
    file at INFO (DEBUG with ``-vv``).

    Handlers installed by someone else (pytest, an embedding program) are kept, with the filter added.
    """
    console_level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    console = logging.StreamHandler()
    console.setLevel(console_level)
    console.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    console.addFilter(LibraryFilter())
    console.addFilter(RedactFilter())
    mine: list[logging.Handler] = [console]
    problem = None
    if to_file:
        try:
            mine.append(file_handler(logging.DEBUG if verbose >= 2 else logging.INFO))
        except OSError as exc:  # read-only profile, full disk: the counter still works without a log file
            problem = exc
    if verbose == 0 and problem is None:
        # The clerk already got the Indonesian sentence on stderr; its English twin belongs in the file.
        console.setLevel(logging.CRITICAL)
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, _OWNED, False)]:
        root.removeHandler(old)
        old.close()
    foreign = list(root.handlers)
    for handler in foreign:
        if not any(isinstance(f, LibraryFilter) for f in handler.filters):
            handler.filters.insert(0, LibraryFilter())
        if not any(isinstance(f, RedactFilter) for f in handler.filters):
            handler.addFilter(RedactFilter())
    for handler in mine:
        setattr(handler, _OWNED, True)
        root.addHandler(handler)
    level = min(h.level for h in mine)
    # With someone else's handlers present, never make the root quieter than they had it.
    root.setLevel(min(level, root.level) if foreign and root.level else level)
    if problem is not None:
        logging.getLogger("loket").warning("log file not available: %s", type(problem).__name__)
