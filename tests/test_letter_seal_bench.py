"""The seal benchmark runs in its own throwaway data folder and keyring and writes its figures (one quick run:
timing is the bench's job, not CI's)."""

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench" / "letter_seal.py"


def test_the_seal_bench_runs_its_smoke_form_and_writes_both_figures(tmp_path):
    out = tmp_path / "seal.json"
    done = subprocess.run([sys.executable, str(BENCH), "--smoke", "--json", str(out)], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode in (0, 1), done.stderr  # 1 only when over a target, which a loaded machine may be
    data = json.loads(out.read_text())
    assert data["runs"] == 3 and data["seal_added_ms"] is not None and data["verify_pdf_s"] > 0
    assert data["render_sealed_ms"] > 0 and data["verify_in_process_ms"] > 0
    assert "sealing adds" in done.stdout and "loket verify, one-page PDF" in done.stdout
