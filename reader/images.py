"""The two pictures on the chip: the photo (format found by its magic bytes) and the signature bitmap."""

from __future__ import annotations

import struct
import zlib

from reader.errors import QT_TRANSLATE_NOOP, CardDataMalformed
from reader.identity import Photo, Signature

SIGNATURE_WIDTH = 168
SIGNATURE_HEIGHT = 44
SIGNATURE_BYTES = SIGNATURE_WIDTH // 8 * SIGNATURE_HEIGHT  # 924

_MAGIC = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x00\x00\x00\x0cjP  \r\n\x87\n", "image/jp2"),
    (b"\xff\x4f\xff\x51", "image/j2k"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)
UNKNOWN_MIME = "application/octet-stream"


def detect_mime(data: bytes) -> str:
    for magic, mime in _MAGIC:
        if data.startswith(magic):
            return mime
    return UNKNOWN_MIME


def photo_from_file(file: bytes) -> tuple[Photo, list[str]]:
    """``file`` is the whole EF 6FF2 including its 2-byte length. An unknown format is a warning only."""
    if len(file) < 2:
        raise CardDataMalformed("photo file shorter than its length field")
    length = int.from_bytes(file[:2], "big")
    data = file[2 : 2 + length]
    if len(data) != length:
        raise CardDataMalformed(f"photo file holds {len(data)} bytes, its length says {length}")
    mime = detect_mime(data)
    warnings = [] if mime != UNKNOWN_MIME else [QT_TRANSLATE_NOOP(
        "Core", "Format foto pada chip tidak dikenal; data foto disimpan apa adanya.")]
    return Photo(data, mime), warnings


def signature_from_content(content: bytes) -> Signature:
    """``content`` is EF 6FF3 after its 2-byte length: a 168×44 1-bpp bitmap, 1 = white."""
    if len(content) < SIGNATURE_BYTES:
        raise CardDataMalformed(f"signature bitmap has {len(content)} bytes, expected {SIGNATURE_BYTES}")
    return Signature(SIGNATURE_WIDTH, SIGNATURE_HEIGHT, bytes(content[:SIGNATURE_BYTES]))


def signature_png(sig: Signature, scale: int = 1) -> bytes:
    """A 1-bit grayscale PNG of the signature, built with zlib alone so reader/ needs no imaging library."""
    row_bytes = (sig.width + 7) // 8
    rows = []
    for y in range(sig.height):
        row = sig.bits[y * row_bytes : (y + 1) * row_bytes]
        if scale == 1:
            rows.append(b"\x00" + row)
            continue
        pixels = [(row[x // 8] >> (7 - x % 8)) & 1 for x in range(sig.width) for _ in range(scale)]
        packed = bytes(
            sum(bit << (7 - i) for i, bit in enumerate(pixels[j : j + 8])) for j in range(0, len(pixels), 8)
        )
        rows.extend([b"\x00" + packed] * scale)
    width, height = sig.width * scale, sig.height * scale

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit grayscale: 1 = white, as on card
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows)))
            + chunk(b"IEND", b""))
