"""The audit rows as CSV for the office head (``loket audit export``): local days, formulas defused."""

from __future__ import annotations

import csv
import io
from contextlib import closing
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from app.audit import trail
from app.audit.key import checked_key
from app.audit.model import keyed_nik_hash, normalise_nik
from app.base.csvcell import safe_cell

CSV_HEADER = ("no", "waktu_utc", "waktu_lokal", "pengguna_os", "komputer", "layanan", "formulir",
              "kejadian", "hasil", "nik_hmac", "hash_baris")


def _local_day_start_utc(day: date) -> str:
    # The office head asks for *their* days; the trail is in UTC.
    return datetime.combine(day, time.min).astimezone().astimezone(UTC).isoformat(timespec="milliseconds")


def _cell(value: str) -> str:
    # A service or form name typed in the settings must not become a spreadsheet formula.
    return safe_cell(value)


def export_csv(from_day: date, to_day: date, path: Path | str, *, nik: str | None = None) -> int:
    """Rows from the start of ``from_day`` to the end of ``to_day`` (local days, both included) as CSV.
    Returns the number of rows. Written to a temporary file first so a full disk leaves no half report."""
    from app.base.outfile import write_output

    since, until = _local_day_start_utc(from_day), _local_day_start_utc(to_day + timedelta(days=1))
    count = 0
    office = trail.office_server()
    text = io.StringIO(newline="")
    with closing(trail.key_connection(office)) as conn:
        digest = keyed_nik_hash(checked_key(conn, create=False), normalise_nik(nik)) if nik else ""
        found = (trail.rows(since, until, nik_hash=digest) if office is not None
                 else trail.iter_rows(conn, since, until, digest))
        writer = csv.writer(text)
        writer.writerow(CSV_HEADER)
        for row in found:
            local = datetime.fromisoformat(row.time).astimezone().isoformat(timespec="seconds")
            writer.writerow([row.id, row.time, local, _cell(row.os_user), _cell(row.workstation),
                             _cell(row.service), _cell(row.form_id), row.kind, _cell(row.outcome),
                             row.nik_hash, row.row_hash])
            count += 1
    # The one writer (app/base/outfile.py): whole or nothing, fsynced, never through a link. utf-8-sig: Excel on
    # the office head's PC then shows Indonesian text correctly.
    write_output(path, text.getvalue().encode("utf-8-sig"))
    return count
