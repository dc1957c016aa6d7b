"""A virtual e-KTP chip answering APDUs the way ektp-protocol.md §2–§5 describes it, seen from the host.

The card holds its files precomputed (built once per person and fault set), so `respond()` only slices
bytes and, for secure messaging, runs one MAC and one keystream — cheap enough for pcscd's ~0.1 ms round
trips to stay the bottleneck.
"""

from __future__ import annotations

import hashlib
import os
import struct
from dataclasses import dataclass

from reader.simulator import crypto
from reader.simulator.images import photo_jpeg, signature_bitmap
from reader.simulator.population import Person

CARD_ATR = bytes.fromhex("3B80800101")  # pcscd picks T=1 for it

DF_KTP = 0x7F0A
EF_CC = 0x6FF0
EF_BIODATA = 0x6FF1
EF_PHOTO = 0x6FF2
EF_SIGNATURE = 0x6FF3
EF_FINGER_1 = 0x6FF4
EF_FINGER_2 = 0x6FF5
EF_DS = 0x6FF6

PLAIN_FILES = frozenset({EF_PHOTO, EF_CC})  # readable without secure messaging
CC_LEN = 51
DS_FILE_LEN = 80

SW_OK = 0x9000
SW_WRONG_LENGTH = 0x6700
SW_AUTH_FAILED = 0x6300
SW_SECURITY = 0x6982
SW_CONDITIONS = 0x6985
SW_NO_CURRENT_EF = 0x6986
SW_SM_OBJECTS = 0x6988
SW_WRONG_DATA = 0x6A80
SW_NOT_FOUND = 0x6A82
SW_WRONG_P1P2 = 0x6A86
SW_WRONG_OFFSET = 0x6B00
SW_INS = 0x6D00
SW_CLA = 0x6E00


def sw_bytes(sw: int) -> bytes:
    return sw.to_bytes(2, "big")


@dataclass(frozen=True)
class Apdu:
    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes
    ne: int | None  # None: no Le field; 256 / 65536 for a zero short / extended Le
    extended: bool

    @property
    def header(self) -> bytes:
        return bytes((self.cla, self.ins, self.p1, self.p2))


def parse_apdu(raw: bytes) -> Apdu | None:
    """ISO 7816-4 cases 1–4, short and extended; None when the length fields don't add up."""
    if len(raw) < 4:
        return None
    cla, ins, p1, p2 = raw[:4]
    body = raw[4:]
    if not body:
        return Apdu(cla, ins, p1, p2, b"", None, False)
    if len(body) == 1:
        return Apdu(cla, ins, p1, p2, b"", body[0] or 256, False)
    if body[0] != 0:
        lc = body[0]
        if len(body) == 1 + lc:
            return Apdu(cla, ins, p1, p2, body[1:], None, False)
        if len(body) == 2 + lc:
            return Apdu(cla, ins, p1, p2, body[1:-1], body[-1] or 256, False)
        return None
    if len(body) == 3:
        return Apdu(cla, ins, p1, p2, b"", int.from_bytes(body[1:3], "big") or 65536, True)
    lc = int.from_bytes(body[1:3], "big")
    if lc == 0:
        return None
    if len(body) == 3 + lc:
        return Apdu(cla, ins, p1, p2, body[3:], None, True)
    if len(body) == 5 + lc:
        return Apdu(cla, ins, p1, p2, body[3:-2], int.from_bytes(body[-2:], "big") or 65536, True)
    return None


@dataclass(frozen=True)
class CardFaults:
    """Ways a simulated card can misbehave or differ from the common case.

    `biodata` and `photo` describe how the card was *issued* (the DS signs them, so the card stays
    authentic); `photo_altered` and `Person.tampered` are changes made *after* issue (not authentic).
    """

    pull_at: int | None = None  # vpcd client drops the connection instead of answering this C-APDU
    not_ektp: bool = False  # SELECT 7F0A → 6A 82
    no_extended: bool = False  # extended-length READ BINARY → 67 00
    biodata: bytes | None = None  # raw 6FF1 content after the 2-byte length
    photo: bytes | None = None  # raw image bytes of 6FF2 after the 2-byte length
    photo_altered: bool = False  # photo changed after issue: the SAM's verification must fail
    status_at: tuple[int, int] | None = None  # (N, SW): answer the N-th C-APDU with just SW


@dataclass(frozen=True)
class CardFiles:
    uid: bytes  # what FF CA returns: 7-byte UID (type A) or 4-byte PUPI (type B)
    uid8: bytes  # what the host must compute as UID8 (spec §2 steps 1 and 3)
    type_b: bool
    key: bytes  # authentication key shared with the SAM
    files: dict[int, bytes]


def _with_length(content: bytes) -> bytes:
    return struct.pack(">H", len(content)) + content


def biodata_content(fields: list[str]) -> bytes:
    return ('"' + '","'.join(fields) + '"').encode("utf-8")


def _fingerprint_record(nik: str, finger: int) -> bytes:
    """A plausible ISO/IEC 19794-2:2005 finger minutiae record, deterministic per person and finger."""
    stream = hashlib.shake_256(f"minutiae:{finger}:{nik}".encode()).digest(512)
    count = 28 + stream[0] % 18
    minutiae = b""
    for i in range(count):
        a, b, c, d = stream[1 + 4 * i:5 + 4 * i]
        kind = 1 + (a & 1)  # ridge ending / bifurcation
        x = 20 + (a << 1 | b >> 7) % 460
        y = 20 + (b << 2 | c >> 6) % 460
        minutiae += struct.pack(">HHBB", kind << 14 | x, y, c, 40 + d % 61)
    view = bytes([finger, 0, 60 + stream[400] % 40, count]) + minutiae + b"\x00\x00"
    total = 24 + len(view)
    header = b"FMR\x00 20\x00" + struct.pack(">IHHHHHBB", total, 0, 500, 500, 197, 197, 1, 0)
    return header + view


def _serial(person: Person) -> bytes:
    return hashlib.sha256(f"serial:{person.nik}".encode()).digest()[:8]


def card_capability(serial: bytes) -> bytes:
    """The 51-byte CC: format version 01 ‖ card serial (8) ‖ chip/OS data the host treats as opaque."""
    filler = hashlib.shake_256(b"cc-filler:" + serial).digest(CC_LEN - 9)
    return b"\x01" + serial + filler


def _build_files(person: Person, faults: CardFaults) -> CardFiles:
    if person.uid_type_b:
        uid8 = bytes.fromhex(person.uid_type_b)
        uid, type_b = uid8[:4], True  # a type-B PUPI is 4 bytes
    else:
        if person.uid:
            uid = bytes.fromhex(person.uid)
        else:  # a person without a UID still gets a stable, NXP-looking one
            uid = b"\x04" + hashlib.sha256(person.nik.encode()).digest()[:6]
        uid8, type_b = (b"\x80" + uid).ljust(8, b"\x00")[:8], False
    serial = _serial(person)

    if faults.biodata is not None:
        issued_bio = current_bio = faults.biodata
    else:
        issued_bio = biodata_content(person.issued_biodata_fields())
        current_bio = biodata_content(person.biodata_fields())
    image = faults.photo if faults.photo is not None else photo_jpeg(person.nik)
    issued_photo = _with_length(image)
    current_photo = issued_photo
    if faults.photo_altered:
        middle = len(current_photo) // 2
        flipped = bytes([current_photo[middle] ^ 0x55])
        current_photo = current_photo[:middle] + flipped + current_photo[middle + 1:]

    signature = crypto.issuer_sign(_with_length(issued_bio), issued_photo)
    ds = _with_length(signature).ljust(DS_FILE_LEN, b"\x00")
    assert len(signature) <= DS_FILE_LEN - 2

    files = {
        EF_CC: _with_length(card_capability(serial)),
        EF_BIODATA: _with_length(current_bio),
        EF_PHOTO: current_photo,
        EF_SIGNATURE: _with_length(signature_bitmap(person.nama)),
        EF_FINGER_1: _with_length(_fingerprint_record(person.nik, 7)),  # left index
        EF_FINGER_2: _with_length(_fingerprint_record(person.nik, 2)),  # right index
        EF_DS: ds,
    }
    return CardFiles(uid=uid, uid8=uid8, type_b=type_b, key=crypto.card_key(serial, uid8), files=files)


# Building a card costs a JPEG encode and an ECDSA signature; tests make many cards of few people.
_FILES_CACHE: dict[tuple[str, CardFaults], CardFiles] = {}


def card_files(person: Person, faults: CardFaults) -> CardFiles:
    key = (repr(person), faults)
    built = _FILES_CACHE.get(key)
    if built is None:
        built = _FILES_CACHE[key] = _build_files(person, faults)
    return built


class VirtualCard:
    """One simulated e-KTP. `respond()` takes a C-APDU and returns data ‖ SW1 SW2."""

    atr: bytes = CARD_ATR

    def __init__(self, person: Person, faults: CardFaults | None = None) -> None:
        self.person = person
        self.faults = faults or CardFaults()
        self._card = card_files(person, self.faults)
        self.apdu_count = 0  # C-APDUs since insertion (construction or `inserted()`)
        self._pulled = False
        self.reset()

    def __repr__(self) -> str:  # no personal data: reprs end up in logs and test output
        return f"VirtualCard(type_b={self._card.type_b}, faults={self.faults!r})"

    @property
    def uid8(self) -> bytes:
        return self._card.uid8

    def file(self, fid: int) -> bytes:
        """A file's full content, for tests that compare what the host read."""
        return self._card.files[fid]

    # ---- power and presence --------------------------------------------------------------------

    def reset(self) -> None:
        """Power cycle: selection, challenge and secure-messaging session are volatile."""
        self._df_selected = False
        self._current: int | None = None
        self._challenge: bytes | None = None
        self._session: crypto.SmSession | None = None

    def inserted(self) -> None:
        """Card put on the reader: counting for `pull_at` / `status_at` starts again."""
        self.apdu_count = 0
        self.reset()

    def should_pull(self) -> bool:
        """Asked by the vpcd client before each C-APDU: True = vanish instead of answering.

        Fires once per card object, so re-inserting the same card after the pull reads normally.
        """
        pull_at = self.faults.pull_at
        if pull_at is not None and not self._pulled and self.apdu_count + 1 == pull_at:
            self._pulled = True
            return True
        return False

    # ---- APDU dispatch -------------------------------------------------------------------------

    def respond(self, apdu: bytes) -> bytes:
        self.apdu_count += 1
        if self.faults.status_at is not None and self.apdu_count == self.faults.status_at[0]:
            return sw_bytes(self.faults.status_at[1])
        cmd = parse_apdu(apdu)
        if cmd is None:
            return sw_bytes(SW_WRONG_LENGTH)
        if cmd.cla == 0xFF:
            return self._pcsc(cmd)
        if cmd.cla == 0x00:
            handler = {
                0xA4: self._select,
                0xB0: self._read_binary,
                0xDD: self._type_b_uid,
                0x84: self._get_challenge,
                0x82: self._external_authenticate,
            }.get(cmd.ins)
            return handler(cmd) if handler else sw_bytes(SW_INS)
        if cmd.cla == crypto.SM_CLA:
            if cmd.ins in (0xA4, 0xB0):
                return self._secure(cmd)
            return sw_bytes(SW_INS)
        return sw_bytes(SW_CLA)

    def _pcsc(self, cmd: Apdu) -> bytes:
        # FF CA is answered by a real reader, not the chip; the simulator plays both.
        if cmd.ins != 0xCA:
            return sw_bytes(SW_INS)
        if cmd.p1 != 0x00 or cmd.p2 != 0x00:
            return sw_bytes(SW_WRONG_P1P2)
        uid = self._card.uid
        if cmd.ne is not None and cmd.ne < len(uid):
            return sw_bytes(0x6C00 | len(uid))
        return uid + sw_bytes(SW_OK)

    def _type_b_uid(self, cmd: Apdu) -> bytes:
        if not self._card.type_b:
            return sw_bytes(SW_INS)
        if cmd.p1 or cmd.p2:
            return sw_bytes(SW_WRONG_P1P2)
        if cmd.ne != 8 or cmd.data:
            return sw_bytes(SW_WRONG_LENGTH)
        return self._card.uid8 + sw_bytes(SW_OK)

    def _select_fid(self, fid: int) -> int:
        if fid == DF_KTP:
            if self.faults.not_ektp:
                return SW_NOT_FOUND
            self._df_selected, self._current = True, None
            return SW_OK
        if fid == 0x3F00:
            self._df_selected, self._current = False, None
            return SW_OK
        if self._df_selected and fid in self._card.files:
            self._current = fid
            return SW_OK
        return SW_NOT_FOUND

    def _select(self, cmd: Apdu) -> bytes:
        if cmd.p1 or cmd.p2:
            return sw_bytes(SW_WRONG_P1P2)
        if len(cmd.data) != 2:
            return sw_bytes(SW_WRONG_LENGTH)
        return sw_bytes(self._select_fid(int.from_bytes(cmd.data, "big")))

    def _read_current(self, offset: int, ne: int) -> tuple[bytes, int]:
        if self._current is None:
            return b"", SW_NO_CURRENT_EF
        content = self._card.files[self._current]
        if offset >= len(content):
            return b"", SW_WRONG_OFFSET
        return content[offset:offset + ne], SW_OK

    def _read_binary(self, cmd: Apdu) -> bytes:
        if cmd.ne is None or cmd.data:
            return sw_bytes(SW_WRONG_LENGTH)
        if cmd.extended and self.faults.no_extended:
            return sw_bytes(SW_WRONG_LENGTH)
        if cmd.p1 & 0x80:  # short-EF addressing: not offered by this chip
            return sw_bytes(SW_WRONG_P1P2)
        if self._current is not None and self._current not in PLAIN_FILES:
            return sw_bytes(SW_SECURITY)
        data, sw = self._read_current(cmd.p1 << 8 | cmd.p2, cmd.ne)
        return data + sw_bytes(sw)

    def _get_challenge(self, cmd: Apdu) -> bytes:
        if cmd.p1 or cmd.p2:
            return sw_bytes(SW_WRONG_P1P2)
        if cmd.ne != 8 or cmd.data:
            return sw_bytes(SW_WRONG_LENGTH)
        self._challenge = os.urandom(8)
        return self._challenge + sw_bytes(SW_OK)

    def _external_authenticate(self, cmd: Apdu) -> bytes:
        if cmd.p1 or cmd.p2:
            return sw_bytes(SW_WRONG_P1P2)
        if len(cmd.data) != crypto.AUTH_LEN or cmd.ne is None:
            return sw_bytes(SW_WRONG_LENGTH)
        if cmd.ne < crypto.AUTH_LEN:
            return sw_bytes(0x6C00 | crypto.AUTH_LEN)
        rnd_icc, self._challenge = self._challenge, None  # a challenge is good for one attempt only
        self._session = None
        if rnd_icc is None:
            return sw_bytes(SW_CONDITIONS)
        key = self._card.key
        plain = crypto.auth_open(key, b"ifd", rnd_icc, cmd.data)
        if plain is None or plain[8:16] != rnd_icc:
            return sw_bytes(SW_AUTH_FAILED)
        rnd_ifd, k_ifd = plain[:8], plain[16:32]
        k_icc = os.urandom(16)
        answer = crypto.auth_seal(key, b"icc", rnd_ifd, rnd_icc + rnd_ifd + k_icc)
        self._session = crypto.SmSession.derive(key, k_ifd, k_icc, rnd_icc, rnd_ifd)
        return answer + sw_bytes(SW_OK)

    def _secure(self, cmd: Apdu) -> bytes:
        session = self._session
        if session is None:
            # No keys, so no way to MAC an answer: a bare status word, as a real chip would do.
            return sw_bytes(SW_SECURITY)
        if cmd.extended or not cmd.data or cmd.ne is None:
            self._session = None
            return sw_bytes(SW_SM_OBJECTS)
        try:
            data, le = crypto.unprotect_command(session, cmd.header, cmd.data)
        except crypto.SmError:
            self._session = None  # ISO 7816-4: an SM error ends the secure channel
            return sw_bytes(SW_SM_OBJECTS)

        if cmd.ins == 0xA4:
            if cmd.p1 or cmd.p2:
                body, sw = b"", SW_WRONG_P1P2
            elif data is None or len(data) != 2 or le is not None:
                body, sw = b"", SW_WRONG_LENGTH
            else:
                body, sw = b"", self._select_fid(int.from_bytes(data, "big"))
        else:
            if le is None or data is not None:
                body, sw = b"", SW_WRONG_LENGTH
            elif cmd.p1 & 0x80:
                body, sw = b"", SW_WRONG_P1P2
            else:
                body, sw = self._read_current(cmd.p1 << 8 | cmd.p2, le)
        # A refusal travels inside the protected response (99 02 SW) under an outer 90 00, so the
        # host hands it to the SAM and learns the card's SW from the unwrap (spec §4 item 3).
        return crypto.protect_response(session, body, sw) + sw_bytes(SW_OK)
