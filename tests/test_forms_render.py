import io
import shutil
import subprocess
from datetime import date, datetime

import pypdf
import pytest
from PIL import Image

from app.base.settings import Settings
from app.letters import formdata
from forms.render import render_bytes
from tests.forms_support import applicant
from tests.test_forms_fill import RSUD_TYPED, SIM_TYPED, TODAY

WHEN = datetime(2026, 11, 23, 9, 30)
MM = 72 / 25.4


def pdf_of(form_id, person, typed, **kwargs):
    p = formdata.prepare_for_applicant(form_id, applicant(person), typed, today=TODAY)
    assert p.filled.ok, p.filled.problems
    values = dict(p.filled.values, nomor_surat="470/007/KEL/XI/2026")
    return render_bytes(p.template, values, office=p.office, photo=p.photo, printed_at=WHEN, **kwargs)


def text_of(data: bytes) -> tuple[pypdf.PdfReader, str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    # Lines wrap wherever the box ends, so compare with whitespace collapsed.
    return reader, " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_rsud_pdf_reads_back_with_values_labels_photo_and_a4():
    reader, text = text_of(pdf_of("rsud_pasien_baru", 0, RSUD_TYPED))
    for expected in ("3273014507920001", "DEWI KARTIKA SARI", "Nama Ibu Kandung", "SUMIATI",
                     "FORMULIR PENDAFTARAN PASIEN BARU", "BANDUNG, 5 Juli 1992", "002/011", "GEGERKALONG", "☒ BPJS",
                     "rsud_pasien_baru · dicetak 23-11-2026 09:30", "Halaman 1 dari"):
        assert expected in text
    assert "SARIJADI" not in text and "007/008" not in text  # the register's address, whole: never half of two
    page = reader.pages[0]
    assert (round(float(page.mediabox.width) / MM), round(float(page.mediabox.height) / MM)) == (210, 297)
    images = [img for p in reader.pages for img in p.images]
    assert images, "the chip photo is embedded"
    fonts = [f.get_object()["/BaseFont"] for f in page["/Resources"]["/Font"].values()]
    assert any("DejaVuSans" in name for name in fonts), fonts


def test_paper_f4_and_override():
    reader, _ = text_of(pdf_of("surat_domisili", 0, DOMISILI))
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / MM), round(float(box.height) / MM)) == (215, 330)
    reader, _ = text_of(pdf_of("rsud_pasien_baru", 0, RSUD_TYPED, paper="F4"))
    assert round(float(reader.pages[0].mediabox.height) / MM) == 330


DOMISILI = {"alamat_domisili": "jl. mulawarman rt 010 manggar", "sejak": "01-03-2024",
            "keperluan": "Persyaratan melamar pekerjaan"}


def test_letter_has_kop_number_body_and_signer():
    _, text = text_of(pdf_of("surat_domisili", 0, DOMISILI))
    for expected in ("KELURAHAN MANGGAR", "SURAT KETERANGAN DOMISILI", "Nomor: 470/007/KEL/XI/2026",
                     "Yang bertanda tangan di bawah ini Lurah Manggar", "3273 0145 0792 0001",
                     "JL. MULAWARMAN RT 010 MANGGAR", "1 Maret 2024", "Manggar, 23 November 2026",
                     "CONTOH NAMA LURAH", "NIP. 198001012005011001"):
        assert expected in text


def test_sim_form():
    _, text = text_of(pdf_of("sim_permohonan", 6, SIM_TYPED))
    assert "MUHAMMAD RIZKY PRATAMA" in text and "7371111502080005" in text and "KONTAK KEADAAN DARURAT" in text


def test_markup_in_data_prints_literally_and_long_values_stay_in_their_box():
    typed = dict(RSUD_TYPED, pj_nama="<b>Budi</b> & <font size=40>Ani</font>", pj_hubungan="SUAMI",
                 alamat_sekarang="JL. " + "PANJANG SEKALI " * 25, asal_faskes="X" * 150)
    data = pdf_of("rsud_pasien_baru", 0, typed)
    _, text = text_of(data)
    assert "<B>BUDI</B> & <FONT SIZE=40>ANI</FONT>" in text
    reader = pypdf.PdfReader(io.BytesIO(data))
    width = float(reader.pages[0].mediabox.width)
    # every glyph the long values produced lies inside the page's right margin
    xs = []
    reader.pages[0].extract_text(visitor_text=lambda t, cm, tm, fd, fs: xs.append(tm[4] * cm[0] + cm[4])
                                 if "X" in t else None)
    assert xs and max(xs) < width - 14 * MM


def test_problems_block_printing(tmp_path):
    p = formdata.prepare_for_applicant("rsud_pasien_baru", applicant(0), {}, today=TODAY)
    with pytest.raises(ValueError):
        formdata.print_pdf(p, tmp_path / "x.pdf")


def test_letter_numbers_never_repeat(tmp_path):
    settings = Settings(extra={"forms": {"numbering_file": str(tmp_path / "nomor.json")}})
    p = formdata.prepare_for_applicant("surat_domisili", applicant(0), DOMISILI, today=date(2026, 11, 23),
                                       settings=settings)
    numbers = [formdata.print_pdf(p, tmp_path / f"{i}.pdf", settings=settings) for i in range(3)]
    assert numbers == ["470/001/KEL/XI/2026", "470/002/KEL/XI/2026", "470/003/KEL/XI/2026"]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_page_one_renders_to_a_non_blank_png(tmp_path):
    pdf = tmp_path / "rsud.pdf"
    pdf.write_bytes(pdf_of("rsud_pasien_baru", 0, RSUD_TYPED))
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")],
                   check=True, timeout=30)
    png = next(tmp_path.glob("p*.png"))
    with Image.open(png) as img:
        gray = img.convert("L")
        dark = sum(gray.histogram()[:128])
        assert 0.01 < dark / (gray.width * gray.height) < 0.5
        assert gray.getextrema()[0] < 50  # real ink, not a faint empty page


# Every optional box filled, long enough to wrap where real data wraps: the worst ordinary case.
RSUD_FULL = dict(RSUD_TYPED, no_rm="00.12.34.56", asal_faskes="PUSKESMAS MANGGAR BARU", poli_tujuan="PENYAKIT DALAM",
                 suku="SUNDA", bahasa="SUNDA, INDONESIA", nama_pasangan="ANDI PRASETYO",
                 alamat_sekarang="JL. MULAWARMAN GG. MAWAR NO. 12 RT 010 MANGGAR, BALIKPAPAN TIMUR",
                 pj_nama="ANDI PRASETYO", pj_hubungan="SUAMI", pj_telepon="081311112222",
                 pj_alamat="JL. MULAWARMAN GG. MAWAR NO. 12 RT 010 MANGGAR, BALIKPAPAN TIMUR",
                 petugas_nama="SRI WAHYUNI", petugas_nip="198805052010012003")
SIM_FULL = dict(SIM_TYPED, email="rizky.pratama@example.com", pendidikan="SLTA/SEDERAJAT", tinggi_badan="170",
                kacamata="ya", cacat_fisik="TIDAK ADA", no_sim_lama="",
                darurat_alamat="JL. PERINTIS KEMERDEKAAN KM. 9 TAMALANREA, MAKASSAR")


@pytest.mark.parametrize("form_id, person, typed", [
    ("rsud_pasien_baru", 0, RSUD_TYPED), ("rsud_pasien_baru", 0, RSUD_FULL), ("rsud_pasien_baru", 3, RSUD_FULL),
    ("sim_permohonan", 6, SIM_TYPED), ("sim_permohonan", 6, SIM_FULL),
])
def test_forms_fit_one_a4_page_with_their_signatures(form_id, person, typed):
    reader, text = text_of(pdf_of(form_id, person, typed, paper="A4"))
    assert len(reader.pages) == 1
    assert "Halaman 1 dari 1" in text
    assert "Petugas" in reader.pages[0].extract_text()  # the signature block is on that page


def test_rsud_petugas_is_signed_not_listed_twice():
    _, text = text_of(pdf_of("rsud_pasien_baru", 0, RSUD_FULL))
    assert text.count("SRI WAHYUNI") == 1 and "NIP. 198805052010012003" in text
    assert "F. DIISI PETUGAS" not in text


def test_satpas_letterhead_lines_do_not_wrap():
    reader, _ = text_of(pdf_of("sim_permohonan", 6, SIM_TYPED))
    lines = [" ".join(line.split()) for line in reader.pages[0].extract_text().splitlines()]
    assert "SATUAN PENYELENGGARA ADMINISTRASI SIM" in lines
    assert "KEPOLISIAN NEGARA REPUBLIK INDONESIA" in lines


def test_a_choice_never_breaks_inside_its_label():
    reader, _ = text_of(pdf_of("rsud_pasien_baru", 0, RSUD_TYPED))
    lines = [" ".join(line.split()) for line in reader.pages[0].extract_text().splitlines()]
    assert any("☐ ASURANSI LAIN" in line.replace("\u00a0", " ") for line in lines)
