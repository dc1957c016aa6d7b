"""The CALL_NIK client against the real simulator over real HTTP: every row of the spec's error table, every
transport fault, the retry and budget rules, the http-only-inside rule and the handling of the password."""

from __future__ import annotations

import logging
from datetime import date

import pytest

from app.base.settings import RegistrySettings
from app.registry.client import (
    MAX_RETRIES,
    PASSWORD_KEY,
    USER_KEY,
    Credentials,
    RegistryClient,
    RegistryConfigError,
    check_base_url,
    detect_ip_user,
    is_private_host,
    read_credentials,
)
from app.registry.result import Failed, FailureKind, Found, NotFound, RefusalKind, Refused
from app.sim.registry import SIM_PASSWORD, SIM_USER
from tests.registry_support import AGENCY, closed_port

pytest_plugins = ("tests.registry_fixtures",)  # fixtures: sim, sim_env, no_env, memory_keyring

DEWI, RISKY, FRANSISKA = "3273014507920001", "3578051708880003", "6271034408010006"
GOOD = Credentials(SIM_USER, SIM_PASSWORD)


def client(url: str, credentials: Credentials = GOOD, **kw) -> RegistryClient:
    return RegistryClient(url, AGENCY, credentials, **kw)


# --- the answer ---------------------------------------------------------------------------------------------


def test_found_is_a_typed_record(sim):
    with client(sim.url) as c:
        result = c.lookup(DEWI)
    assert isinstance(result, Found) and result.verified
    record = result.record
    assert (record.nik, record.nama, record.jenis_kelamin) == (DEWI, "DEWI KARTIKA SARI", "PEREMPUAN")
    assert record.tanggal_lahir == date(1992, 7, 5) and record.tanggal_kawin == date(2015, 2, 14)
    assert (record.rt, record.rw, record.hubungan_keluarga) == ("2", "11", "ISTRI")
    assert record.no_kk == "3273012203150004"
    assert record.tanggal_cerai is None
    assert DEWI not in repr(record) and "DEWI" not in repr(result)


def test_request_is_exactly_the_spec(sim):
    with client(sim.url) as c:
        c.lookup(DEWI)
    seen = sim.state.seen[-1]
    assert (seen.agency, seen.nik, seen.user_id, seen.password_ok) == (AGENCY, DEWI, SIM_USER, True)
    assert seen.content_type == "application/json"
    assert seen.ip_user == "127.0.0.1", "IP_USER is the address of the route to the registry"


def test_ip_user_override_is_sent_and_a_wrong_one_is_refused(sim):
    with client(sim.url, ip_user="10.20.30.41") as c:
        result = c.lookup(DEWI)
    assert sim.state.seen[-1].ip_user == "10.20.30.41"
    assert isinstance(result, Refused) and result.kind is RefusalKind.IP
    assert "10.20.30.41" in result.id_text, "the clerk can tell IT which address to register"


def test_connection_is_reused(sim):
    with client(sim.url) as c:
        for nik in (DEWI, RISKY, FRANSISKA):
            c.lookup(nik)
    assert len({s.client_port for s in sim.state.seen}) == 1


def test_ip_detection_needs_no_listener():
    assert detect_ip_user("127.0.0.1", closed_port()) == "127.0.0.1"
    assert detect_ip_user("no-such-host.invalid", 80) == ""


# --- the spec's error table: one row each ----------------------------------------------------------------


def test_row_data_tidak_ditemukan(sim):
    result = client(sim.url).lookup(FRANSISKA)
    assert isinstance(result, NotFound) and not result.verified
    assert "tidak ditemukan" in result.id_text


def test_row_login_gagal_from_real_credentials_check(sim):
    result = client(sim.url, Credentials(SIM_USER, "wrong-password")).lookup(DEWI)
    assert isinstance(result, Refused) and result.kind is RefusalKind.LOGIN
    assert "petugas IT" in result.id_text
    assert sim.state.hits == 1, "no retry on a RESPON answer"


@pytest.mark.parametrize("fault,kind,words", [
    ("login", RefusalKind.LOGIN, "kata sandi"),
    ("ip", RefusalKind.IP, "127.0.0.1"),
    ("quota", RefusalKind.QUOTA, "besok"),
    ("other_respon", RefusalKind.OTHER, "Sistem Sedang Dalam Pemeliharaan"),
])
def test_rows_of_refusals(sim, fault, kind, words):
    sim.set_fault(fault)
    result = client(sim.url).lookup(DEWI)
    assert isinstance(result, Refused) and result.kind is kind
    assert words in result.id_text
    assert sim.state.hits == 1, "no retry on a RESPON answer"


# --- errors: transport, status, malformed, wrong person ------------------------------------------------


def test_refused_connection_is_transport():
    result = client(f"http://127.0.0.1:{closed_port()}", budget_seconds=1.0).lookup(DEWI)
    assert isinstance(result, Failed) and result.kind is FailureKind.TRANSPORT
    assert result.id_text == "Data kependudukan tidak dapat dihubungi; data dari chip tetap dipakai."


def test_slow_server_is_cut_off_by_the_budget(sim):
    sim.set_fault("slow")
    sim.state.slow_seconds = 3.0
    result = client(sim.url, budget_seconds=0.5).lookup(DEWI)
    assert isinstance(result, Failed) and result.kind is FailureKind.TIMEOUT


def test_5xx_is_retried_twice(sim):
    sim.set_fault("5xx")
    result = client(sim.url).lookup(DEWI)
    assert isinstance(result, Failed) and result.kind is FailureKind.HTTP_STATUS and result.http_status == 503
    assert sim.state.hits == 1 + MAX_RETRIES


def test_retries_stop_at_the_budget(sim):
    sim.set_fault("5xx")
    result = client(sim.url, budget_seconds=0.1).lookup(DEWI)
    assert isinstance(result, Failed) and result.kind is FailureKind.HTTP_STATUS
    assert sim.state.hits == 1, "the first backoff already reaches past a 0.1 s budget"


def test_a_recovered_server_is_reached_by_the_retry(sim):
    # Two 503s then an answer, the way a registry restarting behind its load balancer looks.
    sim.set_fault("5xx", times=2)
    result = client(sim.url).lookup(DEWI)
    assert isinstance(result, Found) and sim.state.hits == 3


@pytest.mark.parametrize("fault,status", [("http_401", 401), ("http_403", 403), ("http_429", 429)])
def test_other_statuses_are_not_retried(sim, fault, status):
    sim.set_fault(fault)
    result = client(sim.url).lookup(DEWI)
    assert isinstance(result, Failed) and result.kind is FailureKind.HTTP_STATUS
    assert result.http_status == status and f"HTTP {status}" in result.id_text
    assert sim.state.hits == 1


@pytest.mark.parametrize("fault,kind", [
    ("non_json", FailureKind.MALFORMED),
    ("no_content", FailureKind.MALFORMED),
    ("two_elements", FailureKind.AMBIGUOUS),
    ("wrong_person", FailureKind.WRONG_PERSON),
])
def test_answers_that_cannot_be_trusted(sim, fault, kind):
    sim.set_fault(fault)
    result = client(sim.url).lookup(DEWI)
    assert isinstance(result, Failed) and result.kind is kind
    assert not hasattr(result, "record"), "another person's record is never handed on"
    assert sim.state.hits == 1


# --- http only inside the private networks ------------------------------------------------------------------


@pytest.mark.parametrize("url", [
    "http://10.1.2.3:8000", "http://172.16.160.25:8000", "http://172.31.255.254", "http://192.168.1.10",
    "http://127.0.0.1:9", "http://localhost:8000", "https://dukcapil.example.go.id", "https://8.8.8.8/",
])
def test_allowed_urls(url):
    assert check_base_url(url) == url.rstrip("/")


@pytest.mark.parametrize("url", [
    "http://172.32.0.1", "http://172.15.255.255", "http://11.0.0.1", "http://8.8.8.8:8000",
    "http://169.254.1.1", "http://100.64.0.1", "http://dukcapil.example.go.id", "http://[::1]:8000",
    "ftp://10.0.0.1", "", "10.0.0.1:8000",
])
def test_refused_urls(url):
    with pytest.raises(RegistryConfigError) as info:
        RegistryClient(url, AGENCY, GOOD)
    assert info.value.id_text and info.value.as_result().kind is FailureKind.CONFIG


def test_private_host_rule_is_literal_addresses_only():
    assert is_private_host("10.0.0.1") and not is_private_host("10.example.com")


def test_https_always_verifies_and_a_ca_bundle_only_adds_a_root(tmp_path):
    """What the bundle adds is proven over TLS in tests/test_registry_trust.py; here: never switched off."""
    import ssl

    from app.registry.trust import trust_context

    with RegistryClient("https://dukcapil.example.go.id", AGENCY, GOOD) as plain:
        assert plain._session.verify is True
    public = trust_context()
    assert public.verify_mode is ssl.CERT_REQUIRED and public.check_hostname
    assert len(public.get_ca_certs()) > 0  # the system's and certifi's roots


def test_tls_to_a_plain_http_server_fails_as_transport(sim):
    result = client(sim.url.replace("http://", "https://"), budget_seconds=1.0).lookup(DEWI)
    assert isinstance(result, Failed) and result.kind is FailureKind.TRANSPORT


def test_missing_agency_is_a_config_error():
    with pytest.raises(RegistryConfigError):
        RegistryClient("http://127.0.0.1:1", "", GOOD)


# --- credentials: environment first, then keyring; the password never leaks --------------------------------


def test_credentials_from_keyring(sim, no_env, memory_keyring):
    memory_keyring.set_password("loket", USER_KEY, SIM_USER)
    memory_keyring.set_password("loket", PASSWORD_KEY, SIM_PASSWORD)
    settings = RegistrySettings(base_url=sim.url, agency=AGENCY)
    with RegistryClient.from_settings(settings) as c:
        assert isinstance(c.lookup(DEWI), Found)


def test_environment_wins_over_keyring(sim, sim_env, memory_keyring):
    memory_keyring.set_password("loket", USER_KEY, SIM_USER)
    memory_keyring.set_password("loket", PASSWORD_KEY, "stale-password")
    with RegistryClient.from_settings(RegistrySettings(base_url=sim.url, agency=AGENCY)) as c:
        assert isinstance(c.lookup(DEWI), Found)


def test_missing_credentials_tell_the_clerk_what_to_run(no_env, memory_keyring):
    with pytest.raises(RegistryConfigError) as info:
        read_credentials()
    assert "loket credentials set registry" in info.value.id_text


def test_password_never_reaches_a_log_or_an_exception(sim, caplog, no_env, memory_keyring):
    secret = "Rahasia-Sekali-9f3b"  # a wrong password: the login refusal path
    memory_keyring.set_password("loket", USER_KEY, SIM_USER)
    memory_keyring.set_password("loket", PASSWORD_KEY, SIM_PASSWORD)
    caplog.set_level(logging.DEBUG)  # every logger, including urllib3's connection chatter
    texts: list[str] = []
    settings = RegistrySettings(base_url=sim.url, agency=AGENCY, budget_seconds=0.5)
    sim.state.slow_seconds = 2.0
    with RegistryClient.from_settings(settings) as c:
        texts.append(repr(c))
        for fault in (None, "slow", "5xx", "non_json", "wrong_person", "two_elements", "no_content", "ip",
                      "quota", "other_respon", "http_401", "http_403", "http_429"):
            sim.set_fault(fault)
            result = c.lookup(DEWI)
            texts += [repr(result), result.id_text, result.en_text]
    sim.set_fault(None)
    memory_keyring.set_password("loket", PASSWORD_KEY, secret)
    with RegistryClient.from_settings(settings) as c:
        result = c.lookup(DEWI)
        assert isinstance(result, Refused) and result.kind is RefusalKind.LOGIN
        texts += [repr(result), result.id_text, result.en_text]
    for url in (f"http://127.0.0.1:{closed_port()}", sim.url.replace("http://", "https://")):
        with RegistryClient(url, AGENCY, read_credentials(), budget_seconds=0.5) as c:
            result = c.lookup(DEWI)
            texts += [repr(result), result.id_text, result.en_text]
    try:
        RegistryClient("http://8.8.8.8", AGENCY, read_credentials())
    except RegistryConfigError as exc:
        texts += [str(exc), repr(exc), exc.id_text]
    texts.append(repr(read_credentials()))
    texts += [r.getMessage() for r in caplog.records]
    texts += [r.exc_text or "" for r in caplog.records]
    assert caplog.records, "the lookups were logged"
    for text in texts:
        assert secret not in text and SIM_PASSWORD not in text
        assert DEWI not in text, "no NIK in a log line or a message"
        assert "DEWI" not in text, "no name either"

