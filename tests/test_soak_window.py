"""300 taps through the real counter window (offscreen) and pcscd + vsmartcard-vpcd, as at a USB reader: the
window hears of each card from pcscd's own events, reads it on its card-I/O thread, asks the registry
simulator over HTTP. A fault every 50 taps: pcscd restarted under a typed form, a card pulled mid-read,
the SAM gone and back (another citizen's card is every tap). ``LOKET_SOAK_TAPS`` sets the length.

Every tap that should show a citizen shows exactly that citizen; a restart that re-announces the same card
keeps the person and what was typed; descriptors, threads, PC/SC contexts and pcscd's threads stay flat.
"""

from __future__ import annotations

import os
from dataclasses import replace

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtWidgets import QLabel, QLineEdit

from app.base.settings import Settings
from app.sim.registry import SIM_AGENCY
from app.ui.main_window import MainWindow
from reader.readers import Pcsc
from reader.simulator.card import CardFaults
from reader.simulator.population import POPULATION
from tests.conftest import CARD_READER, SAM_READER
from tests.soak_support import Stack, resources, settled

pytestmark = pytest.mark.pcscd

TAPS = int(os.environ.get("LOKET_SOAK_TAPS", "300"))
FAULT_EVERY = 50
WINDOW_FAULTS = ("pcscd-restart", "card-pulled", "sam-gone")


def test_three_hundred_taps_through_the_window_and_pcscd(qtbot, pcscd, sim_secrets, registry) -> None:
    settings = Settings()
    settings.readers.card_reader, settings.readers.sam_reader = CARD_READER, SAM_READER
    stack = Stack(person=0)
    stack.lift()
    window = MainWindow(settings, overrides={"registry_url": registry.url, "agency": SIM_AGENCY},  # type: ignore[attr-defined]
                        save_settings=False)
    qtbot.addWidget(window)
    window.show()
    window.service_box.setCurrentIndex(window.service_box.findData("rsud_pasien_baru"))
    shown: list[int] = []
    errors: list[str] = []
    window.person_shown.connect(lambda: shown.append(1))
    window.error_shown.connect(errors.append)

    def tap(person: int, faults: CardFaults | None = None) -> None:
        before_shown, before_errors = len(shown), len(errors)
        stack.put(person, faults)
        qtbot.waitUntil(lambda: len(shown) > before_shown or len(errors) > before_errors, timeout=15_000)

    def assert_on_screen(person: int) -> None:
        assert window.applicant is not None, errors[-1:]
        assert window.applicant.identity.nik == POPULATION[person].nik
        on_screen = "\n".join(w.text() for kind in (QLabel, QLineEdit) for w in window.findChildren(kind))
        assert POPULATION[person].nama in on_screen
        others = [p.nama for i, p in enumerate(POPULATION) if i != person and p.nama not in POPULATION[person].nama]
        assert not [name for name in others if name in on_screen], "two citizens on one screen"

    try:
        qtbot.waitUntil(lambda: window.status.isVisible(), timeout=5000)
        person = 0
        for _ in range(3):
            person = stack.next_person()
            tap(person)
        before = resources()
        after_restart = before
        served = 0
        for n in range(1, TAPS + 1):
            if n % FAULT_EVERY == 0:
                kind = WINDOW_FAULTS[(n // FAULT_EVERY - 1) % len(WINDOW_FAULTS)]
                if kind == "pcscd-restart":
                    # The clerk has typed; pcscd restarts; the same card is announced again: nothing is lost.
                    window.record.rows["telepon"].editor.setText("081234567890")
                    session, count = window.session.draft_id, len(shown)
                    stack.restart_pcscd()
                    qtbot.waitUntil(lambda c=count: len(shown) > c, timeout=15_000)
                    assert window.session.draft_id == session
                    assert window.record.rows["telepon"].editor.text() == "081234567890"
                    assert "Kartu yang sama" in window.message.text()
                    assert_on_screen(person)
                    after_restart = resources()
                elif kind == "card-pulled":
                    count = len(errors)
                    tap(stack.next_person(), CardFaults(pull_at=12))
                    assert len(errors) > count and "dicabut" in errors[-1]
                    assert window.applicant is None  # the UID was another card's: the last person went first
                else:
                    stack.lift()
                    stack.sam_out()
                    count = len(errors)
                    tap(stack.next_person())
                    assert len(errors) > count and "SAM" in errors[-1]
                    stack.sam_in()
            person = stack.next_person()
            tap(person)
            assert_on_screen(person)
            served += 1
        grew = settled(replace(before, pcscd_threads=after_restart.pcscd_threads))
        assert Pcsc.live == 1  # the window's card-I/O context (the reader monitor keeps its own, unpooled)
    finally:
        window.close()
        stack.stop()
    assert served == TAPS
    assert Pcsc.live == 0
    assert not grew, f"after {TAPS} taps: {', '.join(grew)}"
