"""Letter numbers in the counter window when the office's PostgreSQL cannot be reached: without a fallback
block the letter is refused in one sentence (person kept, print outcome audited); with one, the number comes
from the block and the clerk is told so. Offscreen, in-process simulated card, registry simulator over HTTP;
the office server is a closed loopback port, the real storage code behind it."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from pypdf import PdfReader

from app import audit
from app.base import settings as settings_module
from app.sim.registry import SIM_AGENCY
from app.storage.letters import block_offices
from app.ui.main_window import MainWindow
from tests.office_support import block_checked
from tests.ui_jobs import save_as

WARGA_6 = 6  # index in app.ui.demo_panel.DEMO_CARDS
DOMISILI = "surat_domisili"
TYPED = {"alamat_domisili": "JL. MULAWARMAN RT 010", "sejak": "01-03-2024", "keperluan": "Melamar pekerjaan"}


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def registry(demo_registry: object, monkeypatch: pytest.MonkeyPatch) -> object:
    monkeypatch.setenv("LOKET_DB_PASSWORD", "x")  # the office server's password: set, but nobody answers
    return demo_registry


def office_counter(isolated_settings: Path, **storage: object) -> settings_module.Settings:
    """This counter's settings file as IT writes it for an office server, which is not answering."""
    isolated_settings.write_text(json.dumps({"storage": {
        "backend": "postgres", "counter": "loket-3", "retry_seconds": 0,
        "postgres": {"host": "127.0.0.1", "port": closed_port(), "connect_timeout": 1}, **storage}}))
    return settings_module.load()


def letter_on_screen(qtbot, registry: object, settings: settings_module.Settings) -> MainWindow:
    window = MainWindow(settings, demo=True, watch_readers=False,
                        overrides={"registry_url": registry.url, "agency": SIM_AGENCY})  # type: ignore[attr-defined]
    qtbot.addWidget(window)
    window.show()
    window.service_box.setCurrentIndex(window.service_box.findData(DOMISILI))
    window.demo_panel.select(WARGA_6)
    with qtbot.waitSignal(window.person_shown, timeout=10_000):
        window.demo_panel.tap()
    for key, value in TYPED.items():
        window.record.rows[key].editor.setText(value)
    return window


def test_no_server_and_no_block_refuses_the_letter_in_one_sentence(qtbot, registry, isolated_settings,
                                                                   tmp_path: Path) -> None:
    window = letter_on_screen(qtbot, registry, office_counter(isolated_settings))
    try:
        target = tmp_path / "domisili.pdf"
        assert save_as(qtbot, window, str(target)) is None
        assert not target.exists()
        assert "tidak punya blok nomor cadangan" in window.message.text()
        assert "hubungi petugas IT" in window.message.text()
        assert window.applicant is not None and window.pages.currentWidget() is window.record
        last = audit.last_row()
        assert last is not None and (last.kind, last.outcome, last.form_id) == ("print", "failed_numbering",
                                                                                DOMISILI)
        assert last.nik_hash
    finally:
        window.close()


def test_no_server_with_a_block_numbers_from_it_and_tells_the_clerk(qtbot, registry, isolated_settings,
                                                                    tmp_path: Path) -> None:
    settings = office_counter(isolated_settings, fallback_numbers={"start": 9000, "end": 9099})
    for office in block_offices(settings):  # checked by the server when this counter was last online
        block_checked(office, 9000, 9099)
    window = letter_on_screen(qtbot, registry, settings)
    try:
        saved = save_as(qtbot, window, str(tmp_path / "domisili.pdf"))
        assert saved is not None
        text = "".join(page.extract_text() for page in PdfReader(saved).pages)
        assert "470/9000/KEL/" in text
        shown = window.message.text()
        assert "Formulir disimpan: domisili.pdf" in shown
        assert "nomor 470/9000/KEL/" in shown and "blok nomor cadangan loket ini (9000–9099)" in shown
        last = audit.last_row()
        assert last is not None and (last.kind, last.outcome) == ("print", "saved_pdf")
    finally:
        window.close()
