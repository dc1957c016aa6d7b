"""The Linux desktop keyring (the freedesktop Secret Service: GNOME Keyring, KWallet 5.97+, KeePassXC) through
``secretstorage`` directly: one D-Bus connection and one encrypted session for the whole process.

keyring's own SecretService backend (which uses secretstorage too) opens a new connection and a new
Diffie-Hellman session for every call, and importing ``keyring`` costs more than the card read itself; a
``loket read`` makes five keyring calls. Items are stored exactly as that backend stores them — the default
collection, attributes ``service``/``username``/``application`` and its label — so credentials stored by an
earlier Loket, or by ``keyring set loket NAME``, read here, and what is stored here reads there.

The session stays encrypted (the ``dh-ietf1024-sha256-aes128-cbc-pkcs7`` algorithm, as keyring asks for): a
secret never crosses the bus in the clear where the service can encrypt it.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from secretstorage.collection import Collection

APPID = "Python keyring library"  # keyring's SecretService.Keyring.appid: its items and ours are the same items


def _no_backend() -> None:
    return None


class Unavailable(Exception):
    """No Secret Service answers on this session's bus (or secretstorage is missing)."""


class SecretServiceKeyring:
    """``get_password``/``set_password``/``delete_password`` as keyring's backends have them. Thread-safe:
    the window and the local service call it from worker threads, and one D-Bus connection is not."""

    name = "Secret Service"

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._connection: Any = None
        self._collection: Collection | None = None

    @classmethod
    def connect(cls) -> SecretServiceKeyring:
        """The Secret Service of this session, connected; ``Unavailable`` (with the reason) when none answers."""
        keyring = cls()
        with keyring._lock:
            keyring._open()
        return keyring

    def _open(self) -> Any:
        try:
            import secretstorage
            import secretstorage.item
            import secretstorage.util
        except ImportError as exc:
            raise Unavailable(f"secretstorage is not installed ({exc})") from None
        # secretstorage passes ``default_backend()`` to each AES Cipher; cryptography has ignored that argument
        # since 3.1 (pyproject asks for 42+), and merely fetching it imports the whole OpenSSL backend module
        # (RSA, EC, X.509 bindings: ~30 ms CPU of every read). The cipher itself is the same either way.
        for module in (secretstorage.item, secretstorage.util):
            if getattr(module, "default_backend", None) is not None:
                module.default_backend = _no_backend  # type: ignore[attr-defined]
        try:
            connection = secretstorage.dbus_init()
        except secretstorage.SecretStorageException as exc:
            raise Unavailable(f"no session bus ({exc})") from None
        try:
            if not secretstorage.check_service_availability(connection):
                raise Unavailable("the Secret Service is neither running nor activatable through D-Bus")
        except BaseException:
            connection.close()
            raise
        self._connection = connection
        return connection

    def _default_collection(self) -> Collection:
        import secretstorage

        if self._collection is None:
            connection = self._connection or self._open()
            # The session is opened on first use of a secret and then kept by the collection for every item.
            self._collection = secretstorage.get_default_collection(connection)
        return self._collection

    def _unlock(self, collection: Collection) -> None:
        import secretstorage

        collection.unlock()  # the desktop's prompt, where it has one
        if collection.is_locked():
            raise secretstorage.LockedException("the default collection stays locked (prompt dismissed)")

    def _call(self, work: Any) -> Any:
        # Every D-Bus round trip costs a read CPU time (jeepney builds each message in Python), so the lock
        # is not asked before each call: a locked item or collection refuses (LockedException), and only then
        # is it unlocked and the call made again. A daemon restarted since (a long-running window) leaves the
        # cached connection or session dead: the call is made once more on a fresh connection.
        from secretstorage.exceptions import LockedException

        with self._lock:
            try:
                return self._locked_or_not(work)
            except (Unavailable, LockedException):
                raise
            except Exception:
                self._close()
            return self._locked_or_not(work)

    def _locked_or_not(self, work: Any) -> Any:
        from secretstorage.exceptions import LockedException

        collection = self._default_collection()
        try:
            return work(collection)
        except LockedException:
            self._unlock(collection)
            return work(collection)

    def _close(self) -> None:
        connection, self._connection, self._collection = self._connection, None, None
        if connection is not None:
            try:
                connection.close()
            except OSError:
                pass

    @staticmethod
    def _query(service: str, username: str) -> dict[str, str]:
        return {"username": username, "service": service}

    def get_password(self, service: str, username: str) -> str | None:
        def work(collection: Collection) -> str | None:
            for item in collection.search_items(self._query(service, username)):
                secret = item.get_secret()  # LockedException when locked: _call unlocks and asks again
                collection.session = collection.session or item.session  # one session for every later item
                return secret.decode("utf-8")
            return None

        return self._call(work)

    def set_password(self, service: str, username: str, password: str) -> None:
        def work(collection: Collection) -> None:
            collection.create_item(f"Password for '{username}' on '{service}'",
                                   {**self._query(service, username), "application": APPID}, password.encode(),
                                   replace=True)

        self._call(work)

    def delete_password(self, service: str, username: str) -> None:
        def work(collection: Collection) -> bool:
            for item in collection.search_items(self._query(service, username)):
                item.delete()
                return True
            return False

        if not self._call(work):
            raise KeyError(f"no {username!r} for {service!r} in the Secret Service")
