"""The classification codes shipped with Loket (``forms/klasifikasi.toml``): which archive code
(Permendagri 83/2022) each letter template is filed under, and what each code means."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "klasifikasi.toml"


@cache
def _data() -> tuple[dict[str, str], dict[str, str]]:
    with DATA.open("rb") as f:
        data = tomllib.load(f)
    codes = {str(k): str(v) for k, v in (data.get("kode") or {}).items()}
    templates = {str(k): str(v) for k, v in (data.get("templates") or {}).items()}
    return codes, templates


def code_of(form_id: str) -> str:
    """The shipped code of template ``form_id`` ("" when none is shipped)."""
    return _data()[1].get(form_id, "")


def codes() -> dict[str, str]:
    """Every shipped code and what it files."""
    return dict(_data()[0])
