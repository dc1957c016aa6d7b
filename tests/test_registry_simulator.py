"""The simulator serves CALL_NIK exactly as registry-api.md describes, and its faults look like real ones."""

from __future__ import annotations

import re

import pytest
import requests

from app.registry.fields import REGISTRY_TO_LOKET
from app.sim.registry import (
    FAULTS,
    RESPON_IP,
    RESPON_LOGIN,
    RESPON_NOT_FOUND,
    RESPON_QUOTA,
    SIM_PASSWORD,
    SIM_USER,
    start_simulator,
)
from reader.simulator.population import POPULATION, by_nik
from tests.registry_support import AGENCY

pytest_plugins = ("tests.registry_fixtures",)  # fixture: sim

DEWI, RISKY, BUDI, AHMAD, FRANSISKA = (
    "3273014507920001", "3578051708880003", "3404070101700012", "1171020909600007", "6271034408010006",
)
ENVELOPE_KEYS = [
    "content", "lastPage", "numberOfElements", "sort", "totalElements", "firstPage", "number", "size",
]


def call(url: str, nik: str, *, user: str = SIM_USER, password: str = SIM_PASSWORD, ip: str = "127.0.0.1",
         agency: str = AGENCY) -> requests.Response:
    return requests.post(f"{url}/dukcapil/get_json/{agency}/CALL_NIK", timeout=5,
                         json={"NIK": nik, "user_id": user, "password": password, "IP_USER": ip})


def only_element(response: requests.Response) -> dict[str, str]:
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    body = response.json()
    assert list(body) == ENVELOPE_KEYS
    assert body["numberOfElements"] == body["totalElements"] == body["size"] == len(body["content"]) == 1
    assert body["lastPage"] is True and body["firstPage"] is True and body["number"] == 0
    assert body["sort"] is None
    return body["content"][0]


@pytest.mark.parametrize("person", [p for p in POPULATION if p.in_registry], ids=lambda p: p.nama)
def test_every_registered_person_is_served_in_the_registrys_spelling(sim, person):
    element = only_element(call(sim.url, person.nik))
    assert set(REGISTRY_TO_LOKET) <= set(element)
    assert all(isinstance(v, str) for v in element.values())
    assert element["NIK"] == person.nik
    assert re.fullmatch(r"\d\d-\d\d-\d{4}", element["TGL_LHR"])
    assert element["JENIS_KLMIN"] in ("LAKI-LAKI", "PEREMPUAN")
    for key in ("NO_RT", "NO_RW"):
        assert element[key] == str(int(element[key])), "RT/RW are unpadded"
    assert (element["NO_PROP"], element["NO_KAB"], element["NO_KEC"]) == (person.nik[:2], person.nik[2:4],
                                                                          person.nik[4:6])
    for key, value in person.registry.items():
        assert element[key] == value
    for key, value in person.registry_differs.items():
        assert element[key] == value


def test_card_spelling_is_translated_and_disagreements_are_deliberate(sim):
    ahmad = only_element(call(sim.url, AHMAD))
    assert (ahmad["TGL_LHR"], ahmad["JENIS_KLMIN"], ahmad["NO_RT"], ahmad["NO_RW"]) == (
        "09-09-1960", "LAKI-LAKI", "3", "1")
    dewi = only_element(call(sim.url, DEWI))
    assert dewi["ALAMAT"] == "JL. GERLONG HILIR NO. 21" != by_nik(DEWI).alamat
    assert (dewi["NO_RT"], dewi["NO_RW"], dewi["KEL_NAME"]) == ("2", "11", "GEGERKALONG")
    assert only_element(call(sim.url, RISKY))["NAMA_LGKP"] == "RISKI RISTIANDY"
    assert only_element(call(sim.url, BUDI))["STATUS_KAWIN"] == "CERAI MATI"


@pytest.mark.parametrize("nik", [FRANSISKA, "3273010101010001"], ids=["not-in-registry", "unknown"])
def test_missing_people_get_data_tidak_ditemukan(sim, nik):
    assert only_element(call(sim.url, nik)) == {"RESPON": RESPON_NOT_FOUND}


@pytest.mark.parametrize("user,password", [("someone", SIM_PASSWORD), (SIM_USER, "wrong"), ("", "")])
def test_wrong_credentials_get_login_gagal(sim, user, password):
    assert only_element(call(sim.url, DEWI, user=user, password=password)) == {"RESPON": RESPON_LOGIN}
    assert sim.state.seen[-1].password_ok is (password == SIM_PASSWORD)


def test_an_address_other_than_the_callers_gets_ip_refusal(sim):
    assert only_element(call(sim.url, DEWI, ip="10.20.30.41")) == {"RESPON": RESPON_IP}


@pytest.mark.parametrize("fault,respon", [
    ("login", RESPON_LOGIN), ("ip", RESPON_IP), ("quota", RESPON_QUOTA),
])
def test_refusal_faults_answer_with_the_spec_respon(sim, fault, respon):
    sim.set_fault(fault)
    assert only_element(call(sim.url, DEWI)) == {"RESPON": respon}


def test_other_respon_is_a_text_loket_does_not_know(sim):
    sim.set_fault("other_respon")
    respon = only_element(call(sim.url, DEWI))["RESPON"]
    assert respon not in (RESPON_NOT_FOUND, RESPON_LOGIN, RESPON_IP, RESPON_QUOTA)


@pytest.mark.parametrize("fault,status", [
    ("5xx", 503), ("http_401", 401), ("http_403", 403), ("http_429", 429),
])
def test_http_status_faults(sim, fault, status):
    sim.set_fault(fault)
    assert call(sim.url, DEWI).status_code == status


def test_malformed_answer_faults(sim):
    sim.set_fault("non_json")
    response = call(sim.url, DEWI)
    assert response.status_code == 200
    with pytest.raises(ValueError):
        response.json()
    sim.set_fault("no_content")
    assert "content" not in call(sim.url, DEWI).json()


def test_wrong_person_and_two_elements(sim):
    sim.set_fault("wrong_person")
    body = call(sim.url, DEWI).json()
    assert len(body["content"]) == 1 and body["content"][0]["NIK"] != DEWI
    sim.set_fault("two_elements")
    body = call(sim.url, DEWI).json()
    assert body["numberOfElements"] == 2 and body["content"][0]["NIK"] == DEWI != body["content"][1]["NIK"]


def test_slow_answers_after_slow_seconds(sim):
    sim.set_fault("slow")
    sim.state.slow_seconds = 0.3
    with pytest.raises(requests.exceptions.ReadTimeout):
        requests.post(f"{sim.url}/dukcapil/get_json/{AGENCY}/CALL_NIK", json={"NIK": DEWI}, timeout=(1, 0.1))
    assert only_element(call(sim.url, DEWI))["NIK"] == DEWI


def test_fault_chosen_at_start_and_switched_at_run_time():
    handle = start_simulator(fault="quota")
    try:
        assert only_element(call(handle.url, DEWI)) == {"RESPON": RESPON_QUOTA}
        handle.set_fault(None)
        assert only_element(call(handle.url, DEWI))["NIK"] == DEWI
        # From another terminal, while `loket simulate registry` runs:
        assert requests.post(f"{handle.url}/_simulator/fault", data="login", timeout=5).status_code == 200
        assert only_element(call(handle.url, DEWI)) == {"RESPON": RESPON_LOGIN}
        assert requests.post(f"{handle.url}/_simulator/fault", data="nonsense", timeout=5).status_code == 400
        requests.post(f"{handle.url}/_simulator/fault", data="", timeout=5)
        assert handle.state.fault is None
    finally:
        handle.stop()


def test_unknown_fault_is_refused():
    with pytest.raises(ValueError, match="unknown fault"):
        start_simulator(fault="meteor")
    assert len(FAULTS) == len(set(FAULTS))


def test_wrong_path_and_bad_body(sim):
    wrong = requests.post(f"{sim.url}/dukcapil/get_json/{AGENCY}/CALL_KK", json={}, timeout=5)
    assert wrong.status_code == 404
    bad = requests.post(f"{sim.url}/dukcapil/get_json/{AGENCY}/CALL_NIK", data=b"NIK=1", timeout=5)
    assert bad.status_code == 400


def test_stop_frees_the_port_and_drops_kept_connections():
    handle = start_simulator()
    session = requests.Session()
    session.post(f"{handle.url}/dukcapil/get_json/{AGENCY}/CALL_NIK", json={"NIK": DEWI}, timeout=5)
    handle.stop()
    with pytest.raises(requests.exceptions.ConnectionError):
        session.post(f"{handle.url}/dukcapil/get_json/{AGENCY}/CALL_NIK", json={"NIK": DEWI}, timeout=5)
