"""The PC/SC context, the list of readers, and which reader holds the e-KTP and which the SAM."""

from __future__ import annotations

import logging
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass

from smartcard import scard

from reader.cardio import check_thread
from reader.errors import QT_TRANSLATE_NOOP, NoCard, PcscUnavailable, ReaderNotFound, ReadError, SamError
from reader.transport import PcscTransport, context_lost, pcsc_error

log = logging.getLogger("loket.readers")

# Name fragments real readers use for their SAM slot and their contactless slot.
SAM_HINTS = ("SAM",)
CARD_HINTS = (" RF", "PICC", "CONTACTLESS", " CL ", "NFC")


class Pcsc:
    """One PC/SC context, re-established by itself when the service restarts under it.

    pcscd refuses a client's 201st context, so a context that is never released ends the counter's day in
    the afternoon. Use it as ``with Pcsc() as pcsc:`` or own it for the session (``reader.cardio.CardIO``);
    a forgotten one is still released when it is garbage-collected. Every call (list, status, wait,
    connect) that finds the context gone gets one fresh context and one more try; a transmit that finds it
    gone marks it, so the next call starts fresh. The context and its connections belong to the thread that
    made it: a call from another thread raises ``reader.cardio.WrongThread``.
    """

    live = 0  # contexts established and not yet released, in this process (the soak asserts it stays flat)
    _count_lock = threading.Lock()

    def __init__(self) -> None:
        self.context: int | None = None
        self.owner = threading.current_thread()
        self._stale = False
        self._finalizer: weakref.finalize | None = None
        self.establish()

    def __enter__(self) -> Pcsc:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()

    def establish(self) -> None:
        check_thread(self.owner, "establish context")
        hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        if hresult != scard.SCARD_S_SUCCESS:
            raise PcscUnavailable(f"establish context: PC/SC {hresult & 0xFFFFFFFF:#010x}")
        self.context = context
        self._stale = False
        with Pcsc._count_lock:
            Pcsc.live += 1
        self._finalizer = weakref.finalize(self, _release_context, context)

    def ensure(self) -> None:
        """Service restarted or context invalid (pcscd / SCardSvr restart): get a fresh one."""
        check_thread(self.owner, "check context")
        if self.context is None or self._stale or \
                scard.SCardIsValidContext(self.context) != scard.SCARD_S_SUCCESS:
            self.release()
            self.establish()

    def mark_lost(self) -> None:
        """A call through one of this context's handles found the service gone."""
        self._stale = True

    def release(self) -> None:
        check_thread(self.owner, "release context")
        if self._finalizer is not None:
            self._finalizer()  # releases exactly once, here or at garbage collection
            self._finalizer = None
        self.context = None

    def _call(self, call: Callable[[int], tuple], what: str) -> tuple:
        """``call(context)`` -> (hresult, ...); once more on a fresh context when the old one is gone."""
        self.ensure()
        result = call(self.context)  # type: ignore[arg-type]
        if context_lost(result[0]):
            log.info("PC/SC context lost during %s (%#010x); establishing a new one", what,
                     result[0] & 0xFFFFFFFF)
            self.release()
            self.establish()
            result = call(self.context)  # type: ignore[arg-type]
        return result

    def readers(self) -> list[str]:
        hresult, names = self._call(lambda ctx: scard.SCardListReaders(ctx, []), "list readers")
        if hresult in (scard.SCARD_E_NO_READERS_AVAILABLE, scard.SCARD_E_READER_UNAVAILABLE):
            return []
        if hresult != scard.SCARD_S_SUCCESS:
            raise pcsc_error(hresult, "list readers")
        return list(names)

    def card_present(self, reader: str) -> bool:
        states = self.states([reader], timeout_ms=0)
        return bool(states.get(reader, 0) & scard.SCARD_STATE_PRESENT)

    def states(self, readers: list[str], timeout_ms: int = 0) -> dict[str, int]:
        return {name: state for name, (state, _atr) in self.status(readers, timeout_ms).items()}

    def status(self, readers: list[str], timeout_ms: int = 0) -> dict[str, tuple[int, bytes]]:
        """Each reader's state and the ATR of what it holds, in one call; no APDU is sent."""
        hresult, result = self._call(lambda ctx: scard.SCardGetStatusChange(
            ctx, timeout_ms, [(r, scard.SCARD_STATE_UNAWARE) for r in readers]), "reader status")
        if hresult != scard.SCARD_S_SUCCESS:
            raise pcsc_error(hresult, "reader status")
        return {name: (state, bytes(atr)) for name, state, atr in result}

    def _wait_state(self, reader: str, seconds: float, done: Callable[[int], bool]) -> int | None:
        """Block on PC/SC's own change events until ``done(state)``; the state, or None on timeout."""
        deadline = time.monotonic() + seconds
        state = scard.SCARD_STATE_UNAWARE
        while True:
            remaining = max(0, int((deadline - time.monotonic()) * 1000))
            hresult, result = self._call(
                lambda ctx, ms=remaining, known=state: scard.SCardGetStatusChange(ctx, ms, [(reader, known)]),
                f"wait on {reader}")
            if hresult == scard.SCARD_E_TIMEOUT:
                return None
            if hresult != scard.SCARD_S_SUCCESS:
                raise pcsc_error(hresult, f"wait on {reader}")
            _name, state, _atr = result[0]
            if done(state):
                return state
            if remaining == 0:
                return None
            state &= ~scard.SCARD_STATE_CHANGED

    def wait_for_card(self, reader: str, seconds: float) -> None:
        """Block until a card is in ``reader``; NoCard after ``seconds``. Event-driven, not polling."""
        state = self._wait_state(reader, seconds, lambda st: bool(
            st & scard.SCARD_STATE_UNKNOWN or (st & scard.SCARD_STATE_PRESENT and not st & scard.SCARD_STATE_MUTE)))
        if state is None:
            raise NoCard(f"no card in {reader} within {seconds:g} s")
        if state & scard.SCARD_STATE_UNKNOWN:
            raise ReaderNotFound(f"reader {reader} disappeared")

    def wait_for_removal(self, reader: str, seconds: float) -> bool:
        """Block until ``reader`` is empty; False when still holding a card after ``seconds``."""
        empty = scard.SCARD_STATE_EMPTY | scard.SCARD_STATE_UNKNOWN
        return self._wait_state(reader, seconds, lambda st: bool(st & empty)) is not None

    def connect(self, reader: str, role: str = "card") -> PcscTransport:
        self.ensure()
        try:
            return PcscTransport(self.context, reader, role, on_lost=self.mark_lost,  # type: ignore[arg-type]
                                 owner=self.owner)
        except ReadError as exc:
            if not context_lost(exc.hresult):
                raise
        log.info("PC/SC context lost during connect; establishing a new one")
        self.ensure()
        return PcscTransport(self.context, reader, role, on_lost=self.mark_lost,  # type: ignore[arg-type]
                             owner=self.owner)


def _release_context(context: int) -> None:
    with Pcsc._count_lock:
        Pcsc.live -= 1
    scard.SCardReleaseContext(context)  # a context the restarted service no longer knows: nothing to do


@dataclass(frozen=True)
class ReaderChoice:
    card: str
    sam: str


def _matching(names: list[str], hint: str) -> list[str]:
    return [n for n in names if hint.casefold() in n.casefold()]


def _has_hint(name: str, hints: tuple[str, ...]) -> bool:
    upper = f" {name.upper()} "
    return any(h in upper for h in hints)


def holds_card(reader: str, card_reader: str = "", sam_reader: str = "") -> bool:
    """Whether an insertion or removal in ``reader`` is the citizen's card: the card reader once it is
    known (the settings, the demo's, or as the first read named it), else, before that, any reader but
    the SAM's or one whose name says SAM."""
    if card_reader:
        return card_reader in reader
    return not (sam_reader and sam_reader in reader) and not _has_hint(reader, SAM_HINTS)


def probe_is_contactless(pcsc: Pcsc, reader: str) -> bool:
    """A contactless slot answers the PC/SC GET UID pseudo-APDU; a SAM (contact card) does not."""
    try:
        transport = pcsc.connect(reader)
    except Exception:
        return False
    try:
        r = transport.transmit(b"\xff\xca\x00\x00\x00")
        return len(r) >= 6 and r[-2:] == b"\x90\x00"
    except Exception:
        return False
    finally:
        transport.close()


def choose_readers(pcsc: Pcsc, card_hint: str = "", sam_hint: str = "",
                   ignore: tuple[str, ...] | list[str] = ()) -> ReaderChoice:
    """Pinned names win; then name hints; then probing what each reader holds."""
    all_names = pcsc.readers()
    if not all_names:
        raise ReaderNotFound("no PC/SC reader connected")
    names = [n for n in all_names if not any(i.casefold() in n.casefold() for i in ignore)]

    card = sam = ""
    if card_hint:
        found = _matching(all_names, card_hint)
        if not found:
            raise ReaderNotFound(f"card reader matching {card_hint!r} not found among {len(all_names)} readers",
                                 QT_TRANSLATE_NOOP("Core", "Pembaca e-KTP \"{reader}\" tidak ditemukan. Periksa "
                                                   "kabel USB atau pengaturan pembaca.").format(reader=card_hint))
        card = found[0]
    if sam_hint:
        found = [n for n in _matching(all_names, sam_hint) if n != card]
        if not found:
            raise SamError(f"SAM reader matching {sam_hint!r} not found",
                           QT_TRANSLATE_NOOP("Core", "Pembaca SAM \"{reader}\" tidak ditemukan. Periksa pembaca "
                                                     "dan SAM-nya.").format(reader=sam_hint))
        sam = found[0]

    rest = [n for n in names if n not in (card, sam)]
    if not sam:
        named = [n for n in rest if _has_hint(n, SAM_HINTS)]
        sam = named[0] if named else ""
    if not card:
        named = [n for n in rest if n != sam and _has_hint(n, CARD_HINTS)]
        card = named[0] if named else ""
    if not card or not sam:
        # Probe: a reader whose card answers GET UID is the contactless one; a reader holding a card that
        # does not is a SAM; an empty reader may be the contactless one waiting for a citizen.
        holding, empty = [], []
        for n in rest:
            if n in (card, sam):
                continue
            (holding if pcsc.card_present(n) else empty).append(n)
        contactless = [n for n in holding if probe_is_contactless(pcsc, n)]
        contact = [n for n in holding if n not in contactless]
        if not card:
            candidates = contactless + empty
            card = candidates[0] if candidates else ""
        if not sam:
            candidates = [n for n in contact if n != card]
            sam = candidates[0] if candidates else ""
    if not card:
        raise ReaderNotFound(f"no contactless reader among {len(all_names)} readers")
    if not sam:
        raise SamError("no reader holds a SAM", QT_TRANSLATE_NOOP(
            "Core", "SAM tidak ditemukan di pembaca. Pastikan SAM terpasang."))
    log.info("card reader %r, SAM reader %r", card, sam)
    return ReaderChoice(card=card, sam=sam)
