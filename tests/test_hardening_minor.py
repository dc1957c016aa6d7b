"""Smaller holes found by the adversarial pass: the support zip (newest log, no NIK, a folder that is missing
or read-only), a free-text registry refusal naming a citizen in the log, file modes of the data folder,
and settings numbers (NaN, Infinity, 1e300) or nesting that used to end in a traceback."""

from __future__ import annotations

import json
import logging
import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from app import audit
from app.base.paths import data_dir
from app.base.settings import Settings, load
from app.cli import main
from app.flows.doctor import write_report
from app.registry.client import Credentials, RegistryClient
from app.registry.result import Refused
from tests.hostile_http import answer, fixed, serving
from tests.registry_support import AGENCY

ROOT = Path(__file__).resolve().parent.parent
NAME = "RISKY RISTIANDY"


def test_the_support_zip_has_the_newest_log_lines_and_no_test_nik(tmp_path: Path) -> None:
    logs = data_dir() / "logs"
    logs.mkdir(parents=True)
    (logs / "loket.log.2").write_text("oldest line\n")
    (logs / "loket.log.1").write_text("older line\n")
    (logs / "loket.log").write_text("newest line\n")
    settings = Settings(extra={"doctor": {"test_nik": "3578051708880003"}})
    out = write_report(tmp_path / "diag.zip", [], settings, log_lines=2)
    with zipfile.ZipFile(out) as z:
        assert z.read("log-tail.txt").decode().splitlines() == ["older line", "newest line"]
        assert b"3578051708880003" not in b"".join(z.read(n) for n in z.namelist())


@pytest.mark.parametrize("where", ["missing", "read-only"])
def test_doctor_report_into_a_folder_it_cannot_use_is_one_sentence(where: str, tmp_path: Path, capsys) -> None:
    folder = tmp_path / "laporan"
    if where == "read-only":
        folder.mkdir()
        if subprocess.run(["mount", "-t", "tmpfs", "-o", "ro", "loket-ro", str(folder)],
                          capture_output=True).returncode != 0:
            pytest.skip("cannot mount a read-only folder here")
    try:
        code = main(["doctor", "--report", str(folder / "diag.zip")])
        err = capsys.readouterr().err
    finally:
        if where == "read-only":
            subprocess.run(["umount", str(folder)], check=False)
    assert code == 1 and "Laporan diagnosa tidak tersimpan" in err and "Traceback" not in err


def test_a_free_text_refusal_is_logged_without_its_words(caplog) -> None:  # type: ignore[no-untyped-def]
    body = json.dumps({"content": [{"RESPON": f"Data {NAME} diblokir sementara"}]}).encode()
    with serving(fixed(answer("200 OK", body))) as server, \
            RegistryClient(server.url, AGENCY, Credentials("u", "p"), budget_seconds=2) as client:
        result = client.lookup("3578051708880003")
    assert isinstance(result, Refused)
    assert NAME in result.id_text  # the clerk reads what the registry said
    with caplog.at_level(logging.INFO):
        logging.getLogger("loket.registry").warning("registry lookup: %s", result.en_text)
    assert NAME not in caplog.text and "diblokir" not in caplog.text


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_the_data_folder_and_its_files_are_this_users_only() -> None:
    folder = data_dir()
    folder.mkdir(parents=True, mode=0o755, exist_ok=True)  # the test's seal keys may be there already
    os.chmod(folder, 0o755)  # as an earlier version left it
    audit.append("read", "ok", nik="3578051708880003")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(audit.db_path().stat().st_mode) == 0o600
    from datetime import date

    from app.storage.letters import next_letter_number

    next_letter_number("KEL", "{seq}", date(2026, 12, 1), settings=Settings())
    assert stat.S_IMODE((folder / "nomor.sqlite3").stat().st_mode) == 0o600


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e300"])
def test_settings_numbers_that_are_no_numbers_keep_the_default(number: str, isolated_settings: Path) -> None:
    isolated_settings.write_text('{"registry": {"budget_seconds": ' + number + "}}")
    assert load().registry.budget_seconds == 4.0


@pytest.mark.parametrize("command", [["forms"], ["db", "status"], ["audit", "verify"], ["lookup", "3273014507920001"]])
def test_settings_nested_5000_deep_is_one_sentence(isolated_settings: Path, command: list[str]) -> None:
    isolated_settings.write_text('{"a":' * 5000 + "1" + "}" * 5000)
    done = subprocess.run([sys.executable, "-m", "app", *command], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)
    assert "Traceback" not in done.stderr and "Error" not in done.stderr, done.stderr[-500:]
    assert done.returncode in (0, 1, 11)
