"""What a counter's `loket read --json` loads: the card read, the keyring, the audit row and the seal, and
nothing it does not use. Each module listed here costs start-up time that every read pays (issue 26 item 8:
keyring's own package alone was ~80 ms CPU, importlib.metadata ~45 ms, of a ~60 ms bare read)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Never on a read: keyring and what it drags in (jaraco.context → urllib.request, http.client, ssl, email,
# tarfile; jaraco.functools → more_itertools; importlib_metadata), the plug-in scan's importlib.metadata when
# no plug-in is installed, HTTP, PDF and Qt.
NOT_ON_A_READ = ("keyring", "keyrings", "jaraco", "more_itertools", "importlib_metadata", "importlib.metadata",
                 "urllib.request", "http.client", "ssl", "email", "tarfile", "zipfile", "requests", "aiohttp",
                 "reportlab", "PySide6", "pydantic", "psycopg", "app.sim", "reader.simulator", "forms.render",
                 "cryptography.hazmat.backends.openssl", "forms.numbering")

PROBE = """import atexit, sys
out = sys.argv.pop(1)
atexit.register(lambda: open(out, "w").write("\\n".join(sorted(sys.modules))))
from app.cli import main
sys.exit(main())
"""


def _secret_service_or_skip() -> None:
    from bench import secret_service

    if not secret_service.available():
        if os.environ.get("LOKET_REQUIRE_PCSCD") == "1":
            pytest.fail("gnome-keyring-daemon and dbus-daemon are required here")
        pytest.skip("gnome-keyring-daemon / dbus-daemon not installed")


def test_a_read_with_the_secrets_in_the_keyring_imports_only_what_it_uses(pcscd: None, tmp_path: Path) -> None:
    from app.sim.demo import start_demo
    from bench import secret_service

    _secret_service_or_skip()
    demo = start_demo(0)
    try:
        assert demo.mode == "pcscd", demo.description
        with secret_service.secret_service(tmp_path / "home") as env:
            env = {**env, "LOKET_CONFIG": str(tmp_path / "settings.json"), "LOKET_DATA_DIR": str(tmp_path / "data"),
                   "PYTHONPATH": str(ROOT)}
            for name in ("LOKET_SAM_PCID", "LOKET_SAM_CONF", "LOKET_AUDIT_KEY", "LOKET_SEAL_KEY",
                         "PYTHON_KEYRING_BACKEND"):
                env.pop(name, None)
            stored = subprocess.run([str(ROOT / ".venv" / "bin" / "loket"), "credentials", "set", "sam",
                                     "--from-env"], env={**env, "LOKET_SAM_PCID": demo.secrets.pcid.hex(),
                                                         "LOKET_SAM_CONF": demo.secrets.conf.hex()},
                                    capture_output=True, text=True, timeout=60)
            assert stored.returncode == 0, stored.stderr[-2000:]
            modules = tmp_path / "modules.txt"
            read = [sys.executable, "-c", PROBE, str(modules), "read", "--json", "--card-reader", demo.card_reader,
                    "--sam-reader", demo.sam_reader]
            for _ in range(2):  # the first read creates the audit and seal keys; the second is every later one
                done = subprocess.run(read, env=env, capture_output=True, text=True, timeout=60, cwd=tmp_path)
                assert done.returncode == 0, done.stderr[-2000:]
                data = json.loads(done.stdout)
                assert data["authenticity"] == "valid" and data.get("segel_loket"), done.stdout[:500]
    finally:
        demo.stop()
    loaded = set(modules.read_text().split())
    # It did use the keyring, directly: the read is sealed and audited with keys from there.
    assert {"app.base.secretservice", "secretstorage", "app.audit.trail", "app.citizen.readseal"} <= loaded
    unneeded = sorted(m for m in loaded if m.startswith(NOT_ON_A_READ) and
                      any(m == n or m.startswith(n + ".") for n in NOT_ON_A_READ))
    assert not unneeded, unneeded
