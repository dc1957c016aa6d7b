"""The core's sentences on the command line in the reader's language (issue 30 item 3): under an English
locale (or LOKET_LANG=en) `loket` prints the English of each clerk's sentence from resources/translations/
loket_en.ts, read without Qt; under an Indonesian one the very same Indonesian as before. An Indonesian read
never loads Qt nor the XML parser."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.base import catalogue
from app.base.clerktext import QT_TRANSLATE_NOOP, joined
from app.letters.verify import NOT_PDF_OR_IMAGE
from reader.errors import CardRemoved

ROOT = Path(__file__).resolve().parents[1]
LOCALE_VARS = ("LOKET_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
ENGLISH = ({"LANG": "en_US.UTF-8"}, {"LOKET_LANG": "en", "LANG": "id_ID.UTF-8"})
INDONESIAN = {"LANG": "id_ID.UTF-8"}
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def run_loket(args: list[str], locale: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in LOCALE_VARS}
    env = {**clean, "LOKET_DEMO_TRANSPORT": "in-process", "PYTHONPATH": str(ROOT), **locale}
    return subprocess.run([sys.executable, "-m", "app", *args], env=env, capture_output=True, text=True,
                          timeout=120, cwd=cwd)


def english_of(template: str) -> str:
    return catalogue.english()[("Core", template)][0]


# --- real commands ------------------------------------------------------------------------------------------

def _commands(tmp_path: Path) -> dict[str, tuple[list[str], int, str, str]]:
    """name -> (arguments, exit code, the Indonesian line, the English line)."""
    (tmp_path / "note.txt").write_text("not a letter")
    removed = str(CardRemoved.default_id_text)
    required = "{label} wajib diisi."
    return {
        "fill": (["fill", "--demo", "rsud_pasien_baru", "--out", str(tmp_path / "f.pdf")], 12,
                 "telepon: " + required.format(label="No. Telepon / HP"),
                 "telepon: " + english_of(required).format(label="Phone / mobile no.")),
        "lookup": (["lookup", "123"], 2, "NIK harus 16 digit angka.", "A NIK is 16 digits."),
        "verify": (["verify", str(tmp_path / "note.txt")], 1, NOT_PDF_OR_IMAGE.format(name="note.txt"),
                   english_of(NOT_PDF_OR_IMAGE).format(name="note.txt")),
        "read": (["read", "--demo", "--fault", "pull-at=15"], 6, removed, english_of(removed)),
    }


@pytest.mark.parametrize("command", ["fill", "lookup", "verify", "read"])
@pytest.mark.parametrize("locale", [*ENGLISH, INDONESIAN], ids=["LANG=en", "LOKET_LANG=en", "LANG=id"])
def test_a_command_says_the_core_sentence_in_the_locale_language(tmp_path: Path, command: str,
                                                                 locale: dict[str, str]) -> None:
    args, code, indonesian, english = _commands(tmp_path)[command]
    done = run_loket(args, locale, tmp_path)
    assert done.returncode == code, done.stderr[-2000:]
    lines = done.stderr.splitlines()
    said, other = (english, indonesian) if locale in ENGLISH else (indonesian, english)
    assert said in lines, done.stderr
    assert other not in done.stderr and "Traceback" not in done.stderr
    if locale in ENGLISH:  # nothing of the Indonesian left in any line the core said
        assert not [line for line in lines if "wajib diisi" in line or "Catatan:" in line], done.stderr


def test_fill_notes_and_the_keyring_sentence_in_english(tmp_path: Path) -> None:
    done = run_loket(["fill", "--demo", "rsud_pasien_baru", "--out", str(tmp_path / "f.pdf")],
                     {"LANG": "en_US.UTF-8"}, tmp_path)
    notes = [line for line in done.stderr.splitlines() if "differs between the chip" in line]
    assert notes and all(line.startswith("Note: ") for line in notes), done.stderr
    assert "berbeda antara chip" not in done.stderr


# --- the catalogue reader ------------------------------------------------------------------------------------

def test_a_said_with_a_nested_said_and_a_label(monkeypatch: pytest.MonkeyPatch) -> None:
    outer_id = "{label} wajib diisi."
    inner = CardRemoved.default_id_text.format()
    said = QT_TRANSLATE_NOOP("Core", outer_id).format(label=inner)
    assert catalogue.to_english(said) == english_of(outer_id).format(label=english_of(str(inner)))
    labelled = QT_TRANSLATE_NOOP("Core", outer_id).format(label="Cara Pembayaran")
    assert catalogue.to_english(labelled, {"Cara Pembayaran": "Method of payment"}) == "Method of payment is required."
    both = joined(labelled, inner)
    assert catalogue.to_english(both, {"Cara Pembayaran": "X"}) == f"X is required. {english_of(str(inner))}"


def test_a_sentence_without_english_stays_indonesian_whole() -> None:
    unknown = QT_TRANSLATE_NOOP("Core", "Kalimat {x} tanpa terjemahan.").format(x=CardRemoved.default_id_text)
    assert catalogue.to_english(unknown) == unknown
    assert catalogue.to_english("teks biasa") == "teks biasa"


def test_a_missing_or_broken_catalogue_keeps_indonesian(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    broken = tmp_path / "loket_en.ts"
    broken.write_text("<TS><context><name>Core")
    monkeypatch.setattr(catalogue, "resource_path", lambda *parts: broken)
    catalogue.english.cache_clear()
    try:
        said = NOT_PDF_OR_IMAGE.format(name="a.txt")
        assert catalogue.to_english(said) == said
    finally:
        catalogue.english.cache_clear()


def test_every_core_sentence_the_cli_can_print_has_its_english(tmp_path: Path) -> None:
    """Qt's own extractor over the CLI and the core (everything but app/ui): every "Core" sentence has a
    finished English in the catalogue as the Qt-free reader reads it, with the same placeholders."""
    lupdate = shutil.which("pyside6-lupdate") or str(Path(sys.executable).with_name("pyside6-lupdate"))
    sources = sorted(str(p) for p in [*ROOT.glob("app/**/*.py"), *ROOT.glob("forms/*.py"),
                                      *ROOT.glob("reader/**/*.py")] if "app/ui/" not in p.as_posix())
    fresh = tmp_path / "fresh.ts"
    subprocess.run([lupdate, *sources, "-source-language", "id", "-target-language", "en", "-locations", "none",
                    "-ts", str(fresh)], check=True, capture_output=True)
    import xml.etree.ElementTree as ET

    root = ET.parse(fresh).getroot()
    wanted = {m.findtext("source") or "" for c in root.iter("context") if c.findtext("name") == "Core"
              for m in c.iter("message")}
    assert len(wanted) > 50, "lupdate found too few Core sentences"
    have = catalogue.english()
    missing = sorted(src for src in wanted if ("Core", src) not in have)
    assert not missing, "translate in resources/translations/loket_en.ts:\n" + "\n".join(missing)
    for src in wanted:
        assert sorted(PLACEHOLDER.findall(have[("Core", src)][0])) == sorted(PLACEHOLDER.findall(src)), src


# --- what an Indonesian read loads ---------------------------------------------------------------------------

PROBE = """import atexit, sys
out = sys.argv.pop(1)
atexit.register(lambda: open(out, "w").write("\\n".join(sorted(sys.modules))))
from app.cli import main
sys.exit(main())
"""


@pytest.mark.parametrize("locale", [INDONESIAN, ENGLISH[0]], ids=["id", "en"])
def test_a_read_loads_no_qt_and_the_xml_parser_only_for_english(tmp_path: Path, locale: dict[str, str]) -> None:
    clean = {k: v for k, v in os.environ.items() if k not in LOCALE_VARS}
    env = {**clean, "LOKET_DEMO_TRANSPORT": "in-process", "PYTHONPATH": str(ROOT), **locale}
    modules = tmp_path / "modules.txt"
    json_read = subprocess.run([sys.executable, "-c", PROBE, str(modules), "read", "--json", "--demo"], env=env,
                               capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert json_read.returncode == 0 and '"nik"' in json_read.stdout, json_read.stderr[-2000:]
    pulled = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path / "pulled.txt"), "read", "--json", "--demo",
                             "--fault", "pull-at=15"], env=env, capture_output=True, text=True, timeout=120,
                            cwd=tmp_path)
    assert pulled.returncode == 6, pulled.stderr[-2000:]
    for listing in (modules, tmp_path / "pulled.txt"):
        loaded = set(listing.read_text().split())
        assert not [m for m in loaded if m == "PySide6" or m.startswith("PySide6.")]
        if locale is INDONESIAN:
            assert not [m for m in loaded if m.startswith(("xml.", "pyexpat"))], listing.name
    english_loaded = set((tmp_path / "pulled.txt").read_text().split())
    assert ("xml.etree.ElementTree" in english_loaded) is (locale is not INDONESIAN)
