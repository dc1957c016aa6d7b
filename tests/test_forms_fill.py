from datetime import date

from app.citizen.merge import Source
from app.letters import formdata
from forms.fill import fill
from forms.template import find
from tests.forms_support import applicant

TODAY = date(2026, 11, 23)
RSUD_TYPED = {"cara_bayar": "bpjs", "no_bpjs": "0001234567890", "telepon": "0812-3456-7890"}


def test_rsud_from_a_real_applicant():
    a = applicant(0)  # DEWI: registry knows her mother, and disagrees on the address
    p = formdata.prepare_for_applicant("rsud_pasien_baru", a, RSUD_TYPED, today=TODAY)
    v = p.filled.values
    assert p.filled.ok, p.filled.problems
    assert v["nik"] == "3273014507920001" and v["nama"] == "DEWI KARTIKA SARI"
    assert v["nama_ibu"] == "SUMIATI"  # registry.*
    assert v["pendidikan"] == "DIPLOMA IV/STRATA I"
    assert v["umur"] == "34 tahun"  # derived: born 5 July 1992
    assert v["ttl"] == "BANDUNG, 5 Juli 1992"
    assert v["cara_bayar"] == "BPJS"  # the template's spelling of the choice
    assert p.photo and p.photo[:2] == b"\xff\xd8"


def test_unresolved_address_discrepancy_prints_the_registers_whole_address():
    a = applicant(0)
    assert {d.field for d in a.discrepancies} >= {"alamat", "rt", "rw", "kelurahan"}
    values = formdata.person_values(a)  # nobody chose: the live register's address, preselected, as a whole
    assert (values["alamat"], values["rt"], values["rw"], values["kelurahan"]) == (
        "JL. GERLONG HILIR NO. 21", "2", "11", "GEGERKALONG")
    assert "kode_kelurahan" in values  # the register's own code, of the register's own address
    filled = fill(find("rsud_pasien_baru"), values, RSUD_TYPED, TODAY)
    assert filled.values["rt_rw"] == "002/011"


def test_chip_address_chosen_moves_the_whole_address():
    a = applicant(0)
    a.choose("alamat", Source.CHIP)
    try:
        values = formdata.person_values(a)
        assert (values["alamat"], values["rt"], values["rw"], values["kelurahan"]) == (
            "JL. SARIJADI BLOK 5 NO. 12", "007", "008", "SARIJADI")
        assert "kode_kelurahan" not in values  # the register's kelurahan code belongs to the other address
        filled = fill(find("rsud_pasien_baru"), values, RSUD_TYPED, TODAY)
        assert filled.values["rt_rw"] == "007/008"
    finally:
        a.choose("alamat", Source.REGISTRY)


def test_missing_required_typed_fields_in_indonesian():
    p = formdata.prepare_for_applicant("rsud_pasien_baru", applicant(0), {"cara_bayar": "BPJS"}, today=TODAY)
    problems = {pr.key: pr.message for pr in p.filled.problems}
    assert problems["telepon"] == "No. Telepon / HP wajib diisi."
    assert problems["no_bpjs"] == "No. Kartu BPJS wajib diisi."  # required only because of BPJS
    assert "nama_asuransi" not in problems


def test_validation_messages():
    typed = dict(RSUD_TYPED, no_bpjs="12345", telepon="12", cara_bayar="GRATIS", pj_nama="ANI")
    p = formdata.prepare_for_applicant("rsud_pasien_baru", applicant(0), typed, today=TODAY)
    problems = {pr.key: pr.message for pr in p.filled.problems}
    assert problems["no_bpjs"] == "No. Kartu BPJS harus 13 angka."
    assert "tidak wajar" in problems["telepon"]
    assert "pilih salah satu dari UMUM, BPJS, ASURANSI LAIN" in problems["cara_bayar"]
    assert problems["pj_hubungan"] == "Hubungan wajib diisi."  # because pj_nama is filled


def test_typed_value_overrides_and_names_are_capitals():
    typed = dict(RSUD_TYPED, nama_ibu="siti aminah", suku="sunda")
    p = formdata.prepare_for_applicant("rsud_pasien_baru", applicant(0), typed, today=TODAY)
    assert p.filled.values["nama_ibu"] == "SITI AMINAH"
    assert p.filled.values["suku"] == "SUNDA"


def test_conventions_rt_rw_agama_and_old_card():
    ahmad = formdata.person_values(applicant(7))  # early card: RT "3", 2017 expiry date
    filled = fill(find("rsud_pasien_baru"), ahmad, RSUD_TYPED, TODAY)
    assert filled.values["rt_rw"] == "003/001"
    yohanes = fill(find("rsud_pasien_baru"), formdata.person_values(applicant(5)), RSUD_TYPED, TODAY)
    assert yohanes.values["agama"] == "KATOLIK"  # the card says KATHOLIK


def test_chip_only_applicant_asks_for_what_the_registry_would_have_given():
    person = formdata.person_values(applicant(0))
    chip_only = {k: v for k, v in person.items() if k not in ("nama_ibu", "pendidikan", "nama_ayah", "no_kk")}
    filled = fill(find("rsud_pasien_baru"), chip_only, RSUD_TYPED, TODAY)
    assert [p.message for p in filled.problems] == ["Nama Ibu Kandung wajib diisi."]


SIM_TYPED = {"golongan_sim": "C", "jenis_permohonan": "BARU", "satpas": "polresta balikpapan",
             "telepon": "081234567890", "darurat_nama": "hasnawati", "darurat_hubungan": "ORANG TUA",
             "darurat_telepon": "081298765432"}


def test_sim_under_age_is_refused_with_the_date():
    rizky = applicant(6)  # born 15 February 2008
    typed = dict(SIM_TYPED, golongan_sim="C II", jenis_permohonan="PENINGKATAN GOLONGAN",
                 konfirmasi_sim_sebelumnya="ya")
    p = formdata.prepare_for_applicant("sim_permohonan", rizky, typed, today=TODAY)
    assert [pr.key for pr in p.filled.problems] == ["golongan_sim"]
    message = p.filled.problems[0].message
    assert "umur minimal 19 tahun, sekarang 18 tahun" in message
    assert "15 Februari 2027" in message


def test_sim_higher_class_asks_the_clerk_to_confirm():
    typed = dict(SIM_TYPED, golongan_sim="C I")
    p = formdata.prepare_for_applicant("sim_permohonan", applicant(6), typed, today=TODAY)
    assert [pr.key for pr in p.filled.problems] == ["konfirmasi_sim_sebelumnya"]
    p = formdata.prepare_for_applicant("sim_permohonan", applicant(6), dict(typed, konfirmasi_sim_sebelumnya="ya"),
                                       today=TODAY)
    assert p.filled.ok, p.filled.problems
    renewal = dict(typed, jenis_permohonan="PERPANJANGAN", no_sim_lama="123456789012")
    assert formdata.prepare_for_applicant("sim_permohonan", applicant(6), renewal, today=TODAY).filled.ok
