"""The ``CALL_NIK`` client (registry-api.md): one request per card read, bounded by a total time budget.

The request body holds a password and a NIK, and the answer holds a person: neither is ever logged or put
into an exception. What the log gets is the attempt number, the HTTP status, the elapsed time and the kind
of outcome.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import socket
import time
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
import urllib3

from app.base.clerktext import QT_TRANSLATE_NOOP
from app.base.credentials import get_secret, missing_keyring
from app.base.settings import RegistrySettings, Settings
from app.registry import deadlines
from app.registry.deadlines import DeadlineAdapter
from app.registry.errors import RegistryConfigError
from app.registry.fields import MalformedRecord, record_from_element
from app.registry.result import (
    Failed,
    FailureKind,
    Found,
    LookupResult,
    NotFound,
    RefusalKind,
    Refused,
    redact_digits,
)
from app.registry.trust import trust_context

log = logging.getLogger("loket.registry")

USER_KEY, USER_ENV = "registry-user-id", "LOKET_REGISTRY_USER"
PASSWORD_KEY, PASSWORD_ENV = "registry-password", "LOKET_REGISTRY_PASSWORD"

MAX_RETRIES = 2  # registry-api.md: at most 2 retries, on connection errors and 5xx only
BACKOFF_SECONDS = 0.2  # doubled per retry; always cut to what is left of the budget
CONNECT_TIMEOUT = 1.5  # a VPN host that does not answer SYN in this long will not answer at all
MIN_ATTEMPT_SECONDS = 0.05  # below this an attempt can only time out; report the last failure instead
MAX_ANSWER_BYTES = 1 << 20  # one person is a few kB; a megabyte means something is badly wrong
MAX_JSON_DEPTH = 16  # the envelope is 3 levels deep; 300 KB of brackets would exhaust Python's recursion

# registry-api.md: plain http is tolerated only inside these networks (the VPN the service lives on).
PRIVATE_NETWORKS = tuple(
    ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8")
)

# Known RESPON texts, compared after case-folding and collapsing spaces.
_NOT_FOUND = "data tidak ditemukan"
_REFUSALS: dict[str, RefusalKind] = {
    "login gagal": RefusalKind.LOGIN,
    "ip address tidak sesuai": RefusalKind.IP,
    "kuota pencarian habis": RefusalKind.QUOTA,
}


@dataclass(frozen=True, repr=False)
class Credentials:
    user_id: str
    password: str

    def __repr__(self) -> str:  # a traceback or debug print must never show the password
        return "Credentials(<hidden>)"


def read_credentials() -> Credentials:
    """From the environment (CI, IT scripts) or else the OS keyring; never from a file."""
    user_id = get_secret(USER_KEY, USER_ENV)
    password = get_secret(PASSWORD_KEY, PASSWORD_ENV)
    if not user_id or not password:
        if (none := missing_keyring()) is not None:
            raise RegistryConfigError(f"registry credentials cannot be read: {none}", none.id_text)
        raise RegistryConfigError(
            "registry credentials not configured (run `loket credentials set registry` "
            f"or set {USER_ENV}/{PASSWORD_ENV})",
            QT_TRANSLATE_NOOP(
                "Core", "ID pengguna dan kata sandi data kependudukan belum diatur; minta petugas IT menjalankan "
            "`loket credentials set registry`, sementara itu data dari chip tetap dipakai."),
        )
    return Credentials(user_id, password)


def is_private_host(host: str) -> bool:
    """True for a literal address in the private networks. Host names are never trusted for plain http:
    resolving one to decide would let a poisoned DNS answer downgrade the connection."""
    if host.lower() == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return any(address in net for net in PRIVATE_NETWORKS)


def check_base_url(base_url: str) -> str:
    """The URL without a trailing slash, or RegistryConfigError when it breaks the http-only-inside rule."""
    parts = urlsplit(base_url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RegistryConfigError(
            "registry base_url is missing or not an http(s) URL",
            QT_TRANSLATE_NOOP(
                "Core", "Alamat data kependudukan belum diatur atau tidak valid; hubungi petugas IT, sementara itu "
            "data dari chip tetap dipakai."),
        )
    if parts.scheme == "http" and not is_private_host(parts.hostname):
        raise RegistryConfigError(
            "registry base_url uses http:// for a host outside 10/8, 172.16/12, 192.168/16, 127/8; "
            "use https://",
            QT_TRANSLATE_NOOP(
                "Core", "Alamat data kependudukan memakai http:// di luar jaringan privat; petugas IT harus memakai "
            "https://, sementara itu data dari chip tetap dipakai."),
        )
    return base_url.strip().rstrip("/")


def detect_ip_user(host: str, port: int) -> str:
    """The workstation's address on the route to the registry.

    Connecting a UDP socket only selects a route and a source address; no packet leaves the machine.
    An empty string when there is no route: the request itself will then fail and say so.
    """
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.connect((host, port))
            return str(sock.getsockname()[0])
    except OSError:
        return ""


class RegistryClient:
    """Asks ``CALL_NIK``; keeps one HTTP session so a busy counter reuses its connection."""

    def __init__(
        self,
        base_url: str,
        agency: str,
        credentials: Credentials,
        *,
        ip_user: str = "",
        ca_bundle: str = "",
        budget_seconds: float = 4.0,
    ) -> None:
        self.base_url = check_base_url(base_url)
        if not agency.strip() or "/" in agency:
            raise RegistryConfigError(
                "registry agency is missing or invalid",
                QT_TRANSLATE_NOOP(
                    "Core", "Kode instansi untuk data kependudukan belum diatur; hubungi petugas IT, sementara itu "
                "data dari chip tetap dipakai."),
            )
        self.agency = agency.strip()
        self.url = f"{self.base_url}/dukcapil/get_json/{self.agency}/CALL_NIK"
        self._credentials = credentials
        self._ip_user_override = ip_user.strip()
        self.budget_seconds = budget_seconds
        parts = urlsplit(self.base_url)
        self._host = parts.hostname or ""
        self._port = parts.port or (443 if parts.scheme == "https" else 80)
        self._session = requests.Session()
        # Verification is never switched off; a CA bundle adds the agency's own root to the public ones.
        self._session.verify = True
        self._session.headers["Content-Type"] = "application/json"
        self._session.trust_env = False  # a clerk's proxy settings must not route the VPN call elsewhere
        # A redirect would re-send the body (NIK, user id, password) to wherever the answer points, http://
        # to a public host included. Not followed, ever: the configured URL is the only address contacted.
        self._session.max_redirects = 0
        adapter = DeadlineAdapter(trust_context(ca_bundle))
        self._session.mount("http://", adapter)
        self._session.mount("https://", adapter)

    @classmethod
    def from_settings(
        cls,
        settings: RegistrySettings,
        *,
        base_url: str | None = None,
        agency: str | None = None,
        ip_user: str | None = None,
        credentials: Credentials | None = None,
    ) -> RegistryClient:
        return cls(
            base_url or settings.base_url,
            agency or settings.agency,
            credentials or read_credentials(),
            ip_user=ip_user if ip_user is not None else settings.ip_user,
            ca_bundle=settings.ca_bundle,
            budget_seconds=settings.budget_seconds,
        )

    def __repr__(self) -> str:
        return f"RegistryClient({self.url!r})"

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> RegistryClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def ip_user(self) -> str:
        # Detected per lookup, not once: the VPN may come up (and the route change) while Loket runs.
        return self._ip_user_override or detect_ip_user(self._host, self._port)

    def lookup(self, nik: str) -> LookupResult:
        deadline = time.monotonic() + self.budget_seconds
        ip_user = self.ip_user
        body = json.dumps(
            {"NIK": nik, "user_id": self._credentials.user_id, "password": self._credentials.password,
             "IP_USER": ip_user}
        ).encode("utf-8")
        last: Failed = Failed(FailureKind.TIMEOUT, detail="budget spent before the first attempt")
        for attempt in range(MAX_RETRIES + 1):
            remaining = deadline - time.monotonic()
            if remaining < MIN_ATTEMPT_SECONDS:
                break
            outcome = self._attempt(body, nik, ip_user, deadline, attempt)
            if not (isinstance(outcome, Failed) and _retryable(outcome)):
                return outcome
            last = outcome
            # Back off so a restarting server gets a moment, but never past the budget.
            pause = min(BACKOFF_SECONDS * (2**attempt), deadline - time.monotonic() - MIN_ATTEMPT_SECONDS)
            if attempt < MAX_RETRIES and pause > 0:
                time.sleep(pause)
        log.info("registry lookup gave up after the budget or the retries")
        return last

    def _attempt(self, body: bytes, nik: str, ip_user: str, deadline: float, attempt: int) -> LookupResult:
        started = time.monotonic()
        remaining = deadline - started
        timeout = (min(CONNECT_TIMEOUT, remaining), remaining)
        watch = deadlines.Watch(deadline)
        try:
            with watch, self._session.post(self.url, data=body, timeout=timeout, stream=True,
                                           allow_redirects=False) as response:
                status = response.status_code
                content = b"" if response.is_redirect else _read_bounded(response, deadline)
        except requests.exceptions.RequestException as exc:
            outcome: LookupResult = self._failure(exc, nik, watch.fired)
        except _TooLarge:
            outcome = Failed(FailureKind.MALFORMED, detail="answer larger than 1 MB")
        except _BudgetSpent as exc:
            outcome = Failed(FailureKind.TIMEOUT, detail=self._scrub(exc, nik))
        else:
            # The deadline may have closed the socket so that the body simply ended: cut, not malformed.
            outcome = Failed(FailureKind.TIMEOUT, detail="answer cut at the budget") if watch.fired \
                else self._interpret(status, content, nik, ip_user)
        log.info(
            "registry attempt %d: %s%s in %.2fs", attempt + 1, outcome.status,
            f" ({outcome.kind})" if isinstance(outcome, Failed | Refused) else "",
            time.monotonic() - started,
        )
        return outcome

    def _failure(self, exc: requests.exceptions.RequestException, nik: str, budget_spent: bool) -> Failed:
        if budget_spent:  # the deadline closed the socket under a server still trickling
            return Failed(FailureKind.TIMEOUT, detail="answer still arriving when the budget ran out")
        if isinstance(exc, requests.exceptions.ConnectTimeout):
            return Failed(FailureKind.TRANSPORT, detail=self._scrub(exc, nik))
        if isinstance(exc, requests.exceptions.ReadTimeout):
            return Failed(FailureKind.TIMEOUT, detail=self._scrub(exc, nik))
        if isinstance(exc, requests.exceptions.TooManyRedirects):
            return Failed(FailureKind.REDIRECT, detail="redirect not followed")
        if isinstance(exc, requests.exceptions.SSLError):
            return Failed(FailureKind.TRANSPORT, detail="TLS: " + self._scrub(exc, nik))
        if isinstance(exc, requests.exceptions.ConnectionError | requests.exceptions.ChunkedEncodingError):
            # requests re-raises a read timeout in the middle of the body as a ConnectionError.
            kind = FailureKind.TIMEOUT if _is_read_timeout(exc) else FailureKind.TRANSPORT
            return Failed(kind, detail=self._scrub(exc, nik))
        return Failed(FailureKind.TRANSPORT, detail=self._scrub(exc, nik))

    def _interpret(self, status: int, content: bytes, nik: str, ip_user: str) -> LookupResult:
        if 300 <= status < 400:
            return Failed(FailureKind.REDIRECT, http_status=status, detail="redirect not followed")
        if status != 200:
            return Failed(FailureKind.HTTP_STATUS, http_status=status)
        if nesting_depth(content) > MAX_JSON_DEPTH:
            return Failed(FailureKind.MALFORMED, detail=f"answer nested deeper than {MAX_JSON_DEPTH} levels")
        try:
            envelope = json.loads(content)
        except (ValueError, RecursionError):
            return Failed(FailureKind.MALFORMED, detail="answer is not JSON")
        if not isinstance(envelope, dict) or not isinstance(envelope.get("content"), list):
            return Failed(FailureKind.MALFORMED, detail="envelope without a content list")
        elements = envelope["content"]
        if not elements:
            return Failed(FailureKind.MALFORMED, detail="content is empty")
        if len(elements) > 1:
            return Failed(FailureKind.AMBIGUOUS, detail=f"{len(elements)} elements")
        element = elements[0]
        if not isinstance(element, dict):
            return Failed(FailureKind.MALFORMED, detail="content element is not an object")
        if "RESPON" in element:
            respon = str(element["RESPON"])
            key = " ".join(respon.casefold().split())
            if key == _NOT_FOUND:
                return NotFound()
            return Refused(_REFUSALS.get(key, RefusalKind.OTHER), respon, ip_user)
        # Checked before anything else is read from the element: another person's record is never shown.
        answered = str(element.get("NIK") or "").strip()
        if not answered:
            return Failed(FailureKind.MALFORMED, detail="element has no NIK")
        if answered != nik:
            return Failed(FailureKind.WRONG_PERSON, detail="element NIK differs from the one asked")
        try:
            return Found(record_from_element(element))
        except MalformedRecord as exc:
            return Failed(FailureKind.MALFORMED, detail=str(exc), clerk_text=exc.clerk_text)

    def _scrub(self, exc: BaseException, nik: str) -> str:
        # Exception texts from the HTTP stack name the URL, never the body; scrub anyway, so a future
        # library version that echoes more cannot leak the password or the NIK into the log.
        text = f"{type(exc).__name__}: {exc}"
        if self._credentials.password:
            text = text.replace(self._credentials.password, "<hidden>")
        return redact_digits(text.replace(nik, "<nik>"))[:300]


class _BudgetSpent(Exception):
    pass


class _TooLarge(Exception):
    pass


def _read_bounded(response: requests.Response, deadline: float) -> bytes:
    # requests' read timeout is per socket read; a server trickling bytes could otherwise hold the clerk
    # far past the budget, so the deadline is checked between chunks too.
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_content(16384):
        size += len(chunk)
        if size > MAX_ANSWER_BYTES:
            raise _TooLarge
        chunks.append(chunk)
        if time.monotonic() > deadline:
            raise _BudgetSpent("answer still arriving when the budget ran out")
    return b"".join(chunks)


def nesting_depth(content: bytes) -> int:
    """The deepest bracket nesting in a JSON text, strings skipped; counted before the parser recurses."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in content:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_JSON_DEPTH:
                    return deepest  # no need to look further
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return deepest


def _is_read_timeout(exc: BaseException) -> bool:
    return any(isinstance(arg, urllib3.exceptions.ReadTimeoutError) for arg in exc.args)


def _retryable(failure: Failed) -> bool:
    """registry-api.md: connection errors and 5xx only; never an answer, nor a read timeout (budget spent)."""
    if failure.kind is FailureKind.TRANSPORT:
        return True
    return failure.kind is FailureKind.HTTP_STATUS and (failure.http_status or 0) >= 500


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


def registry_settings(settings: Settings | RegistrySettings) -> RegistrySettings:
    return settings.registry if isinstance(settings, Settings) else settings


def make_client(
    settings: Settings | RegistrySettings, overrides: object = None, credentials: Credentials | None = None
) -> RegistryClient:
    """Raises RegistryConfigError when settings or credentials are missing or break the https rule."""
    o = Overrides.of(overrides)
    return RegistryClient.from_settings(
        registry_settings(settings), base_url=o.base_url, agency=o.agency, ip_user=o.ip_user,
        credentials=credentials,
    )
