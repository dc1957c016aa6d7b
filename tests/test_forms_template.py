from pathlib import Path

import pytest

from app.citizen import merge
from forms import template as tpl
from forms.template import TemplateError, load_all, load_template


def test_shipped_templates_load_and_validate():
    templates = load_all()
    assert {"rsud_pasien_baru", "sim_permohonan", "surat_domisili"} <= set(templates)
    rsud = templates["rsud_pasien_baru"]
    assert rsud.paper == "A4" and rsud.layout == "form"
    assert rsud.field("nama_ibu").source == "registry.nama_ibu"
    assert rsud.field("no_bpjs").required_if == ("cara_bayar", "BPJS")
    assert templates["surat_domisili"].paper == "F4"
    assert any(s.photo for s in templates["sim_permohonan"].sections)


def test_source_names_match_the_merge():
    # forms/ may not import app/, so it keeps its own copy of the field names; they must not drift.
    assert set(tpl.CHIP_FIELDS) == set(merge.CHIP_FIELDS)
    assert set(merge.REGISTRY_FIELDS) <= set(tpl.REGISTRY_FIELDS)


BASE = '''
id = "t"
title = "T"
[[sections]]
title = "A"
  [[sections.fields]]
  key = "nama"
  label = "Nama"
  source = "chip.nama"
'''


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "broken.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("extra, where, words", [
    ('  [[sections.fields]]\n  key = "x"\n  label = "X"\n  source = "typed"\n  type = "txt"\n',
     "field 'x'", "unknown type 'txt'"),
    ('  [[sections.fields]]\n  key = "ibu"\n  label = "Ibu"\n  source = "registry.nama_ibuu"\n',
     "field 'ibu'", "registry has no 'nama_ibuu'"),
    ('  [[sections.fields]]\n  key = "x"\n  label = "X"\n  source = "typed"\n  type = "choice"\n',
     "field 'x'", "needs 'choices'"),
    ('  [[sections.fields]]\n  key = "x"\n  label = "X"\n  source = "typed"\n  pattern = "(["\n',
     "field 'x'", "regular expression"),
    ('  [[sections.fields]]\n  key = "x"\n  source = "typed"\n', "field 'x'", "'label' is missing"),
    ('  [[sections.fields]]\n  key = "nama"\n  label = "N"\n  source = "typed"\n', "field 'nama'", "twice"),
    ('  [[sections.fields]]\n  key = "x"\n  label = "X"\n  source = "typed"\n  required = 1\n',
     "field 'x'", "'required' must be true/false, not integer"),
    ('  [[sections.fields]]\n  key = "x"\n  label = "X"\n  source = "typed"\n  required_if = "y=1"\n',
     "field 'x'", "unknown field 'y'"),
])
def test_broken_template_names_file_and_field(tmp_path, extra, where, words):
    with pytest.raises(TemplateError) as err:
        load_template(write(tmp_path, BASE + extra))
    message = str(err.value)
    assert message.startswith("broken.toml: ")
    assert where in message and words in message


def test_broken_toml_and_top_level_problems(tmp_path):
    with pytest.raises(TemplateError, match="broken.toml: not valid TOML"):
        load_template(write(tmp_path, "id = \n"))
    with pytest.raises(TemplateError, match="broken.toml: unknown paper 'LETTER' \\(known: A4, F4\\)"):
        load_template(write(tmp_path, BASE.replace('title = "T"', 'title = "T"\npaper = "letter"')))
    letter = BASE.replace('title = "T"', 'title = "T"\nlayout = "letter"\n[letter]\nnumber_pattern = "{nomor}/X"')
    with pytest.raises(TemplateError, match="letter.number_pattern: unknown placeholder 'nomor'"):
        load_template(write(tmp_path, letter))


def test_adding_a_form_needs_no_python(tmp_path):
    (tmp_path / "a.toml").write_text(BASE, encoding="utf-8")
    (tmp_path / "b.toml").write_text(BASE.replace('id = "t"', 'id = "u"'), encoding="utf-8")
    assert set(load_all(tmp_path)) == {"t", "u"}
    (tmp_path / "c.toml").write_text(BASE, encoding="utf-8")
    with pytest.raises(TemplateError, match="c.toml: id: 't' is also used by a.toml"):
        load_all(tmp_path)
