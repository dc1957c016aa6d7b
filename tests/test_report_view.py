"""The GUI's Laporan view shows the trail's figures and the report's chart, saves the same PDF/CSV as
``loket report``, and the counter window opens it from its "Laporan" button."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt

from app import audit
from app.base.settings import Settings
from app.ui.report_view import ReportView
from tests.report_support import DAY1, DAY2, write_trail


@pytest.fixture(autouse=True)
def audit_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOKET_AUDIT_KEY", "test-report-key")
    audit.forget_key()


def bar_pixels(view_chart, rgb: tuple[int, int, int]) -> int:
    image = view_chart.pixmap().toImage()

    def near(x: int, y: int) -> bool:
        c = image.pixelColor(x, y)
        return max(abs(c.red() - rgb[0]), abs(c.green() - rgb[1]), abs(c.blue() - rgb[2])) < 12

    return sum(near(x, y) for x in range(0, image.width(), 3) for y in range(0, image.height(), 3))


def test_view_shows_the_figures_and_the_chart(qtbot, tmp_path: Path) -> None:
    write_trail()
    view = ReportView(Settings(extra={"report": {"seconds_per_field": 5}}), from_day=DAY1, to_day=DAY2)
    qtbot.addWidget(view)
    view.show()
    shown = {name: label.text() for name, label in view.summary_labels.items()}
    # (the local days here are the test machine's; the trail's events all fall on these two days in UTC+0..8)
    assert shown["Formulir dicetak / disimpan"] == "3"
    assert shown["Pencarian gagal"].startswith("2 ")
    assert shown["Isian terisi otomatis"].startswith("50 ")
    assert "5 detik per isian" in shown["Perkiraan waktu mengetik yang dihemat"]
    assert not view.chart.pixmap().isNull() and not view.hours.pixmap().isNull()
    assert bar_pixels(view.chart, (0x1F, 0x5F, 0xA8)) > 50  # the busiest service's bars are drawn
    headers = [view.table.horizontalHeaderItem(c).text() for c in range(view.table.columnCount())]
    assert "Pasien baru RSUD" in headers and headers[-2:] == ["Jumlah warga", "Cetak"]
    stations = {view.counters.item(r, 0).text() for r in range(view.counters.rowCount())}
    assert stations == {"loket-1", "loket-2"}
    causes = {view.registry.item(r, 0).text(): view.registry.item(r, 1).text() for r in range(view.registry.rowCount())}
    assert causes == {"gagal: waktu tunggu habis": "1", "gagal: kuota pencarian habis": "1",
                      "data berbeda: nama": "1", "data berbeda: alamat": "1"}

    saved = view.save_pdf(str(tmp_path / "laporan.pdf"))
    assert saved is not None and "Laporan Layanan Loket" in pypdf.PdfReader(saved).pages[0].extract_text()
    assert view.save_csv(str(tmp_path / "laporan.csv")) is not None
    assert "laporan.csv" in view.message.text()


def test_view_says_so_for_an_empty_range_and_a_reversed_one(qtbot) -> None:
    view = ReportView(Settings())
    qtbot.addWidget(view)
    assert view.summary_labels["Warga dilayani"].text() == "0"
    assert "Belum ada kejadian" in view.message.text()
    view.from_edit.setDate(view.to_edit.date().addDays(1))
    qtbot.mouseClick(view.show_button, Qt.MouseButton.LeftButton)
    assert "tidak boleh sebelum" in view.message.text()


def test_the_counter_window_opens_the_view_from_its_laporan_button(qtbot, monkeypatch) -> None:
    from app.ui.main_window import MainWindow

    write_trail()
    window = MainWindow(Settings(), watch_readers=False, save_settings=False)
    qtbot.addWidget(window)
    window.show()
    button = window.report_button
    assert button.text() == "Laporan" and button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    view = window.findChild(ReportView)  # the view is the window's child; the window holds no attribute for it
    qtbot.waitUntil(view.isVisible, timeout=3000)
    assert isinstance(view, ReportView) and not view.chart.pixmap().isNull()
    view.close()
    window.close()
