"""The private PC/SC test stack (scripts/pcsc-stack.sh): the one pcscd the tests may stop and start.

Inside the stack's namespaces the only pcscd is the script's, named by the pid file the script writes
(``LOKET_TEST_PCSCD_PIDFILE``). Tests stop it by that pid and write the pid of the one they start back, so
the next test (and the script's own cleanup) knows it. Nothing here looks for a pcscd by name: on a
developer's PC that would find the distribution's daemon serving real readers.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

PCSCD_SOCKET = Path("/run/pcscd/pcscd.comm")
CARD_PORT, SAM_PORT = 35963, 35964
_started: list[subprocess.Popen[bytes]] = []


def active() -> bool:
    return os.environ.get("LOKET_PCSC_STACK") == "1" and pidfile() is not None


def pidfile() -> Path | None:
    name = os.environ.get("LOKET_TEST_PCSCD_PIDFILE", "")
    return Path(name) if name else None


def pcscd_pid() -> int | None:
    path = pidfile()
    try:
        pid = int(path.read_text().strip()) if path else 0
    except (OSError, ValueError):
        return None
    return pid if pid > 0 and _alive(pid) else None


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")  # a zombie waiting for its parent to reap it is gone already


def listening(port: int) -> bool:
    """Never probe by connecting: a connection to vpcd's port *is* a card insertion."""
    try:
        lines = Path("/proc/net/tcp").read_text().splitlines()[1:]
    except OSError:
        return False
    return any(line.split()[1].endswith(f":{port:04X}") and line.split()[3] == "0A" for line in lines)


def ready() -> bool:
    return PCSCD_SOCKET.exists() and listening(CARD_PORT) and listening(SAM_PORT)


def stop_pcscd(timeout: float = 10.0) -> None:
    """Stop the stack's pcscd (SIGTERM, by its pid) and wait until it is gone."""
    pid = pcscd_pid()
    assert active(), "only the private test stack's pcscd may be stopped"
    if pid is None:
        return
    os.kill(pid, signal.SIGTERM)
    for proc in _started:
        if proc.pid == pid:
            proc.wait(timeout)
    deadline = time.monotonic() + timeout
    while _alive(pid):
        assert time.monotonic() < deadline, "pcscd did not stop"
        time.sleep(0.02)


def start_pcscd(timeout: float = 10.0) -> int:
    """Start a pcscd in the stack (after stop_pcscd) and record its pid; returns when the readers are up."""
    assert active(), "pcscd is started only inside the private test stack"
    proc = subprocess.Popen(["pcscd", "--foreground"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    _started.append(proc)
    path = pidfile()
    assert path is not None
    path.write_text(f"{proc.pid}\n")
    deadline = time.monotonic() + timeout
    while not ready():
        assert time.monotonic() < deadline, "pcscd did not come back"
        time.sleep(0.05)
    return proc.pid


def restart_pcscd() -> int:
    stop_pcscd()
    return start_pcscd()


def pcscd_threads() -> int:
    """pcscd runs one thread per client context: a client that leaks contexts grows this."""
    pid = pcscd_pid()
    return len(os.listdir(f"/proc/{pid}/task")) if pid else 0


def pcscd_client_sockets() -> int:
    """Sockets pcscd holds open: its listening one plus one per connected client context."""
    pid = pcscd_pid()
    if not pid:
        return 0
    count = 0
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            if os.readlink(f"/proc/{pid}/fd/{fd}").startswith("socket:"):
                count += 1
        except OSError:
            continue
    return count
