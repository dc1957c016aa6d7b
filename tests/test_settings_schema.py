"""One schema for the settings file: the app, the dialog and the installer's helper check values against it;
a wrong value falls back alone, an unknown key is kept and named; the README's table is generated from it."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

from app.base import settings as settings_module
from app.base import settings_schema as schema
from app.base.settings import ReaderSettings, RegistrySettings
from app.flows.drafts import DEFAULT_RETENTION
from app.letters import copies
from app.report.stats import DEFAULT_SECONDS_PER_FIELD
from app.storage import PostgresConfig, StorageError
from app.storage import config as storage_config
from app.ui.gui_settings import DEFAULT_IDLE_SECONDS

ROOT = Path(__file__).resolve().parent.parent


def test_the_schemas_defaults_are_the_ones_the_code_uses() -> None:
    assert schema.card_defaults_match()
    assert schema.Readers().model_dump() == dataclasses.asdict(ReaderSettings())
    assert schema.Registry().model_dump() == dataclasses.asdict(RegistrySettings())
    assert schema.Postgres().model_dump() == dataclasses.asdict(PostgresConfig())
    assert schema.Gui().idle_seconds == DEFAULT_IDLE_SECONDS
    assert schema.Report().seconds_per_field == DEFAULT_SECONDS_PER_FIELD
    assert schema.Drafts().retention_hours * 3600 == DEFAULT_RETENTION.total_seconds()
    assert schema.Reprint().retention_days * 86400 == copies.DEFAULT_RETENTION.total_seconds()
    assert schema.Reprint.model_fields["retention_days"].metadata[-1].le == copies.MAX_RETENTION_DAYS


def test_the_readme_table_is_the_schema_and_its_example_reads_clean() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert schema.markdown() in readme, "README is stale: python -m app.base.settings_schema > the table"
    example = re.search(r"```json\n(.*?)```", readme, re.S)
    assert example is not None
    data = json.loads(example.group(1))
    assert schema.check(data) == (data, [])


HOSTILE = [
    ({"registry": {"budget_seconds": "4"}}, "registry.budget_seconds"),  # a number as text
    ({"registry": {"budget_seconds": 1e300}}, "registry.budget_seconds"),
    ({"gui": {"idle_seconds": True}}, "gui.idle_seconds"),  # true is not 1
    ({"gui": {"language": "fr"}}, "gui.language"),
    ({"gui": {"copies": 0}}, "gui.copies"),
    ({"forms": {"paper": "Letter"}}, "forms.paper"),
    ({"forms": {"offices": {"rsud": {"heading": ["RSUD", {"x": 1}]}}}}, "forms.offices.rsud.heading"),
    ({"forms": {"printers": {"EPSON": {"offset_mm": [1.0]}}}}, "forms.printers.EPSON.offset_mm"),
    ({"card": {"sm_chunk": 232}}, "card.sm_chunk"),
    ({"card": {"biodata_fields": {"golongan": 3}}}, "card.biodata_fields"),
    ({"export": {"commands": {"khanza": "rm -rf /"}}}, "export.commands"),  # argv, never a shell line
    ({"storage": {"postgres": {"port": 70000}}}, "storage.postgres.port"),
    ({"drafts": {"retention_hours": -1}}, "drafts.retention_hours"),
    ({"registry": {"base_url": "dukcapil.local"}}, "registry.base_url"),
    ({"readers": []}, "readers"),  # a section that is not an object
]


@pytest.mark.parametrize(("bad", "path"), HOSTILE, ids=[p for _, p in HOSTILE])
def test_a_wrong_value_falls_back_alone(isolated_settings: Path, bad: dict, path: str) -> None:
    good = {"registry": {"agency": "RSUD_A"}, "gui": {"service": "rsud"}, "forms": {"letterhead_name": "RSUD X"},
            "storage": {"counter": "loket-2"}}
    data = json.loads(json.dumps(good))
    for section, values in bad.items():
        data[section] = {**data[section], **values} if isinstance(values, dict) and isinstance(
            data.get(section), dict) else values
    isolated_settings.write_text(json.dumps(data))
    settings = settings_module.load()
    assert len(settings.problems) == 1 and path in settings.problems[0]
    assert settings.registry.agency == "RSUD_A"  # everything else in the file still counts
    assert settings.extra["gui"]["service"] == "rsud"
    assert settings.extra["forms"]["letterhead_name"] == "RSUD X"
    assert storage_config(settings).counter == "loket-2"


def test_unknown_keys_are_kept_named_and_saved_back(isolated_settings: Path) -> None:
    data = {"gui": {"idle_seconds": 60, "theme": "dark"}, "future_section": {"x": 1}}
    isolated_settings.write_text(json.dumps(data))
    settings = settings_module.load()
    assert "gui.theme" in settings.problems[0] and "future_section" in settings.problems[0]
    settings_module.save(settings)  # an older Loket does not erase what a newer one wrote
    assert json.loads(isolated_settings.read_text()) == data


def test_a_wrong_storage_backend_stops_rather_than_falls_back(isolated_settings: Path) -> None:
    isolated_settings.write_text(json.dumps({"storage": {"backend": "mysql"}}))
    settings = settings_module.load()
    assert "menghentikan penyimpanan: storage.backend;" in settings.problems[0]
    with pytest.raises(StorageError):  # numbers shared with nobody while the office thinks otherwise: never
        storage_config(settings)


def test_a_file_that_is_nothing_but_wrong_gives_the_defaults_and_one_sentence() -> None:
    data = {name: 1 for name in schema.SettingsFile.model_fields}
    clean, problems = schema.check(data)
    assert clean == {} and len(problems) == len(data)
    assert schema.sentence(problems).count("Pengaturan") == 1


PROBE = """
import json, sys
from app.base import settings
s = settings.load()
print(json.dumps({"pydantic": "pydantic" in sys.modules, "problems": s.problems}))
"""


def _load_in_a_process(env: dict[str, str]) -> dict:
    import os
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60, cwd=ROOT,
                          env={**os.environ, **env})
    assert done.returncode == 0, done.stderr[-1000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_file_that_passed_is_not_checked_again_until_it_changes(tmp_path: Path) -> None:
    """The schema costs a command ~0.1 s; an unchanged file that passed it is not checked again — and a
    changed one always is."""
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"registry": {"agency": "RSUD_A"}, "gui": {"idle_seconds": 60}}))
    env = {"LOKET_CONFIG": str(path)}
    first = _load_in_a_process(env)
    assert first == {"pydantic": True, "problems": []}
    assert _load_in_a_process(env) == {"pydantic": False, "problems": []}
    path.write_text(json.dumps({"registry": {"agency": "RSUD_A"}, "gui": {"idle_seconds": "60"}}))
    changed = _load_in_a_process(env)
    assert changed["pydantic"] is True and "gui.idle_seconds" in changed["problems"][0]
    assert _load_in_a_process(env)["problems"], "a file with a problem is told every time"
    stamp = (tmp_path / settings_module.CHECKED_NAME).read_text()
    assert "RSUD_A" not in stamp and len(stamp.strip()) == 64  # a digest, no value
