"""``loket today [--day D] [--find TEXT]`` and ``loket reprint NUMBER --out FILE.pdf``: the window's "Hari ini"
for a terminal (app/flows/today.py, app/letters/reprint.py). No name is ever printed here: lines carry time, service and
number only."""

from __future__ import annotations

import argparse
import logging
import sqlite3
import sys
from pathlib import Path

from app.cli import err
from app.cli.audit import parse_day
from reader.exitcodes import ExitCode

log = logging.getLogger("loket.today")


def add_today_parsers(sub: argparse._SubParsersAction) -> None:
    from app.cli import help_of
    from app.cli.words import say

    p = sub.add_parser("today", help=help_of("today"), description=say(
        "Hari di loket ini seperti daftar Hari ini di jendela (warga dan cetakan dihitung seperti laporan, satu "
        "baris per surat), atau dengan --find surat yang nomornya memuat TEKS, atau bertanggal TEKS.",
        "This counter's day as the window's Today list shows it (citizens and prints counted as the report counts "
        "them, one line per letter), or with --find the issued letters whose number contains TEXT, or of the "
        "date TEXT."))
    p.add_argument("--day", type=parse_day, metavar="YYYY-MM-DD", help=say("hari lain, bukan hari ini",
                                                                           "another day than today"))
    p.add_argument("--find", metavar="TEXT", help=say("nomor surat (atau sebagiannya) atau tanggal (dd-mm-yyyy)",
                                                      "a letter number (or part of it) or a date (dd-mm-yyyy)"))
    p.set_defaults(func=cmd_today)
    r = sub.add_parser("reprint", help=help_of("reprint"), description=say(
        "Salinan tersimpan surat NOMOR dicetak lagi: bertanda SALINAN di setiap halaman, nomor yang sama (tidak "
        "mengambil nomor baru), tercatat di jejak audit sebagai cetak ulang.",
        "The kept copy of letter NUMBER again, SALINAN on every page, the same number (none is taken), audited "
        "as a reprint."))
    r.add_argument("number", metavar="NUMBER",
                   help=say("nomor surat, seperti tertulis", "the letter number as written"))
    r.add_argument("--out", type=Path, required=True, metavar="FILE.pdf",
                   help=say("berkas PDF yang ditulis", "the PDF file to write"))
    r.set_defaults(func=cmd_reprint)


def cmd_today(args: argparse.Namespace) -> int:
    from app.base.settings import load
    from app.flows import today
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
        return ExitCode.FAILED
    sys.stdout.write(f"{day.day:%d-%m-%Y} {day.workstation}: {day.citizens} warga, {day.prints} cetak, "
                     f"{day.letters} surat bernomor.\n")
    for line in day.lines:
        sys.stdout.write(f"{line.at:%H:%M}  {', '.join(line.services)}  {line.number or '—'}"
                         f"{'  salinan ada' if line.printed else ''}\n")
    return 0


def cmd_reprint(args: argparse.Namespace) -> int:
    from app.base.logsetup import failure
    from app.base.settings import load
    from app.letters import copies
    from app.letters.reprint import reprint

    settings = load()
    try:
        kept = [e for e in copies.entries(number=args.number) if e.number == args.number]
    except copies.CopiesUnavailable as exc:  # the file is broken (set aside): one sentence, no traceback
        err(exc.id_text)
        return ExitCode.FAILED
    except (sqlite3.Error, OSError) as exc:
        log.error("reprint: copies not read: %s", failure(exc))
        err(copies.CopiesUnavailable.id_text)
        return ExitCode.FAILED
    if not kept:
        sys.stderr.write(f"Tidak ada salinan surat {args.number} di komputer ini (belum pernah dicetak di sini, "
                         "atau sudah melewati masa simpan salinan).\n")
        return ExitCode.FAILED
    result = reprint(kept[-1].id, args.out, settings=settings)
    if not result.ok:
        err(result.sentence)
        return result.exit_code or ExitCode.FAILED
    sys.stdout.write(f"Salinan surat {result.number} ditulis ke {args.out} (bertanda SALINAN).\n")
    return 0
