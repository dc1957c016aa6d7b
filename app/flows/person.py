"""Whoever a form or an export is for, from the source the clerk named: the card on the reader, a saved
``loket read --json``, or the registry alone. ``loket fill`` and ``loket export`` take their person here;
each refusal carries the clerk's sentence and the exit code the CLI reports.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from app.base.clerktext import QT_TRANSLATE_NOOP
from app.base.settings import Settings
from app.citizen.merge import Applicant
from app.letters import formdata
from forms.files import read_regular_text
from reader import nik as nik_rules
from reader.errors import ReadError
from reader.exitcodes import ExitCode
from reader.identity import Authenticity, Identity, Photo
from reader.spelling import KTP_FIELDS

IDENTITY_LIMIT = 1024 * 1024  # a saved read is a few KB (the photo is never in it)

class Refusal(Exception):
    """No person to fill the form with: the sentence for the clerk and the exit code."""

    def __init__(self, message: str, code: ExitCode) -> None:
        super().__init__(message)
        self.code = ExitCode(code)  # a member even from a plain int: callers compare with ``is``


@dataclass(repr=False)  # no repr: a logged %r must not carry a person's data
class Person:
    """Whoever the form is for, from whichever source the clerk named."""

    values: dict[str, object]
    photo: bytes | None = None
    photo_note: str = ""  # why there is no chip photo, printed in the photo box
    notes: list[str] = field(default_factory=list)  # Indonesian lines for stderr
    authenticity: Authenticity | None = None  # the chip's; None without a chip (--nik)


DIFFERS_CHIP = QT_TRANSLATE_NOOP(
    "Core", "Catatan: {field} berbeda antara chip dan data kependudukan; yang dicetak: data chip.")
DIFFERS_REGISTRY = QT_TRANSLATE_NOOP(
    "Core", "Catatan: {field} berbeda antara chip dan data kependudukan; yang dicetak: data kependudukan (Dukcapil).")
NO_CHIP_PHOTO = "Tanpa KTP-el: foto chip tidak ada. Tempel pas foto 3 × 4"


def from_applicant(applicant: Applicant) -> Person:
    notes = [applicant.notice] if applicant.notice else []
    notes += [(DIFFERS_CHIP if applicant.fields[d.field].source == "chip" else DIFFERS_REGISTRY).format(field=d.field)
              for d in applicant.discrepancies]
    return Person(formdata.person_values(applicant), formdata.photo_of(applicant), notes=notes,
                  authenticity=applicant.identity.authenticity)


UNSEALED = ("Berkas data warga ini tidak bersegel Loket komputer ini (bukan keluaran `loket read --json` di sini, "
            "atau sudah diubah), sehingga keaslian datanya tidak dapat dipastikan dan tidak dicetak atau disimpan. "
            "Baca ulang kartunya.")


def checked(identity: Identity, settings: Settings) -> Identity:
    # Refused before the registry is asked; the rule itself is formdata's (print_pdf enforces it again).
    if formdata.print_blocked(identity.authenticity, settings):
        unsealed = identity.authenticity is Authenticity.UNCHECKED
        raise Refusal(UNSEALED if unsealed else formdata.NotAuthentic.id_text, ExitCode.NOT_AUTHENTIC)
    return identity


def identity_from_json(data: object) -> Identity:
    """`loket read --json` back into an Identity. The JSON never carries the photo bytes, so the form gets
    a photo box to paste a paper photo into. `--lookup --json` (a merged record) is accepted too: the chip's
    own value is taken for every field, so the registry is asked afresh and the merge is the same as live."""
    if not isinstance(data, dict) or not isinstance(data.get("nik"), str):
        raise ValueError("bukan keluaran `loket read --json` (tidak ada NIK)")
    chip = data.get("chip") if isinstance(data.get("chip"), dict) else data
    provenance = data.get("provenance") if isinstance(data.get("provenance"), dict) else None
    disagree = {d.get("field"): d.get("chip") for d in data.get("discrepancies") or [] if isinstance(d, dict)}

    def chip_value(name: str) -> str:
        if name in disagree:
            value = disagree[name]
        elif provenance is not None and provenance.get(name) not in (None, "chip"):
            value = ""  # the registry's or the clerk's value, not the card's
        else:
            value = data.get(name)
        if value is not None and not isinstance(value, str):
            raise ValueError(f"isian {name} bukan teks")
        return value or ""

    born = chip_value("tanggal_lahir")
    try:
        birth = date.fromisoformat(born) if born else None
    except ValueError:
        raise ValueError("tanggal_lahir bukan tanggal (YYYY-MM-DD)") from None
    from app.citizen.readseal import sealed_here

    try:
        authenticity = Authenticity(str(chip.get("authenticity") or "unchecked"))
    except ValueError:
        authenticity = Authenticity.UNCHECKED
    if not sealed_here(data):
        authenticity = Authenticity.UNCHECKED  # a verdict is one word to edit: only our own seal keeps it
    photo = chip.get("photo") if isinstance(chip.get("photo"), dict) else {}
    names = [name for name in KTP_FIELDS if name != "tanggal_lahir"]
    extras = chip.get("extras") if isinstance(chip.get("extras"), dict) else {}
    return Identity(
        **{name: chip_value(name) for name in names}, tanggal_lahir=birth, uid=str(chip.get("uid") or ""),
        authenticity=authenticity, photo=Photo(b"", str(photo.get("mime") or "application/octet-stream")),
        signature=None, extras={str(k): str(v) for k, v in extras.items()},
        warnings=tuple(str(w) for w in chip.get("warnings") or []),
    )


def person_from_nik(nik: str, settings: Settings, overrides: object) -> Person:
    """The registry alone: no chip, so no photo and nothing to cross-check the record against."""
    from app.registry.client import RegistryConfigError, make_client
    from app.registry.result import CHIP_STILL_USED, Found, NotFound

    problem = nik_rules.problem(nik.strip())
    if problem:
        raise Refusal(problem, ExitCode.USAGE)
    try:
        client = make_client(settings, overrides)
    except RegistryConfigError as exc:
        raise Refusal(exc.as_result().id_text.replace(CHIP_STILL_USED, _NIK_ONLY), ExitCode.REGISTRY_FAILED) from None
    try:
        result = client.lookup(nik.strip())
    finally:
        client.close()
    if isinstance(result, NotFound):
        raise Refusal("NIK tidak ditemukan di data kependudukan; formulir tidak dapat diisi dari NIK saja.",
                      ExitCode.REGISTRY_FAILED)
    if not isinstance(result, Found):
        raise Refusal(result.id_text.replace(CHIP_STILL_USED, _NIK_ONLY), ExitCode.REGISTRY_FAILED)
    values: dict[str, object] = {k: v for k, v in result.record.values().items() if v not in (None, "")}
    return Person(values, None, NO_CHIP_PHOTO,
                  ["Catatan: data dari data kependudukan saja (tanpa KTP-el); foto chip tidak ada."])


_NIK_ONLY = "tanpa KTP-el formulir tidak dapat diisi"


def from_saved_read(path: Path, settings: Settings, overrides: object) -> Person:
    """A saved ``loket read --json``, looked up afresh; its chip verdict stands only under this PC's seal."""
    from app.citizen.lookup import lookup_for_identity
    from app.citizen.readseal import NO_SEAL_KEY, can_seal

    try:
        identity = identity_from_json(json.loads(read_regular_text(path, IDENTITY_LIMIT)))
        if identity.authenticity is Authenticity.UNCHECKED and \
                formdata.print_blocked(identity.authenticity, settings) and not can_seal():
            raise Refusal(NO_SEAL_KEY, ExitCode.NOT_AUTHENTIC)  # not the file's fault: no seal is possible here
    except OSError as exc:
        raise Refusal(f"{path}: tidak dapat dibaca ({exc.strerror})", ExitCode.USAGE) from None
    except (ValueError, TypeError) as exc:
        raise Refusal(f"{path}: {exc}", ExitCode.USAGE) from None
    return from_applicant(lookup_for_identity(checked(identity, settings), settings, overrides))


def read_from_reader(settings: Settings, wait: float) -> Identity:
    """The real reader through PC/SC (a seam for tests that must not share the stack's readers)."""
    from app.citizen.cardread import read_card

    return read_card(settings, wait=wait).identity


def from_card(settings: Settings, wait: float, overrides: object) -> Person:
    """The card on the reader, through PC/SC and the SAM, merged with the registry's record."""
    from app.citizen.lookup import lookup_for_identity

    try:
        identity = read_from_reader(settings, wait)
    except ReadError as exc:
        raise Refusal(exc.id_text, exc.exit_code) from None
    return from_applicant(lookup_for_identity(checked(identity, settings), settings, overrides))
