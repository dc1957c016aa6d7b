"""Letter numbers: ``470/{seq}/KEL/{roman_month}/{year}`` with a sequence that never repeats a number.

Where the sequence lives is the storage's business (``app.storage.letters``); this module holds what every
store shares: the number's format, the key a sequence is kept under, and the offline rule.

- A single counter keeps one sequence per office in a small JSON file (``FileCounter``), changed under an
  exclusive lock file and replaced atomically; a crash mid-write leaves the old file, never a half one. It
  only goes up, even across years: a number printed once must never be printed again.
- An office server keeps one sequence per office, letter type and year (``LetterKey``); the letter type is
  the number pattern itself, so two forms sharing a pattern share a sequence and can never print the same
  number. A pattern without ``{year}`` keeps one sequence for ever (year 0), for the same reason.
- When the server cannot be reached a number is taken from the counter's own fallback block (reserved by
  the office, e.g. 9000–9099 for counter 3) and the clerk is told so; without a block no number is issued.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Protocol

from forms.values import roman_month


class NumberingError(ValueError):
    """No number can be issued; the message is the clerk's sentence. A ValueError because every print
    path already shows a ValueError's text to the clerk instead of printing."""


class Unreachable(Exception):
    """The store that keeps the office's sequences cannot be reached right now (not a refusal)."""


@dataclass(frozen=True)
class LetterKey:
    office: str
    letter_type: str  # the number pattern
    year: int  # 0 when the pattern has no {year}: then the sequence must never restart
    form_id: str = ""


class NumberSource(Protocol):
    def take(self, key: LetterKey, render: Callable[[int], str]) -> int:
        """Reserve and return the next sequence number for ``key``; ``render(seq)`` is the printed number
        (stores that check uniqueness keep it). Raises Unreachable or NumberingError."""
        ...


class LetterNumber(str):
    """The printed number, as a plain string for every caller, plus what the clerk must be told."""

    seq: int
    fallback: bool
    notice: str

    def __new__(cls, number: str, seq: int = 0, fallback: bool = False, notice: str = "") -> LetterNumber:
        obj = super().__new__(cls, number)
        obj.seq, obj.fallback, obj.notice = seq, fallback, notice
        return obj


def format_number(pattern: str, seq: int, on: date, office: str = "") -> str:
    return pattern.format(seq=f"{seq:03d}", roman_month=roman_month(on.month), month=f"{on.month:02d}",
                          year=on.year, office=office)


def letter_key(office: str, pattern: str, on: date, form_id: str = "") -> LetterKey:
    return LetterKey(office, pattern, on.year if "{year}" in pattern else 0, form_id)


def issue(source: NumberSource, office: str, pattern: str, on: date, *, form_id: str = "",
          fallback: NumberSource | None = None, block: tuple[int, int] | None = None,
          sequence_office: str = "") -> LetterNumber:
    """The next number from ``source``; from ``fallback`` (this counter's block ``block``) when the source
    is unreachable, with the clerk's notice saying so. ``office`` is printed for ``{office}``; the
    sequence is kept under ``sequence_office`` when given (else ``office``)."""
    key = letter_key(sequence_office or office, pattern, on, form_id)

    def render(seq: int) -> str:
        return format_number(pattern, seq, on, office)

    try:
        seq = source.take(key, render)
        return LetterNumber(render(seq), seq)
    except Unreachable:
        if fallback is None:
            raise NumberingError("Server kantor tidak terhubung dan loket ini tidak punya blok nomor cadangan; "
                                 "surat tidak dapat diberi nomor. Coba lagi nanti atau hubungi petugas IT.") from None
    seq = fallback.take(key, render)
    number = render(seq)
    span = f" ({block[0]}–{block[1]})" if block else ""
    return LetterNumber(number, seq, True, f"Server kantor tidak terhubung: nomor {number} diambil dari blok "
                                            f"nomor cadangan loket ini{span}.")


@dataclass(frozen=True)
class FileCounter:
    """One sequence per office in a JSON file: the single counter's store (letter type and year ignored)."""

    state: Path
    wait: float = 5.0

    def take(self, key: LetterKey, render: Callable[[int], str]) -> int:
        return _take_from_file(Path(self.state), key.office, self.wait)


def _take_from_file(state: Path, office: str, wait: float) -> int:
    state.parent.mkdir(parents=True, exist_ok=True)
    lock = state.with_suffix(state.suffix + ".lock")
    deadline = time.monotonic() + wait
    while True:
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            break
        except FileExistsError:
            if time.monotonic() > deadline:
                raise NumberingError(
                    f"nomor surat sedang dipakai proses lain; hapus {lock} bila tidak ada yang mencetak"
                ) from None
            time.sleep(0.02)
    try:
        counters: dict[str, int] = {}
        if state.exists():
            counters = json.loads(state.read_text(encoding="utf-8") or "{}")
        seq = int(counters.get(office, 0)) + 1
        counters[office] = seq
        tmp = state.with_suffix(state.suffix + ".tmp")
        tmp.write_text(json.dumps(counters, indent=1), encoding="utf-8")
        os.replace(tmp, state)
    finally:
        os.close(fd)
        os.unlink(lock)
    return seq


def next_number(state: Path, office: str, pattern: str, on: date, wait: float = 5.0) -> str:
    """The single counter's next number for ``office`` from the JSON file ``state``."""
    return issue(FileCounter(Path(state), wait), office, pattern, on)
