"""The kept copies under a careless operator and an attacker with the data folder (issue 27, items 6–8): rows
whose encrypted copies were swapped, a copies file truncated or overwritten, a date edited into the future.
Real letters through the one print job, the real `loket reprint` and the real SQLite file, damaged on disk."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from app import audit, cli
from app.base.settings import Settings
from app.letters import copies
from app.letters.formdata import prepare_for_applicant
from app.letters.printjob import run_job
from app.letters.reprint import reprint
from tests.forms_support import applicant
from tests.test_today import DOMISILI, TYPED, print_letter


def _one_clean_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err and "Error" not in err
    return lines[0]


def test_swapped_copies_never_reprint_another_citizens_letter(tmp_path: Path, capsys) -> None:
    first, who_first = print_letter(tmp_path, person=6)
    second, who_second = print_letter(tmp_path, person=3)
    with sqlite3.connect(copies.db_path()) as conn:
        (a, token_a), (b, token_b) = conn.execute("SELECT id, token FROM copies ORDER BY id").fetchall()
        conn.execute("UPDATE copies SET token = ? WHERE id = ?", (token_b, a))
        conn.execute("UPDATE copies SET token = ? WHERE id = ?", (token_a, b))
    capsys.readouterr()
    out = tmp_path / "salinan.pdf"
    assert cli.main(["reprint", first, "--out", str(out)]) == 1
    assert "Salinan surat tidak tersedia" in _one_clean_line(capsys.readouterr().err)
    assert not out.exists()
    with pytest.raises(copies.CopiesUnavailable):
        copies.open_copy(a)
    with pytest.raises(copies.CopiesUnavailable):
        copies.open_copy(b)
    # Nor does an edited number in the clear move a copy to another letter.
    with sqlite3.connect(copies.db_path()) as conn:
        conn.execute("UPDATE copies SET token = ? WHERE id = ?", (token_a, a))
        conn.execute("UPDATE copies SET number = ? WHERE id = ?", ("470/999/KEL/I/2026", a))
    assert reprint(a, out).outcome == "no_copy" and not out.exists()
    with sqlite3.connect(copies.db_path()) as conn:
        conn.execute("UPDATE copies SET number = ? WHERE id = ?", (first, a))
    assert cli.main(["reprint", first, "--out", str(out)]) == 0  # put back as it was, it opens again
    text = PdfReader(out).pages[0].extract_text()
    assert first in text and str(who_first.value("nama")) in text and str(who_second.value("nama")) not in text


@pytest.mark.parametrize("damage", ["truncated", "garbage"])
def test_a_broken_copies_file_is_one_sentence_and_set_aside(tmp_path: Path, capsys, damage: str) -> None:
    number, _who = print_letter(tmp_path, person=6)
    for person in (3, 1, 2):  # a file of a few pages, so a cut lands inside the table
        print_letter(tmp_path, person=person)
    path = copies.db_path()
    if damage == "truncated":
        size = path.stat().st_size
        with open(path, "r+b") as f:
            f.truncate(size // 2)
    else:
        path.write_bytes(b"\x00garbage" * 4096)
    capsys.readouterr()
    out = tmp_path / "salinan.pdf"
    assert cli.main(["reprint", number, "--out", str(out)]) == 1
    line = _one_clean_line(capsys.readouterr().err)
    assert "rusak dan disisihkan sebagai salinan.sqlite3.rusak-" in line
    aside = list(path.parent.glob("salinan.sqlite3.rusak-*"))
    assert len(aside) == 1 and not out.exists()

    # The next letter prints, says what happened to copies once more only if the file is broken again,
    # and its own copy is kept in a new file and reprints.
    who = applicant(5)
    prepared = prepare_for_applicant(DOMISILI, who, TYPED)
    result = run_job(prepared, tmp_path / "baru.pdf", form_id=DOMISILI, nik=who.identity.nik, settings=Settings())
    assert result.ok and result.copy_note == ""
    assert reprint(copies.entries(number=result.number)[-1].id, out).ok

    path.write_bytes(b"\x00garbage" * 4096)  # broken again, found by the print itself this time
    prepared = prepare_for_applicant(DOMISILI, who, TYPED)
    result = run_job(prepared, tmp_path / "lagi.pdf", form_id=DOMISILI, nik=who.identity.nik, settings=Settings())
    assert result.ok and "rusak dan disisihkan" in result.copy_note and "disimpan di berkas baru" in result.copy_note
    assert len(list(path.parent.glob("salinan.sqlite3.rusak-*"))) == 2
    assert reprint(copies.entries(number=result.number)[-1].id, tmp_path / "lagi-salinan.pdf").ok


@pytest.mark.parametrize("damage", ["truncated", "folder"])
@pytest.mark.usefixtures("demo_data_folder")  # `fill --demo` keeps its copies in the demo's folder
def test_loket_fill_says_what_became_of_the_copy(tmp_path: Path, capsys, damage: str) -> None:
    sets = [arg for key, value in TYPED.items() for arg in ("--set", f"{key}={value}")]
    fill = ["fill", DOMISILI, "--demo", "--person", "6", *sets, "--out"]
    assert cli.main([*fill, str(tmp_path / "a.pdf")]) == 0
    path = copies.db_path()
    if damage == "truncated":
        with open(path, "r+b") as f:
            f.truncate(100)
    else:
        path.unlink()
        path.mkdir()  # a folder where the file should be: no copy can be kept at all
    capsys.readouterr()
    assert cli.main([*fill, str(tmp_path / "b.pdf")]) == 0  # the letter is made all the same
    err = capsys.readouterr().err
    assert "Traceback" not in err
    if damage == "truncated":
        assert "rusak dan disisihkan" in err and "disimpan di berkas baru" in err
    else:
        assert "Salinan surat ini tidak disimpan" in err and "tidak dapat dicetak ulang" in err


def test_a_date_edited_into_the_future_is_purged_and_never_reprinted(tmp_path: Path) -> None:
    number, _who = print_letter(tmp_path, person=6)
    old, _ = print_letter(tmp_path, person=3)
    future = (datetime.now(UTC) + timedelta(days=3650)).isoformat(timespec="milliseconds")
    with sqlite3.connect(copies.db_path()) as conn:
        ids = [r[0] for r in conn.execute("SELECT id FROM copies ORDER BY id")]
        conn.execute("UPDATE copies SET printed_at = ? WHERE id = ?", (future, ids[0]))
    with pytest.raises(copies.CopiesUnavailable, match="future"):
        copies.open_copy(ids[0])
    assert reprint(ids[0], tmp_path / "x.pdf").outcome == "no_copy"
    assert copies.purge(Settings()) == 1  # dated ten years on: gone at the next purge, not in ten years
    assert [e.id for e in copies.entries()] == [ids[1]]


def test_a_copy_kept_before_a_due_one_is_due_too(tmp_path: Path) -> None:
    """A date edited to look recent does not keep a copy past the retention: ids grow as copies are kept."""
    print_letter(tmp_path, person=6)
    print_letter(tmp_path, person=3)
    with sqlite3.connect(copies.db_path()) as conn:
        first, second = [r[0] for r in conn.execute("SELECT id FROM copies ORDER BY id")]
        recent = datetime.now(UTC).isoformat(timespec="milliseconds")
        conn.execute("UPDATE copies SET printed_at = ? WHERE id = ?", (recent, first))
        old = (datetime.now(UTC) - timedelta(days=30)).isoformat(timespec="milliseconds")
        conn.execute("UPDATE copies SET printed_at = ? WHERE id = ?", (old, second))
    assert copies.purge(Settings()) == 2 and copies.entries() == []
    assert audit.verify() is None
