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

Where rows live is a setting (``app.storage``): this machine's ``audit.sqlite3`` (``trail.py``), or an
office's PostgreSQL server with one table for every
counter (``app.audit.office``). There each counter keeps its own chain — ``workstation`` is the
counter's name (``storage.counter``), ``id`` the row's number within that counter — built on this
machine and queued in its outbox, so the counter keeps recording while the server is away. The office
shares one audit key, so a NIK's hash is the same at every counter.

The package: ``model`` (the row, the hashes; no I/O), ``key`` (the secret in the keyring), ``trail`` (this
machine's file and the calls that choose where rows go), ``office`` (the office server's chains),
``events`` (record_read/lookup/print/export) and ``export`` (CSV). Callers write ``from app import audit``
and use the names below.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

# Each public name and the module that defines it. Loaded on first use: `loket --help` and a command that
# only needs the row model (``app.audit.model``) do not pay for the keyring, SQLite and storage modules.
_WHERE = {
    "lookup_outcome": "events", "read_outcome": "events", "record_export": "events", "record_lookup": "events",
    "record_print": "events", "record_read": "events", "record_view": "events", "record_handoff": "events",
    "CSV_HEADER": "export", "export_csv": "export",
    "KEY_ENV": "key", "KEY_NAME": "key", "forget_key": "key", "stored_key": "key",
    "CHAINED": "model", "COLUMNS": "model", "GENESIS": "model", "AuditKeyError": "model",
    "AuditUnavailable": "model", "Broken": "model", "Kind": "model", "Row": "model", "detail_of": "model",
    "rechained": "model", "row_hash": "model",
    "DB_NAME": "trail", "append": "trail", "check_writable": "trail", "db_path": "trail", "last_row": "trail",
    "local_rows": "trail", "nik_hash": "trail", "anchored": "trail", "office_key": "trail", "rows": "trail",
    "verify": "trail",
}
__all__ = ["AuditKeyError", "AuditUnavailable", "Broken", "CHAINED", "COLUMNS",
    "anchored",
    "CSV_HEADER", "DB_NAME", "GENESIS", "KEY_ENV", "KEY_NAME", "Kind", "Row", "append", "check_writable",
    "db_path", "detail_of", "export_csv", "forget_key", "last_row", "local_rows", "lookup_outcome", "nik_hash",
    "office_key", "read_outcome", "rechained", "record_export", "record_lookup", "record_print", "record_read",
    "record_view", "record_handoff",
    "row_hash", "rows", "stored_key", "verify"]


def __getattr__(name: str) -> object:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'app.audit' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"app.audit.{module}"), name)
    globals()[name] = value
    return value


if TYPE_CHECKING:
    from app.audit.events import (
        lookup_outcome,
        read_outcome,
        record_export,
        record_handoff,
        record_lookup,
        record_print,
        record_read,
        record_view,
    )
    from app.audit.export import CSV_HEADER, export_csv
    from app.audit.key import KEY_ENV, KEY_NAME, forget_key, stored_key
    from app.audit.model import (
        CHAINED,
        COLUMNS,
        GENESIS,
        AuditKeyError,
        AuditUnavailable,
        Broken,
        Kind,
        Row,
        detail_of,
        rechained,
        row_hash,
    )
    from app.audit.trail import (
        DB_NAME,
        append,
        check_writable,
        db_path,
        last_row,
        local_rows,
        nik_hash,
        office_key,
        rows,
        verify,
    )
