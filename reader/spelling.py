"""How the chip, the registry and the clerk spell the same values: dates, sex, RT/RW, the KTP's fields.

One reading for all three sources, so a value that differs only in spelling is never a disagreement and a
value read here is read the same way everywhere. ``lenient`` is for what real registry exports send
(placeholders for "nothing", two-digit years); the chip and the clerk are read strictly. NIK rules live
beside this in ``reader/nik.py``. No I/O: the card side, the forms and the app all import it.
"""

from __future__ import annotations

import re
from datetime import date, datetime

# The person fields a KTP carries, in the order a form shows them (the chip's biodata, app.citizen.merge, forms).
KTP_FIELDS: tuple[str, ...] = (
    "nik", "nama", "tempat_lahir", "tanggal_lahir", "jenis_kelamin", "golongan_darah", "alamat", "rt", "rw",
    "kelurahan", "kecamatan", "kabupaten", "provinsi", "agama", "status_perkawinan", "pekerjaan",
    "kewarganegaraan", "berlaku_hingga",
)
# Parts of one address: a choice of source for one of them holds for all (never the chip's street with
# the registry's RT).
ADDRESS_FIELDS: tuple[str, ...] = ("alamat", "rt", "rw", "kelurahan", "kecamatan", "kabupaten", "provinsi")

# Day first as Indonesians write it, ISO as exports write it, and the chip's compact YYYYMMDD.
DATE_FORMATS: tuple[str, ...] = ("%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d", "%Y%m%d")
_SHORT_YEAR_FORMATS = ("%d-%m-%y", "%d/%m/%y", "%d.%m.%y")
# The zero-padded spellings of DATE_FORMATS, read without strptime: its first call builds its locale's
# tables (~4 ms of every one-card `loket read`). Anything else still goes through strptime, in order.
_PADDED = re.compile(r"([0-9]{2})([-/.])([0-9]{2})\2([0-9]{4})|([0-9]{4})-([0-9]{2})-([0-9]{2})"
                     r"|([0-9]{4})([0-9]{2})([0-9]{2})")
# How real exports spell "nothing": empty, not a value.
PLACEHOLDERS = frozenset({"-", "--", "---", ".", "NULL", "NONE", "N/A", "NA", "TIDAK ADA", "00-00-0000",
                          "0000-00-00", "00/00/0000"})

MALE = "LAKI-LAKI"
FEMALE = "PEREMPUAN"
# Sex codes seen on chips, in registry exports and typed by clerks; Dukcapil's spelling is the canonical one.
_SEX_CODES: dict[str, str] = {
    "L": MALE, "LK": MALE, "LAKI-LAKI": MALE, "LAKI LAKI": MALE, "LAKILAKI": MALE, "PRIA": MALE, "M": MALE,
    "MALE": MALE,
    "P": FEMALE, "PR": FEMALE, "PEREMPUAN": FEMALE, "WANITA": FEMALE, "F": FEMALE, "FEMALE": FEMALE,
}


def read_date(text: str, *, lenient: bool = False, today: date | None = None) -> date | None:
    """A date in any spelling the sources use; None when empty. Raises ValueError for text that is not a
    real date (31-02-2000 included), so a garbled value is never read as "unknown".

    ``lenient``: the placeholders for "no date" are empty, and a two-digit year is the latest century that
    does not put the date after ``today``.
    """
    text = text.strip()
    if not text:
        return None
    if padded := _PADDED.fullmatch(text):
        d, _, m, y, *iso = padded.groups()
        if d is None:
            y, m, d = iso[0:3] if iso[0] is not None else iso[3:6]
        try:
            return date(int(y), int(m), int(d))
        except ValueError:
            pass  # no such day: strptime below says so, as for any other text
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    if lenient:
        if text.upper() in PLACEHOLDERS:
            return None
        for fmt in _SHORT_YEAR_FORMATS:
            try:
                parsed = datetime.strptime(text, fmt).date()
            except ValueError:
                continue
            today = today or date.today()
            year = today.year // 100 * 100 + parsed.year % 100
            if (year, parsed.month, parsed.day) > (today.year, today.month, today.day):
                year -= 100
            try:
                return parsed.replace(year=year)
            except ValueError:  # 29 February of a year that has none
                break
    raise ValueError("not a date")


def parse_date(text: str, *, lenient: bool = False) -> date | None:
    """``read_date`` for callers that treat unreadable like empty (they report it themselves)."""
    try:
        return read_date(text, lenient=lenient)
    except ValueError:
        return None


def sex(value: str, *, strict: bool = True) -> str:
    """``L``/``LK``/``Pria``/``P``… -> ``LAKI-LAKI`` or ``PEREMPUAN``. An unknown code is ``""`` when
    ``strict``; otherwise it comes back upper-cased, so it can still be shown and compared."""
    key = " ".join(value.upper().split())
    return _SEX_CODES.get(key, "" if strict else key)


def is_rt_rw(text: str) -> bool:
    """RT and RW are numbers of at most three digits."""
    text = text.strip()
    return text.isascii() and text.isdigit() and len(text) <= 3


def padded_rt_rw(text: str) -> str:
    """How the chip and paper write them: ``"7"`` -> ``"007"``; anything else is left as written."""
    text = text.strip()
    return text.zfill(3) if is_rt_rw(text) else text


def unpadded_rt_rw(text: str) -> str:
    """How the registry writes them: ``"007"`` -> ``"7"``, ``"000"`` -> ``"0"``; anything else unchanged."""
    text = text.strip()
    return str(int(text)) if text.isascii() and text.isdigit() else text
