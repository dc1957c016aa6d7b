"""The audit trail: one row per card read, registry lookup and print, hash-chained so a gap or an edit shows.

What a row holds: when (UTC), which OS user on which workstation, the service and form, what happened and
how it ended, and the citizen only as ``nik_hash`` — an HMAC-SHA256 of the NIK keyed with a secret kept in
the OS keyring. An auditor holding a NIK can find that citizen's events (``nik_hash``), but the file alone
names nobody: without the key, the 16-digit NIK space is too small for a plain hash to protect.

The chain: each row's ``row_hash`` is an HMAC (same installation secret, separate derived key) over the
previous row's ``row_hash`` and the row's own fields. Keyed, because a plain SHA-256 chain can be recomputed
by whoever edits the file; with the key in the keyring an edit needs the clerk's keyring as well. A deleted
*last* row leaves no gap; ``loket audit verify`` prints the last row so the office head can compare it with
the previous report.

Where rows live is a setting (``app.storage``): this machine's ``audit.sqlite3`` (behind ``_open``,
``_append_locked``, ``_iter_rows``, ``_meta``), or an office's PostgreSQL server with one table for every
counter (``app.audit.office``). There each counter keeps its own chain — ``workstation`` is the
counter's name (``storage.counter``), ``id`` the row's number within that counter — built on this
machine and queued in its outbox, so the counter keeps recording while the server is away. The office
shares one audit key, so a NIK's hash is the same at every counter.
"""

from __future__ import annotations

import csv
import getpass
import hashlib
import hmac
import io
import json
import logging
import os
import re
import secrets
import sqlite3
from collections.abc import Callable, Iterator, Mapping
from contextlib import closing
from dataclasses import astuple, dataclass, fields
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from pathlib import Path

from app.credentials import SERVICE, get_secret, set_secret
from app.csvcell import safe_cell
from app.logsetup import failure
from app.paths import data_dir, private_dir, private_file
from app.storage import StorageConfig
from app.storage import config as storage_config

log = logging.getLogger("loket.audit")

KEY_NAME = "audit-key"
KEY_ENV = "LOKET_AUDIT_KEY"
DB_NAME = "audit.sqlite3"
GENESIS = "0" * 64
HEAD_NAME = "audit-head"  # keyring entries beside the key, one per trail file: "<seq>:<row_hash>"
EXIT_BROKEN = 12
EXIT_SETUP = 2
SCHEMA_VERSION = 2


class Kind(StrEnum):
    READ = "read"
    LOOKUP = "lookup"
    PRINT = "print"
    EXPORT = "export"


@dataclass(frozen=True)
class Row:
    id: int
    time: str  # UTC, ISO 8601 with milliseconds: sorts as text
    os_user: str
    workstation: str
    service: str
    form_id: str
    kind: str
    outcome: str
    nik_hash: str  # "" when the event concerns no identified citizen (e.g. a read that failed)
    detail: str  # JSON object of counts and field names for the statistics (see _detail_json); "" for none
    prev_hash: str
    row_hash: str


COLUMNS = tuple(f.name for f in fields(Row))
CHAINED = COLUMNS[:-2]  # what row_hash covers besides prev_hash


@dataclass(frozen=True)
class Broken:
    """The first row where the chain does not hold."""

    row_id: int
    reason: str
    workstation: str = ""  # on an office server: whose chain


class AuditKeyError(Exception):
    """The installation secret is missing or is not the one the trail was written with."""

    def __init__(self, message: str, id_text: str) -> None:
        super().__init__(message)
        self.id_text = id_text


# --- the installation secret --------------------------------------------------------------------------------

_KEY_CHECK_LABEL = b"loket-audit-key-check"
_cached_key: bytes | None = None


def _forget_key() -> None:
    """Tests swap keyrings; a counter process keeps its key for its lifetime."""
    global _cached_key
    _cached_key = None


def _stored_key() -> bytes | None:
    global _cached_key
    env = os.environ.get(KEY_ENV)
    if env:
        return env.encode()
    if _cached_key is None:
        value = get_secret(KEY_NAME, KEY_ENV)
        _cached_key = value.encode() if value else None
    return _cached_key


def _key_check(key: bytes) -> str:
    # Lets verify tell "wrong key" from "every row edited"; reveals nothing usable about a 256-bit key.
    return hmac.new(key, _KEY_CHECK_LABEL, hashlib.sha256).hexdigest()[:16]


def _derive(key: bytes, purpose: bytes) -> bytes:
    return hmac.new(key, b"loket-audit/" + purpose, hashlib.sha256).digest()


def _key(conn: sqlite3.Connection, *, create: bool) -> bytes:
    """The secret, checked against the trail. Created only for a trail that never had one: a keyring that
    is merely unreadable today must not get a fresh key that orphans every earlier row."""
    global _cached_key
    key = _stored_key()
    recorded = _meta(conn, "key_check")
    if key is not None:
        if recorded is None:
            _meta(conn, "key_check", _key_check(key))
        elif recorded != _key_check(key):
            raise AuditKeyError(
                "the audit key is not the one this trail was written with",
                "Kunci jejak audit di komputer ini tidak cocok dengan jejak audit. Hubungi petugas IT.",
            )
        return key
    if recorded is not None or not create:
        raise AuditKeyError(
            "the audit key is missing from the keyring",
            "Kunci jejak audit tidak ditemukan di keyring sistem. Hubungi petugas IT.",
        )
    new = secrets.token_hex(32)
    try:
        set_secret(KEY_NAME, new)
    except Exception as exc:  # every keyring backend has its own errors
        raise AuditKeyError(
            f"the audit key cannot be stored in the keyring ({type(exc).__name__})",
            "Keyring sistem tidak dapat dipakai; jejak audit tidak dapat ditulis. Hubungi petugas IT.",
        ) from None
    _cached_key = new.encode()
    _meta(conn, "key_check", _key_check(_cached_key))
    log.info("audit trail: new installation key created and stored in the keyring")
    return _cached_key


def _ensure_key(conn: sqlite3.Connection) -> bytes:
    if _stored_key() is not None:
        return _key(conn, create=False)
    # First event on this installation: create the key under the trail's write lock, so two processes
    # starting at once agree on one key instead of each chaining rows with its own. An existing key is
    # read under the lock too: other processes rewrite the keyring (the head's anchor) only while holding
    # it, and a file keyring read in the middle of such a rewrite would find no key at all.
    conn.execute("BEGIN IMMEDIATE")
    try:
        _forget_key()
        key = _key(conn, create=True)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return key


# --- the head, anchored outside the file ----------------------------------------------------------------------
# The chain proves no row was edited or removed from the middle; only something kept outside the file can
# prove the end was not cut off, or the whole file replaced or emptied. The newest row's number and hash
# go to the OS keyring beside the key, where whoever can rewrite the file cannot rewrite them together.


def _anchor_name() -> str:
    # Per trail file (a bench or a second data folder on this account has its own), by where it lives:
    # a file replaced or emptied in place still finds the anchor it must match.
    where = str((data_dir() / DB_NAME).resolve())
    return f"{HEAD_NAME}-{hashlib.sha256(where.encode()).hexdigest()[:16]}"


def _read_anchor() -> tuple[int, str] | None:
    try:
        import keyring

        value = keyring.get_password(SERVICE, _anchor_name())
    except Exception:
        return None
    try:
        seq, digest = (value or "").split(":", 1)
        return int(seq), digest
    except ValueError:
        return None


def _write_anchor(row_id: int, row_hash: str) -> None:
    try:
        set_secret(_anchor_name(), f"{row_id}:{row_hash}")
    except Exception as exc:  # the row is recorded; only the truncation check loses its newest point
        log.warning("audit head not anchored in the keyring: %s", failure(exc))


# --- storage (the part issue 10 replaces) -------------------------------------------------------------------


def db_path() -> Path:
    return private_dir() / DB_NAME


def _open() -> sqlite3.Connection:
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


def _meta(conn: sqlite3.Connection, name: str, value: str | None = None) -> str | None:
    if value is not None:
        conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (name, value))
        return value
    found = conn.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
    return found[0] if found else None


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
                _write_anchor(head[0], head[1])
        finally:
            _rollback(conn)  # nothing was written to the trail itself
    except sqlite3.Error as exc:
        log.warning("audit head not anchored: %s", failure(exc))


def _iter_rows(conn: sqlite3.Connection, since: str = "", until: str = "", nik_hash: str = "") -> Iterator[Row]:
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


# --- the chain ----------------------------------------------------------------------------------------------


def _row_hash(key: bytes, prev_hash: str, values: tuple[object, ...]) -> str:
    # An empty detail (the last chained value) is left out, so rows from before the column keep their hash.
    if values and values[-1] == "":
        values = values[:-1]
    body = json.dumps([prev_hash, *values], ensure_ascii=False, separators=(",", ":"))
    return hmac.new(_derive(key, b"chain"), body.encode(), hashlib.sha256).hexdigest()


_DETAIL_WORD = re.compile(r"[a-z][a-z0-9_]{0,40}")


def rechained(rows: list[Row], seq: int, prev_hash: str, key: bytes) -> list[Row]:
    """``rows`` (oldest first) chained anew after ``(seq, prev_hash)``: the same events, times and
    citizens, with new sequence numbers and hashes. Only for rows no server ever accepted (a counter
    reinstalled while its office server was away started its chain again at 1)."""
    out: list[Row] = []
    for n, row in enumerate(rows, start=seq + 1):
        common = astuple(row)[1:len(CHAINED)]
        digest = _row_hash(key, prev_hash, (n, *common))
        out.append(Row(n, *common, prev_hash, digest))
        prev_hash = digest
    return out


def office_key() -> bytes:
    """The office audit key this counter chains with (checked against its outbox), for re-chaining."""
    with closing(_key_conn(_office())) as conn:
        return _key(conn, create=False)


def _detail_json(detail: Mapping[str, object] | None) -> str:
    """Counts and field names only: the trail must never hold a value of the person, so anything else
    (a name, a number typed by the clerk) is refused here rather than trusted to every caller."""
    if not detail:
        return ""
    clean: dict[str, int | list[str]] = {}
    for name, value in detail.items():
        if not _DETAIL_WORD.fullmatch(name):
            raise ValueError(f"audit detail key {name!r} is not a plain name")
        if isinstance(value, int) and not isinstance(value, bool):
            clean[name] = value
        elif isinstance(value, list | tuple) and all(isinstance(v, str) and _DETAIL_WORD.fullmatch(v)
                                                      for v in value):
            clean[name] = list(value)
        else:
            raise ValueError(f"audit detail {name!r} must be a count or a list of field names")
    return json.dumps(clean, sort_keys=True, separators=(",", ":"))


def detail_of(row: Row) -> dict[str, object]:
    """The row's detail as a dict ({} when it has none)."""
    return json.loads(row.detail) if row.detail else {}


def _nik_hash(key: bytes, nik: str) -> str:
    return hmac.new(_derive(key, b"nik"), nik.encode(), hashlib.sha256).hexdigest()


def _normalise_nik(nik: str) -> str:
    # An auditor may paste "3273 0145 0792 0001"; the hash must be the one the counter wrote.
    return re.sub(r"[\s.\-]", "", nik)


def _office() -> StorageConfig | None:
    """The office server's settings when this counter records there; None for this machine's file."""
    cfg = storage_config()
    return cfg if cfg.is_postgres else None


def _key_conn(office: StorageConfig | None) -> sqlite3.Connection:
    # The key is checked against where this counter's chain lives: its file, or its outbox for an office.
    if office is None:
        return _open()
    from app.audit.office import key_connection

    return key_connection()


def nik_hash(nik: str) -> str:
    """The value in the ``nik_hash`` column for this NIK on this installation."""
    with closing(_key_conn(_office())) as conn:
        return _nik_hash(_key(conn, create=False), _normalise_nik(nik))


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
    details = _detail_json(detail)
    cfg = storage_config()

    def fields_for(key: bytes, prev_time: str = "") -> tuple[str, ...]:
        # Stamped here, under the chain's write lock, and never before the row it follows: two processes'
        # rows, or a clock stepped back by NTP, must not make a valid trail read as tampered.
        when = (at or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="milliseconds")
        if at is None and prev_time > when:
            when = prev_time
        digest = _nik_hash(key, _normalise_nik(nik)) if nik else ""
        return (when, _os_user(), cfg.counter_id, service, form_id, str(Kind(kind)), outcome, digest, details)

    if cfg.is_postgres:
        from app.audit import office as office_audit

        def make_office(key: bytes, seq: int, prev_hash: str) -> Row:
            common = fields_for(key)
            return Row(seq, *common, prev_hash, _row_hash(key, prev_hash, (seq, *common)))

        return office_audit.append(cfg, _ensure_key, make_office)
    with closing(_open()) as conn:
        key = _ensure_key(conn)

        def make(row_id: int, prev_hash: str, prev_time: str) -> Row:
            common = fields_for(key, prev_time)
            return Row(row_id, *common, prev_hash, _row_hash(key, prev_hash, (row_id, *common)))

        return _append_locked(conn, make)


def rows(since: str = "", until: str = "", *, nik_hash: str = "", workstation: str = "") -> list[Row]:
    """The events with ``since <= time < until`` (UTC ISO strings, "" = unbounded), of every counter:
    this machine's trail, or on an office server every counter's rows by time (``Row.workstation`` names
    the counter, ``Row.id`` is the row's number in that counter's chain). Rows this counter queued while
    the server was away are there once pushed. Raises forms.numbering.Unreachable when the server is away."""
    office = _office()
    if office is not None:
        from app.audit import office as office_audit

        return list(office_audit.rows(office, since, until, nik_hash, workstation))
    return [r for r in local_rows(since, until, nik_hash) if not workstation or r.workstation == workstation]


def local_rows(since: str = "", until: str = "", nik_hash: str = "") -> Iterator[Row]:
    """This machine's trail file only (the embedded storage)."""
    if not (data_dir() / DB_NAME).exists():
        return
    with closing(_open()) as conn:
        yield from _iter_rows(conn, since, until, nik_hash)


def verify() -> Broken | None:
    """The first row that was edited, or that follows a deleted or edited row; None when the chain holds.
    Raises AuditKeyError when this machine's key is not the trail's."""
    office = _office()
    if office is not None:
        from app.audit import office as office_audit

        with closing(_key_conn(office)) as conn:
            if _meta(conn, "key_check") is None and _stored_key() is None:
                return None  # this counter never recorded and has no key: nothing of its own to check
            key = _key(conn, create=False)
        return office_audit.verify(office, key)
    anchor = _read_anchor()
    path = data_dir() / DB_NAME
    if not path.exists() or path.stat().st_size == 0:
        return _cut(anchor, 0)
    with closing(_open()) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "events" not in tables or conn.execute("SELECT 1 FROM events LIMIT 1").fetchone() is None:
            return _cut(anchor, 0)
        key = _key(conn, create=False)
        prev, prev_time, last_id = GENESIS, "", 0
        for row in _iter_rows(conn):
            values = astuple(row)
            if row.prev_hash != prev:
                return Broken(row.id, "the row before it was deleted or altered")
            if row.row_hash != _row_hash(key, row.prev_hash, values[: len(CHAINED)]):
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
    office = _office()
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
    with closing(_open()) as conn:
        found = conn.execute(f"SELECT {','.join(COLUMNS)} FROM events ORDER BY id DESC LIMIT 1").fetchone()
    return Row(*found) if found else None


# --- export -------------------------------------------------------------------------------------------------

CSV_HEADER = ("no", "waktu_utc", "waktu_lokal", "pengguna_os", "komputer", "layanan", "formulir",
              "kejadian", "hasil", "nik_hmac", "hash_baris")


def _local_day_start_utc(day: date) -> str:
    # The office head asks for *their* days; the trail is in UTC.
    return datetime.combine(day, time.min).astimezone().astimezone(UTC).isoformat(timespec="milliseconds")


def _cell(value: str) -> str:
    # A service or form name typed in the settings must not become a spreadsheet formula.
    return safe_cell(value)


def export_csv(from_day: date, to_day: date, path: Path | str, *, nik: str | None = None) -> int:
    """Rows from the start of ``from_day`` to the end of ``to_day`` (local days, both included) as CSV.
    Returns the number of rows. Written to a temporary file first so a full disk leaves no half report."""
    from app.outfile import write_output

    since, until = _local_day_start_utc(from_day), _local_day_start_utc(to_day + timedelta(days=1))
    count = 0
    office = _office()
    text = io.StringIO(newline="")
    with closing(_key_conn(office)) as conn:
        digest = _nik_hash(_key(conn, create=False), _normalise_nik(nik)) if nik else ""
        found = rows(since, until, nik_hash=digest) if office is not None else _iter_rows(conn, since, until, digest)
        writer = csv.writer(text)
        writer.writerow(CSV_HEADER)
        for row in found:
            local = datetime.fromisoformat(row.time).astimezone().isoformat(timespec="seconds")
            writer.writerow([row.id, row.time, local, _cell(row.os_user), _cell(row.workstation),
                             _cell(row.service), _cell(row.form_id), row.kind, _cell(row.outcome),
                             row.nik_hash, row.row_hash])
            count += 1
    # The one writer (app/outfile.py): whole or nothing, fsynced, never through a link. utf-8-sig: Excel on
    # the office head's PC then shows Indonesian text correctly.
    write_output(path, text.getvalue().encode("utf-8-sig"))
    return count


# --- what the CLI and the GUI call --------------------------------------------------------------------------


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


class AuditUnavailable(Exception):
    """The audit trail cannot take the row that an access to a citizen's data needs: the access is refused.

    UU 27/2022: every read, lookup, print and export of personal data is recorded, or it does not happen.
    """

    exit_code = 13
    id_text = ("Catatan audit tidak dapat ditulis (folder data Loket penuh, hanya-baca atau rusak), sehingga "
               "data warga tidak ditampilkan, dicetak atau disimpan. Hubungi petugas IT.")

    def __init__(self, cause: BaseException | None = None) -> None:
        super().__init__(f"audit trail not writable: {type(cause).__name__ if cause else 'unknown'}")
        # A cause that has its own sentence (storage.backend unknown, the key missing) says what to fix.
        self.id_text = getattr(cause, "id_text", "") or AuditUnavailable.id_text


def check_writable() -> None:
    """AuditUnavailable when the next row could not be written (data folder full, read-only, a file, the
    trail corrupt, the key missing). Called before a print or export takes a number or writes a file."""
    try:
        if _office() is not None:
            return  # rows are queued in the local outbox first; its own append is strict below
        with closing(_open()) as conn:
            _ensure_key(conn)
            conn.execute("BEGIN IMMEDIATE")
            try:
                _meta(conn, "last_probe", datetime.now(UTC).isoformat(timespec="seconds"))
                conn.execute("COMMIT")  # a real write: a full or read-only disk says so here
            except BaseException:
                conn.execute("ROLLBACK")
                raise
    except Exception as exc:
        log.error("audit trail not writable: %s", failure(exc))
        raise AuditUnavailable(exc) from None


def _safe_append(kind: Kind, outcome: str, *, strict: bool = False, **kw: object) -> Row | None:
    """``strict``: the row stands for an access to a citizen's data, so AuditUnavailable when it cannot be
    written. Otherwise (a failure, a cancel: nothing of the citizen was shown or written) it is logged."""
    try:
        return append(kind, outcome, **kw)  # type: ignore[arg-type]
    except Exception as exc:
        log.error("audit event %s/%s not recorded: %s", kind, outcome, failure(exc))
        if strict:
            raise AuditUnavailable(exc) from None
        return None


def read_outcome(result_or_error: object) -> tuple[str, str | None]:
    """(outcome, NIK or None) for a ReadResult or the exception a read raised."""
    identity = getattr(result_or_error, "identity", None)
    if identity is not None:
        authenticity = str(getattr(identity, "authenticity", "valid"))
        outcome = "ok" if authenticity == "valid" else f"ok_{authenticity}"
        return outcome, getattr(identity, "nik", None) or None
    if isinstance(result_or_error, BaseException):
        from reader.errors import ReadError

        name = _snake(type(result_or_error).__name__)
        return (name if isinstance(result_or_error, ReadError) else f"error_{name}"), None
    return "unknown", None


def record_read(result_or_error: object, service: str = "", form_id: str = "") -> Row | None:
    """A finished read (ReadResult) or the exception it raised. A failed read records no NIK: reads are
    all-or-nothing, so there is none that could be trusted."""
    outcome, nik = read_outcome(result_or_error)
    return _safe_append(Kind.READ, outcome, service=service, form_id=form_id, nik=nik, strict=nik is not None)


def lookup_outcome(applicant_or_result: object) -> str:
    """``found``, ``not_found``, ``refused_login``, ``failed_timeout``… or ``not_asked``."""
    if hasattr(applicant_or_result, "identity"):  # an Applicant: its lookup may be None (not asked)
        lookup = getattr(applicant_or_result, "lookup", None)
    else:
        lookup = applicant_or_result
    if lookup is None:
        return "not_asked"
    status = str(getattr(lookup, "status", "unknown"))
    kind = str(getattr(lookup, "kind", "") or "")
    return f"{status}_{kind}" if kind else status


def record_lookup(applicant_or_result: object, service: str = "", form_id: str = "",
                  nik: str | None = None, strict: bool = False) -> Row | None:
    """A registry lookup: an Applicant (the NIK is the card's), or a bare LookupResult with ``nik``
    (``loket lookup NIK``, no card)."""
    if nik is None:
        nik = getattr(getattr(applicant_or_result, "identity", None), "nik", None) or None
    # Which fields chip and registry disagree on (names only), for the office's statistics.
    found = [d.field for d in getattr(applicant_or_result, "discrepancies", ())]
    detail: dict[str, object] = {"discrepancies": found} if found else {}
    record = getattr(applicant_or_result, "record", None)
    if getattr(record, "dropped", ()):  # optional registry values that could not be read: named, counted
        detail["dropped"] = list(record.dropped)  # type: ignore[union-attr]
    return _safe_append(Kind.LOOKUP, lookup_outcome(applicant_or_result), service=service, form_id=form_id,
                        nik=nik, detail=detail or None, strict=strict)


def record_print(form_id: str, outcome: str, nik: str | None = None, service: str = "",
                 counts: Mapping[str, object] | None = None, strict: bool = False) -> Row | None:
    """A print or save of ``form_id``: outcome ``printed``, ``saved_pdf``, ``cancelled``,
    ``printer_missing``, ``disk_full``, ``failed_<cause>`` — a short code, never a name or a path.
    ``counts``: ``{"prefilled": N, "typed": M}`` fields of the form (FilledForm.counts()), for the report's
    typing-saved estimate."""
    return _safe_append(Kind.PRINT, outcome, service=service, form_id=form_id, nik=nik, detail=counts,
                        strict=strict)


def record_export(target: str, outcome: str, nik: str | None = None, service: str = "",
                  strict: bool = False) -> Row | None:
    """A hand-off of the record to another system (``target``: ``satusehat``, ``khanza``, ``csv``, ``json``):
    outcome ``written``, ``handed_off``, ``blocked_unverified``, ``failed_<cause>`` — a code, never a path."""
    return _safe_append(Kind.EXPORT, outcome, service=service, form_id=target, nik=nik, strict=strict)


def record_handoff(client: str, outcome: str, nik: str | None = None, *, service: str = "",
                   given: tuple[str, ...] | list[str] = (), representation: str = "",
                   strict: bool = False) -> Row | None:
    """The record handed to an office system through the local card service (app/webapi/): ``client`` is the
    IT-registered application's id, ``given`` the names of the fields it received (``photo`` among them
    when it did), ``representation`` ``loket``, ``satusehat``, ``khanza`` or ``form``. Outcome ``handed_off``,
    ``refused_by_clerk``, ``blocked_unverified``, ``failed_<cause>``. Names and codes only, never a value."""
    detail: dict[str, object] = {"client": [client]}
    if given:
        detail["given"] = sorted(given)
    if representation:
        detail["representation"] = [representation]
    return _safe_append(Kind.EXPORT, outcome, service=service, form_id="api", nik=nik, detail=detail,
                        strict=strict)
