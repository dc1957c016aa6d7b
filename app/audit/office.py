"""The audit trail of an office counter: the row is chained here, on this counter's own head, written to
the local outbox in the same transaction, then pushed (now, or when the server is back).

Chaining locally is what lets the counter keep working offline: the next row needs only the previous row
of *this* counter, never the server. The server checks each push against its copy of the head, so a row
cannot be slipped in, replayed or reordered there either. ``app.audit.model`` owns the row and the hashes,
``app.audit.key`` the key; this module only decides where the row goes.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import asdict, astuple
from typing import TYPE_CHECKING

from app.base.logsetup import failure
from app.storage import StorageConfig, StorageError
from app.storage import sqlite as local
from forms.numbering import Unreachable

if TYPE_CHECKING:
    from app.audit.model import Broken, Row

log = logging.getLogger("loket.storage.audit")


def append(cfg: StorageConfig, ensure_key: Callable[[sqlite3.Connection], bytes],
           make: Callable[[bytes, int, str], Row]) -> Row:
    """``make(key, seq, prev_hash)`` builds the row; it is queued before this returns, pushed if it can."""
    from app.audit import model
    from app.storage import postgres, sync

    workstation = cfg.counter_id
    with closing(local.open_outbox()) as conn:
        key = ensure_key(conn)
        start = None
        if local.local_head(conn, workstation) is None:
            # First event of this counter here: carry on the server's chain for it (a reinstalled PC).
            try:
                start = postgres.head(cfg, workstation)
            except (Unreachable, StorageError):
                start = None
        conn.execute("BEGIN IMMEDIATE")
        try:
            head = local.local_head(conn, workstation) or start or (0, model.GENESIS)
            row = make(key, head[0] + 1, head[1])
            local.enqueue(conn, asdict(row))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    try:
        sync.after_event(cfg)  # the window's drainer thread, or right now on the command line
    except Exception as exc:  # the row is safe in the queue; the push is retried with the next event
        log.error("audit push failed: %s", failure(exc))
    return row


def chain_problem(cfg: StorageConfig) -> str:
    """Why this counter's queue cannot reach the server, in one line for ``loket db status`` ("" when it
    can): a queue that does not continue the server's chain for this counter (a reinstall while the
    server was away started it again at 1) is refused on every push until ``loket db rechain``."""
    from app.audit import model
    from app.storage import postgres

    rows = queued_rows(cfg.counter_id)
    if not rows:
        return ""
    head = postgres.head(cfg, cfg.counter_id)
    pending = _not_on_server(cfg, rows, head)
    seq, digest = head or (0, model.GENESIS)
    if _continues(pending, seq, digest):
        return ""
    return (f"Rantai audit: antrean loket ini ({len(pending)} kejadian, mulai nomor {pending[0].id}) tidak "
            f"menyambung ke rantai loket ini di server (sampai nomor {seq}), misalnya karena komputer diinstal "
            "ulang saat server tidak terhubung; server menolak setiap kiriman. Petugas IT: jalankan "
            "`loket db rechain`.")


def rechain(cfg: StorageConfig, key: bytes) -> tuple[int, int]:
    """IT's way out for a restarted chain: the queued rows the server does not hold are chained on the
    server's head for this counter. Returns (rows re-chained, their first new seq); (0, 0) when the queue
    already continues the server's chain. ``key``: the office audit key (``app.audit.office_key``)."""
    from app.audit import model
    from app.storage import postgres

    head = postgres.head(cfg, cfg.counter_id)
    seq, digest = head or (0, model.GENESIS)
    with closing(local.open_outbox()) as conn:
        conn.execute("BEGIN IMMEDIATE")
        try:
            rows = [as_row(d) for d in local.queued(conn, cfg.counter_id, limit=10_000_000)]
            pending = _not_on_server(cfg, rows, head)
            if _continues(pending, seq, digest):
                conn.execute("ROLLBACK")
                return 0, 0
            fresh = model.rechained(pending, seq, digest, key)
            conn.execute("DELETE FROM audit_queue WHERE workstation = ?", (cfg.counter_id,))
            for row in fresh:
                local.enqueue(conn, asdict(row))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    log.warning("audit queue of %s re-chained on the server's head: %d rows from seq %d", cfg.counter_id,
                len(fresh), fresh[0].id)
    return len(fresh), fresh[0].id


def _continues(pending: list[Row], seq: int, digest: str) -> bool:
    """Nothing is pending, or the first pending row chains on the server's head (seq, hash)."""
    return not pending or (pending[0].id == seq + 1 and pending[0].prev_hash == digest)


def _not_on_server(cfg: StorageConfig, rows: list[Row], head: tuple[int, str] | None) -> list[Row]:
    """``rows`` without those the server already holds unchanged (pushed, the queue not yet told)."""
    from app.storage import postgres

    top = head[0] if head else 0
    held = postgres.row_hashes(cfg, cfg.counter_id, [r.id for r in rows if r.id <= top])
    return [r for r in rows if held.get(r.id) != r.row_hash]


def as_row(record: dict[str, object]) -> Row:
    """A row as storage keeps it (a mapping) back into the model."""
    from app.audit.model import COLUMNS, Row

    record = {"detail": "", **record}  # before the detail column: none (the hash leaves an empty detail out)
    return Row(**{c: record[c] for c in COLUMNS if c in record})  # type: ignore[arg-type]


def key_connection() -> sqlite3.Connection:
    """Where an office counter keeps its key check (the outbox), for ``app.audit.key.checked_key``."""
    return local.open_outbox()


def rows(cfg: StorageConfig, since: str = "", until: str = "", nik_hash: str = "",
         workstation: str = "") -> Iterator[Row]:
    from app.storage import postgres

    return (as_row(d) for d in postgres.iter_rows(cfg, since, until, nik_hash, workstation))


def queued_rows(workstation: str | None = None) -> list[Row]:
    with closing(local.open_outbox()) as conn:
        return [as_row(d) for d in local.queued(conn, workstation, limit=1_000_000)]


def verify(cfg: StorageConfig, key: bytes) -> Broken | None:
    """Each counter's chain on the server, this counter's continuing into its queue; the first break."""
    from app.audit import model
    from app.storage import postgres

    broken = None
    current, prev = None, model.GENESIS

    def check(row: Row) -> Broken | None:
        values = astuple(row)
        if row.prev_hash != prev:
            return model.Broken(row.id, "the row before it was deleted or altered", row.workstation)
        if row.row_hash != model.row_hash(key, row.prev_hash, values[: len(model.CHAINED)]):
            return model.Broken(row.id, "this row was altered", row.workstation)
        return None

    heads: dict[str, tuple[int, str]] = {}
    for row in map(as_row, postgres.iter_rows(cfg, chain_order=True)):
        if row.workstation != current:
            current, prev = row.workstation, model.GENESIS
            if row.id != 1:  # the chain's first rows were removed (by someone with the table owner's rights)
                return model.Broken(row.id, "the row before it was deleted or altered", row.workstation)
        broken = check(row)
        if broken:
            return broken
        prev = row.row_hash
        heads[row.workstation] = (row.id, prev)
    # The server's own record of each counter's head: rows cut from a chain's end, or a table emptied,
    # leave a head that the remaining rows no longer reach.
    for workstation, (seq, digest) in sorted(postgres.heads(cfg).items()):
        last = heads.get(workstation, (0, model.GENESIS))
        if seq > last[0]:
            return model.Broken(last[0] + 1, "rows at the end were removed or the file was replaced", workstation)
        if seq == last[0] and digest != last[1]:
            return model.Broken(seq, "the last row was replaced", workstation)
    current = None
    for row in queued_rows(cfg.counter_id):
        on_server = heads.get(row.workstation, (0, model.GENESIS))
        if row.id <= on_server[0]:
            continue  # pushed, its answer not yet seen by the queue: the server's copy was checked above
        if row.workstation != current:
            current, prev = row.workstation, on_server[1]
        broken = check(row)
        if broken:
            return broken
        prev = row.row_hash
    return None
