"""Dukcapil's semester report from a simulated semester: six months of office days through the real core (the
simulated-day generator: in-process cards and SAM, the registry simulator over HTTP) with quota days, NIK-only
lookups, registry failures, refused cards and closed days. Every figure is checked against a count made here,
independently, from the raw rows of the trail file; the PDF is read back (pypdf) and looked at (pdftoppm);
neither it nor the CSV holds a NIK."""

from __future__ import annotations

import csv
import json
import re
import shutil
import sqlite3
import subprocess
import sys
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from app.report import dukcapil

ROOT = Path(__file__).resolve().parent.parent
SEMESTER = "2026-2"
QUOTA_DAYS = (date(2026, 7, 15), date(2026, 9, 9), date(2026, 11, 18))
CLOSED_DAYS = (date(2026, 8, 17), date(2026, 12, 24), date(2026, 12, 25))  # holidays: no access at all
PKS = "470/1234/DUKCAPIL/PKS/2025"
PURPOSES = {"rsud_pasien_baru": "Verifikasi identitas pasien", "surat_domisili": "Pelayanan administrasi desa",
            "surat_usaha": "Pelayanan administrasi desa", "surat_tidak_mampu": "Pelayanan administrasi desa",
            "data_ektp": "Verifikasi identitas pemohon"}  # sim_permohonan left unmapped on purpose


def independent_count(trail: Path) -> dict[str, object]:
    """The figures straight from the trail file's rows with SQL and a few lines of Python (not app.report)."""
    conn = sqlite3.connect(trail)
    rows = conn.execute("SELECT time, os_user, workstation, service, kind, outcome, nik_hash, detail "
                        "FROM events").fetchall()
    conn.close()
    visits: dict[tuple, dict] = {}
    lookups: Counter[str] = Counter()
    refused = 0
    readers: Counter[str] = Counter()
    quota: set[date] = set()
    for when, user, station, service, kind, outcome, nik, detail in rows:
        day = datetime.fromisoformat(when).replace(tzinfo=UTC).astimezone().date() \
            if datetime.fromisoformat(when).tzinfo is None else datetime.fromisoformat(when).astimezone().date()
        if not date(2026, 7, 1) <= day <= date(2026, 12, 31):
            continue
        v = visits.setdefault((day, station, nik), {"read": False, "lookup": False, "service": "", "user": ""}) \
            if nik else None
        if kind == "read":
            refused += outcome == "ok_invalid"
            if outcome.startswith("ok"):
                readers.update(json.loads(detail)["card_reader"])
            if outcome == "ok" and v is not None:
                v["read"] = True
        if kind == "lookup" and outcome != "not_asked":
            lookups[outcome] += 1
            quota |= {day} if outcome == "refused_quota" else set()
            if v is not None:
                v["lookup"] = True
        if v is not None:
            v["service"] = v["service"] or service
            v["user"] = v["user"] or user
    accessed = {k: v for k, v in visits.items() if v["read"] or v["lookup"]}
    method = Counter("both" if v["read"] and v["lookup"] else "ektp" if v["read"] else "nik"
                     for v in accessed.values())
    service = Counter(v["service"] or "data_ektp" for v in accessed.values())
    return {"accesses": len(accessed), "method": method, "service": service,
            "counter": Counter(k[1] for k in accessed), "operator": Counter(v["user"] for v in accessed.values()),
            "lookups": lookups, "refused": refused, "readers": readers, "quota": sorted(quota),
            "days": {k[0] for k in accessed}}


@pytest.fixture
def semester(isolated_settings, monkeypatch):
    from app.sim.simday import simulate_semester

    monkeypatch.setenv("LOKET_AUDIT_KEY", "semester-audit-key")
    isolated_settings.write_text(json.dumps({"dukcapil": {
        "office": "Kelurahan Manggar", "agreement_number": PKS, "signer_name": "Drs. H. ABDUL RAHMAN",
        "signer_title": "Lurah Manggar", "signer_nip": "196805121990031007", "place": "Balikpapan",
        "purposes": PURPOSES}}))
    result = simulate_semester(SEMESTER, citizens=2, seed=29, quota_days=QUOTA_DAYS, closed_days=CLOSED_DAYS,
                               nik_share=0.15, refused_share=0.03)
    return result, isolated_settings.parent / "loket-data" / "audit.sqlite3"


@pytest.mark.slow  # six months of office days through the real core: about two minutes on two cores
def test_a_simulated_semester_reconciles_with_the_raw_rows_and_prints(semester, tmp_path):
    result, trail = semester
    assert result.days > 120 and result.quota_days == list(QUOTA_DAYS)
    from app.base.settings import load

    report = dukcapil.from_trail(SEMESTER, load())
    want = independent_count(trail)

    assert report.accesses == want["accesses"] > 200
    assert dict(report.by_method) == dict(want["method"])
    assert set(report.by_method) == {"ektp", "nik", "both"}  # every method occurred in the semester
    assert dict(report.by_service) == dict(want["service"])
    assert dict(report.by_counter) == dict(want["counter"])
    assert dict(report.by_operator) == dict(want["operator"])
    assert dict(report.lookup_outcomes) == dict(want["lookups"])
    assert report.lookups == sum(want["lookups"].values())
    assert report.refused_cards == want["refused"] > 0
    assert dict(report.readers) == dict(want["readers"])
    assert report.quota_days == want["quota"] == list(QUOTA_DAYS)
    assert set(report.days_with_access) == want["days"]
    # Each table adds up to the number of accesses; the purposes follow the settings' mapping.
    for counts in (report.by_method, report.by_service, report.by_purpose, report.by_operator, report.by_counter,
                   report.per_month):
        assert sum(counts.values()) == report.accesses
    assert report.by_purpose["Pelayanan administrasi desa"] == sum(
        report.by_service[s] for s in ("surat_domisili", "surat_usaha", "surat_tidak_mampu"))
    assert report.by_purpose[dukcapil.UNMAPPED] == report.by_service["sim_permohonan"]
    # The office was closed on those weekdays and open on every other one.
    assert report.workdays_without_access == list(CLOSED_DAYS)
    assert len(report.days_without_access) == len(report.days) - result.days

    # The command: PDF + CSV, the CSV's figures equal to the report's.
    pdf, table = tmp_path / "dukcapil.pdf", tmp_path / "dukcapil.csv"
    done = subprocess.run([sys.executable, "-m", "app", "report", "dukcapil", "--semester", SEMESTER, "--out",
                           str(pdf), "--csv", str(table)], cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    assert f"{report.accesses} akses" in done.stdout
    lines = list(csv.reader(table.read_text(encoding="utf-8-sig").splitlines()))
    figures = {(r[0], r[1], r[2]): r[3] for r in lines[1:]}
    assert figures[("jumlah", "", "akses")] == str(report.accesses)
    assert figures[("jumlah", "", "call_nik")] == str(report.lookups)
    assert figures[("jumlah", "", "kartu_ditolak")] == str(report.refused_cards)
    assert {k[1]: int(v) for k, v in figures.items() if k[0] == "cara"} == dict(report.by_method)
    assert [k[1] for k in figures if k[0] == "hari_kuota_habis"] == [d.isoformat() for d in QUOTA_DAYS]

    from pypdf import PdfReader

    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    for words in ("Laporan Penggunaan Data Kependudukan", PKS, "Kelurahan Manggar", "Drs. H. ABDUL RAHMAN",
                  "NIP 196805121990031007", "Semester II 2026", "Verifikasi identitas pasien",
                  "(belum dipetakan ke tujuan PKS)", "Akses data kependudukan per bulan", "kuota pencarian habis"):
        assert words in text, words
    assert str(report.accesses) in text
    # Never a NIK (16 digits) or a citizen's name, in the PDF or the CSV.
    from reader.simulator.population import POPULATION

    for body in (text, table.read_text(encoding="utf-8-sig")):
        assert not re.search(r"\d{16}", body.replace("196805121990031007", ""))  # the NIP is no NIK
        assert not any(p.nama in body for p in POPULATION)

    # Every page looked at: rendered to PNG, none blank, the first holds the chart's bars in colour.
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True, timeout=120)
    from PIL import Image

    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == len(PdfReader(pdf).pages) >= 2
    for png in pages:
        grey = Image.open(png).convert("L")
        dark = sum(grey.histogram()[:200])
        assert dark > grey.width * grey.height * 0.01, f"{png.name} is blank"
    first = Image.open(pages[0]).convert("RGB")
    raw = first.tobytes()
    blue = sum(1 for i in range(0, len(raw), 3) if raw[i + 2] > 120 and raw[i] < 80)  # the first series (#1f5fa8)
    assert blue > 50


def test_semester_parsing_and_bad_input_exit_2(tmp_path):
    assert dukcapil.parse_semester("2026-1") == (date(2026, 1, 1), date(2026, 6, 30))
    assert dukcapil.parse_semester("2026-2") == (date(2026, 7, 1), date(2026, 12, 31))
    for bad in ("2026-3", "2026", "26-2", "2026-2-1", ""):
        with pytest.raises(ValueError):
            dukcapil.parse_semester(bad)
    done = subprocess.run([sys.executable, "-m", "app", "report", "dukcapil", "--semester", "2026-3", "--out",
                           str(tmp_path / "x.pdf")], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "YYYY-1" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "x.pdf").exists()
    done = subprocess.run([sys.executable, "-m", "app", "report", "--out", str(tmp_path / "y.pdf")], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "--from" in done.stderr and "Traceback" not in done.stderr


def test_an_empty_semester_still_prints_and_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("LOKET_AUDIT_KEY", "empty-key")
    out = tmp_path / "kosong.pdf"
    done = subprocess.run([sys.executable, "-m", "app", "report", "dukcapil", "--semester", "2025-1", "--out",
                           str(out)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "PERINGATAN" in done.stderr and "dukcapil.agreement_number" in done.stderr
    from pypdf import PdfReader

    text = PdfReader(out).pages[0].extract_text()
    assert "(dukcapil.agreement_number belum diisi)" in text
    report = dukcapil.compute([], "2025-1")
    assert report.accesses == 0 and len(report.workdays_without_access) == 129


def test_a_full_disk_or_a_folder_writes_nothing_and_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("LOKET_AUDIT_KEY", "k")
    folder = tmp_path / "a-folder.pdf"
    folder.mkdir()
    done = subprocess.run([sys.executable, "-m", "app", "report", "dukcapil", "--semester", "2026-2", "--out",
                           str(folder)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "tidak dapat ditulis" in done.stderr and "Traceback" not in done.stderr
    if Path("/dev/full").exists():
        done = subprocess.run([sys.executable, "-m", "app", "report", "dukcapil", "--semester", "2026-2", "--out",
                               "/dev/full"], cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert done.returncode == 1 and "Traceback" not in done.stderr


def test_counts_come_from_rows_not_from_names(tmp_path):
    """Hand-made rows: a citizen read and looked up twice in one day at one counter is one access (both); the
    same citizen at another counter is another; a refused card is counted and is no access."""
    from types import SimpleNamespace as Row

    def row(t: str, kind: str, outcome: str, nik: str = "h1", ws: str = "c1", service: str = "surat_usaha",
            detail: str = "") -> Row:
        return Row(time=t, kind=kind, outcome=outcome, nik_hash=nik, workstation=ws, service=service,
                   os_user="sri", detail=detail)

    rows = [row("2026-07-01T01:00:00.000+00:00", "read", "ok", detail='{"card_reader":["acr"],"sam_reader":["s"]}'),
            row("2026-07-01T01:00:01.000+00:00", "lookup", "found"),
            row("2026-07-01T01:05:00.000+00:00", "lookup", "failed_timeout"),
            row("2026-07-01T02:00:00.000+00:00", "lookup", "found", ws="c2"),
            row("2026-07-02T01:00:00.000+00:00", "read", "ok_invalid", nik="h2"),
            row("2026-07-02T01:00:00.000+00:00", "lookup", "not_asked", nik="h3"),
            row("2026-06-30T01:00:00.000+00:00", "read", "ok", nik="h9")]  # the semester before
    report = dukcapil.compute(rows, "2026-2", purposes={"surat_usaha": "Usaha"}, tz=UTC)
    assert report.accesses == 2 and dict(report.by_method) == {"both": 1, "nik": 1}
    assert report.lookups == 3 and report.lookup_outcomes["failed_timeout"] == 1 and report.not_asked == 1
    assert report.refused_cards == 1 and dict(report.readers) == {"acr": 1, "?": 1}
    assert dict(report.by_purpose) == {"Usaha": 2} and report.rows == 6
    assert report.days_with_access == {date(2026, 7, 1)}
    assert date(2026, 7, 1) + timedelta(days=1) in report.workdays_without_access
