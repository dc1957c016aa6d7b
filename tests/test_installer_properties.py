"""Every installer property works, end to end: the settings helper the MSI runs writes the machine-wide file,
then the real window opens in that language, `loket doctor` reports that registry, and a printed letter
carries that letterhead. And the clerk's day leaves the per-user file holding only the clerk's own changes,
so what IT sets machine-wide later still reaches the counter."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.base import settings as settings_module
from app.cli import main
from app.sim.registry import SIM_AGENCY

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "installer"))
import machine_settings  # noqa: E402  (installer/ is not a package: it is frozen on its own)

LETTERHEAD = "Kelurahan Sukamaju"
DOMISILI = ["--set", "alamat_domisili=JL. MULAWARMAN RT 010", "--set", "sejak=01-03-2024",
            "--set", "keperluan=Melamar pekerjaan"]


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, registry) -> Path:  # type: ignore[no-untyped-def]
    machine = tmp_path / "ProgramData" / "Loket" / "settings.json"
    rc = machine_settings.main(["--path", str(machine), "--language", "en", "--letterhead-name", LETTERHEAD,
                                "--registry-url", registry.url, "--agency", SIM_AGENCY, "--scard-autostart", "0"])
    assert rc == 0
    monkeypatch.setenv("LOKET_MACHINE_CONFIG", str(machine))
    return machine


def test_the_window_opens_in_the_installers_language(qtbot, installed: Path) -> None:
    pytest.importorskip("pytestqt")
    from app.ui import i18n
    from app.ui.main_window import MainWindow

    window = MainWindow(settings_module.load(), demo=True, watch_readers=False)
    qtbot.addWidget(window)
    try:
        assert window.language == "en"
        assert window.settings_button.text() == "Settings" and window.prompt.text() == "Place the e-KTP on the reader"
    finally:
        window.close()
        i18n.use("id")


def test_doctor_reports_the_installers_registry(installed: Path, registry, capsys) -> None:  # type: ignore[no-untyped-def]
    main(["doctor"])
    out = capsys.readouterr().out
    port = registry.url.rsplit(":", 1)[1]
    [line] = [line for line in out.splitlines() if "registry" in line.lower() and port in line]
    assert "tidak dapat dihubungi" not in line


def test_a_printed_letter_carries_the_installers_letterhead(installed: Path, tmp_path: Path) -> None:
    out = tmp_path / "domisili.pdf"
    assert main(["fill", "surat_domisili", "--demo", "--person", "6", *DOMISILI, "--out", str(out)]) == 0
    text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    assert LETTERHEAD.upper() in text


def test_the_user_file_holds_only_the_clerks_changes(qtbot, installed: Path, isolated_settings: Path) -> None:
    pytest.importorskip("pytestqt")
    from app.ui import i18n
    from app.ui.main_window import MainWindow

    window = MainWindow(settings_module.load(), demo=True, watch_readers=False)
    qtbot.addWidget(window)
    try:
        window.service_box.setCurrentIndex(window.service_box.findData("surat_domisili"))  # the clerk's choice
    finally:
        window.close()
        i18n.use("id")
    assert json.loads(isolated_settings.read_text()) == {"gui": {"service": "surat_domisili"}}
    # IT changes the machine-wide file afterwards: the counter follows it, the clerk's choice stays.
    data = json.loads(installed.read_text())
    data["registry"]["agency"] = "RSUD_BARU"
    installed.write_text(json.dumps(data))
    again = settings_module.load()
    assert again.registry.agency == "RSUD_BARU" and again.extra["gui"]["service"] == "surat_domisili"
    assert again.extra["gui"]["language"] == "en"
