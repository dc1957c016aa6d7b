"""The Linux desktop keyring (the freedesktop Secret Service: GNOME Keyring, KWallet 5.97+, KeePassXC) through
``secretstorage`` directly: one D-Bus connection and one encrypted session for the whole process.

keyring's own SecretService backend (which uses secretstorage too) opens a new connection and a new
Diffie-Hellman session for every call, and importing ``keyring`` costs more than the card read itself; a
``loket read`` needs four secrets and writes the audit trail's anchor (the secrets in one batch,
``get_passwords``). Items are stored exactly as that backend stores them — the default
collection, attributes ``service``/``username``/``application`` and its label — so credentials stored by an
earlier Loket, or by ``keyring set loket NAME``, read here, and what is stored here reads there.

The session stays encrypted (the ``dh-ietf1024-sha256-aes128-cbc-pkcs7`` algorithm, as keyring asks for): a
secret never crosses the bus in the clear where the service can encrypt it.
"""

from __future__ import annotations

import os
import threading
from typing import Any

APPID = "Python keyring library"  # keyring's SecretService.Keyring.appid: its items and ours are the same items


def _no_backend() -> None:
    return None


class Unavailable(Exception):
    """No Secret Service answers on this session's bus (or secretstorage is missing)."""


BUS_NAME = "org.freedesktop.secrets"
SERVICE_PATH = "/org/freedesktop/secrets"
IFACE = "org.freedesktop.Secret."
IS_LOCKED = "org.freedesktop.Secret.Error.IsLocked"
TIMEOUT = 25.0  # D-Bus's own default: a daemon that never answers must not hold a read forever
# The session's Diffie-Hellman private exponent. The group (RFC 2409's 1024-bit MODP, the only one the Secret
# Service defines) resists about 2^80 work (the number field sieve); an exponent of 256 random bits resists
# 2^128 (Pollard's lambda), so the group stays the weaker part, as RFC 3766 (BCP 86) and NIST SP 800-56A
# size it (an exponent at least twice the strength wanted). secretstorage draws 1024 bits: two 1024-bit powers in
# pure Python, about 10 ms of every card read; these two cost a quarter of that.
EXPONENT_BITS = 256


class SecretServiceKeyring:
    """``get_password``/``set_password``/``delete_password`` as keyring's backends have them. Thread-safe:
    the window and the local service call it from worker threads, and one D-Bus connection is not.

    The hot calls are the Secret Service API's own methods, two D-Bus round trips to read a secret
    (``Collection.SearchItems``, ``Item.GetSecret``) and one to write it (``Collection.CreateItem``):
    secretstorage's objects ask the label and the lock state around each, and every round trip is CPU
    (jeepney builds each message in Python) and, on a busy machine, a wait for the scheduler. secretstorage
    still opens the session (the Diffie-Hellman exchange), encrypts what is stored, unlocks and creates."""

    name = "Secret Service"

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._connection: Any = None
        self._collection_path = ""
        self._session: Any = None

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
        self._connection = connection
        try:
            self._collection_path = self._default_collection_path()  # also the check that the service answers
        except Unavailable:
            self._close()
            raise
        except Exception as exc:
            self._close()
            probe = secretstorage.dbus_init()
            try:
                answers = _answers(probe)
            finally:
                probe.close()
            if not answers:
                raise Unavailable("the Secret Service is neither running nor activatable through D-Bus") from None
            raise Unavailable(f"the Secret Service does not answer ({type(exc).__name__}: {exc})") from None
        return connection

    def _ask(self, path: str, interface: str, method: str, signature: str | None = None, *body: Any) -> Any:
        from jeepney import DBusAddress, new_method_call
        from jeepney.wrappers import unwrap_msg

        message = new_method_call(DBusAddress(path, BUS_NAME, IFACE + interface), method, signature, body)
        return unwrap_msg(self._connection.send_and_get_reply(message, timeout=TIMEOUT))

    def _ask_all(self, calls: list[tuple[str, str, str, str, Any]]) -> list[Any]:
        """Several calls with one wait: every message is sent before the first answer is read (D-Bus answers
        each by its serial), so N calls cost one round trip, not N. Each call is (path, interface, method,
        signature, the one argument)."""
        import time

        from jeepney import DBusAddress, new_method_call
        from jeepney.low_level import HeaderFields
        from jeepney.wrappers import unwrap_msg

        serials = []
        for path, interface, method, signature, argument in calls:
            serial = next(self._connection.outgoing_serial)
            self._connection.send(new_method_call(DBusAddress(path, BUS_NAME, IFACE + interface), method,
                                                  signature, (argument,)), serial=serial)
            serials.append(serial)
        answers: dict[int, Any] = {}
        deadline = time.monotonic() + TIMEOUT
        while len(answers) < len(serials):
            message = self._connection.receive(timeout=max(0.0, deadline - time.monotonic()))
            serial = message.header.fields.get(HeaderFields.reply_serial, -1)
            # A signal, or an answer to nothing asked here, is dropped: under the lock no other call waits on
            # this connection, and no filter is set on it (jeepney's own call would hand them to filters).
            if serial in serials:
                answers[serial] = message
        return [unwrap_msg(answers[serial]) for serial in serials]

    def _ready(self) -> None:
        if self._connection is None:
            self._open()

    def _default_collection_path(self) -> str:
        """Where keyring's backend keeps its items: the collection the ``default`` alias names."""
        path, = self._ask(SERVICE_PATH, "Service", "ReadAlias", "s", "default")
        if len(path) <= 1:  # a fresh account: no default collection yet; secretstorage creates it
            import secretstorage

            path = secretstorage.get_default_collection(self._connection).collection_path
        return str(path)

    def _session_path(self) -> str:
        if self._session is None:
            self._session = self._open_session()
        return str(self._session.object_path)

    def _open_session(self) -> Any:
        """An encrypted session (Diffie-Hellman, then AES under the derived key) where the service offers
        one, as secretstorage's ``open_session`` opens it, with a shorter private exponent (``EXPONENT_BITS``).
        A service that does not know the algorithm gets a plain session, as there."""
        from jeepney.wrappers import DBusErrorResponse
        from secretstorage.defines import ALGORITHM_DH, ALGORITHM_PLAIN, DBUS_NOT_SUPPORTED
        from secretstorage.dhcrypto import DH_PRIME_1024, Session

        session = Session.__new__(Session)  # its __init__ would raise 2 to a 1024-bit exponent only to discard it
        session.object_path, session.aes_key, session.encrypted = None, None, True
        session.my_private_key = int.from_bytes(os.urandom(EXPONENT_BITS // 8), "big") | 1 << (EXPONENT_BITS - 1)
        session.my_public_key = pow(2, session.my_private_key, DH_PRIME_1024)
        try:
            (_signature, server_key), path = self._ask(SERVICE_PATH, "Service", "OpenSession", "sv", ALGORITHM_DH,
                                                       ("ay", session.my_public_key.to_bytes(128, "big")))
            session.set_server_public_key(int.from_bytes(server_key, "big"))
        except DBusErrorResponse as exc:
            if exc.name != DBUS_NOT_SUPPORTED:
                raise
            _output, path = self._ask(SERVICE_PATH, "Service", "OpenSession", "sv", ALGORITHM_PLAIN, ("s", ""))
            session.encrypted = False
        session.object_path = path
        return session

    def _unlock(self) -> None:
        import secretstorage

        collection = secretstorage.Collection(self._connection, self._collection_path)
        collection.unlock()  # the desktop's prompt, where it has one
        if collection.is_locked():
            raise secretstorage.LockedException("the default collection stays locked (prompt dismissed)")

    def _call(self, work: Any) -> Any:
        # The lock state is not asked before each call: a locked collection refuses (IsLocked), and only then
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
        from jeepney.wrappers import DBusErrorResponse

        self._ready()
        try:
            return work()
        except DBusErrorResponse as exc:
            if exc.name != IS_LOCKED:
                raise
        self._unlock()
        return work()

    def _close(self) -> None:
        connection, self._connection, self._collection_path, self._session = self._connection, None, "", None
        if connection is not None:
            try:
                connection.close()
            except OSError:
                pass

    @staticmethod
    def _query(service: str, username: str) -> dict[str, str]:
        return {"username": username, "service": service}

    def _find(self, service: str, username: str) -> str | None:
        found, = self._ask(self._collection_path, "Collection", "SearchItems", "a{ss}",
                           self._query(service, username))
        return found[0] if found else None  # the first, as keyring's backend takes it

    def get_password(self, service: str, username: str) -> str | None:
        def work() -> str | None:
            item = self._find(service, username)
            if item is None:
                return None
            secret, = self._ask(item, "Item", "GetSecret", "o", self._session_path())
            return _plain(self._session, secret).decode("utf-8")

        return self._call(work)

    def get_passwords(self, service: str, usernames: list[str]) -> dict[str, str]:
        """Several secrets in two round trips, whatever their number (every search sent at once, then one
        ``Service.GetSecrets``), where ``get_password`` takes two each. Only the secrets that came back are in
        the answer: one not stored, or in a locked item, is for ``get_password`` to fetch. Never unlocks: a
        locked keyring prompts once, in the ``get_password`` that follows, not here and again there."""
        from jeepney.wrappers import DBusErrorResponse

        def work() -> dict[str, str]:
            try:
                found = self._ask_all([(self._collection_path, "Collection", "SearchItems", "a{ss}",
                                        self._query(service, username)) for username in usernames])
                items = {username: paths[0] for username, (paths,) in zip(usernames, found, strict=True) if paths}
                if not items:
                    return {}
                secrets, = self._ask(SERVICE_PATH, "Service", "GetSecrets", "aoo", list(items.values()),
                                     self._session_path())
            except DBusErrorResponse as exc:
                if exc.name == IS_LOCKED:  # gnome-keyring leaves locked items out; others refuse the call
                    return {}
                raise
            return {username: _plain(self._session, secrets[item]).decode("utf-8")
                    for username, item in items.items() if item in secrets}

        return self._call(work)

    def set_password(self, service: str, username: str, password: str) -> None:
        def work() -> None:
            from secretstorage.util import exec_prompt, format_secret

            properties = {IFACE + "Item.Label": ("s", f"Password for '{username}' on '{service}'"),
                          IFACE + "Item.Attributes": ("a{ss}", {**self._query(service, username),
                                                                "application": APPID})}
            self._session_path()
            secret = format_secret(self._session, password.encode("utf-8"), "text/plain")
            _item, prompt = self._ask(self._collection_path, "Collection", "CreateItem", "a{sv}(oayays)b",
                                      properties, secret, True)  # replace: one item per name, as keyring
            if len(prompt) > 1 and exec_prompt(self._connection, prompt)[0]:
                raise KeyError("the keyring's prompt to store the secret was dismissed")

        self._call(work)

    def delete_password(self, service: str, username: str) -> None:
        def work() -> bool:
            item = self._find(service, username)
            if item is None:
                return False
            prompt, = self._ask(item, "Item", "Delete")
            if len(prompt) > 1:
                from secretstorage.util import exec_prompt

                exec_prompt(self._connection, prompt)
            return True

        if not self._call(work):
            raise KeyError(f"no {username!r} for {service!r} in the Secret Service")


def _answers(connection: Any) -> bool:
    import secretstorage

    try:
        return bool(secretstorage.check_service_availability(connection))
    except Exception:
        return False


def _plain(session: Any, secret: Any) -> bytes:
    """The secret's bytes from a ``GetSecret`` answer (session, parameters = IV, value, content type), as
    secretstorage's ``Item.get_secret`` takes them: AES-128-CBC under the session key, PKCS#7 padded."""
    if not session.encrypted:
        return bytes(secret[2])
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    decryptor = Cipher(algorithms.AES(session.aes_key), modes.CBC(bytes(secret[1]))).decryptor()
    padded = decryptor.update(bytes(secret[2])) + decryptor.finalize()
    return padded[:-padded[-1]]
