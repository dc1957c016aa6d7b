"""The PDF signatures of a saved letter, checked offline (pyHanko): who signed, when, and whether the file is
still what was signed. Part of `loket verify FILE.pdf`, beside the seal's verdict.

Trust comes only from ``letters.pdf_trust_roots`` (PEM or DER files IT puts there: the office's root, BSrE's
root); nothing is fetched (no OCSP, no CRL, no AIA), so a check on a bank's laptop without internet says the
same as one at the office. Each signature gets one word:

- ``valid``: the signed bytes are intact, the signature verifies, the signer chains to a configured root, and
  nothing after it changed the document (later revisions may only add signatures, timestamps or LTV data).
- ``untrusted``: intact and unchanged, but the signer does not chain to a configured root.
- ``modified``: a later incremental update changed the document (its text, pages or annotations).
- ``broken``: the signed bytes changed, or the signature does not verify.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.base.clerktext import QT_TRANSLATE_NOOP
from app.base.logsetup import failure
from app.letters.signcommon import quiet_pyhanko

log = logging.getLogger("loket.pdfcheck")
quiet_pyhanko()

VALID, UNTRUSTED, MODIFIED, BROKEN = "valid", "untrusted", "modified", "broken"
MAX_FILE = 40 * 1024 * 1024  # as `loket verify` reads a file (app/letters/verify.py)
WORDS = {
    VALID: QT_TRANSLATE_NOOP("Core", "Tanda tangan PDF sah: ditandatangani {signer} pada {time}; isi berkas utuh."),
    UNTRUSTED: QT_TRANSLATE_NOOP(
        "Core", "Tanda tangan PDF utuh tetapi penanda tangannya ({signer}) tidak berinduk pada akar tepercaya "
        "(letters.pdf_trust_roots)."),
    MODIFIED: QT_TRANSLATE_NOOP(
        "Core", "Berkas PDF diubah setelah ditandatangani {signer} pada {time}: isinya bukan lagi yang "
        "ditandatangani."),
    BROKEN: QT_TRANSLATE_NOOP(
        "Core", "Tanda tangan PDF rusak: isi berkas tidak sama dengan yang ditandatangani {signer}."),
}
NOT_READABLE = QT_TRANSLATE_NOOP("Core", "Tanda tangan PDF tidak dapat diperiksa: struktur berkas PDF rusak.")
BAD_ROOT = QT_TRANSLATE_NOOP("Core", "Akar tepercaya {name} (letters.pdf_trust_roots) tidak dapat dibaca; diabaikan.")


@dataclass(frozen=True)
class SignatureReport:
    field: str
    verdict: str  # valid | untrusted | modified | broken
    signer: str  # the certificate's subject, as people read it
    time: str  # ISO 8601: the timestamp token's time when there is one, else the time the signer's PC said
    timestamped: bool
    intact: bool
    trusted: bool
    changed_after: str  # "" or what a later revision did (pyHanko's modification level)
    note: str = ""  # the sentence instead of WORDS' (a signature structure nobody can read)

    def sentence(self) -> str:
        return self.note or WORDS[self.verdict].format(signer=self.signer or "?", time=self.time or "?")

    def to_json(self) -> dict[str, Any]:
        return {"field": self.field, "verdict": self.verdict, "signer": self.signer, "time": self.time,
                "timestamped": self.timestamped, "intact": self.intact, "trusted": self.trusted,
                "changed_after": self.changed_after or None, "note": self.note or None}


def trust_roots(paths: Iterable[str]) -> tuple[list[Any], list[str]]:
    """The certificates of ``paths`` (PEM or DER) and a sentence for each file that could not be read."""
    from pyhanko.keys import load_certs_from_pemder

    roots: list[Any] = []
    problems: list[str] = []
    for path in paths:
        try:
            roots.extend(load_certs_from_pemder([str(Path(path).expanduser())]))
        except Exception as exc:  # missing file, not a certificate
            log.warning("trust root unreadable: %s", failure(exc))
            problems.append(BAD_ROOT.format(name=Path(path).name))
    return roots, problems


def configured_roots(settings: object) -> tuple[list[Any], list[str]]:
    from app.letters.pdfsign import letters_section

    paths = letters_section(settings).get("pdf_trust_roots", [])
    return trust_roots(p for p in paths if isinstance(p, str)) if isinstance(paths, list) else ([], [])


def _subject(status: Any) -> str:
    cert = getattr(status, "signing_cert", None)
    if cert is None:
        return ""
    try:
        return str(cert.subject.human_friendly)
    except Exception:
        return ""


def _report(sig: Any, roots: list[Any]) -> SignatureReport:
    from pyhanko.sign.diff_analysis.policy_api import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko_certvalidator import ValidationContext

    def context() -> ValidationContext:
        return ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")

    name = str(getattr(sig, "field_name", "") or "")
    try:
        status = validate_pdf_signature(sig, context(), ts_validation_context=context())
    except (SignatureValidationError, ValueError, KeyError, TypeError) as exc:
        log.info("PDF signature %s not verifiable: %s", name, type(exc).__name__)
        return SignatureReport(name, BROKEN, "", "", False, False, False, "")
    except Exception as exc:  # a hostile signature dictionary: reported broken, never a traceback
        log.warning("PDF signature %s unreadable: %s", name, failure(exc))
        return SignatureReport(name, BROKEN, "", "", False, False, False, "")
    ts = status.timestamp_validity
    when = ts.timestamp if ts is not None and ts.intact and ts.valid else status.signer_reported_dt
    level = status.modification_level
    changed = level is not None and level > ModificationLevel.LTA_UPDATES
    if level is None:  # diff analysis could not run: a later revision nobody can vouch for
        changed = True
    if not (status.intact and status.valid):
        verdict = BROKEN
    elif changed or not status.docmdp_ok:
        verdict = MODIFIED
    elif not status.trusted:
        verdict = UNTRUSTED
    else:
        verdict = VALID
    return SignatureReport(name, verdict, _subject(status), when.isoformat() if when else "", ts is not None,
                           bool(status.intact), bool(status.trusted),
                           level.name.lower() if changed and level is not None else ("unknown" if changed else ""))


def check_pdf(data: bytes, roots: list[Any]) -> list[SignatureReport]:
    """One report per signature in ``data`` (none: the PDF is unsigned). A PDF whose signatures cannot even be
    parsed gets one ``broken`` report saying so: damage is never read as "unsigned"."""
    if b"/ByteRange" not in data:
        # A signature's /Contents is excluded from what it signs by byte offsets in the file itself, so its
        # dictionary is never inside a compressed object stream: without /ByteRange in the file's own bytes
        # there is no signature to read, and pyHanko (~0.5 s to import) is not loaded for an unsigned letter.
        return []
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = list(reader.embedded_signatures)
    except Exception as exc:  # pyHanko's PdfReadError and whatever a mangled xref or CMS blob raises
        log.info("PDF unreadable for its signatures: %s", type(exc).__name__)
        return [SignatureReport("", BROKEN, "", "", False, False, False, "", note=NOT_READABLE)]
    return [_report(sig, roots) for sig in signatures]
