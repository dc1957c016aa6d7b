"""How every report of the office looks on paper and in a spreadsheet, defined once: the paragraph styles, the
table with its header band, two tables side by side, the portrait A4 page, and the CSV writer. ``loket report``
and Dukcapil's semester report use all of it; the letter register (a landscape page of its own, for its wide
table) the styles, the table and the CSV writer. The papers an office head files side by side are set alike,
and a change of look is made in one place.

PDFs and CSVs are written whole or not at all (``app.letters.formdata.write_file``): a full disk never leaves half
a report.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

from app.base.csvcell import safe_cell
from app.letters.formdata import write_file
from forms.render import BOLD, FONT


def _style(name: str, size: float, bold: bool = False, color: str = "#111111") -> ParagraphStyle:
    return ParagraphStyle(name, fontName=BOLD if bold else FONT, fontSize=size, leading=size * 1.3,
                          textColor=colors.HexColor(color))


H1 = _style("h1", 15, bold=True)
H2 = _style("h2", 11, bold=True)
BODY = _style("body", 9)
NOTE = _style("note", 7.5, color="#444444")
CELL = _style("cell", 8)
CELL_BOLD = _style("cellb", 8, bold=True)

# The portrait A4 page of the office report and Dukcapil's; WIDTH is what a table or chart may fill.
MARGIN_SIDE, MARGIN_END = 16 * mm, 14 * mm
WIDTH = A4[0] - 2 * MARGIN_SIDE


def table(rows: list[list[str]], widths: list[float], numeric_from: int = 1) -> Table:
    """The first row is the header (bold, on a light band, repeated on each page); columns from ``numeric_from``
    on are right-aligned figures (pass a number past the last column for none)."""
    data = [[Paragraph(escape(c), CELL_BOLD if r == 0 else CELL) for c in row] for r, row in enumerate(rows)]
    t = Table(data, colWidths=widths, repeatRows=1)
    style = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef7")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    t.setStyle(TableStyle(style))
    for r in range(len(rows)):
        for c in range(numeric_from, len(rows[0])):
            data[r][c].style = ParagraphStyle("num", parent=data[r][c].style, alignment=2)
    return t


def side_by_side(left: Table, right: Table, width: float) -> Table:
    """Two tables in the halves of ``width``, tops level, the left one flush with the margin."""
    pair = Table([[left, right]], colWidths=[width * 0.5, width * 0.5])
    pair.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return pair


def write_pdf(story: Sequence[Flowable], out: Path | str, title: str) -> None:
    """``story`` laid out on the portrait A4 page (``WIDTH`` between the margins); SaveFailed when ``out``
    cannot be written."""
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=MARGIN_SIDE, rightMargin=MARGIN_SIDE, topMargin=MARGIN_END,
                            bottomMargin=MARGIN_END, title=title, author="Loket")
    doc.build(list(story))
    write_file(Path(out), buf.getvalue())


def write_csv(out: Path | str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """The header, then one line a row; returns the number of rows. utf-8-sig so Excel shows Indonesian text
    correctly. SaveFailed when ``out`` cannot be written."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])  # a service or counter name is never a formula
        count += 1
    write_file(Path(out), buf.getvalue().encode("utf-8-sig"))
    return count
