"""The single counter's letter numbers in SQLite (``nomor.sqlite3`` in the per-machine data folder): one
transaction per number, no lock file to go stale, an earlier ``nomor.json`` carried on once, and a broken
file — old or new — an error in one sentence, never a sequence restarting at 001."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from app.base.settings import Settings
from app.storage.letters import next_letter_number
from forms.numbering import NumberingError

DOMISILI = "470/{seq}/KEL/{roman_month}/{year}"
DAY = date(2026, 11, 20)
ROOT = Path(__file__).resolve().parent.parent


def settings_with(legacy: Path) -> Settings:
    return Settings(extra={"forms": {"numbering_file": str(legacy)}})


def take(legacy: Path) -> str:
    return str(next_letter_number("KEL-MGR", DOMISILI, DAY, settings=settings_with(legacy)))


def test_numbers_live_in_the_data_folder_and_a_stale_lock_file_blocks_nothing(tmp_path: Path) -> None:
    legacy = tmp_path / "roaming" / "nomor.json"
    legacy.parent.mkdir()
    (legacy.parent / "nomor.json.lock").write_text("")  # left by an earlier version killed mid-number
    assert [take(legacy), take(legacy)] == ["470/001/KEL/XI/2026", "470/002/KEL/XI/2026"]
    assert (Path(os.environ["LOKET_DATA_DIR"]) / "nomor.sqlite3").is_file()
    assert not legacy.exists()  # nothing is written to the (roaming) settings folder any more


def test_an_earlier_number_file_is_carried_on_once(tmp_path: Path) -> None:
    legacy = tmp_path / "nomor.json"
    legacy.write_text(json.dumps({"KEL-MGR": 41, "KEC-BPT": 7}))
    assert take(legacy) == "470/042/KEL/XI/2026"
    legacy.write_text(json.dumps({"KEL-MGR": 3}))  # edited afterwards: not read again, never goes back
    assert take(legacy) == "470/043/KEL/XI/2026"
    assert str(next_letter_number("KEC-BPT", DOMISILI, DAY, settings=settings_with(legacy))) == "470/008/KEL/XI/2026"


@pytest.mark.parametrize("content", ["[1, 2]", '{"KEL-MGR": 4', "abc", "", '{"KEL-MGR": "abc"}',
                                     '{"KEL-MGR": -5}', "[" * 5000])
def test_a_broken_earlier_file_issues_no_number(tmp_path: Path, content: str) -> None:
    legacy = tmp_path / "nomor.json"
    legacy.write_text(content)
    with pytest.raises(NumberingError) as caught:
        take(legacy)
    text = str(caught.value)
    assert "rusak" in text and "001" in text and "\n" not in text
    legacy.write_text(json.dumps({"KEL-MGR": 9}))  # IT repairs it: the sequence carries on from there
    assert take(legacy) == "470/010/KEL/XI/2026"


def test_numbering_file_set_to_a_folder_is_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(NumberingError, match="menunjuk ke folder"):
        take(tmp_path)


def test_a_corrupt_number_store_is_one_sentence(tmp_path: Path) -> None:
    store = Path(os.environ["LOKET_DATA_DIR"]) / "nomor.sqlite3"
    store.parent.mkdir(parents=True, exist_ok=True)
    store.write_bytes(os.urandom(8192))
    with pytest.raises(NumberingError, match="tidak dapat dipakai"):
        take(tmp_path / "nomor.json")


WORKER = """
import sys
sys.path.insert(0, sys.argv[1])
from datetime import date
from app.base.settings import Settings
from app.storage.letters import next_letter_number
s = Settings(extra={"forms": {"numbering_file": sys.argv[2]}})
for _ in range(int(sys.argv[3])):
    print(next_letter_number("KEL-MGR", "{seq}", date(2026, 11, 20), settings=s), flush=True)
"""


def test_processes_taking_numbers_at_once_never_share_one(tmp_path: Path) -> None:
    legacy = tmp_path / "nomor.json"
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, str(ROOT), str(legacy), "25"], stdout=subprocess.PIPE,
                              text=True) for _ in range(4)]
    numbers = [line for p in procs for line in p.communicate(timeout=120)[0].split()]
    assert all(p.returncode == 0 for p in procs)
    assert sorted(int(n) for n in numbers) == list(range(1, 101))
