"""Secrets: the OS keyring, or environment variables for unattended runs. Never a file, never a log."""

from __future__ import annotations

import os

from reader.sam import SamSecrets

SERVICE = "loket"


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


def sam_credentials() -> SamSecrets:
    pcid = get_secret("sam-pcid", "LOKET_SAM_PCID")
    conf = get_secret("sam-conf", "LOKET_SAM_CONF")
    if not pcid or not conf:
        raise CredentialsMissing(
            "SAM PCID/CONF",
            "Kredensial SAM (PCID/CONF) belum diatur. Minta petugas IT menjalankan "
            "`loket credentials set sam`.",
        )
    try:
        return SamSecrets.from_hex(pcid, conf)
    except ValueError as exc:
        raise CredentialsMissing(
            f"SAM PCID/CONF malformed ({exc})",
            "Kredensial SAM tidak valid (PCID 16 byte, CONF 32 byte, heksadesimal). Hubungi petugas IT.",
        ) from None
