"""A virtual Dukcapil SAM: unlock, mutual authentication, SM wrap/unwrap and automatic verification.

The SAM never trusts the host about what was read: it learns the selected file and offsets from the
plain APDUs it wraps, keeps the biodata it decrypts itself, and checks the issuer signature over that
and the photo chunks it was handed (spec §2 steps 12–18).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import Enum, auto

from reader.simulator import SIM_CONF, SIM_PCID, crypto
from reader.simulator.card import (
    EF_BIODATA,
    SW_AUTH_FAILED,
    SW_CLA,
    SW_CONDITIONS,
    SW_INS,
    SW_OK,
    SW_SECURITY,
    SW_SM_OBJECTS,
    SW_WRONG_DATA,
    SW_WRONG_LENGTH,
    SW_WRONG_P1P2,
    Apdu,
    parse_apdu,
    sw_bytes,
)

SW_MEMORY = 0x6A84
PHOTO_LIMIT = 65537  # a photo file's 2-byte length caps it at 65535 + 2


def _atr(historical: bytes) -> bytes:
    # TS 3B, T0 8K (TD1 follows, K historical bytes), TD1 80 (TD2 follows), TD2 01 (T=1), TCK.
    body = bytes([0x80 | len(historical), 0x80, 0x01]) + historical
    tck = 0
    for byte in body:
        tck ^= byte
    return b"\x3b" + body + bytes([tck])


SAM_ATR = _atr(b"LOKET-SAM1")


@dataclass(frozen=True)
class SamFaults:
    status_at: tuple[int, int] | None = None  # (N, SW): answer the N-th C-APDU with just SW


class _Verify(Enum):
    IDLE = auto()
    STARTED = auto()  # FA 00 seen
    HAVE_DS = auto()  # FA 06 seen; photo chunks may follow
    DECIPHERING = auto()  # FA 05 seen
    STOPPED = auto()  # FA 02 seen; exactly one more SM read (the file's last chunk) may follow
    BROKEN = auto()  # a step out of order: VERIFY will say 00 00


@dataclass
class _Pending:
    """The plain command last wrapped, applied when its protected answer is unwrapped."""

    ins: int
    fid: int | None
    offset: int = 0


class VirtualSam:
    atr: bytes = SAM_ATR

    def __init__(
        self, pcid: bytes = SIM_PCID, conf: bytes = SIM_CONF, faults: SamFaults | None = None
    ) -> None:
        if len(pcid) != 16 or len(conf) != 32:
            raise ValueError("PCID must be 16 bytes and CONF 32 bytes")
        self._unlock = bytes(p ^ c for p, c in zip(pcid * 2, conf, strict=True))
        self.faults = faults or SamFaults()
        # A refused unlock blocks the SAM for good (the real one counts tries); reset() keeps it.
        self.locked = False
        self.apdu_count = 0
        self.reset()

    def __repr__(self) -> str:
        return f"VirtualSam(locked={self.locked}, faults={self.faults!r})"

    def reset(self) -> None:
        """Power cycle: the unlock, the session and any verification in progress are lost."""
        self._opened = False
        self._clear_session()

    def inserted(self) -> None:
        self.apdu_count = 0
        self.reset()

    def _clear_session(self) -> None:
        self._auth: tuple[bytes, bytes, bytes, bytes] | None = None  # key, rnd_ifd, k_ifd, rnd_icc
        self._session: crypto.SmSession | None = None
        self._pending: _Pending | None = None
        self._selected: int | None = None
        self._clear_verification()
        self._verify = _Verify.IDLE

    def _clear_verification(self) -> None:
        self._ds: bytes | None = None
        self._photo = bytearray()
        self._biodata: list[tuple[int, bytes]] = []
        self._file_totals: dict[int, int] = {}
        self._reads_after_stop = 0
        self._last_read_completed_file = False

    # ---- dispatch ------------------------------------------------------------------------------

    def respond(self, apdu: bytes) -> bytes:
        self.apdu_count += 1
        if self.faults.status_at is not None and self.apdu_count == self.faults.status_at[0]:
            return sw_bytes(self.faults.status_at[1])
        if self.locked:
            return sw_bytes(SW_SECURITY)
        cmd = parse_apdu(apdu)
        if cmd is None:
            return sw_bytes(SW_WRONG_LENGTH)
        if cmd.cla != 0x00:
            return sw_bytes(SW_CLA)
        if cmd.ins == 0xF0:
            return self._open(cmd)
        handler = {
            0xFF: self._reset_session,
            0xF1: self._authenticate,
            0xF2: self._check_card_answer,
            0xF3: self._wrap,
            0xF4: self._unwrap,
            0xFA: self._verification,
        }.get(cmd.ins)
        if handler is None:
            return sw_bytes(SW_INS)
        if not self._opened:
            return sw_bytes(SW_CONDITIONS)
        return handler(cmd)

    def _open(self, cmd: Apdu) -> bytes:
        if cmd.p1 or cmd.p2:
            return sw_bytes(SW_WRONG_P1P2)
        if len(cmd.data) != 32:
            return sw_bytes(SW_WRONG_LENGTH)
        if cmd.data != self._unlock:
            self.locked = True
            return sw_bytes(SW_SECURITY)
        self._opened = True
        return sw_bytes(SW_OK)

    def _reset_session(self, cmd: Apdu) -> bytes:
        if cmd.p1 or cmd.p2:
            return sw_bytes(SW_WRONG_P1P2)
        self._clear_session()
        return sw_bytes(SW_OK)

    # ---- mutual authentication -----------------------------------------------------------------

    def _authenticate(self, cmd: Apdu) -> bytes:
        if cmd.p1 or cmd.p2 not in (0x00, 0x01):  # P2 differs between integrations (spec §2)
            return sw_bytes(SW_WRONG_P1P2)
        if len(cmd.data) < 9 + 16:
            return sw_bytes(SW_WRONG_LENGTH)
        cc, uid8, rnd_icc = cmd.data[:-16], cmd.data[-16:-8], cmd.data[-8:]
        if cc[0] != 0x01:
            return sw_bytes(SW_WRONG_DATA)
        self._clear_session()
        key = crypto.card_key(cc[1:9], uid8)
        rnd_ifd, k_ifd = os.urandom(8), os.urandom(16)
        self._auth = (key, rnd_ifd, k_ifd, rnd_icc)
        sealed = crypto.auth_seal(key, b"ifd", rnd_icc, rnd_ifd + rnd_icc + k_ifd)
        # The trailing 28 is the Le of the EXTERNAL AUTHENTICATE the host builds from this blob.
        return sealed + bytes([crypto.AUTH_LEN]) + sw_bytes(SW_OK)

    def _check_card_answer(self, cmd: Apdu) -> bytes:
        if cmd.p1 or cmd.p2:
            return sw_bytes(SW_WRONG_P1P2)
        if len(cmd.data) != crypto.AUTH_LEN:
            return sw_bytes(SW_WRONG_LENGTH)
        if self._auth is None:
            return sw_bytes(SW_CONDITIONS)
        key, rnd_ifd, k_ifd, rnd_icc = self._auth
        self._auth = None
        plain = crypto.auth_open(key, b"icc", rnd_ifd, cmd.data)
        if plain is None or plain[:8] != rnd_icc or plain[8:16] != rnd_ifd:
            return sw_bytes(SW_AUTH_FAILED)
        self._session = crypto.SmSession.derive(key, k_ifd, plain[16:32], rnd_icc, rnd_ifd)
        return sw_bytes(SW_OK)

    # ---- secure messaging ----------------------------------------------------------------------

    def _wrap(self, cmd: Apdu) -> bytes:
        if cmd.p1 or cmd.p2:
            return sw_bytes(SW_WRONG_P1P2)
        if self._session is None:
            return sw_bytes(SW_CONDITIONS)
        plain = parse_apdu(cmd.data)
        if plain is None or plain.cla != 0x00 or plain.extended:
            return sw_bytes(SW_WRONG_DATA)
        if plain.ins == 0xA4 and len(plain.data) == 2 and plain.ne is None and not (plain.p1 or plain.p2):
            protected = crypto.protect_command(self._session, plain.header, plain.data, None)
            self._pending = _Pending(0xA4, int.from_bytes(plain.data, "big"))
        elif plain.ins == 0xB0 and not plain.data and plain.ne is not None:
            protected = crypto.protect_command(self._session, plain.header, None, plain.ne)
            self._pending = _Pending(0xB0, self._selected, plain.p1 << 8 | plain.p2)
        else:
            return sw_bytes(SW_WRONG_DATA)
        return protected + sw_bytes(SW_OK)

    def _unwrap(self, cmd: Apdu) -> bytes:
        if cmd.p1 or cmd.p2:
            return sw_bytes(SW_WRONG_P1P2)
        if cmd.extended or not cmd.data:  # one-byte Lc: the reason chunks are capped at 231 bytes
            return sw_bytes(SW_WRONG_LENGTH)
        if self._session is None:
            return sw_bytes(SW_CONDITIONS)
        try:
            data, inner_sw = crypto.unprotect_response(self._session, cmd.data)
        except crypto.SmError:
            self._clear_session()  # counters out of step: the channel cannot recover
            return sw_bytes(SW_SM_OBJECTS)
        pending, self._pending = self._pending, None
        if pending is not None and inner_sw == SW_OK:
            if pending.ins == 0xA4:
                self._selected = pending.fid
            else:
                self._observe_read(pending, data)
        elif pending is not None and self._verify is _Verify.STOPPED:
            self._verify = _Verify.BROKEN
        return data + sw_bytes(inner_sw) + sw_bytes(SW_OK)

    def _observe_read(self, pending: _Pending, data: bytes) -> None:
        if self._verify is _Verify.IDLE or pending.fid is None:
            return
        if pending.offset == 0 and len(data) >= 2:
            self._file_totals[pending.fid] = int.from_bytes(data[:2], "big") + 2
        if pending.fid == EF_BIODATA:
            self._biodata.append((pending.offset, data))
        if self._verify is _Verify.STOPPED:
            self._reads_after_stop += 1
            total = self._file_totals.get(pending.fid)
            self._last_read_completed_file = total is not None and pending.offset + len(data) >= total

    # ---- automatic verification ----------------------------------------------------------------

    def _verification(self, cmd: Apdu) -> bytes:
        if cmd.p1 == 0x04:
            return self._verify_result()  # exactly two bytes, no status word (spec step 18)
        if cmd.p2:
            return sw_bytes(SW_WRONG_P1P2)
        state = self._verify
        if cmd.p1 == 0x00:
            if self._session is None:
                return sw_bytes(SW_CONDITIONS)
            self._clear_verification()
            self._verify = _Verify.STARTED
        elif cmd.p1 == 0x06:
            if len(cmd.data) != 0x50:
                return sw_bytes(SW_WRONG_LENGTH)
            self._ds = cmd.data
            self._verify = _Verify.HAVE_DS if state is _Verify.STARTED else _Verify.BROKEN
        elif cmd.p1 == 0x03:
            if not cmd.data:
                return sw_bytes(SW_WRONG_LENGTH)
            if len(self._photo) + len(cmd.data) > PHOTO_LIMIT:
                return sw_bytes(SW_MEMORY)
            self._photo += cmd.data
            if state is not _Verify.HAVE_DS:
                self._verify = _Verify.BROKEN
        elif cmd.p1 == 0x05:
            self._verify = _Verify.DECIPHERING if state is _Verify.HAVE_DS else _Verify.BROKEN
        elif cmd.p1 == 0x02:
            self._verify = _Verify.STOPPED if state is _Verify.DECIPHERING else _Verify.BROKEN
            self._reads_after_stop = 0
        else:
            return sw_bytes(SW_WRONG_P1P2)
        return sw_bytes(SW_OK)

    def _verify_result(self) -> bytes:
        authentic = (
            self._verify is _Verify.STOPPED
            and self._reads_after_stop == 1
            and self._last_read_completed_file
            and self._signature_valid()
        )
        self._verify = _Verify.IDLE
        self._clear_verification()
        return b"\x00\x01" if authentic else b"\x00\x00"

    def _biodata_file(self) -> bytes | None:
        assembled = bytearray()
        for offset, chunk in sorted(self._biodata, key=lambda item: item[0]):
            if offset > len(assembled):
                return None  # a gap: part of the file never passed through this SAM
            assembled[offset:offset + len(chunk)] = chunk
        if len(assembled) < 2:
            return None
        total = int.from_bytes(assembled[:2], "big") + 2
        return bytes(assembled[:total]) if len(assembled) >= total else None

    def _signature_valid(self) -> bool:
        biodata = self._biodata_file()
        photo = bytes(self._photo)
        ds = self._ds
        if biodata is None or ds is None or len(photo) < 2:
            return False
        if int.from_bytes(photo[:2], "big") + 2 != len(photo):
            return False
        sig_len = int.from_bytes(ds[:2], "big")
        if sig_len > len(ds) - 2:
            return False
        return crypto.issuer_verify(ds[2:2 + sig_len], biodata, photo)
