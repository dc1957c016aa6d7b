"""The day at this counter (app/flows/today.py), the kept copies (app/letters/copies.py) and the reprint
(app/letters/reprint.py), without Qt: a real letter printed through the one print job, its copy encrypted on disk, a
reprint with SALINAN on every page and the same number, no new number taken, and the reprint audited."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from pypdf import PdfReader

from app import audit
from app.base.paths import data_dir
from app.base.settings import Settings
from app.flows import today
from app.letters import copies
from app.letters.formdata import prepare_for_applicant
from app.letters.printjob import run_job
from app.letters.reprint import REPRINTED_PDF, reprint
from app.report import stats
from app.storage.sqlite import NUMBERS_DB
from forms.numbering import register
from tests.forms_support import applicant

DOMISILI = "surat_domisili"
TYPED = {"alamat_domisili": "JL. MULAWARMAN RT 010", "sejak": "01-03-2024", "keperluan": "Melamar pekerjaan"}


def pdf_text(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def strip_copy(page: str) -> str:
    return "".join(line + "\n" for line in page.splitlines() if "SALINAN" not in line)


def print_letter(tmp_path: Path, person: int = 6, settings: Settings | None = None) -> tuple[str, object]:
    who = applicant(person)
    audit.record_read(SimpleNamespace(identity=who.identity), DOMISILI)  # as the window records the tap
    prepared = prepare_for_applicant(DOMISILI, who, TYPED)
    result = run_job(prepared, tmp_path / f"asli-{person}.pdf", form_id=DOMISILI, nik=who.identity.nik,
                     settings=settings or Settings())
    assert result.ok and result.number
    return result.number, who


def test_a_reprint_is_the_same_letter_marked_salinan_with_no_new_number(tmp_path: Path) -> None:
    number, who = print_letter(tmp_path)
    day = today.today(Settings())
    line = day.last_copy()
    assert line is not None and line.number == number and line.services == (DOMISILI,)
    assert line.nik_hash == audit.nik_hash(who.identity.nik)
    taken_before = register(data_dir() / NUMBERS_DB)

    out = tmp_path / "salinan.pdf"
    result = reprint(line.copy_id, out)  # type: ignore[arg-type]
    assert result.ok and result.outcome == REPRINTED_PDF and result.number == number
    original, copy = pdf_text(tmp_path / "asli-6.pdf"), pdf_text(out)
    assert all("SALINAN" in page for page in copy) and not any("SALINAN" in page for page in original)
    assert all(number in page or i > 0 for i, page in enumerate(copy)) and number in copy[0]
    # Word for word the original (its date and footer too), only the SALINAN lines added.
    assert [strip_copy(page) for page in copy] == original
    assert register(data_dir() / NUMBERS_DB) == taken_before  # no number taken, none re-marked
    last = audit.last_row()
    assert last is not None and (last.kind, last.outcome, last.form_id) == ("print", REPRINTED_PDF, DOMISILI)
    assert last.nik_hash == audit.nik_hash(who.identity.nik)


def test_a_reprint_the_printer_refused_voids_nothing_while_a_first_print_it_refused_voids_its_number(
        tmp_path: Path) -> None:
    """A failed reprint took no number: the window must not say "Nomor … tidak terpakai dan dicatat batal"
    about the original letter, which stays printed in the register."""
    number, _who = print_letter(tmp_path)
    line = today.today(Settings()).last_copy()
    assert line is not None and line.copy_id is not None
    taken_before = register(data_dir() / NUMBERS_DB)

    def jammed(_pdf: Path) -> int:
        raise OSError("printer jammed")

    again = reprint(line.copy_id, tmp_path / "salinan.pdf", send=jammed)
    assert (again.outcome, again.number, again.voided) == ("printer_missing", number, False)
    assert register(data_dir() / NUMBERS_DB) == taken_before  # the original is still what it was
    who = applicant(7)
    first = run_job(prepare_for_applicant(DOMISILI, who, TYPED), tmp_path / "baru.pdf", form_id=DOMISILI,
                    nik=who.identity.nik, settings=Settings(), send=jammed)
    assert first.outcome == "printer_missing" and first.number and first.voided  # that number went void


def test_the_copy_on_disk_holds_no_readable_personal_data(tmp_path: Path) -> None:
    number, who = print_letter(tmp_path)
    raw = copies.db_path().read_bytes()
    for secret in (who.identity.nik, who.identity.nama, TYPED["alamat_domisili"], TYPED["keperluan"]):
        assert secret.encode() not in raw
    assert number.encode() in raw  # the number is the register's, not the person's
    assert copies.db_path().stat().st_mode & 0o777 == 0o600


def test_a_copy_under_another_key_or_past_its_retention_is_refused(tmp_path: Path, monkeypatch) -> None:
    print_letter(tmp_path)
    line = today.today(Settings()).last_copy()
    assert line is not None and line.copy_id is not None
    monkeypatch.setenv(copies.KEY_ENV, "another-machine")
    with pytest.raises(copies.CopiesUnavailable):
        copies.open_copy(line.copy_id)
    result = reprint(line.copy_id, tmp_path / "x.pdf")
    assert not result.ok and result.outcome == "no_copy" and "Salinan surat tidak tersedia" in result.sentence
    assert not (tmp_path / "x.pdf").exists()
    monkeypatch.delenv(copies.KEY_ENV)
    assert copies.purge(Settings(), now=datetime.now(UTC) + timedelta(days=8)) == 1
    with pytest.raises(copies.CopiesUnavailable):
        copies.open_copy(line.copy_id)


def test_no_copy_is_kept_when_the_office_turns_copies_off(tmp_path: Path) -> None:
    off = Settings()
    off.extra["reprint"] = {"retention_days": 0}
    print_letter(tmp_path, settings=off)
    assert copies.entries(date.today()) == []
    assert today.today(off).last_copy() is None
    assert today.today(off).citizens == 1  # served all the same


def test_the_days_counts_are_the_reports_own(tmp_path: Path) -> None:
    """Two taps of one card and one of another: two citizens, as Laporan counts them; one print."""
    number, who = print_letter(tmp_path)
    audit.record_read(SimpleNamespace(identity=who.identity), DOMISILI)  # the same citizen tapped again
    other = applicant(3)
    audit.record_read(SimpleNamespace(identity=other.identity), "data_ektp")
    audit.record_lookup(other, "data_ektp", "")
    day = today.today(Settings())
    report = stats.from_trail(date.today(), date.today(), Settings())
    assert day.citizens == 2 == report.served_per_day[date.today()]
    assert day.prints == 1 == report.total_prints and day.letters == 1
    assert [(line.number, line.services) for line in day.lines] == [(number, (DOMISILI,)), ("", ("data_ektp",))]
    assert audit.nik_hash(other.identity.nik) == day.lines[1].nik_hash and day.lines[1].copy_id is None


def test_search_by_number_or_date_finds_the_register_and_its_copy(tmp_path: Path) -> None:
    number, _who = print_letter(tmp_path)
    seq = number.split("/")[1]
    by_number = today.search(seq)
    assert [(i.number, i.status) for i in by_number] == [(number, "saved")] and by_number[0].copy_id
    by_day = today.search(date.today().strftime("%d-%m-%Y"))
    assert [i.number for i in by_day] == [number]
    assert today.search((date.today() - timedelta(days=1)).isoformat()) == []
    assert today.search("999/zzz") == []


@pytest.mark.parametrize("text", ["%", "_", "'; DROP TABLE letters; --", "\\", "9" * 10_000, "31-02-2026",
                                  "00-00-0000", "\x00", "2026-13-01"])
def test_hostile_search_text_finds_nothing_and_breaks_nothing(tmp_path: Path, text: str) -> None:
    number, _who = print_letter(tmp_path)
    assert today.search(text) == []
    assert [i.number for i in today.search(number)] == [number]  # the register is still whole
    with sqlite3.connect(data_dir() / NUMBERS_DB) as conn:
        assert conn.execute("SELECT count(*) FROM letters").fetchone()[0] == 1


def test_parse_day() -> None:
    assert today.parse_day("02-12-2026") == date(2026, 12, 2) == today.parse_day("2026-12-02")
    assert today.parse_day("2/12/2026") == date(2026, 12, 2)
    assert today.parse_day("470/001/KEL") is None and today.parse_day("30-02-2026") is None


def test_the_cli_shows_the_day_without_names_and_reprints_by_number(tmp_path: Path, capsys) -> None:
    from app import cli

    number, who = print_letter(tmp_path)
    capsys.readouterr()
    assert cli.main(["today"]) == 0
    shown = capsys.readouterr().out
    assert "1 warga, 1 cetak, 1 surat bernomor" in shown and number in shown
    assert who.identity.nik not in shown and str(who.value("nama")) not in shown
    assert cli.main(["today", "--find", number.split("/")[1]]) == 0
    assert number in capsys.readouterr().out
    out = tmp_path / "cli-salinan.pdf"
    assert cli.main(["reprint", number, "--out", str(out)]) == 0
    assert all("SALINAN" in page for page in pdf_text(out)) and number in pdf_text(out)[0]
    assert audit.last_row().outcome == REPRINTED_PDF
    assert cli.main(["reprint", "470/999/KEL/I/1999", "--out", str(tmp_path / "x.pdf")]) == 1
    assert "Tidak ada salinan surat 470/999/KEL/I/1999" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize("damage", ["garbage", "empty_table", "token"])
def test_a_broken_copies_file_costs_the_reprint_never_the_letter_or_the_count(tmp_path: Path, damage: str) -> None:
    number, _who = print_letter(tmp_path, person=6)
    if damage == "garbage":
        copies.db_path().write_bytes(b"not a database at all" * 100)
    elif damage == "empty_table":
        with sqlite3.connect(copies.db_path()) as conn:
            conn.execute("DROP TABLE copies")
            conn.execute("CREATE TABLE copies (id INTEGER PRIMARY KEY)")
    else:
        with sqlite3.connect(copies.db_path()) as conn:
            conn.execute("UPDATE copies SET token = ?", (b"gAAAAAtampered",))
    second, _ = print_letter(tmp_path, person=3)  # the next letter prints and is numbered all the same
    assert second != number
    day = today.today(Settings())
    assert day.citizens == 2 and day.prints == 2
    assert [i.number for i in today.search(number.split("/")[1])] == [number]  # the register answers
    if damage == "token":
        first = next(line for line in day.lines if line.number == number)
        result = reprint(first.copy_id, tmp_path / "x.pdf")  # type: ignore[arg-type]
        assert result.outcome == "no_copy" and not (tmp_path / "x.pdf").exists()
        assert audit.last_row().outcome == "saved_pdf"  # a refused reprint is no access: nothing audited


def test_a_name_revealed_from_a_copy_is_audited_first_and_changes_no_figure(tmp_path: Path, monkeypatch) -> None:
    number, who = print_letter(tmp_path)
    day = today.today(Settings())
    line = day.last_copy()
    assert line is not None
    assert today.name_of(line) == str(who.value("nama"))
    last = audit.last_row()
    assert last is not None and (last.kind, last.outcome, last.form_id, last.service) == (
        "view", today.NAME_SHOWN, DOMISILI, "")
    assert last.nik_hash == audit.nik_hash(who.identity.nik)
    again = today.today(Settings())
    assert (again.citizens, again.prints, again.letters) == (day.citizens, day.prints, day.letters)
    report = stats.from_trail(date.today(), date.today(), Settings())
    assert report.served == {(date.today(), DOMISILI): 1} and report.failed_reads == 0
    # A trail that cannot take the row: the name is not shown.
    monkeypatch.setattr("app.audit.events.append", lambda *a, **k: (_ for _ in ()).throw(OSError("disk full")))
    with pytest.raises(audit.AuditUnavailable):
        today.name_of(line)
