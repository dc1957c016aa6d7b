"""The office's PostgreSQL server: letter sequences, the audit rows of every counter, schema migrations.

A connection per operation: a counter issues a few numbers and events a minute, and a fresh connection
is what survives the office network dropping and the server restarting without any reconnect logic.
Every "cannot reach the server" becomes ``Unreachable`` so callers have one thing to fall back on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from app.base.credentials import get_secret
from app.storage import PASSWORD_ENV, PASSWORD_KEY, StorageConfig, StorageError
from app.storage.migrations import latest, migrations
from forms.numbering import LetterKey, NumberingError, Unreachable, os_user

if TYPE_CHECKING:
    import psycopg

    from app.storage.sqlite import FallbackBlock
    from forms.numbering import RegisterRow

from app.base.clerktext import QT_TRANSLATE_NOOP
from app.base.logsetup import failure

log = logging.getLogger("loket.storage.postgres")

OUT_OF_ORDER = "LK001"  # raised by the audit_events trigger (migration 0001)
_MIGRATE_LOCK = 0x4C4F4B4554  # "LOKET": one `loket db upgrade` at a time


class PushRejected(Exception):
    """The server refused queued audit rows: stale, reordered, or not this counter's chain."""


def _password() -> str | None:
    return get_secret(PASSWORD_KEY, PASSWORD_ENV)


def connect(cfg: StorageConfig, *, check_schema: bool = True) -> psycopg.Connection:
    import psycopg

    pg = cfg.postgres
    try:
        conn = psycopg.connect(host=pg.host, port=pg.port, dbname=pg.dbname, user=pg.user,
                               password=_password(), sslmode=pg.sslmode, connect_timeout=pg.connect_timeout,
                               application_name=f"loket {cfg.counter_id}"[:63])
    except psycopg.OperationalError as exc:
        # The message may name the host; never the password (psycopg does not echo it).
        log.warning("office database %s:%d unreachable: %s", pg.host, pg.port, str(exc).strip().splitlines()[0]
                    if str(exc).strip() else type(exc).__name__)
        raise Unreachable(f"{pg.host}:{pg.port}") from None
    if check_schema:
        try:
            version = schema_version(conn)
        except BaseException:
            conn.close()
            raise
        if version != latest("postgres"):
            conn.close()
            raise StorageError(
                f"office database schema is version {version}, this Loket needs {latest('postgres')}",
                QT_TRANSLATE_NOOP(
                    "Core", "Basis data kantor belum diperbarui untuk versi Loket ini. Minta petugas IT menjalankan "
                "`loket db upgrade`."))
    return conn


@contextmanager
def session(cfg: StorageConfig) -> Iterator[psycopg.Connection]:
    """A connection whose network failures surface as Unreachable, closed afterwards."""
    import psycopg

    conn = connect(cfg)
    try:
        yield conn
    except psycopg.OperationalError as exc:
        log.warning("office database connection lost: %s", failure(exc))
        raise Unreachable(str(cfg.postgres.host)) from None
    finally:
        conn.close()


# --- migrations ---------------------------------------------------------------------------------------------


def schema_version(conn: psycopg.Connection) -> int:
    found = conn.execute("SELECT to_regclass('loket_schema') IS NOT NULL").fetchone()
    if not found or not found[0]:
        conn.rollback()
        return 0
    version = conn.execute("SELECT coalesce(max(version), 0) FROM loket_schema").fetchone()
    conn.rollback()
    return int(version[0]) if version else 0


def upgrade(cfg: StorageConfig) -> list[str]:
    """Apply every migration the server lacks, in one transaction; returns the files applied."""
    conn = connect(cfg, check_schema=False)
    applied: list[str] = []
    try:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATE_LOCK,))
            conn.execute("CREATE TABLE IF NOT EXISTS loket_schema (version integer PRIMARY KEY, "
                         "name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())")
            row = conn.execute("SELECT coalesce(max(version), 0) FROM loket_schema").fetchone()
            current = int(row[0]) if row else 0
            for m in migrations("postgres"):
                if m.version > current:
                    conn.execute(m.sql.encode())  # bytes: several statements in one simple query
                    conn.execute("INSERT INTO loket_schema (version, name) VALUES (%s, %s)", (m.version, m.name))
                    applied.append(m.name)
    finally:
        conn.close()
    return applied


# --- letter numbers -----------------------------------------------------------------------------------------


class BlockOverlap(StorageError):
    """This counter's fallback block shares numbers with another counter's block for the same office: it is
    not registered, and not used, so two counters can never print the same offline number."""

    def __init__(self, office: str, mine: tuple[int, int], other: str, theirs: tuple[int, int]) -> None:
        super().__init__(
            f"fallback block {mine[0]}-{mine[1]} of office {office} overlaps {other}'s {theirs[0]}-{theirs[1]}",
            QT_TRANSLATE_NOOP("Core", "Blok nomor cadangan loket ini ({mine}) untuk {office} bertumpang tindih "
                                      "dengan blok {other} ({theirs}), jadi tidak dipakai. Petugas IT: ubah "
                                      "storage.fallback_numbers salah satu loket.").format(
                mine=f"{mine[0]}–{mine[1]}", office=office, other=other, theirs=f"{theirs[0]}–{theirs[1]}"))
        self.state = f"overlap:{other}:{theirs[0]}-{theirs[1]}"


def _register_block(conn: psycopg.Connection, cfg: StorageConfig, office: str) -> None:
    """BlockOverlap when another counter holds any of these numbers for ``office``."""
    if cfg.fallback_numbers is None:
        return
    first, last = cfg.fallback_numbers
    other = conn.execute("SELECT counter, first_seq, last_seq FROM number_blocks WHERE office = %s AND "
                         "counter <> %s AND first_seq <= %s AND last_seq >= %s ORDER BY counter LIMIT 1",
                         (office, cfg.counter_id, last, first)).fetchone()
    if other is not None:
        raise BlockOverlap(office, (first, last), str(other[0]), (int(other[1]), int(other[2])))
    conn.execute("INSERT INTO number_blocks (office, counter, first_seq, last_seq) VALUES (%s, %s, %s, %s) "
                 "ON CONFLICT (office, counter) DO UPDATE SET first_seq = EXCLUDED.first_seq, "
                 "last_seq = EXCLUDED.last_seq, updated_at = now() "
                 "WHERE number_blocks.first_seq <> EXCLUDED.first_seq OR number_blocks.last_seq <> EXCLUDED.last_seq",
                 (office, cfg.counter_id, first, last))


def _confirm_block(conn: psycopg.Connection, cfg: StorageConfig, office: str) -> str:
    """Register this counter's block (in a savepoint: an overlap must not cost the print its online number)
    and return what the counter must remember: ``ok:FIRST-LAST``, ``overlap:…``, or "" without a block."""
    if cfg.fallback_numbers is None:
        return ""
    try:
        with conn.transaction():
            _register_block(conn, cfg, office)
    except BlockOverlap as exc:
        log.error("%s", exc)
        return exc.state
    first, last = cfg.fallback_numbers
    return f"ok:{first}-{last}"


def check_block(cfg: StorageConfig, office: str) -> str:
    """`loket db status`: the block checked against the server now, and remembered on this counter."""
    with session(cfg) as conn:
        with conn.transaction():
            state = _confirm_block(conn, cfg, office)
    _remember_block(office, state)
    return state


def _remember_block(office: str, state: str) -> None:
    if not state:
        return
    from contextlib import closing

    from app.storage import sqlite as local

    with closing(local.open_outbox()) as conn:
        local.set_block_state(conn, office, state)


@dataclass(frozen=True)
class OfficeNumbers:
    """The office's letter sequences (a ``forms.numbering.NumberSource``)."""

    cfg: StorageConfig

    def take(self, key: LetterKey, render: Callable[[int], str]) -> int:
        with session(self.cfg) as conn:
            with conn.transaction():
                confirmed = _confirm_block(conn, self.cfg, key.office)
                floor = _scope_floor(conn, key) if key.mode else 0
                # The counter row stays locked until commit: issuers of one sequence queue up here.
                for _ in range(1000):
                    row = conn.execute(
                        "INSERT INTO letter_counters AS c (office, letter_type, year, last) VALUES (%s, %s, %s, "
                        "%s + 1) ON CONFLICT (office, letter_type, year) DO UPDATE SET last = greatest(c.last, %s) "
                        "+ 1 RETURNING last", (key.office, key.letter_type, key.year, floor, floor)).fetchone()
                    seq = int(row[0])  # type: ignore[index]
                    block = conn.execute(
                        "SELECT max(last_seq) FROM number_blocks WHERE office = %s AND %s BETWEEN first_seq "
                        "AND last_seq", (key.office, seq)).fetchone()
                    if block and block[0] is not None:  # a counter's offline block: jump over it
                        conn.execute("UPDATE letter_counters SET last = %s WHERE office = %s AND letter_type = %s "
                                     "AND year = %s", (block[0], key.office, key.letter_type, key.year))
                        continue
                    taken = conn.execute(
                        "INSERT INTO letter_numbers (office, letter_type, year, seq, number, counter, form_id, kode, "
                        "scope, operator) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING "
                        "RETURNING seq", (key.office, key.letter_type, key.year, seq, render(seq),
                                          self.cfg.counter_id, key.form_id, key.kode, key.mode,
                                          os_user())).fetchone()
                    if taken:
                        _remember_block(key.office, confirmed)  # checked by the server: usable offline now
                        return seq
                    # Already printed (an offline number pushed from outside any block): take the next.
        raise NumberingError(QT_TRANSLATE_NOOP(
            "Core", "Nomor surat kantor tidak dapat diambil (urutan penuh). Hubungi petugas IT."))


def _scope_floor(conn: psycopg.Connection, key: LetterKey) -> int:
    """What ``key``'s scope continues from, under the office-and-year row's lock (every scoped number of the
    office that year queues here, so a scope change and a number being taken never cross): 0 while the
    scope stays the one last used; after a change, the highest number the office took that year."""
    where = (key.office, key.year)
    row = conn.execute("SELECT mode, floor FROM letter_scopes WHERE office = %s AND year = %s FOR UPDATE",
                       where).fetchone()
    if row is None:
        conn.execute("INSERT INTO letter_scopes (office, year, mode) VALUES (%s, %s, '') ON CONFLICT DO NOTHING",
                     where)
        row = conn.execute("SELECT mode, floor FROM letter_scopes WHERE office = %s AND year = %s FOR UPDATE",
                           where).fetchone()
    mode, floor = str(row[0]), int(row[1])  # type: ignore[index]
    if mode != key.mode:
        # Numbers of an offline block are left out: the sequences jump over the block anyway.
        top = conn.execute("SELECT coalesce(max(seq), 0) FROM letter_numbers WHERE office = %s AND year = %s "
                           "AND NOT fallback", where).fetchone()
        floor = int(top[0])  # type: ignore[index]
        conn.execute("UPDATE letter_scopes SET mode = %s, floor = %s WHERE office = %s AND year = %s",
                     (key.mode, floor, *where))
    return floor


def mark_letter(cfg: StorageConfig, number: str, status: str, reason: str = "") -> None:
    """What became of a number this counter took from the server. Raises Unreachable."""
    with session(cfg) as conn:
        conn.execute("UPDATE letter_numbers SET status = %s, reason = %s, done_at = now() WHERE number = %s AND "
                     "counter = %s AND status = 'taken'", (status, reason, number, cfg.counter_id))
        conn.commit()


def note_reprint(cfg: StorageConfig, number: str) -> None:
    """One more reprint of ``number`` (a copy kept on this counter). Raises Unreachable."""
    with session(cfg) as conn:
        conn.execute("UPDATE letter_numbers SET reprints = reprints + 1 WHERE number = %s AND counter = %s",
                     (number, cfg.counter_id))
        conn.commit()


def register_rows(cfg: StorageConfig, since: datetime | None = None,
                  until: datetime | None = None) -> list[RegisterRow]:
    """The office's outgoing-letter register: every counter's numbers issued in ``since <= t < until``,
    oldest first. Raises Unreachable."""
    from forms.numbering import RegisterRow

    with session(cfg) as conn:
        query = ("SELECT number, form_id, kode, status, reason, issued_at, counter, operator, reprints, seal_digest "
                 "FROM letter_numbers WHERE true")
        params: list[Any] = []
        if since is not None:
            query += " AND issued_at >= %s"
            params.append(since)
        if until is not None:
            query += " AND issued_at < %s"
            params.append(until)
        rows = conn.execute(query + " ORDER BY issued_at, counter, seq", params).fetchall()
    return [RegisterRow(str(n), str(f), str(k), str(st), str(r), at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S"),
                        str(c), str(o), int(rp), str(sd)) for n, f, k, st, r, at, c, o, rp, sd in rows]


def find_letters(cfg: StorageConfig, *, number: str = "", since: datetime | None = None,
                 until: datetime | None = None, limit: int = 500) -> list[tuple[str, str, str, str, str]]:
    """The office's register, every counter's numbers, in the shape of ``forms.numbering.find_letters``:
    (number, form_id, "issued", counter, issued_at UTC "YYYY-MM-DD HH:MM:SS"), newest first. The server
    keeps no print state (a number there was taken for a print); the counter that issued it is the reason
    column. Raises Unreachable."""
    query = "SELECT number, form_id, counter, issued_at FROM letter_numbers WHERE true"
    params: list[Any] = []
    if number:
        query += " AND strpos(number, %s) > 0"  # a plain substring: no LIKE wildcard from the clerk
        params.append(number)
    if since is not None:
        query += " AND issued_at >= %s"
        params.append(since)
    if until is not None:
        query += " AND issued_at < %s"
        params.append(until)
    with session(cfg) as conn:
        rows = conn.execute(query + " ORDER BY issued_at DESC, seq DESC LIMIT %s", [*params, limit]).fetchall()
    return [(str(n), str(f), "issued", str(c), at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S"))
            for n, f, c, at in rows]


def push_letters(cfg: StorageConfig, letters: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Numbers issued offline from this counter's block; returns those now on the server. A number that
    another counter printed too is logged as an error and stays queued for IT: it must never be hidden."""
    done = []
    with session(cfg) as conn:
        for item in letters:
            with conn.transaction():
                _confirm_block(conn, cfg, item["office"])
                row = conn.execute(
                    "INSERT INTO letter_numbers (office, letter_type, year, seq, number, counter, form_id, "
                    "fallback, issued_at, seal_digest) VALUES (%(office)s, %(letter_type)s, %(year)s, %(seq)s, "
                    "%(number)s, %(counter)s, %(form_id)s, true, %(issued_at)s, %(seal_digest)s) ON CONFLICT DO "
                    "NOTHING RETURNING seq", {"seal_digest": "", **item, "counter": cfg.counter_id}).fetchone()
                if row is None:
                    same = conn.execute("SELECT 1 FROM letter_numbers WHERE office = %s AND number = %s AND "
                                        "counter = %s AND fallback", (item["office"], item["number"],
                                                                     cfg.counter_id)).fetchone()
                    if same is None:
                        log.error("offline letter number %s of office %s was also issued elsewhere",
                                  item["number"], item["office"])
                        continue
            done.append(item)
    return done


# --- audit --------------------------------------------------------------------------------------------------


# The audit_events table (migrations/postgres) and the keys of an audit row as the counter writes it
# (``id`` is its seq on the counter's chain). tests/test_audit_wiring.py keeps these equal to app.audit.COLUMNS.
ROW_KEYS = ("id", "time", "os_user", "workstation", "service", "form_id", "kind", "outcome", "nik_hash", "detail",
            "prev_hash", "row_hash")


def _columns() -> tuple[str, ...]:
    return tuple("seq" if c == "id" else c for c in ROW_KEYS)


def _record(row: Any) -> Mapping[str, Any]:
    """An audit row as a mapping: the queue's dicts, or a row object with those attributes. A row queued by
    a Loket from before the ``detail`` column has none: "" is its value (the hash leaves an empty detail out)."""
    if isinstance(row, Mapping):
        return row if "detail" in row else {**row, "detail": ""}
    return {k: getattr(row, k) for k in ROW_KEYS}


def head(cfg: StorageConfig, workstation: str) -> tuple[int, str] | None:
    with session(cfg) as conn:
        row = conn.execute("SELECT seq, row_hash FROM audit_heads WHERE workstation = %s", (workstation,)).fetchone()
    return (int(row[0]), str(row[1])) if row else None


def row_hashes(cfg: StorageConfig, workstation: str, seqs: list[int]) -> dict[int, str]:
    """The server's row_hash of each of ``seqs`` it holds for ``workstation``."""
    if not seqs:
        return {}
    with session(cfg) as conn:
        return {int(seq): str(digest) for seq, digest in conn.execute(
            "SELECT seq, row_hash FROM audit_events WHERE workstation = %s AND seq = ANY(%s)",
            (workstation, seqs)).fetchall()}


def meta(cfg: StorageConfig, name: str, value: str | None = None) -> str | None:
    """Read, or set once (an existing value is kept and returned)."""
    with session(cfg) as conn:
        if value is not None:
            conn.execute("INSERT INTO audit_meta VALUES (%s, %s) ON CONFLICT (name) DO NOTHING", (name, value))
            conn.commit()
        row = conn.execute("SELECT value FROM audit_meta WHERE name = %s", (name,)).fetchone()
    return str(row[0]) if row else None


def push_audit(cfg: StorageConfig, rows: Sequence[Any]) -> int:
    """Send this counter's queued rows, oldest first; returns the highest seq now on the server (the
    queue drops everything up to it). Rows the server already holds unchanged count as delivered — a push
    whose answer was lost is not sent twice — while a different row at a held seq is refused."""
    import psycopg

    if not rows:
        return 0
    rows = [_record(r) for r in rows]
    workstation = rows[0]["workstation"]
    columns = _columns()
    with session(cfg) as conn:
        for attempt in range(2):
            top = _reconcile(conn, workstation, rows)
            pending = [r for r in rows if r["id"] > top]
            if not pending:
                return top
            try:
                with conn.transaction():
                    with conn.cursor() as cur:
                        cur.executemany(
                            f"INSERT INTO audit_events ({','.join(columns)}) "
                            f"VALUES ({','.join(['%s'] * len(columns))})",
                            [tuple(r[c] for c in ROW_KEYS) for r in pending])
                return int(pending[-1]["id"])
            except psycopg.OperationalError:
                raise
            except psycopg.DatabaseError as exc:
                if getattr(exc, "sqlstate", "") not in (OUT_OF_ORDER, "23505") or attempt:
                    raise PushRejected(str(exc).splitlines()[0]) from None
                # Another process of this counter may have pushed the same rows a moment ago: look again.
    raise PushRejected("audit push refused")


def _reconcile(conn: psycopg.Connection, workstation: str, rows: Sequence[Mapping[str, Any]]) -> int:
    """The server's head seq for ``workstation``, after checking that every row the server already holds
    from ``rows`` is identical (else PushRejected: a stale or forged push)."""
    found = conn.execute("SELECT seq FROM audit_heads WHERE workstation = %s", (workstation,)).fetchone()
    conn.commit()
    top = int(found[0]) if found else 0
    held = [r for r in rows if r["id"] <= top]
    if held:
        columns = _columns()
        stored = {values[0]: tuple(values) for values in conn.execute(
            f"SELECT {','.join(columns)} FROM audit_events WHERE workstation = %s AND seq = ANY(%s)",
            (workstation, [r["id"] for r in held])).fetchall()}
        conn.commit()
        for r in held:  # every field, not only the hash: a replay must be the very row the server holds
            if stored.get(r["id"]) != tuple(r[c] for c in ROW_KEYS):
                raise PushRejected(f"row {r['id']} of {workstation} differs from the one on the server (stale push)")
    return top


def iter_rows(cfg: StorageConfig, since: str = "", until: str = "", nik_hash: str = "",
              workstation: str = "", *, chain_order: bool = False) -> Iterator[dict[str, Any]]:
    """Every counter's rows (as mappings of ROW_KEYS), by time (then counter, seq), or counter by counter in
    chain order; ``id`` is the seq within its counter."""
    names = _columns()
    query = f"SELECT {','.join(names)} FROM audit_events WHERE true"
    params: list[str] = []
    for column, op, value in (("time", ">=", since), ("time", "<", until), ("nik_hash", "=", nik_hash),
                              ("workstation", "=", workstation)):
        if value:
            query += f" AND {column} {op} %s"
            params.append(value)
    order = " ORDER BY workstation, seq" if workstation or chain_order else " ORDER BY time, workstation, seq"
    with session(cfg) as conn:
        with conn.cursor() as cur:
            cur.execute(query + order, params)
            for values in cur:
                yield dict(zip(ROW_KEYS, values, strict=True))


def heads(cfg: StorageConfig) -> dict[str, tuple[int, str]]:
    """Each counter's newest (seq, row_hash) as the server's trigger recorded it on insert: outside the
    rows themselves, so a cut tail or an emptied table is seen by verify."""
    with session(cfg) as conn:
        return {str(ws): (int(seq), str(digest))
                for ws, seq, digest in conn.execute("SELECT workstation, seq, row_hash FROM audit_heads")}


def workstations(cfg: StorageConfig) -> list[str]:
    with session(cfg) as conn:
        return [str(r[0]) for r in conn.execute("SELECT workstation FROM audit_heads ORDER BY workstation")]


@dataclass(frozen=True)
class PostgresStorage:
    """An office: one server for every counter, this counter's block when it is unreachable."""

    cfg: StorageConfig

    name = "postgres"

    def numbers(self) -> OfficeNumbers:
        return OfficeNumbers(self.cfg)

    def fallback(self) -> FallbackBlock | None:
        from app.storage.sqlite import FallbackBlock

        block = self.cfg.fallback_numbers
        return FallbackBlock(*block) if block else None

    def upgrade(self) -> list[str]:
        return upgrade(self.cfg)
