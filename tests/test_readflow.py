"""One card-read sequence for the counter window and `loket serve` (app/flows/readflow.py), driven through
the real stack: pcscd + vsmartcard-vpcd for the cards and the SAM, the registry simulator over HTTP.

The rule it holds for both: a card swapped while Dukcapil is still answering for the first citizen never
shows the first citizen's record — the record that arrives is for a card no longer on the reader, and it
is dropped; the second citizen is read, looked up and shown."""

from __future__ import annotations

import threading

import pytest

from app import audit
from app.base.settings import Settings
from app.flows import readflow
from app.flows.counter import Change, Event
from app.sim.registry import SIM_AGENCY
from reader.simulator.population import POPULATION
from tests.conftest import CARD_READER, SAM_READER
from tests.soak_support import Stack

A, B = POPULATION[1], POPULATION[2]
SLOW = 2.5  # Dukcapil's answer for A comes this late (inside the lookup's 4 s budget: it is an answer)


def _settings() -> Settings:
    settings = Settings()
    settings.readers.card_reader, settings.readers.sam_reader = CARD_READER, SAM_READER
    return settings


def _asked(registry: object, nik: str) -> bool:
    return any(r.nik == nik for r in registry.state.seen)  # type: ignore[attr-defined]


def _slow_once(registry: object) -> None:
    registry.state.slow_seconds = SLOW  # type: ignore[attr-defined]
    registry.set_fault("slow", times=1)  # type: ignore[attr-defined]


def _a_was_looked_up_and_dropped() -> None:
    """A's lookup did finish (its audit row is written), and nothing of A reached the screen."""
    looked_up = [r for r in audit.rows() if r.kind == "lookup"]
    assert audit.nik_hash(A.nik) in {r.nik_hash for r in looked_up}, "the swap came after A's answer"


def test_one_mapping_from_what_went_wrong_to_what_the_clerk_hears(caplog: pytest.LogCaptureFixture) -> None:
    """Each cause keeps its own sentence and the CLI's exit code; what the screen does with it is a kind, not
    an exit code; a bug is the general sentence for the clerk and a place in the log, never its message."""
    from app.audit import AuditUnavailable
    from reader.errors import NoCard, NotEktp, SamRemoved

    try:
        raise ValueError(f"bad {A.nik}")  # a bug whose message quotes card data
    except ValueError as exc:
        bug = exc
    said = [readflow.failure_of(exc) for exc in (NoCard("no card"), SamRemoved("gone"), NotEktp("not"),
                                                 AuditUnavailable("full"), bug)]
    assert [(s.kind, s.exit_code) for s in said] == [
        (readflow.FailureKind.NO_CARD, 5), (readflow.FailureKind.SAM, 8), (readflow.FailureKind.CARD, 7),
        (readflow.FailureKind.AUDIT, 13), (readflow.FailureKind.INTERNAL, 1)]
    assert said[2].sentence == NotEktp.default_id_text and said[1].sentence == SamRemoved("x").id_text
    assert said[4].sentence == "Terjadi kesalahan saat membaca kartu. Coba tempelkan kembali kartu."
    assert "card read crashed: ValueError at tests/test_readflow.py:" in caplog.text and A.nik not in caplog.text


def test_which_reader_holds_the_card() -> None:
    """One rule for the window and `loket serve`: the card reader once known, else anything but the SAM's."""
    from reader.readers import holds_card

    assert holds_card("Virtual PCD 00 00", CARD_READER, SAM_READER)
    assert not holds_card("Virtual PCD 00 01", CARD_READER, SAM_READER)
    assert holds_card("ACS ACR1252 PICC 00", "", "")  # before the first read names the readers
    assert not holds_card("ACS ACR1252 SAM 00", "", "")  # a reader that says it is a SAM slot
    assert not holds_card("Virtual PCD 00 01", "", SAM_READER)


def test_both_front_ends_drive_the_same_read() -> None:
    from app.ui import worker
    from app.webapi import headless

    assert worker.read_citizen is headless.read_citizen is readflow.read_citizen


@pytest.mark.pcscd
def test_the_window_never_shows_a_for_bs_card_swapped_during_the_lookup(qtbot, pcscd, sim_secrets,
                                                                         registry) -> None:
    from app.ui.main_window import MainWindow

    stack = Stack(person=0)
    stack.lift()
    window = MainWindow(_settings(), overrides={"registry_url": registry.url, "agency": SIM_AGENCY},  # type: ignore[attr-defined]
                        save_settings=False)
    qtbot.addWidget(window)
    shown: list[str] = []  # the NIK of every person the session put on screen

    def watch(event: Event) -> None:
        if event.change is Change.PERSON and window.session.applicant is not None:
            shown.append(window.session.applicant.identity.nik)

    window.session.listen(watch)
    try:
        _slow_once(registry)
        stack.put(1)
        qtbot.waitUntil(lambda: _asked(registry, A.nik), timeout=10_000)  # A read; Dukcapil is answering
        assert window.session.identity is not None and window.session.identity.nik == A.nik
        with qtbot.waitSignal(window.person_shown, timeout=15_000):
            stack.put(2)  # the clerk swaps the card before Dukcapil answered for A
        qtbot.wait(int(SLOW * 1000))  # A's answer has come back by now, and been dropped
        assert shown == [B.nik]
        assert window.applicant is not None and window.applicant.identity.nik == B.nik
        on_screen = " ".join(w.text() for w in window.findChildren(type(window.message)))
        assert A.nama not in on_screen and A.nik not in on_screen and B.nama in on_screen
        _a_was_looked_up_and_dropped()
    finally:
        window.close()
        stack.stop()


@pytest.mark.pcscd
def test_loket_serve_never_hands_over_a_for_bs_card_swapped_during_the_lookup(pcscd, sim_secrets,
                                                                               registry) -> None:
    from app.webapi.feed import CounterFeed
    from app.webapi.headless import HeadlessCounter

    stack = Stack(person=0)
    stack.lift()
    feed = CounterFeed()
    handed: list[str] = []  # the NIK of every record the service offered to the office's systems
    ready = threading.Event()

    def on_feed(event: dict[str, object]) -> None:
        if event["type"] == "record_ready":
            applicant = feed.snapshot().applicant
            handed.append(applicant.identity.nik if applicant is not None else "")
            ready.set()

    feed.listeners.append(on_feed)
    counter = HeadlessCounter(_settings(), feed, service_id="rsud_pasien_baru",
                              overrides={"registry_url": registry.url, "agency": SIM_AGENCY})  # type: ignore[attr-defined]
    shown: list[str] = []
    counter.session.listen(lambda e: shown.append(counter.session.applicant.identity.nik)
                           if e.change is Change.PERSON and counter.session.applicant is not None else None)
    counter.start()
    try:
        _slow_once(registry)
        stack.put(1)
        deadline = threading.Event()
        for _ in range(100):
            if _asked(registry, A.nik):
                break
            deadline.wait(0.1)
        assert _asked(registry, A.nik)
        stack.put(2)
        assert ready.wait(15), "B was never offered"
        deadline.wait(SLOW)  # A's answer has come back by now, and been dropped
        assert handed == [B.nik] and shown == [B.nik]
        assert feed.snapshot().applicant is not None and feed.snapshot().applicant.identity.nik == B.nik
        _a_was_looked_up_and_dropped()
    finally:
        counter.stop()
        stack.stop()
