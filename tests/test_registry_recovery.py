"""After a refusal the registry is not off for the rest of the day: a refused login or address is asked
again every ``recheck_seconds`` (one request, not one per citizen), a used-up quota stands until the next
day as registry-api.md says, and the clerk's "Coba Dukcapil lagi" (F8) asks again at once — for the
person on screen, keeping what was typed."""

from __future__ import annotations

from datetime import date

import pytest

pytest.importorskip("pytestqt")

from app.base.settings import Settings
from app.registry.outage import RegistryState
from app.registry.result import Found, RefusalKind, Refused
from app.sim.registry import SIM_AGENCY
from app.ui.main_window import MainWindow

FINGERPRINT = ("url", "user", "digest", "10.0.0.5")


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_refused_login_is_asked_again_after_the_recheck_interval() -> None:
    clock = Clock()
    state = RegistryState(clock=clock, recheck_seconds=600)
    refused = Refused(RefusalKind.LOGIN, "Login Gagal")
    assert state.note(refused, FINGERPRINT) is True
    assert state.pending_refusal(FINGERPRINT) is refused  # not asked: one request would be refused again
    clock.now += 599
    assert state.pending_refusal(FINGERPRINT) is refused
    clock.now += 2
    assert state.pending_refusal(FINGERPRINT) is None  # this lookup is the re-check
    state.note(refused, FINGERPRINT)  # still refused: blocked for another interval, without a new message
    assert state.pending_refusal(FINGERPRINT) is refused


def test_a_used_up_quota_stands_until_tomorrow_unless_the_clerk_asks() -> None:
    day = [date(2026, 12, 1)]
    state = RegistryState(today=lambda: day[0], clock=Clock())
    quota = Refused(RefusalKind.QUOTA, "Kuota Pencarian Habis")
    state.note(quota, FINGERPRINT)
    assert state.pending_refusal(FINGERPRINT) is quota
    state.retry()
    assert state.pending_refusal(FINGERPRINT) is None
    state.note(quota, FINGERPRINT)
    day[0] = date(2026, 12, 2)
    assert state.pending_refusal(FINGERPRINT) is None


def test_coba_dukcapil_lagi_brings_the_registry_back_for_the_person_on_screen(qtbot, demo_registry) -> None:
    from app.citizen import lookup as commands

    commands.retry_registry()  # no refusal left over from another test in this process
    demo_registry.set_fault("quota")  # type: ignore[attr-defined]
    window = MainWindow(Settings(), demo=True, watch_readers=False, save_settings=False,
                        overrides={"registry_url": demo_registry.url, "agency": SIM_AGENCY})  # type: ignore[attr-defined]
    qtbot.addWidget(window)
    window.show()
    window.service_box.setCurrentIndex(window.service_box.findData("rsud_pasien_baru"))
    try:
        window.demo_panel.select(0)
        with qtbot.waitSignal(window.person_shown, timeout=10_000):
            window.demo_panel.tap()
        assert window.applicant is not None and window.applicant.lookup.status == "refused"
        assert window.registry_button.isEnabled()
        window.record.rows["telepon"].editor.setText("081234567890")
        session = window.session.draft_id
        demo_registry.set_fault(None)  # type: ignore[attr-defined]  # the office called Dukcapil
        with qtbot.waitSignal(window.person_shown, timeout=10_000):
            window.retry_registry()
        assert isinstance(window.applicant.lookup, Found)
        assert window.record.rows["telepon"].editor.text() == "081234567890"
        assert window.session.draft_id == session and not window.registry_button.isEnabled()
    finally:
        window.close()
        commands.retry_registry()
