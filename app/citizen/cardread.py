"""Read one card: the core the CLI and the GUI both call. The card source is a plug-in (reader/source.py):
PC/SC by default, the simulator when the demo's entry point passes it; no simulator code is imported here."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from app.audit.key import KEY_ENV as AUDIT_KEY_ENV
from app.audit.key import KEY_NAME as AUDIT_KEY_NAME
from app.base.credentials import SAM_SECRETS, CredentialsMissing, sam_credentials
from app.base.settings import Settings
from reader.errors import ReaderBusy, SamError
from reader.readers import Pcsc, ReaderChoice, choose_readers
from reader.sam import SamSecrets
from reader.session import ReadResult, read_pcsc, read_with
from reader.source import CardSource

if TYPE_CHECKING:
    from reader.cardio import CardIO  # the window's card thread; a one-shot command never loads it

# What one card read asks the keyring for, in the order it asks: the SAM's two secrets, then the audit key
# (for the read's audit row). A one-shot command fetches them together (app.base.credentials.fetched_together).
READ_SECRETS = (*SAM_SECRETS, (AUDIT_KEY_NAME, AUDIT_KEY_ENV))

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
        except TimeoutError:  # concurrent.futures' own since Python 3.11
            raise ReaderBusy(f"card read still waiting after {wait + READ_SECONDS:.0f} s") from None
    with Pcsc() as pcsc:
        return read(pcsc)
