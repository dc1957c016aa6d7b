"""Biodata file (EF 6FF1) parsing: field table, counts, encodings, value formats (spec §5)."""

from __future__ import annotations

from datetime import date

import pytest

from reader import biodata
from reader.errors import CardDataMalformed, ReadError

NIK = "3273014507920001"


def fields(**over: str) -> list[str]:
    """21 fields in the chip's order (spec §5), with some replaced by index name."""
    f = [
        NIK, "JL. SARIJADI BLOK 5 NO. 12", "007", "008", "BANDUNG", "SUKASARI", "SARIJADI",
        "KOTA BANDUNG", "PEREMPUAN", "A", "ISLAM", "KAWIN", "KARYAWAN SWASTA", "DEWI KARTIKA SARI",
        "05-07-1992", "JAWA BARAT", "SEUMUR HIDUP", "12-06-2013", "KOTA BANDUNG", "WNI", "",
    ]
    table = biodata.default_table()
    for key, value in over.items():
        f[table[key]] = value
    return f


def encode(values: list[str], encoding: str = "utf-8") -> bytes:
    return ('"' + '","'.join(values) + '"').encode(encoding)


def test_field_table_is_the_spec_table() -> None:
    assert biodata.default_table() == {
        "nik": 0, "alamat": 1, "rt": 2, "rw": 3, "tempat_lahir": 4, "kecamatan": 5, "kelurahan": 6,
        "kabupaten": 7, "jenis_kelamin": 8, "golongan_darah": 9, "agama": 10, "status_perkawinan": 11,
        "pekerjaan": 12, "nama": 13, "tanggal_lahir": 14, "provinsi": 15, "kewarganegaraan": 19,
    }


def test_21_fields() -> None:
    b = biodata.parse(encode(fields()))
    v = b.values
    assert v["nik"] == NIK
    assert v["nama"] == "DEWI KARTIKA SARI"
    assert v["alamat"] == "JL. SARIJADI BLOK 5 NO. 12"
    assert (v["rt"], v["rw"]) == ("007", "008")
    assert v["tempat_lahir"] == "BANDUNG"
    assert (v["kecamatan"], v["kelurahan"], v["kabupaten"]) == ("SUKASARI", "SARIJADI", "KOTA BANDUNG")
    assert v["jenis_kelamin"] == "PEREMPUAN"
    assert v["golongan_darah"] == "A"
    assert (v["agama"], v["status_perkawinan"], v["pekerjaan"]) == ("ISLAM", "KAWIN", "KARYAWAN SWASTA")
    assert v["provinsi"] == "JAWA BARAT"
    assert v["kewarganegaraan"] == "WNI"
    assert v["berlaku_hingga"] == ""  # its position is not public: not guessed
    assert b.tanggal_lahir == date(1992, 7, 5)
    assert v["tanggal_lahir"] == "1992-07-05"
    assert b.extras == {"f16": "SEUMUR HIDUP", "f17": "12-06-2013", "f18": "KOTA BANDUNG", "f20": ""}
    assert b.warnings == []
    assert set(v) == set(biodata.KNOWN_KEYS)


def test_more_than_21_fields_kept_as_extras_with_a_warning() -> None:
    b = biodata.parse(encode(fields() + ["X1", "X2"]))
    assert b.values["nama"] == "DEWI KARTIKA SARI"
    assert b.extras["f21"] == "X1" and b.extras["f22"] == "X2"
    assert len(b.warnings) == 1 and "23" in b.warnings[0]


@pytest.mark.parametrize("n", [0, 1, 3, 16, 20])
def test_fewer_than_21_fields_is_malformed(n: int) -> None:
    with pytest.raises(CardDataMalformed):
        biodata.parse(encode(fields()[:n]) if n else b"")


@pytest.mark.parametrize("content", [
    b"", b'"', b"no quotes at all", b'3273014507920001","X', b"\x00" * 40, b"\xff" * 40,
    b'"' + b'","'.join([b"x"] * 21),  # no closing quote
])
def test_not_a_quoted_list_is_malformed(content: bytes) -> None:
    with pytest.raises(CardDataMalformed):
        biodata.parse(content)


def test_padding_after_the_record_is_ignored() -> None:
    b = biodata.parse(encode(fields()) + b"\x00\x00\x00")
    assert b.values["nama"] == "DEWI KARTIKA SARI"
    assert b.warnings == []


@pytest.mark.parametrize("bad_nik", ["", "327301450792000", "32730145079200011", "3273O14507920001"])
def test_nik_not_16_digits_is_malformed(bad_nik: str) -> None:
    with pytest.raises(CardDataMalformed):
        biodata.parse(encode(fields(nik=bad_nik)))


def test_empty_name_is_malformed() -> None:
    with pytest.raises(CardDataMalformed):
        biodata.parse(encode(fields(nama="   ")))


def test_malformed_is_a_read_error_with_exit_9() -> None:
    with pytest.raises(ReadError) as info:
        biodata.parse(b"nonsense")
    assert info.value.exit_code == 9


# -- quotes and encodings --------------------------------------------------------------------------------

def test_quotes_inside_values_stay_part_of_the_value() -> None:
    b = biodata.parse(encode(fields(alamat='JL. "MAWAR" NO. 5', nama='SITI "ICA" AMINAH', pekerjaan='X"')))
    assert b.values["alamat"] == 'JL. "MAWAR" NO. 5'
    assert b.values["nama"] == 'SITI "ICA" AMINAH'
    assert b.values["pekerjaan"] == 'X"'
    assert b.values["nik"] == NIK and b.values["provinsi"] == "JAWA BARAT"  # nothing shifted


def test_a_lone_comma_inside_a_value_does_not_split() -> None:
    b = biodata.parse(encode(fields(alamat="JL. MAWAR, GG. 3, NO. 5")))
    assert b.values["alamat"] == "JL. MAWAR, GG. 3, NO. 5"
    assert b.warnings == []


def test_utf8_values() -> None:
    b = biodata.parse(encode(fields(nama="JOSÉ ÑOÑO")))
    assert b.values["nama"] == "JOSÉ ÑOÑO"


def test_latin1_bytes_are_decoded_as_latin1() -> None:
    b = biodata.parse(encode(fields(nama="JOSÉ", alamat="JL. CÔTE D'IVOIRE"), "latin-1"))
    assert b.values["nama"] == "JOSÉ"
    assert b.values["alamat"] == "JL. CÔTE D'IVOIRE"


def test_arbitrary_high_bytes_never_crash() -> None:
    raw = encode(fields(nama="X")).replace(b'"X"', b'"\x80\x81\xfe\xff\xc3"')
    b = biodata.parse(raw)
    assert b.values["nama"] == "\x80\x81\xfe\xff\xc3".encode("latin-1").decode("latin-1")


def test_whitespace_is_collapsed() -> None:
    b = biodata.parse(encode(fields(nama="  DEWI \t KARTIKA\r\nSARI  ")))
    assert b.values["nama"] == "DEWI KARTIKA SARI"


# -- value formats ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("raw", ["05-07-1992", "05/07/1992", "1992-07-05", "19920705", " 05-07-1992 "])
def test_the_four_date_formats(raw: str) -> None:
    b = biodata.parse(encode(fields(tanggal_lahir=raw)))
    assert b.tanggal_lahir == date(1992, 7, 5)
    assert b.values["tanggal_lahir"] == "1992-07-05"
    assert b.warnings == []


@pytest.mark.parametrize("raw", ["", "31-02-1992", "5 JULI 1992", "1992.07.05", "07-1992", "99999999",
                                 "1992-13-05"])
def test_unknown_date_is_a_warning_with_raw_kept(raw: str) -> None:
    b = biodata.parse(encode(fields(tanggal_lahir=raw)))
    assert b.tanggal_lahir is None
    assert b.values["tanggal_lahir"] == ""
    assert b.extras["tanggal_lahir_raw"] == raw.strip()
    assert any("tanggal lahir" in w.lower() for w in b.warnings)


@pytest.mark.parametrize("raw, expected", [
    ("LAKI-LAKI", "LAKI-LAKI"), ("L", "LAKI-LAKI"), ("LK", "LAKI-LAKI"), ("laki-laki", "LAKI-LAKI"),
    ("PEREMPUAN", "PEREMPUAN"), ("P", "PEREMPUAN"), ("PR", "PEREMPUAN"), (" pr ", "PEREMPUAN"),
])
def test_sex_codes(raw: str, expected: str) -> None:
    b = biodata.parse(encode(fields(jenis_kelamin=raw)))
    assert b.values["jenis_kelamin"] == expected
    assert "jenis_kelamin_raw" not in b.extras
    assert b.warnings == []


@pytest.mark.parametrize("raw", ["", "X", "PRIA?", "LAKI", "1"])
def test_unknown_sex_is_a_warning_with_raw_kept(raw: str) -> None:
    b = biodata.parse(encode(fields(jenis_kelamin=raw)))
    assert b.values["jenis_kelamin"] == ""
    assert b.extras["jenis_kelamin_raw"] == raw
    assert any("jenis kelamin" in w.lower() for w in b.warnings)


@pytest.mark.parametrize("raw, expected", [("007", "007"), ("7", "007"), ("07", "007"), ("0", "000"),
                                           ("000", "000"), ("123", "123"), (" 3 ", "003")])
def test_rt_rw_with_or_without_leading_zeros(raw: str, expected: str) -> None:
    b = biodata.parse(encode(fields(rt=raw, rw=raw)))
    assert (b.values["rt"], b.values["rw"]) == (expected, expected)
    assert b.warnings == []


@pytest.mark.parametrize("raw", ["", "A", "1234", "0O7", "٣", "-1"])
def test_rt_rw_not_a_number_is_a_warning_with_raw_kept(raw: str) -> None:
    b = biodata.parse(encode(fields(rt=raw)))
    assert b.values["rt"] == raw
    assert b.extras["rt_raw"] == raw
    assert any(w.startswith("RT") for w in b.warnings)
    assert b.values["rw"] == "008" and "rw_raw" not in b.extras


# -- the table is configurable ---------------------------------------------------------------------------

def test_override_berlaku_hingga() -> None:
    b = biodata.parse(encode(fields()), {"berlaku_hingga": 16})
    assert b.values["berlaku_hingga"] == "SEUMUR HIDUP"
    assert "f16" not in b.extras
    assert b.extras["f17"] == "12-06-2013"


def test_override_moves_a_field() -> None:
    f = fields()
    f[15], f[18] = f[18], f[15]  # a card with provinsi at 18
    b = biodata.parse(encode(f), {"provinsi": 18})
    assert b.values["provinsi"] == "JAWA BARAT"
    assert b.extras["f15"] == "KOTA BANDUNG"


def test_override_beyond_the_fields_gives_empty_value() -> None:
    b = biodata.parse(encode(fields()), {"berlaku_hingga": 40})
    assert b.values["berlaku_hingga"] == ""


def test_override_does_not_change_the_default() -> None:
    biodata.parse(encode(fields()), {"berlaku_hingga": 16})
    assert "berlaku_hingga" not in biodata.default_table()
    assert biodata.parse(encode(fields())).values["berlaku_hingga"] == ""


def test_override_with_unknown_key_is_refused() -> None:
    with pytest.raises(ValueError):
        biodata.field_table({"golongan": 9})
