"""Channel (reader/transport.py): 61xx / 6Cxx handling in one place, bounded loops, masked APDU trace."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest
from smartcard import scard

from reader.errors import (
    CardDataMalformed,
    CardRemoved,
    NoCard,
    PcscUnavailable,
    ReaderNotFound,
    ReadError,
    SamError,
    SamRemoved,
)
from reader.options import CardOptions
from reader.sam import SamSecrets
from reader.session import read_with
from reader.simulator import SIM_CONF, SIM_PCID
from reader.simulator.card import EF_BIODATA
from reader.simulator.factory import make_card, make_sam
from reader.simulator.population import person
from reader.transport import Channel, InProcessTransport, mask_apdu, pcsc_error

READ = bytes.fromhex("00B0000010")  # case 2: READ BINARY, Le 16
SELECT = bytes.fromhex("00A40000026FF1")  # case 3
CASE4 = bytes.fromhex("0082000003AABBCC08")  # case 4 with Le 08


class Scripted:
    """A device answering from a function of (apdu, how many came before); records what it got."""

    def __init__(self, answer: Callable[[bytes, int], bytes]) -> None:
        self.answer = answer
        self.sent: list[bytes] = []

    def respond(self, apdu: bytes) -> bytes:
        self.sent.append(bytes(apdu))
        return self.answer(bytes(apdu), len(self.sent) - 1)


def channel(device: object, label: str = "card") -> Channel:
    return Channel(InProcessTransport(device), label)


# -- plain exchanges -------------------------------------------------------------------------------------

def test_plain_exchange_and_counters() -> None:
    dev = Scripted(lambda a, i: b"\x01\x02\x03\x90\x00")
    ch = channel(dev)
    r = ch.exchange(READ)
    assert (r.data, r.sw, r.ok) == (b"\x01\x02\x03", 0x9000, True)
    assert dev.sent == [READ]
    assert (ch.counters.apdus, ch.counters.bytes_out, ch.counters.bytes_in) == (1, 5, 5)


def test_error_sw_is_returned_not_retried() -> None:
    dev = Scripted(lambda a, i: b"\x6a\x82")
    r = channel(dev).exchange(SELECT)
    assert (r.data, r.sw, r.ok) == (b"", 0x6A82, False)
    assert len(dev.sent) == 1


def test_raw_does_not_follow_61xx() -> None:
    dev = Scripted(lambda a, i: b"\x00\x01")  # VERIFY's answer: two bytes, no SW
    r = channel(dev, "SAM").raw(bytes.fromhex("00FA040000"))
    assert (r.data, r.sw) == (b"", 0x0001)
    assert len(dev.sent) == 1


# -- 61xx -------------------------------------------------------------------------------------------------

def test_61xx_fetches_the_rest_with_get_response() -> None:
    def answer(a: bytes, i: int) -> bytes:
        if i == 0:
            return b"\xaa" * 4 + b"\x61\x0c"
        assert a == bytes.fromhex("00C000000C")
        return b"\xbb" * 12 + b"\x90\x00"

    dev = Scripted(answer)
    ch = channel(dev)
    r = ch.exchange(READ)
    assert r.data == b"\xaa" * 4 + b"\xbb" * 12
    assert r.sw == 0x9000
    assert dev.sent == [READ, bytes.fromhex("00C000000C")]
    assert ch.counters.apdus == 2


def test_chained_61xx_concatenates_in_order() -> None:
    parts = [b"A" * 3 + b"\x61\x05", b"B" * 5 + b"\x61\x02", b"C" * 2 + b"\x90\x00"]
    dev = Scripted(lambda a, i: parts[i])
    r = channel(dev).exchange(READ)
    assert r.data == b"AAABBBBBCC" and r.sw == 0x9000
    assert [s[1] for s in dev.sent[1:]] == [0xC0, 0xC0]
    assert [s[4] for s in dev.sent[1:]] == [5, 2]


def test_61xx_after_a_secure_messaging_command_uses_cla_00() -> None:
    parts = [b"\x61\x04", b"\x01\x02\x03\x04\x90\x00"]
    dev = Scripted(lambda a, i: parts[i])
    r = channel(dev).exchange(bytes.fromhex("0CB000000D9701088E08") + b"\x11" * 8 + b"\x00")
    assert r.data == b"\x01\x02\x03\x04"
    assert dev.sent[1] == bytes.fromhex("00C0000004")


def test_61xx_then_error_keeps_the_error_sw() -> None:
    parts = [b"\x01\x61\x08", b"\x6f\x00"]
    dev = Scripted(lambda a, i: parts[i])
    r = channel(dev).exchange(READ)
    assert r.sw == 0x6F00 and not r.ok


# -- 6Cxx -------------------------------------------------------------------------------------------------

def test_6cxx_resends_with_the_right_le() -> None:
    def answer(a: bytes, i: int) -> bytes:
        if a[4] != 0x07:
            return b"\x6c\x07"
        return b"\x04" + b"\x11" * 6 + b"\x90\x00"

    dev = Scripted(answer)
    r = channel(dev).exchange(bytes.fromhex("FFCA000000"))
    assert r.data == b"\x04" + b"\x11" * 6 and r.sw == 0x9000
    assert dev.sent == [bytes.fromhex("FFCA000000"), bytes.fromhex("FFCA000007")]


def test_6cxx_on_a_case4_command_replaces_only_le() -> None:
    def answer(a: bytes, i: int) -> bytes:
        return b"\x6c\x28" if i == 0 else b"\x55" * 0x28 + b"\x90\x00"

    dev = Scripted(answer)
    r = channel(dev).exchange(CASE4)
    assert r.data == b"\x55" * 0x28
    assert dev.sent[1] == CASE4[:-1] + b"\x28"


def test_6cxx_on_a_command_without_le_is_not_resent() -> None:
    dev = Scripted(lambda a, i: b"\x6c\x02")
    r = channel(dev).exchange(SELECT)
    assert r.sw == 0x6C02
    assert len(dev.sent) == 1


def test_6cxx_then_61xx() -> None:
    parts = [b"\x6c\x10", b"\x01" * 8 + b"\x61\x08", b"\x02" * 8 + b"\x90\x00"]
    dev = Scripted(lambda a, i: parts[i])
    r = channel(dev).exchange(READ)
    assert r.data == b"\x01" * 8 + b"\x02" * 8
    assert dev.sent[1] == READ[:-1] + b"\x10"
    assert dev.sent[2] == bytes.fromhex("00C0000008")


def test_6cxx_answering_get_response_resends_get_response() -> None:
    def answer(a: bytes, i: int) -> bytes:
        if a == READ:
            return b"\xaa" * 4 + b"\x61\x00"  # "more data", count not given
        if a == bytes.fromhex("00C0000000"):
            return b"\x6c\x0c"
        if a == bytes.fromhex("00C000000C"):
            return b"\xbb" * 12 + b"\x90\x00"
        return b"\x6f\x00"

    dev = Scripted(answer)
    r = channel(dev).exchange(READ)
    assert dev.sent[-1] == bytes.fromhex("00C000000C")
    assert r.data == b"\xaa" * 4 + b"\xbb" * 12


# -- devices that never stop -----------------------------------------------------------------------------

@pytest.mark.parametrize("sw", [b"\x61\x01", b"\x61\x00", b"\x6c\x05"])
def test_a_device_looping_does_not_hang(sw: bytes) -> None:
    dev = Scripted(lambda a, i: b"\x00" + sw if sw[0] == 0x61 else sw)
    with pytest.raises(ReadError):
        channel(dev).exchange(READ)
    assert 2 <= len(dev.sent) <= 32  # bounded, and it did try


def test_card_looping_on_61xx_is_a_card_protocol_error() -> None:
    dev = Scripted(lambda a, i: b"\x00\x61\x01")
    with pytest.raises(ReadError) as info:
        channel(dev, "card").exchange(READ)
    assert info.value.exit_code == 9


def test_answer_without_status_word_maps_to_its_side() -> None:
    with pytest.raises(ReadError) as card_err:
        channel(Scripted(lambda a, i: b"\x90"), "card").exchange(READ)
    with pytest.raises(ReadError) as sam_err:
        channel(Scripted(lambda a, i: b""), "SAM").exchange(READ)
    assert card_err.value.exit_code == 9
    assert sam_err.value.exit_code == 8


def test_answer_without_status_word_is_a_read_error() -> None:
    for answer in (b"", b"\x90"):
        with pytest.raises(ReadError):
            channel(Scripted(lambda a, i, answer=answer: answer)).exchange(READ)


# -- transports ------------------------------------------------------------------------------------------

def test_in_process_transport_without_device_is_card_removed() -> None:
    with pytest.raises(CardRemoved) as info:
        InProcessTransport(None).transmit(READ)
    assert info.value.exit_code == 6


def test_in_process_transport_control_answers_ok() -> None:
    assert InProcessTransport(make_sam()).control(0x42000DAC, b"\x68\x92\x01\x00\x03\x01\x00\x00") == b"\x90\x00"


@pytest.mark.parametrize("code, role, cls, exit_code", [
    (scard.SCARD_E_NO_SERVICE, "card", PcscUnavailable, 3),
    (scard.SCARD_E_SERVICE_STOPPED, "sam", PcscUnavailable, 3),
    (scard.SCARD_E_UNKNOWN_READER, "card", ReaderNotFound, 4),
    (scard.SCARD_E_READER_UNAVAILABLE, "card", ReaderNotFound, 4),
    (scard.SCARD_W_REMOVED_CARD, "card", CardRemoved, 6),
    (scard.SCARD_W_RESET_CARD, "card", CardRemoved, 6),
    (scard.SCARD_E_INVALID_HANDLE, "card", CardRemoved, 6),
    (scard.SCARD_W_REMOVED_CARD, "sam", SamRemoved, 8),
    (scard.SCARD_E_UNKNOWN_READER, "sam", SamRemoved, 8),
    (scard.SCARD_F_COMM_ERROR, "card", PcscUnavailable, 3),
])
def test_pcsc_error_mapping(code: int, role: str, cls: type, exit_code: int) -> None:
    err = pcsc_error(code, "transmit on X", role)
    assert type(err) is cls
    assert err.exit_code == exit_code


def test_pcsc_no_card_at_connect_vs_during_transmit() -> None:
    assert type(pcsc_error(scard.SCARD_E_NO_SMARTCARD, "connect to X")) is NoCard
    assert type(pcsc_error(scard.SCARD_E_NO_SMARTCARD, "transmit on X")) is CardRemoved
    # An empty SAM slot says "put the SAM in"; a SAM that left mid-read says it left, never "locked".
    empty = pcsc_error(scard.SCARD_E_NO_SMARTCARD, "connect to X", "sam")
    assert type(empty) is SamError and "tidak terpasang" in empty.id_text
    left = pcsc_error(scard.SCARD_W_REMOVED_CARD, "transmit on X", "sam")
    assert "terlepas" in left.id_text and "terkunci" not in left.id_text
    assert left.hresult == scard.SCARD_W_REMOVED_CARD & 0xFFFFFFFF


# -- the masked trace ------------------------------------------------------------------------------------

def test_mask_apdu_keeps_header_only() -> None:
    assert mask_apdu(bytes.fromhex("00B0000008")) == "00 B0 00 00 08"
    masked = mask_apdu(bytes.fromhex("00F0000020") + bytes(range(0x20)))
    assert masked == "00 F0 00 00 20 [32 bytes]"
    assert "1F" not in masked


class Recorder:
    def __init__(self, device: object) -> None:
        self.device = device
        self.answers: list[bytes] = []
        self.sent: list[bytes] = []

    def respond(self, apdu: bytes) -> bytes:
        self.sent.append(bytes(apdu))
        r = self.device.respond(apdu)  # type: ignore[attr-defined]
        self.answers.append(bytes(r))
        return r


def _hex_forms(data: bytes) -> list[str]:
    return [data.hex(), data.hex().upper(), data.hex(" "), data.hex(" ").upper()]


def test_trace_at_debug_masks_all_data(caplog: pytest.LogCaptureFixture) -> None:
    p = person(0)
    card, sam = Recorder(make_card(0)), Recorder(make_sam())
    secrets = SamSecrets(SIM_PCID, SIM_CONF)
    with caplog.at_level(logging.DEBUG, logger="loket.apdu"):
        result = read_with(InProcessTransport(card), InProcessTransport(sam), CardOptions(), secrets)
    assert result.identity.nik == p.nik
    trace = "\n".join(r.getMessage() for r in caplog.records if r.name == "loket.apdu")
    assert trace.count("\n") + 1 >= 2 * result.apdus  # one line out, one line in per APDU: it does trace

    assert p.nik not in trace and p.nik[:12] not in trace
    assert p.nama not in trace
    uid = bytes.fromhex(p.uid)
    for secret in (uid, secrets.unlock_data()[:8], SIM_PCID[:8], SIM_CONF[:8]):
        for form in _hex_forms(secret):
            assert form not in trace
    # No 6-byte window of any answer's data (plaintext biodata from unwrap, photo, cryptograms) shows.
    biodata_file = make_card(0).file(EF_BIODATA)
    for form in _hex_forms(biodata_file[2:8]):
        assert form not in trace
    for answer in card.answers + sam.answers:
        data = answer[:-2]
        for k in range(0, max(len(data) - 5, 0), 3):
            window = data[k:k + 6]
            assert window.hex(" ").upper() not in trace
            assert window.hex().upper() not in trace
    # ...and neither does any command body (the unlock data, the authentication blobs, photo chunks).
    for apdu in card.sent + sam.sent:
        body = apdu[5:]
        if len(body) >= 6:
            assert body[:6].hex(" ").upper() not in trace


def test_trace_is_silent_above_debug(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="loket.apdu"):
        read_with(InProcessTransport(make_card(1)), InProcessTransport(make_sam()), CardOptions(),
                  SamSecrets(SIM_PCID, SIM_CONF))
    assert not [r for r in caplog.records if r.name == "loket.apdu"]


def test_malformed_errors_never_carry_data() -> None:
    # CardDataMalformed texts name the step and sizes, never the values
    err = CardDataMalformed("biodata has 3 fields, expected at least 21")
    assert err.exit_code == 9 and err.id_text
