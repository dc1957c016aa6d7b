"""The virtual Dukcapil SAM: unlock, authentication, wrap/unwrap and the automatic verification."""

from __future__ import annotations

import pytest

from reader.simulator import SIM_CONF, SIM_PCID
from reader.simulator.card import EF_BIODATA, CardFaults
from reader.simulator.factory import make_card, make_sam
from reader.simulator.population import POPULATION
from reader.simulator.sam import SAM_ATR, SamFaults, VirtualSam
from tests.test_simulator_card import Relay, StatusError, relay

GENUINE = [i for i, p in enumerate(POPULATION) if not p.tampered]
TAMPERED = [i for i, p in enumerate(POPULATION) if p.tampered]


@pytest.mark.parametrize("index", GENUINE)
def test_genuine_cards_verify(index):
    result = relay(index).read()
    assert result.verdict == b"\x00\x01"
    assert result.biodata == make_card(index).file(EF_BIODATA)


def test_tampered_card_does_not_verify():
    assert TAMPERED
    for index in TAMPERED:
        result = relay(index).read()
        assert result.verdict == b"\x00\x00"
        # The read itself succeeded: only the verdict differs.
        assert b"SAPUTRA" in result.biodata


@pytest.mark.parametrize(
    "options",
    [
        {"chunk": 8},
        {"chunk": 231},
        {"chunk": 104, "extended": False, "photo_chunk": 100},
        {"extended_sam": True},
        {"p2": 0},
    ],
)
def test_verification_with_other_host_settings(options):
    assert relay(0, **options).read().verdict == b"\x00\x01"


@pytest.mark.parametrize(
    "options",
    [{"send_photo": False}, {"send_decipher": False}, {"stop_late": True}],
)
def test_missing_or_misplaced_step_is_not_authentic(options):
    assert relay(0, **options).read().verdict == b"\x00\x00"


def test_verify_answers_exactly_two_bytes_even_without_a_run():
    r = relay(0)
    r.open_sam()
    assert r.sam.respond(bytes.fromhex("00FA040000")) == b"\x00\x00"


def test_verification_can_be_repeated_on_the_same_sam():
    r = relay(0)
    assert r.read().verdict == b"\x00\x01"
    r.card = make_card(TAMPERED[0])
    assert r.read(open_sam=False).verdict == b"\x00\x00"
    r.card = make_card(1)
    assert r.read(open_sam=False).verdict == b"\x00\x01"


def test_biodata_must_pass_through_the_sam():
    # A host that read 6FF1 before starting verification: the SAM never saw the plaintext.
    r = relay(0)
    r.authenticate()
    r.sm_file(EF_BIODATA)
    r.to_sam(bytes.fromhex("00FA000000"), "start")
    r.sm_select(0x6FF6)
    ds = r.sm_read(0, 0x50)
    r.to_sam(b"\x00\xfa\x06\x00\x50" + ds, "ds")
    photo, _ = r.read_photo()
    for i in range(0, len(photo), 200):
        piece = photo[i:i + 200]
        r.to_sam(b"\x00\xfa\x03\x00" + bytes([len(piece)]) + piece, "photo")
    r.to_sam(bytes.fromhex("00FA050000"), "decipher")
    r.sm_file(0x6FF3, round_up=True, last=True)
    assert r.sam.respond(bytes.fromhex("00FA040000")) == b"\x00\x00"


# ---- unlock -------------------------------------------------------------------------------------


def test_atr_has_valid_tck():
    assert SAM_ATR[:4] == bytes.fromhex("3B8A8001") and SAM_ATR[4:14] == b"LOKET-SAM1"
    check = 0
    for byte in SAM_ATR[1:]:
        check ^= byte
    assert check == 0


def test_bad_unlock_blocks_forever():
    sam = make_sam()
    assert sam.respond(b"\x00\xf0\x00\x00\x20" + bytes(32)) == b"\x69\x82"
    good = bytes(SIM_PCID[i] ^ SIM_CONF[i] for i in range(16)) + bytes(
        SIM_PCID[i] ^ SIM_CONF[16 + i] for i in range(16)
    )
    for apdu in (
        b"\x00\xf0\x00\x00\x20" + good,
        bytes.fromhex("00FF000000"),
        bytes.fromhex("00FA040000"),
        bytes.fromhex("00CA000000"),
        b"\x00",
    ):
        assert sam.respond(apdu) == b"\x69\x82"
    sam.reset()
    sam.inserted()
    assert sam.respond(b"\x00\xf0\x00\x00\x20" + good) == b"\x69\x82"


def test_relay_with_wrong_credentials_reports_6982():
    r = Relay(make_card(0), make_sam())
    with pytest.raises(StatusError) as info:
        r.open_sam(SIM_PCID, bytes(32))
    assert info.value.sw == 0x6982
    with pytest.raises(StatusError) as info:
        r.read(open_sam=False)
    assert info.value.step == "reset SAM session" and info.value.sw == 0x6982


def test_other_credentials_and_open_required():
    pcid, conf = bytes(range(16)), bytes(range(100, 132))
    sam = VirtualSam(pcid, conf)
    assert sam.respond(bytes.fromhex("00FF000000")) == b"\x69\x85"  # not opened yet
    r = Relay(make_card(2), sam)
    r.open_sam(pcid, conf)
    assert r.read(open_sam=False).verdict == b"\x00\x01"
    sam.reset()  # power cycle: must open again
    assert sam.respond(bytes.fromhex("00FF000000")) == b"\x69\x85"


def test_unlock_wrong_length_does_not_block():
    sam = make_sam()
    assert sam.respond(b"\x00\xf0\x00\x00\x10" + bytes(16)) == b"\x67\x00"
    Relay(make_card(0), sam).open_sam()


# ---- authentication and SM errors ---------------------------------------------------------------


def test_bad_card_answer_fails_authentication():
    r = relay(0)
    r.open_sam()
    r.to_card(bytes.fromhex("00A40000027F0A"), "select DF")
    r.to_card(bytes.fromhex("00A40000026FF0"), "select CC")
    cc = r.to_card(bytes.fromhex("00B0000035"), "read CC")[2:]
    chal = r.to_card(bytes.fromhex("0084000008"), "challenge")
    a = r.to_sam(bytes([0, 0xF1, 0, 1, 67]) + cc + r.card.uid8 + chal, "authenticate")
    rr = r.to_card(b"\x00\x82\x00\x00\x28" + a, "external authenticate")
    assert r.sam.respond(b"\x00\xf2\x00\x00\x28" + bytes([rr[0] ^ 1]) + rr[1:]) == b"\x63\x00"
    # No session: wrap is refused.
    assert r.sam.respond(bytes.fromhex("00F300000700A40000026FF1")) == b"\x69\x85"


def test_unwrap_rejects_forged_response():
    r = relay(0)
    r.authenticate()
    r.to_sam(bytes.fromhex("00F300000700A40000026FF1"), "wrap")
    forged = bytes.fromhex("990290008E08") + bytes(8)
    assert r.sam.respond(b"\x00\xf4\x00\x00" + bytes([len(forged)]) + forged) == b"\x69\x88"


def test_wrap_accepts_only_select_and_read():
    r = relay(0)
    r.authenticate()
    assert r.sam.respond(bytes.fromhex("00F30000050084000008")) == b"\x6a\x80"
    assert r.sam.respond(bytes.fromhex("00F3000005") + bytes.fromhex("00B0000008"))[-2:] == b"\x90\x00"


def test_unknown_commands():
    r = relay(0)
    r.open_sam()
    assert r.sam.respond(bytes.fromhex("00CA000000")) == b"\x6d\x00"
    assert r.sam.respond(bytes.fromhex("80FF000000")) == b"\x6e\x00"
    assert r.sam.respond(bytes.fromhex("00FA090000")) == b"\x6a\x86"
    assert r.sam.respond(bytes.fromhex("00F1000217") + bytes(0x17)) == b"\x6a\x86"


def test_sam_status_at_fault():
    r = Relay(make_card(0), make_sam(faults=SamFaults(status_at=(2, 0x6581))))
    with pytest.raises(StatusError) as info:
        r.read()
    assert (info.value.step, info.value.sw) == ("reset SAM session", 0x6581)


def test_type_b_card_verifies_with_type_b_uid8():
    index = next(i for i, p in enumerate(POPULATION) if p.uid_type_b)
    assert relay(index).read().verdict == b"\x00\x01"


def test_card_fault_not_ektp_aborts_before_sam_work():
    with pytest.raises(StatusError) as info:
        relay(0, CardFaults(not_ektp=True)).read()
    assert (info.value.step, info.value.sw) == ("select DF", 0x6A82)
