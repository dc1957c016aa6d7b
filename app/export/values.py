"""Reading one person's values (Loket's field names, as ``formdata.person_values`` gives them) for an export."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from reader import spelling

# What the clerk may add with --set beside the person's own fields; each target takes the ones it needs.
TYPED_EXTRAS: tuple[str, ...] = ("telepon", "email", "keluarga", "namakeluarga")


@dataclass(frozen=True)
class Note:
    """One thing an export changed, dropped or could not fill: said to the clerk, never logged."""

    field: str
    text: str  # Indonesian

    def __str__(self) -> str:
        return f"{self.field}: {self.text}"


def text(values: Mapping[str, object], name: str) -> str:
    value = values.get(name)
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return " ".join(str(value).split())


def birth_date(values: Mapping[str, object]) -> date | None:
    value = values.get("tanggal_lahir")
    if isinstance(value, date):
        return value
    return spelling.parse_date(str(value or ""))


def sex(values: Mapping[str, object]) -> str:
    """``LAKI-LAKI``, ``PEREMPUAN`` or "" (whatever code the chip or registry used)."""
    return spelling.sex(text(values, "jenis_kelamin"))


def rt_rw(values: Mapping[str, object], name: str) -> str:
    """RT/RW as a plain number ("7"), "" when absent or 000 (an address with no RT)."""
    number = spelling.unpadded_rt_rw(text(values, name))
    return "" if number in ("", "0") or not number.isdigit() else number


def marital(values: Mapping[str, object]) -> str:
    """The KTP's wording: BELUM KAWIN, KAWIN, CERAI HIDUP, CERAI MATI (registry variants folded in)."""
    status = text(values, "status_perkawinan").upper()
    if status.startswith("KAWIN"):  # KAWIN TERCATAT / KAWIN BELUM TERCATAT in newer registry answers
        return "KAWIN"
    return status
