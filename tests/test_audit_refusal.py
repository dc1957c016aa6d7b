"""Every access to a citizen's data is recorded, or refused: with the data folder a file, read-only, full, or
the audit database corrupt, ``read``, ``fill``, ``export`` and ``lookup`` show and write nothing of the
citizen, say one sentence, and exit 13 — where they used to exit 0 with no audit row."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.audit import AuditUnavailable
from app.base.paths import DEMO_FOLDER
from app.cli import main
from app.sim.registry import SIM_AGENCY
from reader.simulator.population import POPULATION
from tests.faults_support import one_line

# Its --demo runs write to the demo's own data folder, which this test reads (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("demo_data_folder")

RISKY = POPULATION[1]


def _mount(args: list[str], where: Path) -> bool:
    return subprocess.run(["mount", *args, str(where)], capture_output=True).returncode == 0


@pytest.fixture(params=["a-file", "corrupt", "read-only", "full"])
def broken_data_dir(request, tmp_path: Path, monkeypatch) -> Iterator[Path]:  # type: ignore[no-untyped-def]
    data = tmp_path / "data"
    mounted = False
    if request.param == "a-file":
        data.write_text("not a folder")
    elif request.param == "corrupt":
        (data / DEMO_FOLDER).mkdir(parents=True)  # the trail the --demo runs (and, here, every command) write to
        (data / DEMO_FOLDER / "audit.sqlite3").write_bytes(bytes(range(256)) * 40)
    elif request.param == "read-only":
        data.mkdir()
        if not _mount(["-t", "tmpfs", "-o", "ro,size=1m", "loket-ro"], data):
            pytest.skip("cannot mount a read-only tmpfs here (root in a private mount namespace needed)")
        mounted = True
    else:
        data.mkdir()
        if not _mount(["-t", "tmpfs", "-o", "size=256k", "loket-full"], data):
            pytest.skip("cannot mount a small tmpfs here")
        mounted = True
        filler = data / "filler"
        with open(filler, "wb") as f:
            try:
                while True:
                    f.write(b"\0" * 65536)
            except OSError:
                pass
    monkeypatch.setenv("LOKET_DATA_DIR", str(data))
    monkeypatch.setenv("LOKET_DEMO_TRANSPORT", "in-process")
    yield data
    if mounted:
        subprocess.run(["umount", "-l", str(data)], check=False)


def _refused(capsys, argv: list[str]) -> str:  # type: ignore[no-untyped-def]
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == AuditUnavailable.exit_code, (code, err)
    assert RISKY.nik not in out and RISKY.nama not in out
    said = [line for line in err.splitlines() if " loket" not in line and not line.startswith("demo: ")]
    assert one_line("\n".join(said)) == AuditUnavailable.id_text
    return out


def test_fill_is_refused_and_writes_no_letter(broken_data_dir: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "surat.pdf"
    _refused(capsys, ["fill", "rsud_pasien_baru", "--demo", "--person", "1", "--set", "cara_bayar=umum",
                      "--set", "telepon=081234567890", "--out", str(out)])
    assert not out.exists()


def test_export_is_refused_and_writes_nothing(broken_data_dir: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "warga.csv"
    _refused(capsys, ["export", "csv", "--demo", "--person", "1", "--out", str(out)])
    assert not out.exists()


def test_read_shows_no_citizen(broken_data_dir: Path, capsys) -> None:
    _refused(capsys, ["read", "--demo", "--person", "1", "--json"])


def test_lookup_prints_no_record(broken_data_dir: Path, registry, capsys) -> None:  # type: ignore[no-untyped-def]
    _refused(capsys, ["lookup", RISKY.nik, "--registry-url", registry.url, "--agency", SIM_AGENCY, "--json"])
