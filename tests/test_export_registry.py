"""The export targets come from one registry (app/export/registry.py): every target builds a file of its own
kind for a simulated citizen, `loket export`, the README and the local card service are derived from it, and a
target module that is only half there stops the import instead of falling through to another's file."""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from pathlib import Path

import pytest

from app.cli.export import add_export_parsers
from app.export import core, registry
from app.export.target import Built, Target, TargetError
from app.export.values import TYPED_EXTRAS
from app.webapi import person as webapi_person
from reader.exitcodes import ExitCode
from reader.identity import Authenticity

ROOT = Path(__file__).resolve().parent.parent
DEWI = {"nik": "3273014507920001", "nama": "DEWI KARTIKA SARI", "tempat_lahir": "BANDUNG",
        "tanggal_lahir": "05-07-1992", "jenis_kelamin": "PEREMPUAN", "alamat": "JL. SETIABUDI NO. 21",
        "rt": "007", "rw": "003", "kelurahan": "GEGERKALONG", "kecamatan": "SUKASARI", "kabupaten": "KOTA BANDUNG",
        "provinsi": "JAWA BARAT", "status_perkawinan": "KAWIN", "agama": "ISLAM", "pekerjaan": "KARYAWAN SWASTA",
        "kewarganegaraan": "WNI"}


@pytest.mark.parametrize("target_id", list(registry.TARGETS))
def test_every_target_builds_a_file_of_its_declared_kind(target_id: str) -> None:
    target = registry.TARGETS[target_id]
    export = core.build(target_id, DEWI, {"telepon": "081234567890"}, authenticity=Authenticity.VALID)
    if target.suffix == ".json":
        assert DEWI["nik"] in json.dumps(json.loads(export.content))
    else:
        dialect = csv.Sniffer().sniff(export.content, delimiters=",;\t|")  # a SIMRS may want semicolons
        rows = list(csv.reader(io.StringIO(export.content), dialect))
        assert len(rows) == 2 and DEWI["nik"] in rows[1], rows
    # The extras it does not declare are dropped with a note; the ones it declares are kept.
    for extra in TYPED_EXTRAS:
        export = core.build(target_id, DEWI, {extra: "SUAMI"}, authenticity=Authenticity.VALID)
        dropped = [n for n in export.notes if n.field == extra and "diabaikan" in n.text]
        assert bool(dropped) == (extra not in target.extras), (extra, export.notes)


def test_an_unknown_target_is_refused_not_written_as_another(tmp_path: Path) -> None:
    with pytest.raises(core.ExportError) as exc:
        core.build("simrs-lain", DEWI)
    assert exc.value.code == ExitCode.USAGE and "tidak dikenal" in exc.value.lines[0]


def test_the_command_line_takes_its_choices_and_flags_from_the_registry(capsys: pytest.CaptureFixture[str]) -> None:
    import argparse

    top = argparse.ArgumentParser(prog="loket")
    add_export_parsers(top.add_subparsers(dest="command"))
    for target_id in registry.commands():
        assert top.parse_args(["export", target_id, "--demo", "--out", "x"]).target == target_id
    for variant in registry.variants():
        args = top.parse_args(["export", variant.variant_of, variant.flag, "--demo", "--out", "x"])
        assert args.variant == variant.id
    with pytest.raises(SystemExit):
        top.parse_args(["export", "khanza-sql", "--demo", "--out", "x"])  # a variant is asked for by its flag
    assert "khanza-sql" not in registry.commands() and registry.get("khanza-sql").audited_as == "khanza"


def test_the_readme_table_is_the_registry() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- export-targets:begin -->\n(.*?)<!-- export-targets:end -->", readme, re.S)
    assert found, "README.md has lost its table of export targets"
    assert found.group(1) == registry.table(), "run: .venv/bin/python -m app.export.registry (and paste it)"


def test_the_local_card_service_offers_the_targets_that_declare_a_media_type() -> None:
    assert set(webapi_person.REPRESENTATIONS) == {"loket", *registry.web_formats()}
    assert webapi_person.REPRESENTATIONS["satusehat"] == "application/fhir+json"
    api = json.loads((ROOT / "docs" / "openapi.json").read_text(encoding="utf-8"))
    [fmt] = [p for p in api["paths"]["/v1/person"]["get"]["parameters"] if p["name"] == "format"]
    assert set(fmt["schema"]["enum"]) == set(webapi_person.REPRESENTATIONS), "docs/openapi.json: ?format= is stale"


def _build(values: object, authenticity: str) -> Built:
    return Built("")


@pytest.mark.parametrize(("changes", "says"), [
    ({"label_en": ""}, "label_en is empty"),
    ({"suffix": ".xlsx"}, "suffix '.xlsx'"),
    ({"extras": ("hobi",)}, "extras"),
    ({"build": None}, "build is not a function"),
    ({"variant_of": "khanza"}, "a variant needs both"),
    ({"id": "Simrs Lain"}, "id must be"),
])
def test_a_half_declared_target_is_an_error(changes: dict[str, object], says: str) -> None:
    fields: dict[str, object] = {"id": "simrs-lain", "label": "SIMRS lain (CSV)", "label_en": "Other SIMRS (CSV)",
                                 "suffix": ".csv", "extras": ("telepon",), "build": _build}
    with pytest.raises(TargetError, match=re.escape(says)):
        Target(**{**fields, **changes})


@pytest.mark.parametrize(("source", "says"), [
    ("X = 1\n", "declares no TARGET"),
    ("from app.export.targets.record_csv import TARGET\n", "also declared by"),
    ("import dataclasses\nfrom app.export.targets.record_csv import TARGET as T\n"
     "TARGET = dataclasses.replace(T, id='csv-lain', variant_of='tidak-ada', flag='--lain', flag_help='x', "
     "flag_help_en='x')\n", "variant_of 'tidak-ada'"),
])
def test_a_module_in_targets_without_a_whole_declaration_stops_the_import(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: str, says: str) -> None:
    from app.export import targets

    (tmp_path / "zz_setengah.py").write_text(source, encoding="utf-8")
    monkeypatch.setattr(targets, "__path__", [*targets.__path__, str(tmp_path)])
    try:
        with pytest.raises(TargetError, match=says):
            registry._discover()
    finally:
        sys.modules.pop("app.export.targets.zz_setengah", None)
