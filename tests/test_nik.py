"""NIK rules (reader/nik.py): structure, region codes, the +40 day for women, chip consistency as warnings."""

from __future__ import annotations

import json
from datetime import date

import pytest

import resources
from reader import nik
from reader.simulator.population import POPULATION


def _warnings_about(warnings: list[str] | tuple[str, ...], word: str) -> list[str]:
    return [w for w in warnings if word.lower() in w.lower()]


# -- structure --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("bad", [
    "", "327301450792000", "32730145079200011", "3273O14507920001", "3273 14507920001",
    "３２７３０１４５０７９２０００１",  # full-width digits: isdigit() is True, but not ASCII
    "٣٢٧٣٠١٤٥٠٧٩٢٠٠٠١",  # Arabic-Indic digits
    "+273014507920001", "-273014507920001",
])
def test_not_16_ascii_digits_is_rejected(bad: str) -> None:
    assert not nik.is_well_formed(bad)
    with pytest.raises(ValueError):
        nik.parse(bad)


def test_well_formed_man() -> None:
    info = nik.parse("3578051708880003")
    assert (info.province, info.regency, info.district) == ("35", "78", "05")
    assert (info.birth_day, info.birth_month, info.birth_yy) == (17, 8, 88)
    assert info.female is False
    assert info.serial == "0003"
    assert info.warnings == ()
    assert info.province_name == "JAWA TIMUR"


def test_woman_has_day_plus_40() -> None:
    info = nik.parse("3273014507920001")  # 45 = 5 + 40
    assert info.female is True
    assert (info.birth_day, info.birth_month, info.birth_yy) == (5, 7, 92)
    assert info.warnings == ()


@pytest.mark.parametrize("day, female, expected_day", [
    ("01", False, 1), ("31", False, 31), ("41", True, 1), ("71", True, 31),
])
def test_day_boundaries(day: str, female: bool, expected_day: int) -> None:
    info = nik.parse("317101" + day + "0190" + "0001")
    assert info.female is female
    assert info.birth_day == expected_day
    assert info.warnings == ()


# -- province codes ---------------------------------------------------------------------------------------

def test_every_province_code_in_the_table_is_accepted() -> None:
    table = json.loads(resources.path("provinces.json").read_text(encoding="utf-8"))
    codes = [k for k in table if not k.startswith("_")]
    assert len(codes) >= 34  # 34 provinces before the Papua split, more after
    for code in codes:
        info = nik.parse(f"{code}0101" + "010190" + "0001")
        assert not _warnings_about(info.warnings, "provinsi"), code
        assert info.province_name == table[code]


@pytest.mark.parametrize("code", ["00", "10", "20", "22", "30", "37", "50", "60", "99"])
def test_unknown_province_is_a_warning(code: str) -> None:
    info = nik.parse(f"{code}7301" + "450792" + "0001")
    assert _warnings_about(info.warnings, f"provinsi {code}")
    assert info.province_name == ""
    assert info.female is True  # the rest still decodes


def test_zero_regency_district_and_serial_are_warnings() -> None:
    info = nik.parse("3200000101900000")
    assert _warnings_about(info.warnings, "kabupaten")
    assert _warnings_about(info.warnings, "kecamatan")
    assert _warnings_about(info.warnings, "urut")


# -- dates ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("ddmmyy", [
    "000190",  # day 0
    "320190",  # day 32 (man)
    "400190",  # day 40: neither a man's nor a woman's day
    "720190",  # day 72 = 32 for a woman
    "011390",  # month 13
    "010090",  # month 0
    "310490",  # 31 April
    "300290",  # 30 February
    "290201",  # 29 Feb 1901/2001: no leap year in either century
    "990190",
])
def test_invalid_encoded_birth_date_is_a_warning_not_a_crash(ddmmyy: str) -> None:
    info = nik.parse("3273" + "01" + ddmmyy + "0001")
    assert _warnings_about(info.warnings, "tanggal lahir"), ddmmyy


@pytest.mark.parametrize("ddmmyy", ["290200", "690200", "290296", "310190", "711290"])
def test_valid_edge_dates(ddmmyy: str) -> None:
    # 29 Feb 2000 (and 1900 is not leap, but 2000 is: one valid century is enough)
    info = nik.parse("3273" + "01" + ddmmyy + "0001")
    assert not _warnings_about(info.warnings, "tanggal lahir"), ddmmyy


# -- consistency with the chip ---------------------------------------------------------------------------

def test_consistent_chip_gives_no_warning() -> None:
    assert nik.consistency_warnings("3273014507920001", date(1992, 7, 5), "PEREMPUAN") == []
    assert nik.consistency_warnings("3578051708880003", date(1988, 8, 17), "LAKI-LAKI") == []


def test_birth_date_mismatch_is_a_warning() -> None:
    w = nik.consistency_warnings("3273014507920001", date(1992, 7, 6), "PEREMPUAN")
    assert len(w) == 1 and "tanggal lahir" in w[0].lower()
    # the century is not in the NIK, but the two-digit year is
    w = nik.consistency_warnings("3273014507920001", date(1993, 7, 5), "PEREMPUAN")
    assert len(w) == 1
    assert nik.consistency_warnings("3273014507920001", date(2092, 7, 5), "PEREMPUAN") == []


@pytest.mark.parametrize("number, chip_sex", [
    ("3273014507920001", "LAKI-LAKI"),  # NIK says woman
    ("3578051708880003", "PEREMPUAN"),  # NIK says man
])
def test_sex_mismatch_is_a_warning(number: str, chip_sex: str) -> None:
    w = nik.consistency_warnings(number, None, chip_sex)
    assert len(w) == 1 and "jenis kelamin" in w[0].lower()


def test_woman_birth_date_is_compared_without_the_40() -> None:
    # day 45 in the NIK is the 5th; a chip saying the 45th cannot exist, the 5th must match
    assert nik.consistency_warnings("3273014507920001", date(1992, 7, 5), "") == []


def test_unknown_chip_values_are_not_compared() -> None:
    assert nik.consistency_warnings("3273014507920001", None, "") == []
    assert nik.consistency_warnings("3273014507920001", None, "X") == []


def test_structure_warnings_are_carried_into_consistency() -> None:
    w = nik.consistency_warnings("9973014507920001", date(1992, 7, 5), "PEREMPUAN")
    assert _warnings_about(w, "provinsi 99")


@pytest.mark.parametrize("bad", ["", "123", "32730145079200AB", "32730145079200011"])
def test_consistency_on_malformed_nik_is_a_warning(bad: str) -> None:
    w = nik.consistency_warnings(bad, date(1992, 7, 5), "PEREMPUAN")
    assert w and "16 digit" in w[0]


def test_whole_population_is_consistent() -> None:
    """Every simulated citizen's NIK agrees with the chip values it is issued with."""
    from reader import spelling

    for p in POPULATION:
        info = nik.parse(p.nik)
        assert info.warnings == (), p.nik[:6]
        assert nik.problem(p.nik) is None
        born, sex = spelling.parse_date(p.tanggal_lahir), spelling.sex(p.jenis_kelamin)
        assert nik.consistency_warnings(p.nik, born, sex) == []
