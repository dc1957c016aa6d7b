"""The audit trail: rows, the keyed NIK hash, the chain catching edits and deletions, export, the CLI pieces,
the key's life in the keyring, and two processes appending at once."""

from __future__ import annotations

import argparse
import csv
import sqlite3
import subprocess
import sys
import textwrap
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from keyrings.alt.file import PlaintextKeyring

from app import audit
from app.audit import trail
from app.base import credentials, paths
from app.cli import audit as audit_cli
from reader.errors import CardChanged, CardRemoved, SamRefused
from reader.exitcodes import ExitCode
from reader.identity import Authenticity
from reader.simulator.population import POPULATION
from tests.registry_support import MemoryKeyring

NIK = POPULATION[0].nik
OTHER = POPULATION[1].nik
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "data"
    monkeypatch.setenv("LOKET_DATA_DIR", str(path))
    monkeypatch.setenv("LOKET_AUDIT_KEY", "test-audit-key-1")
    audit.forget_key()
    yield path
    audit.forget_key()


@pytest.fixture
def memory_keyring(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("LOKET_AUDIT_KEY")
    previous = credentials.keyring_backend()
    backend = MemoryKeyring()
    credentials.use_keyring(backend)
    audit.forget_key()
    yield backend
    credentials.use_keyring(previous)


def db(data_dir: Path) -> sqlite3.Connection:
    return sqlite3.connect(data_dir / audit.DB_NAME, isolation_level=None)


def three_rows() -> list[audit.Row]:
    return [audit.append("read", "ok", service="KTP", nik=NIK),
            audit.append("lookup", "found", service="KTP", nik=NIK),
            audit.append("print", "printed", service="KTP", form_id="sktm", nik=NIK)]


# --- rows ---------------------------------------------------------------------------------------------------


def test_a_row_holds_who_where_what_and_only_a_keyed_hash_of_the_nik(data_dir):
    row = audit.append("read", "ok", service="Rawat jalan", form_id="f1", nik=NIK)
    assert (row.id, row.kind, row.outcome, row.service, row.form_id) == (1, "read", "ok", "Rawat jalan", "f1")
    assert row.os_user and row.workstation
    assert datetime.fromisoformat(row.time).utcoffset() == timedelta(0)
    assert abs(datetime.fromisoformat(row.time) - datetime.now(UTC)) < timedelta(seconds=5)
    assert row.nik_hash == audit.nik_hash(NIK) and len(row.nik_hash) == 64
    assert row.prev_hash == audit.GENESIS
    # The file holds no NIK: not in the text, not as a plain (unkeyed) SHA-256 anyone could precompute.
    import hashlib

    raw = b"".join(p.read_bytes() for p in data_dir.glob("audit.sqlite3*"))
    assert NIK.encode() not in raw
    assert hashlib.sha256(NIK.encode()).hexdigest().encode() not in raw


def test_nik_hash_finds_a_citizen_and_depends_on_the_installation_key(monkeypatch):
    three_rows()
    audit.append("read", "ok", nik=OTHER)
    assert audit.nik_hash(f"{NIK[:4]} {NIK[4:8]} {NIK[8:12]} {NIK[12:]}") == audit.nik_hash(NIK)
    assert audit.nik_hash(NIK) != audit.nik_hash(OTHER)
    mine = audit.nik_hash(NIK)
    monkeypatch.setenv("LOKET_DATA_DIR", str(paths.data_dir().parent / "elsewhere"))
    monkeypatch.setenv("LOKET_AUDIT_KEY", "another-office")
    audit.append("read", "ok", nik=NIK)
    assert audit.nik_hash(NIK) != mine  # two offices' trails cannot be joined on the NIK


def test_a_failed_read_records_no_nik():
    row = audit.record_read(CardRemoved("pulled at APDU 7"), "KTP")
    assert row is not None and (row.outcome, row.nik_hash) == ("card_removed", "")


# --- the chain ----------------------------------------------------------------------------------------------


def test_an_intact_chain_verifies():
    three_rows()
    assert audit.verify() is None
    assert audit.last_row().id == 3


def test_an_empty_or_missing_trail_verifies():
    assert audit.verify() is None
    assert audit.last_row() is None


@pytest.mark.parametrize("column,value", [("outcome", "printed"), ("nik_hash", "0" * 64), ("time", "2020-01-01"),
                                          ("os_user", "someone"), ("kind", "print")])
def test_an_edited_row_is_the_first_broken_one(data_dir, column, value):
    three_rows()
    audit.append("read", "card_removed")
    with db(data_dir) as conn:
        conn.execute(f"UPDATE events SET {column} = ? WHERE id = 2", (value,))
    broken = audit.verify()
    assert broken == audit.Broken(2, "this row was altered")


def test_a_deleted_row_breaks_the_next_one(data_dir):
    three_rows()
    with db(data_dir) as conn:
        conn.execute("DELETE FROM events WHERE id = 2")
    assert audit.verify() == audit.Broken(3, "the row before it was deleted or altered")


def test_deleting_the_first_row_is_seen(data_dir):
    three_rows()
    with db(data_dir) as conn:
        conn.execute("DELETE FROM events WHERE id = 1")
    assert audit.verify() == audit.Broken(2, "the row before it was deleted or altered")


def test_an_edit_with_the_hash_recomputed_without_the_key_is_still_seen(data_dir):
    # Someone who edits the file and recomputes a plain SHA-256 chain must not get away with it.
    import hashlib
    import json

    three_rows()
    with db(data_dir) as conn:
        rows = conn.execute(f"SELECT {','.join(audit.COLUMNS)} FROM events ORDER BY id").fetchall()
        prev = rows[0][-1]
        for values in rows[1:]:
            values = list(values)
            if values[0] == 2:
                values[7] = "not_found"
            values[-2] = prev
            values[-1] = hashlib.sha256(json.dumps([prev, *values[:-2]]).encode()).hexdigest()
            conn.execute("UPDATE events SET outcome=?, prev_hash=?, row_hash=? WHERE id=?",
                         (values[7], values[-2], values[-1], values[0]))
            prev = values[-1]
    assert audit.verify() == audit.Broken(2, "this row was altered")


def test_appends_after_a_break_keep_chaining_on_the_stored_head(data_dir):
    three_rows()
    with db(data_dir) as conn:
        conn.execute("UPDATE events SET outcome = 'x' WHERE id = 1")
    audit.append("read", "ok")
    assert audit.verify() == audit.Broken(1, "this row was altered")


# --- the key ------------------------------------------------------------------------------------------------


def test_first_use_creates_the_key_in_the_keyring_and_keeps_using_it(memory_keyring):
    audit.append("read", "ok", nik=NIK)
    stored = memory_keyring.get_password("loket", audit.KEY_NAME)
    assert stored and len(stored) == 64
    audit.forget_key()  # a new process
    audit.append("read", "ok", nik=NIK)
    assert audit.verify() is None
    assert memory_keyring.get_password("loket", audit.KEY_NAME) == stored


def test_a_lost_key_is_never_silently_replaced(memory_keyring):
    audit.append("read", "ok", nik=NIK)
    memory_keyring.store.clear()  # keyring reset, or unreadable today
    audit.forget_key()
    assert audit.record_read(CardRemoved("x"), "KTP") is None  # the counter carries on
    with pytest.raises(audit.AuditKeyError):
        audit.append("read", "ok")
    with pytest.raises(audit.AuditKeyError):
        audit.verify()
    assert memory_keyring.get_password("loket", audit.KEY_NAME) is None


def test_a_wrong_key_is_reported_as_such_not_as_edited_rows(monkeypatch):
    three_rows()
    monkeypatch.setenv("LOKET_AUDIT_KEY", "not-this-trails-key")
    with pytest.raises(audit.AuditKeyError, match="not the one"):
        audit.verify()
    with pytest.raises(audit.AuditKeyError):
        audit.append("read", "ok")


def test_no_keyring_at_all_means_no_row_and_one_log_line(monkeypatch, caplog):
    monkeypatch.delenv("LOKET_AUDIT_KEY")

    class Broken(MemoryKeyring):
        def set_password(self, service, username, password):
            raise RuntimeError("no backend")

    previous = credentials.keyring_backend()
    credentials.use_keyring(Broken())
    try:
        assert audit.record_print("sktm", "printed", nik=NIK) is None
    finally:
        credentials.use_keyring(previous)
    assert any("not recorded: AuditKeyError" in r.getMessage() for r in caplog.records)


# --- record_* -----------------------------------------------------------------------------------------------


@dataclass
class FakeIdentity:
    nik: str
    authenticity: Authenticity = Authenticity.VALID


@dataclass
class FakeResult:
    identity: FakeIdentity


@dataclass
class FakeLookup:
    status: str
    kind: str = ""


@dataclass
class FakeApplicant:
    identity: FakeIdentity
    lookup: object = None
    extra: dict = field(default_factory=dict)


def test_record_read_outcomes():
    assert audit.record_read(FakeResult(FakeIdentity(NIK)), "KTP").outcome == "ok"
    invalid = audit.record_read(FakeResult(FakeIdentity(NIK, Authenticity.INVALID)), "KTP")
    assert (invalid.outcome, invalid.nik_hash) == ("ok_invalid", audit.nik_hash(NIK))
    assert audit.record_read(CardChanged("uid changed"), "KTP").outcome == "card_changed"
    assert audit.record_read(SamRefused("6982"), "KTP").outcome == "sam_refused"
    assert audit.record_read(TimeoutError(), "KTP").outcome == "error_timeout_error"
    assert audit.verify() is None


def test_record_lookup_outcomes_with_the_real_result_types():
    from app.registry.result import Failed, FailureKind, Found, NotFound, RefusalKind, Refused, RegistryRecord

    ident = FakeIdentity(NIK)
    cases = [(None, "not_asked"), (Found(RegistryRecord(nik=NIK)), "found"), (NotFound(), "not_found"),
             (Refused(RefusalKind.LOGIN, "x"), "refused_login"), (Failed(FailureKind.TIMEOUT), "failed_timeout")]
    for lookup, outcome in cases:
        row = audit.record_lookup(FakeApplicant(ident, lookup), "KTP")
        assert (row.kind, row.outcome, row.nik_hash) == ("lookup", outcome, audit.nik_hash(NIK))


def test_record_lookup_of_a_bare_result_without_a_card():
    from app.registry.result import Failed, FailureKind

    row = audit.record_lookup(Failed(FailureKind.HTTP_STATUS, 500), nik=OTHER)
    assert (row.outcome, row.nik_hash) == ("failed_http_status", audit.nik_hash(OTHER))


def test_record_lookup_with_a_real_applicant():
    from app.citizen.merge import Applicant
    from app.registry.result import NotFound
    from tests.registry_support import identity

    row = audit.record_lookup(Applicant(identity(POPULATION[0]), NotFound()), "KTP")
    assert (row.outcome, row.nik_hash) == ("not_found", audit.nik_hash(NIK))


def test_record_print():
    row = audit.record_print("sktm", "printed", NIK, "Kelurahan")
    assert (row.kind, row.form_id, row.outcome, row.service) == ("print", "sktm", "printed", "Kelurahan")
    assert audit.record_print("sktm", "cancelled").nik_hash == ""


# --- export -------------------------------------------------------------------------------------------------


def _backdate(data_dir: Path, row_id: int, when: datetime) -> None:
    # Rewrite a row as if written at ``when``, with the chain recomputed by the key holder (the test).
    with db(data_dir) as conn:
        conn.execute("UPDATE events SET time = ? WHERE id = ?", (when.isoformat(timespec="milliseconds"), row_id))
        key = audit.stored_key()
        prev = audit.GENESIS
        for values in conn.execute(f"SELECT {','.join(audit.COLUMNS)} FROM events ORDER BY id").fetchall():
            row_hash = audit.row_hash(key, prev, values[: len(audit.CHAINED)])
            conn.execute("UPDATE events SET prev_hash=?, row_hash=? WHERE id=?", (prev, row_hash, values[0]))
            prev = row_hash
    trail.write_anchor(values[0], prev)  # the key holder re-anchors the head it rewrote


def test_export_writes_the_local_days_asked_for(data_dir, tmp_path):
    three_rows()
    audit.append("read", "ok", nik=OTHER)
    local_noon = datetime.combine(date(2024, 5, 10), datetime.min.time()).astimezone() + timedelta(hours=12)
    _backdate(data_dir, 1, local_noon)
    _backdate(data_dir, 2, local_noon + timedelta(days=1))
    _backdate(data_dir, 3, local_noon + timedelta(days=2))
    assert audit.verify() is None
    out = tmp_path / "may.csv"
    assert audit.export_csv(date(2024, 5, 10), date(2024, 5, 11), out) == 2
    text = out.read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(text.splitlines()))
    assert [r["no"] for r in rows] == ["1", "2"]
    assert rows[1]["kejadian"] == "lookup" and rows[1]["hasil"] == "found"
    assert rows[0]["nik_hmac"] == audit.nik_hash(NIK)
    assert NIK not in text
    assert not list(tmp_path.glob("*.tmp"))


def test_export_for_one_citizen(tmp_path):
    three_rows()
    audit.append("read", "ok", nik=OTHER)
    today = date.today()
    out = tmp_path / "one.csv"
    assert audit.export_csv(today - timedelta(days=1), today + timedelta(days=1), out, nik=OTHER) == 1


def test_export_neutralises_spreadsheet_formulas(tmp_path):
    audit.append("print", "printed", service="=HYPERLINK(\"http://x\")", form_id="+1")
    out = tmp_path / "x.csv"
    audit.export_csv(date.today() - timedelta(days=1), date.today() + timedelta(days=1), out)
    row = next(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert row["layanan"].startswith("'=") and row["formulir"] == "'+1"


# --- the CLI pieces -----------------------------------------------------------------------------------------


def run_cli(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="loket")
    audit_cli.add_audit_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


def test_cli_verify_ok_then_broken_with_the_row_id(data_dir, capsys):
    three_rows()
    assert run_cli("audit", "verify") == 0
    assert "utuh: 3 baris" in capsys.readouterr().out
    with db(data_dir) as conn:
        conn.execute("UPDATE events SET outcome = 'printed' WHERE id = 2")
    assert run_cli("audit", "verify") == ExitCode.INVALID == 12
    err = capsys.readouterr().err
    assert "baris 2" in err and "diubah" in err


def test_cli_verify_with_the_wrong_key(monkeypatch, capsys):
    three_rows()
    monkeypatch.setenv("LOKET_AUDIT_KEY", "wrong")
    assert run_cli("audit", "verify") == 2
    assert "tidak cocok" in capsys.readouterr().err


def test_cli_export(tmp_path, capsys):
    three_rows()
    out = tmp_path / "r.csv"
    day = date.today().isoformat()
    assert run_cli("audit", "export", "--from", day, "--to", day, "--out", str(out)) in (0,)
    assert "3 baris" in capsys.readouterr().out
    assert out.exists()
    assert run_cli("audit", "export", "--from", day, "--to", "2000-01-01", "--out", str(out)) == 2
    with pytest.raises(SystemExit):
        run_cli("audit", "export", "--from", "10-05-2024", "--to", day, "--out", str(out))


def test_cli_export_of_a_broken_trail_still_writes_but_fails(data_dir, tmp_path, capsys):
    three_rows()
    with db(data_dir) as conn:
        conn.execute("DELETE FROM events WHERE id = 1")
    out = tmp_path / "r.csv"
    day = date.today().isoformat()
    assert run_cli("audit", "export", "--from", day, "--to", day, "--out", str(out)) == 12
    assert out.exists() and "PERINGATAN" in capsys.readouterr().err


def test_cli_export_to_an_unwritable_place(tmp_path, capsys):
    three_rows()
    day = date.today().isoformat()
    assert run_cli("audit", "export", "--from", day, "--to", day, "--out", str(tmp_path / "no" / "r.csv")) == 1
    assert "tidak ada; buat foldernya dulu" in capsys.readouterr().err  # the writer's own sentence
    assert not (tmp_path / "no").exists()


# --- two processes ------------------------------------------------------------------------------------------


WRITER = textwrap.dedent("""
    import sys
    sys.path.insert(0, sys.argv[1])
    from app import audit
    for i in range(int(sys.argv[2])):
        audit.append("read", "ok", service=sys.argv[3], nik="3273014507920001")
""")


def test_processes_appending_at_once_keep_one_chain(data_dir, tmp_path, monkeypatch):
    monkeypatch.delenv("LOKET_AUDIT_KEY")
    # No key yet either: the processes must also agree on creating one. A file keyring shared by all.
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "keyring-home"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    n, each = 4, 40
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(ROOT), str(each), f"counter-{i}"])
             for i in range(n)]
    assert all(p.wait(120) == 0 for p in procs)
    previous = credentials.keyring_backend()
    credentials.use_keyring(PlaintextKeyring())
    audit.forget_key()
    try:
        assert audit.verify() is None
        assert audit.last_row().id == n * each
    finally:
        credentials.use_keyring(previous)
    with db(data_dir) as conn:
        counts = dict(conn.execute("SELECT service, COUNT(*) FROM events GROUP BY service").fetchall())
    assert counts == {f"counter-{i}": each for i in range(n)}
