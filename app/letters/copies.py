"""What a reprint needs, kept encrypted for a short while: the letter as it was printed, never anything more.

Neither the letter register (number, status, times) nor the audit trail (counts and a keyed NIK hash) holds
the filled values, and a copy must say exactly what the original said, under the same number. So each
letter or form that is printed or saved leaves one row in ``salinan.sqlite3`` (this machine's private data
folder, 0600):

- in the clear only what the register and the trail already hold: the number, the form, the service, when,
  this counter's name, and the citizen as the audit's own ``nik_hash`` (so today's list can tell which
  citizen a letter belongs to without opening anything);
- everything of the person — the values as printed, the photo on the page, the letterhead it printed
  under — as one Fernet token (AES-128-CBC + HMAC-SHA256) under a key in the OS keyring
  (``copy-key``; ``LOKET_COPY_KEY`` wins, for tests and unattended installs), as the drafts are.

Copies go after ``reprint.retention_days`` (default 7; 0 keeps none): after that a letter can still be found
in the register, but a copy must come from the office's own archive. A key lost from the keyring loses the
copies, never a letter or a number.
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
from collections.abc import Mapping
from contextlib import closing
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken

from app.base.credentials import get_secret, set_secret
from app.base.logsetup import failure
from app.base.paths import data_dir, private_dir, private_file

log = logging.getLogger("loket.copies")

KEY_NAME = "copy-key"
KEY_ENV = "LOKET_COPY_KEY"
DB_NAME = "salinan.sqlite3"
DEFAULT_RETENTION = timedelta(days=7)
MAX_RETENTION_DAYS = 90
SCHEMA = ("CREATE TABLE IF NOT EXISTS copies (id INTEGER PRIMARY KEY, number TEXT NOT NULL, form_id TEXT NOT "
          "NULL, service TEXT NOT NULL, printed_at TEXT NOT NULL, workstation TEXT NOT NULL, nik_hash TEXT NOT "
          "NULL, outcome TEXT NOT NULL, token BLOB NOT NULL)")


class CopiesUnavailable(Exception):
    """No copy can be kept or opened on this machine (no usable keyring, the key changed, the file broken)."""

    id_text = ("Salinan surat tidak tersedia di komputer ini (kunci salinan tidak ada atau berkasnya rusak). "
               "Surat tetap tercatat di register nomor. Hubungi petugas IT.")


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
    outcome: str  # printed or saved_pdf, as the audit row of the original says


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


# --- the file -----------------------------------------------------------------------------------------------


def db_path() -> Path:
    return data_dir() / DB_NAME


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


def keep(*, number: str, form_id: str, service: str, printed_at: datetime, outcome: str, nik: str | None,
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
    token = _fernet(_secret(create=True)).encrypt(json.dumps(body, ensure_ascii=False, default=str).encode())
    when = printed_at.astimezone(UTC).isoformat(timespec="milliseconds")
    with closing(_open()) as conn:
        cur = conn.execute("INSERT INTO copies (number, form_id, service, printed_at, workstation, nik_hash, "
                           "outcome, token) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           (str(number or ""), form_id, service, when, config(settings).counter_id, digest,
                            outcome, token))
        copy_id = int(cur.lastrowid or 0)
    purge(settings)  # at every print: the retention holds even on a counter never restarted
    return copy_id


_ENTRY = "id, number, form_id, service, printed_at, workstation, nik_hash, outcome"


def _entry(row: tuple[Any, ...]) -> Entry:
    return Entry(int(row[0]), str(row[1]), str(row[2]), str(row[3]), datetime.fromisoformat(row[4]),
                 str(row[5]), str(row[6]), str(row[7]))


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
    with closing(_open()) as conn:
        return [_entry(r) for r in conn.execute(query + " ORDER BY printed_at, id", params)]


def open_copy(copy_id: int, settings: object = None) -> Copy:
    """The copy, decrypted. CopiesUnavailable when it is gone (purged), or cannot be opened with this key."""
    if not db_path().is_file():
        raise CopiesUnavailable(f"no copy {copy_id}: no copies on this machine")
    with closing(_open()) as conn:
        row = conn.execute(f"SELECT {_ENTRY}, token FROM copies WHERE id = ?", (copy_id,)).fetchone()
    if row is None:
        raise CopiesUnavailable(f"no copy {copy_id}")
    entry = _entry(row[:-1])
    if datetime.now(UTC) - entry.printed_at > retention(settings):
        raise CopiesUnavailable(f"copy {copy_id} is past its retention")
    try:
        data = json.loads(_fernet(_secret(create=False)).decrypt(bytes(row[-1])))
        values = dict(data["values"])
        photo = base64.b64decode(data["photo"]) if data.get("photo") else None
        return Copy(entry, values, dict(data.get("office") or {}), photo, str(data.get("photo_note") or ""),
                    bool(data.get("unverified")), str(data.get("paper") or "") or None, str(data.get("nik") or ""),
                    str(data.get("seal") or ""))
    except InvalidToken:
        raise CopiesUnavailable(f"copy {copy_id} cannot be opened with this machine's key") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise CopiesUnavailable(f"copy {copy_id} is damaged ({type(exc).__name__})") from None


def purge(settings: object = None, now: datetime | None = None) -> int:
    """Copies older than the retention go (all of them when it is 0). Needs no key. How many went."""
    if not db_path().is_file():
        return 0
    cutoff = ((now or datetime.now(UTC)) - retention(settings)).astimezone(UTC).isoformat(timespec="milliseconds")
    try:
        with closing(_open()) as conn:
            gone = conn.execute("DELETE FROM copies WHERE printed_at < ?", (cutoff,)).rowcount
            if gone:
                conn.execute("VACUUM")  # the deleted tokens must not linger in free pages
            return gone
    except (sqlite3.Error, OSError) as exc:
        log.warning("copies not purged: %s", failure(exc))
        return 0
