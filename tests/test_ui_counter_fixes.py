"""Issue 19's small fixes at the counter, each checked the way a clerk would notice it: Enter on the last
field lands on a visible Cetak and prints; Ctrl+P with a field missing takes the clerk to it; the focus ring
is thick enough to see; what the screen shows is what the paper prints (BUDHA → BUDDHA); long values and
hints wrap; no empty section band; decimal commas in Indonesian; one "Loket" in the title; a distinct,
non-identifying file name for each saved PDF."""

from __future__ import annotations

import copy
import io
import re
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QLabel

from app.base.settings import Settings
from app.citizen.merge import FieldValue, Source
from app.letters.catalog import check, load_services, person_value
from app.ui import i18n
from app.ui.main_window import MainWindow, suggested_pdf_name
from app.ui.record_view import KnownValue, RecordView
from tests.forms_support import applicant as shared_applicant
from tests.test_ui_window import RISKY, make_window, sim_registry, tap

FOCUS_BLUE = QColor("#1e88e5")


def applicant(person: int):  # type: ignore[no-untyped-def]
    """A copy of the session's applicant: these tests change its fields, the forms tests read them."""
    return copy.deepcopy(shared_applicant(person))


@pytest.fixture
def window(qtbot, demo_registry):  # type: ignore[no-untyped-def]
    w = make_window(qtbot, sim_registry(demo_registry))
    yield w
    w.close()


def fill_required(window: MainWindow) -> None:
    rows = window.record.rows
    rows["cara_bayar"].editor.setCurrentText("UMUM")
    rows["telepon"].editor.setText("081234567890")


def ring_width(image, y: int) -> int:  # type: ignore[no-untyped-def]
    """How many pixels from the left edge, on row ``y``, are the focus ring's blue."""
    n = 0
    for x in range(image.width()):
        c = QColor(image.pixel(x, y))
        if abs(c.red() - FOCUS_BLUE.red()) < 40 and abs(c.green() - FOCUS_BLUE.green()) < 40 \
                and abs(c.blue() - FOCUS_BLUE.blue()) < 40:
            n += 1
        elif n:
            break
    return n


def test_enter_on_the_last_field_puts_a_visible_focus_on_cetak_and_enter_prints(qtbot, window) -> None:
    tap(qtbot, window, RISKY)
    fill_required(window)
    last = window.record.editables[-1]
    last.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is last, timeout=3000)
    qtbot.keyClick(last, Qt.Key.Key_Return)
    cetak = window.print_button
    assert QApplication.focusWidget() is cetak
    # The ring is drawn, and thick: at least 2 px of the focus blue at the button's left edge (Fusion's own
    # focus mark was a 1-px line).
    image = cetak.grab().toImage()
    assert ring_width(image, image.height() // 2) >= 2
    asked: list[object] = []
    window.ask_printer = lambda printer, parent: asked.append(printer) or False  # the clerk cancels
    with qtbot.waitSignal(window.job_finished, timeout=10_000) as blocker:
        qtbot.keyClick(cetak, Qt.Key.Key_Return)
    assert asked, "Enter on Cetak did not print"
    assert blocker.args[0].outcome == "cancelled"


def test_the_focus_ring_is_thick_on_the_typed_fields_too(qtbot, window) -> None:
    tap(qtbot, window, RISKY)
    first = window.record.rows["no_rm"].editor
    qtbot.waitUntil(lambda: QApplication.focusWidget() is first, timeout=3000)
    image = first.grab().toImage()
    assert ring_width(image, image.height() // 2) >= 3


def test_ctrl_p_with_a_missing_field_scrolls_to_it_and_puts_the_cursor_there(qtbot, window) -> None:
    window.resize(1024, 520)  # the form is longer than the window: the phone field is below the fold
    tap(qtbot, window, RISKY)
    rows = window.record.rows
    rows["cara_bayar"].editor.setCurrentText("UMUM")
    first = rows["cara_bayar"].editor
    first.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is first, timeout=3000)
    scroll = window.record.scroll
    scroll.verticalScrollBar().setValue(0)
    phone = rows["telepon"].editor
    assert not visible_in(scroll, phone), "the test needs the phone field out of view first"
    with qtbot.waitSignal(window.job_finished, timeout=10_000) as blocker:
        qtbot.keyClick(first, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args[0].outcome == "not_ready"
    assert QApplication.focusWidget() is phone
    assert visible_in(scroll, phone)
    assert rows["telepon"].problem.isVisible()


def visible_in(scroll, widget) -> bool:  # type: ignore[no-untyped-def]
    top_left = widget.mapTo(scroll.viewport(), QPoint(0, 0))
    return scroll.viewport().rect().contains(QRect(top_left, widget.size()))


def test_the_screen_shows_the_religion_as_the_paper_prints_it(qtbot) -> None:
    person = applicant(RISKY)
    person.fields["agama"] = FieldValue("BUDHA", Source.CHIP)  # how some cards and registries spell it
    assert person_value(person, "agama") == "BUDDHA"
    service = next(s for s in load_services() if s.id == "rsud_pasien_baru")
    checked = check(service, person, {}, Settings())
    view = RecordView()
    qtbot.addWidget(view)
    view.show_applicant(person, service, checked)
    assert view.rows["agama"].value.text() == "BUDDHA"
    assert checked.prepared is not None and checked.prepared.filled.values["agama"] == "BUDDHA"


def test_budha_and_buddha_are_no_discrepancy() -> None:
    from app.citizen.merge import normalise

    assert normalise("agama", "BUDHA") == normalise("agama", "Buddha")
    assert normalise("agama", "ISLAM") != normalise("agama", "BUDDHA")


def test_a_long_address_and_a_long_hint_wrap_instead_of_being_cut(qtbot) -> None:
    person = applicant(RISKY)
    long_street = "JL. " + "KERTAJAYA INDAH TIMUR " * 6 + "NO. 7"
    person.fields["alamat"] = FieldValue(long_street, Source.CHIP)
    service = next(s for s in load_services() if s.id == "rsud_pasien_baru")
    hinted = next(f for f in service.fields if f.hint and f.origin == "typed")
    long_hint = "diisi bila pasien datang dengan rujukan dari puskesmas atau rumah sakit lain"
    service = replace(service, fields=tuple(replace(f, hint=long_hint) if f is hinted else f
                                            for f in service.fields))
    view = RecordView()
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    view.show_applicant(person, service, check(service, person, {}, Settings()))
    shown = view.rows["alamat"].value
    assert isinstance(shown, KnownValue) and shown.wordWrap() and shown.text() == long_street
    qtbot.waitUntil(lambda: shown.height() > shown.fontMetrics().height() * 1.5, timeout=3000)  # two lines
    hint = view.rows[hinted.key].hint
    assert hint is not None and hint.wordWrap() and hint.text() == long_hint
    assert hint.textFormat() == Qt.TextFormat.PlainText


def test_a_value_from_the_card_is_never_read_as_markup(qtbot) -> None:
    person = applicant(RISKY)
    person.fields["alamat"] = FieldValue("<b>JL. MAWAR</b> <img src=x>", Source.CHIP)
    service = next(s for s in load_services() if s.id == "rsud_pasien_baru")
    view = RecordView()
    qtbot.addWidget(view)
    view.show_applicant(person, service, check(service, person, {}, Settings()))
    assert view.rows["alamat"].value.textFormat() == Qt.TextFormat.PlainText


def test_a_letter_starts_without_an_empty_section_band(qtbot) -> None:
    person = applicant(RISKY)
    service = next(s for s in load_services() if s.id == "surat_usaha")
    view = RecordView()
    qtbot.addWidget(view)
    view.show_applicant(person, service, check(service, person, {}, Settings()))
    bands = [w for w in view.form.findChildren(QLabel) if w.objectName() == "section"]
    assert bands and all(b.text().strip() for b in bands)


@pytest.mark.parametrize("form_id", ["rsud_pasien_baru", "surat_usaha"])
def test_a_section_with_nothing_in_it_is_not_drawn_on_paper(form_id: str) -> None:
    import pypdf

    from app.letters import formdata
    from forms.render import render_bytes
    from forms.template import Section

    p = formdata.prepare_for_applicant(form_id, applicant(RISKY), {}, today=datetime(2026, 11, 23).date())
    empty = Section("BAGIAN KOSONG", ())
    template = replace(p.template, sections=(empty, *p.template.sections))
    data = render_bytes(template, dict(p.filled.values), office=p.office, printed_at=datetime(2026, 11, 23, 9))
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert "BAGIAN KOSONG" not in text


@pytest.mark.parametrize("language, shown", [("id", "0,0 mm"), ("en", "0.0 mm")])
def test_millimetres_are_written_the_way_the_language_writes_them(qtbot, language: str, shown: str) -> None:
    from app.ui.settings_dialog import SettingsDialog

    settings = Settings()
    settings.extra["gui"] = {"language": language}
    i18n.use(language)
    try:
        dialog = SettingsDialog(settings, save=False, readers=[], printers=[])
        qtbot.addWidget(dialog)
        assert dialog.offset_x.text() == shown
        dialog.offset_x.setValue(1.5)
        assert dialog.offset_x.text() == shown.replace("0", "1", 1).replace("0", "5", 1)
    finally:
        i18n.use("id")


def platform_title(title: str, display_name: str) -> str:
    """What Qt puts in the title bar (QPlatformWindow::formatWindowTitle): the application's display name is
    appended unless the title already ends with it."""
    return title if title.endswith(display_name) else f"{title} \u2014 {display_name}"


@pytest.mark.parametrize("demo", [False, True])
def test_the_title_bar_names_loket_once(qtbot, monkeypatch, demo: bool) -> None:
    monkeypatch.setenv("LOKET_DEMO_TRANSPORT", "in-process")
    window = MainWindow(Settings(), demo=demo, watch_readers=False, save_settings=False)
    qtbot.addWidget(window)
    try:
        shown = platform_title(window.windowTitle(), "Loket")  # app.ui.app sets the display name "Loket"
        assert shown.count("Loket") == 1, shown
        assert ("demo" in shown.lower()) is demo
    finally:
        window.close()


def test_save_pdf_proposes_a_distinct_name_without_the_citizen(qtbot, window, monkeypatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    tap(qtbot, window, RISKY)
    proposed: list[str] = []

    def ask(parent, caption, start, filters):  # type: ignore[no-untyped-def]
        proposed.append(start)
        return "", ""  # the clerk cancels

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(ask))
    with qtbot.waitSignal(window.job_finished, timeout=10_000):
        window.save_pdf()
    name = Path(proposed[0]).name
    assert re.fullmatch(r"rsud_pasien_baru-\d{8}-\d{6}\.pdf", name), name
    person = window.applicant
    assert person.identity.nik not in name and str(person.value("nama")).split()[0].lower() not in name.lower()
    assert suggested_pdf_name("x", datetime(2026, 11, 23, 9, 30, 1)) != suggested_pdf_name(
        "x", datetime(2026, 11, 23, 9, 30, 2))


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_photo_shows_in_both_languages(qtbot, monkeypatch, language: str) -> None:
    """Qt asks the installed translator for its own strings too; an empty answer for one it did not know
    made the TGA reader claim the chip's JPEG photo, so the English window showed no photo."""
    monkeypatch.setenv("LOKET_DEMO_TRANSPORT", "in-process")
    settings = Settings()
    settings.extra["gui"] = {"language": language}
    window = MainWindow(settings, demo=True, watch_readers=False, save_settings=False)
    qtbot.addWidget(window)
    try:
        window.show()
        with qtbot.waitSignal(window.person_shown, timeout=15_000):
            window.demo_panel.tap()
        assert not window.record.photo.pixmap().isNull()
    finally:
        window.close()
        i18n.use("id")


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_hint_is_shown_once_in_the_language_on_screen(qtbot, language: str) -> None:
    """In the field when it fits, beside it when it does not — decided on the hint the clerk reads (an
    English hint shorter than its Indonesian was shown in the field and beside it)."""
    from app.ui.record_view import HINT_IN_FIELD, hint_of

    i18n.use(language)
    try:
        person = applicant(RISKY)
        service = next(s for s in load_services() if s.id == "rsud_pasien_baru")
        view = RecordView()
        qtbot.addWidget(view)
        view.show_applicant(person, service, check(service, person, {}, Settings()))
        seen = 0
        for spec in service.fields:
            row = view.rows.get(spec.key)
            if row is None or spec.origin != "typed" or not hint_of(spec):
                continue
            seen += 1
            placeholder = getattr(row.editor, "placeholderText", lambda: "")()
            beside = row.hint.text() if row.hint is not None else ""
            assert (placeholder == hint_of(spec)) != (beside == hint_of(spec)), (spec.key, placeholder, beside)
            assert (beside != "") == (len(hint_of(spec)) > HINT_IN_FIELD)
        assert seen
    finally:
        i18n.use("id")
