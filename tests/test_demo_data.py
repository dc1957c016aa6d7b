"""`--demo` runs keep their data apart: `loket fill/export/read --demo` number, audit and keep copies in the demo's
own folder (``<data folder>/demo``), never in the counter's (nor on the office server the settings name), and say
how they reached the simulated card — through pcscd + vpcd, or in-process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.base.paths import DEMO_ENV, DEMO_FOLDER

ROOT = Path(__file__).resolve().parent.parent
COUNTER_FILES = ("audit.sqlite3", "nomor.sqlite3", "salinan.sqlite3")
DOMISILI = ["--set", "alamat_domisili=JL. MULAWARMAN RT 010", "--set", "sejak=01-03-2024",
            "--set", "keperluan=Melamar pekerjaan"]


def loket(*argv: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app", *argv], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=180)


@pytest.fixture
def env(tmp_path: Path, isolated_settings: Path) -> dict[str, str]:
    # The office server the settings name cannot be reached: a demo that tried it could not number its letter.
    isolated_settings.write_text(json.dumps({"storage": {"backend": "postgres", "postgres": {
        "host": "127.0.0.1", "port": 9, "connect_timeout": 1}, "counter": "loket-coba"}}))
    out = {k: v for k, v in os.environ.items() if k != DEMO_ENV}
    out.update(LOKET_AUDIT_KEY="demo-test-key", LOKET_COPY_KEY="demo-copy-key")
    return out


def said_how(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.startswith("demo: simulated e-KTP and SAM")]
    assert len(lines) == 1, stderr
    assert "through pcscd + vsmartcard-vpcd" in lines[0] or "in-process" in lines[0], lines[0]
    return lines[0]


def test_fill_export_and_read_demo_leave_the_counters_folder_alone(tmp_path: Path, env: dict[str, str]) -> None:
    data = Path(env["LOKET_DATA_DIR"])
    letter = tmp_path / "domisili.pdf"
    done = loket("fill", "surat_domisili", "--demo", *DOMISILI, "--out", str(letter), env=env)
    assert done.returncode == 0, done.stderr
    said_how(done.stderr)
    assert "(nomor " in done.stdout  # numbered, on this PC's demo register, though the settings say postgres
    done = loket("export", "csv", "--demo", "--out", str(tmp_path / "warga.csv"), env=env)
    assert done.returncode == 0, done.stderr
    said_how(done.stderr)
    done = loket("read", "--demo", "--json", env=env)
    assert done.returncode == 0, done.stderr
    said_how(done.stderr)

    demo = data / DEMO_FOLDER
    assert (demo / "audit.sqlite3").is_file() and (demo / "nomor.sqlite3").is_file()
    assert not [name for name in COUNTER_FILES if (data / name).exists()], sorted(p.name for p in data.iterdir())
    # (The counter's own commands still go to the office server the settings name: `loket today` says it is away.)
    assert "Server kantor" in loket("today", env=env).stderr
    # The demo's own trail holds the fill, the export and the read, chained.
    trail = loket("audit", "verify", env={**env, DEMO_ENV: "1"})
    assert trail.returncode == 0, trail.stderr
    kinds = subprocess.run([sys.executable, "-c", "from app import audit; print(sorted({r.kind for r in "
                            "audit.rows()}))"], cwd=ROOT, env={**env, DEMO_ENV: "1"}, capture_output=True, text=True,
                           timeout=60)
    assert {"read", "print", "export"} <= set(json.loads(kinds.stdout.replace("'", '"'))), kinds.stderr


def test_the_demo_folder_is_only_for_the_demo_run() -> None:
    from app.base import paths

    before = paths.data_dir()
    with paths.demo_data() as folder:
        assert folder == before / DEMO_FOLDER == paths.data_dir()
        assert paths.in_demo()
    assert paths.data_dir() == before and not paths.in_demo()


@pytest.mark.parametrize("entry", [["-m", "app", "gui"], ["-m", "app.ui.app", "gui"]], ids=["loket", "loketw"])
def test_the_demo_window_keeps_its_data_apart(tmp_path: Path, env: dict[str, str], entry: list[str]) -> None:
    """`loket gui --demo` and the windowed executable's way in (app.ui.app, as loketw.exe --demo): the window
    taps a simulated card (the docs' screenshot mode) and its audit rows go to the demo's folder."""
    pytest.importorskip("PySide6")
    shot = tmp_path / "window.png"
    done = subprocess.run([sys.executable, *entry, "--demo", "--screenshot", str(shot)], cwd=ROOT,
                          env={**env, "QT_QPA_PLATFORM": "offscreen", "LOKET_DEMO_TRANSPORT": "in-process"},
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0 and shot.is_file(), done.stderr[-2000:]
    data = Path(env["LOKET_DATA_DIR"])
    assert (data / DEMO_FOLDER / "audit.sqlite3").is_file(), sorted(str(p) for p in data.rglob("*"))
    assert not [name for name in COUNTER_FILES if (data / name).exists()]
