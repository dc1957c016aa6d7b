"""logsetup: the JSON-lines rotating file in the data folder, redaction on every handler, setup() twice."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.base import logsetup
from app.base.logsetup import RedactFilter, redact

NIK = "3273014507920001"


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "data"
    monkeypatch.setenv("LOKET_DATA_DIR", str(path))
    return path


@pytest.fixture
def restore_root() -> Iterator[logging.Logger]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    filters = {h: h.filters[:] for h in handlers}
    yield root
    for h in root.handlers:
        if h not in handlers:
            h.close()
    root.handlers[:] = handlers
    for h, f in filters.items():
        h.filters[:] = f
    root.setLevel(level)


def lines(data_dir: Path) -> list[dict[str, object]]:
    for h in logging.getLogger().handlers:
        h.flush()
    path = data_dir / "logs" / logsetup.LOG_FILE
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("text,masked", [
    (f"NIK {NIK}", "NIK 3273************"),
    (f"{NIK[:4]} {NIK[4:8]} {NIK[8:12]} {NIK[12:]}", "3273***************"),
    (f"{NIK[:4]}-{NIK[4:8]}-{NIK[8:12]}-{NIK[12:]}", "3273***************"),
    (f"{NIK[:6]}.{NIK[6:12]}.{NIK[12:]}", "3273**************"),
    (f"kk={NIK}, nik={NIK[::-1]}", "kk=3273************, nik=1000************"),
])
def test_nik_shapes_are_masked(text, masked):
    assert redact(text) == masked


@pytest.mark.parametrize("text", ["12345678901234567", "123456789012345", "2024-05-01 12:00:00.123",
                                  "00 84 00 00 08", "6A 82", "port 35963"])
def test_other_numbers_are_left_alone(text):
    assert redact(text) == text


def test_the_file_is_json_lines_in_the_data_folder(data_dir, restore_root):
    logsetup.setup(0)
    log = logging.getLogger("loket.test")
    log.info("read complete: %d APDUs", 41)
    log.debug("not at the default verbosity")
    log.warning("registry lookup for %s failed", NIK)
    [info, warning] = lines(data_dir)
    assert set(info) == {"time", "level", "logger", "message"}
    assert (info["level"], info["logger"], info["message"]) == ("INFO", "loket.test", "read complete: 41 APDUs")
    assert str(info["time"]).endswith("+00:00")
    assert warning["message"] == "registry lookup for 3273************ failed"


def test_console_stays_quiet_while_the_file_has_info(data_dir, restore_root, capsys):
    logsetup.setup(0)
    logging.getLogger("loket.test").info("only in the file")
    assert "only in the file" not in capsys.readouterr().err
    assert lines(data_dir)[0]["message"] == "only in the file"


def test_vv_puts_debug_in_the_file(data_dir, restore_root):
    logsetup.setup(2)
    logging.getLogger("loket.apdu").debug("> 00 A4 04 0C [7 bytes]")
    assert lines(data_dir)[0]["level"] == "DEBUG"


def test_exception_text_is_masked_in_the_file_and_on_stderr(data_dir, restore_root, capsys):
    logsetup.setup(1)  # -v: the console shows log lines too
    try:
        raise ValueError(f"biodata field 0 is {NIK}")
    except ValueError:
        logging.getLogger("loket.test").exception("parse failed")
    [entry] = lines(data_dir)
    assert "ValueError: biodata field 0 is 3273************" in str(entry["exc"])
    err = capsys.readouterr().err
    assert NIK not in err and "3273************" in err
    assert NIK not in (data_dir / "logs" / logsetup.LOG_FILE).read_text(encoding="utf-8")


def test_an_exc_text_already_formatted_elsewhere_is_still_masked():
    try:
        raise ValueError(NIK)
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "boom", None, sys.exc_info())
    record.exc_text = logging.Formatter().formatException(record.exc_info)  # another handler got there first
    RedactFilter().filter(record)
    assert NIK not in record.exc_text


def test_stack_info_is_masked():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "m", None, None, sinfo=f"Stack: nik={NIK}")
    RedactFilter().filter(record)
    assert NIK not in record.stack_info


def test_a_broken_format_call_does_not_raise_in_the_caller():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "%d items", ("many",), None)
    assert RedactFilter().filter(record) is True


def test_setup_twice_replaces_its_own_handlers_and_keeps_others(data_dir, restore_root):
    foreign = logging.NullHandler()
    restore_root.addHandler(foreign)
    logsetup.setup(0)
    logsetup.setup(1)
    mine = [h for h in restore_root.handlers if getattr(h, logsetup._OWNED, False)]
    assert len(mine) == 2
    assert foreign in restore_root.handlers
    # "every handler": even one installed by someone else now masks.
    assert any(isinstance(f, RedactFilter) for f in foreign.filters)


def test_setup_does_not_quieten_a_root_someone_else_set_lower(data_dir, restore_root):
    restore_root.addHandler(logging.NullHandler())
    restore_root.setLevel(logging.DEBUG)
    logsetup.setup(0)
    assert restore_root.level == logging.DEBUG


def test_alone_setup_sets_root_to_the_file_level(data_dir, restore_root):
    restore_root.handlers[:] = []
    restore_root.setLevel(logging.WARNING)
    logsetup.setup(0)
    assert restore_root.level == logging.INFO


def test_an_unwritable_data_folder_leaves_the_console(tmp_path, monkeypatch, restore_root, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("LOKET_DATA_DIR", str(blocker / "data"))
    logsetup.setup(0)
    mine = [h for h in restore_root.handlers if getattr(h, logsetup._OWNED, False)]
    assert len(mine) == 1
    assert "log file not available" in capsys.readouterr().err


def test_the_file_rotates(data_dir, restore_root, monkeypatch):
    monkeypatch.setattr(logsetup, "MAX_BYTES", 2000)
    logsetup.setup(0)
    log = logging.getLogger("loket.test")
    for i in range(200):
        log.info("line %d %s", i, "x" * 50)
    files = sorted(p.name for p in (data_dir / "logs").iterdir())
    assert files[:2] == ["loket.log", "loket.log.1"]
    assert len(files) == logsetup.BACKUPS + 1


def test_the_rollover_counts_what_another_process_wrote(data_dir, restore_root, monkeypatch):
    # The window keeps the file open while CLI runs append to it: the size is the file's, not this handler's.
    monkeypatch.setattr(logsetup, "MAX_BYTES", 2000)
    logsetup.setup(0)
    log = logging.getLogger("loket.test")
    log.info("first line")
    with (data_dir / "logs" / logsetup.LOG_FILE).open("a", encoding="utf-8") as other:
        other.write(json.dumps({"message": "x" * 2500}) + "\n")
    log.info("after the other process")
    assert (data_dir / "logs" / "loket.log.1").exists()
    assert [line["message"] for line in lines(data_dir)] == ["after the other process"]


def test_a_log_folder_gone_between_two_lines_loses_the_line_not_the_work(data_dir, restore_root, monkeypatch,
                                                                         capsys):
    import shutil

    monkeypatch.setattr(logsetup, "MAX_BYTES", 300)
    logsetup.setup(0)
    log = logging.getLogger("loket.test")
    log.info("line %s", "x" * 200)
    log.info("line %s", "y" * 200)  # rolls over: the file is closed until the next line opens it again
    shutil.rmtree(data_dir / "logs")
    (data_dir / "logs").write_text("not a folder")  # nothing can open logs/loket.log now, not even root
    log.info("this line has nowhere to go")  # must not raise into the caller (a read, a print)
    assert "Traceback" not in capsys.readouterr().err


def test_a_failed_rename_on_rollover_keeps_logging(data_dir, restore_root, monkeypatch, capsys):
    # Windows: another Loket process holds the file, so the rename fails.
    import os

    monkeypatch.setattr(logsetup, "MAX_BYTES", 500)
    logsetup.setup(0)
    for i in range(1, 3):  # earlier backups exist, so the rollover renames them too
        (data_dir / "logs" / f"loket.log.{i}").write_text("old\n")

    def refuse(src, dst):
        raise PermissionError(13, "in use")

    monkeypatch.setattr(os, "rename", refuse)
    log = logging.getLogger("loket.test")
    for i in range(50):
        log.info("line %d %s", i, "x" * 50)
    assert lines(data_dir)[-1]["message"].startswith("line 49")
    assert len(lines(data_dir)) == 50  # nothing lost
    assert capsys.readouterr().err == ""  # and no "--- Logging error ---" traceback at the counter


def test_cli_main_logs_to_the_file(data_dir, restore_root, monkeypatch, capsys):
    from app import cli

    assert cli.main(["lookup", "123"]) == 2  # a usage error: nothing personal, but main ran setup()
    assert (data_dir / "logs").is_dir()
