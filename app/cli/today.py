"""``loket today [--day D] [--find TEXT]`` and ``loket reprint NUMBER --out FILE.pdf``: the window's "Hari ini"
for a terminal (app/today.py, app/reprint.py). No name is ever printed here: lines carry time, service and
number only."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from app.cli.audit import parse_day

log = logging.getLogger("loket.today")

EXIT_USAGE = 2
EXIT_FAILED = 1


def add_today_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("today", help="warga dan surat hari ini di loket ini; cari surat",
                       description="This counter's day as the window's Hari ini shows it (citizens and prints "
                                   "counted as the report counts them, one line per letter), or with --find the "
                                   "issued letters whose number contains TEXT, or of the date TEXT.")
    p.add_argument("--day", type=parse_day, metavar="YYYY-MM-DD", help="another day than today")
    p.add_argument("--find", metavar="TEXT", help="a letter number (or part of it) or a date (dd-mm-yyyy)")
    p.set_defaults(func=cmd_today)
    r = sub.add_parser("reprint", help="cetak ulang salinan surat (bertanda SALINAN, nomor sama) ke PDF",
                       description="The kept copy of letter NUMBER again, SALINAN on every page, the same number "
                                   "(none is taken), audited as a reprint.")
    r.add_argument("number", metavar="NUMBER")
    r.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    r.set_defaults(func=cmd_reprint)


def cmd_today(args: argparse.Namespace) -> int:
    from app import today
    from app.settings import load
    from forms.numbering import Unreachable

    settings = load()
    if args.find:
        for found in today.search(args.find, settings):
            reason = f" ({found.reason})" if found.reason else ""
            copy = "salinan ada" if found.copy_id is not None else "tanpa salinan"
            sys.stdout.write(f"{found.at:%d-%m-%Y %H:%M}  {found.number or '—'}  {found.form_id}  "
                             f"{found.status}{reason}  {copy}\n")
        return 0
    try:
        day = today.today(settings, args.day)
    except Unreachable:
        sys.stderr.write("Server kantor tidak dapat dihubungi; coba lagi nanti.\n")
        return EXIT_FAILED
    sys.stdout.write(f"{day.day:%d-%m-%Y} {day.workstation}: {day.citizens} warga, {day.prints} cetak, "
                     f"{day.letters} surat bernomor.\n")
    for line in day.lines:
        sys.stdout.write(f"{line.at:%H:%M}  {', '.join(line.services)}  {line.number or '—'}"
                         f"{'  salinan ada' if line.printed else ''}\n")
    return 0


def cmd_reprint(args: argparse.Namespace) -> int:
    from app import copies
    from app.reprint import reprint
    from app.settings import load

    settings = load()
    kept = [e for e in copies.entries(number=args.number) if e.number == args.number]
    if not kept:
        sys.stderr.write(f"Tidak ada salinan surat {args.number} di komputer ini (belum pernah dicetak di sini, "
                         "atau sudah melewati masa simpan salinan).\n")
        return EXIT_FAILED
    result = reprint(kept[-1].id, args.out, settings=settings)
    if not result.ok:
        sys.stderr.write(result.sentence + "\n")
        return result.exit_code or EXIT_FAILED
    sys.stdout.write(f"Salinan surat {result.number} ditulis ke {args.out} (bertanda SALINAN).\n")
    return 0
