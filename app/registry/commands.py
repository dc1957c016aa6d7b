"""The registry's command-line pieces, for app/cli.py to wire in, and the lookup the reader and GUI call.

Exit codes: 0 done; 2 usage or setup problem on this machine (bad NIK, unreadable settings, empty input);
1 the keyring or the port could not be used; 11 the registry gave no record (any failure, refusal or "not
found"), with the one-line Indonesian reason on stderr and the English one in the log.
"""

from __future__ import annotations

import argparse
import getpass
import hashlib
import json
import logging
import os
import sys
import threading
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from datetime import date

from app import audit
from app import settings as settings_module
from app.credentials import store_secrets
from app.merge import Applicant
from app.registry.client import (
    PASSWORD_ENV,
    PASSWORD_KEY,
    USER_ENV,
    USER_KEY,
    Credentials,
    RegistryClient,
    RegistryConfigError,
    read_credentials,
)
from app.registry.fields import LABELS, format_date
from app.registry.outage import RegistryState
from app.registry.result import Found, LookupResult, RegistryRecord
from app.registry.simulator import FAULTS, SIM_AGENCY, SIM_PASSWORD, SIM_USER, serve
from app.settings import RegistrySettings, Settings
from reader.identity import Identity

log = logging.getLogger("loket.registry")

EXIT_REGISTRY = 11
DEFAULT_SIMULATOR_PORT = 8765


@dataclass(frozen=True)
class Overrides:
    """Per-run replacements for settings (``--registry-url``, ``--agency``); None = use the setting."""

    base_url: str | None = None
    agency: str | None = None
    ip_user: str | None = None

    @classmethod
    def of(cls, obj: object) -> Overrides:
        """From an argparse Namespace (``registry_url``, ``agency``), a mapping, or None."""
        if obj is None:
            return cls()
        if isinstance(obj, Overrides):
            return obj
        if isinstance(obj, Mapping):
            get = obj.get
        else:
            def get(key: str) -> object:
                return getattr(obj, key, None)
        return cls(
            base_url=get("base_url") or get("registry_url") or None,  # type: ignore[arg-type]
            agency=get("agency") or None,  # type: ignore[arg-type]
            ip_user=get("ip_user") or None,  # type: ignore[arg-type]
        )


def _registry_settings(settings: Settings | RegistrySettings) -> RegistrySettings:
    return settings.registry if isinstance(settings, Settings) else settings


def make_client(
    settings: Settings | RegistrySettings, overrides: object = None, credentials: Credentials | None = None
) -> RegistryClient:
    """Raises RegistryConfigError when settings or credentials are missing or break the https rule."""
    o = Overrides.of(overrides)
    return RegistryClient.from_settings(
        _registry_settings(settings), base_url=o.base_url, agency=o.agency, ip_user=o.ip_user,
        credentials=credentials,
    )


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
        notice = " ".join(p for p in (notice, dropped_note(result.record.dropped)) if p)
    applicant = Applicant(identity, result, notice=notice)
    # The registry's record of a citizen is shown only once its lookup row is written.
    audit.record_lookup(applicant, service, strict=isinstance(result, Found))
    return applicant


def dropped_note(dropped: tuple[str, ...]) -> str:
    """The clerk's Catatan for optional registry values that could not be read (names, never values)."""
    from app.registry.fields import LABELS

    names = ", ".join(LABELS.get(n, n).lower() for n in dropped)
    return (f"Catatan: {len(dropped)} isian dari Dukcapil tidak terbaca dan diabaikan ({names}); "
            "data lainnya tetap dipakai.")


def retry_registry(state: RegistryState | None = None) -> None:
    """The clerk asks for the registry again (after a refusal or an outage): the next lookup is made."""
    (state or _STATE).retry()


def _lookup(nik: str, settings: Settings | RegistrySettings, overrides: object,
            state: RegistryState) -> tuple[LookupResult, bool]:
    global _client
    with _client_lock:
        try:
            credentials = read_credentials()
            reg = _registry_settings(settings)
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


# --- loket lookup NIK -------------------------------------------------------------------------------------


def add_lookup_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("lookup", help="cari NIK di data kependudukan (registry)",
                       description="Look a NIK up in the population registry (CALL_NIK) and print "
                                   "the person.")
    p.add_argument("nik", metavar="NIK", help="16-digit NIK")
    p.add_argument("--json", action="store_true", help="print the record as JSON")
    p.add_argument("--registry-url", metavar="URL", help="base URL of the registry (overrides settings)")
    p.add_argument("--agency", metavar="A", help="agency code in the URL path (overrides settings)")
    p.set_defaults(func=cmd_lookup)


def cmd_lookup(args: argparse.Namespace) -> int:
    number = str(args.nik).strip()
    if len(number) != 16 or not (number.isascii() and number.isdigit()):
        sys.stderr.write("NIK harus 16 digit angka.\n")
        return 2
    try:
        settings = settings_module.load()
    except settings_module.SettingsError as exc:
        sys.stderr.write(exc.id_text + "\n")
        return 2
    settings_module.tell(settings, lambda line: sys.stderr.write(line + "\n"))
    try:
        client = make_client(settings, args)
    except RegistryConfigError as exc:
        return _report_failure(exc.as_result(), args.json)
    with client:
        result = client.lookup(number)
    audit.record_lookup(result, nik=number, strict=isinstance(result, Found))
    if not isinstance(result, Found):
        return _report_failure(result, args.json)
    if args.json:
        sys.stdout.write(json.dumps(result.record.to_json(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(format_record(result.record))
    return 0


def _report_failure(result: LookupResult, as_json: bool) -> int:
    log.warning("registry lookup: %s", result.en_text)
    sys.stderr.write(result.id_text + "\n")
    if as_json:
        payload = {"status": result.status, "kind": str(getattr(result, "kind", "")) or None,
                   "reason": result.en_text, "alasan": result.id_text}
        sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
    return EXIT_REGISTRY


def format_record(record: RegistryRecord) -> str:
    """The person as ``Label : value`` lines, unknown fields left out."""
    rows: list[tuple[str, str]] = []
    for key, value in record.values().items():
        text = format_date(value) if isinstance(value, date) else (value or "")
        if text:
            rows.append((LABELS.get(key, key), text))
    width = max(len(label) for label, _ in rows)
    return "".join(f"{label:<{width}} : {text}\n" for label, text in rows)


# --- loket simulate registry ------------------------------------------------------------------------------


def add_simulate_registry_parser(simulate_sub: argparse._SubParsersAction) -> None:
    p = simulate_sub.add_parser("registry", help="jalankan simulator data kependudukan di 127.0.0.1",
                                description="Serve the simulated population registry (CALL_NIK) "
                                            "on 127.0.0.1.")
    p.add_argument("--port", type=int, default=DEFAULT_SIMULATOR_PORT,
                   help=f"TCP port (default {DEFAULT_SIMULATOR_PORT}; 0 = any free port)")
    p.add_argument("--fault", choices=FAULTS, default=None, help="start with this fault switched on")
    p.set_defaults(func=cmd_simulate_registry)


def cmd_simulate_registry(args: argparse.Namespace) -> int:
    def ready(url: str) -> None:
        sys.stdout.write(
            f"Simulator data kependudukan berjalan di {url} (fault: {args.fault or 'tidak ada'}).\n"
            f"  agency: {SIM_AGENCY} (any name is accepted)\n"
            f"  {USER_ENV}={SIM_USER} {PASSWORD_ENV}={SIM_PASSWORD}\n"
            f"  loket lookup NIK --registry-url {url} --agency {SIM_AGENCY}\n"
            f"  switch faults: curl -d slow {url}/_simulator/fault   (empty body = none)\n"
            "Tekan Ctrl+C untuk berhenti.\n"
        )
        sys.stdout.flush()

    try:
        serve(args.port, args.fault, on_ready=ready)
    except KeyboardInterrupt:
        return 0
    except OSError as exc:
        sys.stderr.write(f"Port {args.port} tidak dapat dipakai ({exc.strerror}); "
                         "pilih port lain dengan --port.\n")
        return 1
    return 0


# --- loket credentials set registry -----------------------------------------------------------------------


def add_credentials_registry_parser(cred_sub: argparse._SubParsersAction) -> None:
    p = cred_sub.add_parser("registry", help="simpan ID pengguna dan kata sandi data kependudukan di keyring",
                            description="Store the registry user id and password in the OS keyring.")
    p.add_argument("--from-env", action="store_true",
                   help=f"read them from {USER_ENV} and {PASSWORD_ENV} instead of prompting "
                        "(unattended setup)")
    p.set_defaults(func=cmd_credentials_registry)


def cmd_credentials_registry(args: argparse.Namespace) -> int:
    if args.from_env:
        user_id = os.environ.get(USER_ENV, "").strip()
        password = os.environ.get(PASSWORD_ENV, "")
        if not user_id or not password:
            sys.stderr.write(f"{USER_ENV} dan {PASSWORD_ENV} harus diisi untuk --from-env.\n")
            return 2
    else:
        try:
            user_id = input("ID pengguna data kependudukan: ").strip()
            password = getpass.getpass("Kata sandi: ")
            again = getpass.getpass("Ulangi kata sandi: ")
        except (EOFError, KeyboardInterrupt):
            sys.stderr.write("\nDibatalkan; kredensial tidak diubah.\n")
            return 2
        if password != again:
            sys.stderr.write("Kedua kata sandi tidak sama; kredensial tidak diubah.\n")
            return 2
        if not user_id or not password:
            sys.stderr.write("ID pengguna dan kata sandi tidak boleh kosong; kredensial tidak diubah.\n")
            return 2
    problem = store_secrets({USER_KEY: user_id, PASSWORD_KEY: password}, "registry credentials")
    if problem:
        sys.stderr.write(problem + "\n")
        return 1
    sys.stdout.write("Kredensial data kependudukan tersimpan di keyring sistem.\n")
    return 0
