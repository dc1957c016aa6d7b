"""An export's outcome is a member of one enum, app.base.exportoutcome.ExportOutcome, and still the very string
it always was: the audit trail's export rows read byte for byte as before (through the real `loket export`),
the file writer's codes are PrintOutcome's own, any failed write becomes an export member, and no module of
app/ spells an export code itself."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from app import audit
from app.base.exportoutcome import ExportOutcome
from app.base.outcome import PrintOutcome
from app.base.outfile import SaveFailed, write_output
from app.cli import main
from app.export import core
from tests import code_scan

APP = Path(__file__).resolve().parent.parent / "app"
HOME = APP / "base" / "exportoutcome.py"

# The codes audit trails, the README and the local service's clients hold today: a member may be added,
# none of these may change its spelling.
KNOWN = {"written", "handed_off", "blocked_unverified", "refused_by_clerk", "failed_usage", "failed_incomplete",
         "failed_no_command", "failed_handoff", "disk_full", "failed_write", "refused_symlink", "refused_directory",
         "refused_no_folder", "refused_fifo"}
# An export's codes that are PrintOutcome's (spelled there once, tests/test_print_outcome.py scans them).
SHARED = {m.value for m in ExportOutcome} & {m.value for m in PrintOutcome}

# Its --demo runs write to the demo's own data folder, which this test reads (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("demo_data_folder")


@pytest.fixture(autouse=True)
def audit_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOKET_AUDIT_KEY", "export-outcome-test-key")
    audit.forget_key()


def _spelled(source: str) -> list[tuple[str, int]]:
    """Each string literal in ``source`` that spells an export code of its own, with its line."""
    return code_scan.spelled(source, {m.value for m in ExportOutcome} - SHARED)


def test_the_scan_finds_a_code_spelled_any_way() -> None:
    for spelled in ('audit.record_export(target, "written", nik)', 'return "handed_off"',
                    'raise ExportError(lines, 2, "failed_usage")', 'if outcome == "failed_handoff": ...',
                    'refusal_audited(c, a, "refused_by_clerk", s)', 'OUT = {"failed_incomplete": 422}'):
        assert _spelled(spelled), spelled
    assert _spelled('record_export(t, ExportOutcome.WRITTEN)\nx = f"form_{outcome}"\n"""written, handed off"""') == []
    assert len(_spelled(HOME.read_text(encoding="utf-8"))) == len(ExportOutcome) - len(SHARED), "each once"


def test_no_module_of_app_spells_an_export_code_but_the_enum() -> None:
    found: dict[tuple[str, str], list[int]] = {}
    for path in sorted(APP.rglob("*.py")):
        if path == HOME:
            continue
        for value, line in _spelled(path.read_text(encoding="utf-8")):
            found.setdefault((path.relative_to(APP).as_posix(), value), []).append(line)
    assert found == {}, f"use app.base.exportoutcome.ExportOutcome, not its string: {found}"


def test_each_code_reads_as_the_string_it_always_was() -> None:
    assert {m.value for m in ExportOutcome} >= KNOWN
    for member in ExportOutcome:
        assert isinstance(member, str) and type(member.value) is str and member == member.value
        assert str(member) == f"{member}" == member.value  # the log, the f-strings
        assert json.dumps({"error": member}) == json.dumps({"error": member.value})  # the local service
    # What an export shares with a print is the print's code, not a look-alike.
    assert SHARED == {"blocked_unverified", "disk_full", "failed_write", "refused_symlink", "refused_directory",
                      "refused_no_folder", "refused_fifo"}
    for code in SHARED:
        assert ExportOutcome(code) == PrintOutcome(code) and ExportOutcome(PrintOutcome(code)).value == code


def _failed_write(out: Path, data: bytes = b"x") -> SaveFailed:
    with pytest.raises(SaveFailed) as caught:
        write_output(out, data)
    return caught.value


def test_every_way_the_file_writer_refuses_is_an_export_outcome(tmp_path: Path) -> None:
    """The real writer's refusals (a folder, a link, no folder, a pipe nobody reads, a full disk, no
    permission): each one's PrintOutcome is an ExportOutcome, so a failed export is never an unknown code."""
    (tmp_path / "folder").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "elsewhere.csv")
    os.mkfifo(tmp_path / "pipe")
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    refusals = [_failed_write(tmp_path / "folder"), _failed_write(tmp_path / "link"),
                _failed_write(tmp_path / "none" / "x.csv"), _failed_write(tmp_path / "pipe")]
    if Path("/dev/full").exists():
        refusals.append(_failed_write(Path("/dev/full"), b"x" * 65536))
    if os.geteuid() != 0:  # root writes anywhere
        refusals.append(_failed_write(locked / "x.csv"))
    refusals += [SaveFailed(OSError(28, "No space left on device")), SaveFailed(PermissionError(13, "denied"))]
    seen = {ExportOutcome(r.outcome) for r in refusals}
    assert seen == {ExportOutcome.REFUSED_DIRECTORY, ExportOutcome.REFUSED_SYMLINK, ExportOutcome.REFUSED_NO_FOLDER,
                    ExportOutcome.REFUSED_FIFO, ExportOutcome.DISK_FULL, ExportOutcome.FAILED_WRITE}


def _raw_exports() -> list[tuple[str, str]]:
    with sqlite3.connect(audit.db_path()) as conn:
        return conn.execute("SELECT outcome, typeof(outcome) FROM events WHERE kind = 'export' ORDER BY id").fetchall()


def test_the_trail_keeps_the_old_strings_through_the_real_export(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    """`loket export` written, refused for a folder and for an unknown --set field: exit codes as the README
    says, each row the plain string it always was, the chain (hashed over the codes) intact."""
    assert main(["export", "csv", "--demo", "--person", "1", "--out", str(tmp_path / "warga.csv")]) == 0
    (tmp_path / "folder").mkdir()
    assert main(["export", "csv", "--demo", "--person", "1", "--out", str(tmp_path / "folder")]) == 1
    assert main(["export", "csv", "--demo", "--person", "1", "--set", "hobi=catur",
                 "--out", str(tmp_path / "x.csv")]) == 2
    assert "adalah folder" in capsys.readouterr().err
    assert _raw_exports() == [("written", "text"), ("refused_directory", "text"), ("failed_usage", "text")]
    rows = [r for r in audit.rows() if r.kind == "export"]
    assert all(type(r.outcome) is str for r in rows)  # the column is a plain string, read or returned
    assert audit.verify() is None


def test_the_core_returns_and_raises_members(tmp_path: Path) -> None:
    values = {"nik": "3273014507920001", "nama": "DEWI KARTIKA SARI"}
    export, outcome = core.export_to("csv", values, tmp_path / "a.csv")
    assert outcome is ExportOutcome.WRITTEN and (tmp_path / "a.csv").is_file() and export.nik == values["nik"]
    with pytest.raises(core.ExportError) as caught:
        core.export_to("csv", values, tmp_path / "b.csv", handoff=True)  # no export.commands.csv set
    assert caught.value.outcome is ExportOutcome.FAILED_NO_COMMAND and caught.value.code == 2
    with pytest.raises(core.ExportError) as caught:
        core.export_to("csv", values, tmp_path)  # a folder
    assert caught.value.outcome is ExportOutcome.REFUSED_DIRECTORY and caught.value.code == 1
