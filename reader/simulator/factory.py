"""Ready-made simulated cards and SAMs for the CLI, the demo and tests."""

from __future__ import annotations

from reader.simulator import SIM_CONF, SIM_PCID
from reader.simulator.card import CardFaults, VirtualCard
from reader.simulator.population import person
from reader.simulator.sam import SamFaults, VirtualSam


def make_card(person_index: int, faults: CardFaults | None = None) -> VirtualCard:
    """The card of POPULATION[person_index] (wrapping around), optionally with faults."""
    return VirtualCard(person(person_index), faults)


def make_sam(pcid: bytes = SIM_PCID, conf: bytes = SIM_CONF, faults: SamFaults | None = None) -> VirtualSam:
    """A SAM that accepts PCID/CONF (the simulator's fixed test values by default)."""
    return VirtualSam(pcid, conf, faults)


FAULT_HELP = (
    "pull-at=N (card pulled at the N-th APDU), not-ektp, no-extended, photo-altered, tampered-photo, "
    "bad-biodata (too few fields), latin1-biodata, bad-photo (not an image), status-at=N:SWSW"
)


def parse_card_faults(specs: list[str]) -> CardFaults:
    """``--fault`` values of the CLI → CardFaults. Raises ValueError with the accepted names."""
    kw: dict[str, object] = {}
    for spec in specs:
        name, _, value = spec.partition("=")
        name = name.strip().lower().replace("_", "-")
        try:
            if name == "pull-at":
                kw["pull_at"] = int(value)
            elif name == "not-ektp":
                kw["not_ektp"] = True
            elif name == "no-extended":
                kw["no_extended"] = True
            elif name in ("photo-altered", "tampered-photo"):
                kw["photo_altered"] = True
            elif name == "bad-biodata":
                kw["biodata"] = b'"3273014507920001","JL. X","001"'
            elif name == "latin1-biodata":
                fields = ['"3273014507920001"'] + ['"JOS\xc9"'] * 20
                kw["biodata"] = ",".join(fields).encode("latin-1")
            elif name == "bad-photo":
                kw["photo"] = b"this is not an image" * 10
            elif name == "status-at":
                n, _, sw = value.partition(":")
                kw["status_at"] = (int(n), int(sw, 16))
            else:
                raise ValueError(f"unknown fault {spec!r}")
        except ValueError as exc:
            raise ValueError(f"{exc}; known faults: {FAULT_HELP}") from None
    return CardFaults(**kw)  # type: ignore[arg-type]
