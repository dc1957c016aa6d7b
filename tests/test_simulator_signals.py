"""The registry simulator started as a shell's background job (where SIGINT arrives ignored) still stops on
Ctrl+C's signal and on SIGTERM, as a developer or a service manager would stop it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_background_simulator_stops_on_a_signal(signum: int) -> None:
    # Non-interactive bash starts `… &` with SIGINT and SIGQUIT ignored: what the old simulator never undid.
    shell = subprocess.Popen(
        ["bash", "-c", f'"{sys.executable}" -m app simulate registry --port 0 & echo "pid $!"; wait $!; echo "rc $?"'],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert shell.stdout is not None
        pid = int(shell.stdout.readline().split()[1])
        while "berjalan di" not in (line := shell.stdout.readline()):
            assert line, shell.stderr.read() if shell.stderr else ""
        with open(f"/proc/{pid}/status") as status:  # the premise: this job really ignores SIGINT
            ignored = int(next(ln for ln in status if ln.startswith("SigIgn:")).split()[1], 16)
        assert ignored & (1 << (signal.SIGINT - 1)) == 0, "the simulator still ignores SIGINT"
        os.kill(pid, signum)
        out, _err = shell.communicate(timeout=10)
    finally:
        if shell.poll() is None:
            shell.kill()
    assert "rc 0" in out
