"""Numbers by classification code on a real PostgreSQL office server, four counters (four processes, each with
its own settings and data folder) taking numbers at once: each scope (per letter type, one for all service
letters, one shared with mail) keeps one dense sequence across counters, resets at the year boundary, and a
scope change mid-year continues the numbers without reusing one. The register shows every number taken."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections import defaultdict
from datetime import date
from pathlib import Path

pytest_plugins = ("tests.postgres_fixtures",)

ROOT = Path(__file__).resolve().parent.parent
PATTERN = "{kode}/{seq:03}/{kode_desa}/{bulan_romawi}/{tahun}"
COUNTERS = ("loket-1", "loket-2", "loket-3", "loket-4")

# One counter: `each` letters, alternating between the two types, on the given day, numbered as the
# settings say (through the same scheme_for + next_letter_number the print path uses).
ISSUER = textwrap.dedent("""
    import json, sys
    from datetime import date
    sys.path.insert(0, sys.argv[1])
    from app.base.settings import load
    from app.letters.numbering import scheme_for
    from app.storage.letters import next_letter_number
    settings = load()
    day = date.fromisoformat(sys.argv[3])
    out = []
    for i in range(int(sys.argv[2])):
        form = ("surat_domisili", "surat_usaha")[i % 2]
        own = "470/{seq}/KEL/{roman_month}/{year}"
        out.append([form, str(next_letter_number("KEL-MGR", own, day, form_id=form, settings=settings,
                                                 scheme=scheme_for(form, own, settings)))])
    print(json.dumps(out))
""")


def _numbering(pg_office, **numbering: object) -> None:
    data = json.loads(pg_office.settings_path.read_text())
    data["numbering"] = {"pattern": PATTERN, "kode_desa": "Ds.RS", **numbering}
    pg_office.settings_path.write_text(json.dumps(data))


def _four_counters(pg_office, each: int, day: str) -> list[tuple[str, str]]:
    procs = [subprocess.Popen([sys.executable, "-c", ISSUER, str(ROOT), str(each), day], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, env=pg_office.env(counter)) for counter in COUNTERS]
    outs = [p.communicate(timeout=240) for p in procs]
    assert all(p.returncode == 0 for p in procs), [err.decode()[-2000:] for _out, err in outs]
    return [(form, number) for out, _err in outs for form, number in json.loads(out)]


def _seqs(numbers: list[str]) -> list[int]:
    return sorted(int(n.split("/")[1]) for n in numbers)


def test_per_letter_type_four_counters_dense_per_code_and_a_new_year(pg_office):
    _numbering(pg_office, scope="jenis")
    taken = _four_counters(pg_office, 10, "2026-12-30")
    by_form: defaultdict[str, list[str]] = defaultdict(list)
    for form, number in taken:
        by_form[form].append(number)
    assert len({n for _f, n in taken}) == 40  # not one duplicate across four counters
    assert all(n.startswith("400.12.2.1/") and n.endswith("/Ds.RS/XII/2026") for n in by_form["surat_domisili"])
    assert all(n.startswith("500.2.2.4/") for n in by_form["surat_usaha"])
    assert _seqs(by_form["surat_domisili"]) == list(range(1, 21))  # each type its own dense sequence
    assert _seqs(by_form["surat_usaha"]) == list(range(1, 21))
    # The year boundary: every type starts again at 001 in 2027.
    new_year = _four_counters(pg_office, 2, "2027-01-04")
    assert sorted(n for _f, n in new_year) == [f"400.12.2.1/{i:03d}/Ds.RS/I/2027" for i in range(1, 5)] + \
        [f"500.2.2.4/{i:03d}/Ds.RS/I/2027" for i in range(1, 5)]
    # The server's register holds every number taken, with its code, counter and operator.
    rows = pg_office.sql("SELECT number, kode, counter, operator, scope FROM letter_numbers")
    assert sorted(r[0] for r in rows) == sorted(n for _f, n in taken + new_year)
    assert {r[2] for r in rows} == set(COUNTERS)
    assert all(r[1] in ("400.12.2.1", "500.2.2.4") and r[3] and r[4] == "jenis" for r in rows)


def test_one_sequence_for_all_service_letters_and_for_all_mail(pg_office):
    _numbering(pg_office, scope="layanan")
    taken = _four_counters(pg_office, 8, "2026-11-23")
    assert _seqs([n for _f, n in taken]) == list(range(1, 33))  # both types share one dense sequence
    _numbering(pg_office, scope="surat")
    later = _four_counters(pg_office, 4, "2026-11-24")
    # A scope change mid-year continues above every number taken this year: never one reused.
    assert _seqs([n for _f, n in later]) == list(range(33, 49))
    assert pg_office.sql("SELECT mode, floor FROM letter_scopes WHERE year = 2026") == [("surat", 32)]
    # Shared with the office's mail: an incoming letter registered by hand takes the next number of the same
    # sequence, and the service letters continue after it.
    from app.base.settings import load
    from app.letters.numbering import take_mail_number

    mail = take_mail_number("masuk", "000.1.2", load(), date(2026, 11, 24))
    assert str(mail) == "000.1.2/049/Ds.RS/XI/2026"
    after = _four_counters(pg_office, 1, "2026-11-24")
    assert _seqs([n for _f, n in after]) == list(range(50, 54))
    assert pg_office.sql("SELECT form_id, status FROM letter_numbers WHERE number = %s", (str(mail),)) == [
        ("surat_masuk", "issued")]


def test_scope_change_mid_year_back_and_forth_never_reuses_a_number(pg_office):
    _numbering(pg_office, scope="jenis")
    first = _four_counters(pg_office, 4, "2026-08-03")  # domisili 1-8, usaha 1-8
    _numbering(pg_office, scope="layanan")
    second = _four_counters(pg_office, 2, "2026-08-04")  # continues at 9
    assert _seqs([n for _f, n in second]) == list(range(9, 17))
    _numbering(pg_office, scope="jenis")
    third = _four_counters(pg_office, 2, "2026-08-05")  # each type continues above 16, not at its own 9
    assert _seqs([n for _f, n in third if n.startswith("400.")]) == list(range(17, 21))
    assert _seqs([n for _f, n in third if n.startswith("500.")]) == list(range(17, 21))
    everything = [n for _f, n in first + second + third]
    assert len(everything) == len(set(everything)) == 32
    assert pg_office.sql("SELECT count(*), count(DISTINCT number) FROM letter_numbers") == [(32, 32)]


def test_the_register_on_the_server_follows_each_number_to_its_end(pg_office, monkeypatch):
    from datetime import date, datetime, timedelta

    from app.base.settings import load
    from app.letters.numbering import scheme_for
    from app.report import register
    from app.storage.letters import mark_letter, next_letter_number, note_reprint

    _numbering(pg_office, scope="layanan")
    settings = load()
    today = date.today()
    own = "470/{seq}/KEL/{roman_month}/{year}"
    numbers = [str(next_letter_number("KEL-MGR", own, today, form_id=form, settings=settings,
                                      scheme=scheme_for(form, own, settings)))
               for form in ("surat_domisili", "surat_usaha", "surat_domisili")]
    mark_letter(numbers[0], "printed")
    mark_letter(numbers[1], "void", "printer_failed")
    mark_letter(numbers[2], "saved")
    note_reprint(numbers[0])
    book = register.load(today - timedelta(days=1), today + timedelta(days=1), settings)
    assert book.office_wide
    assert [(r.number, r.status, r.reason, r.reprints, r.counter) for r in book.rows] == [
        (numbers[0], "printed", "", 1, "loket-1"), (numbers[1], "void", "printer_failed", 0, "loket-1"),
        (numbers[2], "saved", "", 0, "loket-1")]
    assert [r.kode for r in book.rows] == ["400.12.2.1", "500.2.2.4", "400.12.2.1"]
    assert isinstance(datetime.fromisoformat(book.rows[0].taken_at), datetime)
