"""The counter window's Ctrl+S with letters signed through BSrE: the signing official's passphrase is asked in a
password field at every save, reaches the ESign simulator, and the saved PDF carries BSrE's signature; a
cancelled prompt saves nothing and takes no number. Offscreen, in-process simulated card, registry and BSrE
simulators over HTTP."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtWidgets import QInputDialog, QLineEdit

from app.base import settings as settings_module
from app.letters import pdfcheck
from app.sim.bsre import SIM_NIK, SIM_PASSPHRASE, SIM_PASSWORD, SIM_USER, start_simulator
from app.sim.registry import SIM_AGENCY
from app.ui.main_window import MainWindow
from tests.ui_jobs import job

WARGA_6 = 6
DOMISILI = "surat_domisili"
TYPED = {"alamat_domisili": "JL. MULAWARMAN RT 010", "sejak": "01-03-2024", "keperluan": "Melamar pekerjaan"}


@pytest.fixture
def bsre(isolated_settings: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    handle = start_simulator()
    root = tmp_path / "bsre-root.pem"
    root.write_bytes(handle.root_pem)
    isolated_settings.write_text(json.dumps({"letters": {
        "signing": "bsre", "bsre_url": handle.url, "bsre_nik": SIM_NIK, "pdf_trust_roots": [str(root)]}}))
    monkeypatch.setenv("LOKET_BSRE_USER", SIM_USER)
    monkeypatch.setenv("LOKET_BSRE_PASSWORD", SIM_PASSWORD)
    yield handle
    handle.stop()


def test_each_save_asks_the_passphrase_and_the_pdf_is_signed_by_bsre(qtbot, demo_registry, bsre, monkeypatch,
                                                                     tmp_path, caplog) -> None:
    caplog.set_level("DEBUG")
    asked: list[tuple[str, object]] = []
    answers = [(SIM_PASSPHRASE, True), ("", False)]

    def get_text(parent, title, label, echo):  # the dialog as the official answers it
        asked.append((title, echo))
        return answers.pop(0)

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))
    window = MainWindow(settings_module.load(), demo=True, watch_readers=False,
                        overrides={"registry_url": demo_registry.url, "agency": SIM_AGENCY})
    qtbot.addWidget(window)
    window.show()
    try:
        window.service_box.setCurrentIndex(window.service_box.findData(DOMISILI))
        window.demo_panel.select(WARGA_6)
        with qtbot.waitSignal(window.person_shown, timeout=10_000):
            window.demo_panel.tap()
        for key, value in TYPED.items():
            window.record.rows[key].editor.setText(value)
        target = tmp_path / "domisili.pdf"
        result = job(qtbot, window, window.save_pdf, str(target))
        assert result.ok, window.message.text()
        assert asked == [("Tanda tangan elektronik BSrE", QLineEdit.EchoMode.Password)]
        assert [s.fields["passphrase"] for s in bsre.seen] == [SIM_PASSPHRASE]
        (report,) = pdfcheck.check_pdf(target.read_bytes(), pdfcheck.configured_roots(settings_module.load())[0])
        assert report.verdict == "valid" and "Pejabat Simulasi" in report.signer
        # The next save asks again; the official cancels: nothing is saved, BSrE is not called.
        second = tmp_path / "lagi.pdf"
        assert window.save_pdf(str(second)) is False
        assert len(asked) == 2 and len(bsre.seen) == 1 and not second.exists()
        assert SIM_PASSPHRASE not in caplog.text
    finally:
        window.close()
