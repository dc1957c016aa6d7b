"""The services a counter offers (one form template each): loaded, checked against what is on screen, and
said ready to print or not. The print itself is app.letters.printjob's one job (number, register, audit, copy).

A missing or broken template costs the clerk that form, never the reading of the card: loading degrades
instead of raising. No Qt here: these are plain values the views turn into widgets.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app.base.clerktext import QT_TRANSLATE_NOOP
from app.base.logsetup import failure
from app.base.outcome import PrintOutcome
from app.base.settings import Settings
from app.citizen.merge import CHIP_FIELDS, Applicant
from app.registry.fields import LABELS

log = logging.getLogger("loket.ui")
CONTEXT = "Service"  # the translation context of this module's sentences (the window translates them)


BASIC_ID = "data_ektp"
BASIC_NAME = QT_TRANSLATE_NOOP("Service", "Data e-KTP saja (tanpa formulir)")
NO_FORM = QT_TRANSLATE_NOOP("Service", "Layanan ini belum punya formulir untuk dicetak. Pilih layanan lain.")
BASIC_SECTION = QT_TRANSLATE_NOOP("Service", "Data e-KTP")
TYPED_SECTION = QT_TRANSLATE_NOOP("Service", "Diisi petugas")
PHONE_LABEL = QT_TRANSLATE_NOOP("Field", "No. telepon / HP")
INCOMPLETE = QT_TRANSLATE_NOOP("Service", "Formulir belum lengkap: {count} isian perlu diperbaiki (ditandai merah).")


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    origin: str  # "chip", "registry", "derived" or "typed"
    name: str  # the person field behind chip/registry/derived; the key for typed fields
    type: str = "text"
    choices: tuple[str, ...] = ()
    required: bool = False
    upper: bool = False
    hint: str = ""
    section: str = ""
    office: bool = False  # the office's or the clerk's (forms/template.py Field.office): carried, not retyped
    # The screen's English from the template (label_en, hint_en, title_en); "" = the window translates the
    # Indonesian (context "Field" for a person field's name, "Service" for this module's sections).
    label_en: str = ""
    hint_en: str = ""
    section_en: str = ""

    @property
    def from_person(self) -> bool:
        return self.origin in ("chip", "registry")


@dataclass(frozen=True)
class Service:
    id: str
    name: str
    fields: tuple[FieldSpec, ...]
    printable: bool  # False: no template, the window shows the record but cannot print it
    office: str = ""  # the letterhead it prints under (forms.offices.<office> in settings)
    paper: str = ""  # the template's own paper size
    name_en: str = ""  # the template's service_name_en (else its title_en)
    # (Indonesian, English) of the template's words that reach the screen inside a sentence (a label in "…
    # wajib diisi.", a pattern_message): the window shows those sentences in its language (app.ui.i18n.from_core).
    words: tuple[tuple[str, str], ...] = ()


def _basic() -> Service:
    """The record alone, for a counter whose forms are not set up yet."""
    names = (*CHIP_FIELDS, "no_kk", "nama_ibu", "nama_ayah", "pendidikan")
    fields = [FieldSpec(n, LABELS.get(n, n), "chip" if n in CHIP_FIELDS else "registry", n, section=BASIC_SECTION)
              for n in names]
    fields.append(FieldSpec("telepon", PHONE_LABEL, "typed", "telepon", type="phone", required=True,
                            section=TYPED_SECTION))
    return Service(BASIC_ID, BASIC_NAME, tuple(fields), printable=False)


def load_services(template_dir: Path | None = None) -> list[Service]:
    """Every usable form template, then the record-only service; a broken template folder leaves only that."""
    services: list[Service] = []
    try:
        from forms.template import TEMPLATE_DIR, load_all

        templates = load_all(template_dir or TEMPLATE_DIR)
    except Exception as exc:  # forms/ missing or a template broken: the counter still reads cards
        log.warning("form templates unavailable: %s", exc)
        templates = {}
    for template in templates.values():
        if template.layout == "overlay":
            continue  # pre-printed stock needs calibration from settings first; not offered at the counter yet
        fields: list[FieldSpec] = []
        words = [(f.label, f.label_en) for f in template.fields]
        words += [(f.pattern_message, f.pattern_message_en) for f in template.fields if f.pattern_message]
        words += [(c.label, c.label_en) for f in template.fields for c in f.columns]
        words += [(template.legend_name, template.legend_name_en)]  # the report's legend, in the window's language
        for section in template.sections:
            for f in section.fields:
                if f.type == "table":
                    continue  # rows of a table are typed in the printout's own editor, not in this view
                fields.append(FieldSpec(f.key, f.label, f.origin, f.source_name, f.type, tuple(f.choices),
                                        f.required, f.upper, f.hint, section.title, f.office, f.label_en,
                                        f.hint_en, section.title_en))
        # The template's short name (forms/template_keys.py checks its length), else its title.
        services.append(Service(template.id, template.service_name or template.title.title(),
                                tuple(fields), printable=True, office=template.office_kind, paper=template.paper,
                                name_en=template.service_name_en or template.title_en.title(), words=tuple(words)))
    services.append(_basic())
    return services


def office_defaults(settings: Settings | None) -> dict[str, str]:
    """``"forms": {"office_fields": {"satpas": "SATPAS POLRESTA BALIKPAPAN", "petugas_nama": "…"}}``: what an
    office field (FieldSpec.office) holds for the first citizen of the day; anything but text is ignored."""
    forms = (settings.extra.get("forms") if settings is not None else None) or {}
    raw = forms.get("office_fields") if isinstance(forms, dict) else None
    if not isinstance(raw, dict):
        return {}
    return {str(k): v.strip() for k, v in raw.items() if isinstance(v, str) and v.strip()}


# --- values the record view shows -------------------------------------------------------------------------


def _fallback_derived(key: str, name: str, applicant: Applicant) -> str:
    born = applicant.value("tanggal_lahir")
    if name == "tempat_tanggal_lahir":
        when = born.strftime("%d-%m-%Y") if isinstance(born, date) else str(born or "")
        return ", ".join(p for p in (str(applicant.value("tempat_lahir") or ""), when) if p)
    if name == "umur" and isinstance(born, date):
        today = date.today()
        return f"{today.year - born.year - ((today.month, today.day) < (born.month, born.day))} tahun"
    if name == "rt_rw":
        return f"{applicant.value('rt') or ''}/{applicant.value('rw') or ''}".strip("/")
    return ""


@dataclass
class Checked:
    """What forms/ makes of the record and the typed values: shown values and problems by field key."""

    values: dict[str, str]
    problems: dict[str, list[str]]
    prepared: object | None  # app.letters.formdata.Prepared, kept for printing; None without a template


def check(service: Service, applicant: Applicant, typed: Mapping[str, object],
          settings: Settings | None = None) -> Checked:
    """Fill the service's form without side effects (no letter number is taken)."""
    values: dict[str, str] = {}
    if service.printable:
        try:
            from app.letters.formdata import prepare_for_applicant

            prepared = prepare_for_applicant(service.id, applicant, dict(typed), settings=settings)
            filled = prepared.filled
            for key, value in filled.values.items():
                values[key] = value if isinstance(value, str) else ("YA" if value is True else "")
            problems: dict[str, list[str]] = {}
            for p in filled.problems:
                problems.setdefault(p.key, []).append(p.message)
            return Checked(values, problems, prepared)
        except Exception as exc:  # the form engine must not take the record view down with it
            log.warning("form %s could not be filled: %s", service.id, failure(exc))
    for spec in service.fields:
        if spec.origin == "derived":
            values[spec.key] = _fallback_derived(spec.key, spec.name, applicant)
    problems = {s.key: [f"{s.label} wajib diisi."] for s in service.fields
                if s.required and s.origin == "typed" and not str(typed.get(s.key) or "").strip()}
    return Checked(values, problems, None)


def person_value(applicant: Applicant, name: str) -> str:
    """A person field as the view shows it: dates the Indonesian way, nothing for unknown, and text as the
    paper prints it (forms.fill.as_printed)."""
    from forms.fill import as_printed

    value = applicant.value(name)
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    return as_printed(name, value) if isinstance(value, str) else str(value or "")


# --- PDF --------------------------------------------------------------------------------------------------


class NotPrintable(Exception):
    """The form cannot be printed yet; ``id_text`` is the clerk's sentence. ``source`` and ``values`` let the
    window show it translated; a sentence from the core (e.g. NotAuthentic) has no source and stays as it is.
    ``outcome`` is the refused job's answer (app.letters.printjob.refused)."""

    outcome = PrintOutcome.NOT_READY

    def __init__(self, id_text: str, source: str = "", **values: object) -> None:
        super().__init__(id_text)
        self.id_text = id_text
        self.source = source
        self.values = values

    @classmethod
    def marked(cls, source: str, **values: object) -> NotPrintable:
        return cls(source.format(**values), source, **values)


def preview_pdf(checked: Checked, out: Path, settings: Settings | None = None) -> None:
    """The pages as they will print, without taking a letter number (that happens only on a real print)."""
    if checked.prepared is None:
        raise NotPrintable.marked(NO_FORM)
    from app.letters.formdata import screen_preview

    screen_preview(checked.prepared, out, settings)  # type: ignore[arg-type]


def applicant_blocked(applicant: Applicant, settings: Settings | None) -> bool:
    """The same rule for the person on screen, before any form is filled (app.letters.formdata.print_blocked)."""
    from app.letters.formdata import print_blocked as rule

    return rule(applicant.identity.authenticity, settings)


def print_blocked(checked: Checked) -> bool:
    """The chip failed its authenticity check and the settings do not allow printing it (app.letters.formdata)."""
    return bool(getattr(checked.prepared, "blocked", False))


def ready_to_print(checked: Checked) -> None:
    """NotPrintable unless the form can be printed now: checked before the printer dialog opens, so a form
    that cannot print never gets as far as choosing a printer (nor a letter number)."""
    if checked.prepared is None:
        raise NotPrintable.marked(NO_FORM)
    from app.letters.formdata import NotAuthentic

    if print_blocked(checked):
        raise NotPrintable(NotAuthentic.id_text)
    if checked.problems:
        count = sum(len(v) for v in checked.problems.values())
        raise NotPrintable.marked(INCOMPLETE, count=count)
