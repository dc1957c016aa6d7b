"""`loket credentials set sam`: PCID/CONF go to the keyring only, and a read picks them up from there."""

from __future__ import annotations

from app.cli import main
from reader.simulator import SIM_CONF, SIM_PCID

pytest_plugins = ("tests.registry_fixtures",)


def test_set_from_env_stores_in_keyring_and_read_uses_it(memory_keyring, monkeypatch, capsys,
                                                         isolated_settings, tmp_path):
    monkeypatch.setenv("LOKET_SAM_PCID", SIM_PCID.hex())
    monkeypatch.setenv("LOKET_SAM_CONF", SIM_CONF.hex())
    assert main(["credentials", "set", "sam", "--from-env"]) == 0
    assert memory_keyring.store[("loket", "sam-pcid")] == SIM_PCID.hex()
    assert memory_keyring.store[("loket", "sam-conf")] == SIM_CONF.hex()
    # Nothing about the secrets lands in the settings file or anywhere under the test's folder.
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert SIM_PCID.hex() not in path.read_text(errors="ignore")

    # A real (non-demo) read takes the SAM secrets from the keyring once the environment is gone.
    monkeypatch.delenv("LOKET_SAM_PCID")
    monkeypatch.delenv("LOKET_SAM_CONF")
    from app.base.credentials import sam_credentials

    assert sam_credentials().pcid == SIM_PCID
    out = capsys.readouterr()
    assert SIM_PCID.hex() not in out.out + out.err


def test_prompted_values_are_checked_before_storing(memory_keyring, monkeypatch, capsys):
    answers = iter(["abcd", SIM_CONF.hex()])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert main(["credentials", "set", "sam"]) == 2
    assert memory_keyring.store == {}
    assert "PCID 16 byte" in capsys.readouterr().err


def test_read_without_any_credentials_exits_8_with_the_fix(memory_keyring, capsys):
    # Checked before touching PC/SC, so the clerk hears the real cause even with no reader attached.
    assert main(["read", "--json", "--wait", "0"]) == 8
    err = capsys.readouterr().err
    assert "loket credentials set sam" in err
    assert "Traceback" not in err
