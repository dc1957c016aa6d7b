"""docs/templates.md is the loader's own schema (forms/template_keys.py), and the loader takes nothing else: an
unknown key, a key in the wrong place or of the wrong type is a load error naming the file and the key; every
key the loader reads is declared (so it is documented), and every shipped template still loads."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from forms import template as template_module
from forms import template_keys
from forms.template import TemplateError, load_all, load_template
from forms.template_keys import KINDS, TABLES, markdown

ROOT = Path(__file__).resolve().parent.parent
BASE = '''id = "coba"
title = "SURAT COBA"
layout = "LAYOUT"
TOP
[[sections]]
title = "A"
  [[sections.fields]]
  key = "nama"
  label = "Nama"
  source = "chip.nama"
FIELD
'''


def write(tmp_path: Path, top: str = "", field: str = "", layout: str = "form") -> Path:
    path = tmp_path / "coba.toml"
    path.write_text(BASE.replace("LAYOUT", layout).replace("TOP", top).replace("FIELD", field), encoding="utf-8")
    return path


def test_the_page_is_the_loaders_schema() -> None:
    page = (ROOT / "docs" / "templates.md").read_text(encoding="utf-8")
    assert page == markdown(), "regenerate: .venv/bin/python -m forms.template_keys > docs/templates.md"
    for spec in TABLES.values():
        for key in spec.keys:
            assert f"| `{key.name}` |" in page


def test_every_example_on_the_page_is_valid_toml_of_its_declared_type() -> None:
    for spec in TABLES.values():
        for key in spec.keys:
            assert key.meaning and key.example, f"{spec.name} {key.name}: meaning and example"
            if key.example.startswith("["):
                continue  # a table header: its own table's keys are listed below it
            value = tomllib.loads(key.example)[key.name]
            assert KINDS[key.type](value), f"{spec.name} {key.name}: the example is not {key.type}"
            for item in value if isinstance(value, list) else [value]:
                assert not key.choices or item in key.choices, f"{spec.name} {key.name}: {item!r}"


def test_every_shipped_template_loads_and_uses_only_declared_keys() -> None:
    templates = load_all()
    assert len(templates) >= 6
    declared = {k.name for spec in TABLES.values() for k in spec.keys}
    for path in sorted((ROOT / "forms" / "templates").glob("*.toml")):
        used: set[str] = set()

        def walk(value: object, used: set[str] = used) -> None:
            if isinstance(value, dict):
                used.update(value)
                for k, v in value.items():
                    if k != "marks":  # its keys are the field's choices
                        walk(v)
            elif isinstance(value, list):
                for v in value:
                    walk(v)

        data = tomllib.loads(path.read_text(encoding="utf-8"))
        walk({k: v for k, v in data.items() if k != "sample"})
        walk({k: v for k, v in data.get("sample", {}).items() if k != "values"})  # values: field keys, not keys
        assert used <= declared, f"{path.name}: {sorted(used - declared)}"


class Watched(dict):
    """A template table that remembers every key the loader looked up in it."""

    seen: list[tuple[str, str]] = []

    def __init__(self, table: str, data: dict) -> None:
        super().__init__(data)
        self.table = table

    def get(self, key: object, default: object = None) -> object:
        Watched.seen.append((self.table, str(key)))
        return super().get(key, default)

    def __getitem__(self, key: object) -> object:
        Watched.seen.append((self.table, str(key)))
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        Watched.seen.append((self.table, str(key)))
        return super().__contains__(key)


def _watched(data: dict) -> Watched:
    def fields(f: dict) -> Watched:
        return Watched("field", {**f, **({"columns": [Watched("column", c) for c in f["columns"]]}
                                         if isinstance(f.get("columns"), list) else {})})

    top = dict(data)
    top["sections"] = [Watched("section", {**s, "fields": [fields(f) for f in s.get("fields", [])]})
                       for s in data.get("sections", [])]
    top["signatures"] = [Watched("signature", s) for s in data.get("signatures", [])]
    if "letter" in data:
        top["letter"] = Watched("letter", data["letter"])
    if "sample" in data:
        top["sample"] = Watched("sample", data["sample"])
    return Watched("form", top)


def test_the_loader_reads_no_key_it_does_not_declare(monkeypatch: pytest.MonkeyPatch) -> None:
    """A key read in forms/template.py without its declaration in forms/template_keys.py would be accepted
    undocumented: every lookup the loader makes in every shipped template is of a declared key of that table."""
    original = template_module._template
    monkeypatch.setattr(template_module, "_template", lambda path, data: original(path, _watched(data)))
    Watched.seen = []
    load_all()
    assert Watched.seen, "the loader no longer reads through the watched tables"
    undeclared = sorted({(table, key) for table, key in Watched.seen if TABLES[table].key(key) is None})
    assert not undeclared, f"declare these in forms/template_keys.py (they then appear in docs/templates.md): " \
                           f"{undeclared}"


@pytest.mark.parametrize(("top", "field", "layout", "says"), [
    ("", '  choices = ["A", "B"]\n', "form", "field 'nama': 'choices' is only for fields of type choice, not text"),
    ("", "  requried = true\n", "form", "field 'nama': unknown key 'requried'"),
    ("", "  at = [10, 20]\n", "letter", "field 'nama': 'at' is only for layout overlay, not letter"),
    ("", "  min = 1\n", "form", "'min' is only for fields of type number"),
    ("", '  columns = [{ key = "a", label = "A" }]\n', "form", "'columns' is only for fields of type table"),
    ("", '  type = "table"\n  columns = [{ key = "a", label = "A", lebar = 2 }]\n', "form",
     "field 'nama'.columns[0]: unknown key 'lebar'"),
    ('background = "x.png"', "", "form", "'background' is only for layout overlay, not form"),
    ("judul = \"X\"", "", "form", "unknown key 'judul'"),
    ('service_name = "Surat Keterangan Belum Pernah Menikah"', "", "form",
     "'service_name' is 37 characters long, at most 32"),
    ('legend_name = "Ket. belum pernah menikah"', "", "form", "'legend_name' is 25 characters long, at most 20"),
    ('layout_x = 1', "", "form", "unknown key 'layout_x'"),
])
def test_a_misplaced_or_unknown_key_is_a_load_error_naming_file_and_key(
        tmp_path: Path, top: str, field: str, layout: str, says: str) -> None:
    with pytest.raises(TemplateError) as exc:
        load_template(write(tmp_path, top, field, layout))
    message = str(exc.value)
    assert message.startswith("coba.toml: ") and says in message, message


def test_a_letter_table_on_a_form_and_a_sample_for_a_missing_field(tmp_path: Path) -> None:
    path = write(tmp_path, "", "", "form")
    path.write_text(path.read_text() + '[letter]\nopening = "x"\n')
    with pytest.raises(TemplateError, match="'letter' is only for layout letter, not form"):
        load_template(path)
    path = write(tmp_path)
    path.write_text(path.read_text() + '[sample]\nperson = 1\nvalues = { alamat_usaha = "JL. X" }\n')
    with pytest.raises(TemplateError, match="sample.values.alamat_usaha: is not a field of this form"):
        load_template(path)
    path.write_text(path.read_text().replace('values = { alamat_usaha = "JL. X" }', "share = 2"))
    with pytest.raises(TemplateError, match="'share' = 2 is outside 0.0–1.0"):
        load_template(path)


def test_a_well_formed_template_with_every_new_key_loads(tmp_path: Path) -> None:
    path = write(tmp_path, 'service_name = "Ket. Belum Menikah"\nservice_name_en = "Not married"\n'
                           'legend_name = "Belum menikah"\nlegend_name_en = "Not married"', "")
    path.write_text(path.read_text() + '[sample]\nperson = 3\nshare = 0.05\nvalues = { nama = "X" }\n')
    t = load_template(path)
    assert (t.service_name, t.legend_name_en, t.sample.person, t.sample.share) == \
        ("Ket. Belum Menikah", "Not married", 3, 0.05)
    assert dict(t.sample.values) == {"nama": "X"}
    assert template_keys.SERVICE_NAME_MAX >= len("Surat Keterangan Tidak Mampu")


def test_a_newly_declared_key_is_read_documented_and_makes_the_page_stale(monkeypatch: pytest.MonkeyPatch,
                                                                          tmp_path: Path) -> None:
    """What a new key costs: one declaration. The loader then takes it (with a default that may depend on the
    layout), the generated page lists it, and the committed page no longer equals it until regenerated."""
    import dataclasses

    new = template_keys.Key("segel", "true/false", lambda layout: layout == "letter", "sealed with a QR code",
                            "segel = true", default_doc="true for a letter, else false")
    form = dataclasses.replace(TABLES["form"], keys=(*TABLES["form"].keys, new))
    monkeypatch.setitem(TABLES, "form", form)
    assert template_keys.read(tmp_path / "x.toml", "form", {"id": "x", "title": "X"}, "", layout="letter")["segel"]
    assert not template_keys.read(tmp_path / "x.toml", "form", {"id": "x", "title": "X"}, "", layout="form")["segel"]
    page = markdown()
    assert "| `segel` | true/false | true for a letter, else false | any | sealed with a QR code |" in page
    assert page != (ROOT / "docs" / "templates.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", ["fifo", "directory", "huge", "not-utf8", "truncated"])
def test_a_hostile_template_file_is_one_error_never_a_hang(tmp_path: Path, kind: str) -> None:
    import os

    path = tmp_path / "coba.toml"
    if kind == "fifo":
        os.mkfifo(path)  # opened for reading it would wait for a writer forever
    elif kind == "directory":
        path.mkdir()
    elif kind == "huge":
        path.write_text(BASE.replace("LAYOUT", "form").replace("TOP", "# " + "x" * (2 << 20)).replace("FIELD", ""))
    elif kind == "not-utf8":
        path.write_bytes(b'id = "coba"\ntitle = "\xff\xfe"\n')
    else:
        path.write_text(BASE.replace("LAYOUT", "form").replace("TOP", "").replace("FIELD", "")[:60])
    with pytest.raises(TemplateError) as exc:
        load_template(path)
    assert str(exc.value).startswith("coba.toml: ")
