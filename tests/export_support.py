"""The simulated citizens as export input: each one's card read in-process and merged with the registry
simulator's record, exactly as `loket export --demo --person N` gets them."""

from __future__ import annotations

from functools import cache

from app.base.settings import Settings
from app.letters import formdata
from app.registry.outage import RegistryState
from app.sim.demo import demo_applicant
from reader.identity import Authenticity


@cache
def demo_person(index: int) -> tuple[dict[str, object], Authenticity]:
    with demo_applicant(index, Settings(), RegistryState()) as applicant:
        return formdata.person_values(applicant), applicant.identity.authenticity
