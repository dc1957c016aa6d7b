"""A desktop keyring of its own for a bench or a test: a private D-Bus session bus and gnome-keyring-daemon's
Secret Service on it, unlocked, in a throw-away home — what a Linux counter's logged-in session has.

Both daemons are started here, in the foreground, and stopped by their pids; nothing of the machine's own
session (if it has one) is seen or touched: the caller passes the returned variables to what it runs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

DAEMONS = ("dbus-daemon", "gnome-keyring-daemon")


def available() -> bool:
    return all(shutil.which(name) for name in DAEMONS)


def _answering(address: str) -> bool:
    import secretstorage
    from jeepney.io.blocking import open_dbus_connection

    try:
        with open_dbus_connection(bus=address) as connection:
            return bool(secretstorage.check_service_availability(connection))
    except Exception:
        return False


@contextmanager
def secret_service(home: Path, password: str = "loket-test") -> Iterator[dict[str, str]]:
    """The environment of a session whose Secret Service runs (``DBUS_SESSION_BUS_ADDRESS``, ``HOME``…)."""
    runtime = home / "run"
    runtime.mkdir(parents=True, exist_ok=True)
    runtime.chmod(0o700)
    env = {**os.environ, "HOME": str(home), "XDG_RUNTIME_DIR": str(runtime),
           "XDG_DATA_HOME": str(home / ".local" / "share"), "XDG_CONFIG_HOME": str(home / ".config")}
    env.pop("PYTHON_KEYRING_BACKEND", None)
    started: list[subprocess.Popen[str]] = []
    try:
        bus = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address=1",
                                f"--address=unix:path={runtime / 'bus'}"], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
        started.append(bus)
        assert bus.stdout is not None
        address = bus.stdout.readline().strip()
        if not address:
            raise RuntimeError("dbus-daemon did not start")
        env["DBUS_SESSION_BUS_ADDRESS"] = address
        keyring = subprocess.Popen(["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets",
                                    f"--control-directory={runtime / 'keyring'}"], env=env, stdin=subprocess.PIPE,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True)
        started.append(keyring)
        assert keyring.stdin is not None
        keyring.stdin.write(password + "\n")  # --unlock: the login keyring's password, as a login would
        keyring.stdin.close()
        deadline = time.monotonic() + 15
        while not _answering(address):
            if time.monotonic() > deadline or keyring.poll() is not None:
                raise RuntimeError("gnome-keyring-daemon's Secret Service did not come up")
            time.sleep(0.05)
        yield env
    finally:
        for process in reversed(started):
            process.terminate()
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)
