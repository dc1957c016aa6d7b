"""Seals made from letter-seal.md by the tests themselves (cbor2 + cryptography + zlib, nothing of Loket), and
the forgeries the issue names, each with the verdict the spec gives it. The independent reader and the
offline verification page are both checked against these, and against Loket's own seals where they exist.
"""

from __future__ import annotations

import base64
import hashlib
import zlib
from dataclasses import dataclass
from typing import Any

import cbor2
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

OFFICE_ISS = "3578051"
OFFICE_NAME = "KELURAHAN MANGGAR"
PAYLOAD: dict[str, Any] = {
    "v": 1, "iss": OFFICE_ISS, "no": "470/007/KEL/XII/2026", "f": "surat_domisili", "d": "2026-12-07",
    "nik": "1906015205900003", "nm": "SITI NURHALIZA RISTIANDY", "p": "Pengajuan KUR",
    "x": {"nama_usaha": "WARUNG BU SITI"},
}


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


@dataclass
class Key:
    private: Ed25519PrivateKey

    @property
    def raw_public(self) -> bytes:
        return self.private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)

    @property
    def kid(self) -> bytes:
        return hashlib.sha256(self.raw_public).digest()[:8]

    def entry(self, valid_from: str = "2026-12-01", revoked: str | None = None, iss: str = OFFICE_ISS,
              on: str = OFFICE_NAME) -> dict[str, Any]:
        return {"kid": self.kid.hex(), "alg": "Ed25519", "public_key": b64u(self.raw_public), "iss": iss,
                "on": on, "valid_from": valid_from, "revoked": revoked}


def new_key() -> Key:
    return Key(Ed25519PrivateKey.generate())


def cose_sign1(signer: Key, payload: dict[str, Any], kid: bytes | None = None) -> tuple[bytes, bytes, bytes]:
    """(protected, payload bytes, signature) for ``payload`` signed by ``signer`` under ``kid``."""
    protected = cbor2.dumps({1: -8, 4: kid if kid is not None else signer.kid})
    body = cbor2.dumps(payload)
    signature = signer.private.sign(cbor2.dumps(["Signature1", protected, b"", body]))
    return protected, body, signature


def pack(protected: bytes, body: bytes, signature: bytes) -> str:
    return "LK1." + b64u(zlib.compress(cbor2.dumps(cbor2.CBORTag(18, [protected, {}, body, signature])), 9))


def seal(signer: Key, payload: dict[str, Any] | None = None, kid: bytes | None = None) -> str:
    return pack(*cose_sign1(signer, payload if payload is not None else PAYLOAD, kid))


@dataclass
class Case:
    name: str
    content: str
    trust: dict[str, Any]
    verdict: str


def cases(office: Key, stranger: Key) -> list[Case]:
    """A genuine seal and every forgery of issue 28, under the office's trust list."""
    trust = {"v": 1, "keys": [office.entry()]}
    protected, body, signature = cose_sign1(office, PAYLOAD)
    changed = cbor2.dumps({**PAYLOAD, "nm": "BUDI SANTOSO"})
    genuine = pack(protected, body, signature)
    bomb = "LK1." + b64u(zlib.compress(b"\0" * 10_000_000, 9))  # 10 MB of zeros in ~10 KB: over 450 bytes too
    small_bomb = "LK1." + b64u(zlib.compress(b"\0" * 200_000, 9))  # fits in a QR, inflates past any sane bound
    return [
        Case("genuine", genuine, trust, "valid"),
        Case("field_changed", pack(protected, changed, signature), trust, "forged"),
        Case("stranger_under_office_kid", seal(stranger, kid=office.kid), trust, "forged"),
        Case("stranger_kid", seal(stranger), trust, "unknown_office"),
        Case("truncated", genuine[: len(genuine) - 12], trust, "not_loket"),
        Case("revoked_key", genuine, {"v": 1, "keys": [office.entry(revoked="2026-12-05")]}, "revoked"),
        Case("before_valid_from", genuine, {"v": 1, "keys": [office.entry(valid_from="2026-12-08")]}, "revoked"),
        Case("not_loket", "https://example.com/some/other/qr", trust, "not_loket"),
        Case("zip_bomb", small_bomb, trust, "not_loket"),
        Case("huge", bomb, trust, "not_loket"),
    ]
