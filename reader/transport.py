"""APDU transport: PC/SC through pyscard, or an in-process device for fast tests.

A ``Transport`` moves raw bytes to one card. ``Channel`` sits on top and is the one place that handles
the T=0/T=1 status words (61xx → GET RESPONSE, 6Cxx → resend with the right Le), counts APDUs and bytes,
and writes the APDU trace at DEBUG with the data bytes masked.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from smartcard import scard

from reader.cardio import check_thread
from reader.errors import (
    QT_TRANSLATE_NOOP,
    CardRemoved,
    NoCard,
    PcscUnavailable,
    ReaderNotFound,
    ReadError,
    SamError,
    SamRemoved,
    sw_text,
)

log = logging.getLogger("loket.apdu")


@dataclass(frozen=True)
class Response:
    data: bytes
    sw: int

    @property
    def ok(self) -> bool:
        return self.sw == 0x9000


class Transport(Protocol):
    name: str

    def transmit(self, apdu: bytes) -> bytes:
        """Send one C-APDU, return the R-APDU (data ‖ SW1 SW2). Raises ReadError subclasses."""
        ...

    def control(self, code: int, data: bytes) -> bytes:
        """A reader escape command (SCardControl), not an APDU."""
        ...

    def close(self) -> None: ...


@dataclass
class Counters:
    apdus: int = 0
    bytes_out: int = 0
    bytes_in: int = 0


GET_UID = b"\xff\xca\x00\x00\x00"  # PC/SC part 3 pseudo-APDU, answered by the reader


def mask_apdu(apdu: bytes) -> str:
    """Header in clear (it names the command), payload reduced to its length: data may be personal."""
    head = apdu[:5].hex(" ").upper()
    return head if len(apdu) <= 5 else f"{head} [{len(apdu) - 5} bytes]"


class Channel:
    """One card's APDU channel as the profile sees it."""

    def __init__(self, transport: Transport, label: str,
                 on_uid: Callable[[bytes], None] | None = None) -> None:
        self.transport = transport
        self.label = label  # "card" or "SAM", for the trace
        self.counters = Counters()
        self.uid = b""  # the first UID the reader gave (PC/SC GET UID), whichever profile asked for it
        self._on_uid = on_uid

    def raw(self, apdu: bytes) -> Response:
        """Exactly one exchange, no status-word handling (for answers that are not data ‖ SW)."""
        r = self.transport.transmit(apdu)
        self.counters.apdus += 1
        self.counters.bytes_out += len(apdu)
        self.counters.bytes_in += len(r)
        if log.isEnabledFor(logging.DEBUG):
            log.debug("%s > %s", self.label, mask_apdu(apdu))
            log.debug("%s < [%d bytes] %s", self.label, max(len(r) - 2, 0), r[-2:].hex(" ").upper())
        if len(r) < 2:
            raise self.protocol_error(f"{self.label} answered {len(r)} bytes, not even a status word")
        return Response(r[:-2], (r[-2] << 8) | r[-1])

    def protocol_error(self, message: str) -> ReadError:
        """A device breaking the protocol: blame the one that did, with its own exit code."""
        from reader.errors import CardProtocolError

        return SamError(message) if self.label == "SAM" else CardProtocolError(message)

    def exchange(self, apdu: bytes) -> Response:
        resp = self.raw(apdu)
        data = b""
        command = apdu
        for _ in range(16):  # a card that loops on 61xx/6Cxx must not hang the counter
            sw1 = resp.sw >> 8
            if sw1 == 0x6C and (len(command) == 5 or len(command) == 6 + command[4]):
                command = _with_le(command, resp.sw & 0xFF)  # the command just refused, GET RESPONSE too
                resp = self.raw(command)
            elif sw1 == 0x61:
                data += resp.data
                command = bytes([apdu[0] & 0x03, 0xC0, 0x00, 0x00, resp.sw & 0xFF])
                resp = self.raw(command)
            else:
                final = Response(data + resp.data, resp.sw)
                if apdu == GET_UID and final.ok and not self.uid:
                    self.uid = final.data
                    if self._on_uid is not None:
                        self._on_uid(final.data)  # the window learns early whether this is the same card
                return final
        raise self.protocol_error(f"{self.label} kept answering {sw_text(resp.sw)}")


def _with_le(apdu: bytes, le: int) -> bytes:
    """Replace the short Le (the last byte) of a case-2/4 command."""
    return apdu[:-1] + bytes([le])


# Result codes after which the PC/SC context itself is no longer good: the service restarted or went away
# (pcscd / Windows SCardSvr), or the handle belongs to a context the service no longer knows. Windows
# answers a stale context with the plain Win32 ERROR_INVALID_HANDLE (6), which pyscard does not name.
SCARD_E_INVALID_CONTEXT = 0x00000006
CONTEXT_LOST = frozenset(code & 0xFFFFFFFF for code in (
    scard.SCARD_E_NO_SERVICE, scard.SCARD_E_SERVICE_STOPPED, scard.SCARD_E_INVALID_HANDLE,
    scard.SCARD_F_COMM_ERROR, SCARD_E_INVALID_CONTEXT))


def context_lost(hresult: int) -> bool:
    return hresult & 0xFFFFFFFF in CONTEXT_LOST


class PcscTransport:
    """A connection to one reader through the PC/SC resource manager (pcscd / Windows SCardSvr).

    ``on_lost`` is the owner's (``reader.readers.Pcsc``) hook: any call here that finds the context gone
    tells the owner, so the next call through the owner starts from a fresh context. ``owner``: the thread of
    that context; every call from another thread raises ``reader.cardio.WrongThread``.
    """

    def __init__(self, context: int, reader: str, role: str = "card",
                 share: int = scard.SCARD_SHARE_SHARED, on_lost: Callable[[], None] | None = None,
                 owner: threading.Thread | None = None) -> None:
        self.name = reader
        self.role = role  # "card" or "sam": a SAM that vanishes is a SAM problem, not a pulled e-KTP
        self.owner = owner or threading.current_thread()
        check_thread(self.owner, f"connect to {reader}")
        self._on_lost = on_lost
        self._in_transaction = False
        self.last_used = time.monotonic()
        # Called before every exchange while a read holds this connection (reader.session.held): keeps the
        # read's other connections alive from this same thread.
        self.before_exchange: Callable[[], None] | None = None
        hresult, self._card, self._protocol = scard.SCardConnect(
            context, reader, share, scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1
        )
        if hresult != scard.SCARD_S_SUCCESS:
            self._card = None
            raise self._error(hresult, f"connect to {reader}")
        self._pci = scard.SCARD_PCI_T0 if self._protocol == scard.SCARD_PROTOCOL_T0 else scard.SCARD_PCI_T1

    def _error(self, hresult: int, what: str) -> ReadError:
        if context_lost(hresult) and self._on_lost is not None:
            self._on_lost()
        return pcsc_error(hresult, what, self.role)

    def __enter__(self) -> PcscTransport:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _use(self, what: str) -> None:
        check_thread(self.owner, f"{what} on {self.name}")
        if self.before_exchange is not None:
            self.before_exchange()
        self.last_used = time.monotonic()

    def transmit(self, apdu: bytes) -> bytes:
        self._use("transmit")
        hresult, response = scard.SCardTransmit(self._card, self._pci, list(apdu))
        if hresult != scard.SCARD_S_SUCCESS:
            raise self._error(hresult, f"transmit on {self.name}")
        if not response:
            # A contactless card leaving the field mid-command can come back as an empty answer
            # (seen with vpcd) before PC/SC reports the removal itself.
            message = f"transmit on {self.name}: empty answer, card left the reader"
            raise SamRemoved(message) if self.role == "sam" else CardRemoved(message)
        return bytes(response)

    def control(self, code: int, data: bytes) -> bytes:
        self._use("control")
        hresult, response = scard.SCardControl(self._card, code, list(data))
        if hresult != scard.SCARD_S_SUCCESS:
            raise self._error(hresult, f"control {code:#x} on {self.name}")
        return bytes(response)

    def atr(self) -> bytes:
        check_thread(self.owner, f"status of {self.name}")
        hresult, _reader, _state, _protocol, atr = scard.SCardStatus(self._card)
        if hresult != scard.SCARD_S_SUCCESS:
            raise self._error(hresult, f"status of {self.name}")
        return bytes(atr)

    def begin(self) -> None:
        """Hold this card for one whole read: no other application may talk to it until ``end``."""
        check_thread(self.owner, f"begin transaction on {self.name}")
        hresult = scard.SCardBeginTransaction(self._card)
        if hresult != scard.SCARD_S_SUCCESS:
            raise self._error(hresult, f"begin transaction on {self.name}")
        self._in_transaction = True
        self.last_used = time.monotonic()

    def keep_alive(self) -> None:
        """Windows ends a transaction left idle for 5 s; a status call counts as use (AusweisApp's way)."""
        check_thread(self.owner, f"keep-alive on {self.name}")
        if self._in_transaction and self._card is not None:
            scard.SCardStatus(self._card)
            self.last_used = time.monotonic()

    def end(self) -> None:
        check_thread(self.owner, f"end transaction on {self.name}")
        if self._in_transaction and self._card is not None:
            self._in_transaction = False
            scard.SCardEndTransaction(self._card, scard.SCARD_LEAVE_CARD)  # on a pulled card: nothing to end

    def close(self) -> None:
        check_thread(self.owner, f"disconnect from {self.name}")
        if self._card is not None:
            self.end()
            scard.SCardDisconnect(self._card, scard.SCARD_LEAVE_CARD)
            self._card = None


# Masked to unsigned: some pyscard builds (Windows, AMD64) expose these constants as negative numbers.
_REMOVED = frozenset(c & 0xFFFFFFFF for c in (
    scard.SCARD_W_REMOVED_CARD,
    scard.SCARD_W_RESET_CARD,
    scard.SCARD_E_NO_SMARTCARD,
    scard.SCARD_W_UNPOWERED_CARD,
    scard.SCARD_W_UNRESPONSIVE_CARD,
    scard.SCARD_E_INVALID_HANDLE,
    scard.SCARD_E_NOT_TRANSACTED,
    scard.SCARD_E_PROTO_MISMATCH,
))
_READER_GONE = frozenset(c & 0xFFFFFFFF for c in (
    scard.SCARD_E_UNKNOWN_READER,
    scard.SCARD_E_READER_UNAVAILABLE,
    scard.SCARD_E_NO_READERS_AVAILABLE,
))
_NO_SMARTCARD = scard.SCARD_E_NO_SMARTCARD & 0xFFFFFFFF


def pcsc_error(hresult: int, what: str, role: str = "card") -> ReadError:
    """Map a PC/SC result code to the cause the clerk understands (``.hresult`` keeps the code)."""
    code = hresult & 0xFFFFFFFF
    error = _mapped(code, f"{what}: PC/SC {code:#010x} {scard.SCardGetErrorMessage(hresult)}", what, role)
    error.hresult = code
    return error


def _mapped(code: int, message: str, what: str, role: str) -> ReadError:
    if code in (scard.SCARD_E_NO_SERVICE & 0xFFFFFFFF, scard.SCARD_E_SERVICE_STOPPED & 0xFFFFFFFF,
                scard.SCARD_F_COMM_ERROR & 0xFFFFFFFF):
        return PcscUnavailable(message)
    if role == "sam" and code == _NO_SMARTCARD and "connect" in what:
        return SamError(message, QT_TRANSLATE_NOOP(
            "Core", "SAM tidak terpasang di pembaca. Pasang SAM, lalu coba lagi."))
    if role == "sam" and (code in _READER_GONE or code in _REMOVED):
        return SamRemoved(message)  # the SAM (or its reader) left: not a SAM that refuses
    if code in _READER_GONE:
        return ReaderNotFound(message)
    if code == _NO_SMARTCARD and "connect" in what:
        return NoCard(message)
    if code in _REMOVED:
        return CardRemoved(message)
    return ReadError(message)


class InProcessTransport:
    """Talks to a simulated device object directly: same bytes, no pcscd. For unit tests and Windows demos."""

    def __init__(self, device: object, name: str = "in-process") -> None:
        self.name = name
        self.device = device

    def transmit(self, apdu: bytes) -> bytes:
        # A simulated card with a pull fault vanishes here exactly as it does from a vpcd reader.
        should_pull = getattr(self.device, "should_pull", None)
        if callable(should_pull) and should_pull():
            raise CardRemoved(f"card left {self.name}")
        respond = getattr(self.device, "respond", None)
        if respond is None:  # no device at all: an empty reader
            raise CardRemoved(f"no card on {self.name}")
        return bytes(respond(apdu))

    def control(self, code: int, data: bytes) -> bytes:
        return b"\x90\x00"

    def close(self) -> None:
        pass
