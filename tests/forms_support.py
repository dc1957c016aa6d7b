"""Real Applicants for the forms tests: the simulated card read in-process, looked up in the registry
simulator, merged, once per person per test session (a read takes ~0.2 s)."""

from __future__ import annotations

from functools import cache

from app.demo import demo_applicant
from app.merge import Applicant
from app.registry.outage import RegistryState
from app.settings import Settings


@cache
def applicant(person: int) -> Applicant:
    with demo_applicant(person, Settings(), state=RegistryState()) as found:
        return found
