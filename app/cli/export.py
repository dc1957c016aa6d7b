"""``loket export TARGET (--card | --nik NIK | --identity FILE.json | --demo [--person N]) --out FILE``.

The person comes from exactly where ``loket fill`` takes it (``app.cli.forms.person_for``). Exit codes
(``reader.exitcodes.ExitCode``): 0 written (or handed off); 1 the file could not be written (as ``loket
fill``); 2 usage, or the hand-off command is not set or failed; 3–9 the card could not be read; 10 the chip
data is not authentic (unless ``forms.allow_unverified_print``); 11 the registry gave no record for --nik; 12
the record lacks what the target requires (one line per field). Every change the export made to a value (a
mapping, a shortened text, a region code from another source) is one line on stderr.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.base.exportoutcome import ExportOutcome
from app.cli import err, help_of
from app.cli.words import clerk, say
from app.export import regions, registry
from app.export.values import TYPED_EXTRAS
from reader.exitcodes import ExitCode


def add_export_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help=help_of("export"),
                       description=say(f"Kode wilayah menurut {regions.source()}.",
                                       f"Region codes from {regions.source()}."))
    p.add_argument("target", choices=registry.commands(),
                   help=say("sistem atau format tujuan: ", "the target system or format: ") + "; ".join(
                       f"{t.id} = {say(t.label, t.label_en)}" for t in registry.TARGETS.values()
                       if not t.variant_of))
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--card", action="store_true",
                     help=say("baca e-KTP pada pembaca, lalu tanyakan ke data kependudukan",
                              "read the e-KTP on the reader, then ask the registry"))
    who.add_argument("--nik", metavar="NIK", help=say("hanya dari data kependudukan (tanpa kartu)",
                                                      "the registry only (no card)"))
    who.add_argument("--identity", type=Path, metavar="FILE.json",
                     help=say("hasil `loket read --json` yang tersimpan", "a saved `loket read --json`"))
    who.add_argument("--demo", action="store_true",
                     help=say("kartu dan data kependudukan simulasi (lewat pcscd + vpcd bila ada); data demo "
                              "disimpan terpisah",
                              "the simulated card and registry (through pcscd + vpcd when there); the demo's data "
                              "is kept apart"))
    p.add_argument("--person", type=int, default=0, metavar="N",
                   help=say("dengan --demo: nomor warga simulasi (0)", "with --demo: which simulated citizen (0)"))
    p.add_argument("--wait", type=float, default=10.0, metavar="S",
                   help=say("dengan --card: berapa detik menunggu kartu (10)", "with --card: seconds to wait (10)"))
    extras = ", ".join(TYPED_EXTRAS)
    p.add_argument("--set", dest="typed", action="append", default=[], metavar="FIELD=VALUE",
                   help=say(f"nilai tambahan dari petugas ({extras}) atau koreksi petugas untuk isian data "
                            "warga mana pun",
                            f"a value the clerk adds ({extras}) or corrects (any person field)"))
    for variant in registry.variants():  # khanza --sql: another file of the same target
        p.add_argument(variant.flag, dest="variant", action="store_const", const=variant.id,
                       help=say(variant.flag_help, variant.flag_help_en))
    p.add_argument("--command", dest="handoff", action="store_true",
                   help=say("lalu serahkan berkasnya ke perintah yang tercantum di pengaturan "
                            "(export.commands.TARGET)",
                            "then hand the file to the command in the settings (export.commands.TARGET)"))
    p.add_argument("--registry-url", metavar="URL",
                   help=say("URL data kependudukan, menggantikan yang ada di pengaturan",
                            "instead of the registry URL in the settings"))
    p.add_argument("--agency", metavar="NAME", help=say("instansi, menggantikan yang ada di pengaturan",
                                                        "instead of the agency in the settings"))
    p.add_argument("--out", required=True, type=Path, metavar="FILE",
                   help=say("berkas yang ditulis", "the file to write"))
    p.set_defaults(func=cmd_export, variant=None)


def cmd_export(args: argparse.Namespace) -> int:
    from app import audit
    from app.base import settings as settings_module
    from app.cli.forms import parse_typed, person_for
    from app.export import core
    from app.flows.person import Refusal

    variant = registry.get(args.variant) if args.variant else None
    if variant is not None and variant.variant_of != args.target:
        print(f"{variant.flag} hanya untuk ekspor {variant.variant_of}.", file=sys.stderr)
        return ExitCode.USAGE
    target = variant.id if variant is not None else args.target
    try:
        typed = parse_typed(args.typed)
        settings = settings_module.load()
    except ValueError as exc:
        err(exc)
        return ExitCode.USAGE
    try:
        with person_for(args, settings) as person:
            for note in person.notes:
                err(note)
            export, outcome = core.export_to(target, person.values, args.out, typed,
                                             authenticity=person.authenticity, settings=settings,
                                             handoff=args.handoff, service=args.target)
    except Refusal as exc:
        if exc.code is ExitCode.NOT_AUTHENTIC:  # refused before the export was built: audited all the same
            audit.record_export(core.audit_target(target), ExportOutcome.BLOCKED_UNVERIFIED, None, args.target)
        err(exc)
        return exc.code
    except core.ExportError as exc:
        for line in exc.lines:
            err(line)
        return exc.code
    for note in export.notes:
        err(say("Catatan: ", "Note: ") + f"{note.field}: " + clerk(note.text))
    print(f"{args.out}" + (" (dikirim)" if outcome is ExportOutcome.HANDED_OFF else ""))
    return 0
