"""PAdES signatures on saved letter PDFs (pyHanko): the office's PKCS#12, or BSrE's ESign API.

A saved PDF (``loket fill --out``, the window's Ctrl+S, the local service's ``"output": "pdf"``) is signed
PAdES B-B, and B-T (a RFC 3161 signature timestamp) when ``letters.tsa_url`` is set. The printed letter is
not signed: paper keeps only the seal's QR. Backends (``letters.signing``):

- ``pkcs12`` (the default): the certificate and key IT stored with ``loket credentials set signing FILE.p12``
  (the PKCS#12 and its password in the OS keyring, never a file Loket writes). None stored: PDFs are saved
  unsigned, as before.
- ``bsre``: BSrE's ESign API as OpenSID calls it (app/letters/bsre.py). The signing official's passphrase is
  asked at each save and handed straight to the request: never stored, logged or kept past the call.
- ``off``: never sign.

Anything that stops the signature (no passphrase, a wrong one, the TSA or BSrE away, a keyring that does not
open) is a SigningFailed with one sentence for the clerk: the letter is then not saved unsigned in silence.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Mapping
from typing import Any

from app.base.clerktext import QT_TRANSLATE_NOOP
from app.base.logsetup import failure
from app.letters.signcommon import LetterSigning, Sign, SigningFailed, quiet_pyhanko

__all__ = ["LetterSigning", "Sign", "SigningFailed", "signer_for", "pkcs12_sign", "signing_settings"]

log = logging.getLogger("loket.pdfsign")
quiet_pyhanko()

BACKENDS = ("pkcs12", "bsre", "off")
FIELD_NAME = "LoketSignature"
Passphrase = Callable[[], "str | None"]  # asks the signing official; None when they cancel

NO_PASSPHRASE = QT_TRANSLATE_NOOP(
    "Core", "Passphrase TTE tidak dimasukkan: surat tidak disimpan. Simpan lagi dan masukkan passphrase pejabat.")
NO_WAY_TO_ASK = QT_TRANSLATE_NOOP(
    "Core", "TTE BSrE memerlukan passphrase pejabat penanda tangan: simpan surat ini dari jendela Loket atau "
    "dengan `loket fill`.")
KEYRING_DOWN = QT_TRANSLATE_NOOP(
    "Core", "Sertifikat tanda tangan PDF tidak dapat dibaca dari keyring sistem: surat tidak disimpan. "
    "Hubungi petugas IT.")
BAD_STORED = QT_TRANSLATE_NOOP(
    "Core", "Sertifikat tanda tangan PDF di keyring rusak atau kata sandinya salah: surat tidak disimpan. "
    "Petugas IT: jalankan lagi `loket credentials set signing FILE.p12`.")
TSA_FAILED = QT_TRANSLATE_NOOP(
    "Core", "Server cap waktu (letters.tsa_url) tidak menjawab dengan benar: surat tidak disimpan. Coba lagi, "
    "atau minta petugas IT memeriksa letters.tsa_url.")
SIGN_FAILED = QT_TRANSLATE_NOOP(
    "Core", "PDF tidak dapat ditandatangani: surat tidak disimpan. Hubungi petugas IT.")


def letters_section(settings: object) -> Mapping[str, Any]:
    extra = getattr(settings, "extra", None)
    section = extra.get("letters") if isinstance(extra, dict) else None
    return section if isinstance(section, dict) else {}


def signing_settings(settings: object) -> LetterSigning:
    s = letters_section(settings)

    def text(key: str, default: str = "") -> str:
        value = s.get(key, default)
        return value.strip() if isinstance(value, str) else default

    backend = text("signing", "pkcs12")
    return LetterSigning(backend=backend if backend in BACKENDS else "pkcs12", tsa_url=text("tsa_url"),
                         bsre_url=text("bsre_url"), bsre_api="v2" if text("bsre_api") == "v2" else "v1",
                         bsre_nik="".join(text("bsre_nik").split()),
                         bsre_tampilan=text("bsre_tampilan", "invisible") or "invisible")


def _timestamper(tsa_url: str) -> object | None:
    if not tsa_url:
        return None
    from pyhanko.sign.timestamps.requests_client import RequestsHTTPTimeStamper

    return RequestsHTTPTimeStamper(tsa_url, timeout=15)


def pkcs12_sign(pkcs12: bytes, password: str, tsa_url: str = "") -> Sign:
    """A signer for the PKCS#12 ``pkcs12``: PAdES B-B, B-T with ``tsa_url``. SigningFailed for a bad PKCS#12."""
    from pyhanko.sign import signers

    try:
        signer = signers.SimpleSigner.load_pkcs12_data(pkcs12, (), passphrase=password.encode("utf-8"))
    except Exception as exc:  # pyHanko/cryptography raise several types for a bad file or password
        log.warning("stored signing certificate unusable: %s", failure(exc))
        raise SigningFailed("stored PKCS#12 unusable", BAD_STORED) from None
    if signer is None or getattr(signer, "signing_cert", None) is None:
        raise SigningFailed("stored PKCS#12 has no certificate", BAD_STORED)
    timestamper = _timestamper(tsa_url)

    def sign(pdf: bytes) -> bytes:
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign.fields import SigSeedSubFilter
        from pyhanko.sign.timestamps.common_utils import TimestampRequestError

        meta = signers.PdfSignatureMetadata(field_name=FIELD_NAME, subfilter=SigSeedSubFilter.PADES,
                                            md_algorithm="sha256")
        try:
            writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
            out = signers.sign_pdf(writer, meta, signer=signer, timestamper=timestamper)  # type: ignore[arg-type]
        except TimestampRequestError as exc:
            log.warning("timestamp authority failed: %s", failure(exc))
            raise SigningFailed("TSA failed", TSA_FAILED) from None
        except Exception as exc:
            if _caused_by_timestamp(exc):
                log.warning("timestamp authority failed: %s", failure(exc))
                raise SigningFailed("TSA failed", TSA_FAILED) from None
            log.warning("PDF signing failed: %s", failure(exc))
            raise SigningFailed("signing failed", SIGN_FAILED) from None
        return out.getvalue()

    return sign


def _caused_by_timestamp(exc: BaseException) -> bool:
    from pyhanko.sign.timestamps.common_utils import TimestampRequestError

    seen = exc
    for _ in range(8):
        if isinstance(seen, TimestampRequestError):
            return True
        nxt = seen.__cause__ or seen.__context__
        if nxt is None:
            return False
        seen = nxt
    return False


def signer_for(settings: object, passphrase: Passphrase | None = None) -> Sign | None:
    """How a saved PDF is signed under ``settings``; None when it is saved unsigned (``off``, or ``pkcs12``
    with no certificate stored). For ``bsre`` the passphrase is asked here, before a letter number is taken,
    so a cancelled prompt costs no number. SigningFailed when signing is configured but cannot happen."""
    config = signing_settings(settings)
    if config.backend == "off":
        return None
    if config.backend == "bsre":
        from app.letters import bsre

        if passphrase is None:
            raise SigningFailed("BSrE needs the official's passphrase and nobody can be asked", NO_WAY_TO_ASK)
        secret = passphrase()
        if not secret:
            raise SigningFailed("no passphrase given", NO_PASSPHRASE)
        return bsre.signer(config, secret)
    from app.letters import signingkey

    try:
        stored = signingkey.load()
    except signingkey.KeyringDown:
        raise SigningFailed("keyring unavailable", KEYRING_DOWN) from None
    if stored is None:
        return None
    return pkcs12_sign(stored.pkcs12, stored.password, config.tsa_url)
