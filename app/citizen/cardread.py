"""Read one card: the core the CLI and the GUI both call. The card source is a plug-in (reader/source.py):
PC/SC by default, the simulator when the demo's entry point passes it; no simulator code is imported here."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import TimeoutError as FuturesTimeout

from app.base.credentials import CredentialsMissing, sam_credentials
from app.base.settings import Settings
from reader.cardio import CardIO
from reader.errors import ReaderBusy, SamError
from reader.readers import Pcsc, ReaderChoice, choose_readers
from reader.sam import SamSecrets
from reader.session import ReadResult, read_pcsc, read_with
from reader.source import CardSource

# A whole read takes well under a second; this long means the reader is held by someone else.
READ_SECONDS = 20.0


def secrets_for(source: CardSource | None) -> SamSecrets:
    if source is not None and source.secrets is not None:
        return source.secrets
    try:
        return sam_credentials()
    except CredentialsMissing as exc:
        raise SamError(str(exc), exc.id_text) from None


def pick_readers(pcsc: Pcsc, settings: Settings, card_hint: str = "", sam_hint: str = "",
                 source: CardSource | None = None) -> ReaderChoice:
    """Command-line names win over the source's readers, which win over the settings."""
    card = card_hint or (source.card_reader if source else "") or settings.readers.card_reader
    sam = sam_hint or (source.sam_reader if source else "") or settings.readers.sam_reader
    return choose_readers(pcsc, card, sam, settings.readers.ignore_readers)


def read_card(settings: Settings, card_hint: str = "", sam_hint: str = "", wait: float = 10.0,
              source: CardSource | None = None, cardio: CardIO | None = None, service: str = "",
              on_uid: Callable[[bytes], None] | None = None) -> ReadResult:
    """A complete read, or a ReadError carrying the exit code and the clerk's sentence. Audited either way.

    ``cardio``: the session's card-I/O thread and context (the window's); without one, a context lives for
    this read only (a one-shot command). ``on_uid`` hears the card's UID before any personal data is read.
    """
    from app import audit

    try:
        result = _read_card(settings, card_hint, sam_hint, wait, source, cardio, on_uid)
    except Exception as exc:
        audit.record_read(exc, service)
        raise
    audit.record_read(result, service)
    return result


def _read_card(settings: Settings, card_hint: str, sam_hint: str, wait: float, source: CardSource | None,
               cardio: CardIO | None, on_uid: Callable[[bytes], None] | None) -> ReadResult:
    secrets = secrets_for(source)
    pair = source.transports() if source is not None else None
    if pair is not None:
        return read_with(pair[0], pair[1], settings.card, secrets, on_uid)

    def read(pcsc: Pcsc) -> ReadResult:
        choice = pick_readers(pcsc, settings, card_hint, sam_hint, source)
        return read_pcsc(pcsc, choice, settings.card, secrets, wait, on_uid)

    if cardio is not None:
        try:
            return cardio.run(read, timeout=wait + READ_SECONDS)
        except FuturesTimeout:
            raise ReaderBusy(f"card read still waiting after {wait + READ_SECONDS:.0f} s") from None
    with Pcsc() as pcsc:
        return read(pcsc)
