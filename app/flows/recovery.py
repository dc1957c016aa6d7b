"""What a killed or powered-off Loket left behind, put right at the next start: half-written files with a
citizen's data are removed, and letter numbers taken and never printed are voided (reason ``crash``).

Called by every entry point — the ``loket`` command and the window, whether started as ``loket gui`` or as
``loketw.exe`` — before anything else runs. A sweep that fails is logged, never a reason not to start.
"""

from __future__ import annotations

import logging

from app.base.logsetup import failure

log = logging.getLogger("loket.recovery")


def after_a_crash(*, numbers: bool) -> None:
    """``numbers``: also void abandoned letter numbers (a command that numbers or shows numbers; a card read
    or a lookup takes none and does not pay for the register)."""
    try:
        from app.base import outfile

        outfile.sweep()
        if numbers:
            from app.storage.letters import void_abandoned_letters

            void_abandoned_letters()
    except Exception as exc:
        log.error("start-up sweep failed: %s", failure(exc))
