"""``loket forms`` and ``loket fill``: for app/cli.py to wire in with ``add_forms_parsers(sub)``.

Exit codes: 0 printed; 2 usage or setup problem (unknown form, broken template, bad --typed); 12 the form
is not complete or not valid, with one Indonesian line per problem on stderr.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app import formdata
from app import settings as settings_module
from app.merge import Applicant
from app.settings import Settings
from forms.render import PAPER_SIZES
from forms.template import TemplateError, load_all

EXIT_USAGE = 2
EXIT_INVALID = formdata.EXIT_INVALID


def add_forms_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("forms", help="list the form templates")
    p.set_defaults(func=cmd_forms)

    p = sub.add_parser("fill", help="fill a form from a card and the registry and write the PDF")
    p.add_argument("form_id", metavar="FORM_ID", help="a template id from `loket forms`")
    p.add_argument("--demo", action="store_true", required=True,
                   help="read the simulated card in-process and ask the registry simulator")
    p.add_argument("--person", type=int, default=0, help="which simulated citizen (default 0)")
    p.add_argument("--typed", action="append", default=[], metavar="KEY=VALUE",
                   help="a value the clerk types (repeatable)")
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
            raise ValueError(f"--typed expects KEY=VALUE, got {pair!r}")
        out[key.strip()] = value
    return out


@contextmanager
def demo_applicant(person: int, settings: Settings) -> Iterator[Applicant]:
    """The simulated card read in-process and looked up in the registry simulator, as at a real counter."""
    from app.cardread import read_card
    from app.demo import start_demo
    from app.registry.commands import lookup_for_identity
    from app.registry.simulator import SIM_AGENCY, SIM_PASSWORD, SIM_USER, start_simulator

    saved = {k: os.environ.get(k) for k in ("LOKET_REGISTRY_USER", "LOKET_REGISTRY_PASSWORD")}
    handle = start_simulator(port=0)
    demo = start_demo(person, prefer_pcscd=False)
    try:
        os.environ["LOKET_REGISTRY_USER"], os.environ["LOKET_REGISTRY_PASSWORD"] = SIM_USER, SIM_PASSWORD
        settings.registry.base_url, settings.registry.agency = handle.url, SIM_AGENCY
        identity = read_card(settings, demo=demo).identity
        yield lookup_for_identity(identity, settings)
    finally:
        demo.stop()
        handle.stop()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def cmd_fill(args: argparse.Namespace) -> int:
    try:
        typed = parse_typed(args.typed)
        settings = settings_module.load()
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    with demo_applicant(args.person, settings) as applicant:
        if applicant.notice:
            print(applicant.notice, file=sys.stderr)
        try:
            prepared = formdata.prepare_for_applicant(args.form_id, applicant, typed, settings=settings)
        except KeyError as exc:
            print(exc.args[0], file=sys.stderr)
            return EXIT_USAGE
        except TemplateError as exc:
            print(f"Template formulir rusak: {exc}", file=sys.stderr)
            return EXIT_USAGE
        for d in applicant.discrepancies:
            print(f"Catatan: {d.field} berbeda antara chip dan data kependudukan; yang dicetak: data chip.",
                  file=sys.stderr)
    if not prepared.filled.ok:
        for problem in prepared.filled.problems:
            print(f"{problem.key}: {problem.message}", file=sys.stderr)
        return EXIT_INVALID
    number = formdata.print_pdf(prepared, args.out, paper=args.paper, settings=settings)
    print(f"{args.out}" + (f" (nomor {number})" if number else ""))
    return 0
