"""Which keyring Loket uses: the platform's own, the one IT names, or none — never a file keyring of its own
choosing (keyring's discovery picks keyrings.alt's plain-text file where no desktop keyring runs)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from keyrings.alt.file import PlaintextKeyring

from app.base import credentials

ROOT = Path(__file__).resolve().parents[1]
LOKET = ROOT / ".venv" / "bin" / "loket"


@pytest.fixture
def no_desktop_keyring(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Nothing named, and no Secret Service to reach: the session bus points at a socket that is not there."""
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path / 'no-bus'}")
    credentials.use_keyring(None)


def fresh_home_env(home: Path) -> dict[str, str]:
    # A new user's account on a headless machine: no settings, no data folder, no desktop keyring.
    return {"PATH": os.environ["PATH"], "HOME": str(home), "LOKET_DEMO_TRANSPORT": "in-process",
            "DBUS_SESSION_BUS_ADDRESS": f"unix:path={home / 'no-bus'}"}


def test_demo_on_a_fresh_account_without_a_keyring_writes_no_file_keyring_and_names_the_missing_one(
        tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = fresh_home_env(home)
    read = subprocess.run([str(LOKET), "read", "--demo", "--json"], env=env, capture_output=True, text=True,
                          timeout=120)
    out = tmp_path / "rsud.pdf"
    fill = subprocess.run([str(LOKET), "fill", "rsud_pasien_baru", "--demo", "--person", "1", "--set",
                           "cara_bayar=umum", "--set", "telepon=081234567890", "--out", str(out)],
                          env=env, capture_output=True, text=True, timeout=120)
    assert read.returncode == 0, read.stderr
    assert json.loads(read.stdout)["authenticity"] == "valid"
    assert fill.returncode == 0, fill.stderr
    assert out.read_bytes().startswith(b"%PDF")
    for done in (read, fill):
        # One sentence, naming the keyring that is missing and what IT can do.
        said = [line for line in done.stderr.splitlines() if "keyring" in line.lower()]
        assert len(said) == 1, done.stderr
        assert "Secret Service/KWallet" in said[0] and "keyring.backend" in said[0]
    written = sorted(str(p.relative_to(home)) for p in home.rglob("*") if p.is_file())
    assert not any("keyring" in name.lower() for name in written), written
    assert not (home / ".local" / "share" / "python_keyring").exists()
    # What the demo did write is its own data folder alone (the demo's, inside the counter's: app/base/paths.py),
    # with the log in English naming the lack.
    assert all(name.startswith(".local/share/loket/demo/") for name in written), written
    log = (home / ".local" / "share" / "loket" / "demo" / "logs" / "loket.log").read_text()
    assert "no usable keyring (Secret Service/KWallet)" in log and "keyring.backend" in log


def test_without_a_desktop_keyring_nothing_is_chosen_and_nothing_stored(no_desktop_keyring, tmp_path) -> None:
    with pytest.raises(credentials.NoKeyring) as none:
        credentials.keyring_backend()
    assert "Secret Service/KWallet" in none.value.id_text and "keyring.backend" in none.value.id_text
    assert credentials.store_secrets({"sam-pcid": "00" * 16}, "SAM") == none.value.id_text
    with pytest.raises(credentials.CredentialsMissing) as missing:
        credentials.sam_credentials()
    assert missing.value.id_text == none.value.id_text  # not "run credentials set": there is nowhere to set it
    assert not list(tmp_path.rglob("*.cfg"))


def test_the_keyring_it_names_in_the_settings_is_used_file_or_not(no_desktop_keyring, isolated_settings,
                                                                  tmp_path) -> None:
    isolated_settings.write_text(json.dumps({"keyring": {"backend": "keyrings.alt.file.PlaintextKeyring"}}))
    backend = credentials.keyring_backend()
    assert isinstance(backend, PlaintextKeyring)
    assert credentials.store_secrets({"registry-user-id": "rsud-01"}, "registry") is None
    assert credentials.get_secret("registry-user-id", "LOKET_REGISTRY_USER") == "rsud-01"
    assert Path(backend.file_path).is_relative_to(tmp_path)  # this test's XDG_DATA_HOME


def test_a_name_that_does_not_load_is_no_keyring_and_is_named(no_desktop_keyring, isolated_settings) -> None:
    isolated_settings.write_text(json.dumps({"keyring": {"backend": "keyrings.nowhere.Keyring"}}))
    with pytest.raises(credentials.NoKeyring) as none:
        credentials.keyring_backend()
    assert "keyrings.nowhere.Keyring" in none.value.id_text


def test_choosing_imports_no_other_platforms_backends(tmp_path: Path) -> None:
    # keyring's discovery imports every backend (macOS, Windows, libsecret, chainer…) to rank them.
    probe = ("import sys; from app.base import credentials\n"
             "try: credentials.keyring_backend()\nexcept credentials.NoKeyring: pass\n"
             "print(' '.join(sorted(m for m in sys.modules if m.startswith(('keyring', 'app.base.secret')))))")
    env = {**fresh_home_env(tmp_path), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=60,
                          cwd=ROOT)
    loaded = set(done.stdout.split())
    assert "app.base.secretservice" in loaded, done.stderr  # the one this platform has, asked (directly)
    assert not loaded & {"keyring.backends.macOS", "keyring.backends.Windows", "keyring.backends.chainer",
                         "keyring.backends.libsecret", "keyrings.alt.file"}, loaded


def test_a_running_secret_service_is_the_keyring_chosen_and_used(tmp_path: Path) -> None:
    from bench import secret_service

    if not secret_service.available():
        if os.environ.get("LOKET_REQUIRE_PCSCD") == "1":  # CI: scripts/setup.sh installs gnome-keyring
            pytest.fail("gnome-keyring-daemon and dbus-daemon are required here")
        pytest.skip("gnome-keyring-daemon / dbus-daemon not installed")
    home = tmp_path / "home"
    with secret_service.secret_service(home) as env:
        env = {**env, "LOKET_DEMO_TRANSPORT": "in-process", "LOKET_DATA_DIR": str(tmp_path / "data"),
               "LOKET_CONFIG": str(tmp_path / "settings.json"),
               "LOKET_SAM_PCID": "4c4f4b45542d53494d2d504349442d31",
               "LOKET_SAM_CONF": "4c4f4b45542d53494d554c415445442d53414d2d434f4e462d30303030303031"}
        for name in ("LOKET_AUDIT_KEY", "LOKET_DRAFT_KEY", "LOKET_COPY_KEY", "LOKET_SEAL_KEY"):
            env.pop(name, None)  # as at a counter: every key in the keyring
        stored = subprocess.run([str(LOKET), "credentials", "set", "sam", "--from-env"], env=env,
                                capture_output=True, text=True, timeout=60)
        assert stored.returncode == 0, stored.stderr
        for name in ("LOKET_SAM_PCID", "LOKET_SAM_CONF"):
            env.pop(name)
        read = subprocess.run([str(LOKET), "read", "--demo", "--json"], env=env, capture_output=True, text=True,
                              timeout=120)
        assert read.returncode == 0, read.stderr
        assert "keyring" not in read.stderr.lower()  # nothing to say: the desktop keyring is there
        probe = ("from app.base import credentials; b = credentials.keyring_backend(); "
                 "print(type(b).__module__, b.get_password('loket', 'sam-pcid'), "
                 "bool(b.get_password('loket', 'audit-key')))")
        found = subprocess.run([sys.executable, "-c", probe], env={**env, "PYTHONPATH": str(ROOT)},
                               capture_output=True, text=True, timeout=60, cwd=ROOT)
        assert found.stdout.split() == ["app.base.secretservice", "4c4f4b45542d53494d2d504349442d31",
                                        "True"], found.stderr[-2000:]
    assert not (home / ".local" / "share" / "python_keyring").exists()  # no file keyring beside it


def _secret_service_or_skip() -> None:
    from bench import secret_service

    if not secret_service.available():
        if os.environ.get("LOKET_REQUIRE_PCSCD") == "1":
            pytest.fail("gnome-keyring-daemon and dbus-daemon are required here")
        pytest.skip("gnome-keyring-daemon / dbus-daemon not installed")


def test_secret_service_items_are_keyrings_items_both_ways_and_one_session_serves_a_process(tmp_path: Path) -> None:
    """Credentials stored by an earlier Loket (keyring's own SecretService backend) read through the direct
    path, and the other way round; and one process opens one connection and one encrypted session."""
    from bench import secret_service

    _secret_service_or_skip()
    with secret_service.secret_service(tmp_path / "home") as env:
        env = {**env, "PYTHONPATH": str(ROOT), "LOKET_CONFIG": str(tmp_path / "settings.json")}

        def run(code: str, backend: str = "") -> list[str]:
            extra = {"PYTHON_KEYRING_BACKEND": backend} if backend else {}
            done = subprocess.run([sys.executable, "-c", "from app.base import credentials as c\n" + code],
                                  env={**env, **extra}, capture_output=True, text=True, timeout=60, cwd=ROOT)
            assert done.returncode == 0, done.stderr[-2000:]
            return done.stdout.split()

        old = "keyring.backends.SecretService.Keyring"
        assert run("c.set_secret('registry-password', 'stored-by-keyring')\n"
                   "print(type(c.keyring_backend()).__module__)", old) == ["keyring.backends.SecretService"]
        assert run("print(type(c.keyring_backend()).__module__, c.get_secret('registry-password', 'NONE'))") \
            == ["app.base.secretservice", "stored-by-keyring"]
        # Written directly (a new value replaces the item keyring wrote: still one item), read by keyring.
        run("c.set_secret('registry-password', 'stored-directly'); c.set_secret('sam-pcid', 'ab' * 16)")
        assert run("b = c.keyring_backend(); print(b.get_password('loket', 'registry-password'), "
                   "b.get_password('loket', 'sam-pcid'))\n"
                   "import secretstorage\n"
                   "items = secretstorage.get_default_collection(secretstorage.dbus_init()).search_items(\n"
                   "    {'service': 'loket', 'username': 'registry-password'})\n"
                   "print(len(list(items)))", old) == ["stored-directly", "ab" * 16, "1"]
        count = ("import secretstorage\n"
                 "from collections import Counter\n"
                 "from app.base.secretservice import SecretServiceKeyring as S\n"
                 "seen = Counter()\n"
                 "for owner, name in ((secretstorage, 'dbus_init'), (S, '_open_session')):\n"
                 "    real = getattr(owner, name)\n"
                 "    def counted(*a, _real=real, _name=name): seen[_name] += 1; return _real(*a)\n"
                 "    setattr(owner, name, counted)\n"
                 "values = [c.get_secret(k, 'NONE') for k in ('sam-pcid', 'registry-password', 'sam-pcid')]\n"
                 "c.set_secret('audit-head-x', '1:ab'); values.append(c.get_secret('audit-head-x', 'NONE'))\n"
                 "session = c.keyring_backend()._session\n"
                 "print(*values, seen['dbus_init'], seen['_open_session'], session.encrypted, "
                 "len(session.aes_key), session.my_private_key.bit_length())")
        # One connection, one session, and that session encrypted (AES-128 under a Diffie-Hellman key with a
        # 256-bit exponent): what keyring's backend wrote decrypts here and what is written here decrypts there.
        assert run(count) == ["ab" * 16, "stored-directly", "ab" * 16, "1:ab", "1", "1", "True", "16", "256"]
        # What a long-running window meets when the keyring daemon restarts is covered by the retry: a
        # session that no longer exists is opened again rather than failing every later call.
        assert run("b = c.keyring_backend(); print(b.get_password('loket', 'sam-pcid'))\n"
                   "b._session.object_path = '/org/freedesktop/secrets/session/gone'\n"
                   "print(b.get_password('loket', 'sam-pcid'))") == ["ab" * 16, "ab" * 16]


def test_a_session_bus_without_a_secret_service_is_no_keyring_and_says_why(tmp_path: Path) -> None:
    """A desktop session whose keyring daemon is not running (nor activatable): nothing is chosen, and the
    log's reason names the Secret Service, not a D-Bus traceback."""
    import shutil

    if not shutil.which("dbus-daemon"):
        pytest.skip("dbus-daemon not installed")
    # A session bus of its own with no service directories: nothing on it can be activated (the machine's
    # gnome-keyring, where installed, would otherwise be started by the first call and prompt).
    config = tmp_path / "session.conf"
    config.write_text(f"""<busconfig><type>session</type><listen>unix:path={tmp_path / 'bus'}</listen>
        <auth>EXTERNAL</auth><policy context="default"><allow send_destination="*" eavesdrop="true"/>
        <allow eavesdrop="true"/><allow own="*"/></policy>
        </busconfig>""")
    bus = subprocess.Popen(["dbus-daemon", f"--config-file={config}", "--nofork", "--print-address=1"],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert bus.stdout is not None
        address = bus.stdout.readline().strip()
        probe = ("from app.base import credentials\n"
                 "try: credentials.keyring_backend()\n"
                 "except credentials.NoKeyring as exc: print(exc)\n"
                 "else: print('chosen')")
        env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "DBUS_SESSION_BUS_ADDRESS": address,
               "PYTHONPATH": str(ROOT), "LOKET_CONFIG": str(tmp_path / "settings.json")}
        done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=60,
                              cwd=ROOT)
    finally:
        bus.terminate()
        bus.wait(5)
    said = done.stdout.strip()
    assert said.startswith("no usable keyring (Secret Service/KWallet)"), (said, done.stderr[-2000:])
    assert "app.base.secretservice.SecretServiceKeyring: the Secret Service is neither running nor activatable" \
        in said


def test_a_one_shot_read_fetches_its_secrets_together_and_hands_each_out_once(tmp_path: Path) -> None:
    """``fetched_together``: every search goes out before the first answer is read (one wait, not one per
    secret), the secrets match what single calls return, each is handed out once (a second ask goes to the
    keyring again, so a key rotated meanwhile is seen), the environment still wins, and nothing stays held
    after the block."""
    from bench import secret_service

    _secret_service_or_skip()
    with secret_service.secret_service(tmp_path / "home") as env:
        env = {**env, "PYTHONPATH": str(ROOT), "LOKET_CONFIG": str(tmp_path / "settings.json"),
               "LOKET_AUDIT_KEY": "from-the-environment"}
        code = (
            "from app.base import credentials as c\n"
            "c.set_secret('sam-pcid', 'ab' * 16); c.set_secret('sam-conf', 'cd' * 32)\n"
            "b = c.keyring_backend()\n"
            "events = []\n"
            "send, receive = b._connection.send, b._connection.receive\n"
            "b._connection.send = lambda *a, **k: (events.append('s'), send(*a, **k))[1]\n"
            "b._connection.receive = lambda *a, **k: (events.append('r'), receive(*a, **k))[1]\n"
            "wanted = (*c.SAM_SECRETS, ('not-stored', 'NOT_SET_ANYWHERE'), ('audit-key', 'LOKET_AUDIT_KEY'))\n"
            "with c.fetched_together(*wanted):\n"
            "    fetched = ''.join(events); events.clear()\n"
            "    first = [c.get_secret(k, e) for k, e in wanted]\n"
            "    served = ''.join(events); events.clear()\n"
            "    again = c.get_secret('sam-pcid', 'LOKET_SAM_PCID')\n"
            "    print(fetched, served.count('r'), *first, events.count('r') > 0, again == first[0])\n"
            "print(len(c._ahead))\n")
        done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60,
                              cwd=ROOT)
        assert done.returncode == 0, done.stderr[-2000:]
        fetched, served_waits, pcid, conf, missing, audit, asked_again, same, held = done.stdout.split()
        # Three searches sent back to back (the audit key is the environment's: not asked) before the first
        # answer is read, then one GetSecrets for the two found: four answers, two waits.
        assert fetched == "sssrrrr", fetched
        assert (pcid, conf, missing, audit) == ("ab" * 16, "cd" * 32, "None", "from-the-environment")
        assert served_waits == "1"  # only the one not stored was asked again, on its own
        assert asked_again == "True" and same == "True" and held == "0"
