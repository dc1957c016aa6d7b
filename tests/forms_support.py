"""Real Applicants for the forms tests: the simulated card read in-process, looked up in the registry
simulator, merged, once per person per test session (a read takes ~0.2 s)."""

from __future__ import annotations

import os
from functools import cache

from app.cardread import read_card
from app.demo import start_demo
from app.merge import Applicant
from app.registry.commands import lookup_for_identity
from app.registry.outage import RegistryState
from app.registry.simulator import SIM_AGENCY, SIM_PASSWORD, SIM_USER, start_simulator
from app.settings import Settings


@cache
def applicant(person: int) -> Applicant:
    handle = start_simulator(port=0)
    demo = start_demo(person, prefer_pcscd=False)
    saved = {k: os.environ.get(k) for k in ("LOKET_REGISTRY_USER", "LOKET_REGISTRY_PASSWORD")}
    try:
        os.environ["LOKET_REGISTRY_USER"], os.environ["LOKET_REGISTRY_PASSWORD"] = SIM_USER, SIM_PASSWORD
        settings = Settings()
        settings.registry.base_url, settings.registry.agency = handle.url, SIM_AGENCY
        identity = read_card(settings, demo=demo).identity
        return lookup_for_identity(identity, settings, state=RegistryState())
    finally:
        demo.stop()
        handle.stop()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
