"""The virtual e-KTP card, driven in-process through a minimal host relay written from the spec.

The relay here is deliberately independent of reader/transport.py and reader/profiles/: it is a second,
tiny reading of ektp-protocol.md §2–§4, so the simulator is checked against the spec, not against the
host code it is meant to test.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import pytest

from reader.simulator import SIM_CONF, SIM_PCID
from reader.simulator.card import EF_BIODATA, EF_PHOTO, EF_SIGNATURE, CardFaults, VirtualCard
from reader.simulator.factory import make_card, make_sam
from reader.simulator.population import POPULATION
from reader.simulator.sam import VirtualSam

OK = 0x9000


class StatusError(Exception):
    def __init__(self, step: str, sw: int) -> None:
        super().__init__(f"{step}: SW {sw:04X}")
        self.step = step
        self.sw = sw


def sw_of(response: bytes) -> int:
    return int.from_bytes(response[-2:], "big")


@dataclass
class Read:
    photo: bytes
    cc: bytes
    ds: bytes
    biodata: bytes
    signature: bytes
    verdict: bytes


@dataclass
class Relay:
    """Spec §1–§4 as a host would do them, logging every APDU for length checks."""

    card: VirtualCard
    sam: VirtualSam
    chunk: int = 208
    photo_chunk: int = 248
    extended: bool = True
    p2: int | None = None
    send_photo: bool = True
    send_decipher: bool = True
    extended_sam: bool = False  # photo chunks longer than 255 bytes go to the SAM as extended APDUs
    stop_late: bool = False  # a wrong host: stop after the last chunk instead of before it
    card_log: list[tuple[bytes, bytes]] = field(default_factory=list)
    sam_log: list[tuple[bytes, bytes]] = field(default_factory=list)

    def to_card(self, apdu: bytes, step: str, expect: int | None = OK) -> bytes:
        response = self.card.respond(apdu)
        self.card_log.append((apdu, response))
        if expect is not None and sw_of(response) != expect:
            raise StatusError(step, sw_of(response))
        return response[:-2] if expect is not None else response

    def to_sam(self, apdu: bytes, step: str, expect: int | None = OK) -> bytes:
        response = self.sam.respond(apdu)
        self.sam_log.append((apdu, response))
        if expect is not None and sw_of(response) != expect:
            raise StatusError(step, sw_of(response))
        return response[:-2] if expect is not None else response

    def open_sam(self, pcid: bytes = SIM_PCID, conf: bytes = SIM_CONF) -> None:
        d = bytes(pcid[i] ^ conf[i] for i in range(16)) + bytes(pcid[i] ^ conf[16 + i] for i in range(16))
        self.to_sam(b"\x00\xf0\x00\x00\x20" + d, "open SAM")

    # -- plain part ------------------------------------------------------------------------------

    def read_photo(self) -> tuple[bytes, list[bytes]]:
        self.to_card(bytes.fromhex("00A40000026FF2"), "select photo")
        head = self.to_card(bytes.fromhex("00B0000008"), "read photo")
        total = int.from_bytes(head[:2], "big") + 2
        chunks, k = [head], 8
        if self.extended and k < total:
            rest = total - k
            response = self.to_card(
                bytes([0, 0xB0, k >> 8, k & 0xFF, 0, rest >> 8, rest & 0xFF]), "read photo", None
            )
            if sw_of(response) == OK:
                chunks.append(response[:-2])
                k = total
            elif sw_of(response) != 0x6700:
                raise StatusError("read photo", sw_of(response))
        while k < total:
            n = min(self.photo_chunk, total - k)
            chunks.append(self.to_card(bytes([0, 0xB0, k >> 8, k & 0xFF, n]), "read photo"))
            k += n
        return b"".join(chunks), chunks

    # -- secure messaging ------------------------------------------------------------------------

    def sm(self, plain: bytes, step: str) -> tuple[bytes, int]:
        protected = self.to_sam(b"\x00\xf3\x00\x00" + bytes([len(plain)]) + plain, f"wrap {step}")
        response = self.to_card(protected, step)
        out = self.to_sam(b"\x00\xf4\x00\x00" + bytes([len(response)]) + response, f"unwrap {step}")
        return out[:-2], sw_of(out)

    def sm_select(self, fid: int) -> None:
        data, sw = self.sm(b"\x00\xa4\x00\x00\x02" + fid.to_bytes(2, "big"), "select")
        if sw != OK or data:
            raise StatusError("SM select", sw)

    def sm_read(self, offset: int, le: int) -> bytes:
        data, sw = self.sm(bytes([0, 0xB0, offset >> 8, offset & 0xFF, le & 0xFF]), "read")
        if sw != OK:
            raise StatusError("SM read", sw)
        return data

    def sm_file(self, fid: int, round_up: bool = False, last: bool = False) -> bytes:
        self.sm_select(fid)
        data = self.sm_read(0, 8)
        total = int.from_bytes(data[:2], "big") + 2
        k = 8
        while k < total:
            n = min(self.chunk, total - k)
            is_last = k + n >= total
            if round_up and is_last:
                n = -(-n // 8) * 8
            if last and is_last and not self.stop_late:
                self.to_sam(bytes.fromhex("00FA020000"), "stop verification")
            data += self.sm_read(k, n)
            k += n
        if last and self.stop_late:
            self.to_sam(bytes.fromhex("00FA020000"), "stop verification")
        return data[:total]

    # -- the whole read (spec §2) ----------------------------------------------------------------

    def read(self, open_sam: bool = True) -> Read:
        if open_sam:
            self.open_sam()
        uid = self.to_card(bytes.fromhex("FFCA000000"), "get UID")
        uid8 = (b"\x80" + uid).ljust(8, b"\x00")[:8]
        self.to_card(bytes.fromhex("00A40000027F0A"), "select DF")
        type_b = self.to_card(bytes.fromhex("00DD000008"), "type-B UID", None)
        if sw_of(type_b) == OK and len(type_b) == 10:
            uid8 = type_b[:8]
        elif sw_of(type_b) != 0x6D00:
            raise StatusError("type-B UID", sw_of(type_b))
        photo, photo_chunks = self.read_photo()
        self.to_card(bytes.fromhex("00A40000026FF0"), "select CC")
        cc_file = self.to_card(bytes.fromhex("00B0000035"), "read CC")
        cc_len = int.from_bytes(cc_file[:2], "big")
        cc = cc_file[2:2 + cc_len]
        self.to_sam(bytes.fromhex("00FF000000"), "reset SAM session")
        chal = self.to_card(bytes.fromhex("0084000008"), "get challenge")
        p2 = self.p2 if self.p2 is not None else (1 if cc_len == 51 else 0)
        body = cc + uid8 + chal
        a = self.to_sam(bytes([0, 0xF1, 0, p2, len(body)]) + body, "authenticate")
        r = self.to_card(b"\x00\x82\x00\x00\x28" + a, "external authenticate")
        self.to_sam(b"\x00\xf2\x00\x00\x28" + r, "check card")
        self.sm_select(0x6FF6)
        ds = self.sm_read(0, 0x50)
        self.to_sam(bytes.fromhex("00FA000000"), "start verification")
        self.to_sam(b"\x00\xfa\x06\x00\x50" + ds, "signature data")
        biodata = self.sm_file(EF_BIODATA)
        if self.send_photo:
            for chunk in photo_chunks:
                # A chunk read with an extended Le does not fit a short Lc: hand it over in pieces
                # (the SAM only sees the concatenation) or, with extended_sam, in one extended APDU.
                if self.extended_sam and len(chunk) > 255:
                    header = b"\x00\xfa\x03\x00\x00" + len(chunk).to_bytes(2, "big")
                    self.to_sam(header + chunk, "photo chunk")
                    continue
                for i in range(0, len(chunk), self.photo_chunk):
                    piece = chunk[i:i + self.photo_chunk]
                    self.to_sam(b"\x00\xfa\x03\x00" + bytes([len(piece)]) + piece, "photo chunk")
        if self.send_decipher:
            self.to_sam(bytes.fromhex("00FA050000"), "decipher")
        signature = self.sm_file(EF_SIGNATURE, round_up=True, last=True)
        verdict = self.sam.respond(bytes.fromhex("00FA040000"))
        self.sam_log.append((bytes.fromhex("00FA040000"), verdict))
        return Read(photo, cc, ds, biodata, signature, verdict)

    def authenticate(self) -> None:
        """Only the steps needed to get a secure channel (for the card-level tests)."""
        self.open_sam()
        uid = self.to_card(bytes.fromhex("FFCA000000"), "get UID")
        uid8 = (b"\x80" + uid).ljust(8, b"\x00")[:8]
        self.to_card(bytes.fromhex("00A40000027F0A"), "select DF")
        if self.card.uid8 != uid8:
            uid8 = self.to_card(bytes.fromhex("00DD000008"), "type-B UID")
        self.to_card(bytes.fromhex("00A40000026FF0"), "select CC")
        cc = self.to_card(bytes.fromhex("00B0000035"), "read CC")[2:]
        chal = self.to_card(bytes.fromhex("0084000008"), "get challenge")
        a = self.to_sam(bytes([0, 0xF1, 0, 1, 67]) + cc + uid8 + chal, "authenticate")
        r = self.to_card(b"\x00\x82\x00\x00\x28" + a, "external authenticate")
        self.to_sam(b"\x00\xf2\x00\x00\x28" + r, "check card")


def relay(index: int = 0, faults: CardFaults | None = None, **options: object) -> Relay:
    return Relay(make_card(index, faults), make_sam(), **options)  # type: ignore[arg-type]


# ---- plain commands -----------------------------------------------------------------------------


def test_uid_type_a():
    card = make_card(0)
    assert card.respond(bytes.fromhex("FFCA000000")) == bytes.fromhex(POPULATION[0].uid) + b"\x90\x00"
    card.respond(bytes.fromhex("00A40000027F0A"))
    assert card.respond(bytes.fromhex("00DD000008")) == b"\x6d\x00"


def test_uid_type_b():
    index = next(i for i, p in enumerate(POPULATION) if p.uid_type_b)
    card = make_card(index)
    uid = card.respond(bytes.fromhex("FFCA000000"))
    assert len(uid) == 4 + 2 and uid[-2:] == b"\x90\x00"
    card.respond(bytes.fromhex("00A40000027F0A"))
    expected = bytes.fromhex(POPULATION[index].uid_type_b)
    assert card.respond(bytes.fromhex("00DD000008")) == expected + b"\x90\x00"


def test_atr():
    assert make_card(0).atr == bytes.fromhex("3B80800101")


def test_select_df_and_not_ektp():
    assert make_card(0).respond(bytes.fromhex("00A40000027F0A")) == b"\x90\x00"
    assert make_card(0, CardFaults(not_ektp=True)).respond(bytes.fromhex("00A40000027F0A")) == b"\x6a\x82"
    # EFs live in the DF: not selectable before it.
    assert make_card(0).respond(bytes.fromhex("00A40000026FF2")) == b"\x6a\x82"


def test_photo_plain_read_short_and_extended():
    r = relay(0)
    r.to_card(bytes.fromhex("00A40000027F0A"), "select DF")
    photo, chunks = r.read_photo()
    assert photo == r.card.file(EF_PHOTO)
    assert len(chunks) == 2  # 8 bytes, then the rest in one extended read
    assert photo[2:4] == b"\xff\xd8" and photo[-2:] == b"\xff\xd9"
    assert 4000 <= len(photo) <= 20000

    r = relay(0, CardFaults(no_extended=True))
    r.to_card(bytes.fromhex("00A40000027F0A"), "select DF")
    photo2, chunks2 = r.read_photo()
    assert photo2 == photo
    assert all(len(c) <= 248 for c in chunks2) and len(chunks2) > 2
    assert any(resp == b"\x67\x00" for _, resp in r.card_log)


def test_plain_read_edges():
    card = make_card(0)
    card.respond(bytes.fromhex("00A40000027F0A"))
    card.respond(bytes.fromhex("00A40000026FF2"))
    size = len(card.file(EF_PHOTO))
    tail = card.respond(bytes([0, 0xB0, (size - 3) >> 8, (size - 3) & 0xFF, 0x10]))
    assert tail == card.file(EF_PHOTO)[-3:] + b"\x90\x00"  # fewer than asked at the end, no 62 82
    assert card.respond(bytes([0, 0xB0, size >> 8, size & 0xFF, 0x10])) == b"\x6b\x00"
    assert len(card.respond(bytes.fromhex("00B0000000"))) == 256 + 2  # Le 00 = 256
    # SM-only files refuse plain reads.
    card.respond(bytes.fromhex("00A40000026FF1"))
    assert card.respond(bytes.fromhex("00B0000008")) == b"\x69\x82"


def test_cc_file():
    card = make_card(0)
    card.respond(bytes.fromhex("00A40000027F0A"))
    card.respond(bytes.fromhex("00A40000026FF0"))
    cc = card.respond(bytes.fromhex("00B0000035"))
    assert len(cc) == 53 + 2 and cc[:2] == b"\x00\x33" and cc[-2:] == b"\x90\x00"


def test_malformed_and_unknown():
    card = make_card(0)
    assert card.respond(b"\x00\xa4") == b"\x67\x00"
    assert card.respond(bytes.fromhex("00A4000002")) == b"\x67\x00"  # Lc says 2, no data
    assert card.respond(bytes.fromhex("00CA000000")) == b"\x6d\x00"
    assert card.respond(bytes.fromhex("80A40000027F0A")) == b"\x6e\x00"
    assert card.respond(bytes.fromhex("00A40400027F0A")) == b"\x6a\x86"
    assert card.respond(bytes.fromhex("0084000010")) == b"\x67\x00"


# ---- authentication and secure messaging ---------------------------------------------------------


def test_protected_command_lengths_and_response_sizes():
    r = relay(0)
    r.authenticate()
    r.sm_select(EF_PHOTO)
    select_cmd = r.card_log[-1][0]
    assert len(select_cmd) == 27
    assert select_cmd[:8] == bytes.fromhex("0CA4000015870901") and select_cmd[-11:-9] == b"\x8e\x08"
    assert r.card_log[-1][1][:4] == b"\x99\x02\x90\x00" and len(r.card_log[-1][1]) == 16
    assert r.sam_log[-1][1] == b"\x90\x00\x90\x00"
    photo = r.card.file(EF_PHOTO)
    for n in (8, 208, 231):
        data = r.sm_read(8, n)
        cmd, resp = r.card_log[-1]
        assert len(cmd) == 19
        assert cmd[:8] == bytes([0x0C, 0xB0, 0x00, 0x08, 0x0D, 0x97, 0x01, n]) and cmd[-1] == 0
        cryptogram = 8 * (n // 8 + 1)
        length = 1 + cryptogram
        ber = bytes([length]) if length < 128 else bytes([0x81, length])
        assert resp[: 1 + len(ber) + 1] == b"\x87" + ber + b"\x01"
        assert len(resp) == 1 + len(ber) + length + 4 + 10 + 2
        assert resp[-16:-10] == b"\x99\x02\x90\x00\x8e\x08" and resp[-2:] == b"\x90\x00"
        assert data == photo[8:8 + n]
    assert len(r.card_log[-1][1]) - 2 == 250  # 231 plain bytes still fit the unwrap's 1-byte Lc
    assert len(r.card_log[-2][1]) - 2 == 234


def test_sm_refusal_is_inside_the_protected_response():
    r = relay(0)
    r.authenticate()
    data, sw = r.sm(bytes.fromhex("00A40000026FF9"), "select unknown")
    assert (data, sw) == (b"", 0x6A82)
    assert r.card_log[-1][1][:4] == b"\x99\x02\x6a\x82" and r.card_log[-1][1][-2:] == b"\x90\x00"
    r.sm_select(EF_BIODATA)
    size = len(r.card.file(EF_BIODATA))
    assert r.sm(bytes([0, 0xB0, size >> 8, size & 0xFF, 8]), "read beyond") == (b"", 0x6B00)
    # End of file: fewer bytes than asked, inner 90 00.
    assert r.sm(bytes([0, 0xB0, (size - 3) >> 8, (size - 3) & 0xFF, 8]), "read end") == (
        r.card.file(EF_BIODATA)[-3:], OK
    )


def test_sm_before_authentication_and_bad_mac():
    card = make_card(0)
    card.respond(bytes.fromhex("00A40000027F0A"))
    bogus = bytes.fromhex("0CB000000D970108") + b"\x8e\x08" + bytes(8) + b"\x00"
    assert card.respond(bogus) == b"\x69\x82"

    r = relay(0)
    r.authenticate()
    protected = r.to_sam(bytes.fromhex("00F3000005") + bytes.fromhex("00B0000008"), "wrap")
    tampered = protected[:-2] + bytes([protected[-2] ^ 1]) + protected[-1:]
    assert r.card.respond(tampered) == b"\x69\x88"
    # The channel is gone after an SM error.
    assert r.card.respond(protected) == b"\x69\x82"


def test_external_authenticate_needs_challenge_and_right_uid8():
    r = relay(0)
    r.open_sam()
    r.to_card(bytes.fromhex("00A40000027F0A"), "select DF")
    assert r.card.respond(b"\x00\x82\x00\x00\x28" + bytes(40) + b"\x28") == b"\x69\x85"
    r.to_card(bytes.fromhex("00A40000026FF0"), "select CC")
    cc = r.to_card(bytes.fromhex("00B0000035"), "read CC")[2:]
    chal = r.to_card(bytes.fromhex("0084000008"), "get challenge")
    wrong_uid8 = b"\x80" + bytes(7)
    a = r.to_sam(bytes([0, 0xF1, 0, 1, 67]) + cc + wrong_uid8 + chal, "authenticate")
    assert len(a) == 41 and a[-1] == 0x28
    assert r.card.respond(b"\x00\x82\x00\x00\x28" + a) == b"\x63\x00"


def test_ds_file_shape():
    r = relay(0)
    result = r.read()
    assert len(result.ds) == 80
    sig_len = int.from_bytes(result.ds[:2], "big")
    assert 8 <= sig_len <= 78 and result.ds[2] == 0x30  # DER SEQUENCE
    assert result.ds[2 + sig_len:] == bytes(80 - 2 - sig_len)


def test_files_content():
    result = relay(0).read()
    text = result.biodata[2:].decode("ascii")
    assert text.startswith('"') and text.endswith('"')
    fields = text[1:-1].split('","')
    assert fields == POPULATION[0].biodata_fields()
    assert len(result.signature) == 2 + 924 and result.signature[:2] == (924).to_bytes(2, "big")
    bitmap = result.signature[2:]
    assert 0 < sum(bin(b ^ 0xFF).count("1") for b in bitmap) < 168 * 44 // 3  # some ink, mostly white


def test_deterministic_files():
    a, b = make_card(3), VirtualCard(POPULATION[3])
    assert all(a.file(f) == b.file(f) for f in (0x6FF0, 0x6FF1, 0x6FF2, 0x6FF3, 0x6FF6))
    assert make_card(3).file(EF_PHOTO) != make_card(4).file(EF_PHOTO)


# ---- faults -------------------------------------------------------------------------------------


def test_status_at_fault():
    card = make_card(0, CardFaults(status_at=(2, 0x6F00)))
    assert card.respond(bytes.fromhex("FFCA000000"))[-2:] == b"\x90\x00"
    assert card.respond(bytes.fromhex("00A40000027F0A")) == b"\x6f\x00"
    assert card.respond(bytes.fromhex("00A40000027F0A")) == b"\x90\x00"


def test_status_at_aborts_relay():
    with pytest.raises(StatusError) as info:
        relay(0, CardFaults(status_at=(7, 0x6F00))).read()
    assert info.value.sw == 0x6F00


def test_pull_at_fires_once_counted_from_insertion():
    card = make_card(0, CardFaults(pull_at=3))
    assert not card.should_pull()
    card.respond(bytes.fromhex("FFCA000000"))
    assert not card.should_pull()
    card.respond(bytes.fromhex("00A40000027F0A"))
    assert card.should_pull()
    card.inserted()  # put back on the reader: reads normally now
    for _ in range(5):
        assert not card.should_pull()
        card.respond(bytes.fromhex("FFCA000000"))


def test_biodata_and_photo_faults_are_as_issued():
    latin = '"3273014507920001","JL. SÉ"'.encode("latin-1")
    result = relay(0, CardFaults(biodata=latin, photo=b"not an image at all")).read()
    assert result.biodata[2:] == latin
    assert result.photo[2:] == b"not an image at all"
    assert result.verdict == b"\x00\x01"  # odd but issued that way: still authentic


def test_photo_altered_after_issue_is_not_authentic():
    assert relay(0, CardFaults(photo_altered=True)).read().verdict == b"\x00\x00"


def test_respond_is_cheap():
    r = relay(1, chunk=208)
    start = time.perf_counter()
    for _ in range(20):
        r.card.reset()
        r.sam.reset()
        r.read()
    assert (time.perf_counter() - start) / 20 < 0.05


# ---- through the real PC/SC stack ---------------------------------------------------------------

@pytest.mark.pcscd
def test_uid_through_pcscd(pcscd):
    from smartcard.CardRequest import CardRequest
    from smartcard.System import readers

    from reader.simulator import vpcd

    card = make_card(0)
    handle = vpcd.start(card, vpcd.CARD_PORT)
    try:
        deadline = time.monotonic() + 5
        while not (matching := [r for r in readers() if str(r).startswith("Virtual PCD 00 00")]):
            assert time.monotonic() < deadline, "pcscd lists no Virtual PCD 00 00 reader"
            time.sleep(0.05)
        reader = matching[0]
        request = CardRequest(readers=[reader], timeout=5)
        service = request.waitforcard()
        service.connection.connect()
        try:
            data, sw1, sw2 = service.connection.transmit([0xFF, 0xCA, 0x00, 0x00, 0x00])
            assert bytes(data) == bytes.fromhex(POPULATION[0].uid) and (sw1, sw2) == (0x90, 0x00)
            assert bytes(service.connection.getATR()) == card.atr
        finally:
            service.connection.disconnect()
    finally:
        handle.stop()


def test_vpcd_refused_message():
    from reader.simulator import vpcd

    # Port 9 (discard) on localhost is not listening here; use it so no vpcd card gets inserted.
    with pytest.raises(ConnectionRefusedError, match="vpcd not listening on 127.0.0.1:9"):
        vpcd.start(make_card(0), 9)


def test_no_personal_data_in_repr():
    assert POPULATION[0].nik not in repr(make_card(0)) and POPULATION[0].nama not in repr(make_card(0))
