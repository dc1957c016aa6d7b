"""One complete card read: pick the profile, run it, close both connections, whatever happens."""

from __future__ import annotations

import time
from dataclasses import dataclass

from reader.errors import NoCard, SamError
from reader.identity import Identity
from reader.options import CardOptions
from reader.profiles import choose, discover
from reader.readers import Pcsc, ReaderChoice
from reader.sam import SamSecrets
from reader.transport import Channel, Counters, PcscTransport, Transport


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
              secrets: SamSecrets | None) -> ReadResult:
    """Read through two open transports. Either a complete Identity comes back, or a ReadError."""
    started = time.perf_counter()
    card, sam = Channel(card_t, "card"), Channel(sam_t, "SAM")
    profile = choose(discover(options, secrets), card)
    identity = profile.read(card, sam)
    total = Counters()
    for c in (card.counters, sam.counters):
        total.apdus += c.apdus
        total.bytes_in += c.bytes_in
        total.bytes_out += c.bytes_out
    return ReadResult(identity, profile.name, card_t.name, sam_t.name, time.perf_counter() - started,
                      total.apdus, total.bytes_in + total.bytes_out)


def connect_sam(pcsc: Pcsc, reader: str, wait_seconds: float = 3.0) -> PcscTransport:
    """A SAM is normally always in; the short wait covers a reader that was just plugged in."""
    try:
        pcsc.wait_for_card(reader, wait_seconds)
    except NoCard as exc:
        raise SamError(f"no SAM in {reader}",
                       "SAM tidak terpasang di pembaca. Pasang SAM, lalu coba lagi.") from exc
    return pcsc.connect(reader, role="sam")


def read_pcsc(pcsc: Pcsc, choice: ReaderChoice, options: CardOptions, secrets: SamSecrets | None,
              wait_seconds: float = 0.0) -> ReadResult:
    """One connection object per read for each reader, released even when the read fails."""
    pcsc.wait_for_card(choice.card, wait_seconds)
    sam_t = connect_sam(pcsc, choice.sam, min(max(wait_seconds, 1.0), 3.0))
    try:
        card_t = pcsc.connect(choice.card)
        try:
            return read_with(card_t, sam_t, options, secrets)
        finally:
            card_t.close()
    finally:
        sam_t.close()
