"""A simulated office day for the report: N synthetic citizens (200 by default) through the real core.

Each citizen's e-KTP is a simulated card (in-process) of a synthetic person: one of the ten of
``reader.simulator.population`` with another NIK serial and card UID, so the day has N distinct citizens and
keeps the population's quirks (a spelling corrected at Dukcapil, a move, a tampered card, one missing from
the registry). Per visit the real functions run: ``read_card`` → ``lookup_for_identity`` over HTTP against
the registry simulator (which knows the synthetic citizens; now and then a fault switched on for a request:
503s, an HTML error page, 429, a timeout) → merge → ``prepare_for_applicant`` → ``print_pdf`` →
``audit.record_print`` with the filled form's counts. A few cards are pulled mid-read and tapped again; a few
clerks cancel the print.

The core writes its audit rows at the real moment into a scratch trail. The office's hours are simulated:
each visit's rows are then appended, unchanged but for the time, to the target trail with ``audit.append(
..., at=...)`` at the visit's simulated time (arrivals over 08.00–15.00 with the mid-morning peak an office
sees), across two counters (``storage.counter``). Deterministic for a seed.

    LOKET_DATA_DIR=/tmp/day python -m app.sim.simday --day 2026-11-23 [--citizens 200] [--seed 8]

``simulate_semester`` (``--semester 2026-2``) runs every office day of a half-year for Dukcapil's semester report:
days whose registry quota runs out, NIK lookups without a card, visits served from the chip alone, more
refused cards than usual, and closed days with no access at all.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app import audit
from app.base.outcome import PrintOutcome
from app.base.settings import Settings
from app.citizen.cardread import read_card
from app.citizen.lookup import lookup_for_identity
from app.citizen.merge import Applicant
from app.letters.formdata import NotAuthentic, prepare_for_applicant, print_pdf
from app.registry.outage import RegistryState
from app.report.stats import NO_SERVICE
from app.sim.demo import Demo
from app.sim.registry import SIM_AGENCY, SIM_PASSWORD, SIM_USER, start_simulator
from forms.template import load_all
from reader.errors import ReadError
from reader.simulator.card import CardFaults, VirtualCard
from reader.simulator.factory import make_sam
from reader.simulator.population import POPULATION, Person

COUNTERS = ("loket-1", "loket-2")
# The visits that print nothing (the record alone); the forms' shares are their templates' ([sample] share).
NO_SERVICE_SHARE = 0.10


def services() -> tuple[tuple[str, float, dict[str, str]], ...]:
    """(service, share of visits, what the clerk types): each template's [sample] with a share, valid input so a
    form prints when the person allows, and the record-only visit."""
    forms = tuple((t.id, t.sample.share, dict(t.sample.values)) for t in load_all().values() if t.sample.share > 0)
    return (*forms, (NO_SERVICE, NO_SERVICE_SHARE, {}))


# (fault, requests): each one failed lookup. Not quota or login: the client rightly stops asking for the day.
REGISTRY_FAULTS = (("5xx", 3), ("non_json", 1), ("http_429", 1), ("slow", 1))


@dataclass
class DayResult:
    citizens: int
    rows: int
    printed: int
    failed_lookups: int


# How often each of the ten appears as the base of a synthetic citizen: a tampered card (#8) or a citizen
# missing from the registry (#9) is rare at a real counter, not one in ten.
BASE_WEIGHTS = (12, 12, 12, 12, 12, 12, 12, 12, 1, 3)
TAMPERED = 8  # POPULATION[8]: a card altered after issue


@dataclass
class SemesterResult:
    days: int  # office days simulated
    citizens: int
    rows: int
    quota_days: list[date]
    closed_days: list[date]


def simulate_semester(semester: str, citizens: int = 2, seed: int = 8, *, quota_days: tuple[date, ...] = (),
                      closed_days: tuple[date, ...] = (), nik_share: float = 0.15, refused_share: float = 0.02,
                      card_only_share: float = 0.1, progress: Callable[[date], None] | None = None) -> SemesterResult:
    """Six months of office days (Monday to Friday, but ``closed_days``) of ``citizens`` each, with the day's
    quota used up on ``quota_days``, NIK-only lookups and refused cards: what Dukcapil's semester report is
    made from. Each day its own seed and its own citizens."""
    from app.report.dukcapil import parse_semester

    first_day, last_day = parse_semester(semester)
    result = SemesterResult(0, 0, 0, [], [])
    day = first_day
    while day <= last_day:
        if day.weekday() < 5:
            if day in closed_days:
                result.closed_days.append(day)
            else:
                done = simulate_day(day, citizens, seed + result.days, first=result.days * citizens,
                                    quota=day in quota_days, nik_share=nik_share, refused_share=refused_share,
                                    card_only_share=card_only_share)
                result.days += 1
                result.citizens += done.citizens
                result.rows += done.rows
                if day in quota_days:
                    result.quota_days.append(day)
                if progress is not None:
                    progress(day)
        day += timedelta(days=1)
    return result


def synthetic_person(k: int, base_index: int | None = None) -> Person:
    """Citizen ``k`` of the day: POPULATION[base_index] (default k % 10) with NIK serial 2000+k and a card
    UID of its own."""
    base = POPULATION[k % len(POPULATION) if base_index is None else base_index]
    uid = f"04{k + 1:012X}" if base.uid else ""
    return dataclasses.replace(base, nik=base.nik[:12] + f"{2000 + k:04d}", uid=uid,
                               uid_type_b=f"{k + 1:016X}" if base.uid_type_b else "")


def arrivals(day: date, n: int, rng: random.Random) -> list[datetime]:
    """Local arrival times over office hours: most between 08.30 and 11.30, fewer after the midday break."""
    opening = datetime.combine(day, time(8, 0)).astimezone()
    times = []
    for _ in range(n):
        minutes = rng.triangular(0, 420, 110) if rng.random() < 0.8 else rng.uniform(300, 415)
        times.append(opening + timedelta(minutes=minutes))
    return sorted(times)


@contextmanager
def _env(**values: str) -> Iterator[None]:
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def simulate_day(day: date, citizens: int = 200, seed: int = 8, *, first: int = 0,
                 progress: Callable[[int], None] | None = None, quota: bool = False, nik_share: float = 0.0,
                 refused_share: float = 0.0, card_only_share: float = 0.0) -> DayResult:
    """Append a simulated day to the audit trail of ``LOKET_DATA_DIR`` (the caller points it somewhere
    harmless). ``LOKET_AUDIT_KEY`` must be set: the scratch trail and the target share the key.
    ``first``: the first citizen's number, so the days of a simulated week have different citizens.
    ``quota``: the registry's daily quota is used up from the day's first lookup on (the client then stops
    asking until the next day); ``nik_share``: visits where the clerk looks a typed NIK up without the card;
    ``refused_share``: more cards altered after issue (the SAM refuses them) than a counter normally sees;
    ``card_only_share``: visits served from the verified chip alone, the registry not asked."""
    if not os.environ.get(audit.KEY_ENV):
        raise RuntimeError(f"set {audit.KEY_ENV} for a simulated day (it must not create a keyring entry)")
    rng = random.Random(seed)
    bases = rng.choices(range(len(POPULATION)), weights=BASE_WEIGHTS, k=citizens)
    bases = [TAMPERED if rng.random() < refused_share else b for b in bases]
    people = [synthetic_person(first + k, base) for k, base in enumerate(bases)]
    order = list(range(citizens))
    rng.shuffle(order)
    target = os.environ.get("LOKET_DATA_DIR", "")
    if not target:
        raise RuntimeError("set LOKET_DATA_DIR to the trail the simulated day is written to")
    registry = start_simulator(port=0, people=people)
    settings = Settings()
    settings.registry.base_url, settings.registry.agency = registry.url, SIM_AGENCY
    state = RegistryState()
    mix = services()
    printed = failed = rows = 0
    with tempfile.TemporaryDirectory(prefix="loket-simday-") as scratch, \
            _env(LOKET_REGISTRY_USER=SIM_USER, LOKET_REGISTRY_PASSWORD=SIM_PASSWORD):
        configs = {}
        for counter in COUNTERS:
            path = Path(scratch) / f"{counter}.json"
            path.write_text(json.dumps({"storage": {"backend": "sqlite", "counter": counter}}))
            configs[counter] = str(path)
        try:
            for n, (k, when) in enumerate(zip(order, arrivals(day, citizens, rng), strict=True)):
                person = people[k]
                counter = COUNTERS[0] if rng.random() < 0.55 else COUNTERS[1]
                service, typed = _pick_service(rng, mix)
                with _env(LOKET_DATA_DIR=str(Path(scratch) / "trail"), LOKET_CONFIG=configs[counter]):
                    before = _last_id()
                    how = rng.random()
                    visit = _visit(person, service, typed, settings, registry, state, rng, Path(scratch),
                                   quota=quota, nik_only=how < nik_share,
                                   card_only=nik_share <= how < nik_share + card_only_share)
                    new = [r for r in audit.local_rows() if r.id > before]
                with _env(LOKET_DATA_DIR=target, LOKET_CONFIG=configs[counter]):
                    for row, offset in zip(new, visit.offsets(len(new), rng), strict=True):
                        audit.append(row.kind, row.outcome, service=row.service, form_id=row.form_id,
                                     nik=person.nik if row.nik_hash else None,
                                     detail=audit.detail_of(row) or None, at=when + offset)
                rows += len(new)
                printed += visit.printed
                failed += visit.lookup_failed
                if progress is not None:
                    progress(n + 1)
        finally:
            registry.stop()
    return DayResult(citizens, rows, printed, failed)


def _pick_service(rng: random.Random, mix: tuple[tuple[str, float, dict[str, str]], ...] | None = None
                  ) -> tuple[str, dict[str, str]]:
    mix = mix or services()
    x, acc = rng.random() * sum(share for _, share, _ in mix), 0.0  # shares need not add up to 1
    for service, share, typed in mix:
        acc += share
        if x < acc:
            return service, typed
    return mix[-1][0], mix[-1][2]


def _last_id() -> int:
    last = audit.last_row()
    return last.id if last is not None else 0


@dataclass
class _Visit:
    printed: int = 0
    lookup_failed: int = 0

    @staticmethod
    def offsets(count: int, rng: random.Random) -> list[timedelta]:
        """Seconds after arrival of each row: the tap, the lookup a moment later, the print minutes later."""
        out, t = [], 0.0
        for i in range(count):
            t += rng.uniform(0.5, 2.0) if i < 2 else rng.uniform(60, 240)
            out.append(timedelta(seconds=t))
        return out


# A simulated office's letters are sealed too, by a throwaway key: a simulation never touches a keyring.
SIM_SEAL_KEY = Ed25519PrivateKey.generate()


def _visit(person: Person, service: str, typed: dict[str, str], settings: Settings, registry: object,
           state: RegistryState, rng: random.Random, scratch: Path, *, quota: bool = False,
           nik_only: bool = False, card_only: bool = False) -> _Visit:
    visit = _Visit()
    if quota:
        registry.set_fault("quota")  # type: ignore[attr-defined]
    if nik_only:  # no card with them: the clerk types the NIK and looks it up (as `loket lookup NIK`)
        from app.registry.client import make_client

        client = make_client(settings)
        try:
            result = client.lookup(person.nik)
        finally:
            client.close()
        registry.set_fault(None)  # type: ignore[attr-defined]
        audit.record_lookup(result, service, nik=person.nik)
        visit.lookup_failed = int(audit.lookup_outcome(result) not in ("found", "not_found"))
        return visit
    sam = make_sam()
    if rng.random() < 0.03:  # lifted too early: the read fails (audited), the clerk taps again
        try:
            read_card(settings, source=Demo("in-process", VirtualCard(person, CardFaults(pull_at=15)), sam))
        except ReadError:
            pass
    identity = read_card(settings, source=Demo("in-process", VirtualCard(person), sam)).identity
    if rng.random() < 0.04 and not quota:
        fault, times = rng.choice(REGISTRY_FAULTS)
        registry.set_fault(fault, times)  # type: ignore[attr-defined]
    if card_only:
        applicant = Applicant(identity, None)
    else:
        applicant = lookup_for_identity(identity, settings, state=state)
    registry.set_fault(None)  # type: ignore[attr-defined]
    visit.lookup_failed = int(audit.lookup_outcome(applicant) not in ("found", "not_found"))
    if service == NO_SERVICE:
        return visit
    prepared = prepare_for_applicant(service, applicant, typed, settings=settings)
    if prepared.blocked or not prepared.filled.ok:
        return visit  # the clerk checks the documents by hand / the person does not qualify: no print
    out = scratch / "cetak.pdf"
    try:
        print_pdf(prepared, out, settings=settings, seal_key=SIM_SEAL_KEY)
    except NotAuthentic:
        return visit
    finally:
        out.unlink(missing_ok=True)
    outcome = PrintOutcome.CANCELLED if rng.random() < 0.03 else \
        PrintOutcome.SAVED_PDF if rng.random() < 0.1 else PrintOutcome.PRINTED
    audit.record_print(service, outcome, identity.nik, service, prepared.filled.counts())
    visit.printed = int(outcome is not PrintOutcome.CANCELLED)
    return visit


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m app.sim.simday", description=__doc__.splitlines()[0])
    p.add_argument("--day", type=date.fromisoformat, default=date.today(), metavar="YYYY-MM-DD")
    p.add_argument("--citizens", type=int, default=200)
    p.add_argument("--seed", type=int, default=8)
    p.add_argument("--days", type=int, default=1, help="this many working days from --day (Mon-Fri)")
    p.add_argument("--semester", metavar="YYYY-1|YYYY-2",
                   help="a whole half-year instead (--citizens per day; a quota day every month)")
    args = p.parse_args(argv)
    if args.semester:
        from app.report.dukcapil import parse_semester

        start = parse_semester(args.semester)[0]
        quota = tuple(date(start.year, start.month + m, 15) for m in range(6))
        quota = tuple(d + timedelta(days=(7 - d.weekday()) % 7 if d.weekday() > 4 else 0) for d in quota)
        done = simulate_semester(args.semester, args.citizens, args.seed, quota_days=quota,
                                 progress=lambda d: sys.stderr.write(f"\r{d:%d-%m-%Y}"))
        sys.stderr.write("\n")
        print(f"Semester {args.semester}: {done.days} hari, {done.citizens} warga simulasi, {done.rows} baris "
              f"audit, {len(done.quota_days)} hari kuota habis (jejak di {os.environ.get('LOKET_DATA_DIR')}).")
        return 0
    day, done = args.day, 0
    while done < args.days:
        if day.weekday() < 5:
            # Each day its own seed, and its own citizens: day d's serials follow day d-1's.
            result = simulate_day(day, args.citizens, args.seed + done, first=done * args.citizens,
                                  progress=lambda n: sys.stderr.write(f"\r{n}/{args.citizens} warga")
                                  if n % 10 == 0 else None)
            sys.stderr.write("\n")
            print(f"{result.citizens} warga simulasi pada {day:%d-%m-%Y}: {result.rows} baris audit, "
                  f"{result.printed} formulir dicetak, {result.failed_lookups} pencarian Dukcapil gagal "
                  f"(jejak di {os.environ.get('LOKET_DATA_DIR')}).")
            done += 1
        day += timedelta(days=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
