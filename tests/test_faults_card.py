"""Fault matrix, card side, through the real PC/SC stack: pyscard -> pcscd -> vsmartcard-vpcd -> the simulated
card and SAM (the card is vpcd's TCP client: closing the connection is pulling the card out).

Every test goes through ``app.citizen.cardread.read_card``, the read the CLI and the GUI's worker both call, and
checks the row's four promises: one Indonesian line, the same process reads the next card, nothing of a
failed read kept (no identity, no NIK hash in the trail, no file at rest holding the NIK or name), and the
outcome in the audit trail.

Run inside the private test stack (``scripts/pcsc-stack.sh``, as ``scripts/test.sh`` does)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest

from app import audit
from app.base.settings import Settings
from app.citizen.cardread import read_card
from reader.errors import CardRemoved, NoCard, PcscUnavailable, ReadError, SamError, SamRefused
from reader.session import ReadResult
from reader.simulator import SIM_CONF, SIM_PCID, vpcd
from reader.simulator.card import CardFaults
from reader.simulator.factory import make_card, make_sam
from reader.simulator.population import POPULATION
from tests import pcsc_stack
from tests.conftest import CARD_READER, SAM_READER, wait_state
from tests.faults_support import assert_trail_holds, data_folder, events, files_holding, last_event, one_line

pytestmark = pytest.mark.pcscd


def read(wait: float = 5.0) -> ReadResult:
    # The readers named, as a counter with pinned readers: no GET UID probe counts as the card's first APDU.
    return read_card(Settings(), card_hint=CARD_READER, sam_hint=SAM_READER, wait=wait)


def failed_read(expected: type[ReadError], wait: float = 5.0) -> ReadError:
    with pytest.raises(expected) as info:
        read(wait)
    return info.value


def assert_discarded(error: ReadError, outcome: str, *people: int) -> None:
    """The clerk's line, the trail's outcome without any NIK, nothing of the citizen(s) on disk."""
    one_line(error.id_text)
    row = last_event("read")
    assert row.outcome == outcome
    assert row.nik_hash == "", "a failed read must not name a citizen"
    needles = [v for p in people for v in (POPULATION[p].nik, POPULATION[p].nama)]
    assert not files_holding(needles, data_folder())


def assert_read_ok(person: int, wait: float = 5.0) -> None:
    """The same process reads the next card completely, and the trail names that citizen by keyed hash."""
    identity = read(wait).identity
    assert identity.nik == POPULATION[person].nik and identity.nama == POPULATION[person].nama
    row = last_event("read")
    assert row.outcome == "ok" and row.nik_hash == audit.nik_hash(POPULATION[person].nik)


@pytest.fixture
def sam(pcscd: None) -> Iterator[vpcd.VpcdHandle]:
    handle = vpcd.start(make_sam(), vpcd.SAM_PORT)
    wait_state(SAM_READER, True)
    yield handle
    handle.stop()
    wait_state(SAM_READER, False)


def pull(handle: vpcd.VpcdHandle, reader: str = CARD_READER) -> None:
    handle.stop()
    wait_state(reader, False)


# --- card pulled after N APDUs --------------------------------------------------------------------------------

# The card's own C-APDUs (pull_at counts those; the SAM's are about three times as many): select, GET UID,
# authentication, the secure-messaging reads of biodata, photo and signature, the last one.
PULL_POINTS = [1, 2, 5, 10, 15, 20, 23]


@pytest.mark.parametrize("n", PULL_POINTS)
def test_card_pulled_after_n_apdus(sam, vpcd_card: Callable[..., vpcd.VpcdHandle], sim_secrets, n: int) -> None:
    """Pulled at its n-th APDU: select, authentication, secure messaging, the photo, the last reads."""
    handle = vpcd_card(0, CardFaults(pull_at=n))
    error = failed_read(CardRemoved)
    assert handle.pulled.is_set() and error.exit_code == 6
    assert error.id_text == "Kartu dicabut sebelum selesai dibaca. Tempelkan kembali kartu."
    assert_discarded(error, "card_removed", 0)
    wait_state(CARD_READER, False)
    vpcd_card(0)  # put back: read again from the start
    assert_read_ok(0)
    assert [r.outcome for r in events("read")] == ["card_removed", "ok"]
    assert_trail_holds()


def test_a_full_read_has_more_apdus_than_the_last_pull_point(sam, vpcd_card, sim_secrets) -> None:
    """Keeps the N above meaningful: the last one is still inside the read."""
    handle = vpcd_card(0)
    read()
    assert handle.device.apdu_count >= max(PULL_POINTS)


# --- a different card ------------------------------------------------------------------------------------------

def test_different_card_swapped_mid_read_and_between_reads(sam, vpcd_card, sim_secrets) -> None:
    first = vpcd_card(0, CardFaults(pull_at=12))
    second: list[vpcd.VpcdHandle] = []

    def swap() -> None:  # the clerk lifts Dewi's card mid-read and puts Budi's down
        first.pulled.wait(10)
        # A real reader reports the slot empty in between; vpcd's reconnect can be faster than pcscd's
        # poll, which no hardware does, so the empty slot is waited for here.
        wait_state(CARD_READER, False)
        second.append(vpcd_card(2, wait=False))

    swapper = threading.Thread(target=swap, daemon=True)
    swapper.start()
    error = failed_read(CardRemoved)
    swapper.join(10)
    assert second, "the second card was not put down"
    assert_discarded(error, "card_removed", 0, 2)
    wait_state(CARD_READER, True)
    identity = read().identity  # the read starts again from nothing: all Budi, nothing of Dewi
    assert identity.nik == POPULATION[2].nik
    dewi = POPULATION[0]
    shown = str(identity.to_json())
    assert dewi.nama not in shown and dewi.nik not in shown and dewi.alamat not in shown
    # Between reads: Budi's card lifted, Risky's put down; the next read is Risky's alone.
    pull(second[0])
    vpcd_card(1)
    assert_read_ok(1)
    rows = events("read")
    assert [r.outcome for r in rows] == ["card_removed", "ok", "ok"]
    assert rows[1].nik_hash != rows[2].nik_hash
    assert_trail_holds()


# --- the reader goes away ------------------------------------------------------------------------------------

def test_reader_unplugged_mid_read_and_replugged(pcscd, sim_secrets) -> None:
    """vpcd's readers never leave pcscd's list, so unplugging is both vpcd clients gone at once, mid-read:
    the card and the SAM vanish. (A real USB reader also leaves the list: then the line is "Pembaca e-KTP
    tidak ditemukan", see tests/test_pcscd_read.py::test_pinned_reader_that_is_not_there.)"""
    sam_handle = vpcd.start(make_sam(), vpcd.SAM_PORT)
    card_handle = vpcd.start(make_card(0, CardFaults(pull_at=20)), vpcd.CARD_PORT)
    try:
        wait_state(SAM_READER, True)
        wait_state(CARD_READER, True)

        def unplug() -> None:
            card_handle.pulled.wait(10)
            sam_handle.stop()

        threading.Thread(target=unplug, daemon=True).start()
        error = failed_read(ReadError)
        assert isinstance(error, CardRemoved | SamError)
        assert_discarded(error, "card_removed" if isinstance(error, CardRemoved) else "sam_error", 0)
        wait_state(CARD_READER, False)
        wait_state(SAM_READER, False)
        # While unplugged: the clerk taps and is told there is no card, not a traceback.
        empty = failed_read(NoCard, wait=0.3)
        assert one_line(empty.id_text) == "Belum ada kartu di pembaca. Tempelkan e-KTP pada pembaca."
        assert last_event("read").outcome == "no_card"
        # Plugged back in: the same process reads.
        sam_handle.insert(make_sam())
        card_handle.insert(make_card(0))
        wait_state(SAM_READER, True)
        wait_state(CARD_READER, True)
        assert_read_ok(0)
        assert_trail_holds()
    finally:
        card_handle.stop()
        sam_handle.stop()
        wait_state(CARD_READER, False)
        wait_state(SAM_READER, False)


def test_pcscd_stopped_and_restarted_while_the_app_runs(pcscd, sim_secrets) -> None:
    sam_handle = vpcd.start(make_sam(), vpcd.SAM_PORT)
    card_handle = vpcd.start(make_card(0), vpcd.CARD_PORT)
    try:
        wait_state(SAM_READER, True)
        wait_state(CARD_READER, True)
        assert_read_ok(0)
        pcsc_stack.stop_pcscd()  # the private stack's own daemon, by its pid
        error = failed_read(PcscUnavailable, wait=0.5)
        assert error.exit_code == 3
        assert one_line(error.id_text).startswith("Layanan kartu pintar (PC/SC) tidak berjalan")
        assert last_event("read").outcome == "pcsc_unavailable" and last_event("read").nik_hash == ""
        pcsc_stack.start_pcscd()
        # vpcd lives inside pcscd: the simulated card and SAM connect to the new one, as a reader would.
        sam_handle.insert(make_sam())
        card_handle.insert(make_card(0))
        wait_state(SAM_READER, True)
        wait_state(CARD_READER, True)
        assert_read_ok(0)  # no restart of Loket: a fresh PC/SC context per read
        assert [r.outcome for r in events("read")] == ["ok", "pcsc_unavailable", "ok"]
        assert_trail_holds()
    finally:
        if pcsc_stack.pcscd_pid() is None:
            pcsc_stack.start_pcscd()
        card_handle.stop()
        sam_handle.stop()
        wait_state(CARD_READER, False)
        wait_state(SAM_READER, False)


# --- the SAM -------------------------------------------------------------------------------------------------

def test_sam_slot_empty(pcscd, vpcd_card, sim_secrets) -> None:
    vpcd_card(0)
    error = failed_read(SamError, wait=1.0)
    assert error.exit_code == 8
    assert one_line(error.id_text) == "SAM tidak terpasang di pembaca. Pasang SAM, lalu coba lagi."
    assert_discarded(error, "sam_error", 0)
    handle = vpcd.start(make_sam(), vpcd.SAM_PORT)  # IT puts the SAM in
    try:
        wait_state(SAM_READER, True)
        assert_read_ok(0)
        assert_trail_holds()
    finally:
        pull(handle, SAM_READER)


def test_wrong_sam_credentials(sam, vpcd_card, monkeypatch, sim_secrets) -> None:
    vpcd_card(0)
    monkeypatch.setenv("LOKET_SAM_CONF", bytes(32).hex())
    error = failed_read(SamRefused)
    assert error.exit_code == 8
    assert one_line(error.id_text) == SamRefused.default_id_text
    assert_discarded(error, "sam_refused", 0)
    # IT stores the right credentials and re-seats the SAM (a refused unlock locks it until then).
    monkeypatch.setenv("LOKET_SAM_CONF", SIM_CONF.hex())
    pull(sam, SAM_READER)
    sam.insert(make_sam())
    wait_state(SAM_READER, True)
    assert_read_ok(0)
    assert_trail_holds()


def test_sam_refusing_unlock(sam, vpcd_card, monkeypatch, sim_secrets) -> None:
    """A SAM that refuses even the right credentials (locked after a bad attempt elsewhere)."""
    vpcd_card(0)
    monkeypatch.setenv("LOKET_SAM_PCID", bytes(16).hex())
    with pytest.raises(SamRefused):
        read()
    monkeypatch.setenv("LOKET_SAM_PCID", SIM_PCID.hex())  # right credentials now, the SAM still says no
    error = failed_read(SamRefused)
    assert_discarded(error, "sam_refused", 0)
    assert [r.outcome for r in events("read")] == ["sam_refused", "sam_refused"]
    pull(sam, SAM_READER)
    sam.insert(make_sam())
    wait_state(SAM_READER, True)
    assert_read_ok(0)
    assert_trail_holds()
