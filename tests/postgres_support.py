"""A throwaway PostgreSQL cluster on loopback for the tests: initdb into a temporary folder, pg_ctl on a free
port, torn down afterwards. The server refuses to run as root, and CI runs as root, so the cluster belongs
to Debian's ``postgres`` user (``runuser``), or ``nobody`` when there is none.

Without PostgreSQL binaries the tests are skipped, unless ``LOKET_REQUIRE_POSTGRES=1`` (set by
scripts/test.sh), where that is a failure.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ADMIN = "loket_admin"
ADMIN_PASSWORD = "admin-test-password"
APP_USER = "loket"
APP_PASSWORD = "loket-test-password"


class Unavailable(Exception):
    pass


def bindir() -> Path:
    """Debian keeps the server binaries out of PATH, in /usr/lib/postgresql/<major>/bin."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(os.path.realpath(initdb)).parent
    raise Unavailable("PostgreSQL server binaries (initdb, pg_ctl) are not installed (Debian: postgresql)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _runas() -> tuple[list[str], str | None]:
    if os.geteuid() != 0:
        return [], None
    for user in ("postgres", "nobody"):
        try:
            pwd.getpwnam(user)
        except KeyError:
            continue
        return ["runuser", "-u", user, "--"], user
    raise Unavailable("running as root and neither a 'postgres' nor a 'nobody' user exists")


@dataclass
class Cluster:
    root: Path
    port: int
    bin: Path
    prefix: list[str] = field(default_factory=list)

    @property
    def data(self) -> Path:
        return self.root / "data"

    def _ctl(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run([*self.prefix, str(self.bin / "pg_ctl"), "-D", str(self.data), *args],
                              capture_output=True, text=True, timeout=60, check=check)

    def start(self) -> None:
        opts = (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.root} -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off -c max_connections=60")
        done = self._ctl("start", "-w", "-t", "30", "-l", str(self.root / "server.log"), "-o", opts, check=False)
        if done.returncode != 0:
            log = (self.root / "server.log").read_text(errors="replace")[-2000:] \
                if (self.root / "server.log").exists() else ""
            raise Unavailable(f"pg_ctl start failed: {done.stderr.strip()} {log}")

    def stop(self) -> None:
        self._ctl("stop", "-w", "-m", "fast", check=False)

    def running(self) -> bool:
        return self._ctl("status", check=False).returncode == 0

    def admin(self, dbname: str = "postgres"):  # -> psycopg.Connection
        import psycopg

        return psycopg.connect(host="127.0.0.1", port=self.port, dbname=dbname, user=ADMIN,
                               password=ADMIN_PASSWORD, autocommit=True, connect_timeout=5)

    def destroy(self) -> None:
        if self.running():
            self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


def start_cluster() -> Cluster:
    binaries = bindir()
    prefix, user = _runas()
    root = Path(tempfile.mkdtemp(prefix="loket-pg-", dir="/tmp"))
    pwfile = root / "pw"
    pwfile.write_text(ADMIN_PASSWORD + "\n")
    if user is not None:
        entry = pwd.getpwnam(user)
        os.chown(root, entry.pw_uid, entry.pw_gid)
        os.chown(pwfile, entry.pw_uid, entry.pw_gid)
    cluster = Cluster(root, _free_port(), binaries, prefix)
    init = subprocess.run([*prefix, str(binaries / "initdb"), "-D", str(cluster.data), "-U", ADMIN,
                           "--pwfile", str(pwfile), "--auth-local=trust", "--auth-host=scram-sha-256",
                           "-E", "UTF8", "--no-locale", "--no-sync"],
                          capture_output=True, text=True, timeout=120)
    pwfile.unlink()
    if init.returncode != 0:
        shutil.rmtree(root, ignore_errors=True)
        raise Unavailable(f"initdb failed: {init.stderr.strip()[-1000:]}")
    for attempt in range(3):
        try:
            cluster.start()
            break
        except Unavailable:
            if attempt == 2:
                cluster.destroy()
                raise
            cluster.port = _free_port()  # someone took the port between the probe and the start
    deadline = time.monotonic() + 20
    while True:
        try:
            with cluster.admin() as conn:
                conn.execute(f"CREATE ROLE {APP_USER} LOGIN PASSWORD '{APP_PASSWORD}'")
            break
        except Exception:
            if time.monotonic() > deadline:
                cluster.destroy()
                raise
            time.sleep(0.2)
    return cluster
