"""``loket forms`` and ``loket fill``: for app/cli.py to wire in with ``add_forms_parsers(sub)``.

Exit codes: 0 printed; 1 the PDF could not be written (disk full, no permission: nothing half-written is
left); 2 usage or setup problem (unknown form, broken template, bad --set, bad NIK or JSON);
3–9 the card could not be read (as `loket read`); 10 the chip data is not authentic (unless the setting
``forms.allow_unverified_print`` is true: then every page says TIDAK TERVERIFIKASI); 11 --nik and the
registry gave no record; 12 the form is not complete or not valid, one Indonesian line per problem on
stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from app import formdata
from app import settings as settings_module
from app.merge import Applicant
from app.registry.outage import RegistryState
from app.settings import Settings
from app.typedvalues import MAX_TYPED, MAX_TYPED_DEFAULT, check_typed  # noqa: F401  (tests import them here)
from forms.render import PAPER_SIZES
from forms.template import TemplateError, load_all
from forms.values import nik_problem
from reader.errors import ReadError
from reader.identity import Authenticity, Identity, Photo

EXIT_NOT_WRITTEN = 1
EXIT_USAGE = 2
EXIT_INVALID = formdata.EXIT_INVALID


def add_forms_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("forms", help="list the form templates")
    p.set_defaults(func=cmd_forms)

    p = sub.add_parser("fill", help="fill a form from a card, a NIK or a saved read and write the PDF")
    p.add_argument("form_id", metavar="FORM", help="a template id from `loket forms`")
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--card", action="store_true", help="read the e-KTP on the reader, then ask the registry")
    who.add_argument("--nik", metavar="NIK", help="the registry only (no card: no chip photo)")
    who.add_argument("--identity", type=Path, metavar="FILE.json",
                     help="a saved `loket read --json` (or `--lookup --json`), then ask the registry")
    who.add_argument("--demo", action="store_true",
                     help="read the simulated card in-process and ask the registry simulator")
    p.add_argument("--person", type=int, default=0, metavar="N", help="with --demo: which simulated citizen")
    p.add_argument("--wait", type=float, default=10.0, metavar="S", help="with --card: seconds to wait (10)")
    p.add_argument("--set", "--typed", dest="typed", action="append", default=[], metavar="FIELD=VALUE",
                   help="a value the clerk types (repeatable; --typed is the old name)")
    p.add_argument("--registry-url", metavar="URL", help="instead of the registry URL in the settings")
    p.add_argument("--agency", metavar="NAME", help="instead of the agency in the settings")
    p.add_argument("--preview", action="store_true",
                   help="for the screen: draw a pre-printed form's blank, take no letter number")
    p.add_argument("--printer", metavar="NAME",
                   help="use this printer's calibration for pre-printed stock (default: forms.printer)")
    p.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    p.add_argument("--paper", choices=sorted(PAPER_SIZES), type=str.upper, default=None,
                   help="override the template's paper size")
    p.set_defaults(func=cmd_fill)


def cmd_forms(args: argparse.Namespace) -> int:
    try:
        templates = load_all()
    except TemplateError as exc:
        print(f"Template formulir rusak: {exc}", file=sys.stderr)
        return EXIT_USAGE
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
def demo_applicant(person: int, settings: Settings, state: RegistryState | None = None) -> Iterator[Applicant]:
    """The simulated card read in-process and looked up in the registry simulator, as at a real counter.

    ``state``: a fresh outage state keeps one caller's registry trouble from showing up in another's notice."""
    from app.cardread import read_card
    from app.demo import start_demo
    from app.lookup import lookup_for_identity
    from app.registry.simulator import SIM_AGENCY, SIM_PASSWORD, SIM_USER, start_simulator

    saved = {k: os.environ.get(k) for k in ("LOKET_REGISTRY_USER", "LOKET_REGISTRY_PASSWORD")}
    handle = start_simulator(port=0)
    demo = start_demo(person, prefer_pcscd=False)
    try:
        os.environ["LOKET_REGISTRY_USER"], os.environ["LOKET_REGISTRY_PASSWORD"] = SIM_USER, SIM_PASSWORD
        settings.registry.base_url, settings.registry.agency = handle.url, SIM_AGENCY
        identity = read_card(settings, source=demo).identity
        yield lookup_for_identity(identity, settings, state=state)
    finally:
        demo.stop()
        handle.stop()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


class Refusal(Exception):
    """No person to fill the form with: the sentence for the clerk and the exit code."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class Person:
    """Whoever the form is for, from whichever source the clerk named."""

    values: dict[str, object]
    photo: bytes | None = None
    photo_note: str = ""  # why there is no chip photo, printed in the photo box
    notes: list[str] = field(default_factory=list)  # Indonesian lines for stderr
    authenticity: Authenticity | None = None  # the chip's; None without a chip (--nik)


NO_CHIP_PHOTO = "Tanpa KTP-el: foto chip tidak ada. Tempel pas foto 3 × 4"


def _overrides(args: argparse.Namespace) -> dict[str, str | None]:
    return {"registry_url": args.registry_url, "agency": args.agency}


def _from_applicant(applicant: Applicant) -> Person:
    notes = [applicant.notice] if applicant.notice else []
    notes += [f"Catatan: {d.field} berbeda antara chip dan data kependudukan; yang dicetak: "
              f"{'data chip' if applicant.fields[d.field].source == 'chip' else 'data kependudukan (Dukcapil)'}."
              for d in applicant.discrepancies]
    return Person(formdata.person_values(applicant), formdata.photo_of(applicant), notes=notes,
                  authenticity=applicant.identity.authenticity)


UNSEALED = ("Berkas data warga ini tidak bersegel Loket komputer ini (bukan keluaran `loket read --json` di sini, "
            "atau sudah diubah), sehingga keaslian datanya tidak dapat dipastikan dan tidak dicetak atau disimpan. "
            "Baca ulang kartunya.")


def _checked(identity: Identity, settings: Settings) -> Identity:
    # Refused before the registry is asked; the rule itself is formdata's (print_pdf enforces it again).
    if formdata.print_blocked(identity.authenticity, settings):
        unsealed = identity.authenticity is Authenticity.UNCHECKED
        raise Refusal(UNSEALED if unsealed else formdata.NotAuthentic.id_text, formdata.EXIT_NOT_AUTHENTIC)
    return identity


def read_from_reader(settings: Settings, wait: float) -> Identity:
    """The real reader through PC/SC; a seam the tests replace, since pcscd is shared with other suites."""
    from app.cardread import read_card

    return read_card(settings, wait=wait).identity


def identity_from_json(data: object) -> Identity:
    """`loket read --json` back into an Identity. The JSON never carries the photo bytes, so the form gets
    a photo box to paste a paper photo into. `--lookup --json` (a merged record) is accepted too: the chip's
    own value is taken for every field, so the registry is asked afresh and the merge is the same as live."""
    if not isinstance(data, dict) or not isinstance(data.get("nik"), str):
        raise ValueError("bukan keluaran `loket read --json` (tidak ada NIK)")
    chip = data.get("chip") if isinstance(data.get("chip"), dict) else data
    provenance = data.get("provenance") if isinstance(data.get("provenance"), dict) else None
    disagree = {d.get("field"): d.get("chip") for d in data.get("discrepancies") or [] if isinstance(d, dict)}

    def chip_value(name: str) -> str:
        if name in disagree:
            value = disagree[name]
        elif provenance is not None and provenance.get(name) not in (None, "chip"):
            value = ""  # the registry's or the clerk's value, not the card's
        else:
            value = data.get(name)
        if value is not None and not isinstance(value, str):
            raise ValueError(f"isian {name} bukan teks")
        return value or ""

    born = chip_value("tanggal_lahir")
    try:
        birth = date.fromisoformat(born) if born else None
    except ValueError:
        raise ValueError("tanggal_lahir bukan tanggal (YYYY-MM-DD)") from None
    from app.readseal import sealed_here

    try:
        authenticity = Authenticity(str(chip.get("authenticity") or "unchecked"))
    except ValueError:
        authenticity = Authenticity.UNCHECKED
    if not sealed_here(data):
        authenticity = Authenticity.UNCHECKED  # a verdict is one word to edit: only our own seal keeps it
    photo = chip.get("photo") if isinstance(chip.get("photo"), dict) else {}
    names = ("nik", "nama", "tempat_lahir", "jenis_kelamin", "golongan_darah", "alamat", "rt", "rw", "kelurahan",
             "kecamatan", "kabupaten", "provinsi", "agama", "status_perkawinan", "pekerjaan", "kewarganegaraan",
             "berlaku_hingga")
    extras = chip.get("extras") if isinstance(chip.get("extras"), dict) else {}
    return Identity(
        **{name: chip_value(name) for name in names}, tanggal_lahir=birth, uid=str(chip.get("uid") or ""),
        authenticity=authenticity, photo=Photo(b"", str(photo.get("mime") or "application/octet-stream")),
        signature=None, extras={str(k): str(v) for k, v in extras.items()},
        warnings=tuple(str(w) for w in chip.get("warnings") or []),
    )


def person_from_nik(nik: str, settings: Settings, overrides: object) -> Person:
    """The registry alone: no chip, so no photo and nothing to cross-check the record against."""
    from app.cli.registry import EXIT_REGISTRY
    from app.registry.client import RegistryConfigError, make_client
    from app.registry.result import CHIP_STILL_USED, Found, NotFound

    problem = nik_problem(nik.strip())
    if problem:
        raise Refusal(problem, EXIT_USAGE)
    try:
        client = make_client(settings, overrides)
    except RegistryConfigError as exc:
        raise Refusal(exc.as_result().id_text.replace(CHIP_STILL_USED, _NIK_ONLY), EXIT_REGISTRY) from None
    try:
        result = client.lookup(nik.strip())
    finally:
        client.close()
    if isinstance(result, NotFound):
        raise Refusal("NIK tidak ditemukan di data kependudukan; formulir tidak dapat diisi dari NIK saja.",
                      EXIT_REGISTRY)
    if not isinstance(result, Found):
        raise Refusal(result.id_text.replace(CHIP_STILL_USED, _NIK_ONLY), EXIT_REGISTRY)
    values: dict[str, object] = {k: v for k, v in result.record.values().items() if v not in (None, "")}
    return Person(values, None, NO_CHIP_PHOTO,
                  ["Catatan: data dari data kependudukan saja (tanpa KTP-el); foto chip tidak ada."])


_NIK_ONLY = "tanpa KTP-el formulir tidak dapat diisi"


@contextmanager
def person_for(args: argparse.Namespace, settings: Settings) -> Iterator[Person]:
    """The Person from the source the clerk chose; the demo's simulators stay up only while it is used."""
    if args.demo:
        with demo_applicant(args.person, settings) as applicant:
            yield _from_applicant(applicant)
        return
    if args.nik is not None:
        yield person_from_nik(args.nik, settings, _overrides(args))
        return
    from app.lookup import lookup_for_identity

    if args.identity is not None:
        try:
            identity = identity_from_json(json.loads(args.identity.read_text(encoding="utf-8")))
        except OSError as exc:
            raise Refusal(f"{args.identity}: tidak dapat dibaca ({exc.strerror})", EXIT_USAGE) from None
        except (ValueError, TypeError) as exc:
            raise Refusal(f"{args.identity}: {exc}", EXIT_USAGE) from None
    else:
        try:
            identity = read_from_reader(settings, args.wait)
        except ReadError as exc:
            raise Refusal(exc.id_text, exc.exit_code) from None
    person = _from_applicant(lookup_for_identity(_checked(identity, settings), settings, _overrides(args)))
    if person.photo is None:
        person.photo_note = "Foto chip tidak ada di berkas ini. Tempel pas foto 3 × 4"
    yield person


def cmd_fill(args: argparse.Namespace) -> int:
    try:
        typed = parse_typed(args.typed)
        settings = settings_module.load()
        settings_module.tell(settings, lambda line: print(line, file=sys.stderr))
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    try:
        with person_for(args, settings) as person:
            for note in person.notes:
                print(note, file=sys.stderr)
            prepared = formdata.prepare(args.form_id, person.values, typed, photo=person.photo,
                                        photo_note=person.photo_note, settings=settings,
                                        authenticity=person.authenticity)
    except Refusal as exc:
        print(exc, file=sys.stderr)
        return exc.code
    except KeyError as exc:
        print(exc.args[0], file=sys.stderr)
        return EXIT_USAGE
    except TemplateError as exc:
        print(f"Template formulir rusak: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if prepared.blocked:  # before the form's own problems: no typing makes this data printable
        print(formdata.NotAuthentic.id_text, file=sys.stderr)
        return formdata.EXIT_NOT_AUTHENTIC
    if prepared.unverified:
        print(f"Peringatan: keaslian data kartu gagal diperiksa; setiap halaman bertanda "
              f"{formdata.UNVERIFIED_MARK} (forms.allow_unverified_print).", file=sys.stderr)
    if not prepared.filled.ok:
        for problem in prepared.filled.problems:
            print(f"{problem.key}: {problem.message}", file=sys.stderr)
        return EXIT_INVALID
    for key in sorted(prepared.filled.overridden):  # a card's or the registry's value replaced: never silent
        print(f"Catatan: {key} diganti dengan isian petugas (--set), bukan nilai dari chip/Dukcapil; "
              "tercatat di jejak audit.", file=sys.stderr)
    from app.printjob import run_job

    result = run_job(prepared, args.out, form_id=args.form_id, nik=str(person.values.get("nik") or "") or None,
                     settings=settings, paper=args.paper, preview=args.preview, printer=args.printer)
    if not result.ok:
        print(result.sentence, file=sys.stderr)
        if result.voided:
            print(f"Nomor {result.number} tidak terpakai dan dicatat batal.", file=sys.stderr)
        return result.exit_code
    if result.notice:  # taken from this counter's offline block: the clerk must know
        print(result.notice, file=sys.stderr)
    number = result.number
    print(f"{args.out}" + (f" (nomor {number})" if number else ""))
    return 0
