"""The "Diagnosa" button: the same checks as ``loket doctor``, run off the GUI thread, saved as a file for IT."""

from __future__ import annotations

import json
import logging
import threading
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from app.logsetup import failure
from app.settings import Settings, config_path
from app.ui.i18n import from_core
from reader.cardio import CardIO

log = logging.getLogger("loket.ui")


def report_path() -> Path:
    return config_path().parent / f"diagnosa-{datetime.now():%Y%m%d-%H%M%S}.json"


class Diagnosis(QObject):
    done = Signal(str)  # one sentence for the clerk, naming the report file

    def __init__(self, settings: Settings, parent: QObject | None = None, cardio: CardIO | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.cardio = cardio  # the window's card-I/O thread: the SAM check never runs beside a read

    def start(self) -> None:
        threading.Thread(target=self._run, name="loket-diagnosis", daemon=True).start()

    def _run(self) -> None:
        try:
            from app.doctor import run_checks

            checks = run_checks(self.settings, cardio=self.cardio)
            path = report_path()
            path.parent.mkdir(parents=True, exist_ok=True)
            # The checks name readers and steps only, never card data, so the file can go to IT as it is.
            path.write_text(json.dumps([c.to_json() for c in checks], indent=2, ensure_ascii=False),
                            encoding="utf-8")
            failed = [c for c in checks if not c.ok]
            head = self.tr("Diagnosa: %n masalah.", "", len(failed)) if failed else \
                self.tr("Diagnosa: semua pemeriksaan baik.")
            detail = [from_core(failed[0].detail)] if failed else []  # the check's own sentence (app.doctor)
            self.done.emit(" ".join([head, *detail, self.tr("Laporan: {path}").format(path=path)]))
        except Exception as exc:
            log.error("diagnosis failed: %s", failure(exc))
            self.done.emit(self.tr("Diagnosa tidak dapat dijalankan; hubungi petugas IT."))
