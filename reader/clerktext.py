"""A clerk's sentence as an id with values: its marked Indonesian template, and what was put into it.

The core (reader/, forms/, app/ outside app/ui) marks every sentence the clerk may read with
``QT_TRANSLATE_NOOP("Core", "… {value} …")`` and puts its values in with ``str.format``. The marker returns the
template as a :class:`Template`, whose ``format`` returns a :class:`Said`: the Indonesian sentence — a ``str``,
as the CLI, paper and the local service use it — that also carries its template and its values. The window
translates the template and puts the values into the English (``app.ui.i18n.from_core``); it never has to
recognise a finished sentence. reader/ is the bottom of the stack, so forms/ and app/ use this one marker
(through ``forms.values`` and ``app.base.clerktext``, which says how the English is kept).
"""

from __future__ import annotations


class Said(str):
    """A formatted clerk's sentence; ``template`` is its marked source (in translation ``context``), ``values``
    what was put in (a value may itself be a Said, or a field's label)."""

    context: str
    template: str
    values: dict[str, object]


class Joined(str):
    """Sentences said one after the other (a notice and a note): each keeps its own template."""

    parts: tuple[str, ...]
    sep: str


def joined(*parts: str, sep: str = " ") -> str:
    """``parts`` (the empty ones left out) as one text that the window still translates part by part."""
    kept = tuple(p for p in parts if p)
    if len(kept) == 1:
        return kept[0]
    out = Joined(sep.join(kept))
    out.parts, out.sep = kept, sep
    return out


class Template(str):
    """A marked sentence before its values: ``format`` keeps the context, template and values on the result."""

    context: str

    def format(self, *args: object, **values: object) -> str:
        if args:  # never in Loket's core (a sentence names its values), but a str stays a str
            return str.format(self, *args, **values)
        said = Said(str.format(self, **values))
        said.context, said.template, said.values = self.context, str(self), values
        return said


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name pyside6-lupdate looks for
    """Marks ``text`` for translation; returns it as a :class:`Template` (the window translates it where shown)."""
    template = Template(text)
    template.context = context
    return template
