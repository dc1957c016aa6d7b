"""The installation's audit secret, kept in the OS keyring: created once, checked against the trail.

One secret per installation (an office shares one across its counters); ``model.derive`` makes the chain's
and the NIK hash's keys from it. The check value lives in the ``meta`` table that both this machine's trail
file and an office counter's outbox carry, so a keyring that lost or swapped the key is told apart from a
trail whose every row was edited.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import sqlite3

from app.audit.model import AuditKeyError
from app.base.clerktext import QT_TRANSLATE_NOOP
from app.base.credentials import NoKeyring, get_secret, missing_keyring, set_secret

log = logging.getLogger("loket.audit")

KEY_NAME = "audit-key"
KEY_ENV = "LOKET_AUDIT_KEY"


def meta(conn: sqlite3.Connection, name: str, value: str | None = None) -> str | None:
    if value is not None:
        conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (name, value))
        return value
    found = conn.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
    return found[0] if found else None


_KEY_CHECK_LABEL = b"loket-audit-key-check"
_cached_key: bytes | None = None


def forget_key() -> None:
    """Tests swap keyrings; a counter process keeps its key for its lifetime."""
    global _cached_key
    _cached_key = None


def stored_key() -> bytes | None:
    global _cached_key
    env = os.environ.get(KEY_ENV)
    if env:
        return env.encode()
    if _cached_key is None:
        value = get_secret(KEY_NAME, KEY_ENV)
        _cached_key = value.encode() if value else None
    return _cached_key


def key_check(key: bytes) -> str:
    # Lets verify tell "wrong key" from "every row edited"; reveals nothing usable about a 256-bit key.
    return hmac.new(key, _KEY_CHECK_LABEL, hashlib.sha256).hexdigest()[:16]


def checked_key(conn: sqlite3.Connection, *, create: bool) -> bytes:
    """The secret, checked against the trail. Created only for a trail that never had one: a keyring that
    is merely unreadable today must not get a fresh key that orphans every earlier row."""
    global _cached_key
    key = stored_key()
    recorded = meta(conn, "key_check")
    if key is not None:
        if recorded is None:
            meta(conn, "key_check", key_check(key))
        elif recorded != key_check(key):
            raise AuditKeyError(
                "the audit key is not the one this trail was written with",
                QT_TRANSLATE_NOOP(
                    "Core", "Kunci jejak audit di komputer ini tidak cocok dengan jejak audit. Hubungi petugas IT."),
            )
        return key
    if recorded is not None or not create:
        if (none := missing_keyring()) is not None:
            raise AuditKeyError(f"the audit key cannot be read: {none}", none.id_text)
        raise AuditKeyError(
            "the audit key is missing from the keyring",
            QT_TRANSLATE_NOOP("Core", "Kunci jejak audit tidak ditemukan di keyring sistem. Hubungi petugas IT."),
        )
    import secrets  # here: `random` behind it is ~2 ms of every read that needs none
    new = secrets.token_hex(32)
    try:
        set_secret(KEY_NAME, new)
    except NoKeyring as exc:
        raise AuditKeyError(f"the audit key cannot be stored: {exc}", exc.id_text) from None
    except Exception as exc:  # every keyring backend has its own errors
        raise AuditKeyError(
            f"the audit key cannot be stored in the keyring ({type(exc).__name__})",
            QT_TRANSLATE_NOOP(
                "Core", "Keyring sistem tidak dapat dipakai; jejak audit tidak dapat ditulis. Hubungi petugas IT."),
        ) from None
    _cached_key = new.encode()
    meta(conn, "key_check", key_check(_cached_key))
    log.info("audit trail: new installation key created and stored in the keyring")
    return _cached_key


def ensure_key(conn: sqlite3.Connection) -> bytes:
    if stored_key() is not None:
        return checked_key(conn, create=False)
    # First event on this installation: create the key under the trail's write lock, so two processes
    # starting at once agree on one key instead of each chaining rows with its own. An existing key is
    # read under the lock too: other processes rewrite the keyring (the head's anchor) only while holding
    # it, and a file keyring read in the middle of such a rewrite would find no key at all.
    conn.execute("BEGIN IMMEDIATE")
    try:
        forget_key()
        key = checked_key(conn, create=True)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return key
