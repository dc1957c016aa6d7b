"""What the rest of Loket asks of a storage, whichever backend the settings choose."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from app.base.settings import Settings
from app.storage import StorageConfig, config

if TYPE_CHECKING:
    from forms.numbering import NumberSource


class Storage(Protocol):
    name: str

    def numbers(self) -> NumberSource:
        """Where letter sequences are taken (may raise forms.numbering.Unreachable)."""
        ...

    def fallback(self) -> NumberSource | None:
        """Where a number comes from while ``numbers()`` is unreachable; None: no number offline."""
        ...

    def upgrade(self) -> list[str]:
        """Apply missing schema migrations; the names applied."""
        ...


def storage_for(settings: Settings | None = None, cfg: StorageConfig | None = None) -> Storage:
    cfg = cfg or config(settings)
    if cfg.is_postgres:
        from app.storage.postgres import PostgresStorage

        return PostgresStorage(cfg)
    from app.storage.sqlite import SqliteStorage

    return SqliteStorage(numbering_file(settings), cfg.counter_id)


def numbering_file(settings: Settings | None = None) -> Path:
    """The JSON counter file of earlier versions (``forms.numbering_file``), carried on by nomor.sqlite3."""
    from app.base.settings import config_path

    forms = (settings.extra.get("forms") if settings is not None else None) or {}
    configured = forms.get("numbering_file") if isinstance(forms, dict) else None
    return Path(configured) if isinstance(configured, str) and configured else config_path().parent / "nomor.json"
