"""Put a virtual card or SAM into a vsmartcard-vpcd reader of the local pcscd.

vpcd listens on TCP (35963 = `Virtual PCD 00 00`, 35964 = `Virtual PCD 00 01`); the card side is the
client, so connecting inserts the card and closing the socket removes it. Frames in both directions are
a 2-byte big-endian length and the payload; a 1-byte payload from vpcd is a control code, anything longer
a C-APDU to answer with the R-APDU. See /work/shared/notes/pcsc-test-stack.md.
"""

from __future__ import annotations

import logging
import socket
import struct
import threading
import time
from typing import Protocol

log = logging.getLogger(__name__)

CARD_PORT = 35963
SAM_PORT = 35964

_POWER_OFF = 0x00
_POWER_ON = 0x01
_RESET = 0x02
_GET_ATR = 0x04
_QUICKACK = getattr(socket, "TCP_QUICKACK", None)


class Device(Protocol):
    """What the vpcd client needs from a virtual card (VirtualCard and VirtualSam both fit)."""

    atr: bytes

    def respond(self, apdu: bytes) -> bytes: ...

    def reset(self) -> None: ...


def _connect(host: str, port: int) -> socket.socket:
    try:
        sock = socket.create_connection((host, port), timeout=5)
    except ConnectionRefusedError as exc:
        raise ConnectionRefusedError(
            f"vpcd not listening on {host}:{port}: is pcscd running with vsmartcard-vpcd?"
        ) from exc
    sock.settimeout(None)
    # vpcd writes the length and the payload separately; with Nagle and delayed ACKs every APDU
    # stalls ~40 ms instead of ~0.1 ms.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def _recv_exact(sock: socket.socket, n: int) -> bytes | None:
    buf = bytearray()
    while len(buf) < n:
        if _QUICKACK is not None:
            # Linux clears QUICKACK after it fires, so it has to be re-armed before every read.
            sock.setsockopt(socket.IPPROTO_TCP, _QUICKACK, 1)
        try:
            chunk = sock.recv(n - len(buf))
        except OSError:
            return None
        if not chunk:
            return None
        buf += chunk
    return bytes(buf)


def _send(sock: socket.socket, payload: bytes) -> None:
    sock.sendall(struct.pack(">H", len(payload)) + payload)


def _serve_connection(sock: socket.socket, device: Device) -> str:
    """Answer vpcd until the connection ends. Returns "pulled" (pull_at fault) or "closed"."""
    inserted = getattr(device, "inserted", None)
    if callable(inserted):
        inserted()
    should_pull = getattr(device, "should_pull", None)
    while True:
        header = _recv_exact(sock, 2)
        if header is None:
            return "closed"
        (length,) = struct.unpack(">H", header)
        payload = _recv_exact(sock, length) if length else b""
        if payload is None:
            return "closed"
        if len(payload) == 1:
            code = payload[0]
            if code in (_POWER_OFF, _POWER_ON, _RESET):
                device.reset()  # every power transition loses the card's volatile state
            elif code == _GET_ATR:
                try:
                    _send(sock, device.atr)
                except OSError:  # vpcd went away (pcscd stopped) while we answered its poll
                    return "closed"
            else:
                log.warning("vpcd sent unknown control code %02X", code)
            continue
        if not payload:
            continue
        if callable(should_pull) and should_pull():
            log.info("simulated card pulled from the reader mid-read")
            return "pulled"
        try:
            response = device.respond(payload)
        except Exception:  # a simulator bug must not hang pcscd waiting for an answer
            log.exception("virtual device failed on an APDU")
            response = b"\x6f\x00"
        try:
            _send(sock, response)
        except OSError:
            return "closed"


class VpcdHandle:
    """A device sitting in one vpcd reader, served from a daemon thread."""

    def __init__(self, port: int, host: str = "127.0.0.1") -> None:
        self.port = port
        self.host = host
        self.device: Device | None = None
        self.pulled = threading.Event()  # set when a pull_at fault removed the card
        self._lock = threading.Lock()
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None

    @property
    def present(self) -> bool:
        thread = self._thread
        return thread is not None and thread.is_alive()

    def insert(self, device: Device | None = None) -> None:
        """Insert `device` (or the previous one again); replaces any card still in the reader."""
        self.remove()
        device = device or self.device
        if device is None:
            raise ValueError("no device to insert")
        with self._lock:
            sock = _connect(self.host, self.port)
            self.device, self._sock = device, sock
            self.pulled.clear()
            self._thread = threading.Thread(
                target=self._run, args=(sock, device), name=f"vpcd-{self.port}", daemon=True
            )
            self._thread.start()

    def _run(self, sock: socket.socket, device: Device) -> None:
        try:
            if _serve_connection(sock, device) == "pulled":
                self.pulled.set()
        finally:
            sock.close()

    def remove(self) -> None:
        """Take the card out: close the connection and wait for the serving thread to end."""
        with self._lock:
            sock, thread = self._sock, self._thread
            self._sock = self._thread = None
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # already closed by a pull or by vpcd
        if thread is not None:
            thread.join(timeout=5)

    def stop(self) -> None:
        self.remove()
        self.device = None


def start(device: Device, port: int = CARD_PORT, host: str = "127.0.0.1") -> VpcdHandle:
    """Insert `device` into the vpcd reader on `port` and serve it in the background."""
    handle = VpcdHandle(port, host)
    handle.insert(device)
    return handle


def serve_forever(
    device: Device,
    port: int = CARD_PORT,
    host: str = "127.0.0.1",
    reconnect: bool = True,
    reinsert_after: float = 1.0,
) -> None:
    """Serve `device` in the foreground (for `loket simulate card`); Ctrl-C ends it.

    The first connection failure raises ConnectionRefusedError. Later, when pcscd restarts or a pull
    fault removes the card, the card is put back (after `reinsert_after` seconds for a pull) unless
    `reconnect` is False.
    """
    sock = _connect(host, port)
    log.info("virtual device inserted in vpcd reader on port %d", port)
    while True:
        try:
            reason = _serve_connection(sock, device)
        finally:
            sock.close()
        if not reconnect:
            return
        if reason == "pulled":
            time.sleep(reinsert_after)
        else:
            log.warning("vpcd on port %d closed the connection; waiting for pcscd to come back", port)
        while True:
            try:
                sock = _connect(host, port)
                break
            except OSError:
                time.sleep(0.5)
        log.info("virtual device re-inserted in vpcd reader on port %d", port)
