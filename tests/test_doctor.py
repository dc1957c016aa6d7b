"""`loket doctor`: each check says OK / PERINGATAN / GAGAL with what to do; --report bundles it for support."""

from __future__ import annotations

import json
import socket
import zipfile
from datetime import UTC, datetime

from app.base.settings import RegistrySettings, Settings
from app.flows.doctor import FAIL, OK, WARN, clock_check, data_dir_check, registry_check, write_report

pytest_plugins = ("tests.registry_fixtures",)


def _settings(**registry: object) -> Settings:
    s = Settings()
    s.registry = RegistrySettings(**registry)  # type: ignore[arg-type]
    return s


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_clock_far_in_the_past_fails():
    assert clock_check(datetime(2009, 1, 1, tzinfo=UTC)).level == FAIL
    assert clock_check(datetime(2026, 11, 23, tzinfo=UTC)).level == OK


def test_registry_not_configured_is_a_warning_not_a_failure():
    check = registry_check(_settings())
    assert check.level == WARN and check.ok


def test_registry_unreachable_names_the_host(sim_env):
    check = registry_check(_settings(base_url=f"http://127.0.0.1:{_closed_port()}", agency="LOKET_SIM"))
    assert check.level == FAIL
    assert "127.0.0.1" in check.detail and "VPN" in check.detail


def test_registry_plain_http_to_a_public_host_fails():
    check = registry_check(_settings(base_url="http://203.0.113.9:8000", agency="X"))
    assert check.level == FAIL


def test_registry_login_checked_with_a_test_nik(sim, sim_env):
    s = _settings(base_url=sim.url, agency="LOKET_SIM")
    s.extra["doctor"] = {"test_nik": "3273014507920001"}
    assert registry_check(s).level == OK
    sim.set_fault("login")
    check = registry_check(s)
    assert check.level == FAIL and "IT" in check.detail


def test_data_dir_not_writable(tmp_path, monkeypatch):
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("x")
    monkeypatch.setenv("LOKET_DATA_DIR", str(blocked / "loket"))
    assert data_dir_check().level == FAIL


def test_report_holds_checks_versions_settings_and_log_tail(tmp_path, monkeypatch):
    monkeypatch.setenv("LOKET_DATA_DIR", str(tmp_path / "data"))
    (tmp_path / "data" / "logs").mkdir(parents=True)
    (tmp_path / "data" / "logs" / "loket.log").write_text("\n".join(f"line {i}" for i in range(800)))
    checks = [clock_check(), registry_check(_settings())]
    path = write_report(tmp_path / "report.zip", checks, _settings(base_url="http://10.0.0.5:8000"))
    with zipfile.ZipFile(path) as z:
        assert set(z.namelist()) == {"checks.json", "versions.json", "readers.json", "settings.json",
                                     "log-tail.txt"}
        assert [c["name"] for c in json.loads(z.read("checks.json"))] == ["clock", "registry"]
        assert json.loads(z.read("settings.json"))["registry"]["base_url"] == "http://10.0.0.5:8000"
        tail = z.read("log-tail.txt").decode().splitlines()
        assert tail[-1] == "line 799" and len(tail) == 500
        assert "loket" in json.loads(z.read("versions.json"))
