"""The office head prints the paperwork from the window: Laporan → Laporan Dukcapil (the semester report of
the trail's rows, saved as the same PDF as ``loket report dukcapil``) and Laporan → Buku agenda surat (every
number taken, saved as PDF or CSV, each export audited)."""

from __future__ import annotations

import json
import os
from datetime import date, timedelta
from pathlib import Path

import pypdf
import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt

from app import audit
from app.base.settings import load
from app.ui.paperwork_view import DukcapilView, RegisterView, semesters
from tests.report_support import write_trail


@pytest.fixture(autouse=True)
def audit_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOKET_AUDIT_KEY", "test-paperwork-key")
    audit.forget_key()


def test_semesters_offered_newest_first() -> None:
    assert semesters(date(2026, 12, 7)) == ["2026-2", "2026-1", "2025-2", "2025-1"]
    assert semesters(date(2027, 3, 1), 2) == ["2027-1", "2026-2"]


def test_the_office_head_opens_both_from_the_laporan_view_and_saves_them(qtbot, tmp_path: Path) -> None:
    from app.storage.letters import mark_letter, next_letter_number
    from app.ui.main_window import MainWindow

    write_trail()  # November 2026: reads, lookups (one timeout, one quota refusal), prints at two counters
    data = json.loads(Path(os.environ["LOKET_CONFIG"]).read_text())
    data["dukcapil"] = {"office": "Kelurahan Manggar", "agreement_number": "PKS-77/2025", "signer_name": "LURAH"}
    Path(os.environ["LOKET_CONFIG"]).write_text(json.dumps(data))
    taken = [str(next_letter_number("KEL", "470/{seq}/KEL/{roman_month}/{year}", date.today(),
                                    form_id="surat_domisili")) for _ in range(2)]
    mark_letter(taken[0], "printed")
    mark_letter(taken[1], "void", "printer_failed")

    window = MainWindow(load(), watch_readers=False, save_settings=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.mouseClick(window.report_button, Qt.MouseButton.LeftButton)
    from app.ui.report_view import ReportView

    report = window.findChild(ReportView)
    qtbot.waitUntil(report.isVisible, timeout=3000)

    qtbot.mouseClick(report.dukcapil_button, Qt.MouseButton.LeftButton)
    view = report.findChild(DukcapilView)
    qtbot.waitUntil(view.isVisible, timeout=3000)
    assert isinstance(view, DukcapilView)
    view.semester.setCurrentIndex(view.semester.findData("2026-2"))
    view.refresh()
    shown = {name: label.text() for name, label in view.summary_labels.items()}
    assert shown["Akses data kependudukan"] == str(view.report.accesses) and view.report.accesses > 0
    assert shown["Hari kuota habis"] == "1"
    assert not view.chart.pixmap().isNull()
    methods = view.tables["method"]
    assert methods.item(methods.rowCount() - 1, 1).text() == str(view.report.accesses)  # the Jumlah row
    pdf = view.save("pdf", str(tmp_path / "dukcapil.pdf"))
    text = pypdf.PdfReader(pdf).pages[0].extract_text()
    assert "Laporan Penggunaan Data Kependudukan" in text and "PKS-77/2025" in text
    view.close()

    qtbot.mouseClick(report.register_button, Qt.MouseButton.LeftButton)
    book = report.findChild(RegisterView)
    qtbot.waitUntil(book.isVisible, timeout=3000)
    assert isinstance(book, RegisterView)
    book.from_edit.setDate(book.from_edit.date().addDays(-1))
    book.refresh()
    numbers = [book.table.item(r, 1).text() for r in range(book.table.rowCount())]
    assert numbers == taken
    states = [book.table.item(r, 5).text() for r in range(book.table.rowCount())]
    assert states == ["dicetak", "batal: printer gagal"]
    saved = book.save("csv", str(tmp_path / "agenda.csv"))
    assert saved is not None and taken[1] in saved.read_text(encoding="utf-8-sig")
    saved = book.save("pdf", str(tmp_path / "agenda.pdf"))
    assert taken[0] in pypdf.PdfReader(saved).pages[0].extract_text()
    exports = [r for r in audit.rows() if r.kind == "export" and r.form_id == "letter_register"]
    assert len(exports) == 2
    book.close()
    report.close()
    window.close()


def test_the_register_view_says_so_for_a_reversed_range(qtbot) -> None:
    view = RegisterView(load(), from_day=date.today(), to_day=date.today() - timedelta(days=3))
    qtbot.addWidget(view)
    assert "tidak boleh sebelum" in view.message.text() and view.book is None
