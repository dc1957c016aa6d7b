"""The registry client against servers that attack it, over real TCP on loopback: redirects that would carry
the password elsewhere, headers and bodies trickled a byte at a time, JSON nested to exhaust the parser,
a server that accepts and never answers. Each ends in one Indonesian sentence, within the budget, with the
chip data kept and nothing sent where it should not go.
"""

from __future__ import annotations

import json
import threading
import time

import pytest

from app.registry.client import Credentials, RegistryClient, nesting_depth
from app.registry.result import Failed, FailureKind
from tests.hostile_http import answer, fixed, redirect_to, serving, silent, trickle
from tests.registry_support import AGENCY

SECRET = "s3cret-Pa55word"
CREDS = Credentials("loket-user", SECRET)
NIK = "3273014507920001"
BUDGET = 1.5


def lookup(url: str) -> tuple[Failed, float]:
    started = time.monotonic()
    with RegistryClient(url, AGENCY, CREDS, budget_seconds=BUDGET) as client:
        result = client.lookup(NIK)
    assert isinstance(result, Failed), result
    return result, time.monotonic() - started


@pytest.mark.parametrize("code", ["301 Moved Permanently", "302 Found", "303 See Other",
                                  "307 Temporary Redirect", "308 Permanent Redirect"])
def test_a_redirect_is_never_followed_and_the_password_goes_nowhere_else(code: str) -> None:
    # The second server plays "a public http:// host"; it must never see a single byte.
    with serving(fixed(answer("200 OK", b'{"content":[{"NIK":"%s","NAMA_LGKP":"X"}]}' % NIK.encode())),
                 host="127.0.0.2") as elsewhere, \
            serving(redirect_to(f"{elsewhere.url}/steal", code)) as registry:
        result, _ = lookup(registry.url)
    assert result.kind is FailureKind.REDIRECT and not result.verified
    assert elsewhere.requests == []
    assert len(registry.requests) == 1  # asked once, not retried at the redirect's address either
    assert "mengalihkan" in result.id_text and "\n" not in result.id_text
    assert SECRET not in result.en_text and NIK not in result.en_text


def test_trickled_headers_end_within_the_budget() -> None:
    stop = threading.Event()
    with serving(trickle(answer("200 OK", b'{"content":[]}'), every=0.5, stop=stop)) as server:
        result, seconds = lookup(server.url)
        stop.set()
    assert result.kind is FailureKind.TIMEOUT
    assert seconds < BUDGET + 1.0  # the old client waited for every trickled byte: 160 s
    assert "tidak menjawab tepat waktu" in result.id_text


def test_a_trickled_body_ends_within_the_budget() -> None:
    body = json.dumps({"content": [{"NIK": NIK, "NAMA_LGKP": "DEWI"}]}).encode()
    head = answer("200 OK", body)[: -len(body)]
    stop = threading.Event()

    def behave(conn, _body):  # type: ignore[no-untyped-def]
        conn.sendall(head)
        trickle(body, every=0.3, stop=stop)(conn, _body)

    with serving(behave) as server:
        result, seconds = lookup(server.url)
        stop.set()
    assert result.kind is FailureKind.TIMEOUT and seconds < BUDGET + 1.0


def test_a_server_that_accepts_and_never_answers() -> None:
    with serving(silent(hold=10)) as server:
        result, seconds = lookup(server.url)
    assert result.kind is FailureKind.TIMEOUT and seconds < BUDGET + 1.0


@pytest.mark.parametrize("opener", [b"[", b'{"a":'])
def test_deeply_nested_json_is_malformed_not_a_crash(opener: str) -> None:
    closer = b"]" if opener == b"[" else b"}"
    body = b'{"content":' + opener * 100_000 + b"1" + closer * 100_000 + b"}"  # ~300 KB
    with serving(fixed(answer("200 OK", body))) as server:
        result, _ = lookup(server.url)
    assert result.kind is FailureKind.MALFORMED
    assert "tidak dapat dibaca" in result.id_text


def test_nesting_depth_skips_strings() -> None:
    assert nesting_depth(b'{"content":[{"NIK":"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}]}') == 3
    assert nesting_depth(b'{"a":"\\"[[[[[[[[[[[[[[[[[[[[[["}') == 1
    assert nesting_depth(b"[" * 40) > 16


def test_a_trickled_tls_handshake_ends_within_the_budget() -> None:
    """https:// to a server that answers the ClientHello one byte every half second: each read is within
    the connect timeout, so only the one deadline for every byte stops it."""
    import socket

    stop = threading.Event()
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]

    def serve() -> None:
        conn, _ = server.accept()
        with conn:
            for byte in b"\x16\x03\x03\x00\x40" + b"\x02" * 200:  # a ServerHello that never completes
                if stop.is_set():
                    return
                try:
                    conn.sendall(bytes([byte]))
                except OSError:
                    return
                time.sleep(0.5)

    threading.Thread(target=serve, daemon=True).start()
    try:
        result, seconds = lookup(f"https://127.0.0.1:{port}")
    finally:
        stop.set()
        server.close()
    assert result.kind is FailureKind.TIMEOUT and seconds < BUDGET + 1.0
