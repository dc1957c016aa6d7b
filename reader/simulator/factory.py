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
