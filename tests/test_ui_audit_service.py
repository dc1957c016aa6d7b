"""The counter window's read and lookup audit rows carry the service the clerk picked, so a citizen who
leaves without a print is counted under that service in the office report, not under "Baca e-KTP saja".
Offscreen, in-process simulated card, registry simulator over HTTP, the real audit trail file."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

pytest.importorskip("pytestqt")

from app import audit
from app.report import stats
from app.ui.main_window import MainWindow
from tests.test_ui_window import make_window, sim_registry

RISKY, NOT_EKTP = 0, 10  # indexes into app.ui.demo_panel.DEMO_CARDS
SIM = "sim_permohonan"


@pytest.fixture
def window(qtbot, demo_registry) -> Iterator[MainWindow]:
    w = make_window(qtbot, sim_registry(demo_registry), service=SIM, save_settings=False)
    yield w
    w.close()


def test_read_and_lookup_rows_carry_the_windows_service(qtbot, window: MainWindow) -> None:
    window.demo_panel.select(RISKY)
    with qtbot.waitSignal(window.person_shown, timeout=10_000):
        window.demo_panel.tap()
    rows = [r for r in audit.rows() if r.kind in ("read", "lookup")]
    assert [(r.kind, r.service) for r in rows] == [("read", SIM), ("lookup", SIM)]
    assert rows[0].nik_hash and rows[0].nik_hash == rows[1].nik_hash
    # Nothing printed: the report still counts this citizen under the service they came for.
    today = date.today()
    report = stats.compute(audit.rows(), today, today)
    assert report.served_in(SIM) == 1
    assert report.served_in(stats.NO_SERVICE) == 0


def test_a_failed_read_carries_the_service_too(qtbot, window: MainWindow) -> None:
    window.demo_panel.select(NOT_EKTP)
    with qtbot.waitSignal(window.error_shown, timeout=10_000):
        window.demo_panel.tap()
    rows = [r for r in audit.rows() if r.kind == "read"]
    assert [(r.outcome, r.service) for r in rows] == [("not_ektp", SIM)]
