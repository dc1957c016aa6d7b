"""``loket simulate card``: a simulated e-KTP (and SAM) in the vpcd readers, for a training room or a test
(``loket simulate registry`` is app/cli/registry.py's)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.cli import err, help_of
from app.cli.words import say
from reader.exitcodes import ExitCode

if TYPE_CHECKING:
    from reader.simulator.card import CardFaults


def faults_of(args: argparse.Namespace) -> CardFaults | None:
    """The --fault values, or None after telling the user which names exist."""
    from reader.simulator.factory import parse_card_faults

    try:
        return parse_card_faults(args.fault or [])
    except ValueError as exc:
        err(str(exc))
        return None


def cmd_simulate_card(args: argparse.Namespace) -> int:
    import threading

    from reader.simulator import vpcd
    from reader.simulator.factory import make_card, make_sam
    from reader.simulator.population import POPULATION

    faults = faults_of(args)
    if faults is None:
        return ExitCode.USAGE
    card = make_card(args.person, faults)
    print(f"Simulated e-KTP #{args.person % len(POPULATION)} on vpcd port {vpcd.CARD_PORT}; "
          f"SAM on port {vpcd.SAM_PORT}. Ctrl+C to stop.", flush=True)
    try:
        if not args.no_sam:
            sam = make_sam()
            threading.Thread(target=vpcd.serve_forever, args=(sam, vpcd.SAM_PORT), daemon=True).start()
        vpcd.serve_forever(card, vpcd.CARD_PORT)
    except ConnectionRefusedError as exc:
        err(f"{exc}\nvpcd tidak aktif: jalankan pcscd dengan vsmartcard-vpcd terpasang.")
        return ExitCode.PCSC_UNAVAILABLE  # vpcd is pcscd's driver: no vpcd, no virtual reader to serve
    except KeyboardInterrupt:
        return 0
    return 0


# reader.simulator.factory.FAULT_HELP in Indonesian (reader/ knows nothing of the CLI's language); the names
# are the same in both, tests/test_cli_language.py keeps them so.
FAULT_HELP_ID = (
    "pull-at=N (kartu dicabut pada APDU ke-N), not-ektp, no-extended, photo-altered, tampered-photo, "
    "bad-biodata (kolom terlalu sedikit), latin1-biodata, bad-photo (bukan gambar), status-at=N:SWSW"
)


def add_simulate_parser(sub: argparse._SubParsersAction) -> None:
    from app.cli.registry import add_simulate_registry_parser
    from reader.simulator.factory import FAULT_HELP

    sim = sub.add_parser("simulate", help=help_of("simulate")).add_subparsers(dest="what", required=True)
    sp = sim.add_parser("card", help=say("e-KTP (dan SAM) simulasi di pembaca vpcd",
                                         "a simulated e-KTP (and SAM) in the vpcd readers"))
    sp.add_argument("--person", type=int, default=0, metavar="N",
                    help=say("nomor warga simulasi (0)", "which simulated citizen (0)"))
    sp.add_argument("--fault", action="append", metavar="NAME",
                    help=say(f"gangguan kartu yang disimulasikan, boleh diulang: {FAULT_HELP_ID}",
                             f"a card fault to simulate, repeatable: {FAULT_HELP}"))
    sp.add_argument("--no-sam", action="store_true",
                    help=say("jangan pasang SAM simulasi di pembaca kedua",
                             "do not put the simulated SAM in the second reader"))
    sp.set_defaults(func=cmd_simulate_card)
    add_simulate_registry_parser(sim)
