"""What an export target declares: one ``TARGET = Target(…)`` in a module of ``app/export/targets/``.

Everything else is derived from these declarations (``app.export.registry``): ``loket export``'s choices and
flags, the window's Ekspor menu, the local card service's ``?format=``, the README's table of targets and the
tests' parametrisation. A declaration that is missing a part or names something Loket does not know stops the
import with a sentence naming the module and the part, so a half-declared target never reaches a clerk.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from app.export.values import TYPED_EXTRAS, Note

# File kinds: the suffix, and how the file is encoded (CSV with a BOM, so spreadsheet programs read UTF-8 right).
SUFFIXES: dict[str, str] = {".csv": "utf-8-sig", ".json": "utf-8"}
_ID = re.compile(r"^[a-z][a-z0-9-]*$")
_FLAG = re.compile(r"^--[a-z][a-z0-9-]*$")


class TargetError(ImportError):
    """A target module that does not declare a whole, valid target; raised while the registry is imported."""


class Incomplete(Exception):
    """The record lacks what the target requires: one Indonesian line per field ("nik: …")."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


@dataclass(frozen=True)
class Built:
    """The file's text and every value the builder mapped, shortened or left out (one Note each)."""

    content: str
    notes: list[Note] = field(default_factory=list)


# (the person's values with the clerk's extras, the chip's authenticity: "valid", "invalid", "unchecked" or "")
Builder = Callable[[Mapping[str, object], str], Built]


@dataclass(frozen=True)
class Target:
    id: str  # `loket export ID`, the audit row's target, export.commands.ID, ?format=ID
    label: str  # Indonesian: the window's Ekspor menu and `loket export --help`
    label_en: str  # the same in English (the window in English, the README's table)
    suffix: str  # one of SUFFIXES
    extras: tuple[str, ...]  # which of values.TYPED_EXTRAS (telepon, email…) the target takes from --set
    build: Builder  # raises Incomplete when the record lacks what the target requires
    media_type: str = ""  # given to office web systems as ?format=ID; "" = not offered there
    # A variant of another target, chosen on the command line with a flag of its own (khanza --sql): audited
    # and handed off (export.commands) under the other's id; the window offers it as an entry of its own.
    variant_of: str = ""
    flag: str = ""
    flag_help: str = ""
    flag_help_en: str = ""
    module: str = ""  # filled in by the registry: where it was declared, for its messages

    def __post_init__(self) -> None:
        where = f"export target '{self.id}'"
        if not isinstance(self.id, str) or not _ID.match(self.id):
            raise TargetError(f"{where}: id must be lower-case letters, digits and -")
        for name in ("label", "label_en"):
            if not isinstance(getattr(self, name), str) or not getattr(self, name).strip():
                raise TargetError(f"{where}: {name} is empty")
        if self.suffix not in SUFFIXES:
            raise TargetError(f"{where}: suffix '{self.suffix}' is not one of {', '.join(SUFFIXES)}")
        if not isinstance(self.extras, tuple) or not set(self.extras) <= set(TYPED_EXTRAS):
            raise TargetError(f"{where}: extras must be a tuple of {', '.join(TYPED_EXTRAS)}")
        if not callable(self.build):
            raise TargetError(f"{where}: build is not a function")
        if bool(self.variant_of) != bool(self.flag):
            raise TargetError(f"{where}: a variant needs both variant_of and flag")
        if self.flag and (not _FLAG.match(self.flag) or not self.flag_help or not self.flag_help_en):
            raise TargetError(f"{where}: flag must look like --name and come with flag_help and flag_help_en")

    @property
    def encoding(self) -> str:
        return SUFFIXES[self.suffix]

    @property
    def audited_as(self) -> str:
        """The id in the audit trail and in export.commands (a variant is its target's)."""
        return self.variant_of or self.id
