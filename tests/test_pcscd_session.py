"""The card session's discipline through pcscd + vpcd: transactions held for the whole read, one context
that outlives pcscd restarts, the UID check at the end, and a SAM that leaves mid-read said as such."""

from __future__ import annotations

import threading
import time

import pytest
from smartcard import scard

from app.base.settings import Settings
from app.citizen.cardread import read_card
from reader.cardio import CardIO, CardIOClosed, WrongThread
from reader.errors import CardChanged, PcscUnavailable, SamError, SamRemoved
from reader.readers import Pcsc
from reader.session import held
from reader.simulator import vpcd
from reader.simulator.factory import make_card, make_sam
from reader.simulator.population import POPULATION
from tests import pcsc_stack
from tests.conftest import CARD_READER, SAM_READER, wait_state
from tests.faults_support import one_line
from tests.soak_support import Stack


def read(cardio: CardIO | None = None, **kw: object):  # type: ignore[no-untyped-def]
    return read_card(Settings(), card_hint=CARD_READER, sam_hint=SAM_READER, wait=3, cardio=cardio, **kw)


@pytest.mark.pcscd
def test_nothing_else_talks_to_the_sam_while_a_read_holds_it(pcscd, sim_secrets) -> None:
    """Another program's SAM command, sent mid-read, waits until the read has ended its transaction."""
    stack = Stack(person=0)
    other_done: list[float] = []
    try:
        with Pcsc() as other:
            intruder = other.connect(SAM_READER, "sam")

            def intrude(_uid: bytes) -> None:  # called by the read itself, between its steps
                def send() -> None:
                    scard.SCardTransmit(intruder._card, intruder._pci, [0x00, 0xFF, 0x00, 0x00, 0x00])
                    other_done.append(time.perf_counter())
                threading.Thread(target=send, daemon=True).start()
                time.sleep(0.2)  # long enough for the intruder to be waiting on pcscd

            result = read(on_uid=intrude)
            read_ended = time.perf_counter()
            deadline = time.monotonic() + 5
            while not other_done and time.monotonic() < deadline:
                time.sleep(0.01)
            intruder.close()
        assert result.identity.nik == POPULATION[0].nik  # the read was not disturbed
        assert other_done and other_done[0] >= read_ended - 0.05
    finally:
        stack.stop()


class _Recorder:
    """A transport as ``held`` sees it: begin, an exchange (which first runs ``before_exchange``, as
    PcscTransport.transmit does), keep-alive, end."""

    def __init__(self, fail_begin: bool = False) -> None:
        self.calls: list[str] = []
        self.fail_begin = fail_begin
        self.last_used = time.monotonic()
        self.before_exchange = None
        self.alive_on: set[threading.Thread] = set()

    def begin(self) -> None:
        if self.fail_begin:
            raise SamRemoved("begin transaction: the SAM left")
        self.calls.append("begin")
        self.last_used = time.monotonic()

    def exchange(self) -> None:
        if self.before_exchange is not None:
            self.before_exchange()
        self.last_used = time.monotonic()

    def keep_alive(self) -> None:
        self.calls.append("alive")
        self.alive_on.add(threading.current_thread())
        self.last_used = time.monotonic()

    def end(self) -> None:
        self.calls.append("end")


def test_transactions_end_on_every_path_and_are_kept_alive_when_idle() -> None:
    card, sam = _Recorder(), _Recorder()
    with pytest.raises(CardChanged), held(sam, card, keep_alive_every=0.05):  # type: ignore[arg-type]
        for _ in range(4):
            time.sleep(0.06)  # a step that takes long: Windows would end an idle transaction after 5 s
            card.exchange()  # only the card is talked to: the SAM's transaction is kept alive meanwhile
        raise CardChanged("mid-read")
    assert card.calls[0] == "begin" and card.calls[-1] == "end" and card.calls.count("alive") >= 3
    assert sam.calls[-1] == "end" and sam.calls.count("alive") >= 3
    # Between the read's exchanges, on the read's own thread: never a second thread talking to a reader.
    assert sam.alive_on == card.alive_on == {threading.current_thread()}
    assert card.before_exchange is None and sam.before_exchange is None  # nothing kept alive after the read
    # The second begin fails: the first is ended, nothing is left held.
    first, second = _Recorder(), _Recorder(fail_begin=True)
    with pytest.raises(SamRemoved), held(first, second):  # type: ignore[arg-type]
        pass
    assert first.calls == ["begin", "end"] and second.calls == []


@pytest.mark.pcscd
def test_a_reader_is_refused_to_any_thread_but_the_card_thread(pcscd, sim_secrets) -> None:
    """The window's context and a connection made on the card thread cannot be used from another thread
    (the GUI's, a keep-alive timer's): the call raises instead of talking to a reader beside a read."""
    stack = Stack(person=0)
    try:
        with CardIO() as io:
            pcsc, sam = io.run(lambda p: (p, p.connect(SAM_READER, "sam")))
            assert SAM_READER in io.run(lambda p: p.readers())  # through the card thread: fine
            for call in (pcsc.readers, lambda: pcsc.connect(CARD_READER), lambda: pcsc.status([SAM_READER]),
                         sam.keep_alive, sam.begin, lambda: sam.transmit(b"\x00\xa4\x04\x00\x00"), sam.close):
                with pytest.raises(WrongThread):
                    call()
            io.run(lambda _p: sam.close())
            assert read(io).identity.nik == POPULATION[0].nik  # the card thread itself is unharmed
    finally:
        stack.stop()


@pytest.mark.pcscd
def test_one_context_survives_pcscd_restarts_and_is_released_at_shutdown(pcscd, sim_secrets) -> None:
    stack = Stack(person=0)
    try:
        live = Pcsc.live
        with CardIO() as io:
            assert read(io).identity.nik == POPULATION[0].nik
            threads = pcsc_stack.pcscd_threads()
            for _ in range(2):
                stack.restart_pcscd()
                # The same context object: the first call after the restart finds it gone and makes one new.
                assert read(io).identity.nik == POPULATION[0].nik
                assert Pcsc.live == live + 1
            for _ in range(30):
                read(io)
            assert pcsc_stack.pcscd_threads() <= threads
        assert Pcsc.live == live
        with pytest.raises(CardIOClosed):
            io.run(lambda pcsc: pcsc.readers())
    finally:
        stack.stop()


@pytest.mark.pcscd
def test_pcscd_down_at_the_first_read_then_up(pcscd, sim_secrets) -> None:
    stack = Stack(person=0)
    try:
        with CardIO() as io:
            pcsc_stack.stop_pcscd()
            with pytest.raises(PcscUnavailable) as caught:
                read(io)
            assert one_line(caught.value.id_text).startswith("Layanan kartu pintar (PC/SC) tidak berjalan")
            stack.restart_pcscd()
            assert read(io).identity.nik == POPULATION[0].nik
    finally:
        stack.stop()


class _SamLeavingAt:
    """The simulated SAM, taken out of its reader when the host sends its ``n``-th command."""

    def __init__(self, n: int) -> None:
        self._sam = make_sam()
        self.atr = self._sam.atr
        self._n = n
        self._seen = 0

    def reset(self) -> None:
        self._sam.reset()

    def respond(self, apdu: bytes) -> bytes:
        return self._sam.respond(apdu)

    def should_pull(self) -> bool:
        self._seen += 1
        return self._seen >= self._n


@pytest.mark.pcscd
@pytest.mark.parametrize("n", [2, 5, 20])
def test_a_sam_pulled_mid_read_says_it_left_not_that_it_is_locked(pcscd, sim_secrets, n: int) -> None:
    sam = vpcd.start(_SamLeavingAt(n), vpcd.SAM_PORT)  # type: ignore[arg-type]
    card = vpcd.start(make_card(0), vpcd.CARD_PORT)
    try:
        wait_state(SAM_READER, True)
        wait_state(CARD_READER, True)
        with pytest.raises(SamError) as caught:
            read()
        sentence = one_line(caught.value.id_text)
        assert isinstance(caught.value, SamRemoved), (n, type(caught.value), str(caught.value))
        assert "terlepas" in sentence and "terkunci" not in sentence and "IT" not in sentence.split(".")[0]
        wait_state(SAM_READER, False)
        sam.insert(make_sam())  # re-seated
        wait_state(SAM_READER, True)
        assert read().identity.nik == POPULATION[0].nik
    finally:
        card.stop()
        sam.stop()
        wait_state(CARD_READER, False)
        wait_state(SAM_READER, False)


def test_check_thread_names_both_threads_when_it_refuses() -> None:
    from reader.cardio import check_thread

    check_thread(threading.current_thread(), "list readers")  # the owner itself: no error
    refused: list[BaseException] = []

    def elsewhere() -> None:
        try:
            check_thread(threading.main_thread(), "list readers")
        except WrongThread as exc:
            refused.append(exc)

    worker = threading.Thread(target=elsewhere, name="loket-not-the-card-thread")
    worker.start()
    worker.join()
    assert len(refused) == 1 and "loket-not-the-card-thread" in str(refused[0]) and "list readers" in str(refused[0])
