"""Which reader holds the e-KTP and which the SAM, with other tokens plugged into the same PC."""

from __future__ import annotations

import pytest

from reader.errors import ReaderNotFound, SamError
from reader.readers import choose_readers
from reader.simulator.factory import make_card, make_sam
from reader.transport import InProcessTransport


class Yubikey:
    """A security key: a contact smart card that knows nothing of GET UID."""

    def respond(self, apdu: bytes) -> bytes:
        return b"\x6d\x00"


class FakePcsc:
    """The part of reader.readers.Pcsc that choose_readers uses, over in-process devices."""

    def __init__(self, readers: dict[str, object | None]) -> None:
        self.devices = readers
        self.probed: list[str] = []

    def readers(self) -> list[str]:
        return list(self.devices)

    def card_present(self, reader: str) -> bool:
        return self.devices[reader] is not None

    def connect(self, reader: str, role: str = "card") -> InProcessTransport:
        self.probed.append(reader)
        return InProcessTransport(self.devices[reader], reader)


def test_named_slots_of_a_certified_reader_win_without_probing():
    pcsc = FakePcsc({"Yubico YubiKey OTP+FIDO+CCID 00 00": Yubikey(),
                     "ACS ACR1281 1S Dual Reader SAM 0": make_sam(),
                     "ACS ACR1281 1S Dual Reader PICC 0": None})
    choice = choose_readers(pcsc, ignore=["YubiKey"])
    assert choice.sam == "ACS ACR1281 1S Dual Reader SAM 0"
    assert choice.card == "ACS ACR1281 1S Dual Reader PICC 0"
    assert pcsc.probed == []  # names were enough: no APDU went to any token


def test_probing_tells_card_from_sam_and_never_touches_an_ignored_token():
    pcsc = FakePcsc({"Yubico YubiKey CCID 00 00": Yubikey(), "Generic Reader 01": make_sam(),
                     "Generic Reader 02": make_card(0)})
    choice = choose_readers(pcsc, ignore=["Yubico"])
    assert (choice.card, choice.sam) == ("Generic Reader 02", "Generic Reader 01")
    assert "Yubico YubiKey CCID 00 00" not in pcsc.probed


def test_empty_contactless_reader_is_chosen_while_waiting_for_a_citizen():
    pcsc = FakePcsc({"Generic Reader 01": make_sam(), "Generic Reader 02": None})
    assert choose_readers(pcsc).card == "Generic Reader 02"


def test_pinned_names_win_over_probing():
    pcsc = FakePcsc({"Reader A": make_card(0), "Reader B": make_sam(), "Reader C": make_sam()})
    choice = choose_readers(pcsc, card_hint="reader a", sam_hint="Reader C")
    assert (choice.card, choice.sam) == ("Reader A", "Reader C")


def test_pinned_reader_missing_names_it():
    pcsc = FakePcsc({"Reader A": None})
    with pytest.raises(ReaderNotFound) as info:
        choose_readers(pcsc, card_hint="ACR122")
    assert "ACR122" in info.value.id_text


def test_no_sam_anywhere_is_a_sam_error():
    pcsc = FakePcsc({"Reader A": None})
    with pytest.raises(SamError) as info:
        choose_readers(pcsc)
    assert info.value.exit_code == 8


def test_no_reader_at_all():
    with pytest.raises(ReaderNotFound) as info:
        choose_readers(FakePcsc({}))
    assert info.value.exit_code == 4
