"""The reader written from letter-seal.md alone (tests/independent_seal_reader.py): it decides every case of the
spec as the spec says, on seals the tests build from the spec.
"""

from __future__ import annotations

import cbor2
import pytest

from tests import independent_seal_reader as reader
from tests import seal_spec_support as spec


def test_the_reader_imports_nothing_of_loket() -> None:
    source = open(reader.__file__, encoding="utf-8").read()
    for package in ("app", "forms", "reader"):
        assert f"from {package}" not in source and f"import {package}" not in source


@pytest.mark.parametrize("name", [c.name for c in spec.cases(spec.new_key(), spec.new_key())])
def test_each_case_gets_the_verdict_of_the_spec(name: str) -> None:
    case = next(c for c in spec.cases(spec.new_key(), spec.new_key()) if c.name == name)
    got = reader.read(case.content, case.trust)
    assert got.verdict == case.verdict, got.why
    if got.verdict == "valid":
        assert got.office == spec.OFFICE_NAME and got.payload == spec.PAYLOAD


def test_a_seal_behind_the_verification_url_reads_the_same() -> None:
    office = spec.new_key()
    got = reader.read("https://kec-manggar.example.go.id/cek#" + spec.seal(office), {"v": 1, "keys": [office.entry()]})
    assert got.verdict == "valid"


def test_a_letter_before_the_revocation_date_stays_valid() -> None:
    office = spec.new_key()
    assert reader.read(spec.seal(office), {"v": 1, "keys": [office.entry(revoked="2026-12-08")]}).verdict == "valid"
    assert reader.read(spec.seal(office), {"v": 1, "keys": [office.entry(revoked="2026-12-07")]}).verdict == "revoked"


def test_a_key_of_another_office_cannot_vouch_for_this_one() -> None:
    office = spec.new_key()
    got = reader.read(spec.seal(office, {**spec.PAYLOAD, "iss": "3578099"}), {"v": 1, "keys": [office.entry()]})
    assert got.verdict == "forged"


def test_a_trust_entry_whose_kid_is_not_its_key_is_not_trusted() -> None:
    office, other = spec.new_key(), spec.new_key()
    lying = {**other.entry(), "kid": office.kid.hex()}  # another key listed under this office's kid
    assert reader.read(spec.seal(office), {"v": 1, "keys": [lying]}).verdict == "unknown_office"


@pytest.mark.parametrize("mangle", ["padding", "raw_deflate", "wrong_tag", "int_kid", "es256", "bad_date", "x4",
                                    "trailing"])
def test_malformed_seals_are_not_seals(mangle: str) -> None:
    import zlib

    office = spec.new_key()
    trust = {"v": 1, "keys": [office.entry()]}
    protected, body, signature = spec.cose_sign1(office, spec.PAYLOAD)
    cose = cbor2.dumps(cbor2.CBORTag(18, [protected, {}, body, signature]))
    if mangle == "padding":
        content = spec.pack(protected, body, signature) + "=="
    elif mangle == "raw_deflate":
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        content = "LK1." + spec.b64u(c.compress(cose) + c.flush())
    elif mangle == "wrong_tag":
        content = "LK1." + spec.b64u(zlib.compress(cbor2.dumps(cbor2.CBORTag(98, [protected, {}, body, signature]))))
    elif mangle == "int_kid":
        content = spec.pack(cbor2.dumps({1: -8, 4: 7}), body, signature)
    elif mangle == "trailing":
        content = "LK1." + spec.b64u(zlib.compress(cose + b"\x00"))
    elif mangle == "es256":
        content = spec.pack(cbor2.dumps({1: -7, 4: office.kid}), body, signature)
    elif mangle == "bad_date":
        content = spec.seal(office, {**spec.PAYLOAD, "d": "07-12-2026"})
    else:
        content = spec.seal(office, {**spec.PAYLOAD, "x": {"a": "1", "b": "2", "c": "3", "d": "4"}})
    assert reader.read(content, trust).verdict == "not_loket"
