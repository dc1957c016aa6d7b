"""The report's charts as reportlab drawings: citizens per day (one bar per service in each day's group) and
citizens per hour of the day. The PDF embeds them as vectors; the GUI shows the same drawing, rendered from
a one-page PDF of it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cache

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

from app.base.clerktext import QT_TRANSLATE_NOOP
from app.report.stats import NO_SERVICE, Report
from forms.render import BOLD, FONT, register_fonts
from forms.template import FormTemplate, load_all

# The record-only visit; a form's legend name is its template's (legend_name, length checked at load).
SHORT_NAMES = {NO_SERVICE: QT_TRANSLATE_NOOP("Core", "Baca e-KTP saja")}
PALETTE = ("#1f5fa8", "#e08a1e", "#2e9d5b", "#c0392b", "#7d4fa8", "#16a3b8", "#8c6d46", "#d35d9b", "#7f8c8d")
MONTHS = (QT_TRANSLATE_NOOP("Core", "Jan"), QT_TRANSLATE_NOOP("Core", "Feb"), QT_TRANSLATE_NOOP("Core", "Mar"),
          QT_TRANSLATE_NOOP("Core", "Apr"), QT_TRANSLATE_NOOP("Core", "Mei"), QT_TRANSLATE_NOOP("Core", "Jun"),
          QT_TRANSLATE_NOOP("Core", "Jul"), QT_TRANSLATE_NOOP("Core", "Agu"), QT_TRANSLATE_NOOP("Core", "Sep"),
          QT_TRANSLATE_NOOP("Core", "Okt"), QT_TRANSLATE_NOOP("Core", "Nov"), QT_TRANSLATE_NOOP("Core", "Des"))
Words = Callable[[str], str]  # the window's language for the drawing's words (the PDF: as written)


def _same(text: str) -> str:
    return text


def service_name(service: str) -> str:
    if service in SHORT_NAMES:
        return SHORT_NAMES[service]
    template = _templates().get(service)
    if template is None:
        return service  # a form since removed: its id, as the audit trail has it
    return template.legend_name or template.title.capitalize()


@cache
def _templates() -> dict[str, FormTemplate]:
    try:
        return load_all()
    except Exception:  # a broken template folder must not cost the office its report
        return {}


def day_label(day: date, words: Words = _same) -> str:
    return f"{day.day} {words(MONTHS[day.month - 1])}"


def _axis(top: int) -> tuple[int, int]:
    """(axis maximum, tick step): round steps, four to six ticks."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if top <= step * 5:
            return max(step, -(-top // step) * step), step
    return top, max(1, top // 5)


def _title(d: Drawing, text: str, width: float, height: float) -> None:
    d.add(String(width / 2, height - 14, text, fontName=BOLD, fontSize=11, textAnchor="middle"))


# The bar charts' look, shared with Dukcapil's semester report (app.report.dukcapil_render): one place to change it.
def style_axes(bars: VerticalBarChart, top: int, names: list[str], name_size: float = 8) -> None:
    """A value axis from 0 in round steps up to ``top`` (at least 1), and ``names`` under the groups."""
    bars.valueAxis.valueMin = 0
    bars.valueAxis.valueMax, bars.valueAxis.valueStep = _axis(top or 1)
    bars.valueAxis.labels.fontName = FONT
    bars.valueAxis.labels.fontSize = 8
    bars.categoryAxis.categoryNames = names
    bars.categoryAxis.labels.fontName = FONT
    bars.categoryAxis.labels.fontSize = name_size


def colour_series(bars: VerticalBarChart, count: int) -> None:
    """Series ``0..count-1`` in the palette's colours (they repeat past its end), no outline."""
    for i in range(count):
        bars.bars[i].fillColor = colors.HexColor(PALETTE[i % len(PALETTE)])
        bars.bars[i].strokeColor = None


def label_bars(bars: VerticalBarChart) -> None:
    """Each bar's count above it."""
    bars.barLabelFormat = "%d"
    bars.barLabels.fontName = FONT
    bars.barLabels.fontSize = 7
    bars.barLabels.nudge = 6


def add_legend(d: Drawing, x: float, y: float, names: list[str]) -> None:
    """The series' colours and ``names``, top-left corner at (x, y), in one column of up to 12."""
    legend = Legend()
    legend.x, legend.y = x, y
    legend.fontName, legend.fontSize = FONT, 8
    legend.alignment = "right"
    legend.boxAnchor = "nw"
    legend.columnMaximum = 12
    legend.dx = legend.dy = 7
    legend.colorNamePairs = [(colors.HexColor(PALETTE[i % len(PALETTE)]), name) for i, name in enumerate(names)]
    d.add(legend)


def add_unit(d: Drawing, bars: VerticalBarChart, unit: str) -> None:
    """What the values count (``warga``, ``akses``), above the value axis."""
    d.add(String(bars.x - 6, bars.y + bars.height + 8, unit, fontName=FONT, fontSize=8))


def per_day(report: Report, width: float = 500, height: float = 250, words: Words = _same) -> Drawing:
    """Citizens served per day, one bar per service in each day's group, with a legend."""
    register_fonts()
    d = Drawing(width, height)
    _title(d, words(QT_TRANSLATE_NOOP("Core", "Warga dilayani per hari, per layanan")), width, height)
    services = report.services or [NO_SERVICE]
    days = report.days
    chart = VerticalBarChart()
    chart.x, chart.y = 40, 45
    chart.width, chart.height = width - 60 - (140 if len(services) > 1 else 0), height - 80
    chart.data = [[report.served.get((day, s), 0) for day in days] for s in services]
    style_axes(chart, max((v for series in chart.data for v in series), default=0),
               [day_label(day, words) for day in days])
    if len(days) > 14:
        chart.categoryAxis.labels.angle = 45
        chart.categoryAxis.labels.boxAnchor = "ne"
    chart.groupSpacing = 8 if len(days) > 1 else 30
    chart.barSpacing = 1
    colour_series(chart, len(services))
    if len(days) * len(services) <= 24:  # a number on each bar while they are wide enough to hold one
        label_bars(chart)
    d.add(chart)
    if len(services) > 1:
        add_legend(d, width - 135, height - 40, [words(service_name(s)) for s in services])
    add_unit(d, chart, words(QT_TRANSLATE_NOOP("Core", "warga")))
    return d


def per_hour(report: Report, width: float = 500, height: float = 200, words: Words = _same) -> Drawing:
    """Citizens per hour of the day (first event of each citizen), all days of the range together."""
    register_fonts()
    d = Drawing(width, height)
    title = QT_TRANSLATE_NOOP("Core", "Warga dilayani per jam (kedatangan pertama, semua hari)") \
        if len(report.days) > 1 else QT_TRANSLATE_NOOP("Core", "Warga dilayani per jam (kedatangan pertama)")
    _title(d, words(title), width, height)
    hours = sorted(report.served_per_hour) or [8]
    span = list(range(min(hours), max(hours) + 1))
    chart = VerticalBarChart()
    chart.x, chart.y = 40, 35
    chart.width, chart.height = width - 60, height - 70
    chart.data = [[report.served_per_hour.get(h, 0) for h in span]]
    style_axes(chart, max(chart.data[0], default=0), [f"{h:02d}.00" for h in span])
    colour_series(chart, 1)
    label_bars(chart)
    d.add(chart)
    add_unit(d, chart, words(QT_TRANSLATE_NOOP("Core", "warga")))
    return d


def pdf(drawing: Drawing) -> bytes:
    """The drawing alone as a one-page PDF. The GUI renders it with pypdfium2: reportlab's own bitmap renderer
    (renderPM) needs rlPyCairo and the cairo library, which the counter PC does not otherwise need."""
    from reportlab.graphics import renderPDF

    return renderPDF.drawToString(drawing)
