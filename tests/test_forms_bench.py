"""The render benchmark runs and writes what it printed (one quick run: timing is the bench's job, not CI's)."""

import importlib.util
import json
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench" / "forms_render.py"


def test_bench_writes_a_row_per_form_and_a_preview_row_for_stock(tmp_path, monkeypatch, capsys):
    # the bench sets these for its own run; let the test's monkeypatch put them back afterwards
    for name in ("LOKET_CONFIG", "LOKET_REGISTRY_USER", "LOKET_REGISTRY_PASSWORD"):
        monkeypatch.setenv(name, "")
    spec = importlib.util.spec_from_file_location("forms_render_bench", BENCH)
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    out = tmp_path / "r.json"
    code = bench.main(["--runs", "1", "--form", "surat_usaha", "--form", "rsud_rm1_pracetak", "--json", str(out)])
    data = json.loads(out.read_text())
    assert [r["form"] for r in data["forms"]] == ["surat_usaha", "rsud_rm1_pracetak", "rsud_rm1_pracetak (pratinjau)"]
    assert all(r["pages"] == 1 and r["median_ms"] > 0 and not r["input_problems"] for r in data["forms"])
    assert code in (0, 1)  # 1 only when over the target, which a loaded CI machine may be
    assert "per page" in capsys.readouterr().out
