"""`loket serve` end to end, as a SIMRS developer meets it: a Python client on 127.0.0.1, the card tapped
into pcscd's virtual reader, the clerk answering at the terminal, the registry simulator over HTTP.

What must hold: nothing of the citizen reaches a client before the clerk approved that client for that
citizen; the record that does arrive is the merged, verified one; the form comes back as the print job's
PDF with the client's own value on it; every hand-off is an audit row with the NIK only as its keyed hash.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import requests

from reader.simulator.population import POPULATION
from tests.webapi_support import Events, register, served

pytestmark = pytest.mark.pcscd

PAGE = "http://127.0.0.1:8123"
CLIENTS = {
    "simrs": {"name": "SIMRS RSUD", "origins": [PAGE]},
    "antrian": {"name": "Sistem Antrian", "origins": ["http://127.0.0.1:8124"]},
}


@pytest.fixture
def setup(isolated_settings: Path, registry: object, capsys: pytest.CaptureFixture[str],
          sim_secrets: None) -> dict[str, str]:
    from app.sim.registry import SIM_AGENCY

    return register(isolated_settings, CLIENTS, capsys,
                    {"registry": {"base_url": registry.url, "agency": SIM_AGENCY},  # type: ignore[attr-defined]
                     "readers": {"card_reader": "Virtual PCD 00 00", "sam_reader": "Virtual PCD 00 01"}})


def get(url: str, token: str | None, origin: str | None = None, **params: str) -> requests.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if origin:
        headers["Origin"] = origin
    return requests.get(url, headers=headers, params=params, timeout=15)


def test_a_python_client_gets_the_record_only_after_the_clerk_approves(setup, vpcd_sam, vpcd_card) -> None:
    from app import audit

    tokens = setup
    person = POPULATION[1]
    with served("--ask", "--service", "rsud_pasien_baru") as serve:
        events = Events(serve.url, tokens["simrs"])
        other = Events(serve.url, tokens["antrian"])
        try:
            assert events.next("hello")["client"] == "simrs"
            assert get(f"{serve.url}/v1/person", tokens["simrs"]).json()["error"] == "no_person"

            vpcd_card(1)
            events.next("card_inserted")
            ready = events.next("record_ready", 20)
            assert ready["service"] == "rsud_pasien_baru"
            assert person.nik not in json.dumps(events.seen)  # the public stream carries no personal data

            asked = get(f"{serve.url}/v1/person", tokens["simrs"])
            assert asked.status_code == 202 and asked.json()["status"] == "pending"
            assert "SIMRS RSUD meminta data warga ini" in serve.prompt("meminta data warga ini")
            waiting = get(f"{serve.url}/v1/person", tokens["antrian"])  # asks too, and is never answered
            assert waiting.status_code == 202
            serve.prompt("Sistem Antrian meminta")
            serve.answer("y")  # the oldest question: SIMRS RSUD
            assert events.next("consent")["decision"] == "approved"

            got = get(f"{serve.url}/v1/person", tokens["simrs"])
            assert got.status_code == 200, got.text
            body = got.json()["person"]
            assert body["nik"] == person.nik
            assert body["registry"]["found"] is True and body["chip"]["authenticity"] == "valid"
            assert set(body["provenance"].values()) <= {"chip", "registry"}
            assert "photo" not in body and "uid" not in body["chip"]

            # The queue system asked for the same citizen and the clerk has not said yes to it.
            still = get(f"{serve.url}/v1/person", tokens["antrian"])
            assert still.status_code == 202 and person.nik not in still.text
            assert not [e for e in other.seen if e.get("type") == "consent"]
            satusehat = get(f"{serve.url}/v1/person", tokens["simrs"], format="satusehat")
            assert satusehat.status_code == 200 and json.loads(satusehat.text)["resourceType"] == "Patient"

            form = requests.post(f"{serve.url}/v1/forms/rsud_pasien_baru",
                                 headers={"Authorization": f"Bearer {tokens['simrs']}"}, timeout=60,
                                 json={"values": {"no_rm": "RM-000123", "cara_bayar": "UMUM",
                                                  "telepon": "081234567890"}})
            assert form.status_code == 200, form.text
            assert form.headers["Content-Type"] == "application/pdf"
            assert form.headers["X-Loket-Outcome"] == "saved_pdf"  # the print job's code, as it always read
            from pypdf import PdfReader

            text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(form.content)).pages)
            assert "RM-000123" in text and person.nik in text.replace(" ", "")
        finally:
            events.close()
            other.close()
    handoffs = [r for r in audit.rows() if r.form_id == "api"]
    assert handoffs, "no hand-off row"
    assert {r.nik_hash for r in handoffs} == {audit.nik_hash(person.nik)}
    details = [audit.detail_of(r) for r in handoffs]
    assert all(d["client"] == ["simrs"] for d in details)
    assert {d.get("representation", [""])[0] for d in details} >= {"loket", "satusehat", "form"}
    assert "nik" in details[0]["given"]
    printed = [r for r in audit.rows() if r.kind == "print" and r.form_id == "rsud_pasien_baru"]
    assert [r.outcome for r in printed] == ["saved_pdf"]
    assert all(person.nik not in json.dumps(r.__dict__) for r in audit.rows())


def test_refused_clients_and_strangers_get_nothing(setup, vpcd_sam, vpcd_card) -> None:
    tokens = setup
    person = POPULATION[0]
    with served("--ask") as serve:
        events = Events(serve.url, tokens["simrs"])
        try:
            vpcd_card(0)
            events.next("record_ready", 20)
            assert get(f"{serve.url}/v1/person", "x" * 43).status_code == 401
            assert get(f"{serve.url}/v1/person", None).status_code == 401
            # A registered token from a page that is not that client's own.
            wrong = get(f"{serve.url}/v1/person", tokens["simrs"], origin="http://127.0.0.1:8124")
            assert wrong.status_code == 403 and wrong.json()["error"] == "origin_refused"
            assert "Access-Control-Allow-Origin" not in wrong.headers or \
                wrong.headers["Access-Control-Allow-Origin"] != PAGE
            stranger = get(f"{serve.url}/v1/person", tokens["simrs"], origin="http://evil.example")
            assert stranger.status_code == 403 and "Access-Control-Allow-Origin" not in stranger.headers
            assert get(f"{serve.url}/v1/person", tokens["simrs"]).status_code == 202
            serve.prompt("SIMRS RSUD meminta")
            serve.answer("n")
            assert events.next("consent")["decision"] == "refused"
            refused = get(f"{serve.url}/v1/person", tokens["simrs"])
            assert refused.status_code == 403 and refused.json()["error"] == "consent_refused"
            for r in (wrong, stranger, refused):
                assert person.nik not in r.text
        finally:
            events.close()
    from app import audit

    outcomes = [r.outcome for r in audit.rows() if r.form_id == "api"]
    assert outcomes == ["refused_by_clerk"]


def test_serve_refuses_any_address_but_loopback(isolated_settings: Path) -> None:
    from app.cli import main

    assert main(["serve", "--host", "0.0.0.0"]) == 2
    assert main(["serve", "--host", "192.168.1.10"]) == 2


def test_a_failed_read_says_the_clis_sentence_and_exit_code(setup, vpcd_sam, vpcd_card) -> None:
    from reader.errors import NotEktp
    from reader.simulator.factory import parse_card_faults

    tokens = setup
    with served() as serve:
        events = Events(serve.url, tokens["simrs"])
        try:
            vpcd_card(0, parse_card_faults(["not-ektp"]))
            failed = events.next("read_failed", 20)
            assert failed["exit_code"] == NotEktp.exit_code and failed["message"] == NotEktp.default_id_text
            r = get(f"{serve.url}/v1/person", tokens["simrs"])
            assert r.status_code == 409 and r.json() == {"error": "read_failed", "message": NotEktp.default_id_text,
                                                         "exit_code": 7}
        finally:
            events.close()


def test_serve_demo_is_a_counter_with_the_simulated_sam_and_registry(isolated_settings: Path, capsys,
                                                                     pcscd, vpcd_card) -> None:
    tokens = register(isolated_settings, {"kiosk": {"name": "Anjungan", "origins": [],
                                                    "preapproved": ["*"]}}, capsys)
    with served("--demo") as serve:
        events = Events(serve.url, tokens["kiosk"])
        try:
            vpcd_card(3)
            events.next("record_ready", 20)
            got = get(f"{serve.url}/v1/person", tokens["kiosk"])
            assert got.status_code == 200 and got.json()["person"]["nik"] == POPULATION[3].nik
            status = get(f"{serve.url}/v1/status", tokens["kiosk"]).json()
            assert status["sam"]["state"] == "ok" and status["registry"]["state"] == "ok"
            assert status["consent"] == "approved" and status["person_on_screen"] is True
        finally:
            events.close()


def test_serve_clears_the_person_after_the_idle_time_once_the_card_is_lifted(
        isolated_settings: Path, registry: object, capsys, sim_secrets, vpcd_sam, vpcd_card) -> None:
    from app.sim.registry import SIM_AGENCY

    tokens = register(isolated_settings, {"kiosk": {"name": "Anjungan", "origins": [], "preapproved": ["*"]}},
                      capsys, {"registry": {"base_url": registry.url, "agency": SIM_AGENCY}},  # type: ignore[attr-defined]
                      idle_seconds=1)
    with served() as serve:
        events = Events(serve.url, tokens["kiosk"])
        try:
            handle = vpcd_card(1)
            events.next("record_ready", 20)
            assert get(f"{serve.url}/v1/person", tokens["kiosk"]).status_code == 200
            handle.stop()  # the citizen takes the card and leaves
            events.next("card_removed")
            events.next("cleared", 20)  # a lifted card keeps the person (as the window) until the idle clear
            gone = get(f"{serve.url}/v1/person", tokens["kiosk"])
            assert gone.status_code == 404 and POPULATION[1].nik not in gone.text
        finally:
            events.close()
