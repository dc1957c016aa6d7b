"""The command line's own words in one language per run, for every help text, message and argparse's own
headings and error lines alike — never half of each.

The language: ``LOKET_LANG`` (IT scripts, tests), else ``gui.language`` where IT set it, else the reader's
locale (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``; on Windows the user's UI language), else
Indonesian. argparse's own strings (its gettext messages) go through ``ARGPARSE_ID``, this module's catalogue;
the core's sentences (``Said``) through ``clerk()`` and the window's English catalogue.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from functools import cache

LANGUAGES = ("id", "en")


def _from_tag(tag: str) -> str | None:
    """``"en"`` / ``"id"`` for a locale name (``en_US.UTF-8``, ``id_ID``, ``in``), None for any other."""
    base = tag.split(".")[0].split("@")[0].replace("-", "_").lower()
    lang = base.split("_")[0]
    return {"en": "en", "id": "id", "in": "id"}.get(lang)  # "in": Indonesian's old ISO 639 code (Java, Android)


def locale_language() -> str | None:
    """The reader's language as the locale names it, when it is one the command line speaks."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):  # gettext's order: the first one set decides
        value = os.environ.get(name, "").strip()
        if not value:
            continue
        for tag in value.split(":") if name == "LANGUAGE" else [value]:
            if (lang := _from_tag(tag)) is not None:
                return lang
        if name != "LANGUAGE":  # C, POSIX, fr_FR: a locale set, in no language of ours
            return None
    if sys.platform == "win32":
        import ctypes

        langid = ctypes.windll.kernel32.GetUserDefaultUILanguage()  # type: ignore[attr-defined]
        return {0x09: "en", 0x21: "id"}.get(langid & 0x3FF)  # the primary language: LANG_ENGLISH, LANG_INDONESIAN
    return None


@cache
def language() -> str:
    """``"en"`` or ``"id"``: ``LOKET_LANG``, else ``gui.language`` in the settings, else the locale, else id."""
    forced = os.environ.get("LOKET_LANG", "").strip().lower()
    if forced in LANGUAGES:
        return forced
    from app.base.settings import peek

    # Peeked at, not loaded: ``load`` sets a broken file aside and tells the clerk, which is the command's
    # business once it runs, not the parser's (it would take the sentence away from the command).
    chosen = peek("gui", "language")
    if chosen in LANGUAGES:
        return str(chosen)
    return locale_language() or "id"


# argparse's gettext messages (Python 3.11's argparse.py) in Indonesian; in English argparse's own stand.
ARGPARSE_ID = {
    "usage: ": "pemakaian: ",
    "positional arguments": "argumen posisi",
    "options": "pilihan",
    "show this help message and exit": "tampilkan bantuan ini lalu keluar",
    "%(prog)s: error: %(message)s\n": "%(prog)s: galat: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "argumen %(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "pilihan tidak dikenal: %(value)r (pilih dari %(choices)s)",
    "invalid %(type)s value: %(value)r": "nilai %(type)s tidak sah: %(value)r",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "perintah %(parser_name)r tidak dikenal (pilihan: %(choices)s)",
    "the following arguments are required: %s": "argumen berikut wajib diisi: %s",
    "one of the arguments %s is required": "salah satu argumen %s wajib diisi",
    "unrecognized arguments: %s": "argumen tidak dikenal: %s",
    "not allowed with argument %s": "tidak boleh bersama argumen %s",
    "ignored explicit argument %r": "argumen %r diabaikan",
    "expected one argument": "butuh satu nilai",
    "expected at most one argument": "butuh paling banyak satu nilai",
    "expected at least one argument": "butuh paling sedikit satu nilai",
    "expected %s argument": "butuh %s nilai",
    "expected %s arguments": "butuh %s nilai",
    "ambiguous option: %(option)s could match %(matches)s": "pilihan ambigu: %(option)s bisa berarti %(matches)s",
    "unexpected option string: %s": "pilihan tidak terduga: %s",
    "can't open '%(filename)s': %(error)s": "tidak dapat membuka '%(filename)s': %(error)s",
}


def _gettext(message: str) -> str:
    return ARGPARSE_ID.get(message, message) if language() == "id" else message


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _gettext(singular if n == 1 else plural)


# argparse looks its words up through these two module globals at the moment it uses them (``from gettext
# import gettext as _, ngettext``): set once, for the command line's process.
argparse._ = _gettext  # type: ignore[attr-defined]
argparse.ngettext = _ngettext  # type: ignore[attr-defined]


def say(id_text: str, en_text: str) -> str:
    return en_text if language() == "en" else id_text


def clerk(text: str, words: Mapping[str, str] | None = None) -> str:
    """A sentence of the core (a ``Said``: an error's ``id_text``, a notice, a note) in this run's language:
    Indonesian as it is; in English through resources/translations/loket_en.ts, read without Qt
    (app/base/catalogue.py) and only when an English run prints one. ``words``: a form template's
    (Indonesian, English) labels, for a label inside a sentence."""
    if language() != "en" or not text:
        return text
    from app.base.catalogue import to_english

    return to_english(text, words)


class Formatter(argparse.HelpFormatter):
    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        # The width argparse takes from shutil (COLUMNS, else the terminal, else 80; less 2), asked of os here:
        # argparse builds a formatter for every option it adds, and importing shutil (bz2 and lzma with it)
        # cost each command's start ~2 ms for a number only help and errors use.
        super().__init__(prog, indent_increment, max_help_position, width or _columns() - 2)

    # A line is never broken inside a name: "photo-altered" or "wrong-person" cut in two is no fault name.
    def _split_lines(self, text: str, width: int) -> list[str]:
        import textwrap

        return textwrap.wrap(self._whitespace_matcher.sub(" ", text).strip(), width, break_on_hyphens=False)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        import textwrap

        return textwrap.fill(self._whitespace_matcher.sub(" ", text).strip(), width, initial_indent=indent,
                             subsequent_indent=indent, break_on_hyphens=False)


def _columns() -> int:
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns > 0:
        return columns
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80
    except (AttributeError, ValueError, OSError):  # no stdout, or not a terminal
        return 80


class Parser(argparse.ArgumentParser):
    """argparse with a formatter that never breaks a name; its headings, ``-h`` and errors come through
    ``ARGPARSE_ID`` in the run's language. Subcommands inherit it."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("formatter_class", Formatter)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
