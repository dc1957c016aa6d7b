"""The local card service under a second hostile pass (issue 27, items 1–5 and 10–14), in-process on a real
loopback socket with real clients: a WebSocket without the service's protocol, aiohttp's own warnings that
quote what a request carried, a photo asked after an approval that did not name it, a bind address other
than 127.0.0.1, office fields and repeated letters from a client, query parameters the service does not
take, an altered card handed to an API, the 404's pointer to the API document."""

from __future__ import annotations

import json
import logging
import socket
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest
import requests

from app import audit
from app.base import logsetup
from app.base.paths import data_dir
from app.base.settings import load
from app.storage.sqlite import NUMBERS_DB
from app.webapi.clients import ClientBook, load_clients
from app.webapi.consent import Request
from app.webapi.feed import CounterFeed
from app.webapi.server import LocalService
from forms.numbering import register as letter_register
from reader.simulator.population import POPULATION
from tests.test_webapi_hostile import CLIENTS, Host
from tests.webapi_support import register

SECRET_MARK = "RAHASIA"  # what an attacker puts into each request: it must reach no log line
FORM = {"values": {"no_rm": "RM-0001", "cara_bayar": "UMUM", "telepon": "081234567890"}}
ATTACK_CLIENTS = {**CLIENTS, "radiologi": {"name": "Radiologi", "origins": [], "photo": True}}


@pytest.fixture
def host(isolated_settings: Path, capsys: pytest.CaptureFixture[str]) -> Iterator[Host]:
    tokens = register(isolated_settings, ATTACK_CLIENTS, capsys)
    settings = load()
    feed = CounterFeed()
    service = LocalService(settings, feed, ClientBook(load_clients(settings).values()))
    service.start()
    h = Host(service, feed, tokens)
    h.requests: list[Request] = []  # type: ignore[misc]
    service.on_request = lambda request: (h.asked.append(request.client_id), h.requests.append(request))  # type: ignore[attr-defined]
    yield h
    service.stop()


@pytest.fixture
def loket_logging(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """Loket's own handlers, as `loket serve -vv` installs them (stderr at DEBUG and the log file); what
    the console handler writes goes to a file of this test (pytest's capture streams come and go)."""
    logsetup.setup(2)
    console = tmp_path / "stderr.txt"
    stream = console.open("w", encoding="utf-8")
    for handler in logging.getLogger().handlers:
        if getattr(handler, "_loket_handler", False) and type(handler) is logging.StreamHandler:
            handler.setStream(stream)
    yield data_dir() / "logs" / logsetup.LOG_FILE, console
    stream.close()
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_loket_handler", False):
            root.removeHandler(handler)
            handler.close()
        else:
            handler.filters = [f for f in handler.filters if not isinstance(f, logsetup.LibraryFilter)]


# --- item 1: the token never in a log ---------------------------------------------------------------------


def test_a_websocket_without_the_loket_protocol_is_refused(host: Host) -> None:
    async def connect(protocols: tuple[str, ...]) -> int:
        async with aiohttp.ClientSession() as session:
            try:
                async with session.ws_connect(f"{host.url}/v1/events", protocols=protocols):
                    return 101
            except aiohttp.WSServerHandshakeError as exc:
                return exc.status

    import asyncio

    token = host.tokens["simrs"]
    assert asyncio.run(connect((f"token.{token}",))) == 400
    assert asyncio.run(connect((f"token.{token}", "chat"))) == 400
    assert asyncio.run(connect(("loket.v1", f"token.{token}"))) == 101
    raw = socket.create_connection(("127.0.0.1", host.service.port))  # and the answer says why, as JSON
    raw.sendall((f"GET /v1/events HTTP/1.1\r\nHost: 127.0.0.1:{host.service.port}\r\nUpgrade: websocket\r\n"
                 "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13"
                 f"\r\nSec-WebSocket-Protocol: token.{token}\r\n\r\n").encode())
    answer = raw.recv(4096).decode("utf-8", "replace")
    raw.close()
    assert answer.startswith("HTTP/1.1 400") and "protocol_required" in answer and token not in answer


def test_aiohttps_own_warnings_never_carry_request_data(host: Host, loket_logging: tuple[Path, Path]) -> None:
    """Each aiohttp log line that quotes a request (found in aiohttp's source: web_ws.py, web_protocol.py,
    _cookie_helpers.py, multipart.py), raised by aiohttp's own code where a test can reach it, and by its
    own logger with its own template where only a broken peer or a bug of ours could."""
    import asyncio

    from aiohttp import web
    from aiohttp.log import internal_logger, server_logger
    from aiohttp.test_utils import make_mocked_request

    token = host.tokens["simrs"]
    secret = f"{SECRET_MARK}-{token}"

    # web_ws.py: "Client protocols %r don't overlap server-known ones %r", from aiohttp's real handshake.
    request = make_mocked_request("GET", "/v1/events", headers={
        "Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13",
        "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Protocol": f"token.{secret}"})
    web.WebSocketResponse(protocols=("loket.v1",))._handshake(request)

    # _cookie_helpers.py: "Cannot load cookie. Illegal cookie names: %r" (DEBUG, shown by -vv).
    assert make_mocked_request("GET", "/", headers={"Cookie": f"{secret}\x7f=1"}).cookies is not None

    # web_protocol.py: "Error handling request from %s" with the parser's exception, which quotes the bad
    # line: a malformed header sent to the real service.
    raw = socket.create_connection(("127.0.0.1", host.service.port))
    raw.sendall((f"GET /v1/status HTTP/1.1\r\nHost: 127.0.0.1:{host.service.port}\r\n"
                 f"Authorization: Bearer {secret}\r\nX-{secret}\x01: y\r\n\r\n").encode())
    assert b" 400 " in raw.recv(4096).split(b"\r\n", 1)[0]  # aiohttp's own refusal, to the sender only
    raw.close()
    asyncio.run(asyncio.sleep(0.2))

    # web_protocol.py "Unhandled exception" / "Error handling request" and multipart.py's part error: only a
    # bug of ours or a broken peer reaches them, so they are sent through aiohttp's loggers as aiohttp does.
    try:
        raise ValueError(f"bad header value {secret!r}")
    except ValueError as exc:
        server_logger.exception("Error handling request from %s", f"127.0.0.1 {secret}", exc_info=exc)
        server_logger.exception("Unhandled exception", exc_info=exc)
        internal_logger.error("Failed to close multipart part %d: %s", 1, exc, exc_info=True)
    logging.getLogger("asyncio").error("Task exception was never retrieved\nfuture: %s", secret)
    logging.getLogger("urllib3.connectionpool").debug('%s://%s:%s "%s %s %s" %s %s', "http", "127.0.0.1",
                                                      80, "GET", f"/v1/person?x={secret}", "HTTP/1.1", 200, 9)
    for handler in logging.getLogger().handlers:
        handler.flush()
    written, shown = (path.read_text(encoding="utf-8") for path in loket_logging)
    for text in (written, shown):
        assert SECRET_MARK not in text and token not in text
    for line in ("don’t overlap server-known ones", "Cannot load cookie", "Error handling request",
                 "Unhandled exception", "Failed to close multipart part"):
        assert line in written, line  # the line itself is kept for IT, only what it quoted is gone
    assert "[arguments withheld]" in written and "ValueError at" in written
    assert "Error handling request" in shown  # stderr (-vv) gets the same lines, as bare


# --- item 5: the photo needs an approval that said so -------------------------------------------------------


def test_a_photo_needs_its_own_approval(host: Host) -> None:
    host.show(1)
    auth = host.auth("radiologi")
    assert requests.get(f"{host.url}/v1/person", headers=auth, timeout=5).status_code == 202
    assert [r.wants_photo for r in host.requests] == [False]  # type: ignore[attr-defined]
    host.approve("radiologi")
    plain = requests.get(f"{host.url}/v1/person", headers=auth, timeout=5)
    assert plain.status_code == 200 and "photo" not in plain.json()["person"]
    asked = requests.get(f"{host.url}/v1/person", headers=auth, params={"photo": "1"}, timeout=5)
    assert asked.status_code == 202 and "base64" not in asked.text  # a new question, not the photo
    assert [r.wants_photo for r in host.requests] == [False, True]  # type: ignore[attr-defined]
    assert "FOTO" in host.requests[-1].what and "tanpa foto" in host.requests[0].what  # type: ignore[attr-defined]
    host.approve("radiologi")
    got = requests.get(f"{host.url}/v1/person", headers=auth, params={"photo": "1"}, timeout=5)
    assert got.status_code == 200 and got.json()["person"]["photo"]["base64"]
    host.show(3)  # the next citizen: neither approval carries over
    again = requests.get(f"{host.url}/v1/person", headers=auth, params={"photo": "1"}, timeout=5)
    assert again.status_code == 202 and host.requests[-1].wants_photo  # type: ignore[attr-defined]


def test_the_terminal_prompt_names_the_photo() -> None:
    assert "FOTO" in Request("h", "c", "Radiologi", True).what
    assert "tanpa foto" in Request("h", "c", "Radiologi", False).what


# --- item 10: the bound address is a Host the service answers ------------------------------------------------


def test_a_service_bound_to_another_loopback_address_answers_there(isolated_settings: Path, capsys) -> None:
    tokens = register(isolated_settings, CLIENTS, capsys)
    settings = load()
    service = LocalService(settings, CounterFeed(), ClientBook(load_clients(settings).values()), host="127.0.0.2")
    service.start()
    try:
        r = requests.get(f"http://127.0.0.2:{service.port}/v1/status",
                         headers={"Authorization": f"Bearer {tokens['simrs']}"}, timeout=5)
        assert r.status_code == 200 and r.json()["client"] == "simrs"
        spoofed = requests.get(f"http://127.0.0.2:{service.port}/v1/status", timeout=5, headers={
            "Authorization": f"Bearer {tokens['simrs']}", "Host": f"127.0.0.3:{service.port}"})
        assert spoofed.status_code == 403 and spoofed.json()["error"] == "host_refused"
    finally:
        service.stop()


# --- item 11: office fields and one letter per approval ----------------------------------------------------


def test_a_client_fills_only_the_fields_for_systems_and_one_letter_per_approval(host: Host) -> None:
    listed = requests.get(f"{host.url}/v1/forms", headers=host.auth(), timeout=10).json()["forms"]
    fields = {f["key"] for form in listed if form["id"] == "rsud_pasien_baru" for f in form["fields"]}
    assert "no_rm" in fields and not fields & {"petugas_nama", "petugas_nip"}
    host.show(1)
    requests.get(f"{host.url}/v1/person", headers=host.auth(), timeout=5)
    host.approve()
    url = f"{host.url}/v1/forms/rsud_pasien_baru"
    office = requests.post(url, headers=host.auth(), timeout=30, json={"values": {
        **FORM["values"], "petugas_nama": "ORANG LUAR", "petugas_nip": "198001012006041001"}})
    assert office.status_code == 400 and office.json()["error"] == "office_field"
    assert "petugas_nama" in office.json()["message"]
    taken_before = len(letter_register(data_dir() / NUMBERS_DB))
    first = requests.post(url, headers=host.auth(), json=FORM, timeout=60)
    assert first.status_code == 200 and first.content.startswith(b"%PDF"), first.text[:300]
    number = first.headers.get("X-Loket-Number", "")
    again = [requests.post(url, headers=host.auth(), json=FORM, timeout=60) for _ in range(5)]
    assert {r.status_code for r in again} == {409} and {r.json()["error"] for r in again} == {"form_already_made"}
    assert all(not r.content.startswith(b"%PDF") for r in again)
    if number:
        assert all(number in r.json()["message"] for r in again)
    assert len(letter_register(data_dir() / NUMBERS_DB)) - taken_before <= 1  # one number at most, ever
    host.show(3)  # the next citizen, approved anew, gets their own letter
    requests.get(f"{host.url}/v1/person", headers=host.auth(), timeout=5)
    host.approve()
    assert requests.post(url, headers=host.auth(), json=FORM, timeout=60).status_code == 200


# --- item 12: a parameter the service does not take ---------------------------------------------------------


def test_unknown_query_parameters_are_refused_by_name(host: Host) -> None:
    host.show(1)
    before = len(audit.rows())
    other = POPULATION[3].nik
    r = requests.get(f"{host.url}/v1/person", headers=host.auth("poli"), params={"nik": other}, timeout=5)
    assert r.status_code == 400 and r.json()["error"] == "unknown_parameter" and "nik" in r.json()["message"]
    assert POPULATION[1].nik not in r.text and other not in r.text
    assert len(audit.rows()) == before and not host.asked  # no hand-off, no question to the clerk
    for path in ("/v1/status", "/v1/forms", "/v1/events"):
        r = requests.get(f"{host.url}{path}", headers=host.auth(), params={"x": "1"}, timeout=5)
        assert r.status_code == 400 and r.json()["error"] == "unknown_parameter", path
    ok = requests.get(f"{host.url}/v1/person", headers=host.auth("poli"), params={"format": "loket", "wait": "0"},
                      timeout=5)
    assert ok.status_code == 200  # the parameters it does take


# --- item 13: an altered card handed to an API is audited as an export's refusal ----------------------------


def test_a_blocked_unverified_answer_is_an_audit_row(host: Host) -> None:
    altered = 8  # the card whose biodata was altered after issue: the SAM says "not authentic"
    host.show(altered)
    r = requests.get(f"{host.url}/v1/person", headers=host.auth("poli"), timeout=10)
    assert r.status_code == 409 and r.json()["error"] == "blocked_unverified"
    row = audit.last_row()
    assert row is not None and row.outcome == "blocked_unverified" and row.form_id == "api"
    assert row.nik_hash == audit.nik_hash(POPULATION[altered].nik)
    assert audit.detail_of(row)["client"] == ["poli"]


# --- item 14 ----------------------------------------------------------------------------------------------------


def test_the_404_names_the_document_that_exists(host: Host) -> None:
    r = requests.get(f"{host.url}/v1/tidak-ada", headers=host.auth(), timeout=5)
    named = r.json()["message"].split("lihat ", 1)[1].rstrip(").")
    assert r.status_code == 404 and (Path(__file__).resolve().parent.parent / named).is_file()
    json.loads((Path(__file__).resolve().parent.parent / named).read_text(encoding="utf-8"))
