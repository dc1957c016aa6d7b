"""How values are written on Indonesian paper: dates in words, RT/RW, NIK, agama, phone numbers.

Pure functions over plain values, shared by filling (to validate and normalise) and rendering (to print).
"""

from __future__ import annotations

import re
from datetime import date

from reader import nik as nik_rules
from reader import spelling
from reader.clerktext import QT_TRANSLATE_NOOP  # the marker of every clerk's sentence (reader/clerktext.py)

MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)
ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")

# The card's set of religions; registry spellings vary (older data entry, regional habits).
AGAMA = ("ISLAM", "KRISTEN", "KATOLIK", "HINDU", "BUDDHA", "KHONGHUCU", "KEPERCAYAAN TERHADAP TUHAN YME")

_AGAMA_ALIASES = {
    "KATHOLIK": "KATOLIK", "KATHOLIC": "KATOLIK", "KRISTEN KATOLIK": "KATOLIK",
    "KRISTEN PROTESTAN": "KRISTEN", "PROTESTAN": "KRISTEN",
    "BUDHA": "BUDDHA", "BUDA": "BUDDHA",
    "KONGHUCU": "KHONGHUCU", "KONGHUCHU": "KHONGHUCU", "KHONG HU CU": "KHONGHUCU", "KONG HU CU": "KHONGHUCU",
    "KEPERCAYAAN": "KEPERCAYAAN TERHADAP TUHAN YME", "KEPERCAYAAN TERHADAP TUHAN YANG MAHA ESA":
    "KEPERCAYAAN TERHADAP TUHAN YME", "ALIRAN KEPERCAYAAN": "KEPERCAYAAN TERHADAP TUHAN YME",
}

_PHONE = re.compile(r"^(?:\+62|62|0)8[1-9]\d{6,11}$|^(?:\+62|62|0)[2-7]\d{6,10}$")


def tanggal(value: date) -> str:
    """``23 November 2026``: how every Indonesian letter writes a date."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def roman_month(month: int) -> str:
    return ROMAN_MONTHS[month - 1]


def parse_date(text: str) -> date | None:
    """A date as a clerk or a card writes it; None when it is not a real date (31-02-2000 included)."""
    return spelling.parse_date(text)


def rt_rw(number: str) -> str:
    """RT and RW are printed as three digits ("7" → "007"); anything else is left as written."""
    return spelling.padded_rt_rw(number)


def agama(value: str) -> str:
    text = " ".join(value.upper().split())
    return _AGAMA_ALIASES.get(text, text)


def berlaku_hingga(value: str) -> str:
    """"SEUMUR HIDUP" since 2013; early cards carry a printed expiry date, shown in words."""
    text = " ".join(value.upper().split())
    if not text or text.replace(" ", "") == "SEUMURHIDUP":
        return "SEUMUR HIDUP" if text else ""
    parsed = parse_date(text)
    return tanggal(parsed) if parsed else text


def nik_problem(nik: str) -> str | None:
    """Why this is not a NIK, in Indonesian; None when it is plausible (the card side's one set of rules)."""
    return nik_rules.problem(nik)


def nik_grouped(nik: str) -> str:
    """``3273 0145 0792 0001``: how a NIK is read aloud and checked by eye."""
    return " ".join(nik[i:i + 4] for i in range(0, len(nik), 4))


def phone_problem(phone: str) -> str | None:
    digits = re.sub(r"[\s\-().]", "", phone)
    if _PHONE.fullmatch(digits):
        return None
    return QT_TRANSLATE_NOOP("Core", "Nomor telepon tidak wajar; tulis seperti 081234567890 atau (0542) 123456.")


def age_on(birth: date, on: date) -> int:
    """Completed years. A 29 February birthday is completed on 1 March in a common year."""
    years = on.year - birth.year
    if (on.month, on.day) < (birth.month, birth.day):
        years -= 1
    return years


def anniversary(birth: date, years: int) -> date:
    """The day ``years`` are completed; for a 29 February birth in a common year that is 1 March,
    because on 28 February the last year is not yet full."""
    try:
        return birth.replace(year=birth.year + years)
    except ValueError:
        return date(birth.year + years, 3, 1)
