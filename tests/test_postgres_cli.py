"""``loket db upgrade | status | push`` against a real PostgreSQL server, as IT runs them."""

from __future__ import annotations

from app import audit
from app.cli import main
from app.storage.migrations import latest

pytest_plugins = ("tests.postgres_fixtures",)


def test_upgrade_applies_the_versioned_sql_once(pg_office, capsys):
    assert main(["db", "upgrade"]) == 0
    assert "sudah terbaru" in capsys.readouterr().out  # the fixture already upgraded this one
    with pg_office.cluster.admin() as conn:
        conn.execute(f"CREATE DATABASE {pg_office.dbname}_new OWNER loket")
    try:
        pg_office.storage["postgres"]["dbname"] = f"{pg_office.dbname}_new"
        pg_office.write_settings()
        assert main(["db", "status"]) == 0
        assert "PERLU `loket db upgrade`" in capsys.readouterr().out
        audit.append("read", "ok")  # kept in the queue: an old schema is never written to
        assert main(["db", "push"]) == 1
        assert main(["db", "upgrade"]) == 0
        assert "0001_office.sql" in capsys.readouterr().out
        assert main(["db", "upgrade"]) == 0 and "sudah terbaru" in capsys.readouterr().out
        assert main(["db", "push"]) == 0 and "Terkirim: 1 kejadian audit" in capsys.readouterr().out
    finally:
        with pg_office.cluster.admin() as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {pg_office.dbname}_new WITH (FORCE)")


def test_status_and_push_around_an_outage(pg_office, capsys):
    assert main(["db", "status"]) == 0
    out = capsys.readouterr().out
    assert f"terhubung, skema versi {latest('postgres')} (terbaru)" in out and "loket loket-1" in out
    pg_office.cluster.stop()
    audit.append("read", "ok")
    audit.append("print", "printed", form_id="surat_domisili")
    assert main(["db", "status"]) == 13
    assert "TIDAK terhubung" in (out := capsys.readouterr().out) and "Antrean: 2 kejadian audit" in out
    assert main(["db", "push"]) == 13
    assert "antrean tetap tersimpan" in capsys.readouterr().err
    pg_office.cluster.start()
    assert main(["db", "push"]) == 0
    assert "Terkirim: 2 kejadian audit" in capsys.readouterr().out
    assert pg_office.sql("SELECT count(*) FROM audit_events") == [(2,)]
    assert main(["audit", "verify"]) == 0
    assert "loket loket-1 utuh: 2 baris" in capsys.readouterr().out
