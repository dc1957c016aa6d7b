"""The command-line pieces (called with argparse Namespaces, and once through a real subprocess), the lookup
the reader and the GUI call, and the once-per-outage rule."""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import requests

from app.base import credentials
from app.base.settings import RegistrySettings, Settings
from app.citizen.lookup import lookup_for_identity
from app.cli import registry as commands
from app.cli.registry import (
    add_credentials_registry_parser,
    add_lookup_parser,
    add_simulate_registry_parser,
    cmd_credentials_registry,
    cmd_lookup,
)
from app.registry.client import PASSWORD_ENV, PASSWORD_KEY, USER_ENV, USER_KEY
from app.registry.outage import RegistryState
from app.registry.result import Failed, FailureKind, NotFound, RefusalKind, Refused
from app.sim.registry import FAULTS, SIM_AGENCY, SIM_PASSWORD, SIM_USER
from reader.exitcodes import ExitCode
from reader.simulator.population import by_nik
from tests.registry_support import BrokenKeyring, closed_port, identity, write_settings

pytest_plugins = ("tests.registry_fixtures",)  # fixtures: sim, sim_env, no_env, memory_keyring, config_file

DEWI, RISKY, FRANSISKA = "3273014507920001", "3578051708880003", "6271034408010006"
REPO = Path(__file__).resolve().parents[1]


def parser() -> argparse.ArgumentParser:
    """The shape app/cli gives these commands."""
    top = argparse.ArgumentParser(prog="loket")
    sub = top.add_subparsers(dest="command", required=True)
    add_lookup_parser(sub)
    simulate = sub.add_parser("simulate").add_subparsers(dest="what", required=True)
    add_simulate_registry_parser(simulate)
    cred_set = sub.add_parser("credentials").add_subparsers(dest="action", required=True) \
        .add_parser("set").add_subparsers(dest="what", required=True)
    add_credentials_registry_parser(cred_set)
    return top


def lookup_args(*argv: str) -> argparse.Namespace:
    return parser().parse_args(["lookup", *argv])


# --- loket lookup -------------------------------------------------------------------------------------------


def test_parsers_wire_up():
    argv = ["lookup", DEWI, "--json", "--registry-url", "http://127.0.0.1:1", "--agency", "A"]
    args = parser().parse_args(argv)
    assert (args.func, args.nik, args.json, args.registry_url, args.agency) == (
        cmd_lookup, DEWI, True, "http://127.0.0.1:1", "A")
    args = parser().parse_args(["simulate", "registry", "--port", "0", "--fault", "slow"])
    assert (args.func, args.port, args.fault) == (commands.cmd_simulate_registry, 0, "slow")
    args = parser().parse_args(["credentials", "set", "registry", "--from-env"])
    assert (args.func, args.from_env) == (cmd_credentials_registry, True)
    with pytest.raises(SystemExit):
        parser().parse_args(["simulate", "registry", "--fault", "meteor"])


def test_lookup_prints_the_person(sim, sim_env, config_file, capsys):
    code = cmd_lookup(lookup_args(RISKY, "--registry-url", sim.url, "--agency", SIM_AGENCY))
    out, err = capsys.readouterr()
    assert code == 0 and err == ""
    assert "RISKI RISTIANDY" in out and "17-08-1988" in out and "No. KK" in out


def test_lookup_json_from_settings_file(sim, sim_env, config_file, capsys):
    write_settings(config_file, base_url=sim.url, agency=SIM_AGENCY)
    assert cmd_lookup(lookup_args(DEWI, "--json")) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["nik"] == DEWI and data["tanggal_lahir"] == "1992-07-05"
    assert data["no_kk"] == "3273012203150004"


FAULT_LINES = {
    "slow": "tidak menjawab tepat waktu", "5xx": "HTTP 503", "non_json": "tidak dapat dibaca",
    "wrong_person": "data orang lain", "two_elements": "lebih dari satu data",
    "no_content": "tidak dapat dibaca",
    "login": "Login ke data kependudukan gagal", "ip": "tidak terdaftar", "quota": "Kuota pencarian",
    "other_respon": "Sistem Sedang Dalam Pemeliharaan", "http_401": "HTTP 401", "http_403": "HTTP 403",
    "http_429": "HTTP 429",
}


@pytest.mark.parametrize("fault", FAULTS)
def test_every_fault_gives_one_line_and_exit_11(sim, sim_env, config_file, capsys, fault):
    write_settings(config_file, base_url=sim.url, agency=SIM_AGENCY, budget_seconds=0.5)
    sim.state.slow_seconds = 2.0
    sim.set_fault(fault)
    assert cmd_lookup(lookup_args(DEWI)) == ExitCode.REGISTRY_FAILED
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and FAULT_LINES[fault] in err


def test_not_found_and_unreachable_exit_11(sim, sim_env, config_file, capsys):
    code = cmd_lookup(lookup_args(FRANSISKA, "--registry-url", sim.url, "--agency", SIM_AGENCY))
    assert code == ExitCode.REGISTRY_FAILED
    assert "tidak ditemukan" in capsys.readouterr().err
    url = f"http://127.0.0.1:{closed_port()}"
    code = cmd_lookup(lookup_args(DEWI, "--registry-url", url, "--agency", SIM_AGENCY, "--json"))
    assert code == ExitCode.REGISTRY_FAILED
    out, err = capsys.readouterr()
    assert err == "Data kependudukan tidak dapat dihubungi; data dari chip tetap dipakai.\n"
    assert json.loads(out)["kind"] == "transport"


def test_setup_problems(sim, no_env, memory_keyring, config_file, capsys, monkeypatch):
    assert cmd_lookup(lookup_args("12345", "--registry-url", sim.url, "--agency", SIM_AGENCY)) == 2
    assert cmd_lookup(lookup_args(DEWI, "--registry-url", sim.url, "--agency", SIM_AGENCY)) == ExitCode.REGISTRY_FAILED
    assert "loket credentials set registry" in capsys.readouterr().err
    monkeypatch.setenv(USER_ENV, SIM_USER)
    monkeypatch.setenv(PASSWORD_ENV, SIM_PASSWORD)
    code = cmd_lookup(lookup_args(DEWI, "--registry-url", "http://8.8.8.8:8000", "--agency", "A"))
    assert code == ExitCode.REGISTRY_FAILED
    assert "https://" in capsys.readouterr().err
    config_file.write_text("{broken", encoding="utf-8")
    # A broken settings file is said once and the defaults are used: here that means no registry URL.
    assert cmd_lookup(lookup_args(DEWI)) == ExitCode.REGISTRY_FAILED
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and "pengaturan" in err[0] and "bawaan" in err[0] and "Alamat data" in err[1]


def test_lookup_as_a_process_keeps_personal_data_and_password_out_of_the_log(sim):
    # The way IT runs it from a script before `loket` is installed; logging on at DEBUG to catch any leak.
    code = (
        "import logging, sys; logging.basicConfig(level=logging.DEBUG);"
        "from app.cli.registry import add_lookup_parser, cmd_lookup; import argparse;"
        "p = argparse.ArgumentParser(); add_lookup_parser(p.add_subparsers());"
        "sys.exit(cmd_lookup(p.parse_args(sys.argv[1:])))"
    )
    env = dict(os.environ, **{USER_ENV: SIM_USER, PASSWORD_ENV: SIM_PASSWORD, "LOKET_CONFIG": "/nonexistent"})
    argv = [sys.executable, "-c", code, "lookup", DEWI, "--registry-url", sim.url, "--agency", SIM_AGENCY]
    ok = subprocess.run(argv, cwd=REPO, env=env, capture_output=True, text=True, timeout=30)
    assert ok.returncode == 0 and "DEWI KARTIKA SARI" in ok.stdout
    sim.set_fault("5xx")
    bad = subprocess.run(argv, cwd=REPO, env=env, capture_output=True, text=True, timeout=30)
    assert bad.returncode == ExitCode.REGISTRY_FAILED
    lines = bad.stderr.splitlines()
    assert "Layanan data kependudukan menolak permintaan (HTTP 503); data dari chip tetap dipakai." in lines
    assert any("registry answered HTTP 503" in line for line in lines), "the English reason is logged"
    for text in (ok.stderr, bad.stderr):
        assert SIM_PASSWORD not in text and DEWI not in text and "DEWI" not in text


# --- loket simulate registry --------------------------------------------------------------------------------


def test_simulate_registry_runs_until_interrupted():
    code = ("import argparse, sys; from app.cli.registry import cmd_simulate_registry;"
            "sys.exit(cmd_simulate_registry(argparse.Namespace(port=0, fault='quota')))")
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=REPO, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        first = proc.stdout.readline()
        url = first.split(" di ")[1].split()[0]
        body = {"NIK": DEWI, "user_id": SIM_USER, "password": SIM_PASSWORD, "IP_USER": "127.0.0.1"}
        answer = requests.post(f"{url}/dukcapil/get_json/{SIM_AGENCY}/CALL_NIK", json=body, timeout=5).json()
        assert answer["content"] == [{"RESPON": "Kuota Pencarian Habis"}]
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate()


def test_simulate_registry_on_a_busy_port(sim, capsys):
    assert commands.cmd_simulate_registry(argparse.Namespace(port=sim.port, fault=None)) == 1
    assert "--port" in capsys.readouterr().err


# --- loket credentials set registry -------------------------------------------------------------------------


def test_credentials_from_env_go_to_the_keyring(sim, monkeypatch, memory_keyring, capsys):
    monkeypatch.setenv(USER_ENV, SIM_USER)
    monkeypatch.setenv(PASSWORD_ENV, SIM_PASSWORD)
    assert cmd_credentials_registry(argparse.Namespace(from_env=True)) == 0
    assert memory_keyring.store == {("loket", USER_KEY): SIM_USER, ("loket", PASSWORD_KEY): SIM_PASSWORD}
    out, err = capsys.readouterr()
    assert SIM_PASSWORD not in out + err
    # Now without the environment the lookup finds them in the keyring.
    monkeypatch.delenv(USER_ENV)
    monkeypatch.delenv(PASSWORD_ENV)
    settings = RegistrySettings(base_url=sim.url, agency=SIM_AGENCY)
    applicant = lookup_for_identity(identity(by_nik(DEWI)), settings, state=RegistryState())
    assert applicant.verified


def test_credentials_from_env_need_both(no_env, memory_keyring, capsys):
    assert cmd_credentials_registry(argparse.Namespace(from_env=True)) == 2
    assert memory_keyring.store == {}


def test_credentials_prompt_without_echo(monkeypatch, memory_keyring):
    prompts: list[str] = []
    answers = iter(["s3cret", "s3cret"])
    monkeypatch.setattr("builtins.input", lambda prompt: prompts.append(prompt) or "rsud-beltim-01")
    monkeypatch.setattr("getpass.getpass", lambda prompt: prompts.append(prompt) or next(answers))
    assert cmd_credentials_registry(argparse.Namespace(from_env=False)) == 0
    assert memory_keyring.get_password("loket", PASSWORD_KEY) == "s3cret"
    assert memory_keyring.get_password("loket", USER_KEY) == "rsud-beltim-01"
    assert len(prompts) == 3


def test_credentials_prompt_mismatch_changes_nothing(monkeypatch, memory_keyring, capsys):
    answers = iter(["one", "two"])
    monkeypatch.setattr("builtins.input", lambda prompt: "someone")
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    assert cmd_credentials_registry(argparse.Namespace(from_env=False)) == 2
    assert memory_keyring.store == {}


def test_broken_keyring_is_reported_without_the_password(monkeypatch, caplog, capsys):
    previous = credentials.keyring_backend()
    credentials.use_keyring(BrokenKeyring())
    try:
        monkeypatch.setenv(USER_ENV, SIM_USER)
        monkeypatch.setenv(PASSWORD_ENV, SIM_PASSWORD)
        assert cmd_credentials_registry(argparse.Namespace(from_env=True)) == 1
    finally:
        credentials.use_keyring(previous)
    out, err = capsys.readouterr()
    assert "Keyring" in err
    assert all(SIM_PASSWORD not in r.getMessage() for r in caplog.records)
    assert SIM_PASSWORD not in out + err


# --- lookup_for_identity: the merged record, and the clerk told once per outage -----------------------------


def test_lookup_for_identity_merges(sim, sim_env):
    settings = Settings(registry=RegistrySettings(base_url="http://127.0.0.1:1", agency="WRONG"))
    applicant = lookup_for_identity(identity(by_nik(RISKY)), settings,
                                    {"base_url": sim.url, "agency": SIM_AGENCY}, state=RegistryState())
    assert applicant.verified and applicant.notice is None
    data = applicant.to_json()
    assert data["discrepancies"] == [
        {"field": "nama", "chip": "RISKY RISTIANDY", "registry": "RISKI RISTIANDY"},
    ]
    assert data["provenance"]["no_kk"] == "registry"


def test_lookup_for_identity_takes_cli_flags(sim, sim_env):
    args = argparse.Namespace(registry_url=sim.url, agency=SIM_AGENCY, lookup=True, json=True)
    applicant = lookup_for_identity(identity(by_nik(DEWI)), Settings(), args, state=RegistryState())
    assert applicant.verified


def test_outage_is_told_once_then_again_after_recovery(sim, sim_env):
    state = RegistryState()
    settings = RegistrySettings(base_url=sim.url, agency=SIM_AGENCY, budget_seconds=0.5)
    dewi = identity(by_nik(DEWI))
    sim.set_fault("5xx")
    first = lookup_for_identity(dewi, settings, state=state)
    assert not first.verified and first.notice == first.unverified_reason
    sim.set_fault("slow")
    sim.state.slow_seconds = 2.0
    second = lookup_for_identity(dewi, settings, state=state)
    assert not second.verified and second.notice is None, "a timeout during the same outage is no news"
    sim.set_fault(None)
    assert lookup_for_identity(dewi, settings, state=state).notice is None
    sim.set_fault("5xx")
    assert lookup_for_identity(dewi, settings, state=state).notice is not None


def test_unreachable_registry_still_gives_a_chip_only_applicant(sim_env):
    settings = RegistrySettings(base_url=f"http://127.0.0.1:{closed_port()}", agency=SIM_AGENCY,
                                budget_seconds=0.5)
    applicant = lookup_for_identity(identity(by_nik(DEWI)), settings, state=RegistryState())
    assert not applicant.verified
    assert applicant.notice == "Data kependudukan tidak dapat dihubungi; data dari chip tetap dipakai."
    assert applicant.to_json()["registry"]["kind"] == "transport"


def test_not_found_is_told_for_each_citizen(sim, sim_env):
    state = RegistryState()
    settings = RegistrySettings(base_url=sim.url, agency=SIM_AGENCY)
    fransiska = identity(by_nik(FRANSISKA))
    for _ in range(2):
        applicant = lookup_for_identity(fransiska, settings, state=state)
        assert isinstance(applicant.lookup, NotFound) and applicant.notice is not None


def test_quota_stops_asking_until_tomorrow(sim, sim_env):
    today = [date(2026, 11, 23)]
    state = RegistryState(today=lambda: today[0])
    settings = RegistrySettings(base_url=sim.url, agency=SIM_AGENCY)
    dewi = identity(by_nik(DEWI))
    sim.set_fault("quota")
    assert lookup_for_identity(dewi, settings, state=state).notice is not None
    again = lookup_for_identity(dewi, settings, state=state)
    assert isinstance(again.lookup, Refused) and again.notice is None
    assert sim.state.hits == 1, "no request while the quota is used up"
    sim.set_fault(None)
    today[0] = date(2026, 11, 24)
    assert lookup_for_identity(dewi, settings, state=state).verified
    assert sim.state.hits == 2


def test_login_refusal_stops_asking_until_the_credentials_change(sim, monkeypatch):
    monkeypatch.setenv(USER_ENV, SIM_USER)
    monkeypatch.setenv(PASSWORD_ENV, "typo")
    state = RegistryState()
    settings = RegistrySettings(base_url=sim.url, agency=SIM_AGENCY)
    dewi = identity(by_nik(DEWI))
    first = lookup_for_identity(dewi, settings, state=state)
    assert isinstance(first.lookup, Refused) and first.lookup.kind is RefusalKind.LOGIN and first.notice
    assert lookup_for_identity(dewi, settings, state=state).notice is None
    assert sim.state.hits == 1
    monkeypatch.setenv(PASSWORD_ENV, SIM_PASSWORD)  # IT fixed it
    assert lookup_for_identity(dewi, settings, state=state).verified
    assert sim.state.hits == 2


def test_missing_configuration_is_an_unverified_applicant(no_env, memory_keyring):
    applicant = lookup_for_identity(identity(by_nik(DEWI)), Settings(), state=RegistryState())
    assert isinstance(applicant.lookup, Failed) and applicant.lookup.kind is FailureKind.CONFIG
    assert "loket credentials set registry" in applicant.notice
