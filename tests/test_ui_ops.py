"""One way in app/ui to run work off the GUI thread: app/ui/ops.py (``Background``, a thread per job, and
``Worker``, one long-lived thread and its queue — the card read's). Nothing else in app/ui makes a thread,
every answer and every step of a read arrives on the GUI thread, and the read token still holds there."""

from __future__ import annotations

import ast
import threading
from pathlib import Path

import pytest

from reader.simulator.population import POPULATION

pytest.importorskip("pytestqt")

UI = Path(__file__).resolve().parent.parent / "app" / "ui"
# What starts a thread (or hands work to one): only ops.py may name these.
THREADS = {"Thread", "Timer", "QThread", "QThreadPool", "QRunnable", "moveToThread", "ThreadPoolExecutor",
           "ProcessPoolExecutor", "start_new_thread", "QtConcurrent", "run_in_executor", "to_thread"}
THREAD_MODULES = {"_thread", "concurrent", "multiprocessing", "asyncio"}
CITIZEN = POPULATION[1]


def _thread_makers(source: str) -> list[str]:
    """Each name in ``source`` that makes a thread, with its line."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        names: list[str] = []
        if isinstance(node, ast.Name):
            names = [node.id]
        elif isinstance(node, ast.Attribute):
            names = [node.attr]
        elif isinstance(node, ast.ImportFrom):
            names = [a.name for a in node.names] + [(node.module or "").split(".")[0]]
        elif isinstance(node, ast.Import):
            names = [a.name.split(".")[0] for a in node.names]
        found += [f"{name} (line {node.lineno})" for name in names if name in THREADS | THREAD_MODULES]
    return found


def test_the_scan_finds_a_thread_made_any_way() -> None:
    """The scan below is not vacuous: each way of making a thread is caught, a lock is not."""
    for made in ("import threading\nthreading.Thread(target=f).start()",
                 "from threading import Thread\nThread(target=f)",
                 "from PySide6.QtCore import QThread\nclass W(QThread): pass",
                 "worker.moveToThread(thread)",
                 "from concurrent.futures import ThreadPoolExecutor",
                 "import threading\nthreading.Timer(1, f).start()"):
        assert _thread_makers(made), made
    assert _thread_makers("import threading\nlock = threading.Lock()") == []
    assert _thread_makers((UI / "ops.py").read_text(encoding="utf-8")), "ops.py makes the window's threads"


def test_no_module_of_the_window_but_ops_makes_a_thread() -> None:
    makers = {path.name: found for path in sorted(UI.glob("*.py")) if path.name != "ops.py"
              if (found := _thread_makers(path.read_text(encoding="utf-8")))}
    assert makers == {}, f"work off the GUI thread goes through app/ui/ops.py: {makers}"


def test_background_answers_on_the_gui_thread(qtbot) -> None:
    from PySide6.QtWidgets import QWidget

    from app.ui.ops import Background

    owner = QWidget()
    qtbot.addWidget(owner)
    background = Background(owner)
    ran: list[threading.Thread] = []
    answered: list[tuple[object, threading.Thread]] = []
    background.run("sum", lambda: ran.append(threading.current_thread()) or 42,
                   lambda result: answered.append((result, threading.current_thread())), pytest.fail)
    background.run("broken", lambda: 1 / 0, pytest.fail,
                   lambda exc: answered.append((type(exc), threading.current_thread())))
    qtbot.waitUntil(lambda: len(answered) == 2)
    assert ran and ran[0] is not threading.main_thread()
    assert sorted(answered, key=str) == sorted([(42, threading.main_thread()),
                                                (ZeroDivisionError, threading.main_thread())], key=str)


def test_the_worker_runs_its_jobs_in_order_on_one_thread_and_answers_on_the_gui_thread(qtbot) -> None:
    from PySide6.QtWidgets import QWidget

    from app.ui.ops import Worker

    owner = QWidget()
    qtbot.addWidget(owner)
    worker = Worker(owner, "test")
    ran: list[tuple[int, threading.Thread, bool]] = []
    heard: list[tuple[str, threading.Thread]] = []

    def job(n: int) -> int:
        ran.append((n, threading.current_thread(), worker.on_thread()))
        worker.post("step", lambda: heard.append((f"step {n}", threading.current_thread())))
        if n == 2:
            raise ValueError("a bug in the job")
        return n

    try:
        for n in range(4):
            worker.run(f"job {n}", lambda n=n: job(n),
                       lambda result: heard.append((f"done {result}", threading.current_thread())),
                       lambda exc: heard.append((f"failed {type(exc).__name__}", threading.current_thread())))
        qtbot.waitUntil(lambda: len(heard) == 8)
    finally:
        worker.close()
    assert [n for n, _, _ in ran] == [0, 1, 2, 3]
    assert len({thread for _, thread, _ in ran}) == 1 and all(mine for _, _, mine in ran)
    assert ran[0][1] is not threading.main_thread() and not ran[0][1].is_alive()  # closed: the thread ended
    # Each job's step comes before its answer, the jobs' in the order queued, all on the GUI thread.
    assert [said for said, _ in heard] == ["step 0", "done 0", "step 1", "done 1", "step 2", "failed ValueError",
                                           "step 3", "done 3"]
    assert {thread for _, thread in heard} == {threading.main_thread()}
    worker.run("after close", lambda: pytest.fail("ran after close"), pytest.fail, pytest.fail)


def _asked(registry: object, nik: str) -> int:
    return sum(r.nik == nik for r in registry.state.seen)  # type: ignore[attr-defined]


def test_a_lookup_answers_on_the_gui_thread_and_never_for_a_card_that_left(qtbot, registry,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The window's read worker drives readflow on its queue's thread; every step reaches the GUI thread, and
    a lookup whose card left — before it ran, or after it answered but before the answer reached the GUI
    thread — shows nothing."""
    from app.base.settings import Settings
    from app.flows import readflow
    from app.sim.registry import SIM_AGENCY
    from app.ui.worker import ReadWorker
    from tests.registry_support import identity

    worker = ReadWorker(Settings(), overrides={"registry_url": registry.url, "agency": SIM_AGENCY})  # type: ignore[attr-defined]
    looked_up_on: list[threading.Thread] = []
    real_lookup = readflow.lookup_for_identity

    def lookup(*args: object, **kwargs: object) -> object:
        looked_up_on.append(threading.current_thread())
        return real_lookup(*args, **kwargs)  # type: ignore[arg-type]

    shown: list[tuple[int, str, threading.Thread]] = []
    worker.applicant_ready.connect(lambda token, applicant, _s: shown.append(
        (token, applicant.identity.nik, threading.current_thread())))
    failures: list[object] = []
    worker.failed.connect(lambda token, sentence, code: failures.append(sentence))
    gate, passed = threading.Event(), threading.Event()
    monkeypatch.setattr(readflow, "lookup_for_identity", lookup)
    try:
        # 1: the card leaves while the lookup waits in the queue (behind a job that holds the thread).
        worker.set_latest(1)
        worker.jobs.run("hold", gate.wait, lambda _r: None, pytest.fail)
        worker.lookup(1, identity(CITIZEN), "")
        worker.set_latest(2)
        gate.set()
        # 2: the lookup answers, and the card leaves before the answer reaches the GUI thread.
        worker.lookup(2, identity(CITIZEN), "")
        worker.jobs.run("mark", passed.set, lambda _r: None, pytest.fail)
        assert passed.wait(15)  # lookup 2 has answered and posted its record; the GUI thread has not seen it
        worker.set_latest(3)
        # 3: the card that stays.
        with qtbot.waitSignal(worker.applicant_ready, timeout=15_000):
            worker.lookup(3, identity(CITIZEN), "")
    finally:
        worker.stop()
    assert shown == [(3, CITIZEN.nik, threading.main_thread())] and failures == []
    assert len(looked_up_on) == 2 and threading.main_thread() not in looked_up_on  # lookup 1 never ran
    assert looked_up_on[0] is looked_up_on[1]  # the worker's one thread
    assert _asked(registry, CITIZEN.nik) == 2


@pytest.mark.pcscd
def test_a_card_read_runs_on_the_worker_and_the_card_thread_and_answers_on_the_gui_thread(
        qtbot, pcscd, sim_secrets, registry, monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole read through pcscd: readflow on the worker's thread, every PC/SC exchange on the card thread
    of reader/cardio.py (any other thread raises WrongThread, and the read would fail), each step on the GUI
    thread in the order the read made it."""
    from app.base.settings import Settings
    from app.sim.registry import SIM_AGENCY
    from app.ui import worker as worker_module
    from reader.cardio import CardIO
    from tests.conftest import CARD_READER, SAM_READER
    from tests.soak_support import Stack

    settings = Settings()
    settings.readers.card_reader, settings.readers.sam_reader = CARD_READER, SAM_READER
    read_on: list[threading.Thread] = []
    real_read = worker_module.read_citizen

    def read(*args: object, **kwargs: object) -> None:
        read_on.append(threading.current_thread())
        real_read(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(worker_module, "read_citizen", read)
    stack = Stack(person=0)
    stack.put(1)
    cardio = CardIO()
    worker = worker_module.ReadWorker(settings, overrides={"registry_url": registry.url, "agency": SIM_AGENCY},  # type: ignore[attr-defined]
                                      cardio=cardio)
    heard: list[tuple[str, threading.Thread]] = []
    for name in ("card_seen", "uid_seen", "identity_ready", "readers_known", "applicant_ready", "failed"):
        getattr(worker, name).connect(lambda *args, name=name: heard.append((name, threading.current_thread())))
    try:
        worker.set_latest(1)
        with qtbot.waitSignal(worker.applicant_ready, timeout=20_000):
            worker.read(1, None, "", "", "")
    finally:
        worker.stop()
        cardio.close()
        stack.stop()
    assert [name for name, _ in heard] == ["card_seen", "uid_seen", "readers_known", "identity_ready",
                                           "applicant_ready"]
    assert {thread for _, thread in heard} == {threading.main_thread()}
    assert len(read_on) == 1 and read_on[0] is not threading.main_thread() and read_on[0].name == "loket-read"
