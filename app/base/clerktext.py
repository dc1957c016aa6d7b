"""The clerk's sentences of the core, and where their English is.

The core (app/ outside app/ui, forms/, reader/) has no Qt. It writes every sentence the clerk may read on
screen in Indonesian, marked so that Qt's extractor finds it::

    from app.base.clerktext import QT_TRANSLATE_NOOP

    raise NumberingError(QT_TRANSLATE_NOOP("Core", "Folder {path} tidak ada.").format(path=folder))

- One sentence, one literal: values go in with ``str.format`` and named placeholders (never an f-string,
  never a sentence glued from pieces). The marker returns a ``reader.clerktext.Template``; its ``format``
  gives a ``Said``: the Indonesian sentence (a ``str``) that carries the marked template and the values.
- The English goes in ``resources/translations/loket_en.ts``, context ``Core`` (run ``pyside6-lupdate`` as
  tests/test_ui_i18n.py does, then translate the new entries; the test fails on any left untranslated).
- The window shows the sentence with ``app.ui.i18n.from_core(text)``: the template's English with the values
  put in (a field's label in its English, a sentence inside a sentence translated too). A sentence that lost
  its template on the way (glued to another, run through ``str()``) is shown as it is: keep it a ``Said``,
  and say two sentences together with ``joined(first, second)``.
- The CLI prints it in its run's language (``app.cli.words.clerk``: the same .ts read without Qt,
  app/base/catalogue.py); the logs and paper keep the Indonesian (logs have their own English messages).

forms/ and reader/ cannot import app/: the one marker lives at the bottom, in reader/clerktext.py
(forms/values.py and reader/errors.py pass it on). A field's label or hint is data, not a sentence: it
carries its English in the template (``label_en``…).
"""

from __future__ import annotations

from reader.clerktext import QT_TRANSLATE_NOOP, Joined, Said, Template, joined

__all__ = ["QT_TRANSLATE_NOOP", "Joined", "Said", "Template", "joined"]
