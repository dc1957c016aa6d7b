"""PAdES on saved letter PDFs, as IT and a clerk use it: `loket credentials set signing FILE.p12` (the PKCS#12
and its password into the keyring), `loket fill --out` (a signed PDF: B-B, or B-T against a RFC 3161 TSA the test
runs on loopback), and `loket verify FILE.pdf` (pyHanko, offline, against letters.pdf_trust_roots): intact and
trusted is valid; one changed byte, or an incremental update that changes the text, is reported and exits 18.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pypdf
import pytest

from app.base.credentials import keyring_backend
from app.base.paths import data_dir
from app.cli import main
from app.letters import pdfcheck, pdfsign, signingkey
from tests import pki_support as pki
from tests.test_forms_cli import saved_read

TYPED = {"nama_usaha": "WARUNG BU SITI", "jenis_usaha": "WARUNG MAKAN", "alamat_usaha": "JL. MULAWARMAN RT 010",
         "mulai_usaha": "01-02-2019", "pengantar_rt": "015/RT.010/XI/2026", "keperluan": "Pengajuan KUR"}


def fill(out: Path, *extra: str, demo: bool = False) -> int:
    typed = [a for k, v in TYPED.items() for a in ("--set", f"{k}={v}")]
    # A saved read, not --demo: a demo letter is sealed with the demo key, never the office's (sealkeys).
    person = ["--demo", "--person", "1"] if demo else ["--identity", str(saved_read(out.parent, 1, lookup=True))]
    return main(["fill", "surat_usaha", *person, *typed, *extra, "--out", str(out)])


def settings(path: Path, **letters: object) -> None:
    data = json.loads(path.read_text()) if path.exists() else {}
    data.setdefault("letters", {}).update(letters)
    path.write_text(json.dumps(data))


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> pki.Office:
    """An office whose PKCS#12 IT stored with `loket credentials set signing --from-env`."""
    o = pki.office()
    (tmp_path / "kantor.p12").write_bytes(o.pkcs12)
    monkeypatch.setenv("LOKET_SIGNING_PASSWORD", o.password)
    assert main(["credentials", "set", "signing", str(tmp_path / "kantor.p12"), "--from-env"]) == 0, \
        capsys.readouterr().err
    monkeypatch.delenv("LOKET_SIGNING_PASSWORD")
    return o


def verify_json(capsys: pytest.CaptureFixture[str], pdf: Path) -> tuple[int, dict]:
    capsys.readouterr()
    code = main(["verify", str(pdf), "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_a_saved_letter_is_signed_b_b_and_verifies_with_the_office_root(office, tmp_path, isolated_settings, capsys):
    settings(isolated_settings, pdf_trust_roots=[str(office.root_file(tmp_path))])
    out = tmp_path / "sku.pdf"
    assert fill(out) == 0, capsys.readouterr().err
    (report,) = pdfcheck.check_pdf(out.read_bytes(), pdfcheck.configured_roots(_loaded())[0])
    assert report.verdict == "valid" and report.intact and report.trusted and not report.timestamped
    assert "Lurah Manggar (uji)" in report.signer
    code, got = verify_json(capsys, out)
    assert code == 0 and got["verdict"] == "valid"  # the seal and the PDF signature both hold
    assert [s["verdict"] for s in got["pdf_signatures"]] == ["valid"]
    capsys.readouterr()
    main(["verify", str(out)])
    assert "Tanda tangan PDF sah: ditandatangani" in capsys.readouterr().out


def _loaded() -> object:
    from app.base.settings import load

    return load()


def test_with_a_tsa_the_signature_is_b_t_stamped_by_that_server(office, tmp_path, isolated_settings, capsys):
    with pki.tsa(office.ca) as (url, asked):
        settings(isolated_settings, tsa_url=url, pdf_trust_roots=[str(office.root_file(tmp_path))])
        out = tmp_path / "sku.pdf"
        assert fill(out) == 0, capsys.readouterr().err
    assert asked, "the TSA was never asked"
    (report,) = pdfcheck.check_pdf(out.read_bytes(), pdfcheck.configured_roots(_loaded())[0])
    assert report.verdict == "valid" and report.timestamped
    code, got = verify_json(capsys, out)
    assert code == 0 and got["pdf_signatures"][0]["timestamped"] is True


def test_a_tsa_that_does_not_answer_saves_nothing_and_voids_the_number(office, tmp_path, isolated_settings, capsys):
    settings(isolated_settings, tsa_url="http://127.0.0.1:9/tsa")  # nothing listens on the discard port
    out = tmp_path / "sku.pdf"
    assert fill(out) == 1
    err = capsys.readouterr().err
    assert pdfsign.TSA_FAILED in err and "tidak terpakai dan dicatat batal" in err
    assert not out.exists()
    assert "Traceback" not in err


def test_without_the_office_root_the_signature_is_intact_but_untrusted(office, tmp_path, capsys):
    out = tmp_path / "sku.pdf"
    assert fill(out) == 0
    code, got = verify_json(capsys, out)
    assert code == 0 and got["pdf_signatures"][0]["verdict"] == "untrusted"
    stranger = pki.root("Someone Else Root")
    (report,) = pdfcheck.check_pdf(out.read_bytes(), [_asn1(stranger)])
    assert report.verdict == "untrusted" and report.intact


def _asn1(issued: pki.Issued) -> object:
    from asn1crypto import x509
    from cryptography.hazmat.primitives import serialization

    return x509.Certificate.load(issued.cert.public_bytes(serialization.Encoding.DER))


def test_one_changed_byte_is_reported_and_exits_18(office, tmp_path, isolated_settings, capsys):
    settings(isolated_settings, pdf_trust_roots=[str(office.root_file(tmp_path))])
    out = tmp_path / "sku.pdf"
    assert fill(out) == 0
    data = bytearray(out.read_bytes())
    at = data.index(b"ReportLab")  # the producer line, inside the signed bytes: the page still renders
    data[at] = ord("X")
    out.write_bytes(bytes(data))
    code, got = verify_json(capsys, out)
    assert got["verdict"] == "valid"  # the QR on the page is untouched...
    assert got["pdf_signatures"][0]["verdict"] == "broken" and code == 18  # ...but the file is not what was signed


def test_an_incremental_update_that_changes_the_text_is_reported(office, tmp_path, isolated_settings, capsys):
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    settings(isolated_settings, pdf_trust_roots=[str(office.root_file(tmp_path))])
    out = tmp_path / "sku.pdf"
    assert fill(out) == 0
    writer = IncrementalPdfFileWriter(io.BytesIO(out.read_bytes()))
    font = generic.DictionaryObject({generic.NameObject("/Type"): generic.NameObject("/Font"),
                                     generic.NameObject("/Subtype"): generic.NameObject("/Type1"),
                                     generic.NameObject("/BaseFont"): generic.NameObject("/Helvetica")})
    stream = writer.add_object(generic.StreamObject(stream_data=b"BT /FPalsu 20 Tf 60 60 Td (DISETUJUI 50 JUTA) Tj ET"))
    resources = generic.DictionaryObject({generic.NameObject("/Font"): generic.DictionaryObject(
        {generic.NameObject("/FPalsu"): writer.add_object(font)})})
    writer.add_stream_to_page(0, stream, resources=resources)
    forged = io.BytesIO()
    writer.write(forged)
    out.write_bytes(forged.getvalue())
    assert "DISETUJUI 50 JUTA" in pypdf.PdfReader(out).pages[0].extract_text()  # the text really changed
    code, got = verify_json(capsys, out)
    (sig,) = got["pdf_signatures"]
    assert sig["verdict"] == "modified" and sig["intact"] is True and code == 18
    capsys.readouterr()
    main(["verify", str(out)])
    assert "diubah setelah ditandatangani" in capsys.readouterr().out


def test_printing_and_previews_are_never_signed(office, tmp_path, capsys):
    preview = tmp_path / "preview.pdf"
    assert fill(preview, "--preview") == 0
    assert b"/ByteRange" not in preview.read_bytes()
    from app.letters import printjob

    sent: list[bytes] = []

    def printer(pdf: Path) -> int:
        sent.append(pdf.read_bytes())
        return 1

    from app.base.settings import load
    from app.flows.person import from_applicant
    from app.letters import formdata
    from app.sim.demo import demo_applicant

    with demo_applicant(1, load()) as applicant:
        person = from_applicant(applicant)
    prepared = formdata.prepare("surat_usaha", person.values, dict(TYPED), photo=person.photo,
                                authenticity=person.authenticity)
    result = printjob.run_job(prepared, tmp_path / "scratch.pdf", form_id="surat_usaha", nik=None, send=printer)
    assert result.outcome == "printed", result.sentence
    assert sent and b"/ByteRange" not in sent[0]  # paper keeps only the seal's QR


def test_the_pkcs12_lives_in_the_keyring_in_parts_and_nowhere_on_disk(office, tmp_path):
    parts = int(keyring_backend().get_password("loket", "signing-p12.parts"))
    pieces = [keyring_backend().get_password("loket", f"signing-p12.{i}") for i in range(parts)]
    assert all(len(p) <= signingkey.PART for p in pieces)  # Windows' Credential Manager takes 2,560 bytes
    assert signingkey.load().pkcs12 == office.pkcs12
    for root in (data_dir(),):
        for path in root.rglob("*"):
            if path.is_file():
                assert office.pkcs12[:64] not in path.read_bytes(), f"{path} holds the PKCS#12"


@pytest.mark.parametrize("what", ["wrong_password", "not_p12", "directory", "fifo", "huge", "missing"])
def test_a_bad_pkcs12_is_refused_with_one_sentence(what, tmp_path, monkeypatch, capsys):
    o = pki.office()
    path = tmp_path / "kantor.p12"
    monkeypatch.setenv("LOKET_SIGNING_PASSWORD", o.password)
    if what == "wrong_password":
        path.write_bytes(o.pkcs12)
        monkeypatch.setenv("LOKET_SIGNING_PASSWORD", "bukan-sandinya")
    elif what == "not_p12":
        path.write_bytes(b"%PDF-1.7 not a certificate")
    elif what == "directory":
        path.mkdir()
    elif what == "fifo":
        os.mkfifo(path)
    elif what == "huge":
        path.write_bytes(b"\0" * (signingkey.MAX_FILE + 1))
    assert main(["credentials", "set", "signing", str(path), "--from-env"]) == 2
    err = capsys.readouterr().err
    assert "kantor.p12" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert keyring_backend().get_password("loket", "signing-p12.parts") is None


def test_without_a_certificate_saved_pdfs_stay_unsigned(tmp_path, capsys):
    out = tmp_path / "sku.pdf"
    assert fill(out) == 0
    code, got = verify_json(capsys, out)
    assert code == 0 and got["pdf_signatures"] == []
    capsys.readouterr()
    main(["verify", str(out)])
    assert "tidak bertanda tangan digital" in capsys.readouterr().out


def test_the_password_never_reaches_the_log(office, tmp_path, caplog):
    caplog.set_level("DEBUG")
    out = tmp_path / "sku.pdf"
    assert fill(out) == 0
    assert office.password not in caplog.text
    assert "Lurah Manggar" not in caplog.text  # pyHanko's own lines name the certificate's subject


def test_a_keyring_that_stops_answering_refuses_the_save_before_a_number(office, tmp_path, capsys):
    from app.base import credentials
    from tests.registry_support import MemoryKeyring

    class Unreadable(MemoryKeyring):
        def get_password(self, service: str, username: str) -> str | None:
            raise RuntimeError(f"locked: {username}")

    credentials.use_keyring(Unreadable())
    out = tmp_path / "sku.pdf"
    assert fill(out, demo=True) == 1  # a demo letter: its seal needs no keyring, its PDF signature does
    err = capsys.readouterr().err
    assert pdfsign.KEYRING_DOWN in err
    assert "dicatat batal" not in err and not out.exists() and "Traceback" not in err


@pytest.mark.parametrize("damage", ["contents", "truncated", "byterange"])
def test_a_damaged_signature_is_one_sentence_never_a_traceback(damage, office, tmp_path, capsys):
    out = tmp_path / "sku.pdf"
    assert fill(out) == 0
    data = out.read_bytes()
    if damage == "contents":  # the CMS blob itself (outside the signed range) overwritten
        at = data.index(b"/Contents <") + len(b"/Contents <") + 40
        data = data[:at] + b"00" * 64 + data[at + 128:]
    elif damage == "truncated":
        data = data[: len(data) * 2 // 3]
    else:  # a /ByteRange that points past the end of the file
        start = data.index(b"/ByteRange [")
        end = data.index(b"]", start)
        span = end - start - len(b"/ByteRange [")
        data = data[:start] + (b"/ByteRange [0 999999999 0 1".ljust(span + len(b"/ByteRange ["))) + data[end:]
    out.write_bytes(data)
    capsys.readouterr()
    code = main(["verify", str(out)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    if damage == "contents":
        assert code == 18  # damage is never read as "unsigned"
        assert "Tanda tangan PDF rusak" in captured.out or "Tanda tangan PDF tidak dapat diperiksa" in captured.out
    if code in (0, 18):
        assert "Tanda tangan PDF" in captured.out
        assert "Tanda tangan PDF sah" not in captured.out
