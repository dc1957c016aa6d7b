"""The SATUSEHAT Patient from simulated cards: valid against a FHIR library's Patient model, and carrying the
ministry's identifier systems, extensions and codes; the value mappings table-driven."""

from __future__ import annotations

import json

import pytest

from app.export import core, satusehat
from app.export.regions import Region, resolve
from reader.identity import Authenticity
from reader.simulator.population import POPULATION
from tests.export_support import demo_person

pytest.importorskip("fhir.resources")
# fhir.resources 8 carries R5 at the top and R4B beside it; R4B's Patient is R4's (4.3 changed no Patient
# element), which is what SATUSEHAT runs.
from fhir.resources.R4B.patient import Patient

GENUINE = [i for i, p in enumerate(POPULATION) if not p.tampered]


def build(index: int, **typed: str) -> dict:
    values, authenticity = demo_person(index)
    export = core.build("satusehat", values, typed, authenticity=authenticity)
    return json.loads(export.content)


def ext(resource: dict, url: str) -> dict:
    return next(e for e in resource.get("extension", []) if e["url"] == url)


@pytest.mark.parametrize("index", GENUINE)
def test_every_genuine_card_gives_a_patient_the_fhir_model_accepts(index):
    resource = build(index, telepon="081234567890")
    patient = Patient.model_validate(resource)
    person = POPULATION[index]
    assert patient.identifier[0].system == "https://fhir.kemkes.go.id/id/nik"
    assert patient.identifier[0].value == person.nik
    assert patient.name[0].text == person.nama or person.registry_differs.get("NAMA_LGKP")
    assert str(patient.birthDate) == resource["birthDate"]
    assert resource["gender"] == ("female" if int(person.nik[6:8]) > 40 else "male")
    assert resource["telecom"] == [{"system": "phone", "value": "081234567890", "use": "mobile"}]


def test_dewi_has_the_ministry_shape_down_to_the_village_code():
    resource = build(0)
    assert resource["meta"]["profile"] == ["https://fhir.kemkes.go.id/r4/StructureDefinition/Patient"]
    assert {"use": "official", "system": "https://fhir.kemkes.go.id/id/kk", "value": "3273012203150004"} \
        in resource["identifier"]
    assert resource["birthDate"] == "1992-07-05"
    address = resource["address"][0]
    assert address["line"] == ["JL. GERLONG HILIR NO. 21"]  # Dukcapil's address, preselected as a whole
    assert address["use"] == "home" and address["country"] == "ID" and address["city"] == "Kota Bandung"
    codes = {e["url"]: e["valueCode"] for e in address["extension"][0]["extension"]}
    assert address["extension"][0]["url"] == "https://fhir.kemkes.go.id/r4/StructureDefinition/administrativeCode"
    # Gegerkalong, Sukasari, Kota Bandung in the Kemendagri list; RT/RW 2/11 as plain numbers.
    assert codes == {"province": "32", "city": "3273", "district": "327301", "village": "3273011002",
                     "rt": "2", "rw": "11"}
    assert address["postalCode"] == "40153"  # the register's kelurahan, with its own postal code
    assert ext(resource, satusehat.BIRTH_PLACE)["valueAddress"] == {"city": "BANDUNG", "country": "ID"}
    assert ext(resource, satusehat.CITIZENSHIP)["valueCode"] == "WNI"
    assert resource["maritalStatus"]["coding"][0] == {
        "system": "http://terminology.hl7.org/CodeSystem/v3-MaritalStatus", "code": "M", "display": "Married"}


def test_only_what_the_index_needs_leaves_loket():
    resource = build(0)
    text = json.dumps(resource)
    for private in ("SUMIATI", "AGUS SETIAWAN", "KARYAWAN SWASTA", "ISLAM", "DIPLOMA", "3273-LT"):
        assert private not in text  # mother, father, occupation, religion, education, birth certificate
    assert "photo" not in resource


@pytest.mark.parametrize(("ktp", "code"), [
    ("BELUM KAWIN", "S"), ("KAWIN", "M"), ("KAWIN TERCATAT", "M"), ("CERAI HIDUP", "D"), ("CERAI MATI", "W"),
])
def test_marital_status_maps_to_v3_codes(ktp, code):
    values = dict(demo_person(2)[0], status_perkawinan=ktp)
    resource, notes = satusehat.patient(values, Region())
    assert resource["maritalStatus"]["coding"][0]["code"] == code
    Patient.model_validate(resource)


@pytest.mark.parametrize(("sex", "gender"), [("LAKI-LAKI", "male"), ("LK", "male"), ("PEREMPUAN", "female"),
                                             ("P", "female")])
def test_sex_codes_map_to_fhir_gender(sex, gender):
    values = dict(demo_person(2)[0], jenis_kelamin=sex)
    assert satusehat.patient(values, Region())[0]["gender"] == gender


def test_a_record_without_what_the_index_requires_is_refused_with_one_line_each():
    values = dict(demo_person(2)[0], jenis_kelamin="", tanggal_lahir=None)
    with pytest.raises(core.ExportError) as err:
        core.build("satusehat", values)
    assert err.value.code == 12
    assert [line.split(":")[0] for line in err.value.lines] == ["tanggal_lahir", "jenis_kelamin"]


def test_an_address_without_rt_sends_no_rt_and_an_unknown_region_is_reported():
    values = dict(demo_person(4)[0])  # Ni Luh Putu: RT/RW 000/000
    resource, notes = satusehat.patient(values, resolve(values))
    codes = [e["url"] for e in resource["address"][0]["extension"][0]["extension"]]
    assert codes == ["province", "city", "district", "village"]
    # A district name the list does not know: the NIK's district digits stand in (said so), and the
    # village, unknown inside that district, is left out (said so too).
    values.update(kecamatan="ATLANTIS", kode_kecamatan="", kode_kelurahan="")
    resource, notes = satusehat.patient(values, resolve(values))
    codes = {e["url"]: e["valueCode"] for e in resource["address"][0]["extension"][0]["extension"]}
    assert codes == {"province": "51", "city": "5171", "district": "517101"}
    texts = [n.text for n in notes]
    assert any("ATLANTIS" in t and "dari NIK" in t for t in texts)
    assert any(t.startswith("Kode kelurahan/desa tidak dapat ditentukan") for t in texts)
    assert "postalCode" not in resource["address"][0]
    Patient.model_validate(resource)


def test_unverified_chip_data_is_not_exported_unless_the_office_allows_it():
    values, authenticity = demo_person(8)
    assert authenticity is Authenticity.INVALID
    with pytest.raises(core.ExportError) as err:
        core.build("satusehat", values, authenticity=authenticity)
    assert err.value.code == 10 and err.value.outcome == "blocked_unverified"
    from app.base.settings import Settings

    allowed = Settings()
    allowed.extra["forms"] = {"allow_unverified_print": True}
    export = core.build("satusehat", values, authenticity=authenticity, settings=allowed)
    Patient.model_validate(json.loads(export.content))
    assert any(n.field == "keaslian" for n in export.notes)


def test_the_model_check_is_real_a_ktp_date_or_an_unknown_element_fails_it():
    resource = build(2)
    with pytest.raises(ValueError):
        Patient.model_validate(dict(resource, birthDate="01-01-1970"))
    with pytest.raises(ValueError):
        Patient.model_validate(dict(resource, tempatLahir="SLEMAN"))
