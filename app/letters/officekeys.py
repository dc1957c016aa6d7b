"""Every counter's seal key on the office's PostgreSQL (table ``seal_keys``, migration 0002): public halves and
their metadata only, so the trust list an office publishes holds all its counters' keys."""

from __future__ import annotations

import logging
from datetime import date

from app.base.clerktext import QT_TRANSLATE_NOOP
from app.letters.sealkeys import KeyCommandError, KeyInfo
from app.storage import StorageConfig, StorageError
from forms.numbering import Unreachable

log = logging.getLogger("loket.sealkeys.office")

SERVER_AWAY = QT_TRANSLATE_NOOP(
    "Core", "Server kantor tidak dapat dihubungi; daftar kunci segel kantor tidak dapat dibaca atau diubah. Coba "
            "lagi saat server terhubung.")


def _session(cfg: StorageConfig):  # psycopg's connection, imported lazily
    from app.storage.postgres import session

    return session(cfg)


def publish(cfg: StorageConfig, info: KeyInfo) -> None:
    try:
        with _session(cfg) as conn, conn.transaction():
            conn.execute("INSERT INTO seal_keys (kid, public_key, iss, office_name, valid_from, revoked, counter) "
                         "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                         (info.kid, info.public_key, info.iss, info.on, info.valid_from, info.revoked, info.counter))
    except (Unreachable, StorageError) as exc:
        log.warning("seal key not published: %s", type(exc).__name__)
        raise KeyCommandError(getattr(exc, "id_text", "") or SERVER_AWAY) from None


def revoke(cfg: StorageConfig, kid: str, on: date) -> KeyInfo | None:
    try:
        with _session(cfg) as conn, conn.transaction():
            conn.execute("UPDATE seal_keys SET revoked = %s WHERE kid = %s", (on, kid))
    except (Unreachable, StorageError) as exc:
        log.warning("seal key revocation not published: %s", type(exc).__name__)
        raise KeyCommandError(getattr(exc, "id_text", "") or SERVER_AWAY) from None
    return next((k for k in keys(cfg) if k.kid == kid), None)


def keys(cfg: StorageConfig) -> list[KeyInfo]:
    try:
        with _session(cfg) as conn:
            rows = conn.execute("SELECT kid, public_key, iss, office_name, valid_from, revoked, counter "
                                "FROM seal_keys ORDER BY valid_from, kid").fetchall()
    except (Unreachable, StorageError) as exc:
        log.warning("seal keys not read from the office server: %s", type(exc).__name__)
        raise KeyCommandError(getattr(exc, "id_text", "") or SERVER_AWAY) from None
    return [KeyInfo(str(kid), str(pub), str(iss), str(on), vf.isoformat(), rv.isoformat() if rv else None, str(c))
            for kid, pub, iss, on, vf, rv, c in rows]
