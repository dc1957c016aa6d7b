"""The merge of a chip read and a registry record: what counts as the same, what is a discrepancy, and who
wins (the chip, until the clerk picks)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from app.citizen.merge import CHIP_FIELDS, Applicant, Discrepancy, FieldValue, Source, normalise
from app.registry.fields import record_from_element
from app.registry.result import Failed, FailureKind, Found, NotFound, RefusalKind, Refused
from app.sim.registry import registry_element
from reader.simulator.population import by_nik
from tests.registry_support import identity

DEWI, RISKY, BUDI, SITI, AHMAD, HENDRA = (
    "3273014507920001", "3578051708880003", "3404070101700012", "3174035203050004", "1171020909600007",
    "3671012103850009",
)


def merged(nik: str, **chip_changes: object) -> Applicant:
    """The applicant for a simulated person: their card read, and the simulator's registry answer."""
    person = by_nik(nik)
    record = record_from_element(registry_element(person))
    return Applicant(identity(person, **chip_changes), Found(record))


# Real-looking pairs: (field, chip, registry, same?)
PAIRS = [
    ("nama", "RISKY RISTIANDY", "RISKI RISTIANDY", False),
    ("nama", "DEWI KARTIKA SARI", "Dewi  Kartika Sari ", True),
    ("nama", "MUH. RIZKY PRATAMA", "MUHAMMAD RIZKY PRATAMA", False),
    ("alamat", "JL. SARIJADI BLOK 5 NO. 12", "JL SARIJADI BLOK 5 NO 12", True),
    ("alamat", "JL. SARIJADI BLOK 5 NO. 12", "JL. GERLONG HILIR NO. 21", False),
    ("rt", "003", "3", True),
    ("rt", "000", "0", True),
    ("rw", "008", "11", False),
    ("tanggal_lahir", "05-07-1992", "1992-07-05", True),
    ("tanggal_lahir", "09/09/1960", "09-09-1960", True),
    ("tanggal_lahir", date(1992, 7, 5), "05-07-1992", True),
    ("tanggal_lahir", "05-07-1992", "07-05-1992", False),
    ("jenis_kelamin", "L", "LAKI-LAKI", True),
    ("jenis_kelamin", "LK", "LAKI-LAKI", True),
    ("jenis_kelamin", "P", "PEREMPUAN", True),
    ("jenis_kelamin", "LAKI-LAKI", "PEREMPUAN", False),
    ("golongan_darah", "-", "TIDAK TAHU", True),
    ("golongan_darah", "A+", "A", False),
    ("golongan_darah", "AB", "ab", True),
    ("pekerjaan", "PEGAWAI NEGERI SIPIL (PNS)", "PEGAWAI NEGERI SIPIL PNS", True),
    ("status_perkawinan", "KAWIN", "CERAI MATI", False),
    ("kelurahan", "SARIJADI", "GEGERKALONG", False),
    ("kabupaten", "KOTA BANDUNG", "KOTA  BANDUNG", True),
]


@pytest.mark.parametrize("field,chip,registry,same", PAIRS)
def test_normalised_comparison(field, chip, registry, same):
    assert (normalise(field, chip) == normalise(field, registry)) is same


def test_moved_address_shows_every_changed_field_and_preselects_the_register():
    applicant = merged(DEWI)
    assert {d.field for d in applicant.discrepancies} == {"alamat", "rt", "rw", "kelurahan"}
    assert applicant.discrepancy("alamat") == Discrepancy("alamat", "JL. SARIJADI BLOK 5 NO. 12",
                                                          "JL. GERLONG HILIR NO. 21")
    assert applicant.discrepancy("rt") == Discrepancy("rt", "007", "2")
    # The live register where it answered; the chip's value stays beside it, one click away.
    assert applicant.value("alamat") == "JL. GERLONG HILIR NO. 21"
    assert applicant.fields["alamat"].source is Source.REGISTRY
    applicant.choose("alamat", Source.CHIP)
    assert applicant.value("alamat") == "JL. SARIJADI BLOK 5 NO. 12"
    assert applicant.verified and applicant.unverified_reason is None


def test_corrected_name_spelling():
    applicant = merged(RISKY)
    assert applicant.discrepancies == [Discrepancy("nama", "RISKY RISTIANDY", "RISKI RISTIANDY")]
    assert applicant.value("nama") == "RISKI RISTIANDY"  # Dukcapil corrected the spelling: theirs is preselected


def test_changed_marital_status():
    assert [d.field for d in merged(BUDI).discrepancies] == ["status_perkawinan"]


def test_agreeing_sources_have_no_discrepancy():
    assert merged(SITI).discrepancies == []


def test_early_card_spelling_is_not_a_disagreement():
    # Slashed date, "LK", unpadded RT/RW on the chip against the registry's own spelling.
    applicant = merged(AHMAD, jenis_kelamin="LK", rt="3", rw="1")
    assert applicant.discrepancies == []
    assert applicant.value("tanggal_lahir") == date(1960, 9, 9)


def test_a_card_altered_after_issue_disagrees_on_the_name():
    person = by_nik(HENDRA)
    applicant = merged(HENDRA, nama=person.biodata_fields()[13])
    assert applicant.discrepancy("nama") == Discrepancy("nama", "HENDRA GUNAWAN SAPUTRA", "HENDRA GUNAWAN")


def test_registry_only_fields_fill_what_the_chip_lacks():
    applicant = merged(DEWI)
    for name, value in [("no_kk", "3273012203150004"), ("hubungan_keluarga", "ISTRI"),
                        ("pendidikan", "DIPLOMA IV/STRATA I"), ("nama_ibu", "SUMIATI"),
                        ("nama_ayah", "AGUS SETIAWAN"), ("tanggal_kawin", date(2015, 2, 14))]:
        assert applicant.value(name) == value
        assert applicant.fields[name].source is Source.REGISTRY
    assert "no_akta_kawin" not in applicant.fields, "empty in the registry means unknown, not a value"
    assert applicant.fields["kewarganegaraan"].source is Source.CHIP, "chip-only fields stay"


def test_a_field_the_chip_could_not_read_is_filled_not_flagged():
    applicant = merged(SITI, jenis_kelamin="", golongan_darah="")
    assert applicant.fields["jenis_kelamin"] == FieldValue("PEREMPUAN", Source.REGISTRY)
    assert applicant.discrepancies == []


def test_clerk_picks_per_field():
    applicant = merged(RISKY)
    applicant.choose("nama", "registry")
    assert applicant.value("nama") == "RISKI RISTIANDY" and applicant.fields["nama"].source is Source.REGISTRY
    applicant.choose("nama", Source.CHIP)
    assert applicant.value("nama") == "RISKY RISTIANDY"
    applicant.set_typed("nama", "RISKY RISTIANDI")
    assert applicant.fields["nama"].source is Source.TYPED
    assert applicant.discrepancy("nama") is not None, "the disagreement stays on record"
    with pytest.raises(ValueError):
        applicant.choose("no_kk", Source.CHIP)
    with pytest.raises(ValueError):
        applicant.choose("nama", Source.TYPED)


def test_to_json_has_provenance_and_discrepancies():
    applicant = merged(DEWI)
    data = json.loads(json.dumps(applicant.to_json()))
    assert data["nama"] == "DEWI KARTIKA SARI" and data["tanggal_lahir"] == "1992-07-05"
    assert data["provenance"]["nama"] == "chip" and data["provenance"]["no_kk"] == "registry"
    assert set(data["provenance"]) == {k for k in data if k not in
                                       ("provenance", "discrepancies", "registry", "chip")}
    assert {"field": "rt", "chip": "007", "registry": "2"} in data["discrepancies"]
    assert data["registry"] == {"asked": True, "found": True, "status": "found", "kind": None, "reason": None,
                                "reason_id": None}
    assert "verified" not in data  # read as "card verified" beside chip.authenticity; gone
    assert data["chip"]["authenticity"] == "valid" and "photo" in data["chip"]


@pytest.mark.parametrize("lookup", [
    Failed(FailureKind.TRANSPORT), Failed(FailureKind.WRONG_PERSON), NotFound(),
    Refused(RefusalKind.QUOTA, "Kuota Pencarian Habis"), None,
], ids=["transport", "wrong-person", "not-found", "quota", "not-asked"])
def test_registry_failure_leaves_a_chip_only_unverified_record(lookup):
    person = by_nik(DEWI)
    applicant = Applicant(identity(person), lookup)
    assert not applicant.verified
    assert applicant.unverified_reason and applicant.unverified_reason_en
    assert applicant.discrepancies == []
    assert {f.source for f in applicant.fields.values()} == {Source.CHIP}
    data = applicant.to_json()
    assert data["registry"]["found"] is False and data["registry"]["reason_id"] == applicant.unverified_reason
    assert data["registry"]["reason"] == applicant.unverified_reason_en
    assert "no_kk" not in data
    assert data["registry"]["asked"] is (lookup is not None)
    assert data["registry"]["status"] == (lookup.status if lookup is not None else "not_asked")


def test_the_readme_documents_every_field_of_loket_read_json():
    """Each top-level key of both shapes of `loket read --json` has its row in the README, and no row names
    a key that is not there (the KTP fields share one row)."""
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("### What `loket read --json` prints", 1)[1].split("\n\n", 3)[2]
    rows = re.findall(r"^\| `([a-z_]+)`", section, re.M)
    applicant = merged(DEWI)
    plain = set(applicant.identity.to_json()) - set(CHIP_FIELDS)
    lookup = set(applicant.to_json()) - set(applicant.fields)
    documented = set(rows) - {"nik"}  # the "nik … berlaku_hingga" row stands for the KTP fields
    assert documented == plain | lookup | {"segel_loket"}, documented ^ (plain | lookup | {"segel_loket"})
    registry_row = next(line for line in section.splitlines() if line.startswith("| `registry`"))
    for key in applicant.to_json()["registry"]:
        assert f"`{key}`" in registry_row, key


def test_what_holds_a_person_on_the_app_side_never_shows_in_a_logged_repr() -> None:
    """As the chip's own types (tests/test_ektp_profile.py): a ``%r`` in a log line or a traceback's locals
    prints the merged values, the form's person and an export as bare objects."""
    from app.citizen.merge import Discrepancy, FieldValue, Source
    from app.export.core import Export
    from app.flows.person import Person

    nik, nama = "3273014507920001", "DEWI KARTIKA SARI"
    for thing in (FieldValue(nama, list(Source)[0]), Discrepancy("nama", nama, nama.title()),
                  Person({"nik": nik, "nama": nama}, photo=b"\xff\xd8"),
                  Export("csv", f"{nik},{nama}", nik)):
        text = repr(thing)
        assert nik not in text and nama not in text and " object at 0x" in text, text
