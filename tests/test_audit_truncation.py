"""``loket audit verify`` against a trail cut at its end, emptied, dropped, replaced or unreadable: the head is
anchored outside the file (the keyring entry beside the key), so none of these passes as intact, and none
prints a traceback."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from app import audit
from app.audit import trail as audit_trail
from app.cli import main
from reader.exitcodes import ExitCode
from tests.faults_support import one_line

NIK = "3273014507920001"


@pytest.fixture(autouse=True)
def key(monkeypatch: pytest.MonkeyPatch) -> None:
    """The key and the anchor in this test's own keyring (conftest), as on a counter: with the key in the
    environment (CI, IT scripts) the keyring is not touched and no anchor is kept."""
    monkeypatch.delenv("LOKET_AUDIT_KEY", raising=False)
    audit.forget_key()


def trail(rows: int = 6) -> Path:
    for i in range(rows):
        audit.append("read", "ok", service=f"s{i}", nik=NIK)
    return audit.db_path()


def sql(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for statement in statements:
            conn.execute(statement)
    finally:
        conn.close()


def verify_cli(capsys) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = main(["audit", "verify"])
    out, err = capsys.readouterr()
    return code, out, err


def _wipe(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


CUTS: dict[str, Callable[[Path], None]] = {
    "last row deleted": lambda p: sql(p, "DELETE FROM events WHERE id = (SELECT MAX(id) FROM events)"),
    "last 3 rows deleted": lambda p: sql(p, "DELETE FROM events WHERE id > (SELECT MAX(id) - 3 FROM events)"),
    "events emptied": lambda p: sql(p, "DELETE FROM events"),
    "everything emptied": lambda p: sql(p, "DELETE FROM events", "DELETE FROM meta"),
    "tables dropped": lambda p: sql(p, "DROP TABLE events", "DROP TABLE meta"),
    "zero-byte file": lambda p: (_wipe(p), p.write_bytes(b"")),  # type: ignore[func-returns-value]
    "file deleted": _wipe,
}


@pytest.mark.parametrize("cut", list(CUTS))
def test_a_cut_or_emptied_trail_is_reported(cut: str, capsys) -> None:  # type: ignore[no-untyped-def]
    path = trail()
    CUTS[cut](path)
    broken = audit.verify()
    assert broken is not None, cut
    code, out, err = verify_cli(capsys)
    assert code == ExitCode.INVALID and "utuh" not in out and "kosong" not in out
    assert "RUSAK" in one_line(err) and "Traceback" not in err


def test_a_replaced_file_is_reported(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = trail(5)
    kept = tmp_path / "old.sqlite3"
    shutil.copy(path, kept)
    for _ in range(3):
        audit.append("print", "printed", nik=NIK)
    _wipe(path)
    shutil.copy(kept, path)  # yesterday's copy put back over today's rows: a valid chain, but too short
    assert audit.verify() is not None
    assert verify_cli(capsys)[0] == ExitCode.INVALID


def test_the_last_row_rewritten_with_the_key_is_reported() -> None:
    path = trail(4)
    key = audit.stored_key()
    assert key is not None
    conn = sqlite3.connect(path, isolation_level=None)
    values = list(conn.execute(f"SELECT {','.join(audit.COLUMNS)} FROM events ORDER BY id DESC LIMIT 1").fetchone())
    values[audit.COLUMNS.index("outcome")] = "no_card"  # the last read "never showed anyone"
    row_hash = audit.row_hash(key, values[audit.COLUMNS.index("prev_hash")], tuple(values[: len(audit.CHAINED)]))
    conn.execute("UPDATE events SET outcome = 'no_card', row_hash = ? WHERE id = ?", (row_hash, values[0]))
    conn.close()
    broken = audit.verify()
    assert broken is not None and broken.reason == "the last row was replaced"


def test_a_row_whose_time_runs_backwards_is_refused() -> None:
    path = trail(3)
    key = audit.stored_key()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("UPDATE events SET time = '2020-01-01T00:00:00.000+00:00' WHERE id = 2")
    prev = audit.GENESIS
    last = None
    for values in conn.execute(f"SELECT {','.join(audit.COLUMNS)} FROM events ORDER BY id").fetchall():
        row_hash = audit.row_hash(key, prev, values[: len(audit.CHAINED)])  # type: ignore[arg-type]
        conn.execute("UPDATE events SET prev_hash=?, row_hash=? WHERE id=?", (prev, row_hash, values[0]))
        prev, last = row_hash, values[0]
    conn.close()
    audit_trail.write_anchor(last, prev)  # even with the key and the anchor rewritten, time may not run back
    broken = audit.verify()
    assert broken is not None and broken.row_id == 2 and broken.reason == "its time runs backwards"


def test_an_intact_trail_and_a_new_installation_still_verify(capsys) -> None:  # type: ignore[no-untyped-def]
    assert audit.verify() is None  # nothing written, nothing anchored: empty is fine
    trail(3)
    assert audit.verify() is None
    code, out, _err = verify_cli(capsys)
    assert code == 0 and "utuh: 3 baris" in out


@pytest.mark.parametrize("damage", ["truncated", "random", "directory"])
def test_an_unreadable_trail_file_is_one_sentence(damage: str, capsys) -> None:  # type: ignore[no-untyped-def]
    path = trail(3)
    if damage == "truncated":
        data = path.read_bytes()
        _wipe(path)
        path.write_bytes(data[: len(data) // 3])
    elif damage == "random":
        _wipe(path)
        path.write_bytes(os.urandom(20_000))
    else:
        _wipe(path)
        path.mkdir()
    code, out, err = verify_cli(capsys)
    assert code == ExitCode.INVALID and "utuh" not in out
    assert "RUSAK" in one_line(err) and "Traceback" not in err


def test_with_the_key_in_the_environment_the_keyring_is_not_touched(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("LOKET_AUDIT_KEY", "an-it-script-key")
    audit.forget_key()
    trail(2)
    assert audit_trail.read_anchor() is None  # nothing written to the keyring by an unattended run


def test_a_clock_stepped_back_does_not_break_the_trail(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime, timedelta

    trail(2)
    real = datetime

    class Behind(datetime):  # NTP corrects a clock that ran an hour ahead
        @classmethod
        def now(cls, tz=None):  # type: ignore[no-untyped-def, override]
            return real.now(tz) - timedelta(hours=1)

    monkeypatch.setattr(audit_trail, "datetime", Behind)
    audit.append("read", "ok", nik=NIK)
    assert audit.verify() is None
    times = [r.time for r in audit.rows()]
    assert times == sorted(times) and datetime.fromisoformat(times[-1]) <= real.now(UTC)
