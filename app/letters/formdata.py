"""From a merged Applicant and what the clerk typed to the plain values the forms engine fills and prints.

forms/ knows nothing of the chip, the registry client or the merge; this is the one place that does.

The rule that matters: for a field where the chip and the registry disagree, the paper shows one value,
the chosen one (the register's until the clerk picks otherwise), and an address is chosen as a whole. With
Dewi's card (chip: Sarijadi RT 007/008; registry: Gegerkalong RT 2/11) a form must never print the chip's
street with the registry's RT or kelurahan: that address belongs to nobody.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from app.base.clerktext import QT_TRANSLATE_NOOP
from app.base.outcome import PrintOutcome
from app.base.outfile import SaveFailed as SaveFailed  # the writer's refusal, raised through here
from app.base.outfile import write_output as write_file
from app.base.settings import Settings
from app.citizen.merge import Applicant, Source
from app.letters.signcommon import SigningFailed
from app.storage.letters import mark_letter, next_letter_number
from forms.fill import FilledForm, fill
from forms.numbering import NumberingError
from forms.office import Office
from forms.render import UNVERIFIED_MARK as UNVERIFIED_MARK  # what an allowed unverified page says
from forms.render import render_pdf
from forms.template import PAPERS, TEMPLATE_DIR, FormTemplate, find
from reader.identity import Authenticity
from reader.spelling import ADDRESS_FIELDS

# Registry-only details of the registry's address; wrong beside the chip's address when the two differ.
REGISTRY_ADDRESS_DETAILS = ("dusun", "kode_kelurahan", "kode_kecamatan", "kode_kabupaten", "kode_provinsi")

log = logging.getLogger("loket.formdata")

EXIT_INVALID = 12
EXIT_NOT_AUTHENTIC = 10

class NotAuthentic(Exception):
    """The chip's data failed the authenticity check and the settings do not allow printing it."""

    id_text = (QT_TRANSLATE_NOOP(
        "Core", "Keaslian data kartu TIDAK terverifikasi, sehingga formulir tidak dapat dicetak atau disimpan "
               "sebagai PDF."))
    exit_code = EXIT_NOT_AUTHENTIC

    def __init__(self) -> None:
        super().__init__(self.id_text)


def person_values(applicant: Applicant) -> dict[str, object]:
    """The person by field name, one value per field, as the forms engine wants it."""
    values: dict[str, object] = {name: held.value for name, held in applicant.fields.items()}
    alamat = applicant.fields.get("alamat")
    use_registry = alamat is not None and alamat.source is Source.REGISTRY
    split = False
    for name in ADDRESS_FIELDS:
        d = applicant.discrepancy(name)
        if d is None:
            continue
        split = True
        held = applicant.fields.get(name)
        if held is not None and held.source is Source.TYPED:
            continue  # the clerk wrote this part by hand; that is their decision
        chosen = d.registry_value if use_registry else d.chip_value
        values[name] = chosen if chosen not in (None, "") else values.get(name)
    if split and not use_registry:
        for name in REGISTRY_ADDRESS_DETAILS:
            values.pop(name, None)
    return values


def photo_of(applicant: Applicant) -> bytes | None:
    photo = getattr(applicant.identity, "photo", None)
    return photo.data if photo is not None and photo.data else None


def forms_settings(settings: Settings | None) -> dict:
    raw = (settings.extra.get("forms") if settings is not None else None) or {}
    return raw if isinstance(raw, dict) else {}


def allow_unverified_print(settings: Settings | None) -> bool:
    """``"forms": {"allow_unverified_print": true}``; anything but a real true is false (the default)."""
    return forms_settings(settings).get("allow_unverified_print") is True


def is_unverified(authenticity: Authenticity | None) -> bool:
    """The chip's data was NOT confirmed: the check failed, or it is a saved read without this installation's
    seal (``unchecked``, app.citizen.readseal). No chip at all (``None``, the registry alone) is not this."""
    return authenticity in (Authenticity.INVALID, Authenticity.UNCHECKED)


def print_blocked(authenticity: Authenticity | None, settings: Settings | None) -> bool:
    """THE rule for card safety: data that failed the authenticity check is not printed or saved as a PDF,
    unless the office has allowed it in the settings; then every page says UNVERIFIED_MARK."""
    return is_unverified(authenticity) and not allow_unverified_print(settings)


def office_for(kind: str, settings: Settings | None = None) -> Office:
    """The office from settings (``"forms": {"offices": {"rsud": {...}}}``), else the example office.
    ``forms.letterhead_name`` (the installer's LETTERHEAD_NAME) is this PC's office line, the last and
    largest of the heading, for every letterhead that does not set its own heading."""
    forms = forms_settings(settings)
    offices = forms.get("offices") or {}
    data = offices.get(kind) if isinstance(offices, dict) else None
    data = dict(data) if isinstance(data, dict) else {}
    name = forms.get("letterhead_name")
    if isinstance(name, str) and name.strip() and "heading" not in data:
        base = Office.from_mapping(kind, {})
        data["heading"] = [*base.heading[:-1], " ".join(name.split()).upper()]
    return Office.from_mapping(kind, data)


def calibration(settings: Settings | None, printer: str | None = None) -> tuple[float, float] | None:
    """This printer's offset for pre-printed stock, in mm right and down: ``"forms": {"printer": "NAME",
    "printers": {"NAME": {"offset_mm": [1.5, -2]}}}``. Each printer feeds paper a little differently, so the
    offset belongs to the printer, not to the form. None: no calibration (the office's, else none)."""
    forms = forms_settings(settings)
    name = printer or forms.get("printer")
    printers = forms.get("printers")
    entry = printers.get(name) if isinstance(printers, dict) and isinstance(name, str) else None
    offset = entry.get("offset_mm") if isinstance(entry, dict) else None
    if (isinstance(offset, list) and len(offset) == 2
            and all(isinstance(v, int | float) and not isinstance(v, bool) for v in offset)):
        return float(offset[0]), float(offset[1])
    if printer and entry is None:
        raise ValueError(f"printer '{printer}' has no calibration in the settings (forms.printers)")
    return None


class SealRefused(NumberingError):
    """A sealed template's letter cannot be sealed now (no key, keyring unavailable, QR too long): it is not
    printed, and no number is used (or the one taken is void). A NumberingError, so every print path shows
    its text to the clerk instead of printing; the text says why and what IT does."""

    outcome = PrintOutcome.FAILED_SEAL

    def __init__(self, id_text: str) -> None:
        super().__init__(id_text)
        self.id_text = id_text  # the marked sentence itself (str() of the exception would lose its template)


@dataclass(frozen=True)
class Sealed:
    """The seal a print carries: the QR text and the digest the letter register keeps."""

    content: str
    digest: str
    kid: str


@dataclass
class Prepared:
    template: FormTemplate
    filled: FilledForm
    office: Office
    photo: bytes | None
    photo_note: str = ""  # printed in the photo box when there is no chip photo, and why
    authenticity: Authenticity | None = None  # None: no chip behind the data (a NIK-only form)
    blocked: bool = False  # print_blocked() for this chip and settings: no print, no saved PDF
    sealed: Sealed | None = None  # set by print_pdf: the seal on the pages it rendered (kept for reprints)

    @property
    def unverified(self) -> bool:
        """Every page must carry UNVERIFIED_MARK (print, save and preview)."""
        return is_unverified(self.authenticity)


def prepare(
    form_id: str,
    person: Mapping[str, object],
    typed: Mapping[str, object] | None = None,
    *,
    photo: bytes | None = None,
    photo_note: str = "",
    settings: Settings | None = None,
    today: date | None = None,
    template_dir: Path = TEMPLATE_DIR,
    authenticity: Authenticity | None = None,
) -> Prepared:
    """Fill without side effects: the GUI calls this on every keystroke to show problems beside fields.
    ``authenticity`` is the chip's (None when no chip is behind the data)."""
    template = find(form_id, template_dir)
    filled = fill(template, person, typed, today)
    return Prepared(template, filled, office_for(template.office_kind, settings), photo, photo_note,
                    authenticity, print_blocked(authenticity, settings))


def prepare_for_applicant(form_id: str, applicant: Applicant, typed: Mapping[str, object] | None = None,
                          **kwargs: object) -> Prepared:
    return prepare(form_id, person_values(applicant), typed, photo=photo_of(applicant),  # type: ignore[arg-type]
                   authenticity=applicant.identity.authenticity, **kwargs)


def paper_for(template: FormTemplate, settings: Settings | None) -> str | None:
    """``"forms": {"paper": "A4" | "F4"}`` for every form and letter (a counter stocks one size); None keeps
    the template's own. Pre-printed stock always keeps its own: the sheets decide, not the setting."""
    paper = forms_settings(settings).get("paper")
    if template.layout == "overlay" or not isinstance(paper, str) or paper.upper() not in PAPERS:
        return None
    return paper.upper()


def screen_preview(prepared: Prepared, out: Path, settings: Settings | None = None) -> None:
    """The pages for the screen only (the caller deletes the file once shown): no letter number, allowed
    for a form with problems, and for unverified data too, but then marked like the print."""
    render_pdf(prepared.template, prepared.filled.values, out, paper=paper_for(prepared.template, settings),
               office=prepared.office, photo=prepared.photo, photo_note=prepared.photo_note,
               unverified=prepared.unverified)


def letters_settings(settings: Settings | None) -> dict:
    raw = (settings.extra.get("letters") if settings is not None else None) or {}
    return raw if isinstance(raw, dict) else {}


def issuer(office: Office, settings: Settings | None) -> str:
    """The seal's ``iss``: ``letters.issuer``, else ``storage.office``, else the letterhead's code."""
    from app.storage import config

    chosen = letters_settings(settings).get("issuer")
    if isinstance(chosen, str) and chosen.strip():
        return chosen.strip()
    return config(settings).office or office.code or office.kind


def verify_url(settings: Settings | None) -> str:
    url = letters_settings(settings).get("verify_url")
    return url.strip() if isinstance(url, str) else ""


def _seal_key(prepared: Prepared, settings: Settings | None, day: date,
              given: object = None) -> tuple[str, object] | None:
    """(iss, private key) for a sealed template, checked before a number is taken; None when not sealed."""
    if not prepared.template.seal:
        return None
    from app.letters.sealkeys import SealUnavailable, signing_key

    iss = issuer(prepared.office, settings)
    if given is not None:
        return iss, given
    try:
        _, private = signing_key(iss, day)
    except SealUnavailable as exc:
        raise SealRefused(exc.id_text) from None
    return iss, private


SEAL_TOO_LONG = QT_TRANSLATE_NOOP(
    "Core", "Surat tidak dapat disegel: isi kode QR melebihi 450 byte (alamat letters.verify_url terlalu panjang), "
            "jadi surat tidak dicetak. Petugas IT: pakai alamat halaman pemeriksaan yang lebih pendek.")


def seal_values(prepared: Prepared, values: Mapping[str, object], iss: str, key: object, day: date,
                settings: Settings | None) -> Sealed:
    """Sign what the page prints (letter-seal.md). SealRefused when the QR text cannot fit."""
    from app.letters import seal

    payload = seal.payload_from(values, iss=iss, number=str(values.get("nomor_surat") or ""),
                                form_id=prepared.template.id, day=day, sealed_fields=prepared.template.seal_fields)
    try:
        cose, text = seal.seal_letter(payload, key, verify_url(settings))  # type: ignore[arg-type]
    except seal.SealTooLong as exc:
        log.error("letter not sealed: %s", exc)
        raise SealRefused(SEAL_TOO_LONG) from None
    return Sealed(text, seal.digest(cose), seal.parse(cose).kid.hex())


def print_pdf(prepared: Prepared, out: Path, *, paper: str | None = None, settings: Settings | None = None,
              printed_at: datetime | None = None, preview: bool = False, printer: str | None = None,
              seal_key: object = None, sign: Callable[[bytes], bytes] | None = None) -> str:
    """Render a valid form; a letter takes its number here, only when it is really printed (a preview
    takes none, so looking at a letter never uses up a number), and a sealed template is signed right after
    (``prepared.sealed``). Returns the letter number ("" for forms and previews). Raises NotAuthentic when
    print_blocked() (a --preview file is a PDF on disk too), ValueError when the form still has problems or
    ``printer`` is not calibrated, SealRefused when it cannot be sealed (checked before the number is taken),
    SaveFailed when ``out`` cannot be written (then no file, or only the older one, is there). ``seal_key``
    (an Ed25519 private key) is for the simulated day only, which must not touch a keyring."""
    if prepared.blocked:
        raise NotAuthentic
    if not prepared.filled.ok:
        raise ValueError("form has problems; show them to the clerk before printing")
    offset = calibration(settings, printer)
    values: dict[str, object] = dict(prepared.filled.values)
    prepared.sealed = None
    day = (printed_at or datetime.now()).date()  # the date the signature block prints
    signer = None if preview else _seal_key(prepared, settings, day, seal_key)  # no key: no number is used
    number = ""
    pattern = prepared.template.letter.number_pattern
    if signer is not None:  # a QR that cannot fit is found with a number as long as any, before one is taken
        from forms.numbering import format_number

        probe = format_number(pattern, 999_999, prepared.filled.today, prepared.office.code) if pattern else ""
        seal_values(prepared, {**values, "nomor_surat": probe}, signer[0], signer[1], day, settings)
    if prepared.template.layout == "letter" and pattern and not preview:
        office = prepared.office
        # The settings choose where the sequence lives (this machine, or the office server shared by every
        # counter); the number may come from this counter's offline block, and then says so (.notice).
        from app.letters.numbering import scheme_for

        number = next_letter_number(office.code or office.kind, pattern, prepared.filled.today,
                                    form_id=prepared.template.id, settings=settings,
                                    scheme=scheme_for(prepared.template.id, pattern, settings))
        values["nomor_surat"] = number
    pdf = io.BytesIO()  # a page or two: rendered in memory, then written whole or not at all
    try:
        sealed = seal_values(prepared, values, signer[0], signer[1], day, settings) if signer else None
        render_pdf(prepared.template, values, pdf, paper=paper or paper_for(prepared.template, settings),
                   office=prepared.office, photo=prepared.photo,
                   photo_note=prepared.photo_note, printed_at=printed_at, preview=preview, offset_mm=offset,
                   unverified=prepared.unverified, seal=sealed.content if sealed else "")
        data = pdf.getvalue()
        if sign is not None:  # PAdES (app/letters/pdfsign.py): the file on disk is the signed one or none
            data = sign(data)
        write_file(out, data)
        prepared.sealed = sealed
    except BaseException as exc:
        if number:  # taken, never printed: the register says why, so the gap is explained
            reason = ("save_failed" if isinstance(exc, SaveFailed) else
                      "seal_failed" if isinstance(exc, SealRefused) else
                      "signing_failed" if isinstance(exc, SigningFailed) else "render_failed")
            mark_letter(number, "void", reason)
            if isinstance(exc, SaveFailed | SigningFailed):
                exc.voided_number = str(number)  # the clerk is told which number went void
        raise
    return number
