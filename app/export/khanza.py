"""SIMRS Khanza's patient row (table ``pasien``), as CSV and as a parameterised SQL insert.

Column sizes and enums are those of Khanza's own schema (``sik.sql``: ``nm_pasien varchar(40)``, ``jk
enum('L','P')``, ``tmp_lahir varchar(15)``, ``stts_nikah enum('BELUM MENIKAH','MENIKAH','JANDA','DUDHA',
'JOMBLO')``…). Only the person's columns are written: the medical-record number, payer, age and the region ids
(``kd_kel``, ``kd_kec``, ``kd_kab``, ``kd_prop``, keys into the hospital's own tables) are the SIMRS's to fill;
the region names go beside the row (``nm_kel``…) so its import can look those ids up. Every value that is
shortened, mapped to Khanza's vocabulary or left empty is reported as a :class:`Note`, never silently.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from app.export.values import Note, birth_date, marital, rt_rw, sex, text


@dataclass(frozen=True)
class Column:
    name: str
    size: int | None = None  # varchar(N)
    choices: tuple[str, ...] = ()  # enum(...)
    not_null: bool = False  # NOT NULL without a default: "-" when unknown, as Khanza's own forms do
    lookup: bool = False  # not a pasien column: a name for the SIMRS to resolve to its own region id


PND = ("TS", "TK", "SD", "SMP", "SMA", "SLTA/SEDERAJAT", "D1", "D2", "D3", "D4", "S1", "S2", "S3", "-")
KELUARGA = ("AYAH", "IBU", "ISTRI", "SUAMI", "SAUDARA", "ANAK", "DIRI SENDIRI", "LAIN-LAIN")
STTS_NIKAH = ("BELUM MENIKAH", "MENIKAH", "JANDA", "DUDHA", "JOMBLO")

COLUMNS: tuple[Column, ...] = (
    Column("no_ktp", 20),
    Column("nm_pasien", 40),
    Column("jk", choices=("L", "P")),
    Column("tmp_lahir", 15),
    Column("tgl_lahir"),  # date
    Column("nm_ibu", 40, not_null=True),
    Column("alamat", 200),
    Column("gol_darah", choices=("A", "B", "O", "AB", "-")),
    Column("pekerjaan", 60),
    Column("stts_nikah", choices=STTS_NIKAH),
    Column("agama", 12),
    Column("pnd", choices=PND, not_null=True),
    Column("no_tlp", 40),
    Column("keluarga", choices=KELUARGA),
    Column("namakeluarga", 50, not_null=True),
    # Names of Khanza's region tables (kelurahan.nm_kel, kecamatan.nm_kec, kabupaten.nm_kab, propinsi.nm_prop).
    Column("nm_kel", 60, lookup=True),
    Column("nm_kec", 60, lookup=True),
    Column("nm_kab", 60, lookup=True),
    Column("nm_prop", 30, lookup=True),
)
BY_NAME: dict[str, Column] = {c.name: c for c in COLUMNS}
TABLE_COLUMNS: tuple[str, ...] = tuple(c.name for c in COLUMNS if not c.lookup)
LOOKUP_COLUMNS: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.lookup)

JK: dict[str, str] = {"LAKI-LAKI": "L", "PEREMPUAN": "P"}
# (KTP status, sex) -> stts_nikah; sex "" = either. A divorced or widowed woman is JANDA, a man DUDHA.
STTS_NIKAH_MAP: dict[tuple[str, str], str] = {
    ("BELUM KAWIN", ""): "BELUM MENIKAH",
    ("KAWIN", ""): "MENIKAH",
    ("CERAI HIDUP", "PEREMPUAN"): "JANDA",
    ("CERAI MATI", "PEREMPUAN"): "JANDA",
    ("CERAI HIDUP", "LAKI-LAKI"): "DUDHA",
    ("CERAI MATI", "LAKI-LAKI"): "DUDHA",
}
# Dukcapil's PDDK_AKH -> Khanza's pnd. Where Dukcapil lumps two levels together, the lower one is taken
# and the note says so.
PND_MAP: dict[str, str] = {
    "TIDAK/BELUM SEKOLAH": "TS",
    "BELUM TAMAT SD/SEDERAJAT": "TS",
    "TAMAT SD/SEDERAJAT": "SD",
    "SLTP/SEDERAJAT": "SMP",
    "SLTA/SEDERAJAT": "SLTA/SEDERAJAT",
    "DIPLOMA I/II": "D1",
    "AKADEMI/DIPLOMA III/SARJANA MUDA": "D3",
    "DIPLOMA III": "D3",
    "DIPLOMA IV/STRATA I": "S1",
    "STRATA II": "S2",
    "STRATA III": "S3",
}
PND_LUMPED = {"BELUM TAMAT SD/SEDERAJAT", "DIPLOMA I/II", "DIPLOMA IV/STRATA I"}
GOL_DARAH_UNKNOWN = {"", "-", "TIDAK TAHU", "TIDAKTAHU"}
# The sixth religion on the KTP since 2017 does not fit agama varchar(12); Khanza offices write it so.
AGAMA_MAP: dict[str, str] = {"KEPERCAYAAN TERHADAP TUHAN YME": "KEPERCAYAAN",
                             "KEPERCAYAAN TERHADAP TUHAN YANG MAHA ESA": "KEPERCAYAAN"}


@dataclass(frozen=True)
class KhanzaRow:
    values: dict[str, str | None]  # every column of COLUMNS, in order; None = NULL
    notes: tuple[Note, ...]

    def table_values(self) -> list[str | None]:
        return [self.values[name] for name in TABLE_COLUMNS]


def gol_darah(raw: str) -> tuple[str, str]:
    """(Khanza value, note or "") for a KTP blood group: the rhesus factor has no place in the enum."""
    blood = "".join(raw.upper().split())
    if blood in GOL_DARAH_UNKNOWN:
        return "-", ("" if blood in ("", "-") else f"{raw} → - (tidak diketahui)")
    group = blood.rstrip("+-")
    if group in ("A", "B", "O", "AB"):
        return group, ("" if group == blood else f"{raw} → {group} (rhesus tidak ada di Khanza)")
    return "-", f"{raw} bukan golongan darah yang dikenal → -"


def stts_nikah(status: str, person_sex: str) -> str | None:
    return STTS_NIKAH_MAP.get((status, "")) or STTS_NIKAH_MAP.get((status, person_sex))


def row(values: Mapping[str, object]) -> KhanzaRow:
    """The ``pasien`` row for this person (``values``: Loket's field names, with any --set extras)."""
    notes: list[Note] = []
    out: dict[str, str | None] = {}

    def mapped(column: str, before: str, after: str | None, why: str = "") -> None:
        if after is not None and after != before:
            notes.append(Note(column, f"{before} → {after}" + (f" ({why})" if why else "")))
        out[column] = after

    out["no_ktp"] = text(values, "nik") or None
    out["nm_pasien"] = text(values, "nama") or None
    person_sex = sex(values)
    raw_sex = text(values, "jenis_kelamin")
    if person_sex:
        mapped("jk", raw_sex, JK[person_sex])
    else:
        out["jk"] = None
        notes.append(Note("jk", f"jenis kelamin {raw_sex or 'kosong'} bukan LAKI-LAKI/PEREMPUAN; dikosongkan."))
    out["tmp_lahir"] = text(values, "tempat_lahir") or None
    born = birth_date(values)
    out["tgl_lahir"] = born.isoformat() if born else None
    out["nm_ibu"] = text(values, "nama_ibu") or None
    street = text(values, "alamat")
    rt, rw = rt_rw(values, "rt"), rt_rw(values, "rw")
    if street and (rt or rw):
        # Khanza has no RT/RW columns; clerks write them into alamat, so the export does too.
        neighbourhood = " ".join(p for p in (f"RT {rt.zfill(3)}" if rt else "", f"RW {rw.zfill(3)}" if rw else "")
                                 if p)
        mapped("alamat", street, f"{street} {neighbourhood}", "RT/RW digabung ke alamat")
    else:
        out["alamat"] = street or None
    raw_blood = text(values, "golongan_darah")
    blood, why = gol_darah(raw_blood)
    out["gol_darah"] = blood
    if why:
        notes.append(Note("gol_darah", why))
    out["pekerjaan"] = text(values, "pekerjaan") or None
    status = marital(values)
    khanza_status = stts_nikah(status, person_sex)
    if khanza_status:
        mapped("stts_nikah", text(values, "status_perkawinan"), khanza_status,
               "menurut jenis kelamin" if status.startswith("CERAI") else "")
    else:
        out["stts_nikah"] = None
        if status:
            notes.append(Note("stts_nikah", f"{status} tidak dapat dipetakan (jenis kelamin tidak diketahui "
                                            f"atau status tidak dikenal); dikosongkan."))
    agama = text(values, "agama").upper()
    if agama in AGAMA_MAP:
        mapped("agama", agama, AGAMA_MAP[agama])
    else:
        out["agama"] = agama or None
    education = text(values, "pendidikan").upper()
    if education in PND_MAP:
        mapped("pnd", education, PND_MAP[education],
               "tingkat terendah dari kelompok Dukcapil" if education in PND_LUMPED else "")
    elif education:
        mapped("pnd", education, "-", "tidak dikenal")
    else:
        out["pnd"] = None
    out["no_tlp"] = text(values, "telepon") or None
    family = text(values, "keluarga").upper()
    if family and family not in KELUARGA:
        notes.append(Note("keluarga", f"{family} bukan pilihan Khanza ({', '.join(KELUARGA)}); dikosongkan."))
        family = ""
    out["keluarga"] = family or None
    out["namakeluarga"] = text(values, "namakeluarga") or None
    # As written on the KTP, the way the hospital's clerks type them into Khanza's region tables.
    for column, field_name in (("nm_prop", "provinsi"), ("nm_kab", "kabupaten"), ("nm_kec", "kecamatan"),
                               ("nm_kel", "kelurahan")):
        out[column] = text(values, field_name) or None
    return KhanzaRow(*_fit(out, notes))


def _fit(out: dict[str, str | None], notes: list[Note]) -> tuple[dict[str, str | None], tuple[Note, ...]]:
    """Every column within Khanza's limits: latin1 text, varchar sizes, enums, NOT NULL."""
    fitted: dict[str, str | None] = {}
    for column in COLUMNS:
        value = out.get(column.name)
        if value is not None:
            value = _latin1(column.name, value, notes)
            if column.size is not None and len(value) > column.size:
                short = value[: column.size].rstrip()
                notes.append(Note(column.name, f"{value} dipotong menjadi {short} (maks. {column.size} huruf)"))
                value = short
            if column.choices and value not in column.choices:  # a mapping above has a hole: say so, send NULL
                notes.append(Note(column.name, f"{value} bukan pilihan Khanza; dikosongkan."))
                value = None
        if value in (None, "") and column.not_null:
            notes.append(Note(column.name, "tidak diketahui; diisi - (kolom wajib di Khanza)."))
            value = "-"
        fitted[column.name] = value
    return fitted, tuple(notes)


def _latin1(column: str, value: str, notes: list[Note]) -> str:
    # Khanza's tables are latin1: a character outside it would be stored as "?".
    try:
        value.encode("latin-1")
        return value
    except UnicodeEncodeError:
        plain = unicodedata.normalize("NFKD", value).encode("latin-1", "ignore").decode("latin-1")
        plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
        notes.append(Note(column, f"{value} → {plain} (huruf di luar latin1)"))
        return plain


def insert_statement() -> str:
    """The INSERT with one ``%s`` per column (the paramstyle of PyMySQL, mysqlclient, mysql-connector)."""
    names = ", ".join(f"`{name}`" for name in TABLE_COLUMNS)
    marks = ", ".join("%s" for _ in TABLE_COLUMNS)
    return f"INSERT INTO `pasien` ({names}) VALUES ({marks})"
