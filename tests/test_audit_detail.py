"""The audit row's detail (what the office report counts): field names and counts only, chained like the
rest of the row, written by lookups and prints, and a trail from before the column still verifies."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest

from app import audit
from app.citizen.merge import Applicant
from app.cli import main
from app.registry.client import Credentials, RegistryClient
from app.sim.registry import SIM_PASSWORD, SIM_USER, start_simulator
from forms.fill import fill
from forms.template import find
from reader.simulator.population import POPULATION
from tests.registry_support import identity

# Its --demo runs write to the demo's own data folder, which this test reads (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("demo_data_folder")

NIK = POPULATION[1].nik


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    path = tmp_path / "data"
    monkeypatch.setenv("LOKET_DATA_DIR", str(path))
    monkeypatch.setenv("LOKET_AUDIT_KEY", "test-audit-key-detail")
    monkeypatch.setenv("LOKET_DEMO_TRANSPORT", "in-process")
    audit.forget_key()
    yield path
    audit.forget_key()


def test_detail_is_stored_chained_and_read_back():
    row = audit.append("lookup", "found", nik=NIK, detail={"discrepancies": ["nama", "alamat"]})
    assert audit.detail_of(row) == {"discrepancies": ["nama", "alamat"]}
    [back] = audit.rows()
    assert back == row
    with sqlite3.connect(audit.db_path(), isolation_level=None) as conn:
        conn.execute("""UPDATE events SET detail = '{"discrepancies":["nama"]}' WHERE id = 1""")
    assert audit.verify() == audit.Broken(1, "this row was altered")


@pytest.mark.parametrize("detail", [
    {"nama": "RISKY RISTIANDY"},          # a person's value, not a count
    {"discrepancies": [NIK]},             # a NIK where a field name belongs
    {"Nama Lengkap": 1},                  # not a plain key
    {"prefilled": True},                  # a bool is not a count
])
def test_detail_refuses_anything_but_counts_and_field_names(detail):
    with pytest.raises(ValueError):
        audit.append("print", "printed", detail=detail)
    assert audit.rows() == []
    # The forgiving wrapper never stops the counter, and still writes nothing personal.
    assert audit.record_print("f", "printed", counts=detail) is None


def test_rows_by_time_range_and_an_explicit_time():
    morning = datetime(2026, 11, 30, 1, 30, tzinfo=UTC)
    noon = datetime(2026, 11, 30, 5, 0, tzinfo=UTC)
    audit.append("read", "ok", at=morning)
    audit.append("read", "ok", at=noon)
    assert [r.time for r in audit.rows()] == ["2026-11-30T01:30:00.000+00:00", "2026-11-30T05:00:00.000+00:00"]
    assert len(audit.rows(since="2026-11-30T02:00", until="2026-11-30T06:00")) == 1
    assert audit.verify() is None


def test_a_version_1_trail_is_migrated_and_its_old_rows_still_verify(data_dir):
    old = audit.append("read", "ok", nik=NIK)
    # Make the file look like a trail written before the detail column: v1 schema, rows hashed without it.
    with sqlite3.connect(audit.db_path(), isolation_level=None) as conn:
        conn.execute("ALTER TABLE events DROP COLUMN detail")
        conn.execute("PRAGMA user_version=1")
    new = audit.append("print", "printed", nik=NIK, detail={"prefilled": 12, "typed": 2})
    assert [r.detail for r in audit.rows()] == ["", '{"prefilled":12,"typed":2}']
    assert audit.rows()[0].row_hash == old.row_hash
    assert new.prev_hash == old.row_hash
    assert audit.verify() is None


def test_a_lookup_with_discrepancies_records_their_field_names():
    person = POPULATION[1]  # a spelling corrected at Dukcapil
    sim = start_simulator(port=0)
    try:
        client = RegistryClient(sim.url, "LOKET_SIM", Credentials(SIM_USER, SIM_PASSWORD))
        applicant = Applicant(identity(person), client.lookup(person.nik))
    finally:
        sim.stop()
    assert applicant.discrepancies
    row = audit.record_lookup(applicant, "rsud_pasien_baru")
    assert audit.detail_of(row) == {"discrepancies": [d.field for d in applicant.discrepancies]}
    assert person.nama not in row.detail


def test_filled_form_counts_split_prefilled_from_typed():
    template = find("rsud_pasien_baru")
    person = {"nik": NIK, "nama": "X", "tempat_lahir": "DENPASAR"}
    filled = fill(template, person, {"telepon": "081234567890"})
    counts = filled.counts()
    assert counts["typed"] == 1
    assert counts["prefilled"] >= 3
    assert fill(template, person, {}).counts()["prefilled"] == counts["prefilled"]


def test_loket_fill_audits_the_saved_pdf_with_its_counts(tmp_path, capsys):
    out = tmp_path / "rsud.pdf"
    assert main(["fill", "rsud_pasien_baru", "--demo", "--person", "3", "--set", "cara_bayar=umum",
                 "--set", "telepon=081234567890", "--out", str(out)]) == 0
    prints = [r for r in audit.rows() if r.kind == "print"]
    assert [(r.outcome, r.form_id) for r in prints] == [("saved_pdf", "rsud_pasien_baru")]
    assert prints[0].nik_hash == audit.nik_hash(POPULATION[3].nik)
    detail = audit.detail_of(prints[0])
    assert detail["typed"] == 2 and detail["prefilled"] > 5
