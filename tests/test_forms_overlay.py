"""Pre-printed stock: values at mm positions over the office's own printed sheets, moved by the printer's
calibration, with the scanned blank in the preview only. Positions are read back from the PDF."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pypdf
import pytest
from PIL import Image
from reportlab.pdfbase.pdfmetrics import stringWidth

from app.base.settings import Settings
from app.citizen.readseal import seal
from app.cli import forms as forms_cli
from app.letters import formdata
from forms import blank
from forms.render import BOLD, OVERLAY_MIN, OVERLAY_SIZE, register_fonts
from forms.template import TemplateError, find, load_template
from tests.forms_support import applicant
from tests.test_forms_cli import parser as fill_parser

MM = 72 / 25.4
TODAY = date(2026, 11, 23)
PAGE_H = 297 * MM
TYPED = {"no_rm": "00123456", "telepon": "081234567890", "cara_bayar": "bpjs", "no_bpjs": "0001234567890",
         "pj_nama": "andi prasetyo", "pj_hubungan": "suami"}
CALIBRATED = Settings(extra={"forms": {"printer": "EPSON LX-310 loket 2",
                                       "printers": {"EPSON LX-310 loket 2": {"offset_mm": [1.5, -2.0]},
                                                    "HP LaserJet": {"offset_mm": [0, 0.5]}}}})


def rm1(tmp_path: Path, name: str, settings: Settings | None = None, **kwargs: object) -> pypdf.PdfReader:
    p = formdata.prepare_for_applicant("rsud_rm1_pracetak", applicant(0), TYPED, today=TODAY)
    assert p.filled.ok, p.filled.problems
    out = tmp_path / name
    formdata.print_pdf(p, out, settings=settings, printed_at=datetime(2026, 11, 23, 9, 30), **kwargs)
    return pypdf.PdfReader(out)


def runs(reader: pypdf.PdfReader) -> list[tuple[str, float, float, float]]:
    """Every text run as (text, x, y, size) in points from the bottom-left corner."""
    out: list[tuple[str, float, float, float]] = []

    def visit(text: str, cm: list, tm: list, font: object, size: float) -> None:
        if text.strip():
            out.append((text.strip(), tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5], size * tm[0]))

    reader.pages[0].extract_text(visitor_text=visit)
    return out


def where(reader: pypdf.PdfReader, text: str) -> tuple[float, float]:
    found = [(x, y) for t, x, y, _ in runs(reader) if t == text]
    assert len(found) == 1, (text, runs(reader))
    return found[0]


def test_values_sit_at_their_template_position_and_move_by_the_printer_offset(tmp_path):
    plain = rm1(tmp_path, "plain.pdf")
    x, y = where(plain, "DEWI KARTIKA SARI")
    assert (round(x / MM, 2), round((PAGE_H - y) / MM, 2)) == (62.0, 62.0)  # at = [62, 62]
    calibrated = rm1(tmp_path, "cal.pdf", CALIBRATED)
    # 1.5 mm right, 2 mm up (down is positive in the settings, as on the sheet): every run, marks included
    before, after = runs(plain), runs(calibrated)
    body = [r for r in before if not r[0].startswith("rsud_rm1") and not r[0].startswith("Halaman")]
    assert len(body) >= 20 and sum(1 for r in body if r[0] == "X") == 2
    for (t0, x0, y0, _), (t1, x1, y1, _) in zip(before, after, strict=True):
        assert t0 == t1
        if (t0, x0, y0) in [(t, x, y) for t, x, y, _ in body]:
            assert (round((x1 - x0) / MM, 2), round((y0 - y1) / MM, 2)) == (1.5, -2.0), t0
        else:  # the footer is in the sheet's margin, not on a printed line: it does not move
            assert (x1, y1) == (x0, y0)
    other = rm1(tmp_path, "hp.pdf", CALIBRATED, printer="HP LaserJet")
    assert round((where(plain, "SUMIATI")[1] - where(other, "SUMIATI")[1]) / MM, 2) == 0.5


def test_background_only_in_the_preview_and_the_preview_is_not_shifted(tmp_path):
    printed = rm1(tmp_path, "print.pdf", CALIBRATED)
    preview = rm1(tmp_path, "preview.pdf", CALIBRATED, preview=True)
    assert not printed.pages[0].images  # the stock already carries the printing
    images = preview.pages[0].images
    assert len(images) == 1
    # the preview's image is the shipped blank, full page
    template = find("rsud_rm1_pracetak")
    with Image.open(template.path.parent / template.background) as shipped:
        assert images[0].image.size == shipped.size
    x, y = where(preview, "DEWI KARTIKA SARI")
    assert (round(x / MM, 2), round((PAGE_H - y) / MM, 2)) == (62.0, 62.0)


def test_choices_are_an_x_in_their_printed_box(tmp_path):
    reader = rm1(tmp_path, "x.pdf")
    xs = [(x, y) for t, x, y, _ in runs(reader) if t == "X"]
    assert len(xs) == 2  # PEREMPUAN and BPJS, nothing in the other boxes
    template = find("rsud_rm1_pracetak")
    expected = [dict(template.field("jenis_kelamin").marks)["PEREMPUAN"],
                dict(template.field("cara_bayar").marks)["BPJS"]]
    register_fonts()
    half = stringWidth("X", BOLD, OVERLAY_SIZE + 1) / 2
    got = sorted((round((x + half) / MM, 1), round((PAGE_H - y) / MM, 1)) for x, y in xs)
    assert got == sorted((round(a, 1), round(b, 1)) for a, b in expected)


def test_digits_one_per_box_but_one_number_to_a_reader(tmp_path):
    reader = rm1(tmp_path, "nik.pdf")
    text = reader.pages[0].extract_text()
    assert "3273014507920001" in text and "0001234567890" in text and "00123456" in text


def test_long_values_shrink_then_cut_inside_their_box(tmp_path):
    p = formdata.prepare("rsud_rm1_pracetak", dict(formdata.person_values(applicant(0)),
                                                   nama="DEWI KARTIKA SARI " + "PANJANG " * 20), TYPED, today=TODAY)
    out = tmp_path / "long.pdf"
    formdata.print_pdf(p, out)
    name = [(t, x, size) for t, x, y, size in runs(pypdf.PdfReader(out)) if t.startswith("DEWI")]
    assert len(name) == 1
    shown, x, size = name[0]
    assert size == OVERLAY_MIN and stringWidth(shown, BOLD, size) <= 133 * MM
    assert x / MM + stringWidth(shown, BOLD, size) / MM <= 62 + 133 + 0.01


def test_the_shipped_blank_is_the_one_the_template_draws():
    # Moving a field without redrawing the blank would make the preview lie about where values land.
    template = find("rsud_rm1_pracetak")
    assert (template.path.parent / template.background).read_bytes() == blank.png_bytes(template)
    assert len(blank.png_bytes(template)) < 60_000


def test_unknown_printer_is_refused_not_printed_uncalibrated(tmp_path):
    with pytest.raises(ValueError, match="no calibration"):
        rm1(tmp_path, "x.pdf", CALIBRATED, printer="Canon")
    assert formdata.calibration(Settings()) is None
    assert formdata.calibration(CALIBRATED) == (1.5, -2.0)


def test_cli_preview_and_printer(tmp_path, capsys, monkeypatch):
    settings = tmp_path / "loket-settings.json"
    settings.write_text(json.dumps({"forms": CALIBRATED.extra["forms"]}), encoding="utf-8")
    monkeypatch.setenv("LOKET_CONFIG", str(settings))
    source = tmp_path / "read.json"
    source.write_text(json.dumps(seal(applicant(0).identity.to_json())), encoding="utf-8")  # as `read --json`
    sets = [a for k, v in TYPED.items() for a in ("--set", f"{k}={v}")] + ["--set", "nama_ibu=sumiati"]
    parser = fill_parser()

    def run(*argv: str) -> int:
        args = parser.parse_args(["fill", "rsud_rm1_pracetak", "--identity", str(source), *sets, *argv])
        return args.func(args)

    assert run("--preview", "--out", str(tmp_path / "p.pdf")) == 0
    assert run("--out", str(tmp_path / "o.pdf")) == 0
    assert pypdf.PdfReader(tmp_path / "p.pdf").pages[0].images
    assert not pypdf.PdfReader(tmp_path / "o.pdf").pages[0].images
    assert run("--printer", "Canon", "--out", str(tmp_path / "c.pdf")) == 2
    assert "Canon" in capsys.readouterr().err


def test_letter_preview_takes_no_number(tmp_path):
    settings = Settings(extra={"forms": {"numbering_file": str(tmp_path / "nomor.json")}})
    typed = {"alamat_domisili": "jl. mulawarman", "sejak": "01-03-2024", "keperluan": "KTP"}
    p = formdata.prepare_for_applicant("surat_domisili", applicant(0), typed, today=TODAY, settings=settings)
    assert formdata.print_pdf(p, tmp_path / "p.pdf", settings=settings, preview=True) == ""
    assert not (tmp_path / "nomor.json").exists()
    assert formdata.print_pdf(p, tmp_path / "1.pdf", settings=settings) == "470/001/KEL/XI/2026"


@pytest.mark.parametrize("extra, problem", [
    ('at = [10, 10]\ntype = "table"\ncolumns = [{ key = "a", label = "A" }]', "table cannot be placed"),
    ('type = "choice"\nchoices = ["A", "B"]\nmarks = { "C" = [1, 2] }', "not one of the choices"),
    ('type = "choice"\nchoices = ["A"]\nmarks = { "A" = [1] }', "marks.A must be"),
    ('width_mm = 20', "needs 'at"),
])
def test_overlay_template_mistakes(tmp_path, extra, problem):
    path = tmp_path / "o.toml"
    path.write_text(f'id = "o"\ntitle = "O"\nlayout = "overlay"\n[[sections]]\n[[sections.fields]]\n'
                    f'key = "a"\nlabel = "A"\nsource = "typed"\n{extra}\n', encoding="utf-8")
    with pytest.raises(TemplateError, match=problem):
        load_template(path)


def test_forms_cli_lists_the_overlay(capsys):
    assert forms_cli.cmd_forms(None) == 0  # type: ignore[arg-type]
    assert "rsud_rm1_pracetak" in capsys.readouterr().out
