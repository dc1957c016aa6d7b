"""What the PDF signing backends share (app/letters/pdfsign.py, app/letters/bsre.py): the failure, the settings."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

Sign = Callable[[bytes], bytes]  # a PDF in, the same PDF with one more (signed) revision out


class SigningFailed(Exception):
    """The PDF could not be signed; ``id_text`` is the clerk's sentence (English for the log in args)."""

    def __init__(self, reason: str, id_text: str) -> None:
        super().__init__(reason)
        self.id_text = id_text
        self.voided_number = ""  # a letter number taken for this save and recorded void


@dataclass(frozen=True)
class LetterSigning:
    """``letters.*`` as far as signing goes."""

    backend: str = "pkcs12"
    tsa_url: str = ""
    bsre_url: str = ""
    bsre_api: str = "v1"
    bsre_nik: str = ""
    bsre_tampilan: str = "invisible"


def quiet_pyhanko() -> None:
    """pyHanko and its certificate validator log certificate subjects (the official's name) and whole
    tracebacks at WARNING: Loket writes its own line (the failure's type and place) instead."""
    for name in ("pyhanko", "pyhanko_certvalidator"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
