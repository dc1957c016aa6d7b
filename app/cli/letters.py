"""``loket letters key new|revoke`` and ``loket letters trust-list``: the office's seal keys (letter-seal.md) and
the trust list it publishes. ``loket letters register --from --to --out FILE.pdf|csv``: the outgoing-letter
register (buku agenda surat keluar) for the office head — this counter's, or every counter's on the office server.
``loket verify``: a letter's seal checked from a PDF, a scan, a photo or the QR text.
The core is app/letters/sealkeys.py and app/letters/verify.py; the window calls the same functions."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from datetime import date
from pathlib import Path

from app.cli import err

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
    add_register_parser(group)
    add_number_parser(group)
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
        err(exc.id_text)
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
        err(exc.id_text)
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
        err(exc.id_text)
        return EXIT_FAILED
    if args.out is None:
        sys.stdout.write(text)
        return 0
    try:
        write_output(args.out, text.encode("utf-8"))
    except SaveFailed as exc:
        err(exc.id_text)
        return EXIT_FAILED
    sys.stderr.write(f"Daftar kunci tepercaya ditulis ke {args.out}.\n")
    return 0


# --- the outgoing-letter register ---------------------------------------------------------------------------


def add_register_parser(actions: argparse._SubParsersAction) -> None:
    """``letters register``: the outgoing-letter register."""
    from app.cli.audit import add_day_range
    from app.cli.words import say

    p = actions.add_parser("register", help=say("buku agenda surat keluar ke PDF atau CSV",
                                                "the outgoing-letter register as PDF or CSV"),
                           description=say("Setiap nomor surat yang diambil dalam rentang hari lokal (kedua ujungnya "
                                           "termasuk): dicetak, disimpan, batal beserta sebabnya, cetak ulang; "
                                           "tanggal, jenis, klasifikasi, loket dan petugas. Di server kantor: semua "
                                           "loket. Ekspornya tercatat di jejak audit.",
                                           "Every letter number taken in a range of local days (both included): "
                                           "printed, saved, void with its reason, reprinted; date, type, "
                                           "classification, counter and operator. On the office server: every "
                                           "counter. The export is audited."))
    add_day_range(p)
    p.add_argument("--out", type=Path, required=True, metavar="FILE.pdf|FILE.csv",
                   help=say("berkas yang ditulis: .csv untuk CSV, selain itu PDF",
                            "the file to write: .csv for CSV, else PDF"))
    p.set_defaults(func=cmd_letters_register)


def cmd_letters_register(args: argparse.Namespace) -> int:
    from app import audit
    from app.base.outcome import PrintOutcome
    from app.base.outfile import SaveFailed
    from app.base.settings import load
    from app.report import register
    from app.storage import StorageError, Unreachable

    if args.to_day < args.from_day:
        sys.stderr.write("--to tidak boleh sebelum --from.\n")
        return EXIT_USAGE
    settings = load()
    try:
        book = register.load(args.from_day, args.to_day, settings)
        kind = register.export(book, args.out, office=_office_name(settings))
    except Unreachable:
        log.error("letter register: the office server is unreachable")
        sys.stderr.write("Server kantor tidak dapat dihubungi; buku agenda belum dapat dibuat. Coba lagi nanti.\n")
        return EXIT_FAILED
    except StorageError as exc:
        log.error("letter register: %s", exc)
        err(exc.id_text)
        return EXIT_USAGE
    except audit.AuditUnavailable as exc:
        log.error("letter register: %s", exc)
        err(exc.id_text)
        return exc.exit_code
    except SaveFailed as exc:
        log.error("letter register not written: %s", exc)
        full = exc.outcome is PrintOutcome.DISK_FULL
        sys.stderr.write(f"Buku agenda tidak dapat ditulis ke {args.out}"
                         f"{': disk penuh' if full else ''}. Pilih tempat lain, lalu coba lagi.\n")
        return EXIT_FAILED
    log.info("letter register %s..%s: %d numbers (%s)", args.from_day, args.to_day, len(book.rows), kind)
    where = "semua loket" if book.office_wide else "loket ini"
    sys.stdout.write(f"Buku agenda surat keluar ({where}): {len(book.rows)} nomor; ditulis ke {args.out}.\n")
    return 0


def _office_name(settings: object) -> str:
    from app.report.dukcapil import agreement

    return agreement(settings).office  # type: ignore[arg-type]


def add_number_parser(actions: argparse._SubParsersAction) -> None:
    """``letters number --mail masuk|keluar --kode CODE``: a number of the shared sequence for mail."""
    from app.cli.words import say
    from app.letters.numbering import MAIL_KINDS

    p = actions.add_parser("number", help=say("nomor dari urutan bersama untuk surat masuk/keluar yang dicatat "
                                              "di buku agenda", "a number of the shared sequence for incoming or "
                                              "outgoing mail the office registers"),
                           description=say("Ambil nomor berikutnya dari urutan bersama kantor (numbering.scope = "
                                           "surat) untuk surat masuk atau keluar yang dicatat petugas; nomor itu "
                                           "masuk buku agenda.", "Take the office's next shared number "
                                           "(when numbering.scope shares it with mail) for a piece of incoming or "
                                           "outgoing mail; it goes into the register."))
    p.add_argument("--mail", required=True, choices=MAIL_KINDS, help=say("masuk atau keluar", "incoming or outgoing"))
    p.add_argument("--kode", required=True, metavar="KODE",
                   help=say("kode klasifikasi surat itu (mis. 000.1.2)", "the mail's classification code"))
    p.set_defaults(func=cmd_letters_number)


def cmd_letters_number(args: argparse.Namespace) -> int:
    from app.base.settings import load
    from app.letters.numbering import take_mail_number
    from forms.numbering import NumberingError

    kode = args.kode.strip()
    if not kode or len(kode) > 32 or not all(c.isalnum() or c in ".-" for c in kode):
        sys.stderr.write("Kode klasifikasi hanya huruf, angka, titik atau tanda hubung (paling panjang 32).\n")
        return EXIT_USAGE
    try:
        number = take_mail_number(args.mail, kode, load())
    except NumberingError as exc:
        err(exc)
        return EXIT_USAGE
    if number.notice:
        err(number.notice)
    sys.stdout.write(f"{number}\n")
    return 0
