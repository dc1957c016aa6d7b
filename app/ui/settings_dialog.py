"""Settings for this counter PC: which reader is which, the registry, the idle time, and credentials.

Credentials go straight to the OS keyring and are never read back into the dialog: the password fields
always open empty, and leaving them empty keeps what is stored.
"""

from __future__ import annotations

import logging

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app import settings as settings_module
from app.credentials import store_secrets
from app.settings import Settings

log = logging.getLogger("loket.ui")

AUTO = "(otomatis)"


def reader_names() -> list[str]:
    try:
        from reader.readers import Pcsc

        pcsc = Pcsc()
        try:
            return pcsc.readers()
        finally:
            pcsc.release()
    except Exception:  # no PC/SC service: the names can still be typed
        return []


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None, save: bool = True,
                 readers: list[str] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Pengaturan Loket")
        self.settings = settings
        self.save = save
        names = reader_names() if readers is None else readers

        self.card_reader = self._reader_box(names, settings.readers.card_reader, "Pembaca e-KTP")
        self.sam_reader = self._reader_box(names, settings.readers.sam_reader, "Pembaca SAM")
        self.url = QLineEdit(settings.registry.base_url)
        self.url.setAccessibleName("Alamat layanan Dukcapil")
        self.url.setPlaceholderText("https://… atau http://alamat-lokal:port")
        self.agency = QLineEdit(settings.registry.agency)
        self.agency.setAccessibleName("Kode instansi")
        self.user = QLineEdit()
        self.user.setAccessibleName("ID pengguna Dukcapil")
        self.user.setPlaceholderText("kosongkan untuk tetap memakai yang tersimpan")
        self.password = QLineEdit()
        self.password.setAccessibleName("Kata sandi Dukcapil")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("kosongkan untuk tetap memakai yang tersimpan")
        from app.ui.main_window import gui_settings, idle_seconds

        self._gui = gui_settings(settings)
        self.idle = QSpinBox()
        self.idle.setAccessibleName("Waktu diam sebelum data dibersihkan (detik)")
        self.idle.setRange(15, 3600)
        self.idle.setSuffix(" detik")
        self.idle.setValue(int(idle_seconds(settings)))
        self.problem = QLabel()
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)

        form = QFormLayout()
        form.addRow("Pembaca e-KTP:", self.card_reader)
        form.addRow("Pembaca SAM:", self.sam_reader)
        form.addRow("Alamat Dukcapil:", self.url)
        form.addRow("Kode instansi:", self.agency)
        form.addRow("ID pengguna:", self.user)
        form.addRow("Kata sandi:", self.password)
        form.addRow("Bersihkan data setelah diam:", self.idle)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Simpan")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Batal")
        buttons.accepted.connect(self.apply)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.problem)
        lay.addWidget(buttons)

    @staticmethod
    def _reader_box(names: list[str], current: str, accessible: str) -> QComboBox:
        box = QComboBox()
        box.setEditable(True)  # a part of the name is enough, and a reader may be unplugged right now
        box.setAccessibleName(accessible)
        box.addItem(AUTO)
        box.addItems(names)
        box.setCurrentText(current or AUTO)
        return box

    @staticmethod
    def _reader(box: QComboBox) -> str:
        text = box.currentText().strip()
        return "" if text == AUTO else text

    def apply(self) -> None:
        s = self.settings
        s.readers.card_reader = self._reader(self.card_reader)
        s.readers.sam_reader = self._reader(self.sam_reader)
        s.registry.base_url = self.url.text().strip()
        s.registry.agency = self.agency.text().strip()
        self._gui["idle_seconds"] = self.idle.value()
        user, password = self.user.text().strip(), self.password.text()
        self.password.clear()  # do not keep the secret in a widget longer than needed
        if user or password:
            if not (user and password):
                self.problem.setText("Isi ID pengguna dan kata sandi bersama-sama, atau kosongkan keduanya.")
                return
            from app.registry.client import PASSWORD_KEY, USER_KEY

            problem = store_secrets({USER_KEY: user, PASSWORD_KEY: password}, "registry credentials")
            if problem:
                self.problem.setText(problem)
                return
            self.user.clear()
        if self.save:
            try:
                settings_module.save(s)
            except OSError as exc:
                self.problem.setText(f"Pengaturan tidak dapat disimpan ({exc.strerror}). Hubungi petugas IT.")
                return
        self.accept()
