"""This machine's audit trail (``audit.sqlite3``) and the calls every caller makes, wherever rows live.

``append``, ``rows``, ``verify``, ``last_row``, ``nik_hash`` and ``check_writable`` go to this machine's
file or, when the settings name an office server, to ``app.audit.office``. The file's newest row is also
anchored in the OS keyring, so a cut-off end or a replaced file shows.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
import os
import sqlite3
from collections.abc import Callable, Iterator, Mapping
from contextlib import closing
from dataclasses import astuple
from datetime import UTC, datetime
from pathlib import Path

from app.audit.key import KEY_ENV, checked_key, ensure_key, meta, stored_key
from app.audit.model import (
    CHAINED,
    COLUMNS,
    GENESIS,
    AuditUnavailable,
    Broken,
    Kind,
    Row,
    detail_json,
    keyed_nik_hash,
    normalise_nik,
    row_hash,
)
from app.base.credentials import SERVICE, keyring_backend, set_secret
from app.base.logsetup import failure
from app.base.paths import data_dir, private_dir, private_file
from app.storage import StorageConfig
from app.storage import config as storage_config

log = logging.getLogger("loket.audit")

DB_NAME = "audit.sqlite3"
HEAD_NAME = "audit-head"  # keyring entries beside the key, one per trail file: "<seq>:<row_hash>"
SCHEMA_VERSION = 2


# --- the head, anchored outside the file ----------------------------------------------------------------------
# The chain proves no row was edited or removed from the middle; only something kept outside the file can
# prove the end was not cut off, or the whole file replaced or emptied. The newest row's number and hash
# go to the OS keyring beside the key, where whoever can rewrite the file cannot rewrite them together.


def _anchor_name() -> str:
    # Per trail file (a bench or a second data folder on this account has its own), by where it lives:
    # a file replaced or emptied in place still finds the anchor it must match.
    where = str((data_dir() / DB_NAME).resolve())
    return f"{HEAD_NAME}-{hashlib.sha256(where.encode()).hexdigest()[:16]}"


def read_anchor() -> tuple[int, str] | None:
    try:
        value = keyring_backend().get_password(SERVICE, _anchor_name())
    except Exception:
        return None
    try:
        seq, digest = (value or "").split(":", 1)
        return int(seq), digest
    except ValueError:
        return None


def anchored() -> bool:
    """Whether this machine's trail has a head anchored outside the file. Without one (the key from the
    environment never touches the keyring; a keyring that refuses writes) the chain still shows an edited or
    removed row in the middle, but not rows cut off the end, nor the whole file replaced by an older one."""
    return read_anchor() is not None


def write_anchor(row_id: int, row_hash: str) -> None:
    try:
        set_secret(_anchor_name(), f"{row_id}:{row_hash}")
    except Exception as exc:  # the row is recorded; only the truncation check loses its newest point
        log.warning("audit head not anchored in the keyring: %s", failure(exc))


# --- the file ---------------------------------------------------------------------------------------------


def db_path() -> Path:
    return private_dir() / DB_NAME


def open_trail() -> sqlite3.Connection:
    # Autocommit; every write takes the write lock itself (BEGIN IMMEDIATE) so two processes on one
    # machine (the GUI and a CLI run) never both chain onto the same previous row.
    path = db_path()
    conn = sqlite3.connect(path, timeout=15.0, isolation_level=None)
    try:
        for part in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            private_file(part)
        conn.execute("PRAGMA busy_timeout=15000")
        conn.execute("PRAGMA synchronous=FULL")  # an audited event must survive a power cut once recorded
        if conn.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
            _migrate(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def _migrate(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA journal_mode=WAL")  # persistent; readers never block the counter's append
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]  # another process may have won
        if version == 0:
            conn.execute(
                "CREATE TABLE events (id INTEGER PRIMARY KEY, time TEXT NOT NULL, os_user TEXT NOT NULL, "
                "workstation TEXT NOT NULL, service TEXT NOT NULL, form_id TEXT NOT NULL, "
                "kind TEXT NOT NULL, outcome TEXT NOT NULL, nik_hash TEXT NOT NULL, "
                "detail TEXT NOT NULL DEFAULT '', prev_hash TEXT NOT NULL, row_hash TEXT NOT NULL)")
            conn.execute("CREATE INDEX events_time ON events(time)")
            conn.execute("CREATE INDEX events_nik ON events(nik_hash)")
            conn.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
        elif version == 1:
            # Rows written before statistics existed keep detail "", which the chain hashes as absent.
            conn.execute("ALTER TABLE events ADD COLUMN detail TEXT NOT NULL DEFAULT ''")
        conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _append_locked(conn: sqlite3.Connection, make: Callable[[int, str, str], Row]) -> Row:
    """One transaction: read the chain's head, build the row on it, insert. ``make(id, prev_hash, prev_time)``.
    Then the head is anchored (``_anchor_head``)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        head = conn.execute("SELECT id, row_hash, time FROM events ORDER BY id DESC LIMIT 1").fetchone()
        row = make(head[0] + 1 if head else 1, head[1] if head else GENESIS, head[2] if head else "")
        conn.execute(f"INSERT INTO events ({','.join(COLUMNS)}) VALUES ({','.join('?' * len(COLUMNS))})",
                     astuple(row))
        conn.execute("COMMIT")
    except BaseException:
        _rollback(conn)
        raise
    _anchor_head(conn)
    return row


def _rollback(conn: sqlite3.Connection) -> None:
    try:
        conn.execute("ROLLBACK")
    except sqlite3.Error:
        pass  # a failed COMMIT (disk full) may already have rolled back: nothing is left open


def _anchor_head(conn: sqlite3.Connection) -> None:
    """After the row is committed (a crash before this leaves the anchor one behind, which the chain covers),
    and under the trail's write lock again: two processes never anchor out of order, nor race each other's
    read-modify-write of a file keyring, where a lost update could take the key with it. Not with the key
    from the environment (CI, IT scripts): those never touch the keyring."""
    if os.environ.get(KEY_ENV):
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            head = conn.execute("SELECT id, row_hash FROM events ORDER BY id DESC LIMIT 1").fetchone()
            if head is not None:
                write_anchor(head[0], head[1])
        finally:
            _rollback(conn)  # nothing was written to the trail itself
    except sqlite3.Error as exc:
        log.warning("audit head not anchored: %s", failure(exc))


def iter_rows(conn: sqlite3.Connection, since: str = "", until: str = "", nik_hash: str = "") -> Iterator[Row]:
    query = f"SELECT {','.join(COLUMNS)} FROM events WHERE 1=1"
    params: list[str] = []
    if since:
        query += " AND time >= ?"
        params.append(since)
    if until:
        query += " AND time < ?"
        params.append(until)
    if nik_hash:
        query += " AND nik_hash = ?"
        params.append(nik_hash)
    for values in conn.execute(query + " ORDER BY id", params):
        yield Row(*values)


def office_key() -> bytes:
    """The office audit key this counter chains with (checked against its outbox), for re-chaining."""
    with closing(key_connection(office_server())) as conn:
        return checked_key(conn, create=False)


def office_server() -> StorageConfig | None:
    """The office server's settings when this counter records there; None for this machine's file."""
    cfg = storage_config()
    return cfg if cfg.is_postgres else None


def key_connection(office: StorageConfig | None) -> sqlite3.Connection:
    # The key is checked against where this counter's chain lives: its file, or its outbox for an office.
    if office is None:
        return open_trail()
    from app.audit.office import key_connection

    return key_connection()


def nik_hash(nik: str) -> str:
    """The value in the ``nik_hash`` column for this NIK on this installation."""
    with closing(key_connection(office_server())) as conn:
        return keyed_nik_hash(checked_key(conn, create=False), normalise_nik(nik))


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name at all (a service account without USERNAME)
        return "?"


def append(kind: Kind | str, outcome: str, *, service: str = "", form_id: str = "",
           nik: str | None = None, detail: Mapping[str, object] | None = None,
           at: datetime | None = None) -> Row:
    """Write one event. Raises (AuditKeyError, sqlite3.Error, OSError) — ``record_*`` are the forgiving
    wrappers for the counter; this is for callers who must know. ``at`` stamps another time than now
    (the simulated-day generator; a counter always records now)."""
    details = detail_json(detail)
    cfg = storage_config()

    def fields_for(key: bytes, prev_time: str = "") -> tuple[str, ...]:
        # Stamped here, under the chain's write lock, and never before the row it follows: two processes'
        # rows, or a clock stepped back by NTP, must not make a valid trail read as tampered.
        when = (at or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="milliseconds")
        if at is None and prev_time > when:
            when = prev_time
        digest = keyed_nik_hash(key, normalise_nik(nik)) if nik else ""
        # str(): an enum's code (a StrEnum, app.base.outcome) is kept as the plain code it spells.
        return (when, _os_user(), cfg.counter_id, service, form_id, str(Kind(kind)), str(outcome), digest, details)

    if cfg.is_postgres:
        from app.audit import office as office_audit

        def make_office(key: bytes, seq: int, prev_hash: str) -> Row:
            common = fields_for(key)
            return Row(seq, *common, prev_hash, row_hash(key, prev_hash, (seq, *common)))

        return office_audit.append(cfg, ensure_key, make_office)
    with closing(open_trail()) as conn:
        key = ensure_key(conn)

        def make(row_id: int, prev_hash: str, prev_time: str) -> Row:
            common = fields_for(key, prev_time)
            return Row(row_id, *common, prev_hash, row_hash(key, prev_hash, (row_id, *common)))

        return _append_locked(conn, make)


def rows(since: str = "", until: str = "", *, nik_hash: str = "", workstation: str = "") -> list[Row]:
    """The events with ``since <= time < until`` (UTC ISO strings, "" = unbounded), of every counter:
    this machine's trail, or on an office server every counter's rows by time (``Row.workstation`` names
    the counter, ``Row.id`` is the row's number in that counter's chain). Rows this counter queued while
    the server was away are there once pushed. Raises forms.numbering.Unreachable when the server is away."""
    office = office_server()
    if office is not None:
        from app.audit import office as office_audit

        return list(office_audit.rows(office, since, until, nik_hash, workstation))
    return [r for r in local_rows(since, until, nik_hash) if not workstation or r.workstation == workstation]


def local_rows(since: str = "", until: str = "", nik_hash: str = "") -> Iterator[Row]:
    """This machine's trail file only (the embedded storage)."""
    if not (data_dir() / DB_NAME).exists():
        return
    with closing(open_trail()) as conn:
        yield from iter_rows(conn, since, until, nik_hash)


def verify() -> Broken | None:
    """The first row that was edited, or that follows a deleted or edited row; None when the chain holds.
    Raises AuditKeyError when this machine's key is not the trail's."""
    office = office_server()
    if office is not None:
        from app.audit import office as office_audit

        with closing(key_connection(office)) as conn:
            if meta(conn, "key_check") is None and stored_key() is None:
                return None  # this counter never recorded and has no key: nothing of its own to check
            key = checked_key(conn, create=False)
        return office_audit.verify(office, key)
    anchor = read_anchor()
    path = data_dir() / DB_NAME
    if not path.exists() or path.stat().st_size == 0:
        return _cut(anchor, 0)
    with closing(open_trail()) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "events" not in tables or conn.execute("SELECT 1 FROM events LIMIT 1").fetchone() is None:
            return _cut(anchor, 0)
        key = checked_key(conn, create=False)
        prev, prev_time, last_id = GENESIS, "", 0
        for row in iter_rows(conn):
            values = astuple(row)
            if row.prev_hash != prev:
                return Broken(row.id, "the row before it was deleted or altered")
            if row.row_hash != row_hash(key, row.prev_hash, values[: len(CHAINED)]):
                return Broken(row.id, "this row was altered")
            if row.time < prev_time:
                return Broken(row.id, "its time runs backwards")
            prev, prev_time, last_id = row.row_hash, row.time, row.id
    if anchor is not None and anchor[0] == last_id and anchor[1] != prev:
        return Broken(last_id, "the last row was replaced")
    return _cut(anchor, last_id)


def _cut(anchor: tuple[int, str] | None, last_id: int) -> Broken | None:
    """Rows the anchor says were written but the file no longer has (a newer row than the anchor is a crash
    between the row's commit and the anchor's write: the chain vouches for it)."""
    if anchor is not None and anchor[0] > last_id:
        return Broken(last_id + 1, "rows at the end were removed or the file was replaced")
    return None


def last_row() -> Row | None:
    """The newest row of this trail; on an office server, this counter's newest (queued or pushed)."""
    office = office_server()
    if office is not None:
        from app.audit import office as office_audit

        queued = office_audit.queued_rows(office.counter_id)
        if queued:
            return queued[-1]
        mine = office_audit.rows(office, workstation=office.counter_id)
        last = None
        for last in mine:  # noqa: B007 — the chain's order; only the last is wanted
            pass
        return last
    path = data_dir() / DB_NAME
    if not path.exists():
        return None
    with closing(open_trail()) as conn:
        found = conn.execute(f"SELECT {','.join(COLUMNS)} FROM events ORDER BY id DESC LIMIT 1").fetchone()
    return Row(*found) if found else None


def check_writable() -> None:
    """AuditUnavailable when the next row could not be written (data folder full, read-only, a file, the
    trail corrupt, the key missing). Called before a print or export takes a number or writes a file."""
    try:
        if office_server() is not None:
            return  # rows are queued in the local outbox first; its own append is strict below
        with closing(open_trail()) as conn:
            ensure_key(conn)
            conn.execute("BEGIN IMMEDIATE")
            try:
                meta(conn, "last_probe", datetime.now(UTC).isoformat(timespec="seconds"))
                conn.execute("COMMIT")  # a real write: a full or read-only disk says so here
            except BaseException:
                conn.execute("ROLLBACK")
                raise
    except Exception as exc:
        log.error("audit trail not writable: %s", failure(exc))
        raise AuditUnavailable(exc) from None
