"""docs/architecture.md's "Where a new thing goes", done as a newcomer would: in a temporary copy of the
repository, a kelurahan letter is one new template file and an export target for another SIMRS (semicolon CSV)
one new module; nothing else is touched. Then `loket forms`, `loket fill --demo`, `loket export --demo`, the
README's table, the window's service list and Ekspor menu, and the tests parametrised from the registries all
have them."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

from reader.simulator.population import POPULATION

ROOT = Path(__file__).resolve().parent.parent
PERSON = 1  # the registry corrected the chip's spelling of the name: the merged record prints the registry's
NAME = "RISKI RISTIANDY"

LETTER = '''# A letter a newcomer adds: the template file is all of it (docs/templates.md).
id = "surat_belum_menikah"
title = "SURAT KETERANGAN BELUM MENIKAH"
title_en = "CERTIFICATE OF NEVER HAVING MARRIED"
service_name = "Surat Ket. Belum Menikah"
service_name_en = "Not-married certificate"
legend_name = "Ket. belum menikah"
legend_name_en = "Not-married cert."
office = "kelurahan"
layout = "letter"
paper = "F4"

[letter]
number_pattern = "474.2/{seq}/KEL/{roman_month}/{year}"
opening = "Yang bertanda tangan di bawah ini {office.signer_title}, menerangkan bahwa:"
paragraphs = ["Nama tersebut di atas sampai saat ini belum pernah menikah. Keperluan: {keperluan}."]
closing = "Demikian surat keterangan ini dibuat dengan sebenarnya."

[[sections]]
title = ""

  [[sections.fields]]
  key = "nama"
  label = "Nama"
  label_en = "Name"
  source = "chip.nama"
  required = true

  [[sections.fields]]
  key = "nik"
  label = "NIK"
  label_en = "NIK"
  source = "chip.nik"
  type = "nik"
  required = true

  [[sections.fields]]
  key = "status_perkawinan"
  label = "Status Perkawinan"
  label_en = "Marital status"
  source = "chip.status_perkawinan"

[[sections]]
title = "Isian petugas"
title_en = "For the officer"
listed = false

  [[sections.fields]]
  key = "keperluan"
  label = "Keperluan"
  label_en = "Purpose"
  source = "typed"
  required = true

[[signatures]]
title = "{office.signer_title}"
name_from = "office.signer_name"
dated = true

[sample]
person = PERSON
share = 0.05

  [sample.values]
  keperluan = "Persyaratan melamar pekerjaan"
'''.replace("PERSON", str(PERSON))

TARGET = '''"""Another SIMRS that takes one semicolon-separated row: the module is all of it (docs/architecture.md)."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping

from app.export.target import Built, Incomplete, Target
from app.export.values import text


def build(values: Mapping[str, object], authenticity: str) -> Built:
    if not text(values, "nik"):
        raise Incomplete(["nik: NIK kosong."])
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\\r\\n")
    writer.writerow(["nik", "nama", "telepon"])
    writer.writerow([text(values, "nik"), text(values, "nama"), text(values, "telepon")])
    return Built(buffer.getvalue())


TARGET = Target(id="simrs-lain", label="SIMRS lain (CSV titik koma)", label_en="Other SIMRS (semicolon CSV)",
                suffix=".csv", extras=("telepon",), build=build)
'''

WINDOW = r"""
import json
from PySide6.QtWidgets import QApplication
app = QApplication([])
from app.base.settings import Settings
from app.ui.main_window import MainWindow
window = MainWindow(Settings(), demo=True, watch_readers=False, save_settings=False)
window.show()
app.processEvents()
menu = window.export_button.menu()
menu.aboutToShow.emit()
print(json.dumps({"export": [[a.data(), a.text()] for a in menu.actions()],
                  "services": [[window.service_box.itemData(i), window.service_box.itemText(i)]
                               for i in range(window.service_box.count())]}))
window.shutdown()
"""


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's files as a newcomer's checkout has them (tracked and new, no build output), plus the
    two new files and nothing else."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode().split("\0")
    where = tmp_path_factory.mktemp("checkout")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (where / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, where / name)
    (where / "forms" / "templates" / "surat_belum_menikah.toml").write_text(LETTER, encoding="utf-8")
    (where / "app" / "export" / "targets" / "simrs_lain.py").write_text(TARGET, encoding="utf-8")
    return where


def run(copy: Path, env: dict[str, str], *argv: str, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *argv], cwd=copy, env={**env, "PYTHONPATH": str(copy)},
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def env(isolated_settings: Path) -> dict[str, str]:
    return {**os.environ, "LOKET_AUDIT_KEY": "extension-key", "LOKET_COPY_KEY": "extension-copy",
            "LOKET_DEMO_TRANSPORT": "in-process", "QT_QPA_PLATFORM": "offscreen"}


def test_the_copy_runs_its_own_code(copy: Path, env: dict[str, str]) -> None:
    done = run(copy, env, "-c", "import app, forms; print(app.__file__, forms.__file__)")
    assert done.stdout.count(str(copy)) == 2, done.stdout


def test_the_new_letter_is_listed_and_filled_from_the_simulated_card(copy: Path, env: dict[str, str],
                                                                     tmp_path: Path) -> None:
    listed = run(copy, env, "-m", "app", "forms")
    assert listed.returncode == 0 and "surat_belum_menikah" in listed.stdout, listed.stderr
    out = tmp_path / "belum-menikah.pdf"
    done = run(copy, env, "-m", "app", "fill", "surat_belum_menikah", "--demo", "--person", str(PERSON),
               "--set", "keperluan=Melamar pekerjaan", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "(nomor 474.2/" in done.stdout  # its own number pattern
    text = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(out.read_bytes())).pages).split())
    assert "SURAT KETERANGAN BELUM MENIKAH" in text and NAME in text
    # Its [sample] puts it in the simulated office day's mix.
    mix = run(copy, env, "-c", "from app.sim.simday import services; print([s for s, _, _ in services()])")
    assert "surat_belum_menikah" in mix.stdout, mix.stderr


def test_the_new_target_is_on_the_command_line_and_writes_its_own_file(copy: Path, env: dict[str, str],
                                                                       tmp_path: Path) -> None:
    helped = run(copy, env, "-m", "app", "export", "--help")
    assert "simrs-lain" in helped.stdout, helped.stderr
    out = tmp_path / "pasien.csv"
    done = run(copy, env, "-m", "app", "export", "simrs-lain", "--demo", "--person", str(PERSON),
               "--set", "telepon=081234567890", "--set", "email=a@b.id", "--out", str(out))
    assert done.returncode == 0, done.stderr
    rows = out.read_text(encoding="utf-8-sig").splitlines()
    assert rows[0] == "nik;nama;telepon" and rows[1] == f"{POPULATION[PERSON].nik};{NAME};081234567890"
    assert "email: tidak dipakai untuk ekspor simrs-lain" in done.stderr  # not among its declared extras
    table = run(copy, env, "-m", "app.export.registry")
    assert "| Other SIMRS (semicolon CSV) | `loket export simrs-lain` | `.csv` | `telepon` | — |" in table.stdout


def test_the_window_offers_both(copy: Path, env: dict[str, str]) -> None:
    done = run(copy, env, "-c", WINDOW)
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert ["simrs-lain", "SIMRS lain (CSV titik koma)"] in seen["export"]
    assert ["surat_belum_menikah", "Surat Ket. Belum Menikah"] in seen["services"]


def test_the_tests_parametrised_from_the_registries_take_them(copy: Path, env: dict[str, str]) -> None:
    done = run(copy, env, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_forms_cli.py",
               "tests/test_export_registry.py", "tests/test_templates_doc.py", "-k",
               "surat_belum_menikah or simrs-lain or schema or declared or shipped", timeout=600)
    assert done.returncode == 0, done.stdout[-3000:]
    assert "surat_belum_menikah" not in done.stdout or "passed" in done.stdout
    collected = run(copy, env, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                    "tests/test_forms_cli.py", "tests/test_export_registry.py")
    assert "surat_belum_menikah" in collected.stdout and "simrs-lain" in collected.stdout
