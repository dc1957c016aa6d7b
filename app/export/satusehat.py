"""The FHIR R4 ``Patient`` a hospital posts to SATUSEHAT's Master Patient Index for a patient with a NIK.

Follows the Ministry of Health's published mapping (satusehat.kemkes.go.id, "Pasien dengan NIK" and the
Patient resource page): NIK identifier system ``https://fhir.kemkes.go.id/id/nik``, the family card as
``…/id/kk``, ``name.text`` as on the KTP, ``gender`` male/female, ``birthDate`` YYYY-MM-DD, the
``birthPlace`` extension (valueAddress.city), the home address with the ``administrativeCode`` extension
(province, city, district, village as Kemendagri codes; rt, rw), ``maritalStatus`` from v3-MaritalStatus,
``citizenshipStatus`` and telecom. Only these: the mother's name, education, religion, occupation and blood
group are not the index's business and are left out.
"""

from __future__ import annotations

from collections.abc import Mapping

from app.export.regions import Region
from app.export.values import Note, birth_date, marital, rt_rw, sex, text
from reader import nik as nik_rules

PROFILE = "https://fhir.kemkes.go.id/r4/StructureDefinition/Patient"
NIK_SYSTEM = "https://fhir.kemkes.go.id/id/nik"
KK_SYSTEM = "https://fhir.kemkes.go.id/id/kk"
ADMINISTRATIVE_CODE = "https://fhir.kemkes.go.id/r4/StructureDefinition/administrativeCode"
BIRTH_PLACE = "https://fhir.kemkes.go.id/r4/StructureDefinition/birthPlace"
CITIZENSHIP = "https://fhir.kemkes.go.id/r4/StructureDefinition/citizenshipStatus"
MARITAL_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-MaritalStatus"

GENDER: dict[str, str] = {"LAKI-LAKI": "male", "PEREMPUAN": "female"}
# KTP status -> (v3-MaritalStatus code, display)
MARITAL: dict[str, tuple[str, str]] = {
    "BELUM KAWIN": ("S", "Never Married"),
    "KAWIN": ("M", "Married"),
    "CERAI HIDUP": ("D", "Divorced"),
    "CERAI MATI": ("W", "Widowed"),
}
CITIZENSHIP_CODES = ("WNI", "WNA")
REQUIRED = ("nik", "nama", "tanggal_lahir", "jenis_kelamin")


def problems(values: Mapping[str, object]) -> list[str]:
    """What the index requires and this record lacks, one Indonesian line each."""
    out = []
    nik = text(values, "nik")
    if not nik_rules.is_well_formed(nik):
        out.append("nik: NIK harus 16 digit angka.")
    if not text(values, "nama"):
        out.append("nama: nama kosong.")
    if birth_date(values) is None:
        out.append("tanggal_lahir: tanggal lahir kosong atau tidak terbaca.")
    if not sex(values):
        out.append("jenis_kelamin: harus LAKI-LAKI atau PEREMPUAN.")
    return out


def patient(values: Mapping[str, object], region: Region) -> tuple[dict[str, object], list[Note]]:
    """The Patient resource as JSON-ready dict, and what could not be carried over. Call ``problems`` first."""
    notes: list[Note] = []
    identifiers = [{"use": "official", "system": NIK_SYSTEM, "value": text(values, "nik")}]
    kk = text(values, "no_kk")
    if kk:
        identifiers.append({"use": "official", "system": KK_SYSTEM, "value": kk})
    resource: dict[str, object] = {
        "resourceType": "Patient",
        "meta": {"profile": [PROFILE]},
        "identifier": identifiers,
        "active": True,
        "name": [{"use": "official", "text": text(values, "nama")}],
    }
    telecom = []
    if text(values, "telepon"):
        telecom.append({"system": "phone", "value": text(values, "telepon"), "use": "mobile"})
    if text(values, "email"):
        telecom.append({"system": "email", "value": text(values, "email"), "use": "home"})
    if telecom:
        resource["telecom"] = telecom
    resource["gender"] = GENDER[sex(values)]
    born = birth_date(values)
    resource["birthDate"] = born.isoformat() if born else None
    resource["address"] = [_address(values, region, notes)]
    status = marital(values)
    if status in MARITAL:
        code, display = MARITAL[status]
        resource["maritalStatus"] = {"coding": [{"system": MARITAL_SYSTEM, "code": code, "display": display}],
                                     "text": display}
    elif status:
        notes.append(Note("maritalStatus", f"status perkawinan {status} tidak dikenal; tidak dikirim."))
    extensions: list[dict[str, object]] = []
    place = text(values, "tempat_lahir")
    if place:
        extensions.append({"url": BIRTH_PLACE, "valueAddress": {"city": place, "country": "ID"}})
    else:
        notes.append(Note("birthPlace", "tempat lahir kosong; tidak dikirim."))
    citizenship = text(values, "kewarganegaraan").upper()
    if citizenship in CITIZENSHIP_CODES:
        extensions.append({"url": CITIZENSHIP, "valueCode": citizenship})
    elif citizenship:
        notes.append(Note("citizenshipStatus", f"kewarganegaraan {citizenship} bukan WNI/WNA; tidak dikirim."))
    if extensions:
        resource["extension"] = extensions
    return resource, notes


def _address(values: Mapping[str, object], region: Region, notes: list[Note]) -> dict[str, object]:
    address: dict[str, object] = {"use": "home"}
    line = text(values, "alamat")
    if line:
        address["line"] = [line]
    else:
        notes.append(Note("address.line", "alamat kosong."))
    city = region.names[1] if len(region.names) > 1 else text(values, "kabupaten")
    if city:
        address["city"] = city
    if region.postal_code:
        address["postalCode"] = region.postal_code
    address["country"] = "ID"
    parts = [{"url": url, "valueCode": code}
             for url, code in zip(("province", "city", "district", "village"), region.codes, strict=True) if code]
    for name in ("rt", "rw"):
        number = rt_rw(values, name)
        if number:
            parts.append({"url": name, "valueCode": number})
    notes.extend(Note("address.extension", n) for n in region.notes)
    if parts:
        address["extension"] = [{"url": ADMINISTRATIVE_CODE, "extension": parts}]
    return address
