"""``loket doctor``: the same checks as the window's Diagnosa, printed (or as JSON), and with ``--report`` the
support zip for IT."""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path

from app.cli import err, help_of, json_help, load_settings
from app.cli.words import say
from reader.exitcodes import ExitCode

log = logging.getLogger("loket.cli")


def cmd_doctor(args: argparse.Namespace) -> int:
    from app.flows.doctor import run_checks, write_report

    settings = load_settings()
    checks = run_checks(settings, demo=args.demo)
    if args.json:
        print(json.dumps([c.to_json() for c in checks], indent=2, ensure_ascii=False))
    else:
        for c in checks:
            print(c.line())
    if args.report:
        from app.base.outfile import SaveFailed

        try:
            path = write_report(Path(args.report), checks, settings)
        except SaveFailed as exc:
            err(f"Laporan diagnosa tidak tersimpan: {exc.id_text}")
            log.error("doctor report not written: %s", exc)
            return ExitCode.FAILED
        err(f"Laporan diagnosa disimpan: {path}")
    return ExitCode.OK if all(c.ok for c in checks) else ExitCode.FAILED


def add_doctor_parser(sub: argparse._SubParsersAction) -> None:
    sp = sub.add_parser("doctor", help=help_of("doctor"))
    sp.add_argument("--json", action="store_true", help=json_help())
    sp.add_argument("--demo", action="store_true",
                    help=say("periksa dengan simulator bawaan", "check against the built-in simulators"))
    sp.add_argument("--report", metavar="FILE.zip",
                    help=say("simpan juga laporan untuk dukungan teknis (hasil pemeriksaan, versi, pembaca, "
                             "pengaturan, baris log terakhir)",
                             "also save a support report (checks, versions, readers, settings, last log lines)"))
    sp.set_defaults(func=cmd_doctor)
