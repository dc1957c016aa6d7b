"""The registry's command-line pieces, for app/cli/__init__.py to wire in (the lookup itself: app/citizen/lookup.py).

Exit codes: 0 done; 2 usage or setup problem on this machine (bad NIK, unreadable settings, empty input);
1 the keyring or the port could not be used; 11 the registry gave no record (any failure, refusal or "not
found"), with the one-line Indonesian reason on stderr and the English one in the log.
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import sys
from datetime import date

from app import audit
from app.base import settings as settings_module
from app.base.credentials import store_secrets
from app.cli import err, help_of
from app.cli.words import say
from app.registry.client import (
    PASSWORD_ENV,
    PASSWORD_KEY,
    USER_ENV,
    USER_KEY,
    RegistryConfigError,
    make_client,
)
from app.registry.fields import LABELS, format_date
from app.registry.result import Found, LookupResult, RegistryRecord
from reader import nik as nik_rules
from reader.exitcodes import ExitCode

log = logging.getLogger("loket.registry")

DEFAULT_SIMULATOR_PORT = 8765


# --- loket lookup NIK -------------------------------------------------------------------------------------


def add_lookup_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("lookup", help=help_of("lookup"),
                       description=say("Cari NIK di data kependudukan (CALL_NIK) lalu tampilkan datanya.",
                                       "Look a NIK up in the population registry (CALL_NIK) and print the "
                                       "person."))
    p.add_argument("nik", metavar="NIK", help=say("NIK, 16 digit angka", "the 16-digit NIK"))
    p.add_argument("--json", action="store_true", help=say("tampilkan data dalam format JSON",
                                                           "print the record as JSON"))
    p.add_argument("--registry-url", metavar="URL",
                   help=say("URL dasar data kependudukan (menggantikan pengaturan)",
                            "base URL of the registry (overrides the settings)"))
    p.add_argument("--agency", metavar="A", help=say("kode instansi di jalur URL (menggantikan pengaturan)",
                                                     "agency code in the URL path (overrides the settings)"))
    p.set_defaults(func=cmd_lookup)


def cmd_lookup(args: argparse.Namespace) -> int:
    number = str(args.nik).strip()
    if not nik_rules.is_well_formed(number):
        err(say("NIK harus 16 digit angka.", "A NIK is 16 digits."))
        return ExitCode.USAGE
    try:
        settings = settings_module.load()
    except settings_module.SettingsError as exc:
        err(exc.id_text)
        return ExitCode.USAGE
    settings_module.tell(settings, lambda line: err(line))
    try:
        client = make_client(settings, args)
    except RegistryConfigError as exc:
        return _report_failure(exc.as_result(), args.json)
    with client:
        result = client.lookup(number)
    audit.record_lookup(result, nik=number, strict=isinstance(result, Found))
    if not isinstance(result, Found):
        return _report_failure(result, args.json)
    if args.json:
        sys.stdout.write(json.dumps(result.record.to_json(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(format_record(result.record))
    return 0


def _report_failure(result: LookupResult, as_json: bool) -> int:
    log.warning("registry lookup: %s", result.en_text)
    err(result.id_text)
    if as_json:
        payload = {"status": result.status, "kind": str(getattr(result, "kind", "")) or None,
                   "reason": result.en_text, "alasan": result.id_text}
        sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
    return ExitCode.REGISTRY_FAILED


def format_record(record: RegistryRecord) -> str:
    """The person as ``Label : value`` lines, unknown fields left out."""
    rows: list[tuple[str, str]] = []
    for key, value in record.values().items():
        text = format_date(value) if isinstance(value, date) else (value or "")
        if text:
            rows.append((LABELS.get(key, key), text))
    width = max(len(label) for label, _ in rows)
    return "".join(f"{label:<{width}} : {text}\n" for label, text in rows)


# --- loket simulate registry ------------------------------------------------------------------------------


def add_simulate_registry_parser(simulate_sub: argparse._SubParsersAction) -> None:
    p = simulate_sub.add_parser("registry", help=say("jalankan simulator data kependudukan di 127.0.0.1",
                                                     "serve the simulated population registry on 127.0.0.1"),
                                description=say("Jalankan simulator data kependudukan (CALL_NIK) di 127.0.0.1.",
                                                "Serve the simulated population registry (CALL_NIK) on "
                                                "127.0.0.1."))
    p.add_argument("--port", type=int, default=DEFAULT_SIMULATOR_PORT,
                   help=say(f"port TCP (bawaan {DEFAULT_SIMULATOR_PORT}; 0 = port bebas mana saja)",
                            f"TCP port (default {DEFAULT_SIMULATOR_PORT}; 0 = any free port)"))
    p.add_argument("--fault", default=None, metavar="FAULT", type=_fault,
                   help=say("nyalakan gangguan ini sejak awal (slow, 5xx, non-json, wrong-person, login, quota…)",
                            "start with this fault switched on (slow, 5xx, non-json, wrong-person, login, quota…)"))
    p.set_defaults(func=cmd_simulate_registry)


def _fault(value: str) -> str:
    """A usage error for an unknown fault, checked when given: the simulator is imported only then."""
    from app.sim.registry import FAULTS

    if value not in FAULTS:
        raise argparse.ArgumentTypeError(f"invalid choice: {value!r} (choose from {', '.join(FAULTS)})")
    return value


def cmd_simulate_registry(args: argparse.Namespace) -> int:
    # Here, not at the top: the simulator (http.server, the synthetic population) is not part of a real read.
    from app.sim.registry import SIM_AGENCY, SIM_PASSWORD, SIM_USER, serve

    def ready(url: str) -> None:
        sys.stdout.write(
            f"Simulator data kependudukan berjalan di {url} (fault: {args.fault or 'tidak ada'}).\n"
            f"  agency: {SIM_AGENCY} (any name is accepted)\n"
            f"  {USER_ENV}={SIM_USER} {PASSWORD_ENV}={SIM_PASSWORD}\n"
            f"  loket lookup NIK --registry-url {url} --agency {SIM_AGENCY}\n"
            f"  switch faults: curl -d slow {url}/_simulator/fault   (empty body = none)\n"
            "Tekan Ctrl+C untuk berhenti.\n"
        )
        sys.stdout.flush()

    try:
        serve(args.port, args.fault, on_ready=ready)
    except KeyboardInterrupt:
        return 0
    except OSError as exc:
        sys.stderr.write(f"Port {args.port} tidak dapat dipakai ({exc.strerror}); "
                         "pilih port lain dengan --port.\n")
        return ExitCode.FAILED
    return 0


# --- loket credentials set registry -----------------------------------------------------------------------


def add_credentials_registry_parser(cred_sub: argparse._SubParsersAction) -> None:
    p = cred_sub.add_parser("registry", help=say("ID pengguna dan kata sandi data kependudukan",
                                                 "the registry user id and password"),
                            description=say("Simpan ID pengguna dan kata sandi data kependudukan di keyring "
                                            "sistem.",
                                            "Store the registry user id and password in the OS keyring."))
    p.add_argument("--from-env", action="store_true",
                   help=say(f"ambil dari {USER_ENV} dan {PASSWORD_ENV}, tanpa ditanyakan (untuk "
                            "pemasangan otomatis)",
                            f"read them from {USER_ENV} and {PASSWORD_ENV} instead of prompting "
                            "(unattended setup)"))
    p.set_defaults(func=cmd_credentials_registry)


def cmd_credentials_registry(args: argparse.Namespace) -> int:
    if args.from_env:
        user_id = os.environ.get(USER_ENV, "").strip()
        password = os.environ.get(PASSWORD_ENV, "")
        if not user_id or not password:
            sys.stderr.write(f"{USER_ENV} dan {PASSWORD_ENV} harus diisi untuk --from-env.\n")
            return ExitCode.USAGE
    else:
        try:
            user_id = input("ID pengguna data kependudukan: ").strip()
            password = getpass.getpass("Kata sandi: ")
            again = getpass.getpass("Ulangi kata sandi: ")
        except (EOFError, KeyboardInterrupt):
            sys.stderr.write("\nDibatalkan; kredensial tidak diubah.\n")
            return ExitCode.USAGE
        if password != again:
            sys.stderr.write("Kedua kata sandi tidak sama; kredensial tidak diubah.\n")
            return ExitCode.USAGE
        if not user_id or not password:
            sys.stderr.write("ID pengguna dan kata sandi tidak boleh kosong; kredensial tidak diubah.\n")
            return ExitCode.USAGE
    problem = store_secrets({USER_KEY: user_id, PASSWORD_KEY: password}, "registry credentials")
    if problem:
        err(problem)
        return ExitCode.FAILED
    sys.stdout.write("Kredensial data kependudukan tersimpan di keyring sistem.\n")
    return 0
