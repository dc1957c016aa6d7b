"""The outgoing-letter register (``loket letters register`` and the window's view) on a single counter: it
equals the letters actually numbered by real prints (printed, saved, void with its reason, reprinted), holds
no citizen's name unless the settings allow it (then each name shown is audited), and every export is one
audit row or no file at all. Numbers by classification code as the settings say, without editing a template."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.forms_support import applicant

ROOT = Path(__file__).resolve().parent.parent
KEL = {"heading": ["PEMERINTAH KOTA BALIKPAPAN", "KELURAHAN MANGGAR"], "place": "Balikpapan",
       "unit_name": "Kelurahan Manggar", "parent_name": "Kecamatan Balikpapan Timur", "code": "KEL-MGR",
       "signer_title": "Lurah Manggar", "signer_name": "H. ABDUL RAHMAN", "signer_nip": "196805121990031007"}
TYPED = {"surat_domisili": {"alamat_domisili": "JL. MULAWARMAN RT 010", "sejak": "01-03-2024",
                            "keperluan": "Melamar pekerjaan"},
         "surat_usaha": {"nama_usaha": "WARUNG MAKAN", "jenis_usaha": "WARUNG MAKAN",
                         "alamat_usaha": "JL. MULAWARMAN RT 010", "mulai_usaha": "01-02-2019",
                         "pengantar_rt": "015/RT.010/XI/2026", "keperluan": "Pengajuan KUR"}}


@pytest.fixture
def office(isolated_settings, monkeypatch):
    monkeypatch.setenv("LOKET_AUDIT_KEY", "register-audit-key")
    from cryptography.fernet import Fernet

    monkeypatch.setenv("LOKET_COPY_KEY", Fernet.generate_key().decode())

    def write(**extra: object) -> object:
        from app.base.settings import load

        body = {"forms": {"offices": {"kelurahan": KEL}}, "storage": {"counter": "loket-2"}, **extra}
        isolated_settings.write_text(json.dumps(body))
        return load()
    return write


def _print(form: str, settings: object, tmp_path: Path, *, send=None, person: int = 3):
    from app.letters.formdata import prepare_for_applicant
    from app.letters.printjob import run_job

    who = applicant(person)
    identity = who.identity
    prepared = prepare_for_applicant(form, who, TYPED[form], settings=settings)
    assert prepared.filled.ok, prepared.filled.problems
    out = tmp_path / (f"{form}.pdf" if send is None else "printer-scratch.pdf")
    return run_job(prepared, out, form_id=form, nik=identity.nik, settings=settings,
                   send=send)


def test_a_kelurahan_numbers_the_way_its_kabupaten_requires_and_the_register_equals_the_letters(office, tmp_path):
    from app import audit
    from app.letters import copies
    from app.letters.reprint import reprint
    from app.report import register

    settings = office(numbering={"pattern": "{kode}/{seq:03}/{kode_desa}/{bulan_romawi}/{tahun}",
                                 "kode_desa": "Ds.RS", "scope": "layanan", "codes": {"surat_usaha": "500.2.2.9"}})
    done = [_print("surat_domisili", settings, tmp_path), _print("surat_usaha", settings, tmp_path)]

    def broken_printer(path: Path) -> int:
        raise OSError("printer gone")

    done.append(_print("surat_domisili", settings, tmp_path, send=broken_printer))
    month = ("I II III IV V VI VII VIII IX X XI XII".split())[date.today().month - 1]
    year = date.today().year
    assert [r.number for r in done] == [f"400.12.2.1/001/Ds.RS/{month}/{year}",
                                        f"500.2.2.9/002/Ds.RS/{month}/{year}",
                                        f"400.12.2.1/003/Ds.RS/{month}/{year}"]
    assert [r.outcome for r in done] == ["saved_pdf", "saved_pdf", "printer_missing"]
    from pypdf import PdfReader

    assert done[0].number in PdfReader(tmp_path / "surat_domisili.pdf").pages[0].extract_text()
    kept = [e for e in copies.entries() if e.number == done[0].number]
    assert reprint(kept[0].id, tmp_path / "salinan.pdf", settings=settings).ok

    book = register.load(date.today() - timedelta(days=1), date.today(), settings)
    assert not book.office_wide and not book.names
    assert [(r.number, r.status, r.reason, r.kode, r.reprints, r.counter) for r in book.rows] == [
        (done[0].number, "saved", "", "400.12.2.1", 1, "loket-2"),
        (done[1].number, "saved", "", "500.2.2.9", 0, "loket-2"),
        (done[2].number, "void", "printer_failed", "400.12.2.1", 0, "loket-2")]
    assert all(r.operator == audit.trail._os_user() for r in book.rows)
    # Sealed letters carry their seal's digest in the register; the void number none.
    assert [bool(re.fullmatch(r"[0-9a-f]{64}", r.seal)) for r in book.rows] == [True, True, False]
    assert book.sealed and register.table(book)[0][-1] == "Segel (SHA-256)"

    out = tmp_path / "agenda.csv"
    cli = subprocess.run([sys.executable, "-m", "app", "letters", "register", "--from",
                          (date.today() - timedelta(days=1)).isoformat(), "--to", date.today().isoformat(),
                          "--out", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert cli.returncode == 0, cli.stderr
    lines = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert [r["segel_sha256"] for r in lines] == [r.seal for r in book.rows]
    assert [(r["nomor_surat"], r["keadaan"], r["sebab_batal"], r["cetak_ulang"]) for r in lines] == [
        (done[0].number, "saved", "", "1"), (done[1].number, "saved", "", "0"),
        (done[2].number, "void", "printer_failed", "0")]
    assert "nama_warga" not in lines[0]  # names only when the settings allow it
    name = applicant(3).identity.nama
    assert name not in out.read_text(encoding="utf-8-sig")
    exports = [r for r in audit.rows() if r.kind == "export" and r.form_id == register.TARGET]
    assert [r.outcome for r in exports] == ["written"]

    pdf = tmp_path / "agenda.pdf"
    register.export(book, pdf, office="Kelurahan Manggar")
    text = PdfReader(pdf).pages[0].extract_text()
    for words in ("Buku Agenda Surat Keluar", done[2].number, "printer gagal", "500.2.2.9", "loket-2",
                  book.rows[0].seal[:16], book.rows[0].seal[48:]):
        assert words in text, words
    assert len([r for r in audit.rows() if r.kind == "export" and r.form_id == register.TARGET]) == 2


def test_names_only_when_the_settings_allow_and_each_one_audited(office, tmp_path):
    from app import audit
    from app.report import register

    settings = office(letters={"register_names": True})
    job = _print("surat_domisili", settings, tmp_path)
    before = len([r for r in audit.rows() if r.kind == "view"])
    book = register.load(date.today(), date.today(), settings)
    assert book.names == {job.number: applicant(3).identity.nama}
    views = [r for r in audit.rows() if r.kind == "view"]
    assert len(views) == before + 1 and views[-1].outcome == "name_shown" and views[-1].nik_hash
    assert "Nama warga" in register.table(book)[0]


def test_an_export_the_trail_cannot_record_leaves_no_file(office, tmp_path, monkeypatch):
    from app import audit
    from app.report import register

    settings = office()
    _print("surat_domisili", settings, tmp_path)
    book = register.load(date.today(), date.today(), settings)

    def refuse(*_a: object, **_k: object) -> None:
        raise audit.AuditUnavailable(OSError("read-only"))

    monkeypatch.setattr(audit, "record_export", refuse)
    out = tmp_path / "agenda.pdf"
    with pytest.raises(audit.AuditUnavailable):
        register.export(book, out)
    assert not out.exists()


def test_bad_ranges_and_unwritable_targets_say_so(office, tmp_path):
    office()
    args = [sys.executable, "-m", "app", "letters", "register", "--from", "2026-12-07", "--to", "2026-12-01",
            "--out", str(tmp_path / "x.csv")]
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "--to" in done.stderr and "Traceback" not in done.stderr
    folder = tmp_path / "folder.pdf"
    folder.mkdir()
    base = args[:5]
    done = subprocess.run([*base, "--from", "2026-12-01", "--to", "2026-12-07", "--out", str(folder)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "tidak dapat ditulis" in done.stderr and "Traceback" not in done.stderr
    done = subprocess.run([*base, "--from", "kemarin", "--to", "2026-12-07", "--out", str(tmp_path / "y.csv")],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "YYYY-MM-DD" in done.stderr


def test_patterns_with_unknown_parts_are_refused_and_the_templates_own_applies(office, tmp_path):
    from app.base import settings_schema as schema
    from app.letters.numbering import scheme_for
    from forms.numbering import check_pattern, format_number

    clean, problems = schema.check({"numbering": {"pattern": "{kode}/{nomor}/{tahun}", "scope": "bulan"}})
    assert {p.path for p in problems} == {"numbering.pattern", "numbering.scope"}
    assert "pattern" not in clean["numbering"]
    with pytest.raises(ValueError, match="nomor"):
        check_pattern("{kode}/{nomor}/{tahun}")
    with pytest.raises(ValueError, match="seq"):
        check_pattern("{kode}/{tahun}")
    for hostile in ("{seq:099999999}", "{seq:>99999}", "{seq!r}", "{kode:>40}/{seq}", "{seq}" + "x" * 200,
                    "{seq}/{tahun.real}", "{seq}/{0}", "{seq}/{", "{seq}}/"):
        with pytest.raises(ValueError):
            check_pattern(hostile)
    assert format_number("{kode}/{seq:04}/{kode_desa}/{bulan_romawi}/{tahun}", 7, date(2026, 3, 2), kode="470",
                         kode_desa="PEM") == "470/0007/PEM/III/2026"
    assert format_number("470/{seq}/KEL/{roman_month}/{year}", 7, date(2026, 3, 2)) == "470/007/KEL/III/2026"
    settings = office()
    assert scheme_for("surat_domisili", "470/{seq}/KEL/{roman_month}/{year}", settings) is None
    settings = office(numbering={"scope": "jenis"})  # a scope alone: the template's own pattern, scoped
    scheme = scheme_for("surat_domisili", "470/{seq}/KEL/{roman_month}/{year}", settings)
    assert scheme is not None and scheme.pattern == "470/{seq}/KEL/{roman_month}/{year}"
    assert scheme.kode == "400.12.2.1" and scheme.scope == "jenis"


def test_single_counter_scopes_year_boundary_and_scope_change(tmp_path):
    from forms.numbering import Scheme, SqliteCounter, issue, register_rows

    db = tmp_path / "nomor.sqlite3"
    counter = SqliteCounter(db, counter="loket-1")
    pattern = "{kode}/{seq:03}/{tahun}"

    def take(form: str, kode: str, scope: str, on: date) -> str:
        return str(issue(counter, "KEL", "x{seq}", on, form_id=form, scheme=Scheme(pattern, kode, "", scope)))

    day = date(2026, 12, 30)
    assert [take("a", "470", "jenis", day), take("b", "474", "jenis", day), take("a", "470", "jenis", day)] == \
        ["470/001/2026", "474/001/2026", "470/002/2026"]
    assert [take("a", "470", "layanan", day), take("b", "474", "layanan", day)] == ["470/003/2026", "474/004/2026"]
    assert take("b", "474", "jenis", day) == "474/005/2026"  # back to per type: continues, 474/002 is never reused
    assert take("a", "470", "surat", date(2027, 1, 2)) == "470/001/2027"  # a new year starts again
    # Back to the template's own numbering (the settings' numbering removed): a number the scopes printed
    # with the same pattern is skipped, never printed twice.
    own = [str(issue(counter, "KEL", pattern.replace("{kode}", "470"), day, form_id="a")) for _ in range(4)]
    assert own == ["470/004/2026", "470/005/2026", "470/006/2026", "470/007/2026"]  # 001-003 were printed
    numbers = [r.number for r in register_rows(db)]
    assert len(numbers) == len(set(numbers)) == 11


def test_mail_takes_the_shared_number_only_when_the_office_shares_it(office, tmp_path):
    from app.report import register

    office(numbering={"pattern": "{kode}/{seq:03}/{tahun}", "scope": "layanan"})
    args = [sys.executable, "-m", "app", "letters", "number", "--mail", "keluar", "--kode", "000.1.2"]
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "numbering.scope" in done.stderr and not done.stdout
    settings = office(numbering={"pattern": "{kode}/{seq:03}/{tahun}", "scope": "surat"})
    letter = _print("surat_usaha", settings, tmp_path)
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"000.1.2/002/{date.today().year}"
    after = _print("surat_domisili", settings, tmp_path)
    assert after.number == f"400.12.2.1/003/{date.today().year}"
    book = register.load(date.today(), date.today(), settings)
    assert [(r.number, r.form_id, r.status) for r in book.rows] == [
        (letter.number, "surat_usaha", "saved"), (done.stdout.strip(), "surat_keluar", "issued"),
        (after.number, "surat_domisili", "saved")]
    for hostile in ("", "a/b", "{seq}", "x" * 40):
        bad = subprocess.run([*args[:-1], hostile], cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert bad.returncode == 2 and "Traceback" not in bad.stderr and not bad.stdout
