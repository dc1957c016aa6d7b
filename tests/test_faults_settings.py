"""Fault matrix: a corrupt settings file. The counter falls back to the defaults with one sentence, keeps a
copy of the bad file for IT (``settings.json.rusak-YYYYmmdd-HHMMSS``), and goes on working: the CLI says it on
stderr and carries on, the window shows it in its message area. A settings file is not a card read, lookup or
print, so it has no audit event of its own: the read that follows is audited as usual."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app import cli
from app.base import settings as settings_module
from reader.options import CardOptions
from reader.simulator.population import POPULATION
from tests.faults_support import assert_trail_holds, last_event, one_line

# Its --demo runs write to the demo's own data folder, which this test reads (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("demo_data_folder")

BROKEN = ["{ not json", '{"registry": {"agency": "RSUD_A"', "[1, 2, 3]", "\udcff"]


def write_bad(path: Path, text: str) -> bytes:
    raw = text.encode("utf-8", "surrogateescape")
    path.write_bytes(raw)
    return raw


def clerk_lines(err: str) -> str:
    return "\n".join(line for line in err.splitlines() if not line.startswith("demo: "))  # the demo's own note


def copies(path: Path) -> list[Path]:
    return sorted(path.parent.glob(path.name + ".rusak-*"))


@pytest.fixture(autouse=True)
def in_process_card(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOKET_DEMO_TRANSPORT", "in-process")  # the fault is the file, not the reader


@pytest.mark.parametrize("text", BROKEN, ids=["not-json", "cut-short", "not-an-object", "not-utf8"])
def test_corrupt_settings_file_cli(isolated_settings: Path, capsys: pytest.CaptureFixture[str], text: str) -> None:
    raw = write_bad(isolated_settings, text)
    code = cli.main(["read", "--demo", "--json"])
    out, err = capsys.readouterr()
    assert code == 0 and json.loads(out)["nik"] == POPULATION[0].nik  # the counter keeps working
    line = one_line(clerk_lines(err))
    kept = copies(isolated_settings)
    assert len(kept) == 1 and kept[0].read_bytes() == raw  # the bad file, byte for byte, for IT
    assert line == (f"Berkas pengaturan {isolated_settings.name} rusak; Loket memakai pengaturan bawaan. "
                    f"Salinannya disimpan sebagai {kept[0].name}. Hubungi petugas IT.")
    assert not isolated_settings.exists()  # moved aside: the next save starts a clean file
    assert last_event("read").outcome == "ok"
    # Next start: nothing to say any more, and the copy is still there.
    assert cli.main(["read", "--demo", "--json"]) == 0
    assert clerk_lines(capsys.readouterr().err) == ""
    assert copies(isolated_settings) == kept
    assert_trail_holds()


def test_an_invalid_value_falls_back_alone_and_is_named_in_one_sentence(isolated_settings: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    data = {"card": {"sm_chunk": 999, "plain_chunk": 200}, "registry": {"agency": "RSUD_A", "budget_seconds": "4"},
            "gui": {"idle_seconds": 90, "bahasa": "en"}}
    isolated_settings.write_text(json.dumps(data))
    settings = settings_module.load()
    assert settings.card.sm_chunk == CardOptions().sm_chunk  # the bad value alone falls back ...
    assert settings.card.plain_chunk == 200  # ... the card section's good one stays
    assert settings.registry.agency == "RSUD_A" and settings.registry.budget_seconds == 4.0  # "4" is no number
    assert settings.extra["gui"]["idle_seconds"] == 90
    assert len(settings.problems) == 1  # one sentence for all of it
    line = one_line(settings.problems[0])
    for named in ("card.sm_chunk", "registry.budget_seconds", "gui.bahasa"):
        assert named in line, named
    assert "idle_seconds" not in line and "plain_chunk" not in line
    assert settings.extra["gui"]["bahasa"] == "en"  # an unknown key is kept (a newer Loket may have written it)
    assert copies(isolated_settings) == [] and json.loads(isolated_settings.read_text()) == data  # untouched


def test_save_after_a_fallback_writes_a_clean_file_without_the_problems(isolated_settings: Path) -> None:
    write_bad(isolated_settings, "{ not json")
    settings = settings_module.load()
    assert settings.problems
    settings_module.save(settings)
    saved = json.loads(isolated_settings.read_text())
    assert "problems" not in saved
    assert settings_module.load().problems == []


# --- the counter window --------------------------------------------------------------------------------------

def test_corrupt_settings_file_gui(qtbot, registry, isolated_settings: Path) -> None:
    from app.sim.registry import SIM_AGENCY
    from tests.test_ui_window import RISKY, make_window, tap

    write_bad(isolated_settings, "{ not json")
    settings = settings_module.load()  # what `loket gui` does at start
    window = make_window(qtbot, {"registry_url": registry.url, "agency": SIM_AGENCY}, settings)  # type: ignore[attr-defined]
    try:
        line = one_line(window.message.text())
        assert "rusak" in line and "bawaan" in line and copies(isolated_settings)[0].name in line
        tap(qtbot, window, RISKY)  # the counter works on the defaults
        assert window.applicant is not None and window.applicant.value("nik") == POPULATION[1].nik
        assert last_event("read").outcome == "ok"
        assert_trail_holds()
    finally:
        window.close()
