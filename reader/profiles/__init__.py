"""Card profiles: how to read one kind of card (and its SAM) into an ``Identity``.

A vendor-specific reader or card can ship as a separate package that declares an entry point in the group
``loket.card_profiles`` pointing at a class taking ``(options, credentials)``. Vendor profiles are asked
first (``matches``); the public e-KTP profile is the fallback.
"""

from __future__ import annotations

import logging
import os
import sys
from functools import cache
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from reader.identity import Identity
    from reader.options import CardOptions
    from reader.sam import SamSecrets
    from reader.transport import Channel

log = logging.getLogger("loket.profiles")
GROUP = "loket.card_profiles"
BUILTIN = "ektp"


class CardProfile(Protocol):
    name: str

    def matches(self, card: Channel) -> bool: ...

    def read(self, card: Channel, sam: Channel) -> Identity: ...


def _vendor_declared() -> bool:
    """Whether any installed package may declare a profile other than the built-in one. A quick look at the
    ``entry_points.txt`` files on ``sys.path`` — importing ``importlib.metadata`` alone costs ~45 ms CPU, a
    third of a bare card read — and the library's own scan only when one names this group (or the path
    holds something this look cannot read, such as a zip)."""
    header = f"[{GROUP}]"
    for entry in sys.path:
        try:
            if not os.path.isdir(entry or "."):
                if os.path.exists(entry):
                    return True  # a zip or egg on the path: the library knows how to read it
                continue
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if not name.endswith((".dist-info", ".egg-info")):
                continue
            try:
                with open(os.path.join(entry or ".", name, "entry_points.txt"), encoding="utf-8") as file:
                    text = file.read()
            except OSError:
                continue
            if header not in text:
                continue
            section = text.split(header, 1)[1].split("\n[", 1)[0]
            declared = {line.split("=", 1)[0].strip() for line in section.splitlines() if "=" in line}
            if declared - {BUILTIN}:
                return True
    return False


@cache
def _vendor_classes() -> tuple[type, ...]:
    # Scanning installed packages costs more than a whole card read: once per process is enough.
    if not _vendor_declared():
        return ()
    from importlib.metadata import entry_points

    classes = []
    for ep in entry_points(group=GROUP):
        if ep.name == BUILTIN:
            continue
        try:
            classes.append(ep.load())
        except Exception as exc:  # a broken plug-in must not stop the counter
            log.warning("card profile %s could not be loaded: %s", ep.name, exc)
    return tuple(classes)


def discover(options: CardOptions, secrets: SamSecrets | None) -> list[CardProfile]:
    """Installed profiles, vendor ones first, the built-in e-KTP profile last."""
    from reader.profiles.ektp import EktpProfile

    found: list[CardProfile] = []
    for cls in _vendor_classes():
        try:
            found.append(cls(options, secrets))
        except Exception as exc:
            log.warning("card profile %s could not be created: %s", cls.__name__, exc)
    found.append(EktpProfile(options, secrets))
    return found


def choose(profiles: list[CardProfile], card: Channel) -> CardProfile:
    for profile in profiles[:-1]:
        if profile.matches(card):
            return profile
    return profiles[-1]  # the public protocol decides itself whether the card is an e-KTP
