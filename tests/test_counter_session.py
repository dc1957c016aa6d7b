"""The counter session without a window: the stages a citizen goes through, the person kept when the card
is lifted, the draft kept or dropped, the print job run the way the window runs it. Real applicants (the
simulated card read, looked up in the registry simulator over HTTP), the real drafts folder and audit trail.
And the parity the window and `loket fill` owe each other: the same inputs give the same letter and the
same audit row."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from app import audit
from app.base.settings import Settings
from app.citizen.merge import Applicant
from app.flows import drafts
from app.flows.counter import TRANSITIONS, Change, CounterSession, IllegalTransition, Lift, Stage
from app.letters.catalog import load_services
from tests.forms_support import applicant as demo_person

# Its --demo runs write to the demo's own data folder, which this test reads (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("demo_data_folder")

DOMISILI = "surat_domisili"
TYPED = {"alamat_domisili": "JL. MULAWARMAN RT 010", "sejak": "01-03-2024", "keperluan": "Melamar pekerjaan"}


def fresh(person: int) -> Applicant:
    """The cached read of a simulated citizen, merged afresh (a choice must not leak between tests)."""
    found = demo_person(person)
    return Applicant(found.identity, found.lookup)


def service(service_id: str):  # type: ignore[no-untyped-def]
    return next(s for s in load_services() if s.id == service_id)


def on_screen(session: CounterSession, person: int) -> Applicant:
    """A tap, the chip, the record: as the window's worker reports them."""
    assert session.tap() is False
    a = fresh(person)
    session.identity_read(a.identity)
    assert session.person_ready(a) is False
    return a


def test_a_citizen_goes_through_every_stage_and_the_stale_token_is_dropped() -> None:
    tokens: list[int] = []
    session = CounterSession(Settings(), on_token=tokens.append)
    session.service_id = DOMISILI
    assert session.stage is Stage.WAITING
    assert session.tap() is False and session.stage is Stage.READING
    read_token = session.token
    a = fresh(6)
    session.identity_read(a.identity)
    session.person_ready(a)
    assert session.stage is Stage.SHOWN and session.draft_id
    session.set_typed(TYPED)
    assert session.stage is Stage.TYPING
    # The card is lifted: the person and the typing stay, and a re-read still running reports nothing.
    assert session.lift() is Lift.KEEP
    assert session.applicant is a and session.typed == TYPED and not session.current(read_token)
    # The same card again is held until it names itself; the worker learns every new token.
    assert session.tap() is True and session.held_uid == a.identity.uid and tokens[-1] == session.token
    session.same_card()
    assert session.stage is Stage.TYPING and session.typed == TYPED
    # Another citizen's card: the first one goes, typing and all, before anything of the second shows.
    session.other_card()
    assert session.applicant is None and session.typed == {} and session.stage is Stage.READING


def test_a_lift_before_anything_showed_forgets_the_read() -> None:
    session = CounterSession(Settings())
    session.tap()
    token = session.token
    assert session.lift() is Lift.FORGET
    assert session.stage is Stage.WAITING and not session.current(token)


def test_a_failed_tap_keeps_the_person_on_screen_and_a_failed_first_read_says_why() -> None:
    session = CounterSession(Settings())
    assert session.tap() is False
    assert session.read_failed(4, demo=False) == "error" and session.stage is Stage.WAITING
    a = on_screen(session, 6)
    session.set_typed(TYPED)
    session.tap()
    assert session.read_failed(4, demo=False) == "kept"
    assert session.applicant is a and session.typed == TYPED and session.stage is Stage.TYPING


def test_the_idle_clear_keeps_the_typing_and_the_next_start_offers_it_back() -> None:
    session = CounterSession(Settings())
    session.service_id = DOMISILI
    a = on_screen(session, 6)
    session.set_typed(TYPED)
    assert session.clear(keep_draft=True) == ""
    assert session.applicant is None and session.stage is Stage.WAITING
    [kept] = drafts.load_drafts()
    assert kept.fields == TYPED and kept.service == DOMISILI
    # The window is closed (or the power goes); the next start finds it, and offers it on that card only.
    later = CounterSession(Settings())
    assert later.start() == 1
    on_screen(later, 0)
    assert later.offer is None
    later.clear()
    on_screen(later, 6)
    assert later.offer is not None and later.restore() is not None
    assert later.typed == TYPED and later.draft_id == kept.session_id and later.stage is Stage.TYPING
    assert a.identity.nik not in repr(kept)


def test_esc_discards_the_draft() -> None:
    session = CounterSession(Settings())
    on_screen(session, 6)
    session.set_typed(TYPED)
    session.save_draft()
    assert len(drafts.load_drafts()) == 1
    session.clear()
    assert drafts.load_drafts() == []


def test_an_address_choice_moves_the_whole_address() -> None:
    session = CounterSession(Settings())
    a = on_screen(session, 0)  # Warga 0 moved: chip and registry disagree on the address
    parts = [d.field for d in a.discrepancies if d.field in ("alamat", "rt", "rw", "kelurahan")]
    assert len(parts) >= 2, parts
    session.choose("alamat", "chip")
    assert all(a.fields[f].source == "chip" for f in parts)
    session.choose("rt", "registry")  # a click on any part moves them all
    assert all(a.fields[f].source == "registry" for f in parts)


def test_the_print_job_saves_audits_and_drops_the_draft(tmp_path: Path) -> None:
    session = CounterSession(Settings())
    session.service_id = DOMISILI
    on_screen(session, 6)
    session.set_typed(TYPED)
    session.save_draft()
    domisili = service(DOMISILI)
    checked = session.check(domisili)
    assert session.print_refusal(domisili, checked) is None
    draft_id = session.draft_id
    job = session.job(domisili, checked, tmp_path / "surat.pdf")
    assert session.stage is Stage.PRINTING
    assert session.print_refusal(domisili, checked).outcome == "busy"  # type: ignore[union-attr]
    result = job()  # the window runs this on a background thread
    assert result.ok and result.target == tmp_path / "surat.pdf" and result.number.startswith("470/001/")
    session.job_done(result, draft_id)
    assert session.stage is Stage.DONE and drafts.load_drafts() == []
    row = audit.last_row()
    assert row is not None and (row.kind, row.outcome, row.form_id) == ("print", "saved_pdf", DOMISILI)


def test_a_form_with_problems_is_refused_before_any_job() -> None:
    session = CounterSession(Settings())
    on_screen(session, 6)
    domisili = service(DOMISILI)
    refusal = session.print_refusal(domisili, session.check(domisili))
    assert refusal is not None and refusal.outcome == "not_ready" and "belum lengkap" in refusal.sentence


def _letter_text(pdf: Path) -> str:
    text = " ".join(p.extract_text() for p in PdfReader(pdf).pages)
    text = re.sub(r"470/\d{3}/", "470/NNN/", text)  # each print takes the next number
    return re.sub(r"\d{2}[-.:]\d{2}([-.:]\d{2,4})?", "T", text)  # the print's date and time


@pytest.mark.usefixtures("demo_registry")
def test_loket_fill_and_the_counter_give_the_same_letter_and_audit_row(tmp_path: Path) -> None:
    from app.cli import main

    session = CounterSession(Settings())
    on_screen(session, 6)
    session.set_typed(TYPED)
    domisili = service(DOMISILI)
    counter = session.job(domisili, session.check(domisili), tmp_path / "loket.pdf")()
    assert counter.ok
    counter_row = audit.last_row()
    sets = [arg for key, value in TYPED.items() for arg in ("--set", f"{key}={value}")]
    assert main(["fill", DOMISILI, "--demo", "--person", "6", *sets, "--out", str(tmp_path / "cli.pdf")]) == 0
    cli_row = audit.last_row()
    assert counter_row is not None and cli_row is not None and cli_row.id > counter_row.id
    same = ("kind", "outcome", "form_id", "service", "nik_hash", "detail")
    assert {k: getattr(cli_row, k) for k in same} == {k: getattr(counter_row, k) for k in same}
    assert _letter_text(tmp_path / "cli.pdf") == _letter_text(tmp_path / "loket.pdf")


def test_every_change_is_told_and_an_illegal_move_raises() -> None:
    """The hand-off, the Today panel and the window watch the session instead of polling it: every stage
    move (DONE on to SHOWN and TYPING included), the person arriving and leaving, the card, the typing,
    the service and a print's answer reach a listener; a move the table does not hold raises in tests."""
    from app.letters.printjob import JobResult

    session = CounterSession(Settings())
    seen: list[tuple[Change, object]] = []
    stop = session.listen(lambda e: seen.append((e.change, e.previous or e.outcome or e.result)))
    session.use_service(service(DOMISILI))
    a = on_screen(session, 6)
    assert (Change.CARD, None) in seen and (Change.SERVICE, None) in seen
    assert [p for c, p in seen if c is Change.STAGE] == [Stage.WAITING, Stage.READING]
    assert (Change.IDENTITY, None) in seen and (Change.PERSON, None) in seen and session.applicant is a
    seen.clear()
    session.set_typed(TYPED)
    assert seen == [(Change.STAGE, Stage.SHOWN), (Change.TYPING, None)]
    seen.clear()
    session.set_typed(TYPED)  # the same typing again is no change
    assert seen == []
    domisili = service(DOMISILI)
    session.job(domisili, session.check(domisili), Path("unused.pdf"))
    ok = JobResult("printed", number="470/001/2026")
    session.job_done(ok, session.draft_id)
    assert session.stage is Stage.DONE and (Change.PRINTED, ok) in seen
    # DONE goes on: the same card again shows the person (SHOWN or TYPING), more typing is TYPING.
    session.set_typed({})
    session.tap()
    session.same_card()
    assert session.stage is Stage.SHOWN and Stage.SHOWN in TRANSITIONS[Stage.DONE]
    seen.clear()
    assert session.read_failed(4, demo=False) == "kept"
    assert (Change.FAILED, "kept") in seen
    session.clear()
    assert (Change.PERSON, None) in seen and session.stage is Stage.WAITING
    with pytest.raises(IllegalTransition):
        session._move(Stage.PRINTING)  # WAITING cannot print: nobody is on screen
    stop()
    seen.clear()
    session.tap()
    assert seen == []  # stopped listening


def test_a_counter_logs_an_illegal_move_and_a_broken_listener_without_stopping(
        caplog: pytest.LogCaptureFixture) -> None:
    session = CounterSession(Settings(), strict=False)
    told: list[Change] = []

    def broken(event: object) -> None:
        raise ValueError("listener bug")

    session.listen(broken)
    session.listen(lambda e: told.append(e.change))
    session._move(Stage.DONE)  # not in the table: said in the log, the screen follows the data
    assert session.stage is Stage.DONE and told == [Change.STAGE]
    assert "illegal counter stage move waiting -> done" in caplog.text
    assert "session listener failed on stage: ValueError" in caplog.text


def test_the_idle_clock_warns_in_the_last_third_and_clears_only_when_due() -> None:
    """The rule the window's timers and `loket serve`'s thread both read: quiet, then a countdown of the
    last third (at most 30 s), then the person goes with the typing kept; a card on the reader stops it."""
    from app.flows.idle import IdleClock, Phase

    settings = Settings()
    settings.extra["gui"] = {"idle_seconds": 60}
    session = CounterSession(settings)
    assert session.idle.seconds == 60 and session.idle.warning_seconds == 20
    assert IdleClock(600).warning_seconds == 30
    on_screen(session, 6)
    session.set_typed(TYPED)
    session.idle.arm(1000.0)
    assert session.idle.phase(1039.0) is Phase.QUIET and session.idle.until_warning(1000.0) == 40
    assert session.idle.phase(1041.0) is Phase.WARNING and session.idle.left(1041.0) == 19
    assert session.idle_clear(1059.0) is None and session.applicant is not None  # not yet
    session.tap()  # the same card put back: activity
    assert session.idle.phase(1061.0) is Phase.OFF and session.idle_clear(1061.0) is None
    session.same_card()
    session.idle.arm(2000.0)
    assert session.idle_clear(2060.0) == "" and session.applicant is None and session.stage is Stage.WAITING
    [kept] = drafts.load_drafts()
    assert kept.fields == TYPED


def test_a_cancelled_print_is_audited_and_told() -> None:
    session = CounterSession(Settings())
    session.use_service(service(DOMISILI))
    on_screen(session, 6)
    session.set_typed(TYPED)
    printed: list[object] = []
    session.listen(lambda e: printed.append(e.result) if e.change is Change.PRINTED else None)
    domisili = service(DOMISILI)
    result = session.print_cancelled(domisili, session.check(domisili))
    assert result.outcome == "cancelled" and not result.ok and result.sentence == "Pencetakan dibatalkan."
    assert printed == [result] and session.stage is Stage.TYPING  # nothing began: the typing stays
    row = audit.last_row()
    assert row is not None and (row.kind, row.outcome, row.form_id) == ("print", "cancelled", DOMISILI)


def test_another_citizens_chip_data_drops_the_person_on_screen_first() -> None:
    """The rule both front ends follow through the session: B's name never shows over A's record."""
    session = CounterSession(Settings())
    a = on_screen(session, 6)
    session.set_typed(TYPED)
    session.tap()  # a card arrives; until it names itself, A stays
    assert session.applicant is a
    b = fresh(0)
    session.identity_read(b.identity)
    assert session.applicant is None and session.typed == {} and session.identity is b.identity
    assert session.stage is Stage.READING
