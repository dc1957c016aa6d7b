"""A registry that misbehaves on purpose, over real TCP on loopback: it redirects, trickles, nests, or
accepts and never answers. Each connection's raw request bytes are kept, so a test can prove what a
server did (or did not) receive — a password, say.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Behaviour = Callable[[socket.socket, bytes], None]


class HostileServer:
    def __init__(self, behaviour: Behaviour, host: str = "127.0.0.1") -> None:
        self.behaviour = behaviour
        self.requests: list[bytes] = []
        self._sock = socket.create_server((host, 0))
        self._sock.settimeout(0.1)
        self.host = host
        self.port = self._sock.getsockname()[1]
        self.url = f"http://{host}:{self.port}"
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True, name="hostile-http")
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._one, args=(conn,), daemon=True).start()

    def _one(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(5)
            data = b""
            try:
                while b"\r\n\r\n" not in data:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    data += chunk
                head, _, body = data.partition(b"\r\n\r\n")
                length = next((int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                               if line.lower().startswith(b"content-length:")), 0)
                while len(body) < length:
                    chunk = conn.recv(65536)
                    if not chunk:
                        break
                    body += chunk
                self.requests.append(head + b"\r\n\r\n" + body)
                self.behaviour(conn, body)
            except OSError:
                return

    def stop(self) -> None:
        self._stop.set()
        self._sock.close()
        self._thread.join(2)


@contextmanager
def serving(behaviour: Behaviour, host: str = "127.0.0.1") -> Iterator[HostileServer]:
    server = HostileServer(behaviour, host)
    try:
        yield server
    finally:
        server.stop()


def answer(status: str, body: bytes = b"", headers: tuple[str, ...] = ()) -> bytes:
    lines = [f"HTTP/1.1 {status}", f"Content-Length: {len(body)}", "Content-Type: application/json",
             "Connection: close", *headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def redirect_to(location: str, code: str = "307 Temporary Redirect") -> Behaviour:
    def behave(conn: socket.socket, _body: bytes) -> None:
        conn.sendall(answer(code, headers=(f"Location: {location}",)))
    return behave


def trickle(payload: bytes, every: float = 0.5, stop: threading.Event | None = None) -> Behaviour:
    """Send ``payload`` one byte at a time, ``every`` seconds apart (until the client hangs up)."""
    def behave(conn: socket.socket, _body: bytes) -> None:
        for i in range(len(payload)):
            if stop is not None and stop.is_set():
                return
            conn.sendall(payload[i:i + 1])
            time.sleep(every)
    return behave


def silent(hold: float = 30.0) -> Behaviour:
    """Accept, read the request, and never answer."""
    def behave(_conn: socket.socket, _body: bytes) -> None:
        time.sleep(hold)
    return behave


def fixed(raw: bytes) -> Behaviour:
    def behave(conn: socket.socket, _body: bytes) -> None:
        conn.sendall(raw)
    return behave
