"""Fault matrix, registry side: every way the registry can fail, through the registry simulator over real HTTP
on 127.0.0.1 and the lookup the CLI and the GUI both call (``lookup_for_identity``). The card is the
simulated chip read in-process (these rows are about the registry, and pcscd belongs to the card rows).

For each: one Indonesian line (the applicant's notice), the chip's data kept and nothing of the registry's
answer mixed in, the audit trail's lookup outcome, and the same process then gets a good answer."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.base.settings import Settings
from app.citizen.cardread import read_card
from app.citizen.lookup import lookup_for_identity
from app.citizen.merge import Source
from app.registry.outage import RegistryState
from app.sim.demo import start_demo
from app.sim.registry import SIM_AGENCY, SIM_PASSWORD, SIM_USER, SimulatorHandle, start_simulator
from reader.identity import Identity
from reader.simulator.population import POPULATION
from tests.faults_support import assert_trail_holds, data_folder, events, files_holding, last_event, one_line
from tests.registry_support import closed_port

DEWI = 0  # index in POPULATION; the registry knows her, with a different address than her chip


@pytest.fixture
def sim(monkeypatch: pytest.MonkeyPatch) -> Iterator[SimulatorHandle]:
    monkeypatch.setenv("LOKET_REGISTRY_USER", SIM_USER)
    monkeypatch.setenv("LOKET_REGISTRY_PASSWORD", SIM_PASSWORD)
    handle = start_simulator(port=0)
    handle.state.slow_seconds = 2.0
    yield handle
    handle.stop()


@pytest.fixture
def chip() -> Identity:
    demo = start_demo(DEWI, prefer_pcscd=False)
    try:
        return read_card(Settings(), source=demo).identity
    finally:
        demo.stop()


def settings_for(url: str) -> Settings:
    settings = Settings()
    settings.registry.base_url, settings.registry.agency = url, SIM_AGENCY
    settings.registry.budget_seconds = 0.5  # the "slow" fault answers after 2 s: the budget cuts it off
    return settings


def assert_chip_only(applicant: object, chip: Identity) -> None:
    fields = applicant.fields  # type: ignore[attr-defined]
    assert all(held.source is Source.CHIP for held in fields.values()), "registry data mixed into the record"
    assert applicant.value("nik") == chip.nik and applicant.value("nama") == chip.nama  # type: ignore[attr-defined]
    assert applicant.value("alamat") == chip.alamat  # type: ignore[attr-defined]
    assert not applicant.discrepancies  # type: ignore[attr-defined]


def assert_no_other_citizen_at_rest(chip: Identity) -> None:
    others = [v for p in POPULATION if p.nik != chip.nik for v in (p.nik, p.nama)]
    assert not files_holding(others + [chip.nik, chip.nama], data_folder())


CASES = {  # simulator fault -> the audit trail's outcome, a word of the clerk's line
    "slow": ("failed_timeout", "tidak menjawab tepat waktu"),
    "5xx": ("failed_http_status", "HTTP 503"),
    "non_json": ("failed_malformed", "tidak dapat dibaca"),
    "no_content": ("failed_malformed", "tidak dapat dibaca"),
    "wrong_person": ("failed_wrong_person", "data orang lain"),
    "two_elements": ("failed_ambiguous", "lebih dari satu data"),
    "login": ("refused_login", "Login ke data kependudukan gagal"),
    "ip": ("refused_ip", "tidak terdaftar"),
    "quota": ("refused_quota", "Kuota pencarian"),
    "other_respon": ("refused_other", "Sistem Sedang Dalam Pemeliharaan"),
    "http_401": ("failed_http_status", "HTTP 401"),
    "http_403": ("failed_http_status", "HTTP 403"),
    "http_429": ("failed_http_status", "HTTP 429"),
}


@pytest.mark.parametrize("fault", list(CASES))
def test_registry_fault(sim: SimulatorHandle, chip: Identity, fault: str) -> None:
    outcome, words = CASES[fault]
    settings = settings_for(sim.url)
    sim.set_fault(fault)
    applicant = lookup_for_identity(chip, settings, state=RegistryState())
    assert words in one_line(applicant.notice or "")
    assert "data dari chip" in applicant.notice or "hanya data dari chip" in applicant.notice
    assert_chip_only(applicant, chip)
    row = last_event("lookup")
    assert row.outcome == outcome and row.nik_hash  # the citizen's event, by keyed hash only
    assert_no_other_citizen_at_rest(chip)
    # The registry is fine again: the next citizen at the same counter gets a verified record.
    sim.set_fault(None)
    again = lookup_for_identity(chip, settings, state=RegistryState())
    assert again.notice is None and any(h.source is Source.REGISTRY for h in again.fields.values())
    assert [r.outcome for r in events("lookup")] == [outcome, "found"]
    assert_trail_holds()


def test_registry_refused_connection(sim: SimulatorHandle, chip: Identity) -> None:
    state = RegistryState()
    applicant = lookup_for_identity(chip, settings_for(f"http://127.0.0.1:{closed_port()}"), state=state)
    assert one_line(applicant.notice or "") == \
        "Data kependudukan tidak dapat dihubungi; data dari chip tetap dipakai."
    assert_chip_only(applicant, chip)
    assert last_event("lookup").outcome == "failed_transport"
    # Told once per outage: the next card during the same outage says nothing new, but is still audited.
    quiet = lookup_for_identity(chip, settings_for(f"http://127.0.0.1:{closed_port()}"), state=state)
    assert quiet.notice is None
    again = lookup_for_identity(chip, settings_for(sim.url), state=state)  # the network is back
    assert any(h.source is Source.REGISTRY for h in again.fields.values())
    assert [r.outcome for r in events("lookup")] == ["failed_transport", "failed_transport", "found"]
    assert_no_other_citizen_at_rest(chip)
    assert_trail_holds()
