"""A day (and more) of card reads in one process through pyscard -> pcscd -> vsmartcard-vpcd, with a fault
every 50 reads: pcscd restarted, the card pulled mid-read, another citizen's card, the SAM gone and back.

Every read that should succeed does, each gives the citizen whose card is on the reader, and the process's
descriptors, threads and PC/SC contexts — and pcscd's threads — stay flat. ``LOKET_SOAK_READS`` sets the
length (CI: 1,000; ``bench/card_soak.py`` runs longer and reports reads per second and RSS slope).
"""

from __future__ import annotations

import os
from dataclasses import replace

import pytest

from app.base.settings import Settings
from app.citizen.cardread import read_card
from reader.cardio import CardIO
from reader.errors import CardRemoved, PcscUnavailable, SamError
from reader.readers import Pcsc
from reader.session import ReadResult
from reader.simulator.card import CardFaults
from reader.simulator.population import POPULATION
from tests import pcsc_stack
from tests.conftest import CARD_READER, SAM_READER
from tests.soak_support import FAULTS, Stack, resources, settled

pytestmark = pytest.mark.pcscd

READS = int(os.environ.get("LOKET_SOAK_READS", "1000"))
FAULT_EVERY = 50


def test_a_thousand_reads_in_one_process_with_faults_stay_flat(pcscd: None, sim_secrets: None) -> None:
    settings = Settings()
    stack = Stack(person=0)
    failed_as_expected: dict[str, int] = dict.fromkeys(FAULTS, 0)
    try:
        with CardIO() as io:
            def read() -> ReadResult:
                return read_card(settings, card_hint=CARD_READER, sam_hint=SAM_READER, wait=3, cardio=io)

            def expect_failure(kind: str, error: type[Exception]) -> None:
                with pytest.raises(error) as caught:
                    read()
                assert caught.value.id_text  # type: ignore[attr-defined]  # one sentence for the clerk
                failed_as_expected[kind] += 1

            for _ in range(5):  # first context, profile discovery, audit database: not growth
                read()
            before = resources()
            after_restart = before
            ok = 0
            for n in range(1, READS + 1):
                if n % FAULT_EVERY == 0:
                    kind = FAULTS[(n // FAULT_EVERY - 1) % len(FAULTS)]
                    if kind == "pcscd-restart":
                        stack.restart_pcscd(while_down=lambda: expect_failure("pcscd-restart", PcscUnavailable))
                    elif kind == "card-pulled":
                        stack.put(stack.person, CardFaults(pull_at=12))  # mid-read, after the UID and photo
                        expect_failure(kind, CardRemoved)
                        stack.put(stack.person)
                    elif kind == "card-swapped":
                        stack.put(stack.next_person())  # the next read must be of this citizen, nobody else
                    else:
                        stack.sam_out()
                        expect_failure(kind, SamError)
                        stack.sam_in()
                result = read()
                assert result.identity.nik == POPULATION[stack.person].nik, f"read {n} gave another citizen"
                assert result.identity.nama == POPULATION[stack.person].nama
                ok += 1
                if kind_was_restart(n):
                    after_restart = resources()  # pcscd's own count starts again with the new daemon
            grew = settled(replace(before, pcscd_threads=after_restart.pcscd_threads))
            assert Pcsc.live == 1  # the card-I/O thread's one context, re-established after each restart
        assert Pcsc.live == 0  # and released at shutdown
    finally:
        stack.stop()
    assert ok == READS
    restarts = sum(1 for n in range(FAULT_EVERY, READS + 1, FAULT_EVERY)
                   if FAULTS[(n // FAULT_EVERY - 1) % len(FAULTS)] == "pcscd-restart")
    assert failed_as_expected["pcscd-restart"] == restarts
    assert not grew, f"after {READS} reads: {', '.join(grew)}"


def kind_was_restart(n: int) -> bool:
    return n % FAULT_EVERY == 0 and FAULTS[(n // FAULT_EVERY - 1) % len(FAULTS)] == "pcscd-restart"


def test_the_test_stack_is_private(pcscd: None) -> None:
    """The pcscd these tests stop and start is the stack's own: pid 1 of this namespace is the stack script,
    and no other pcscd is visible here."""
    pid = pcsc_stack.pcscd_pid()
    assert pid is not None
    assert "pcsc-stack.sh" in open("/proc/1/cmdline", "rb").read().decode(errors="replace")
    daemons = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/comm") as f:
                    if f.read().strip() == "pcscd":
                        daemons.append(int(entry))
            except OSError:
                continue
    assert daemons == [pid]
