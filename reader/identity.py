"""What one e-KTP chip says about its holder, as typed values."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class Authenticity(StrEnum):
    VALID = "valid"
    INVALID = "invalid"
    UNCHECKED = "unchecked"


@dataclass(frozen=True, repr=False)  # no repr: a logged %r must not carry a person's data
class Signature:
    """The holder's signature as the chip stores it: a 1-bit bitmap, row-major, MSB first."""

    width: int
    height: int
    bits: bytes  # 1 = white, as on the card

    def is_black(self, x: int, y: int) -> bool:
        row_bytes = (self.width + 7) // 8
        byte = self.bits[y * row_bytes + x // 8]
        return not (byte >> (7 - x % 8)) & 1


@dataclass(frozen=True, repr=False)  # no repr: a logged %r must not carry a person's data
class Photo:
    data: bytes
    mime: str  # "image/jpeg", "image/jp2", "image/png" or "application/octet-stream"

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True, repr=False)  # no repr: a logged %r must not carry a person's data
class Identity:
    """A complete, checked chip read. Never built from a partial read."""

    nik: str
    nama: str
    tempat_lahir: str
    tanggal_lahir: date | None
    jenis_kelamin: str  # "LAKI-LAKI" | "PEREMPUAN" | "" when the chip value was not understood
    golongan_darah: str
    alamat: str
    rt: str  # three digits, "007"
    rw: str
    kelurahan: str
    kecamatan: str
    kabupaten: str
    provinsi: str
    agama: str
    status_perkawinan: str
    pekerjaan: str
    kewarganegaraan: str
    berlaku_hingga: str
    uid: str  # hex; identifies the card, never printed
    authenticity: Authenticity
    photo: Photo
    signature: Signature | None
    extras: dict[str, str] = field(default_factory=dict)  # biodata fields whose meaning is not public
    warnings: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {
            "nik": self.nik,
            "nama": self.nama,
            "tempat_lahir": self.tempat_lahir,
            "tanggal_lahir": self.tanggal_lahir.isoformat() if self.tanggal_lahir else None,
            "jenis_kelamin": self.jenis_kelamin,
            "golongan_darah": self.golongan_darah,
            "alamat": self.alamat,
            "rt": self.rt,
            "rw": self.rw,
            "kelurahan": self.kelurahan,
            "kecamatan": self.kecamatan,
            "kabupaten": self.kabupaten,
            "provinsi": self.provinsi,
            "agama": self.agama,
            "status_perkawinan": self.status_perkawinan,
            "pekerjaan": self.pekerjaan,
            "kewarganegaraan": self.kewarganegaraan,
            "berlaku_hingga": self.berlaku_hingga,
            "uid": self.uid,
            "authenticity": self.authenticity.value,
            "photo": {"mime": self.photo.mime, "size": len(self.photo.data), "sha256": self.photo.sha256},
            "signature": {"size": len(self.signature.bits) if self.signature else 0},
            "extras": dict(self.extras),
            "warnings": list(self.warnings),
        }
