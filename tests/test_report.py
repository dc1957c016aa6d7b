"""The office report: figures from a real audit trail, the PDF (read back and rendered) and CSV, the
command's exit codes, and a simulated day through the real core."""

from __future__ import annotations

import csv
import shutil
import subprocess
from collections import Counter
from datetime import date, datetime, time
from pathlib import Path

import pypdf
import pytest

from app import audit, cli
from app.base.settings import Settings
from app.report import stats
from app.report.stats import NO_SERVICE
from app.sim import simday
from tests.report_support import DAY1, DAY2, SECONDS, WITA, write_trail

RSUD, DOMISILI = "rsud_pasien_baru", "surat_domisili"


@pytest.fixture(autouse=True)
def audit_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOKET_AUDIT_KEY", "test-report-key")
    audit.forget_key()


def test_figures_from_the_trail_per_service_day_hour_and_counter() -> None:
    write_trail()
    r = stats.from_trail(DAY1, DAY2, Settings(extra={"report": {"seconds_per_field": SECONDS}}), tz=WITA)
    # distinct citizens per local day; B counts once per service she was served at
    assert r.served_per_day == {DAY1: 3, DAY2: 2} and r.citizens == 5
    assert r.served == {(DAY1, RSUD): 2, (DAY1, DOMISILI): 1, (DAY1, NO_SERVICE): 1,
                        (DAY2, RSUD): 1, (DAY2, NO_SERVICE): 1}
    # first arrival's local hour: D's 00.30 on day 2 is 16.30 UTC on day 1, and belongs to day 2
    assert r.served_per_hour == {0: 1, 8: 2, 9: 1, 23: 1}
    # a cancel or a preview is not a print
    assert r.prints == {(DAY1, RSUD): 1, (DAY1, DOMISILI): 1, (DAY2, RSUD): 1} and r.total_prints == 3
    assert r.lookups == 4 and r.not_asked == 1
    assert r.registry_failures == Counter({"failed_timeout": 1, "refused_quota": 1})
    assert r.lookups_with_discrepancy == 1 and r.discrepancy_fields == Counter({"nama": 1, "alamat": 1})
    assert (r.prefilled, r.typed) == (50, 13) and r.seconds_saved == 50 * SECONDS
    assert r.failed_reads == 1
    by_counter = {c.workstation: c for c in r.counters}
    one, two = by_counter["loket-1"], by_counter["loket-2"]
    assert (one.citizens, one.prints, one.lookups, one.registry_failures, one.discrepancies, one.prefilled) == \
        (2, 2, 2, 1, 1, 30)
    assert (two.citizens, two.prints, two.lookups, two.registry_failures, two.discrepancies, two.prefilled) == \
        (3, 1, 2, 1, 0, 20)
    assert r.services[0] == RSUD  # busiest first


def test_a_one_day_range_leaves_the_other_days_out() -> None:
    write_trail()
    r = stats.from_trail(DAY2, DAY2, tz=WITA)
    assert r.citizens == 2 and r.days == [DAY2] and r.total_prints == 1
    assert r.registry_failures == Counter({"refused_quota": 1})


def test_seconds_per_field_setting_and_its_fallback() -> None:
    assert stats.seconds_per_field(Settings(extra={"report": {"seconds_per_field": 4.5}})) == 4.5
    for bad in ({"seconds_per_field": "6"}, {"seconds_per_field": -1}, {"seconds_per_field": True}, "x"):
        assert stats.seconds_per_field(Settings(extra={"report": bad})) == stats.DEFAULT_SECONDS_PER_FIELD
    assert stats.seconds_per_field(None) == stats.DEFAULT_SECONDS_PER_FIELD


def run(*args: str) -> int:
    return cli.main(["report", *args])


def test_report_command_writes_a_pdf_with_the_chart_and_a_csv(tmp_path: Path, capsys) -> None:
    write_trail()
    pdf, table = tmp_path / "laporan.pdf", tmp_path / "laporan.csv"
    assert run("--from", "2026-11-23", "--to", "2026-11-24", "--out", str(pdf), "--csv", str(table)) == 0
    assert "laporan.pdf" in capsys.readouterr().out
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(pdf).pages)
    for expected in ("Laporan Layanan Loket", "23-11-2026 s.d. 24-11-2026", "Warga dilayani per hari, per layanan",
                     "Pasien baru RSUD", "Ket. domisili", "Baca e-KTP saja", "loket-1", "loket-2",
                     "kuota pencarian habis", "waktu tunggu habis", "5 detik per isian"):
        assert expected in text, expected
    with table.open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    totals = {r["ukuran"]: r["nilai"] for r in rows if r["bagian"] == "jumlah"}
    assert totals["cetak"] == "3" and totals["isian_otomatis"] == "50" and totals["detik_dihemat"] == "250"
    per_counter = {(r["loket"], r["ukuran"]): r["nilai"] for r in rows if r["bagian"] == "per_loket"}
    assert per_counter[("loket-1", "cetak")] == "2" and per_counter[("loket-2", "warga")] == "3"
    fields = {r["ukuran"]: r["nilai"] for r in rows if r["bagian"] == "data_berbeda"}
    assert fields == {"alamat": "1", "nama": "1"}


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_the_pdf_page_shows_the_bars(tmp_path: Path) -> None:
    from PIL import Image

    write_trail()
    pdf = tmp_path / "laporan.pdf"
    assert run("--from", "2026-11-23", "--to", "2026-11-24", "--out", str(pdf)) == 0
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")],
                   check=True)
    image = Image.open(next(tmp_path.glob("p*.png"))).convert("RGB")
    colours = Counter(image.tobytes()[i:i + 3] for i in range(0, image.width * image.height * 3, 3))

    def area(rgb: tuple[int, int, int]) -> int:
        return sum(n for c, n in colours.items() if max(abs(a - b) for a, b in zip(c, rgb, strict=True)) < 12)

    # the first service's bars (#1f5fa8) and the second's (#e08a1e) cover real area on the page
    assert area((0x1F, 0x5F, 0xA8)) > 200 and area((0xE0, 0x8A, 0x1E)) > 50


def test_report_command_usage_errors_and_an_empty_range(tmp_path: Path, capsys) -> None:
    assert run("--from", "2026-11-24", "--to", "2026-11-23", "--out", str(tmp_path / "r.pdf")) == 2
    assert "--to tidak boleh sebelum --from" in capsys.readouterr().err
    assert run("--from", "2026-01-01", "--to", "2026-01-01", "--out", str(tmp_path / "r.pdf")) == 0
    assert "tidak ada kejadian" in capsys.readouterr().err
    assert pypdf.PdfReader(tmp_path / "r.pdf").pages  # an empty report is still a report
    missing = tmp_path / "no-such-dir" / "r.pdf"
    assert run("--from", "2026-01-01", "--to", "2026-01-01", "--out", str(missing)) == 1
    assert "tidak dapat ditulis" in capsys.readouterr().err and not missing.exists()


def test_a_simulated_day_goes_through_the_core_into_a_chained_trail() -> None:
    day = date(2026, 11, 23)
    result = simday.simulate_day(day, citizens=14, seed=3)
    rows = audit.rows()
    assert result.rows == len(rows) and audit.verify() is None
    assert {r.workstation for r in rows} <= set(simday.COUNTERS)
    opening = datetime.combine(day, time(8, 0)).astimezone()
    assert all(opening <= datetime.fromisoformat(r.time) <= opening.replace(hour=16) for r in rows)
    kinds = Counter(r.kind for r in rows)
    assert kinds["read"] >= 14 and kinds["lookup"] == 14 and kinds["print"] >= 1
    # the registry simulator knew the synthetic citizens: lookups found them, with the population's quirks
    assert sum(r.outcome == "found" for r in rows if r.kind == "lookup") >= 10
    report = stats.from_trail(day, day)
    assert report.citizens == 14 and report.total_prints == result.printed
    assert report.prefilled > report.typed > 0  # the core's FilledForm.counts() on every print


def test_synthetic_citizens_are_distinct_and_keep_their_base() -> None:
    people = [simday.synthetic_person(k) for k in range(30)]
    assert len({p.nik for p in people}) == 30 and len({p.uid or p.uid_type_b for p in people}) == 30
    assert people[1].nama == "RISKY RISTIANDY" and people[1].nik.startswith("357805170888")
