"""The Dukcapil SAM: its unlock secrets and the unlock itself (ektp-protocol.md §1)."""

from __future__ import annotations

from dataclasses import dataclass

from reader.errors import SamError, SamRefused, sw_text
from reader.transport import Channel

SW_LOCKED = 0x6982


@dataclass(frozen=True, repr=False)
class SamSecrets:
    pcid: bytes  # 16 bytes
    conf: bytes  # 32 bytes

    def __post_init__(self) -> None:
        if len(self.pcid) != 16 or len(self.conf) != 32:
            raise ValueError("PCID must be 16 bytes and CONF 32 bytes")

    def __repr__(self) -> str:  # a traceback or debug print must never show them
        return "SamSecrets(<hidden>)"

    def unlock_data(self) -> bytes:
        return bytes(self.pcid[i] ^ self.conf[i] for i in range(16)) + bytes(
            self.pcid[i] ^ self.conf[16 + i] for i in range(16)
        )

    @classmethod
    def from_hex(cls, pcid_hex: str, conf_hex: str) -> SamSecrets:
        try:
            return cls(bytes.fromhex(pcid_hex.replace(" ", "")), bytes.fromhex(conf_hex.replace(" ", "")))
        except ValueError:
            # fromhex's own message would quote the offending text: part of a secret
            raise ValueError("PCID must be 16 bytes and CONF 32 bytes, in hexadecimal") from None


def sam_check(resp_sw: int, step: str) -> None:
    """Every SAM answer goes through here: 69 82 means the unlock was refused, whatever the step."""
    if resp_sw == 0x9000:
        return
    if resp_sw == SW_LOCKED:
        raise SamRefused(f"{step}: SAM answered 69 82 (credentials refused / SAM locked)")
    raise SamError(f"{step}: SAM answered {sw_text(resp_sw)}")


def select_slot(sam: Channel, slot: int, control_code: int) -> None:
    """Vendor escape for two-slot readers: 68 92 01 00 03 SS 00 00 through SCardControl."""
    answer = sam.transport.control(control_code, bytes([0x68, 0x92, 0x01, 0x00, 0x03, slot, 0x00, 0x00]))
    if answer[-2:] != b"\x90\x00":
        raise SamError(f"SAM slot {slot} selection answered {answer[-2:].hex(' ').upper() or 'nothing'}")


def open_sam(sam: Channel, secrets: SamSecrets) -> None:
    resp = sam.exchange(b"\x00\xf0\x00\x00\x20" + secrets.unlock_data())
    sam_check(resp.sw, "open SAM")
