"""Fixtures for the PostgreSQL tests (``pytest_plugins = ("tests.postgres_fixtures",)``): one throwaway
cluster per run, a fresh office database per test with the schema applied by the real ``upgrade``."""

from __future__ import annotations

import itertools
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.postgres_support import APP_PASSWORD, APP_USER, Cluster, Unavailable, start_cluster

_names = itertools.count(1)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    try:
        cluster = start_cluster()
    except Unavailable as exc:
        if os.environ.get("LOKET_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"a PostgreSQL server is required here: {exc}")
        pytest.skip(str(exc))
    yield cluster
    cluster.destroy()


@dataclass
class Office:
    cluster: Cluster
    dbname: str
    settings_path: Path
    storage: dict[str, Any]

    def write_settings(self, **storage: Any) -> None:
        """Merge ``storage`` keys into this test's settings file (the one LOKET_CONFIG names)."""
        self.storage.update(storage)
        data = json.loads(self.settings_path.read_text()) if self.settings_path.exists() else {}
        data["storage"] = self.storage
        self.settings_path.write_text(json.dumps(data))

    def env(self, counter: str = "", **extra: str) -> dict[str, str]:
        """The environment for a child ``loket`` process of this office; with ``counter``, as another counter
        (its own settings file and data folder)."""
        config, data = self.settings_path, self.settings_path.parent / "loket-data"
        if counter:
            config = self.settings_path.with_name(f"settings-{counter}.json")
            body = json.loads(self.settings_path.read_text())
            body["storage"] = {**self.storage, "counter": counter}
            config.write_text(json.dumps(body))
            data = self.settings_path.parent / f"data-{counter}"
            # Another counter has its seal keys too (tests/conftest.py seal_keys): the public list beside its
            # data, the private halves in the test's file keyring its processes share.
            from app.letters.sealkeys import keys_path

            if keys_path().is_file() and not (data / keys_path().name).exists():
                data.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(keys_path(), data / keys_path().name)
        return {**os.environ, "LOKET_CONFIG": str(config), "LOKET_DATA_DIR": str(data),
                "LOKET_DB_PASSWORD": APP_PASSWORD, **extra}

    def sql(self, query: str, params: tuple = ()) -> list[tuple]:
        with self.cluster.admin(self.dbname) as conn:
            cur = conn.execute(query, params)
            return cur.fetchall() if cur.description else []


@pytest.fixture
def pg_office(pg_cluster: Cluster, isolated_settings: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Office]:
    from app import audit
    from app.base.settings import load
    from app.storage import config
    from app.storage.migrations import migrations
    from app.storage.postgres import upgrade

    if not pg_cluster.running():
        pg_cluster.start()
    dbname = f"office_{os.getpid()}_{next(_names)}"
    with pg_cluster.admin() as conn:
        conn.execute(f"CREATE DATABASE {dbname} OWNER {APP_USER}")
    monkeypatch.setenv("LOKET_DB_PASSWORD", APP_PASSWORD)
    monkeypatch.setenv("LOKET_AUDIT_KEY", "office-audit-key-1")
    audit.forget_key()
    office = Office(pg_cluster, dbname, isolated_settings, {
        "backend": "postgres", "counter": "loket-1", "retry_seconds": 0,
        "postgres": {"host": "127.0.0.1", "port": pg_cluster.port, "dbname": dbname, "user": APP_USER,
                     "sslmode": "disable", "connect_timeout": 2}})
    office.write_settings()
    assert upgrade(config(load())) == [m.name for m in migrations("postgres")]
    yield office
    audit.forget_key()
    if not pg_cluster.running():
        pg_cluster.start()
    with pg_cluster.admin() as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {dbname} WITH (FORCE)")
