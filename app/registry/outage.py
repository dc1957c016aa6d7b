"""Registry trouble as the clerk experiences it: told once per outage, not once per citizen.

A counter serves a citizen a minute. When the VPN drops, a dialog per card would bury the clerk, so
:class:`RegistryState` says whether a failure is *news*: the first of its kind since the registry last
answered. It also keeps the refusals that the spec says must stop further asking: a wrong login or an
unregistered address (until the credentials or the address change) and a used-up quota (until tomorrow).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from datetime import date

from app.registry.result import FailureKind, Found, LookupResult, NotFound, RefusalKind, Refused

_UNREACHABLE = "unreachable"
RECHECK_SECONDS = 600.0  # a refused login or address is asked again this often, one request at a time


def outage_key(result: LookupResult) -> str | None:
    """Failures that are the same trouble from the clerk's point of view share a key."""
    if isinstance(result, Found | NotFound):
        return None
    if isinstance(result, Refused):
        return f"refused:{result.kind}" + (f":{result.respon}" if result.kind is RefusalKind.OTHER else "")
    if result.kind in (FailureKind.TRANSPORT, FailureKind.TIMEOUT) or (
        result.kind is FailureKind.HTTP_STATUS and (result.http_status or 0) >= 500
    ):
        # A dropped VPN shows up as refused connections, then timeouts, then 502s: one outage, one message.
        return _UNREACHABLE
    return f"failed:{result.kind}:{result.http_status or ''}"


class RegistryState:
    """Per-process memory of registry trouble. Thread-safe: the GUI looks up from a worker thread."""

    def __init__(self, today: Callable[[], date] = date.today, clock: Callable[[], float] = time.monotonic,
                 recheck_seconds: float = RECHECK_SECONDS) -> None:
        self._today = today
        self._clock = clock
        self.recheck_seconds = recheck_seconds
        self._lock = threading.Lock()
        self._current: str | None = None
        self._quota: tuple[date, Refused] | None = None
        self._blocked: tuple[Hashable, Refused, float] | None = None

    def pending_refusal(self, fingerprint: Hashable) -> Refused | None:
        """A refusal that still stands for this configuration, so the registry must not be asked.

        A refused login or address is asked again once every ``recheck_seconds`` (IT may have fixed it on
        the registry's side, where Loket cannot see it): one request, not one per citizen. A used-up quota
        stands until the next day (registry-api.md), unless the clerk asks again (``retry``)."""
        with self._lock:
            if self._quota is not None:
                if self._quota[0] == self._today():
                    return self._quota[1]
                self._quota = None
            if self._blocked is not None and self._blocked[0] == fingerprint:
                if self._clock() - self._blocked[2] < self.recheck_seconds:
                    return self._blocked[1]
                self._blocked = None  # this lookup is the re-check; a new refusal blocks again
            return None

    def retry(self) -> None:
        """The clerk's "Coba Dukcapil lagi": the next lookup asks the registry, whatever it refused before,
        and what it answers is told again."""
        with self._lock:
            self._quota = None
            self._blocked = None
            self._current = None

    def note(self, result: LookupResult, fingerprint: Hashable = None) -> bool:
        """Record an outcome; True when the clerk should be told about it now."""
        with self._lock:
            if isinstance(result, Found | NotFound):
                self._current = None
                self._blocked = None
                # "Not found" is about this citizen, not an outage: always worth saying.
                return isinstance(result, NotFound)
            key = outage_key(result)
            news = key != self._current
            if isinstance(result, Refused):
                if result.kind is RefusalKind.QUOTA:
                    # A new day's quota running out again is a new message, even with no success between.
                    news = news or self._quota is None or self._quota[0] != self._today()
                    self._quota = (self._today(), result)
                elif result.kind in (RefusalKind.LOGIN, RefusalKind.IP):
                    self._blocked = (fingerprint, result, self._clock())
            self._current = key
            return news

    @property
    def in_outage(self) -> bool:
        with self._lock:
            return self._current is not None
