"""A clerk's sentence travels as its marked template with its values (reader/clerktext.py), and is still the
Indonesian str everywhere a str is used: the CLI, paper, JSON, a copy of the record the service hands over."""

from __future__ import annotations

import copy
import json
import pickle

from reader.clerktext import QT_TRANSLATE_NOOP, Joined, Said, joined


def test_a_formatted_sentence_is_the_indonesian_and_keeps_its_template_and_values() -> None:
    inner = QT_TRANSLATE_NOOP("Core", "{label} wajib diisi.").format(label="Nama Lengkap")
    outer = QT_TRANSLATE_NOOP("Core", "{label}: {problem}").format(label="NIK Pelapor", problem=inner)
    assert outer == "NIK Pelapor: Nama Lengkap wajib diisi." and isinstance(outer, str)
    assert isinstance(outer, Said) and outer.context == "Core" and outer.template == "{label}: {problem}"
    assert outer.values["problem"] is inner and inner.values == {"label": "Nama Lengkap"}
    assert json.dumps({"message": outer}) == json.dumps({"message": "NIK Pelapor: Nama Lengkap wajib diisi."})
    for kept in (copy.deepcopy(outer), pickle.loads(pickle.dumps(outer))):  # the feed copies the record it offers
        assert kept == outer and isinstance(kept, Said)
        assert (kept.context, kept.template, kept.values["problem"].template) == (
            "Core", "{label}: {problem}", "{label} wajib diisi.")


def test_two_sentences_said_together_keep_each_its_own() -> None:
    first = QT_TRANSLATE_NOOP("Core", "Dukcapil tidak menjawab")
    note = QT_TRANSLATE_NOOP("Core", "Catatan: {count} isian.").format(count=2)
    both = joined(first, note)
    assert both == "Dukcapil tidak menjawab Catatan: 2 isian." and isinstance(both, Joined)
    assert both.parts == (first, note)
    assert joined("", note) is note  # one sentence is just that sentence


def test_a_sentence_keeps_the_translation_context_it_was_marked_in() -> None:
    text = QT_TRANSLATE_NOOP("Service", "Formulir belum lengkap: {count} isian perlu diperbaiki.")
    said = text.format(count=3)
    assert said.context == "Service" and said.values == {"count": 3}
