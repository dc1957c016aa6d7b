"""Where shared state lives: the embedded default (SQLite and small files in the per-machine data folder:
one counter, the demo) or an office's PostgreSQL server (several counters, one letter sequence, one trail).

Switching is a setting, never a code change:

    "storage": {"backend": "postgres",
                "postgres": {"host": "10.0.0.5", "port": 5432, "dbname": "loket", "user": "loket",
                             "sslmode": "prefer", "connect_timeout": 3},
                "office": "KEC-BPT", "counter": "loket-3",
                "fallback_numbers": {"start": 9000, "end": 9099}}

The password is in the keyring (``db-password``; ``LOKET_DB_PASSWORD`` for tests and unattended installs).
``counter`` names this counter's audit chain and is printed as the row's ``workstation`` (default: the
machine's host name); two machines must never share one.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from app.base.clerktext import QT_TRANSLATE_NOOP
from app.base.paths import in_demo
from app.base.settings import Settings

if TYPE_CHECKING:
    from forms.numbering import Unreachable as Unreachable  # the server cannot be reached right now


def __getattr__(name: str) -> object:
    # ``Unreachable`` is named here for callers, but loaded on first use: every audited card read imports this
    # package for ``config`` and must not pay for forms.numbering (~8 ms CPU) it never uses.
    if name == "Unreachable":
        from forms.numbering import Unreachable

        return Unreachable
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

BACKENDS = ("sqlite", "postgres")
PASSWORD_KEY = "db-password"
PASSWORD_ENV = "LOKET_DB_PASSWORD"


class StorageError(Exception):
    """A storage problem the clerk or IT must act on; ``id_text`` is the Indonesian sentence."""

    def __init__(self, message: str, id_text: str) -> None:
        super().__init__(message)
        self.id_text = id_text


@dataclass(frozen=True)
class PostgresConfig:
    host: str = "127.0.0.1"
    port: int = 5432
    dbname: str = "loket"
    user: str = "loket"
    sslmode: str = "prefer"
    connect_timeout: int = 3  # seconds: an office network that is down must not hold the clerk for long


@dataclass(frozen=True)
class StorageConfig:
    backend: str = "sqlite"
    postgres: PostgresConfig = field(default_factory=PostgresConfig)
    office: str = ""  # "" = the letterhead's office code, as the single counter always used
    counter: str = ""  # "" = the host name
    fallback_numbers: tuple[int, int] | None = None
    retry_seconds: float = 30.0  # after a failed push, wait this long before the next automatic try

    @property
    def counter_id(self) -> str:
        return self.counter or socket.gethostname()

    @property
    def is_postgres(self) -> bool:
        return self.backend == "postgres"


def _int(value: Any, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def config(settings: Settings | None = None) -> StorageConfig:
    """The ``storage`` section; the settings file is read when ``settings`` is None. An unknown backend
    is an error rather than a silent fall back to SQLite: a counter that thinks it is sharing numbers
    with the office while it is not would print duplicates."""
    if settings is None:
        from app.base.settings import load

        settings = load()
    raw = settings.extra.get("storage") or {}
    raw = raw if isinstance(raw, dict) else {}
    if in_demo():  # a --demo run's simulated letters are numbered in its own folder, never on the office server
        raw = {k: v for k, v in raw.items() if k not in ("backend", "fallback_numbers")}
    backend = raw.get("backend", "sqlite")
    if backend not in BACKENDS:
        raise StorageError(f"storage.backend must be one of {BACKENDS}, not {backend!r}",
                           QT_TRANSLATE_NOOP(
                               "Core", "Pengaturan penyimpanan (storage.backend) tidak dikenal. Hubungi petugas IT."))
    pg = raw.get("postgres") or {}
    pg = pg if isinstance(pg, dict) else {}
    defaults = PostgresConfig()
    postgres = PostgresConfig(
        host=str(pg.get("host") or defaults.host), port=_int(pg.get("port"), defaults.port),
        dbname=str(pg.get("dbname") or defaults.dbname), user=str(pg.get("user") or defaults.user),
        sslmode=str(pg.get("sslmode") or defaults.sslmode),
        connect_timeout=max(1, _int(pg.get("connect_timeout"), defaults.connect_timeout)))
    block = raw.get("fallback_numbers")
    fallback = None
    if isinstance(block, dict):
        start, end = _int(block.get("start"), 0), _int(block.get("end"), 0)
        if 0 < start <= end:
            fallback = (start, end)
        else:
            raise StorageError(f"storage.fallback_numbers needs 0 < start <= end, got {block!r}",
                               QT_TRANSLATE_NOOP(
                                   "Core", "Blok nomor cadangan (storage.fallback_numbers) tidak valid. Hubungi "
                                           "petugas IT."))
    retry = raw.get("retry_seconds", 30.0)
    retry = float(retry) if isinstance(retry, int | float) and not isinstance(retry, bool) else 30.0
    return StorageConfig(backend, postgres, str(raw.get("office") or ""), str(raw.get("counter") or ""),
                         fallback, max(0.0, retry))
