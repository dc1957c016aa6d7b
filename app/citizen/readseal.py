"""The seal on a saved card read: ``loket read --json`` signs what it prints with this installation's key,
so ``fill``/``export --identity FILE.json`` can tell its own untouched read from a file anyone typed.

Without the seal a file's ``"authenticity": "valid"`` is one word to edit: an altered card would print
without "TIDAK TERVERIFIKASI". A file whose seal is missing, wrong, or made on another installation keeps
its data but not its verdict: it is ``unchecked``, blocked like an unverified card.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging

from app.base.credentials import get_secret, set_secret
from app.base.logsetup import failure

log = logging.getLogger("loket.readseal")

FIELD = "segel_loket"
KEY_NAME, KEY_ENV = "read-seal-key", "LOKET_SEAL_KEY"
# The real cause when no read can be sealed here: said by `read --json` (the file it prints is unsealed) and
# by `fill`/`export --identity` (instead of "re-read the card", which would give the same unsealed file).
NO_SEAL_KEY = ("Komputer ini tidak dapat menyegel hasil baca kartu: kunci segel tidak dapat disimpan karena "
               "keyring sistem tidak dapat dipakai, sehingga berkas `loket read --json` tidak dapat dipakai "
               "untuk mencetak atau mengekspor. Petugas IT: aktifkan keyring sistem (Windows Credential Manager "
               "atau Secret Service), atau setel LOKET_SEAL_KEY untuk skrip; sementara itu baca kartu langsung "
               "saat mengisi (--card).")


def _key(create: bool) -> bytes | None:
    value = get_secret(KEY_NAME, KEY_ENV)
    if value:
        return value.encode()
    if not create:
        return None
    import secrets  # here: `random` behind it is ~2 ms of every read that needs none
    new = secrets.token_hex(32)
    try:
        set_secret(KEY_NAME, new)
    except Exception as exc:  # no keyring: the read is printed unsealed, and is "unchecked" when read back
        log.warning("read seal key not stored: %s", failure(exc))
        return None
    return new.encode()


def _digest(key: bytes, data: dict[str, object]) -> str:
    body = json.dumps({k: v for k, v in data.items() if k != FIELD}, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":"))
    return hmac.new(key, b"loket-read-seal/" + body.encode("utf-8"), hashlib.sha256).hexdigest()


def seal(data: dict[str, object]) -> dict[str, object]:
    """``data`` with this installation's seal added (unchanged when no key can be had)."""
    key = _key(create=True)
    if key is None:
        return data
    return {**data, FIELD: _digest(key, data)}


def can_seal() -> bool:
    """Whether this installation has, or can make and keep, its seal key."""
    return _key(create=True) is not None


def sealed_here(data: object) -> bool:
    """True only for a read this installation printed and nobody changed since."""
    if not isinstance(data, dict) or not isinstance(data.get(FIELD), str):
        return False
    key = _key(create=False)
    return key is not None and hmac.compare_digest(str(data[FIELD]), _digest(key, data))
