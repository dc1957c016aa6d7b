"""The app icon: ``resources/icons/loket.svg`` (hand-written), and its PNG/ICO forms made from it at build time.

    python -m app.ui.icon OUT.ico|OUT.png    # the PyInstaller spec runs this for the Windows .exe icon
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QIcon, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from resources import path as resource_path

SVG = resource_path("icons", "loket.svg")
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def app_icon() -> QIcon:
    return QIcon(str(SVG))


def render(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    QSvgRenderer(str(SVG)).render(painter)
    painter.end()
    return image


def write(out: Path) -> Path:
    """A PNG (256 px) or a multi-size Windows ICO, from the SVG."""
    out.parent.mkdir(parents=True, exist_ok=True)
    big = render(256)
    if out.suffix.lower() != ".ico":
        big.save(str(out))
        return out
    import io

    from PIL import Image

    png = io.BytesIO(_png_bytes(big))
    Image.open(png).save(out, sizes=[(s, s) for s in ICO_SIZES])
    return out


def _png_bytes(image: QImage) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    buf.close()
    return data.data()


if __name__ == "__main__":
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    print(write(Path(sys.argv[1])))
