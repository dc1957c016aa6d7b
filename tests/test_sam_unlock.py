"""SAM unlock (ektp-protocol.md §1): the optional slot escape and the PCID/CONF unlock."""

from __future__ import annotations

import pytest

from reader.errors import SamError, SamRefused
from reader.options import CardOptions
from reader.sam import SamSecrets
from reader.session import read_with
from reader.simulator import SIM_CONF, SIM_PCID
from reader.simulator.factory import make_card, make_sam
from reader.transport import InProcessTransport


class EscapeRecorder(InProcessTransport):
    def __init__(self, device: object, answer: bytes = b"\x90\x00") -> None:
        super().__init__(device, "dual-slot SAM reader")
        self.controls: list[tuple[int, bytes]] = []
        self.answer = answer

    def control(self, code: int, data: bytes) -> bytes:
        self.controls.append((code, data))
        return self.answer


def test_unlock_data_is_pcid_xor_both_halves_of_conf():
    secrets = SamSecrets(bytes(range(16)), bytes([0xFF] * 16 + [0x0F] * 16))
    d = secrets.unlock_data()
    assert d[:16] == bytes(i ^ 0xFF for i in range(16))
    assert d[16:] == bytes(i ^ 0x0F for i in range(16))


def test_secrets_never_show_in_repr_or_errors():
    secrets = SamSecrets(SIM_PCID, SIM_CONF)
    assert SIM_PCID.hex() not in repr(secrets) and "LOKET" not in repr(secrets)
    with pytest.raises(ValueError) as info:
        SamSecrets.from_hex("zz" + SIM_PCID.hex()[2:], SIM_CONF.hex())
    assert SIM_PCID.hex()[2:] not in str(info.value)


@pytest.mark.parametrize("slot", [1, 2])
def test_slot_escape_is_sent_through_the_control_channel(slot):
    sam = EscapeRecorder(make_sam())
    options = CardOptions(sam_slot=slot, sam_slot_control_code=0x3136B0)
    result = read_with(InProcessTransport(make_card(0)), sam, options, SamSecrets(SIM_PCID, SIM_CONF))
    assert result.identity.nik
    assert sam.controls == [(0x3136B0, bytes([0x68, 0x92, 0x01, 0x00, 0x03, slot, 0x00, 0x00]))]


def test_no_escape_by_default():
    sam = EscapeRecorder(make_sam())
    read_with(InProcessTransport(make_card(0)), sam, CardOptions(), SamSecrets(SIM_PCID, SIM_CONF))
    assert sam.controls == []


def test_slot_escape_refused_is_a_sam_error():
    sam = EscapeRecorder(make_sam(), answer=b"\x6a\x81")
    with pytest.raises(SamError) as info:
        read_with(InProcessTransport(make_card(0)), sam, CardOptions(sam_slot=1), SamSecrets(SIM_PCID, SIM_CONF))
    assert info.value.exit_code == 8


def test_wrong_credentials_are_refused_not_a_card_error():
    with pytest.raises(SamRefused) as info:
        read_with(InProcessTransport(make_card(0)), InProcessTransport(make_sam()), CardOptions(),
                  SamSecrets(bytes(16), bytes(32)))
    assert info.value.exit_code == 8
    assert "ditolak" in info.value.id_text


def test_missing_credentials_say_what_to_run():
    with pytest.raises(SamError) as info:
        read_with(InProcessTransport(make_card(0)), InProcessTransport(make_sam()), CardOptions(), None)
    assert "loket credentials set sam" in info.value.id_text
