"""The registry lookup the reader, the window and the command line all call: ask, then merge with the chip.

No command-line code and no simulator here: this is on the real read path (app/flows/readflow.py).
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Hashable

from app import audit
from app.base.clerktext import QT_TRANSLATE_NOOP, joined
from app.base.settings import RegistrySettings, Settings
from app.citizen.merge import Applicant
from app.registry.client import (
    Overrides,
    RegistryClient,
    RegistryConfigError,
    make_client,
    read_credentials,
    registry_settings,
)
from app.registry.outage import RegistryState
from app.registry.result import Found, LookupResult
from reader.identity import Identity

log = logging.getLogger("loket.registry")


# The GUI lives for a whole working day: one client (one kept-alive connection) and one outage memory.
_STATE = RegistryState()
_client_lock = threading.Lock()
_client: tuple[Hashable, RegistryClient] | None = None


def lookup_for_identity(
    identity: Identity,
    settings: Settings | RegistrySettings,
    overrides: object = None,
    *,
    state: RegistryState | None = None,
    service: str = "",
) -> Applicant:
    """Ask the registry about the card just read and merge both. Never raises for registry trouble:
    the applicant is then chip-only, unverified, and ``notice`` says why if the clerk was not told yet.
    ``service``: the counter's service, for the audit row (the GUI's; "" from the command line)."""
    state = state or _STATE
    result, news = _lookup(identity.nik, settings, overrides, state)
    notice = result.id_text if news else None
    if isinstance(result, Found) and result.record.dropped:  # the rest of the record stands: said, not hidden
        notice = joined(notice or "", dropped_note(result.record.dropped))
    applicant = Applicant(identity, result, notice=notice)
    # The registry's record of a citizen is shown only once its lookup row is written.
    audit.record_lookup(applicant, service, strict=isinstance(result, Found))
    return applicant


def dropped_note(dropped: tuple[str, ...]) -> str:
    """The clerk's Catatan for optional registry values that could not be read (names, never values)."""
    from app.registry.fields import LABELS

    names = ", ".join(LABELS.get(n, n).lower() for n in dropped)
    return QT_TRANSLATE_NOOP("Core", "Catatan: {count} isian dari Dukcapil tidak terbaca dan diabaikan "
                                     "({names}); data lainnya tetap dipakai.").format(count=len(dropped), names=names)


def retry_registry(state: RegistryState | None = None) -> None:
    """The clerk asks for the registry again (after a refusal or an outage): the next lookup is made."""
    (state or _STATE).retry()


def _lookup(nik: str, settings: Settings | RegistrySettings, overrides: object,
            state: RegistryState) -> tuple[LookupResult, bool]:
    global _client
    with _client_lock:
        try:
            credentials = read_credentials()
            reg = registry_settings(settings)
            o = Overrides.of(overrides)
            key = (o, reg.base_url, reg.agency, reg.ip_user, reg.ca_bundle, reg.budget_seconds, credentials)
            if _client is None or _client[0] != key:
                if _client is not None:
                    _client[1].close()
                    _client = None
                _client = (key, make_client(settings, o, credentials))
        except RegistryConfigError as exc:
            result = exc.as_result()
            news = state.note(result)
            log.warning("registry lookup not possible: %s", result.en_text)
            return result, news
        client = _client[1]
        # Only a digest of the password: enough to notice IT changed it, nothing worth stealing from memory.
        fingerprint = (client.url, credentials.user_id,
                       hashlib.sha256(credentials.password.encode()).hexdigest(), client.ip_user)
        pending = state.pending_refusal(fingerprint)
        if pending is not None:
            log.info("registry not asked: %s", pending.en_text)
            return pending, False
        result = client.lookup(nik)
    news = state.note(result, fingerprint)
    if not isinstance(result, Found):
        log.warning("registry lookup: %s", result.en_text)
    return result, news
