"""The protocol choices the public e-KTP spec leaves open ("configurable" in ektp-protocol.md).

Kept in one table so a field engineer can match a real reader or SAM without touching code; the app stores
it as the ``card`` section of the settings file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# SCARD_CTL_CODE(3500): the CCID escape code on pcsc-lite; Windows drivers use 0x00313520 (3400 << 2).
CCID_ESCAPE_PCSCLITE = 0x42000000 + 3500


@dataclass
class CardOptions:
    sam_slot: int = 0  # 0 = no vendor escape; 1 or 2 = send 68 92 01 00 03 SS 00 00 through SCardControl
    sam_slot_control_code: int = CCID_ESCAPE_PCSCLITE
    auth_p2: str = "kiosk"  # "kiosk": P2 = 01 when CC_LEN = 51, else 00; "always01" (the Android module)
    plain_chunk: int = 248  # photo READ BINARY chunk
    sm_chunk: int = 208  # secure-messaging chunk; <= 231 because the SAM's unwrap Lc is one byte
    extended_length: bool = True  # try one extended READ BINARY for the photo; fall back on 67 00
    photo_to_sam: bool = True  # hand photo chunks to the SAM for the authenticity check (step 15)
    read_fingerprints: bool = False  # data minimisation: Loket does no fingerprint matching
    biodata_fields: dict[str, int] = field(default_factory=dict)  # corrections to biodata_fields.json

    def check(self) -> None:
        if not 1 <= self.sm_chunk <= 231:
            raise ValueError("card.sm_chunk must be between 1 and 231")
        if not 8 <= self.plain_chunk <= 255:
            raise ValueError("card.plain_chunk must be between 8 and 255")
        if self.auth_p2 not in ("kiosk", "always01"):
            raise ValueError("card.auth_p2 must be 'kiosk' or 'always01'")
        if self.sam_slot not in (0, 1, 2):
            raise ValueError("card.sam_slot must be 0, 1 or 2")
        from reader.biodata import field_table

        field_table(self.biodata_fields)  # raises on an unknown field name
