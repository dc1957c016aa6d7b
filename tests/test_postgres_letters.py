"""Letter numbers on a real PostgreSQL office server: one sequence per office, letter type and year; no
duplicate under concurrent counters; offline numbers only from the counter's own block, and said so."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest

from app.storage import sync
from app.storage.letters import next_letter_number
from forms.numbering import NumberingError

pytest_plugins = ("tests.postgres_fixtures",)

ROOT = Path(__file__).resolve().parent.parent
DOMISILI = "470/{seq}/KEL/{roman_month}/{year}"
SKTM = "474/{seq}/SKTM/{roman_month}/{year}"
DAY = date(2026, 11, 23)

ISSUER = textwrap.dedent("""
    import json, sys
    from datetime import date
    sys.path.insert(0, sys.argv[1])
    from app.storage.letters import next_letter_number
    out = [str(next_letter_number("KEL-MGR", "470/{seq}/KEL/{roman_month}/{year}", date(2026, 11, 23)))
           for _ in range(int(sys.argv[2]))]
    print(json.dumps(out))
""")


def test_several_processes_issuing_at_once_never_share_a_number(pg_office):
    n, each = 5, 30
    procs = [subprocess.Popen([sys.executable, "-c", ISSUER, str(ROOT), str(each)], stdout=subprocess.PIPE,
                              env=pg_office.env(f"c{i}")) for i in range(n)]
    outputs = [p.communicate(timeout=180)[0] for p in procs]
    assert all(p.returncode == 0 for p in procs)
    numbers = [num for out in outputs for num in json.loads(out)]
    assert len(numbers) == n * each
    assert len(set(numbers)) == n * each  # not one duplicate
    # ...and no number was lost between them: the sequence is dense.
    assert sorted(int(x.split("/")[1]) for x in numbers) == list(range(1, n * each + 1))
    assert pg_office.sql("SELECT count(*), count(DISTINCT number) FROM letter_numbers") == [(n * each, n * each)]


def test_one_sequence_per_office_letter_type_and_year(pg_office):
    assert next_letter_number("KEL-MGR", DOMISILI, DAY) == "470/001/KEL/XI/2026"
    assert next_letter_number("KEL-MGR", SKTM, DAY) == "474/001/SKTM/XI/2026"
    assert next_letter_number("KEL-MGR", DOMISILI, DAY) == "470/002/KEL/XI/2026"
    assert next_letter_number("KEC-BPT", DOMISILI, DAY) == "470/001/KEL/XI/2026"  # another office's own
    assert next_letter_number("KEL-MGR", DOMISILI, date(2027, 1, 4)) == "470/001/KEL/I/2027"
    # A pattern without the year never restarts: its numbers would repeat across years otherwise.
    assert next_letter_number("KEL-MGR", "470/{seq}/KEL", DAY) == "470/001/KEL"
    assert next_letter_number("KEL-MGR", "470/{seq}/KEL", date(2027, 1, 4)) == "470/002/KEL"
    issued = pg_office.sql("SELECT counter, form_id, fallback FROM letter_numbers")
    assert {row[0] for row in issued} == {"loket-1"} and not any(row[2] for row in issued)


def test_storage_office_setting_names_the_shared_sequence(pg_office):
    pg_office.write_settings(office="KANTOR-1")
    first = next_letter_number("KEL-MGR", "{office}/{seq}/{year}", DAY)
    second = next_letter_number("KEL-LAIN", "{office}/{seq}/{year}", DAY)
    assert (first, second) == ("KEL-MGR/001/2026", "KEL-LAIN/002/2026")  # printed code, shared sequence


def test_a_duplicate_number_is_refused_by_the_server(pg_office):
    import psycopg

    next_letter_number("KEL-MGR", DOMISILI, DAY)
    with pytest.raises(psycopg.errors.UniqueViolation):
        pg_office.sql("INSERT INTO letter_numbers (office, letter_type, year, seq, number, counter) "
                      "VALUES ('KEL-MGR', 'x', 2026, 7, '470/001/KEL/XI/2026', 'rogue')")


def test_offline_without_a_block_issues_no_number_and_says_so(pg_office):
    pg_office.cluster.stop()
    with pytest.raises(NumberingError, match="tidak punya blok nomor cadangan"):
        next_letter_number("KEL-MGR", DOMISILI, DAY)


def test_offline_numbers_come_from_the_counters_block_and_reach_the_server_later(pg_office):
    pg_office.write_settings(fallback_numbers={"start": 9000, "end": 9001})
    online = next_letter_number("KEL-MGR", DOMISILI, DAY)
    assert (online, online.fallback, online.notice) == ("470/001/KEL/XI/2026", False, "")
    pg_office.cluster.stop()  # the office network drops mid-day
    offline = next_letter_number("KEL-MGR", DOMISILI, DAY)
    assert offline == "470/9000/KEL/XI/2026" and offline.fallback
    assert "cadangan" in offline.notice and "9000–9001" in offline.notice and offline in offline.notice
    assert next_letter_number("KEL-MGR", DOMISILI, DAY) == "470/9001/KEL/XI/2026"
    with pytest.raises(NumberingError, match="sudah habis"):
        next_letter_number("KEL-MGR", DOMISILI, DAY)
    pg_office.cluster.start()
    result = sync.drain(force=True)
    assert result.letters == 2 and result.error == ""
    rows = pg_office.sql("SELECT number, counter, fallback FROM letter_numbers WHERE fallback ORDER BY seq")
    assert rows == [("470/9000/KEL/XI/2026", "loket-1", True), ("470/9001/KEL/XI/2026", "loket-1", True)]
    assert sync.drain(force=True).letters == 0  # pushed once only


def test_the_office_sequence_jumps_over_every_counters_block(pg_office):
    pg_office.write_settings(fallback_numbers={"start": 3, "end": 5})
    got = [next_letter_number("KEL-MGR", DOMISILI, DAY) for _ in range(3)]
    assert got == ["470/001/KEL/XI/2026", "470/002/KEL/XI/2026", "470/006/KEL/XI/2026"]
    # Another counter's block too, once that counter has been online with it.
    pg_office.sql("INSERT INTO number_blocks (office, counter, first_seq, last_seq) VALUES ('KEL-MGR', 'c9', 7, 8)")
    assert next_letter_number("KEL-MGR", DOMISILI, DAY) == "470/009/KEL/XI/2026"
