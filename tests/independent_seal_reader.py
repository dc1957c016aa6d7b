"""A letter-seal reader written from /work/shared/spec/letter-seal.md alone, to check that Loket follows it.

It imports nothing of Loket (no ``app``, ``forms`` or ``reader``): only cbor2, cryptography and zlib, as a bank's
or a school's developer would who has the spec and nothing else. ``read(content, trust_list)`` takes the QR's
text (``LK1.<seal>`` or ``<verify_url>#LK1.<seal>``) and the office's trust list (the JSON of the spec, parsed)
and decides in the spec's order: unreadable → ``not_loket``; unknown kid → ``unknown_office``; bad signature →
``forged``; ``d`` on or after ``revoked`` or before ``valid_from`` → ``revoked``; else ``valid``.

Where the spec is silent this reader is strict, and says so in ``Reading.why``: a payload whose ``iss`` is not
the ``iss`` the trust list gives the key is ``forged`` (the key does not belong to the office the letter
names); a trust-list entry whose kid is not SHA-256(public key)[:8] is ignored (so its kid is unknown).
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import io
import re
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import cbor2
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

PREFIX = "LK1."
MAX_CONTENT = 450  # "The whole content stays ≤ 450 bytes"
MAX_INFLATED = 4096  # a COSE_Sign1 of a ≤ 450-byte QR cannot honestly be larger: the bound against a zip bomb
COSE_SIGN1_TAG = 18
EDDSA = -8
REQUIRED_TEXT = ("iss", "no", "f", "d", "nik", "nm", "p")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


@dataclass
class Reading:
    verdict: str  # valid | not_loket | unknown_office | forged | revoked
    why: str
    payload: dict[str, Any] = field(default_factory=dict)
    office: str | None = None  # the trust list's `on` for the key that signed
    kid: str | None = None


class _Unreadable(Exception):
    pass


def _seal_text(content: str) -> str:
    if len(content.encode("utf-8")) > MAX_CONTENT:
        raise _Unreadable(f"content longer than {MAX_CONTENT} bytes")
    text = content.split("#", 1)[1] if "#" in content else content
    if not text.startswith(PREFIX):
        raise _Unreadable("no LK1. prefix")
    seal = text[len(PREFIX):]
    if not seal or not re.fullmatch(r"[A-Za-z0-9_-]+", seal):
        raise _Unreadable("seal is not unpadded base64url")
    return seal


def _inflate(seal: str) -> bytes:
    try:
        packed = base64.urlsafe_b64decode(seal + "=" * (-len(seal) % 4))
    except ValueError as exc:
        raise _Unreadable(f"base64url: {exc}") from None
    inflater = zlib.decompressobj()  # wbits 15: the zlib wrapper of RFC 1950, not raw deflate or gzip
    try:
        out = inflater.decompress(packed, MAX_INFLATED + 1)
    except zlib.error as exc:
        raise _Unreadable(f"zlib: {exc}") from None
    if len(out) > MAX_INFLATED or inflater.unconsumed_tail:
        raise _Unreadable(f"inflates past {MAX_INFLATED} bytes")
    if not inflater.eof:
        raise _Unreadable("zlib stream truncated")
    if inflater.unused_data:
        raise _Unreadable("bytes after the zlib stream")
    return out


def _loads(data: bytes, what: str) -> Any:
    """Exactly one CBOR item (cbor2.loads would ignore bytes after it)."""
    stream = io.BytesIO(data)
    try:
        item = cbor2.CBORDecoder(stream).decode()
    except Exception as exc:  # cbor2 raises several types for malformed input
        raise _Unreadable(f"{what}: not CBOR ({type(exc).__name__})") from None
    if stream.tell() != len(data):
        raise _Unreadable(f"{what}: bytes after the CBOR item")
    return item


def _parse(content: str) -> tuple[bytes, bytes, bytes, bytes, dict[str, Any]]:
    """(protected, payload, signature, kid, payload map) or _Unreadable."""
    cose = _loads(_inflate(_seal_text(content)), "COSE_Sign1")
    if not isinstance(cose, cbor2.CBORTag) or cose.tag != COSE_SIGN1_TAG:
        raise _Unreadable("not a COSE_Sign1 (tag 18)")
    body = cose.value
    if not isinstance(body, list | tuple) or len(body) != 4:  # cbor2 gives a tuple inside a tag
        raise _Unreadable("COSE_Sign1 is not a 4-element array")
    protected, unprotected, payload, signature = body
    if not all(isinstance(b, bytes) for b in (protected, payload, signature)) or not isinstance(unprotected, Mapping):
        raise _Unreadable("COSE_Sign1 element types")
    header = _loads(protected, "protected header")
    if not isinstance(header, Mapping) or header.get(1) != EDDSA:
        raise _Unreadable("protected header does not name EdDSA (1: -8)")
    kid = header.get(4)
    if not isinstance(kid, bytes) or len(kid) != 8:
        raise _Unreadable("kid is not 8 bytes")
    if len(signature) != 64:
        raise _Unreadable("an Ed25519 signature is 64 bytes")
    fields = _loads(payload, "payload")
    if not isinstance(fields, Mapping) or not all(isinstance(k, str) for k in fields):
        raise _Unreadable("payload is not a map with text keys")
    if fields.get("v") != 1:
        raise _Unreadable("payload v is not 1")
    for key in REQUIRED_TEXT:
        if not isinstance(fields.get(key), str):
            raise _Unreadable(f"payload {key} missing or not text")
    if not DATE.match(fields["d"]):
        raise _Unreadable("payload d is not YYYY-MM-DD")
    try:
        datetime.date.fromisoformat(fields["d"])
    except ValueError:
        raise _Unreadable("payload d is not a date") from None
    extra = fields.get("x")
    if extra is not None and (not isinstance(extra, Mapping) or len(extra) > 3
                              or not all(isinstance(k, str) and isinstance(v, str) for k, v in extra.items())):
        raise _Unreadable("payload x is not a map of up to 3 text fields")
    return protected, payload, signature, kid, {k: dict(v) if isinstance(v, Mapping) else v for k, v in fields.items()}


def _key_for(kid: bytes, trust_list: dict[str, Any]) -> dict[str, Any] | None:
    for entry in trust_list.get("keys", []):
        if entry.get("kid") != kid.hex() or entry.get("alg") != "Ed25519":
            continue
        raw = entry.get("public_key", "")
        try:
            public = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4))
        except ValueError:
            continue
        if len(public) == 32 and hashlib.sha256(public).digest()[:8] == kid:
            return entry
    return None


def read(content: str, trust_list: dict[str, Any]) -> Reading:
    """The verdict on one QR's text under one trust list."""
    try:
        protected, payload, signature, kid, fields = _parse(content)
    except _Unreadable as exc:
        return Reading("not_loket", str(exc))
    entry = _key_for(kid, trust_list)
    if entry is None:
        return Reading("unknown_office", f"kid {kid.hex()} is not in the trust list", fields, kid=kid.hex())
    raw = entry["public_key"]
    public = Ed25519PublicKey.from_public_bytes(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
    to_sign = cbor2.dumps(["Signature1", protected, b"", payload])
    try:
        public.verify(signature, to_sign)
    except InvalidSignature:
        return Reading("forged", "the signature does not verify", fields, entry.get("on"), kid.hex())
    if entry.get("iss") != fields["iss"]:
        return Reading("forged", f"key of office {entry.get('iss')} signed a letter of {fields['iss']}",
                       fields, entry.get("on"), kid.hex())
    if entry.get("revoked") and fields["d"] >= entry["revoked"]:
        return Reading("revoked", f"dated {fields['d']}, key revoked from {entry['revoked']}",
                       fields, entry.get("on"), kid.hex())
    if fields["d"] < entry.get("valid_from", ""):
        return Reading("revoked", f"dated {fields['d']}, before the key's valid_from {entry['valid_from']}",
                       fields, entry.get("on"), kid.hex())
    return Reading("valid", "signed by a key of this office, in its validity", fields, entry.get("on"), kid.hex())
