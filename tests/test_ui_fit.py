"""The counter window fits a 1024 × 768 office screen, also when the longest sentences are showing (a
registry refusal in the status bar, a long message): they wrap instead of pushing Pengaturan, Diagnosa and
Laporan off the screen. And every window and dialog (preview, report, settings, Diagnosa) fits 1024 × 768
and 1366 × 768 at 100, 125 and 150 % scaling, in both languages, with every button on the screen."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtWidgets import QPushButton

from app.base.settings import Settings
from app.ui.main_window import MainWindow

SCREEN_W = 1024
REFUSAL = ("Login ke data kependudukan gagal; minta petugas IT memperbaiki ID pengguna dan kata sandi registry, "
           "sementara itu data dari chip tetap dipakai.")
MESSAGE = ("Alamat IP komputer ini (10.1.2.3) tidak terdaftar di data kependudukan; minta petugas IT "
           "mendaftarkannya, sementara itu data dari chip tetap dipakai.")


@pytest.mark.parametrize("demo", [False, True], ids=["counter", "demo"])
def test_the_window_fits_a_1024_screen_with_the_longest_sentences(qtbot, monkeypatch, demo: bool) -> None:
    monkeypatch.setenv("LOKET_DEMO_TRANSPORT", "in-process")
    for name in ("LOKET_REGISTRY_USER", "LOKET_REGISTRY_PASSWORD"):  # no registry credentials: the long badge
        monkeypatch.delenv(name, raising=False)
    window = MainWindow(Settings(), demo=True, watch_readers=False, save_settings=False)
    if not demo:
        window.demo_panel.hide()  # what a real counter shows: no simulated cards
    qtbot.addWidget(window)
    try:
        window.status.set_registry("refused", REFUSAL)
        window.resize(SCREEN_W, 700)
        window.show()
        qtbot.waitExposed(window)
        with qtbot.waitSignal(window.person_shown, timeout=15_000):
            window.demo_panel.tap()
        assert "Belum terverifikasi Dukcapil" in window.record.verified.text()
        window.message.setText(MESSAGE)
        qtbot.wait(50)
        assert window.minimumSizeHint().width() <= SCREEN_W
        assert window.width() <= SCREEN_W
        for button in window.findChildren(QPushButton):
            if button.isVisible() and button.text() in ("Pengaturan", "Diagnosa", "Laporan"):
                right = button.mapTo(window, button.rect().topRight()).x()
                assert right <= window.width(), f"{button.text()} is off the window ({right} px)"
    finally:
        window.close()


ROOT = Path(__file__).resolve().parent.parent


def screen_file(tmp_path: Path, width: int, height: int) -> Path:
    """The offscreen platform's screen (its default is 800 × 800): QT_QPA_PLATFORM=offscreen:configfile=…"""
    path = tmp_path / f"screen-{width}x{height}.json"
    path.write_text(json.dumps({"screens": [{"name": "counter", "x": 0, "y": 0, "width": width, "height": height,
                                             "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    return path


@pytest.mark.parametrize("scale", ["1", "1.25", "1.5"])
@pytest.mark.parametrize("width, height", [(1024, 768), (1366, 768)])
def test_every_window_and_dialog_fits_the_screen(tmp_path: Path, width: int, height: int, scale: str) -> None:
    """One process per screen and scale (Qt reads both when the application starts), both languages in it:
    a 1024 × 768 screen at 150 % is 683 × 512 logical pixels."""
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={screen_file(tmp_path, width, height)}",
               QT_SCALE_FACTOR=scale, PYTHONPATH=str(ROOT), LOKET_DEMO_TRANSPORT="in-process")
    for name in ("LOKET_REGISTRY_USER", "LOKET_REGISTRY_PASSWORD"):  # the long "not configured" badge
        env.pop(name, None)
    done = subprocess.run([sys.executable, "-m", "tests.fit_probe", "id", "en"], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads(done.stdout.strip().splitlines()[-1])
    names = sorted({r["name"].split("/")[0] for r in results})
    assert names == ["diagnosis", "main", "preview", "report", "settings"]
    logical = (round(width / float(scale)), round(height / float(scale)))
    for r in results:
        screen_w, screen_h = r["screen"]
        assert abs(screen_w - logical[0]) <= 1 and abs(screen_h - logical[1]) <= 1, r
        x, y, w, h = r["window"]
        # One pixel of rounding: at 125 % the 1366-pixel screen is 1092.8 logical pixels wide.
        assert x >= 0 and y >= 0 and x + w <= screen_w + 1 and y + h <= screen_h + 1, f"{r['name']} is off: {r}"
        assert r["min"][0] <= screen_w and r["min"][1] <= screen_h, f"{r['name']} cannot shrink to fit: {r}"
        assert not r["off"], f"{r['name']}: buttons off the screen: {r['off']}"
        if "across" in r:
            needs, has = r["across"]
            assert needs <= has, f"{r['name']} scrolls sideways: {needs} px in {has}"


def test_a_long_service_name_does_not_widen_the_window(qtbot, monkeypatch, tmp_path: Path) -> None:
    """The longest service name a template may have (forms/template_keys.SERVICE_NAME_MAX characters, in wide
    letters) leaves the window as wide as the shipped services do: the service list does not grow with its
    entries (a 30-character name once made the window 2 px too wide at 1024 × 768, 150 %)."""
    import shutil

    import forms.template
    from forms.template_keys import SERVICE_NAME_MAX

    monkeypatch.setenv("LOKET_DEMO_TRANSPORT", "in-process")

    def width() -> tuple[int, int]:
        window = MainWindow(Settings(), demo=True, watch_readers=False, save_settings=False)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        try:
            return window.minimumSizeHint().width(), window.service_box.sizeHint().width()
        finally:
            window.close()

    shipped = width()
    folder = tmp_path / "templates"
    shutil.copytree(forms.template.TEMPLATE_DIR, folder)
    source = (folder / "surat_usaha.toml").read_text(encoding="utf-8")
    long_name = ("SURAT KETERANGAN BELUM PERNAH MENIKAH " * 2)[:SERVICE_NAME_MAX].rstrip()
    source = source.replace('id = "surat_usaha"', 'id = "surat_panjang"').replace(
        'service_name = "Surat Keterangan Usaha"', f'service_name = "{long_name.ljust(SERVICE_NAME_MAX, "W")}"')
    (folder / "surat_panjang.toml").write_text(source, encoding="utf-8")
    monkeypatch.setattr(forms.template, "TEMPLATE_DIR", folder)
    longer = width()
    assert longer == shipped, f"the window went from {shipped[0]} to {longer[0]} px (service list {longer[1]} px)"
    assert longer[0] <= SCREEN_W
