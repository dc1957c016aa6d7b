"""Secrets: the OS keyring, or environment variables for unattended runs. Never a file, never a log."""

from __future__ import annotations

import logging
import os

from app.base.clerktext import QT_TRANSLATE_NOOP
from app.base.logsetup import failure
from reader.sam import SamSecrets

SERVICE = "loket"
log = logging.getLogger("loket.credentials")


class CredentialsMissing(Exception):
    """A secret Loket needs is neither in the environment nor in the keyring."""

    def __init__(self, what: str, id_text: str) -> None:
        super().__init__(f"{what} not configured (run `loket credentials set ...` or set the environment)")
        self.id_text = id_text


def get_secret(key: str, env_var: str) -> str | None:
    """The environment wins over the keyring so CI and IT scripts never touch a clerk's keyring."""
    value = os.environ.get(env_var)
    if value:
        return value
    try:
        import keyring
        import keyring.errors

        return keyring.get_password(SERVICE, key)
    except Exception:
        return None


def set_secret(key: str, value: str) -> None:
    import keyring

    keyring.set_password(SERVICE, key, value)


KEYRING_FAILED = QT_TRANSLATE_NOOP(
    "Core", "Keyring sistem tidak dapat dipakai; kredensial tidak tersimpan. Hubungi petugas IT.")


def store_secrets(secrets: dict[str, str], what: str) -> str | None:
    """Write all ``secrets``; None when stored, else the clerk's sentence (the log gets the error type only)."""
    try:
        for key, value in secrets.items():
            set_secret(key, value)
    except Exception as exc:  # every keyring backend has its own errors
        # Only the type: a backend's message might quote what it was asked to store.
        log.warning("keyring could not store the %s: %s", what, failure(exc))
        return KEYRING_FAILED
    return None


def sam_credentials() -> SamSecrets:
    pcid = get_secret("sam-pcid", "LOKET_SAM_PCID")
    conf = get_secret("sam-conf", "LOKET_SAM_CONF")
    if not pcid or not conf:
        raise CredentialsMissing(
            "SAM PCID/CONF",
            QT_TRANSLATE_NOOP("Core", "Kredensial SAM (PCID/CONF) belum diatur. Minta petugas IT menjalankan "
            "`loket credentials set sam`."),
        )
    try:
        return SamSecrets.from_hex(pcid, conf)
    except ValueError as exc:
        raise CredentialsMissing(
            f"SAM PCID/CONF malformed ({exc})",
            QT_TRANSLATE_NOOP(
                "Core", "Kredensial SAM tidak valid (PCID 16 byte, CONF 32 byte, heksadesimal). Hubungi petugas IT."),
        ) from None
