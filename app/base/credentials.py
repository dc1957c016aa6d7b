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

A one-shot command may ask for the secrets it will need ahead (``fetch_early``): one thread chooses the
keyring and reads them while the command's own thread imports and waits on the readers. Each value is handed
over once, to the first ``get_secret`` of its name, exactly as that call would have found it (a missing one,
or no keyring, is None there as here, and ``missing_keyring`` says why); whatever the command did not take is
dropped by ``end_early``, which the command calls on every path, before it returns. Every other keyring call
waits for the thread to end first, so no backend is ever used by two threads at once.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Iterable
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


# The early fetch: names still being read, the values read and not yet taken, and the thread reading them.
_early = threading.Condition()
_pending: set[str] = set()
_fetched: dict[str, str | None] = {}
_fetcher: threading.Thread | None = None


def fetch_early(names: Iterable[tuple[str, str]]) -> None:
    """Start reading these secrets (keyring name, environment variable) on a thread of their own, in this
    order; one set per process, until ``end_early``. A name whose variable is set is not read: it wins anyway."""
    global _fetcher
    wanted = [key for key, env in names if not os.environ.get(env)]
    with _early:
        if _fetcher is not None or not wanted:
            return
        _pending.update(wanted)
        _fetcher = threading.Thread(target=_fetch, args=(wanted,), name="loket-keyring", daemon=True)
    _fetcher.start()


def _fetch(wanted: list[str]) -> None:
    try:
        for key in wanted:
            value = _from_keyring(key)  # never raises: a failure is None, as get_secret has it
            with _early:
                if key in _pending:  # not dropped meanwhile by end_early
                    _pending.discard(key)
                    _fetched[key] = value
                _early.notify_all()
    finally:
        with _early:
            _pending.clear()
            _early.notify_all()


def _take_early(key: str) -> tuple[bool, str | None]:
    """(True, value) when the early fetch read ``key`` (waiting for it if it is still being read); the value
    is handed over once and not kept."""
    with _early:
        while key in _pending:
            _early.wait()
        if key in _fetched:
            return True, _fetched.pop(key)
    return False, None


def end_early() -> None:
    """Drop what the early fetch read and nobody took, and wait for its thread: none outlives the command."""
    global _fetcher
    with _early:
        _pending.clear()
        _fetched.clear()
        _early.notify_all()
        fetcher, _fetcher = _fetcher, None
    if fetcher is not None and fetcher is not threading.current_thread():
        fetcher.join()
    with _early:
        _fetched.clear()  # a value the thread published between the two clears above


def _settle() -> None:
    # The backend is used by one thread at a time: another thread's call waits for the early fetch to end.
    fetcher = _fetcher
    if fetcher is not None and fetcher is not threading.current_thread():
        fetcher.join()


def keyring_backend() -> Keyring:
    """The keyring this process uses, chosen at the first call; ``NoKeyring`` when there is none."""
    global _chosen
    _settle()
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


def get_secret(key: str, env_var: str) -> str | None:
    """The environment wins over the keyring so CI and IT scripts never touch a clerk's keyring. None when
    it is in neither, or there is no keyring (``missing_keyring`` tells which)."""
    value = os.environ.get(env_var)
    if value:
        return value
    found, early = _take_early(key)
    if found:
        return early
    return _from_keyring(key)


def _from_keyring(key: str) -> str | None:
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


SAM_SECRETS = (("sam-pcid", "LOKET_SAM_PCID"), ("sam-conf", "LOKET_SAM_CONF"))  # (keyring name, variable)


def sam_credentials() -> SamSecrets:
    (pcid_name, pcid_env), (conf_name, conf_env) = SAM_SECRETS
    pcid = get_secret(pcid_name, pcid_env)
    conf = get_secret(conf_name, conf_env)
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
