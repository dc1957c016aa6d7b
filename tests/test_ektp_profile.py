"""The public e-KTP profile (reader/profiles/ektp.py) end to end on the in-process transport.

The simulated card and SAM (reader/simulator) are driven through ``read_with``; small wrapper devices
written here record the APDUs or inject faults (a pulled card, a swapped card, a SAM that vanishes).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from reader import spelling
from reader.errors import (
    AuthenticationFailed,
    CardChanged,
    CardDataMalformed,
    CardProtocolError,
    CardRemoved,
    NotEktp,
    ReadError,
    SamError,
    SamRefused,
)
from reader.identity import Authenticity, Identity
from reader.images import SIGNATURE_BYTES, UNKNOWN_MIME
from reader.options import CardOptions
from reader.profiles.ektp import EktpProfile
from reader.sam import SamSecrets
from reader.session import ReadResult, read_with
from reader.simulator import SIM_CONF, SIM_PCID
from reader.simulator.card import EF_PHOTO, EF_SIGNATURE, CardFaults, VirtualCard, biodata_content
from reader.simulator.factory import make_card, make_sam
from reader.simulator.population import POPULATION, person
from reader.simulator.sam import SamFaults, VirtualSam
from reader.transport import InProcessTransport

SECRETS = SamSecrets(SIM_PCID, SIM_CONF)
TAMPERED = next(i for i, p in enumerate(POPULATION) if p.tampered)
TYPE_B = next(i for i, p in enumerate(POPULATION) if p.uid_type_b)


@dataclass
class Recording:
    """Wraps a device: records every C-APDU and R-APDU; subclasses inject faults."""

    device: VirtualCard | VirtualSam
    sent: list[bytes] = field(default_factory=list)
    answers: list[bytes] = field(default_factory=list)

    def respond(self, apdu: bytes) -> bytes:
        self.sent.append(bytes(apdu))
        answer = self.answer(bytes(apdu))
        self.answers.append(answer)
        return answer

    def answer(self, apdu: bytes) -> bytes:
        return bytes(self.device.respond(apdu))


@dataclass
class PulledAt(Recording):
    """The card leaves the field at the n-th C-APDU and stays gone (PC/SC: SCARD_W_REMOVED_CARD)."""

    n: int = 1

    def answer(self, apdu: bytes) -> bytes:
        if len(self.sent) >= self.n:
            raise CardRemoved(f"card removed at APDU {len(self.sent)}")
        return super().answer(apdu)


@dataclass
class SamGoneAt(Recording):
    n: int = 1

    def answer(self, apdu: bytes) -> bytes:
        if len(self.sent) >= self.n:
            raise SamError(f"SAM reader gone at APDU {len(self.sent)}")
        return super().answer(apdu)


@dataclass
class SwappedAt(Recording):
    """Another citizen's card answers from the n-th C-APDU on, without PC/SC noticing."""

    other: VirtualCard | None = None
    n: int = 1

    def answer(self, apdu: bytes) -> bytes:
        device = self.other if len(self.sent) >= self.n else self.device
        return bytes(device.respond(apdu))  # type: ignore[union-attr]


@dataclass
class ShortCc(Recording):
    """A card whose CC_LEN says 50 instead of 51 (the SAM still finds the serial at the same place)."""

    def answer(self, apdu: bytes) -> bytes:
        r = super().answer(apdu)
        if apdu == bytes.fromhex("00B0000035") and len(r) == 0x35 + 2:
            r = r[:1] + b"\x32" + r[2:]
        return r


def read(card: object, sam: object, secrets: SamSecrets | None = SECRETS, **options: object) -> ReadResult:
    return read_with(InProcessTransport(card), InProcessTransport(sam), CardOptions(**options), secrets)


def outcome(card: object, sam: object, **options: object) -> Identity | ReadError:
    try:
        return read(card, sam, **options).identity
    except ReadError as exc:
        return exc


def sam_sent(sam: Recording, p1: int, ins: int = 0xFA) -> list[bytes]:
    return [a for a in sam.sent if a[1] == ins and a[2] == p1]


def wrapped_plain(sam: Recording) -> list[bytes]:
    """The plain commands the host asked the SAM to protect (00 F3 … ‖ plain)."""
    return [a[5:] for a in sam.sent if a[1] == 0xF3]


def sm_reads(sam: Recording) -> dict[bytes, list[tuple[int, int]]]:
    """(offset, Le) of every SM READ BINARY, by the file selected before it."""
    reads: dict[bytes, list[tuple[int, int]]] = {}
    current = b""
    for plain in wrapped_plain(sam):
        if plain[1] == 0xA4:
            current = plain[5:7]
            reads.setdefault(current, [])
        elif plain[1] == 0xB0:
            reads[current].append(((plain[2] << 8) | plain[3], plain[4] or 256))
    return reads


# -- the population --------------------------------------------------------------------------------------

@pytest.mark.parametrize("index", range(len(POPULATION)))
def test_every_simulated_citizen_reads(index: int) -> None:
    p = person(index)
    card, sam = Recording(make_card(index)), Recording(make_sam())
    result = read(card, sam)
    ident = result.identity
    expected = Authenticity.INVALID if p.tampered else Authenticity.VALID
    assert ident.authenticity is expected
    assert ident.nik == p.nik
    assert ident.nama == (p.nama + " SAPUTRA" if p.tampered else p.nama)
    assert ident.tempat_lahir == p.tempat_lahir
    assert ident.tanggal_lahir == spelling.parse_date(p.tanggal_lahir)
    assert ident.tanggal_lahir is not None
    assert ident.jenis_kelamin == spelling.sex(p.jenis_kelamin) != ""
    assert (ident.rt, ident.rw) == (p.rt.zfill(3), p.rw.zfill(3))
    for key in ("golongan_darah", "alamat", "kelurahan", "kecamatan", "kabupaten", "provinsi", "agama",
                "status_perkawinan", "pekerjaan", "kewarganegaraan"):
        assert getattr(ident, key) == getattr(p, key), key
    assert ident.extras["f16"] == p.berlaku_hingga  # not public: kept raw
    assert ident.warnings == ()
    photo_file = card.device.file(EF_PHOTO)
    assert ident.photo.data == photo_file[2:]
    assert ident.photo.mime == "image/jpeg"
    assert ident.signature is not None
    assert ident.signature.bits == card.device.file(EF_SIGNATURE)[2:2 + SIGNATURE_BYTES]
    assert (ident.signature.width, ident.signature.height) == (168, 44)
    assert result.profile == "ektp"
    assert result.apdus == len(card.sent) + len(sam.sent)
    # data minimisation: no fingerprint file was touched
    assert not [p for p in wrapped_plain(sam) if p[1] == 0xA4 and p[5:7] in (b"\x6f\xf4", b"\x6f\xf5")]


def test_photo_altered_after_issue_is_not_authentic() -> None:
    card = make_card(0, CardFaults(photo_altered=True))
    ident = read(card, make_sam()).identity
    assert ident.authenticity is Authenticity.INVALID
    assert ident.photo.data == card.file(EF_PHOTO)[2:]  # what the chip holds, shown for the clerk to see
    assert ident.photo.data != make_card(0).file(EF_PHOTO)[2:]


def test_type_b_uid_is_used_for_authentication() -> None:
    p = person(TYPE_B)
    card = Recording(make_card(TYPE_B))
    ident = read(card, make_sam()).identity
    assert ident.authenticity is Authenticity.VALID  # the SAM only agrees with the type-B UID8
    assert ident.uid == p.uid_type_b[:8]  # FF CA gives the 4-byte PUPI
    assert bytes.fromhex("00DD000008") in card.sent
    assert card.answers[card.sent.index(bytes.fromhex("00DD000008"))][:8] == bytes.fromhex(p.uid_type_b)


def test_type_a_card_answers_6d00_to_the_type_b_uid() -> None:
    card = Recording(make_card(0))
    read(card, make_sam())
    i = card.sent.index(bytes.fromhex("00DD000008"))
    assert card.answers[i] == b"\x6d\x00"


def test_uid8_for_type_a_is_80_then_uid() -> None:
    sam = Recording(make_sam())
    read(Recording(make_card(0)), sam)
    f1 = sam_sent(sam, 0x00, ins=0xF1)[0]
    body = f1[5:]
    assert len(body) == f1[4] == 51 + 16
    assert body[51:59] == (b"\x80" + bytes.fromhex(person(0).uid))[:8]


# -- photo: extended and short reads ---------------------------------------------------------------------

def _photo_reads(card: Recording) -> list[bytes]:
    start = card.sent.index(bytes.fromhex("00A40000026FF2"))
    end = card.sent.index(bytes.fromhex("00A40000026FF0"))
    return card.sent[start + 1:end]


def test_extended_length_photo_read() -> None:
    card = Recording(make_card(0))
    ident = read(card, make_sam()).identity
    reads = _photo_reads(card)
    total = len(card.device.file(EF_PHOTO))
    assert reads[0] == bytes.fromhex("00B0000008")
    assert reads[1] == bytes([0x00, 0xB0, 0x00, 0x08, 0x00, (total - 8) >> 8, (total - 8) & 0xFF])
    assert len(reads) == 2
    assert ident.photo.data == card.device.file(EF_PHOTO)[2:]


@pytest.mark.parametrize("chunk", [8, 248])
def test_no_extended_falls_back_to_short_reads_same_photo(chunk: int) -> None:
    reference = read(make_card(0), make_sam()).identity
    card = Recording(make_card(0, CardFaults(no_extended=True)))
    ident = read(card, make_sam(), plain_chunk=chunk).identity
    reads = _photo_reads(card)
    assert len(reads[1]) == 7 and card.answers[card.sent.index(reads[1])] == b"\x67\x00"
    total = len(card.device.file(EF_PHOTO))
    short = reads[2:]
    assert len(short) == -(-(total - 8) // chunk)
    assert all(len(r) == 5 and 0 < r[4] <= chunk for r in short)
    offsets = [(r[2] << 8) | r[3] for r in short]
    assert offsets == list(range(8, total, chunk))
    assert ident.photo.sha256 == reference.photo.sha256
    assert ident.authenticity is Authenticity.VALID


def test_extended_length_off_sends_no_extended_apdu() -> None:
    card = Recording(make_card(0))
    ident = read(card, make_sam(), extended_length=False).identity
    assert all(len(r) == 5 for r in _photo_reads(card))
    assert ident.authenticity is Authenticity.VALID


def test_photo_chunks_to_sam_are_the_photo_file_in_order() -> None:
    sam = Recording(make_sam())
    card = make_card(0)
    read(Recording(card), sam, plain_chunk=248)
    chunks = [a[5:5 + a[4]] for a in sam_sent(sam, 0x03)]
    assert len(chunks[0]) == 8
    assert all(len(c) <= 248 for c in chunks)
    assert b"".join(chunks) == card.file(EF_PHOTO)


# -- chunk sizes and protocol options -------------------------------------------------------------------

@pytest.mark.parametrize("sm_chunk", [8, 208, 231])
@pytest.mark.parametrize("plain_chunk", [8, 248])
def test_chunk_sizes(sm_chunk: int, plain_chunk: int) -> None:
    reference = read(make_card(3), make_sam()).identity
    card, sam = Recording(make_card(3)), Recording(make_sam())
    ident = read(card, sam, sm_chunk=sm_chunk, plain_chunk=plain_chunk, extended_length=False).identity
    assert ident.to_json() == reference.to_json()
    assert ident.photo.data == reference.photo.data
    assert ident.authenticity is Authenticity.VALID
    reads = sm_reads(sam)
    for fid in (b"\x6f\xf1", b"\x6f\xf3"):
        header, *chunks = reads[fid]
        assert header == (0, 8)
        assert all(le <= sm_chunk or (fid == b"\x6f\xf3" and le <= sm_chunk + 7) for _, le in chunks)
        assert [off for off, _ in chunks] == list(range(8, 8 + sm_chunk * len(chunks), sm_chunk))
    # the last chunk of 6FF3 is rounded up to a multiple of 8, 6FF1's is not (spec §4)
    assert reads[b"\x6f\xf3"][-1][1] % 8 == 0
    bio_len = len(make_card(3).file(0x6FF1))
    off, le = reads[b"\x6f\xf1"][-1]
    assert off + le == bio_len
    # every protected card answer fits the one-byte Lc of unwrap
    assert all(len(a[5:]) == a[4] and a[4] <= 255 for a in sam.sent if a[1] == 0xF4)


def test_sm_chunk_232_is_refused_before_any_apdu() -> None:
    card = Recording(make_card(0))
    with pytest.raises(ValueError):
        read(card, make_sam(), sm_chunk=232)
    assert card.sent == []


@pytest.mark.parametrize("bad", [dict(sm_chunk=0), dict(plain_chunk=7), dict(plain_chunk=256),
                                 dict(auth_p2="android"), dict(sam_slot=3)])
def test_invalid_options_are_refused(bad: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        EktpProfile(CardOptions(**bad))  # type: ignore[arg-type]


@pytest.mark.parametrize("wrapper, auth_p2, p2", [
    (Recording, "kiosk", 0x01),
    (Recording, "always01", 0x01),
    (ShortCc, "kiosk", 0x00),
    (ShortCc, "always01", 0x01),
])
def test_auth_p2(wrapper: type[Recording], auth_p2: str, p2: int) -> None:
    sam = Recording(make_sam())
    ident = read(wrapper(make_card(0)), sam, auth_p2=auth_p2).identity
    f1 = [a for a in sam.sent if a[1] == 0xF1]
    assert len(f1) == 1 and f1[0][3] == p2
    cc_len = 50 if wrapper is ShortCc else 51
    assert f1[0][4] == cc_len + 16
    assert ident.authenticity is Authenticity.VALID


def test_read_fingerprints_still_authentic_and_stop_moves() -> None:
    sam = Recording(make_sam())
    ident = read(Recording(make_card(0)), sam, read_fingerprints=True).identity
    assert ident.authenticity is Authenticity.VALID
    reads = sm_reads(sam)
    assert b"\x6f\xf4" in reads and b"\x6f\xf5" in reads
    # FA 02 (stop) exactly once, right before the last SM chunk of 6FF5
    stops = [i for i, a in enumerate(sam.sent) if a[:3] == b"\x00\xfa\x02"]
    assert len(stops) == 1
    after = [a[5:] for a in sam.sent[stops[0] + 1:] if a[1] == 0xF3]
    assert len(after) == 1 and after[0][1] == 0xB0
    last_off, last_le = reads[b"\x6f\xf5"][-1]
    assert after[0][2:5] == bytes([last_off >> 8, last_off & 0xFF, last_le])
    assert "minutiae" not in repr(ident).lower()


def test_stop_comes_before_last_signature_chunk_by_default() -> None:
    sam = Recording(make_sam())
    read(Recording(make_card(0)), sam)
    stops = [i for i, a in enumerate(sam.sent) if a[:3] == b"\x00\xfa\x02"]
    assert len(stops) == 1
    wraps_after = [a for a in sam.sent[stops[0]:] if a[1] == 0xF3]
    assert len(wraps_after) == 1
    assert sam.sent[-1] == bytes.fromhex("00FA040000")


def test_photo_to_sam_off() -> None:
    sam = Recording(make_sam())
    ident = read(Recording(make_card(0)), sam, photo_to_sam=False).identity
    assert sam_sent(sam, 0x03) == []
    # the complete read still comes back; this SAM needs the photo, so it cannot confirm it
    assert ident.photo.data == make_card(0).file(EF_PHOTO)[2:]
    assert ident.authenticity is Authenticity.INVALID


def test_sam_slot_escape_goes_through_control() -> None:
    class Controlled(InProcessTransport):
        def __init__(self, device: object) -> None:
            super().__init__(device)
            self.calls: list[tuple[int, bytes]] = []

        def control(self, code: int, data: bytes) -> bytes:
            self.calls.append((code, data))
            return b"\x90\x00"

    sam_t = Controlled(make_sam())
    ident = read_with(InProcessTransport(make_card(0)), sam_t, CardOptions(sam_slot=2), SECRETS).identity
    assert ident.authenticity is Authenticity.VALID
    assert sam_t.calls[0][1] == bytes.fromhex("6892010003020000")


def test_sam_slot_escape_refused_is_a_sam_error() -> None:
    class Refusing(InProcessTransport):
        def control(self, code: int, data: bytes) -> bytes:
            return b"\x6a\x80"

    with pytest.raises(SamError) as info:
        read_with(InProcessTransport(make_card(0)), Refusing(make_sam()), CardOptions(sam_slot=1), SECRETS)
    assert info.value.exit_code == 8


def test_biodata_field_override_from_options() -> None:
    ident = read(make_card(7), make_sam(), biodata_fields={"berlaku_hingga": 16}).identity
    assert ident.berlaku_hingga == "09-09-2017"
    assert "f16" not in ident.extras
    assert read(make_card(7), make_sam()).identity.berlaku_hingga == ""


# -- the card pulled, swapped; the SAM gone -------------------------------------------------------------

def _count(index: int = 0, **options: object) -> tuple[int, int]:
    card, sam = make_card(index), make_sam()
    read(card, sam, **options)
    return card.apdu_count, sam.apdu_count


CARD_APDUS, SAM_APDUS = _count()


def test_counts_are_plausible() -> None:
    assert 20 <= CARD_APDUS <= 40 and 50 <= SAM_APDUS <= 120


@pytest.mark.parametrize("index", [0, TYPE_B])
def test_card_pulled_at_every_apdu(index: int) -> None:
    total, _ = _count(index)
    for n in range(1, total + 1):
        card = PulledAt(make_card(index), n=n)
        result = outcome(card, make_sam())
        assert isinstance(result, CardRemoved), (n, result)
        assert result.exit_code == 6
        assert len(card.sent) == n  # nothing more was tried on a card that is gone
    assert isinstance(outcome(PulledAt(make_card(index), n=total + 1), make_sam()), Identity)


def test_card_pulled_at_every_apdu_with_short_chunks() -> None:
    total, _ = _count(0, sm_chunk=64, plain_chunk=64, extended_length=False)
    assert total > CARD_APDUS
    for n in range(1, total + 1):
        result = outcome(PulledAt(make_card(0), n=n), make_sam(), sm_chunk=64, plain_chunk=64,
                         extended_length=False)
        assert isinstance(result, CardRemoved), n


def test_sam_gone_at_every_apdu() -> None:
    for n in range(1, SAM_APDUS + 1):
        result = outcome(make_card(0), SamGoneAt(make_sam(), n=n))
        assert isinstance(result, SamError), (n, result)
        assert result.exit_code == 8


def test_card_swapped_mid_read_never_gives_an_identity() -> None:
    """Without PC/SC noticing (through pcscd a swap is SCARD_W_REMOVED_CARD → exit 6), the SM session
    and the mutual authentication break: the read must fail, never mix two citizens' data."""
    for n in range(2, CARD_APDUS + 1):
        result = outcome(SwappedAt(make_card(0), other=make_card(1), n=n), make_sam())
        assert isinstance(result, ReadError), (n, result)
        assert result.exit_code in (6, 9, 10), (n, result)


def test_a_card_swapped_before_the_last_command_is_card_changed() -> None:
    """The spec's swap check: the UID at the end is asked again and must be the UID of step 1. Swapped right
    before it (every protected read already done), only that check can tell."""
    result = outcome(SwappedAt(make_card(0), other=make_card(1), n=CARD_APDUS), make_sam())
    assert isinstance(result, CardChanged), result
    assert result.exit_code == 6 and "diganti" in result.id_text
    same = outcome(SwappedAt(make_card(0), other=make_card(0), n=CARD_APDUS), make_sam())
    assert isinstance(same, Identity)  # the same card answering again is no swap


# -- a status word the step does not allow ---------------------------------------------------------------

CARD_EXTERNAL_AUTH = 10  # card APDU index of step 9 for a type-A card
SAM_VERIFY_CARD = 4  # SAM APDU index of step 10 (00 F2)


def test_step_indices() -> None:
    card, sam = Recording(make_card(0)), Recording(make_sam())
    read(card, sam)
    assert card.sent[CARD_EXTERNAL_AUTH - 1][:2] == b"\x00\x82"
    assert card.sent[1] == bytes.fromhex("00A40000027F0A")
    assert sam.sent[SAM_VERIFY_CARD - 1][:2] == b"\x00\xf2"
    assert sam.sent[-1] == bytes.fromhex("00FA040000")


@pytest.mark.parametrize("sw", [0x6F00, 0x6A82, 0x6982, 0x6581, 0x6D00])
def test_unexpected_card_sw_at_every_step(sw: int) -> None:
    for n in range(1, CARD_APDUS + 1):
        if sw == 0x6D00 and n == 3:
            continue  # 6D 00 is what a type-A card legitimately answers to 00 DD
        result = outcome(make_card(0, CardFaults(status_at=(n, sw))), make_sam())
        assert isinstance(result, ReadError), (n, result)
        if n == 2 and sw == 0x6A82:
            assert isinstance(result, NotEktp) and result.exit_code == 7
        elif n == CARD_EXTERNAL_AUTH:
            assert isinstance(result, AuthenticationFailed) and result.exit_code == 10, n
        else:
            assert isinstance(result, CardProtocolError | CardDataMalformed), (n, result)
            assert result.exit_code == 9, n
        assert f"{sw >> 8:02X} {sw & 0xFF:02X}" in str(result) or n == CARD_EXTERNAL_AUTH or (
            n == 2 and sw == 0x6A82), (n, str(result))


@pytest.mark.parametrize("sw", [0x6F00, 0x6A88, 0x6700])
def test_unexpected_sam_sw_at_every_step(sw: int) -> None:
    for n in range(1, SAM_APDUS + 1):
        result = outcome(make_card(0), make_sam(faults=SamFaults(status_at=(n, sw))))
        if n == SAM_APDUS:  # step 18: anything but 00 01 is "not authentic" (exit 10, data still shown)
            assert isinstance(result, Identity) and result.authenticity is Authenticity.INVALID
        elif n == SAM_VERIFY_CARD:  # step 10: "anything else: authentication failed"
            assert isinstance(result, AuthenticationFailed) and result.exit_code == 10
        else:
            assert type(result) is SamError, (n, result)
            assert result.exit_code == 8


def test_sam_69_82_at_any_step_is_credentials_refused() -> None:
    for n in range(1, SAM_APDUS + 1):
        result = outcome(make_card(0), make_sam(faults=SamFaults(status_at=(n, 0x6982))))
        assert isinstance(result, SamRefused), (n, result)
        assert result.exit_code == 8


def test_card_empty_protected_answer_is_a_card_error() -> None:
    wrong = {}
    for n in range(CARD_EXTERNAL_AUTH + 1, CARD_APDUS + 1):
        result = outcome(make_card(0, CardFaults(status_at=(n, 0x9000))), make_sam())
        if not (isinstance(result, ReadError) and result.exit_code == 9):
            wrong[n] = result
    assert wrong == {}


def test_card_empty_ok_answer_never_gives_a_wrong_identity() -> None:
    reference = read(make_card(0), make_sam()).identity
    for n in range(1, CARD_APDUS + 1):
        result = outcome(make_card(0, CardFaults(status_at=(n, 0x9000))), make_sam())
        if isinstance(result, Identity):  # e.g. the extended read answered empty: short reads fetch it
            assert result.to_json() == reference.to_json(), n
        else:
            assert isinstance(result, ReadError)


def test_sam_empty_ok_answer_is_a_sam_error() -> None:
    wrong = {}
    for n in range(1, SAM_APDUS + 1):
        result = outcome(make_card(0), make_sam(faults=SamFaults(status_at=(n, 0x9000))))
        if isinstance(result, ReadError) and result.exit_code != 8:
            wrong[n] = result
    assert wrong == {}


def test_sam_empty_ok_answer_never_gives_a_valid_identity() -> None:
    for n in range(3, SAM_APDUS + 1):  # 1 (open) and 2 (reset) carry no data
        result = outcome(make_card(0), make_sam(faults=SamFaults(status_at=(n, 0x9000))))
        assert isinstance(result, ReadError) or result.authenticity is Authenticity.INVALID, n


def test_verify_answer_with_a_status_word_is_not_authentic() -> None:
    @dataclass
    class Verbose(Recording):
        def answer(self, apdu: bytes) -> bytes:
            r = super().answer(apdu)
            return r + b"\x90\x00" if apdu == bytes.fromhex("00FA040000") else r

    ident = read(make_card(0), Verbose(make_sam())).identity
    assert ident.authenticity is Authenticity.INVALID  # spec: exactly 00 01, no SW


# -- SAM credentials -------------------------------------------------------------------------------------

def test_wrong_sam_credentials_are_refused_and_the_sam_stays_locked() -> None:
    sam = make_sam()
    wrong = SamSecrets(bytes(16), bytes(32))
    card = Recording(make_card(0))
    with pytest.raises(SamRefused) as info:
        read(card, sam, secrets=wrong)
    assert info.value.exit_code == 8
    assert card.sent == []  # the SAM is opened before the card is touched
    assert sam.locked
    assert sam.respond(bytes.fromhex("00FF000000")) == b"\x69\x82"
    with pytest.raises(SamRefused):
        read(make_card(0), sam)  # even the right credentials now: 69 82 forever
    assert "SAM" in info.value.id_text and info.value.id_text != CardProtocolError.default_id_text


def test_missing_sam_credentials() -> None:
    card = Recording(make_card(0))
    with pytest.raises(SamError) as info:
        read(card, make_sam(), secrets=None)
    assert info.value.exit_code == 8
    assert "credentials" in info.value.id_text
    assert card.sent == []


def test_sam_secrets_repr_hides_secrets() -> None:
    s = SamSecrets(SIM_PCID, SIM_CONF)
    text = repr(s) + str(s) + f"{s!r}"
    for secret in (SIM_PCID, SIM_CONF):
        assert secret.hex() not in text.lower()
        assert repr(secret) not in text
    assert "hidden" in repr(s)


def test_sam_secrets_validation_does_not_echo_input() -> None:
    with pytest.raises(ValueError) as info:
        SamSecrets.from_hex("zz" + SIM_PCID.hex()[2:], SIM_CONF.hex())
    assert SIM_PCID.hex()[2:] not in str(info.value) and "zz" not in str(info.value)
    with pytest.raises(ValueError):
        SamSecrets(SIM_PCID[:15], SIM_CONF)
    assert SamSecrets.from_hex(SIM_PCID.hex(" "), SIM_CONF.hex()) == SECRETS


def test_unlock_data_is_pcid_xor_conf_halves() -> None:
    d = SECRETS.unlock_data()
    assert len(d) == 32
    assert d[:16] == bytes(a ^ b for a, b in zip(SIM_PCID, SIM_CONF[:16], strict=True))
    assert d[16:] == bytes(a ^ b for a, b in zip(SIM_PCID, SIM_CONF[16:], strict=True))
    sam = Recording(make_sam())
    read(make_card(0), sam)
    assert sam.sent[0] == bytes.fromhex("00F0000020") + d


# -- what the chip holds ---------------------------------------------------------------------------------

def test_not_an_ektp() -> None:
    card = make_card(0, CardFaults(not_ektp=True))
    with pytest.raises(NotEktp) as info:
        read(card, make_sam())
    assert info.value.exit_code == 7
    assert card.apdu_count == 2  # nothing read after the failed SELECT


@pytest.mark.parametrize("content", [
    b'"3273014507920001","JL. X","001"',
    b"",
    b"not quoted at all",
    biodata_content(["327301450792000X"] + ["A"] * 20),  # NIK not 16 digits
    biodata_content(["3273014507920001", "JL", "001", "002", "BDG"] + [""] * 16),  # empty name
])
def test_bad_biodata_is_malformed(content: bytes) -> None:
    with pytest.raises(CardDataMalformed) as info:
        read(make_card(0, CardFaults(biodata=content)), make_sam())
    assert info.value.exit_code == 9


def test_latin1_biodata_reads_and_stays_authentic() -> None:
    fields = person(0).biodata_fields()
    fields[13] = "JOSÉ ÁLVAREZ"
    content = ('"' + '","'.join(fields) + '"').encode("latin-1")
    ident = read(make_card(0, CardFaults(biodata=content)), make_sam()).identity
    assert ident.nama == "JOSÉ ÁLVAREZ"
    assert ident.authenticity is Authenticity.VALID


def test_more_than_21_fields_through_the_card() -> None:
    content = biodata_content(person(1).biodata_fields() + ["EXTRA A", "EXTRA B"])
    ident = read(make_card(1, CardFaults(biodata=content)), make_sam()).identity
    assert ident.extras["f21"] == "EXTRA A" and ident.extras["f22"] == "EXTRA B"
    assert any("23" in w for w in ident.warnings)
    assert ident.authenticity is Authenticity.VALID


def test_nik_inconsistent_with_chip_is_a_warning_not_a_failure() -> None:
    fields = person(0).biodata_fields()  # a woman born 05-07-1992
    fields[8] = "LAKI-LAKI"
    fields[14] = "06-07-1992"
    ident = read(make_card(0, CardFaults(biodata=biodata_content(fields))), make_sam()).identity
    assert ident.jenis_kelamin == "LAKI-LAKI"
    assert any("jenis kelamin" in w.lower() for w in ident.warnings)
    assert any("tanggal lahir" in w.lower() for w in ident.warnings)
    assert ident.authenticity is Authenticity.VALID


def test_odd_values_are_warnings_with_raw_kept() -> None:
    fields = person(0).biodata_fields()
    fields[8], fields[14], fields[2] = "X", "5 JULI 1992", "RT7"
    ident = read(make_card(0, CardFaults(biodata=biodata_content(fields))), make_sam()).identity
    assert ident.jenis_kelamin == "" and ident.extras["jenis_kelamin_raw"] == "X"
    assert ident.tanggal_lahir is None and ident.extras["tanggal_lahir_raw"] == "5 JULI 1992"
    assert ident.rt == "RT7" and ident.extras["rt_raw"] == "RT7"
    assert len(ident.warnings) == 3
    assert ident.to_json()["tanggal_lahir"] is None


def test_photo_that_is_not_an_image() -> None:
    data = b"this is not an image" * 10
    ident = read(make_card(0, CardFaults(photo=data)), make_sam()).identity
    assert ident.photo.data == data
    assert ident.photo.mime == UNKNOWN_MIME == "application/octet-stream"
    assert len(ident.warnings) == 1 and "foto" in ident.warnings[0].lower()
    assert ident.authenticity is Authenticity.VALID


@pytest.mark.parametrize("data, mime", [
    (b"\x00\x00\x00\x0cjP  \r\n\x87\n" + b"\x00" * 50, "image/jp2"),
    (b"\xff\x4f\xff\x51" + b"\x00" * 50, "image/j2k"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "image/png"),
    (b"", UNKNOWN_MIME),
])
def test_photo_formats_by_magic(data: bytes, mime: str) -> None:
    ident = read(make_card(0, CardFaults(photo=data)), make_sam()).identity
    assert ident.photo.mime == mime
    assert ident.photo.data == data
    assert ident.authenticity is Authenticity.VALID


def test_large_photo_needs_several_short_reads_and_extended_gets_it_in_one() -> None:
    data = b"\xff\xd8\xff" + bytes(range(256)) * 40  # ~10 kB
    for opts in (dict(), dict(extended_length=False, plain_chunk=200)):
        card = Recording(make_card(0, CardFaults(photo=data)))
        ident = read(card, make_sam(), **opts).identity
        assert ident.photo.data == data
        assert ident.authenticity is Authenticity.VALID


def test_what_a_read_holds_never_shows_in_a_logged_repr() -> None:
    """A ``%r`` in a log line or a traceback's locals must not carry the holder: the identity, its photo and
    signature, and the read in progress print as bare objects."""
    from reader.biodata import Biodata
    from reader.profiles.ektp import Reading

    ident = read(Recording(make_card(0)), Recording(make_sam())).identity
    held = Biodata({"nik": ident.nik, "nama": ident.nama}, ident.tanggal_lahir)
    for thing in (ident, ident.photo, ident.signature, held, Reading(uid=bytes.fromhex(ident.uid))):
        text = repr(thing)
        assert ident.nik not in text and ident.nama not in text and ident.uid not in text
        assert " object at 0x" in text, text
