"""What a reprint needs, kept encrypted for a short while: the letter as it was printed, never anything more.

Neither the letter register (number, status, times) nor the audit trail (counts and a keyed NIK hash) holds
the filled values, and a copy must say exactly what the original said, under the same number. So each
letter or form that is printed or saved leaves one row in ``salinan.sqlite3`` (this machine's private data
folder, 0600):

- in the clear only what the register and the trail already hold: the number, the form, the service, when,
  this counter's name, and the citizen as the audit's own ``nik_hash`` (so today's list can tell which
  citizen a letter belongs to without opening anything);
- everything of the person — the values as printed, the photo on the page, the letterhead it printed
  under — as one AES-256-GCM token under a key in the OS keyring (``copy-key``; ``LOKET_COPY_KEY`` wins, for
  tests and unattended installs), with the row itself (its id and every clear column) as the associated
  data: a token moved to another row, or a row whose number, citizen or date was edited, does not open.
  (Copies kept before this binding are Fernet tokens; one opens only while its number and citizen match
  its row, and they are gone within the retention.)

Copies go after ``reprint.retention_days`` (default 7; 0 keeps none), counted from when the copy was
kept: a date in the future is an edit, purged and never reprinted, and a row kept before a row that is due
is due too. After that a letter can still be found in the register, but a copy must come from the office's
own archive. A key lost from the keyring loses the copies, never a letter or a number. A file SQLite cannot
read (truncated, overwritten) is set aside as ``salinan.sqlite3.rusak-<time>`` and a new one started: its
copies are lost for reprints, the letters stay in the register.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import os
import secrets
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import closing, contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from app.base.credentials import get_secret, set_secret
from app.base.logsetup import failure
from app.base.outcome import PrintOutcome
from app.base.paths import data_dir, private_dir, private_file

log = logging.getLogger("loket.copies")

KEY_NAME = "copy-key"
KEY_ENV = "LOKET_COPY_KEY"
DB_NAME = "salinan.sqlite3"
DEFAULT_RETENTION = timedelta(days=7)
MAX_RETENTION_DAYS = 90
FUTURE_SLACK = timedelta(minutes=5)  # clocks between a counter and itself: anything later is an edit
SEALED = b"v2:"  # an AES-GCM token bound to its row (older rows hold bare Fernet tokens)
SCHEMA = ("CREATE TABLE IF NOT EXISTS copies (id INTEGER PRIMARY KEY, number TEXT NOT NULL, form_id TEXT NOT "
          "NULL, service TEXT NOT NULL, printed_at TEXT NOT NULL, workstation TEXT NOT NULL, nik_hash TEXT NOT "
          "NULL, outcome TEXT NOT NULL, token BLOB NOT NULL)")


class CopiesUnavailable(Exception):
    """No copy can be kept or opened on this machine (no usable keyring, the key changed, the file broken)."""

    id_text = ("Salinan surat tidak tersedia di komputer ini (kunci salinan tidak ada atau berkasnya rusak). "
               "Surat tetap tercatat di register nomor. Hubungi petugas IT.")


class CopiesBroken(CopiesUnavailable):
    """``salinan.sqlite3`` is not a database SQLite can read; it was set aside (``aside``) for IT."""

    def __init__(self, aside: Path | None) -> None:
        super().__init__(f"copies file unreadable, set aside as {aside.name if aside else '(not moved)'}")
        self.aside = aside
        where = f" dan disisihkan sebagai {aside.name}" if aside else ""
        self.id_text = (f"Berkas salinan surat ({DB_NAME}) rusak{where}; salinan yang lama tidak dapat dicetak "
                        "ulang. Surat tetap tercatat di register nomor. Hubungi petugas IT.")
        self.kept_text = (f"Berkas salinan surat ({DB_NAME}) rusak{where}; salinan surat ini disimpan di berkas "
                          "baru, salinan yang lama tidak dapat dicetak ulang. Hubungi petugas IT.")


@dataclass(frozen=True)
class Entry:
    """A kept copy as the lists show it: nothing of the person but the audit's keyed hash."""

    id: int
    number: str  # "" for a form without a letter number
    form_id: str
    service: str
    printed_at: datetime  # UTC
    workstation: str
    nik_hash: str
    outcome: PrintOutcome  # PRINTED or SAVED_PDF, as the audit row of the original says


@dataclass(frozen=True)
class Copy:
    """What the reprint renders: the original's values (``nomor_surat`` included), photo and letterhead."""

    entry: Entry
    values: dict[str, Any] = field(repr=False)
    office: dict[str, Any] = field(repr=False)
    photo: bytes | None = field(default=None, repr=False)
    photo_note: str = ""
    unverified: bool = False
    paper: str | None = None
    nik: str = field(default="", repr=False)  # for the reprint's audit row, hashed there like every row
    seal: str = field(default="", repr=False)  # the original's seal QR text: a reprint carries the same seal

    @property
    def name(self) -> str:
        return str(self.values.get("nama") or "")

    def __repr__(self) -> str:  # a traceback must not spill the letter
        return f"Copy(id={self.entry.id}, number={self.entry.number!r}, form_id={self.entry.form_id!r})"


# --- the key ------------------------------------------------------------------------------------------------

_cached: dict[str, bytes] = {}  # per data folder (one per test, one per counter)


def _secret(create: bool) -> bytes:
    env = os.environ.get(KEY_ENV)
    if env:
        return env.encode()
    where = str(data_dir())
    if where in _cached:
        return _cached[where]
    value = get_secret(KEY_NAME, KEY_ENV)
    if not value:
        if not create:
            raise CopiesUnavailable("copy key missing from the keyring")
        try:
            set_secret(KEY_NAME, secrets.token_urlsafe(32))
        except Exception as exc:  # every keyring backend has its own errors
            raise CopiesUnavailable(f"copy key cannot be stored in the keyring ({type(exc).__name__})") from None
        value = get_secret(KEY_NAME, KEY_ENV)  # two processes raced: both use the one the keyring kept
        if not value:
            raise CopiesUnavailable("copy key was stored but cannot be read back from the keyring")
    _cached[where] = value.encode()
    return _cached[where]


def _fernet(secret: bytes) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(hmac.new(secret, b"loket-copies/fernet", hashlib.sha256).digest()))


def _aead(secret: bytes) -> AESGCM:
    return AESGCM(hmac.new(secret, b"loket-copies/aes-gcm", hashlib.sha256).digest())


def _bound(copy_id: int, row: tuple[Any, ...]) -> bytes:
    """The associated data: the row's id and its clear columns, as the file holds them."""
    return json.dumps(["loket-copy", copy_id, *[str(v) for v in row]], ensure_ascii=False).encode()


def _seal(secret: bytes, plain: bytes, bound: bytes) -> bytes:
    nonce = os.urandom(12)
    return SEALED + nonce + _aead(secret).encrypt(nonce, plain, bound)


# --- the file -----------------------------------------------------------------------------------------------


def db_path() -> Path:
    return data_dir() / DB_NAME


def _broken(exc: sqlite3.Error) -> bool:
    """Not a database at all (garbage, truncated): not a lock, a full disk or a read-only folder."""
    return isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError)


def _set_aside() -> CopiesBroken:
    path = db_path()
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{DB_NAME}.rusak-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{DB_NAME}.rusak-{stamp}-{n}")
    try:
        path.replace(target)
        Path(f"{path}-journal").unlink(missing_ok=True)
    except OSError as exc:
        log.error("copies file unreadable and not set aside: %s", failure(exc))
        return CopiesBroken(None)
    log.error("copies file unreadable (not a database): set aside as %s", target.name)
    return CopiesBroken(target)


@contextmanager
def _db() -> Iterator[sqlite3.Connection]:
    """The file, open; a file SQLite cannot read is set aside and CopiesBroken raised (a lock, a full
    disk stay sqlite3.OperationalError for the caller)."""
    try:
        with closing(_open()) as conn:
            yield conn
    except sqlite3.DatabaseError as exc:
        if not _broken(exc):
            raise
        raise _set_aside() from None


def _open() -> sqlite3.Connection:
    path = private_dir() / DB_NAME
    conn = sqlite3.connect(path, timeout=15.0, isolation_level=None)
    try:
        for part in (path, Path(f"{path}-journal")):
            private_file(part)
        conn.execute(SCHEMA)
        conn.execute("CREATE INDEX IF NOT EXISTS copies_time ON copies(printed_at)")
        conn.execute("CREATE INDEX IF NOT EXISTS copies_number ON copies(number)")
    except BaseException:
        conn.close()
        raise
    return conn


def retention(settings: object) -> timedelta:
    """``"reprint": {"retention_days": 7}``; 0 keeps no copy at all. Bad values fall back to the default."""
    extra = getattr(settings, "extra", {}) or {}
    section = extra.get("reprint") if isinstance(extra, dict) else None
    days = section.get("retention_days") if isinstance(section, dict) else None
    if isinstance(days, int | float) and not isinstance(days, bool) and 0 <= days <= MAX_RETENTION_DAYS:
        return timedelta(days=days)
    return DEFAULT_RETENTION


def keep(*, number: str, form_id: str, service: str, printed_at: datetime, outcome: PrintOutcome, nik: str | None,
         values: Mapping[str, object], office: object, photo: bytes | None, photo_note: str = "",
         unverified: bool = False, paper: str | None = None, settings: object = None, seal: str = "") -> int | None:
    """Keep what a reprint of this print needs; the copy's id, or None when copies are off. Raises
    CopiesUnavailable or sqlite3.Error/OSError (the caller logs: a print never fails for its copy)."""
    if retention(settings) <= timedelta(0):
        purge(settings)  # copies kept before the office turned them off go too
        return None
    from app import audit
    from app.storage import config

    digest = audit.nik_hash(nik) if nik else ""
    body = {"values": dict(values), "office": asdict(office) if hasattr(office, "__dataclass_fields__") else {},
            "photo": base64.b64encode(photo).decode() if photo else "", "photo_note": photo_note,
            "unverified": unverified, "paper": paper or "", "nik": nik or "", "seal": seal}
    secret = _secret(create=True)
    plain = json.dumps(body, ensure_ascii=False, default=str).encode()
    when = printed_at.astimezone(UTC).isoformat(timespec="milliseconds")
    row = (str(number or ""), form_id, service, when, config(settings).counter_id, digest, outcome.value)
    with _db() as conn:
        conn.execute("BEGIN IMMEDIATE")  # the id is the associated data: taken and sealed in one go
        try:
            cur = conn.execute("INSERT INTO copies (number, form_id, service, printed_at, workstation, nik_hash, "
                               "outcome, token) VALUES (?, ?, ?, ?, ?, ?, ?, x'')", row)
            copy_id = int(cur.lastrowid or 0)
            conn.execute("UPDATE copies SET token = ? WHERE id = ?",
                         (_seal(secret, plain, _bound(copy_id, row)), copy_id))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    purge(settings)  # at every print: the retention holds even on a counter never restarted
    return copy_id


_ENTRY = "id, number, form_id, service, printed_at, workstation, nik_hash, outcome"


def _entry(row: tuple[Any, ...]) -> Entry:
    return Entry(int(row[0]), str(row[1]), str(row[2]), str(row[3]), datetime.fromisoformat(row[4]),
                 str(row[5]), str(row[6]), PrintOutcome(str(row[7])))


def _local_day_bounds(day: date) -> tuple[str, str]:
    start = datetime.combine(day, time.min).astimezone()
    return (start.astimezone(UTC).isoformat(timespec="milliseconds"),
            (start + timedelta(days=1)).astimezone(UTC).isoformat(timespec="milliseconds"))


def entries(day: date | None = None, *, number: str = "", workstation: str = "") -> list[Entry]:
    """Kept copies, oldest first: of one local ``day``, and/or whose number contains ``number``."""
    if not db_path().is_file():
        return []
    query, params = f"SELECT {_ENTRY} FROM copies WHERE 1=1", []
    if day is not None:
        query += " AND printed_at >= ? AND printed_at < ?"
        params += list(_local_day_bounds(day))
    if number:
        query += " AND number LIKE ? ESCAPE '\\'"
        params.append("%" + number.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
    if workstation:
        query += " AND workstation = ?"
        params.append(workstation)
    with _db() as conn:
        return [_entry(r) for r in conn.execute(query + " ORDER BY printed_at, id", params)]


def open_copy(copy_id: int, settings: object = None) -> Copy:
    """The copy, decrypted. CopiesUnavailable when it is gone (purged), or cannot be opened with this key."""
    if not db_path().is_file():
        raise CopiesUnavailable(f"no copy {copy_id}: no copies on this machine")
    with _db() as conn:
        row = conn.execute(f"SELECT {_ENTRY}, token FROM copies WHERE id = ?", (copy_id,)).fetchone()
    if row is None:
        raise CopiesUnavailable(f"no copy {copy_id}")
    try:
        entry = _entry(row[:-1])
    except (ValueError, TypeError):
        raise CopiesUnavailable(f"copy {copy_id} is damaged (its date)") from None
    now = datetime.now(UTC)
    if entry.printed_at.tzinfo is None or entry.printed_at > now + FUTURE_SLACK:
        raise CopiesUnavailable(f"copy {copy_id} is dated in the future: edited")
    if now - entry.printed_at > retention(settings):
        raise CopiesUnavailable(f"copy {copy_id} is past its retention")
    token = bytes(row[-1])
    try:
        if token.startswith(SEALED):
            nonce, sealed = token[len(SEALED):len(SEALED) + 12], token[len(SEALED) + 12:]
            plain = _aead(_secret(create=False)).decrypt(nonce, sealed, _bound(int(row[0]), tuple(row[1:-1])))
        else:
            plain = _fernet(_secret(create=False)).decrypt(token)
        data = json.loads(plain)
        if not token.startswith(SEALED) and not _legacy_matches(data, entry):
            raise CopiesUnavailable(f"copy {copy_id} does not belong to its row")
        values = dict(data["values"])
        photo = base64.b64decode(data["photo"]) if data.get("photo") else None
        return Copy(entry, values, dict(data.get("office") or {}), photo, str(data.get("photo_note") or ""),
                    bool(data.get("unverified")), str(data.get("paper") or "") or None, str(data.get("nik") or ""),
                    str(data.get("seal") or ""))
    except (InvalidToken, InvalidTag):
        raise CopiesUnavailable(f"copy {copy_id} cannot be opened with this machine's key, or its row was "
                                "edited or swapped") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise CopiesUnavailable(f"copy {copy_id} is damaged ({type(exc).__name__})") from None


def _legacy_matches(data: object, entry: Entry) -> bool:
    """An unbound (Fernet) copy opens only while its own number and citizen are its row's."""
    from app import audit

    if not isinstance(data, dict) or not isinstance(data.get("values"), dict):
        return False
    nik = str(data.get("nik") or "")
    number = str(data["values"].get("nomor_surat") or "")
    return number == entry.number and (audit.nik_hash(nik) if nik else "") == entry.nik_hash


def purge(settings: object = None, now: datetime | None = None) -> int:
    """Copies older than the retention go (all of them when it is 0), and with them every copy kept before
    one of those (ids grow as copies are kept: an edited date cannot keep one back) and every copy dated
    in the future. Needs no key. How many went."""
    if not db_path().is_file():
        return 0
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    cutoff = (moment - retention(settings)).isoformat(timespec="milliseconds")
    future = (moment + FUTURE_SLACK).isoformat(timespec="milliseconds")
    try:
        with _db() as conn:
            due = conn.execute("SELECT MAX(id) FROM copies WHERE printed_at < ?", (cutoff,)).fetchone()[0] or 0
            gone = conn.execute("DELETE FROM copies WHERE printed_at < ? OR printed_at > ? OR id <= ?",
                                (cutoff, future, due)).rowcount
            if gone:
                conn.execute("VACUUM")  # the deleted tokens must not linger in free pages
            return gone
    except (sqlite3.Error, OSError, CopiesBroken) as exc:
        log.warning("copies not purged: %s", failure(exc))
        return 0
