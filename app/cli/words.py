"""The command line's own words in one language per run: the clerk's (``gui.language``, Indonesian unless
English is chosen), for every help text and argparse's headings alike — never half of each."""

from __future__ import annotations

import argparse
from functools import cache


@cache
def language() -> str:
    """``"en"`` or ``"id"``, from the settings (``LOKET_LANG`` wins, for IT scripts and tests)."""
    import os

    forced = os.environ.get("LOKET_LANG", "").strip().lower()
    if forced in ("en", "id"):
        return forced
    import json

    from app.base.settings import SETTINGS_LIMIT, config_path, machine_config_path
    from forms.files import read_regular_text

    chosen = None
    # Peeked at, not loaded: ``load`` sets a broken file aside and tells the clerk, which is the command's
    # business once it runs, not the parser's (it would take the sentence away from the command).
    for path in (machine_config_path(), config_path()):
        try:
            gui = json.loads(read_regular_text(path, SETTINGS_LIMIT)).get("gui") if path else None
        except (OSError, ValueError, AttributeError, RecursionError):
            continue
        if isinstance(gui, dict) and gui.get("language") in ("id", "en"):
            chosen = gui["language"]
    return "en" if chosen == "en" else "id"


def say(id_text: str, en_text: str) -> str:
    return en_text if language() == "en" else id_text


class Formatter(argparse.HelpFormatter):
    # A line is never broken inside a name: "photo-altered" or "wrong-person" cut in two is no fault name.
    def _split_lines(self, text: str, width: int) -> list[str]:
        import textwrap

        return textwrap.wrap(self._whitespace_matcher.sub(" ", text).strip(), width, break_on_hyphens=False)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        import textwrap

        return textwrap.fill(self._whitespace_matcher.sub(" ", text).strip(), width, initial_indent=indent,
                             subsequent_indent=indent, break_on_hyphens=False)

    def add_usage(self, usage: str | None, actions: object, groups: object, prefix: str | None = None) -> None:
        if prefix is None:  # "" is argparse computing a subcommand's prog: no heading there
            prefix = say("pemakaian: ", "usage: ")
        super().add_usage(usage, actions, groups, prefix)  # type: ignore[arg-type]


class Parser(argparse.ArgumentParser):
    """argparse with its headings and ``-h`` in the run's language; subcommands inherit it."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("formatter_class", Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._positionals.title = say("argumen posisi", "positional arguments")
        self._optionals.title = say("pilihan", "options")
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help=say("tampilkan bantuan ini lalu keluar", "show this help message and exit"))
