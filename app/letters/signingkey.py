"""The office's PDF signing certificate (PKCS#12) and its password, in the OS keyring.

`loket credentials set signing FILE.p12` checks the file opens with the password and has a key and a
certificate, then stores both; Loket never writes the PKCS#12 to a file. Windows' Credential Manager holds at
most 2,560 bytes per entry, less than a PKCS#12 with its chain: the file is kept base64 in parts of 1,200
characters (``signing-p12.0``, ``.1``… and ``signing-p12.parts``), which every backend stores.
"""

from __future__ import annotations

import base64
import logging
from dataclasses import dataclass, field

from app.base.clerktext import QT_TRANSLATE_NOOP
from app.base.credentials import SERVICE, NoKeyring, keyring_backend, store_secrets
from app.base.logsetup import failure

log = logging.getLogger("loket.signingkey")

PART = 1200
MAX_FILE = 64 * 1024  # a PKCS#12 with a long chain is a few KB

NOT_PKCS12 = QT_TRANSLATE_NOOP(
    "Core", "Berkas {name} bukan PKCS#12 yang dapat dibuka dengan kata sandi itu. Periksa berkas dan kata sandinya.")
NO_KEY = QT_TRANSLATE_NOOP(
    "Core", "Berkas {name} tidak berisi kunci privat dan sertifikat penanda tangan.")
UNREADABLE = QT_TRANSLATE_NOOP("Core", "Berkas {name} tidak dapat dibaca (bukan berkas biasa, atau lebih dari 64 KB).")


class KeyringDown(Exception):
    """The keyring did not answer; nothing can be said about what it holds."""


class BadPkcs12(ValueError):
    def __init__(self, reason: str, id_text: str) -> None:
        super().__init__(reason)
        self.id_text = id_text


@dataclass(frozen=True)
class Stored:
    pkcs12: bytes = field(repr=False)
    password: str = field(repr=False)


def check(data: bytes, password: str, name: str) -> str:
    """The certificate's subject when ``data`` is a PKCS#12 with a key and a certificate under ``password``."""
    from cryptography.hazmat.primitives.serialization import pkcs12

    try:
        key, cert, _chain = pkcs12.load_key_and_certificates(data, password.encode("utf-8"))
    except Exception as exc:  # ValueError for a wrong password, others for a file that is not PKCS#12
        log.info("PKCS#12 refused: %s", type(exc).__name__)
        raise BadPkcs12("not a PKCS#12 under that password", NOT_PKCS12.format(name=name)) from None
    if key is None or cert is None:
        raise BadPkcs12("no key or certificate", NO_KEY.format(name=name))
    return cert.subject.rfc4514_string()


def store(data: bytes, password: str) -> str | None:
    """Into the keyring; None when stored, else the sentence of app.base.credentials."""
    text = base64.b64encode(data).decode("ascii")
    parts = [text[i:i + PART] for i in range(0, len(text), PART)]
    secrets = {f"signing-p12.{i}": part for i, part in enumerate(parts)}
    secrets["signing-p12.parts"] = str(len(parts))
    secrets["signing-password"] = password
    return store_secrets(secrets, "PDF signing certificate")


def load() -> Stored | None:
    """The stored PKCS#12 and password; None when none is stored. KeyringDown when the keyring fails."""
    try:
        keyring = keyring_backend()
    except NoKeyring:
        # A machine with no keyring at all can hold no signing certificate: nothing is configured, so the
        # PDF is saved unsigned as on any counter without one (a keyring that exists but fails is refused).
        log.info("no keyring on this machine: no signing certificate can be stored")
        return None
    try:
        count = keyring.get_password(SERVICE, "signing-p12.parts")
        if not count:
            return None
        parts = [keyring.get_password(SERVICE, f"signing-p12.{i}") or "" for i in range(int(count))]
        password = keyring.get_password(SERVICE, "signing-password") or ""
    except Exception as exc:  # every keyring backend has its own errors
        log.warning("keyring could not give the signing certificate: %s", failure(exc))
        raise KeyringDown from None
    try:
        return Stored(base64.b64decode("".join(parts), validate=True), password)
    except ValueError:
        return Stored(b"", password)  # pkcs12_sign refuses it with BAD_STORED
