"""Every card read, registry lookup and print lands in the audit trail, from the CLI and the core alike."""

from __future__ import annotations

from contextlib import closing

import pytest

from app import audit
from app.audit import trail
from app.base.paths import data_dir
from app.cli import main
from app.sim.registry import SIM_PASSWORD, SIM_USER, start_simulator
from reader.simulator.population import POPULATION

# Its --demo runs write to the demo's own data folder, which this test reads (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("demo_data_folder")


@pytest.fixture(autouse=True)
def in_process(monkeypatch):
    monkeypatch.setenv("LOKET_DEMO_TRANSPORT", "in-process")


def _rows() -> list[audit.Row]:
    if not (data_dir() / audit.DB_NAME).exists():
        return []
    with closing(trail.open_trail()) as conn:
        return list(trail.iter_rows(conn))


def test_successful_read_is_audited_with_the_nik_hash_only(capsys):
    assert main(["read", "--demo", "--person", "3", "--json"]) == 0
    [row] = _rows()
    assert (row.kind, row.outcome) == ("read", "ok")
    assert row.nik_hash == audit.nik_hash(POPULATION[3].nik)
    assert POPULATION[3].nik not in repr(row)
    assert audit.verify() is None


def test_failed_and_unauthentic_reads_are_audited(capsys):
    assert main(["read", "--demo", "--fault", "not-ektp"]) == 7
    assert main(["read", "--demo", "--person", "8"]) == 10
    outcomes = [(r.kind, r.outcome) for r in _rows()]
    assert outcomes == [("read", "not_ektp"), ("read", "ok_invalid")]
    assert _rows()[0].nik_hash == ""  # nothing was read, no citizen named


def test_read_with_lookup_audits_both(monkeypatch, capsys):
    sim = start_simulator(port=0)
    monkeypatch.setenv("LOKET_REGISTRY_USER", SIM_USER)
    monkeypatch.setenv("LOKET_REGISTRY_PASSWORD", SIM_PASSWORD)
    try:
        assert main(["read", "--demo", "--person", "9", "--lookup", "--registry-url", sim.url,
                     "--agency", "LOKET_SIM", "--json"]) == 0
    finally:
        sim.stop()
    kinds = [(r.kind, r.outcome) for r in _rows()]
    assert kinds == [("read", "ok"), ("lookup", "not_found")]
    assert main(["audit", "verify"]) == 0


def test_storage_keeps_rows_with_the_audit_models_columns() -> None:
    """Storage holds audit rows without importing the model (no cycle): its column list must stay the model's."""
    from app.audit import COLUMNS
    from app.storage.postgres import ROW_KEYS

    assert ROW_KEYS == COLUMNS
