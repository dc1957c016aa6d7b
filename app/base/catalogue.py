"""The English of the core's clerk sentences without Qt, for the command line.

``resources/translations/loket_en.ts`` (the window's catalogue, read there through Qt, app/ui/i18n.py) is read
with the standard library's XML parser, once per process and only when an English run prints a sentence: an
Indonesian run never imports the parser. A sentence with no finished English stays Indonesian — whole, never
an English frame around Indonesian holes it cannot fill.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from app.base.logsetup import failure
from reader.clerktext import Joined, Said, Template
from resources import path as resource_path

log = logging.getLogger("loket.catalogue")

CORE = "Core"


def read_ts(ts: Path) -> dict[tuple[str, str], list[str]]:
    """(context, source) -> translation forms; unfinished and empty translations are left out, as lrelease does."""
    import xml.etree.ElementTree as ET

    out: dict[tuple[str, str], list[str]] = {}
    root = ET.parse(ts).getroot()
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            if translation is None or translation.get("type") in ("unfinished", "obsolete", "vanished"):
                continue
            forms = [f.text or "" for f in translation.iter("numerusform")] or [translation.text or ""]
            if all(forms):
                out[(name, source)] = forms
    return out


@cache
def english() -> dict[tuple[str, str], list[str]]:
    """The English catalogue; empty (every sentence stays Indonesian) when the file is missing or broken."""
    import xml.etree.ElementTree as ET

    ts = resource_path("translations", "loket_en.ts")
    try:
        return read_ts(ts)
    except (OSError, ET.ParseError) as exc:
        log.warning("English catalogue %s unreadable, sentences stay Indonesian: %s", ts.name, failure(exc))
        return {}


def _english_of(context: str, source: str) -> str | None:
    forms = english().get((context, source))
    return forms[0] if forms else None


def to_english(text: str, words: Mapping[str, str] | None = None) -> str:
    """A sentence of the core in English: a Said's template translated and its values put in (a nested
    sentence and a field's label translated too, as the window's ``from_core`` does; ``words``: a form
    template's own (label, label_en) pairs); Indonesian when the catalogue has no English for it."""
    words = words or {}
    if not text:
        return text
    if isinstance(text, Joined):
        return text.sep.join(to_english(part, words) for part in text.parts)
    if isinstance(text, Said):
        template = _english_of(text.context, text.template)
        if template is None:
            return text
        try:
            return template.format(**{k: _value(v, words) for k, v in text.values.items()})
        except (KeyError, IndexError, ValueError):  # a translation that names other values: the Indonesian
            log.warning("English of a %s sentence does not fit its values", text.context)
            return text
    if text in words:  # a template's own sentence (its pattern_message)
        return words[text]
    context = text.context if isinstance(text, Template) else CORE
    return _english_of(context, text) or text


def _value(value: object, words: Mapping[str, str]) -> object:
    """A value inside a sentence: another sentence or a field's label in English; data as it is."""
    if isinstance(value, Said | Joined):
        return to_english(value, words)
    if not isinstance(value, str) or not value:
        return value
    return words.get(value) or _english_of("Field", value) or _english_of(CORE, value) or value
