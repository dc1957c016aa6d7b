"""Plain versioned SQL: ``<kind>/NNNN_what.sql``, applied in order, each once. A new schema change is a
new file with the next number; a file that was released is never edited."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def migrations(kind: str) -> list[Migration]:
    """The migrations for ``postgres`` or ``sqlite``, lowest version first."""
    found = []
    for entry in resources.files(__package__).joinpath(kind).iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    if [m.version for m in found] != list(range(1, len(found) + 1)):
        raise RuntimeError(f"{kind} migrations must be numbered 0001, 0002, ... without gaps")
    return found


def latest(kind: str) -> int:
    return migrations(kind)[-1].version
