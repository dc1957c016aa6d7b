"""The offline verification page (`loket letters verifier`): one HTML file with the office's trust list inside.

A bank officer's phone opens it from the QR's URL (the seal rides in the fragment, which no browser sends) or
from a file, and checks the seal with nothing but the page: the CBOR decoder, the QR decoder and the Ed25519
fallback are npm packages vendored under resources/verifier/vendor/ (versions and licences in VERSIONS there),
the page's own logic is resources/verifier/verifier.js. Its Content-Security-Policy allows no connection, so a
page that tried one would fail loudly in tests rather than phone home on a bank's Wi-Fi.
"""

from __future__ import annotations

import datetime
import html
import json
import re
from collections.abc import Mapping
from typing import Any

import resources

VENDOR = ("verifier", "vendor")
# What a <script> element's text must not hold, or the HTML parser would end or re-enter it early.
_SCRIPT_BREAKERS = re.compile(r"</script|<!--|<script", re.IGNORECASE)
_SLOT = re.compile(r"\{\{(TRUST|NOBLE|CBOR|JSQR|APP|OFFICE|GENERATED)\}\}")


class PageBroken(Exception):
    """A shipped page part is missing or could break out of its <script> element: an install fault."""


def _script_text(*parts: str) -> str:
    text = resources.path(*parts).read_text(encoding="utf-8")
    if _SCRIPT_BREAKERS.search(text):
        raise PageBroken(f"{'/'.join(parts)} holds text that would end its <script> element")
    return text


def _json_for_script(value: Any) -> str:
    # Escaped so no office name can close the element: the JSON parser reads \u003c back as "<".
    text = json.dumps(value, ensure_ascii=True, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def office_names(trust_list: Mapping[str, Any]) -> str:
    names = sorted({str(k.get("on", "")) for k in trust_list.get("keys", []) if k.get("on")})
    return " / ".join(names)


def render(trust_list: Mapping[str, Any], today: datetime.date | None = None) -> bytes:
    """The page's bytes for ``trust_list`` (the spec's JSON, as `loket letters trust-list` prints it)."""
    day = (today or datetime.date.today()).isoformat()
    slots = {
        "TRUST": _json_for_script(trust_list),
        "NOBLE": _script_text(*VENDOR, "noble-ed25519.js"),
        "CBOR": _script_text(*VENDOR, "cbor-x.min.js"),
        "JSQR": _script_text(*VENDOR, "jsQR.js"),
        "APP": _script_text("verifier", "verifier.js"),
        "OFFICE": html.escape(office_names(trust_list) or "Loket"),
        "GENERATED": html.escape(f"daftar kunci per {day}"),
    }
    template = resources.path("verifier", "page.html").read_text(encoding="utf-8")
    # One pass: a slot's own text (a vendored library) is never searched for slots again.
    return _SLOT.sub(lambda m: slots[m.group(1)], template).encode("utf-8")
