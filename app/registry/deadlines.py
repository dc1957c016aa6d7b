"""One deadline for every byte of a registry request, headers included.

requests' read timeout is per socket read: a server that trickles its status line and headers one byte
every half second never trips it, and held ``loket lookup`` 160 s. Here every connection used inside a
``Watch`` is remembered, and when the watch's deadline passes a timer shuts those sockets down: the read
blocked in them returns at once, and the client reports a timeout.
"""

from __future__ import annotations

import socket
import threading
import time
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

_current = threading.local()
MAX_WAIT = 300.0


class Watch:
    """``with Watch(deadline):`` — the deadline (time.monotonic()) for the request made inside it."""

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.fired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None

    def __enter__(self) -> Watch:
        _current.watch = self
        # Bounded: a budget from a hand-edited setting must not overflow the timer (OverflowError).
        self._timer = threading.Timer(min(max(0.0, self.deadline - time.monotonic()), MAX_WAIT), self._fire)
        self._timer.daemon = True
        self._timer.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._timer is not None:
            self._timer.cancel()
        _current.watch = None
        with self._lock:
            self._sockets.clear()

    def add(self, sock: socket.socket) -> None:
        with self._lock:
            if self.fired:
                _shut(sock)
            self._sockets.append(sock)

    def _fire(self) -> None:
        with self._lock:
            self.fired = True
            sockets = list(self._sockets)
        for sock in sockets:
            _shut(sock)


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed: nothing is waiting on it


def _watch_socket(sock: socket.socket) -> None:
    watch = getattr(_current, "watch", None)
    if watch is not None:
        watch.add(sock)


def _watched(connection: HTTPConnection) -> None:
    """The socket itself is kept: http.client hands it to the response and forgets it on "Connection:
    close", and the body is still read from it."""
    watch = getattr(_current, "watch", None)
    sock = getattr(connection, "sock", None)
    if watch is not None and sock is not None:
        watch.add(sock)


class _Watched:
    """Both connection kinds: the raw socket as soon as it exists (before any TLS handshake is read from
    it), and again at each request (a kept-alive connection is not connected again)."""

    sock: socket.socket | None

    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()  # type: ignore[misc]
        _watch_socket(sock)
        return sock

    def connect(self) -> None:
        super().connect()  # type: ignore[misc]
        _watched(self)  # type: ignore[arg-type]

    def request(self, *args: Any, **kwargs: Any) -> None:
        _watched(self)  # type: ignore[arg-type]
        super().request(*args, **kwargs)  # type: ignore[misc]
        _watched(self)  # type: ignore[arg-type]


class _WatchedHTTPConnection(_Watched, HTTPConnection):
    pass


class _WatchedHTTPSConnection(_Watched, HTTPSConnection):
    pass


class _HTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _HTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


class DeadlineAdapter(HTTPAdapter):
    """requests' adapter whose connections a ``Watch`` can cut at its deadline; ``ssl_context`` is the
    trust every https connection verifies against (app.registry.trust)."""

    def __init__(self, ssl_context: Any = None, **kwargs: Any) -> None:
        self._ssl_context = ssl_context  # before super().__init__, which builds the pool manager
        super().__init__(**kwargs)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        if self._ssl_context is not None:
            kwargs["ssl_context"] = self._ssl_context
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _HTTPPool, "https": _HTTPSPool}
