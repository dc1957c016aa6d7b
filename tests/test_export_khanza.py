"""SIMRS Khanza's pasien row: every mapping table-driven, every change reported, and the rows of all the
simulated cards inserted through the parameterised statement into a table declared like Khanza's own
(column sizes and enums copied from Khanza's sik.sql, enforced here with CHECK constraints)."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3

import pytest

from app.export import core, khanza
from reader.simulator.population import POPULATION
from tests.export_support import demo_person

# The person's columns of `pasien` as Khanza's schema declares them (sik.sql), independent of khanza.COLUMNS.
KHANZA_DDL = """
  `nm_pasien` varchar(40) DEFAULT NULL,
  `no_ktp` varchar(20) DEFAULT NULL,
  `jk` enum('L','P') DEFAULT NULL,
  `tmp_lahir` varchar(15) DEFAULT NULL,
  `tgl_lahir` date DEFAULT NULL,
  `nm_ibu` varchar(40) NOT NULL,
  `alamat` varchar(200) DEFAULT NULL,
  `gol_darah` enum('A','B','O','AB','-') DEFAULT NULL,
  `pekerjaan` varchar(60) DEFAULT NULL,
  `stts_nikah` enum('BELUM MENIKAH','MENIKAH','JANDA','DUDHA','JOMBLO') DEFAULT NULL,
  `agama` varchar(12) DEFAULT NULL,
  `no_tlp` varchar(40) DEFAULT NULL,
  `pnd` enum('TS','TK','SD','SMP','SMA','SLTA/SEDERAJAT','D1','D2','D3','D4','S1','S2','S3','-') NOT NULL,
  `keluarga` enum('AYAH','IBU','ISTRI','SUAMI','SAUDARA','ANAK','DIRI SENDIRI','LAIN-LAIN') DEFAULT NULL,
  `namakeluarga` varchar(50) NOT NULL,
"""
_COLUMN = re.compile(r"`(\w+)` (varchar\((\d+)\)|enum\(([^)]*)\)|date) (NOT NULL|DEFAULT NULL)")
GENUINE = [i for i, p in enumerate(POPULATION) if not p.tampered]


def khanza_table() -> sqlite3.Connection:
    checks = []
    for name, _kind, size, choices, null in _COLUMN.findall(KHANZA_DDL):
        rule = (f"length({name}) <= {size}" if size else f"{name} IN ({choices})" if choices
                else f"{name} GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'")
        checks.append(f"{name} TEXT {'NOT NULL' if null == 'NOT NULL' else ''} CHECK ({name} IS NULL OR ({rule}))")
    db = sqlite3.connect(":memory:")
    db.execute(f"CREATE TABLE pasien ({', '.join(checks)})")
    return db


def test_the_ddl_above_is_all_the_columns_loket_writes_and_its_table_refuses_what_khanza_would():
    assert sorted(m[0] for m in _COLUMN.findall(KHANZA_DDL)) == sorted(khanza.TABLE_COLUMNS)
    db = khanza_table()
    for bad in ({"tmp_lahir": "KOTA PALANGKA RAYA"}, {"jk": "LAKI-LAKI"}, {"stts_nikah": "KAWIN"},
                {"tgl_lahir": "05-07-1992"}, {"nm_ibu": None}):
        row = {"nm_ibu": "-", "pnd": "-", "namakeluarga": "-", **bad}
        with pytest.raises(sqlite3.IntegrityError):
            db.execute(f"INSERT INTO pasien ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                       list(row.values()))


@pytest.mark.parametrize("index", GENUINE)
def test_every_simulated_card_inserts_into_a_khanza_shaped_table(index):
    values, authenticity = demo_person(index)
    export = core.build("khanza-sql", values, {"telepon": "081234567890"}, authenticity=authenticity)
    payload = json.loads(export.content)
    db = khanza_table()
    db.execute(payload["statement"].replace("%s", "?"), payload["params"])  # a CHECK violation raises
    for value in payload["params"]:
        if value is not None:
            value.encode("latin-1")  # Khanza's tables are latin1: raises on anything else
    stored = dict(zip(khanza.TABLE_COLUMNS, db.execute(
        f"SELECT {', '.join(khanza.TABLE_COLUMNS)} FROM pasien").fetchone(), strict=True))
    assert stored["no_ktp"] == POPULATION[index].nik
    assert stored["no_tlp"] == "081234567890"
    assert payload["paramstyle"] == "format" and payload["statement"].startswith("INSERT INTO `pasien` (")
    assert payload["report"] == [str(n) for n in export.notes]


def test_the_csv_has_the_columns_and_the_region_names_for_the_simrs_lookups():
    values, authenticity = demo_person(2)
    export = core.build("khanza", values, {"keluarga": "istri", "namakeluarga": "SRI LESTARI"},
                        authenticity=authenticity)
    rows = list(csv.DictReader(io.StringIO(export.content)))
    assert len(rows) == 1
    row = rows[0]
    assert list(row) == [c.name for c in khanza.COLUMNS]
    assert (row["jk"], row["tgl_lahir"], row["stts_nikah"], row["pnd"]) == ("L", "1970-01-01", "DUDHA", "D3")
    assert (row["keluarga"], row["namakeluarga"]) == ("ISTRI", "SRI LESTARI")
    assert (row["nm_kel"], row["nm_kec"], row["nm_kab"], row["nm_prop"]) == (
        "CONDONGCATUR", "DEPOK", "SLEMAN", "DI YOGYAKARTA")
    assert row["alamat"] == "DSN. KRAJAN RT 002 RW 014"


@pytest.mark.parametrize(("status", "sex", "expected"), [
    ("BELUM KAWIN", "LAKI-LAKI", "BELUM MENIKAH"),
    ("BELUM KAWIN", "PEREMPUAN", "BELUM MENIKAH"),
    ("KAWIN", "LAKI-LAKI", "MENIKAH"),
    ("KAWIN", "PEREMPUAN", "MENIKAH"),
    ("KAWIN TERCATAT", "PEREMPUAN", "MENIKAH"),
    ("CERAI HIDUP", "PEREMPUAN", "JANDA"),
    ("CERAI MATI", "PEREMPUAN", "JANDA"),
    ("CERAI HIDUP", "LAKI-LAKI", "DUDHA"),
    ("CERAI MATI", "LAKI-LAKI", "DUDHA"),
    ("CERAI MATI", "", None),  # no sex, no guess
])
def test_stts_nikah_from_the_ktp_status_by_sex(status, sex, expected):
    row = khanza.row({"nik": "3404070101700012", "status_perkawinan": status, "jenis_kelamin": sex})
    assert row.values["stts_nikah"] == expected
    if expected is None:
        assert any(n.field == "stts_nikah" and "dikosongkan" in n.text for n in row.notes)
    else:
        assert any(n.field == "stts_nikah" and expected in n.text for n in row.notes)  # reported, not silent


@pytest.mark.parametrize(("sex", "jk"), [("LAKI-LAKI", "L"), ("LK", "L"), ("PEREMPUAN", "P"), ("WANITA", "P"),
                                         ("X", None), ("", None)])
def test_jk(sex, jk):
    row = khanza.row({"jenis_kelamin": sex})
    assert row.values["jk"] == jk
    assert any(n.field == "jk" for n in row.notes)


@pytest.mark.parametrize(("ktp", "khanza_value", "reported"), [
    ("A", "A", False), ("AB", "AB", False), ("O", "O", False), ("B+", "B", True), ("AB-", "AB", True),
    ("TIDAK TAHU", "-", True), ("-", "-", False), ("", "-", False), ("Z", "-", True),
])
def test_gol_darah(ktp, khanza_value, reported):
    row = khanza.row({"golongan_darah": ktp})
    assert row.values["gol_darah"] == khanza_value
    assert any(n.field == "gol_darah" for n in row.notes) is reported


@pytest.mark.parametrize(("dukcapil", "pnd"), [
    ("TIDAK/BELUM SEKOLAH", "TS"), ("BELUM TAMAT SD/SEDERAJAT", "TS"), ("TAMAT SD/SEDERAJAT", "SD"),
    ("SLTP/SEDERAJAT", "SMP"), ("SLTA/SEDERAJAT", "SLTA/SEDERAJAT"), ("DIPLOMA I/II", "D1"),
    ("AKADEMI/DIPLOMA III/SARJANA MUDA", "D3"), ("DIPLOMA IV/STRATA I", "S1"), ("STRATA II", "S2"),
    ("STRATA III", "S3"), ("PESANTREN", "-"), ("", "-"),
])
def test_pnd_from_dukcapil_education(dukcapil, pnd):
    row = khanza.row({"pendidikan": dukcapil})
    assert row.values["pnd"] == pnd
    if dukcapil != "SLTA/SEDERAJAT":
        assert any(n.field == "pnd" for n in row.notes)


@pytest.mark.parametrize(("column", "field", "value", "kept"), [
    ("tmp_lahir", "tempat_lahir", "KOTA PALANGKA RAYA", "KOTA PALANGKA R"),
    ("tmp_lahir", "tempat_lahir", "PALANGKA RAYA", "PALANGKA RAYA"),
    ("tmp_lahir", "tempat_lahir", "PANGKALAN BALAI X", "PANGKALAN BALAI"),  # no trailing space kept
    ("nm_pasien", "nama", "RADEN AJENG KARTINI DJOJO ADHININGRAT BINTI SOSRONINGRAT", "RADEN AJENG KARTINI "
     "DJOJO ADHININGRAT BI"),
    ("agama", "agama", "KEPERCAYAAN TERHADAP TUHAN YME", "KEPERCAYAAN"),
    ("nm_pasien", "nama", "ŞEYMA ÇELİK", "SEYMA CELIK"),
])
def test_every_shortened_or_changed_text_is_reported(column, field, value, kept):
    row = khanza.row({field: value})
    assert row.values[column] == kept
    size = khanza.BY_NAME[column].size
    assert size is None or len(row.values[column]) <= size
    changed = [n for n in row.notes if n.field == column]
    assert bool(changed) is (kept != value)
    if changed:
        assert value in changed[0].text and kept in " ".join(n.text for n in changed)


def test_not_null_columns_are_dashed_and_said_and_a_wrong_keluarga_is_refused():
    row = khanza.row({"keluarga": "TETANGGA"})
    assert (row.values["nm_ibu"], row.values["namakeluarga"], row.values["pnd"]) == ("-", "-", "-")
    assert {n.field for n in row.notes} >= {"nm_ibu", "namakeluarga", "pnd", "keluarga"}
    assert row.values["keluarga"] is None


def test_only_the_patient_columns_leave_loket():
    values, _ = demo_person(0)
    text = core.build("khanza", values).content
    for private in ("AGUS SETIAWAN", "3273-LT-05071992-0012", "14-02-2015", "2015-02-14"):
        assert private not in text  # father, birth certificate, marriage date
