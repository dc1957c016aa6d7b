"""One language at a time, completely: the English window shows no Indonesian string of ours, the Indonesian
window no English one. Walks every text a widget shows or tells assistive technology (labels, buttons, tabs,
tooltips, placeholders, group titles, table headers and cells, window titles) of the main window with a person
on screen and the form checked, the settings dialog, the Laporan view (and its charts' words), the preview
and Diagnosa's sentence.

The Indonesian strings are the .ts sources and the templates' Indonesian labels, hints, titles and pattern
messages; the English ones their translations. Words that are the same in both (NIK, Dukcapil, RT / RW) count
for neither. Paper stays Indonesian whatever the window speaks: the printed form is checked too.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTabWidget,
    QWidget,
)

from app.base.settings import Settings
from app.ui import i18n
from forms.template import load_all
from tests.test_ui_window import RISKY, make_window, sim_registry, tap
from tests.ui_jobs import JOB_TIMEOUT_MS, printer_to_file, show_preview

# Substrings are compared from this length on; shorter strings must be the whole text (a short English word
# like "Print" may well sit inside an Indonesian sentence's data, a whole one may not).
WHOLE_BELOW = 12


def _pairs() -> list[tuple[str, str]]:
    """(Indonesian, English) of everything the window can show: its .ts and the templates' own English."""
    pairs = [(src, forms[0]) for (_ctx, src), forms in i18n.read_ts(i18n.ts_file("en")).items()]
    pairs += [(src, forms[-1]) for (_ctx, src), forms in i18n.read_ts(i18n.ts_file("en")).items() if len(forms) > 1]
    for template in load_all().values():
        pairs.append((template.title, template.title_en))
        for section in template.sections:
            pairs.append((section.title, section.title_en))
            for f in section.fields:
                pairs += [(f.label, f.label_en), (f.hint, f.hint_en), (f.pattern_message, f.pattern_message_en)]
                pairs += [(c.label, c.label_en) for c in f.columns]
    return [(a, b) for a, b in pairs if a and b]


def _marked_words(language: str) -> set[str]:
    """The strings of ``language`` that are not also strings of the other one."""
    pairs = _pairs()
    indonesian = {a for a, _ in pairs}
    english = {b for _, b in pairs}
    both = indonesian & english
    words = indonesian if language == "id" else english
    # A pattern with values ("{label} wajib diisi.") is looked for by its fixed parts below.
    return {w for w in words - both if w.strip()}


def _fixed_parts(word: str) -> list[str]:
    import re

    parts = [p for p in re.split(r"\{[a-z_]*\}|%n|%\d", word) if p.strip()]
    return parts if len(parts) == 1 and parts[0] == word else [p for p in parts if len(p.strip()) >= WHOLE_BELOW]


def _found(shown: list[str], language: str) -> list[tuple[str, str]]:
    """(text shown, the ``language`` string in it)."""
    words = _marked_words(language)
    hits = []
    for text in {t for t in shown if t}:
        clean = text.removeprefix("✖ ").removesuffix(" *")
        for word in words:
            for part in _fixed_parts(word):
                if (len(part) >= WHOLE_BELOW and part in clean) or part == clean:
                    hits.append((text, word))
    return sorted(set(hits))


def widget_texts(top: QWidget) -> list[str]:
    out = [top.windowTitle(), top.toolTip(), top.accessibleName()]
    for w in top.findChildren(QWidget):
        out += [w.toolTip(), w.accessibleName(), w.accessibleDescription(), w.windowTitle(), w.whatsThis()]
        if isinstance(w, QLabel | QAbstractButton | QLineEdit):
            out.append(w.text())
        if isinstance(w, QLineEdit):
            out.append(w.placeholderText())
        if isinstance(w, QComboBox):
            out += [w.itemText(i) for i in range(w.count())]
        if isinstance(w, QTabWidget):
            out += [w.tabText(i) for i in range(w.count())] + [w.tabToolTip(i) for i in range(w.count())]
        if isinstance(w, QGroupBox):
            out.append(w.title())
        if isinstance(w, QTableWidget):
            for c in range(w.columnCount()):
                head = w.horizontalHeaderItem(c)
                out.append(head.text() if head is not None else "")
                for r in range(w.rowCount()):
                    item = w.item(r, c)
                    out.append(item.text() if item is not None else "")
    return out


def drawing_texts(drawing: object) -> list[str]:
    """The words a report chart draws (its title, axis, legend, months)."""
    from reportlab.graphics.shapes import Group, String

    out: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, String):
            out.append(node.text)
        for child in getattr(node, "contents", []) or []:
            walk(child)
        if not isinstance(node, Group) and hasattr(node, "getContents"):
            for child in node.getContents():
                walk(child)
        if hasattr(node, "draw") and not isinstance(node, String | Group):
            walk(node.draw())
        for pair in getattr(node, "colorNamePairs", []) or []:
            out.append(str(pair[1]))

    walk(drawing)
    return out


@pytest.fixture(autouse=True)
def back_to_indonesian() -> Iterator[None]:
    yield
    i18n.use("id")


def walk_everything(qtbot, demo_registry, language: str, tmp_path) -> list[str]:  # type: ignore[no-untyped-def]
    """Every text of every view of the window in ``language``, with a person on screen."""
    from app.report import chart, stats
    from app.ui.report_view import ReportView
    from app.ui.settings_dialog import SettingsDialog

    settings = Settings()
    settings.extra["gui"] = {"language": language}
    w = make_window(qtbot, sim_registry(demo_registry), settings=settings)
    shown: list[str] = []
    try:
        tap(qtbot, w, RISKY)
        w.ask_printer = printer_to_file(tmp_path / "out.pdf")
        with qtbot.waitSignal(w.job_finished, timeout=JOB_TIMEOUT_MS):
            w.print_form()  # refused: every problem is now shown beside its field
        bpjs = w.record.rows["no_bpjs"].editor
        assert isinstance(bpjs, QLineEdit)
        bpjs.setText("12")  # the template's own pattern_message
        w._recheck()
        shown += widget_texts(w)
        assert any("BPJS" in t for t in shown)

        show_preview(qtbot, w)
        assert w.preview_dialog is not None
        shown += widget_texts(w.preview_dialog)
        w.preview_dialog.reject()

        dialog = SettingsDialog(w.settings, w, save=False, readers=[], printers=[])
        qtbot.addWidget(dialog)
        shown += widget_texts(dialog)

        view = ReportView(w.settings, w)
        qtbot.addWidget(view)
        assert view.report is not None and view.report.rows, "the tap is in today's trail"
        shown += widget_texts(view)
        shown += drawing_texts(chart.per_day(view.report, 620, 280, words=i18n.from_core))
        shown += drawing_texts(chart.per_hour(stats.compute([], view.report.from_day, view.report.to_day),
                                              620, 220, words=i18n.from_core))

        w.run_diagnosis()  # the Diagnosa dialog: every check with its level, sentence and what to do
        dialog = w.diagnosis_dialog
        with qtbot.waitSignal(dialog.shown_checks, timeout=60_000):
            pass
        shown += widget_texts(dialog)
        dialog.close()
    finally:
        w.close()
    return shown


def test_the_english_window_shows_no_indonesian(qtbot, demo_registry, tmp_path) -> None:
    shown = walk_everything(qtbot, demo_registry, "en", tmp_path)
    assert "Full name *" in shown and "Patient's identity" not in shown  # the template's English is there
    assert any(t.startswith("✖ ") and "is required." in t for t in shown)  # a check's sentence
    assert "✖ A BPJS card no. is 13 digits." in shown  # the template's pattern_message_en
    assert "Diagnostics for IT staff" in shown  # the Diagnosa dialog, its checks walked with the rest
    assert "Citizens served" in shown and "Citizens served per day, per service" in shown  # the Laporan's body
    assert _found(shown, "id") == []


def test_the_indonesian_window_shows_no_english(qtbot, demo_registry, tmp_path) -> None:
    shown = walk_everything(qtbot, demo_registry, "id", tmp_path)
    assert "Nama Lengkap *" in shown
    assert "✖ No. Kartu BPJS harus 13 angka." in shown
    assert "Diagnosa untuk petugas IT" in shown
    assert "Warga dilayani" in shown and "Warga dilayani per hari, per layanan" in shown
    assert _found(shown, "en") == []


def test_the_walk_can_fail() -> None:
    """The comparison finds an Indonesian label, a check's sentence inside a longer text, and an English one."""
    assert _found(["Nama Lengkap *"], "id") and _found(["✖ Cara Pembayaran wajib diisi."], "id")
    assert _found(["Data warga dibersihkan. Nomor surat: 12."], "id")
    assert _found(["Place the e-KTP on the reader"], "en")
    assert not _found(["NIK", "Dukcapil", "RT / RW", "RISKY RISTIANDY"], "id")
    assert not _found(["NIK", "Dukcapil", "RT / RW", "RISKY RISTIANDY"], "en")


def test_paper_stays_indonesian_in_an_english_window(qtbot, demo_registry, tmp_path) -> None:
    """Only the screen follows gui.language: the printed form carries the template's Indonesian."""
    from app.letters.formdata import prepare_for_applicant, screen_preview

    settings = Settings()
    settings.extra["gui"] = {"language": "en"}
    w = make_window(qtbot, sim_registry(demo_registry), settings=settings)
    try:
        tap(qtbot, w, RISKY)
        assert w.session.applicant is not None
        prepared = prepare_for_applicant(w.service.id, w.session.applicant, {}, settings=settings)
        out = tmp_path / "paper.pdf"
        screen_preview(prepared, out, settings)
    finally:
        w.close()
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(str(out)).pages)
    assert "Nama Lengkap" in text and "IDENTITAS PASIEN" in text
    assert "Full name" not in text and "PATIENT'S IDENTITY" not in text


@pytest.mark.parametrize("language, expected", [
    ("en", "This card is not an e-KTP. Place the citizen's e-KTP."),
    ("id", "Kartu ini bukan e-KTP. Tempelkan e-KTP warga."),
])
def test_a_read_error_speaks_the_window_language(qtbot, demo_registry, language, expected) -> None:
    """The card reader's sentence (reader/errors.py, marked there) in the window's language."""
    from tests.test_ui_window import NOT_EKTP

    settings = Settings()
    settings.extra["gui"] = {"language": language}
    w = make_window(qtbot, sim_registry(demo_registry), settings=settings)
    try:
        w.demo_panel.select(NOT_EKTP)
        with qtbot.waitSignal(w.error_shown, timeout=10_000) as blocker:
            w.demo_panel.tap()
        assert w.prompt.text() == expected == blocker.args[0]
    finally:
        w.close()
