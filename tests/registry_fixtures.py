"""Fixtures for the registry tests (loaded with ``pytest_plugins = ("tests.registry_fixtures",)``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.base import credentials
from app.registry.client import PASSWORD_ENV, USER_ENV
from app.sim.registry import SIM_PASSWORD, SIM_USER, SimulatorHandle, start_simulator
from tests.registry_support import MemoryKeyring


@pytest.fixture
def sim() -> Iterator[SimulatorHandle]:
    handle = start_simulator()
    yield handle
    handle.stop()


@pytest.fixture
def sim_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(USER_ENV, SIM_USER)
    monkeypatch.setenv(PASSWORD_ENV, SIM_PASSWORD)


@pytest.fixture
def no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(USER_ENV, raising=False)
    monkeypatch.delenv(PASSWORD_ENV, raising=False)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = credentials.keyring_backend()
    backend = MemoryKeyring()
    credentials.use_keyring(backend)
    yield backend
    credentials.use_keyring(previous)


@pytest.fixture
def config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty settings file; tests write the registry section they need with ``write_settings``."""
    path = tmp_path / "settings.json"
    path.write_text("{}", encoding="utf-8")
    monkeypatch.setenv("LOKET_CONFIG", str(path))
    return path
