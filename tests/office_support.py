"""An office counter's local state as an earlier session online would have left it."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

from app.storage import sqlite as local


def block_checked(office: str, first: int, last: int, outbox: Path | None = None) -> None:
    """The office server checked this counter's fallback block (done at its first online print, or by IT's
    `loket db status`): the block may now be used while the server is away."""
    with closing(local.open_outbox(outbox)) as conn:
        local.set_block_state(conn, office, f"ok:{first}-{last}")
