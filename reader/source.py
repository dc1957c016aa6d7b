"""Where a read goes: the plug-in point beside PC/SC (after AusweisApp's ``src/card/simulator`` next to
``src/card/pcsc``).

A real read names nothing (the readers come from the settings, or are found by probing) and takes the SAM's
secrets from the OS keyring. A ``CardSource`` can name the readers to use, bring its own SAM secrets, or
hand over an in-process pair of transports instead of PC/SC. The simulator (``app/sim/demo.py``) is one such
source; the read path itself never imports it.
"""

from __future__ import annotations

from typing import Protocol

from reader.sam import SamSecrets
from reader.transport import Transport


class CardSource(Protocol):
    card_reader: str  # "" = from the settings, or probed
    sam_reader: str
    secrets: SamSecrets | None  # None = the SAM credentials in the OS keyring

    def transports(self) -> tuple[Transport, Transport] | None:
        """The card's and the SAM's transports when they are not PC/SC readers; None: read through PC/SC."""
        ...
