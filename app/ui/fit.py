"""Windows and dialogs sized to the screen they open on, never past it.

A counter PC may have a 1024 × 768 screen at 150 % scaling: 683 × 512 logical pixels. Every dialog asks
for the size it would like and gets at most the screen's available geometry (task bar excluded), less room
for the window manager's frame; what does not fit scrolls inside, and the buttons stay on screen.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# Room left for a window manager's title bar and borders (logical pixels): the frame is not part of the
# widget's own size, and Qt learns it only once the window is shown.
FRAME_W, FRAME_H = 16, 40


def available(widget: QWidget | None = None) -> QRect:
    """The available geometry of the screen ``widget`` (or its parent) is on; the primary screen before
    the widget has one."""
    screen = None
    for w in (widget, widget.parentWidget() if widget is not None else None):
        if w is not None and w.screen() is not None:
            screen = w.screen()
            break
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1024, 768)


def fitted(wanted: QSize, widget: QWidget | None = None) -> QSize:
    area = available(widget)
    return QSize(max(1, min(wanted.width(), area.width() - FRAME_W)),
                 max(1, min(wanted.height(), area.height() - FRAME_H)))


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize ``widget`` to ``width`` × ``height`` or the screen, whichever is smaller, and keep it on the
    screen: centred over its parent where that fits, else at the screen's corner."""
    area = available(widget)
    size = fitted(QSize(width, height), widget)
    widget.resize(size)
    parent = widget.parentWidget()
    centre = parent.frameGeometry().center() if parent is not None else area.center()
    top_left = centre - QPoint(size.width() // 2, size.height() // 2)
    x = min(max(top_left.x(), area.left()), area.right() - size.width() - FRAME_W // 2)
    y = min(max(top_left.y(), area.top()), area.bottom() - size.height() - FRAME_H + 1)
    widget.move(max(area.left(), x), max(area.top(), y))
