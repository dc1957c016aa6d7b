"""A small hand-made audit trail with known figures, written through the real ``audit.append`` (times via
``at=``, counters via the ``storage.counter`` setting), for the report's tests and its GUI view's."""

from __future__ import annotations

import json
import os
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from app import audit

WITA = timezone(timedelta(hours=8))  # the office's zone in these tests; the rows themselves are UTC
DAY1, DAY2 = date(2026, 11, 23), date(2026, 11, 24)
NIK_A, NIK_B, NIK_C, NIK_D = "3273014507920001", "3578051708880003", "6471041203850007", "5171016211790002"
SECONDS = 5.0


def use_counter(name: str) -> None:
    Path(os.environ["LOKET_CONFIG"]).write_text(json.dumps({
        "storage": {"counter": name}, "report": {"seconds_per_field": SECONDS}}))


def at(day: date, hh: int, mm: int) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm, tzinfo=WITA)


def write_trail() -> None:
    """Day 1: A and B at loket-1, C late at loket-2; day 2: A again and D (just after midnight, a lookup
    only) at loket-2; one row the day after, outside any range the tests ask for."""
    use_counter("loket-1")
    ap = audit.append
    ap("read", "ok", nik=NIK_A, at=at(DAY1, 8, 10))
    ap("lookup", "found", nik=NIK_A, detail={"discrepancies": ["nama", "alamat"]}, at=at(DAY1, 8, 10))
    ap("print", "printed", service="rsud_pasien_baru", form_id="rsud_pasien_baru", nik=NIK_A,
       detail={"prefilled": 20, "typed": 5}, at=at(DAY1, 8, 14))
    ap("read", "ok", nik=NIK_B, at=at(DAY1, 9, 5))
    ap("lookup", "failed_timeout", nik=NIK_B, at=at(DAY1, 9, 5))
    ap("print", "cancelled", service="rsud_pasien_baru", form_id="rsud_pasien_baru", nik=NIK_B,
       detail={"prefilled": 18, "typed": 2}, at=at(DAY1, 9, 8))
    ap("print", "saved_pdf", service="surat_domisili", form_id="surat_domisili", nik=NIK_B,
       detail={"prefilled": 10, "typed": 3}, at=at(DAY1, 9, 10))
    ap("print", "saved_preview", service="surat_domisili", form_id="surat_domisili", nik=NIK_B,
       detail={"prefilled": 10, "typed": 3}, at=at(DAY1, 9, 11))
    ap("read", "card_removed", at=at(DAY1, 10, 0))
    use_counter("loket-2")
    ap("read", "ok", nik=NIK_C, at=at(DAY1, 23, 30))
    ap("lookup", "not_asked", nik=NIK_C, at=at(DAY1, 23, 30))
    ap("lookup", "refused_quota", nik=NIK_D, at=at(DAY2, 0, 30))
    ap("read", "ok", nik=NIK_A, at=at(DAY2, 8, 0))
    ap("lookup", "found", nik=NIK_A, at=at(DAY2, 8, 0))
    ap("print", "printed", service="rsud_pasien_baru", form_id="rsud_pasien_baru", nik=NIK_A,
       detail={"prefilled": 20, "typed": 5}, at=at(DAY2, 8, 5))
    ap("read", "ok", nik=NIK_B, at=at(DAY2 + timedelta(days=1), 8, 0))
