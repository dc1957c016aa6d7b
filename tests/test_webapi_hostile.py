"""The local card service under hostile input, in-process on a real loopback socket: malformed and huge
bodies, wrong tokens, other origins and Host names, a client that never reads its WebSocket, a hundred
clients at once. Whatever arrives, the answer is the service's JSON, the service keeps answering, and
nothing of the citizen reaches a client the clerk did not approve for that citizen."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import aiohttp
import pytest
import requests

from app.base.settings import load
from app.webapi.clients import ClientBook, load_clients
from app.webapi.feed import CounterFeed
from app.webapi.server import BindRefused, LocalService, PortBusy
from reader.simulator.population import POPULATION
from tests.webapi_support import Events, register

PAGE = "http://127.0.0.1:8123"
CLIENTS = {"simrs": {"name": "SIMRS RSUD", "origins": [PAGE]},
           "antrian": {"name": "Sistem Antrian", "origins": ["http://127.0.0.1:8124"]},
           "poli": {"name": "Poliklinik", "origins": [], "photo": True, "preapproved": ["rsud_pasien_baru"],
                    "forms": []}}


class Host:
    def __init__(self, service: LocalService, feed: CounterFeed, tokens: dict[str, str]) -> None:
        self.service, self.feed, self.tokens, self.url = service, feed, tokens, service.url
        self.asked: list[str] = []

    def auth(self, cid: str = "simrs") -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[cid]}"}

    def show(self, person: int) -> None:
        from app.sim.demo import demo_applicant

        settings = load()
        with demo_applicant(person, settings) as applicant:
            self.feed.person(applicant, "rsud_pasien_baru")

    def approve(self, cid: str = "simrs") -> None:
        deadline = time.monotonic() + 5
        while not self.service.consent.decide(cid, True):
            assert time.monotonic() < deadline, "no question to answer"
            time.sleep(0.02)


@pytest.fixture
def host(isolated_settings: Path, capsys: pytest.CaptureFixture[str]) -> Iterator[Host]:
    tokens = register(isolated_settings, CLIENTS, capsys)
    settings = load()
    feed = CounterFeed()
    service = LocalService(settings, feed, ClientBook(load_clients(settings).values()))
    service.start()
    h = Host(service, feed, tokens)
    service.on_request = lambda request: h.asked.append(request.client_id)
    yield h
    service.stop()


def test_only_loopback_and_a_free_port(host: Host) -> None:
    settings = load()
    for address in ("0.0.0.0", "192.168.1.10", "::", "example.org"):
        with pytest.raises(BindRefused):
            LocalService(settings, CounterFeed(), ClientBook([]), host=address)
    with pytest.raises(PortBusy):
        LocalService(settings, CounterFeed(), ClientBook([]), port=host.service.port).start()
    assert requests.get(f"{host.url}/v1/status", headers=host.auth(), timeout=5).status_code == 200


def test_malformed_and_huge_bodies_are_json_refusals(host: Host) -> None:
    host.show(1)
    url = f"{host.url}/v1/forms/rsud_pasien_baru"
    bodies = [b"{", b"[1,2", b"\xff\xfe", b"NaN", b'{"values": NaN}', b"[" * 50000 + b"]" * 50000,
              b'{"values": [1]}', b'{"values": {"no_rm": {"x": 1}}}', b'{"output": "fax"}',
              b'{"values": {"no_rm": "A\\nB"}}', json.dumps({"values": {"no_rm": "X" * 5000}}).encode()]
    for body in bodies:
        r = requests.post(url, data=body, headers={**host.auth(), "Content-Type": "application/json"}, timeout=10)
        assert r.status_code in (400, 413), (body[:20], r.status_code, r.text[:200])
        assert r.json()["exit_code"] == 2 and r.json()["message"]
    huge = requests.post(url, data=b"{" + b" " * (2 * 1024 * 1024) + b"}", headers=host.auth(), timeout=10)
    assert huge.status_code == 413 and huge.json()["error"] == "too_large"
    assert not host.asked  # nothing malformed ever reached the clerk as a question
    assert requests.get(f"{host.url}/v1/status", headers=host.auth(), timeout=5).status_code == 200


def test_a_client_may_not_replace_the_citizens_values_nor_fill_an_unknown_form(host: Host) -> None:
    host.show(1)
    requests.get(f"{host.url}/v1/person", headers=host.auth(), timeout=5)
    host.approve()
    post = lambda form, values: requests.post(f"{host.url}/v1/forms/{form}", headers=host.auth(),  # noqa: E731
                                              json={"values": values}, timeout=30)
    r = post("rsud_pasien_baru", {"nama": "ORANG LAIN", "no_rm": "1"})
    assert r.status_code == 400 and "nama" in r.json()["message"]
    r = post("tidak_ada", {})
    assert r.status_code == 404 and r.json()["exit_code"] == 2
    r = post("rsud_pasien_baru", {"no_rm": "1"})  # cara_bayar and telepon are required
    assert r.status_code == 422 and r.json()["exit_code"] == 12
    assert {p["field"] for p in r.json()["problems"]} >= {"cara_bayar", "telepon"}


def test_wrong_tokens_are_refused_and_guessing_is_slowed(host: Host) -> None:
    codes = [requests.get(f"{host.url}/v1/status", headers={"Authorization": f"Bearer guess{i:040d}"},
                          timeout=5).status_code for i in range(40)]
    assert set(codes) <= {401, 429} and 429 in codes
    assert requests.get(f"{host.url}/v1/status", headers={"Authorization": "Basic abc"},
                        timeout=5).status_code in (401, 429)
    # The registered client is not locked out by someone else's guessing.
    assert requests.get(f"{host.url}/v1/status", headers=host.auth(), timeout=5).status_code == 200


def test_other_origins_and_host_names_are_refused(host: Host) -> None:
    host.show(1)
    pre = requests.options(f"{host.url}/v1/person", timeout=5, headers={
        "Origin": PAGE, "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "authorization"})
    assert pre.status_code == 204 and pre.headers["Access-Control-Allow-Origin"] == PAGE
    evil = requests.options(f"{host.url}/v1/person", timeout=5, headers={
        "Origin": "http://evil.example", "Access-Control-Request-Method": "GET"})
    assert evil.status_code == 403 and "Access-Control-Allow-Origin" not in evil.headers
    rebound = requests.get(f"{host.url}/v1/person", timeout=5,
                           headers={**host.auth(), "Host": f"evil.example:{host.service.port}"})
    assert rebound.status_code == 403 and rebound.json()["error"] == "host_refused"
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:  # a WebSocket from another site's page
        Events(host.url, host.tokens["simrs"], origin="http://evil.example")
    assert refused.value.status == 403
    assert not host.asked


def test_approval_is_for_one_client_and_one_citizen(host: Host) -> None:
    first, second = POPULATION[1], POPULATION[3]
    host.show(1)
    assert requests.get(f"{host.url}/v1/person", headers=host.auth(), timeout=5).status_code == 202
    assert requests.get(f"{host.url}/v1/person", headers=host.auth("antrian"), timeout=5).status_code == 202
    host.approve("simrs")
    got = requests.get(f"{host.url}/v1/person", headers=host.auth(), timeout=5)
    assert got.status_code == 200 and got.json()["person"]["nik"] == first.nik
    other = requests.get(f"{host.url}/v1/person", headers=host.auth("antrian"), timeout=5)
    assert other.status_code == 202 and first.nik not in other.text
    host.show(3)  # the next citizen: what the clerk approved for the first one does not carry over
    again = requests.get(f"{host.url}/v1/person", headers=host.auth(), timeout=5)
    assert again.status_code == 202 and second.nik not in again.text and first.nik not in again.text
    host.feed.cleared()
    gone = requests.get(f"{host.url}/v1/person", headers=host.auth(), timeout=5)
    assert gone.status_code == 404 and gone.json()["exit_code"] == 5
    assert not host.service.consent.decide("simrs", True)  # a question about someone gone has no answer


def _silent_websocket(port: int, token: str) -> socket.socket:
    """A client that opens the event stream and never reads a byte of it."""
    s = socket.create_connection(("127.0.0.1", port))
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.sendall((f"GET /v1/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
               f"Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
               f"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: loket.v1, token.{token}\r\n\r\n").encode())
    head = s.recv(1024)
    assert head.startswith(b"HTTP/1.1 101"), head
    return s


def test_a_client_that_never_reads_is_dropped_and_nobody_else_waits(host: Host) -> None:
    silent = _silent_websocket(host.service.port, host.tokens["antrian"])
    listener = Events(host.url, host.tokens["simrs"])
    try:
        listener.next("hello")
        deadline = time.monotonic() + 60
        n = 0
        while any(s.client_id == "antrian" for s in list(host.service.hub.subscribers)):
            assert time.monotonic() < deadline, "the silent client was never dropped"
            for _ in range(20):
                n += 1
                host.feed.set_status("registry", "warn", f"{n} " + "x" * 16000)
            while len(listener.seen) < n + 1:  # the reading client keeps up, burst after burst
                assert time.monotonic() < deadline, f"the reading client stalled at {len(listener.seen)}"
                time.sleep(0.01)
            assert requests.get(f"{host.url}/v1/status", headers=host.auth(), timeout=5).status_code == 200
        host.feed.set_status("registry", "ok", "Dukcapil terhubung")
        while listener.next("status")["sentence"] != "Dukcapil terhubung":
            pass  # the bursts still on their way; the reading client gets every one, then this
        assert n >= 20
    finally:
        listener.close()
        silent.close()


def test_a_hundred_clients_at_once(host: Host) -> None:
    person = POPULATION[1]
    host.show(1)
    requests.get(f"{host.url}/v1/person", headers=host.auth(), timeout=5)
    host.approve("simrs")
    who = ["simrs", "antrian", "nobody", "simrs"] * 25

    def ask(cid: str) -> tuple[str, int, str]:
        headers = host.auth(cid) if cid in host.tokens else {"Authorization": "Bearer " + "n" * 43}
        r = requests.get(f"{host.url}/v1/person", headers=headers, timeout=30)
        return cid, r.status_code, r.text

    stop = threading.Event()
    stalls: list[float] = []

    def probe() -> None:  # another client's status stays answered all the while
        while not stop.is_set():
            started = time.monotonic()
            requests.get(f"{host.url}/v1/status", headers=host.auth("antrian"), timeout=30)
            stalls.append(time.monotonic() - started)

    prober = threading.Thread(target=probe)
    prober.start()
    with ThreadPoolExecutor(100) as pool:
        answers = list(pool.map(ask, who))
    stop.set()
    prober.join()
    for cid, status, text in answers:
        json.loads(text)  # every answer is the service's JSON
        if cid != "simrs":
            assert person.nik not in text and status in (202, 401, 429)
        else:
            assert status in (200, 429)
    assert sum(1 for cid, status, _ in answers if cid == "simrs" and status == 200) >= 10
    assert stalls


def test_the_openapi_document_names_every_route_the_service_has(host: Host) -> None:
    doc = json.loads((Path(__file__).resolve().parent.parent / "docs" / "openapi.json").read_text(encoding="utf-8"))
    documented = {(path, method.upper()) for path, ops in doc["paths"].items() for method in ops}
    assert documented == {("/v1/status", "GET"), ("/v1/person", "GET"), ("/v1/forms", "GET"),
                          ("/v1/forms/{form_id}", "POST"), ("/v1/events", "GET")}
    for path, method in documented:  # each one answers, here, as the document says: a token is needed
        url = host.url + path.replace("{form_id}", "rsud_pasien_baru")
        r = requests.request(method, url, timeout=5)
        assert r.status_code == 401 and r.json()["error"] == "unauthorized"
    missing = requests.get(f"{host.url}/v1/nik/3273014507920001", headers=host.auth(), timeout=5)
    assert missing.status_code == 404 and missing.json()["error"] == "not_found"  # no NIK look-up, ever


def test_photo_only_when_asked_and_allowed_and_preapproval_skips_the_question(host: Host) -> None:
    import base64

    host.show(1)
    no = requests.get(f"{host.url}/v1/person", headers=host.auth(), params={"photo": "1"}, timeout=5)
    assert no.status_code == 403 and no.json()["error"] == "photo_not_allowed"
    got = requests.get(f"{host.url}/v1/person", headers=host.auth("poli"), params={"photo": "1"}, timeout=5)
    assert got.status_code == 200, got.text  # IT pre-approved it for this service: the clerk is not asked
    assert "poli" not in host.asked and "simrs" not in host.asked
    photo = got.json()["person"]["photo"]
    assert len(base64.b64decode(photo["base64"])) > 100 and photo["mime"].startswith("image/")
    plain = requests.get(f"{host.url}/v1/person", headers=host.auth("poli"), timeout=5)
    assert "photo" not in plain.json()["person"]
    refused_form = requests.post(f"{host.url}/v1/forms/rsud_pasien_baru", headers=host.auth("poli"), json={},
                                 timeout=5)
    assert refused_form.status_code == 403 and refused_form.json()["error"] == "form_not_allowed"
    from app import audit

    given = [audit.detail_of(r)["given"] for r in audit.rows() if r.form_id == "api"]
    assert "photo" in given[0] and "photo" not in given[1]


def test_the_khanza_row_and_an_unknown_format(host: Host) -> None:
    person = POPULATION[1]
    host.show(1)
    bad = requests.get(f"{host.url}/v1/person", headers=host.auth(), params={"format": "xml"}, timeout=5)
    assert bad.status_code == 400 and not host.asked  # refused before the clerk is bothered
    requests.get(f"{host.url}/v1/person", headers=host.auth(), timeout=5)
    host.approve()
    row = requests.get(f"{host.url}/v1/person", headers=host.auth(), params={"format": "khanza"}, timeout=5)
    assert row.status_code == 200 and row.headers["Content-Type"].startswith("text/csv")
    assert person.nik in row.text and "no_ktp" in row.text.splitlines()[0]


def test_no_audit_row_no_hand_off(host: Host, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    person = POPULATION[1]
    host.show(1)
    requests.get(f"{host.url}/v1/person", headers=host.auth(), timeout=5)
    host.approve()
    broken = tmp_path / "not-a-folder"
    broken.write_text("x")
    monkeypatch.setenv("LOKET_DATA_DIR", str(broken))  # the data folder is gone: no row can be written
    r = requests.get(f"{host.url}/v1/person", headers=host.auth(), timeout=5)
    assert r.status_code == 503 and r.json()["exit_code"] == 13 and person.nik not in r.text
    form = requests.post(f"{host.url}/v1/forms/rsud_pasien_baru", headers=host.auth(), timeout=30,
                         json={"values": {"no_rm": "1", "cara_bayar": "UMUM", "telepon": "081234567890"}})
    assert form.status_code == 503 and form.json()["exit_code"] == 13 and not form.content.startswith(b"%PDF")


def test_tokens_live_in_the_keyring_never_in_the_settings(host: Host, isolated_settings: Path) -> None:
    from app.base.credentials import keyring_backend
    from app.cli import main

    written = isolated_settings.read_text(encoding="utf-8")
    for cid, token in host.tokens.items():
        assert token not in written
        assert keyring_backend().get_password("loket", f"webapi-client-{cid}") == token
    assert main(["credentials", "set", "client", "Bad-Id"]) == 2
    # A client in the settings without a token in the keyring is not registered: nobody can ask in its name.
    data = json.loads(written)
    data["webapi"]["clients"]["tanpa_token"] = {"name": "Tanpa token", "origins": []}
    isolated_settings.write_text(json.dumps(data), encoding="utf-8")
    assert "tanpa_token" not in load_clients(load())


def test_half_sent_requests_and_a_flood_of_sockets_hold_nobody_up(host: Host) -> None:
    stalled = []
    for _ in range(50):  # requests that never finish their headers
        s = socket.create_connection(("127.0.0.1", host.service.port))
        s.sendall(b"GET /v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthor")
        stalled.append(s)
    try:
        assert requests.get(f"{host.url}/v1/status", headers=host.auth(), timeout=5).status_code == 200
        opened = []
        try:
            for _ in range(8):
                opened.append(Events(host.url, host.tokens["simrs"]))
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                Events(host.url, host.tokens["simrs"])
            assert refused.value.status == 429
            other = Events(host.url, host.tokens["antrian"])  # another client still gets in
            opened.append(other)
            assert other.next("hello")["client"] == "antrian"
        finally:
            for e in opened:
                e.close()
    finally:
        for s in stalled:
            s.close()
