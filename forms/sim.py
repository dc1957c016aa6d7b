"""Who may apply for which driving licence class (SIM), per Perpol 5/2021 art. 8 as amended by Perpol 2/2023.

Kept as tables so a later amendment is a one-line change, and checked before the form is printed so an
under-age applicant is told at the counter, not after the queue at the Satpas.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from forms.values import QT_TRANSLATE_NOOP, age_on, anniversary, tanggal

MIN_AGE: dict[str, int] = {
    "A": 17, "C": 17, "D": 17, "D I": 17,
    "C I": 18,
    "C II": 19,
    "A UMUM": 20, "B I": 20,
    "B II": 21,
    "B I UMUM": 22,
    "B II UMUM": 23,
}

# A class that is only issued to someone who has held a lower one for at least 12 months; the clerk
# checks the old licence and confirms, since Loket cannot see the police's licence database.
PREREQUISITE: dict[str, str] = {
    "C I": "C",
    "C II": "C I",
    "B I": "A",
    "B II": "B I",
    "A UMUM": "A",
    "B I UMUM": "B I atau A Umum",
    "B II UMUM": "B II atau B I Umum",
}
PREREQUISITE_MONTHS = 12

# Applications that hand out a class the person does not hold yet; a renewal already passed these checks.
NEW_CLASS_APPLICATIONS = ("BARU", "PENINGKATAN GOLONGAN")


def canonical_class(value: str) -> str:
    """"b1 umum", "BI Umum", "B-I UMUM" → "B I UMUM"."""
    text = " ".join(value.upper().replace("-", " ").split())
    text = text.replace("B1", "B I").replace("B2", "B II").replace("C1", "C I").replace("C2", "C II")
    text = text.replace("D1", "D I").replace("BII", "B II").replace("BI ", "B I ")
    if text == "BI":
        text = "B I"
    if text.startswith("SIM "):
        text = text[4:]
    return text


def display_class(value: str) -> str:
    return canonical_class(value).replace("UMUM", "Umum")


@dataclass(frozen=True)
class AgeCheck:
    golongan: str
    minimum: int
    age: int
    eligible_from: date

    @property
    def ok(self) -> bool:
        return self.age >= self.minimum

    def message(self) -> str:
        """Indonesian, for the clerk to read out."""
        return QT_TRANSLATE_NOOP(
            "Core", "Pemohon belum cukup umur untuk SIM {golongan}: umur minimal {minimum} tahun, sekarang "
                    "{age} tahun. Permohonan dapat diajukan mulai {date}.").format(
            golongan=display_class(self.golongan), minimum=self.minimum, age=self.age,
            date=tanggal(self.eligible_from))


def check_age(golongan: str, birth: date, on: date) -> AgeCheck:
    """Raises KeyError for a class that does not exist."""
    key = canonical_class(golongan)
    minimum = MIN_AGE[key]
    return AgeCheck(key, minimum, age_on(birth, on), anniversary(birth, minimum))


def prerequisite_message(golongan: str) -> str | None:
    lower = PREREQUISITE.get(canonical_class(golongan))
    if lower is None:
        return None
    return QT_TRANSLATE_NOOP(
        "Core", "SIM {golongan} hanya untuk pemegang SIM {lower} paling singkat {months} bulan; periksa SIM "
                "lama lalu centang konfirmasinya.").format(golongan=display_class(golongan), lower=lower,
                                                          months=PREREQUISITE_MONTHS)
