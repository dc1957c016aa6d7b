"""The window's "Hari ini" (issue 19): the counter counts citizens as Laporan does (not taps), today's list
hides names except the person on screen or a line the clerk reveals, and a letter is reprinted by keyboard
alone — F6, ↑, Enter — onto the printer (a PDF file, as the clerk choosing "print to file"): SALINAN on the
page, the same number, no new number taken, the reprint in the audit trail. Offscreen, the simulated card
in-process or through pcscd, the registry simulator over HTTP, the real trail, register and copies."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt

from app import audit
from app.base.paths import data_dir
from app.base.settings import Settings
from app.letters import copies
from app.letters.reprint import REPRINTED, render_copy
from app.report import stats
from app.sim.registry import SIM_AGENCY
from app.storage import config
from app.storage.sqlite import NUMBERS_DB
from app.ui.main_window import MainWindow
from app.ui.today_view import HIDDEN
from forms.numbering import register
from tests.ui_jobs import JOB_TIMEOUT_MS, print_ok, printer_to_file

DOMISILI = "surat_domisili"
TYPED = {"alamat_domisili": "JL. MULAWARMAN RT 010", "sejak": "01-03-2024", "keperluan": "Melamar pekerjaan"}


@pytest.fixture
def window(qtbot, demo_registry):  # type: ignore[no-untyped-def]
    w = MainWindow(Settings(), demo=True, watch_readers=False, save_settings=False,
                   overrides={"registry_url": demo_registry.url, "agency": SIM_AGENCY})
    qtbot.addWidget(w)
    w.show()
    w.service_box.setCurrentIndex(w.service_box.findData(DOMISILI))
    yield w
    w.close()


def tap(qtbot, w: MainWindow, person: int) -> None:  # type: ignore[no-untyped-def]
    w.forget()
    w.demo_panel.select(person)
    with qtbot.waitSignal(w.today_panel.refreshed, timeout=10_000):  # the figures follow every citizen
        with qtbot.waitSignal(w.person_shown, timeout=10_000):
            w.demo_panel.tap()


def print_letter(qtbot, w: MainWindow, out: Path) -> str:  # type: ignore[no-untyped-def]
    for key, value in TYPED.items():
        w.record.rows[key].editor.setText(value)
    w.ask_printer = printer_to_file(out)
    letters = w.today_panel.day.letters if w.today_panel.day is not None else 0
    assert print_ok(qtbot, w)
    qtbot.waitUntil(lambda: w.today_panel.day.letters == letters + 1, timeout=JOB_TIMEOUT_MS)
    return w.message.text().split("Nomor surat: ")[1].rstrip(".").split(" ")[0].rstrip(".")


def gray(pdf: Path):  # type: ignore[no-untyped-def]
    """The printed page as the printer got it, in grey, without the top strip (the copy line's minute)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        image = doc[0].render(scale=0.6).to_pil().convert("L")
    finally:
        doc.close()
    return image.crop((0, image.height // 25, image.width, image.height))


def difference(a, b) -> float:  # type: ignore[no-untyped-def]
    from PIL import ImageChops

    hist = ImageChops.difference(a, b).histogram()
    return sum(i * n for i, n in enumerate(hist)) / (a.width * a.height)


def through_printer(pdf: Path, out: Path) -> Path:
    """A reference PDF through the same printer path the window uses."""
    from PySide6.QtPrintSupport import QPrinter

    from app.ui import printing

    printer = printing.make_printer("")
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    printing.print_file(pdf, printer)
    return out


def test_the_counter_counts_citizens_as_laporan_does_not_taps(qtbot, window: MainWindow, tmp_path: Path) -> None:
    tap(qtbot, window, 6)
    print_letter(qtbot, window, tmp_path / "asli.pdf")
    tap(qtbot, window, 6)  # the same citizen back at the counter
    tap(qtbot, window, 3)
    tap(qtbot, window, 6)
    window.forget()
    report = stats.from_trail(date.today(), date.today(), window.settings)
    mine = next(c for c in report.counters if c.workstation == config(window.settings).counter_id)
    assert report.served_per_day[date.today()] == mine.citizens == 2
    qtbot.waitUntil(lambda: window.counter.text() == "2 warga dilayani hari ini", timeout=5_000)
    day = window.today_panel.day
    assert (day.citizens, day.prints, day.letters) == (2, mine.prints, 1) and mine.prints == 1


def test_a_letter_is_reprinted_by_keyboard_alone(qtbot, window: MainWindow, tmp_path: Path) -> None:
    from PySide6.QtTest import QTest

    tap(qtbot, window, 6)
    original = tmp_path / "asli.pdf"
    number = print_letter(qtbot, window, original)
    name = str(window.session.applicant.value("nama"))
    nik_hash = audit.nik_hash(window.session.held_nik)
    tap(qtbot, window, 3)  # the next citizen is on screen: the first one's name must not show
    taken = register(data_dir() / NUMBERS_DB)

    QTest.keyClick(window, Qt.Key.Key_F6)
    view = window.today_panel.view
    assert view is not None and view.isVisible()
    qtbot.waitUntil(lambda: view.table.rowCount() == 2, timeout=5_000)
    assert view.focusWidget() is view.table and view.table.currentRow() == 1  # the newest line: citizen 3, no print
    assert view.table.item(1, 4).text() == str(window.session.applicant.value("nama"))  # on screen
    assert view.table.item(0, 2).text() == number and view.table.item(0, 4).text() == HIDDEN
    assert "Warga dilayani: 2 · dicetak: 1 · surat bernomor: 1" == view.figures.text()

    QTest.keyClick(view.table, Qt.Key.Key_Up)
    assert view.table.currentRow() == 0
    QTest.keyClick(view.table, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert view.table.item(0, 4).text() == name  # revealed on request, this line only
    shown = audit.last_row()
    assert shown is not None and (shown.kind, shown.outcome, shown.nik_hash) == ("view", "name_shown", nik_hash)

    printed = tmp_path / "salinan.pdf"
    window.ask_printer = printer_to_file(printed)
    with qtbot.waitSignal(view.reprinted, timeout=JOB_TIMEOUT_MS) as blocker:
        QTest.keyClick(view.table, Qt.Key.Key_Return)
    result = blocker.args[0]
    assert result.ok and result.outcome == REPRINTED and result.number == number
    assert number in view.message.text() and "SALINAN" in view.message.text()

    # No new number, the register as it was; the reprint audited for the letter's citizen.
    assert register(data_dir() / NUMBERS_DB) == taken
    last = audit.last_row()
    assert last is not None and (last.kind, last.outcome, last.form_id) == ("print", REPRINTED, DOMISILI)
    assert last.nik_hash == nik_hash
    assert not list(window._tmp.glob("salinan-*.pdf")), "the reprint's scratch file is gone"

    # The page that went to the printer is the copy: the same letter and number, SALINAN across it.
    copy = copies.open_copy(view.rows[0].copy_id)
    assert copy.values["nomor_surat"] == number
    references = {}
    for label, which in (("copy", copy), ("other number", dataclasses.replace(
            copy, values={**copy.values, "nomor_surat": number.replace("/001/", "/987/")}))):
        pdf = tmp_path / f"{label}.pdf"
        render_copy(which, pdf)
        references[label] = gray(through_printer(pdf, tmp_path / f"{label}-printed.pdf"))
    page = gray(printed)
    same = difference(page, references["copy"])
    assert same < 0.001, same  # the very pages of the copy
    assert difference(page, references["other number"]) > max(5 * same, 0.002)  # and its number, not another
    assert difference(page, gray(original)) > 0.1  # the original has no SALINAN mark
    assert reddish(printed) > 500 and reddish(original) == 0  # the mark's red (pale: translucent over the text)


def reddish(pdf: Path) -> int:
    """Pixels clearly redder than grey: the SALINAN mark's colour (the letter itself is black on white)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        data = doc[0].render(scale=0.3).to_pil().convert("RGB").tobytes()
    finally:
        doc.close()
    return sum(1 for i in range(0, len(data), 3) if data[i] > data[i + 1] + 25 and data[i] > data[i + 2] + 25)


def test_the_search_finds_a_letter_by_number_and_by_date(qtbot, window: MainWindow, tmp_path: Path) -> None:
    from PySide6.QtTest import QTest

    tap(qtbot, window, 6)
    number = print_letter(qtbot, window, tmp_path / "asli.pdf")
    view = window.today_panel.open()
    QTest.keyClick(view.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert view.focusWidget() is view.search
    for query in (number.split("/")[1], date.today().strftime("%d-%m-%Y")):
        view.search.setText(query)
        with qtbot.waitSignal(view.searched, timeout=5_000):
            QTest.keyClick(view.search, Qt.Key.Key_Return)
        assert view.table.rowCount() == 1 and view.table.item(0, 2).text() == number
        assert view.table.item(0, 4).text() == HIDDEN  # a search never shows a name
        assert "1 surat ditemukan." == view.message.text()
    view.search.setText("tidak-ada")
    with qtbot.waitSignal(view.searched, timeout=5_000):
        QTest.keyClick(view.search, Qt.Key.Key_Return)
    assert view.table.rowCount() == 0 and not view.reprint_button.isEnabled()
    with qtbot.waitSignal(view.reprinted, timeout=5_000) as blocker:
        view.reprint_selected()  # nothing selected: refused, said
    assert not blocker.args[0].ok and "tidak punya salinan" in view.message.text()


def test_a_reprint_cancelled_at_the_printer_prints_nothing_and_audits_nothing(qtbot, window: MainWindow,
                                                                              tmp_path: Path) -> None:
    tap(qtbot, window, 6)
    print_letter(qtbot, window, tmp_path / "asli.pdf")
    view = window.today_panel.open()
    assert view.selected() is not None and view.selected().copy_id is not None
    before = audit.last_row()
    window.ask_printer = lambda printer, parent: False
    with qtbot.waitSignal(view.reprinted, timeout=5_000) as blocker:
        view.reprint_selected()
    assert not blocker.args[0].ok and view.message.text() == "Pencetakan dibatalkan."
    assert audit.last_row() == before


def test_a_reprint_answered_after_its_list_was_closed_says_so_in_the_window(qtbot, window: MainWindow,
                                                                            tmp_path: Path) -> None:
    tap(qtbot, window, 6)
    number = print_letter(qtbot, window, tmp_path / "asli.pdf")
    view = window.today_panel.open()
    window.ask_printer = printer_to_file(tmp_path / "salinan.pdf")
    with qtbot.waitSignal(window.today_panel.reprinted, timeout=JOB_TIMEOUT_MS) as blocker:
        assert view.reprint_selected()
        view.close()  # before the job answers
    assert blocker.args[0].ok and blocker.args[0].number == number
    assert window.today_panel.view is None
    assert f"Salinan surat {number} dicetak" in window.message.text()
