"""A registry that answers ``CALL_NIK`` like the real one (registry-api.md), for tests, the demo and IT.

It serves the synthetic population of ``reader.simulator.population``: the registry's answer for a person is
what their simulated card says, in the registry's spelling, plus what only the registry knows
(``Person.registry``) and the deliberate disagreements (``Person.registry_differs``). It listens on
127.0.0.1 only.

Faults are switched by name, at start or while running: ``handle.set_fault("slow")`` in tests, or
``POST /_simulator/fault`` with the name as the body (empty body = no fault) from another terminal.
"""

from __future__ import annotations

import json
import logging
import re
import signal
import socket
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from app.registry.fields import element_from_values, format_date
from reader import spelling
from reader.simulator.population import POPULATION, Person, by_nik

log = logging.getLogger("loket.registry.simulator")

# Fixed test credentials, documented here and in the README: any other pair gets "Login Gagal".
SIM_USER = "loket-sim"
SIM_PASSWORD = "sim-password"
SIM_AGENCY = "LOKET_SIM"  # any agency name is accepted; this is what the demo and the docs use

FAULTS: tuple[str, ...] = (
    "slow",  # answers only after slow_seconds (longer than the default 4 s budget)
    "5xx",  # HTTP 503
    "non_json",  # HTTP 200 with an HTML error page
    "wrong_person",  # a valid record of somebody else
    "two_elements",  # the person and somebody else in one answer
    "no_content",  # an envelope without "content"
    "login",  # RESPON "Login Gagal" whatever the credentials
    "ip",  # RESPON "IP Address Tidak Sesuai" whatever the address
    "quota",  # RESPON "Kuota Pencarian Habis"
    "other_respon",  # a RESPON Loket does not know
    "http_401",
    "http_403",
    "http_429",
)

RESPON_NOT_FOUND = "Data Tidak Ditemukan"
RESPON_LOGIN = "Login Gagal"
RESPON_IP = "IP Address Tidak Sesuai"
RESPON_QUOTA = "Kuota Pencarian Habis"
RESPON_OTHER = "Sistem Sedang Dalam Pemeliharaan"

_PATH = re.compile(r"^/dukcapil/get_json/([A-Za-z0-9_.-]+)/CALL_NIK$")
_DEFAULT_KODE_KELURAHAN = "1001"  # the NIK has no kelurahan digits; a fixed code keeps answers stable


def registry_element(person: Person) -> dict[str, str]:
    """The registry's view of a person: the card's data in the registry's spelling, then its own data."""
    born = spelling.read_date(person.tanggal_lahir)
    values = {
        "nik": person.nik,
        "nama": person.nama,  # the name as issued: a card altered after issue disagrees with the registry
        "jenis_kelamin": spelling.sex(person.jenis_kelamin, strict=False),
        "tempat_lahir": person.tempat_lahir,
        "tanggal_lahir": format_date(born),
        "golongan_darah": person.golongan_darah,
        "agama": person.agama,
        "status_perkawinan": person.status_perkawinan,
        "pekerjaan": person.pekerjaan,
        "alamat": person.alamat,
        "rt": spelling.unpadded_rt_rw(person.rt),
        "rw": spelling.unpadded_rt_rw(person.rw),
        "kode_provinsi": person.nik[0:2],
        "kode_kabupaten": person.nik[2:4],
        "kode_kecamatan": person.nik[4:6],
        "kode_kelurahan": _DEFAULT_KODE_KELURAHAN,
        "provinsi": person.provinsi,
        "kabupaten": person.kabupaten,
        "kecamatan": person.kecamatan,
        "kelurahan": person.kelurahan,
        "status_ektp": "SUDAH REKAM",
    }
    element = element_from_values(values)
    element.update(person.registry)
    element.update(person.registry_differs)
    return element


def envelope(elements: list[dict[str, str]]) -> dict[str, object]:
    n = len(elements)
    return {"content": elements, "lastPage": True, "numberOfElements": n, "sort": None,
            "totalElements": n, "firstPage": True, "number": 0, "size": n}


@dataclass
class SeenRequest:
    """What a test may check about a request; the password is reduced to whether it was right."""

    agency: str
    nik: str
    user_id: str
    password_ok: bool
    ip_user: str
    content_type: str
    client_port: int  # the same port on consecutive requests proves the client kept its connection


@dataclass
class SimulatorState:
    fault: str | None = None
    fault_times: int | None = None  # the fault clears itself after this many requests (None = stays)
    slow_seconds: float = 6.0
    hits: int = 0
    seen: list[SeenRequest] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    stopping: threading.Event = field(default_factory=threading.Event)
    connections: set[socket.socket] = field(default_factory=set)


class RegistryServer(ThreadingHTTPServer):
    daemon_threads = True  # a "slow" answer in progress must not keep stop() waiting

    def __init__(self, port: int, fault: str | None, people: Iterable[Person] = ()) -> None:
        self.state = SimulatorState()
        self.people = {p.nik: p for p in people}  # more synthetic citizens beside POPULATION
        self.set_fault(fault)
        super().__init__(("127.0.0.1", port), _Handler)

    def close_all(self) -> None:
        """Stop listening and drop kept-alive connections, so a stopped simulator looks like a dead host
        even to a client that still holds a connection from before."""
        self.state.stopping.set()
        self.server_close()
        with self.state.lock:
            connections = list(self.state.connections)
        for conn in connections:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def set_fault(self, fault: str | None, times: int | None = None) -> None:
        if fault is not None and fault not in FAULTS:
            raise ValueError(f"unknown fault {fault!r}; known: {', '.join(FAULTS)}")
        with self.state.lock:
            self.state.fault = fault
            self.state.fault_times = times


class _Handler(BaseHTTPRequestHandler):
    server: RegistryServer
    protocol_version = "HTTP/1.1"  # keep-alive, so the client's connection reuse is real
    disable_nagle_algorithm = True  # headers and body go out in two writes; Nagle would add 40 ms to each

    def setup(self) -> None:
        super().setup()
        with self.server.state.lock:
            self.server.state.connections.add(self.connection)

    def finish(self) -> None:
        with self.server.state.lock:
            self.server.state.connections.discard(self.connection)
        super().finish()

    def log_message(self, format: str, *args: object) -> None:
        log.debug("simulator: " + format, *args)

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        state = self.server.state
        if self.path == "/_simulator/fault":
            self._control(body.decode("utf-8", "replace").strip() or None)
            return
        match = _PATH.match(self.path)
        if not match:
            self._send(404, b"not found", "text/plain")
            return
        with state.lock:
            state.hits += 1
            fault = state.fault
            if state.fault_times is not None:
                state.fault_times -= 1
                if state.fault_times <= 0:
                    state.fault, state.fault_times = None, None
        try:
            request = json.loads(body)
            if not isinstance(request, dict):
                raise ValueError
        except ValueError:
            self._send(400, b"request body is not a JSON object", "text/plain")
            return
        nik = str(request.get("NIK", ""))
        user_ok = request.get("user_id") == SIM_USER
        password_ok = request.get("password") == SIM_PASSWORD
        ip_user = str(request.get("IP_USER", ""))
        with state.lock:
            state.seen.append(SeenRequest(match.group(1), nik, str(request.get("user_id", "")), password_ok,
                                          ip_user, self.headers.get("Content-Type", ""),
                                          self.client_address[1]))
        if fault == "slow":
            # Interruptible, so stopping the simulator does not wait for a sleeping answer.
            if state.stopping.wait(state.slow_seconds):
                return
        self._answer(fault, nik, user_ok and password_ok, ip_user)

    def _answer(self, fault: str | None, nik: str, login_ok: bool, ip_user: str) -> None:
        statuses = {"5xx": 503, "http_401": 401, "http_403": 403, "http_429": 429}
        if fault in statuses:
            self._send(statuses[fault], b"<html><body>error</body></html>", "text/html")
            return
        if fault == "non_json":
            self._send(200, b"<html><body>Gateway Timeout</body></html>", "text/html")
            return
        if fault == "no_content":
            self._json({"lastPage": True, "numberOfElements": 0, "sort": None, "totalElements": 0,
                        "firstPage": True, "number": 0, "size": 0})
            return
        respon = {"login": RESPON_LOGIN, "ip": RESPON_IP, "quota": RESPON_QUOTA,
                  "other_respon": RESPON_OTHER}.get(fault or "")
        if respon is None and not login_ok:
            respon = RESPON_LOGIN
        # The real service checks the address the request came from against the registered one; here the
        # registered address is whatever the request actually came from.
        elif respon is None and ip_user != self.client_address[0]:
            respon = RESPON_IP
        if respon is not None:
            self._json(envelope([{"RESPON": respon}]))
            return
        person = self.server.people.get(nik) or by_nik(nik)
        if person is None or not person.in_registry:
            self._json(envelope([{"RESPON": RESPON_NOT_FOUND}]))
            return
        elements = [registry_element(person)]
        if fault == "wrong_person":
            elements = [registry_element(_someone_else(person))]
        elif fault == "two_elements":
            elements.append(registry_element(_someone_else(person)))
        self._json(envelope(elements))

    def _control(self, fault: str | None) -> None:
        try:
            self.server.set_fault(fault)
        except ValueError as exc:
            self._send(400, str(exc).encode(), "text/plain")
            return
        self._send(200, f"fault: {fault or 'none'}\n".encode(), "text/plain")

    def _json(self, payload: dict[str, object]) -> None:
        self._send(200, json.dumps(payload).encode("utf-8"), "application/json")

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _someone_else(person: Person) -> Person:
    others = [p for p in POPULATION if p.nik != person.nik and p.in_registry]
    return others[0]


class SimulatorHandle:
    """A running simulator in a background thread."""

    def __init__(self, server: RegistryServer) -> None:
        self.server = server
        self.port = server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        # A short poll so stop() (called after every test) returns in milliseconds, not half a second.
        self._thread = threading.Thread(target=server.serve_forever, args=(0.02,), name="registry-simulator",
                                        daemon=True)
        self._thread.start()

    @property
    def state(self) -> SimulatorState:
        return self.server.state

    def set_fault(self, fault: str | None, times: int | None = None) -> None:
        """Switch a fault on (None = off); with ``times``, only for that many requests."""
        self.server.set_fault(fault, times)

    def stop(self) -> None:
        self.server.shutdown()
        self.server.close_all()
        self._thread.join(timeout=5)

    def __enter__(self) -> SimulatorHandle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_simulator(port: int = 0, fault: str | None = None, people: Iterable[Person] = ()) -> SimulatorHandle:
    """Start on 127.0.0.1 (port 0 = a free one) and return at once; ``.url`` is the base_url to use.
    ``people``: synthetic citizens it knows besides POPULATION (the simulated office day's 200)."""
    return SimulatorHandle(RegistryServer(port, fault, people))


def serve(port: int, fault: str | None = None, on_ready: Callable[[str], None] | None = None) -> None:
    """Run in the foreground until interrupted (``loket simulate registry``); ``on_ready`` gets the URL
    once the port is bound, so port 0 can be announced."""
    server = RegistryServer(port, fault)
    if threading.current_thread() is threading.main_thread():
        # Started as a shell's background job (`… &`), SIGINT arrives ignored: Ctrl+C, `kill -INT` and
        # SIGTERM (what `kill` and a service manager send) must all stop it.
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, _stop_on_term)
    if on_ready is not None:
        on_ready(f"http://127.0.0.1:{server.server_address[1]}")
    try:
        server.serve_forever()
    finally:
        server.close_all()


def _stop_on_term(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # the same clean stop as Ctrl+C
