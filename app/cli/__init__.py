"""The ``loket`` command line. Every command calls the same core functions as the GUI.

Exit codes: 0 ok; 2 usage; 3 PC/SC service unreachable; 4 reader not found; 5 no card within --wait;
6 card removed or changed during the read; 7 not an e-KTP; 8 SAM missing, locked or credentials refused;
9 card data malformed; 10 authenticity check failed; 11 registry lookup failed. ``loket verify``: 0 valid,
14 not a Loket seal, 15 unknown office, 16 forged, 17 revoked (app/cli/verify.py).
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from app import __version__
from app.base import logsetup
from app.base.settings import Settings, SettingsError, load, tell
from app.cli.words import Parser, language, say

if TYPE_CHECKING:
    from reader.simulator.card import CardFaults


log = logging.getLogger("loket.cli")

EXIT_USAGE = 2


def _err(text: str) -> None:
    print(text, file=sys.stderr)


def _settings() -> Settings:
    settings = load()
    tell(settings, _err)  # a broken settings file is said once; the command goes on with the defaults
    return settings


# -- readers -----------------------------------------------------------------------------------------------

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


def _faults(args: argparse.Namespace) -> CardFaults | None:
    """The --fault values, or None after telling the user which names exist."""
    from reader.simulator.factory import parse_card_faults

    try:
        return parse_card_faults(args.fault or [])
    except ValueError as exc:
        _err(str(exc))
        return None


# -- read --------------------------------------------------------------------------------------------------

def _print_identity(data: dict[str, object]) -> None:
    for key, value in data.items():
        if isinstance(value, dict | list):
            value = json.dumps(value, ensure_ascii=False)
        print(f"{key:18} {value}")


def cmd_read(args: argparse.Namespace) -> int:
    from app.citizen.cardread import read_card
    from reader.identity import Authenticity

    settings = _settings()
    demo = None
    if args.demo:
        from app.sim.demo import start_demo  # the simulator plug-in, only when asked for

        faults = _faults(args)
        if faults is None:
            return EXIT_USAGE
        from app.sim.demo import keys_without_keyring

        if (note := keys_without_keyring()) is not None:
            _err(f"demo: {note}")
        demo = start_demo(args.person, faults)
        _err(f"demo: {demo.description}")
    elif args.fault:
        _err("--fault only applies to --demo")
        return EXIT_USAGE
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
                _err(f"Foto tidak tersimpan: {exc.id_text}")
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
                _err(applicant.notice)
            elif lookup_failed and lookup is not None:
                _err(lookup.id_text)  # said once per outage by the notice; the exit code says it every time
        else:
            data = identity.to_json()
    finally:
        if demo is not None:
            demo.stop()
    if args.json:
        from app.citizen.readseal import seal

        # Sealed: `fill/export --identity` keeps the chip's verdict only for this untouched output. A
        # simulated card is never sealed: its "valid" must not turn a fictional citizen into a verified one.
        print(json.dumps(data if demo is not None else seal(data), indent=2, ensure_ascii=False))
    else:
        _print_identity(data)
    if identity.authenticity is Authenticity.INVALID:
        from reader.errors import NotAuthenticText

        _err(NotAuthenticText.ID)
        log.warning(NotAuthenticText.EN)
        return 10
    if lookup_failed:
        return 11  # the chip read is printed, the registry part is not there: the README's table
    return 1 if photo_failed else 0


# -- simulate ----------------------------------------------------------------------------------------------

def cmd_simulate_card(args: argparse.Namespace) -> int:
    import threading

    from reader.simulator import vpcd
    from reader.simulator.factory import make_card, make_sam
    from reader.simulator.population import POPULATION

    faults = _faults(args)
    if faults is None:
        return EXIT_USAGE
    card = make_card(args.person, faults)
    print(f"Simulated e-KTP #{args.person % len(POPULATION)} on vpcd port {vpcd.CARD_PORT}; "
          f"SAM on port {vpcd.SAM_PORT}. Ctrl+C to stop.", flush=True)
    try:
        if not args.no_sam:
            sam = make_sam()
            threading.Thread(target=vpcd.serve_forever, args=(sam, vpcd.SAM_PORT), daemon=True).start()
        vpcd.serve_forever(card, vpcd.CARD_PORT)
    except ConnectionRefusedError as exc:
        _err(f"{exc}\nvpcd tidak aktif: jalankan pcscd dengan vsmartcard-vpcd terpasang.")
        return 3
    except KeyboardInterrupt:
        return 0
    return 0


# -- doctor ------------------------------------------------------------------------------------------------

def cmd_doctor(args: argparse.Namespace) -> int:
    from app.flows.doctor import run_checks, write_report

    settings = _settings()
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
            _err(f"Laporan diagnosa tidak tersimpan: {exc.id_text}")
            log.error("doctor report not written: %s", exc)
            return 1
        _err(f"Laporan diagnosa disimpan: {path}")
    return 0 if all(c.ok for c in checks) else 1


# -- credentials -------------------------------------------------------------------------------------------

def cmd_credentials_sam(args: argparse.Namespace) -> int:
    from app.base.credentials import store_secrets
    from reader.sam import SamSecrets

    if args.from_env:
        pcid, conf = os.environ.get("LOKET_SAM_PCID", ""), os.environ.get("LOKET_SAM_CONF", "")
    else:
        pcid = getpass.getpass("PCID (32 digit heksadesimal): ")
        conf = getpass.getpass("CONF (64 digit heksadesimal): ")
    try:
        SamSecrets.from_hex(pcid, conf)
    except ValueError as exc:
        _err(f"Kredensial SAM tidak valid: PCID 16 byte dan CONF 32 byte, heksadesimal. ({exc})")
        return EXIT_USAGE
    problem = store_secrets({"sam-pcid": pcid.replace(" ", ""), "sam-conf": conf.replace(" ", "")},
                            "SAM credentials")
    if problem:
        _err(problem)
        return 1
    print("Kredensial SAM disimpan di keyring sistem.")
    return 0


# -- parser ------------------------------------------------------------------------------------------------

def _json_help() -> str:
    return say("keluaran dalam format JSON", "output as JSON")


def _add_readers(sub: argparse._SubParsersAction) -> None:
    sp = sub.add_parser("readers", help=help_of("readers"))
    sp.add_argument("--json", action="store_true", help=_json_help())
    sp.set_defaults(func=cmd_readers)


def _add_read(sub: argparse._SubParsersAction) -> None:
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


def _add_lookup(sub: argparse._SubParsersAction) -> None:
    from app.cli.registry import add_lookup_parser

    add_lookup_parser(sub)


def _add_audit(sub: argparse._SubParsersAction) -> None:
    from app.cli.audit import add_audit_parser

    add_audit_parser(sub)


def _add_db(sub: argparse._SubParsersAction) -> None:
    from app.cli.db import add_db_parser

    add_db_parser(sub)


def _add_forms(sub: argparse._SubParsersAction) -> None:
    from app.cli.forms import add_forms_parsers

    add_forms_parsers(sub)  # "forms" and "fill"


def _add_export(sub: argparse._SubParsersAction) -> None:
    from app.cli.export import add_export_parsers

    add_export_parsers(sub)


def _add_report(sub: argparse._SubParsersAction) -> None:
    from app.cli.report import add_report_parsers

    add_report_parsers(sub)


def _add_today(sub: argparse._SubParsersAction) -> None:
    from app.cli.today import add_today_parsers

    add_today_parsers(sub)  # "today" and "reprint"


def _add_letters(sub: argparse._SubParsersAction) -> None:
    from app.cli.letters import add_letters_parser

    add_letters_parser(sub)


def _add_verify(sub: argparse._SubParsersAction) -> None:
    from app.cli.verify import add_verify_parser

    add_verify_parser(sub)


def _add_serve(sub: argparse._SubParsersAction) -> None:
    from app.cli.serve import add_serve_parser

    add_serve_parser(sub)


def _add_gui(sub: argparse._SubParsersAction) -> None:
    from app.ui.app import add_gui_parser

    add_gui_parser(sub, say)  # app.ui may not import app.cli (no cycles in app): it is handed the words


# reader.simulator.factory.FAULT_HELP in Indonesian (reader/ knows nothing of the CLI's language); the names
# are the same in both, tests/test_cli_language.py keeps them so.
FAULT_HELP_ID = (
    "pull-at=N (kartu dicabut pada APDU ke-N), not-ektp, no-extended, photo-altered, tampered-photo, "
    "bad-biodata (kolom terlalu sedikit), latin1-biodata, bad-photo (bukan gambar), status-at=N:SWSW"
)


def _add_simulate(sub: argparse._SubParsersAction) -> None:
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


def _add_doctor(sub: argparse._SubParsersAction) -> None:
    sp = sub.add_parser("doctor", help=help_of("doctor"))
    sp.add_argument("--json", action="store_true", help=_json_help())
    sp.add_argument("--demo", action="store_true",
                    help=say("periksa dengan simulator bawaan", "check against the built-in simulators"))
    sp.add_argument("--report", metavar="FILE.zip",
                    help=say("simpan juga laporan untuk dukungan teknis (hasil pemeriksaan, versi, pembaca, "
                             "pengaturan, baris log terakhir)",
                             "also save a support report (checks, versions, readers, settings, last log lines)"))
    sp.set_defaults(func=cmd_doctor)


def _add_credentials(sub: argparse._SubParsersAction) -> None:
    from app.cli.db import add_credentials_db_parser
    from app.cli.registry import add_credentials_registry_parser

    cred = sub.add_parser("credentials", help=help_of("credentials")).add_subparsers(dest="action", required=True)
    cred_set = cred.add_parser("set", help=say("simpan kredensial di keyring sistem",
                                               "store credentials in the OS keyring")
                               ).add_subparsers(dest="which", required=True)
    sp = cred_set.add_parser("sam", help=say("PCID dan CONF milik SAM (heksadesimal)",
                                             "the SAM's PCID and CONF (hex)"))
    sp.add_argument("--from-env", action="store_true",
                    help=say("ambil dari LOKET_SAM_PCID dan LOKET_SAM_CONF, tanpa ditanyakan",
                             "take them from LOKET_SAM_PCID and LOKET_SAM_CONF instead of prompting"))
    sp.set_defaults(func=cmd_credentials_sam)
    add_credentials_registry_parser(cred_set)
    add_credentials_db_parser(cred_set)
    from app.cli.serve import add_credentials_client_parser

    add_credentials_client_parser(cred_set)


# Each command, its one-line help, and what builds its parser. A run builds only its own command's parser
# (and imports only that command's modules): `loket read` does not pay for reportlab, requests or Qt.
HELP = {  # (Indonesian, English): the run shows one of them (app/cli/words.py)
    "readers": ("daftar pembaca kartu PC/SC dan isinya", "list PC/SC readers and what they hold"),
    "read": ("baca e-KTP pada pembaca", "read the e-KTP on the reader"),
    "lookup": ("cari NIK di data kependudukan", "look a NIK up in the population registry"),
    "audit": ("periksa atau ekspor jejak audit", "check or export the audit trail"),
    "db": ("basis data kantor: perbarui skema, lihat antrean, kirim antrean",
           "office database: upgrade the schema, show and push the queue"),
    "forms": ("daftar templat formulir", "list the form templates"),
    "fill": ("isi formulir dari kartu, NIK atau hasil baca tersimpan, lalu tulis PDF",
             "fill a form from a card, a NIK or a saved read and write the PDF"),
    "export": ("serahkan data warga ke sistem lain: SATUSEHAT Patient, SIMRS Khanza, CSV, JSON",
               "hand the record to another system: SATUSEHAT Patient, SIMRS Khanza, CSV, JSON"),
    "report": ("laporan layanan kantor (PDF dengan grafik, dan CSV) dari jejak audit",
               "the office's service report (PDF with charts, and CSV) from the audit trail"),
    "today": ("warga dan surat hari ini di loket ini; cari surat",
              "today's citizens and letters at this counter; find a letter"),
    "reprint": ("cetak ulang salinan surat (bertanda SALINAN, nomor sama) ke PDF",
                "reprint a letter's copy (marked SALINAN, same number) to PDF"),
    "gui": ("buka jendela loket", "open the counter window"),
    "serve": ("layanan kartu lokal untuk aplikasi web kantor (HTTP + WebSocket, 127.0.0.1)",
              "the local card service for the office's web applications (HTTP + WebSocket, 127.0.0.1)"),
    "simulate": ("jalankan kartu+SAM atau data kependudukan simulasi", "run a simulated card+SAM or registry"),
    "doctor": ("periksa layanan PC/SC, pembaca, SAM dan data kependudukan",
               "check PC/SC, readers, SAM and registry"),
    "credentials": ("simpan rahasia di keyring sistem", "store secrets in the OS keyring"),
    "letters": ("surat kantor: kunci segel, daftar kunci tepercaya, buku agenda surat keluar",
                "the office's letters: seal keys, trust list, the outgoing-letter register"),
    "verify": ("periksa segel surat (PDF, pindaian, foto, atau isi kode QR)",
               "check a letter's seal (PDF, scan, photo, or the QR's text)"),
}


def help_of(command: str) -> str:
    """The command's one-line help in this run's language."""
    return say(*HELP[command])


BUILDERS = {
    "readers": _add_readers, "read": _add_read, "lookup": _add_lookup, "audit": _add_audit, "db": _add_db,
    "forms": _add_forms, "fill": _add_forms, "export": _add_export, "report": _add_report, "today": _add_today,
    "reprint": _add_today, "gui": _add_gui, "serve": _add_serve,
    "simulate": _add_simulate, "doctor": _add_doctor, "credentials": _add_credentials,
    "letters": _add_letters, "verify": _add_verify,
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser for ``command`` (its own options, and a one-line stub for each other command); without a
    command (``loket --help``, a typo) only the stubs: listing the commands imports none of them."""
    p = Parser(prog="loket", description=say("Loket: baca e-KTP, cek data kependudukan, cetak formulir.",
                                             "Loket: read the e-KTP, check the population registry, print forms."))
    p.add_argument("--version", action="version", version=f"loket {__version__}",
                   help=say("tampilkan versi lalu keluar", "show the version and exit"))
    p.add_argument("-v", "--verbose", action="count", default=0,
                   help=say("-v langkah kerja, -vv rinci (jejak APDU, data disamarkan)",
                            "-v info, -vv debug (APDU trace, masked)"))
    sub = p.add_subparsers(dest="command", required=True, title=say("perintah", "commands"), metavar="PERINTAH"
                           if language() == "id" else "COMMAND")
    built: set[object] = set()
    for name, builder in BUILDERS.items():
        if command is not None and (command == name or builder is BUILDERS.get(command)):
            if builder not in built:
                built.add(builder)
                builder(sub)
        elif builder not in built:
            sub.add_parser(name, help=help_of(name))
    return p


def _command_of(argv: list[str]) -> str | None:
    """The command word (the first argument that is not an option), when it names a known command."""
    word = next((a for a in argv if not a.startswith("-")), None)
    return word if word in BUILDERS else None


# Commands that take letter numbers, or show or count them (the window sweeps for itself, app/ui/app.py).
NUMBERING_COMMANDS = frozenset({"fill", "today", "reprint", "report", "db", "verify", "letters"})


def main(argv: list[str] | None = None) -> int:
    from app.audit.model import AuditUnavailable
    from reader.errors import ReadError

    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(_command_of(argv)).parse_args(argv)
    logsetup.setup(args.verbose)
    from app.flows.recovery import after_a_crash

    after_a_crash(numbers=args.command in NUMBERING_COMMANDS)
    try:
        return int(args.func(args) or 0)
    except ReadError as exc:
        _err(exc.id_text)
        log.error("%s (exit %d)", exc, exc.exit_code)
        return exc.exit_code
    except SettingsError as exc:
        _err(exc.id_text)
        log.error("%s", exc)
        return EXIT_USAGE
    except AuditUnavailable as exc:
        _err(exc.id_text)
        log.error("%s (exit %d)", exc, exc.exit_code)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
