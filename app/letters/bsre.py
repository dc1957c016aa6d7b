"""BSrE's ESign API, called as OpenSID calls it, to sign a saved letter PDF with the official's certificate.

``letters.bsre_url`` is the office's ESign gateway; the application's own HTTP Basic login (``loket credentials
set bsre``) is in the keyring. Two shapes of the same call (``letters.bsre_api``):

- ``v1``: ``POST {bsre_url}/api/sign/pdf``, multipart ``file`` (the PDF), ``nik``, ``passphrase``, ``tampilan``
  (``invisible``); the answer is the signed PDF itself.
- ``v2``: ``POST {bsre_url}/api/v2/sign/pdf``, JSON ``{"nik", "passphrase", "signatureProperties":
  [{"tampilan": "INVISIBLE", "reason", "location"}], "file": [base64]}``; the answer is ``{"file": [base64]}``.

A refusal is JSON ``{"status_code": N, "error": "..."}`` with a 4xx status (2031: the passphrase is wrong).
The passphrase goes into the one request body and nowhere else: not a log line (the log says the status code
only), not an exception's text, not a retry. The answer is bounded, must be a PDF, and must carry a signature
whose bytes are intact (pyHanko), so a gateway that answers with an error page is never saved as the letter.
"""

from __future__ import annotations

import base64
import binascii
import io
import json
import logging

from app.base.clerktext import QT_TRANSLATE_NOOP
from app.base.credentials import get_secret
from app.base.logsetup import failure
from app.letters.signcommon import LetterSigning, Sign, SigningFailed, quiet_pyhanko

log = logging.getLogger("loket.bsre")
quiet_pyhanko()

MAX_ANSWER = 50 * 1024 * 1024
TIMEOUT = (5, 60)  # connect, then each read: BSrE can take tens of seconds at busy hours
WRONG_PASSPHRASE = 2031

NOT_SET_UP = QT_TRANSLATE_NOOP(
    "Core", "TTE BSrE belum diatur (letters.bsre_url, letters.bsre_nik, `loket credentials set bsre`): surat tidak "
    "disimpan. Hubungi petugas IT.")
PASSPHRASE_WRONG = QT_TRANSLATE_NOOP(
    "Core", "BSrE menolak: passphrase salah. Surat tidak disimpan; simpan lagi dengan passphrase yang benar.")
REFUSED = QT_TRANSLATE_NOOP(
    "Core", "BSrE menolak permintaan tanda tangan (kode {code}): surat tidak disimpan. Hubungi petugas IT.")
LOGIN_REFUSED = QT_TRANSLATE_NOOP(
    "Core", "BSrE menolak login aplikasi (HTTP {status}): surat tidak disimpan. Petugas IT: periksa "
    "`loket credentials set bsre`.")
AWAY = QT_TRANSLATE_NOOP(
    "Core", "Layanan TTE BSrE tidak dapat dihubungi: surat tidak disimpan. Coba lagi nanti.")
BAD_ANSWER = QT_TRANSLATE_NOOP(
    "Core", "Layanan TTE BSrE menjawab dengan sesuatu yang bukan PDF bertanda tangan: surat tidak disimpan. "
    "Hubungi petugas IT.")


def _login() -> tuple[str, str] | None:
    user = get_secret("bsre-user", "LOKET_BSRE_USER")
    password = get_secret("bsre-password", "LOKET_BSRE_PASSWORD")
    return (user, password) if user and password else None


def _read_bounded(response: object) -> bytes:
    body = io.BytesIO()
    for chunk in response.iter_content(65536):  # type: ignore[attr-defined]
        body.write(chunk)
        if body.tell() > MAX_ANSWER:
            raise SigningFailed("BSrE answer too large", BAD_ANSWER)
    return body.getvalue()


def _refusal(status: int, body: bytes) -> SigningFailed:
    if status in (401, 403):
        log.warning("BSrE refused the application login: HTTP %d", status)
        return SigningFailed(f"BSrE login refused ({status})", LOGIN_REFUSED.format(status=status))
    code: object = None
    try:
        answer = json.loads(body.decode("utf-8"))
        if isinstance(answer, dict):
            code = answer.get("status_code")
    except (UnicodeDecodeError, ValueError):
        pass
    log.warning("BSrE refused the signature: HTTP %d, status_code %s", status,
                code if isinstance(code, int) else "?")  # never its text: it may quote the NIK
    if code == WRONG_PASSPHRASE:
        return SigningFailed("BSrE: wrong passphrase", PASSPHRASE_WRONG)
    return SigningFailed(f"BSrE refused ({status})", REFUSED.format(code=code if isinstance(code, int) else status))


def _signed_pdf(data: bytes) -> bytes:
    """``data`` when it is a PDF with at least one signature whose signed bytes are intact."""
    if not data.startswith(b"%PDF-"):
        raise SigningFailed("BSrE answer is not a PDF", BAD_ANSWER)
    try:
        from pyhanko.pdf_utils.reader import PdfFileReader
        from pyhanko.sign.validation import validate_pdf_signature
        from pyhanko_certvalidator import ValidationContext

        # Integrity only (trust is `loket verify`'s business): no roots, nothing fetched.
        context = ValidationContext(trust_roots=[], allow_fetching=False, revocation_mode="soft-fail")
        signatures = PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures
        if not signatures or not all(validate_pdf_signature(s, context, skip_diff=True).intact for s in signatures):
            raise SigningFailed("BSrE answer carries no intact signature", BAD_ANSWER)
    except SigningFailed:
        raise
    except Exception as exc:
        log.warning("BSrE answer unreadable: %s", failure(exc))
        raise SigningFailed("BSrE answer unreadable", BAD_ANSWER) from None
    return data


def signer(config: LetterSigning, passphrase: str) -> Sign:
    """A signer that sends each PDF to BSrE under the official's ``passphrase`` (held only by this closure)."""
    login = _login()
    if not config.bsre_url or not config.bsre_nik or login is None:
        raise SigningFailed("BSrE not configured", NOT_SET_UP)
    base = config.bsre_url.rstrip("/")

    def sign(pdf: bytes) -> bytes:
        import requests

        try:
            if config.bsre_api == "v2":
                body = {"nik": config.bsre_nik, "passphrase": passphrase,
                        "signatureProperties": [{"tampilan": config.bsre_tampilan.upper(), "reason": "",
                                                 "location": ""}],
                        "file": [base64.b64encode(pdf).decode("ascii")]}
                response = requests.post(f"{base}/api/v2/sign/pdf", json=body, auth=login, timeout=TIMEOUT,
                                         allow_redirects=False, stream=True)
            else:
                response = requests.post(
                    f"{base}/api/sign/pdf", auth=login, timeout=TIMEOUT, allow_redirects=False, stream=True,
                    headers={"X-Requested-With": "XMLHttpRequest"},
                    files={"file": ("surat.pdf", pdf, "application/pdf")},
                    data={"nik": config.bsre_nik, "passphrase": passphrase, "tampilan": config.bsre_tampilan})
            with response:
                answer = _read_bounded(response)
                status = response.status_code
        except SigningFailed:
            raise
        except (requests.RequestException, OSError) as exc:
            log.warning("BSrE unreachable: %s", type(exc).__name__)
            raise SigningFailed("BSrE unreachable", AWAY) from None
        if status != 200:
            raise _refusal(status, answer)
        if config.bsre_api == "v2":
            try:
                files = json.loads(answer.decode("utf-8")).get("file")
                answer = base64.b64decode(files[0], validate=True)
            except (UnicodeDecodeError, ValueError, AttributeError, TypeError, IndexError, KeyError,
                    binascii.Error):
                raise SigningFailed("BSrE v2 answer without a file", BAD_ANSWER) from None
        return _signed_pdf(answer)

    return sign
