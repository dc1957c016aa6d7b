"""The local card service's `"output": "pdf"` is a saved PDF too: with the office's PKCS#12 stored it comes back
signed PAdES and verifies with the office root; with BSrE (whose passphrase nobody at the service can type) the
client gets 503 `failed_signing` with the sentence saying where to save it instead, and no number is used.
The counter window runs the service; the clerk approves with F11."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt

from app.base.settings import load
from app.cli import main
from app.letters import pdfcheck, pdfsign
from app.ui.main_window import MainWindow
from tests import pki_support as pki
from tests.webapi_support import register

CLIENTS = {"simrs": {"name": "SIMRS RSUD", "origins": ["http://127.0.0.1:8123"]}}
BODY = {"values": {"no_rm": "RM-77", "cara_bayar": "UMUM", "telepon": "081234567890"}, "output": "pdf"}


def _window(qtbot, isolated_settings: Path, capsys, registry: object, letters: dict) -> tuple[MainWindow, str]:
    from app.sim.registry import SIM_AGENCY

    tokens = register(isolated_settings, CLIENTS, capsys,
                      {"registry": {"base_url": registry.url, "agency": SIM_AGENCY},  # type: ignore[attr-defined]
                       "letters": letters}, port=0)
    w = MainWindow(load(), demo=True, watch_readers=False, save_settings=False)
    qtbot.addWidget(w)
    w.show()
    w.demo_panel.select(0)
    with qtbot.waitSignal(w.person_shown, timeout=20000):
        w.demo_panel.tap()
    qtbot.waitUntil(lambda: w.handoff.service.consent.handoff != "", timeout=5000)
    return w, tokens["simrs"]


def _ask_form(qtbot, window: MainWindow, token: str) -> requests.Response:
    answers: list[requests.Response] = []
    asking = threading.Thread(target=lambda: answers.append(requests.post(
        f"{window.handoff.service.url}/v1/forms/rsud_pasien_baru?wait=20", json=BODY, timeout=60,
        headers={"Authorization": f"Bearer {token}"})))
    asking.start()
    qtbot.waitUntil(window.handoff.bar.isVisible, timeout=10000)
    qtbot.keyClick(window, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: not asking.is_alive(), timeout=60000)
    return answers[0]


@pytest.fixture
def stored_certificate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> Iterator[pki.Office]:
    office = pki.office()
    (tmp_path / "kantor.p12").write_bytes(office.pkcs12)
    monkeypatch.setenv("LOKET_SIGNING_PASSWORD", office.password)
    assert main(["credentials", "set", "signing", str(tmp_path / "kantor.p12"), "--from-env"]) == 0
    monkeypatch.delenv("LOKET_SIGNING_PASSWORD")
    yield office


def test_a_pdf_handed_to_an_office_system_is_signed(qtbot, isolated_settings, capsys, demo_registry,
                                                    stored_certificate, tmp_path) -> None:
    root = stored_certificate.root_file(tmp_path)
    window, token = _window(qtbot, isolated_settings, capsys, demo_registry, {"pdf_trust_roots": [str(root)]})
    try:
        answer = _ask_form(qtbot, window, token)
        assert answer.status_code == 200, answer.text
        roots = pdfcheck.configured_roots(load())[0]
        (report,) = pdfcheck.check_pdf(answer.content, roots)
        assert report.verdict == "valid" and "Lurah Manggar (uji)" in report.signer
    finally:
        window.close()


def test_with_bsre_the_service_refuses_in_one_sentence(qtbot, isolated_settings, capsys, demo_registry) -> None:
    window, token = _window(qtbot, isolated_settings, capsys, demo_registry,
                            {"signing": "bsre", "bsre_url": "http://127.0.0.1:9", "bsre_nik": "6471050101800001"})
    try:
        answer = _ask_form(qtbot, window, token)
        assert answer.status_code == 503
        got = json.loads(answer.text)
        assert pdfsign.NO_WAY_TO_ASK in json.dumps(got, ensure_ascii=False)
        assert answer.headers.get("X-Loket-Number") is None
    finally:
        window.close()
