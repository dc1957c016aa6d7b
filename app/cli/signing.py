"""``loket letters verifier --out FILE.html`` (the offline verification page), ``loket credentials set signing
FILE.p12`` and ``loket credentials set bsre`` (PAdES on saved PDFs), and the PDF signature lines of ``loket
verify``. The core is app/letters/verifierpage.py, signingkey.py, pdfsign.py and pdfcheck.py."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import stat
from pathlib import Path
from typing import Any

from app.cli import err
from reader.exitcodes import ExitCode


def _err(text: str) -> None:
    err(text)


# -- loket letters verifier ------------------------------------------------------------------------------------

def add_verifier_parser(group: argparse._SubParsersAction) -> None:
    from app.cli.words import say

    p = group.add_parser("verifier", help=say(
        "tulis halaman pemeriksa surat (satu berkas HTML, bekerja tanpa internet) berisi daftar kunci kantor ini",
        "write the letter verification page (one HTML file, works offline) with this office's trust list"))
    p.add_argument("--out", type=Path, required=True, metavar="FILE.html", help=say("berkas HTML", "the HTML file"))
    p.add_argument("--trust", type=Path, metavar="FILE", help=say(
        "daftar kunci tepercaya (JSON) yang dimuat; bawaan: daftar kunci kantor ini",
        "the trust list (JSON) to put inside; default: this office's own"))
    p.set_defaults(func=cmd_verifier)


def cmd_verifier(args: argparse.Namespace) -> int:
    from app.base.outfile import SaveFailed, write_output
    from app.base.settings import load
    from app.letters import sealkeys, verifierpage, verify

    try:
        if args.trust is not None:
            verify.load_trust(args.trust)  # refuses what is not a trust list, with its sentence
            trust = json.loads(args.trust.read_bytes().decode("utf-8"))
        else:
            trust = sealkeys.trust_list(sealkeys.all_keys(load()))
    except verify.TrustListError as exc:
        _err(exc.id_text)
        return ExitCode.USAGE
    except (sealkeys.KeyCommandError, sealkeys.SealUnavailable) as exc:
        _err(exc.id_text)
        return ExitCode.FAILED
    if not trust.get("keys"):
        _err("Belum ada kunci segel: halaman pemeriksa tidak dibuat. Petugas IT: jalankan `loket letters key new`.")
        return ExitCode.FAILED
    try:
        write_output(args.out, verifierpage.render(trust))
    except SaveFailed as exc:
        _err(exc.id_text)
        return ExitCode.FAILED
    _err(f"Halaman pemeriksa surat ditulis ke {args.out} ({len(trust['keys'])} kunci). Pasang di situs kantor "
         "pada alamat letters.verify_url, atau bagikan berkasnya; terbitkan lagi setiap kali kunci berubah.")
    return 0


# -- loket credentials set signing | bsre --------------------------------------------------------------------

def add_credentials_signing_parsers(cred_set: argparse._SubParsersAction) -> None:
    from app.cli.words import say

    p = cred_set.add_parser("signing", help=say(
        "sertifikat tanda tangan PDF kantor (PKCS#12) dan kata sandinya, untuk PAdES pada PDF yang disimpan",
        "the office's PDF signing certificate (PKCS#12) and its password, for PAdES on saved PDFs"))
    p.add_argument("p12", type=Path, metavar="FILE.p12", help=say("berkas PKCS#12 (.p12/.pfx)", "the PKCS#12 file"))
    p.add_argument("--from-env", action="store_true", help=say(
        "kata sandi dari LOKET_SIGNING_PASSWORD, bukan ditanyakan", "the password from LOKET_SIGNING_PASSWORD"))
    p.set_defaults(func=cmd_credentials_signing)
    b = cred_set.add_parser("bsre", help=say(
        "login aplikasi untuk layanan TTE BSrE (letters.bsre_url); passphrase pejabat tidak pernah disimpan",
        "the application login for BSrE's signing service (letters.bsre_url); the official's passphrase is "
        "never stored"))
    b.add_argument("--from-env", action="store_true", help=say(
        "dari LOKET_BSRE_USER dan LOKET_BSRE_PASSWORD", "from LOKET_BSRE_USER and LOKET_BSRE_PASSWORD"))
    b.set_defaults(func=cmd_credentials_bsre)


def _read_p12(path: Path) -> bytes | None:
    from app.letters.signingkey import MAX_FILE, UNREADABLE

    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_FILE:
            raise OSError("not a small regular file")
        data = path.read_bytes()[: MAX_FILE + 1]
        if len(data) > MAX_FILE:
            raise OSError("grew past the bound")
        return data
    except OSError:
        _err(UNREADABLE.format(name=path.name))
        return None


def cmd_credentials_signing(args: argparse.Namespace) -> int:
    from app.letters import signingkey

    data = _read_p12(args.p12)
    if data is None:
        return ExitCode.USAGE
    if args.from_env:
        password = os.environ.get("LOKET_SIGNING_PASSWORD", "")
        if not password:
            _err("LOKET_SIGNING_PASSWORD kosong: kata sandi berkas PKCS#12 tidak ada.")
            return ExitCode.USAGE
    else:
        password = getpass.getpass(f"Kata sandi {args.p12.name}: ")
    try:
        subject = signingkey.check(data, password, args.p12.name)
    except signingkey.BadPkcs12 as exc:
        _err(exc.id_text)
        return ExitCode.USAGE
    problem = signingkey.store(data, password)
    if problem:
        _err(problem)
        return ExitCode.FAILED
    print(f"Sertifikat tanda tangan PDF disimpan di keyring sistem ({subject}). PDF surat yang disimpan kini "
          "ditandatangani (PAdES); berkas .p12 boleh disimpan kembali di tempat aman.")
    return 0


def cmd_credentials_bsre(args: argparse.Namespace) -> int:
    from app.base.credentials import store_secrets

    if args.from_env:
        user, password = os.environ.get("LOKET_BSRE_USER", ""), os.environ.get("LOKET_BSRE_PASSWORD", "")
    else:
        user = input("Pengguna aplikasi BSrE: ").strip()
        password = getpass.getpass("Kata sandi aplikasi BSrE: ")
    if not user or not password:
        _err("Pengguna dan kata sandi aplikasi BSrE harus diisi.")
        return ExitCode.USAGE
    problem = store_secrets({"bsre-user": user, "bsre-password": password}, "BSrE login")
    if problem:
        _err(problem)
        return ExitCode.FAILED
    print("Login aplikasi BSrE disimpan di keyring sistem.")
    return 0


# -- loket verify FILE.pdf: the PDF's own signatures -----------------------------------------------------------

def pdf_signatures(path: Path | None, settings: object) -> tuple[list[Any] | None, list[str]]:
    """(reports, notes) for a PDF file: None when ``path`` is not a PDF, [] when it carries no signature."""
    from app.letters import pdfcheck

    if path is None:
        return None, []
    try:
        with path.open("rb") as f:
            if f.read(5) != b"%PDF-":
                return None, []
            f.seek(0)
            data = f.read(pdfcheck.MAX_FILE + 1)
    except OSError:
        return None, []
    if len(data) > pdfcheck.MAX_FILE:
        return None, []
    roots, notes = pdfcheck.configured_roots(settings)
    return pdfcheck.check_pdf(data, roots), notes


def pdf_signature_lines(reports: list[Any], notes: list[str]) -> list[str]:
    from app.cli.words import say

    lines = list(notes)
    if not reports:
        lines.append(say("PDF ini tidak bertanda tangan digital (PAdES).", "This PDF carries no digital signature "
                         "(PAdES)."))
    for report in reports:
        lines.append(report.sentence())
        if report.timestamped:
            lines.append(say("  Waktu dari cap waktu (TSA) yang ditandatangani.", "  The time is from a signed "
                             "timestamp (TSA)."))
    return lines


def pdf_exit(reports: list[Any] | None) -> ExitCode | None:
    """ExitCode.PDF_CHANGED when a signature of the PDF is broken or the PDF was changed after it."""
    from app.letters.pdfcheck import BROKEN, MODIFIED

    if reports and any(r.verdict in (BROKEN, MODIFIED) for r in reports):
        return ExitCode.PDF_CHANGED
    return None
