"""The keyring read on a thread while a one-shot `loket read` opens the readers (credentials.fetch_early):
each secret handed over once and exactly as a direct read finds it, failures said with the same sentence and
exit code, nothing kept and no thread left once the command returns, and the backend never used by two
threads at once."""

from __future__ import annotations

import threading
import time

import pytest
from keyrings.alt.file import PlaintextKeyring

from app import cli
from app.base import credentials
from reader.errors import SamError

PCID, CONF = "11" * 16, "22" * 32
READ = ["read", "--json", "--card-reader", "no-such-reader", "--sam-reader", "no-such-sam"]


class BrokenKeyring:
    """A keyring that answers but fails every call (a daemon that died after it was chosen)."""

    def get_password(self, service: str, username: str) -> str | None:
        raise OSError("the keyring daemon went away")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise OSError("the keyring daemon went away")


class OneAtATime(PlaintextKeyring):
    """The file keyring, slowed down and counting how many threads are inside it at once."""

    inside = 0
    most = 0
    guard = threading.Lock()

    def _enter(self) -> None:
        with self.guard:
            type(self).inside += 1
            type(self).most = max(type(self).most, type(self).inside)
        time.sleep(0.05)  # widens the window in which a second thread could come in

    def _leave(self) -> None:
        with self.guard:
            type(self).inside -= 1

    def get_password(self, service: str, username: str) -> str | None:
        self._enter()
        try:
            return super().get_password(service, username)
        finally:
            self._leave()

    def set_password(self, service: str, username: str, password: str) -> None:
        self._enter()
        try:
            super().set_password(service, username, password)
        finally:
            self._leave()


def no_fetcher_left() -> bool:
    return not any(t.name == "loket-keyring" for t in threading.enumerate()) and not credentials._fetched \
        and credentials._fetcher is None


def test_each_secret_is_handed_over_once_and_then_read_afresh() -> None:
    credentials.set_secret("sam-pcid", PCID)
    credentials.fetch_early(credentials.SAM_SECRETS)
    assert credentials.get_secret("sam-pcid", "LOKET_SAM_PCID") == PCID
    credentials.set_secret("sam-pcid", "33" * 16)  # changed since: the early copy is not kept
    assert credentials.get_secret("sam-pcid", "LOKET_SAM_PCID") == "33" * 16
    assert credentials.get_secret("sam-conf", "LOKET_SAM_CONF") is None  # missing: None, as read directly
    credentials.end_early()
    assert no_fetcher_left()


def test_what_the_command_did_not_take_is_dropped_with_the_thread() -> None:
    credentials.set_secret("sam-pcid", PCID)
    credentials.fetch_early([("sam-pcid", "LOKET_SAM_PCID")])
    credentials.end_early()
    assert no_fetcher_left()
    credentials.set_secret("sam-pcid", "44" * 16)
    assert credentials.get_secret("sam-pcid", "LOKET_SAM_PCID") == "44" * 16


def test_the_environment_still_wins_and_is_not_fetched(monkeypatch: pytest.MonkeyPatch) -> None:
    credentials.set_secret("sam-pcid", PCID)
    monkeypatch.setenv("LOKET_SAM_PCID", "55" * 16)
    credentials.fetch_early([("sam-pcid", "LOKET_SAM_PCID")])
    assert credentials._fetcher is None  # nothing to read: no thread at all
    assert credentials.get_secret("sam-pcid", "LOKET_SAM_PCID") == "55" * 16


def test_no_two_threads_use_the_backend_at_once() -> None:
    keyring = OneAtATime()
    credentials.use_keyring(keyring)
    for name in ("a", "b", "c"):
        keyring.set_password(credentials.SERVICE, name, name * 4)
    OneAtATime.most = 0
    credentials.fetch_early([("a", "LOKET_TEST_A"), ("b", "LOKET_TEST_B"), ("c", "LOKET_TEST_C")])
    assert credentials.get_secret("a", "LOKET_TEST_A") == "aaaa"
    credentials.set_secret("d", "dddd")  # while b and c may still be read: waits for the thread to end
    assert credentials.get_secret("c", "LOKET_TEST_C") == "cccc"
    credentials.end_early()
    assert OneAtATime.most == 1
    assert keyring.get_password(credentials.SERVICE, "d") == "dddd"
    assert no_fetcher_left()


def sam_sentence_read_directly() -> str:
    """What the SAM step says when it reads the keyring itself, as every read did before the early fetch."""
    with pytest.raises(credentials.CredentialsMissing) as missing:
        credentials.sam_credentials()
    return missing.value.id_text


@pytest.mark.parametrize("keyring", ["empty", "broken", "none"])
def test_a_keyring_failure_in_the_early_fetch_is_said_as_before(keyring: str, capsys: pytest.CaptureFixture[str],
                                                                 monkeypatch: pytest.MonkeyPatch,
                                                                 tmp_path) -> None:
    if keyring == "broken":
        credentials.use_keyring(BrokenKeyring())  # type: ignore[arg-type]
    elif keyring == "none":  # no keyring at all: nothing named, no Secret Service on the bus
        monkeypatch.delenv("PYTHON_KEYRING_BACKEND")
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path / 'no-bus'}")
        credentials.use_keyring(None)
    expected = sam_sentence_read_directly()
    if keyring == "none":
        assert "keyring.backend" in expected
        credentials.use_keyring(None)  # the command chooses again, on the early thread this time
    # The readers named do not exist (or PC/SC is not running here): the credentials are still said first.
    code = cli.main(READ)
    assert code == SamError.exit_code
    assert capsys.readouterr().err.strip() == expected
    assert no_fetcher_left()


def test_with_the_secrets_in_place_the_reader_fault_is_what_is_said(capsys: pytest.CaptureFixture[str]) -> None:
    credentials.set_secret("sam-pcid", PCID)
    credentials.set_secret("sam-conf", CONF)
    code = cli.main(READ)
    said = capsys.readouterr().err
    assert code not in (0, SamError.exit_code), said
    assert "SAM" not in said and "keyring" not in said, said
    assert no_fetcher_left()
