"""Which program listens on a port, when the OS says: so `loket serve` can tell IT what holds the port
instead of guessing. Linux only (/proc/net/tcp and each process's descriptors); elsewhere, or when the
holder is another user's process we may not look into, the answer is None and the message says less.
"""

from __future__ import annotations

import os
from pathlib import Path

LISTEN = "0A"


def _listening_inodes(port: int, proc: Path) -> set[str]:
    inodes: set[str] = set()
    for table in ("tcp", "tcp6"):
        try:
            lines = (proc / "net" / table).read_text(encoding="ascii", errors="replace").splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            parts = line.split()
            if len(parts) < 10 or parts[3] != LISTEN:
                continue
            try:
                local_port = int(parts[1].rsplit(":", 1)[1], 16)
            except (IndexError, ValueError):
                continue
            if local_port == port and parts[9] != "0":
                inodes.add(parts[9])
    return inodes


def holder(port: int, proc: Path = Path("/proc")) -> str | None:
    """``"python3 (pid 1234)"`` for the process listening on ``port``; None when the OS does not say."""
    if not (proc / "net" / "tcp").exists():
        return None
    inodes = _listening_inodes(port, proc)
    if not inodes:
        return None
    wanted = {f"socket:[{inode}]" for inode in inodes}
    try:
        pids = [p for p in os.listdir(proc) if p.isdigit()]
    except OSError:
        return None
    for pid in pids:
        fd_dir = proc / pid / "fd"
        try:
            fds = os.listdir(fd_dir)
        except OSError:  # gone, or another user's
            continue
        for fd in fds:
            try:
                if os.readlink(fd_dir / fd) in wanted:
                    name = (proc / pid / "comm").read_text(encoding="utf-8", errors="replace").strip()
                    return f"{name[:40]} (pid {pid})"
            except OSError:
                continue
    return None
