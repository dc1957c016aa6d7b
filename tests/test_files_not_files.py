"""Files that are not files (issue 27, item 9): every path that comes from the settings or the command line
named as a FIFO, /dev/zero, a folder, a symbolic link to one of those, or a file far too large. Real files of
each kind, real `loket` processes with a time limit (a hang fails the test, it does not hold the run) and a
memory limit (an endless read fails fast instead of eating the machine). Each gives one sentence and no
traceback, or (the logo) the letter without it."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from forms.files import NotRegular, read_regular

ROOT = Path(__file__).resolve().parent.parent
DOMISILI = ["fill", "surat_domisili", "--demo", "--person", "6", "--set", "alamat_domisili=JL. MAWAR 1",
            "--set", "sejak=01-03-2024", "--set", "keperluan=Melamar pekerjaan"]


def _bounded_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (3 * 1024 ** 3, 3 * 1024 ** 3))


def loket(*argv: str, seconds: float = 60) -> subprocess.CompletedProcess[str]:
    """A real `loket` process; a hang is a failure after ``seconds``, not a stuck run."""
    try:
        return subprocess.run([sys.executable, "-m", "app", *argv], cwd=ROOT, text=True, capture_output=True,
                              stdin=subprocess.DEVNULL, timeout=seconds, preexec_fn=_bounded_memory,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
    except subprocess.TimeoutExpired:
        raise AssertionError(f"loket {' '.join(argv)} hung for {seconds:.0f} s") from None


def one_sentence(err: str) -> None:
    assert "Traceback" not in err and "MemoryError" not in err, err
    assert err.strip(), "nothing said"


@pytest.fixture
def kinds(tmp_path: Path) -> dict[str, Path]:
    """One path of each kind that is not a regular file."""
    fifo = tmp_path / "pipa"
    os.mkfifo(fifo)
    folder = tmp_path / "folder"
    folder.mkdir()
    to_fifo = tmp_path / "tautan-ke-pipa"
    to_fifo.symlink_to(fifo)
    to_zero = tmp_path / "tautan-ke-zero"
    to_zero.symlink_to("/dev/zero")
    return {"fifo": fifo, "zero": Path("/dev/zero"), "folder": folder, "symlink-fifo": to_fifo,
            "symlink-zero": to_zero}


def test_the_helper_opens_only_regular_files_of_bounded_size(tmp_path: Path, kinds: dict[str, Path]) -> None:
    done = threading.Event()
    seen: dict[str, str] = {}

    def probe() -> None:
        for name, path in kinds.items():
            try:
                read_regular(path, 1024)
            except NotRegular as exc:
                seen[name] = exc.kind
        done.set()

    threading.Thread(target=probe, daemon=True).start()
    assert done.wait(10), "a read waited on a FIFO or never ended"
    assert seen == {"fifo": "fifo", "zero": "device", "folder": "directory", "symlink-fifo": "fifo",
                    "symlink-zero": "device"}
    big = tmp_path / "besar.json"
    big.write_bytes(b" " * 2048)
    with pytest.raises(NotRegular) as too_big:
        read_regular(big, 1024)
    assert too_big.value.kind == "too large" and "terlalu besar" in too_big.value.strerror
    good = tmp_path / "baik.json"
    good.write_bytes(b"{}")
    link = tmp_path / "tautan-ke-baik"
    link.symlink_to(good)
    assert read_regular(link, 1024) == b"{}"  # a link to a regular file is that file


@pytest.mark.parametrize("kind", ["fifo", "zero", "folder", "symlink-fifo"])
def test_a_settings_file_that_is_not_a_file(kinds: dict[str, Path], tmp_path: Path, monkeypatch, kind: str) -> None:
    monkeypatch.setenv("LOKET_CONFIG", str(kinds[kind]))
    done = loket("forms", seconds=60)  # it only peeks at the settings for the language of its help
    assert done.returncode == 0 and "surat_domisili" in done.stdout and "Traceback" not in done.stderr
    done = loket(*DOMISILI, "--out", str(tmp_path / "surat.pdf"), seconds=90)  # the defaults stand, said once
    one_sentence(done.stderr)
    assert done.returncode == 0 and (tmp_path / "surat.pdf").read_bytes().startswith(b"%PDF"), done.stderr
    assert "tidak dipakai" in done.stderr and "pengaturan bawaan" in done.stderr
    assert not list(kinds[kind].parent.glob("*.rusak-*"))  # nothing copied out of a pipe or a device


@pytest.mark.parametrize("kind", ["zero", "fifo", "folder"])
def test_settings_that_point_at_files_that_are_not_files(isolated_settings: Path, tmp_path: Path,
                                                         kinds: dict[str, Path], kind: str) -> None:
    isolated_settings.write_text(json.dumps({"forms": {"numbering_file": str(kinds[kind])}}), encoding="utf-8")
    done = loket(*DOMISILI, "--out", str(tmp_path / "surat.pdf"), seconds=90)
    one_sentence(done.stderr)
    assert done.returncode != 0 and ("numbering_file" in done.stderr or "nomor surat lama" in done.stderr), \
        done.stderr
    assert not (tmp_path / "surat.pdf").exists()  # no letter under a number that may be a duplicate


def test_a_logo_that_is_not_a_file_leaves_the_letterhead_without_it(kinds: dict[str, Path], tmp_path: Path) -> None:
    from forms.office import example
    from forms.render import render_pdf
    from forms.template import find

    template = find("surat_domisili")
    for kind in ("zero", "fifo", "symlink-zero", "folder"):
        done = threading.Event()
        office = replace(example(template.office_kind), logo=str(kinds[kind]))
        out = tmp_path / f"{kind}.pdf"
        threading.Thread(target=lambda out=out, office=office, done=done: (
            render_pdf(template, {}, out, office=office), done.set()), daemon=True).start()
        assert done.wait(30), f"the render waited on a {kind} logo"
        assert out.read_bytes().startswith(b"%PDF")


def test_a_ca_bundle_that_is_a_fifo_or_zero_stays_within_the_lookup_budget(kinds: dict[str, Path]) -> None:
    from app.registry.errors import RegistryConfigError
    from app.registry.trust import trust_context

    for kind in ("fifo", "zero", "folder", "symlink-fifo"):
        outcome: list[BaseException] = []
        done = threading.Event()

        def build(path: Path = kinds[kind], outcome: list[BaseException] = outcome,
                  done: threading.Event = done) -> None:
            try:
                trust_context(str(path))
            except BaseException as exc:
                outcome.append(exc)
            done.set()

        threading.Thread(target=build, daemon=True).start()
        assert done.wait(4), f"a {kind} ca_bundle held the lookup past its 4 s budget"
        assert isinstance(outcome[0], RegistryConfigError), outcome
        assert "registry.ca_bundle" in outcome[0].id_text  # type: ignore[attr-defined]


@pytest.mark.parametrize("kind", ["fifo", "zero", "folder", "symlink-zero"])
def test_an_identity_file_that_is_not_a_file(tmp_path: Path, kinds: dict[str, Path], kind: str) -> None:
    done = loket("fill", "surat_domisili", "--identity", str(kinds[kind]), "--out", str(tmp_path / "x.pdf"))
    one_sentence(done.stderr)
    assert done.returncode == 2 and "tidak dapat dibaca" in done.stderr
    assert "bukan berkas" in done.stderr


def test_doctor_report_to_a_fifo_nobody_reads(tmp_path: Path, kinds: dict[str, Path]) -> None:
    done = loket("doctor", "--report", str(kinds["fifo"]), seconds=90)
    one_sentence(done.stderr)
    assert done.returncode == 1 and "pipa (FIFO)" in done.stderr and "tidak tersimpan" in done.stderr
    # A FIFO someone reads is written into, as /dev/stdout is.
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(Path(kinds["fifo"]).read_bytes()), daemon=True)
    reader.start()
    done = loket("doctor", "--report", str(kinds["fifo"]), seconds=90)
    reader.join(30)
    assert got and got[0].startswith(b"PK"), done.stderr
