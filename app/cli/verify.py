"""``loket verify FILE|--text CONTENT [--trust FILE] [--json]``: is this letter's seal genuine (letter-seal.md)?

Exit 0 only for ``valid``; 14 not a Loket seal, 15 unknown office, 16 forged, 17 revoked; 1 the file cannot be
examined (missing, too large, too many pages, not a PDF or an image); 2 usage (a --trust file that is not a
trust list). The core is app/letters/verify.py (``verify_content``, ``verify_file``, ``overall``)."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Any

from app.cli import err
from reader.exitcodes import ExitCode

log = logging.getLogger("loket.cli.verify")


def add_verify_parser(sub: argparse._SubParsersAction) -> None:
    from app.cli import help_of
    from app.cli.words import say

    p = sub.add_parser("verify", help=help_of("verify"), description=say(
        "Periksa segel surat: PDF (setiap halaman), hasil pindai atau foto (PNG/JPEG), atau isi kode QR-nya. "
        "Keluar 0 hanya bila SAH; 14 bukan segel Loket, 15 kantor tidak dikenal, 16 dipalsukan, 17 kunci dicabut; "
        "1 berkas tidak dapat diperiksa.",
        "Check a letter's seal: a PDF (every page), a scan or photo (PNG/JPEG), or the QR's text. Exit 0 only for "
        "valid; 14 not a Loket seal, 15 unknown office, 16 forged, 17 revoked; 1 the file cannot be examined."))
    p.add_argument("file", nargs="?", type=Path, metavar="FILE", help=say("PDF atau gambar", "a PDF or an image"))
    p.add_argument("--text", metavar="CONTENT", help=say("isi kode QR (LK1.… atau alamat#LK1.…)",
                                                         "the QR's text (LK1.… or url#LK1.…)"))
    p.add_argument("--trust", type=Path, metavar="FILE", help=say(
        "daftar kunci tepercaya (JSON); bawaan: daftar kunci kantor ini",
        "a trust list (JSON); default: this office's own"))
    p.add_argument("--json", action="store_true", help=say("keluaran dalam format JSON", "output as JSON"))
    p.add_argument("--demo", action="store_true", help=say(
        "periksa dengan daftar kunci demo (surat dari `--demo`, disegel dengan kunci demo, bukan kunci kantor)",
        "check against the demo's trust list (letters made by `--demo`, sealed with the demo key, never the "
        "office's)"))
    p.set_defaults(func=cmd_verify)


def _words() -> dict[str, str]:
    from app.cli.words import say

    return {
        "valid": say("SAH: segel asli dari {office}. Cocokkan isian di bawah dengan kertasnya.",
                     "VALID: a genuine seal of {office}. Compare the fields below with the paper."),
        "not_loket": say("TIDAK SAH: tidak ada segel Loket yang terbaca (tidak ada kode QR, kode QR bukan segel "
                         "Loket, rusak, atau terpotong).",
                         "NOT VALID: no Loket seal could be read (no QR code, a QR code that is not a Loket seal, "
                         "damaged or truncated)."),
        "unknown_office": say("TIDAK SAH: segel dibuat dengan kunci yang tidak ada di daftar kunci tepercaya "
                              "(kid {kid}); kantor penerbitnya tidak dikenal.",
                              "NOT VALID: the seal was made with a key not in the trust list (kid {kid}); the "
                              "issuing office is unknown."),
        "forged": say("TIDAK SAH: tanda tangan segel tidak cocok dengan isinya; surat ini dipalsukan atau diubah.",
                      "NOT VALID: the seal's signature does not match its content; this letter is forged or "
                      "altered."),
        "revoked": say("TIDAK SAH: kunci segel {kid} milik {office} tidak berlaku untuk surat bertanggal {d} "
                       "(berlaku sejak {valid_from}, dicabut sejak {revoked}).",
                       "NOT VALID: seal key {kid} of {office} is not valid for a letter dated {d} (valid from "
                       "{valid_from}, revoked from {revoked})."),
    }


def _labels() -> list[tuple[str, str]]:
    from app.cli.words import say

    return [("v", say("Versi segel", "Seal version")), ("no", say("Nomor surat", "Letter number")),
            ("iss", say("Kode kantor", "Office code")),
            ("f", say("Jenis surat", "Letter type")), ("d", say("Tanggal surat", "Date of issue")),
            ("nik", "NIK"), ("nm", say("Nama", "Name")), ("p", say("Keperluan", "Purpose"))]


def _register(verdict: Any, own: Any) -> dict[str, Any] | None:
    """What this office's register knows of the seal's number, when the seal is one of this office's keys."""
    from app.base.settings import load
    from app.storage.letters import register_entry

    if verdict.payload is None or not verdict.payload.no or verdict.kid not in own.keys:
        return None  # not this office's letter: its register knows nothing of it
    try:
        entry = register_entry(verdict.payload.no, load())
    except Exception as exc:  # the office server away (Unreachable), a broken register file
        log.warning("letter register not consulted: %s", type(exc).__name__)
        return {"known": None}
    if entry is None:
        return {"known": False}
    return {"known": True, "status": entry.status, "reason": entry.reason, "reprints": entry.reprints,
            "seal_matches": (entry.seal_digest == verdict.digest) if entry.seal_digest else None}


def _register_line(reg: dict[str, Any]) -> str:
    from app.cli.words import say

    if reg.get("known") is None:
        return say("Register nomor kantor ini tidak dapat dibaca sekarang.",
                   "This office's letter register cannot be read now.")
    if not reg["known"]:
        return say("Register nomor kantor ini TIDAK memuat nomor ini.",
                   "This office's letter register does NOT hold this number.")
    status = {"printed": say("dicetak", "printed"), "saved": say("disimpan sebagai PDF", "saved as PDF"),
              "void": say("BATAL", "VOID"), "taken": say("diambil, belum dicetak", "taken, not printed"),
              "issued": say("diterbitkan", "issued")}.get(reg["status"], reg["status"])
    line = say("Register nomor kantor ini: {status}", "This office's letter register: {status}").format(status=status)
    if reg.get("reason"):
        line += f" ({reg['reason']})"
    if reg.get("reprints"):
        line += say(", dicetak ulang {n} kali", ", reprinted {n} times").format(n=reg["reprints"])
    if reg.get("seal_matches") is False:
        line += say("; PERHATIAN: segel yang tercatat untuk nomor ini BERBEDA", "; WARNING: the seal recorded for "
                    "this number is DIFFERENT")
    return line + "."


def cmd_verify(args: argparse.Namespace) -> int:
    from app.base.settings import load
    from app.cli.words import say
    from app.letters import verify

    if (args.file is None) == (args.text is None):
        sys.stderr.write(say("Sebutkan satu: FILE atau --text ISI.", "Give one of FILE or --text CONTENT.") + "\n")
        return ExitCode.USAGE
    try:
        own = verify.own_trust(load())
    except verify.TrustListError:  # this machine's key list is broken: it knows no key (a --trust may)
        own = verify.Trust({})
    try:
        trust = verify.load_trust(args.trust) if args.trust else own
    except verify.TrustListError as exc:
        err(exc.id_text)
        return ExitCode.USAGE
    try:
        if args.text is not None:
            pages: list[verify.PageResult] = [verify.PageResult(1, (verify.verify_content(args.text, trust),))]
        else:
            pages = verify.verify_file(args.file, trust)
    except verify.InputRefused as exc:  # missing, too large, too many pages, not a PDF or an image: not examined
        log.warning("verify: input refused: %s", exc)
        if args.json:
            sys.stdout.write(json.dumps({"verdict": None, "error": exc.id_text, "exit_code": ExitCode.FAILED},
                                        ensure_ascii=False) + "\n")
        err(exc.id_text)
        return ExitCode.FAILED
    verdict = verify.overall(pages)
    log.info("verify: %s (%s)", verdict.verdict, verdict.reason or "ok")
    register = _register(verdict, own)
    from app.cli.signing import pdf_exit, pdf_signature_lines, pdf_signatures

    signatures, notes = pdf_signatures(args.file, load())
    # A valid seal on a PDF changed after it was signed is not a valid letter file: 18, not 0.
    code = (pdf_exit(signatures) or verdict.exit_code) if verdict.ok else verdict.exit_code
    if args.json:
        out = verdict.to_json()
        out["pages"] = [{"page": p.page, "verdicts": [v.verdict for v in p.verdicts]} for p in pages]
        out["register"] = register
        out["pdf_signatures"] = [r.to_json() for r in signatures] if signatures is not None else None
        out["exit_code"] = code
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
        return code
    key = verdict.key
    sys.stdout.write(_words()[verdict.verdict].format(
        office=verdict.office or "?", kid=verdict.kid or "?", d=verdict.payload.d if verdict.payload else "?",
        valid_from=key.valid_from.isoformat() if key else "?",
        revoked=key.revoked.isoformat() if key and key.revoked else "-") + "\n")
    if verdict.payload is not None:
        shown = verdict.payload.to_map()
        for name, label in _labels():
            sys.stdout.write(f"  {label:16} {shown.get(name, '')}\n")
        for name, value in (shown.get("x") or {}).items():
            sys.stdout.write(f"  {name:16} {value}\n")
        sys.stdout.write(f"  {'kid':16} {verdict.kid}\n")
    if register is not None:
        sys.stdout.write(_register_line(register) + "\n")
    if signatures is not None:
        for line in pdf_signature_lines(signatures, notes):
            sys.stdout.write(line + "\n")
    return code
