"""Card profiles are found through the `loket.card_profiles` entry-point group, vendor ones first."""

from __future__ import annotations

import sys
import textwrap
from dataclasses import replace

import pytest

from reader.identity import Authenticity
from reader.options import CardOptions
from reader.profiles import _vendor_classes, discover
from reader.sam import SamSecrets
from reader.session import read_with
from reader.simulator import SIM_CONF, SIM_PCID
from reader.simulator.factory import make_card, make_sam
from reader.transport import InProcessTransport

SECRETS = SamSecrets(SIM_PCID, SIM_CONF)


@pytest.fixture
def vendor_package(tmp_path, monkeypatch):
    """A separately installed package declaring a profile, as a reader vendor would ship it."""
    (tmp_path / "vendor_profile.py").write_text(textwrap.dedent('''
        from dataclasses import replace
        from reader.profiles.ektp import EktpProfile

        class VendorProfile(EktpProfile):
            name = "vendor-x"

            def matches(self, card):
                # This vendor's cards answer GET UID with a UID starting 04 A1.
                return card.exchange(bytes.fromhex("FFCA000000")).data[:2] == bytes.fromhex("04A1")

            def read(self, card, sam):
                identity = super().read(card, sam)
                return replace(identity, extras={**identity.extras, "profile": self.name})
    '''))
    dist = tmp_path / "vendor_profile-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: vendor-profile\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[loket.card_profiles]\nvendor-x = vendor_profile:VendorProfile\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    _vendor_classes.cache_clear()
    yield
    _vendor_classes.cache_clear()
    sys.modules.pop("vendor_profile", None)


def _read(person: int):
    return read_with(InProcessTransport(make_card(person)), InProcessTransport(make_sam()), CardOptions(), SECRETS)


def test_builtin_profile_alone_reads_ektp():
    _vendor_classes.cache_clear()
    profiles = discover(CardOptions(), SECRETS)
    assert [p.name for p in profiles] == ["ektp"]
    assert _read(0).profile == "ektp"


def test_vendor_profile_is_discovered_and_asked_first(vendor_package):
    assert [p.name for p in discover(CardOptions(), SECRETS)] == ["vendor-x", "ektp"]
    result = _read(0)  # person 0's UID starts 04 A1: the vendor profile claims it
    assert result.profile == "vendor-x"
    assert result.identity.extras["profile"] == "vendor-x"
    assert result.identity.authenticity is Authenticity.VALID


def test_card_the_vendor_profile_does_not_claim_falls_back_to_builtin(vendor_package):
    result = _read(1)
    assert result.profile == "ektp"
    assert "profile" not in result.identity.extras


def test_identity_is_immutable_so_a_profile_cannot_patch_half_a_person():
    identity = _read(3).identity
    with pytest.raises(AttributeError):
        identity.nama = "SOMEONE ELSE"  # type: ignore[misc]
    assert replace(identity, nama="X").nik == identity.nik
