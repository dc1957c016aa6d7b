"""Debian's headless Chromium driven over the DevTools protocol (aiohttp's WebSocket client, nothing else), for
pages that must be checked with no network at all: every request the page makes is recorded, so a test can
assert that none left for anywhere but the page's own file.

The browser runs with a proxy and a host resolver that lead nowhere; the suite also runs it inside
scripts/pcsc-stack.sh's network namespace (loopback only). Skipped only when chromium is missing and
``LOKET_REQUIRE_CHROMIUM`` is not 1.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import aiohttp
import pytest

OFFLINE_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--no-default-browser-check",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
    "--disable-domain-reliability", "--metrics-recording-only", "--disable-features=Translate,OptimizationHints",
    # Anything that is not loopback goes to a proxy that does not exist and a name nobody can resolve.
    "--proxy-server=socks5://127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
)
LOCAL_SCHEMES = ("file:", "blob:", "data:", "about:")


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("LOKET_REQUIRE_CHROMIUM") == "1":
            pytest.fail("chromium is required here (LOKET_REQUIRE_CHROMIUM=1): install it with scripts/setup.sh")
        pytest.skip("chromium not installed (Debian package chromium)")
    return found


class Page:
    """One tab: navigate, evaluate, and every URL it asked for."""

    def __init__(self, browser: Browser, session: str) -> None:
        self.browser = browser
        self.session = session
        self.requests: list[str] = []

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        return self.browser.call(method, params, self.session)

    def navigate(self, url: str) -> None:
        self.call("Page.navigate", url=url)

    def evaluate(self, expression: str, user_gesture: bool = False) -> Any:
        got = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True,
                        userGesture=user_gesture)
        if "exceptionDetails" in got:
            raise AssertionError(f"page script failed: {got['exceptionDetails']}")
        return got["result"].get("value")

    def wait_for(self, expression: str, seconds: float = 20.0) -> Any:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.05)
        raise AssertionError(f"the page never gave {expression}; it shows: {self.evaluate('document.body.innerText')}")

    def remote_requests(self) -> list[str]:
        return [u for u in self.browser.requests_of(self.session) if not u.startswith(LOCAL_SCHEMES)]


class Browser:
    def __init__(self, *extra_flags: str) -> None:
        self.profile = tempfile.mkdtemp(prefix="loket-chromium-")
        self.proc = subprocess.Popen(
            [chromium(), *OFFLINE_FLAGS, *extra_flags, f"--user-data-dir={self.profile}",
             "--remote-debugging-port=0", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = Path(self.profile) / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not (port_file.exists() and len(port_file.read_text().splitlines()) >= 2):
            if time.monotonic() > deadline or self.proc.poll() is not None:
                self.close()
                raise AssertionError("chromium did not open its DevTools port")
            time.sleep(0.05)
        port, path = port_file.read_text().splitlines()[:2]
        self.ws_url = f"ws://127.0.0.1:{port}{path}"
        self.loop = asyncio.new_event_loop()
        self.ids = itertools.count(1)
        self.events: list[dict[str, Any]] = []
        self.http = self.loop.run_until_complete(self._open())

    async def _open(self) -> tuple[aiohttp.ClientSession, aiohttp.ClientWebSocketResponse]:
        session = aiohttp.ClientSession()
        ws = await session.ws_connect(self.ws_url, max_msg_size=0)
        return session, ws

    def call(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> dict[str, Any]:
        return self.loop.run_until_complete(self._call(method, params or {}, session))

    async def _call(self, method: str, params: dict[str, Any], session: str | None) -> dict[str, Any]:
        ws = self.http[1]
        ident = next(self.ids)
        message: dict[str, Any] = {"id": ident, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        await ws.send_str(json.dumps(message))
        while True:
            got = json.loads((await asyncio.wait_for(ws.receive(), 30)).data)
            if got.get("id") == ident:
                if "error" in got:
                    raise AssertionError(f"{method}: {got['error']}")
                return got.get("result", {})
            self.events.append(got)

    def requests_of(self, session: str) -> list[str]:
        self.call("Browser.getVersion")  # drains the events sent so far
        return [e["params"]["request"]["url"] for e in self.events
                if e.get("sessionId") == session and e.get("method") == "Network.requestWillBeSent"]

    def new_page(self) -> Page:
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, session)
        for domain in ("Network", "Page", "Runtime"):
            page.call(f"{domain}.enable")
        return page

    def close(self) -> None:
        if getattr(self, "http", None):
            session, ws = self.http
            self.loop.run_until_complete(ws.close())
            self.loop.run_until_complete(session.close())
            self.loop.close()
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)
        shutil.rmtree(self.profile, ignore_errors=True)


@contextmanager
def browser(*extra_flags: str) -> Iterator[Browser]:
    b = Browser(*extra_flags)
    try:
        yield b
    finally:
        b.close()
