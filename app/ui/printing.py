"""Preview and print a rendered form: the pages shown are the PDF's own pages, and the printer gets the same.

pypdfium2 renders the pages (QtPdf comes only as PySide6-Pdf 6.12.0, and PySide6 6.12.0 is excluded: see
pyproject.toml); without it the window still saves PDFs and says that preview and printing need it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QRect, QSizeF, Qt
from PySide6.QtGui import QImage, QPageSize, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.ui.fit import FRAME_W, available, fit_to_screen
from app.ui.i18n import QT_TRANSLATE_NOOP

log = logging.getLogger("loket.ui")

NO_RENDERER = QT_TRANSLATE_NOOP(
    "Printing", "Pratinjau dan cetak membutuhkan paket pypdfium2; minta petugas IT memasangnya.")


def renderer_available() -> bool:
    try:
        import pypdfium2  # noqa: F401
    except ImportError:
        return False
    return True


def render_pages(pdf: Path, width_px: int) -> list[QImage]:
    """Each page as an opaque image ``width_px`` wide, on white."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    pages: list[QImage] = []
    try:
        for page in doc:
            try:
                width_pt, _ = page.get_size()
                # No alpha, RGB byte order: the bitmap is exactly QImage's RGB888 layout.
                bitmap = page.render(scale=width_px / width_pt, fill_color=(255, 255, 255, 255),
                                     rev_byteorder=True)
                image = QImage(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride,
                               QImage.Format.Format_RGB888)
                pages.append(image.copy())  # detached from the bitmap's memory, freed with the page
            finally:
                page.close()
    finally:
        doc.close()
    return pages


PREVIEW_WIDTH = 660  # pixels: a page fits the preview dialog's width
def preview_width(widget: QWidget | None) -> int:
    """The page's width in the preview: PREVIEW_WIDTH, or less on a narrow screen (683 logical pixels at
    150 %), so the page is seen whole across and scrolls only downwards."""
    return max(300, min(PREVIEW_WIDTH, available(widget).width() - FRAME_W - 72))


PRINT_DPI = 300  # a laser printer's text at 300 dpi reads as sharp as the original at arm's length


def pdf_page_points(pdf: Path) -> tuple[float, float] | None:
    """The first page's width and height in points (F4 is 609.4 × 935.4), or None when unreadable."""
    try:
        import pypdfium2 as pdfium

        doc = pdfium.PdfDocument(str(pdf))
        try:
            width, height = doc[0].get_size()
        finally:
            doc.close()
    except Exception:  # no renderer, or a broken file: the printer keeps its own paper
        return None
    return float(width), float(height)


def print_file(pdf: Path, printer: QPrinter) -> int:
    """Send every page to ``printer`` on the form's own paper (an F4 letter on F4, not squeezed onto A4),
    scaled to its printable area; returns the number of pages."""
    size = pdf_page_points(pdf)
    if size is not None:
        printer.setPageSize(QPageSize(QSizeF(*size), QPageSize.Unit.Point, "",
                                      QPageSize.SizeMatchPolicy.ExactMatch))
    dpi = printer.resolution()
    area = printer.pageRect(QPrinter.Unit.DevicePixel).toRect()
    # Rendered at no more than PRINT_DPI and scaled by the painter onto the page: a HighResolution printer
    # reports 1200 dpi, and a bitmap that fine took 3.4 s of the window's time and 6.5 MB per page.
    page_inches = (size[0] / 72.0) if size is not None else 8.27
    pages = render_pages(pdf, max(1, min(area.width(), int(page_inches * min(dpi, PRINT_DPI)))))
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("printer could not be opened")
    try:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        for n, image in enumerate(pages):
            if n:
                printer.newPage()
            fit = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(0, 0, fit.width(), fit.height()), image)
    finally:
        painter.end()
    return len(pages)


def make_printer(last_printer: str) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if last_printer and last_printer in QPrinterInfo.availablePrinterNames():
        printer.setPrinterName(last_printer)
    return printer


def ask_printer(printer: QPrinter, parent: QWidget | None) -> bool:
    """The system's printer choice with copies; True when the clerk confirmed."""
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(QCoreApplication.translate("Printing", "Cetak formulir"))
    return dialog.exec() == QDialog.DialogCode.Accepted


class PreviewDialog(QDialog):
    """The real pages, one under the other, with Print and Save beside them."""

    def __init__(self, images: list[QImage], on_print: Callable[[], object], on_save: Callable[[], object],
                 parent: QWidget | None = None) -> None:
        """``images``: the pages as render_pages() drew them (off the GUI thread, by the caller)."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Pratinjau cetak"))
        self.setObjectName("preview")
        fit_to_screen(self, 720, 900)  # the pages scroll; Cetak, Simpan and Tutup stay on the screen
        body = QWidget()
        pages = QVBoxLayout(body)
        for n, image in enumerate(images):
            page = QLabel()
            page.setPixmap(QPixmap.fromImage(image))
            page.setAccessibleName(self.tr("Halaman {number}").format(number=n + 1))
            page.setObjectName("page")
            pages.addWidget(page, 0, Qt.AlignmentFlag.AlignHCenter)
        self.page_count = pages.count()
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        buttons = QDialogButtonBox()
        print_button = QPushButton(self.tr("Cetak (Ctrl+P)"))
        save_button = QPushButton(self.tr("Simpan PDF (Ctrl+S)"))
        close_button = QPushButton(self.tr("Tutup (Esc)"))
        buttons.addButton(print_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(close_button, QDialogButtonBox.ButtonRole.RejectRole)
        for b, name in ((print_button, self.tr("Cetak")), (save_button, self.tr("Simpan sebagai PDF")),
                        (close_button, self.tr("Tutup pratinjau"))):
            b.setAccessibleName(name)
        print_button.setShortcut("Ctrl+P")
        save_button.setShortcut("Ctrl+S")
        print_button.clicked.connect(lambda: (self.accept(), on_print()))
        save_button.clicked.connect(lambda: (self.accept(), on_save()))
        close_button.clicked.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(scroll, 1)
        lay.addWidget(buttons)
        print_button.setFocus()
