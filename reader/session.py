"""One complete card read: pick the profile, run it, close both connections, whatever happens."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from reader.errors import QT_TRANSLATE_NOOP, CardChanged, CardProtocolError, NoCard, SamError, sw_text
from reader.identity import Identity
from reader.options import CardOptions
from reader.profiles import choose, discover
from reader.readers import Pcsc, ReaderChoice
from reader.sam import SamSecrets
from reader.transport import GET_UID, Channel, Counters, PcscTransport, Transport

# Windows resets a transaction left idle for 5 s; AusweisApp keeps its own alive every 4 s.
KEEP_ALIVE_SECONDS = 4.0


@dataclass(frozen=True)
class ReadResult:
    identity: Identity
    profile: str
    card_reader: str
    sam_reader: str
    seconds: float
    apdus: int
    bytes_moved: int


def read_with(card_t: Transport, sam_t: Transport, options: CardOptions,
              secrets: SamSecrets | None, on_uid: Callable[[bytes], None] | None = None) -> ReadResult:
    """Read through two open transports. Either a complete Identity comes back, or a ReadError.

    ``on_uid`` hears the card's UID as soon as the profile has read it (before any personal data).
    """
    started = time.perf_counter()
    card, sam = Channel(card_t, "card", on_uid), Channel(sam_t, "SAM")
    profile = choose(discover(options, secrets), card)
    identity = profile.read(card, sam)
    check_same_card(card)
    total = Counters()
    for c in (card.counters, sam.counters):
        total.apdus += c.apdus
        total.bytes_in += c.bytes_in
        total.bytes_out += c.bytes_out
    return ReadResult(identity, profile.name, card_t.name, sam_t.name, time.perf_counter() - started,
                      total.apdus, total.bytes_in + total.bytes_out)


def check_same_card(card: Channel) -> None:
    """The UID at the end must be the UID at the start: a card swapped between two APDUs that PC/SC did
    not notice would otherwise give one person's photo with another's biodata."""
    if not card.uid:
        return  # the profile never asked for one: nothing to compare against
    resp = card.exchange(GET_UID)
    if not resp.ok:
        raise CardProtocolError(f"final get UID: {sw_text(resp.sw)}")
    if not 4 <= len(resp.data) <= 10:
        raise CardProtocolError(f"final get UID: {len(resp.data)}-byte UID")
    if resp.data != card.uid:
        raise CardChanged("final get UID: another card than at step 1")


@contextmanager
def held(*transports: PcscTransport, keep_alive_every: float = KEEP_ALIVE_SECONDS) -> Iterator[None]:
    """A PC/SC transaction on each transport for the whole read (the SAM keeps state across its steps,
    and no other program may talk to it in between), ended on every path.

    While the read talks to one reader, the other's transaction stays alive: before every exchange, a
    transport idle for ``keep_alive_every`` gets a status call. That happens on the read's own thread (the
    card thread, reader/cardio.py), between two exchanges, as AusweisApp's timer does between commands; a
    thread of its own would talk to a reader beside the read.
    """
    begun: list[PcscTransport] = []

    def keep_alive() -> None:
        now = time.monotonic()
        for t in begun:
            if now - t.last_used >= keep_alive_every:
                t.keep_alive()

    try:
        for t in transports:
            t.begin()
            begun.append(t)
        for t in begun:
            t.before_exchange = keep_alive
        yield
    finally:
        for t in begun:
            t.before_exchange = None
        for t in reversed(begun):
            t.end()


def connect_sam(pcsc: Pcsc, reader: str, wait_seconds: float = 3.0) -> PcscTransport:
    """A SAM is normally always in; the short wait covers a reader that was just plugged in."""
    try:
        pcsc.wait_for_card(reader, wait_seconds)
    except NoCard as exc:
        raise SamError(f"no SAM in {reader}",
                       QT_TRANSLATE_NOOP(
                           "Core", "SAM tidak terpasang di pembaca. Pasang SAM, lalu coba lagi.")) from exc
    return pcsc.connect(reader, role="sam")


def read_pcsc(pcsc: Pcsc, choice: ReaderChoice, options: CardOptions, secrets: SamSecrets | None,
              wait_seconds: float = 0.0, on_uid: Callable[[bytes], None] | None = None) -> ReadResult:
    """One connection per read for each reader, both held in a transaction, released whatever happens."""
    pcsc.wait_for_card(choice.card, wait_seconds)
    with connect_sam(pcsc, choice.sam, min(max(wait_seconds, 1.0), 3.0)) as sam_t, \
            pcsc.connect(choice.card) as card_t, held(sam_t, card_t):
        return read_with(card_t, sam_t, options, secrets, on_uid)
