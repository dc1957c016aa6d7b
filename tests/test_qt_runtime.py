"""The Qt binding itself must survive a counter's day: every card tap, keystroke timer and worker result is
a signal. PySide6 6.12.0 lost a reference to ``True`` on each Python-side emit() and disconnect(); on Python
3.11 (where True is not immortal) the interpreter then aborts with ``bool_dealloc`` after a few thousand
signals. Run in a child process, because that failure is an abort, not an exception."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

CHILD = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QCoreApplication, QObject, Signal

    app = QCoreApplication([])

    class Source(QObject):
        changed = Signal(int)

    def slot(value):
        pass

    source = Source()
    source.changed.connect(slot)
    refs = {name: sys.getrefcount(value) for name, value in (("True", True), ("False", False), ("None", None))}
    for i in range(20000):
        source.changed.emit(i)
        source.changed.disconnect(slot)
        source.changed.connect(slot)
    after = {name: sys.getrefcount(value) for name, value in (("True", True), ("False", False), ("None", None))}
    print(" ".join(f"{name}={after[name] - refs[name]}" for name in refs))
""")


def test_signals_do_not_leak_or_drop_references_to_shared_constants():
    done = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=120,
                          env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, f"the Qt binding aborted the interpreter: {done.stderr[-400:]}"
    drift = dict(part.split("=") for part in done.stdout.split())
    # 20 000 emits and as many disconnects: a binding that loses (or leaks) one reference per call drifts
    # by thousands; a few from the interpreter's own bookkeeping are fine.
    assert all(abs(int(v)) < 100 for v in drift.values()), drift


def test_pydantic_is_loaded_before_pyside6_in_the_window() -> None:
    """Imported after PySide6, from a thread, pydantic failed under shiboken's import hook (ImportError in the
    Hari ini list and the read's audit row); the window imports it first."""
    import json

    probe = ("import json, sys; import app.ui.main_window; mods = list(sys.modules); "
             "print(json.dumps([mods.index('pydantic'), mods.index('PySide6')]))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60,
                          cwd=Path(__file__).resolve().parent.parent)
    assert done.returncode == 0, done.stderr[-800:]
    pydantic_at, pyside_at = json.loads(done.stdout.strip().splitlines()[-1])
    assert pydantic_at < pyside_at
