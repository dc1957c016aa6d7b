"""``loket credentials set …``: secrets into the OS keyring (the SAM's here; the registry's, the office
database's and an office system's token from their own groups' modules)."""

from __future__ import annotations

import argparse
import getpass
import os

from app.cli import err, help_of
from app.cli.words import say
from reader.exitcodes import ExitCode


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
        err(f"Kredensial SAM tidak valid: PCID 16 byte dan CONF 32 byte, heksadesimal. ({exc})")
        return ExitCode.USAGE
    problem = store_secrets({"sam-pcid": pcid.replace(" ", ""), "sam-conf": conf.replace(" ", "")},
                            "SAM credentials")
    if problem:
        err(problem)
        return ExitCode.FAILED
    print("Kredensial SAM disimpan di keyring sistem.")
    return 0


def add_credentials_parser(sub: argparse._SubParsersAction) -> None:
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
    from app.cli.signing import add_credentials_signing_parsers

    add_credentials_signing_parsers(cred_set)
