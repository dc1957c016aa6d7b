"""Property tests: parsers and whole reads on arbitrary bytes raise nothing but ReadError subclasses, and
an Identity, when one comes back, is complete and (if called authentic) exactly what the card holds."""

from __future__ import annotations

import os
import string

import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from reader import biodata, images, nik, spelling
from reader.errors import CardDataMalformed, ReadError
from reader.identity import Authenticity, Identity, Photo, Signature
from reader.options import CardOptions
from reader.sam import SamSecrets
from reader.session import read_with
from reader.simulator import SIM_CONF, SIM_PCID
from reader.simulator.card import CardFaults, VirtualCard, biodata_content
from reader.simulator.factory import make_card, make_sam
from reader.simulator.population import person
from reader.simulator.sam import VirtualSam
from reader.transport import InProcessTransport

SECRETS = SamSecrets(SIM_PCID, SIM_CONF)
# In the suite: a fixed, quick sample. fuzz/parsers.sh sets LOKET_FUZZ_EXAMPLES for a long random run.
LONG = int(os.environ.get("LOKET_FUZZ_EXAMPLES", "0"))
FAST = settings(max_examples=LONG or 150, deadline=None, derandomize=not LONG, database=None,
                suppress_health_check=[HealthCheck.too_slow])
READS = settings(max_examples=LONG // 4 or 40, deadline=None, derandomize=not LONG, database=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

VALUE_CHARS = st.characters(codec="utf-8", exclude_characters="\x00")
value = st.one_of(
    st.text(VALUE_CHARS, max_size=24),
    st.sampled_from(["", " ", '"', '""', ",", '",', ',"', "LAKI-LAKI", "P", "05-07-1992", "19920705", "7", "A"]),
).filter(lambda v: '","' not in v)
a_nik = st.one_of(st.text(string.digits, min_size=16, max_size=16), st.text(max_size=18))


def _complete(ident: Identity) -> None:
    """Never a half Identity: every field typed and filled by the rules."""
    j = ident.to_json()
    for key in biodata.KNOWN_KEYS:
        assert isinstance(getattr(ident, key), str) or key == "tanggal_lahir", key
    assert nik.is_well_formed(ident.nik)
    assert ident.nama.strip()
    assert ident.jenis_kelamin in ("", "LAKI-LAKI", "PEREMPUAN")
    assert isinstance(ident.photo, Photo) and isinstance(ident.signature, Signature)
    assert len(ident.signature.bits) == images.SIGNATURE_BYTES
    assert ident.authenticity in (Authenticity.VALID, Authenticity.INVALID)
    assert j["photo"]["size"] == len(ident.photo.data)
    assert ident.uid


# -- parsers ---------------------------------------------------------------------------------------------

@FAST
@given(st.binary(max_size=600))
def test_biodata_parse_arbitrary_bytes(raw: bytes) -> None:
    try:
        b = biodata.parse(raw)
    except CardDataMalformed:
        return
    assert set(b.values) == set(biodata.KNOWN_KEYS)
    assert nik.is_well_formed(b.values["nik"]) and b.values["nama"]


@FAST
@given(a_nik, st.lists(value, min_size=0, max_size=26), st.sampled_from(["utf-8", "latin-1"]),
       st.binary(max_size=3).map(lambda b: b.replace(b'"', b"")))
def test_biodata_parse_structured(number: str, rest: list[str], encoding: str, junk: bytes) -> None:
    values = [number, *rest]
    text = '"' + '","'.join(values) + '"'
    # A value ending in '"' or starting with ',' next to a separator makes a new '","': that is other fields,
    # not these, so the oracle below would be about a different record (found by fuzz/parsers.sh).
    assume(text[1:-1].split('","') == values)
    raw = text.encode(encoding, errors="replace") + b"\x00" * len(junk)
    try:
        b = biodata.parse(raw)
    except CardDataMalformed:
        ok = False
    else:
        ok = True
        assert set(b.values) == set(biodata.KNOWN_KEYS)
        assert all(isinstance(v, str) for v in b.values.values())
        assert b.values["jenis_kelamin"] in ("", "LAKI-LAKI", "PEREMPUAN")
        assert (b.tanggal_lahir is None) == (b.values["tanggal_lahir"] == "")
        assert (len(values) > 21) == any("kolom" in w for w in b.warnings)
        for key in ("rt", "rw"):
            assert len(b.values[key]) == 3 and b.values[key].isdigit() or f"{key}_raw" in b.extras
    if encoding == "utf-8":  # the exact rule: >= 21 fields, a 16-digit NIK and a name
        name = " ".join(values[13].split()) if len(values) > 13 else ""
        nik_ok = nik.is_well_formed(" ".join(number.split()))
        assert ok == (len(values) >= 21 and nik_ok and bool(name)), (len(values), nik_ok, name)


@FAST
@given(st.text(max_size=20))
def test_value_normalisers_never_raise(raw: str) -> None:
    d = spelling.parse_date(raw, lenient=True)
    assert d is None or 1 <= d.year <= 9999
    assert spelling.sex(raw) in ("", "LAKI-LAKI", "PEREMPUAN")
    rt = spelling.padded_rt_rw(raw)
    assert not spelling.is_rt_rw(raw) or (len(rt) == 3 and rt.isascii() and rt.isdigit())
    assert nik.problem(raw) is not None or nik.is_well_formed(raw)  # nothing but 16 digits is accepted


@FAST
@given(st.text(max_size=20), st.dates() | st.none(), st.sampled_from(["", "LAKI-LAKI", "PEREMPUAN", "X"]))
def test_nik_rules_never_crash(number: str, birth: object, sex: str) -> None:
    warnings = nik.consistency_warnings(number, birth, sex)  # type: ignore[arg-type]
    assert all(isinstance(w, str) and w for w in warnings)
    if not nik.is_well_formed(number):
        with pytest.raises(ValueError):
            nik.parse(number)
        assert len(warnings) == 1


@FAST
@given(st.text(string.digits, min_size=16, max_size=16))
def test_nik_any_16_digits_decodes(number: str) -> None:
    info = nik.parse(number)
    assert info.female == (int(number[6:8]) > 40)
    assert 0 <= info.birth_day <= 59 and info.serial == number[12:]


@FAST
@given(st.binary(max_size=400))
def test_photo_from_file_arbitrary(file: bytes) -> None:
    try:
        photo, warnings = images.photo_from_file(file)
    except CardDataMalformed:
        assert len(file) < 2 or len(file) - 2 < int.from_bytes(file[:2], "big")
        return
    length = int.from_bytes(file[:2], "big")
    assert photo.data == file[2:2 + length]
    assert (photo.mime == images.UNKNOWN_MIME) == bool(warnings)


@FAST
@given(st.sampled_from([b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"\xff\x4f\xff\x51", b""]), st.binary(max_size=50))
def test_photo_magic_with_any_tail(magic: bytes, tail: bytes) -> None:
    data = magic + tail
    photo, warnings = images.photo_from_file(len(data).to_bytes(2, "big") + data)
    assert photo.data == data
    assert (photo.mime == images.UNKNOWN_MIME) == (magic == b"" and images.detect_mime(tail) == images.UNKNOWN_MIME)


@FAST
@given(st.binary(max_size=1100))
def test_signature_from_content_arbitrary(content: bytes) -> None:
    try:
        sig = images.signature_from_content(content)
    except CardDataMalformed:
        assert len(content) < images.SIGNATURE_BYTES
        return
    assert sig.bits == content[:images.SIGNATURE_BYTES]
    assert sig.is_black(0, 0) in (True, False) and sig.is_black(167, 43) in (True, False)
    png = images.signature_png(sig)
    assert png.startswith(b"\x89PNG")


# -- whole reads -----------------------------------------------------------------------------------------

def _read(card: object, sam: object, **options: object) -> Identity | ReadError:
    try:
        return read_with(InProcessTransport(card), InProcessTransport(sam), CardOptions(**options),
                         SECRETS).identity
    except ReadError as exc:
        return exc


biodata_bytes = st.one_of(
    st.binary(max_size=700),
    st.lists(value, min_size=18, max_size=24).map(lambda f: biodata_content(f)),
    st.tuples(st.text(string.digits, min_size=16, max_size=16), st.lists(value, min_size=20, max_size=23))
    .map(lambda t: biodata_content([t[0], *t[1]])),
)


@READS
@given(biodata_bytes, st.one_of(st.none(), st.binary(max_size=700)))
def test_whole_read_with_arbitrary_biodata_and_photo(bio: bytes, photo: bytes | None) -> None:
    card = make_card(0, CardFaults(biodata=bio, photo=photo))
    result = _read(card, make_sam())
    event(type(result).__name__)
    try:
        expected = biodata.parse(bio)
    except CardDataMalformed:
        assert isinstance(result, CardDataMalformed), result
        return
    assert isinstance(result, Identity), result
    _complete(result)
    # as issued: the SAM confirms it, and the host shows exactly what the chip holds
    assert result.authenticity is Authenticity.VALID
    assert {k: getattr(result, k) for k in biodata.KNOWN_KEYS if k != "tanggal_lahir"} == {
        k: v for k, v in expected.values.items() if k != "tanggal_lahir"}
    assert result.tanggal_lahir == expected.tanggal_lahir
    if photo is not None:
        assert result.photo.data == photo


class Corrupting:
    """Passes a real device through, except the n-th answer, which is replaced by arbitrary bytes."""

    def __init__(self, device: VirtualCard | VirtualSam, n: int, answer: bytes) -> None:
        self.device, self.n, self.answer, self.count = device, n, answer, 0

    def respond(self, apdu: bytes) -> bytes:
        self.count += 1
        real = self.device.respond(apdu)
        return self.answer if self.count == self.n else real


REFERENCE = None


def _reference() -> dict[str, object]:
    global REFERENCE
    if REFERENCE is None:
        ident = _read(make_card(0), make_sam())
        assert isinstance(ident, Identity)
        REFERENCE = ident.to_json()
    return REFERENCE


answers = st.one_of(
    st.binary(max_size=300),
    st.tuples(st.binary(max_size=60), st.sampled_from([0x9000, 0x6100, 0x6101, 0x6C00, 0x6C08, 0x6A82,
                                                       0x6982, 0x6700, 0x6282, 0x6B00, 0x0001]))
    .map(lambda t: t[0] + t[1].to_bytes(2, "big")),
)


@READS
@given(st.integers(1, 23), answers)
def test_card_answer_corrupted_at_any_step(n: int, answer: bytes) -> None:
    result = _read(Corrupting(make_card(0), n, answer), make_sam())
    event(getattr(result, "authenticity", type(result).__name__))
    if isinstance(result, Identity):
        _complete(result)
        if result.authenticity is Authenticity.VALID:  # never "authentic" with data the card did not hold
            assert result.to_json() == _reference()
    else:
        assert isinstance(result, ReadError)


@READS
@given(st.integers(1, 67), answers)
def test_sam_answer_corrupted_at_any_step(n: int, answer: bytes) -> None:
    result = _read(make_card(0), Corrupting(make_sam(), n, answer))
    event(getattr(result, "authenticity", type(result).__name__))
    if isinstance(result, Identity):
        # The SAM is the trusted party (its unwrap *is* the plaintext), so no equality is claimed here.
        _complete(result)
    else:
        assert isinstance(result, ReadError)


def test_reference_person_is_the_one_read() -> None:
    assert _reference()["nik"] == person(0).nik
    assert isinstance(make_card(0), VirtualCard)
