"""Loket's own sealed letters read by what was written from letter-seal.md alone: the independent reader
(tests/independent_seal_reader.py) and the offline page `loket letters verifier` writes, in headless Chromium
with no request leaving. fill → PDF → page at 150 dpi → QR decoded (zxing-cpp, not Loket's reader) → valid
under the trust list of `loket letters trust-list`; forgeries made from that real seal get their words.
"""

from __future__ import annotations

import base64
import json
import subprocess
import zlib
from datetime import date
from pathlib import Path

import cbor2
import pypdf
import pytest

from app.cli import main
from tests import independent_seal_reader as reader
from tests import seal_spec_support as spec
from tests.cdp_support import browser
from tests.test_forms_cli import saved_read

TYPED = {"nama_usaha": "WARUNG BU SITI", "jenis_usaha": "WARUNG MAKAN", "alamat_usaha": "JL. MULAWARMAN RT 010",
         "mulai_usaha": "01-02-2019", "pengantar_rt": "015/RT.010/XI/2026", "keperluan": "Pengajuan KUR"}
ROTATE, BLUR = 2, 0.5  # a hand-held phone photo: tilted, a little soft (jsQR gives up near 4° on a whole A4 page)
SHOWN = "document.body && document.body.dataset.verdict"


def _qr_of(pdf: Path, tmp_path: Path) -> str:
    import zxingcpp
    from PIL import Image

    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf), str(tmp_path / "page")], check=True)
    (code,) = [c for c in zxingcpp.read_barcodes(Image.open(tmp_path / "page.png")) if c.format.name == "QRCode"]
    return code.text


@pytest.fixture
def letter(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[str, str, dict]:
    """(the QR's text read off the rendered page, the page's text, the trust list IT publishes)."""
    out = tmp_path / "sku.pdf"
    typed = [a for k, v in TYPED.items() for a in ("--set", f"{k}={v}")]
    read = saved_read(out.parent, 1, lookup=True)  # not --demo: a demo letter is sealed with the demo key
    assert main(["fill", "surat_usaha", "--identity", str(read), *typed, "--out", str(out)]) == 0, \
        capsys.readouterr().err
    capsys.readouterr()
    assert main(["letters", "trust-list"]) == 0
    trust = json.loads(capsys.readouterr().out)
    return _qr_of(out, tmp_path), pypdf.PdfReader(out).pages[0].extract_text(), trust


def test_the_independent_reader_accepts_lokets_real_sealed_letter(letter):
    content, text, trust = letter
    got = reader.read(content, trust)
    assert got.verdict == "valid", got.why
    fields = got.payload
    paper = "".join(text.split())  # the page groups the NIK's digits and wraps long lines
    for printed in (fields["no"], fields["nm"], fields["nik"], fields["p"], *fields.get("x", {}).values()):
        assert "".join(printed.split()) in paper  # what is sealed is what the paper says
    assert fields["f"] == "surat_usaha" and fields["d"] == date.today().isoformat()
    assert got.office  # the trust list's `on`


def _cose(content: str) -> list:
    seal = content.split("#", 1)[-1][len("LK1."):]
    return cbor2.loads(zlib.decompress(base64.urlsafe_b64decode(seal + "=" * (-len(seal) % 4)))).value


def test_the_page_loket_writes_tells_the_real_letter_from_its_forgeries(letter, tmp_path, capsys):
    content, text, trust = letter
    page = tmp_path / "cek.html"
    assert main(["letters", "verifier", "--out", str(page)]) == 0, capsys.readouterr().err
    protected, _, payload, signature = _cose(content)
    fields = cbor2.loads(payload)
    kid = cbor2.loads(protected)[4]
    stranger = spec.new_key()
    forgeries = {
        "forged": spec.pack(protected, cbor2.dumps({**fields, "nm": "BUDI SANTOSO"}), signature),
        "unknown_office": spec.seal(stranger, fields),
        "not_loket": content[: len(content) - 10],
    }
    forgeries["forged_by_stranger_under_the_office_kid"] = spec.seal(stranger, fields, kid=kid)
    with browser() as b:
        tab = b.new_page()
        tab.navigate(page.as_uri() + "#" + content)
        assert tab.wait_for(SHOWN) == "valid"
        shown = tab.evaluate("document.body.innerText")
        assert fields["nm"] in shown and fields["no"] in shown and trust["keys"][0]["on"] in shown
        for word, forged in forgeries.items():
            tab.evaluate("document.body.dataset.verdict = ''")
            tab.navigate(page.as_uri() + "#" + forged)
            assert tab.wait_for(SHOWN) == word.split("_by_")[0], word
        assert tab.remote_requests() == []
    # IT revokes the key from the letter's date and publishes the page again: the same letter is revoked.
    assert main(["letters", "key", "revoke", kid.hex(), "--from", fields["d"]]) == 0
    assert main(["letters", "verifier", "--out", str(page)]) == 0
    with browser() as b:
        tab = b.new_page()
        tab.navigate(page.as_uri() + "#" + content)
        assert tab.wait_for(SHOWN) == "revoked"
        assert tab.remote_requests() == []


def test_a_seal_behind_the_verify_url_opens_in_the_page(tmp_path, isolated_settings, capsys):
    isolated_settings.write_text(json.dumps({"letters": {"verify_url": "https://kel-manggar.example.go.id/cek"}}))
    out = tmp_path / "sku.pdf"
    typed = [a for k, v in TYPED.items() for a in ("--set", f"{k}={v}")]
    read = saved_read(out.parent, 1, lookup=True)
    assert main(["fill", "surat_usaha", "--identity", str(read), *typed, "--out", str(out)]) == 0
    content = _qr_of(out, tmp_path)
    assert content.startswith("https://kel-manggar.example.go.id/cek#LK1.")
    page = tmp_path / "cek.html"
    assert main(["letters", "verifier", "--out", str(page)]) == 0
    with browser() as b:
        tab = b.new_page()
        tab.navigate(page.as_uri() + "#" + content.split("#", 1)[1])  # what the phone keeps of the URL
        assert tab.wait_for(SHOWN) == "valid"
        assert tab.remote_requests() == []


def test_the_verifier_command_refuses_in_one_sentence(tmp_path, capsys):
    (tmp_path / "folder.html").mkdir()
    assert main(["letters", "verifier", "--out", str(tmp_path / "folder.html")]) == 1
    bad = tmp_path / "trust.json"
    bad.write_text('{"v": 2}')
    assert main(["letters", "verifier", "--trust", str(bad), "--out", str(tmp_path / "x.html")]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 2
    assert not (tmp_path / "x.html").exists()


@pytest.mark.no_seal_key
def test_without_a_seal_key_there_is_no_page_to_write(tmp_path, capsys):
    assert main(["letters", "verifier", "--out", str(tmp_path / "cek.html")]) == 1
    assert "loket letters key new" in capsys.readouterr().err
    assert not (tmp_path / "cek.html").exists()


def test_a_photo_of_the_printed_letter_chosen_in_the_page_is_read_by_jsqr(letter, tmp_path, capsys):
    """The page's "Pilih foto surat": the whole A4 page at 150 dpi (what a phone's gallery holds), decoded in
    the page by the vendored jsQR (this Chromium has no BarcodeDetector), checked offline."""
    from PIL import Image, ImageFilter

    content, _, _ = letter
    photo = tmp_path / "foto.jpg"
    Image.open(tmp_path / "page.png").convert("RGB").rotate(ROTATE, expand=True, fillcolor="white") \
        .filter(ImageFilter.GaussianBlur(BLUR)).save(photo, quality=70)
    page = tmp_path / "cek.html"
    assert main(["letters", "verifier", "--out", str(page)]) == 0
    with browser() as b:
        tab = b.new_page()
        tab.navigate(page.as_uri() + "?qr=jsqr")
        tab.wait_for("document.readyState === 'complete'")
        root = tab.call("DOM.getDocument")["root"]["nodeId"]
        node = tab.call("DOM.querySelector", nodeId=root, selector="#photo")["nodeId"]
        tab.call("DOM.setFileInputFiles", files=[str(photo)], nodeId=node)
        assert tab.wait_for(SHOWN + " || document.body.dataset.scan", 60) == "valid"
        assert tab.evaluate("document.body.dataset.decoder") == "jsQR"
        assert tab.remote_requests() == []
