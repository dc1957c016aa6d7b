"""The letter seal of /work/shared/spec/letter-seal.md: the payload, its COSE_Sign1 (Ed25519) and the QR text.

Pure functions, no I/O: the keys are app/letters/sealkeys.py's, the verdicts app/letters/verify.py's. The
encoders are libraries (cbor2 for CBOR, cryptography for Ed25519, zlib and base64 from the standard library);
nothing here writes a byte of CBOR by hand.

What goes in is what the paper says: the number as printed, the date of the letter, the NIK and the name as
printed, the purpose cut to 40 characters, and up to three more fields the template names
(``seal_fields``). The ``x`` values are cut to 40 characters as ``p`` is, and further (longest first, from
the end, not below 16 characters; then the last field is left out) when the QR would pass 450 bytes: a
verifier then shows the start of what the paper says. When
nothing is left to cut (a very long ``letters.verify_url``), the letter is not sealed (SealTooLong).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import cbor2
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

PREFIX = "LK1."
MAX_CONTENT = 450  # bytes of the whole QR text: QR version 16 at level M
MAX_INFLATED = 4096  # a real seal inflates to a few hundred bytes; more is a zip bomb, not a letter
MAX_TEXT = 8192  # a QR text longer than this is not read at all
COSE_SIGN1_TAG = 18
ALG_EDDSA = -8
FIELD_CUT = 40  # `p` (and each `x` value) as printed, cut to this many characters
MAX_EXTRA = 3
MIN_CUT = 16  # an `x` value is not cut below this many characters: the field is left out instead
PAYLOAD_KEYS = ("v", "iss", "no", "f", "d", "nik", "nm", "p")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_B64URL = re.compile(r"^[A-Za-z0-9_-]+$")


class SealTooLong(ValueError):
    """The QR text would be over MAX_CONTENT bytes (a very long verify_url or name)."""


class Unreadable(ValueError):
    """The text is not a Loket seal: wrong prefix, not base64url, not zlib, too large inflated, not the COSE
    structure of the spec. The message is English, for the log (it never quotes the seal)."""


@dataclass(frozen=True)
class Payload:
    """The spec's payload map, by its own keys."""

    iss: str
    no: str
    f: str
    d: str  # YYYY-MM-DD
    nik: str = field(repr=False)
    nm: str = field(repr=False)
    p: str = field(default="", repr=False)
    x: dict[str, str] = field(default_factory=dict, repr=False)
    v: int = 1

    def to_map(self) -> dict[str, Any]:
        """The CBOR map, keys in the spec's order; ``x`` only when the form names sealed fields."""
        out: dict[str, Any] = {"v": self.v, "iss": self.iss, "no": self.no, "f": self.f, "d": self.d,
                               "nik": self.nik, "nm": self.nm, "p": self.p}
        if self.x:
            out["x"] = dict(self.x)
        return out

    @property
    def day(self) -> date:
        return date.fromisoformat(self.d)


@dataclass(frozen=True)
class Sign1:
    """A COSE_Sign1 as read: the bytes that were signed and what they say."""

    protected: bytes
    payload_bytes: bytes
    signature: bytes
    kid: bytes
    payload: Payload

    def to_be_signed(self) -> bytes:
        return sig_structure(self.protected, self.payload_bytes)

    def verify(self, public_key: bytes) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(public_key).verify(self.signature, self.to_be_signed())
        except (InvalidSignature, ValueError):
            return False
        return True


def kid_of(public_key: bytes) -> bytes:
    """The spec's ``kid``: the first 8 bytes of SHA-256 of the raw 32-byte public key."""
    return hashlib.sha256(public_key).digest()[:8]


def cut(value: object, limit: int = FIELD_CUT) -> str:
    return " ".join(str(value or "").split())[:limit]


def payload_from(values: Mapping[str, object], *, iss: str, number: str, form_id: str, day: date,
                 sealed_fields: tuple[str, ...] = ()) -> Payload:
    """The payload of a letter from the values it prints (``forms.fill`` values plus ``nomor_surat``)."""
    extra = {k: cut(values.get(k)) for k in sealed_fields[:MAX_EXTRA] if cut(values.get(k))}
    return Payload(iss=iss, no=str(number), f=form_id, d=day.isoformat(),
                   nik="".join(str(values.get("nik") or "").split()),
                   nm=" ".join(str(values.get("nama") or "").split()), p=cut(values.get("keperluan")), x=extra)


def sig_structure(protected: bytes, payload: bytes) -> bytes:
    """RFC 9052 §4.4: ``["Signature1", protected, h'', payload]``."""
    return cbor2.dumps(["Signature1", protected, b"", payload])


def sign(payload: Payload, private_key: Ed25519PrivateKey) -> bytes:
    """The COSE_Sign1 bytes (tag 18) of ``payload`` under ``private_key``."""
    public = private_key.public_key().public_bytes_raw()
    protected = cbor2.dumps({1: ALG_EDDSA, 4: kid_of(public)})
    body = cbor2.dumps(payload.to_map())
    signature = private_key.sign(sig_structure(protected, body))
    return cbor2.dumps(cbor2.CBORTag(COSE_SIGN1_TAG, [protected, {}, body, signature]))


def content(cose: bytes, verify_url: str = "") -> str:
    """The QR text: ``LK1.<seal>`` or ``<verify_url>#LK1.<seal>``. SealTooLong past MAX_CONTENT bytes."""
    seal = base64.urlsafe_b64encode(zlib.compress(cose, 9)).rstrip(b"=").decode("ascii")
    text = f"{verify_url}#{PREFIX}{seal}" if verify_url else PREFIX + seal
    if len(text.encode("utf-8")) > MAX_CONTENT:
        raise SealTooLong(f"seal content is {len(text.encode('utf-8'))} bytes, over {MAX_CONTENT}")
    return text


def seal_letter(payload: Payload, private_key: Ed25519PrivateKey, verify_url: str = "") -> tuple[bytes, str]:
    """(COSE_Sign1 bytes, QR text) of ``payload``, its ``x`` values shortened until the text fits MAX_CONTENT.
    SealTooLong when it cannot fit even without ``x``."""
    while True:
        cose = sign(payload, private_key)
        try:
            return cose, content(cose, verify_url)
        except SealTooLong:
            if not payload.x:
                raise
        extra = dict(payload.x)
        longest = max(extra, key=lambda k: len(extra[k]))
        if len(extra[longest]) > MIN_CUT:  # the start of a value still tells; a few letters do not
            extra[longest] = extra[longest][:-4].rstrip()
        else:
            extra.pop(list(extra)[-1])  # the template lists its sealed fields most important first
        payload = replace(payload, x=extra)


def digest(cose: bytes) -> str:
    """What the letter register keeps of a seal: SHA-256 (hex) of its COSE_Sign1 bytes."""
    return hashlib.sha256(cose).hexdigest()


# --- reading ------------------------------------------------------------------------------------------------


def cose_of(text: str) -> bytes:
    """The COSE_Sign1 bytes inside a QR text (the part after ``#`` when there is a URL). Unreadable when it is
    not ``LK1.`` + base64url, or does not inflate within MAX_INFLATED bytes."""
    if len(text) > MAX_TEXT:
        raise Unreadable("QR text too long")
    text = text.strip()
    if "#" in text:
        text = text.split("#", 1)[1]
    if not text.startswith(PREFIX):
        raise Unreadable("no LK1. prefix")
    seal = text[len(PREFIX):]
    if not seal or not _B64URL.match(seal) or len(seal) % 4 == 1:
        raise Unreadable("seal is not base64url")
    try:
        packed = base64.urlsafe_b64decode(seal + "=" * (-len(seal) % 4))
    except (binascii.Error, ValueError):
        raise Unreadable("seal is not base64url") from None
    inflater = zlib.decompressobj()
    try:
        cose = inflater.decompress(packed, MAX_INFLATED + 1)
    except zlib.error:
        raise Unreadable("seal is not zlib") from None
    if len(cose) > MAX_INFLATED or inflater.unconsumed_tail:
        raise Unreadable(f"seal inflates past {MAX_INFLATED} bytes")
    if not inflater.eof or inflater.unused_data:
        raise Unreadable("seal is truncated or has trailing bytes")
    return cose


def _text(value: object, name: str) -> str:
    if not isinstance(value, str):
        raise Unreadable(f"payload {name} is not text")
    return value


def parse(cose: bytes) -> Sign1:
    """The COSE_Sign1 structure of the spec, checked; Unreadable for anything else."""
    try:
        outer = cbor2.loads(cose)
        if not isinstance(outer, cbor2.CBORTag) or outer.tag != COSE_SIGN1_TAG:
            raise Unreadable("not a COSE_Sign1 (tag 18)")
        items = outer.value
        if not isinstance(items, list | tuple) or len(items) != 4:
            raise Unreadable("COSE_Sign1 is not a 4-item array")
        protected, unprotected, body, signature = items
        if not all(isinstance(b, bytes) for b in (protected, body, signature)) or not isinstance(unprotected,
                                                                                              Mapping):
            raise Unreadable("COSE_Sign1 items have the wrong types")
        header = cbor2.loads(protected)
        if not isinstance(header, Mapping) or header.get(1) != ALG_EDDSA:
            raise Unreadable("protected header is not EdDSA")
        kid = header.get(4)
        if not isinstance(kid, bytes) or len(kid) != 8:
            raise Unreadable("protected header has no 8-byte kid")
        if len(signature) != 64:
            raise Unreadable("signature is not 64 bytes")
        data = cbor2.loads(body)
    except Unreadable:
        raise
    except Exception as exc:  # cbor2 raises its own errors, and ValueError/TypeError/RecursionError on garbage
        raise Unreadable(f"not CBOR ({type(exc).__name__})") from None
    if not isinstance(data, Mapping) or type(data.get("v")) is not int or data["v"] != 1:
        raise Unreadable("payload is not a v1 map")
    for key in PAYLOAD_KEYS[1:]:
        _text(data.get(key), key)
    if not _DATE.match(data["d"]):
        raise Unreadable("payload d is not YYYY-MM-DD")
    try:
        date.fromisoformat(data["d"])
    except ValueError:
        raise Unreadable("payload d is not a date") from None
    extra = data.get("x", {})
    if not isinstance(extra, Mapping) or len(extra) > MAX_EXTRA or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in extra.items()):
        raise Unreadable("payload x is not a map of up to 3 texts")
    payload = Payload(iss=data["iss"], no=data["no"], f=data["f"], d=data["d"], nik=data["nik"], nm=data["nm"],
                      p=data["p"], x=dict(extra))
    return Sign1(protected, body, signature, kid, payload)


def read(text: str) -> Sign1:
    """The seal in a QR text, parsed (not yet verified). Unreadable when it is not a Loket seal."""
    return parse(cose_of(text))
