"""The office's daily figures, computed from audit rows alone: citizens served per service per day and hour,
prints, registry failures, chip/registry discrepancies by field, and the typing the pre-filled fields saved.

Definitions (the report's footnotes say the same in Indonesian):
- a *citizen served* is one ``nik_hash`` on one local day (the office's days, not UTC); the hour is that of
  the citizen's first event of the day. Per service: the services of that citizen's rows that day (the
  window's reads, lookups and prints carry the service the clerk picked; a command-line read carries none);
  a citizen with no service row is counted under ``NO_SERVICE``. A citizen served at two services counts once for each.
- a *print* is a print row with outcome ``printed`` or ``saved_pdf`` (a preview, a cancel or a printer
  error is not).
- a *registry failure* is a lookup whose outcome is neither ``found`` nor ``not_found`` (``not_asked``, a
  counter with no registry configured, is counted apart).
- *typing saved*: the ``prefilled`` fields of every print × ``report.seconds_per_field`` seconds.

No Qt and no storage here: ``compute(rows, ...)`` takes any iterable of ``audit.Row``.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from app.base.outcome import PrintOutcome
from app.base.settings import Settings

DEFAULT_SECONDS_PER_FIELD = 6.0
NO_SERVICE = "data_ektp"  # the counter's record-only service: read and looked up, no form printed
PRINTED = frozenset({PrintOutcome.PRINTED, PrintOutcome.SAVED_PDF})  # a preview, a cancel, a reprint: no print
LOOKUP_OK = ("found", "not_found")
NOT_ASKED = "not_asked"


def seconds_per_field(settings: Settings | None) -> float:
    """``"report": {"seconds_per_field": 6}`` — what typing one field by hand costs a clerk, on average."""
    section = settings.extra.get("report") if settings is not None else None
    value = section.get("seconds_per_field") if isinstance(section, dict) else None
    if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
        return float(value)
    return DEFAULT_SECONDS_PER_FIELD


@dataclass
class CounterFigures:
    """One counter (``workstation``) over the whole range."""

    workstation: str
    citizens: int = 0
    prints: int = 0
    lookups: int = 0
    registry_failures: int = 0
    discrepancies: int = 0  # lookups that found at least one disagreeing field
    prefilled: int = 0
    typed: int = 0


@dataclass
class Report:
    from_day: date
    to_day: date
    seconds_per_field: float
    days: list[date]
    services: list[str]  # busiest first
    served: dict[tuple[date, str], int] = field(default_factory=dict)  # (day, service) -> citizens
    served_per_day: dict[date, int] = field(default_factory=dict)  # distinct citizens, any service
    served_per_hour: dict[int, int] = field(default_factory=dict)  # local hour 0-23 -> citizens (whole range)
    prints: dict[tuple[date, str], int] = field(default_factory=dict)
    lookups: int = 0
    not_asked: int = 0
    registry_failures: Counter[str] = field(default_factory=Counter)  # outcome -> count
    lookups_with_discrepancy: int = 0
    discrepancy_fields: Counter[str] = field(default_factory=Counter)  # field -> lookups disagreeing on it
    prefilled: int = 0
    typed: int = 0
    failed_reads: int = 0
    counters: list[CounterFigures] = field(default_factory=list)
    rows: int = 0

    @property
    def citizens(self) -> int:
        return sum(self.served_per_day.values())

    @property
    def total_prints(self) -> int:
        return sum(self.prints.values())

    @property
    def seconds_saved(self) -> float:
        return self.prefilled * self.seconds_per_field

    def served_in(self, service: str) -> int:
        return sum(n for (_d, s), n in self.served.items() if s == service)

    def prints_in(self, service: str) -> int:
        return sum(n for (_d, s), n in self.prints.items() if s == service)


def local_bounds(from_day: date, to_day: date, tz: tzinfo | None = None) -> tuple[str, str]:
    """UTC ISO strings for ``audit.rows(since, until)``: the start of ``from_day`` to the end of ``to_day``,
    in the office's local time."""

    def start(day: date) -> str:
        local = datetime.combine(day, time.min, tzinfo=tz) if tz else datetime.combine(day, time.min).astimezone()
        return local.astimezone(UTC).isoformat(timespec="milliseconds")

    return start(from_day), start(to_day + timedelta(days=1))


def _local(stamp: str, tz: tzinfo | None) -> datetime:
    moment = datetime.fromisoformat(stamp)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(tz)


def _detail(row: object) -> dict[str, object]:
    text = getattr(row, "detail", "") or ""
    try:
        value = json.loads(text) if text else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _count(detail: dict[str, object], name: str) -> int:
    value = detail.get(name)
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def compute(rows: Iterable[object], from_day: date, to_day: date, *, seconds: float = DEFAULT_SECONDS_PER_FIELD,
            tz: tzinfo | None = None) -> Report:
    """The figures for the local days ``from_day``..``to_day`` (both included). Rows outside are ignored,
    so a caller may pass a wider set. ``tz``: the office's zone (None = this machine's)."""
    days = [from_day + timedelta(days=i) for i in range((to_day - from_day).days + 1)]
    first_seen: dict[tuple[date, str], datetime] = {}  # (day, nik_hash) -> first event
    services_of: defaultdict[tuple[date, str], set[str]] = defaultdict(set)
    citizens_at: defaultdict[str, set[tuple[date, str]]] = defaultdict(set)
    prints: Counter[tuple[date, str]] = Counter()
    report = Report(from_day, to_day, seconds, days, [])
    counters: dict[str, CounterFigures] = {}

    for row in rows:
        when = _local(str(getattr(row, "time", "")), tz)
        day = when.date()
        if not from_day <= day <= to_day:
            continue
        report.rows += 1
        kind, outcome = str(getattr(row, "kind", "")), str(getattr(row, "outcome", ""))
        service = str(getattr(row, "service", "") or "")
        if not service and kind == "print":
            service = str(getattr(row, "form_id", "") or "")
        nik = str(getattr(row, "nik_hash", "") or "")
        station = str(getattr(row, "workstation", "") or "?")
        figures = counters.setdefault(station, CounterFigures(station))
        if nik:
            key = (day, nik)
            if key not in first_seen or when < first_seen[key]:
                first_seen[key] = when
            if service:
                services_of[key].add(service)
            citizens_at[station].add(key)
        if kind == "read" and not outcome.startswith("ok"):
            report.failed_reads += 1
        elif kind == "lookup":
            if outcome == NOT_ASKED:
                report.not_asked += 1
                continue
            report.lookups += 1
            figures.lookups += 1
            if outcome not in LOOKUP_OK:
                report.registry_failures[outcome] += 1
                figures.registry_failures += 1
            found = _detail(row).get("discrepancies")
            if isinstance(found, list) and found:
                report.lookups_with_discrepancy += 1
                figures.discrepancies += 1
                report.discrepancy_fields.update({str(f) for f in found})
        elif kind == "print" and outcome in PRINTED:
            prints[(day, service or NO_SERVICE)] += 1
            figures.prints += 1
            detail = _detail(row)
            report.prefilled += _count(detail, "prefilled")
            report.typed += _count(detail, "typed")
            figures.prefilled += _count(detail, "prefilled")
            figures.typed += _count(detail, "typed")

    served: Counter[tuple[date, str]] = Counter()
    per_day: Counter[date] = Counter()
    per_hour: Counter[int] = Counter()
    for key, first in first_seen.items():
        day = key[0]
        per_day[day] += 1
        per_hour[first.hour] += 1
        for service in services_of.get(key) or {NO_SERVICE}:
            served[(day, service)] += 1
    for station, keys in citizens_at.items():
        counters[station].citizens = len(keys)

    totals: Counter[str] = Counter()
    for (_day, service), n in served.items():
        totals[service] += n
    printed: Counter[str] = Counter()
    for (_day, service), n in prints.items():
        printed[service] += n
    report.services = sorted(set(totals) | set(printed), key=lambda s: (-totals[s], -printed[s], s))
    report.served = dict(served)
    report.served_per_day = {d: per_day.get(d, 0) for d in days}
    report.served_per_hour = dict(sorted(per_hour.items()))
    report.prints = dict(prints)
    report.counters = sorted(counters.values(), key=lambda c: c.workstation)
    return report


def from_trail(from_day: date, to_day: date, settings: Settings | None = None, *,
               seconds: float | None = None, tz: tzinfo | None = None) -> Report:
    """The report straight from the audit trail (this machine's file, or every counter's rows on the
    office server): what ``loket report`` and the Laporan view both call."""
    from app import audit

    since, until = local_bounds(from_day, to_day, tz)
    rows = audit.rows(since, until)
    return compute(rows, from_day, to_day, seconds=seconds_per_field(settings) if seconds is None else seconds,
                   tz=tz)
