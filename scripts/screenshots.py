"""One set of the docs' screenshots: the counter window with a (simulated) citizen, the print preview, the
report and Diagnosa, each as the whole screen shows it, so a control pushed off the screen shows as missing.

Run by scripts/screenshots.sh inside Xvfb, once per screen size and scale factor (Qt reads QT_SCALE_FACTOR
when the application starts):

    QT_QPA_PLATFORM=xcb QT_SCALE_FACTOR=1.5 python scripts/screenshots.py OUT_DIR 1024x768 1.5 en

Writes OUT_DIR/<what>-<size>-<scale>-<language>.png as a palette PNG (they are committed: small).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def settle(app: object, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()  # type: ignore[attr-defined]
        time.sleep(0.02)


def save_small(image: object, path: Path) -> None:
    """The screen as a 64-colour PNG: a flat UI needs no more, and a shot stays near 30 kB."""
    import io

    from PIL import Image
    from PySide6.QtCore import QBuffer, QIODevice

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[attr-defined]
    shot = Image.open(io.BytesIO(bytes(buffer.data()))).convert("RGB")
    shot.quantize(colors=64, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)


def main(out: Path, size: str, scale: str, language: str) -> int:
    os.environ.setdefault("LOKET_DEMO_TRANSPORT", "in-process")
    work = Path(tempfile.mkdtemp(prefix="loket-shots-"))
    os.environ["LOKET_CONFIG"] = str(work / "settings.json")  # never the user's settings, trail or keyring
    os.environ["LOKET_DATA_DIR"] = str(work / "data")
    os.environ["XDG_DATA_HOME"] = str(work / "xdg")
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyrings.alt.file.PlaintextKeyring"  # named: in work/xdg above
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    app.setApplicationName("Loket")
    app.setApplicationDisplayName("Loket")
    from app.base.settings import Settings
    from app.ui.app import start_demo_registry
    from app.ui.main_window import MainWindow

    settings = Settings()
    settings.extra["gui"] = {"language": language, "service": "rsud_pasien_baru"}
    window = MainWindow(settings, demo=True, overrides=start_demo_registry(), watch_readers=False,
                        save_settings=False)
    screen = app.primaryScreen()
    window.setGeometry(screen.availableGeometry())
    window.showMaximized()
    shown: list[int] = []
    window.person_shown.connect(lambda: shown.append(1))
    window.demo_panel.tap()  # type: ignore[union-attr]
    deadline = time.monotonic() + 20
    while not shown and time.monotonic() < deadline:
        settle(app, 0.1)
    if not shown:
        sys.stderr.write("the simulated citizen did not appear\n")
        return 1
    rows = window.record.rows
    if "cara_bayar" in rows and rows["cara_bayar"].editor is not None:
        rows["cara_bayar"].editor.setCurrentText("UMUM")  # type: ignore[union-attr]
    settle(app, 0.5)
    name = f"{size}-{scale}-{language}.png"
    out.mkdir(parents=True, exist_ok=True)
    save_small(screen.grabWindow(0).toImage(), out / f"window-{name}")

    previewed: list[int] = []
    window.preview_shown.connect(lambda: previewed.append(1))
    window.preview()
    deadline = time.monotonic() + 30
    while not previewed and time.monotonic() < deadline:
        settle(app, 0.1)
    settle(app, 0.5)
    save_small(screen.grabWindow(0).toImage(), out / f"preview-{name}")
    if window.preview_dialog is not None:
        window.preview_dialog.reject()

    window.report_button.click()  # type: ignore[attr-defined]
    settle(app, 1.5)
    save_small(screen.grabWindow(0).toImage(), out / f"report-{name}")
    window.report_view.reject()  # type: ignore[attr-defined]

    window.run_diagnosis()
    dialog = window.diagnosis_dialog
    listed: list[int] = []
    dialog.shown_checks.connect(lambda: listed.append(1))
    deadline = time.monotonic() + 30
    while not listed and time.monotonic() < deadline:
        settle(app, 0.1)
    settle(app, 0.5)
    save_small(screen.grabWindow(0).toImage(), out / f"diagnosis-{name}")
    dialog.reject()
    window.close()
    handle = getattr(start_demo_registry, "handle", None)
    if handle is not None:
        handle.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), *sys.argv[2:5]))
