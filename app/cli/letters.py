"""``loket letters register --from --to --out FILE.pdf|csv``: the outgoing-letter register (buku agenda surat
keluar) for the office head — this counter's, or every counter's on the office server."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from app.cli import help_of
from app.cli.audit import add_day_range
from app.cli.words import say

log = logging.getLogger("loket.cli.letters")

EXIT_USAGE = 2
EXIT_FAILED = 1


def add_letters_parser(sub: argparse._SubParsersAction) -> None:
    letters = sub.add_parser("letters", help=help_of("letters"),
                             description=say("Surat kantor: buku agenda surat keluar.",
                                             "The office's letters: the outgoing-letter register."))
    actions = letters.add_subparsers(dest="letters_action", required=True)
    p = actions.add_parser("register", help=say("buku agenda surat keluar ke PDF atau CSV",
                                                "the outgoing-letter register as PDF or CSV"),
                           description=say("Setiap nomor surat yang diambil dalam rentang hari lokal (kedua ujungnya "
                                           "termasuk): dicetak, disimpan, batal beserta sebabnya, cetak ulang; "
                                           "tanggal, jenis, klasifikasi, loket dan petugas. Di server kantor: semua "
                                           "loket. Ekspornya tercatat di jejak audit.",
                                           "Every letter number taken in a range of local days (both included): "
                                           "printed, saved, void with its reason, reprinted; date, type, "
                                           "classification, counter and operator. On the office server: every "
                                           "counter. The export is audited."))
    add_day_range(p)
    p.add_argument("--out", type=Path, required=True, metavar="FILE.pdf|FILE.csv",
                   help=say("berkas yang ditulis: .csv untuk CSV, selain itu PDF",
                            "the file to write: .csv for CSV, else PDF"))
    p.set_defaults(func=cmd_letters_register)


def cmd_letters_register(args: argparse.Namespace) -> int:
    from app import audit
    from app.base.outfile import SaveFailed
    from app.base.settings import load
    from app.report import register
    from app.storage import StorageError, Unreachable

    if args.to_day < args.from_day:
        sys.stderr.write("--to tidak boleh sebelum --from.\n")
        return EXIT_USAGE
    settings = load()
    try:
        book = register.load(args.from_day, args.to_day, settings)
        kind = register.export(book, args.out, office=_office_name(settings))
    except Unreachable:
        log.error("letter register: the office server is unreachable")
        sys.stderr.write("Server kantor tidak dapat dihubungi; buku agenda belum dapat dibuat. Coba lagi nanti.\n")
        return EXIT_FAILED
    except StorageError as exc:
        log.error("letter register: %s", exc)
        sys.stderr.write(exc.id_text + "\n")
        return EXIT_USAGE
    except audit.AuditUnavailable as exc:
        log.error("letter register: %s", exc)
        sys.stderr.write(exc.id_text + "\n")
        return exc.exit_code
    except SaveFailed as exc:
        log.error("letter register not written: %s", exc)
        full = exc.outcome == "disk_full"
        sys.stderr.write(f"Buku agenda tidak dapat ditulis ke {args.out}"
                         f"{': disk penuh' if full else ''}. Pilih tempat lain, lalu coba lagi.\n")
        return EXIT_FAILED
    log.info("letter register %s..%s: %d numbers (%s)", args.from_day, args.to_day, len(book.rows), kind)
    where = "semua loket" if book.office_wide else "loket ini"
    sys.stdout.write(f"Buku agenda surat keluar ({where}): {len(book.rows)} nomor; ditulis ke {args.out}.\n")
    return 0


def _office_name(settings: object) -> str:
    from app.report.dukcapil import agreement

    return agreement(settings).office  # type: ignore[arg-type]
