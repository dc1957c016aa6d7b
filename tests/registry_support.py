"""Helpers shared by the registry tests: a throw-away keyring, a closed port, chip reads of simulated people.

The fixtures are in ``registry_fixtures`` (loaded with ``pytest_plugins``), kept out of conftest.py so the
registry tests do not collide with fixtures other suites define there.
"""

from __future__ import annotations

import json
import socket
from pathlib import Path

import keyring
import keyring.backend
import keyring.errors

from app.sim.registry import SIM_AGENCY
from reader import spelling
from reader.identity import Authenticity, Identity, Photo
from reader.simulator.population import Person


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring that lives and dies with one test, so no test ever touches a real user's keyring."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


class BrokenKeyring(MemoryKeyring):
    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.PasswordSetError(f"cannot store {password}")  # a backend that quotes its input


def write_settings(path: Path, **registry: object) -> None:
    path.write_text(json.dumps({"registry": registry}), encoding="utf-8")


def closed_port() -> int:
    """A port nothing listens on: bound, then released, so a connect is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def identity(person: Person, **changes: object) -> Identity:
    """What a clean chip read of this simulated person gives (the reader's job, done here by hand)."""
    values: dict[str, object] = dict(
        nik=person.nik, nama=person.nama, tempat_lahir=person.tempat_lahir,
        tanggal_lahir=spelling.read_date(person.tanggal_lahir),
        jenis_kelamin=spelling.sex(person.jenis_kelamin, strict=False),
        golongan_darah=person.golongan_darah, alamat=person.alamat, rt=person.rt, rw=person.rw,
        kelurahan=person.kelurahan, kecamatan=person.kecamatan, kabupaten=person.kabupaten,
        provinsi=person.provinsi, agama=person.agama, status_perkawinan=person.status_perkawinan,
        pekerjaan=person.pekerjaan, kewarganegaraan=person.kewarganegaraan,
        berlaku_hingga=person.berlaku_hingga, uid=person.uid, authenticity=Authenticity.VALID,
        photo=Photo(b"\xff\xd8\xff\xe0fake", "image/jpeg"), signature=None,
    )
    values.update(changes)
    return Identity(**values)  # type: ignore[arg-type]


AGENCY = SIM_AGENCY
