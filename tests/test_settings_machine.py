"""Per-machine defaults (written by the installer) under the per-user settings file."""

import json
import sys

from app.base import settings as settings_module
from app.base.settings import load, machine_config_path


def _write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")


def test_user_file_overrides_machine_defaults_key_by_key(tmp_path, monkeypatch, isolated_settings):
    machine = tmp_path / "machine" / "settings.json"
    monkeypatch.setenv("LOKET_MACHINE_CONFIG", str(machine))
    _write(machine, {"registry": {"base_url": "http://10.0.0.5:8000", "agency": "RSUD_A"},
                     "forms": {"letterhead_name": "RSUD A"}, "ui": {"language": "id"}})
    _write(isolated_settings, {"registry": {"agency": "RSUD_B"}, "forms": {"offices": {}}})
    s = load()
    assert s.registry.base_url == "http://10.0.0.5:8000"
    assert s.registry.agency == "RSUD_B"
    assert s.extra["forms"] == {"letterhead_name": "RSUD A", "offices": {}}
    assert s.extra["ui"] == {"language": "id"}


def test_machine_defaults_alone(tmp_path, monkeypatch):
    machine = tmp_path / "machine.json"
    monkeypatch.setenv("LOKET_MACHINE_CONFIG", str(machine))
    _write(machine, {"registry": {"agency": "RSUD_A"}})
    assert load().registry.agency == "RSUD_A"


def test_explicit_loket_config_stands_alone(monkeypatch):
    monkeypatch.delenv("LOKET_MACHINE_CONFIG", raising=False)
    assert machine_config_path() is None  # conftest sets LOKET_CONFIG: no machine file leaks into tests


def test_default_machine_locations(monkeypatch):
    monkeypatch.delenv("LOKET_CONFIG", raising=False)
    monkeypatch.delenv("LOKET_MACHINE_CONFIG", raising=False)
    monkeypatch.setenv("PROGRAMDATA", r"D:\ProgramData")
    monkeypatch.setattr(sys, "platform", "win32")
    assert str(machine_config_path()).replace("/", "\\") == r"D:\ProgramData\Loket\settings.json"
    monkeypatch.setattr(sys, "platform", "linux")
    assert str(machine_config_path()) == "/etc/loket/settings.json"


def test_explicit_path_ignores_machine_defaults(tmp_path, monkeypatch):
    machine = tmp_path / "machine.json"
    monkeypatch.setenv("LOKET_MACHINE_CONFIG", str(machine))
    _write(machine, {"registry": {"agency": "RSUD_A"}})
    own = tmp_path / "own.json"
    _write(own, {})
    assert load(own).registry.agency == ""


def test_broken_machine_file_names_it_and_is_copied_not_moved(tmp_path, monkeypatch, isolated_settings):
    machine = tmp_path / "machine.json"
    machine.write_text("{", encoding="utf-8")
    monkeypatch.setenv("LOKET_MACHINE_CONFIG", str(machine))
    _write(isolated_settings, {"registry": {"agency": "RSUD_B"}})
    settings = settings_module.load()
    assert settings.registry.agency == "RSUD_B"  # the user's file still counts
    assert len(settings.problems) == 1 and "machine.json" in settings.problems[0]
    assert machine.read_text() == "{"  # the installer's file stays where IT put it
    assert [p.read_text() for p in tmp_path.glob("machine.json.rusak-*")] == ["{"]


def test_a_broken_machine_file_is_set_aside_once_not_once_per_read(tmp_path, monkeypatch, isolated_settings):
    """Every audit row and storage call asks for the settings: about three per citizen. A broken installer
    file used to be copied each time, without limit."""
    from app import audit

    machine = tmp_path / "machine.json"
    machine.write_text("{", encoding="utf-8")
    monkeypatch.setenv("LOKET_MACHINE_CONFIG", str(machine))
    for _ in range(20):
        assert len(settings_module.load().problems) == 1  # still said to every reader
    for _ in range(10):  # a day's audit rows
        audit.append("read", "ok", service="KTP")
    settings_module._cache.clear()  # the next start of Loket (another process)
    assert len(settings_module.load().problems) == 1
    assert len(list(tmp_path.glob("machine.json.rusak-*"))) == 1
    machine.write_text("[1]", encoding="utf-8")  # broken another way: that one is kept too
    settings_module.load()
    assert len(list(tmp_path.glob("machine.json.rusak-*"))) == 2
