"""Render a filled form to PDF with reportlab: A4 or F4, kop surat, labelled fields, checkboxes, the card
photo, signature blocks, page numbers and a footer.

Everything printed from the card, the registry or the clerk is data: it is escaped before it reaches
reportlab's paragraph markup, so a name with ``<b>`` or ``&`` prints as written. Long values wrap (and a
word too long for its box is split) rather than running over the next box.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from forms.files import read_regular
from forms.office import Office
from forms.template import Field, FormTemplate, Section, Signature
from forms.values import QT_TRANSLATE_NOOP, nik_grouped, tanggal

PAPER_SIZES: dict[str, tuple[float, float]] = {"A4": (210 * mm, 297 * mm), "F4": (215 * mm, 330 * mm)}
FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"
_FONT_DIR = Path(__file__).resolve().parent.parent / "resources" / "fonts"
PHOTO_SIZE = (30 * mm, 40 * mm)  # pas foto 3×4
BOX_ON, BOX_OFF = "☒", "☐"
INK = colors.HexColor("#1a1a1a")
RULE = colors.HexColor("#8a8a8a")
BAND = colors.HexColor("#e4e8ee")
_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_.]*)\}")
# Printed across and at the foot of every page when the chip's data failed its authenticity check and the
# office allowed printing it anyway (the caller decides; forms/ only draws).
UNVERIFIED_MARK = "TIDAK TERVERIFIKASI"
UNVERIFIED_FOOTER = UNVERIFIED_MARK + " — keaslian data chip e-KTP gagal diperiksa"
WATERMARK = colors.HexColor("#c00000")
# Printed on every page of a reprint (same letter number, same content): a copy must never pass for a
# second original. The line in the top margin says when the copy was made.
COPY_MARK = "SALINAN"
COPY_LINE = COPY_MARK + " — dicetak ulang {when}; nomor dan isi sama dengan surat aslinya"
# The letter seal (letter-seal.md): the QR text comes from app/ (signed there); forms/ only draws it, with
# segno's matrix as vector squares: SEAL_SYMBOL wide without its quiet zone of 4 modules a side (≥ 30 mm).
SEAL_LINE = QT_TRANSLATE_NOOP("Core", "Pindai untuk memeriksa keaslian surat ini")
SEAL_SYMBOL = 34 * mm
MASK = 4


def register_fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont(FONT, str(_FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(_FONT_DIR / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)


def _style(name: str, size: float = 9, bold: bool = False, align: int = TA_LEFT, leading: float = 0,
           color: colors.Color = INK) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=BOLD if bold else FONT, fontSize=size, leading=leading or size * 1.25,
                          alignment=align, textColor=color, splitLongWords=True)


S_LABEL = _style("label", 8, leading=9.6)
S_HINT = _style("hint", 6, leading=7, color=colors.HexColor("#555555"))
S_VALUE = _style("value", 9, bold=True, leading=11)
S_VALUE_SMALL = _style("value_small", 8, bold=True, leading=9.6)
S_SECTION = _style("section", 9, bold=True)
S_TITLE = _style("title", 12, bold=True, align=TA_CENTER)
S_SUBTITLE = _style("subtitle", 8.5, align=TA_CENTER)
S_NOTE = _style("note", 7.5)
S_BODY = _style("body", 11, align=TA_JUSTIFY, leading=16)
S_BODY_LEFT = _style("body_left", 11, leading=15)
S_SIGN = _style("sign", 10, align=TA_CENTER, leading=13)
S_TABLE_HEAD = _style("table_head", 8, bold=True, align=TA_CENTER)
S_TABLE = _style("table", 8)
S_KOP_ADDRESS = _style("kop_address", 8.5, align=TA_CENTER)


def text(value: object) -> str:
    """Data made safe for paragraph markup; newlines kept as line breaks."""
    return escape(str(value)).replace("\n", "<br/>")


# --- page furniture ---------------------------------------------------------------------------------------


class _NumberedCanvas(Canvas):
    """Holds pages back until the end so the footer can say "Halaman 1 dari 3"."""

    footer_left = ""
    unverified = False  # draw UNVERIFIED_MARK across every page and a line above the footer
    copy_line = ""  # a reprint: COPY_MARK across every page and this line in the top margin

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._pages: list[dict] = []

    def showPage(self) -> None:  # reportlab's name for it
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, 1):
            self.__dict__.update(state)
            width, _ = self._pagesize
            self.setFont(FONT, 7)
            self.setFillColor(colors.HexColor("#666666"))
            self.drawString(12 * mm, 8 * mm, self.footer_left)
            self.drawRightString(width - 12 * mm, 8 * mm, f"Halaman {number} dari {total}")
            if self.unverified:
                self._draw_unverified()
            if self.copy_line:
                self._draw_copy()
            super().showPage()
        super().save()


    def _draw_unverified(self) -> None:
        """A large diagonal mark over the page (translucent, so the data under it stays legible) and a bold
        line above the footer: a photocopy loses the colour, never the words."""
        width, height = self._pagesize
        self.saveState()
        self.setFillColor(WATERMARK)
        self.setFillAlpha(0.22)
        self.translate(width / 2, height / 2)
        self.rotate(54 if height > width else 30)
        size = 54.0
        room = (width**2 + height**2) ** 0.5 * 0.8
        while size > 20 and pdfmetrics.stringWidth(UNVERIFIED_MARK, BOLD, size) > room:
            size -= 2
        self.setFont(BOLD, size)
        self.drawCentredString(0, -size / 3, UNVERIFIED_MARK)
        self.restoreState()
        self.saveState()
        self.setFillColor(WATERMARK)
        self.setFont(BOLD, 9)
        self.drawCentredString(width / 2, 10.8 * mm, UNVERIFIED_FOOTER)
        self.restoreState()


    def _draw_copy(self) -> None:
        """COPY_MARK large across the lower half (an unverified page keeps its own mark in the middle) and
        the copy's line in the top margin, above the letterhead."""
        width, height = self._pagesize
        self.saveState()
        self.setFillColor(WATERMARK)
        self.setFillAlpha(0.18)
        self.translate(width / 2, height * (0.27 if self.unverified else 0.5))
        self.rotate(30)
        self.setFont(BOLD, 72)
        self.drawCentredString(0, -24, COPY_MARK)
        self.restoreState()
        self.saveState()
        self.setFillColor(WATERMARK)
        size = 9.0
        while size > 6 and pdfmetrics.stringWidth(self.copy_line, BOLD, size) > width - 24 * mm:
            size -= 0.5
        self.setFont(BOLD, size)
        self.drawCentredString(width / 2, height - 7 * mm, self.copy_line)
        self.restoreState()


class Rule(Flowable):
    """The kop surat's double rule: a thick line over a thin one."""

    def __init__(self, width: float) -> None:
        super().__init__()
        self.width, self.height = width, 3.5

    def draw(self) -> None:
        self.canv.setStrokeColor(colors.black)
        self.canv.setLineWidth(2)
        self.canv.line(0, 2.6, self.width, 2.6)
        self.canv.setLineWidth(0.6)
        self.canv.line(0, 0, self.width, 0)


class NikBoxes(Flowable):
    """Sixteen boxes with one digit each, as paper forms ask for the NIK. The digits are one text run so a
    PDF reader (and a test) still sees the NIK as a single number."""

    def __init__(self, nik: str, box: float = 5.2 * mm) -> None:
        super().__init__()
        self.nik, self.box = nik, box
        self.width, self.height = box * 16, box

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.box = min(self.box, avail_width / 16)
        self.width, self.height = self.box * 16, self.box
        return self.width, self.height

    def draw(self) -> None:
        c, box = self.canv, self.box
        c.setStrokeColor(RULE)
        c.setLineWidth(0.5)
        for i in range(16):
            c.rect(i * box, 0, box, box)
        size = box * 0.62 / mm * 2.83465
        digit = pdfmetrics.stringWidth("0", BOLD, size)
        t = c.beginText(box / 2 - digit / 2, box * 0.28)
        t.setFont(BOLD, size)
        t.setCharSpace(box - digit)
        t.textOut(self.nik[:16])
        c.setFillColor(INK)
        c.drawText(t)


def _image(data: bytes | None, width: float, height: float) -> Flowable | None:
    """The photo fitted into its box, or None when it is missing or not a format we can decode."""
    if not data:
        return None
    try:
        from PIL import Image as PILImage

        with PILImage.open(io.BytesIO(data)) as img:
            rgb = img.convert("RGB")
            buf = io.BytesIO()
            # JPEG 2000 (many real chips) is not understood by PDF viewers everywhere: re-encode as JPEG.
            rgb.save(buf, "JPEG", quality=90)
            ratio = min(width / rgb.width, height / rgb.height)
        buf.seek(0)
        return Image(buf, rgb.width * ratio, rgb.height * ratio)
    except Exception:  # any decoder failure: a photo we cannot decode leaves the box for a paper photo
        return None


def _photo_box(photo: bytes | None, note: str = "") -> Table:
    img = _image(photo, *PHOTO_SIZE)
    content: object = img if img is not None else Paragraph(text(note) if note else "Pas foto<br/>3 × 4",
                                                            _style("ph", 7 if note else 8, align=TA_CENTER))
    box = Table([[content]], colWidths=[PHOTO_SIZE[0]], rowHeights=[PHOTO_SIZE[1]])
    box.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), 0.6, RULE), ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]))
    return box


LOGO_LIMIT = 5 * 1024 * 1024


def _logo(office: Office, size: float) -> Flowable | str:
    """The logo IT named; none (the letterhead without it) when that is not an image file within bounds."""
    if not office.logo:
        return ""
    try:
        data = read_regular(office.logo, LOGO_LIMIT)
    except OSError:
        return ""
    img = _image(data, size, size)
    return img if img is not None else ""


def _fitted(line: str, size: float, width: float, min_size: float = 8) -> ParagraphStyle:
    """A kop line's style, shrunk until the line fits on one line: an office name broken over two lines
    reads as two offices."""
    while size > min_size and pdfmetrics.stringWidth(line, BOLD, size) > width:
        size -= 0.5
    return _style(f"kop{size}", size, bold=True, align=TA_CENTER, leading=size * 1.2)


def kop(office: Office, width: float, compact: bool = False) -> list[Flowable]:
    """Letterhead: logo left, the heading lines in capitals centred, the address, a double rule.
    ``compact`` (forms, where the page is for the fields) is a size smaller than a letter's kop."""
    logo_w = (20 if compact else 24) * mm
    text_w = width - 2 * logo_w
    sizes = (11, 13) if compact else (13, 15)
    lines: list[Flowable] = []
    for i, line in enumerate(office.heading):
        shown = line.upper()
        lines.append(Paragraph(text(shown), _fitted(shown, sizes[i == len(office.heading) - 1], text_w)))
    if office.address:
        lines.append(Paragraph(text(office.address), S_KOP_ADDRESS))
    table = Table([[_logo(office, logo_w), lines, ""]], colWidths=[logo_w, text_w, logo_w])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return [table, Spacer(1, 1.5 * mm), Rule(width), Spacer(1, (3 if compact else 5) * mm)]


# --- field cells ------------------------------------------------------------------------------------------


def _choices(f: Field, chosen: object) -> Paragraph:
    # No-break spaces inside a choice: "ASURANSI / LAIN" on two lines reads as two choices.
    marks = [f"{BOX_ON if str(chosen) == c else BOX_OFF}\u00a0{text(c).replace(' ', chr(0xA0))}" for c in f.choices]
    # A value the clerk typed that is not in the list is still shown rather than silently dropped.
    if chosen and str(chosen) not in f.choices:
        marks.append(f"{BOX_ON}\u00a0{text(chosen)}")
    return Paragraph("&nbsp;&nbsp; ".join(marks), S_VALUE_SMALL if len(f.choices) > 3 else S_VALUE)


def _value_cell(f: Field, value: object, width: float) -> object:
    if f.type == "nik" and isinstance(value, str) and re.fullmatch(r"\d{16}", value):
        return NikBoxes(value, min(5.2 * mm, width / 16))
    if f.type == "choice" and len(f.choices) <= 8:
        return _choices(f, value)
    if f.type == "checkbox":
        return Paragraph(f"{BOX_ON if value is True else BOX_OFF}&nbsp;Ya&nbsp;&nbsp; "
                         f"{BOX_OFF if value is True else BOX_ON}&nbsp;Tidak", S_VALUE)
    if f.type == "table":
        return _table_cell(f, value if isinstance(value, list) else [], width)
    shown = str(value or "")
    return Paragraph(text(shown), S_VALUE_SMALL if len(shown) > 60 else S_VALUE)


def _table_cell(f: Field, rows: list, width: float, letter: bool = False) -> Table:
    total = sum(c.width for c in f.columns)
    widths = [width * c.width / total for c in f.columns]
    head, cell = (S_TABLE_HEAD, S_TABLE) if letter else (S_LABEL, S_VALUE_SMALL)
    data: list[list[object]] = [[Paragraph("No", head)] + [Paragraph(text(c.label), head) for c in f.columns]]
    number_w = 9 * mm
    widths = [number_w] + [w - number_w / len(widths) for w in widths]
    for i, row in enumerate(rows or [{}], 1):
        # A NIK is grouped in fours so it fits a narrow column without breaking mid-number.
        data.append([Paragraph(str(i) if rows else "", head)]
                    + [Paragraph(text(nik_grouped(row.get(c.key, "")) if c.type == "nik" else row.get(c.key, "")),
                                 cell) for c in f.columns])
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, RULE), ("BACKGROUND", (0, 0), (-1, 0), BAND),
                               ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 3),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 3)]))
    return table


def _label_cell(f: Field) -> list[Paragraph]:
    cell = [Paragraph(text(f.label), S_LABEL)]
    if f.hint:
        cell.append(Paragraph(text(f.hint), S_HINT))
    return cell


def _section(sec: Section, values: Mapping[str, object], width: float, photo: bytes | None,
             photo_note: str = "") -> list[Flowable]:
    out: list[Flowable] = []
    if not sec.fields and not sec.photo:
        return out  # a section with nothing in it is not drawn: no band over an empty space
    if sec.title:
        band = Table([[Paragraph(text(sec.title), S_SECTION)]], colWidths=[width])
        band.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), BAND), ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                                  ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5)]))
        out.append(band)
    inner = width - (PHOTO_SIZE[0] + 4 * mm if sec.photo else 0)
    grid = _field_grid(sec, values, inner)
    if sec.photo:
        grid = Table([[grid, _photo_box(photo, photo_note)]], colWidths=[inner, width - inner])
        grid.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                  ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 3),
                                  ("ALIGN", (1, 0), (1, 0), "RIGHT")]))
    out.append(grid)
    out.append(Spacer(1, 2 * mm))
    return out


def _field_grid(sec: Section, values: Mapping[str, object], width: float) -> Table:
    rows: list[list[object]] = []
    spans: list[int] = []
    if sec.columns == 1:
        label_w = 42 * mm
        widths = [label_w, width - label_w]
        for f in sec.fields:
            rows.append([_label_cell(f), _value_cell(f, values.get(f.key), widths[1] - 6)])
    else:
        label_w = 32 * mm
        value_w = (width - 2 * label_w) / 2
        widths = [label_w, value_w, label_w, value_w]
        pending: list[Field] = []

        def flush() -> None:
            if pending:
                row: list[object] = []
                for f in pending:
                    row += [_label_cell(f), _value_cell(f, values.get(f.key), value_w - 6)]
                rows.append(row + [""] * (4 - len(row)))
                pending.clear()

        for f in sec.fields:
            if f.wide or f.type == "table":
                flush()
                spans.append(len(rows))
                rows.append([_label_cell(f), _value_cell(f, values.get(f.key), width - label_w - 6), "", ""])
            else:
                pending.append(f)
                if len(pending) == 2:
                    flush()
        flush()
    table = Table(rows, colWidths=widths)
    style = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 1.1),
             ("BOTTOMPADDING", (0, 0), (-1, -1), 1.1), ("LEFTPADDING", (0, 0), (-1, -1), 3),
             ("RIGHTPADDING", (0, 0), (-1, -1), 3)]
    # Value cells get a thin line under them, the look of a form's write-in lines.
    for col in range(1, len(widths), 2):
        style.append(("LINEBELOW", (col, 0), (col, -1), 0.4, RULE))
    for r in spans:
        style.append(("SPAN", (1, r), (3, r)))
        style.append(("LINEBELOW", (1, r), (3, r), 0.4, RULE))
    table.setStyle(TableStyle(style))
    return table


# --- signatures -------------------------------------------------------------------------------------------


def _ref(ref: str, values: Mapping[str, object], office: Office) -> str:
    if ref.startswith("office."):
        return office.get(ref[7:])
    return str(values.get(ref) or "") if ref else ""


def fill_placeholders(template_text: str, values: Mapping[str, object], office: Office) -> str:
    """Template sentences with ``{key}`` / ``{office.key}`` replaced; the result is safe markup."""
    out, last = [], 0
    for m in _PLACEHOLDER.finditer(template_text):
        out.append(text(template_text[last:m.start()]))
        value = _ref(m.group(1), values, office) or "…………"
        out.append(f"<b>{text(value)}</b>" if not m.group(1).startswith("office.") else text(value))
        last = m.end()
    out.append(text(template_text[last:]))
    return "".join(out)


def _signature_block(sig: Signature, values: Mapping[str, object], office: Office, when: datetime,
                     space: float = 20 * mm) -> list[Flowable]:
    cell = []
    if sig.dated:
        place = office.place or "…………"
        cell.append(Paragraph(f"{text(place)}, {text(tanggal(when.date()))}", S_SIGN))
    else:
        cell.append(Paragraph("&nbsp;", S_SIGN))
    title = fill_placeholders(sig.title, values, office)
    cell.append(Paragraph(title, S_SIGN))
    cell.append(Spacer(1, space))
    name = _ref(sig.name_from, values, office)
    cell.append(Paragraph(f"<b><u>{text(name.upper())}</u></b>" if name else "(" + "&nbsp;" * 40 + ")", S_SIGN))
    if sig.nip_from:
        cell.append(Paragraph(f"NIP. {text(_ref(sig.nip_from, values, office))}", S_SIGN))
    return cell


class SealQR(Flowable):
    """The seal's QR code: level M or higher (segno raises it when the version has room), vector modules,
    the quiet zone kept white, nothing drawn over it."""

    def __init__(self, content: str, symbol: float = SEAL_SYMBOL) -> None:
        super().__init__()
        import segno

        # A fixed mask: segno's pure-Python mask scoring costs ~100 ms a letter; every mask decodes the same
        # (the symbol names its mask), and level M stays what the spec asks.
        self.qr = segno.make_qr(content, error="m", mask=MASK, boost_error=False)
        modules = self.qr.symbol_size(scale=1, border=0)[0]
        self.module = symbol / modules
        self.size = (modules + 8) * self.module

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setFillColor(colors.white)
        c.rect(0, 0, self.size, self.size, stroke=0, fill=1)
        c.setFillColor(colors.black)
        # In module units (integers): one "re" per run of dark modules, filled once. reportlab's own rect()
        # formats each float in pure Python, ~100 ms for a QR; the content stream is the same either way.
        c.translate(4 * self.module, 4 * self.module)
        c.scale(self.module, self.module)
        rows = list(self.qr.matrix)
        runs = []
        for r, row in enumerate(rows):
            y = len(rows) - 1 - r
            start = None
            for col, dark in enumerate([*row, 0]):
                if dark and start is None:
                    start = col
                elif not dark and start is not None:
                    runs.append(f"{start} {y} {col - start} 1 re")
                    start = None
        c.addLiteral("\n".join(runs) + "\nf")
        c.restoreState()


S_SEAL = _style("seal", 7, align=TA_CENTER, leading=8.5)


def _seal_cell(seal: str) -> list[Flowable]:
    if not seal:  # a preview (no number, so no seal yet), or the copy of a letter printed before seals
        return []
    box = Table([[SealQR(seal)], [Paragraph(text(SEAL_LINE), S_SEAL)]], colWidths=[SEAL_SYMBOL + 12 * mm])
    box.setStyle(TableStyle([("ALIGN", (0, 0), (-1, -1), "CENTER"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                             ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0)]))
    return [box]


def _signatures(template: FormTemplate, values: Mapping[str, object], office: Office, when: datetime,
                width: float, seal: str = "") -> list[Flowable]:
    sigs = template.signatures
    if not sigs and not template.seal:
        return []
    if template.layout == "letter" and len(sigs) <= 1:
        # A letter is signed bottom right, the left half left free for the stamp's overlap and the seal.
        table = Table([[_seal_cell(seal), _signature_block(sigs[0], values, office, when) if sigs else ""]],
                      colWidths=[width * 0.45, width * 0.55])
        before = 6 * mm
    else:
        # 18 mm still takes a signature and a stamp; a form needs the room for its fields.
        first = [_seal_cell(seal)] if template.seal else []
        room = SEAL_SYMBOL + 14 * mm if template.seal else 0
        col = (width - room) / max(len(sigs), 1)
        table = Table([[*first, *[_signature_block(s, values, office, when, 18 * mm) for s in sigs]]],
                      colWidths=([room] if first else []) + [col] * len(sigs))
        before = 3 * mm
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [Spacer(1, before), KeepTogether([table])]


# --- layouts ----------------------------------------------------------------------------------------------


def _form_story(template: FormTemplate, values: Mapping[str, object], office: Office, width: float,
                photo: bytes | None, when: datetime, photo_note: str = "", seal: str = "") -> list[Flowable]:
    # A form's page belongs to its fields: a smaller kop and tighter spacing keep the signatures on page 1.
    story: list[Flowable] = kop(office, width, compact=True) if office.heading else []
    story.append(Paragraph(text(template.title), S_TITLE))
    if template.subtitle:
        story.append(Paragraph(text(template.subtitle), S_SUBTITLE))
    story.append(Spacer(1, 2.5 * mm))
    for sec in template.sections:
        if sec.listed:  # an unlisted section only feeds the signature blocks
            story.extend(_section(sec, values, width, photo if sec.photo else None, photo_note))
    for note in template.notes:
        story.append(Paragraph("• " + text(note), S_NOTE))
    story.extend(_signatures(template, values, office, when, width, seal))
    return story


def _letter_block(sec: Section, values: Mapping[str, object], width: float) -> Table:
    """The indented "Label : value" lines of a letter; a table field gets its label line and the table
    under it across the full width of the block."""
    inner = width - 14 * mm
    rows: list[list[object]] = []
    spans: list[int] = []
    for f in sec.fields:
        value = values.get(f.key)
        if f.type == "table" and isinstance(value, list) and value:
            if not sec.intro:  # with an intro sentence a label line would say the same thing twice
                rows.append([Paragraph(text(f.label), S_BODY_LEFT), Paragraph(":", S_BODY_LEFT), ""])
            spans.append(len(rows))
            rows.append([_table_cell(f, value, inner, letter=True), "", ""])
            continue
        shown = nik_grouped(value) if f.type == "nik" and isinstance(value, str) else value
        if isinstance(shown, bool):
            shown = "Ya" if shown else "Tidak"
        rows.append([Paragraph(text(f.label), S_BODY_LEFT), Paragraph(":", S_BODY_LEFT),
                     Paragraph(text(shown or "-") if not isinstance(shown, list) else "-", S_BODY_LEFT)])
    block = Table(rows, colWidths=[52 * mm, 5 * mm, inner - 57 * mm])
    style = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
             ("TOPPADDING", (0, 0), (-1, -1), 0.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5)]
    style += [("SPAN", (0, r), (2, r)) for r in spans]
    style += [("TOPPADDING", (0, r), (-1, r), 2) for r in spans]
    block.setStyle(TableStyle(style))
    indent = Table([["", block]], colWidths=[14 * mm, inner])
    indent.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return indent


def _letter_story(template: FormTemplate, values: Mapping[str, object], office: Office, width: float,
                  when: datetime, seal: str = "") -> list[Flowable]:
    story: list[Flowable] = kop(office, width)
    story.append(Paragraph(f"<u>{text(template.title)}</u>", _style("lt", 13, bold=True, align=TA_CENTER)))
    story.append(Paragraph(f"Nomor: {text(values.get('nomor_surat') or '…………')}", _style("ln", 11,
                                                                                              align=TA_CENTER)))
    story.append(Spacer(1, 8 * mm))
    letter = template.letter
    if letter.opening:
        story.append(Paragraph(fill_placeholders(letter.opening, values, office), S_BODY))
        story.append(Spacer(1, 3 * mm))
    for sec in template.sections:
        if not sec.listed:
            continue
        if sec.intro:
            story += [Paragraph(fill_placeholders(sec.intro, values, office), S_BODY), Spacer(1, 2 * mm)]
        if sec.fields:  # an empty block would be an empty table: nothing to draw
            story += [_letter_block(sec, values, width), Spacer(1, 3 * mm)]
    for para in letter.paragraphs:
        story += [Paragraph(fill_placeholders(para, values, office), S_BODY), Spacer(1, 2 * mm)]
    if letter.closing:
        story.append(Paragraph(fill_placeholders(letter.closing, values, office), S_BODY))
    story.extend(_signatures(template, values, office, when, width, seal))
    return story


OVERLAY_SIZE = 10.0  # pt; shrunk down to OVERLAY_MIN to fit a printed box
OVERLAY_MIN = 6.0


def _draw_overlay(c: Canvas, template: FormTemplate, values: Mapping[str, object], page_h: float,
                  offset: tuple[float, float], preview: bool) -> None:
    """Values at fixed places on pre-printed stock. The scanned blank is drawn only in the preview, so the
    clerk sees where each value lands; on paper the stock is the blank. ``offset`` (mm, right and down) is
    this printer's feed error, measured once by printing onto a blank sheet."""
    if preview and template.background:
        bg = template.path.parent / template.background
        if bg.is_file():
            width, height = c._pagesize
            c.drawImage(ImageReader(str(bg)), 0, 0, width, height)
    dx, dy = offset

    def at(x: float, y: float) -> tuple[float, float]:
        return (x + dx) * mm, page_h - (y + dy) * mm

    c.setFillColor(colors.black)
    for sec in template.sections:
        if not sec.listed:
            continue
        for f in sec.fields:
            value = values.get(f.key)
            if f.marks:
                chosen = ("YA" if value is True else "TIDAK") if f.type == "checkbox" else str(value or "")
                for choice, (x, y) in f.marks:
                    if choice == chosen:
                        c.setFont(BOLD, OVERLAY_SIZE + 1)
                        c.drawCentredString(*at(x, y), "X")
                continue
            if f.at is None:
                continue
            shown = (BOX_ON if value else "") if f.type == "checkbox" else str(value or "")
            if not shown:
                continue
            if f.pitch_mm:
                _draw_pitched(c, shown, at(*f.at), f.pitch_mm * mm)
                continue
            size = OVERLAY_SIZE
            limit = f.width_mm * mm if f.width_mm else None
            # Shrink to fit the printed box, then cut: on stock nothing may run over the next printed line.
            while limit and size > OVERLAY_MIN and pdfmetrics.stringWidth(shown, BOLD, size) > limit:
                size -= 0.5
            while limit and shown and pdfmetrics.stringWidth(shown, BOLD, size) > limit:
                shown = shown[:-1]
            c.setFont(BOLD, size)
            c.drawString(*at(*f.at), shown)


def _draw_pitched(c: Canvas, shown: str, origin: tuple[float, float], pitch: float) -> None:
    """One character per printed box, ``origin`` the left edge of the first box: a single text run (a PDF
    reader still sees the number whole) spaced by the box pitch."""
    size = min(OVERLAY_SIZE, pitch / mm * 2.83465 * 0.8)
    glyph = pdfmetrics.stringWidth("0", BOLD, size)
    # Character spacing is graphics state and outlives the text object: keep it to this run.
    c.saveState()
    t = c.beginText(origin[0] + (pitch - glyph) / 2, origin[1])
    t.setFont(BOLD, size)
    t.setCharSpace(pitch - glyph)
    t.textOut(shown)
    c.drawText(t)
    c.restoreState()


# --- entry point ------------------------------------------------------------------------------------------


def render_pdf(
    template: FormTemplate,
    values: Mapping[str, object],
    out: Path | str | BinaryIO,
    *,
    paper: str | None = None,
    office: Office | None = None,
    photo: bytes | None = None,
    photo_note: str = "",
    printed_at: datetime | None = None,
    preview: bool = False,
    offset_mm: tuple[float, float] | None = None,
    unverified: bool = False,
    reprinted_at: datetime | None = None,
    seal: str = "",
) -> None:
    """Write the PDF. ``values`` are display-ready (forms.fill.FilledForm.values, plus ``nomor_surat`` for a
    letter); ``photo`` is the chip's image bytes, ``photo_note`` what the empty photo box says instead (a
    form filled from a NIK alone has no chip photo); ``preview`` draws a pre-printed form's scanned blank;
    ``offset_mm`` is the printer's calibration for pre-printed stock (default: the office's); ``unverified``
    puts UNVERIFIED_MARK large across every page and in a line above the footer; ``reprinted_at`` makes the
    pages a copy (COPY_MARK on every page; ``printed_at`` is then the original's time, so the letter's
    date stays the original's); ``seal`` is the QR text of a sealed template (app/letters/seal.py), drawn
    beside the signature with SEAL_LINE under it (empty: no seal, as on a preview)."""
    register_fonts()
    paper = (paper or template.paper).upper()
    if paper not in PAPER_SIZES:
        raise ValueError(f"paper must be one of {', '.join(PAPER_SIZES)}, not {paper}")
    page_w, page_h = PAPER_SIZES[paper]
    office = office or Office()
    when = printed_at or datetime.now()
    target = str(out) if isinstance(out, Path | str) else out

    class Footer(_NumberedCanvas):
        footer_left = f"{template.id} · dicetak {when:%d-%m-%Y %H:%M}"

    Footer.unverified = unverified
    Footer.copy_line = COPY_LINE.format(when=f"{reprinted_at:%d-%m-%Y %H:%M}") if reprinted_at else ""

    if template.layout == "overlay":
        c = Footer(target, pagesize=(page_w, page_h))
        c.setTitle(template.title + (" (pratinjau)" if preview else ""))
        # The preview is compared with the scanned blank on screen, where there is no feed error to undo.
        shift = (0.0, 0.0) if preview else (offset_mm if offset_mm is not None else office.offset_mm)
        _draw_overlay(c, template, values, page_h, shift, preview)
        c.showPage()
        c.save()
        return

    letter = template.layout == "letter"
    side = 22 * mm if letter else 14 * mm
    doc = SimpleDocTemplate(
        target, pagesize=(page_w, page_h), leftMargin=side, rightMargin=side, topMargin=12 * mm,
        bottomMargin=14 * mm, title=template.title, author=office.unit_name or "Loket", creator="Loket",
    )
    width = page_w - 2 * side
    story = (_letter_story(template, values, office, width, when, seal) if letter
             else _form_story(template, values, office, width, photo, when, photo_note, seal))
    doc.build(story, canvasmaker=Footer)


def render_bytes(template: FormTemplate, values: Mapping[str, object], **kwargs: object) -> bytes:
    buf = io.BytesIO()
    render_pdf(template, values, buf, **kwargs)  # type: ignore[arg-type]
    return buf.getvalue()


__all__: Sequence[str] = ("COPY_MARK", "SEAL_LINE", "PAPER_SIZES", "UNVERIFIED_MARK", "render_pdf", "render_bytes",
                          "register_fonts", "fill_placeholders")
