"""The local card service from the outside, as a SIMRS would meet it: clients registered by IT (tokens
through `loket credentials set client`, into this test's file keyring), `loket serve` as a real process,
the event stream over a real WebSocket, and plain HTTP with requests."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent


def register(config: Path, clients: dict[str, dict[str, object]], capsys: object,
             extra: dict[str, object] | None = None, **webapi: object) -> dict[str, str]:
    """Write ``webapi.clients`` into the settings file and give each client a token; returns the tokens."""
    from app.cli import main

    data = json.loads(config.read_text(encoding="utf-8")) if config.exists() else {}
    data.update(extra or {})
    data["webapi"] = {"clients": clients, **webapi}
    config.write_text(json.dumps(data), encoding="utf-8")
    tokens = {}
    for cid in clients:
        capsys.readouterr()  # type: ignore[attr-defined]
        assert main(["credentials", "set", "client", cid]) == 0
        tokens[cid] = capsys.readouterr().out.strip()  # type: ignore[attr-defined]
        assert len(tokens[cid]) >= 32
    return tokens


class Served:
    """`loket serve` in a process of its own; its stderr lines are kept for the prompts."""

    def __init__(self, *args: str, port: int = 0, preexec_fn: object = None, verbose: int = 0) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "app", *(["-v"] * verbose), "serve", "--port", str(port), *args], cwd=ROOT,
            text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(ROOT)}, preexec_fn=preexec_fn)  # type: ignore[arg-type]
        self.lines: queue.Queue[str] = queue.Queue()
        self.stderr: list[str] = []
        threading.Thread(target=self._pump, daemon=True).start()
        first = self.proc.stdout.readline()  # type: ignore[union-attr]
        assert "http://127.0.0.1:" in first, (first, self.proc.poll(), self._rest())
        self.url = first.split("di ", 1)[1].split(" ", 1)[0].removesuffix("/v1")

    def _rest(self) -> str:
        time.sleep(0.5)
        return "".join(self.stderr)

    def _pump(self) -> None:
        for line in self.proc.stderr:  # type: ignore[union-attr]
            self.stderr.append(line)
            self.lines.put(line)

    def prompt(self, words: str, seconds: float = 10.0) -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                continue
            if words in line:
                return line
        raise AssertionError(f"no prompt with {words!r}; stderr: {''.join(self.stderr)[-2000:]}")

    def answer(self, word: str) -> None:
        self.proc.stdin.write(word + "\n")  # type: ignore[union-attr]
        self.proc.stdin.flush()  # type: ignore[union-attr]

    def stop(self) -> int:
        self.proc.terminate()
        try:
            return self.proc.wait(15)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()


@contextlib.contextmanager
def served(*args: str, port: int = 0, preexec_fn: object = None, verbose: int = 0) -> Iterator[Served]:
    s = Served(*args, port=port, preexec_fn=preexec_fn, verbose=verbose)
    try:
        yield s
    finally:
        s.stop()


class Events:
    """One WebSocket subscriber on a loop of its own: ``next(kind)`` waits for an event of that type."""

    def __init__(self, url: str, token: str, origin: str | None = None, read: bool = True) -> None:
        self.url, self.token, self.origin, self.read = url, token, origin, read
        self.events: queue.Queue[dict[str, object]] = queue.Queue()
        self.seen: list[dict[str, object]] = []
        self.closed = threading.Event()
        self.close_code: int | None = None
        self.error: BaseException | None = None
        self._loop = asyncio.new_event_loop()
        self._stop: asyncio.Event | None = None
        self._opened = threading.Event()
        threading.Thread(target=self._loop.run_until_complete, args=(self._run(),), daemon=True).start()
        assert self._opened.wait(10), "websocket did not open"
        if self.error is not None:
            raise self.error

    async def _run(self) -> None:
        self._stop = asyncio.Event()
        headers = {"Origin": self.origin} if self.origin else {}
        try:
            async with aiohttp.ClientSession() as session:
                async with session.ws_connect(f"{self.url}/v1/events", headers=headers,
                                              protocols=("loket.v1", f"token.{self.token}")) as ws:
                    self._opened.set()
                    if not self.read:
                        await self._stop.wait()
                        return
                    reader = asyncio.ensure_future(self._read(ws))
                    stopper = asyncio.ensure_future(self._stop.wait())
                    await asyncio.wait({reader, stopper}, return_when=asyncio.FIRST_COMPLETED)
                    self.close_code = ws.close_code
        except BaseException as exc:
            self.error = exc
            self._opened.set()
        finally:
            self.closed.set()

    async def _read(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        async for msg in ws:
            if msg.type == aiohttp.WSMsgType.TEXT:
                event = json.loads(msg.data)
                self.seen.append(event)
                self.events.put(event)

    def next(self, kind: str, seconds: float = 10.0) -> dict[str, object]:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                event = self.events.get(timeout=0.05)
            except queue.Empty:
                continue
            if event.get("type") == kind:
                return event
        raise AssertionError(f"no {kind!r} event; seen: {[e.get('type') for e in self.seen]}")

    def close(self) -> None:
        if self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self.closed.wait(5)
