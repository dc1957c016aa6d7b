"""One applicant from two sources: the chip the citizen holds and the registry's record.

Every field keeps where its value came from (chip, registry, or typed by the clerk), and every field on which
the two sources still disagree after normalising spelling noise is listed as a :class:`Discrepancy` with both
values. Nothing is picked silently: a disagreeing field shows the live register's value, preselected (the chip
is written once, when the card is issued; a move or a corrected spelling reaches only the register), with the
chip's value beside it, until the clerk chooses otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from app.base.clerktext import QT_TRANSLATE_NOOP
from app.registry.fields import DATE_FIELDS, LOKET_TO_REGISTRY
from app.registry.result import Found, LookupResult, RegistryRecord
from forms.values import agama
from reader import spelling
from reader.identity import Identity

Value = str | date | None


class Source(StrEnum):
    CHIP = "chip"
    REGISTRY = "registry"
    TYPED = "typed"


# Person fields of the chip, in the order a form shows them; the rest of Identity (photo, uid…) is card data.
CHIP_FIELDS: tuple[str, ...] = spelling.KTP_FIELDS
# Registry fields in the registry's order; the ones not on the chip only ever fill gaps.
REGISTRY_FIELDS: tuple[str, ...] = tuple(LOKET_TO_REGISTRY)

_UNKNOWN_BLOOD = {"", "-", "TIDAK TAHU", "TIDAKTAHU"}
_NOT_WORD = re.compile(r"[^\w]+")


def normalise(name: str, value: Value) -> object:
    """The comparable form of a value: what differs only here is spelling noise, not a disagreement."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value
    text = value.strip()
    if name in DATE_FIELDS:
        try:
            return spelling.read_date(text) or ""
        except ValueError:
            pass  # compare as text: an unreadable date still shows up as a difference
    if name in ("rt", "rw"):
        return spelling.unpadded_rt_rw(text)
    if name == "golongan_darah":
        # "+"/"-" after the group is the rhesus factor, so punctuation is significant here.
        blood = "".join(text.upper().split())
        return "" if blood in _UNKNOWN_BLOOD else blood
    if name == "jenis_kelamin":
        text = spelling.sex(text, strict=False)
    if name == "agama":
        text = agama(text)  # "BUDHA" and "BUDDHA" are one religion spelt two ways, printed as "BUDDHA"
    return " ".join(_NOT_WORD.sub(" ", text.casefold()).replace("_", " ").split())


def _present(value: Value) -> bool:
    return value is not None and (not isinstance(value, str) or bool(value.strip()))


@dataclass(frozen=True, repr=False)  # no repr: a logged %r must not carry a person's data
class FieldValue:
    value: Value
    source: Source


@dataclass(frozen=True, repr=False)  # no repr: a logged %r must not carry a person's data
class Discrepancy:
    field: str
    chip_value: Value
    registry_value: Value

    def to_json(self) -> dict[str, object]:
        return {"field": self.field, "chip": _json_value(self.chip_value),
                "registry": _json_value(self.registry_value)}


class Applicant:
    """The merged record. ``lookup`` is None when the registry was not asked at all."""

    def __init__(
        self, identity: Identity, lookup: LookupResult | None = None, notice: str | None = None
    ) -> None:
        self.identity = identity
        self.lookup = lookup
        # The Indonesian sentence to show the clerk now, or None when they were already told (same outage).
        self.notice = notice
        self.record: RegistryRecord | None = lookup.record if isinstance(lookup, Found) else None
        self._chip: dict[str, Value] = {name: getattr(identity, name) for name in CHIP_FIELDS}
        self._registry: dict[str, Value] = self.record.values() if self.record else {}
        self.fields: dict[str, FieldValue] = {}
        self.discrepancies: list[Discrepancy] = []
        self._merge()

    def _merge(self) -> None:
        for name in dict.fromkeys(CHIP_FIELDS + REGISTRY_FIELDS):
            chip, registry = self._chip.get(name), self._registry.get(name)
            if _present(chip):
                self.fields[name] = FieldValue(chip, Source.CHIP)
                if _present(registry) and normalise(name, chip) != normalise(name, registry):
                    self.discrepancies.append(Discrepancy(name, chip, registry))
                    # The live register is preselected where it answered: a chip is written once, at issue,
                    # and a move, a marriage or a corrected spelling reaches only the register.
                    self.fields[name] = FieldValue(registry, Source.REGISTRY)
            elif _present(registry):
                self.fields[name] = FieldValue(registry, Source.REGISTRY)

    @property
    def verified(self) -> bool:
        return isinstance(self.lookup, Found)

    @property
    def unverified_reason(self) -> str | None:
        """Indonesian, for the clerk; None when the registry confirmed the person."""
        if self.verified:
            return None
        if self.lookup is None:
            return QT_TRANSLATE_NOOP("Core", "Data kependudukan tidak ditanyakan; data dari chip dipakai.")
        return self.lookup.id_text

    @property
    def unverified_reason_en(self) -> str | None:
        if self.verified:
            return None
        return self.lookup.en_text if self.lookup else "registry not asked"

    def value(self, name: str) -> Value:
        held = self.fields.get(name)
        return held.value if held else None

    def discrepancy(self, name: str) -> Discrepancy | None:
        return next((d for d in self.discrepancies if d.field == name), None)

    def choose(self, name: str, source: Source | str) -> None:
        """Use one source's value for a field (the clerk's pick in the discrepancy view)."""
        source = Source(source)
        if source is Source.TYPED:
            raise ValueError("a typed value needs the value: use set_typed()")
        values = self._chip if source is Source.CHIP else self._registry
        value = values.get(name)
        if not _present(value):
            raise ValueError(f"{source} has no value for {name}")
        self.fields[name] = FieldValue(value, source)

    def set_typed(self, name: str, value: Value) -> None:
        """A value the clerk typed; the discrepancy, if any, stays listed so the form history shows it."""
        self.fields[name] = FieldValue(value, Source.TYPED)

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {name: _json_value(held.value) for name, held in self.fields.items()}
        out["provenance"] = {name: held.source.value for name, held in self.fields.items()}
        out["discrepancies"] = [d.to_json() for d in self.discrepancies]
        # What the registry said, under its own name: "found" is about the record, never the card, whose
        # check is chip.authenticity (a field once called "verified" read as "card verified" beside an
        # invalid chip).
        lookup = self.lookup
        out["registry"] = {
            "asked": lookup is not None,
            "found": self.verified,
            "status": lookup.status if lookup is not None else "not_asked",
            "kind": (str(getattr(lookup, "kind", "")) or None) if lookup is not None else None,
            "reason": self.unverified_reason_en,  # English, for the log or a program; None when found
            "reason_id": self.unverified_reason,  # the clerk's sentence
        }
        # The card's own data (authenticity, photo digest, warnings…) stays beside the person, unmerged.
        person = set(CHIP_FIELDS) | set(REGISTRY_FIELDS)
        out["chip"] = {k: v for k, v in self.identity.to_json().items() if k not in person}
        return out


def _json_value(value: Value) -> object:
    return value.isoformat() if isinstance(value, date) else value
