"""What both reports of ``loket report`` (the office's and Dukcapil's semester report) now write through one
piece each: the command's output writer (a --csv it cannot write fails the command with its sentence, no CSV
is left) and the reports' CSV writer (a counter named like a spreadsheet formula stays text)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from app import audit, cli
from tests.report_support import DAY1, NIK_A, at, use_counter, write_trail

OFFICE = ["--from", "2026-11-23", "--to", "2026-11-24"]
DUKCAPIL = ["dukcapil", "--semester", "2026-2"]
FORMULA = '=HYPERLINK("http://x.example/","klik")'


@pytest.fixture(autouse=True)
def trail(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOKET_AUDIT_KEY", "test-report-outputs-key")
    audit.forget_key()
    write_trail()


@pytest.mark.parametrize("which", [OFFICE, DUKCAPIL], ids=["office", "dukcapil"])
def test_a_csv_target_that_cannot_be_written_fails_the_command(which: list[str], tmp_path: Path, capsys) -> None:
    folder = tmp_path / "angka.csv"
    folder.mkdir()
    assert cli.main(["report", *which, "--out", str(tmp_path / "laporan.pdf"), "--csv", str(folder)]) == 1
    out, err = capsys.readouterr()
    assert "tidak dapat ditulis" in err and "Traceback" not in err and "ditulis ke" not in out
    # The sentence names the file that failed, and says the PDF before it is there.
    assert f"tidak dapat ditulis ke {folder}" in err and f"PDF sudah ditulis ke {tmp_path / 'laporan.pdf'}" in err
    assert (tmp_path / "laporan.pdf").read_bytes()[:5] == b"%PDF-"
    assert folder.is_dir() and list(folder.iterdir()) == []  # the folder is neither replaced nor written into


@pytest.mark.parametrize("which", [OFFICE, DUKCAPIL], ids=["office", "dukcapil"])
def test_a_counter_named_like_a_formula_stays_text_in_the_csv(which: list[str], tmp_path: Path) -> None:
    use_counter(FORMULA)  # the counter's name is the workstation column of every row it writes
    audit.append("read", "ok", nik=NIK_A, at=at(DAY1, 11, 0))
    audit.append("lookup", "found", nik=NIK_A, at=at(DAY1, 11, 0))
    table = tmp_path / "angka.csv"
    assert cli.main(["report", *which, "--out", str(tmp_path / "laporan.pdf"), "--csv", str(table)]) == 0
    cells = [cell for row in csv.reader(table.read_text(encoding="utf-8-sig").splitlines()) for cell in row]
    assert "'" + FORMULA in cells  # the counter is there, as text
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)
