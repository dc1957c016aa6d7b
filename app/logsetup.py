"""Logging with personal data masked on every handler.

The code never passes names or record fields to the logger; the filter is the second line of defence
against a NIK slipping in through an exception text or a third-party library.
"""

from __future__ import annotations

import logging
import re

NIK_LIKE = re.compile(r"(?<!\d)\d{16}(?!\d)")


def redact(text: str) -> str:
    return NIK_LIKE.sub(lambda m: m.group(0)[:4] + "*" * 12, text)


class RedactFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        return True


def setup(verbose: int = 0) -> None:
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
