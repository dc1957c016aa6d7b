"""Draw the synthetic "scanned blank" of a pre-printed form from its template: the printed labels, write-in
lines, digit boxes and choice boxes where the template puts the values.

A real office scans its own stock instead; this one exists so the preview and the tests have a blank that
is guaranteed to agree with the template (a test redraws it and compares). Run
``python -m forms.blank FORM_ID`` after moving a field.
"""

from __future__ import annotations

import argparse
import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from forms.office import example
from forms.render import PAPER_SIZES
from forms.template import TEMPLATE_DIR, Field, FormTemplate, find

DPI = 100  # enough to place a value by eye on screen; a blank at scan resolution would bloat the repo
LEFT_LABEL_MM = 15.0  # labels of the first column; a field further right has its label 26 mm before it
LABEL_GAP_MM = 26.0
_FONT_DIR = Path(__file__).resolve().parent.parent / "resources" / "fonts"
_PT = 25.4 / 72  # mm per point


def _px(value_mm: float) -> int:
    return round(value_mm / 25.4 * DPI)


def _font(size_pt: float, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(_FONT_DIR / name), _px(size_pt * _PT))


def _label_x(f: Field) -> float:
    assert f.at is not None
    return LEFT_LABEL_MM if f.at[0] <= LEFT_LABEL_MM + 50 else f.at[0] - LABEL_GAP_MM


def draw(template: FormTemplate) -> Image.Image:
    width_pt, height_pt = PAPER_SIZES[template.paper]
    size = (_px(width_pt * _PT), _px(height_pt * _PT))
    img = Image.new("L", size, 255)
    d = ImageDraw.Draw(img)
    faint = 110
    office = example(template.office_kind)
    # The stock's own printing: kop, form code, title. Light grey so the preview shows the values in front.
    for i, line in enumerate(office.heading):
        d.text((_px(105), _px(14 + i * 6)), line, fill=faint, font=_font(11, bold=True), anchor="mm")
    d.line([(_px(15), _px(27)), (_px(195), _px(27))], fill=faint, width=3)
    d.text((_px(15), _px(36)), template.title.split("(")[0].strip(), fill=faint, font=_font(10, bold=True),
           anchor="ls")
    label_font, small = _font(8.5), _font(7.5)
    for sec in template.sections:
        for f in sec.fields:
            if f.marks:
                first = min(x for _, (x, _) in f.marks)
                y = f.marks[0][1][1]
                d.text((_px(LEFT_LABEL_MM if first <= 70 else first - LABEL_GAP_MM), _px(y)), f.label,
                       fill=faint, font=label_font, anchor="ls")
                for choice, (x, y) in f.marks:
                    # The X is centred on (x, y) as a baseline: the box sits around the letter's body.
                    box = [_px(x - 2), _px(y - 3.4), _px(x + 2), _px(y + 0.6)]
                    d.rectangle(box, outline=faint, width=1)
                    d.text((_px(x + 3.5), _px(y)), choice, fill=faint, font=small, anchor="ls")
                continue
            if f.at is None:
                continue
            x, y = f.at
            d.text((_px(_label_x(f)), _px(y)), f.label, fill=faint, font=label_font, anchor="ls")
            if f.pitch_mm:
                for i in range(f.max_length or 16):
                    left = x + i * f.pitch_mm
                    d.rectangle([_px(left), _px(y - 4.5), _px(left + f.pitch_mm), _px(y + 1.5)],
                                outline=faint, width=1)
            else:
                for dot in range(int((f.width_mm or 60) / 1.5)):
                    px = _px(x + dot * 1.5)
                    d.point([(px, _px(y + 1.2))], fill=faint)
    # The stock's signature lines, which the counter never prints on.
    for x, who in ((40, "Pasien / Penanggung Jawab"), (150, "Petugas Pendaftaran")):
        d.text((_px(x), _px(232)), who, fill=faint, font=label_font, anchor="mm")
        d.line([(_px(x - 25), _px(258)), (_px(x + 25), _px(258))], fill=faint, width=1)
    d.rectangle([_px(10), _px(10), _px(200), _px(287)], outline=faint, width=1)
    return img


def png_bytes(template: FormTemplate) -> bytes:
    buf = io.BytesIO()
    # Grey line art: a 16-level palette keeps the file a few tens of kB.
    draw(template).quantize(16).save(buf, "PNG", optimize=True)
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m forms.blank", description=__doc__.splitlines()[0])
    p.add_argument("form_id")
    p.add_argument("--templates", type=Path, default=TEMPLATE_DIR)
    args = p.parse_args(argv)
    template = find(args.form_id, args.templates)
    if not template.background:
        p.error(f"{args.form_id} has no background")
    out = template.path.parent / template.background
    out.write_bytes(png_bytes(template))
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
