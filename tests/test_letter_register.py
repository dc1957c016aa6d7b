"""A letter number is taken after the printer is chosen, right before the final render, and every number
taken is accounted for in the register: printed, saved, or void with its reason (cancel, printer failure,
failed save, a crash). The clerk sees the number that was printed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")


from app.base.paths import data_dir
from app.base.settings import Settings
from app.sim.registry import SIM_AGENCY
from app.storage.sqlite import NUMBERS_DB
from app.ui.main_window import MainWindow
from forms.numbering import register
from tests.ui_jobs import print_ok, printer_to_file, save_as

ROOT = Path(__file__).resolve().parent.parent
WARGA_6 = 6
DOMISILI = "surat_domisili"
TYPED = {"alamat_domisili": "JL. MULAWARMAN RT 010", "sejak": "01-03-2024", "keperluan": "Melamar pekerjaan"}


def numbers() -> list[tuple[str, str, str]]:
    return [(n.split("/")[1], status, reason) for n, status, reason in register(data_dir() / NUMBERS_DB)]


@pytest.fixture
def window(qtbot, demo_registry):  # type: ignore[no-untyped-def]
    w = MainWindow(Settings(), demo=True, watch_readers=False, save_settings=False,
                   overrides={"registry_url": demo_registry.url, "agency": SIM_AGENCY})
    qtbot.addWidget(w)
    w.show()
    w.service_box.setCurrentIndex(w.service_box.findData(DOMISILI))
    w.demo_panel.select(WARGA_6)
    with qtbot.waitSignal(w.person_shown, timeout=10_000):
        w.demo_panel.tap()
    for key, value in TYPED.items():
        w.record.rows[key].editor.setText(value)
    yield w
    w.close()


def test_a_cancelled_print_uses_no_number_and_the_printed_one_is_shown(qtbot, window: MainWindow,
                                                                      tmp_path: Path) -> None:
    window.ask_printer = lambda printer, parent: False
    assert not print_ok(qtbot, window)
    assert numbers() == []  # the dialog came first: nothing taken
    window.ask_printer = printer_to_file(tmp_path / "a.pdf")
    assert print_ok(qtbot, window)
    assert numbers() == [("001", "printed", "")]
    assert "Nomor surat: 470/001/KEL/" in window.message.text()


def test_a_printer_failure_voids_its_number_and_the_next_print_takes_the_next(qtbot, window: MainWindow,
                                                                              tmp_path: Path) -> None:
    window.ask_printer = printer_to_file(tmp_path / "tidak-ada" / "a.pdf")  # the printer cannot be opened
    assert not print_ok(qtbot, window)
    assert "470/001/KEL/" in window.message.text() and "dicatat batal" in window.message.text()
    window.ask_printer = printer_to_file(tmp_path / "b.pdf")
    assert print_ok(qtbot, window)
    assert numbers() == [("001", "void", "printer_failed"), ("002", "printed", "")]


def test_a_failed_save_voids_its_number(qtbot, window: MainWindow, tmp_path: Path) -> None:
    folder = tmp_path / "surat"
    folder.mkdir()
    assert save_as(qtbot, window, str(folder)) is None  # a folder, not a file name: refused after the number
    assert save_as(qtbot, window, str(tmp_path / "surat.pdf")) is not None
    assert numbers() == [("001", "void", "save_failed"), ("002", "saved", "")]


CRASH = """
import os, sys
sys.path.insert(0, sys.argv[1])
from datetime import date
from app.base.settings import Settings
from app.storage.letters import next_letter_number
next_letter_number("KEL-MGR", "470/{seq}/KEL/{roman_month}/{year}", date(2026, 12, 1), settings=Settings())
os._exit(9)  # the power goes between the number and the print
"""


def test_a_number_taken_by_a_killed_loket_is_void_at_the_next_start() -> None:
    done = subprocess.run([sys.executable, "-c", CRASH, str(ROOT)], capture_output=True, timeout=60)
    assert done.returncode == 9
    assert numbers() == [("001", "taken", "")]
    # A command that takes no number (a card read, the form list) does not pay for the register ...
    subprocess.run([sys.executable, "-m", "app", "forms"], cwd=ROOT, capture_output=True, check=True,
                   timeout=60, env=os.environ.copy())
    assert numbers() == [("001", "taken", "")]
    # ... every command that numbers or shows numbers voids it before it runs.
    subprocess.run([sys.executable, "-m", "app", "today"], cwd=ROOT, capture_output=True, check=True,
                   timeout=60, env=os.environ.copy())
    assert numbers() == [("001", "void", "crash")]


def test_an_f4_letter_prints_on_f4(qtbot, window: MainWindow, tmp_path: Path) -> None:
    from pypdf import PdfReader

    out = tmp_path / "dicetak.pdf"
    window.ask_printer = printer_to_file(out)
    assert print_ok(qtbot, window)
    box = PdfReader(out).pages[0].mediabox
    # F4 (folio Indonesia) is 215 × 330 mm = 609.4 × 935.4 pt; A4 would be 595.3 × 841.9.
    assert abs(float(box.width) - 609.4) < 2 and abs(float(box.height) - 935.4) < 2
    # At most 300 dpi for the printer, not its 1200: a one-page letter was a 6.5 MB bitmap (3.4 s frozen).
    assert out.stat().st_size < 2_000_000


def test_the_printed_page_carries_the_letter(qtbot, window: MainWindow, tmp_path: Path) -> None:
    """The page that went to the printer, rendered back: the letter's ink is there, where the form puts it."""
    import pypdfium2 as pdfium

    out = tmp_path / "dicetak.pdf"
    window.ask_printer = printer_to_file(out)
    assert print_ok(qtbot, window)
    doc = pdfium.PdfDocument(str(out))
    try:
        image = doc[0].render(scale=0.5).to_pil().convert("L")
    finally:
        doc.close()
    width, height = image.size
    top = image.crop((0, 0, width, height // 3))  # letterhead, title, number, the person
    bottom = image.crop((0, height * 9 // 10, width, height))
    dark = sum(top.histogram()[:128]) / (top.width * top.height)
    assert dark > 0.01  # text, not a blank page
    assert sum(bottom.histogram()[:128]) / (bottom.width * bottom.height) < dark


def test_the_window_voids_it_too_when_started_without_the_loket_command(tmp_path) -> None:
    """loketw.exe starts the window through app.ui.app.run, not through `loket gui`: it sweeps as well."""
    done = subprocess.run([sys.executable, "-c", CRASH, str(ROOT)], capture_output=True, timeout=60)
    assert done.returncode == 9 and numbers() == [("001", "taken", "")]
    shot = tmp_path / "window.png"
    window = ("import sys; sys.path.insert(0, sys.argv[1]); from app.ui.app import run; "
              "sys.exit(run(screenshot=sys.argv[2]))")
    subprocess.run([sys.executable, "-c", window, str(ROOT), str(shot)], cwd=ROOT, capture_output=True,
                   check=True, timeout=120, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert shot.exists()
    assert numbers() == [("001", "void", "crash")]
