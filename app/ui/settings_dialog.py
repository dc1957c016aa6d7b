"""Settings for this counter PC: readers, the registry and credentials, letterheads, paper and printer
calibration, the idle time and the language. Everything but the credentials goes to the settings file
(``app.base.settings.save``); the keys are the same ones ``loket fill`` and the forms read.

Credentials go straight to the OS keyring and are never read back into the dialog: the password fields
always open empty, and leaving them empty keeps what is stored.
"""

from __future__ import annotations

import copy
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.base import settings as settings_module
from app.base.credentials import store_secrets
from app.base.settings import Settings
from app.letters.formdata import forms_settings, office_for
from app.ui import i18n
from app.ui.fit import fit_to_screen
from app.ui.i18n import QT_TRANSLATE_NOOP
from app.ui.ops import Background

if TYPE_CHECKING:
    from reader.cardio import CardIO

log = logging.getLogger("loket.ui")

# Letterheads by office kind (forms.offices.<kind>); the kinds come from the installed form templates.
OFFICE_NAMES = {
    "rsud": QT_TRANSLATE_NOOP("SettingsDialog", "Rumah sakit (RSUD)"),
    "satpas": QT_TRANSLATE_NOOP("SettingsDialog", "Satpas SIM (Polri)"),
    "kelurahan": QT_TRANSLATE_NOOP("SettingsDialog", "Kelurahan"),
    "kecamatan": QT_TRANSLATE_NOOP("SettingsDialog", "Kecamatan"),
}
PAPERS = ("A4", "F4")
OFFSET_LIMIT_MM = 20.0  # more than 2 cm off is a paper guide set wrong, not something to calibrate away


READER_LIST_SECONDS = 5.0  # the card thread may be finishing a read; longer, and the names are typed instead


def printer_names() -> list[str]:
    try:
        from PySide6.QtPrintSupport import QPrinterInfo

        return list(QPrinterInfo.availablePrinterNames())
    except Exception:  # no print system (CUPS not running): names can still be typed
        return []


def office_kinds() -> list[str]:
    from app.letters.catalog import load_services

    kinds = [s.office for s in load_services() if s.office]
    return list(dict.fromkeys([*kinds, *OFFICE_NAMES]))  # the templates' first, in their order


class SettingsDialog(QDialog):
    readers_listed = Signal()  # the card thread's reader list arrived (or could not be read)

    def __init__(self, settings: Settings, parent: QWidget | None = None, save: bool = True,
                 readers: list[str] | None = None, printers: list[str] | None = None,
                 cardio: CardIO | None = None) -> None:
        """``readers``: the names to offer; None: asked of ``cardio`` (the window's card thread, never a PC/SC
        context of the dialog's own), in the background, and added to the lists when they come."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Pengaturan Loket"))
        self.setObjectName("settings")
        self.settings = settings
        self.save = save
        self.auto = self.tr("(otomatis)")
        from app.ui.gui_settings import gui_settings

        self._gui = gui_settings(settings)
        self._forms = forms_settings(settings)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Bagian pengaturan"))
        self.tabs.addTab(self._readers_page(readers or []), self.tr("Pembaca"))
        self.tabs.addTab(self._registry_page(), self.tr("Dukcapil"))
        self.tabs.addTab(self._letterhead_page(), self.tr("Kop surat"))
        self.tabs.addTab(self._paper_page(printer_names() if printers is None else printers),
                         self.tr("Kertas dan printer"))
        self.tabs.addTab(self._general_page(), self.tr("Umum"))
        self.problem = QLabel()
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        for which, text in ((QDialogButtonBox.StandardButton.Save, self.tr("Simpan")),
                            (QDialogButtonBox.StandardButton.Cancel, self.tr("Batal"))):
            buttons.button(which).setText(text)
            buttons.button(which).setAccessibleName(text)
        buttons.accepted.connect(self.apply)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(self.problem)
        lay.addWidget(buttons)
        self.tabs.setUsesScrollButtons(True)  # more tabs than width: arrows, never a wider dialog
        fit_to_screen(self, max(560, self.sizeHint().width()), max(420, self.sizeHint().height()))
        if readers is None and cardio is not None:
            self.background = Background(self)
            self.background.run("reader-list", lambda: cardio.run(lambda pcsc: pcsc.readers(),
                                                                  timeout=READER_LIST_SECONDS),
                                self._readers_found, self._readers_unknown)

    def _readers_found(self, names: list[str]) -> None:
        for box in (self.card_reader, self.sam_reader):
            current = box.currentText()
            box.addItems([n for n in names if box.findText(n) < 0])
            box.setCurrentText(current)  # what the clerk typed meanwhile stays
        self.readers_listed.emit()

    def _readers_unknown(self, _exc: BaseException) -> None:  # no PC/SC service (logged): names can be typed
        self.readers_listed.emit()

    # --- pages --------------------------------------------------------------------------------------------

    def _readers_page(self, names: list[str]) -> QWidget:
        s = self.settings
        self.card_reader = self._reader_box(names, s.readers.card_reader, self.tr("Pembaca e-KTP"))
        self.sam_reader = self._reader_box(names, s.readers.sam_reader, self.tr("Pembaca SAM"))
        it_owned = settings_module.baseline()["readers"]
        for box, key in ((self.card_reader, "card_reader"), (self.sam_reader, "sam_reader")):
            if it_owned.get(key):  # set machine-wide by IT
                box.setEnabled(False)
                box.setToolTip(self.tr("Diatur petugas IT untuk komputer ini."))
        form = QFormLayout()
        form.addRow(self.tr("Pembaca e-KTP:"), self.card_reader)
        form.addRow(self.tr("Pembaca SAM:"), self.sam_reader)
        return _page(form, self.tr("Sebagian nama pembaca sudah cukup. \"(otomatis)\": Loket mencarinya sendiri."))

    def _registry_page(self) -> QWidget:
        s = self.settings
        self.url = _line(s.registry.base_url, self.tr("Alamat layanan Dukcapil"))
        self.url.setPlaceholderText(self.tr("https://… atau http://alamat-lokal:port"))
        self.agency = _line(s.registry.agency, self.tr("Kode instansi"))
        keep = self.tr("kosongkan untuk tetap memakai yang tersimpan")
        self.user = _line("", self.tr("ID pengguna Dukcapil"))
        self.user.setPlaceholderText(keep)
        self.password = _line("", self.tr("Kata sandi Dukcapil"))
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(keep)
        it_owned = settings_module.baseline()["registry"]
        if it_owned.get("base_url") or it_owned.get("agency"):
            # Set machine-wide by IT: where the counter sends a NIK and with whose login is not a clerk's choice.
            for edit in (self.url, self.agency, self.user, self.password):
                edit.setReadOnly(True)
                edit.setEnabled(False)
                edit.setToolTip(self.tr("Diatur petugas IT untuk komputer ini."))
        form = QFormLayout()
        form.addRow(self.tr("Alamat Dukcapil:"), self.url)
        form.addRow(self.tr("Kode instansi:"), self.agency)
        form.addRow(self.tr("ID pengguna:"), self.user)
        form.addRow(self.tr("Kata sandi:"), self.password)
        return _page(form, self.tr("ID pengguna dan kata sandi disimpan di brankas kata sandi sistem, "
                                   "tidak di berkas pengaturan, dan tidak pernah ditampilkan lagi."))

    def _letterhead_page(self) -> QWidget:
        self._kinds = office_kinds()
        self._offices = {kind: _office_values(kind, self.settings) for kind in self._kinds}
        self._original = {kind: dict(values) for kind, values in self._offices.items()}
        self.office_kind = QComboBox()
        self.office_kind.setAccessibleName(self.tr("Kop surat untuk kantor"))
        for kind in self._kinds:
            self.office_kind.addItem(i18n.translate("SettingsDialog", OFFICE_NAMES.get(kind, kind)), kind)
        self.office_name = _line("", self.tr("Nama kantor pada kop surat"))
        self.office_heading = QPlainTextEdit()
        self.office_heading.setAccessibleName(self.tr("Baris kop di atas nama kantor, satu per baris"))
        self.office_heading.setTabChangesFocus(True)  # the keyboard can still leave the box
        self.office_heading.setMaximumHeight(self.fontMetrics().lineSpacing() * 5)
        self.office_address = _line("", self.tr("Alamat kantor pada kop surat"))
        self.office_logo = _line("", self.tr("Berkas logo kantor"))
        self.office_logo.setPlaceholderText(self.tr("PNG atau JPEG; kosong = tanpa logo"))
        browse = QPushButton(self.tr("Pilih…"))
        browse.setAccessibleName(self.tr("Pilih berkas logo"))
        browse.setAutoDefault(False)
        browse.clicked.connect(self._browse_logo)
        logo = QHBoxLayout()
        logo.addWidget(self.office_logo, 1)
        logo.addWidget(browse)
        self._shown_kind = ""
        self.office_kind.currentIndexChanged.connect(self._show_office)
        form = QFormLayout()
        form.addRow(self.tr("Kantor:"), self.office_kind)
        form.addRow(self.tr("Baris kop di atas nama:"), self.office_heading)
        form.addRow(self.tr("Nama kantor:"), self.office_name)
        form.addRow(self.tr("Alamat:"), self.office_address)
        form.addRow(self.tr("Logo:"), logo)
        self._show_office()
        return _page(form, self.tr("Kop dicetak di atas setiap formulir dan surat kantor ini."))

    def _paper_page(self, printers: list[str]) -> QWidget:
        self.paper = QComboBox()
        self.paper.setAccessibleName(self.tr("Ukuran kertas"))
        self.paper.addItem(self.tr("Sesuai formulir (A4 atau F4)"), "")
        for size in PAPERS:
            self.paper.addItem(size, size)
        configured = str(self._forms.get("paper") or "").upper()
        self.paper.setCurrentIndex(max(0, self.paper.findData(configured)))
        self.printer = QComboBox()
        self.printer.setEditable(True)  # a printer may be switched off right now
        self.printer.setAccessibleName(self.tr("Printer untuk formulir pracetak"))
        known = self._forms.get("printers") if isinstance(self._forms.get("printers"), dict) else {}
        self.printer.addItem("")
        self.printer.addItems(list(dict.fromkeys([*printers, *known])))
        self.offset_x = self._offset(self.tr("Geser ke kanan (mm)"))
        self.offset_y = self._offset(self.tr("Geser ke bawah (mm)"))
        self.printer.currentTextChanged.connect(self._show_offsets)
        self.printer.setCurrentText(str(self._forms.get("printer") or ""))
        self._show_offsets()
        form = QFormLayout()
        form.addRow(self.tr("Kertas:"), self.paper)
        form.addRow(self.tr("Printer pracetak:"), self.printer)
        form.addRow(self.tr("Geser ke kanan:"), self.offset_x)
        form.addRow(self.tr("Geser ke bawah:"), self.offset_y)
        return _page(form, self.tr("Kalibrasi untuk lembar pracetak: jika isian tercetak terlalu kiri atau "
                                   "terlalu tinggi, geser dengan angka positif. Angka negatif menggeser "
                                   "ke kiri atau ke atas."))

    def _general_page(self) -> QWidget:
        from app.ui.gui_settings import idle_seconds

        self.idle = QSpinBox()
        self.idle.setAccessibleName(self.tr("Waktu diam sebelum data dibersihkan (detik)"))
        self.idle.setRange(15, 3600)
        self.idle.setSuffix(self.tr(" detik"))
        self.idle.setValue(int(idle_seconds(self.settings)))
        self.language = QComboBox()
        self.language.setAccessibleName(self.tr("Bahasa tampilan"))
        for code, name in i18n.LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(i18n.language(self.settings))))
        form = QFormLayout()
        form.addRow(self.tr("Bersihkan data setelah diam:"), self.idle)
        form.addRow(self.tr("Bahasa:"), self.language)
        return _page(form, self.tr("Bahasa baru berlaku setelah Loket dibuka ulang. Pesan dari pembaca kartu "
                                   "dan formulir tetap berbahasa Indonesia."))

    # --- helpers ------------------------------------------------------------------------------------------

    def _reader_box(self, names: list[str], current: str, accessible: str) -> QComboBox:
        box = QComboBox()
        box.setEditable(True)  # a part of the name is enough, and a reader may be unplugged right now
        box.setAccessibleName(accessible)
        box.addItem(self.auto)
        box.addItems(names)
        box.setCurrentText(current or self.auto)
        return box

    def _reader(self, box: QComboBox) -> str:
        text = box.currentText().strip()
        return "" if text == self.auto else text

    @staticmethod
    def _offset(accessible: str) -> QDoubleSpinBox:
        box = QDoubleSpinBox()
        box.setAccessibleName(accessible)
        box.setRange(-OFFSET_LIMIT_MM, OFFSET_LIMIT_MM)
        box.setSingleStep(0.5)
        box.setDecimals(1)
        box.setSuffix(" mm")
        box.setLocale(number_locale())  # "0,0 mm" in Indonesian: a decimal comma, as the clerk writes it
        return box

    def _show_offsets(self) -> None:
        name = self.printer.currentText().strip()
        printers = self._forms.get("printers")
        entry = printers.get(name) if isinstance(printers, dict) else None
        offset = entry.get("offset_mm") if isinstance(entry, dict) else None
        x, y = offset if isinstance(offset, list) and len(offset) == 2 else (0.0, 0.0)
        self.offset_x.setValue(float(x))
        self.offset_y.setValue(float(y))

    def _keep_office(self) -> None:
        if self._shown_kind:
            self._offices[self._shown_kind] = {
                "name": self.office_name.text().strip(),
                "upper": [ln.strip() for ln in self.office_heading.toPlainText().splitlines() if ln.strip()],
                "address": self.office_address.text().strip(),
                "logo": self.office_logo.text().strip(),
            }

    def _show_office(self) -> None:
        self._keep_office()
        kind = self.office_kind.currentData() or ""
        values = self._offices.get(kind) or {"name": "", "upper": [], "address": "", "logo": ""}
        self.office_name.setText(values["name"])
        self.office_heading.setPlainText("\n".join(values["upper"]))
        self.office_address.setText(values["address"])
        self.office_address.setCursorPosition(0)
        self.office_logo.setText(values["logo"])
        self._shown_kind = kind

    def _browse_logo(self) -> None:
        start = self.office_logo.text() or str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Pilih logo kantor"), start,
                                              self.tr("Gambar (*.png *.jpg *.jpeg)"))
        if path:
            self.office_logo.setText(path)

    # --- saving -------------------------------------------------------------------------------------------

    def _store_forms(self) -> str:
        """Letterheads, paper and calibration into ``forms`` (other keys there are kept); a problem or ''."""
        self._keep_office()
        forms = self.settings.extra.setdefault("forms", {})
        if not isinstance(forms, dict):
            forms = self.settings.extra["forms"] = {}
        for kind, values in self._offices.items():
            if values == self._original.get(kind):
                continue  # untouched: an office never set keeps following the example (and later fixes to it)
            if values["logo"] and not Path(values["logo"]).is_file():
                return self.tr("Berkas logo tidak ditemukan: {path}").format(path=values["logo"])
            offices = forms.setdefault("offices", {})
            entry = offices.setdefault(kind, {}) if isinstance(offices, dict) else {}
            entry["heading"] = [*values["upper"], values["name"]] if values["name"] else list(values["upper"])
            entry["address"] = values["address"]
            entry["logo"] = values["logo"]
        paper = self.paper.currentData()
        if paper:
            forms["paper"] = paper
        else:
            forms.pop("paper", None)
        name = self.printer.currentText().strip()
        if name:
            forms["printer"] = name
            printers = forms.setdefault("printers", {})
            if isinstance(printers, dict):
                entry = printers.setdefault(name, {})
                entry["offset_mm"] = [round(self.offset_x.value(), 1), round(self.offset_y.value(), 1)]
        else:
            forms.pop("printer", None)
        return ""

    def apply(self) -> None:
        """Save: every value checked before any reaches the live settings; a refusal leaves them untouched."""
        before = copy.deepcopy(self.settings)
        if not self._apply():
            self._restore(before)

    def _restore(self, before: Settings) -> None:
        s = self.settings
        s.readers, s.card, s.registry = before.readers, before.card, before.registry
        s.extra.clear()
        s.extra.update(before.extra)
        from app.ui.gui_settings import gui_settings

        self._gui = gui_settings(s)
        self._forms = forms_settings(s)

    def _apply(self) -> bool:
        s = self.settings
        s.readers.card_reader = self._reader(self.card_reader)
        s.readers.sam_reader = self._reader(self.sam_reader)
        s.registry.base_url = self.url.text().strip()
        s.registry.agency = self.agency.text().strip()
        from app.ui.gui_settings import idle_seconds

        # Only what the clerk changed: an untouched value keeps following the machine file (or the default).
        if self.idle.value() != idle_seconds(s):
            self._gui["idle_seconds"] = self.idle.value()
        if self.language.currentData() != i18n.language(s):
            self._gui["language"] = self.language.currentData()
        problem = self._store_forms()
        if problem:
            self.problem.setText(problem)
            return False
        from app.base import settings_schema

        # The one schema the file is read with: what the dialog would save must read back the same.
        refused = [p.path for p in settings_schema.check(settings_module.as_data(s))[1] if not p.unknown]
        if refused:
            self.problem.setText(self.tr("Nilai ini tidak sah dan tidak disimpan: {fields}.")
                                 .format(fields=", ".join(refused)))
            return False
        user, password = self.user.text().strip(), self.password.text()
        self.password.clear()  # do not keep the secret in a widget longer than needed
        if user or password:
            if not (user and password):
                self.problem.setText(self.tr("Isi ID pengguna dan kata sandi bersama-sama, atau kosongkan keduanya."))
                return False
            from app.registry.client import PASSWORD_KEY, USER_KEY

            problem = store_secrets({USER_KEY: user, PASSWORD_KEY: password}, "registry credentials")
            if problem:
                self.problem.setText(i18n.from_core(problem))
                return False
            self.user.clear()
        if self.save:
            try:
                settings_module.save(s)
            except OSError as exc:
                self.problem.setText(self.tr("Pengaturan tidak dapat disimpan ({reason}). Hubungi petugas IT.")
                                     .format(reason=exc.strerror))
                return False
        self.accept()
        return True


def number_locale() -> QLocale:
    """How numbers are written in the window's language (the system's locale may be another one)."""
    if i18n.current() == "id":
        return QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia)
    return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)


def _line(text: str, accessible: str) -> QLineEdit:
    edit = QLineEdit(text)
    edit.setAccessibleName(accessible)
    return edit


def _page(form: QFormLayout, note: str) -> QWidget:
    """A tab's page in a scroll area: on a small screen the page scrolls, Simpan and Batal stay."""
    page = QWidget()
    lay = QVBoxLayout(page)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # a long label goes above its field
    lay.addLayout(form)
    hint = QLabel(note)
    hint.setObjectName("hint")
    hint.setWordWrap(True)
    lay.addWidget(hint)
    lay.addStretch(1)
    scroll = QScrollArea()
    scroll.setWidget(page)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    return scroll


def _office_values(kind: str, settings: Settings) -> dict:
    office = office_for(kind, settings)
    heading = list(office.heading)
    return {"name": heading[-1] if heading else "", "upper": heading[:-1], "address": office.address,
            "logo": office.logo}
