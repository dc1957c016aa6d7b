"""``loket readers`` and ``loket read``: the PC/SC readers and what they hold, and one e-KTP read (the chip,
its authenticity, and with ``--lookup`` the registry merged), as the window reads it."""

from __future__ import annotations

import argparse
import json
import logging
from typing import TYPE_CHECKING

from app.cli import EXIT_USAGE, err, help_of, json_help, load_settings
from app.cli.simulate import faults_of
from app.cli.words import clerk, say

if TYPE_CHECKING:
    from app.base.settings import Settings
    from app.sim.demo import Demo

log = logging.getLogger("loket.cli")


def cmd_readers(args: argparse.Namespace) -> int:
    from reader.readers import Pcsc, probe_is_contactless

    rows = []
    with Pcsc() as pcsc:
        for name in pcsc.readers():
            present = pcsc.card_present(name)
            rows.append({"name": name, "card_present": present,
                         "contactless": probe_is_contactless(pcsc, name) if present else None})
    if args.json:
        print(json.dumps(rows, indent=2))
    elif not rows:
        print("Tidak ada pembaca kartu yang terhubung.")
    else:
        for row in rows:
            holds = ("e-KTP/kartu nirkontak" if row["contactless"] else "kartu kontak (SAM?)") \
                if row["card_present"] else "kosong"
            print(f"{row['name']}: {holds}")
    return 0


def _print_identity(data: dict[str, object]) -> None:
    for key, value in data.items():
        if isinstance(value, dict | list):
            value = json.dumps(value, ensure_ascii=False)
        print(f"{key:18} {value}")


def cmd_read(args: argparse.Namespace) -> int:
    settings = load_settings()
    demo = None
    if args.demo:
        from app.sim.demo import start_demo  # the simulator plug-in, only when asked for

        faults = faults_of(args)
        if faults is None:
            return EXIT_USAGE
        from app.sim.demo import keys_without_keyring

        if (note := keys_without_keyring()) is not None:
            err("demo: " + clerk(note))
        demo = start_demo(args.person, faults)
        err(f"demo: {demo.description}")
    elif args.fault:
        err("--fault only applies to --demo")
        return EXIT_USAGE
    if demo is not None:
        return _read_and_print(args, settings, demo)
    from app.base.credentials import fetched_together
    from app.citizen.cardread import READ_SECRETS
    from app.citizen.readseal import KEY_ENV, KEY_NAME

    with fetched_together(*READ_SECRETS, *([(KEY_NAME, KEY_ENV)] if args.json else [])):
        return _read_and_print(args, settings, None)


def _read_and_print(args: argparse.Namespace, settings: Settings, demo: Demo | None) -> int:
    from app.citizen.cardread import read_card
    from reader.identity import Authenticity

    photo_failed = lookup_failed = False
    try:
        result = read_card(settings, args.card_reader or "", args.sam_reader or "", args.wait, demo)
        identity = result.identity
        log.info("read complete: profile %s, %d APDUs, %.0f ms", result.profile, result.apdus,
                 result.seconds * 1000)
        if args.photo_out:
            from app.base.outfile import SaveFailed, write_output

            try:
                write_output(args.photo_out, identity.photo.data)
            except SaveFailed as exc:  # the read itself is not lost: it is still printed below
                err(f"Foto tidak tersimpan: {exc.id_text}")
                log.error("photo not written: %s", exc)
                photo_failed = True
        if args.lookup:
            from app.citizen.lookup import lookup_for_identity

            overrides = {"registry_url": args.registry_url, "agency": args.agency}
            if demo is not None and not (args.registry_url or settings.registry.base_url):
                overrides = {"registry_url": demo.start_registry(), "agency": args.agency or "LOKET_SIM"}
            applicant = lookup_for_identity(identity, settings, overrides)
            data = applicant.to_json()
            lookup = applicant.lookup
            # "Not in the registry" is an answer; no answer (unreachable, refused, garbage) is the failure.
            lookup_failed = lookup is None or lookup.status in ("failed", "refused")
            if applicant.notice:
                err(applicant.notice)
            elif lookup_failed and lookup is not None:
                err(lookup.id_text)  # said once per outage by the notice; the exit code says it every time
        else:
            data = identity.to_json()
    finally:
        if demo is not None:
            demo.stop()
    if args.json:
        from app.citizen.readseal import FIELD, NO_SEAL_KEY, seal

        # Sealed: `fill/export --identity` keeps the chip's verdict only for this untouched output. A
        # simulated card is never sealed: its "valid" must not turn a fictional citizen into a verified one.
        sealed = data if demo is not None else seal(data)
        print(json.dumps(sealed, indent=2, ensure_ascii=False))
        if demo is None and FIELD not in sealed:
            err(NO_SEAL_KEY)  # the file is printed, but no fill/export will take its verdict: say why now
    else:
        _print_identity(data)
    if identity.authenticity is Authenticity.INVALID:
        from reader.errors import NotAuthenticText

        err(NotAuthenticText.ID)
        log.warning(NotAuthenticText.EN)
        return 10
    if lookup_failed:
        return 11  # the chip read is printed, the registry part is not there: the README's table
    return 1 if photo_failed else 0


def add_readers_parser(sub: argparse._SubParsersAction) -> None:
    sp = sub.add_parser("readers", help=help_of("readers"))
    sp.add_argument("--json", action="store_true", help=json_help())
    sp.set_defaults(func=cmd_readers)


def add_read_parser(sub: argparse._SubParsersAction) -> None:
    sp = sub.add_parser("read", help=help_of("read"))
    sp.add_argument("--json", action="store_true",
                    help=say("keluaran dalam format JSON, bersegel: `loket fill/export --identity` memercayai "
                             "hasil pemeriksaan chip hanya pada keluaran yang tidak diubah",
                             "JSON output, sealed: `loket fill/export --identity` trusts the chip's verdict only "
                             "in an output left untouched"))
    sp.add_argument("--wait", type=float, default=10.0, metavar="S",
                    help=say("berapa detik menunggu kartu (10)", "seconds to wait for a card (10)"))
    sp.add_argument("--card-reader", metavar="NAME",
                    help=say("sebagian nama pembaca nirkontak", "part of the contactless reader's name"))
    sp.add_argument("--sam-reader", metavar="NAME",
                    help=say("sebagian nama pembaca SAM", "part of the SAM reader's name"))
    sp.add_argument("--photo-out", metavar="FILE",
                    help=say("simpan foto dari chip ke FILE", "write the chip photo to FILE"))
    sp.add_argument("--demo", action="store_true",
                    help=say("pakai kartu, SAM dan data kependudukan simulasi bawaan",
                             "use the built-in simulated card, SAM and registry"))
    sp.add_argument("--person", type=int, default=0, metavar="N",
                    help=say("dengan --demo: nomor warga simulasi (0)", "with --demo: which simulated citizen (0)"))
    sp.add_argument("--fault", action="append", metavar="NAME",
                    help=say("dengan --demo: gangguan kartu yang disimulasikan (daftarnya: "
                             "`loket simulate card --help`)",
                             "with --demo: a card fault (the list: `loket simulate card --help`)"))
    sp.add_argument("--lookup", action="store_true",
                    help=say("cari juga NIK di data kependudukan lalu gabungkan hasilnya",
                             "also look the NIK up in the registry and merge"))
    sp.add_argument("--registry-url", metavar="URL",
                    help=say("URL dasar data kependudukan (menggantikan pengaturan)",
                             "base URL of the registry (overrides the settings)"))
    sp.add_argument("--agency", metavar="NAME",
                    help=say("kode instansi di jalur URL (menggantikan pengaturan)",
                             "agency code in the URL path (overrides the settings)"))
    sp.set_defaults(func=cmd_read)
