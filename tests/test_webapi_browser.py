"""A real browser against the local card service: Debian's headless Chromium loads a SIMRS page served from
another origin on loopback, subscribes to /v1/events, gets the record after a tap through pcscd + vpcd and
the clerk's approval, and posts a form; a page from an origin IT did not register is refused by the
browser's own CORS and WebSocket checks.

Skipped only when chromium is not installed and ``LOKET_REQUIRE_CHROMIUM`` is not 1 (scripts/test.sh sets
it: CI installs chromium through scripts/setup.sh, so a missing browser fails there).
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from reader.simulator.population import POPULATION
from tests.webapi_support import register, served

pytestmark = pytest.mark.pcscd

PAGE = (Path(__file__).parent / "webapi_page" / "simrs.html").read_bytes()
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync")


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("LOKET_REQUIRE_CHROMIUM") == "1":
            pytest.fail("chromium is required here (LOKET_REQUIRE_CHROMIUM=1): install it with scripts/setup.sh")
        pytest.skip("chromium not installed (Debian package chromium)")
    return found


class PageServer:
    """The SIMRS's own origin: serves the page and collects what the page reports."""

    def __init__(self) -> None:
        self.reports: queue.Queue[dict[str, object]] = queue.Queue()
        self.seen: list[dict[str, object]] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(PAGE)

            def do_POST(self) -> None:
                length = min(int(self.headers.get("Content-Length") or 0), 65536)
                owner.reports.put(json.loads(self.rfile.read(length) or b"{}"))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def next(self, step: str, seconds: float = 30.0, **match: object) -> dict[str, object]:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                r = self.reports.get(timeout=0.1)
            except queue.Empty:
                continue
            self.seen.append(r)
            if r.get("step") == step and all(r.get(k) == v for k, v in match.items()):
                return r
        raise AssertionError(f"the page never reported {step} {match}; it reported {self.seen}")

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def pages() -> Iterator[tuple[PageServer, PageServer]]:
    simrs, stranger = PageServer(), PageServer()
    yield simrs, stranger
    simrs.stop()
    stranger.stop()


class Browser:
    def __init__(self, exe: str, url: str) -> None:
        self.profile = tempfile.mkdtemp(prefix="loket-chromium-")
        self.proc = subprocess.Popen([exe, *FLAGS, f"--user-data-dir={self.profile}", url],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def close(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)
        shutil.rmtree(self.profile, ignore_errors=True)


def test_a_browser_page_gets_the_record_after_approval_and_prints_its_form(
        isolated_settings: Path, registry: object, capsys: pytest.CaptureFixture[str], sim_secrets: None,
        vpcd_sam: object, vpcd_card: object, pages: tuple[PageServer, PageServer]) -> None:
    from app import audit
    from app.sim.registry import SIM_AGENCY

    exe = _chromium()
    simrs, stranger = pages
    tokens = register(isolated_settings, {"simrs": {"name": "SIMRS RSUD", "origins": [simrs.origin]}}, capsys,
                      {"registry": {"base_url": registry.url, "agency": SIM_AGENCY},  # type: ignore[attr-defined]
                       "readers": {"card_reader": "Virtual PCD 00 00", "sam_reader": "Virtual PCD 00 01"}})
    person = POPULATION[1]
    with served("--ask", "--service", "rsud_pasien_baru") as serve:
        fragment = f"#api={serve.url}&token={tokens['simrs']}"
        refused = Browser(exe, stranger.origin + "/" + fragment)  # the same token, from a page not registered
        page = Browser(exe, simrs.origin + "/" + fragment)
        try:
            assert simrs.next("status")["status"] == 200
            assert simrs.next("ws_open")["protocol"] == "loket.v1"
            blocked = stranger.next("status")
            assert blocked["ok"] is False  # the browser's CORS check: the response never reached the page
            stranger.next("ws_error")

            vpcd_card(1)  # the citizen taps the card
            simrs.next("event", type="record_ready")
            serve.prompt("SIMRS RSUD meminta data warga ini")
            serve.answer("y")
            approved = simrs.next("event", type="consent")
            assert approved["decision"] == "approved"
            got = simrs.next("person")
            assert got["status"] == 200 and got["nik"] == person.nik and got["found"] is True
            print(f"record in the page {float(got['at']) - float(approved['at']):.0f} ms after the approval event")
            form = simrs.next("form", 60)
            assert form["status"] == 200 and form["type"] == "application/pdf" and form["magic"] == "%PDF-"
            assert not [r for r in stranger.seen if r.get("step") in ("event", "person", "form")]
        finally:
            page.close()
            refused.close()
    rows = [r for r in audit.rows() if r.form_id == "api"]
    assert {tuple(audit.detail_of(r)["representation"]) for r in rows} == {("loket",), ("form",)}
    assert all(audit.detail_of(r)["client"] == ["simrs"] for r in rows)
    assert [r.outcome for r in audit.rows() if r.kind == "print"] == ["saved_pdf"]
