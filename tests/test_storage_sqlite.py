"""The storage choice and the embedded side: settings, the single counter's letter numbers (one sequence per
office, carried on from an installed counter's file), the local outbox's migrations, and what a counter
configured for an office server does when no server answers at all."""

from __future__ import annotations

import json
import socket
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from app.base.settings import Settings
from app.storage import PostgresConfig, StorageError, config
from app.storage import sqlite as local
from app.storage.letters import next_letter_number
from app.storage.migrations import latest, migrations
from forms.numbering import LetterKey, NumberingError
from tests.office_support import block_checked

DOMISILI = "470/{seq}/KEL/{roman_month}/{year}"
SKTM = "474/{seq}/SKTM/{roman_month}/{year}"
DAY = date(2026, 11, 23)


def settings(**storage) -> Settings:
    return Settings(extra={"storage": storage}) if storage else Settings()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_default_is_the_embedded_store():
    cfg = config(Settings())
    assert (cfg.backend, cfg.is_postgres, cfg.fallback_numbers) == ("sqlite", False, None)
    assert cfg.counter_id == socket.gethostname()


def test_postgres_settings_are_read_and_hold_no_password():
    cfg = config(settings(backend="postgres", postgres={"host": "10.1.2.3", "port": 5433, "dbname": "kec",
                                                        "user": "loket3", "sslmode": "require"},
                          office="KEC-BPT", counter="loket-3", fallback_numbers={"start": 9000, "end": 9099}))
    assert cfg.postgres == PostgresConfig("10.1.2.3", 5433, "kec", "loket3", "require", 3)
    assert (cfg.office, cfg.counter_id, cfg.fallback_numbers) == ("KEC-BPT", "loket-3", (9000, 9099))
    assert not hasattr(cfg.postgres, "password")


@pytest.mark.parametrize("storage", [{"backend": "mysql"}, {"fallback_numbers": {"start": 50, "end": 10}},
                                     {"fallback_numbers": {"start": 0, "end": 10}}])
def test_a_wrong_storage_setting_is_refused_not_guessed(storage):
    with pytest.raises(StorageError) as caught:
        config(settings(**storage))
    assert "Hubungi petugas IT" in caught.value.id_text


def test_a_wrong_storage_setting_issues_no_number_and_tells_the_clerk():
    with pytest.raises(NumberingError, match="storage.backend"):
        next_letter_number("KEL-MGR", DOMISILI, DAY, settings=settings(backend="oracle"))


def test_the_single_counter_keeps_one_sequence_per_office(tmp_path):
    s = Settings(extra={"forms": {"numbering_file": str(tmp_path / "nomor.json")}})
    got = [next_letter_number("KEL-MGR", DOMISILI, DAY, settings=s),
           next_letter_number("KEL-MGR", SKTM, DAY, settings=s),
           next_letter_number("KEL-MGR", DOMISILI, date(2027, 1, 2), settings=s),
           next_letter_number("KEC-BPT", DOMISILI, DAY, settings=s)]
    assert got == ["470/001/KEL/XI/2026", "474/002/SKTM/XI/2026", "470/003/KEL/I/2027", "470/001/KEL/XI/2026"]
    assert not any(n.fallback or n.notice for n in got)


def test_an_installed_counters_number_file_carries_on(tmp_path):
    state = tmp_path / "nomor.json"
    state.write_text(json.dumps({"KEL-MGR": 41}))
    s = Settings(extra={"forms": {"numbering_file": str(state)}})
    assert next_letter_number("KEL-MGR", DOMISILI, DAY, settings=s) == "470/042/KEL/XI/2026"


def test_outbox_schema_comes_from_the_versioned_sql_once(tmp_path):
    path = tmp_path / "outbox.sqlite3"
    local.open_outbox(path).close()
    conn = local.open_outbox(path)  # a second open applies nothing twice
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == latest("sqlite")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"audit_queue", "audit_heads", "meta", "offline_letters"} <= tables
        assert local.upgrade(conn) == []
    finally:
        conn.close()


def test_migrations_are_numbered_without_gaps():
    for kind in ("postgres", "sqlite"):
        found = migrations(kind)
        assert [m.version for m in found] == list(range(1, len(found) + 1)) and found[0].sql.strip()


def test_a_fallback_block_is_used_up_once_per_sequence(tmp_path):
    block = local.FallbackBlock(5, 6, tmp_path / "outbox.sqlite3")
    key = LetterKey("KEL-MGR", DOMISILI, 2026)
    with pytest.raises(NumberingError, match="belum pernah diperiksa server kantor"):
        block.take(key, str)  # never checked by the office server: another counter may hold these numbers
    block_checked("KEL-MGR", 5, 6, tmp_path / "outbox.sqlite3")
    assert [block.take(key, str), block.take(key, str)] == [5, 6]
    assert block.take(LetterKey("KEL-MGR", SKTM, 2026), str) == 5  # another sequence, its own numbers
    with pytest.raises(NumberingError, match="sudah habis"):
        block.take(key, str)
    conn = sqlite3.connect(tmp_path / "outbox.sqlite3")
    assert conn.execute("SELECT count(*) FROM offline_letters WHERE pushed = 0").fetchone()[0] == 3
    conn.close()


def office_without_server(**extra) -> Settings:
    return settings(backend="postgres", counter="loket-3", retry_seconds=0,
                    postgres={"host": "127.0.0.1", "port": closed_port(), "connect_timeout": 1}, **extra)


def test_no_server_and_no_block_means_no_number(monkeypatch):
    monkeypatch.setenv("LOKET_DB_PASSWORD", "x")
    with pytest.raises(NumberingError, match="tidak punya blok nomor cadangan"):
        next_letter_number("KEL-MGR", DOMISILI, DAY, settings=office_without_server())


def test_no_server_with_a_block_numbers_from_it_and_says_so(monkeypatch):
    monkeypatch.setenv("LOKET_DB_PASSWORD", "x")
    s = office_without_server(fallback_numbers={"start": 9000, "end": 9099})
    block_checked("KEL-MGR", 9000, 9099)  # checked by the server when this counter was last online
    first = next_letter_number("KEL-MGR", DOMISILI, DAY, settings=s)
    second = next_letter_number("KEL-MGR", DOMISILI, DAY, settings=s)
    assert (first, second) == ("470/9000/KEL/XI/2026", "470/9001/KEL/XI/2026")
    assert first.fallback and first.notice == ("Server kantor tidak terhubung: nomor 470/9000/KEL/XI/2026 diambil "
                                               "dari blok nomor cadangan loket ini (9000–9099).")
    assert isinstance(first, str) and Path(local.outbox_path()).exists()
