"""``loket audit verify | export``: the audit trail checked, or exported as CSV for the office head."""

from __future__ import annotations

import argparse
import logging
import sqlite3
import sys
from datetime import date

from app.audit import (
    AuditKeyError,
    anchored,
    db_path,
    export_csv,
    last_row,
    verify,
)
from app.base.logsetup import failure
from app.cli import err, help_of
from app.cli.words import say
from app.storage import Unreachable
from app.storage import config as storage_config
from reader.exitcodes import ExitCode

log = logging.getLogger("loket.cli.audit")


def add_audit_parser(sub: argparse._SubParsersAction) -> None:
    audit = sub.add_parser("audit", help=help_of("audit"),
                           description=say("Periksa rantai hash jejak audit, atau ekspor jejak audit ke CSV.",
                                           "Check the audit trail's hash chain or export it as CSV."))
    actions = audit.add_subparsers(dest="audit_action", required=True)
    p = actions.add_parser("verify", help=say("periksa apakah ada baris yang dihapus atau diubah",
                                              "check whether a row was deleted or altered"),
                           description=say(f"Periksa rantai hash. Kode keluar: 0 utuh, {ExitCode.INVALID} rusak "
                                           f"(beserta baris pertama yang rusak), {ExitCode.USAGE} kunci tidak "
                                           "ada atau bukan kunci jejak ini.",
                                           f"Check the hash chain: exit 0 intact, {ExitCode.INVALID} broken "
                                           f"(with the first bad row), {ExitCode.USAGE} key missing or not this "
                                           "trail's."))
    p.set_defaults(func=cmd_audit_verify)
    p = actions.add_parser("export", help=say("tulis jejak audit satu rentang tanggal ke CSV",
                                              "write the audit trail of a date range to CSV"),
                           description=say("Tulis kejadian dalam satu rentang tanggal (hari lokal, kedua "
                                           "ujungnya termasuk) ke CSV untuk kepala kantor.",
                                           "Write the events of a date range (local days, both included) "
                                           "to CSV for the office head."))
    add_day_range(p)
    p.add_argument("--out", required=True, metavar="FILE.csv",
                   help=say("berkas CSV yang ditulis", "the CSV file to write"))
    p.add_argument("--nik", metavar="NIK", help=say("hanya kejadian warga ini (dicocokkan lewat hash berkunci)",
                                                    "only this citizen's events (matched by keyed hash)"))
    p.set_defaults(func=cmd_audit_export)


def add_day_range(p: argparse.ArgumentParser, required: bool = True) -> None:
    """``--from``/``--to``, the same for ``audit export`` and ``report``."""
    p.add_argument("--from", dest="from_day", type=parse_day, required=required, metavar="YYYY-MM-DD",
                   help=say("hari pertama (ikut dihitung)", "the first day (included)"))
    p.add_argument("--to", dest="to_day", type=parse_day, required=required, metavar="YYYY-MM-DD",
                   help=say("hari terakhir (ikut dihitung)", "the last day (included)"))


def parse_day(text: str) -> date:
    """An argparse ``type`` for a local day (``YYYY-MM-DD``)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"tanggal harus YYYY-MM-DD, bukan {text!r}") from None


def cmd_audit_verify(args: argparse.Namespace) -> int:
    try:
        broken = verify()
        last = last_row()
    except AuditKeyError as exc:
        log.error("audit verify: %s", exc)
        err(exc.id_text)
        return ExitCode.USAGE
    except Unreachable:
        sys.stderr.write("Server kantor tidak terhubung; jejak audit kantor tidak dapat diperiksa sekarang.\n")
        return ExitCode.AUDIT_UNAVAILABLE
    except (sqlite3.Error, OSError) as exc:  # truncated, random bytes, a folder: not a trail at all
        log.error("audit verify: the trail file cannot be read: %s", failure(exc))
        sys.stderr.write(f"Jejak audit RUSAK: berkas {db_path().name} tidak dapat dibaca sebagai jejak audit "
                         "(terpotong, tertimpa, atau bukan berkas). Hubungi petugas IT.\n")
        return ExitCode.INVALID
    if broken is not None:
        log.error("audit chain broken at row %d: %s", broken.row_id, broken.reason)
        whose = f" loket {broken.workstation}" if broken.workstation else ""
        sys.stderr.write(f"Jejak audit{whose} RUSAK mulai baris {broken.row_id}: "
                         f"{_REASON_ID.get(broken.reason, broken.reason)}.\n")
        return ExitCode.INVALID
    if last is None:
        sys.stdout.write("Jejak audit masih kosong.\n")
    else:
        whose = f" loket {last.workstation}" if storage_config().is_postgres else ""
        sys.stdout.write(f"Jejak audit{whose} utuh: {last.id} baris, terakhir baris {last.id} pada {last.time} "
                         f"(hash {last.row_hash[:16]}).\n")
        if not storage_config().is_postgres and not anchored():
            log.warning("audit verify: the trail's head is not anchored; a cut tail cannot be seen")
            sys.stdout.write(UNANCHORED + "\n")
    return 0


UNANCHORED = ("Perhatian: ujung jejak audit ini tidak berlabuh di keyring sistem (kunci audit dari LOKET_AUDIT_KEY, "
              "atau keyring menolak menulis), sehingga baris terakhir yang dipotong atau berkas yang diganti versi "
              "lama TIDAK terlihat. Bandingkan baris terakhir di atas dengan laporan sebelumnya.")


_REASON_ID = {
    "the row before it was deleted or altered": "baris sebelumnya dihapus atau diubah",
    "this row was altered": "baris ini diubah",
    "its time runs backwards": "waktunya mundur dari baris sebelumnya",
    "the last row was replaced": "baris terakhir diganti",
    "rows at the end were removed or the file was replaced": "baris-baris terakhir dihapus atau berkasnya diganti",
}


def cmd_audit_export(args: argparse.Namespace) -> int:
    from app.base.outfile import SaveFailed

    if args.to_day < args.from_day:
        sys.stderr.write("--to tidak boleh sebelum --from.\n")
        return ExitCode.USAGE
    try:
        count = export_csv(args.from_day, args.to_day, args.out, nik=args.nik)
        broken = verify()
    except AuditKeyError as exc:
        log.error("audit export: %s", exc)
        err(exc.id_text)
        return ExitCode.USAGE
    except Unreachable:
        sys.stderr.write("Server kantor tidak terhubung; laporan tidak dibuat. Coba lagi nanti.\n")
        return ExitCode.AUDIT_UNAVAILABLE
    except SaveFailed as exc:  # full disk, a folder, a link: nothing half-written is left
        log.error("audit export failed: %s", exc)
        err(exc.id_text)
        return ExitCode.FAILED
    except OSError as exc:
        log.error("audit export failed: %s", failure(exc))
        sys.stderr.write(f"Berkas {args.out} tidak dapat ditulis ({exc.strerror or type(exc).__name__}).\n")
        return ExitCode.FAILED
    sys.stdout.write(f"{count} baris ditulis ke {args.out}.\n")
    if broken is not None:
        # The report is still written: the office head needs it most when something was tampered with.
        sys.stderr.write(f"PERINGATAN: jejak audit rusak mulai baris {broken.row_id}; "
                         "jalankan `loket audit verify`.\n")
        return ExitCode.INVALID
    return 0
