"""Run in a fresh process by tests/test_ui_fit.py, one per screen and scale factor (Qt reads
QT_SCALE_FACTOR and the offscreen screen's size when the QApplication is created): opens every top-level
window and dialog of the counter in the given language and prints, as JSON, where each one and each of its
buttons ended up against the screen's available geometry."""

from __future__ import annotations

import json
import os
import sys
import time

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QAbstractButton, QApplication, QScrollArea, QTabBar, QWidget


def inside_scroll(widget: QWidget, top: QWidget) -> bool:
    w = widget.parentWidget()
    while w is not None and w is not top:
        if isinstance(w, QScrollArea):
            return True
        w = w.parentWidget()
    return False


def measure(name: str, top: QWidget, app: QApplication) -> dict[str, object]:
    for _ in range(5):
        app.processEvents()
    screen = top.screen().availableGeometry()
    frame = top.frameGeometry()
    out: dict[str, object] = {
        "name": name, "screen": [screen.width(), screen.height()],
        "window": [frame.x(), frame.y(), frame.width(), frame.height()],
        "min": [top.minimumSizeHint().width(), top.minimumSizeHint().height()],
        "fits": screen.contains(frame), "off": [],
    }
    for button in top.findChildren(QAbstractButton):
        if not button.isVisibleTo(top) or inside_scroll(button, top) or isinstance(button.parentWidget(), QTabBar):
            continue
        where = QRect(button.mapToGlobal(button.rect().topLeft()), button.size())
        if not screen.contains(where):
            out["off"].append(f"{button.text() or button.accessibleName()} at {where.getRect()}")  # type: ignore[union-attr]
    return out


LONG = ("Alamat IP komputer ini (10.1.2.3) tidak terdaftar di data kependudukan; minta petugas IT "
        "mendaftarkannya, sementara itu data dari chip tetap dipakai. ") * 2


def wait_for(app: QApplication, done: list[int], seconds: float = 15.0) -> None:
    deadline = time.monotonic() + seconds
    while not done and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)


def one_language(app: QApplication, language: str) -> list[dict[str, object]]:
    from PySide6.QtGui import QColor, QImage

    from app.base.settings import Settings
    from app.flows.doctor import FAIL, WARN, Check
    from app.ui.diagnosis import TITLES, DiagnosisDialog
    from app.ui.main_window import MainWindow
    from app.ui.printing import PreviewDialog, preview_width
    from app.ui.report_view import ReportView
    from app.ui.settings_dialog import SettingsDialog

    settings = Settings()
    settings.extra["gui"] = {"language": language}
    window = MainWindow(settings, demo=True, watch_readers=False, save_settings=False)
    window.setGeometry(window.screen().availableGeometry())  # as `loket gui` does
    window.showMaximized()
    shown: list[int] = []
    window.person_shown.connect(lambda: shown.append(1))
    window.demo_panel.tap()
    wait_for(app, shown)
    window.message.setText(LONG)
    window.status.set_registry("refused", LONG)
    results = [measure(f"main/{language}", window, app)]
    # The citizen's form scrolls only downwards: its columns fit the width left for them.
    results[0]["across"] = [window.record.form.minimumSizeHint().width(), window.record.scroll.viewport().width()]
    width = preview_width(window)  # as MainWindow.preview() renders them
    page = QImage(width, int(width * 1.414), QImage.Format.Format_RGB888)
    page.fill(QColor("white"))
    diagnosis = DiagnosisDialog(settings, window, status=window.status, run=False)
    diagnosis.show_checks([Check(name, FAIL if n % 2 else WARN, LONG) for n, name in enumerate(TITLES)])
    dialogs = [("preview", PreviewDialog([page, page], lambda: None, lambda: None, window)),
               ("report", ReportView(settings, window)),
               ("settings", SettingsDialog(settings, window, save=False, readers=[], printers=[])),
               ("diagnosis", diagnosis)]
    from PySide6.QtWidgets import QScrollArea

    for name, dialog in dialogs:
        dialog.show()
        result = measure(f"{name}/{language}", dialog, app)
        scroll = dialog.findChild(QScrollArea)
        if name in ("preview", "report") and scroll is not None:  # pages and charts seen whole across
            result["across"] = [scroll.widget().minimumSizeHint().width(), scroll.viewport().width()]
        results.append(result)
        dialog.close()
    window.close()
    return results


def main() -> int:
    os.environ["LOKET_DEMO_TRANSPORT"] = "in-process"
    app = QApplication(sys.argv[:1])
    app.setApplicationDisplayName("Loket")
    results = []
    for language in sys.argv[1:]:
        results += one_language(app, language)
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
