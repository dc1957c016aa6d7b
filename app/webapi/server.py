"""The aiohttp application and its loop, on a thread of its own, bound to loopback only.

Every request is checked in this order: the Host header names this PC (a page on another site cannot reach
the service through a DNS name that resolves to 127.0.0.1), a page's Origin is one IT registered, the token
is a registered client's, the client is within its rate. Then the person on screen is handed over only
when the clerk approved this client for this person (app.webapi.consent), and every hand-off is an audit
row before the bytes leave. Blocking work (the audit row, the print job) runs on a small pool, so a slow
disk or printer holds one request, never the loop, the other clients or the window.
"""

from __future__ import annotations

import asyncio
import errno
import ipaddress
import json
import logging
import os
import threading
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from aiohttp import WSMsgType, web

from app.base.exportoutcome import ExportOutcome
from app.base.logsetup import failure
from app.base.settings import Settings
from app.webapi import errors, formjob, person
from app.webapi.clients import Client, ClientBook, normal_origin
from app.webapi.consent import ConsentBook, Decision, Request
from app.webapi.errors import ApiError
from app.webapi.events import EventHub
from app.webapi.feed import CounterFeed, Event, Snapshot
from app.webapi.gate import IDLE_SECONDS, Gate, caps
from reader.exitcodes import ExitCode

log = logging.getLogger("loket.webapi")

API = "/v1"
MAX_BODY = 64 * 1024  # a form's values are a few hundred bytes; anything near this is not a form
MAX_WAIT = 30.0  # GET /v1/person?wait=S: longest a client waits for the clerk's answer
WS_PROTOCOL = "loket.v1"
TOKEN_PROTOCOL = "token."  # a browser cannot set headers on a WebSocket: the token rides as a subprotocol
EXPOSED = "X-Loket-Outcome, X-Loket-Number"


class BindRefused(ValueError):
    """The service listens on this PC's loopback only: another address would offer the citizen to the LAN."""

    def __init__(self, host: str) -> None:
        super().__init__(f"refusing to bind {host!r}: loopback only")
        self.id_text = (f"Layanan Loket hanya dapat dibuka di 127.0.0.1 (komputer ini), bukan {host[:60]}: "
                        "data warga tidak boleh terbuka ke jaringan.")


class PortBusy(OSError):
    """The port is taken (by the program the OS names, when it says) or cannot be opened at all."""

    def __init__(self, port: int, holder: str | None = None, cause: OSError | None = None) -> None:
        if cause is not None and cause.errno != errno.EADDRINUSE:
            super().__init__(f"port {port} cannot be opened: {cause.strerror}")
            self.id_text = (f"Port {port} tidak dapat dibuka ({cause.strerror}). Pilih port lain (webapi.port "
                            "atau --port) atau hubungi petugas IT.")
            return
        super().__init__(f"port {port} in use" + (f" by {holder}" if holder else ""))
        by = f"oleh {holder}" if holder else "oleh program lain"
        self.id_text = (f"Port {port} sedang dipakai {by}. Tutup program itu, atau pilih port lain "
                        "(webapi.port atau --port).")


def loopback(host: str) -> str:
    if host == "localhost":
        return "127.0.0.1"
    try:
        ip = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        raise BindRefused(host) from None
    if not ip.is_loopback:
        raise BindRefused(host)
    return str(ip)


@dataclass
class Limits:
    rate: float = 10.0  # requests per second and client, sustained
    burst: float = 30.0
    bad_tokens: float = 5.0  # failed authentications per second for the whole service (guessing is slow)


class Bucket:
    def __init__(self, rate: float, burst: float) -> None:
        self.rate, self.burst = rate, burst
        self.level, self.at = burst, time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self.level = min(self.burst, self.level + (now - self.at) * self.rate)
        self.at = now
        if self.level < 1:
            return False
        self.level -= 1
        return True


class _GatedSite(web.BaseSite):
    """aiohttp's TCP site with every connection through the gate (app.webapi.gate), and the address reusable
    at once after a stop: a restart must not wait a minute for the last connections' TIME_WAIT (measured on
    Linux: tests/test_webapi_flood.py). On Windows SO_REUSEADDR means something else (another program could
    bind the same port over ours), so there the OS's default stands."""

    def __init__(self, runner: web.BaseRunner, host: str, port: int, gate: Gate) -> None:
        super().__init__(runner, backlog=128)
        self.host, self.port, self.gate = host, port, gate

    @property
    def name(self) -> str:
        return f"http://{self.host}:{self.port}"

    async def start(self) -> None:
        await super().start()
        self._server = await asyncio.get_running_loop().create_server(
            self.gate.door, self.host, self.port, backlog=self._backlog, reuse_address=os.name != "nt")


class LocalService:
    """``start()`` binds and serves until ``stop()``. The host calls the feed; the clerk answers through
    ``consent.decide``; ``on_request`` (set by the host) shows the question."""

    def __init__(self, settings: Settings, feed: CounterFeed, clients: ClientBook, *, host: str = "127.0.0.1",
                 port: int = 0, send: Callable[[Path], int] | None = None, limits: Limits | None = None,
                 on_request: Callable[[Request], None] = lambda request: None) -> None:
        self.settings = settings
        self.feed = feed
        self.clients = clients
        self.host = loopback(host)
        self.port = port
        self.send = send
        self.limits = limits or Limits()
        self.on_request = on_request
        self.consent = ConsentBook(on_request=self._asked, on_decision=self._decided)
        self.hub = EventHub()
        self._buckets = {cid: Bucket(self.limits.rate, self.limits.burst) for cid in clients.clients}
        self._bad = Bucket(self.limits.bad_tokens, self.limits.bad_tokens * 2)
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="loket-webapi-job")
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self._scratch: Path | None = None
        self._hosts: frozenset[str] = frozenset()
        self._waiters: set[asyncio.Event] = set()  # requests waiting (?wait=S) for the clerk or the next person
        self.gate: Gate | None = None
        # (hand-off, client, form) -> the letter number it made: one letter per form per approval (README)
        self._made: dict[tuple[str, str, str], str] = {}
        feed.listeners.append(self._on_feed)

    # --- life ---------------------------------------------------------------------------------------------

    def start(self) -> int:
        """Bind and serve on a thread of its own; returns the port. BindRefused / PortBusy when it cannot."""
        started = threading.Event()
        problem: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            try:
                loop.run_until_complete(self._bind())
            except BaseException as exc:
                problem.append(exc)
                started.set()
                loop.close()
                return
            started.set()
            loop.run_forever()
            loop.run_until_complete(self._unbind())
            loop.close()

        self._thread = threading.Thread(target=run, name="loket-webapi", daemon=True)
        self._thread.start()
        started.wait()
        if problem:
            self._loop = self._thread = None  # nothing runs: stop() has nothing to stop
            exc = problem[0]
            if isinstance(exc, OSError):
                from app.webapi.porthold import holder

                busy = exc.errno == errno.EADDRINUSE
                raise PortBusy(self.port, holder(self.port) if busy else None, exc) from None
            raise exc
        log.info("webapi: serving on %s:%d for %d registered client(s)", self.host, self.port,
                 len(self.clients.clients))
        return self.port

    def stop(self) -> None:
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        if self._on_feed in self.feed.listeners:
            self.feed.listeners.remove(self._on_feed)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._loop = self._thread = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    async def _bind(self) -> None:
        app = web.Application(client_max_size=MAX_BODY, middlewares=[self._guard], handler_args={
            "keepalive_timeout": IDLE_SECONDS})
        app.router.add_get(f"{API}/status", self._status)
        app.router.add_get(f"{API}/person", self._person)
        app.router.add_get(f"{API}/forms", self._forms)
        app.router.add_post(f"{API}/forms/{{form_id}}", self._fill)
        app.router.add_get(f"{API}/events", self._events)
        for path in (f"{API}/status", f"{API}/person", f"{API}/forms", f"{API}/forms/{{form_id}}"):
            app.router.add_route("OPTIONS", path, self._preflight)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)  # URLs never reach a log
        await self._runner.setup()
        total, per_peer = caps()
        self.gate = Gate(self._runner.server, total, per_peer)  # type: ignore[arg-type]
        site = _GatedSite(self._runner, self.host, self.port, self.gate)
        await site.start()
        self.port = self._runner.addresses[0][1]
        bound = f"[{self.host}]" if ":" in self.host else self.host
        self._hosts = frozenset({f"127.0.0.1:{self.port}", f"localhost:{self.port}", f"[::1]:{self.port}",
                                 f"{bound}:{self.port}"})

    async def _unbind(self) -> None:
        await self.hub.close_all()
        if self._runner is not None:
            await self._runner.cleanup()
        if self.gate is not None:
            self.gate.close()

    # --- the host's events --------------------------------------------------------------------------------

    def _on_feed(self, event: Event) -> None:
        """On the host's thread: consent follows the person at once, the event follows on the loop."""
        kind = event.get("type")
        if kind == "record_ready":
            self.consent.new_person(str(event.get("handoff") or ""))
        elif kind in ("cleared", "read_failed"):
            self.consent.new_person("")
        if kind in ("record_ready", "cleared", "read_failed"):
            self._wake()
        self._publish(event)

    def _publish(self, event: Event, only: str | None = None) -> None:
        loop = self._loop
        if loop is not None and not loop.is_closed():
            try:
                loop.call_soon_threadsafe(self.hub.publish, event, only)
            except RuntimeError:  # the loop closed in between: nobody is listening any more
                pass

    def _asked(self, request: Request) -> None:
        log.info("webapi: client %s asks for the person on screen", request.client_id)
        self.on_request(request)

    def _decided(self, request: Request, decision: Decision) -> None:
        log.info("webapi: clerk %s client %s", decision.value, request.client_id)
        if decision is Decision.REFUSED:
            snap = self.feed.snapshot()
            self._pool.submit(_quiet, person.refusal_audited, request.client_id, snap.applicant,
                              ExportOutcome.REFUSED_BY_CLERK, snap.service_id)
        self._wake()
        self._publish({"type": "consent", "decision": decision.value, "handoff": request.handoff},
                      only=request.client_id)

    def _wake(self) -> None:
        """Every request waiting for an answer looks again (on the loop's thread)."""
        loop = self._loop
        if loop is not None and not loop.is_closed():
            try:
                loop.call_soon_threadsafe(lambda: [w.set() for w in list(self._waiters)])
            except RuntimeError:
                pass

    # --- the guard ----------------------------------------------------------------------------------------

    @web.middleware
    async def _guard(self, request: web.Request,
                     handler: Callable[[web.Request], Awaitable[web.StreamResponse]]) -> web.StreamResponse:
        gate = self.gate
        if gate is not None:
            gate.busy(request.protocol)
        try:
            return await self._guarded(request, handler)
        finally:
            if gate is not None:
                gate.done(request.protocol)

    async def _guarded(self, request: web.Request,
                       handler: Callable[[web.Request], Awaitable[web.StreamResponse]]) -> web.StreamResponse:
        origin = request.headers.get("Origin")
        cors = normal_origin(origin) if origin and self.clients.known_origin(origin) else ""
        try:
            if request.host.lower() not in self._hosts:
                raise errors.host_refused()
            if origin is not None and not cors:
                raise errors.origin_refused()
            response = await handler(request)
        except ApiError as exc:
            response = web.json_response(exc.to_json(), status=exc.status)
        except web.HTTPRequestEntityTooLarge:
            response = web.json_response(errors.too_large(MAX_BODY).to_json(), status=413)
        except web.HTTPNotFound:
            response = web.json_response(errors.not_found().to_json(), status=404)
        except web.HTTPMethodNotAllowed:
            response = web.json_response(
                ApiError(405, "method_not_allowed", "Metode ini tidak dipakai di alamat ini.").to_json(),
                status=405)
        except (asyncio.CancelledError, ConnectionError):
            raise
        except Exception as exc:  # a bug must not become a traceback in a SIMRS, nor stop the service
            log.error("webapi request failed: %s", failure(exc))
            response = web.json_response(
                ApiError(500, "internal", "Terjadi kesalahan di Loket. Coba lagi; bila berulang, hubungi "
                                          "petugas IT.", ExitCode.FAILED).to_json(), status=500)
        if cors and not response.prepared:
            response.headers["Access-Control-Allow-Origin"] = cors
            response.headers["Access-Control-Expose-Headers"] = EXPOSED
            response.headers["Vary"] = "Origin"
        if not response.prepared:
            response.headers["Cache-Control"] = "no-store"  # a citizen's record never lands in a cache
        return response

    async def _preflight(self, request: web.Request) -> web.StreamResponse:
        # The guard refused an unknown origin already; a preflight carries no token, so it promises nothing.
        if not request.headers.get("Origin"):
            raise errors.origin_refused()
        return web.Response(status=204, headers={
            "Access-Control-Allow-Methods": "GET, POST",
            "Access-Control-Allow-Headers": "Authorization, Content-Type",
            "Access-Control-Max-Age": "600",
        })

    def _client(self, request: web.Request, token: str | None = None) -> Client:
        if token is None:
            scheme, _, token = request.headers.get("Authorization", "").partition(" ")
            token = token.strip() if scheme.lower() == "bearer" else ""
        client = self.clients.by_token(token) if token else None
        if client is None:
            if not self._bad.take():
                raise errors.rate_limited()
            raise errors.unauthorized()
        origin = request.headers.get("Origin")
        if origin is not None and normal_origin(origin) not in client.origins:
            raise errors.origin_refused()  # a registered page, but not this client's
        if not self._buckets[client.id].take():
            raise errors.rate_limited()
        return client

    async def _job(self, fn: Callable[..., object], *args: object) -> object:
        return await asyncio.get_running_loop().run_in_executor(self._pool, fn, *args)

    # --- endpoints ----------------------------------------------------------------------------------------

    async def _status(self, request: web.Request) -> web.StreamResponse:
        _only(request)
        client = self._client(request)
        status = self.feed.status()
        decision = self.consent.decision(client.id, str(status.get("handoff") or ""))
        return web.json_response({**status, "client": client.id,
                                  "consent": decision.value if decision is not None else None})

    async def _approved(self, request: web.Request, client: Client,
                        photo: bool = False) -> Snapshot | web.StreamResponse:
        """The snapshot of the person on screen once ``client`` may have it; else ApiError or a 202."""
        wait = _seconds(request.query.get("wait", "0"))
        snap = self.feed.snapshot()
        if snap.applicant is None:
            if snap.failure is not None:
                raise errors.read_failed(*snap.failure)
            raise errors.no_person()
        decision = self.consent.ask(client, snap.service_id, snap.handoff, photo)
        deadline = time.monotonic() + wait
        while decision is Decision.PENDING and time.monotonic() < deadline:
            woken = asyncio.Event()
            self._waiters.add(woken)
            try:
                decision = self.consent.decision(client.id, snap.handoff, photo)  # answered before we listened?
                if decision is Decision.PENDING:
                    await asyncio.wait_for(woken.wait(), max(0.0, deadline - time.monotonic()))
            except TimeoutError:
                pass
            finally:
                self._waiters.discard(woken)
            # An answer to another question (the record without the photo) asks this one next.
            decision = self.consent.ask(client, snap.service_id, snap.handoff, photo)
        if decision is None:
            raise errors.no_person()  # the person left while the clerk was being asked
        if decision is Decision.PENDING:
            return web.json_response({"status": "pending", "handoff": snap.handoff,
                                      "message": f"Menunggu persetujuan petugas loket untuk {client.name}."},
                                     status=202)
        if decision is Decision.REFUSED:
            raise errors.refused_by_clerk(client.name)
        now = self.feed.snapshot()
        if now.handoff != snap.handoff or now.applicant is None:
            raise errors.no_person()
        return now

    async def _person(self, request: web.Request) -> web.StreamResponse:
        _only(request, "wait", "photo", "format")
        client = self._client(request)
        photo = request.query.get("photo", "") in ("1", "true", "yes")
        if photo and not client.photo:
            raise ApiError(403, "photo_not_allowed", f"{client.name} tidak diizinkan menerima foto warga "
                                                     "(webapi.clients.<id>.photo).")
        representation = request.query.get("format", "loket")
        if representation not in person.REPRESENTATIONS:
            raise errors.bad_json(f"format tidak dikenal (pilih {', '.join(person.REPRESENTATIONS)})")
        snap = await self._approved(request, client, photo)
        if isinstance(snap, web.StreamResponse):
            return snap
        try:
            given = await self._job(person.build, snap.applicant, representation, photo, self.settings)
        except ApiError as exc:
            if exc.code == ExportOutcome.BLOCKED_UNVERIFIED:  # as a file export's refusal: the trail shows who asked
                await self._job(_quiet, person.refusal_audited, client.id, snap.applicant,
                                ExportOutcome.BLOCKED_UNVERIFIED, snap.service_id)
            raise
        await self._job(person.audited, client.id, snap.applicant, representation, given, snap.service_id)
        if isinstance(given.body, dict):
            return web.json_response({"handoff": snap.handoff, "service": snap.service_id or None,
                                      "person": given.body})
        return web.Response(text=given.body, content_type=given.content_type.split(";")[0], charset="utf-8")

    async def _forms(self, request: web.Request) -> web.StreamResponse:
        _only(request)
        self._client(request)
        return web.json_response({"forms": await self._job(formjob.listing)})

    async def _fill(self, request: web.Request) -> web.StreamResponse:
        _only(request, "wait")
        client = self._client(request)
        form_id = request.match_info["form_id"]
        if not client.may_fill(form_id):
            raise ApiError(403, "form_not_allowed", f"{client.name} tidak diizinkan mengisi formulir {form_id[:60]}.")
        body = _json(await request.read())
        wanted = formjob.parse(form_id, body)
        snap = await self._approved(request, client)
        if isinstance(snap, web.StreamResponse):
            return snap
        made = (snap.handoff, client.id, form_id)
        self._made = {k: v for k, v in self._made.items() if k[0] == snap.handoff}  # earlier people's go
        if made in self._made:
            raise errors.already_made(form_id, self._made[made])
        self._made[made] = ""  # taken before the first await: two POSTs at once make one letter
        try:
            await self._job(formjob.writable)  # recorded, or not made: before a folder or a number is taken
            if self._scratch is None or not self._scratch.is_dir():
                self._scratch = await self._job(formjob.scratch)
            result, pdf = await self._job(formjob.fill, wanted, snap.applicant, self.settings, self._scratch,
                                          self.send)  # type: ignore[misc]
        except BaseException:
            self._made.pop(made, None)  # nothing was made: the client may try again
            raise
        self._made[made] = result.number or "-"
        await self._job(_quiet, person.audit_form, client.id, snap.applicant, form_id, result.outcome,
                        snap.service_id)
        headers = formjob.job_headers(result)
        if pdf:
            return web.Response(body=pdf, content_type="application/pdf", headers=headers)
        return web.json_response({"outcome": result.outcome, "number": result.number or None,
                                  "pages": result.pages}, headers=headers)

    async def _events(self, request: web.Request) -> web.StreamResponse:
        _only(request)
        offered = [p.strip() for p in request.headers.get("Sec-WebSocket-Protocol", "").split(",") if p.strip()]
        token = next((p[len(TOKEN_PROTOCOL):] for p in offered if p.startswith(TOKEN_PROTOCOL)), None)
        client = self._client(request, token)
        if WS_PROTOCOL not in offered:  # refused before aiohttp would answer it (and log what was offered)
            raise ApiError(400, "protocol_required", f"Aliran peristiwa memakai subprotokol {WS_PROTOCOL}: "
                                                     f"tawarkan \"{WS_PROTOCOL}\" dan \"token.<token>\".")
        if not self.hub.room_for(client.id):
            raise ApiError(429, "too_many_sockets", "Terlalu banyak koneksi peristiwa dari aplikasi ini.")
        ws = web.WebSocketResponse(protocols=(WS_PROTOCOL,), heartbeat=20.0, max_msg_size=4096)
        await ws.prepare(request)
        sub = self.hub.add(client.id, ws, request.transport)
        sender = asyncio.get_running_loop().create_task(self.hub.send_loop(sub))
        status = self.feed.status()
        sub.queue.put_nowait({"type": "hello", "client": client.id, "status": status})
        try:
            async for msg in ws:
                if msg.type in (WSMsgType.ERROR, WSMsgType.CLOSE):
                    break  # clients only listen here; what they send is ignored
        finally:
            self.hub.remove(sub)
            sub.dropped = True
            sender.cancel()
        return ws


def _only(request: web.Request, *known: str) -> None:
    """A parameter this address does not take is refused by name, not ignored: ``/v1/person?nik=…`` must not
    look to a SIMRS as if it got the person it asked for."""
    unknown = sorted({name for name in request.query if name not in known})
    if unknown:
        named = ", ".join(name[:30] for name in unknown[:5])
        takes = ", ".join(known) if known else "tidak ada"
        raise ApiError(400, "unknown_parameter", f"Parameter tidak dikenal di alamat ini: {named} (yang diterima: "
                                                  f"{takes}). Loket hanya memberi data warga yang ada di pembaca.")


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise errors.bad_json("wait harus angka detik") from None
    if not 0 <= value <= MAX_WAIT:
        raise errors.bad_json(f"wait harus antara 0 dan {MAX_WAIT:.0f} detik")
    return value


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} bukan angka JSON")


def _json(raw: bytes) -> object:
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except UnicodeDecodeError:
        raise errors.bad_json("bukan teks UTF-8") from None
    except RecursionError:
        raise errors.bad_json("JSON terlalu bersarang") from None
    except ValueError as exc:
        raise errors.bad_json(f"bukan JSON yang sah ({str(exc)[:80]})") from None


def _quiet(fn: Callable[..., object], *args: object) -> None:
    try:
        fn(*args)
    except Exception as exc:  # an audit row of a refusal: logged by app.audit itself, never a crash here
        log.error("webapi audit row failed: %s", failure(exc))
