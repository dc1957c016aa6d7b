"""The window's language: Indonesian in the source, English through Qt's translation system.

Every string the window shows is written in Indonesian and wrapped in ``tr()`` / ``QCoreApplication.translate``;
``resources/translations/loket_en.ts`` holds the English. ``scripts/setup.sh`` and the PyInstaller spec compile
it to ``loket_en.qm`` with pyside6-lrelease. When that file is missing or older than the ``.ts`` (a checkout
that never ran setup, an edited translation), the ``.ts`` itself is read: slower by a few milliseconds, never
a window in the wrong language or a crash at the counter.

Sentences from the core (card reader, registry, forms, checks) are marked there and shown through ``from_core()``
(below); a form's labels and hints come with their English in the template (``label_en``…, ``pick()``).
Paper always prints Indonesian. Qt's own dialogs follow the window: ``qtbase_id.ts`` here (Qt ships no
Indonesian), Qt's shipped ``qtbase_<lang>.qm`` for others, none for English (Qt's own).
"""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

from app.base.catalogue import read_ts  # the one reader of the .ts, shared with the command line
from app.base.clerktext import Joined, Said, Template
from app.base.logsetup import failure
from app.base.settings import Settings
from resources import path as resource_path

log = logging.getLogger("loket.ui")

DEFAULT = "id"
# Each language named in its own words: a clerk who cannot read the current one still finds theirs.
LANGUAGES = {"id": "Bahasa Indonesia", "en": "English"}

_installed: QTranslator | None = None
_current = DEFAULT
_qt_installed: QTranslator | None = None  # Qt's own dialogs (qtbase_<lang>)
_qt_for = ""


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name pyside6-lupdate looks for
    """Marks a module-level string for pyside6-lupdate; ``translate(context, text)`` turns it at use."""
    return text


def translate(context: str, text: str, n: int = -1) -> str:
    return QCoreApplication.translate(context, text, None, n)


def language(settings: Settings | None) -> str:
    gui = settings.extra.get("gui") if settings is not None else None
    value = gui.get("language") if isinstance(gui, dict) else None
    return value if value in LANGUAGES else DEFAULT


def ts_file(lang: str, name: str = "loket") -> Path:
    return resource_path("translations", f"{name}_{lang}.ts")


def qm_file(lang: str, name: str = "loket") -> Path:
    return resource_path("translations", f"{name}_{lang}.qm")


class TsTranslator(QTranslator):
    """Translations read straight from a ``.ts`` file, for when no compiled ``.qm`` is at hand."""

    def __init__(self, ts: Path, parent: object = None) -> None:
        super().__init__(parent)
        self.messages: dict[tuple[str, str], list[str]] = read_ts(ts)

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        forms = self.messages.get((context, source))
        if not forms:
            # None is Qt's null string, "not mine": Qt falls back to the source or asks the next context. An
            # empty string would be taken as the translation, and Qt translates its own strings too (an
            # English window showed no photo, and blank wherever the English equals the Indonesian, because
            # self.tr() walks the class's bases while a translation equals its source).
            return None
        # English has two forms: one, and everything else (Qt's own rule for the language).
        return forms[0] if n == 1 or len(forms) == 1 else forms[1]

    def isEmpty(self) -> bool:
        return not self.messages


def use(lang: str) -> str:
    """Make ``lang`` the language of every window created from now on; returns the language in effect.

    Two translators: Loket's own strings (none for Indonesian, the source language) and Qt's own dialogs
    (print, save, overwrite, message box buttons), which Qt writes in English: ``qtbase_<lang>`` from
    ``resources/translations`` (Indonesian, which Qt does not ship) or Qt's own translations folder."""
    global _installed, _current, _qt_installed
    app = QCoreApplication.instance()
    if app is None:
        return _current
    lang = lang if lang in LANGUAGES else DEFAULT
    if lang == _current and _qt_for == lang and (_installed is not None or lang == DEFAULT):
        return lang
    _use_qt(app, lang)
    if _installed is not None:
        app.removeTranslator(_installed)
        _installed = None
    _current = DEFAULT
    if lang == DEFAULT:
        return DEFAULT  # the source strings are Indonesian
    translator = _load(lang)
    if translator is None:
        _use_qt(app, DEFAULT)  # the window stays Indonesian: so do Qt's dialogs in it
        return DEFAULT
    app.installTranslator(translator)
    _installed, _current = translator, lang
    return lang


def _use_qt(app: QCoreApplication, lang: str) -> None:
    global _qt_installed, _qt_for
    if _qt_installed is not None:
        app.removeTranslator(_qt_installed)
        _qt_installed = None
    _qt_for = lang
    if lang == "en":
        return  # Qt's source language
    translator = _load(lang, "qtbase")
    if translator is None:
        qt_dir = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
        shipped = QTranslator()
        if shipped.load(str(qt_dir / f"qtbase_{lang}.qm")):
            translator = shipped
    if translator is not None:
        app.installTranslator(translator)
        _qt_installed = translator


def _load(lang: str, name: str = "loket") -> QTranslator | None:
    qm, ts = qm_file(lang, name), ts_file(lang, name)
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
        if name == "loket":
            log.warning("translation %s not found; the window stays Indonesian", lang)
    return None


def current() -> str:
    return _current


def pick(indonesian: str, english: str = "", context: str = "") -> str:
    """A word that comes with the data (a template's label, hint or title) in the window's language: the
    template's own English (``label_en``…) when the window is English, else the .ts in ``context``, else the
    Indonesian as written. The paper never goes through here: it always prints the Indonesian."""
    if _current == DEFAULT or not indonesian:
        return indonesian
    if english:
        return english
    return translate(context, indonesian) if context else indonesian


# --- the core's sentences -----------------------------------------------------------------------------------
#
# The core (reader/, forms/, app/ outside app/ui) has no Qt: it writes the clerk's sentences in Indonesian and
# marks each with QT_TRANSLATE_NOOP("Core", ...) (reader/clerktext.py), its values put in with str.format
# ("{label} wajib diisi."). A formatted sentence is a reader.clerktext.Said: the Indonesian that also carries
# its template and its values. Their English is in loket_en.ts like the window's own strings. The window shows
# any sentence that came from the core through from_core(): the template translated, the values put in.

CORE = "Core"
_words: dict[str, str] = {}


def learn_words(pairs: Iterable[tuple[str, str]]) -> None:
    """(Indonesian, English) words of the templates: a field's label inside a core sentence, a template's own
    pattern_message as the whole sentence."""
    _words.update((id_, en) for id_, en in pairs if id_ and en)


def from_core(text: str) -> str:
    """A sentence of the core (a read error, a check, the registry's answer…) in the window's language."""
    if _current == DEFAULT or not text:
        return text
    if isinstance(text, Joined):
        return text.sep.join(from_core(part) for part in text.parts)
    if isinstance(text, Said):
        # The English template (the Indonesian one when it has none) with the values in the window's language.
        return translate(text.context, text.template).format(**{k: _value(v) for k, v in text.values.items()})
    if text in _words:
        return _words[text]
    return translate(text.context if isinstance(text, Template) else CORE, text)


def _value(value: object) -> object:
    """A value inside a core sentence: another marked sentence or a field's label in English; data as it is."""
    if isinstance(value, Said | Joined):
        return from_core(value)
    if not isinstance(value, str) or not value:
        return value
    if value in _words:
        return _words[value]
    label = translate("Field", value)
    if label != value:
        return label
    return translate(CORE, value)  # a marked sentence or word without values of its own, else data as it is
