"""``loket forms`` and ``loket fill`` (wired in by app/cli/__init__.py); the person comes from app/flows/person.py.

Exit codes (``reader.exitcodes.ExitCode``): 0 printed; 1 the PDF could not be written (disk full, no
permission: nothing half-written is left); 2 usage or setup problem (unknown form, broken template, bad --set,
bad NIK or JSON); 3–9 the card could not be read (as `loket read`); 10 the chip data is not authentic (unless
the setting ``forms.allow_unverified_print`` is true: then every page says TIDAK TERVERIFIKASI); 11 --nik and
the registry gave no record; 12 the form is not complete or not valid, one Indonesian line per problem on
stderr.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.base import settings as settings_module
from app.base.settings import Settings
from app.base.typedvalues import check_typed
from app.cli import err, help_of
from app.cli.words import clerk, say
from app.flows.person import (
    Person,
    Refusal,
    from_applicant,
    from_card,
    from_saved_read,
    person_from_nik,
)
from app.letters import formdata
from forms.render import PAPER_SIZES
from forms.template import TemplateError, load_all
from reader.exitcodes import ExitCode


def add_forms_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("forms", help=help_of("forms"))
    p.set_defaults(func=cmd_forms)

    p = sub.add_parser("fill", help=help_of("fill"))
    p.add_argument("form_id", metavar="FORM", help=say("id templat dari `loket forms`",
                                                       "a template id from `loket forms`"))
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--card", action="store_true",
                     help=say("baca e-KTP pada pembaca, lalu tanyakan ke data kependudukan",
                              "read the e-KTP on the reader, then ask the registry"))
    who.add_argument("--nik", metavar="NIK", help=say("hanya dari data kependudukan (tanpa kartu: tanpa foto chip)",
                                                      "the registry only (no card: no chip photo)"))
    who.add_argument("--identity", type=Path, metavar="FILE.json",
                     help=say("hasil `loket read --json` (atau `--lookup --json`) yang tersimpan, lalu tanyakan "
                              "ke data kependudukan",
                              "a saved `loket read --json` (or `--lookup --json`), then ask the registry"))
    who.add_argument("--demo", action="store_true",
                     help=say("baca kartu simulasi (lewat pcscd + vpcd bila ada, selain itu di dalam proses ini) dan "
                              "tanyakan ke simulator data kependudukan; data demo disimpan terpisah",
                              "read the simulated card (through pcscd + vpcd when there, else in-process) and ask "
                              "the registry simulator; the demo's data is kept apart"))
    p.add_argument("--person", type=int, default=0, metavar="N",
                   help=say("dengan --demo: nomor warga simulasi (0)", "with --demo: which simulated citizen (0)"))
    p.add_argument("--wait", type=float, default=10.0, metavar="S",
                   help=say("dengan --card: berapa detik menunggu kartu (10)", "with --card: seconds to wait (10)"))
    p.add_argument("--set", "--typed", dest="typed", action="append", default=[], metavar="FIELD=VALUE",
                   help=say("nilai yang diketik petugas (boleh diulang; --typed adalah nama lamanya)",
                            "a value the clerk types (repeatable; --typed is the old name)"))
    p.add_argument("--registry-url", metavar="URL",
                   help=say("URL data kependudukan, menggantikan yang ada di pengaturan",
                            "instead of the registry URL in the settings"))
    p.add_argument("--agency", metavar="NAME", help=say("instansi, menggantikan yang ada di pengaturan",
                                                        "instead of the agency in the settings"))
    p.add_argument("--preview", action="store_true",
                   help=say("untuk tampilan layar: sertakan gambar blanko formulir pracetak, tanpa mengambil "
                            "nomor surat",
                            "for the screen: draw a pre-printed form's blank, take no letter number"))
    p.add_argument("--printer", metavar="NAME",
                   help=say("pakai kalibrasi printer ini untuk kertas pracetak (bawaan: forms.printer)",
                            "use this printer's calibration for pre-printed stock (default: forms.printer)"))
    p.add_argument("--out", required=True, type=Path, metavar="FILE.pdf",
                   help=say("berkas PDF yang ditulis", "the PDF file to write"))
    p.add_argument("--paper", choices=sorted(PAPER_SIZES), type=str.upper, default=None,
                   help=say("ukuran kertas, menggantikan ukuran di templat", "override the template's paper size"))
    p.set_defaults(func=cmd_fill)


def cmd_forms(args: argparse.Namespace) -> int:
    try:
        templates = load_all()
    except TemplateError as exc:
        print(f"Template formulir rusak: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    for t in templates.values():
        print(f"{t.id:<22} {t.paper:<3} {t.layout:<8} {t.title}")
    return 0


def parse_typed(pairs: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"--set harus berbentuk NAMA_ISIAN=NILAI, bukan {pair[:60]!r}.")
        check_typed(key.strip(), value)
        out[key.strip()] = value
    return out


@contextmanager
def person_for(args: argparse.Namespace, settings: Settings) -> Iterator[Person]:
    """The Person from the source the clerk chose; the demo's simulators stay up only while it is used."""
    overrides = {"registry_url": args.registry_url, "agency": args.agency}
    if args.demo:
        from app.sim.demo import demo_applicant, keys_without_keyring

        if (note := keys_without_keyring()) is not None:
            err("demo: " + clerk(note))

        # Through pcscd + vpcd when they are there, as `loket read --demo`, and it says which.
        with demo_applicant(args.person, settings, prefer_pcscd=True,
                            tell=lambda how: print(f"demo: {how}", file=sys.stderr)) as applicant:
            yield from_applicant(applicant)
        return
    if args.nik is not None:
        yield person_from_nik(args.nik, settings, overrides)
    elif args.identity is not None:
        person = from_saved_read(args.identity, settings, overrides)
        if person.photo is None:
            person.photo_note = "Foto chip tidak ada di berkas ini. Tempel pas foto 3 × 4"
        yield person
    else:
        yield from_card(settings, args.wait, overrides)


def _ask_passphrase() -> str | None:
    """The signing official's BSrE passphrase, asked at each save (letters.signing = bsre); never kept."""
    import getpass

    try:
        return getpass.getpass("Passphrase TTE pejabat penanda tangan (BSrE): ")
    except (EOFError, KeyboardInterrupt):
        return None


def cmd_fill(args: argparse.Namespace) -> int:
    try:
        typed = parse_typed(args.typed)
        settings = settings_module.load()
        settings_module.tell(settings, lambda line: err(line))
    except ValueError as exc:
        err(exc)
        return ExitCode.USAGE
    try:
        with person_for(args, settings) as person:
            for note in person.notes:
                err(note)
            prepared = formdata.prepare(args.form_id, person.values, typed, photo=person.photo,
                                        photo_note=person.photo_note, settings=settings,
                                        authenticity=person.authenticity)
    except Refusal as exc:
        err(exc)
        return exc.code
    except KeyError as exc:
        err(exc.args[0])
        return ExitCode.USAGE
    except TemplateError as exc:
        print(f"Template formulir rusak: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    if prepared.blocked:  # before the form's own problems: no typing makes this data printable
        err(formdata.NotAuthentic.id_text)
        return ExitCode.NOT_AUTHENTIC
    if prepared.unverified:
        print(f"Peringatan: keaslian data kartu gagal diperiksa; setiap halaman bertanda "
              f"{formdata.UNVERIFIED_MARK} (forms.allow_unverified_print).", file=sys.stderr)
    if not prepared.filled.ok:
        words = {f.label: f.label_en for f in prepared.template.fields if f.label_en}
        words |= {f.pattern_message: f.pattern_message_en for f in prepared.template.fields
                  if f.pattern_message and f.pattern_message_en}
        for problem in prepared.filled.problems:
            err(f"{problem.key}: " + clerk(problem.message, words))
        return ExitCode.INVALID
    for key in sorted(prepared.filled.overridden):  # a card's or the registry's value replaced: never silent
        print(f"Catatan: {key} diganti dengan isian petugas (--set), bukan nilai dari chip/Dukcapil; "
              "tercatat di jejak audit.", file=sys.stderr)
    from app.letters.printjob import run_job

    result = run_job(prepared, args.out, form_id=args.form_id, nik=str(person.values.get("nik") or "") or None,
                     settings=settings, paper=args.paper, preview=args.preview, printer=args.printer,
                     passphrase=_ask_passphrase)
    if not result.ok:
        err(result.sentence)
        if result.voided:
            print(f"Nomor {result.number} tidak terpakai dan dicatat batal.", file=sys.stderr)
        return result.exit_code
    if result.notice:  # taken from this counter's offline block: the clerk must know
        err(result.notice)
    if result.copy_note:  # the letter is made; a reprint of it from this PC is not possible, or the file was new
        err(result.copy_note)
    number = result.number
    print(f"{args.out}" + (f" (nomor {number})" if number else ""))
    return 0
