"""``loket letters key new|revoke`` and ``loket letters trust-list``: the office's seal keys (letter-seal.md) and
the trust list it publishes. ``loket verify``: a letter's seal checked from a PDF, a scan, a photo or the QR text.
The core is app/letters/sealkeys.py and app/letters/verify.py; the window calls the same functions."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from datetime import date
from pathlib import Path

log = logging.getLogger("loket.cli.letters")

EXIT_FAILED = 1
EXIT_USAGE = 2


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: YYYY-MM-DD") from None


def add_letters_parser(sub: argparse._SubParsersAction) -> argparse._SubParsersAction:
    """The ``letters`` group; returns its subcommands so other commands of the group can be added."""
    from app.cli import help_of
    from app.cli.words import say

    letters = sub.add_parser("letters", help=help_of("letters"))
    group = letters.add_subparsers(dest="letters_action", required=True)
    key = group.add_parser("key", help=say("kunci segel surat kantor (di keyring sistem)",
                                           "the office's letter seal keys (in the OS keyring)")
                           ).add_subparsers(dest="key_action", required=True)
    new = key.add_parser("new", help=say("buat kunci segel baru untuk komputer ini",
                                         "make a new seal key for this machine"))
    new.add_argument("--iss", metavar="CODE", help=say("kode kantor dalam segel (bawaan: letters.issuer, "
                                                      "storage.office, atau kode kop surat)",
                                                      "the office's code in the seal (default: letters.issuer, "
                                                      "storage.office, or the letterhead's code)"))
    new.add_argument("--name", metavar="NAME", help=say("nama kantor di daftar kunci (bawaan: baris terakhir kop "
                                                        "surat)", "the office's name in the trust list (default: "
                                                        "the letterhead's last line)"))
    new.add_argument("--from", dest="valid_from", type=_day, metavar="YYYY-MM-DD",
                     help=say("berlaku untuk surat bertanggal sejak (bawaan: hari ini)",
                              "valid for letters dated from (default: today)"))
    new.set_defaults(func=cmd_key_new)
    rev = key.add_parser("revoke", help=say("cabut kunci: surat bertanggal sejak TANGGAL dengan kunci itu tidak sah",
                                            "revoke a key: its letters dated from DATE on are not valid"))
    rev.add_argument("kid", metavar="KID", help=say("kid kunci (16 digit heksadesimal)", "the key's kid (16 hex)"))
    rev.add_argument("--from", dest="revoked", type=_day, required=True, metavar="YYYY-MM-DD",
                     help=say("tanggal mulai dicabut", "revoked from this date"))
    rev.set_defaults(func=cmd_key_revoke)
    trust = group.add_parser("trust-list", help=say("daftar kunci tepercaya kantor ini (JSON) untuk pemeriksa surat",
                                                     "this office's trust list (JSON) for letter verifiers"))
    trust.add_argument("--out", type=Path, metavar="FILE", help=say("tulis ke berkas", "write to a file"))
    trust.set_defaults(func=cmd_trust_list)
    return group


def _default_iss_and_name(settings: object) -> tuple[str, str]:
    from app.letters.formdata import issuer, office_for
    from forms.template import load_all

    kinds = sorted({t.office_kind for t in load_all().values() if t.seal})
    office = office_for(kinds[0] if kinds else "kelurahan", settings)  # type: ignore[arg-type]
    return issuer(office, settings), (office.heading[-1] if office.heading else office.unit_name)  # type: ignore[arg-type]


def cmd_key_new(args: argparse.Namespace) -> int:
    from app.base.settings import load
    from app.letters import sealkeys

    settings = load()
    iss, name = _default_iss_and_name(settings)
    iss, name = (args.iss or iss).strip(), (args.name or name).strip()
    if not iss or not iss.isascii() or not iss.isprintable():
        sys.stderr.write("Kode kantor (--iss) harus huruf/angka ASCII.\n")
        return EXIT_USAGE
    try:
        info = sealkeys.new_key(iss, name, args.valid_from or date.today(), settings)
    except (sealkeys.KeyCommandError, sealkeys.SealUnavailable) as exc:
        sys.stderr.write(exc.id_text + "\n")
        return EXIT_FAILED
    sys.stdout.write(f"Kunci segel {info.kid} dibuat untuk {info.on} ({info.iss}), berlaku sejak {info.valid_from}; "
                     "kunci rahasianya di keyring sistem. Terbitkan ulang daftar kunci: `loket letters trust-list`.\n")
    older = [k.kid for k in sealkeys.local_keys() if k.iss == info.iss and k.revoked is None and k.kid != info.kid]
    if older:  # rotated, not revoked: the earlier key's letters stay valid until IT says otherwise
        sys.stdout.write(f"Kunci sebelumnya tetap berlaku ({', '.join(older)}); surat baru disegel dengan {info.kid}. "
                         "Bila kunci lama hilang atau dicuri: `loket letters key revoke KID --from TANGGAL`.\n")
    return 0


def cmd_key_revoke(args: argparse.Namespace) -> int:
    from app.base.settings import load
    from app.letters import sealkeys

    try:
        info = sealkeys.revoke(args.kid.strip().lower(), args.revoked, load())
    except (sealkeys.KeyCommandError, sealkeys.SealUnavailable) as exc:
        sys.stderr.write(exc.id_text + "\n")
        return EXIT_FAILED
    sys.stdout.write(f"Kunci segel {info.kid} dicabut sejak {info.revoked}: surat bertanggal sejak itu dengan kunci "
                     "ini tidak sah. Terbitkan ulang daftar kunci: `loket letters trust-list`.\n")
    return 0


def cmd_trust_list(args: argparse.Namespace) -> int:
    from app.base.outfile import SaveFailed, write_output
    from app.base.settings import load
    from app.letters import sealkeys

    try:
        text = json.dumps(sealkeys.trust_list(sealkeys.all_keys(load())), indent=2, ensure_ascii=False) + "\n"
    except (sealkeys.KeyCommandError, sealkeys.SealUnavailable) as exc:
        sys.stderr.write(exc.id_text + "\n")
        return EXIT_FAILED
    if args.out is None:
        sys.stdout.write(text)
        return 0
    try:
        write_output(args.out, text.encode("utf-8"))
    except SaveFailed as exc:
        sys.stderr.write(exc.id_text + "\n")
        return EXIT_FAILED
    sys.stderr.write(f"Daftar kunci tepercaya ditulis ke {args.out}.\n")
    return 0
