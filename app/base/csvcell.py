"""A CSV cell that a spreadsheet opens as text, never as a formula (CSV injection, OWASP).

A value that starts with ``= + - @``, a tab or a carriage return is run as a formula by Excel and
LibreOffice (``=HYPERLINK(…)``, ``=cmd|' /C calc'!A0``, ``@SUM(…)``): it gets a leading apostrophe. Only a
lone ``-`` (Khanza's "blood group unknown") is kept as it is: it is no formula.
"""

from __future__ import annotations

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    if text[:1] in _TRIGGERS and text != "-":
        return "'" + text
    return text
