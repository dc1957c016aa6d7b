"""The day and the letter search on an office's PostgreSQL server: the counts come from this counter's
rows on the server, the search reads the office's register (every counter's letters), and a letter this
counter printed is reprinted from its copy here. A real PostgreSQL (tests/postgres_fixtures.py)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

from app import audit
from app.base.settings import load
from app.flows import today
from app.letters.formdata import prepare_for_applicant
from app.letters.printjob import run_job
from app.letters.reprint import REPRINTED_PDF, reprint
from tests.forms_support import applicant

pytest_plugins = ("tests.postgres_fixtures",)

DOMISILI = "surat_domisili"
TYPED = {"alamat_domisili": "JL. MULAWARMAN RT 010", "sejak": "01-03-2024", "keperluan": "Melamar pekerjaan"}


def test_the_office_register_is_searched_and_this_counters_letter_reprinted(pg_office, tmp_path: Path) -> None:
    settings = load()
    who = applicant(6)
    audit.record_read(SimpleNamespace(identity=who.identity), DOMISILI)
    result = run_job(prepare_for_applicant(DOMISILI, who, TYPED), tmp_path / "asli.pdf", form_id=DOMISILI,
                     nik=who.identity.nik, settings=settings)
    assert result.ok and result.number
    # Another counter's letter, on the same server.
    pg_office.sql("INSERT INTO letter_numbers (office, letter_type, year, seq, number, counter, form_id) "
                  "VALUES ('KEL-MGR', '470/{seq}/KEL/{roman_month}/{year}', 2026, 900, '470/900/KEL/XII/2026', "
                  "'loket-2', 'surat_usaha')")
    day = today.today(settings)
    assert day.workstation == "loket-1" and day.citizens == 1 and day.prints == 1 and day.letters == 1
    found = {i.number: i for i in today.search("/KEL/")}
    assert set(found) == {result.number, "470/900/KEL/XII/2026"}
    assert found["470/900/KEL/XII/2026"].copy_id is None and found["470/900/KEL/XII/2026"].reason == "loket-2"
    mine = found[result.number]
    assert mine.status == "issued" and mine.copy_id is not None
    assert {i.number for i in today.search(date.today().strftime("%d-%m-%Y"))} == set(found)
    assert today.search((date.today() + timedelta(days=1)).isoformat()) == []
    assert today.search("%") == [] and today.search("_") == []  # no wildcard reaches the server
    out = tmp_path / "salinan.pdf"
    again = reprint(mine.copy_id, out, settings=settings)  # type: ignore[arg-type]
    assert again.ok and again.outcome == REPRINTED_PDF and again.number == result.number
    assert pg_office.sql("SELECT count(*) FROM letter_numbers") == [(2,)]  # no number taken


def test_the_server_away_leaves_the_copies_kept_here(pg_office, tmp_path: Path) -> None:
    settings = load()
    who = applicant(6)
    result = run_job(prepare_for_applicant(DOMISILI, who, TYPED), tmp_path / "asli.pdf", form_id=DOMISILI,
                     nik=who.identity.nik, settings=settings)
    assert result.ok
    pg_office.cluster.stop()
    found = today.search(result.number.split("/")[1])
    assert [(i.number, i.status) for i in found] == [(result.number, "saved_pdf")] and found[0].copy_id
