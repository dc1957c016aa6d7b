"""The window's language: Indonesian by default, English from resources/translations/loket_en.ts (compiled
.qm or the .ts itself), and every translatable string of app/ui translated so the English cannot rot."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from app.base.settings import Settings
from app.ui import i18n
from app.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"\{[a-z_]*\}|%n|%\d")


def translatable_sources() -> list[str]:
    """The window's modules and the core's: every module whose strings can reach the screen."""
    found = [*ROOT.glob("app/**/*.py"), *ROOT.glob("forms/*.py"), *ROOT.glob("reader/**/*.py")]
    return sorted(str(p) for p in found)


def qt_tool(name: str) -> str:
    found = shutil.which(name) or str(Path(sys.executable).with_name(name))
    assert Path(found).is_file(), f"{name} is part of PySide6-Essentials and must be there"
    return found


@pytest.fixture(autouse=True)
def back_to_indonesian() -> Iterator[None]:
    yield
    i18n.use("id")  # never leak a language into the next test


def window_in(qtbot, language: str | None) -> MainWindow:
    settings = Settings()
    if language:
        settings.extra["gui"] = {"language": language}
    w = MainWindow(settings, demo=True, watch_readers=False, save_settings=False)
    qtbot.addWidget(w)
    return w


@pytest.mark.parametrize("language, expected", [
    (None, {"print": "Cetak (Ctrl+P)", "settings": "Pengaturan", "prompt": "Tempelkan e-KTP pada pembaca",
            "tap": "Tempelkan", "status": "Pembaca simulasi siap", "counter": "0 warga dilayani hari ini"}),
    ("id", {"print": "Cetak (Ctrl+P)", "settings": "Pengaturan", "prompt": "Tempelkan e-KTP pada pembaca",
            "tap": "Tempelkan", "status": "Pembaca simulasi siap", "counter": "0 warga dilayani hari ini"}),
    ("en", {"print": "Print (Ctrl+P)", "settings": "Settings", "prompt": "Place the e-KTP on the reader",
            "tap": "Tap", "status": "Simulated reader ready", "counter": "0 citizens served today"}),
])
def test_the_window_speaks_the_chosen_language(qtbot, monkeypatch, language, expected) -> None:
    monkeypatch.setenv("LOKET_DEMO_TRANSPORT", "in-process")
    w = window_in(qtbot, language)
    try:
        shown = {"print": w.print_button.text(), "settings": w.settings_button.text(), "prompt": w.prompt.text(),
                 "tap": w.demo_panel.tap_button.text(), "status": w.status.reader.sentence,
                 "counter": w.counter.text()}
        assert shown == expected
        assert w.print_button.accessibleName() == ("Print" if language == "en" else "Cetak")
    finally:
        w.close()


def test_english_from_the_ts_when_no_qm_was_compiled(qtbot, monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(i18n, "qm_file", lambda lang, name="loket": tmp_path / "missing.qm")
    assert i18n.use("en") == "en"
    assert isinstance(i18n._installed, i18n.TsTranslator)
    assert i18n.translate("MainWindow", "%n warga dilayani hari ini", 1) == "1 citizen served today"
    assert i18n.translate("MainWindow", "%n warga dilayani hari ini", 2) == "2 citizens served today"


def test_english_from_a_compiled_qm(monkeypatch, tmp_path, qapp) -> None:
    ts = tmp_path / "loket_en.ts"
    shutil.copy(i18n.ts_file("en"), ts)
    subprocess.run([qt_tool("pyside6-lrelease"), "-silent", str(ts)], check=True)
    monkeypatch.setattr(i18n, "qm_file", lambda lang, name="loket": tmp_path / f"{name}_{lang}.qm")
    monkeypatch.setattr(i18n, "ts_file", lambda lang, name="loket": ts if name == "loket" else tmp_path / "x.ts")
    assert i18n.use("en") == "en"
    assert not isinstance(i18n._installed, i18n.TsTranslator)
    assert i18n.translate("StatusPanel", "Pembaca siap") == "Reader ready"
    assert i18n.translate("MainWindow", "Formulir dicetak (%n halaman).", 2) == "Form printed (2 pages)."


def test_no_translation_file_keeps_indonesian(monkeypatch, tmp_path, qapp) -> None:
    monkeypatch.setattr(i18n, "qm_file", lambda lang, name="loket": tmp_path / "none.qm")
    monkeypatch.setattr(i18n, "ts_file", lambda lang, name="loket": tmp_path / "none.ts")
    assert i18n.use("en") == "id"
    assert i18n.translate("StatusPanel", "Pembaca siap") == "Pembaca siap"


def test_every_translatable_string_of_app_ui_has_its_english(tmp_path) -> None:
    """pyside6-lupdate, Qt's own extractor, finds every tr()/translate()/QT_TRANSLATE_NOOP in app/ui and
    every sentence the core marks (QT_TRANSLATE_NOOP("Core", ...) in app/, forms/, reader/); each must have
    a finished English translation with the same placeholders."""
    fresh = tmp_path / "fresh.ts"
    sources = translatable_sources()
    subprocess.run([qt_tool("pyside6-lupdate"), *sources, "-source-language", "id", "-target-language", "en",
                    "-locations", "none", "-ts", str(fresh)], check=True, capture_output=True)
    wanted = set(i18n.read_ts(fresh)) | _all_messages(fresh)
    assert len(wanted) > 150, "lupdate found too little: is it reading app/ui?"
    have = i18n.read_ts(i18n.ts_file("en"))
    missing = sorted(f"{ctx}: {src}" for ctx, src in wanted if (ctx, src) not in have)
    assert not missing, "run pyside6-lupdate (see app/ui/i18n.py) and translate:\n" + "\n".join(missing)
    for (ctx, src), forms in have.items():
        for form in forms:
            assert sorted(PLACEHOLDER.findall(form)) == sorted(PLACEHOLDER.findall(src)), (ctx, src, form)


def _all_messages(ts: Path) -> set[tuple[str, str]]:
    import xml.etree.ElementTree as ET

    root = ET.parse(ts).getroot()
    return {(c.findtext("name") or "", m.findtext("source") or "")
            for c in root.iter("context") for m in c.iter("message")}


def test_english_window_shows_no_untranslated_indonesian(qtbot, monkeypatch) -> None:
    """Every widget text of the English window (with its settings dialog) that is one of our source strings
    must have been translated: catches a string translated in the .ts but shown without tr()."""
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QLineEdit, QTabWidget, QWidget

    from app.ui.settings_dialog import SettingsDialog

    monkeypatch.setenv("LOKET_DEMO_TRANSPORT", "in-process")
    w = window_in(qtbot, "en")
    dialog = SettingsDialog(w.settings, w, save=False, readers=[], printers=[])
    qtbot.addWidget(dialog)
    sources = {src for (_ctx, src), forms in i18n.read_ts(i18n.ts_file("en")).items() if src not in forms}
    shown: list[str] = []
    for top in (w, dialog):
        shown.append(top.windowTitle())
        for widget in top.findChildren(QWidget):
            shown += [widget.accessibleName(), widget.toolTip()]
            if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
                shown.append(widget.text())
            if isinstance(widget, QLineEdit):
                shown.append(widget.placeholderText())
            if isinstance(widget, QComboBox):
                shown += [widget.itemText(i) for i in range(widget.count())]
            if isinstance(widget, QTabWidget):
                shown += [widget.tabText(i) for i in range(widget.count())]
    untranslated = sorted({s for s in shown if s in sources})
    assert not untranslated, untranslated
    assert "Letterhead" in shown and "Paper and printer" in shown
    w.close()


def _compiled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The window's translations compiled by lrelease, as setup.sh and the installer ship them."""
    for name in ("loket_en", "qtbase_id"):
        ts = tmp_path / f"{name}.ts"
        shutil.copy(i18n.ts_file(name.split("_")[1], name.split("_")[0]), ts)
        subprocess.run([qt_tool("pyside6-lrelease"), "-silent", str(ts)], check=True)
    monkeypatch.setattr(i18n, "qm_file", lambda lang, name="loket": tmp_path / f"{name}_{lang}.qm")


def test_unknown_strings_are_left_to_qt_not_translated_to_nothing(qapp) -> None:
    """The .ts reader answers None ("not mine") for a string it does not hold: an empty answer was taken
    as the translation by Qt itself (a JPEG photo no longer decoded) and by self.tr() (blank wherever the
    English equals the Indonesian)."""
    from PySide6.QtGui import QImage

    translator = i18n.TsTranslator(i18n.ts_file("en"))
    assert translator.translate("QImageReader", "no such string") is None
    assert translator.translate("RecordView", "Foto") == "Photo"
    jpeg = QImage(8, 8, QImage.Format.Format_RGB32)
    jpeg.fill(0x336699)
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    jpeg.save(buf, "JPEG")
    assert i18n.use("en") == "en"
    assert not QImage.fromData(bytes(data)).isNull()


@pytest.mark.parametrize("compiled", [False, True], ids=["ts", "qm"])
def test_an_english_window_shows_photo_signature_and_both_sources(qtbot, demo_registry, monkeypatch, tmp_path,
                                                                   compiled) -> None:
    from tests.test_ui_window import RISKY, make_window, sim_registry, tap

    if compiled:
        _compiled(tmp_path, monkeypatch)
    else:  # a checkout without setup.sh's compiled .qm (setup.sh compiles one beside the .ts)
        monkeypatch.setattr(i18n, "qm_file", lambda lang, name="loket": tmp_path / f"absent-{name}_{lang}.qm")
    settings = Settings()
    settings.extra["gui"] = {"language": "en"}
    w = make_window(qtbot, sim_registry(demo_registry), settings=settings)
    try:
        assert isinstance(i18n._installed, i18n.TsTranslator) is not compiled
        tap(qtbot, w, RISKY)
        assert not w.record.photo.pixmap().isNull(), w.record.photo.text()
        assert not w.record.signature.pixmap().isNull()
        sources = {row.source.text() for row in w.record.rows.values()}
        assert "✔ chip ✔ Dukcapil" in sources  # the same in both languages, and not blank
        assert "" not in sources
    finally:
        w.close()


@pytest.mark.parametrize("compiled", [False, True], ids=["ts", "qm"])
def test_qt_own_dialogs_speak_the_window_language(qtbot, monkeypatch, tmp_path, compiled) -> None:
    """Qt writes its print, save and message dialogs in English; the Indonesian window loads Indonesian
    for them (resources/translations/qtbase_id.ts: Qt ships none), the English one leaves them English."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter
    from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QMessageBox

    if compiled:
        _compiled(tmp_path, monkeypatch)

    def texts(dialog: QWidget) -> set[str]:
        from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel

        out = {dialog.windowTitle()}
        for child in dialog.findChildren(QWidget):
            if isinstance(child, QAbstractButton | QLabel):
                out.add(child.text().replace("&", ""))
            if isinstance(child, QGroupBox):
                out.add(child.title())
        return out

    from PySide6.QtWidgets import QWidget

    expected = {"id": ({"Simpan", "Batal", "Nama berkas:", "Jenis berkas:"}, {"Cetak", "Batal", "Printer"},
                       {"Ya", "Tidak", "Batal"}, "%1 sudah ada.\nGanti berkas itu?"),
                "en": ({"Save", "Cancel", "File name:", "Files of type:"}, {"Print", "Cancel", "Printer"},
                       {"Yes", "No", "Cancel"}, "%1 already exists.\nDo you want to replace it?")}
    for lang in ("id", "en", "id"):
        assert i18n.use(lang) == lang
        file_words, print_words, box_words, overwrite = expected[lang]
        save = QFileDialog(None, "x")
        save.setOption(QFileDialog.Option.DontUseNativeDialog)  # Qt's own widgets, as on a Linux counter
        save.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        qtbot.addWidget(save)
        assert file_words <= texts(save), texts(save)
        assert i18n.translate("QFileDialog", "%1 already exists.\nDo you want to replace it?") == overwrite
        printer = QPrinter()
        dialog = QPrintDialog(printer)
        qtbot.addWidget(dialog)
        assert print_words <= texts(dialog), texts(dialog)
        box = QMessageBox(QMessageBox.Icon.Question, "x", "y",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
                          | QMessageBox.StandardButton.Cancel)
        qtbot.addWidget(box)
        shown = {b.text().replace("&", "") for b in box.findChild(QDialogButtonBox).buttons()}
        assert box_words == shown


def test_a_core_sentence_in_the_window_language(qapp) -> None:
    """from_core: an exact sentence, a marked template with its values (a field's label in its English, a
    nested sentence translated too), data left as it is; Indonesian unchanged. The sentences are made as the
    core makes them (the marker's template, formatted): the window never matches a finished sentence."""
    from app.base.clerktext import QT_TRANSLATE_NOOP
    from app.registry.result import Failed, FailureKind
    from app.report.render import duration
    from forms.values import nik_problem
    from reader.errors import NotEktp

    i18n.learn_words([("Nama Lengkap", "Full name"),
                      ("No. Kartu BPJS harus 13 angka.", "A BPJS card no. is 13 digits.")])
    nik = QT_TRANSLATE_NOOP("Core", "{label}: {problem}").format(label="NIK Pelapor", problem=nik_problem("123"))
    required = QT_TRANSLATE_NOOP("Core", "{label} wajib diisi.").format(label="Nama Lengkap")
    refused = Failed(FailureKind.HTTP_STATUS, http_status=503).id_text
    saved = QT_TRANSLATE_NOOP("Core", "{duration} ({seconds} detik per isian)").format(duration=duration(3900),
                                                                                        seconds="6")
    assert (required, refused, saved) == ("Nama Lengkap wajib diisi.", "Layanan data kependudukan menolak "
                                          "permintaan (HTTP 503); data dari chip tetap dipakai.",
                                          "1 jam 5 menit (6 detik per isian)")  # the CLI's and paper's words
    assert i18n.use("id") == "id"
    assert i18n.from_core(NotEktp.default_id_text) == NotEktp.default_id_text
    assert i18n.from_core(required) == "Nama Lengkap wajib diisi."
    assert i18n.use("en") == "en"
    assert i18n.from_core(NotEktp.default_id_text) == "This card is not an e-KTP. Place the citizen's e-KTP."
    assert i18n.from_core(required) == "Full name is required."
    assert i18n.from_core("No. Kartu BPJS harus 13 angka.") == "A BPJS card no. is 13 digits."
    assert i18n.from_core(nik) == "NIK Pelapor: A NIK is 16 digits."  # an unknown label stays as written
    assert i18n.from_core(refused) == "The registry service refused the request (HTTP 503); the chip's data is used."
    assert i18n.from_core(saved) == "1 h 5 min (6 seconds per field)"
    assert i18n.from_core("RISKY RISTIANDY") == "RISKY RISTIANDY"
    assert i18n.from_core("") == ""
    # A finished sentence that lost its template is not guessed back: it stays as written.
    assert i18n.from_core(str(required)) == "Nama Lengkap wajib diisi."


def test_templates_carry_both_languages() -> None:
    """Every word of a shipped template that the screen shows has its English beside it (the paper keeps the
    Indonesian); a template without them still loads, and shows its Indonesian in an English window."""
    from forms.template import load_all

    missing = []
    for template in load_all().values():
        if not template.title_en:
            missing.append(f"{template.id}: title_en")
        for word, english, key in ((template.service_name, template.service_name_en, "service_name_en"),
                                   (template.legend_name, template.legend_name_en, "legend_name_en")):
            if word and not english:
                missing.append(f"{template.id}: {key}")
        for section in template.sections:
            if section.title and not section.title_en:
                missing.append(f"{template.id}: section {section.title!r} title_en")
            for f in section.fields:
                for word, english, key in ((f.label, f.label_en, "label_en"), (f.hint, f.hint_en, "hint_en"),
                                           (f.pattern_message, f.pattern_message_en, "pattern_message_en")):
                    if word and not english:
                        missing.append(f"{template.id}: {f.key}.{key}")
                missing += [f"{template.id}: {f.key}.columns.{c.key}.label_en" for c in f.columns if not c.label_en]
    assert not missing, missing


def test_a_template_without_english_shows_its_indonesian(tmp_path, qapp) -> None:
    from app.letters.catalog import load_services
    from app.ui.record_view import hint_of, label_of, section_of

    (tmp_path / "t.toml").write_text('id = "t"\ntitle = "SURAT"\n[[sections]]\ntitle = "Data"\n'
                                     '[[sections.fields]]\nkey = "x"\nlabel = "Isian Kantor"\nhint = "kecil"\n'
                                     'source = "typed"\n', encoding="utf-8")
    spec = next(s for s in load_services(tmp_path) if s.id == "t").fields[0]
    assert i18n.use("en") == "en"
    assert (label_of(spec), hint_of(spec), section_of(spec)) == ("Isian Kantor", "kecil", "Data")
