"""A checkout anywhere, /tmp included: scripts/pcsc-stack.sh mounts a private /tmp for what the tests write,
and still keeps a checkout (and its venv) that lives under /tmp visible inside it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _stack_env() -> dict[str, str]:
    env = dict(os.environ)
    # A stack of its own, even when this test runs inside one (CI): the script refuses a leaked marker.
    for name in ("LOKET_PCSC_STACK", "LOKET_TEST_PCSCD_PIDFILE"):
        env.pop(name, None)
    env["LOKET_REQUIRE_PCSCD"] = "1"
    return env


@pytest.mark.slow
def test_a_checkout_under_tmp_runs_the_demo_read_and_a_card_test_in_the_private_stack(tmp_path: Path) -> None:
    for tool in ("git", "unshare", "pcscd"):
        if shutil.which(tool) is None:
            if os.environ.get("LOKET_REQUIRE_PCSCD") == "1":
                pytest.fail(f"{tool} is required here")
            pytest.skip(f"{tool} is not installed")
    assert str(tmp_path.resolve()).startswith("/tmp/")
    checkout = tmp_path / "loket"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(checkout)], check=True, timeout=120)
    # The clone's own venv under /tmp too; its packages are this venv's (a fresh install takes minutes), the
    # code is the clone's (the current folder comes first on sys.path).
    subprocess.run([getattr(sys, "_base_executable", sys.executable), "-m", "venv", "--without-pip",
                    str(checkout / ".venv")], check=True, timeout=120)
    purelib = Path(sysconfig.get_paths(vars={"base": str(checkout / ".venv"),
                                             "platbase": str(checkout / ".venv")})["purelib"])
    (purelib / "loket-test-packages.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    python = str(checkout / ".venv" / "bin" / "python")  # by its /tmp path, as the README's commands name it

    # The demo's headless read, as scripts/demo.sh --headless runs it after setup.
    read = subprocess.run(["bash", "scripts/pcsc-stack.sh", python, "-m", "app", "read", "--demo", "--lookup",
                           "--json", "--person", "1"], cwd=checkout, env=_stack_env(), capture_output=True,
                          text=True, timeout=180)
    assert read.returncode == 0, read.stderr[-3000:]
    record = json.loads(read.stdout)
    assert record["registry"]["found"] is True and record["chip"]["authenticity"] == "valid"
    assert "through pcscd" in read.stderr  # the private stack's pcscd, not the in-process fallback

    # One card test of the clone's own suite, through the same private stack.
    card = subprocess.run(["bash", "scripts/pcsc-stack.sh", python, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "tests/test_pcscd_read.py::test_full_read_through_pcscd"], cwd=checkout,
                          env=_stack_env(), capture_output=True, text=True, timeout=300)
    assert card.returncode == 0, card.stdout[-3000:] + card.stderr[-2000:]
    assert "1 passed" in card.stdout
    imported = subprocess.run([python, "-c", "import app; print(app.__file__)"], cwd=checkout,
                              capture_output=True, text=True, timeout=60)
    assert imported.stdout.strip().startswith(str(checkout)), imported.stdout  # the clone's code ran
