"""What every row of the fault matrix (docs/fault-matrix.md) checks, in one place.

For each fault: the clerk gets one clear Indonesian line, the app goes on working, no half record is kept
(nothing of the citizen at rest, no partial file), and the audit trail has the outcome, read back through
the audit module and still verifying.
"""

from __future__ import annotations

import os
from pathlib import Path

from app import audit

ENGLISH_HINTS = ("error", "failed", "exception", "traceback", "cannot", "the ")


def one_line(text: str) -> str:
    """The single clerk-facing line in ``text`` (stderr or a label); fails on none, several, or English."""
    # "demo: …" says how a --demo run reached its simulated card: not a sentence about the fault
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("demo: ")]
    assert len(lines) == 1, f"expected one line for the clerk, got {lines!r}"
    line = lines[0]
    assert not any(hint in line.lower() for hint in ENGLISH_HINTS), f"not an Indonesian sentence: {line!r}"
    return line


def events(kind: str) -> list[audit.Row]:
    return [row for row in audit.rows() if row.kind == kind]


def last_event(kind: str) -> audit.Row:
    found = events(kind)
    assert found, f"no {kind} event in the audit trail"
    return found[-1]


def assert_trail_holds() -> None:
    assert audit.verify() is None, "the audit trail's chain is broken"


def files_holding(needles: list[str], *folders: Path) -> list[Path]:
    """Files under ``folders`` whose bytes contain any needle (a NIK, a name): personal data at rest."""
    raw = [n.encode() for n in needles if n]
    hits = []
    for folder in folders:
        for root, _dirs, names in os.walk(folder):
            for name in names:
                path = Path(root) / name
                try:
                    data = path.read_bytes()
                except OSError:
                    continue
                if any(n in data for n in raw):
                    hits.append(path)
    return hits


def data_folder() -> Path:
    return Path(os.environ["LOKET_DATA_DIR"])
