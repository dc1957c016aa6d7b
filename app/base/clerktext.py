"""The clerk's sentences of the core, and where their English is.

The core (app/ outside app/ui, forms/, reader/) has no Qt. It writes every sentence the clerk may read on
screen in Indonesian, marked so that Qt's extractor finds it::

    from app.base.clerktext import QT_TRANSLATE_NOOP

    raise NumberingError(QT_TRANSLATE_NOOP("Core", "Folder {path} tidak ada.").format(path=folder))

- One sentence, one literal: values go in with ``str.format`` (never an f-string, never a sentence glued
  from pieces), so the marked text is the pattern the window matches.
- The English goes in ``resources/translations/loket_en.ts``, context ``Core`` (run ``pyside6-lupdate`` as
  tests/test_ui_i18n.py does, then translate the new entries; the test fails on any left untranslated).
- The window shows the sentence with ``app.ui.i18n.from_core(text)``: the same sentence in the window's
  language, its values taken back out of the Indonesian and put into the English.
- The CLI, the logs and paper keep the Indonesian (logs have their own English messages).

forms/ and reader/ cannot import app/: they have the same one-line marker (forms/values.py, reader/errors.py).
A field's label or hint is data, not a sentence: it carries its English in the template (``label_en``…).
"""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name pyside6-lupdate looks for
    """Marks ``text`` for translation; returns it unchanged (the window translates it where it is shown)."""
    return text
