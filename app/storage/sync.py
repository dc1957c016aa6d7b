"""Pushing what an office counter queued while the server was away: audit rows in chain order, exactly once
(the server takes only the next seq on the current head; rows it already holds unchanged count as
delivered), and the numbers it took from its fallback block.

Called after every audit event (cheap when the queue is empty) and by ``loket db push``. After a failed
try the next automatic one waits ``storage.retry_seconds`` so a dead network does not slow every event.
"""

from __future__ import annotations

import logging
import time
from contextlib import closing
from dataclasses import dataclass

from app.settings import Settings
from app.storage import StorageConfig, StorageError, config
from app.storage import sqlite as local
from forms.numbering import Unreachable

log = logging.getLogger("loket.storage.sync")

_next_try = 0.0


@dataclass(frozen=True)
class DrainResult:
    events: int = 0  # audit rows now on the server that were queued here
    letters: int = 0  # offline letter numbers now on the server
    queued: int = 0  # audit rows still waiting
    error: str = ""  # "" | "unreachable" | "rejected" | "key_mismatch" | "schema" | "skipped"


def drain(settings: Settings | None = None, *, cfg: StorageConfig | None = None, force: bool = False) -> DrainResult:
    global _next_try
    cfg = cfg or config(settings)
    if not cfg.is_postgres:
        return DrainResult()
    if not force and time.monotonic() < _next_try:
        with closing(local.open_outbox()) as conn:
            return DrainResult(queued=local.queue_length(conn), error="skipped")
    from app.storage import postgres

    events = letters = 0
    error = ""
    with closing(local.open_outbox()) as conn:
        try:
            offline = local.unpushed_letters(conn)
            if offline:
                done = postgres.push_letters(cfg, offline)
                local.mark_pushed(conn, done)
                letters = len(done)
            rows = local.queued(conn)
            if rows:
                _check_key(cfg, conn)
            while rows:
                workstation = rows[0].workstation
                batch = [r for r in rows if r.workstation == workstation]
                top = postgres.push_audit(cfg, batch)
                before = local.queue_length(conn)
                local.drop_upto(conn, workstation, top)
                events += before - local.queue_length(conn)
                rows = local.queued(conn)
                if rows and rows[0].workstation == workstation and rows[0].id <= top:
                    break  # nothing moved: do not spin
            _next_try = 0.0
        except Unreachable:
            error = "unreachable"
        except postgres.PushRejected as exc:
            log.error("office server refused this counter's queued audit rows: %s", exc)
            error = "rejected"
        except KeyMismatch as exc:
            log.error("%s", exc)
            error = "key_mismatch"
        except StorageError as exc:
            log.error("office database: %s", exc)
            error = "schema"
        if error:
            _next_try = time.monotonic() + cfg.retry_seconds
        remaining = local.queue_length(conn)
    if events or letters:
        log.info("pushed %d queued audit rows and %d offline letter numbers to the office server", events, letters)
    return DrainResult(events, letters, remaining, error)


class KeyMismatch(Exception):
    pass


def _check_key(cfg: StorageConfig, conn: object) -> None:
    """Every counter of an office chains and hashes NIKs with the office's one audit key; a counter with
    another key would make its rows unverifiable and its citizens unfindable, so it is not let in."""
    from app.storage import postgres

    found = conn.execute("SELECT value FROM meta WHERE name = 'key_check'").fetchone()  # type: ignore[attr-defined]
    if not found:
        return
    office = postgres.meta(cfg, "key_check", found[0])
    if office != found[0]:
        raise KeyMismatch("this counter's audit key is not the office's: its audit rows stay queued here")
