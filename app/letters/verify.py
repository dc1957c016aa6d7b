"""Checking a letter's seal (letter-seal.md): from the QR text, a PDF (every page) or a scan or phone photo.

The verdict is decided in the spec's order: unreadable → ``not_loket``; unknown ``kid`` → ``unknown_office``;
bad signature → ``forged``; the letter's date on or after ``revoked`` or before ``valid_from`` → ``revoked``;
else ``valid``. One addition on the safe side: a signature by a key whose trust-list ``iss`` is not the
payload's ``iss`` is ``forged`` (one office's key cannot speak for another; Loket never seals so).

Every input is bounded before it is decoded: the file's size, an image's pixels, a PDF's pages, the QR text's
length and the seal's inflated size (app/letters/seal.py). A refusal is InputRefused with one sentence.
"""

from __future__ import annotations

import io
import json
import logging
import math
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from app.base.clerktext import QT_TRANSLATE_NOOP
from app.letters import seal
from app.letters.sealkeys import unb64url
from reader.exitcodes import ExitCode

log = logging.getLogger("loket.verify")

VALID, NOT_LOKET, UNKNOWN_OFFICE, FORGED, REVOKED = "valid", "not_loket", "unknown_office", "forged", "revoked"
VERDICT_EXIT = {VALID: ExitCode.OK, NOT_LOKET: ExitCode.NOT_LOKET_SEAL, UNKNOWN_OFFICE: ExitCode.UNKNOWN_OFFICE,
                FORGED: ExitCode.FORGED, REVOKED: ExitCode.REVOKED}
# Worst first: a letter carrying one forged seal is forged, whatever else is on the page.
SEVERITY = (FORGED, REVOKED, UNKNOWN_OFFICE, VALID, NOT_LOKET)

MAX_FILE = 40 * 1024 * 1024
MAX_TRUST_FILE = 1024 * 1024
MAX_PIXELS = 40_000_000  # a 12 MP phone photo is well inside; a decompression bomb is not
MAX_PAGES = 20  # a letter is a page or two
PDF_DPI = 200


class InputRefused(Exception):
    """The file is not examined; ``id_text`` is the one sentence that says why."""

    def __init__(self, reason: str, id_text: str) -> None:
        super().__init__(reason)
        self.id_text = id_text


class TrustListError(InputRefused):
    pass


@dataclass(frozen=True)
class TrustKey:
    kid: str
    public_key: bytes = field(repr=False)
    iss: str
    on: str
    valid_from: date
    revoked: date | None = None


@dataclass(frozen=True)
class Trust:
    keys: dict[str, TrustKey]


@dataclass(frozen=True)
class Verdict:
    verdict: str
    reason: str = ""  # English, for the log and --json; never a payload value
    payload: seal.Payload | None = None
    kid: str = ""
    office: str = ""  # ``on`` of the key in the trust list
    key: TrustKey | None = None
    digest: str = ""  # of the COSE_Sign1 bytes (the letter register keeps it)

    @property
    def exit_code(self) -> ExitCode:
        return VERDICT_EXIT[self.verdict]

    @property
    def ok(self) -> bool:
        return self.verdict == VALID

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"verdict": self.verdict, "exit_code": self.exit_code, "reason": self.reason,
                               "kid": self.kid or None, "office": self.office or None, "digest": self.digest or None}
        if self.key is not None:
            out["key"] = {"valid_from": self.key.valid_from.isoformat(),
                          "revoked": self.key.revoked.isoformat() if self.key.revoked else None}
        out["payload"] = self.payload.to_map() if self.payload is not None else None
        return out


@dataclass(frozen=True)
class PageResult:
    page: int  # 1-based; 1 for an image
    verdicts: tuple[Verdict, ...]  # one per QR code found on the page (none: no QR at all)


# --- trust lists --------------------------------------------------------------------------------------------

BAD_TRUST = QT_TRANSLATE_NOOP("Core", "Berkas {name} bukan daftar kunci tepercaya segel Loket ({what}).")


def trust_from(data: object, name: str = "trust list") -> Trust:
    """The spec's trust list JSON, checked. TrustListError names what is wrong."""
    def bad(what: str) -> TrustListError:
        return TrustListError(f"trust list: {what}", BAD_TRUST.format(name=name, what=what))

    if not isinstance(data, dict) or data.get("v") != 1 or not isinstance(data.get("keys"), list):
        raise bad('{"v": 1, "keys": [...]}')
    keys: dict[str, TrustKey] = {}
    for i, item in enumerate(data["keys"]):
        try:
            public = unb64url(item["public_key"])
            kid = str(item["kid"]).lower()
            if item.get("alg") != "Ed25519" or len(public) != 32 or seal.kid_of(public).hex() != kid:
                raise ValueError("alg, public_key or kid")
            revoked = item.get("revoked")
            key = TrustKey(kid, public, str(item["iss"]), str(item.get("on") or ""),
                           date.fromisoformat(item["valid_from"]),
                           date.fromisoformat(revoked) if revoked is not None else None)
        except (KeyError, TypeError, ValueError, AttributeError):
            raise bad(f"keys[{i}]") from None
        keys.setdefault(kid, key)
    return Trust(keys)


def load_trust(path: Path) -> Trust:
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_TRUST_FILE:
            raise TrustListError("trust list not a small regular file",
                                 BAD_TRUST.format(name=path.name, what="bukan berkas JSON kecil"))
        data = json.loads(path.read_bytes().decode("utf-8"))
    except TrustListError:
        raise
    except (OSError, ValueError, RecursionError) as exc:
        raise TrustListError(f"trust list unreadable ({type(exc).__name__})",
                             BAD_TRUST.format(name=path.name, what="tidak dapat dibaca sebagai JSON")) from None
    return trust_from(data, path.name)


def own_trust(settings: object = None) -> Trust:
    """This office's trust list (app/letters/sealkeys.py): every key it ever used."""
    from app.letters import sealkeys

    try:
        keys = sealkeys.all_keys(settings)
    except sealkeys.KeyCommandError:  # the office server away: this machine's own keys still count
        keys = sealkeys.local_keys()
    except sealkeys.SealUnavailable as exc:  # this machine's key list is broken
        raise TrustListError(str(exc), exc.id_text) from None
    return trust_from(sealkeys.trust_list(keys), "daftar kunci kantor ini")


# --- the decision -------------------------------------------------------------------------------------------


def verify_content(text: str, trust: Trust) -> Verdict:
    """The verdict on one QR text, in the spec's order."""
    try:
        cose = seal.cose_of(text)
        sign1 = seal.parse(cose)
    except seal.Unreadable as exc:
        return Verdict(NOT_LOKET, str(exc))
    kid = sign1.kid.hex()
    digest = seal.digest(cose)
    key = trust.keys.get(kid)
    if key is None:
        return Verdict(UNKNOWN_OFFICE, "kid not in the trust list", sign1.payload, kid, digest=digest)
    if not sign1.verify(key.public_key):
        return Verdict(FORGED, "signature does not verify", sign1.payload, kid, key.on, key, digest)
    if sign1.payload.iss != key.iss:
        return Verdict(FORGED, "signed by another office's key", sign1.payload, kid, key.on, key, digest)
    day = sign1.payload.day
    if key.revoked is not None and day >= key.revoked:
        return Verdict(REVOKED, "dated on or after the key's revocation", sign1.payload, kid, key.on, key, digest)
    if day < key.valid_from:
        return Verdict(REVOKED, "dated before the key's valid_from", sign1.payload, kid, key.on, key, digest)
    return Verdict(VALID, "", sign1.payload, kid, key.on, key, digest)


def overall(results: Iterable[PageResult] | Iterable[Verdict]) -> Verdict:
    """One verdict for a whole file: the worst of its Loket seals; ``not_loket`` only when none is there."""
    verdicts: list[Verdict] = []
    for r in results:
        verdicts.extend(r.verdicts if isinstance(r, PageResult) else (r,))
    if not verdicts:
        return Verdict(NOT_LOKET, "no QR code found")
    return min(verdicts, key=lambda v: SEVERITY.index(v.verdict))


# --- files ----------------------------------------------------------------------------------------------------

TOO_LARGE = QT_TRANSLATE_NOOP("Core", "Berkas {name} terlalu besar untuk diperiksa (lebih dari {limit} MB).")
NOT_A_FILE = QT_TRANSLATE_NOOP("Core", "{name} bukan berkas biasa (folder, perangkat atau pipa); tidak diperiksa.")
UNREADABLE = QT_TRANSLATE_NOOP("Core", "Berkas {name} tidak dapat dibaca.")
NOT_PDF_OR_IMAGE = QT_TRANSLATE_NOOP("Core", "Berkas {name} bukan PDF atau gambar (PNG, JPEG) yang dapat dibaca.")
TOO_MANY_PIXELS = QT_TRANSLATE_NOOP("Core", "Gambar {name} terlalu besar untuk diperiksa (lebih dari {limit} juta "
                                            "piksel). Foto ulang atau pindai dengan resolusi lebih kecil.")
TOO_MANY_PAGES = QT_TRANSLATE_NOOP("Core", "PDF {name} berisi {pages} halaman; Loket memeriksa surat sampai {limit} "
                                           "halaman. Periksa halaman surat itu saja.")


def _read_input(path: Path) -> bytes:
    name = path.name or str(path)
    try:
        st = path.stat()
    except OSError:
        raise InputRefused("input not readable", UNREADABLE.format(name=name)) from None
    if not stat.S_ISREG(st.st_mode):  # a FIFO would hold the check for ever
        raise InputRefused("input not a regular file", NOT_A_FILE.format(name=name))
    if st.st_size > MAX_FILE:
        raise InputRefused("input too large", TOO_LARGE.format(name=name, limit=MAX_FILE // (1024 * 1024)))
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_FILE + 1)
    except OSError:
        raise InputRefused("input not readable", UNREADABLE.format(name=name)) from None
    if len(data) > MAX_FILE:  # it grew while we looked
        raise InputRefused("input too large", TOO_LARGE.format(name=name, limit=MAX_FILE // (1024 * 1024)))
    return data


def verify_file(path: Path, trust: Trust) -> list[PageResult]:
    """Every QR on every page of a PDF, or in an image, decided. InputRefused (one sentence) for a file that
    is not examined at all."""
    data = _read_input(path)
    name = path.name
    if data[:5] == b"%PDF-":
        return verify_pdf_bytes(data, trust, name)
    return [PageResult(1, tuple(verify_content(t, trust) for t in image_texts(_open_image(data, name))))]


def verify_pdf_bytes(data: bytes, trust: Trust, name: str = "PDF") -> list[PageResult]:
    return [PageResult(i, tuple(verify_content(t, trust) for t in texts))
            for i, texts in enumerate(_pdf_texts(data, name), 1)]


def _open_image(data: bytes, name: str) -> Any:
    from PIL import Image, ImageOps

    try:
        image = Image.open(io.BytesIO(data))
        width, height = image.size
        if width * height > MAX_PIXELS:
            raise InputRefused(f"image of {width}x{height} pixels", TOO_MANY_PIXELS.format(
                name=name, limit=MAX_PIXELS // 1_000_000))
        if image.format not in ("PNG", "JPEG", "WEBP", "TIFF", "BMP", "GIF"):
            raise InputRefused(f"image format {image.format}", NOT_PDF_OR_IMAGE.format(name=name))
        image.load()
        image = ImageOps.exif_transpose(image) or image  # a phone photo's orientation flag
        return image.convert("L")
    except InputRefused:
        raise
    except Image.DecompressionBombError:
        raise InputRefused("image decompression bomb", TOO_MANY_PIXELS.format(
            name=name, limit=MAX_PIXELS // 1_000_000)) from None
    except Exception as exc:  # Pillow's own errors, OSError on a truncated file, SyntaxError in some plugins
        log.info("image not decoded: %s", type(exc).__name__)
        raise InputRefused("not an image", NOT_PDF_OR_IMAGE.format(name=name)) from None


def _pdf_texts(data: bytes, name: str) -> list[list[str]]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except Exception as exc:  # pdfium's PdfiumError for anything it cannot open
        log.info("PDF not opened: %s", type(exc).__name__)
        raise InputRefused("not a PDF", NOT_PDF_OR_IMAGE.format(name=name)) from None
    try:
        pages = len(pdf)
        if pages > MAX_PAGES:
            raise InputRefused(f"PDF has {pages} pages", TOO_MANY_PAGES.format(name=name, pages=pages,
                                                                                limit=MAX_PAGES))
        out = []
        for index in range(pages):
            page = pdf[index]
            try:
                w, h = page.get_size()
                scale = PDF_DPI / 72
                if w * h * scale * scale > MAX_PIXELS:  # an absurd page size must not become a huge bitmap
                    scale = math.sqrt(MAX_PIXELS / max(w * h, 1.0))
                bitmap = page.render(scale=scale, grayscale=True)
                image = bitmap.to_pil()
            except Exception as exc:
                log.info("PDF page %d not rendered: %s", index + 1, type(exc).__name__)
                out.append([])
                continue
            finally:
                page.close()
            out.append(image_texts(image))
        return out
    finally:
        pdf.close()


def image_texts(image: Any) -> list[str]:
    """The text of every QR code in ``image`` (a PIL image). A clean render is read at once; a photo that is
    blurred or low in contrast gets a few stronger tries."""
    from PIL import ImageFilter, ImageOps

    found = _qr(image)
    if found:
        return found
    gray = image.convert("L")
    tries = [ImageOps.autocontrast(gray, cutoff=2)]
    tries.append(tries[0].filter(ImageFilter.UnsharpMask(radius=3, percent=200, threshold=2)))
    if max(gray.size) > 2400:
        half = gray.reduce(2)
        tries.append(ImageOps.autocontrast(half, cutoff=2))
    for candidate in tries:
        found = _qr(candidate)
        if found:
            return found
    return []


def _qr(image: Any) -> list[str]:
    import zxingcpp

    try:
        codes = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    except Exception as exc:  # the decoder must never take the check down with it
        log.info("QR decoder failed: %s", type(exc).__name__)
        return []
    return [c.text for c in codes if c.valid and c.text]
