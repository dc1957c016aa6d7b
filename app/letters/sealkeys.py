"""The office's seal keys: the private half in the OS keyring, the public half and its metadata beside the data.

- The private key (raw 32 bytes of Ed25519, base64url) is one keyring entry per key, ``seal-key:<kid>``,
  through app/base/credentials.py. It never lies in a file, a log or the environment.
- The public key and its metadata (``kid``, ``iss``, ``on``, ``valid_from``, ``revoked``, the counter that
  holds it) are not secret: a single counter keeps them in ``seal_keys.json`` in its data folder; a counter
  of an office server keeps that file too (its own keys, usable while the server is away) and publishes
  every key to the office's PostgreSQL (table ``seal_keys``), so the trust list holds every counter's keys.
- One key per counter (README, "Letter seal"): a private key is never copied between machines, and a stolen
  or retired counter is revoked alone. A new counter gets its key from ``loket letters key new`` run there.
- A ``kid`` is never reused: a lost key is replaced by a new one and the old one revoked from a date.
- A ``--demo`` run (``app.base.paths.in_demo``) never seals with the office's key: a simulated citizen's
  letter must not verify as the office's. It seals with the demo key, whose private half is published here
  on purpose (``DEMO_SEED``), and lists it only in the demo folder's own ``seal_keys.json``, so only the
  demo's trust list names it ("DEMO LOKET — BUKAN SURAT RESMI").
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.base.clerktext import QT_TRANSLATE_NOOP
from app.base.credentials import get_secret, store_secrets
from app.base.logsetup import failure
from app.base.paths import counter_dir, data_dir, in_demo, private_dir
from app.letters.seal import kid_of
from app.storage import StorageConfig, StorageError
from forms.numbering import Unreachable

log = logging.getLogger("loket.sealkeys")

KEYS_FILE = "seal_keys.json"
MAX_KEYS_FILE = 1 << 20
KEYRING_PREFIX = "seal-key:"

NO_KEY = QT_TRANSLATE_NOOP(
    "Core", "Surat tidak dapat disegel: komputer ini belum punya kunci segel untuk kantor {iss}, jadi surat tidak "
            "dicetak. Petugas IT: jalankan `loket letters key new` di komputer ini.")
KEY_LOST = QT_TRANSLATE_NOOP(
    "Core", "Surat tidak dapat disegel: kunci segel {kid} tidak dapat dibaca dari keyring sistem (keyring tidak "
            "dapat dipakai, atau kuncinya hilang), jadi surat tidak dicetak. Petugas IT: periksa keyring, atau "
            "jalankan `loket letters key new` lalu cabut kunci lama dengan `loket letters key revoke`.")
KEYS_BROKEN = QT_TRANSLATE_NOOP(
    "Core", "Daftar kunci segel di komputer ini ({name}) rusak atau tidak dapat dibaca, jadi surat tidak dapat "
            "disegel. Hubungi petugas IT.")


class SealUnavailable(Exception):
    """No letter can be sealed now; ``id_text`` says why and what IT does."""

    def __init__(self, reason: str, id_text: str) -> None:
        super().__init__(reason)
        self.id_text = id_text


@dataclass(frozen=True)
class KeyInfo:
    """One key of the trust list, plus the counter that holds its private half."""

    kid: str  # 16 hex digits
    public_key: str  # base64url, no padding, of the raw 32 bytes
    iss: str
    on: str
    valid_from: str  # YYYY-MM-DD
    revoked: str | None = None
    counter: str = ""

    def trust_entry(self) -> dict[str, Any]:
        """The spec's trust list entry, its keys in the spec's order."""
        return {"kid": self.kid, "alg": "Ed25519", "public_key": self.public_key, "iss": self.iss, "on": self.on,
                "valid_from": self.valid_from, "revoked": self.revoked}

    def usable_on(self, day: date) -> bool:
        return date.fromisoformat(self.valid_from) <= day and (
            self.revoked is None or day < date.fromisoformat(self.revoked))


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


# --- this machine's file ----------------------------------------------------------------------------------


def keys_path() -> Path:
    # The machine's keys; a --demo run lists only the demo key, in the demo's own folder.
    return (data_dir() if in_demo() else counter_dir()) / KEYS_FILE


def local_keys() -> list[KeyInfo]:
    """The keys this machine made (or keeps a record of), oldest first. SealUnavailable when the file is
    there but unreadable: a counter must not silently forget which keys it holds."""
    path = keys_path()
    if not path.exists():
        return []
    try:
        if not path.is_file() or path.stat().st_size > MAX_KEYS_FILE:
            raise ValueError("not a small regular file")
        data = json.loads(path.read_text(encoding="utf-8"))
        keys = [KeyInfo(**{k: item[k] for k in KeyInfo.__dataclass_fields__ if k in item}) for item in data["keys"]]
        for k in keys:  # a hand-edited file must fail here, not in the middle of a print
            if not all(isinstance(v, str) for v in (k.kid, k.public_key, k.iss, k.on, k.valid_from, k.counter)):
                raise TypeError("key fields must be text")
            date.fromisoformat(k.valid_from)
            if k.revoked is not None:
                date.fromisoformat(k.revoked)
        return keys
    except (OSError, ValueError, KeyError, TypeError, RecursionError, AttributeError) as exc:
        log.error("seal key list unreadable: %s", failure(exc))
        raise SealUnavailable("seal key list unreadable", KEYS_BROKEN.format(name=path.name)) from None


def _save_local(keys: list[KeyInfo]) -> None:
    from app.base.outfile import write_output

    private_dir()
    keys_path().parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    body = {"v": 1, "keys": [asdict(k) for k in keys]}
    write_output(keys_path(), (json.dumps(body, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))


# --- making, revoking -------------------------------------------------------------------------------------


class KeyCommandError(Exception):
    """A key command that cannot be done; ``id_text`` is the sentence for IT."""

    def __init__(self, id_text: str) -> None:
        super().__init__(id_text)
        self.id_text = id_text


def new_key(iss: str, on: str, valid_from: date, settings: object = None) -> KeyInfo:
    """Make a key: public half into the office's table (on an office server), private half into the keyring,
    public half into this machine's list. Nothing is kept here when the server or the keyring refuses."""
    from app.storage import config

    cfg = config(settings)  # type: ignore[arg-type]
    private = Ed25519PrivateKey.generate()
    public = private.public_key().public_bytes_raw()
    kid = kid_of(public).hex()
    info = KeyInfo(kid, b64url(public), iss, on, valid_from.isoformat(), None, cfg.counter_id)
    if any(k.kid == kid for k in local_keys()):  # 2^-64: never, but a kid is never reused
        raise KeyCommandError(QT_TRANSLATE_NOOP(
            "Core", "Kunci segel {kid} sudah ada; jalankan perintahnya lagi.").format(kid=kid))
    if cfg.is_postgres:  # first: with the server away no secret is left behind in the keyring
        _office_publish(cfg, info)  # raises KeyCommandError
    problem = store_secrets({KEYRING_PREFIX + kid: b64url(private.private_bytes_raw())}, "seal key")
    if problem:  # a public key the office published then never signs anything: harmless in the trust list
        raise KeyCommandError(problem)
    _save_local([*local_keys(), info])
    log.info("seal key %s made for office %s", kid, iss)
    return info


def revoke(kid: str, on: date, settings: object = None) -> KeyInfo:
    """Letters dated ``on`` or later under ``kid`` are no longer valid. On an office server any counter's key
    may be revoked from any counter (a stolen PC cannot be asked to revoke its own)."""
    from app.storage import config

    cfg = config(settings)  # type: ignore[arg-type]
    found: KeyInfo | None = None
    if cfg.is_postgres:
        found = _office_revoke(cfg, kid, on)
    keys = local_keys()
    for i, k in enumerate(keys):
        if k.kid == kid:
            keys[i] = found = replace(k, revoked=on.isoformat())
            _save_local(keys)
    if found is None:
        raise KeyCommandError(QT_TRANSLATE_NOOP(
            "Core", "Tidak ada kunci segel {kid} di daftar kunci kantor ini.").format(kid=kid))
    log.info("seal key %s revoked from %s", kid, on.isoformat())
    return found


# --- the office server's table (migration postgres/0002) --------------------------------------------------
SERVER_AWAY = QT_TRANSLATE_NOOP(
    "Core", "Server kantor tidak dapat dihubungi; daftar kunci segel kantor tidak dapat dibaca atau diubah. Coba "
            "lagi saat server terhubung.")


def _session(cfg: StorageConfig) -> AbstractContextManager[Any]:  # psycopg imported only on an office server
    from app.storage.postgres import session

    return session(cfg)


def _office_publish(cfg: StorageConfig, info: KeyInfo) -> None:
    try:
        with _session(cfg) as conn, conn.transaction():
            conn.execute("INSERT INTO seal_keys (kid, public_key, iss, office_name, valid_from, revoked, counter) "
                         "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                         (info.kid, info.public_key, info.iss, info.on, info.valid_from, info.revoked, info.counter))
    except (Unreachable, StorageError) as exc:
        log.warning("seal key not published: %s", type(exc).__name__)
        raise KeyCommandError(getattr(exc, "id_text", "") or SERVER_AWAY) from None


def _office_revoke(cfg: StorageConfig, kid: str, on: date) -> KeyInfo | None:
    try:
        with _session(cfg) as conn, conn.transaction():
            conn.execute("UPDATE seal_keys SET revoked = %s WHERE kid = %s", (on, kid))
    except (Unreachable, StorageError) as exc:
        log.warning("seal key revocation not published: %s", type(exc).__name__)
        raise KeyCommandError(getattr(exc, "id_text", "") or SERVER_AWAY) from None
    return next((k for k in _office_keys(cfg) if k.kid == kid), None)


def _office_keys(cfg: StorageConfig) -> list[KeyInfo]:
    try:
        with _session(cfg) as conn:
            rows = conn.execute("SELECT kid, public_key, iss, office_name, valid_from, revoked, counter "
                                "FROM seal_keys ORDER BY valid_from, kid").fetchall()
    except (Unreachable, StorageError) as exc:
        log.warning("seal keys not read from the office server: %s", type(exc).__name__)
        raise KeyCommandError(getattr(exc, "id_text", "") or SERVER_AWAY) from None
    return [KeyInfo(str(kid), str(pub), str(iss), str(on), vf.isoformat(), rv.isoformat() if rv else None, str(c))
            for kid, pub, iss, on, vf, rv, c in rows]


# --- the trust list ---------------------------------------------------------------------------------------


def all_keys(settings: object = None) -> list[KeyInfo]:
    """Every key this office ever used: this machine's, and on an office server every counter's."""
    from app.storage import config

    cfg = config(settings)  # type: ignore[arg-type]
    keys = {k.kid: k for k in local_keys()}
    if cfg.is_postgres:
        for k in _office_keys(cfg):  # the server's word wins: a revocation made at another counter
            keys[k.kid] = k
    return sorted(keys.values(), key=lambda k: (k.valid_from, k.kid))


def trust_list(keys: list[KeyInfo]) -> dict[str, Any]:
    return {"v": 1, "keys": [k.trust_entry() for k in keys]}


# --- sealing ------------------------------------------------------------------------------------------------


DEMO_SEED = hashlib.sha256(b"Loket demo seal key: public, never an office's").digest()
DEMO_OFFICE = "DEMO LOKET — BUKAN SURAT RESMI"


def demo_key(iss: str) -> tuple[KeyInfo, Ed25519PrivateKey]:
    """The demo's key for ``iss``, listed in the demo folder's key list the first time it is used."""
    private = Ed25519PrivateKey.from_private_bytes(DEMO_SEED)
    public = private.public_key().public_bytes_raw()
    info = KeyInfo(kid=kid_of(public).hex(), public_key=b64url(public), iss=iss, on=DEMO_OFFICE,
                   valid_from="2000-01-01", counter="demo")
    try:
        listed = local_keys()
    except SealUnavailable:
        listed = []  # a demo's broken list is replaced, never a counter's
    if info not in listed:
        _save_local([k for k in listed if k.iss != iss] + [info])
    return info, private


def signing_key(iss: str, day: date) -> tuple[KeyInfo, Ed25519PrivateKey]:
    """This machine's key for letters of ``iss`` dated ``day``: the newest not revoked and already valid
    (the demo key in a --demo run). SealUnavailable (with IT's sentence) when there is none, or its private
    half cannot be read."""
    if in_demo():
        return demo_key(iss)
    usable = [k for k in local_keys() if k.iss == iss and k.usable_on(day)]
    if not usable:
        raise SealUnavailable(f"no seal key for office {iss}", NO_KEY.format(iss=iss))
    # The newest: the latest valid_from, and of keys made the same day the one made last (a rotation).
    info = max(enumerate(usable), key=lambda pair: (pair[1].valid_from, pair[0]))[1]
    raw = get_secret(KEYRING_PREFIX + info.kid, "")
    try:
        private = Ed25519PrivateKey.from_private_bytes(unb64url(raw or ""))
    except ValueError:
        log.error("seal key %s not readable from the keyring", info.kid)
        raise SealUnavailable(f"seal key {info.kid} not in the keyring", KEY_LOST.format(kid=info.kid)) from None
    if b64url(private.public_key().public_bytes_raw()) != info.public_key:
        log.error("seal key %s in the keyring does not match its public key", info.kid)
        raise SealUnavailable(f"seal key {info.kid} does not match", KEY_LOST.format(kid=info.kid))
    return info, private
