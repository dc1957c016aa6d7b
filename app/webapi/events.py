"""The WebSocket fan-out: every subscriber has its own bounded queue and its own sender task.

Publishing never waits for a client. A client that stops reading fills its TCP window, then its queue;
once the queue is full it is disconnected (close code 1008) instead of holding memory or slowing anyone
else. Events for one client (its consent answer) go to that client's sockets only.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

from aiohttp import web

log = logging.getLogger("loket.webapi")

QUEUE_EVENTS = 256
SEND_SECONDS = 5.0  # one event that cannot be written this long means the client is gone or stuck
MAX_SOCKETS = 64  # for the whole service: a loop of reconnects cannot eat the counter PC's memory
MAX_SOCKETS_PER_CLIENT = 8

Event = dict[str, object]


@dataclass(eq=False)
class Subscriber:
    client_id: str
    ws: web.WebSocketResponse
    queue: asyncio.Queue[Event] = field(default_factory=lambda: asyncio.Queue(QUEUE_EVENTS))
    dropped: bool = False
    transport: asyncio.BaseTransport | None = None  # aborted when even a close frame cannot be written


class EventHub:
    def __init__(self) -> None:
        self.subscribers: set[Subscriber] = set()

    def room_for(self, client_id: str) -> bool:
        own = sum(1 for s in self.subscribers if s.client_id == client_id)
        return len(self.subscribers) < MAX_SOCKETS and own < MAX_SOCKETS_PER_CLIENT

    def add(self, client_id: str, ws: web.WebSocketResponse,
            transport: asyncio.BaseTransport | None = None) -> Subscriber:
        sub = Subscriber(client_id, ws, transport=transport)
        self.subscribers.add(sub)
        return sub

    def remove(self, sub: Subscriber) -> None:
        self.subscribers.discard(sub)

    def publish(self, event: Event, only: str | None = None) -> None:
        """On the loop's thread. ``only``: the one client this event is for."""
        for sub in list(self.subscribers):
            if only is not None and sub.client_id != only:
                continue
            try:
                sub.queue.put_nowait(event)
            except asyncio.QueueFull:
                self._drop(sub)

    def _drop(self, sub: Subscriber) -> None:
        if sub.dropped:
            return
        sub.dropped = True
        self.subscribers.discard(sub)
        log.warning("webapi: client %s dropped: it does not read its events", sub.client_id)
        asyncio.get_running_loop().create_task(_close(sub, 1008, b"too slow"))

    async def send_loop(self, sub: Subscriber) -> None:
        """The subscriber's sender: one event at a time, each with a deadline."""
        while not sub.dropped:
            event = await sub.queue.get()
            try:
                await asyncio.wait_for(sub.ws.send_json(event), SEND_SECONDS)
            except (TimeoutError, ConnectionError, RuntimeError):
                self._drop(sub)
                return

    async def close_all(self) -> None:
        for sub in list(self.subscribers):
            sub.dropped = True
            await _close(sub, 1001, b"Loket berhenti")
        self.subscribers.clear()


async def _close(sub: Subscriber, code: int, message: bytes) -> None:
    try:
        await asyncio.wait_for(sub.ws.close(code=code, message=message), 2.0)
    except Exception:  # a peer that is gone or stuck: its connection is cut instead
        log.debug("websocket close failed", exc_info=True)
        if sub.transport is not None:
            sub.transport.abort()  # type: ignore[attr-defined]
