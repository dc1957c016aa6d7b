"""The idle clear: how long a person stays on screen with nobody at the counter, and the warning before.

Nobody passing by should read a citizen left on screen, and a clerk who only looked away should not lose
them. So the counter waits ``idle_seconds`` (the settings), counts down aloud during the last third of it
(at most :data:`WARNING_SECONDS`), and then clears the screen keeping what was typed as an encrypted draft
(:meth:`app.flows.counter.CounterSession.idle_clear`). Any key or click starts the wait again. The clock
takes the time as an argument, so the window's timers and `loket serve`'s thread read the same rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.base.settings import Settings

DEFAULT_SECONDS = 180.0
WARNING_SECONDS = 30.0  # the countdown shown before an idle clear (at most a third of the idle time)
MAX_SECONDS = 86400.0


class Phase(StrEnum):
    OFF = "off"  # nobody on screen, or a card on the reader
    QUIET = "quiet"  # waiting, nothing said yet
    WARNING = "warning"  # the countdown is on screen
    DUE = "due"  # the person goes now


def idle_seconds(settings: Settings, *sections: str) -> float:
    """``<section>.idle_seconds`` of the first of ``sections`` (default: the window's ``gui``) that sets
    a sensible one, else 180 s."""
    for section in sections or ("gui",):
        raw = settings.extra.get(section)
        value = raw.get("idle_seconds") if isinstance(raw, dict) else None
        if isinstance(value, int | float) and not isinstance(value, bool) and 0 < value <= MAX_SECONDS:
            return float(value)
    return DEFAULT_SECONDS


@dataclass
class IdleClock:
    seconds: float = DEFAULT_SECONDS
    due_at: float | None = None  # on the caller's monotonic clock; None: not running

    @property
    def warning_seconds(self) -> float:
        return min(WARNING_SECONDS, self.seconds / 3)

    def arm(self, now: float) -> None:
        """The wait starts (again) now: the person was shown, the card lifted, the clerk pressed a key."""
        self.due_at = now + self.seconds

    def stop(self) -> None:
        self.due_at = None

    def phase(self, now: float) -> Phase:
        if self.due_at is None:
            return Phase.OFF
        if now >= self.due_at:
            return Phase.DUE
        return Phase.WARNING if now >= self.due_at - self.warning_seconds else Phase.QUIET

    def left(self, now: float) -> float:
        """Seconds until the clear (0 when due or not running)."""
        return max(0.0, self.due_at - now) if self.due_at is not None else 0.0

    def until_warning(self, now: float) -> float:
        """Seconds of quiet before the countdown starts."""
        return max(0.0, self.left(now) - self.warning_seconds)
