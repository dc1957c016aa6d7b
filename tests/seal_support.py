"""Seal keys for tests: a key per office code the tests print under, written the way `loket letters key new`
writes them (the private half into this test's file keyring, the public half into its data folder), from
fixed seeds so no test pays for key generation."""

from __future__ import annotations

import hashlib
from datetime import date

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

# The office codes of the example letterheads and of the tests' office settings.
TEST_OFFICES = ("KEL-MGR", "KEC-BPT", "KANTOR-1", "M")
SINCE = date(2000, 1, 1)


def office_key(iss: str) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(hashlib.sha256(f"loket-test-seal/{iss}".encode()).digest())


def install_seal_keys(offices: tuple[str, ...] = TEST_OFFICES, since: date = SINCE) -> None:
    from app.base.credentials import set_secret
    from app.letters import sealkeys
    from app.letters.seal import kid_of

    infos = []
    for iss in offices:
        private = office_key(iss)
        public = private.public_key().public_bytes_raw()
        kid = kid_of(public).hex()
        set_secret(sealkeys.KEYRING_PREFIX + kid, sealkeys.b64url(private.private_bytes_raw()))
        infos.append(sealkeys.KeyInfo(kid, sealkeys.b64url(public), iss, f"KANTOR {iss}", since.isoformat(), None,
                                      "test"))
    sealkeys._save_local([*sealkeys.local_keys(), *infos])
