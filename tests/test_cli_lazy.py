"""A command imports only what it runs: `loket read` pays for no PDF renderer, HTTP stack, Qt or simulator
(those made a one-card read a 0.40 s process, 7.7× a bare pyscard host; bench/cli_read.py measures it)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("reportlab", "requests", "PySide6", "reader.simulator", "app.sim.demo", "app.sim.registry", "psycopg",
         "app.letters.formdata", "keyring")

PROBE = """
import contextlib, io, json, sys
sys.path.insert(0, sys.argv[1])
from app.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    try:
        main(sys.argv[2:])
    except SystemExit:
        pass
print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {'reportlab', 'requests', 'PySide6', 'psycopg',
                                                                   'keyring', 'reader', 'app', 'shutil', 'lzma',
                                                                   'bz2', 'pickle', 'logging', 'concurrent'})))
"""


def loaded(*argv: str) -> set[str]:
    # Every secret from the environment (as an IT script runs it): the keyring is resolved only when one is
    # needed from it, so with none needed it must not be imported at all.
    env = {**os.environ, "LOKET_SEAL_KEY": "k", "LOKET_AUDIT_KEY": "k", "LOKET_SAM_PCID": "00" * 16,
           "LOKET_SAM_CONF": "00" * 32}
    done = subprocess.run([sys.executable, "-c", PROBE, str(ROOT), *argv], capture_output=True, text=True,
                          timeout=60, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def heavy(modules: set[str]) -> set[str]:
    return {h for h in HEAVY if h in modules or any(m.startswith(h + ".") for m in modules)}


def test_loket_read_imports_no_renderer_http_qt_or_simulator() -> None:
    assert heavy(loaded("read", "--help")) == set()
    # A real read (which here ends at once: no card within 0 s, or no PC/SC service at all) runs the read path.
    modules = loaded("read", "--json", "--wait", "0")
    assert "app.citizen.cardread" in modules and "reader.session" in modules
    assert heavy(modules) == set(), heavy(modules)
    # Nor the standard library's archive, pickle and thread-pool modules (~8 ms of every start): argparse's
    # width, the log's rotation and the card thread's futures do without them on a one-shot read. (The
    # settings' first check, pydantic's, loads shutil; a counter's later reads skip it, as this second does.)
    modules = loaded("read", "--json", "--wait", "0")
    assert not modules & {"shutil", "lzma", "bz2", "pickle", "logging.handlers", "concurrent.futures"}, modules


def test_help_is_as_wide_as_the_terminal_says() -> None:
    done = subprocess.run([sys.executable, "-m", "app", "read", "--help"], capture_output=True, text=True,
                          timeout=60, cwd=ROOT, env={**os.environ, "COLUMNS": "50"})
    assert max(len(line) for line in done.stdout.splitlines()) <= 48  # as argparse: the width less 2
    done = subprocess.run([sys.executable, "-m", "app", "read", "--help"], capture_output=True, text=True,
                          timeout=60, cwd=ROOT, env={k: v for k, v in os.environ.items() if k != "COLUMNS"})
    assert 50 < max(len(line) for line in done.stdout.splitlines()) <= 78  # not a terminal: 80 less 2


def test_help_asked_before_the_command_lists_every_command() -> None:
    done = subprocess.run([sys.executable, "-m", "app", "-h", "read"], capture_output=True, text=True,
                          timeout=60, cwd=ROOT)
    assert done.returncode == 0
    assert "    fill " in done.stdout and "    verify " in done.stdout, done.stdout


def test_the_whole_help_still_lists_every_command() -> None:
    done = subprocess.run([sys.executable, "-m", "app", "--help"], capture_output=True, text=True, timeout=60,
                          cwd=ROOT)
    for command in ("readers", "read", "lookup", "audit", "db", "forms", "fill", "export", "report", "gui",
                    "simulate", "doctor", "credentials"):
        assert f"    {command} " in done.stdout or f"    {command}\n" in done.stdout, command


def test_fill_builds_its_own_parser_and_not_the_others() -> None:
    modules = loaded("fill", "--help")
    assert "app.cli.forms" in modules
    assert "app.cli.export" not in modules and "app.cli.report" not in modules and "PySide6" not in modules


def test_listing_the_commands_imports_none_of_them() -> None:
    modules = loaded("--help")
    assert heavy(modules) == set(), heavy(modules)
    assert not {m for m in modules if m.startswith("app.cli.") and m != "app.cli.words"}, modules
    assert not {m for m in modules if m.startswith("app.audit.") and m != "app.audit.model"}, modules


def test_every_name_the_audit_package_offers_resolves() -> None:
    from app import audit

    for name in audit.__all__:
        assert getattr(audit, name) is not None, name
    assert set(audit.__all__) == {*audit._WHERE}


def test_help_speaks_one_language_per_run() -> None:
    def help_text(lang: str, *argv: str) -> str:
        done = subprocess.run([sys.executable, "-m", "app", *argv, "--help"], capture_output=True, text=True,
                              timeout=60, cwd=ROOT, env={**os.environ, "LOKET_LANG": lang})
        assert done.returncode == 0, done.stderr[-500:]
        return done.stdout

    indonesian, english = help_text("id"), help_text("en")
    assert "pemakaian:" in indonesian and "pilihan:" in indonesian and "baca e-KTP pada pembaca" in indonesian
    for word in ("usage:", "options:", "show this help", "read the e-KTP", "list PC/SC"):
        assert word not in indonesian, word
    assert "usage:" in english and "read the e-KTP on the reader" in english
    for word in ("pemakaian", "pilihan", "baca e-KTP", "buka jendela", "periksa"):
        assert word not in english, word
