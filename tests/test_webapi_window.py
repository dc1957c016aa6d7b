"""The local card service inside the counter window: the clerk sees which application asks for the person
on screen and answers with a key (F11 Izinkan, Shift+F11 Tolak) while the counter goes on; the service stops
with the window; a window without registered office systems opens no port at all."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.base.settings import load
from app.ui.main_window import MainWindow
from app.webapi.consent import Decision
from reader.simulator.population import POPULATION
from tests.webapi_support import register

CLIENTS = {"simrs": {"name": "SIMRS RSUD", "origins": ["http://127.0.0.1:8123"]},
           "antrian": {"name": "Sistem Antrian", "origins": ["http://127.0.0.1:8124"]}}


@pytest.fixture
def tokens(isolated_settings: Path, capsys: pytest.CaptureFixture[str], demo_registry: object) -> dict[str, str]:
    from app.sim.registry import SIM_AGENCY

    return register(isolated_settings, CLIENTS, capsys,
                    {"registry": {"base_url": demo_registry.url, "agency": SIM_AGENCY}}, port=0)  # type: ignore[attr-defined]


@pytest.fixture
def window(qtbot, tokens: dict[str, str]) -> Iterator[MainWindow]:
    w = MainWindow(load(), demo=True, watch_readers=False, save_settings=False)
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close()


def _tap(qtbot, window: MainWindow, index: int) -> None:
    window.demo_panel.select(index)
    with qtbot.waitSignal(window.person_shown, timeout=20000):
        window.demo_panel.tap()


def _get(window: MainWindow, token: str, **params: str) -> requests.Response:
    return requests.get(f"{window.handoff.service.url}/v1/person", params=params, timeout=30,
                        headers={"Authorization": f"Bearer {token}"})


def test_the_clerk_approves_with_a_key_and_the_record_is_the_one_on_screen(qtbot, window, tokens) -> None:
    from app import audit

    assert window.handoff is not None
    person = POPULATION[1]
    _tap(qtbot, window, 0)  # "Warga 1"
    qtbot.waitUntil(lambda: window.handoff.service.consent.handoff != "", timeout=5000)
    answers: list[requests.Response] = []
    asking = threading.Thread(target=lambda: answers.append(_get(window, tokens["simrs"], wait="20")))
    asking.start()
    qtbot.waitUntil(window.handoff.bar.isVisible, timeout=10000)
    assert window.handoff.text.text().startswith("SIMRS RSUD meminta data warga ini")
    qtbot.keyClick(window, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: not asking.is_alive(), timeout=20000)
    assert answers[0].status_code == 200, answers[0].text
    assert answers[0].json()["person"]["nik"] == person.nik
    assert not window.handoff.bar.isVisible()
    assert [r.outcome for r in audit.rows() if r.form_id == "api"] == ["handed_off"]

    # Esc: the person leaves the screen, and the service with it, before anything else can happen.
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    QApplication.processEvents()
    assert window.handoff.feed.snapshot().applicant is None
    gone = _get(window, tokens["simrs"])
    assert gone.status_code == 404 and person.nik not in gone.text


def test_the_service_hears_each_change_of_the_session_as_it_happens(qtbot, window) -> None:
    """No copying every 250 ms: a choice on the record, another service, the person leaving reach the feed
    within the very call that made them (the session's listeners), before the event loop turns again."""
    from app.citizen.merge import Source

    _tap(qtbot, window, 0)  # "Warga 1": the registry spells the name otherwise
    feed = window.handoff.feed
    [differs] = [d.field for d in window.session.applicant.discrepancies if d.field == "nama"]
    held = window.session.applicant.fields[differs].source
    other = Source.CHIP if held is not Source.CHIP else Source.REGISTRY
    window.choose(differs, other)
    assert feed.snapshot().applicant.fields[differs].source is other
    service = next(i for i in range(window.service_box.count()) if window.service_box.itemData(i) !=
                   feed.snapshot().service_id)
    window.service_box.setCurrentIndex(service)
    assert feed.snapshot().service_id == window.service_box.itemData(service)
    window.forget()
    assert feed.snapshot().applicant is None and feed.snapshot().handoff == ""


def test_a_refusal_by_key_and_a_hundred_clients_while_the_clerk_works(qtbot, window, tokens) -> None:
    person = POPULATION[1]
    _tap(qtbot, window, 0)
    qtbot.waitUntil(lambda: window.handoff.service.consent.handoff != "", timeout=5000)
    who = ["antrian", "simrs", "nobody", "antrian"] * 25
    results: list[tuple[str, int, str]] = []

    def ask(cid: str) -> tuple[str, int, str]:
        token = tokens.get(cid, "n" * 43)
        r = _get(window, token, wait="5") if cid != "nobody" else _get(window, token)
        return cid, r.status_code, r.text

    def burst() -> None:
        with ThreadPoolExecutor(100) as pool:
            results.extend(pool.map(ask, who))

    hammer = threading.Thread(target=burst)
    hammer.start()
    # The window answers the clerk's keys while a hundred requests wait on it.
    qtbot.waitUntil(window.handoff.bar.isVisible, timeout=10000)
    first = window.handoff.queue[0].client_id
    qtbot.keyClick(window, Qt.Key.Key_F11, Qt.KeyboardModifier.ShiftModifier)  # Tolak
    qtbot.waitUntil(lambda: window.handoff.service.consent.decision(first, window.handoff.service.consent.handoff)
                    is Decision.REFUSED, timeout=5000)
    qtbot.waitUntil(lambda: not hammer.is_alive(), timeout=60000)
    assert len(results) == 100
    for _cid, status, text in results:
        json.loads(text)
        assert person.nik not in text  # nobody was approved: nothing of the citizen left the window
        assert status in (202, 401, 403, 429)
    assert any(status == 403 and cid == first for cid, status, _ in results)


def test_no_registered_client_no_port(qtbot, isolated_settings: Path, demo_registry: object) -> None:
    w = MainWindow(load(), demo=True, watch_readers=False, save_settings=False)
    qtbot.addWidget(w)
    try:
        assert w.handoff is None
    finally:
        w.close()


def test_the_service_never_outlives_the_window(qtbot, tokens) -> None:
    w = MainWindow(load(), demo=True, watch_readers=False, save_settings=False)
    qtbot.addWidget(w)
    url = w.handoff.service.url
    assert requests.get(f"{url}/v1/status", headers={"Authorization": f"Bearer {tokens['simrs']}"},
                        timeout=5).status_code == 200
    w.close()
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{url}/v1/status", timeout=5)


def test_a_client_prints_the_form_on_the_counters_printer(qtbot, window, tokens, tmp_path: Path) -> None:
    from PySide6.QtPrintSupport import QPrinter

    from app import audit

    paper = tmp_path / "printed.pdf"

    def to_file(name: str) -> QPrinter:  # the clerk's printer, as "print to file"
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(paper))
        return printer

    window.handoff.printer_for = to_file
    _tap(qtbot, window, 0)
    qtbot.waitUntil(lambda: window.handoff.service.consent.handoff != "", timeout=5000)
    answers: list[requests.Response] = []
    body = {"values": {"no_rm": "RM-77", "cara_bayar": "UMUM", "telepon": "081234567890"}, "output": "print"}
    asking = threading.Thread(target=lambda: answers.append(requests.post(
        f"{window.handoff.service.url}/v1/forms/rsud_pasien_baru?wait=20", json=body, timeout=60,
        headers={"Authorization": f"Bearer {tokens['simrs']}"})))
    asking.start()
    qtbot.waitUntil(window.handoff.bar.isVisible, timeout=10000)
    qtbot.keyClick(window, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: not asking.is_alive(), timeout=60000)
    assert answers[0].status_code == 200, answers[0].text
    assert answers[0].json()["outcome"] == "printed" and answers[0].json()["pages"] >= 1
    assert paper.read_bytes().startswith(b"%PDF")
    assert [r.outcome for r in audit.rows() if r.kind == "print"] == ["printed"]
