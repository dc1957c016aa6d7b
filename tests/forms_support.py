"""Real Applicants for the forms tests: the simulated card read in-process, looked up in the registry
simulator, merged, once per person per test session (a read takes ~0.2 s)."""

from __future__ import annotations

from functools import cache

from app.base.settings import Settings
from app.citizen.merge import Applicant
from app.registry.outage import RegistryState
from app.sim.demo import demo_applicant


@cache
def applicant(person: int) -> Applicant:
    with demo_applicant(person, Settings(), state=RegistryState()) as found:
        return found
