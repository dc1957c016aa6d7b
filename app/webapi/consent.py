"""The clerk's consent, per application and per person on screen.

A hand-off is the person now on screen (a fresh random id per citizen, never the NIK). The first time an
application asks for that person, the clerk is asked ("SIMRS RSUD meminta data warga ini — Izinkan /
Tolak") unless IT pre-approved the application for the service the counter is doing. The answer holds for
that application and that person only: the next citizen's card, Esc or the idle clear start a fresh
hand-off, and nothing anyone approved before carries over.

The prompt names what is asked: the record, or the record with the chip photo. An approval covers what it
named: a client approved without the photo that then asks for it is a new question (IT's pre-approval
covers the photo only for a client IT allowed the photo at all, which the service checks first). A refusal
refuses that application everything for that person.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from app.webapi.clients import Client


class Decision(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"


@dataclass(frozen=True)
class Request:
    handoff: str
    client_id: str
    client_name: str
    wants_photo: bool = False

    @property
    def what(self) -> str:
        """What the clerk is asked to hand over, as the prompt says it."""
        return "data warga ini beserta FOTO-nya" if self.wants_photo else "data warga ini (tanpa foto)"


class ConsentBook:
    """Thread-safe: the service's loop asks, the host's thread (the window, the terminal) answers."""

    def __init__(self, on_request: Callable[[Request], None] = lambda request: None,
                 on_decision: Callable[[Request, Decision], None] = lambda request, decision: None) -> None:
        self.on_request = on_request  # the host shows the prompt (called outside the lock)
        self.on_decision = on_decision  # the service tells the asking client (called outside the lock)
        self._lock = threading.Lock()
        self._handoff = ""
        self._decisions: dict[tuple[str, bool], Decision] = {}  # (client, with the photo): approved or refused
        self._pending: dict[str, Request] = {}

    def new_person(self, handoff: str) -> list[Request]:
        """Another person on screen (or none, with ""): every approval and open question ends here.
        Returns the questions that were still open, for the host to take off the screen."""
        with self._lock:
            if handoff == self._handoff:
                return []
            dropped = list(self._pending.values())
            self._handoff, self._decisions, self._pending = handoff, {}, {}
            return dropped

    def ask(self, client: Client, service_id: str, handoff: str, photo: bool = False) -> Decision | None:
        """None when ``handoff`` is not the person on screen any more (the request is about someone gone).
        Asking again while the question is open asks nothing new."""
        new = None
        with self._lock:
            if not handoff or handoff != self._handoff:
                return None
            decision = self._get(client.id, photo)
            if decision is None:
                if client.preapproved_for(service_id):
                    decision = self._decisions[(client.id, photo)] = Decision.APPROVED
                elif client.id in self._pending:
                    decision = Decision.PENDING  # one open question per client: this one follows its answer
                else:
                    decision = Decision.PENDING
                    new = self._pending[client.id] = Request(handoff, client.id, client.name, photo)
        if new is not None:
            self.on_request(new)
        return decision

    def _get(self, client_id: str, photo: bool) -> Decision | None:
        """Under the lock: the answer that covers this request, PENDING while its question is open."""
        if Decision.REFUSED in (self._decisions.get((client_id, False)), self._decisions.get((client_id, True))):
            return Decision.REFUSED
        if self._decisions.get((client_id, True)) is Decision.APPROVED or \
                (not photo and self._decisions.get((client_id, False)) is Decision.APPROVED):
            return Decision.APPROVED
        request = self._pending.get(client_id)
        if request is not None and (request.wants_photo or not photo):
            return Decision.PENDING
        return None

    def decision(self, client_id: str, handoff: str, photo: bool = False) -> Decision | None:
        """None too when nothing covering this request was asked (a photo after an approval without it)."""
        with self._lock:
            return self._get(client_id, photo) if handoff and handoff == self._handoff else None

    def decide(self, client_id: str, approve: bool, handoff: str | None = None) -> bool:
        """The clerk's answer to the open question of ``client_id`` (for ``handoff`` when given: an answer to
        a question about a person no longer on screen is no answer). True when it answered one."""
        with self._lock:
            request = self._pending.get(client_id)
            if request is None or (handoff is not None and handoff != self._handoff):
                return False
            del self._pending[client_id]
            decision = self._decisions[(client_id, request.wants_photo)] = \
                Decision.APPROVED if approve else Decision.REFUSED
        self.on_decision(request, decision)
        return True

    def pending(self) -> list[Request]:
        with self._lock:
            return list(self._pending.values())

    @property
    def handoff(self) -> str:
        with self._lock:
            return self._handoff
