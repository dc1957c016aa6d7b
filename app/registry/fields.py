"""The one place that knows the registry's field names and value conventions.

The registry speaks Dukcapil's abbreviated upper-case names (``NAMA_LGKP``, ``JENIS_KLMIN``, ``NO_RT``…) and
writes dates as ``DD-MM-YYYY``; the rest of Loket speaks the names of :class:`reader.identity.Identity`. Both
the client (parsing an answer) and the simulator (writing one) go through this table so they cannot drift
apart. How each value is spelled (dates, sex codes, RT/RW) is ``reader/spelling.py``, shared with the
chip and the forms.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from datetime import date

from app.base.clerktext import QT_TRANSLATE_NOOP
from app.registry.result import RegistryRecord
from reader import spelling

# Registry name -> Loket name, in the order of the spec's field table. Loket names shared with the chip
# (``nama``, ``rt``, ``kabupaten``…) are spelled exactly as on ``Identity`` so the merge pairs them by name.
REGISTRY_TO_LOKET: dict[str, str] = {
    "NIK": "nik",
    "NAMA_LGKP": "nama",
    "JENIS_KLMIN": "jenis_kelamin",
    "TMPT_LHR": "tempat_lahir",
    "TGL_LHR": "tanggal_lahir",
    "GOL_DARAH": "golongan_darah",
    "AGAMA": "agama",
    "STATUS_KAWIN": "status_perkawinan",
    "TGL_KWN": "tanggal_kawin",
    "NO_AKTA_KWN": "no_akta_kawin",
    "TGL_CRAI": "tanggal_cerai",
    "NO_AKTA_CRAI": "no_akta_cerai",
    "PDDK_AKH": "pendidikan",
    "JENIS_PKRJN": "pekerjaan",
    "NO_KK": "no_kk",
    "STAT_HBKEL": "hubungan_keluarga",
    "ALAMAT": "alamat",
    "DUSUN": "dusun",
    "NO_RT": "rt",
    "NO_RW": "rw",
    "NO_PROP": "kode_provinsi",
    "NO_KAB": "kode_kabupaten",
    "NO_KEC": "kode_kecamatan",
    "NO_KEL": "kode_kelurahan",
    "PROP_NAME": "provinsi",
    "KAB_NAME": "kabupaten",
    "KEC_NAME": "kecamatan",
    "KEL_NAME": "kelurahan",
    "NIK_AYAH": "nik_ayah",
    "NAMA_LGKP_AYAH": "nama_ayah",
    "NIK_IBU": "nik_ibu",
    "NAMA_LGKP_IBU": "nama_ibu",
    "NO_AKTA_LHR": "no_akta_lahir",
    "EKTP_STATUS": "status_ektp",
}
LOKET_TO_REGISTRY: dict[str, str] = {loket: reg for reg, loket in REGISTRY_TO_LOKET.items()}

DATE_FIELDS: frozenset[str] = frozenset({"tanggal_lahir", "tanggal_kawin", "tanggal_cerai"})

# The clerk's names of the person fields: Indonesian (a terminal, a report); the window shows their English
# from loket_en.ts, context "Field".
LABELS: dict[str, str] = {
    "nik": QT_TRANSLATE_NOOP("Field", "NIK"),
    "nama": QT_TRANSLATE_NOOP("Field", "Nama"),
    "jenis_kelamin": QT_TRANSLATE_NOOP("Field", "Jenis kelamin"),
    "tempat_lahir": QT_TRANSLATE_NOOP("Field", "Tempat lahir"),
    "tanggal_lahir": QT_TRANSLATE_NOOP("Field", "Tanggal lahir"),
    "golongan_darah": QT_TRANSLATE_NOOP("Field", "Golongan darah"),
    "agama": QT_TRANSLATE_NOOP("Field", "Agama"),
    "status_perkawinan": QT_TRANSLATE_NOOP("Field", "Status perkawinan"),
    "tanggal_kawin": QT_TRANSLATE_NOOP("Field", "Tanggal kawin"),
    "no_akta_kawin": QT_TRANSLATE_NOOP("Field", "No. akta kawin"),
    "tanggal_cerai": QT_TRANSLATE_NOOP("Field", "Tanggal cerai"),
    "no_akta_cerai": QT_TRANSLATE_NOOP("Field", "No. akta cerai"),
    "pendidikan": QT_TRANSLATE_NOOP("Field", "Pendidikan terakhir"),
    "pekerjaan": QT_TRANSLATE_NOOP("Field", "Pekerjaan"),
    "no_kk": QT_TRANSLATE_NOOP("Field", "No. KK"),
    "hubungan_keluarga": QT_TRANSLATE_NOOP("Field", "Hubungan dalam keluarga"),
    "alamat": QT_TRANSLATE_NOOP("Field", "Alamat"),
    "dusun": QT_TRANSLATE_NOOP("Field", "Dusun"),
    "rt": QT_TRANSLATE_NOOP("Field", "RT"),
    "rw": QT_TRANSLATE_NOOP("Field", "RW"),
    "kode_provinsi": QT_TRANSLATE_NOOP("Field", "Kode provinsi"),
    "kode_kabupaten": QT_TRANSLATE_NOOP("Field", "Kode kabupaten/kota"),
    "kode_kecamatan": QT_TRANSLATE_NOOP("Field", "Kode kecamatan"),
    "kode_kelurahan": QT_TRANSLATE_NOOP("Field", "Kode kelurahan/desa"),
    "provinsi": QT_TRANSLATE_NOOP("Field", "Provinsi"),
    "kabupaten": QT_TRANSLATE_NOOP("Field", "Kabupaten/kota"),
    "kecamatan": QT_TRANSLATE_NOOP("Field", "Kecamatan"),
    "kelurahan": QT_TRANSLATE_NOOP("Field", "Kelurahan/desa"),
    "nik_ayah": QT_TRANSLATE_NOOP("Field", "NIK ayah"),
    "nama_ayah": QT_TRANSLATE_NOOP("Field", "Nama ayah"),
    "nik_ibu": QT_TRANSLATE_NOOP("Field", "NIK ibu"),
    "nama_ibu": QT_TRANSLATE_NOOP("Field", "Nama ibu"),
    "no_akta_lahir": QT_TRANSLATE_NOOP("Field", "No. akta lahir"),
    "status_ektp": QT_TRANSLATE_NOOP("Field", "Status e-KTP"),
    "kewarganegaraan": QT_TRANSLATE_NOOP("Field", "Kewarganegaraan"),
    "berlaku_hingga": QT_TRANSLATE_NOOP("Field", "Berlaku hingga"),
}

# What the forms cannot do without: a garbled one makes the record unusable, each with its own sentence.
# Every other field is optional: a value that cannot be read is dropped (and said), the rest stands.
REQUIRED: dict[str, str] = {
    "nik": "NIK", "nama": "nama", "tanggal_lahir": "tanggal lahir", "jenis_kelamin": "jenis kelamin",
    "alamat": "alamat",
}
# Latin-1 mojibake of UTF-8 text (a "é" read as "Ã©"): these pairs never start a real Indonesian word.
_MOJIBAKE = re.compile(r"[ÃÂâ][\x80-\xbf\u0152-\u0178\u02c6-\u02dc\u2013-\u2122]")
_TAG = re.compile(r"<[^>]{0,200}>")


class MalformedRecord(ValueError):
    """An element that cannot be read as a person. Its text names fields, never values; ``clerk_text`` is
    the Indonesian sentence when one required field is the cause."""

    def __init__(self, message: str, clerk_text: str = "") -> None:
        super().__init__(message)
        self.clerk_text = clerk_text


def clean_text(raw: str) -> str:
    """A registry text value as it should print: HTML entities and tags of a web export undone, Latin-1
    mojibake repaired, spaces collapsed, capitals (Dukcapil writes names and places in capitals), and the
    placeholders for "nothing" (``-``, ``NULL``…) empty."""
    text = raw
    if "&" in text:
        text = html.unescape(text)
    if "<" in text:
        text = _TAG.sub(" ", text)
    if _MOJIBAKE.search(text):
        try:
            text = text.encode("cp1252").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            try:
                text = text.encode("latin-1").decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                pass  # not mojibake after all: keep what was sent
    text = " ".join(text.split()).upper()
    return "" if text in spelling.PLACEHOLDERS else text


def format_date(value: date | None) -> str:
    """The registry's own spelling, ``DD-MM-YYYY``."""
    return value.strftime("%d-%m-%Y") if value else ""


def _unusable(name: str, what: str) -> MalformedRecord:
    label = REQUIRED[name]
    return MalformedRecord(f"required field {LOKET_TO_REGISTRY[name]} {what}",
                           QT_TRANSLATE_NOOP("Core", "Data kependudukan untuk warga ini tidak dapat dipakai: {label} "
                                                     "{what}; data dari chip dipakai dan ditandai belum "
                                                     "terverifikasi.").format(label=label, what=_WHAT_ID[what]))


_WHAT_ID = {"is empty": QT_TRANSLATE_NOOP("Core", "kosong"),
            "is not a date": QT_TRANSLATE_NOOP("Core", "bukan tanggal yang sah"),
            "is not a sex code": QT_TRANSLATE_NOOP("Core", "bukan kode jenis kelamin"),
            "is not text": QT_TRANSLATE_NOOP("Core", "bukan teks")}


def record_from_element(element: Mapping[str, object]) -> RegistryRecord:
    """One ``content`` element -> a typed record. Unknown fields are kept in ``extras``, not dropped.

    Real answers are messy: an optional value that cannot be read (a marriage date ``31-02-1990``, a nested
    object) is dropped and named in ``dropped``; only a required field (REQUIRED) makes the record unusable."""
    values: dict[str, object] = {}
    extras: dict[str, str] = {}
    dropped: list[str] = []
    for key, raw in element.items():
        name = REGISTRY_TO_LOKET.get(key)
        # Some registry deployments send region codes and RT/RW as JSON numbers; accept those. A nested
        # object or list is not a value of this field.
        if raw is None:
            text = ""
        elif isinstance(raw, bool) or not isinstance(raw, str | int):
            if name in REQUIRED:
                raise _unusable(name, "is not text")
            if name is not None:
                dropped.append(name)
            continue
        else:
            text = clean_text(str(raw)) if name is not None else str(raw).strip()
        if name is None:
            extras[key] = text
        elif name in DATE_FIELDS:
            try:
                values[name] = spelling.read_date(text, lenient=True)
            except ValueError:
                if name in REQUIRED:
                    raise _unusable(name, "is not a date") from None
                dropped.append(name)
        else:
            values[name] = text
    if not values.get("nik"):
        raise MalformedRecord("element has no NIK")
    for name in REQUIRED:
        if name != "nik" and name in values and not values[name]:
            raise _unusable(name, "is empty")
    sex = values.get("jenis_kelamin")
    if isinstance(sex, str) and sex:
        if not spelling.sex(sex):
            raise _unusable("jenis_kelamin", "is not a sex code")
        values["jenis_kelamin"] = spelling.sex(sex)
    return RegistryRecord(**values, extras=extras, dropped=tuple(dropped))  # type: ignore[arg-type]


def element_from_values(values: Mapping[str, str]) -> dict[str, str]:
    """Loket-named string values -> a registry element with every spec field present (empty = unknown)."""
    return {reg: values.get(loket, "") for reg, loket in REGISTRY_TO_LOKET.items()}
