"""Fault matrix, output side: the disk fills up while a PDF is written, the printer is missing, the clerk
cancels the print. Through `loket fill` (the simulated card in-process, the registry simulator over real
HTTP) and the counter window (offscreen, QPrinter to PDF as the stand-in printer). A full disk is a real
ENOSPC: /dev/full, or a 64 KiB tmpfs mounted for the test (root only; skipped elsewhere)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import cli
from app.letters.formdata import SaveFailed
from reader.simulator.population import POPULATION
from tests.faults_support import assert_trail_holds, data_folder, events, files_holding, last_event, one_line
from tests.ui_jobs import print_ok, save_as

# Its --demo runs write to the demo's own data folder, which this test reads (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("demo_data_folder")

RSUD = "rsud_pasien_baru"
TYPED = ["--set", "cara_bayar=umum", "--set", "telepon=081234567890"]
RISKY = POPULATION[1]


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A folder on a 64 KiB tmpfs with only a few KiB left: any form PDF hits ENOSPC half-way."""
    mount = tmp_path / "usb"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        filler = mount / "isi-lain.bin"
        with open(filler, "wb") as f:
            try:
                f.write(b"\0" * (60 * 1024))
            except OSError:
                pass
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(capsys: pytest.CaptureFixture[str], out: Path) -> tuple[int, str]:
    code = cli.main(["fill", RSUD, "--demo", "--person", "1", *TYPED, "--out", str(out)])
    return code, capsys.readouterr().err


def sentences(err: str) -> str:
    # The demo's registry notes come first ("Catatan: …"); the last line is the outcome.
    return "\n".join(line for line in err.splitlines() if line.strip() and not line.startswith("Catatan"))


def test_fill_to_a_full_disk_leaves_no_file_and_audits_disk_full(full_disk, tmp_path, capsys):
    out = full_disk / "rsud.pdf"
    code, err = fill(capsys, out)
    assert code == 1
    assert one_line(sentences(err)) == SaveFailed.DISK_FULL
    assert sorted(p.name for p in full_disk.iterdir()) == ["isi-lain.bin"], "no half PDF, no temp file"
    row = last_event("print")
    assert (row.form_id, row.outcome) == (RSUD, "disk_full")
    assert row.nik_hash  # the citizen's event, by keyed hash only
    # The same process goes on: the next save elsewhere works.
    good = tmp_path / "rsud.pdf"
    code, err = fill(capsys, good)
    assert code == 0 and good.read_bytes().startswith(b"%PDF")
    assert [r.outcome for r in events("print")] == ["disk_full", "saved_pdf"]
    assert not files_holding([RISKY.nik, RISKY.nama], data_folder())
    assert_trail_holds()


def test_fill_over_an_older_file_on_a_full_disk_keeps_the_older_file(full_disk, capsys):
    out = full_disk / "rsud.pdf"
    out.write_bytes(b"%PDF older")
    code, err = fill(capsys, out)
    assert code == 1 and one_line(sentences(err)) == SaveFailed.DISK_FULL
    assert out.read_bytes() == b"%PDF older"
    assert sorted(p.name for p in full_disk.iterdir()) == ["isi-lain.bin", "rsud.pdf"]
    assert last_event("print").outcome == "disk_full"


def test_fill_to_dev_full_says_disk_full(capsys):
    """/dev/full answers every write with ENOSPC: works without root."""
    code, err = fill(capsys, Path("/dev/full"))
    assert code == 1
    assert one_line(sentences(err)) == SaveFailed.DISK_FULL
    assert last_event("print").outcome == "disk_full"
    assert_trail_holds()


# --- the counter window --------------------------------------------------------------------------------------

@pytest.fixture
def window(qtbot, demo_registry) -> Iterator[object]:
    from tests.test_ui_window import make_window, sim_registry

    w = make_window(qtbot, sim_registry(demo_registry))
    yield w
    w.close()


def ready_to_print(qtbot, window) -> None:
    from tests.test_ui_window import RISKY as RISKY_CARD
    from tests.test_ui_window import tap

    tap(qtbot, window, RISKY_CARD)
    window.record.rows["cara_bayar"].editor.setCurrentText("UMUM")
    window.record.rows["telepon"].editor.setText("081234567890")


def assert_person_still_on_screen(window) -> None:
    assert window.applicant is not None and window.applicant.value("nik") == RISKY.nik
    assert window.pages.currentWidget() is window.record
    assert not list(window._tmp.glob("*.pdf")), "no copy of the form left in the temp folder"


def test_gui_save_to_a_full_disk(qtbot, window, full_disk, tmp_path):
    ready_to_print(qtbot, window)
    assert save_as(qtbot, window, str(full_disk / "formulir.pdf")) is None
    assert one_line(window.message.text()) == SaveFailed.DISK_FULL
    assert sorted(p.name for p in full_disk.iterdir()) == ["isi-lain.bin"]
    assert_person_still_on_screen(window)  # the clerk's typing is not lost: save elsewhere
    assert last_event("print").outcome == "disk_full"
    saved = save_as(qtbot, window, str(tmp_path / "formulir.pdf"))
    assert saved is not None and saved.read_bytes().startswith(b"%PDF")
    assert [r.outcome for r in events("print")] == ["disk_full", "saved_pdf"]
    assert_trail_holds()


def test_gui_print_cancelled(qtbot, window):
    ready_to_print(qtbot, window)
    window.ask_printer = lambda printer, parent: False  # the clerk presses Batal in the print dialog
    assert not print_ok(qtbot, window)
    assert one_line(window.message.text()) == "Pencetakan dibatalkan."
    assert_person_still_on_screen(window)
    row = last_event("print")
    assert (row.outcome, row.form_id) == ("cancelled", RSUD) and row.nik_hash
    assert_trail_holds()


def test_gui_printer_missing(qtbot, window, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    ready_to_print(qtbot, window)

    def unusable(printer: QPrinter, parent: object) -> bool:
        # A printer that cannot be opened, as when the USB printer is unplugged after the dialog: QPainter
        # cannot begin on it. (An output file in a folder that does not exist fails the same way.)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / "tidak-ada" / "printer.pdf"))
        return True

    window.ask_printer = unusable
    assert not print_ok(qtbot, window)
    assert one_line(window.message.text()).startswith("Printer tidak dapat dipakai")
    assert_person_still_on_screen(window)
    assert last_event("print").outcome == "printer_missing"

    out = tmp_path / "printer.pdf"

    def working(printer: QPrinter, parent: object) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return True

    window.ask_printer = working  # the printer is back: the same window prints
    assert print_ok(qtbot, window)
    assert out.read_bytes().startswith(b"%PDF")
    assert [r.outcome for r in events("print")] == ["printer_missing", "printed"]
    assert_trail_holds()
