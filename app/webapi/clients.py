"""The office systems IT registered: who may ask Loket for the person on the reader, from which pages.

The settings hold what is not secret (``webapi.clients.<id>``: ``name``, ``origins``, ``photo``,
``preapproved``, ``forms``); each client's token lives in the OS keyring (``webapi-client-<id>``), or for
an unattended install in ``LOKET_WEBAPI_TOKEN_<ID>``, never in a file. A client without a token is not
registered: nothing can ask in its name.

::

    "webapi": {"port": 8787, "clients": {"simrs": {
        "name": "SIMRS RSUD", "origins": ["http://simrs.rsud.local"],
        "preapproved": ["rsud_pasien_baru"], "photo": false}}}
"""

from __future__ import annotations

import hmac
import logging
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from app.base.credentials import get_secret, store_secrets
from app.base.settings import Settings

log = logging.getLogger("loket.webapi")

# A plain word: it goes into audit rows and keyring entry names as it is.
CLIENT_ID = re.compile(r"[a-z][a-z0-9_]{0,30}")
DEFAULT_PORT = 8787


@dataclass(frozen=True)
class Client:
    id: str
    name: str  # what the clerk reads in the prompt: "SIMRS RSUD meminta data warga ini"
    origins: tuple[str, ...]  # scheme://host[:port] of the pages that may call with this token
    token: str = field(repr=False)
    photo: bool = False  # may ask for the chip photo
    preapproved: tuple[str, ...] = ()  # services the clerk need not approve, one by one ("*": all)
    forms: tuple[str, ...] = ("*",)  # form ids it may fill and print

    def preapproved_for(self, service_id: str) -> bool:
        return "*" in self.preapproved or (bool(service_id) and service_id in self.preapproved)

    def may_fill(self, form_id: str) -> bool:
        return "*" in self.forms or form_id in self.forms


def token_key(client_id: str) -> str:
    return f"webapi-client-{client_id}"


def token_env(client_id: str) -> str:
    return f"LOKET_WEBAPI_TOKEN_{client_id.upper()}"


def normal_origin(origin: str) -> str:
    """``scheme://host[:port]`` in lower case, the default port left out, as a browser sends it; "" when it
    is not an http(s) origin at all."""
    try:
        parts = urlsplit(origin.strip())
        port = parts.port
    except ValueError:
        return ""
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/") \
            or parts.query or parts.username:
        return ""
    default = {"http": 80, "https": 443}[parts.scheme]
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    return f"{parts.scheme}://{host}" + (f":{port}" if port and port != default else "")


def _words(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()


def webapi_settings(settings: Settings) -> Mapping[str, object]:
    raw = settings.extra.get("webapi")
    return raw if isinstance(raw, dict) else {}


def configured_port(settings: Settings) -> int:
    port = webapi_settings(settings).get("port")
    return port if isinstance(port, int) and not isinstance(port, bool) and 0 <= port < 65536 else DEFAULT_PORT


def load_clients(settings: Settings) -> dict[str, Client]:
    """The registered clients whose token is set; a malformed entry is left out and logged (by id only)."""
    raw = webapi_settings(settings).get("clients")
    out: dict[str, Client] = {}
    for cid, entry in (raw.items() if isinstance(raw, dict) else ()):
        if not isinstance(cid, str) or not CLIENT_ID.fullmatch(cid) or not isinstance(entry, dict):
            log.warning("webapi client %r ignored: the id must be a plain lower-case word", str(cid)[:40])
            continue
        token = get_secret(token_key(cid), token_env(cid))
        if not token or len(token) < 24:
            log.warning("webapi client %s ignored: no token in the keyring (loket credentials set client %s)",
                        cid, cid)
            continue
        origins = tuple(o for o in (normal_origin(x) for x in _words(entry.get("origins"))) if o)
        name = entry.get("name") if isinstance(entry.get("name"), str) and entry.get("name") else cid
        out[cid] = Client(cid, str(name)[:80], origins, token, photo=entry.get("photo") is True,
                          preapproved=_words(entry.get("preapproved")),
                          forms=_words(entry.get("forms")) if "forms" in entry else ("*",))
    return out


class ClientBook:
    """Token and origin checks against the registered clients (read once, at start)."""

    def __init__(self, clients: Iterable[Client]) -> None:
        self.clients = {c.id: c for c in clients}
        self.origins = frozenset(o for c in self.clients.values() for o in c.origins)

    def by_token(self, token: str) -> Client | None:
        """Every client's token is compared, in constant time each: how long it takes tells nothing."""
        found = None
        for client in self.clients.values():
            if hmac.compare_digest(client.token.encode(), token.encode()):
                found = client
        return found

    def known_origin(self, origin: str) -> bool:
        return normal_origin(origin) in self.origins


def new_token() -> str:
    return secrets.token_urlsafe(32)


def store_token(client_id: str, token: str) -> str | None:
    """None when stored; else the sentence for IT (app.base.credentials)."""
    return store_secrets({token_key(client_id): token}, "web API client token")
