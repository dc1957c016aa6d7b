"""``loket report --from --to --out report.pdf [--csv report.csv]``: the office's statistics from the audit trail."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from pathlib import Path

from app.cli import err, help_of
from app.cli.audit import add_day_range
from app.cli.words import say
from reader.exitcodes import ExitCode

log = logging.getLogger("loket.report")


def add_report_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help=help_of("report"),
                       description=say("Statistik kantor untuk satu rentang hari lokal, dari jejak audit: warga "
                                       "per layanan per hari dan per jam, cetakan, kegagalan data kependudukan, "
                                       "selisih data per isian, ketikan yang dihemat; juga per loket.",
                                       "The office's statistics for a range of local days, from the audit trail: "
                                       "citizens per service per day and hour, prints, registry failures, "
                                       "discrepancies by field, typing saved; per counter too."))
    p.add_argument("kind", nargs="?", choices=["dukcapil"], metavar="dukcapil",
                   help=say("`dukcapil`: laporan semester penggunaan data kependudukan untuk Dukcapil (PKS), "
                            "dengan --semester", "`dukcapil`: the semester report of population-data use for "
                            "Dukcapil (the PKS), with --semester"))
    p.add_argument("--semester", metavar="YYYY-1|YYYY-2",
                   help=say("semester laporan Dukcapil: 1 = Januari–Juni, 2 = Juli–Desember",
                            "the Dukcapil report's half-year: 1 = January–June, 2 = July–December"))
    add_day_range(p, required=False)  # required for the office report, checked in cmd_report
    p.add_argument("--out", type=Path, required=True, metavar="FILE.pdf",
                   help=say("berkas PDF yang ditulis", "the PDF file to write"))
    p.add_argument("--csv", type=Path, metavar="FILE.csv",
                   help=say("tulis juga angka-angkanya ke CSV (satu per baris)",
                            "also the figures as CSV (one per line)"))
    p.add_argument("--seconds-per-field", type=float, metavar="S",
                   help=say("lama mengetik satu isian secara manual, dalam detik (bawaan: "
                            "report.seconds_per_field, atau 6)",
                            "typing one field by hand, in seconds (default: report.seconds_per_field, else 6)"))
    p.set_defaults(func=cmd_report)


def _trail_failure(what: str, exc: Exception) -> int:
    """Tells the clerk why the audit trail could not be read for a report and returns the exit code: the
    trail's key missing or wrong is the setup's fault (ExitCode.USAGE), an office server away is worth a retry
    (ExitCode.FAILED). ``exc`` is an audit.AuditKeyError or forms.numbering.Unreachable; ``what`` names the report
    in the log."""
    from app import audit

    if isinstance(exc, audit.AuditKeyError):
        log.error("%s: %s", what, exc)
        err(exc.id_text)
        return ExitCode.USAGE
    log.error("%s: the office server is unreachable", what)
    sys.stderr.write("Server kantor tidak dapat dihubungi; laporan belum dapat dibuat. Coba lagi nanti.\n")
    return ExitCode.FAILED


def _write_outputs(args: argparse.Namespace, what: str, write_pdf: Callable[[Path], object],
                   write_csv: Callable[[Path], int]) -> str | None:
    """Writes ``--out``, then ``--csv`` when asked, for both reports. Returns the end of the summary line
    (``ditulis ke A.pdf dan B.csv (n baris)``), or None once the clerk has been told that a file could not be
    written (exit ExitCode.FAILED). Each file is whole or not there (the writer refuses a folder, a symbolic link, a
    missing folder, an unread pipe); a PDF written before a refused CSV stays. ``what`` names the report in
    the log."""
    from app.base.outcome import PrintOutcome
    from app.letters.formdata import SaveFailed

    target, lines = args.out, 0
    try:
        write_pdf(args.out)
        if args.csv:
            target = args.csv
            lines = write_csv(args.csv)
    except SaveFailed as exc:
        log.error("%s not written: %s", what, exc)
        full = exc.outcome is PrintOutcome.DISK_FULL
        # The file that failed is the one named; a PDF already written is said, so nobody looks for it in vain
        # or thinks the whole report lost.
        done = f"PDF sudah ditulis ke {args.out}; " if target is not args.out else ""
        sys.stderr.write(f"{done}Laporan tidak dapat ditulis ke {target}"
                         f"{': disk penuh' if full else ''}. Pilih tempat lain, lalu coba lagi.\n")
        return None
    return f"ditulis ke {args.out}" + (f" dan {args.csv} ({lines} baris)" if args.csv else "")


def cmd_report(args: argparse.Namespace) -> int:
    from app import audit
    from app.base.settings import load
    from app.report import render, stats
    from forms.numbering import Unreachable

    if args.kind == "dukcapil":
        return cmd_report_dukcapil(args)
    if args.from_day is None or args.to_day is None:
        sys.stderr.write("--from dan --to wajib diisi (atau: loket report dukcapil --semester YYYY-1|YYYY-2).\n")
        return ExitCode.USAGE
    if args.to_day < args.from_day:
        sys.stderr.write("--to tidak boleh sebelum --from.\n")
        return ExitCode.USAGE
    if args.seconds_per_field is not None and args.seconds_per_field < 0:
        sys.stderr.write("--seconds-per-field tidak boleh negatif.\n")
        return ExitCode.USAGE
    settings = load()
    try:
        report = stats.from_trail(args.from_day, args.to_day, settings, seconds=args.seconds_per_field)
    except (audit.AuditKeyError, Unreachable) as exc:
        return _trail_failure("report", exc)
    section = settings.extra.get("report")
    office = str(section.get("office", "")) if isinstance(section, dict) else ""
    written = _write_outputs(args, "report", lambda out: render.write_pdf(report, out, office=office),
                             lambda out: render.write_csv(report, out))
    if written is None:
        return ExitCode.FAILED
    log.info("report %s..%s: %d rows, %d citizens", args.from_day, args.to_day, report.rows, report.citizens)
    sys.stdout.write(f"Laporan {render.period(report)}: {report.citizens} warga, {report.total_prints} cetak; "
                     f"{written}.\n")
    if report.rows == 0:
        sys.stderr.write("PERINGATAN: tidak ada kejadian di jejak audit untuk tanggal itu.\n")
    return 0


def cmd_report_dukcapil(args: argparse.Namespace) -> int:
    """``loket report dukcapil --semester 2026-2 --out FILE.pdf [--csv FILE.csv]``."""
    from app import audit
    from app.base.settings import load
    from app.report import dukcapil, dukcapil_render
    from forms.numbering import Unreachable

    if not args.semester:
        sys.stderr.write("--semester wajib diisi, misalnya --semester 2026-2 (Juli–Desember 2026).\n")
        return ExitCode.USAGE
    try:
        dukcapil.parse_semester(args.semester)
    except ValueError:
        sys.stderr.write(f"Semester harus YYYY-1 (Januari–Juni) atau YYYY-2 (Juli–Desember), bukan "
                         f"{args.semester!r}.\n")
        return ExitCode.USAGE
    settings = load()
    try:
        report = dukcapil.from_trail(args.semester, settings)
    except (audit.AuditKeyError, Unreachable) as exc:
        return _trail_failure("dukcapil report", exc)
    terms = dukcapil.agreement(settings)
    written = _write_outputs(args, "dukcapil report", lambda out: dukcapil_render.write_pdf(report, out, terms),
                             lambda out: dukcapil_render.write_csv(report, out))
    if written is None:
        return ExitCode.FAILED
    log.info("dukcapil report %s: %d rows, %d accesses", args.semester, report.rows, report.accesses)
    sys.stdout.write(f"Laporan Dukcapil {dukcapil_render.semester_name(report)}: {report.accesses} akses, "
                     f"{report.lookups} permintaan CALL_NIK; {written}.\n")
    if not terms.number:
        sys.stderr.write("PERINGATAN: nomor PKS belum diisi di pengaturan (dukcapil.agreement_number).\n")
    if report.rows == 0:
        sys.stderr.write("PERINGATAN: tidak ada kejadian di jejak audit untuk semester itu.\n")
    return 0
