"""Pushing what an office counter queued while the server was away: audit rows in chain order, exactly once
(the server takes only the next seq on the current head; rows it already holds unchanged count as
delivered), and the numbers it took from its fallback block.

A command-line run pushes right after its audit event (cheap when the queue is empty), and ``loket db push``
on demand. The counter window never does it on its own thread: ``start_background`` runs a drainer thread
that an event only wakes (``request``), with a backoff from ``storage.retry_seconds`` doubling to five
minutes while the server is away, so a server that drops packets silently cannot freeze a print.
"""

from __future__ import annotations

import logging
import threading
import time
from contextlib import closing
from dataclasses import dataclass

from app.base.logsetup import failure
from app.base.settings import Settings
from app.storage import StorageConfig, StorageError, config
from app.storage import sqlite as local
from forms.numbering import Unreachable

log = logging.getLogger("loket.storage.sync")

_next_try = 0.0
MAX_BACKOFF = 300.0
_background: _Drainer | None = None


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
                check_key(cfg, conn)
            while rows:
                workstation = rows[0]["workstation"]
                batch = [r for r in rows if r["workstation"] == workstation]
                top = postgres.push_audit(cfg, batch)
                before = local.queue_length(conn)
                local.drop_upto(conn, workstation, top)
                events += before - local.queue_length(conn)
                rows = local.queued(conn)
                if rows and rows[0]["workstation"] == workstation and rows[0]["id"] <= top:
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


def check_key(cfg: StorageConfig, conn: object) -> None:
    """Every counter of an office chains and hashes NIKs with the office's one audit key; a counter with
    another key would make its rows unverifiable and its citizens unfindable, so it is not let in."""
    from app.storage import postgres

    found = conn.execute("SELECT value FROM meta WHERE name = 'key_check'").fetchone()  # type: ignore[attr-defined]
    if not found:
        return
    office = postgres.meta(cfg, "key_check", found[0])
    if office != found[0]:
        raise KeyMismatch("this counter's audit key is not the office's: its audit rows stay queued here")


class _Drainer:
    """The window's outbox: drained on this thread, woken by each new row, retried with a backoff."""

    def __init__(self, cfg: StorageConfig) -> None:
        self.cfg = cfg
        self._wake = threading.Event()
        self._stop = threading.Event()
        self.last: DrainResult | None = None
        self._thread = threading.Thread(target=self._run, name="loket-outbox", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        wait = self.cfg.retry_seconds
        while not self._stop.is_set():
            try:
                self.last = drain(cfg=self.cfg, force=True)
            except Exception as exc:  # the rows are safe in the queue; this thread must not die of it
                log.error("outbox drain failed: %s", failure(exc))
                self.last = DrainResult(error="crashed")
            failed = bool(self.last.error)
            if not failed:
                wait = self.cfg.retry_seconds
            self._wake.wait(wait if (failed or self.last.queued) else None)
            if failed:
                wait = min(max(wait, 1.0) * 2, MAX_BACKOFF)
            self._wake.clear()

    def request(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout)


def start_background(cfg: StorageConfig) -> None:
    """From now on in this process, audit events only wake the drainer thread (the counter window)."""
    global _background
    if cfg.is_postgres and _background is None:
        _background = _Drainer(cfg)


def stop_background() -> None:
    global _background
    drainer, _background = _background, None
    if drainer is not None:
        drainer.stop()


def after_event(cfg: StorageConfig) -> None:
    """An audit row was queued: push it now (a command-line run) or wake the drainer (the window)."""
    if _background is not None:
        _background.request()
        return
    drain(cfg=cfg)
