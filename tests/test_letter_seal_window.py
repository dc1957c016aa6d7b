"""The seal in the counter window: a letter printed there carries a seal that verifies; on a counter without
a seal key the print is refused in the window's language and no number is used."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from app.base.paths import data_dir
from app.base.settings import Settings
from app.letters import verify
from app.sim.registry import SIM_AGENCY
from app.storage.sqlite import NUMBERS_DB
from app.ui import i18n
from app.ui.main_window import MainWindow
from forms.numbering import register
from tests.ui_jobs import job, printer_to_file

DOMISILI = "surat_domisili"
TYPED = {"alamat_domisili": "JL. MULAWARMAN RT 010", "sejak": "01-03-2024", "keperluan": "Melamar pekerjaan"}


def _window(qtbot, demo_registry, language: str = "id") -> MainWindow:  # type: ignore[no-untyped-def]
    settings = Settings()
    settings.extra["gui"] = {"language": language}
    w = MainWindow(settings, demo=True, watch_readers=False, save_settings=False,
                   overrides={"registry_url": demo_registry.url, "agency": SIM_AGENCY})
    qtbot.addWidget(w)
    w.show()
    w.service_box.setCurrentIndex(w.service_box.findData(DOMISILI))
    w.demo_panel.select(6)
    with qtbot.waitSignal(w.person_shown, timeout=10_000):
        w.demo_panel.tap()
    for key, value in TYPED.items():
        w.record.rows[key].editor.setText(value)
    return w


@pytest.fixture(autouse=True)
def back_to_indonesian() -> Iterator[None]:
    yield
    i18n.use("id")


def test_a_letter_printed_from_the_window_carries_a_valid_seal(qtbot, demo_registry, tmp_path: Path) -> None:
    w = _window(qtbot, demo_registry)
    w.ask_printer = printer_to_file(tmp_path / "surat.pdf")
    result = job(qtbot, w, w.print_form)
    assert result.ok, result.sentence
    verdict = verify.overall(verify.verify_file(tmp_path / "surat.pdf", verify.own_trust()))
    assert verdict.ok and verdict.payload is not None and verdict.payload.no == result.number
    assert verdict.payload.x["alamat_domisili"] == TYPED["alamat_domisili"]
    w.close()


@pytest.mark.no_seal_key
def test_without_a_key_the_english_window_refuses_and_uses_no_number(qtbot, demo_registry, tmp_path) -> None:
    w = _window(qtbot, demo_registry, "en")
    w.ask_printer = printer_to_file(tmp_path / "surat.pdf")
    result = job(qtbot, w, w.print_form)
    assert not result.ok and result.outcome == "failed_seal"
    assert "The letter cannot be sealed" in w.message.text() and "loket letters key new" in w.message.text()
    assert register(data_dir() / NUMBERS_DB) == []
    assert not (tmp_path / "surat.pdf").exists()
    w.close()
