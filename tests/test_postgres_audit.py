"""The office's audit trail on a real PostgreSQL server: one table for every counter, a hash chain per
counter, events queued while the server is away and pushed in order exactly once, stale and reordered
pushes refused by the server itself, and two real ``loket`` processes printing letters with unique numbers."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from collections import Counter
from contextlib import closing
from dataclasses import replace
from pathlib import Path

import psycopg
import pytest

from app import audit
from app.storage import config, sync
from app.storage import postgres as pg
from app.storage import sqlite as local
from reader.simulator.population import POPULATION

pytest_plugins = ("tests.postgres_fixtures",)

ROOT = Path(__file__).resolve().parent.parent
NIK = POPULATION[0].nik


def queue_length() -> int:
    with closing(local.open_outbox()) as conn:
        return local.queue_length(conn)


def server_rows(office, workstation="loket-1") -> list[tuple]:
    return office.sql("SELECT seq, kind, outcome, prev_hash, row_hash FROM audit_events WHERE workstation = %s "
                      "ORDER BY seq", (workstation,))


def test_events_land_on_the_server_chained_per_counter_with_only_a_keyed_nik(pg_office):
    rows = [audit.append("read", "ok", service="KTP", nik=NIK),
            audit.append("lookup", "found", service="KTP", nik=NIK, detail={"discrepancies": ["alamat"]}),
            audit.append("print", "printed", service="KTP", form_id="surat_domisili", nik=NIK)]
    assert [r.id for r in rows] == [1, 2, 3] and {r.workstation for r in rows} == {"loket-1"}
    assert rows[0].prev_hash == audit.GENESIS and rows[1].prev_hash == rows[0].row_hash
    assert queue_length() == 0
    assert [(s, k, h) for s, k, _, _, h in server_rows(pg_office)] == [(r.id, r.kind, r.row_hash) for r in rows]
    assert audit.rows() == rows  # the same rows back, detail included
    assert audit.verify() is None
    assert audit.rows(nik_hash=audit.nik_hash(NIK))[0].nik_hash == rows[0].nik_hash
    dump = json.dumps(pg_office.sql("SELECT * FROM audit_events"), default=str)
    assert NIK not in dump and rows[0].nik_hash in dump


def test_server_stopped_mid_day_events_queue_then_drain_in_order_without_loss_or_duplicate(pg_office):
    before = [audit.append("read", "ok", nik=NIK) for _ in range(2)]
    pg_office.cluster.stop()
    offline = [audit.record_read(type("R", (), {"identity": type("I", (), {"nik": NIK, "authenticity": "valid"})()})(),
                                 "KTP") for _ in range(5)]
    assert all(r is not None for r in offline)  # the counter keeps recording
    assert [r.id for r in offline] == [3, 4, 5, 6, 7] and offline[0].prev_hash == before[-1].row_hash
    assert queue_length() == 5
    assert sync.drain(force=True).error == "unreachable" and queue_length() == 5
    pg_office.cluster.start()
    after = audit.append("print", "printed", form_id="surat_domisili")  # the next event pushes the queue
    assert queue_length() == 0
    on_server = server_rows(pg_office)
    assert [r[0] for r in on_server] == list(range(1, 9))  # every seq exactly once, in order
    assert [r[4] for r in on_server] == [r.row_hash for r in (*before, *offline, after)]
    assert sync.drain(force=True).events == 0 and len(server_rows(pg_office)) == 8  # nothing pushed twice
    assert audit.verify() is None


def test_a_push_whose_answer_was_lost_is_not_delivered_twice(pg_office):
    pg_office.cluster.stop()
    queued = [audit.append("read", "ok") for _ in range(3)]
    pg_office.cluster.start()
    cfg = config()
    assert pg.push_audit(cfg, queued[:2]) == 2  # delivered, but this counter never heard back
    result = sync.drain(force=True)
    assert (result.events, result.queued, result.error) == (3, 0, "")
    assert [r[0] for r in server_rows(pg_office)] == [1, 2, 3]


def test_a_stale_or_reordered_push_is_refused(pg_office):
    cfg = config()
    pg_office.cluster.stop()
    rows = [audit.append("read", "ok") for _ in range(3)]
    pg_office.cluster.start()
    with pytest.raises(pg.PushRejected):
        pg.push_audit(cfg, [rows[1], rows[2]])  # reordered: seq 2 before seq 1 reached the server
    with pytest.raises(pg.PushRejected):
        pg.push_audit(cfg, [rows[0], rows[2]])  # a gap
    assert pg.push_audit(cfg, rows) == 3
    forged = replace(rows[1], outcome="card_removed")
    with pytest.raises(pg.PushRejected, match="stale"):
        pg.push_audit(cfg, [forged])  # a replay of seq 2 with other content
    # The server enforces it itself, whatever the client: the next seq on the current head only.
    values = [getattr(rows[2], c) for c in audit.COLUMNS]
    values[0] = 9
    with pytest.raises(psycopg.DatabaseError) as caught:
        pg_office.sql(f"INSERT INTO audit_events ({','.join(pg._columns())}) VALUES "
                      f"({','.join(['%s'] * len(values))})", tuple(values))
    assert caught.value.sqlstate == pg.OUT_OF_ORDER
    with pytest.raises(psycopg.DatabaseError) as caught:
        pg_office.sql("UPDATE audit_events SET outcome = 'x' WHERE seq = 1")  # append-only
    assert caught.value.sqlstate == "LK002"
    assert [r[0] for r in server_rows(pg_office)] == [1, 2, 3]
    assert sync.drain(force=True).error == ""  # the queue had exactly these: now empty
    assert queue_length() == 0


def test_a_counter_with_another_audit_key_keeps_its_rows_queued(pg_office, monkeypatch):
    audit.append("read", "ok")
    other = pg_office.env("loket-2")
    monkeypatch.setenv("LOKET_CONFIG", other["LOKET_CONFIG"])
    monkeypatch.setenv("LOKET_DATA_DIR", other["LOKET_DATA_DIR"])
    monkeypatch.setenv("LOKET_AUDIT_KEY", "not-the-office-key")
    audit.forget_key()
    row = audit.append("read", "ok")
    assert row.workstation == "loket-2" and queue_length() == 1
    assert sync.drain(force=True).error == "key_mismatch"
    assert server_rows(pg_office, "loket-2") == []


WRITER = textwrap.dedent("""
    import sys
    sys.path.insert(0, sys.argv[1])
    from app import audit
    for i in range(int(sys.argv[2])):
        audit.append("read", "ok", service=sys.argv[3], nik="3273014507920001")
""")


def test_counters_appending_at_once_each_keep_their_chain_in_the_one_table(pg_office):
    n, each = 3, 25
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(ROOT), str(each), f"svc-{i}"],
                              env=pg_office.env(f"c{i}", LOKET_AUDIT_KEY="office-audit-key-1")) for i in range(n)]
    assert all(p.wait(180) == 0 for p in procs)
    per_counter = Counter(r.workstation for r in audit.rows())
    assert per_counter == {f"c{i}": each for i in range(n)}
    for i in range(n):
        assert [r[0] for r in server_rows(pg_office, f"c{i}")] == list(range(1, each + 1))
    assert audit.verify() is None  # every counter's chain, checked with the office key
    pg_office.sql("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only")
    pg_office.sql("UPDATE audit_events SET outcome = 'x' WHERE workstation = 'c1' AND seq = 7")
    assert audit.verify() == audit.Broken(7, "this row was altered", "c1")


def saved_read(tmp_path: Path) -> Path:
    from tests.forms_support import applicant

    path = tmp_path / "warga.json"  # what `loket read --json` printed for this citizen
    from app.citizen.readseal import seal

    path.write_text(json.dumps(seal(applicant(0).identity.to_json()), ensure_ascii=False), encoding="utf-8")
    return path


def test_two_loket_processes_of_one_office_print_interleaved_letters_with_unique_numbers(pg_office, tmp_path):
    from pypdf import PdfReader

    identity = saved_read(tmp_path)
    envs = {c: pg_office.env(c, LOKET_AUDIT_KEY="office-audit-key-1") for c in ("loket-a", "loket-b")}

    def fill(counter: str, i: int) -> subprocess.Popen:
        out = tmp_path / f"{counter}-{i}.pdf"
        return subprocess.Popen(
            [sys.executable, "-m", "app", "fill", "surat_domisili", "--identity", str(identity),
             "--set", "alamat_domisili=jl. mulawarman", "--set", "sejak=01-03-2024", "--set", "keperluan=KTP",
             "--out", str(out)], cwd=ROOT, env=envs[counter], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True)

    printed: list[tuple[str, str]] = []
    for i in range(3):  # a, b, a, b, ... one after the other, then both at once
        for counter in ("loket-a", "loket-b"):
            proc = fill(counter, i)
            out, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err
            printed.append((counter, re.search(r"\(nomor (.+)\)", out).group(1)))
    both = [fill(c, 9) for c in ("loket-a", "loket-b")]
    for counter, proc in zip(("loket-a", "loket-b"), both, strict=True):
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        printed.append((counter, re.search(r"\(nomor (.+)\)", out).group(1)))
    numbers = [n for _, n in printed]
    assert len(set(numbers)) == len(numbers) == 8
    assert sorted(int(n.split("/")[1]) for n in numbers) == list(range(1, 9))
    assert [int(n.split("/")[1]) for n in numbers[:6]] == list(range(1, 7))  # interleaved, in turn
    # The number printed is the number on the page.
    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "loket-b-0.pdf").pages)
    assert dict(printed[:2])["loket-b"] in text
    issued = dict(pg_office.sql("SELECT number, counter FROM letter_numbers"))
    assert {issued[n] for n in numbers} == {"loket-a", "loket-b"} and all(issued[n] == c for c, n in printed)
    # The office head's view: both counters' print events in the one trail.
    prints = Counter(r.workstation for r in audit.rows() if r.kind == "print")
    assert prints == {"loket-a": 4, "loket-b": 4}


@pytest.mark.parametrize("cut", ["last row", "last 3 rows", "every row"])
def test_rows_cut_from_a_counters_chain_on_the_server_are_reported(pg_office, cut: str) -> None:
    """Someone with the table owner's rights switches the append-only trigger off and removes rows from the
    end: the chain that is left is valid, but the server's audit_heads (kept by the insert trigger) is not
    reached by it any more."""
    for _ in range(5):
        audit.append("read", "ok", service="KTP", nik=NIK)
    assert audit.verify() is None
    keep = {"last row": 4, "last 3 rows": 2, "every row": 0}[cut]
    pg_office.sql("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only")
    pg_office.sql("DELETE FROM audit_events WHERE workstation = 'loket-1' AND seq > %s", (keep,))
    pg_office.sql("ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only")
    broken = audit.verify()
    assert broken is not None and broken.row_id == keep + 1 and broken.workstation == "loket-1"
    assert broken.reason == "rows at the end were removed or the file was replaced"


def test_the_window_never_waits_for_a_silent_office_server(pg_office, monkeypatch) -> None:
    """The counter window pushes from its own drainer thread: with the office server replaced by one that
    accepts connections and never answers (a firewall dropping the replies), an audit event returns at
    once, the rows wait in the queue, and once the server answers again the drainer delivers them."""
    import socket
    import threading
    import time

    from app.storage import StorageConfig
    from app.storage import config as storage_config

    audit.append("read", "ok", nik=NIK)  # the counter's chain exists on the server (no first-event lookup)
    held: list[socket.socket] = []
    silent = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def swallow() -> None:
        silent.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(silent.accept()[0])  # accepted, never answered
            except OSError:
                continue

    threading.Thread(target=swallow, daemon=True).start()
    real = storage_config()
    cfg = replace(real, postgres=replace(real.postgres, port=silent.getsockname()[1], connect_timeout=3),
                  retry_seconds=0.2)
    assert isinstance(cfg, StorageConfig)
    monkeypatch.setattr("app.audit.trail.storage_config", lambda: cfg)
    sync.start_background(cfg)
    try:
        slowest = 0.0
        for _ in range(10):
            started = time.perf_counter()
            audit.append("print", "printed", form_id="rsud_pasien_baru", nik=NIK)
            slowest = max(slowest, time.perf_counter() - started)
        assert slowest < 0.5, f"an audit event waited {slowest:.2f} s for the office server"
        assert queue_length() == 10
    finally:
        sync.stop_background()
        stop.set()
        silent.close()
        for s in held:
            s.close()
    monkeypatch.setattr("app.audit.trail.storage_config", lambda: real)
    sync.start_background(real)
    try:
        sync._background.request()  # type: ignore[union-attr]
        deadline = time.monotonic() + 20
        while queue_length() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert queue_length() == 0 and len(server_rows(pg_office)) == 11
    finally:
        sync.stop_background()
    assert audit.verify() is None


def test_a_row_queued_by_a_loket_from_before_the_detail_column_is_still_pushed(pg_office):
    """An outbox row written before ``detail`` existed has no such key; its detail was empty, which the hash
    leaves out, so it is pushed as it is and the chain verifies."""
    audit.append("read", "ok", service="KTP", nik=NIK)
    pg_office.cluster.stop()
    try:
        audit.append("read", "ok", service="KTP", nik=NIK)
        with closing(local.open_outbox()) as conn:
            [(seq, text)] = conn.execute("SELECT seq, row FROM audit_queue").fetchall()
            old = json.loads(text)
            old.pop("detail")
            conn.execute("UPDATE audit_queue SET row = ? WHERE seq = ?", (json.dumps(old), seq))
    finally:
        pg_office.cluster.start()
    assert sync.drain(force=True).error == ""
    assert queue_length() == 0
    assert [r[0] for r in server_rows(pg_office)] == [1, 2]
    assert audit.verify() is None
