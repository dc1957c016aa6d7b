"""docs/fault-matrix.md names a test for every fault; each named test must exist, so the table cannot rot.

The names are collected by pytest itself (``--collect-only``), so a parametrised row such as
``test_registry_fault[slow]`` must be a real parameter id, and a renamed or deleted test fails here."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DOC = REPO / "docs" / "fault-matrix.md"
NAME = re.compile(r"`(tests/[\w/]+\.py::[\w]+(?:\[[^\]`]+\])?)`")

FAULTS = (  # every fault issue 6 lists: each needs its own row
    "card pulled after N APDUs", "different card put on between reads", "reader unplugged", "pcscd stopped",
    "SAM slot empty", "SAM refusing unlock", "wrong SAM credentials", "registry timeout",
    "registry refused connection", "registry 500", "registry HTML body", "wrong person", "two persons",
    "Login Gagal", "IP Address Tidak Sesuai", "Kuota Pencarian Habis", "any other RESPON", "printer missing",
    "print cancelled", "disk full while writing a PDF", "corrupt settings file",
    # issue 14: a day at the counter
    "1,000 reads and 300 window taps", "card swapped right before the last command", "SAM pulled",
    "another program sends the SAM", "same card announced again", "card lifted after typing",
    # issue 16: what an attacker, a full disk and a broken registry found
    "registry redirect", "registry trickles", "nested 100,000 deep", "output path is a folder",
    "kill -9 during", "audit cannot be written", "audit trail cut", "CSV formula", "control or text-direction",
    "letter number file broken", "settings numbers NaN", "photo-out", "doctor --report", "free-text refusal",
    # issue 15: nothing the clerk did is lost
    "print cancelled in the dialog", "kill -9 or a power cut while the clerk types", "registry refused (quota",
    "office server that accepts and never answers", "idle at the counter", "a saved read edited",
    # issue 21: real registry data and real office operations
    "packets are dropped", "optional value unreadable", "required value unreadable", "never online",
    "blocks overlap", "reinstalled while the office server was away", "private CA", "crash inside the window",
    # issue 27: the local service and the kept copies under attack
    "without the `loket.v1` protocol", "stopped and started again at once", "2,000 idle or half-open",
    "asks `?photo=1`", "127.0.0.2", "office's fields", "?nik=", "altered card asked for through the API",
    "copies swapped", "truncated or garbage", "edited into the future", "FIFO, `/dev/zero`", "head -2",
    "audit key from the environment", "no usable OS keyring", "`loket serve -vv`",
)


def rows() -> list[list[str]]:
    lines = [line for line in DOC.read_text(encoding="utf-8").splitlines() if line.startswith("| ")]
    cells = [[c.strip() for c in line.strip("|").split(" | ")] for line in lines]
    return [c for c in cells[1:] if not set("".join(c)) <= set("-|: ")]


def collected(files: set[str]) -> set[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("LOKET_REQUIRE_PCSCD", None)  # collecting runs nothing: no PC/SC stack needed
    done = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                           *sorted(files)], cwd=REPO, capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return {line.strip() for line in done.stdout.splitlines() if "::" in line}


def test_every_fault_of_the_issue_has_a_row_with_a_test() -> None:
    table = rows()
    assert all(len(r) == 5 for r in table), "columns: fault, clerk sees, kept/discarded, audit outcome, test"
    for fault in FAULTS:
        matching = [r for r in table if fault.lower() in r[0].lower()]
        assert matching, f"no row for {fault!r}"
        assert all(NAME.search(r[4]) for r in matching), f"row {fault!r} names no test"


def test_every_test_named_in_the_matrix_exists() -> None:
    names = NAME.findall(DOC.read_text(encoding="utf-8"))
    assert len(names) >= 30
    ids = collected({n.split("::")[0] for n in names})
    missing = [n for n in names
               if n not in ids and not any(i.startswith(n + "[") for i in ids)]
    assert not missing, f"docs/fault-matrix.md names tests that do not exist: {missing}"
