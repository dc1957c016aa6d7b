"""The kecamatan/kelurahan letters beyond domisili: SKTM with the household from the Kartu Keluarga, and
SKU with the business typed by the clerk. Read back from the PDF, not from the values dict."""

import io
from datetime import datetime

import pypdf

from app.letters import formdata
from forms.fill import fill
from forms.render import render_bytes
from forms.template import find
from tests.forms_support import applicant
from tests.test_forms_fill import TODAY

WHEN = datetime(2026, 11, 23, 9, 30)
MM = 72 / 25.4
SKTM_PERSON = 5  # YOHANES MARIO LAKE, belum/tidak bekerja
FAMILY = ("YOHANES MARIO LAKE|5371023006990001|KEPALA KELUARGA|L|30-06-1999|BELUM/TIDAK BEKERJA;"
          "maria goreti lake|5371026508010002|istri|p|25-08-2001|mengurus rumah tangga;"
          "YOSEF LAKE|5371020103240001|ANAK|L|01-03-2024|BELUM/TIDAK BEKERJA")
SKTM = {"pengantar_rt": "012/RT.010/XI/2026 tanggal 20 November 2026", "penghasilan": "Rp 900.000",
        "keperluan": "Keringanan biaya berobat di RSUD", "anggota_keluarga": FAMILY}
SKU = {"nama_usaha": "warung makan bu luh", "jenis_usaha": "warung makan",
       "alamat_usaha": "jl. mulawarman rt 010 manggar", "mulai_usaha": "01-02-2019",
       "status_tempat": "sewa", "pengantar_rt": "015/RT.010/XI/2026",
       "keperluan": "Persyaratan pengajuan Kredit Usaha Rakyat (KUR)"}


def letter(form_id: str, person: int, typed: dict) -> tuple[pypdf.PdfReader, str]:
    p = formdata.prepare_for_applicant(form_id, applicant(person), typed, today=TODAY)
    assert p.filled.ok, p.filled.problems
    values = dict(p.filled.values, nomor_surat="474/031/SKTM/XI/2026")
    data = render_bytes(p.template, values, office=p.office, printed_at=WHEN)
    reader = pypdf.PdfReader(io.BytesIO(data))
    return reader, " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_sktm_lists_the_household_typed_from_the_kk():
    reader, text = letter("surat_tidak_mampu", SKTM_PERSON, SKTM)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / MM), round(float(box.height) / MM)) == (215, 330)
    for expected in ("KELURAHAN MANGGAR", "SURAT KETERANGAN TIDAK MAMPU", "Nomor: 474/031/SKTM/XI/2026",
                     "Yang bertanda tangan di bawah ini Lurah Manggar", "YOHANES MARIO LAKE",
                     "5371 0230 0699 0001", "Dengan anggota keluarga sesuai Kartu Keluarga",
                     "MARIA GORETI LAKE", "5371 0265 0801 0002", "ISTRI", "25 Agustus 2001", "YOSEF LAKE",
                     "tergolong keluarga tidak mampu", "Rp 900.000 per bulan",
                     "Keringanan biaya berobat di RSUD", "Manggar, 23 November 2026", "CONTOH NAMA LURAH",
                     "NIP. 198001012005011001"):
        assert expected in text, expected
    # the number of the Kartu Keluarga comes from the registry
    assert applicant(SKTM_PERSON).value("no_kk") in text


def test_sktm_family_from_the_registry_when_it_sends_them():
    values = formdata.person_values(applicant(SKTM_PERSON))
    values["anggota_keluarga"] = [{"nama": "MARIA GORETI LAKE", "nik": "5371026508010002", "hubungan": "ISTRI",
                                   "jenis_kelamin": "P", "tanggal_lahir": "2001-08-25", "pekerjaan": ""}]
    typed = {k: v for k, v in SKTM.items() if k != "anggota_keluarga"}
    filled = fill(find("surat_tidak_mampu"), values, typed, TODAY)
    assert filled.ok, filled.problems
    assert filled.values["anggota_keluarga"] == [
        {"nama": "MARIA GORETI LAKE", "nik": "5371026508010002", "hubungan": "ISTRI", "jenis_kelamin": "P",
         "tanggal_lahir": "25 Agustus 2001", "pekerjaan": ""}]


def test_sktm_family_rows_are_checked_like_fields():
    bad = dict(SKTM, anggota_keluarga="MARIA|5371026508010|ISTRI|P|31-02-2001|")
    filled = fill(find("surat_tidak_mampu"), formdata.person_values(applicant(SKTM_PERSON)), bad, TODAY)
    assert filled.problem_for("anggota_keluarga") == ["Anggota Keluarga, baris 1, NIK: NIK harus 16 angka."]
    bad = dict(SKTM, anggota_keluarga="MARIA|5371026508010002|ISTRI|P|31-02-2001|")
    filled = fill(find("surat_tidak_mampu"), formdata.person_values(applicant(SKTM_PERSON)), bad, TODAY)
    assert "baris 1, Tgl. Lahir: tanggal tidak sah" in filled.problem_for("anggota_keluarga")[0]
    too_many = dict(SKTM, anggota_keluarga="A|B|C|D|E|F|G")
    filled = fill(find("surat_tidak_mampu"), formdata.person_values(applicant(SKTM_PERSON)), too_many, TODAY)
    assert filled.problem_for("anggota_keluarga")


def test_sktm_single_person_household_prints_a_dash_not_an_empty_table():
    typed = {k: v for k, v in SKTM.items() if k != "anggota_keluarga"}
    _, text = letter("surat_tidak_mampu", SKTM_PERSON, typed)
    assert "Anggota Keluarga : -" in text and "Tgl. Lahir" not in text


def test_sktm_needs_the_income_and_the_rt_letter():
    filled = fill(find("surat_tidak_mampu"), formdata.person_values(applicant(SKTM_PERSON)),
                  {"penghasilan": "sembilan ratus ribu"}, TODAY)
    keys = {p.key for p in filled.problems}
    assert {"pengantar_rt", "keperluan", "penghasilan"} <= keys
    assert filled.problem_for("penghasilan") == ["Penghasilan ditulis seperti Rp 1.500.000"]


def test_sktm_without_the_registry_asks_for_the_kk_number():
    values = {k: v for k, v in formdata.person_values(applicant(SKTM_PERSON)).items() if k != "no_kk"}
    filled = fill(find("surat_tidak_mampu"), values, SKTM, TODAY)
    assert [p.key for p in filled.problems] == ["no_kk"]
    filled = fill(find("surat_tidak_mampu"), values, dict(SKTM, no_kk="5371020101200003"), TODAY)
    assert filled.ok


def test_sku_business_block_under_its_own_sentence():
    reader, text = letter("surat_usaha", 4, SKU)
    assert len(reader.pages) == 1
    for expected in ("SURAT KETERANGAN USAHA", "NI LUH PUTU ARI ASTUTI", "5171 0162 1179 0002", "PEDAGANG",
                     "Orang tersebut di atas benar mempunyai usaha sebagai berikut:",
                     "Nama Usaha : WARUNG MAKAN BU LUH", "Jenis / Bidang Usaha : WARUNG MAKAN",
                     "Alamat Usaha : JL. MULAWARMAN RT 010 MANGGAR", "Mulai Usaha Sejak : 1 Februari 2019",
                     "Status Tempat Usaha : SEWA", "Nomor 015/RT.010/XI/2026",
                     "Persyaratan pengajuan Kredit Usaha Rakyat (KUR)", "Manggar, 23 November 2026"):
        assert expected in text, expected
    # the business block comes after the person, in the order of the letter
    assert text.index("NI LUH PUTU") < text.index("mempunyai usaha") < text.index("WARUNG MAKAN BU LUH")


def test_sku_business_is_required():
    filled = fill(find("surat_usaha"), formdata.person_values(applicant(4)), {}, TODAY)
    assert {"nama_usaha", "jenis_usaha", "alamat_usaha", "mulai_usaha", "pengantar_rt", "keperluan"} == {
        p.key for p in filled.problems}
