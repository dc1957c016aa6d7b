"""Shared fixtures: an isolated settings file for every test, and the real PC/SC stack (pcscd + vpcd).

Tests marked ``pcscd`` go through pcscd exactly as a USB reader would. Without pcscd they are skipped,
unless ``LOKET_REQUIRE_PCSCD=1`` (set by .ci/run), where a missing stack fails the run instead.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# A counter session's illegal stage move or failing listener raises in tests (a counter logs it).
os.environ.setdefault("LOKET_STRICT_SESSION", "1")

# Every log record of the whole run is scanned for the simulated population's NIKs and names.
pytest_plugins = ["tests.log_scan_plugin"]

PCSCD_SOCKET = Path("/run/pcscd/pcscd.comm")
CARD_READER = "Virtual PCD 00 00"
SAM_READER = "Virtual PCD 00 01"
SECRET_ENV = ("LOKET_SAM_PCID", "LOKET_SAM_CONF", "LOKET_REGISTRY_USER", "LOKET_REGISTRY_PASSWORD")


@pytest.fixture(autouse=True)
def collect_qt_garbage_on_the_main_thread() -> Iterator[None]:
    """Windows of a finished test are collected here, not later by a worker thread of the next test
    (a Qt object destroyed off its own thread crashes the process)."""
    yield
    if "PySide6" in sys.modules:
        gc.collect()


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test reads or writes a real user's settings or picks up secrets from the environment."""
    path = tmp_path / "loket-settings.json"
    monkeypatch.setenv("LOKET_CONFIG", str(path))
    monkeypatch.setenv("LOKET_DATA_DIR", str(tmp_path / "loket-data"))  # logs, audit, drafts of this test only
    # The file keyring (keyrings.alt) of this test only, for this process and the CLIs it starts.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    for name in SECRET_ENV:
        monkeypatch.delenv(name, raising=False)
    return path


@pytest.fixture
def demo_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """For a test that runs `--demo` commands in this process and then reads what they left (audit rows,
    numbers, files): the test itself looks at the demo's own data folder, where those runs write
    (app.base.paths.demo_data; tests/test_demo_data.py shows the counter's folder is left alone)."""
    from app.base.paths import DEMO_ENV, DEMO_FOLDER

    monkeypatch.setenv(DEMO_ENV, "1")
    return tmp_path / "loket-data" / DEMO_FOLDER


@pytest.fixture(autouse=True)
def isolated_keyring(isolated_settings: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """This test's own file keyring (keyrings.alt, under XDG_DATA_HOME above), named for this process and
    for the CLIs it starts: Loket itself never picks a file keyring (app/base/credentials.py)."""
    from keyrings.alt.file import PlaintextKeyring

    from app.base import credentials

    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    credentials.use_keyring(PlaintextKeyring())
    yield
    credentials.use_keyring(None)


@pytest.fixture(autouse=True)
def seal_keys(isolated_keyring: None, request: pytest.FixtureRequest) -> None:
    """Every letter is sealed (letter-seal.md), so every test's counter has its seal keys, as an installed
    one has after `loket letters key new`; ``@pytest.mark.no_seal_key`` for a counter that has none, and a
    machine without a keyring (tests/test_keyring_choice.py) has none either."""
    if request.node.get_closest_marker("no_seal_key") is None and "no_desktop_keyring" not in request.fixturenames:
        from tests.seal_support import install_seal_keys

        install_seal_keys()


def _listening(port: int) -> bool:
    from tests.pcsc_stack import listening

    return listening(port)


def _unavailable(reason: str) -> None:
    if os.environ.get("LOKET_REQUIRE_PCSCD") == "1":
        pytest.fail(f"the PC/SC test stack is required here: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def pcscd() -> Iterator[None]:
    """The private test stack's pcscd with the vsmartcard-vpcd readers (scripts/pcsc-stack.sh started it).

    Outside that stack the card tests are skipped: the only pcscd here would be the machine's own, serving
    its real readers, and tests never start, stop or restart that one.
    """
    from tests import pcsc_stack

    if not pcsc_stack.active():
        _unavailable("not inside the private PC/SC test stack: run ./scripts/test.sh "
                     "(or scripts/pcsc-stack.sh .venv/bin/pytest ...)")
    deadline = time.monotonic() + 10
    while not pcsc_stack.ready():
        if pcsc_stack.pcscd_pid() is None:
            pcsc_stack.start_pcscd()  # a test before this one stopped it and failed before starting it
        if time.monotonic() > deadline:
            _unavailable("pcscd with vsmartcard-vpcd did not come up (vpcd ports 35963/35964)")
        time.sleep(0.05)
    yield


def wait_state(reader: str, present: bool, seconds: float = 5.0) -> None:
    """Wait on pcscd's own event (SCardGetStatusChange) until the reader holds a card, or not."""
    from reader.readers import Pcsc

    with Pcsc() as pcsc:
        if present:
            pcsc.wait_for_card(reader, seconds)
        else:
            assert pcsc.wait_for_removal(reader, seconds), f"{reader} still holds a card"


@pytest.fixture
def vpcd_sam(pcscd: None) -> Iterator[object]:
    """The simulated SAM in the second vpcd reader, removed again after the test."""
    from reader.simulator import vpcd
    from reader.simulator.factory import make_sam

    handle = vpcd.start(make_sam(), vpcd.SAM_PORT)
    wait_state(SAM_READER, True)
    yield handle
    handle.stop()
    wait_state(SAM_READER, False)


@pytest.fixture
def vpcd_card(pcscd: None) -> Iterator[Callable[..., object]]:
    """``insert(person, faults=None)`` puts a simulated e-KTP in the first vpcd reader."""
    from reader.simulator import vpcd
    from reader.simulator.factory import make_card

    handles = []

    def insert(person: int = 0, faults: object = None, wait: bool = True) -> object:
        handle = vpcd.start(make_card(person, faults), vpcd.CARD_PORT)  # type: ignore[arg-type]
        handles.append(handle)
        if wait:
            wait_state(CARD_READER, True)
        return handle

    yield insert
    for h in handles:
        h.stop()
    wait_state(CARD_READER, False)


@pytest.fixture
def sim_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    """The simulated SAM's PCID/CONF through the environment, as an unattended install would."""
    from reader.simulator import SIM_CONF, SIM_PCID

    monkeypatch.setenv("LOKET_SAM_PCID", SIM_PCID.hex())
    monkeypatch.setenv("LOKET_SAM_CONF", SIM_CONF.hex())


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """The registry simulator over real HTTP on a free loopback port, its credentials in the environment."""
    from app.sim.registry import SIM_PASSWORD, SIM_USER, start_simulator

    monkeypatch.setenv("LOKET_REGISTRY_USER", SIM_USER)
    monkeypatch.setenv("LOKET_REGISTRY_PASSWORD", SIM_PASSWORD)
    handle = start_simulator(port=0)
    yield handle
    handle.stop()


@pytest.fixture
def demo_registry(registry: object, monkeypatch: pytest.MonkeyPatch) -> object:
    """``registry``, with the demo's card and SAM in-process: the window tests leave pcscd's virtual readers
    to the pcscd tests."""
    monkeypatch.setenv("LOKET_DEMO_TRANSPORT", "in-process")
    return registry
