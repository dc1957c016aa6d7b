"""The one writer of files the clerk names (app/base/outfile.py), attacked: a folder, a symlink, a device, a
missing folder, a full disk, kill -9 in the middle of ``loket fill``. Nothing of a citizen is ever left
behind, nothing that is not a regular file is replaced, and every refusal is one sentence."""

from __future__ import annotations

import os
import random
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.base import outfile
from app.base.outfile import SaveFailed, sweep, write_output
from reader.simulator.population import POPULATION
from tests.faults_support import files_holding, one_line

ROOT = Path(__file__).resolve().parent.parent
RECORD = b'{"nik": "3578051708880003", "nama": "RISKY RISTIANDY"}'


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(outfile.TEMP_PREFIX))


def test_a_folder_is_refused_and_nothing_is_left_beside_it(tmp_path: Path) -> None:
    target = tmp_path / "out"
    target.mkdir()
    with pytest.raises(SaveFailed) as caught:
        write_output(target, RECORD)
    assert "adalah folder" in one_line(caught.value.id_text) and caught.value.outcome == "refused_directory"
    assert leftovers(tmp_path) == [] and list(target.iterdir()) == []


def test_a_symlink_is_refused_not_followed_nor_replaced(tmp_path: Path) -> None:
    elsewhere = tmp_path / "shared.txt"
    elsewhere.write_text("keep")
    link = tmp_path / "warga.json"
    link.symlink_to(elsewhere)
    with pytest.raises(SaveFailed) as caught:
        write_output(link, RECORD)
    assert "tautan" in one_line(caught.value.id_text)
    assert link.is_symlink() and elsewhere.read_text() == "keep" and leftovers(tmp_path) == []


def test_a_missing_folder_is_refused_not_created(tmp_path: Path) -> None:
    with pytest.raises(SaveFailed) as caught:
        write_output(tmp_path / "tidak-ada" / "warga.csv", RECORD)
    assert "tidak ada" in one_line(caught.value.id_text)
    assert not (tmp_path / "tidak-ada").exists()


def test_a_device_is_written_into_never_replaced(tmp_path: Path) -> None:
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a private /dev/null
    except (PermissionError, OSError):
        pytest.skip("cannot create a device node here")
    write_output(device, RECORD)
    assert stat.S_ISCHR(device.stat().st_mode) and leftovers(tmp_path) == []


def test_dev_full_is_disk_full_in_one_sentence() -> None:
    with pytest.raises(SaveFailed) as caught:
        write_output(Path("/dev/full"), RECORD)
    assert caught.value.id_text == SaveFailed.DISK_FULL and caught.value.outcome == "disk_full"


def test_a_full_disk_leaves_no_temporary_file(tmp_path: Path) -> None:
    small = tmp_path / "usb"
    small.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "loket-full", str(small)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (not root in a private mount namespace)")
    try:
        (small / "old.pdf").write_bytes(b"older letter")
        with pytest.raises(SaveFailed) as caught:
            write_output(small / "old.pdf", RECORD * 20_000)  # ~1 MB onto 64 KB
        assert caught.value.id_text == SaveFailed.DISK_FULL
        assert leftovers(small) == [] and (small / "old.pdf").read_bytes() == b"older letter"
    finally:
        subprocess.run(["umount", str(small)], check=False)


def test_temporary_files_are_private_and_named_without_the_target(tmp_path: Path, monkeypatch) -> None:
    seen: list[tuple[str, int]] = []
    real_replace = os.replace

    def spy(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        seen.append((Path(src).name, stat.S_IMODE(os.stat(src).st_mode)))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    write_output(tmp_path / "RISKY RISTIANDY.pdf", RECORD)
    ((name, mode),) = seen
    assert name.startswith(f".loket-{os.getpid()}-") and "RISKY" not in name and mode == 0o600


def test_sweep_removes_a_dead_writers_file_only(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".loket-{dead.pid}-abc{outfile.TEMP_SUFFIX}"
    mine = tmp_path / f".loket-{os.getpid()}-def{outfile.TEMP_SUFFIX}"
    foreign = tmp_path / "laporan.tmp"  # not ours: never deleted, even if a marker names it
    for f in (stale, mine, foreign):
        f.write_bytes(RECORD)
    markers = outfile.data_dir() / outfile.JOURNAL
    markers.mkdir(parents=True, exist_ok=True)
    for f in (stale, mine):
        (markers / f.name).write_text(f"{f}\n")
    (markers / f".loket-{dead.pid}-xyz{outfile.TEMP_SUFFIX}").write_text(f"{foreign}\n")  # lies about its file
    assert sweep() == 1
    assert not stale.exists() and mine.exists() and foreign.exists()
    assert sorted(m.name for m in markers.iterdir()) == [mine.name]  # the live writer's marker stays


def test_a_finished_write_leaves_no_marker_naming_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "RISKY RISTIANDY"  # a folder the clerk named after the citizen
    folder.mkdir()
    write_output(folder / "surat.pdf", RECORD)
    markers = outfile.data_dir() / outfile.JOURNAL
    assert not markers.exists() or list(markers.iterdir()) == []


def test_kill_9_during_fill_leaves_no_citizen_behind_after_the_next_start(tmp_path: Path) -> None:
    """kill -9 at random moments in ``loket fill``; then any Loket command starts and sweeps. Only a complete
    PDF may hold the citizen; no temporary file survives."""
    out_dir = tmp_path / "surat"
    out_dir.mkdir()
    env = {**os.environ, "LOKET_DEMO_TRANSPORT": "in-process"}
    risky = POPULATION[1]
    fill = [sys.executable, "-m", "app", "fill", "rsud_pasien_baru", "--demo", "--person", "1",
            "--set", "cara_bayar=umum", "--set", "telepon=081234567890", "--out", str(out_dir / "warga.pdf")]
    rng = random.Random(1234)
    killed = 0
    for _ in range(8):
        proc = subprocess.Popen(fill, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 2.5))
        if proc.poll() is None:
            proc.kill()
            killed += 1
        proc.wait()
        subprocess.run([sys.executable, "-m", "app", "forms"], cwd=ROOT, env=env, capture_output=True,
                       check=True, timeout=60)
        assert leftovers(out_dir) == []
        holding = files_holding([risky.nik, risky.nama], out_dir, Path(env["LOKET_DATA_DIR"]))
        assert [p for p in holding if p != out_dir / "warga.pdf"] == []
    assert killed > 0, "no run was killed: the timings never hit a fill in progress"
