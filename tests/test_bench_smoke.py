"""Benches that cannot rot: every bench in bench/ runs here in its smoke form (``--smoke``: a few iterations,
figures printed and written, no time judged), found by discovery so a new bench is run without being listed;
``scripts/bench.sh`` runs every one of them, and the README names exactly those."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"


def benches() -> list[str]:
    # A bench is a script (it runs as __main__); the rest of bench/ are its helpers (machine, gui_session).
    return sorted(p.stem for p in BENCH.glob("*.py") if re.search(r'^if __name__ == "__main__":', p.read_text(),
                                                                      re.M))


def needs_pcscd(name: str) -> bool:
    return re.search(r"^NEEDS_PCSCD = True", (BENCH / f"{name}.py").read_text(), re.M) is not None


def test_there_are_benches_to_run() -> None:
    assert {"card_read", "cli_read", "webapi_handoff", "gui_start"} <= set(benches())


@pytest.mark.parametrize("name", benches())
def test_bench_runs_in_its_smoke_form_and_prints_its_figures(name: str, tmp_path: Path,
                                                             request: pytest.FixtureRequest) -> None:
    if needs_pcscd(name):
        request.getfixturevalue("pcscd")  # skipped without the private stack, a failure where it is required
    out = tmp_path / f"{name}.json"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, str(BENCH / f"{name}.py"), "--smoke", "--json", str(out)], env=env,
                          capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert done.returncode == 0, f"{name}: exit {done.returncode}\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    printed = done.stdout
    assert "machine:" in printed, printed  # a figure is never read without the machine it ran on
    figures = [line for line in printed.splitlines() if not line.startswith("machine:")]
    assert any(re.search(r"\d", line) for line in figures), printed  # and its figures beside it
    assert re.search(r"target|≤|<", printed), printed  # each beside its target
    written = json.loads(out.read_text())
    assert written["machine"]["cores"] >= 1 and written["machine"]["python"]


def _bench_sh() -> list[str]:
    return re.findall(r"^run (\w+)", (ROOT / "scripts" / "bench.sh").read_text(), re.M)


def test_bench_sh_runs_every_bench_once() -> None:
    listed = _bench_sh()
    assert sorted(listed) == benches(), "scripts/bench.sh must `run` every bench in bench/, once"


def test_readme_names_the_benches_bench_sh_runs() -> None:
    readme = (ROOT / "README.md").read_text()
    row = next(line for line in readme.splitlines() if line.startswith("| `bench/` |"))
    helpers = {p.stem for p in BENCH.glob("*.py")} - set(benches())  # machine, gui_session… may be named too
    named = sorted(set(re.findall(r"bench/(\w+)\.py", row)) - helpers)
    assert named == sorted(_bench_sh()), "README's bench/ row must name exactly the benches scripts/bench.sh runs"
