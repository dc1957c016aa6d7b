"""The day at this counter, from the same sources as the office report: who was served (as the report
counts them), what was printed, and which letters can be reprinted; and the search of issued letters.

- *citizens* and *prints* are this counter's ``CounterFigures`` of ``app.report.stats.compute`` over today's
  audit rows: the window's counter and Laporan cannot disagree, because they are one computation.
- the list: one line per letter or form printed today at this counter (its kept copy, app/letters/copies.py), and one
  per citizen served without a print; each with its time, service and number. No name is in it: the window
  shows a name only for the person on screen (matched by the audit's keyed ``nik_hash``) or when the clerk
  asks for that one line (``name_of``), decrypted from the copy then.
- the search reads the letter register (``nomor.sqlite3``: every number taken, printed, saved or void) and
  the kept copies, by number or by date.

No Qt here: ``loket today`` and the window's "Hari ini" both call these.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from app.base.logsetup import failure
from app.base.outcome import PrintOutcome
from app.base.settings import Settings
from app.letters import copies
from app.report import stats

log = logging.getLogger("loket.today")


@dataclass(frozen=True)
class Line:
    """One line of today's list."""

    at: datetime  # local time: the print, or the citizen's first event of the day
    services: tuple[str, ...]
    number: str = ""  # the letter number ("" for a form without one, or a citizen with no print)
    copy_id: int | None = None  # the kept copy a reprint renders; None: nothing to reprint
    nik_hash: str = ""  # the audit's keyed hash: matches the person on screen without naming anyone
    outcome: PrintOutcome | None = None  # PRINTED or SAVED_PDF for a print line (its kept copy's)
    sealed: bool = False  # the register keeps this letter's seal digest (letter-seal.md)

    @property
    def printed(self) -> bool:
        return self.copy_id is not None


@dataclass
class Day:
    day: date
    workstation: str
    citizens: int = 0  # distinct citizens at this counter, exactly as the report's counter figures
    prints: int = 0  # prints and saved PDFs at this counter, as the report counts them
    letters: int = 0  # of those, numbered letters (kept copies with a number)
    lines: list[Line] = field(default_factory=list)

    def last_copy(self) -> Line | None:
        printed = [line for line in self.lines if line.printed]
        return printed[-1] if printed else None


def _local(stamp: str) -> datetime:
    moment = datetime.fromisoformat(stamp)
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone()


def compute(rows: Iterable[object], entries: Iterable[copies.Entry], day: date, workstation: str,
            sealed: Collection[str] = ()) -> Day:
    """The day from audit rows (any; those of other counters and days are left out) and kept copies;
    ``sealed``: the numbers whose seal digest the register holds."""
    mine = [r for r in rows if str(getattr(r, "workstation", "") or "?") == workstation]
    report = stats.compute(mine, day, day)
    figures = next((c for c in report.counters if c.workstation == workstation), None)
    out = Day(day, workstation, figures.citizens if figures else 0, figures.prints if figures else 0)
    first: dict[str, datetime] = {}
    services: dict[str, set[str]] = {}
    for row in mine:
        nik = str(getattr(row, "nik_hash", "") or "")
        when = _local(str(getattr(row, "time", "")))
        if not nik or when.date() != day:
            continue
        if nik not in first or when < first[nik]:
            first[nik] = when
        service = str(getattr(row, "service", "") or "") or (
            str(getattr(row, "form_id", "") or "") if getattr(row, "kind", "") == "print" else "")
        if service:
            services.setdefault(nik, set()).add(service)
    printed_for: set[str] = set()
    for entry in entries:
        when = entry.printed_at.astimezone()
        if entry.workstation != workstation or when.date() != day:
            continue
        out.lines.append(Line(when, (entry.service or entry.form_id,), entry.number, entry.id, entry.nik_hash,
                              entry.outcome, entry.number in sealed))
        out.letters += bool(entry.number)
        printed_for.add(entry.nik_hash)
    for nik, when in first.items():
        if nik not in printed_for:
            out.lines.append(Line(when, tuple(sorted(services.get(nik) or {stats.NO_SERVICE})), nik_hash=nik))
    out.lines.sort(key=lambda line: (line.at, line.copy_id or 0))
    return out


def today(settings: Settings | None = None, day: date | None = None) -> Day:
    """This counter's day, from the audit trail (this machine's, or the office server's rows of this counter)
    and this machine's kept copies. Raises forms.numbering.Unreachable when the office server is away."""
    from app import audit
    from app.storage import config

    day = day or date.today()
    station = config(settings).counter_id
    since, until = stats.local_bounds(day, day)
    kept = _kept(day, station)
    sealed = sealed_numbers([e.number for e in kept if e.number], settings)
    return compute(audit.rows(since, until, workstation=station), kept, day, station, sealed)


def sealed_numbers(numbers: list[str], settings: Settings | None) -> set[str]:
    """Of ``numbers``, those the letter register holds a seal digest for; none when it cannot be read (the
    day's list must not go with it)."""
    from app.storage.letters import sealed_numbers as registered

    try:
        return registered(numbers, settings)
    except Exception as exc:  # the office server away, a broken register: the list stands without the mark
        log.warning("seal digests not read for today's list: %s", type(exc).__name__)
        return set()


def _kept(day: date, station: str) -> list[copies.Entry]:
    """The day's copies; none when their file cannot be read (the count of citizens must not go with it)."""
    try:
        return copies.entries(day, workstation=station)
    except (sqlite3.Error, OSError, copies.CopiesUnavailable) as exc:
        log.warning("copies not read for today's list: %s", failure(exc))
        return []


NAME_SHOWN = "name_shown"


def name_of(line: Line, settings: Settings | None = None) -> str:
    """The name on the line's letter, decrypted from its copy: only when the clerk asks for this one line,
    and only once the audit trail has recorded that it was shown (a ``view`` row for that citizen). ""
    when there is none (no print). Raises copies.CopiesUnavailable, audit.AuditUnavailable."""
    from app import audit

    if line.copy_id is None:
        return ""
    copy = copies.open_copy(line.copy_id, settings)
    audit.record_view(copy.entry.form_id, NAME_SHOWN, copy.nik or None)
    return copy.name


# --- the search of issued letters -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Issued:
    """A letter number in the register (or a kept copy of a form), with its copy when one is kept."""

    number: str
    form_id: str
    status: str  # printed, saved, void, taken (the register's), or the copy's outcome without a register
    reason: str
    at: datetime  # local: when the number was taken, or the copy printed
    copy_id: int | None = None


_DATE = (re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$"), re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"))
MAX_QUERY = 64


def parse_day(text: str) -> date | None:
    """``23-11-2026``, ``23/11/2026`` or ``2026-11-23``; None when the text is not a date."""
    text = text.strip()
    for n, pattern in enumerate(_DATE):
        found = pattern.match(text)
        if found:
            parts = [int(p) for p in found.groups()]
            d, m, y = parts if n == 0 else parts[::-1]
            try:
                return date(y, m, d)
            except ValueError:
                return None
    return None


def _register_bounds(day: date) -> tuple[str, str]:
    start = datetime.combine(day, time.min).astimezone().astimezone(UTC)
    fmt = "%Y-%m-%d %H:%M:%S"  # the register's datetime('now'), UTC
    return start.strftime(fmt), (start + timedelta(days=1)).strftime(fmt)


def _register(text: str, day: date | None, settings: Settings | None) -> list[tuple[str, str, str, str, str]]:
    """The letter register: this machine's (nomor.sqlite3), or the office server's (every counter's letters;
    none while it is away: the copies kept here still answer)."""
    from app.storage import config
    from app.storage.letters import numbers_db
    from forms.numbering import Unreachable, find_letters

    cfg = config(settings)
    if cfg.is_postgres:
        from app.storage import postgres

        start = datetime.combine(day, time.min).astimezone() if day is not None else None
        try:
            return postgres.find_letters(cfg, number="" if day else text, since=start,
                                         until=start + timedelta(days=1) if start else None)
        except Unreachable:
            log.warning("letter search: the office server is unreachable; copies only")
            return []
    db = numbers_db()
    if db is None:
        return []
    if day is not None:
        since, until = _register_bounds(day)
        return find_letters(db, since=since, until=until)
    return find_letters(db, number=text)


def search(text: str, settings: Settings | None = None) -> list[Issued]:
    """Issued letters by number (any part of it) or by date (a local day), newest first: the letter register
    (this machine's, or the office server's) joined with the copies kept here."""
    # A NUL ends a LIKE pattern early in SQLite (it would match every letter); no number holds a control.
    text = "".join(ch for ch in text if ch.isprintable()).strip()[:MAX_QUERY]
    if not text:
        return []
    day = parse_day(text)
    try:
        kept = copies.entries(day) if day is not None else copies.entries(number=text)
    except (sqlite3.Error, OSError, copies.CopiesUnavailable) as exc:  # the register still answers
        log.warning("copies not searched: %s", failure(exc))
        kept = []
    register = _register(text, day, settings)
    latest: dict[str, copies.Entry] = {}
    for entry in kept:
        latest[entry.number or f"#{entry.id}"] = entry  # oldest first: the newest copy of a number wins
    found: list[Issued] = []
    for number, form_id, status, reason, taken_at in register:
        entry = latest.pop(number, None)
        at = datetime.fromisoformat(taken_at).replace(tzinfo=UTC).astimezone()
        found.append(Issued(number, form_id, status, reason, at, entry.id if entry else None))
    for entry in latest.values():  # forms without a number, or numbers from an office server
        found.append(Issued(entry.number, entry.form_id, entry.outcome, "", entry.printed_at.astimezone(), entry.id))
    found.sort(key=lambda i: i.at, reverse=True)
    return found
