"""The issuing office: what its letterhead says, who signs, and how this printer is calibrated.

Filled from the settings file (``forms.offices.<kind>``) by the app; the defaults are an example office
so a fresh install prints something recognisable instead of empty boxes.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any


@dataclass(frozen=True)
class Office:
    kind: str = ""
    heading: tuple[str, ...] = ()  # kop lines in capitals, the last one the office itself (printed largest)
    address: str = ""  # the small line under the name: street, telephone, postcode
    logo: str = ""  # path to a PNG/JPEG; empty = no logo
    place: str = ""  # the town in "Manggar, 23 November 2026"
    unit_name: str = ""  # "Kelurahan Manggar" in sentences
    parent_name: str = ""  # "Kecamatan Balikpapan Timur, Kota Balikpapan"
    code: str = ""  # for {office} in a letter number pattern
    signer_title: str = ""
    signer_name: str = ""
    signer_nip: str = ""
    offset_mm: tuple[float, float] = (0.0, 0.0)  # pre-printed stock: this printer's shift, right and down
    extra: dict[str, str] = field(default_factory=dict)

    def get(self, key: str) -> str:
        value = getattr(self, key, None) if key in _NAMES else self.extra.get(key)
        return "" if value is None else str(value)

    @classmethod
    def from_mapping(cls, kind: str, data: dict[str, Any]) -> Office:
        base = EXAMPLES.get(kind, Office(kind=kind))
        values: dict[str, Any] = {f.name: getattr(base, f.name) for f in fields(cls)}
        for key, value in data.items():
            if key in ("heading",) and isinstance(value, list):
                values[key] = tuple(str(v) for v in value)
            elif key == "offset_mm" and isinstance(value, list) and len(value) == 2:
                values[key] = (float(value[0]), float(value[1]))
            elif key in _NAMES and isinstance(value, str):
                values[key] = value
            elif isinstance(value, str | int | float):
                values["extra"] = {**values["extra"], key: str(value)}
        return cls(**values)


_NAMES = {f.name for f in fields(Office)}

EXAMPLES: dict[str, Office] = {
    "rsud": Office(
        kind="rsud",
        heading=("PEMERINTAH KOTA BALIKPAPAN", "RUMAH SAKIT UMUM DAERAH CONTOH"),
        address="Jl. Mulawarman No. 1, Manggar, Balikpapan Timur 76116 · Telp. (0542) 000000",
        place="Balikpapan", unit_name="RSUD Contoh", code="RSUD",
    ),
    "satpas": Office(
        kind="satpas",
        heading=("KEPOLISIAN NEGARA REPUBLIK INDONESIA", "DAERAH KALIMANTAN TIMUR",
                 "RESOR KOTA BALIKPAPAN", "SATUAN PENYELENGGARA ADMINISTRASI SIM"),
        address="Jl. Jenderal Sudirman, Balikpapan", place="Balikpapan", unit_name="Satpas Polresta Balikpapan",
        code="SATPAS",
    ),
    "kelurahan": Office(
        kind="kelurahan",
        heading=("PEMERINTAH KOTA BALIKPAPAN", "KECAMATAN BALIKPAPAN TIMUR", "KELURAHAN MANGGAR"),
        address="Jl. Mulawarman RT 010 Manggar, Balikpapan Timur 76116",
        place="Manggar", unit_name="Kelurahan Manggar", parent_name="Kecamatan Balikpapan Timur, Kota Balikpapan",
        code="KEL-MGR", signer_title="Lurah Manggar", signer_name="CONTOH NAMA LURAH, S.STP",
        signer_nip="198001012005011001",
    ),
    "kecamatan": Office(
        kind="kecamatan",
        heading=("PEMERINTAH KOTA BALIKPAPAN", "KECAMATAN BALIKPAPAN TIMUR"),
        address="Jl. Mulawarman No. 5, Balikpapan Timur 76117",
        place="Balikpapan", unit_name="Camat Balikpapan Timur", parent_name="Kota Balikpapan",
        code="KEC-BPT", signer_title="Camat Balikpapan Timur", signer_name="CONTOH NAMA CAMAT, S.Sos, M.Si",
        signer_nip="197501012000031001",
    ),
}


def example(kind: str) -> Office:
    return EXAMPLES.get(kind, Office(kind=kind))
