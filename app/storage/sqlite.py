"""The embedded side: what a single counter keeps in its data folder, and a counter's local outbox when
it works against an office server.

The outbox (``outbox.sqlite3``) holds this counter's audit chain head, the audit rows not yet on the
server, and numbers taken from the fallback block while the server was unreachable. Every audit event of
an office counter goes through it — written here first, pushed after — so a dropped network changes
nothing but when the server sees the row. Schema: ``migrations/sqlite/*.sql``, tracked by user_version.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Mapping
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.base.clerktext import QT_TRANSLATE_NOOP
from app.base.paths import private_dir
from app.storage.migrations import migrations
from forms.numbering import LetterKey, NumberingError, SqliteCounter

OUTBOX_NAME = "outbox.sqlite3"


def outbox_path() -> Path:
    return private_dir() / OUTBOX_NAME


def upgrade(conn: sqlite3.Connection) -> list[str]:
    """Apply the local migrations this file lacks (under the write lock: two processes may start at once)."""
    applied: list[str] = []
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    pending = [m for m in migrations("sqlite") if m.version > current]
    if not pending:
        return applied
    conn.execute("BEGIN IMMEDIATE")
    try:
        current = conn.execute("PRAGMA user_version").fetchone()[0]
        for m in migrations("sqlite"):
            if m.version > current:
                for statement in _statements(m.sql):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version={m.version}")
                applied.append(m.name)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return applied


def _statements(sql: str) -> list[str]:
    # executescript would commit the open transaction; the migrations hold no semicolons inside statements.
    body = "\n".join(line for line in sql.splitlines() if not line.lstrip().startswith("--"))
    return [s.strip() for s in body.split(";") if s.strip()]


def open_outbox(path: Path | None = None) -> sqlite3.Connection:
    conn = sqlite3.connect(path or outbox_path(), timeout=15.0, isolation_level=None)
    try:
        conn.execute("PRAGMA busy_timeout=15000")
        conn.execute("PRAGMA synchronous=FULL")  # a queued event is as precious as a written one
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            conn.execute("PRAGMA journal_mode=WAL")
        upgrade(conn)
    except BaseException:
        conn.close()
        raise
    return conn


# --- the audit queue ----------------------------------------------------------------------------------------


def local_head(conn: sqlite3.Connection, workstation: str) -> tuple[int, str] | None:
    row = conn.execute("SELECT seq, row_hash FROM audit_heads WHERE workstation = ?", (workstation,)).fetchone()
    return (int(row[0]), str(row[1])) if row else None


def set_head(conn: sqlite3.Connection, workstation: str, seq: int, row_hash: str) -> None:
    conn.execute("INSERT OR REPLACE INTO audit_heads VALUES (?, ?, ?)", (workstation, seq, row_hash))


def enqueue(conn: sqlite3.Connection, record: Mapping[str, Any]) -> None:
    """Inside the caller's transaction: the row and the new head together, or neither. ``record`` is an audit
    row as a mapping (``id`` = its seq on this counter's chain); storage keeps it without knowing its model."""
    conn.execute("INSERT INTO audit_queue VALUES (?, ?, ?)",
                 (record["workstation"], record["id"], json.dumps(dict(record), ensure_ascii=False)))
    set_head(conn, record["workstation"], record["id"], record["row_hash"])


def queued(conn: sqlite3.Connection, workstation: str | None = None, limit: int = 500) -> list[dict[str, Any]]:
    """The queued rows as they were enqueued, oldest first per counter."""
    query, params = "SELECT row FROM audit_queue", []
    if workstation is not None:
        query += " WHERE workstation = ?"
        params.append(workstation)
    return [json.loads(text) for (text,) in conn.execute(query + " ORDER BY workstation, seq LIMIT ?",
                                                         (*params, limit))]


def queue_length(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT COUNT(*) FROM audit_queue").fetchone()[0])


def drop_upto(conn: sqlite3.Connection, workstation: str, seq: int) -> None:
    conn.execute("DELETE FROM audit_queue WHERE workstation = ? AND seq <= ?", (workstation, seq))


# --- numbers from the fallback block ------------------------------------------------------------------------


@dataclass(frozen=True)
class FallbackBlock:
    """This counter's reserved numbers (``storage.fallback_numbers``), used only while offline."""

    start: int
    end: int
    path: Path | None = None

    def take(self, key: LetterKey, render: Callable[[int], str]) -> int:
        with closing(open_outbox(self.path)) as conn:
            self._check_confirmed(conn, key.office)
            conn.execute("BEGIN IMMEDIATE")
            try:
                row = conn.execute("SELECT max(seq) FROM offline_letters WHERE office = ? AND letter_type = ? "
                                   "AND year = ? AND seq BETWEEN ? AND ?",
                                   (key.office, key.letter_type, key.year, self.start, self.end)).fetchone()
                seq = self.start if row[0] is None else int(row[0]) + 1
                if seq > self.end:
                    raise NumberingError(QT_TRANSLATE_NOOP(
                        "Core", "Server kantor tidak terhubung dan blok nomor cadangan loket ini ({span}) sudah "
                                "habis; surat tidak dapat diberi nomor. Hubungi petugas IT.").format(
                        span=f"{self.start}–{self.end}"))
                conn.execute("INSERT INTO offline_letters (office, letter_type, year, seq, number, form_id, "
                             "issued_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                             (key.office, key.letter_type, key.year, seq, render(seq), key.form_id,
                              datetime.now(UTC).isoformat(timespec="milliseconds")))
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        return seq

    def _check_confirmed(self, conn: sqlite3.Connection, office: str) -> None:
        """Only a block the office server has checked against every other counter's is used: a counter that
        was never online (or whose block changed since) could otherwise print another counter's numbers."""
        state = block_state(conn, office)
        span = f"{self.start}–{self.end}"
        if state is not None and state.startswith("overlap:"):
            _, other, theirs = state.split(":", 2)
            raise NumberingError(QT_TRANSLATE_NOOP(
                "Core", "Server kantor tidak terhubung dan blok nomor cadangan loket ini ({span}) bertumpang "
                        "tindih dengan blok {other} ({theirs}), jadi tidak dipakai; surat tidak dapat diberi nomor. "
                        "Hubungi petugas IT.").format(span=span, other=other, theirs=theirs.replace("-", "–")))
        if state != f"ok:{self.start}-{self.end}":
            raise NumberingError(QT_TRANSLATE_NOOP(
                "Core", "Server kantor tidak terhubung dan blok nomor cadangan loket ini ({span}) belum pernah "
                        "diperiksa server kantor, jadi tidak dipakai agar tidak ada nomor ganda; surat tidak dapat "
                        "diberi nomor. Petugas IT: jalankan `loket db status` saat server terhubung.").format(
                    span=span))


def block_state(conn: sqlite3.Connection, office: str) -> str | None:
    """What the office server last said of this counter's fallback block for ``office``: ``ok:FIRST-LAST``,
    ``overlap:COUNTER:FIRST-LAST``, or None when it never saw it."""
    row = conn.execute("SELECT value FROM meta WHERE name = ?", (f"block:{office}",)).fetchone()
    return str(row[0]) if row else None


def set_block_state(conn: sqlite3.Connection, office: str, state: str) -> None:
    conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (f"block:{office}", state))


def unpushed_letters(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    cur = conn.execute("SELECT office, letter_type, year, seq, number, form_id, issued_at, seal_digest "
                       "FROM offline_letters WHERE pushed = 0 ORDER BY issued_at")
    names = [d[0] for d in cur.description]
    return [dict(zip(names, values, strict=True)) for values in cur.fetchall()]


def mark_pushed(conn: sqlite3.Connection, letters: list[dict[str, Any]]) -> None:
    for item in letters:
        conn.execute("UPDATE offline_letters SET pushed = 1 WHERE office = ? AND letter_type = ? AND year = ? "
                     "AND seq = ?", (item["office"], item["letter_type"], item["year"], item["seq"]))


# --- the embedded storage -----------------------------------------------------------------------------------


NUMBERS_DB = "nomor.sqlite3"


@dataclass(frozen=True)
class SqliteStorage:
    """A single counter: letter numbers in ``nomor.sqlite3`` in this machine's data folder (one sequence per
    office, as always; an installed counter's ``nomor.json`` is carried on), audit rows in ``audit.sqlite3``."""

    numbering_file: Path  # the earlier versions' JSON counter file: read once, then left as it was
    counter: str = ""  # this counter's name in the letter register

    name = "sqlite"

    def numbers(self) -> SqliteCounter:
        from app.base.paths import private_dir

        try:
            folder = private_dir()
        except OSError:
            raise NumberingError(QT_TRANSLATE_NOOP(
                "Core", "Folder data Loket tidak dapat dipakai; surat tidak diberi nomor. "
                                 "Hubungi petugas IT.")) from None
        return SqliteCounter(folder / NUMBERS_DB, legacy=self.numbering_file, counter=self.counter)

    def fallback(self) -> None:
        return None  # the file is on this machine: there is nothing to be offline from

    def upgrade(self) -> list[str]:
        with closing(open_outbox()) as conn:
            return upgrade(conn)
