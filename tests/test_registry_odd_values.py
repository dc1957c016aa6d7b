"""Real Dukcapil answers are messy. A corpus of the odd values real exports carry, each sent by a registry over
real HTTP on loopback, through the whole path the counter uses: registry client → merge → form → PDF.

An optional value that cannot be read (a marriage date ``31-02-1990``, free text, a nested object) is dropped
with a Catatan that names the field and is counted in the lookup's audit row; the rest of the record stands,
verified, and the form prints. Only a required field (NIK, name, birth date, sex, address) makes the record
unusable, each with its own sentence."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from app import audit
from app.base.settings import Settings
from app.citizen.lookup import lookup_for_identity
from app.letters import formdata
from app.registry.outage import RegistryState
from app.registry.result import Found
from app.sim.registry import SIM_AGENCY, envelope, registry_element
from reader.simulator.population import POPULATION
from tests.hostile_http import answer, serving
from tests.registry_support import identity

SITI = POPULATION[3]  # chip and registry agree: every difference below comes from the odd value
RSUD_TYPED = {"cara_bayar": "UMUM", "telepon": "0812-3456-7890"}

# (registry field, odd value, what Loket makes of it, or None when it must be dropped with a Catatan)
OPTIONAL: list[tuple[str, object, object]] = [
    ("TGL_KWN", "", None),
    ("TGL_KWN", "-", None),
    ("TGL_KWN", "00-00-0000", None),
    ("TGL_KWN", "NULL", None),
    ("TGL_KWN", "31-02-1990", "dropped"),
    ("TGL_KWN", "SUDAH KAWIN", "dropped"),
    ("TGL_CRAI", "  12-05-2010  ", date(2010, 5, 12)),
    ("TGL_CRAI", "12-05-10", date(2010, 5, 12)),  # two-digit year: the latest century not in the future
    ("TGL_CRAI", {"tanggal": "12-05-2010"}, "dropped"),  # nested: not a value of this field
    ("NAMA_LGKP_IBU", "siti   aminah ", "SITI AMINAH"),
    ("NAMA_LGKP_IBU", "SITI&nbsp;AMINAH&#39;S", "SITI AMINAH'S"),
    ("NAMA_LGKP_IBU", "<b>SITI AMINAH</b>", "SITI AMINAH"),
    ("NAMA_LGKP_AYAH", "ANDRÃ‰ SUTARDJO", "ANDRÉ SUTARDJO"),  # UTF-8 read as Latin-1 somewhere upstream
    ("NAMA_LGKP_AYAH", "NULL", ""),
    ("PDDK_AKH", "-", ""),
    ("AGAMA", "islam ", "ISLAM"),  # lower case: the same religion as the chip's, no discrepancy
    ("NO_RT", 10, "10"),  # a JSON number, as some deployments send RT/RW
]
# (registry field, odd value, the words of its own sentence): the record cannot be used.
REQUIRED: list[tuple[str, object, str]] = [
    ("TGL_LHR", "31-02-1990", "tanggal lahir bukan tanggal yang sah"),
    ("NAMA_LGKP", "  ", "nama kosong"),
    ("NAMA_LGKP", "NULL", "nama kosong"),
    ("JENIS_KLMIN", "X", "jenis kelamin bukan kode jenis kelamin"),
    ("ALAMAT", {"jalan": "X"}, "alamat bukan teks"),
]


@pytest.fixture(autouse=True)
def credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOKET_REGISTRY_USER", "loket")
    monkeypatch.setenv("LOKET_REGISTRY_PASSWORD", "rahasia")


def registry_answering(field: str, value: object) -> Iterator[str]:
    element: dict[str, object] = dict(registry_element(SITI))
    element[field] = value
    body = json.dumps(envelope([element])).encode()  # type: ignore[list-item]

    def reply(conn: socket.socket, _request: bytes) -> None:
        conn.sendall(answer("200 OK", body))

    with serving(reply) as server:
        yield server.url


def lookup(url: str):  # type: ignore[no-untyped-def]
    settings = Settings()
    settings.registry.base_url, settings.registry.agency = url, SIM_AGENCY
    return lookup_for_identity(identity(SITI), settings, state=RegistryState())


@pytest.mark.parametrize("field,value,expected", OPTIONAL, ids=[f"{f}={v!r}" for f, v, _ in OPTIONAL])
def test_an_odd_optional_value_never_fails_the_person(field: str, value: object, expected: object,
                                                      tmp_path: Path) -> None:
    from app.registry.fields import LABELS, REGISTRY_TO_LOKET

    name = REGISTRY_TO_LOKET[field]
    for url in registry_answering(field, value):
        applicant = lookup(url)
    assert isinstance(applicant.lookup, Found) and applicant.verified, applicant.unverified_reason
    record = applicant.record
    assert record is not None
    row = audit.last_row()
    assert row is not None and row.outcome == "found"
    if expected == "dropped":
        assert record.dropped == (name,) and getattr(record, name) in (None, "")
        assert f"({LABELS[name].lower()})" in (applicant.notice or "")
        assert audit.detail_of(row).get("dropped") == [name]
    else:
        assert record.dropped == () and getattr(record, name) == (expected if expected is not None else None)
        assert "tidak terbaca" not in (applicant.notice or "")
    assert not applicant.discrepancies, applicant.discrepancies  # an odd spelling is not a disagreement
    # The rest of the record stands and the form prints, the citizen's name on it.
    prepared = formdata.prepare_for_applicant("rsud_pasien_baru", applicant, RSUD_TYPED)
    assert prepared.filled.ok, prepared.filled.problems
    out = tmp_path / "pasien.pdf"
    formdata.print_pdf(prepared, out)
    assert SITI.nama in " ".join(p.extract_text() for p in PdfReader(out).pages)


@pytest.mark.parametrize("field,value,words", REQUIRED, ids=[f"{f}={v!r}" for f, v, _ in REQUIRED])
def test_a_garbled_required_value_makes_the_record_unusable_with_its_own_sentence(field: str, value: object,
                                                                                 words: str) -> None:
    for url in registry_answering(field, value):
        applicant = lookup(url)
    assert not applicant.verified and applicant.record is None
    assert words in (applicant.notice or ""), applicant.notice
    assert "data dari chip dipakai" in (applicant.notice or "")
    assert applicant.value("nama") == SITI.nama  # the chip's person, whole, nothing of the answer mixed in
    row = audit.last_row()
    assert row is not None and row.outcome == "failed_malformed"
