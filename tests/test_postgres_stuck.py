"""The office cases a lab never sees, on a real PostgreSQL server: a counter that was never online, two
counters given overlapping fallback blocks, and a counter reinstalled while the server was away. Each ends
pushing cleanly after IT's one documented step, and `loket db status` names each stuck state in one line."""

from __future__ import annotations

from contextlib import closing
from datetime import date
from pathlib import Path

import pytest

from app import audit
from app.cli import main
from app.storage import sqlite as local
from app.storage import sync
from app.storage.letters import next_letter_number
from forms.numbering import NumberingError
from reader.simulator.population import POPULATION

pytest_plugins = ("tests.postgres_fixtures",)

DOMISILI = "470/{seq}/KEL/{roman_month}/{year}"
DAY = date(2026, 12, 2)
NIK = POPULATION[0].nik


def status(capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["db", "status"])
    return code, capsys.readouterr().out.splitlines()


def test_a_never_online_counter_does_not_use_an_unchecked_block_until_it_is_checked(pg_office, capsys) -> None:
    pg_office.write_settings(office="KEL-MGR", fallback_numbers={"start": 9000, "end": 9099})
    pg_office.cluster.stop()
    try:
        with pytest.raises(NumberingError, match="belum pernah diperiksa server kantor"):
            next_letter_number("KEL-MGR", DOMISILI, DAY)
        code, lines = status(capsys)
        assert code == 13 and any("BELUM diperiksa server" in line and "`loket db status`" in line
                                  for line in lines), lines
    finally:
        pg_office.cluster.start()
    # IT's one step, with the server reachable: the block is checked against every other counter's.
    code, lines = status(capsys)
    assert code == 0 and any("9000–9099 (KEL-MGR): diperiksa server" in line for line in lines), lines
    assert pg_office.sql("SELECT counter, first_seq, last_seq FROM number_blocks") == [("loket-1", 9000, 9099)]
    pg_office.cluster.stop()
    try:
        offline = next_letter_number("KEL-MGR", DOMISILI, DAY)
    finally:
        pg_office.cluster.start()
    assert offline == "470/9000/KEL/XII/2026" and offline.fallback
    assert sync.drain(force=True).letters == 1


def test_an_overlapping_block_is_refused_and_named_and_online_numbers_still_come(pg_office, capsys) -> None:
    pg_office.sql("INSERT INTO number_blocks (office, counter, first_seq, last_seq) "
                  "VALUES ('KEL-MGR', 'loket-2', 9000, 9099)")
    pg_office.write_settings(office="KEL-MGR", fallback_numbers={"start": 9050, "end": 9149})
    assert next_letter_number("KEL-MGR", DOMISILI, DAY) == "470/001/KEL/XII/2026"  # online: unaffected
    code, lines = status(capsys)
    assert code == 1
    [said] = [line for line in lines if "BERTUMPANG TINDIH" in line]
    assert "loket-2 (9000–9099)" in said and "storage.fallback_numbers" in said
    assert ("KEL-MGR", "loket-1") not in {row for row in pg_office.sql("SELECT office, counter FROM number_blocks")}
    pg_office.cluster.stop()
    try:
        with pytest.raises(NumberingError, match="bertumpang tindih dengan blok loket-2"):
            next_letter_number("KEL-MGR", DOMISILI, DAY)
    finally:
        pg_office.cluster.start()
    # IT gives this counter its own numbers: checked, then used.
    pg_office.write_settings(fallback_numbers={"start": 9100, "end": 9199})
    code, lines = status(capsys)
    assert code == 0 and any("9100–9199 (KEL-MGR): diperiksa server" in line for line in lines), lines


def test_a_counter_reinstalled_while_the_server_was_away_continues_its_chain_after_rechain(
        pg_office, capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for outcome in ("ok", "found", "printed"):
        audit.append("read", outcome, service="KTP", nik=NIK)
    assert pg_office.sql("SELECT max(seq) FROM audit_events WHERE workstation = 'loket-1'") == [(3,)]
    # The PC is reinstalled (a fresh data folder, the office key from IT) while the server is away.
    monkeypatch.setenv("LOKET_DATA_DIR", str(tmp_path / "reinstalled"))
    audit.forget_key()
    pg_office.cluster.stop()
    try:
        again = [audit.append("read", "ok", service="KTP", nik=NIK) for _ in range(2)]
    finally:
        pg_office.cluster.start()
    assert [r.id for r in again] == [1, 2]  # no server to continue from: the chain started again
    assert sync.drain(force=True).error == "rejected"  # ...and the server refuses it, on every push
    code, lines = status(capsys)
    assert code == 1
    [said] = [line for line in lines if line.startswith("Rantai audit")]
    assert "`loket db rechain`" in said and "mulai nomor 1" in said and "sampai nomor 3" in said
    # IT's one step.
    assert main(["db", "rechain"]) == 0
    out = capsys.readouterr().out
    assert "2 kejadian audit disambungkan" in out and "mulai nomor 4" in out and "masih antre: 0" in out
    assert pg_office.sql("SELECT seq, outcome FROM audit_events WHERE workstation = 'loket-1' ORDER BY seq") == [
        (1, "ok"), (2, "found"), (3, "printed"), (4, "ok"), (5, "ok")]
    assert audit.verify() is None  # one unbroken chain on the server
    later = audit.append("read", "ok", service="KTP", nik=NIK)
    assert later.id == 6
    with closing(local.open_outbox()) as conn:
        assert local.queue_length(conn) == 0
    code, lines = status(capsys)
    assert code == 0 and not any(line.startswith("Rantai audit") for line in lines)
    assert main(["db", "rechain"]) == 0 and "tidak ada yang diubah" in capsys.readouterr().out
