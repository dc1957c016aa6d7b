"""The simulator's own keyed constructions: card keys, mutual authentication, secure messaging, DS.

None of this is the real Dukcapil scheme (which is not public). The host never sees a key, so only the
shapes seen on the wire must match the spec: 40-byte authentication cryptograms, 8-byte MACs, cryptograms
padded ISO 7816-4 style to 8·(⌊n/8⌋+1) bytes. Both the virtual card and the virtual SAM import this
module, which stands in for the keys Dukcapil personalised into both.

Constructions: HMAC-SHA256 for key derivation and (truncated) MACs, ChaCha20 as the cipher. A stream
cipher is used with block-style padding only because the wire format fixes the cryptogram lengths.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms

MAC_LEN = 8
AUTH_PLAIN_LEN = 32  # RND (8) ‖ other side's RND (8) ‖ key half (16)
AUTH_LEN = AUTH_PLAIN_LEN + MAC_LEN  # 40: the spec's EXTERNAL AUTHENTICATE data and answer

# Fixed so that separate processes (card in one, SAM in another) agree without exchanging anything.
_MASTER_KEY = hashlib.sha256(b"LOKET simulated Dukcapil master key v1").digest()
_ISSUER_SECRET = hashlib.sha256(b"LOKET simulated Dukcapil issuer signing key v1").digest()


def _hmac(key: bytes, *parts: bytes) -> bytes:
    mac = hmac.new(key, digestmod=hashlib.sha256)
    for part in parts:
        mac.update(part)
    return mac.digest()


def card_key(serial: bytes, uid8: bytes) -> bytes:
    """The card's authentication key, diversified by its serial (from CC) and its UID8.

    Binding UID8 in means a host that computes UID8 differently from the spec fails authentication,
    just as it would against a real card whose key is diversified the same way.
    """
    return _hmac(_MASTER_KEY, b"card-key", serial, uid8)


def pad(data: bytes) -> bytes:
    """ISO/IEC 7816-4 padding: always adds 80 00…, so n bytes become 8·(⌊n/8⌋+1)."""
    padded = data + b"\x80"
    return padded + b"\x00" * (-len(padded) % 8)


def unpad(data: bytes) -> bytes | None:
    stripped = data.rstrip(b"\x00")
    if not stripped or stripped[-1] != 0x80:
        return None
    return stripped[:-1]


def _keystream_xor(key: bytes, nonce: bytes, data: bytes) -> bytes:
    encryptor = Cipher(algorithms.ChaCha20(key, nonce), mode=None).encryptor()
    return encryptor.update(data) + encryptor.finalize()


def _nonce(label: bytes, counter: bytes) -> bytes:
    # ChaCha20 in `cryptography` takes a 16-byte nonce: 4-byte block counter ‖ 12 bytes.
    return b"\x00\x00\x00\x00" + label[:4].ljust(4, b"\x00") + counter[-8:].rjust(8, b"\x00")


def auth_seal(key: bytes, label: bytes, binding: bytes, plain: bytes) -> bytes:
    """Encrypt-then-MAC one authentication message (32 → 40 bytes).

    `binding` is the peer's fresh challenge, so a recorded message never authenticates twice.
    """
    enc_key = _hmac(key, b"auth-enc")
    mac_key = _hmac(key, b"auth-mac")
    cipher = _keystream_xor(enc_key, _nonce(label, binding), plain)
    return cipher + _hmac(mac_key, label, binding, cipher)[:MAC_LEN]


def auth_open(key: bytes, label: bytes, binding: bytes, sealed: bytes) -> bytes | None:
    if len(sealed) != AUTH_LEN:
        return None
    cipher, mac = sealed[:AUTH_PLAIN_LEN], sealed[AUTH_PLAIN_LEN:]
    mac_key = _hmac(key, b"auth-mac")
    if not hmac.compare_digest(_hmac(mac_key, label, binding, cipher)[:MAC_LEN], mac):
        return None
    return _keystream_xor(_hmac(key, b"auth-enc"), _nonce(label, binding), cipher)


@dataclass
class SmSession:
    """Session keys and send-sequence counter, one copy on each side of the secure channel.

    The counter is incremented before every protected command and every protected response (as in
    ICAO BAC), so a command replayed or a response skipped breaks the next MAC.
    """

    enc_key: bytes
    mac_key: bytes
    ssc: int

    @classmethod
    def derive(
        cls, card_key_: bytes, k_ifd: bytes, k_icc: bytes, rnd_icc: bytes, rnd_ifd: bytes
    ) -> SmSession:
        seed = _hmac(card_key_, b"session", k_ifd, k_icc)
        return cls(
            enc_key=_hmac(seed, b"enc"),
            mac_key=_hmac(seed, b"mac"),
            ssc=int.from_bytes(rnd_icc[-4:] + rnd_ifd[-4:], "big"),
        )

    def next_ssc(self) -> bytes:
        self.ssc = (self.ssc + 1) % (1 << 64)
        return self.ssc.to_bytes(8, "big")

    def mac(self, ssc: bytes, data: bytes) -> bytes:
        return _hmac(self.mac_key, ssc, data)[:MAC_LEN]

    def verify(self, ssc: bytes, data: bytes, mac: bytes) -> bool:
        return hmac.compare_digest(self.mac(ssc, data), mac)

    def crypt(self, ssc: bytes, data: bytes) -> bytes:
        """Encrypt or decrypt (XOR keystream); the SSC makes each use of the keystream unique."""
        return _keystream_xor(self.enc_key, _nonce(b"sm", ssc), data)


# ---- issuer signature over the file contents (6FF6) -----------------------------------------------

_ISSUER_KEY: ec.EllipticCurvePrivateKey | None = None


def _issuer_key() -> ec.EllipticCurvePrivateKey:
    global _ISSUER_KEY
    if _ISSUER_KEY is None:
        order = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551  # P-256 n
        scalar = int.from_bytes(_ISSUER_SECRET, "big") % (order - 1) + 1
        _ISSUER_KEY = ec.derive_private_key(scalar, ec.SECP256R1())
    return _ISSUER_KEY


def issuer_sign(biodata_file: bytes, photo_file: bytes) -> bytes:
    """DER ECDSA P-256 signature (70–72 bytes) over SHA-256(biodata file ‖ photo file).

    Deterministic (RFC 6979) so a given person's card is byte-for-byte the same on every run.
    """
    algorithm = ec.ECDSA(hashes.SHA256(), deterministic_signing=True)
    return _issuer_key().sign(biodata_file + photo_file, algorithm)


def issuer_verify(signature: bytes, biodata_file: bytes, photo_file: bytes) -> bool:
    try:
        _issuer_key().public_key().verify(signature, biodata_file + photo_file, ec.ECDSA(hashes.SHA256()))
    except (InvalidSignature, ValueError):
        return False
    return True


# ---- secure-messaging wire format (ISO/IEC 7816-4 style DOs 87, 97, 99, 8E) -------------------------

SM_CLA = 0x0C


class SmError(Exception):
    """A protected command or response whose structure or MAC is wrong."""


def ber_length(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    if n < 0x100:
        return bytes([0x81, n])
    return bytes([0x82, n >> 8, n & 0xFF])


def parse_tlvs(data: bytes) -> list[tuple[int, bytes, bytes]]:
    """(tag, value, raw TLV bytes) for a flat list of one-byte-tag BER TLVs; SmError if malformed."""
    out: list[tuple[int, bytes, bytes]] = []
    i = 0
    while i < len(data):
        start = i
        tag = data[i]
        i += 1
        if i >= len(data):
            raise SmError("truncated TLV")
        length = data[i]
        i += 1
        if length == 0x81 or length == 0x82:
            width = length - 0x80
            if i + width > len(data):
                raise SmError("truncated TLV length")
            length = int.from_bytes(data[i:i + width], "big")
            i += width
        elif length > 0x80:
            raise SmError("unsupported TLV length")
        if i + length > len(data):
            raise SmError("truncated TLV value")
        out.append((tag, data[i:i + length], data[start:i + length]))
        i += length
    return out


def protect_command(session: SmSession, header: bytes, data: bytes | None, le: int | None) -> bytes:
    """Plain command parts → protected short APDU. SELECT (2 data bytes) gives 27 bytes, READ gives 19."""
    ssc = session.next_ssc()
    dos = b""
    if data:
        cryptogram = b"\x01" + session.crypt(ssc, pad(data))
        dos += b"\x87" + ber_length(len(cryptogram)) + cryptogram
    if le is not None:
        dos += b"\x97\x01" + bytes([le & 0xFF])
    protected_header = bytes([SM_CLA]) + header[1:4]
    mac = session.mac(ssc, protected_header + dos)
    body = dos + b"\x8e\x08" + mac
    return protected_header + bytes([len(body)]) + body + b"\x00"


def unprotect_command(session: SmSession, header: bytes, body: bytes) -> tuple[bytes | None, int | None]:
    """Check and decrypt a protected command's data field → (plain data or None, Le or None)."""
    ssc = session.next_ssc()
    tlvs = parse_tlvs(body)
    if not tlvs or tlvs[-1][0] != 0x8E or len(tlvs[-1][1]) != MAC_LEN:
        raise SmError("no MAC")
    dos = b"".join(raw for _, _, raw in tlvs[:-1])
    if not session.verify(ssc, bytes([SM_CLA]) + header[1:4] + dos, tlvs[-1][1]):
        raise SmError("bad MAC")
    data: bytes | None = None
    le: int | None = None
    for tag, value, _ in tlvs[:-1]:
        if tag == 0x87:
            if not value or value[0] != 0x01:
                raise SmError("bad padding indicator")
            plain = unpad(session.crypt(ssc, value[1:]))
            if plain is None:
                raise SmError("bad padding")
            data = plain
        elif tag == 0x97:
            if len(value) != 1:
                raise SmError("bad Le object")
            le = value[0] or 256
        else:
            raise SmError("unexpected data object")
    return data, le


def protect_response(session: SmSession, data: bytes, sw: int) -> bytes:
    """Protected response body without the outer SW: [87 L 01 ‖ cryptogram] ‖ 99 02 SW ‖ 8E 08 MAC."""
    ssc = session.next_ssc()
    dos = b""
    if data:
        cryptogram = b"\x01" + session.crypt(ssc, pad(data))
        dos += b"\x87" + ber_length(len(cryptogram)) + cryptogram
    dos += b"\x99\x02" + sw.to_bytes(2, "big")
    return dos + b"\x8e\x08" + session.mac(ssc, dos)


def unprotect_response(session: SmSession, body: bytes) -> tuple[bytes, int]:
    """Check and decrypt a protected response body → (plain data, inner SW)."""
    ssc = session.next_ssc()
    tlvs = parse_tlvs(body)
    if len(tlvs) < 2 or tlvs[-1][0] != 0x8E or len(tlvs[-1][1]) != MAC_LEN:
        raise SmError("no MAC")
    dos = b"".join(raw for _, _, raw in tlvs[:-1])
    if not session.verify(ssc, dos, tlvs[-1][1]):
        raise SmError("bad MAC")
    data = b""
    sw: int | None = None
    for tag, value, _ in tlvs[:-1]:
        if tag == 0x87:
            if not value or value[0] != 0x01:
                raise SmError("bad padding indicator")
            plain = unpad(session.crypt(ssc, value[1:]))
            if plain is None:
                raise SmError("bad padding")
            data = plain
        elif tag == 0x99 and len(value) == 2:
            sw = int.from_bytes(value, "big")
        else:
            raise SmError("unexpected data object")
    if sw is None:
        raise SmError("no status object")
    return data, sw
