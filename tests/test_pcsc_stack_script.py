"""scripts/pcsc-stack.sh, the private PC/SC test stack, on a machine whose own pcscd is running.

Here "the machine" is this test run's stack: its pcscd plays the workstation's smart-card service. A second
stack started beside it (what ./scripts/test.sh does on a developer's PC) must get a pcscd of its own, see
only that one, stop it when done, and leave the machine's daemon running and serving, same pid.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests import pcsc_stack
from tests.conftest import CARD_READER

ROOT = Path(__file__).resolve().parent.parent

INNER = """
import os
from reader.readers import Pcsc
daemons = [p for p in os.listdir('/proc') if p.isdigit() and open(f'/proc/{p}/comm').read().strip() == 'pcscd']
with Pcsc() as pcsc:
    print(len(daemons), open(os.environ['LOKET_TEST_PCSCD_PIDFILE']).read().strip(), ','.join(pcsc.readers()))
"""


@pytest.mark.pcscd
def test_a_second_stack_leaves_the_machines_pcscd_running(pcscd, vpcd_card) -> None:
    machine_pid = pcsc_stack.pcscd_pid()
    vpcd_card(0)  # the machine's reader holds a card: it must still hold it afterwards
    env = {k: v for k, v in os.environ.items() if k not in ("LOKET_PCSC_STACK", "LOKET_TEST_PCSCD_PIDFILE")}
    done = subprocess.run(["bash", "scripts/pcsc-stack.sh", sys.executable, "-c", INNER], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    count, inner_pid, readers = done.stdout.split(" ", 2)
    assert count == "1"  # inside the second stack only its own pcscd is visible
    assert CARD_READER in readers
    assert pcsc_stack.pcscd_pid() == machine_pid  # the machine's daemon: not stopped, not restarted
    from reader.readers import Pcsc

    with Pcsc() as pcsc:
        assert pcsc.card_present(CARD_READER)  # and still serving its reader


def test_the_stack_script_names_no_daemon_by_name() -> None:
    """Nothing that starts or stops the test stack finds a pcscd by name (pkill/pgrep/killall)."""
    offenders = []
    for path in [*ROOT.glob("scripts/*.sh"), *ROOT.glob("tests/*.py"), ROOT / ".ci" / "run"]:
        text = path.read_text(encoding="utf-8")
        for word in ("pkill", "pgrep", "killall"):
            if f"{word} " in text or f'"{word}"' in text:
                if path.name != Path(__file__).name:
                    offenders.append(f"{path.relative_to(ROOT)}: {word}")
    assert offenders == []
