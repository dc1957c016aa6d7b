"""Dukcapil's semester report on an office server counts every counter's rows (pushed from each counter's
chain), and the register there shows every counter's numbers."""

from __future__ import annotations

from datetime import UTC, datetime

pytest_plugins = ("tests.postgres_fixtures",)

NIK_A, NIK_B = "3273014507920001", "6471041203850007"


def test_the_semester_report_reads_every_counters_rows_on_the_server(pg_office):
    from app import audit
    from app.base.settings import load
    from app.report import dukcapil

    day = datetime(2026, 8, 3, 2, 0, tzinfo=UTC)
    pg_office.write_settings(counter="loket-1")
    audit.append("read", "ok", service="surat_domisili", nik=NIK_A, detail={"card_reader": ["acr1281"]}, at=day)
    audit.append("lookup", "found", service="surat_domisili", nik=NIK_A, at=day)
    pg_office.write_settings(counter="loket-2")
    audit.append("lookup", "refused_quota", service="rsud_pasien_baru", nik=NIK_B, at=day)
    audit.append("read", "ok_invalid", service="rsud_pasien_baru", nik=NIK_B, at=day)
    assert pg_office.sql("SELECT count(DISTINCT workstation) FROM audit_events") == [(2,)]
    report = dukcapil.from_trail("2026-2", load())
    assert dict(report.by_counter) == {"loket-1": 1, "loket-2": 1}
    assert dict(report.by_method) == {"both": 1, "nik": 1}
    assert report.refused_cards == 1 and [d.isoformat() for d in report.quota_days] == ["2026-08-03"]
    assert dict(report.readers) == {"acr1281": 1, "?": 1}  # a row without its reader: counted, unnamed
    assert NIK_A not in repr(report) and NIK_B not in repr(report)
