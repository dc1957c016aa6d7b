"""Every `loket … --help` speaks one language per run: every description and option help of every command and
subcommand, and argparse's own headings, in Indonesian (the default) or in English (LOKET_LANG=en) — never
an English sentence left in the Indonesian help, nor the other way round."""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import cli
from app.cli import simulate as simulate_cli
from app.cli import words

ROOT = Path(__file__).resolve().parents[1]

# Words that belong to one language only. Each string of a help must hold at least one word of its own
# language and none of the other's. Technical names stay out of both: SATUSEHAT Patient, SIMRS Khanza, table
# pasien, the typed extras (telepon, keluarga…), the command and fault names (read, card, slow, login…),
# "data", "server", "format", "demo", "port", "hash" (the same in both languages).
INDONESIAN = frozenset("""
    yang dan atau dari untuk tidak jangan bukan simpan baca tulis cari pakai ambil kirim periksa tampilkan
    jalankan terapkan sambungkan serahkan gabungkan buka nyalakan dengan ini di ke lalu bila tanpa juga hanya angka
    dalam pada sejak sekarang masih setiap setelah saat berapa apakah mana milik serta beserta menurut lewat
    pemakaian pilihan argumen posisi perintah bantuan keluar versi berkas pembaca kartu nirkontak warga
    kependudukan detik bawaan pengaturan isian petugas nilai foto kantor antrean kejadian rantai baris
    skema migrasi kunci jejak laporan hari pertama terakhir tanggal rentang nomor surat cadangan sandi kata
    pengguna instansi alamat jalur gangguan simulasi keluaran sebagian nama templat formulir ukuran kertas
    layar blanko pracetak jendela sistem tujuan diulang ditanyakan dihitung rusak utuh diubah dihapus
""".split())
ENGLISH = frozenset("""
    the a an and or with from of to for in on by as at is are be it its this that these not no only also then
    instead when which what how whether after while every any all one both too else
    usage options positional arguments commands show help message exit version
    use read write print take store save check look ask apply push chain serve open start run draw hand list
    override overrides merge trace masked
    file files reader readers citizen citizens registry settings seconds day days first last range queue
    queued rows row events key password user trail office counter schema migrations database credentials
    fault window stock paper size template value field clerk screen letter number prompting setup support
    report figures line lines typing hand name part photo system target built simulated included
    reachable reachability refused broken intact missing deleted altered prints failures discrepancies
""".split())
assert not INDONESIAN & ENGLISH, INDONESIAN & ENGLISH

# Not words of either language: option names, file and setting names, environment variables, metavars,
# `literals`, {choices}, dotted or hyphenated identifiers (e-KTP, not-ektp, export.commands.TARGET).
_NEUTRAL = re.compile(r"`[^`]*`|\{[^}]*\}|--?[\w-]+|\S*[\w][-=._:/@][\w]\S*|\b[A-Z][A-Z0-9_]*\b")


def words_of(text: str, names: frozenset[str] = frozenset()) -> set[str]:
    """The words of ``text`` that may be of a language; ``names`` (the commands' own) are neither."""
    return set(re.findall(r"[a-z]+", _NEUTRAL.sub(" ", text).lower())) - names


def parsers(p: argparse.ArgumentParser, path: str = "loket") -> Iterator[tuple[str, argparse.ArgumentParser]]:
    yield path, p
    for action in p._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from parsers(child, f"{path} {name}")


def texts(p: argparse.ArgumentParser) -> Iterator[str]:
    """The parser's own strings: its description and each help, the subcommands' one-liners included."""
    if p.description:
        yield p.description
    for action in p._actions:
        if action.help and action.help is not argparse.SUPPRESS:
            yield action.help
        if isinstance(action, argparse._SubParsersAction):
            yield from (choice.help for choice in action._choices_actions if choice.help)


def every_help(lang: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, tuple[str, list[str]]]:
    """``loket [command [subcommand…]]`` → (its --help as printed, its own strings), in ``lang``."""
    monkeypatch.setenv("LOKET_LANG", lang)
    monkeypatch.setenv("COLUMNS", "80")  # as a terminal shows it (words.Formatter never wraps inside "not-ektp")
    words.language.cache_clear()
    try:
        found = {"loket": (cli.build_parser().format_help(), list(texts(cli.build_parser())))}
        for command in cli.BUILDERS:
            top = cli.build_parser(command)
            # The listing as `loket COMMAND --bad` shows it: this command's one-liner from its own builder.
            found[f"loket [{command}]"] = (top.format_help(), list(texts(top)))
            sub = next(a for a in top._actions if isinstance(a, argparse._SubParsersAction))
            for path, p in parsers(sub.choices[command], f"loket {command}"):
                found[path] = (p.format_help(), list(texts(p)))
    finally:
        words.language.cache_clear()  # the next test reads the language afresh
    return found


HEADINGS = {"id": ("pemakaian:", "pilihan:", "tampilkan bantuan ini lalu keluar"),
            "en": ("usage:", "options:", "show this help message and exit")}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_help_of_every_command_is_in_one_language(lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    own, other = (INDONESIAN, ENGLISH) if lang == "id" else (ENGLISH, INDONESIAN)
    helps = every_help(lang, monkeypatch)
    # Every command and subcommand is there (a walk that found nothing would pass everything).
    for path in ("loket read", "loket audit verify", "loket db rechain", "loket simulate card",
                 "loket simulate registry", "loket credentials set registry", "loket credentials set db",
                 "loket credentials set sam", "loket export", "loket fill", "loket report", "loket gui"):
        assert path in helps, path
    assert len(helps) >= 25, sorted(helps)
    names = frozenset(re.findall(r"[a-z]+", " ".join(helps)))  # loket, read, set, registry…
    wrong = {}
    for path, (rendered, strings) in helps.items():
        for heading in HEADINGS[lang]:
            assert heading in rendered, (path, heading)
        for heading in HEADINGS["en" if lang == "id" else "id"]:
            assert heading not in rendered, (path, heading)
        if found := words_of(rendered, names) & other:
            wrong[path] = sorted(found)
        assert strings, path
        for text in strings:
            mine = words_of(text)
            if not mine & own or mine & other:  # untranslated, empty of words, or half of each
                wrong[f"{path}: {text!r}"] = sorted(mine & other)
    assert not wrong, wrong


def test_the_two_languages_differ_for_every_string(monkeypatch: pytest.MonkeyPatch) -> None:
    indonesian, english = every_help("id", monkeypatch), every_help("en", monkeypatch)
    assert indonesian.keys() == english.keys()
    for path in indonesian:
        id_strings, en_strings = indonesian[path][1], english[path][1]
        assert len(id_strings) == len(en_strings), path
        same = [a for a, b in zip(id_strings, en_strings, strict=True) if a == b]
        assert not same, (path, same)


def test_the_card_faults_have_the_same_names_in_both_languages() -> None:
    from reader.simulator.factory import FAULT_HELP

    def names(text: str) -> list[str]:
        return [name.strip() for name in re.sub(r"\([^)]*\)", "", text).split(",")]

    assert names(simulate_cli.FAULT_HELP_ID) == names(FAULT_HELP)
    assert len(names(FAULT_HELP)) >= 8


def test_the_word_check_catches_a_string_left_in_english() -> None:
    # The check above is only as good as its word lists: a sentence left over from before must be caught.
    for left_over in ("seconds to wait for a card (10)", "TCP port (default 8765; 0 = any free port)",
                      "Check the audit trail's hash chain or export it as CSV.", "the registry only (no card)"):
        assert words_of(left_over) & ENGLISH and not words_of(left_over) & INDONESIAN, left_over
    for left_over in ("periksa atau ekspor jejak audit", "basis data kantor: perbarui skema, lihat antrean",
                      "hanya dari data kependudukan (tanpa kartu)"):
        assert words_of(left_over) & INDONESIAN and not words_of(left_over) & ENGLISH, left_over
    # …and what is no word at all stays out of it.
    assert not words_of("`loket simulate card --help` --from-env FILE.json export.commands.TARGET "
                        "not-ektp pull-at=N LOKET_SAM_PCID {satusehat,khanza,csv,json}")


# --- the language comes from the settings, else the reader's locale ------------------------------------------

LOCALE_VARS = ("LOKET_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def run_loket(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in LOCALE_VARS}
    return subprocess.run([sys.executable, "-m", "app", *args], env={**clean, "COLUMNS": "100", **env},
                          capture_output=True, text=True, timeout=60, cwd=ROOT)


@pytest.mark.parametrize(("locale", "usage", "error", "invalid"), [
    ({"LANG": "en_US.UTF-8"}, "usage: loket", "loket read: error: argument --wait: invalid float value: 'soon'",
     "invalid choice: 'baca'"),
    ({"LANG": "id_ID.UTF-8"}, "pemakaian: loket", "loket read: galat: argumen --wait: nilai float tidak sah: 'soon'",
     "pilihan tidak dikenal: 'baca'"),
    ({"LANGUAGE": "fr:en", "LANG": "id_ID.UTF-8"}, "usage: loket", "error: argument --wait", "invalid choice"),
    ({"LC_ALL": "C.UTF-8", "LANG": "en_US.UTF-8"}, "pemakaian: loket", "galat: argumen --wait", "pilihan tidak"),
])
def test_help_and_argparse_errors_follow_the_locale(locale: dict[str, str], usage: str, error: str,
                                                    invalid: str) -> None:
    shown = run_loket(["--help"], **locale)
    assert shown.returncode == 0 and shown.stdout.startswith(usage), shown.stdout[:300]
    english = usage.startswith("usage")
    assert ("read the e-KTP on the reader" in shown.stdout) is english, shown.stdout
    assert ("baca e-KTP" in shown.stdout) is not english, shown.stdout
    wrong = run_loket(["read", "--wait", "soon"], **locale)
    assert wrong.returncode == 2 and error in wrong.stderr, wrong.stderr
    assert "Traceback" not in wrong.stderr
    unknown = run_loket(["baca"], **locale)
    assert unknown.returncode == 2 and invalid in unknown.stderr, unknown.stderr


def test_the_language_it_set_in_the_settings_wins_over_the_locale(isolated_settings: Path) -> None:
    isolated_settings.write_text(json.dumps({"gui": {"language": "id"}}))
    assert run_loket(["--help"], LANG="en_US.UTF-8").stdout.startswith("pemakaian: loket")
    isolated_settings.write_text(json.dumps({"gui": {"language": "en"}}))
    assert run_loket(["--help"], LANG="id_ID.UTF-8").stdout.startswith("usage: loket")
    missing = run_loket(["fill"], LANG="id_ID.UTF-8")
    assert "error: the following arguments are required" in missing.stderr, missing.stderr


@pytest.mark.parametrize(("langid", "expected"), [(0x0409, "en"), (0x0809, "en"), (0x0421, "id"), (0x0407, None)])
def test_windows_without_a_locale_variable_follows_the_users_ui_language(monkeypatch: pytest.MonkeyPatch,
                                                                           langid: int, expected: str | None) -> None:
    import ctypes
    from types import SimpleNamespace

    for name in LOCALE_VARS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(sys, "platform", "win32")
    kernel32 = SimpleNamespace(GetUserDefaultUILanguage=lambda: langid)  # en-US, en-GB, id-ID, de-DE
    monkeypatch.setattr(ctypes, "windll", SimpleNamespace(kernel32=kernel32), raising=False)
    assert words.locale_language() == expected
