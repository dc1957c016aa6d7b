"""What the rest of Loket asks of a storage, whichever backend the settings choose."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Protocol

from app.settings import Settings
from app.storage import StorageConfig, config

if TYPE_CHECKING:
    from app.audit import Row
    from forms.numbering import NumberSource


class Storage(Protocol):
    name: str

    def numbers(self) -> NumberSource:
        """Where letter sequences are taken (may raise forms.numbering.Unreachable)."""
        ...

    def fallback(self) -> NumberSource | None:
        """Where a number comes from while ``numbers()`` is unreachable; None: no number offline."""
        ...

    def audit_rows(self, since: str = "", until: str = "", nik_hash: str = "",
                   workstation: str = "") -> Iterator[Row]:
        """Audit rows of every counter in [since, until) (UTC ISO text; "" = open)."""
        ...

    def upgrade(self) -> list[str]:
        """Apply missing schema migrations; the names applied."""
        ...


def storage_for(settings: Settings | None = None, cfg: StorageConfig | None = None) -> Storage:
    cfg = cfg or config(settings)
    if cfg.is_postgres:
        from app.storage.postgres import PostgresStorage

        return PostgresStorage(cfg)
    from app.formdata import numbering_file
    from app.storage.sqlite import SqliteStorage

    return SqliteStorage(numbering_file(settings))
