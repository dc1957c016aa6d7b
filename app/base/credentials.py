"""Secrets: the OS keyring, or environment variables for unattended runs. Never a file, never a log.

Which keyring is chosen here, once per process, and nowhere else: the one IT names in the settings
(``keyring.backend``, a keyring backend class such as ``keyring.backends.SecretService.Keyring``; keyring's
own ``PYTHON_KEYRING_BACKEND`` wins, as the environment does for secrets), else the platform's own — Windows
Credential Manager, macOS Keychain, Secret Service or KWallet — else none, and Loket says so
(``NO_KEYRING``). Never keyring's discovery: it imports every backend it knows to rank them (~50 ms of a
one-card read) and, where keyrings.alt is installed and no desktop keyring runs, picks a plain-text file.

The Secret Service is spoken to without ``keyring`` (``app.base.secretservice``: one connection and session
per process, the same items keyring's backend stores); ``keyring`` is imported only for the other platforms,
KWallet's own interface, or a backend IT names.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from app.base.clerktext import QT_TRANSLATE_NOOP
from app.base.logsetup import failure
from reader.sam import SamSecrets

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

    from app.base.secretservice import SecretServiceKeyring

    Keyring = KeyringBackend | SecretServiceKeyring

SERVICE = "loket"
log = logging.getLogger("loket.credentials")

# The platform's own keyrings, best first; each is used only when it answers (its ``priority`` does not raise).
PLATFORM_KEYRINGS: dict[str, tuple[str, ...]] = {
    "win32": ("keyring.backends.Windows.WinVaultKeyring",),
    "darwin": ("keyring.backends.macOS.Keyring",),
    "linux": (SECRET_SERVICE := "app.base.secretservice.SecretServiceKeyring",
              "keyring.backends.kwallet.DBusKeyring"),
}
PLATFORM_NAMES = {"win32": "Windows Credential Manager", "darwin": "macOS Keychain"}
SETTING = "keyring.backend"

NO_KEYRING = QT_TRANSLATE_NOOP(
    "Core", "Tidak ada keyring yang dapat dipakai di komputer ini ({keyring}); kunci dan kredensial Loket tidak "
    "disimpan. Petugas IT: jalankan keyring sistem untuk pengguna ini, atau tuliskan keyring pilihan di "
    "pengaturan keyring.backend.")


class NoKeyring(Exception):
    """No keyring Loket may use: ``id_text`` names the one missing and what IT can do."""

    def __init__(self, missing: str, reason: str) -> None:
        super().__init__(f"no usable keyring ({missing}): {reason}; start the system keyring for this user "
                         f"or name one in the setting {SETTING}")
        self.missing = missing
        self.id_text = NO_KEYRING.format(keyring=missing)


class CredentialsMissing(Exception):
    """A secret Loket needs is neither in the environment nor in the keyring."""

    def __init__(self, what: str, id_text: str) -> None:
        super().__init__(f"{what} not configured (run `loket credentials set ...` or set the environment)")
        self.id_text = id_text


_chosen: Keyring | NoKeyring | None = None


def use_keyring(backend: Keyring | None) -> None:
    """This process's keyring from now on (tests name theirs; None: choose again at the next use)."""
    global _chosen
    _chosen = backend


def platform_keyring_name() -> str:
    return PLATFORM_NAMES.get(sys.platform, "Secret Service/KWallet")


def _load(path: str) -> type[KeyringBackend]:
    import importlib

    from keyring.backend import KeyringBackend

    module, _, name = path.rpartition(".")
    cls = getattr(importlib.import_module(module), name)
    if not (isinstance(cls, type) and issubclass(cls, KeyringBackend)):
        raise TypeError(f"{path} is not a keyring backend")
    return cls


def _choose() -> Keyring:
    from app.base.settings import peek

    named = os.environ.get("PYTHON_KEYRING_BACKEND", "").strip() or peek(*SETTING.split("."))
    if named:
        # Named by IT (or a test): used as it is, a file keyring included — that is their choice, not Loket's.
        try:
            return _load(str(named))()
        except Exception as exc:
            raise NoKeyring(str(named), f"cannot load it ({failure(exc)})") from None
    reasons = []
    for path in PLATFORM_KEYRINGS.get(sys.platform, PLATFORM_KEYRINGS["linux"]):
        if path == SECRET_SERVICE:
            from app.base.secretservice import SecretServiceKeyring, Unavailable

            try:
                return SecretServiceKeyring.connect()
            except Unavailable as exc:
                reasons.append(f"{path}: {exc}")
            except Exception as exc:
                reasons.append(f"{path}: {failure(exc)}")
            continue
        try:
            cls = _load(path)
            if cls.priority > 0:  # each backend's own check: the library, the service answering on D-Bus…
                return cls()
            reasons.append(f"{path}: not available")
        except Exception as exc:
            reasons.append(f"{path}: {failure(exc)}")
    raise NoKeyring(platform_keyring_name(), "; ".join(reasons))


def keyring_backend() -> Keyring:
    """The keyring this process uses, chosen at the first call; ``NoKeyring`` when there is none."""
    global _chosen
    if _chosen is None:
        try:
            _chosen = _choose()
            log.info("keyring: %s.%s", type(_chosen).__module__, type(_chosen).__name__)
        except NoKeyring as exc:
            log.warning("%s", exc)
            _chosen = exc
    if isinstance(_chosen, NoKeyring):
        raise _chosen
    return _chosen


def missing_keyring() -> NoKeyring | None:
    """The reason when this machine has no keyring Loket may use, else None."""
    try:
        keyring_backend()
    except NoKeyring as exc:
        return exc
    return None


# Secrets fetched ahead by ``fetched_together``: each handed to the first ``get_secret`` that asks, then dropped.
_ahead: dict[str, str] = {}


@contextmanager
def fetched_together(*wanted: tuple[str, str]) -> Iterator[None]:
    """Within the block, the secrets ``wanted`` ((key, env_var) pairs, as ``get_secret`` takes them) that a
    one-shot command asks for one after the other — a card read: the SAM's two, the audit key, the read seal's
    key — come from one keyring fetch (the Secret Service: two D-Bus round trips for all, where each
    ``get_secret`` takes two). Each is handed out once; the rest are dropped when the block ends. Anything
    the fetch did not bring (not stored, a locked item, a keyring without batches, an error) is asked
    for on its own, as without the block. One thread only: a one-shot command's."""
    keys = [key for key, env_var in wanted if not os.environ.get(env_var)]
    try:
        backend = keyring_backend() if keys else None
        many = getattr(backend, "get_passwords", None)
        if many is not None:
            _ahead.update(many(SERVICE, keys))
    except Exception:  # the single calls that follow meet the same failure and say it as they always do
        pass
    try:
        yield
    finally:
        _ahead.clear()


def get_secret(key: str, env_var: str) -> str | None:
    """The environment wins over the keyring so CI and IT scripts never touch a clerk's keyring. None when
    it is in neither, or there is no keyring (``missing_keyring`` tells which)."""
    value = os.environ.get(env_var)
    if value:
        return value
    ahead = _ahead.pop(key, None)
    if ahead is not None:
        return ahead
    try:
        return keyring_backend().get_password(SERVICE, key)
    except Exception:
        return None


def set_secret(key: str, value: str) -> None:
    """Raises ``NoKeyring`` without a keyring, or whatever the backend raises."""
    keyring_backend().set_password(SERVICE, key, value)


KEYRING_FAILED = QT_TRANSLATE_NOOP(
    "Core", "Keyring sistem tidak dapat dipakai; kredensial tidak tersimpan. Hubungi petugas IT.")


def store_secrets(secrets: dict[str, str], what: str) -> str | None:
    """Write all ``secrets``; None when stored, else the clerk's sentence (the log gets the error type only)."""
    try:
        for key, value in secrets.items():
            set_secret(key, value)
    except NoKeyring as exc:
        return exc.id_text
    except Exception as exc:  # every keyring backend has its own errors
        # Only the type: a backend's message might quote what it was asked to store.
        log.warning("keyring could not store the %s: %s", what, failure(exc))
        return KEYRING_FAILED
    return None


SAM_SECRETS = (("sam-pcid", "LOKET_SAM_PCID"), ("sam-conf", "LOKET_SAM_CONF"))  # (key, env_var)


def sam_credentials() -> SamSecrets:
    pcid, conf = (get_secret(key, env_var) for key, env_var in SAM_SECRETS)
    if not pcid or not conf:
        if (none := missing_keyring()) is not None:
            raise CredentialsMissing("SAM PCID/CONF", none.id_text)
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
