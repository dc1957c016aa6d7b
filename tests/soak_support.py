"""What a card soak injects and measures: faults through the real stack, and the resources that must stay flat.

A counter serves 200–300 citizens a day in one process. What wears out is counted here: the process's open
file descriptors and threads, the PC/SC contexts it holds (``Pcsc.live``), and pcscd's own threads (one per
client context — pcscd refuses a client's 201st).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from reader.readers import Pcsc
from reader.simulator import vpcd
from reader.simulator.card import CardFaults
from reader.simulator.factory import make_card, make_sam
from tests import pcsc_stack
from tests.conftest import CARD_READER, SAM_READER, wait_state

FAULTS = ("pcscd-restart", "card-pulled", "card-swapped", "sam-gone")
PEOPLE = tuple(range(8))  # simulated citizens with authentic cards (8 is altered after issue)


@dataclass(frozen=True)
class Resources:
    fds: int
    threads: int
    contexts: int
    pcscd_threads: int

    def grew_from(self, before: Resources) -> list[str]:
        """What grew; a couple of fds of slack for sockets the registry client or SQLite keeps or drops."""
        grew = []
        if self.fds > before.fds + 3:
            grew.append(f"file descriptors {before.fds} -> {self.fds}")
        if self.threads > before.threads:
            grew.append(f"threads {before.threads} -> {self.threads}")
        if self.contexts > before.contexts:
            grew.append(f"PC/SC contexts {before.contexts} -> {self.contexts}")
        if self.pcscd_threads > before.pcscd_threads:
            grew.append(f"pcscd threads {before.pcscd_threads} -> {self.pcscd_threads}")
        return grew


def resources() -> Resources:
    return Resources(len(os.listdir("/proc/self/fd")), threading.active_count(), Pcsc.live,
                     pcsc_stack.pcscd_threads())


def settled(before: Resources, seconds: float = 3.0) -> list[str]:
    """What grew since ``before``, once pcscd has ended the threads of contexts just released (it does so
    when it notices the client's socket closed, a moment later)."""
    deadline = time.monotonic() + seconds
    while True:
        grew = resources().grew_from(before)
        if not grew or time.monotonic() > deadline:
            return grew
        time.sleep(0.1)


class Stack:
    """The simulated e-KTP and SAM in the two vpcd readers, and the faults a day brings."""

    def __init__(self, person: int = 0) -> None:
        self.person = person
        self.sam = vpcd.start(make_sam(), vpcd.SAM_PORT)
        wait_state(SAM_READER, True)
        self.card = vpcd.start(make_card(person), vpcd.CARD_PORT)
        wait_state(CARD_READER, True)

    def put(self, person: int, faults: CardFaults | None = None) -> None:
        """Lift whatever is on the reader (pcscd sees it go), then put ``person``'s card on it."""
        self.lift()
        self.person = person
        self.card.insert(make_card(person, faults))
        wait_state(CARD_READER, True)

    def lift(self) -> None:
        self.card.remove()
        wait_state(CARD_READER, False)

    def next_person(self) -> int:
        return PEOPLE[(PEOPLE.index(self.person) + 1) % len(PEOPLE)]

    def restart_pcscd(self, while_down: Callable[[], None] = lambda: None) -> None:
        """pcscd stopped and started again (by its pid); vpcd lives inside pcscd, so the card and the SAM
        connect to the new one, as a USB reader re-enumerates — the same card, the same UID."""
        pcsc_stack.stop_pcscd()
        while_down()
        pcsc_stack.start_pcscd()
        self.sam.insert(make_sam())
        self.card.insert(make_card(self.person))
        wait_state(SAM_READER, True)
        wait_state(CARD_READER, True)

    def sam_out(self) -> None:
        self.sam.remove()
        wait_state(SAM_READER, False)

    def sam_in(self) -> None:
        self.sam.insert(make_sam())
        wait_state(SAM_READER, True)

    def stop(self) -> None:
        if pcsc_stack.pcscd_pid() is None:
            pcsc_stack.start_pcscd()
        self.card.stop()
        self.sam.stop()
        wait_state(CARD_READER, False)
        wait_state(SAM_READER, False)
