"""NIK rules: 16 digits = province ‖ regency ‖ district ‖ DDMMYY (day + 40 for women) ‖ serial.

The one set of NIK rules for the chip, the registry and what a clerk types. On a chip a NIK that breaks
them is reported as warnings, not as a crash: real cards carry old region codes and the odd clerical
mistake, and the clerk must still be able to serve the citizen. A typed NIK is refused by ``problem``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache

import resources
from reader.errors import QT_TRANSLATE_NOOP


@dataclass(frozen=True)
class NikInfo:
    province: str
    regency: str
    district: str
    birth_day: int  # as encoded, women already minus 40
    birth_month: int
    birth_yy: int
    female: bool
    serial: str
    warnings: tuple[str, ...]

    @property
    def province_name(self) -> str:
        return provinces().get(self.province, "")


@cache
def provinces() -> dict[str, str]:
    data = json.loads(resources.path("provinces.json").read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


def is_well_formed(nik: str) -> bool:
    """16 ASCII digits (``str.isdigit`` alone lets Arabic-Indic and other digits through)."""
    return len(nik) == 16 and nik.isascii() and nik.isdigit()


def problem(nik: str) -> str | None:
    """Why a typed NIK cannot be one, in Indonesian; None when it is plausible. Refused: not 16 digits, a
    region code 00, no real date in it, serial 0000. A province code this list does not know is not refused
    (new provinces get codes before a list is updated); on a chip it is a warning."""
    if not is_well_formed(nik):
        return QT_TRANSLATE_NOOP("Core", "NIK harus 16 angka.")
    if "00" in (nik[0:2], nik[2:4], nik[4:6]):
        return QT_TRANSLATE_NOOP("Core", "Kode wilayah pada NIK tidak sah.")
    day, month, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    if not _valid_day_month(day - 40 if day > 40 else day, month, yy):
        return QT_TRANSLATE_NOOP("Core", "Tanggal lahir di dalam NIK tidak sah.")
    if nik[12:16] == "0000":
        return QT_TRANSLATE_NOOP("Core", "Nomor urut pada NIK tidak sah.")
    return None


def parse(nik: str) -> NikInfo:
    """Decode a NIK. Raises ValueError only when it is not 16 digits at all."""
    if not is_well_formed(nik):
        raise ValueError("NIK must be exactly 16 digits")
    warnings: list[str] = []
    province, regency, district = nik[0:2], nik[2:4], nik[4:6]
    if province not in provinces():
        warnings.append(QT_TRANSLATE_NOOP("Core", "Kode provinsi {code} pada NIK tidak dikenal.").format(
            code=province))
    if regency == "00":
        warnings.append(QT_TRANSLATE_NOOP("Core", "Kode kabupaten/kota pada NIK adalah 00."))
    if district == "00":
        warnings.append(QT_TRANSLATE_NOOP("Core", "Kode kecamatan pada NIK adalah 00."))
    day, month, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    female = day > 40
    if female:
        day -= 40
    if not _valid_day_month(day, month, yy):
        warnings.append(QT_TRANSLATE_NOOP("Core", "Tanggal lahir yang tersandi dalam NIK tidak valid."))
    if nik[12:16] == "0000":
        warnings.append(QT_TRANSLATE_NOOP("Core", "Nomor urut pada NIK adalah 0000."))
    return NikInfo(province, regency, district, day, month, yy, female, nik[12:16], tuple(warnings))


def _valid_day_month(day: int, month: int, yy: int) -> bool:
    # The century is not in the NIK; 2000 is a leap year, so 29 February is accepted for any year it can be.
    try:
        date(2000 + yy, month, day)
        return True
    except ValueError:
        return False


def consistency_warnings(nik: str, birth: date | None, sex: str) -> list[str]:
    """Compare the NIK's encoded birth date and sex with the chip's own fields."""
    try:
        info = parse(nik)
    except ValueError:
        return [QT_TRANSLATE_NOOP("Core", "NIK pada chip bukan 16 digit angka.")]
    warnings = list(info.warnings)
    if birth is not None and (info.birth_day, info.birth_month, info.birth_yy) != (
        birth.day, birth.month, birth.year % 100
    ):
        warnings.append(QT_TRANSLATE_NOOP(
            "Core", "Tanggal lahir pada chip tidak sesuai dengan tanggal lahir dalam NIK."))
    if sex in ("LAKI-LAKI", "PEREMPUAN") and (sex == "PEREMPUAN") != info.female:
        warnings.append(QT_TRANSLATE_NOOP(
            "Core", "Jenis kelamin pada chip tidak sesuai dengan NIK (tanggal +40 untuk perempuan)."))
    return warnings
