"""One reading of dates, sex codes, RT/RW and NIKs for the chip, the registry and the clerk."""

from __future__ import annotations

from datetime import date

import pytest

from app.citizen.merge import normalise
from app.export.values import birth_date, sex
from app.registry.fields import record_from_element
from forms.values import nik_problem, parse_date, rt_rw
from reader import biodata, nik, spelling

ARABIC_INDIC_NIK = "٣٢٧٣٠١٤٥٠٧٩٢٠٠٠١"  # str.isdigit() says yes; no registry or printer does


@pytest.mark.parametrize("text", ["05-07-1992", "05/07/1992", "05.07.1992", "1992-07-05", "19920705"])
def test_every_source_reads_every_spelling_of_a_date_the_same(text: str) -> None:
    want = date(1992, 7, 5)
    assert spelling.read_date(text) == want
    assert parse_date(text) == want  # what the clerk types on a form
    assert birth_date({"tanggal_lahir": text}) == want  # an export
    assert normalise("tanggal_lahir", text) == want  # the merge's comparison


def test_strict_refuses_what_only_registry_exports_send() -> None:
    for text in ("00-00-0000", "-", "05-07-92"):
        with pytest.raises(ValueError):
            spelling.read_date(text)
        assert parse_date(text) is None
    assert spelling.read_date("00-00-0000", lenient=True) is None
    # A two-digit year is the latest century that does not put a birth in the future.
    assert spelling.read_date("05-07-92", lenient=True, today=date(2026, 12, 2)) == date(1992, 7, 5)
    assert spelling.read_date("05-07-24", lenient=True, today=date(2026, 12, 2)) == date(2024, 7, 5)
    with pytest.raises(ValueError):
        spelling.read_date("31-02-1990", lenient=True)


def test_sex_codes_are_one_table_for_chip_registry_and_exports() -> None:
    for code in ("L", "LK", "Laki Laki", "PRIA", "M"):
        assert spelling.sex(code) == "LAKI-LAKI"
        assert sex({"jenis_kelamin": code}) == "LAKI-LAKI"
    assert spelling.sex("wanita") == "PEREMPUAN"
    assert spelling.sex("X") == "" and spelling.sex("x", strict=False) == "X"
    element = {"NIK": "3273014507920001", "NAMA_LGKP": "DEWI", "TGL_LHR": "05-07-1992", "JENIS_KLMIN": "Pria",
               "ALAMAT": "JL. X"}
    assert record_from_element(element).jenis_kelamin == "LAKI-LAKI"


def test_rt_rw_padding_agrees_between_chip_paper_and_registry() -> None:
    assert spelling.padded_rt_rw("7") == rt_rw("7") == "007"
    assert spelling.unpadded_rt_rw("007") == "7" and spelling.unpadded_rt_rw("000") == "0"
    assert not spelling.is_rt_rw("١٢") and rt_rw("١٢") == "١٢"  # non-ASCII digits are not padded
    assert normalise("rt", "7") == normalise("rt", "007")


def test_one_set_of_nik_rules() -> None:
    good = "3273014507920001"
    assert nik.problem(good) is None and nik_problem(good) is None
    assert nik.problem(ARABIC_INDIC_NIK) == "NIK harus 16 angka."
    assert not nik.is_well_formed(ARABIC_INDIC_NIK)
    for bad_region in ("0073014507920001", "3200014507920001", "3273004507920001"):
        assert nik_problem(bad_region) == "Kode wilayah pada NIK tidak sah."
        assert nik.parse(bad_region).warnings  # a chip carrying it is read, with a warning
    # A province code the list does not know yet is read on a chip (warning) and accepted when typed.
    assert nik.parse("9973014507920001").warnings and nik.problem("9973014507920001") is None
    assert nik.problem("3273012902000001") is None  # 29 February 2000 (or 1900: the NIK has no century)
    assert nik.problem("3273012902010001") == "Tanggal lahir di dalam NIK tidak sah."  # 2001 and 1901: none
    assert nik.problem("3273013002000001") == "Tanggal lahir di dalam NIK tidak sah."  # 30 February
    assert nik.problem("3273016902000001") is None  # a woman born 29 February 2000 (day + 40)
    assert nik.problem("3273014507920000") == "Nomor urut pada NIK tidak sah."


def test_the_chip_parser_uses_the_same_rules() -> None:
    table = biodata.default_table()
    values = ["x"] * 21
    for key, value in (("nik", "3273014507920001"), ("nama", "DEWI"), ("tanggal_lahir", "19920705"),
                       ("jenis_kelamin", "Pr"), ("rt", "7"), ("rw", "12")):
        values[table[key]] = value
    parsed = biodata.parse(",".join(f'"{v}"' for v in values).encode())
    assert parsed.tanggal_lahir == date(1992, 7, 5)
    assert parsed.values["jenis_kelamin"] == "PEREMPUAN"
    assert (parsed.values["rt"], parsed.values["rw"]) == ("007", "012")


def test_dates_read_without_strptime_are_read_as_strptime_reads_them() -> None:
    # The zero-padded spellings skip strptime (its first call is ~4 ms of a one-card read): the same date,
    # and the same refusal, as the formats read in order by strptime, for every shape around them.
    from datetime import datetime

    def by_strptime(text: str) -> date | str:
        for fmt in spelling.DATE_FORMATS:
            try:
                return datetime.strptime(text.strip(), fmt).date()
            except ValueError:
                continue
        return "refused"

    texts = ["17-08-1985", "17/08/1985", "17.08.1985", "1985-08-17", "19850817", " 19850817 ", "29-02-2000",
             "29-02-1900", "31-04-2020", "00-01-2000", "01-00-2000", "01-01-0000", "0000-01-01", "19851301",
             "20001231", "17-08/1985", "17/08-1985", "1985/08/17", "1-2-2000", "01-2-2000", "17-08-85",
             "١٧-٠٨-١٩٨٥", "17-08-19850", "99999999", "1985-8-17"]
    for text in texts:
        try:
            got: date | str | None = spelling.read_date(text)
        except ValueError:
            got = "refused"
        assert got == by_strptime(text), text
