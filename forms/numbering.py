"""Letter numbers: ``470/{seq}/KEL/{roman_month}/{year}`` with a per-office sequence that never repeats.

Two counters (or the GUI and a CLI run) may print at the same moment, so the counter file is changed under
an exclusive lock file and replaced atomically; a crash mid-write leaves the old file, never a half one.
The sequence only goes up, even across years: a number printed once must never be printed again.
"""

from __future__ import annotations

import json
import os
import time
from datetime import date
from pathlib import Path

from forms.values import roman_month


class NumberingError(RuntimeError):
    pass


def format_number(pattern: str, seq: int, on: date, office: str = "") -> str:
    return pattern.format(seq=f"{seq:03d}", roman_month=roman_month(on.month), month=f"{on.month:02d}",
                          year=on.year, office=office)


def next_number(state: Path, office: str, pattern: str, on: date, wait: float = 5.0) -> str:
    """Take the next sequence number for ``office`` and return the formatted letter number."""
    state = Path(state)
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
    return format_number(pattern, seq, on, office)
