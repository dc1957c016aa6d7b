"""What the clerk is typing, kept so a crash or a power cut loses nothing — encrypted, and short-lived.

One file per counter session in ``data_dir()/drafts``, each a Fernet token (AES-128-CBC + HMAC-SHA256)
under a key held in the OS keyring (``LOKET_DRAFT_KEY`` wins, for tests and unattended installs). Nothing
readable is on disk: not the fields, not the session id (the file name is a keyed hash of it). A draft is
discarded when its form is printed, and anything older than the retention setting (default one day) is
purged — also drafts this key can no longer open, which go by the file's age.
"""

from __future__ import annotations

import base64
import errno
import hashlib
import hmac
import json
import logging
import os
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

from app.base.clerktext import QT_TRANSLATE_NOOP
from app.base.credentials import get_secret, set_secret
from app.base.logsetup import failure
from app.base.paths import data_dir, private_dir

log = logging.getLogger("loket.drafts")

KEY_NAME = "draft-key"
KEY_ENV = "LOKET_DRAFT_KEY"
SUFFIX = ".draft"
DEFAULT_RETENTION = timedelta(days=1)


class DraftsUnavailable(Exception):
    """Drafts cannot be kept on this machine (no usable keyring). The GUI says so once and carries on."""

    id_text = (QT_TRANSLATE_NOOP(
        "Core", "Draf isian tidak dapat disimpan (keyring sistem tidak tersedia); isian akan hilang bila "
               "aplikasi tertutup. Hubungi petugas IT."))


@dataclass(frozen=True)
class Draft:
    session_id: str
    saved_at: datetime  # UTC
    fields: dict[str, str]
    card: str = ""  # card_tag() of the citizen's card: the same card tapped again finds its draft
    service: str = ""  # the form the clerk was filling

    def __repr__(self) -> str:  # a traceback or a debug print must not spill what the clerk typed
        return f"Draft(session_id={self.session_id!r}, saved_at={self.saved_at.isoformat()}, fields=<hidden>)"


_cached: tuple[str, bytes] | None = None  # (where it came from, secret)


def _secret() -> bytes:
    global _cached
    env = os.environ.get(KEY_ENV)
    if env:
        return env.encode()
    if _cached is not None and _cached[0] == "keyring":
        return _cached[1]
    value = get_secret(KEY_NAME, KEY_ENV)
    if not value:
        # Unlike the audit key, losing this one only loses unsent drafts, so a fresh key on first use (or
        # after a keyring reset) is fine.
        try:
            set_secret(KEY_NAME, secrets.token_urlsafe(32))
        except Exception as exc:  # every keyring backend has its own errors
            raise DraftsUnavailable(f"draft key cannot be stored in the keyring ({type(exc).__name__})") from None
        # Read back: if the GUI and another process raced, both now use whichever key the keyring kept.
        value = get_secret(KEY_NAME, KEY_ENV)
        if not value:
            raise DraftsUnavailable("draft key was stored but cannot be read back from the keyring")
    _cached = ("keyring", value.encode())
    return _cached[1]


def _forget_key() -> None:
    global _cached
    _cached = None


def _fernet(secret: bytes) -> Fernet:
    # Any secret string becomes a Fernet key; a keyring entry need not be in Fernet's own format.
    return Fernet(base64.urlsafe_b64encode(hmac.new(secret, b"loket-drafts/fernet", hashlib.sha256).digest()))


def _file_for(secret: bytes, session_id: str) -> Path:
    name = hmac.new(secret, b"loket-drafts/name/" + session_id.encode(), hashlib.sha256).hexdigest()[:32]
    return data_dir() / "drafts" / (name + SUFFIX)


def card_tag(uid: str, nik: str) -> str:
    """A keyed digest of the card (UID and NIK) that finds a citizen's draft again when the card is back,
    without the draft holding either."""
    return hmac.new(_secret(), f"loket-drafts/card/{uid}/{nik}".encode(), hashlib.sha256).hexdigest()[:32]


def save_draft(session_id: str, fields: dict[str, str], card: str = "", service: str = "") -> None:
    """Replace the session's draft. Atomic: a crash mid-save leaves the previous draft, never half a file."""
    if not session_id:
        raise ValueError("session_id must not be empty")
    bad = [k for k, v in fields.items() if not isinstance(k, str) or not isinstance(v, str)]
    if bad:
        raise TypeError(f"draft fields must be str -> str ({len(bad)} are not)")
    secret = _secret()
    body = json.dumps({"session_id": session_id, "saved_at": time.time(), "fields": fields, "card": card,
                       "service": service}, ensure_ascii=False).encode()
    token = _fernet(secret).encrypt(body)
    private_dir("drafts")
    target = _file_for(secret, session_id)
    from app.base.outfile import SaveFailed, write_output

    try:  # the one writer: a crash mid-save leaves the previous draft, never half a file
        write_output(target, token)
    except SaveFailed as exc:
        raise OSError(errno.EIO, str(exc)) from None


def load_drafts(max_age: timedelta | None = DEFAULT_RETENTION) -> list[Draft]:
    """Drafts this key can open and younger than ``max_age`` (None = any age), oldest first."""
    folder = data_dir() / "drafts"
    if not folder.is_dir():
        return []
    fernet = _fernet(_secret())
    ttl = int(max_age.total_seconds()) if max_age is not None else None
    found: list[Draft] = []
    for path in sorted(folder.glob("*" + SUFFIX)):
        try:
            data = json.loads(fernet.decrypt(path.read_bytes(), ttl=ttl))
            found.append(Draft(str(data["session_id"]), datetime.fromtimestamp(float(data["saved_at"]), UTC),
                               {str(k): str(v) for k, v in dict(data["fields"]).items()},
                               str(data.get("card") or ""), str(data.get("service") or "")))
        except InvalidToken:
            # Expired, another key's, or tampered with: never shown; purge() removes it by age.
            continue
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("draft file skipped: %s", failure(exc))
    found.sort(key=lambda d: d.saved_at)
    return found


def discard(session_id: str) -> bool:
    """Remove the session's draft (its form was printed, or the clerk cancelled). True if one existed."""
    path = _file_for(_secret(), session_id)
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True


def purge(older_than: timedelta = DEFAULT_RETENTION) -> int:
    """Remove drafts last saved more than ``older_than`` ago, and stray temporary files. Needs no key, so
    drafts written under a lost key still go. Returns how many drafts were removed."""
    folder = data_dir() / "drafts"
    if not folder.is_dir():
        return 0
    cutoff = time.time() - older_than.total_seconds()
    removed = 0
    for path in folder.iterdir():
        if path.suffix not in (SUFFIX, ".tmp"):
            continue
        try:
            if path.stat().st_mtime <= cutoff:
                path.unlink()
                removed += path.suffix == SUFFIX
        except FileNotFoundError:
            continue  # another process purged or saved it meanwhile
        except OSError as exc:
            log.warning("draft file not purged: %s", failure(exc))
    return removed


def retention(settings: object) -> timedelta:
    """The retention setting: ``"drafts": {"retention_hours": 24}`` in settings.json (kept in
    ``Settings.extra`` until settings.py grows a section for it). Bad values fall back to the default."""
    extra = getattr(settings, "extra", {}) or {}
    section = extra.get("drafts") if isinstance(extra, dict) else None
    hours = section.get("retention_hours") if isinstance(section, dict) else None
    if isinstance(hours, int | float) and not isinstance(hours, bool) and 0 < hours <= 24 * 30:
        return timedelta(hours=hours)
    return DEFAULT_RETENTION
