"""Dukcapil's semester report: how this office used population data in one half-year, from the audit trail.

An institution with a data-access agreement (PKS; Permendagri 102/2019 as amended by 17/2023) reports its
use of population data every semester. The figures come from audit rows alone, so they never hold a NIK or a
name (the rows hold the citizen only as a keyed hash, used here to tell accesses apart and then dropped).

Definitions (the PDF's notes say the same in Indonesian):
- an *access* is one citizen (``nik_hash``) at one counter on one local day for which population data was
  obtained: an e-KTP read the SAM verified (read outcome ``ok``) and/or a registry lookup that was asked
  (CALL_NIK; any lookup outcome but ``not_asked``). Its *method* is ``ektp`` (the card only), ``nik`` (the
  lookup only) or ``both``. Each access is counted once under its method, service, purpose, operator and counter,
  so each of those tables adds up to the number of accesses.
- its *service* is the first service among that citizen's rows that day at that counter (``data_ektp`` when
  none); its *purpose* the PKS purpose the settings map that service to (``dukcapil.purposes``).
- *lookups* are the CALL_NIK calls themselves (one access may hold several), by outcome: ``found``,
  ``not_found`` and each failure or refusal code. A *quota day* is a day with a ``refused_quota`` answer.
- a *refused card* is a read whose chip data the SAM found altered after issue (outcome ``ok_invalid``).
- *readers and SAMs* are named by the read rows (their PC/SC reader names, reduced to plain words).
- a *day without access* is a day of the semester with no access at all.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo

from app.base.settings import Settings
from app.report.stats import NO_SERVICE, local_bounds

METHODS = ("ektp", "nik", "both")
UNMAPPED = ""  # a service the settings give no PKS purpose: shown as such, so the office notices
QUOTA = "refused_quota"
_SEMESTER = re.compile(r"^(\d{4})-([12])$")


def parse_semester(text: str) -> tuple[date, date]:
    """``2026-2`` -> (2026-07-01, 2026-12-31); ``2026-1`` -> January to June. ValueError otherwise."""
    match = _SEMESTER.match(text.strip())
    if not match:
        raise ValueError(f"semester must be YYYY-1 or YYYY-2, not {text!r}")
    year, half = int(match.group(1)), int(match.group(2))
    if not 2000 <= year <= 2999:
        raise ValueError(f"semester year out of range: {year}")
    return (date(year, 1, 1), date(year, 6, 30)) if half == 1 else (date(year, 7, 1), date(year, 12, 31))


def semester_of(day: date) -> str:
    return f"{day.year}-{1 if day.month <= 6 else 2}"


@dataclass(frozen=True)
class Agreement:
    """What the PDF says of the office and its PKS (settings ``dukcapil``)."""

    office: str = ""
    number: str = ""
    signer_name: str = ""
    signer_title: str = ""
    signer_nip: str = ""
    place: str = ""
    purposes: dict[str, str] = field(default_factory=dict)  # service -> purpose as the PKS words it
    default_purpose: str = ""


def agreement(settings: Settings | None) -> Agreement:
    section = settings.extra.get("dukcapil") if settings is not None else None
    section = section if isinstance(section, dict) else {}

    def text(name: str) -> str:
        value = section.get(name)
        return value if isinstance(value, str) else ""

    purposes = section.get("purposes")
    purposes = {str(k): str(v) for k, v in purposes.items() if isinstance(v, str)} \
        if isinstance(purposes, dict) else {}
    return Agreement(text("office"), text("agreement_number"), text("signer_name"), text("signer_title"),
                     text("signer_nip"), text("place"), purposes, text("default_purpose"))


@dataclass
class DukcapilReport:
    semester: str
    from_day: date
    to_day: date
    days: list[date]
    accesses: int = 0
    by_method: Counter[str] = field(default_factory=Counter)
    by_service: Counter[str] = field(default_factory=Counter)
    by_purpose: Counter[str] = field(default_factory=Counter)
    by_operator: Counter[str] = field(default_factory=Counter)
    by_counter: Counter[str] = field(default_factory=Counter)
    per_month: Counter[str] = field(default_factory=Counter)  # "2026-07" -> accesses
    method_per_month: Counter[tuple[str, str]] = field(default_factory=Counter)  # (month, method) -> accesses
    verified_reads: int = 0
    lookups: int = 0
    lookup_outcomes: Counter[str] = field(default_factory=Counter)
    not_asked: int = 0
    quota_days: list[date] = field(default_factory=list)
    refused_cards: int = 0
    failed_reads: int = 0
    readers: Counter[str] = field(default_factory=Counter)  # card reader -> reads
    sams: Counter[str] = field(default_factory=Counter)  # SAM reader -> reads
    days_with_access: set[date] = field(default_factory=set)
    rows: int = 0

    @property
    def days_without_access(self) -> list[date]:
        return [d for d in self.days if d not in self.days_with_access]

    @property
    def workdays_without_access(self) -> list[date]:
        return [d for d in self.days_without_access if d.weekday() < 5]


def _local(stamp: str, tz: tzinfo | None) -> datetime:
    moment = datetime.fromisoformat(stamp)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(tz)


def _words(row: object, name: str) -> list[str]:
    text = getattr(row, "detail", "") or ""
    try:
        value = json.loads(text).get(name) if text else None
    except (ValueError, AttributeError):
        return []
    return [str(v) for v in value] if isinstance(value, list) else []


@dataclass
class _Access:
    read: bool = False
    lookup: bool = False
    service: str = ""
    operator: str = ""


def compute(rows: Iterable[object], semester: str, *, purposes: dict[str, str] | None = None,
            default_purpose: str = "", tz: tzinfo | None = None) -> DukcapilReport:
    """The figures of ``semester`` (``YYYY-1``/``YYYY-2``) from any iterable of audit rows; rows outside the
    half-year are ignored. ``tz``: the office's zone (None = this machine's)."""
    first, last = parse_semester(semester)
    report = DukcapilReport(semester, first, last, [first + timedelta(days=i)
                                                   for i in range((last - first).days + 1)])
    purposes = purposes or {}
    visits: dict[tuple[date, str, str], _Access] = {}
    quota: set[date] = set()
    for row in rows:
        when = _local(str(getattr(row, "time", "")), tz)
        day = when.date()
        if not first <= day <= last:
            continue
        report.rows += 1
        kind, outcome = str(getattr(row, "kind", "")), str(getattr(row, "outcome", ""))
        nik = str(getattr(row, "nik_hash", "") or "")
        station = str(getattr(row, "workstation", "") or "?")
        service = str(getattr(row, "service", "") or "")
        access = None
        if kind == "read":
            if outcome == "ok_invalid":
                report.refused_cards += 1
            elif not outcome.startswith("ok"):
                report.failed_reads += 1
            if outcome.startswith("ok"):
                report.readers.update(_words(row, "card_reader") or ["?"])
                report.sams.update(_words(row, "sam_reader") or ["?"])
            if outcome == "ok" and nik:
                report.verified_reads += 1
                access = visits.setdefault((day, station, nik), _Access())
                access.read = True
        elif kind == "lookup":
            if outcome == "not_asked":
                report.not_asked += 1
            else:
                report.lookups += 1
                report.lookup_outcomes[outcome] += 1
                if outcome == QUOTA:
                    quota.add(day)
                if nik:
                    access = visits.setdefault((day, station, nik), _Access())
                    access.lookup = True
        if nik and access is None:
            access = visits.get((day, station, nik))
        if access is not None:
            if service and not access.service:
                access.service = service
            if not access.operator:
                access.operator = str(getattr(row, "os_user", "") or "?")

    for (day, station, _nik), access in visits.items():
        if not (access.read or access.lookup):
            continue
        method = "both" if access.read and access.lookup else "ektp" if access.read else "nik"
        service = access.service or NO_SERVICE
        report.accesses += 1
        report.by_method[method] += 1
        report.by_service[service] += 1
        report.by_purpose[purposes.get(service, default_purpose) or UNMAPPED] += 1
        report.by_operator[access.operator or "?"] += 1
        report.by_counter[station] += 1
        month = f"{day:%Y-%m}"
        report.per_month[month] += 1
        report.method_per_month[(month, method)] += 1
        report.days_with_access.add(day)
    report.quota_days = sorted(quota)
    return report


def from_trail(semester: str, settings: Settings | None = None, *, tz: tzinfo | None = None) -> DukcapilReport:
    """The report straight from the audit trail (this machine's, or every counter's on the office server):
    what ``loket report dukcapil`` and the window's Laporan view both call."""
    from app import audit

    first, last = parse_semester(semester)
    since, until = local_bounds(first, last, tz)
    terms = agreement(settings)
    return compute(audit.rows(since, until), semester, purposes=terms.purposes,
                   default_purpose=terms.default_purpose, tz=tz)

