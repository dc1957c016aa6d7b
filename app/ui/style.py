"""One calm look for a window that is open eight hours a day: light, few colours, large type where it counts.

Sizes are in points so they follow the system's text scaling. Colours always come with a symbol and words.
"""

STYLE = """
QMainWindow, QWidget#promptPage { background: #f7f8f6; }
QLabel#prompt { font-size: 26pt; color: #37474f; padding: 12px; }
QLabel#prompt[error="true"] { color: #b71c1c; font-size: 18pt; }
QLabel#promptDetail { font-size: 12pt; color: #546e7a; }
QLabel#counter { font-size: 11pt; color: #78909c; padding: 8px; }
QLabel#nik { font-size: 20pt; font-weight: 600; letter-spacing: 1px; color: #263238; }
QLabel#name { font-size: 18pt; color: #263238; }
QLabel#photo { background: #eceff1; border: 1px solid #cfd8dc; color: #90a4ae; }
QLabel[state="ok"] { color: #1b5e20; background: #e8f5e9; border-radius: 4px; padding: 3px 8px; }
QLabel[state="warn"] { color: #7a4a00; background: #fff3e0; border-radius: 4px; padding: 3px 8px; }
QLabel[state="bad"] { color: #b71c1c; background: #ffebee; border-radius: 4px; padding: 3px 8px;
                      font-weight: 600; }
QLabel#section { font-weight: 600; color: #455a64; padding-top: 10px; border-bottom: 1px solid #cfd8dc; }
QLabel#source { color: #607d8b; font-size: 9pt; }
QLabel#known { color: #212121; padding: 2px 1px; }
QLabel#known[discrepancy="true"] { background: #fff8e1; border: 1px solid #ffb300; border-radius: 3px; }
QFrame#discrepancy { background: #fff8e1; border: 1px solid #ffb300; border-radius: 4px; }
QLabel#discrepancyText { color: #6d4c00; }
QPushButton { background: #fdfdfd; color: #263238; border: 1px solid #90a4ae; border-radius: 4px;
              padding: 4px 12px; }
QPushButton:hover { background: #eef4f8; }
QPushButton:pressed, QPushButton:checked { background: #dfe7ec; }
QPushButton:disabled { color: #9e9e9e; background: #f3f4f2; border-color: #cfd8dc; }
QPushButton::menu-indicator { subcontrol-origin: padding; subcontrol-position: right center; }
QPushButton#exportButton { padding-right: 22px; }
QPushButton#choose:checked { background: #ffca28; border: 2px solid #b28704; padding: 3px 11px; }
QLineEdit#typed, QComboBox#typed { background: white; border: 1px solid #90a4ae; border-radius: 3px;
                                   padding: 2px 4px; }
QLineEdit#typed[problem="true"], QComboBox#typed[problem="true"] { border: 1px solid #e53935; }
QFrame#checkRow { background: white; border: 1px solid #cfd8dc; border-radius: 4px; }
QLabel#checkTitle { font-weight: 600; color: #263238; }
QLabel#checkTodo { color: #37474f; font-style: italic; }
QLabel#hint { color: #546e7a; font-size: 9pt; }
QLabel#problem { color: #c62828; font-size: 9pt; }
QLabel#message { color: #37474f; }
QLabel#timing { color: #78909c; }
QStatusBar QLabel { padding: 0 8px; }
"""
# (A chosen source's button is not bold: its width is measured in the regular font, and bold was cut.)

# Where the keyboard is, seen from across the desk: a 3-pixel ring (the platform's own is a 1-pixel dotted
# line) on everything that takes the focus. Borders grow inwards, so the padding shrinks by as much and the
# text does not jump. Last, so it wins over the rules above.
FOCUS = """
QPushButton:focus { border: 3px solid #1e88e5; padding: 2px 10px; }
QPushButton#exportButton:focus { padding-right: 20px; }
QLineEdit:focus, QComboBox:focus, QSpinBox:focus, QDoubleSpinBox:focus, QDateEdit:focus, QPlainTextEdit:focus {
    border: 3px solid #1e88e5; border-radius: 3px; padding: 0px 2px; }
QLineEdit#typed:focus, QComboBox#typed:focus { border: 3px solid #1e88e5; padding: 0px 2px; }
QCheckBox:focus { border: 3px solid #1e88e5; border-radius: 3px; }
QFrame#checkRow:focus { border: 3px solid #1e88e5; }
QTabBar::tab:focus { border: 3px solid #1e88e5; }
"""

STYLE = STYLE + FOCUS
