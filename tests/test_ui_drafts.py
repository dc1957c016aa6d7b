"""What the clerk types is kept as an encrypted draft (debounced), and goes when the person leaves or the form
is printed or saved. Offscreen, in-process simulated card, registry simulator (no pcscd/vpcd)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from app.base.paths import data_dir
from app.flows import drafts
from app.ui.main_window import MainWindow
from reader.simulator.population import POPULATION
from tests.test_ui_window import RISKY, make_window, sim_registry, tap
from tests.ui_jobs import save_as


@pytest.fixture
def window(qtbot, demo_registry) -> Iterator[MainWindow]:
    w = make_window(qtbot, sim_registry(demo_registry))
    w.save_settings = False
    yield w
    w.close()


def draft_files() -> list[Path]:
    folder = data_dir() / "drafts"
    return sorted(folder.glob("*" + drafts.SUFFIX)) if folder.is_dir() else []


def test_typing_keeps_one_encrypted_draft_a_lift_keeps_it_and_esc_deletes_it(qtbot, window: MainWindow) -> None:
    risky = POPULATION[1]
    tap(qtbot, window, RISKY)
    assert draft_files() == []
    qtbot.keyClicks(window.record.rows["no_rm"].editor, "RM-0001")
    qtbot.waitUntil(lambda: len(draft_files()) == 1, timeout=5000)
    window.record.rows["telepon"].editor.setText("081234567890")
    qtbot.waitUntil(lambda: "telepon" in (drafts.load_drafts() or [None])[0].fields, timeout=5000)
    assert len(draft_files()) == 1  # one session, one file, replaced on every save

    raw = draft_files()[0].read_bytes()
    for secret in (b"RM-0001", b"081234567890", risky.nik.encode(), risky.nama.encode()):
        assert secret not in raw and secret not in draft_files()[0].name.encode()
    (draft,) = drafts.load_drafts()
    assert draft.fields["no_rm"] == "RM-0001" and draft.fields["telepon"] == "081234567890"
    assert draft.session_id != risky.nik and len(draft.session_id) == 36  # a uuid4, never the NIK

    window.demo_panel.lift()
    assert window.applicant is not None and len(draft_files()) == 1  # the citizen took the card back
    window.forget("Data warga dibersihkan.")  # what Esc does
    assert window.applicant is None
    assert draft_files() == []


def test_a_new_citizen_gets_a_new_session_and_esc_clears_the_draft(qtbot, window: MainWindow) -> None:
    tap(qtbot, window, RISKY)
    first = window.session.draft_id
    qtbot.keyClicks(window.record.rows["no_rm"].editor, "RM-0002")
    qtbot.waitUntil(lambda: len(draft_files()) == 1, timeout=5000)
    window.forget("Data warga dibersihkan.")  # what Esc does
    assert draft_files() == []
    window.demo_panel.lift()
    tap(qtbot, window, RISKY)
    assert window.session.draft_id is not None and window.session.draft_id != first


def test_saving_the_pdf_discards_the_draft(qtbot, window: MainWindow, tmp_path: Path) -> None:
    tap(qtbot, window, RISKY)
    rows = window.record.rows
    rows["cara_bayar"].editor.setCurrentText("UMUM")
    rows["telepon"].editor.setText("081234567890")
    qtbot.waitUntil(lambda: len(draft_files()) == 1, timeout=5000)
    assert save_as(qtbot, window, str(tmp_path / "f.pdf")) is not None
    assert draft_files() == []


def test_drafts_unavailable_is_said_once(qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def no_keyring(session_id: str, fields: dict[str, str], **_where: str) -> None:
        calls.append(session_id)
        raise drafts.DraftsUnavailable("no keyring")

    monkeypatch.setattr(drafts, "save_draft", no_keyring)
    tap(qtbot, window, RISKY)
    qtbot.keyClicks(window.record.rows["no_rm"].editor, "RM")
    qtbot.waitUntil(lambda: window.message.text() == drafts.DraftsUnavailable.id_text, timeout=5000)
    window.message.clear()
    qtbot.keyClicks(window.record.rows["no_rm"].editor, "-9")
    qtbot.wait(1300)
    assert len(calls) == 1 and window.message.text() == ""
    assert window.applicant is not None  # the person stays on screen


def test_old_drafts_are_purged_at_start(qtbot, demo_registry) -> None:
    import os
    import time

    drafts.save_draft("11111111-2222-4333-8444-555555555555", {"no_rm": "x"})
    (old,) = draft_files()
    past = time.time() - 3 * 86400
    os.utime(old, (past, past))
    w = make_window(qtbot, sim_registry(demo_registry))
    try:
        assert draft_files() == []
    finally:
        w.close()
