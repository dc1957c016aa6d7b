"""The card-read bench through pcscd + vpcd writes the read, its floor, APDU count and bytes moved (one
tiny run; the figures themselves are the bench's to print)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.pcscd

BENCH = Path(__file__).resolve().parents[1] / "bench" / "card_read.py"


def test_card_read_bench_reports_floor_ratio_apdus_and_bytes(pcscd, tmp_path: Path, capsys) -> None:
    spec = importlib.util.spec_from_file_location("bench_card_read", BENCH)
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    out = tmp_path / "card.json"
    assert bench.main(["--smoke", "--runs", "2", "--json", str(out)]) == 0
    data = json.loads(out.read_text())
    assert data["loket_ms"] > 0 and data["floor_ms"] > 0 and data["ratio"] > 0
    # UID, authentication with the SAM, biodata, photo, signature and the authenticity check: dozens of
    # APDUs moving the photo's kilobytes
    assert data["apdus"] > 20 and data["bytes"] > 10_000
    assert data["machine"]["pcscd"] and data["runs"] == 2
    printed = capsys.readouterr().out
    assert "APDUs" in printed and "bytes moved" in printed and "≤ 1.2" in printed
