"""The window's language: Indonesian in the source, English through Qt's translation system.

Every string the window shows is written in Indonesian and wrapped in ``tr()`` / ``QCoreApplication.translate``;
``resources/translations/loket_en.ts`` holds the English. ``scripts/setup.sh`` and the PyInstaller spec compile
it to ``loket_en.qm`` with pyside6-lrelease. When that file is missing or older than the ``.ts`` (a checkout
that never ran setup, an edited translation), the ``.ts`` itself is read: slower by a few milliseconds, never
a window in the wrong language or a crash at the counter.

Messages from the core (card reader, registry, forms) stay Indonesian in both languages: they are the clerk's
sentences by design, and a form's labels are the paper form's own words.
"""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

from app.logsetup import failure
from app.settings import Settings
from resources import path as resource_path

log = logging.getLogger("loket.ui")

DEFAULT = "id"
# Each language named in its own words: a clerk who cannot read the current one still finds theirs.
LANGUAGES = {"id": "Bahasa Indonesia", "en": "English"}

_installed: QTranslator | None = None
_current = DEFAULT


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name pyside6-lupdate looks for
    """Marks a module-level string for pyside6-lupdate; ``translate(context, text)`` turns it at use."""
    return text


def translate(context: str, text: str, n: int = -1) -> str:
    return QCoreApplication.translate(context, text, None, n)


def language(settings: Settings | None) -> str:
    gui = settings.extra.get("gui") if settings is not None else None
    value = gui.get("language") if isinstance(gui, dict) else None
    return value if value in LANGUAGES else DEFAULT


def ts_file(lang: str) -> Path:
    return resource_path("translations", f"loket_{lang}.ts")


def qm_file(lang: str) -> Path:
    return resource_path("translations", f"loket_{lang}.qm")


class TsTranslator(QTranslator):
    """Translations read straight from a ``.ts`` file, for when no compiled ``.qm`` is at hand."""

    def __init__(self, ts: Path, parent: object = None) -> None:
        super().__init__(parent)
        self.messages: dict[tuple[str, str], list[str]] = read_ts(ts)

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        forms = self.messages.get((context, source))
        if not forms:
            # None (a null QString), never "": Qt takes "" as the translation of its own strings too, and
            # QTgaFile's empty error message then claimed every JPEG as a TGA — no photo in English.
            return None
        # English has two forms: one, and everything else (Qt's own rule for the language).
        return forms[0] if n == 1 or len(forms) == 1 else forms[1]

    def isEmpty(self) -> bool:
        return not self.messages


def read_ts(ts: Path) -> dict[tuple[str, str], list[str]]:
    """(context, source) -> translation forms; unfinished and empty translations are left out, as lrelease does."""
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


def use(lang: str) -> str:
    """Make ``lang`` the language of every window created from now on; returns the language in effect."""
    global _installed, _current
    app = QCoreApplication.instance()
    if app is None:
        return _current
    lang = lang if lang in LANGUAGES else DEFAULT
    if lang == _current and (_installed is not None or lang == DEFAULT):
        return lang
    if _installed is not None:
        app.removeTranslator(_installed)
        _installed = None
    _current = DEFAULT
    if lang == DEFAULT:
        return DEFAULT  # the source strings are Indonesian
    translator = _load(lang)
    if translator is None:
        return DEFAULT
    app.installTranslator(translator)
    _installed, _current = translator, lang
    return lang


def _load(lang: str) -> QTranslator | None:
    qm, ts = qm_file(lang), ts_file(lang)
    try:
        if qm.is_file() and (not ts.is_file() or qm.stat().st_mtime >= ts.stat().st_mtime):
            translator = QTranslator()
            if translator.load(str(qm)):
                return translator
            log.warning("compiled translation %s unreadable; reading the .ts", qm.name)
        if ts.is_file():
            return TsTranslator(ts)
    except (OSError, ET.ParseError) as exc:
        log.warning("translation %s unavailable: %s", lang, failure(exc))
    else:
        log.warning("translation %s not found; the window stays Indonesian", lang)
    return None


def current() -> str:
    return _current
