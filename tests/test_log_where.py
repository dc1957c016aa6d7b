"""IT reads the log to find where an error happened: the stack's files, lines and functions are there, and
nothing the exception said (its message can quote a name or a NIK)."""

from __future__ import annotations

import logging

import pytest

from app.base.logsetup import failure
from reader.simulator.population import POPULATION

CITIZEN = POPULATION[1]


def _inner() -> None:
    raise ValueError(f"nama {CITIZEN.nama} NIK {CITIZEN.nik} tidak cocok")


def _outer() -> None:
    _inner()


def test_the_log_line_names_the_frames_and_never_the_message() -> None:
    try:
        _outer()
    except ValueError as exc:
        text = failure(exc)
    assert text.startswith("ValueError at tests/test_log_where.py:")
    assert "in _inner < tests/test_log_where.py:" in text and "in _outer" in text
    assert CITIZEN.nik not in text and CITIZEN.nama not in text and "cocok" not in text


def test_a_crashing_registry_lookup_in_the_window_logs_where(qtbot, caplog: pytest.LogCaptureFixture,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker's catch-all: a bug in the lookup reaches the clerk as one sentence and the log as a place."""
    pytest.importorskip("pytestqt")
    from app.base.settings import Settings
    from app.flows import readflow
    from app.ui import worker as worker_module
    from tests.registry_support import identity

    def broken(*args: object, **kwargs: object) -> None:
        _outer()

    monkeypatch.setattr(readflow, "lookup_for_identity", broken)
    worker = worker_module.ReadWorker(Settings())
    worker.set_latest(1)
    said: list[str] = []
    worker.failed.connect(lambda token, sentence, code: said.append(sentence))
    try:
        with caplog.at_level(logging.ERROR, logger="loket.read"):
            worker.lookup(1, identity(CITIZEN), "")  # queued on the worker's thread, answered on this one
            qtbot.waitUntil(lambda: bool(said))
    finally:
        worker.stop()
    assert said and "kesalahan" in said[0]
    [line] = [r.getMessage() for r in caplog.records if "lookup crashed" in r.getMessage()]
    assert "app/flows/readflow.py:" in line and "tests/test_log_where.py:" in line and "in _inner" in line
    assert CITIZEN.nik not in line and CITIZEN.nama not in line
