"""Who may hold a connection to the local service, and for how long.

A local process can open connections faster than any client needs them and never send a byte. Without a
bound each one holds a file descriptor until the process has none left; then every accept fails (asyncio
logs a traceback for each) and a SIMRS's ``/v1/status`` waits behind them. So every connection passes this
gate (the listening socket's protocol factory):

- its request head must be complete within ``HEAD_SECONDS`` of the connection (or of the first byte after
  an answer), and an idle keep-alive connection is closed after ``IDLE_SECONDS``;
- at most ``total`` connections at once, ``per_peer`` from one address. A new one over either cap takes the
  place of the oldest connection of that scope that is not being answered (a held connection that never
  asked for anything loses to one that asks); when every one is busy, the new one is closed at once;
- each burst of such refusals is one log line when it starts and one when it is over, never one per accept.

``busy``/``done`` come from the service's middleware: a connection is never closed while its request is
being answered, a WebSocket's included.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

log = logging.getLogger("loket.webapi")

HEAD_SECONDS = 10.0
IDLE_SECONDS = 30.0
MAX_TOTAL = 256
SWEEP_SECONDS = 1.0
BURST_QUIET = 5.0  # seconds without a refusal that end a burst


def caps(descriptor_limit: int | None = None) -> tuple[int, int]:
    """(total, per peer): well inside the process's descriptor limit, which the service's own files, the
    registry's sockets and the readers share."""
    if descriptor_limit is None:
        try:
            import resource

            descriptor_limit = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
        except (ImportError, OSError, ValueError):  # Windows: no such limit on sockets
            descriptor_limit = 2048
    if descriptor_limit <= 0 or descriptor_limit > 1_000_000:  # RLIM_INFINITY
        descriptor_limit = 1_000_000
    total = max(16, min(MAX_TOTAL, (descriptor_limit - 128) // 2))
    return total, max(8, total * 3 // 4)


@dataclass(eq=False)
class _Conn:
    peer: str
    transport: asyncio.Transport
    since: float  # the connection, or the end of its last answer
    head_from: float | None  # the first byte of a request head not yet answered
    busy: bool = False


@dataclass
class _Burst:
    refused: int = 0
    evicted: int = 0
    last: float = 0.0
    logged: bool = False


class _Door(asyncio.Protocol):
    """The gate in front of one aiohttp request handler: it passes every call through once admitted."""

    def __init__(self, gate: Gate, inner: asyncio.Protocol) -> None:
        self.gate, self.inner = gate, inner
        self.conn: _Conn | None = None  # None once the gate let go of it (closed, evicted, timed out)
        self.admitted = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        if not self.gate.admit(self, transport):  # type: ignore[arg-type]
            return
        self.admitted = True
        self.inner.connection_made(transport)

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.admitted:
            return
        self.admitted = False
        self.gate.gone(self)
        self.inner.connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        conn = self.conn
        if conn is None:
            return
        if not conn.busy and conn.head_from is None:
            conn.head_from = time.monotonic()
        self.inner.data_received(data)

    def eof_received(self) -> bool | None:
        return self.inner.eof_received() if self.admitted else None

    def pause_writing(self) -> None:
        if self.admitted:
            self.inner.pause_writing()

    def resume_writing(self) -> None:
        if self.admitted:
            self.inner.resume_writing()


@dataclass
class Gate:
    factory: Callable[[], asyncio.Protocol]
    total: int = MAX_TOTAL
    per_peer: int = MAX_TOTAL
    head_seconds: float = HEAD_SECONDS
    idle_seconds: float = IDLE_SECONDS
    _open: dict[_Door, _Conn] = field(default_factory=dict)
    _handlers: dict[int, _Conn] = field(default_factory=dict)  # id(aiohttp's handler) -> its connection
    _peers: Counter[str] = field(default_factory=Counter)
    _burst: _Burst = field(default_factory=_Burst)
    _sweeper: asyncio.TimerHandle | None = None

    def door(self) -> asyncio.Protocol:
        """The listening socket's protocol factory."""
        return _Door(self, self.factory())

    # --- the door's calls ---------------------------------------------------------------------------------

    def admit(self, door: _Door, transport: asyncio.Transport) -> bool:
        peername = transport.get_extra_info("peername")
        peer = str(peername[0]) if isinstance(peername, tuple) and peername else "?"
        if len(self._open) >= self.total and not self._evict(None):
            return self._refuse(transport)
        if self._peers[peer] >= self.per_peer and not self._evict(peer):
            return self._refuse(transport)
        now = time.monotonic()
        conn = _Conn(peer, transport, now, now)
        door.conn = conn
        self._open[door] = conn
        self._handlers[id(door.inner)] = conn
        self._peers[peer] += 1
        self._arm()
        return True

    def gone(self, door: _Door) -> None:
        conn = self._open.pop(door, None)  # once: the eviction and the socket's end both come here
        door.conn = None
        self._handlers.pop(id(door.inner), None)
        if conn is not None:
            self._peers[conn.peer] -= 1
            if self._peers[conn.peer] <= 0:
                del self._peers[conn.peer]

    # --- the middleware's calls ---------------------------------------------------------------------------

    def busy(self, handler: object) -> None:
        conn = self._handlers.get(id(handler))
        if conn is not None:
            conn.busy = True

    def done(self, handler: object) -> None:
        conn = self._handlers.get(id(handler))
        if conn is not None:
            conn.busy, conn.since, conn.head_from = False, time.monotonic(), None

    @property
    def open_count(self) -> int:
        return len(self._open)

    # --- bounds -------------------------------------------------------------------------------------------

    def _evict(self, peer: str | None) -> bool:
        """Close the oldest connection (of ``peer``, or of anyone) that is not being answered."""
        victim = None
        for door, conn in self._open.items():  # insertion order: the oldest first
            if not conn.busy and (peer is None or conn.peer == peer):
                victim = door
                break
        if victim is None:
            return False
        conn = self._open[victim]
        self.gone(victim)  # counted out now; asyncio tells the handler through the door when the socket is gone
        conn.transport.abort()
        self._note(evicted=True)
        return True

    def _refuse(self, transport: asyncio.Transport) -> bool:
        transport.abort()
        self._note(evicted=False)
        return False

    def _note(self, *, evicted: bool) -> None:
        burst = self._burst
        if evicted:
            burst.evicted += 1
        else:
            burst.refused += 1
        burst.last = time.monotonic()
        if not burst.logged:
            burst.logged = True
            log.warning("webapi: connection cap reached (%d open, at most %d, %d per address): the oldest idle "
                        "connections are closed and new ones refused while every one is busy", len(self._open),
                        self.total, self.per_peer)
        self._arm()

    def _arm(self) -> None:
        if self._sweeper is None:
            self._sweeper = asyncio.get_running_loop().call_later(SWEEP_SECONDS, self._sweep)

    def _sweep(self) -> None:
        self._sweeper = None
        now = time.monotonic()
        for door, conn in list(self._open.items()):
            if conn.busy:
                continue
            late = (conn.head_from is not None and now - conn.head_from > self.head_seconds) or \
                (conn.head_from is None and now - conn.since > self.idle_seconds)
            if late:
                self.gone(door)
                conn.transport.abort()
        burst = self._burst
        if burst.logged and now - burst.last > BURST_QUIET:
            log.warning("webapi: connection cap burst over: %d connection(s) refused, %d idle one(s) closed",
                        burst.refused, burst.evicted)
            self._burst = _Burst()
        if self._open or self._burst.logged:
            self._arm()

    def close(self) -> None:
        if self._sweeper is not None:
            self._sweeper.cancel()
            self._sweeper = None
