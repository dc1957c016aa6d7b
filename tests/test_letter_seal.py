"""The letter seal (letter-seal.md) end to end: a letter filled, sealed and saved; its page rendered at 150 dpi
and photographed badly; each forgery of the issue given its verdict and exit code; hostile inputs one sentence.
Everything goes through `loket fill`, `loket letters` and `loket verify` as a clerk or a bank officer runs them."""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import zlib
from datetime import date
from pathlib import Path

import cbor2
import pypdf
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PIL import Image, ImageEnhance, ImageFilter

from app.base.paths import data_dir
from app.cli import main
from app.letters import seal, sealkeys, verify
from app.storage.sqlite import NUMBERS_DB
from forms import numbering
from tests.seal_support import office_key
from tests.test_forms_cli import saved_read

TYPED = {"nama_usaha": "WARUNG BU SITI", "jenis_usaha": "WARUNG MAKAN", "alamat_usaha": "JL. MULAWARMAN RT 010",
         "mulai_usaha": "01-02-2019", "pengantar_rt": "015/RT.010/XI/2026", "keperluan": "Pengajuan KUR"}
VALID, NOT_LOKET, UNKNOWN, FORGED, REVOKED = 0, 14, 15, 16, 17
SINCE_TESTS = "2000-01-01"  # the test keys' valid_from (tests/seal_support.py)


def fill(out: Path, form: str = "surat_usaha") -> int:
    typed = [a for k, v in TYPED.items() for a in ("--set", f"{k}={v}")]
    return main(["fill", form, "--identity", str(saved_read(out.parent, 1, lookup=True)), *typed, "--out", str(out)])


def png_at_150(pdf: Path, tmp_path: Path) -> Path:
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf), str(tmp_path / "page")], check=True)
    return tmp_path / "page.png"


def verify_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict]:
    capsys.readouterr()
    code = main(["verify", *argv, "--json"])
    return code, json.loads(capsys.readouterr().out)


@pytest.fixture
def letter(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, str]:
    out = tmp_path / "sku.pdf"
    assert fill(out) == 0, capsys.readouterr().err
    text = pypdf.PdfReader(out).pages[0].extract_text()
    return out, text


def content_of(pdf: Path) -> str:
    texts = verify._pdf_texts(pdf.read_bytes(), pdf.name)
    (found,) = [t for page in texts for t in page]
    return found


def test_a_printed_letter_read_back_at_150_dpi_is_valid_with_the_fields_it_prints(letter, tmp_path, capsys):
    pdf, printed = letter
    code, result = verify_json(capsys, str(png_at_150(pdf, tmp_path)))
    assert code == VALID and result["verdict"] == "valid"
    assert result["office"] == "KANTOR KEL-MGR"  # `on` of the key in this office's trust list
    p = result["payload"]
    number = re.search(r"Nomor: (\S+)", printed).group(1)
    assert p["no"] == number and p["f"] == "surat_usaha" and p["d"] == date.today().isoformat()
    assert p["nm"] in printed and p["nm"]
    assert " ".join(re.findall(r"\d{4}", p["nik"])) in printed  # printed grouped: 3578 0517 0888 0003
    assert p["p"] == TYPED["keperluan"] and p["iss"] == "KEL-MGR"
    assert p["x"] == {"nama_usaha": "WARUNG BU SITI", "jenis_usaha": "WARUNG MAKAN"}
    assert "Pindai untuk memeriksa keaslian surat ini" in " ".join(printed.split())
    # The register keeps this letter's seal digest, and verify on this machine says what it knows.
    digest, reprints = numbering.seal_of(data_dir() / NUMBERS_DB, number)
    assert digest == result["digest"] and reprints == 0
    assert result["register"] == {"known": True, "status": "saved", "reason": "", "reprints": 0, "seal_matches": True}


def test_a_phone_photo_of_the_page_rotated_blurred_low_contrast_jpeg_is_still_valid(letter, tmp_path, capsys):
    page = Image.open(png_at_150(letter[0], tmp_path)).convert("RGB")
    photo = page.rotate(8, expand=True, fillcolor=(90, 80, 70), resample=Image.Resampling.BICUBIC)
    photo = photo.filter(ImageFilter.GaussianBlur(1.1))
    photo = ImageEnhance.Contrast(photo).enhance(0.45)
    photo = ImageEnhance.Brightness(photo).enhance(1.1)
    out = tmp_path / "foto.jpg"
    photo.save(out, "JPEG", quality=55)
    code, result = verify_json(capsys, str(out))
    assert (code, result["verdict"]) == (VALID, "valid")
    assert result["payload"]["no"] in letter[1]


def test_the_pdf_itself_and_the_qr_text_give_the_same_verdict_and_words(letter, capsys):
    pdf, printed = letter
    capsys.readouterr()
    assert main(["verify", str(pdf)]) == VALID
    out = capsys.readouterr().out
    assert out.startswith("SAH: segel asli dari KANTOR KEL-MGR")
    assert "WARUNG BU SITI" in out and "Register nomor kantor ini: disimpan sebagai PDF." in out
    assert main(["verify", "--text", content_of(pdf)]) == VALID


# --- forgeries -------------------------------------------------------------------------------------------


def _reencode(protected: bytes, payload: dict, signature: bytes) -> str:
    cose = cbor2.dumps(cbor2.CBORTag(18, [protected, {}, cbor2.dumps(payload), signature]))
    return seal.content(cose)


def _signed(payload: dict, key: Ed25519PrivateKey, kid: bytes | None = None) -> str:
    protected = cbor2.dumps({1: -8, 4: kid or seal.kid_of(key.public_key().public_bytes_raw())})
    body = cbor2.dumps(payload)
    return _reencode(protected, payload, key.sign(seal.sig_structure(protected, body)))


def _verdict(capsys: pytest.CaptureFixture[str], text: str) -> tuple[int, str]:
    code, result = verify_json(capsys, "--text", text)
    return code, result["verdict"]


def test_each_forgery_gets_its_verdict_and_exit_code(letter, capsys):
    genuine = seal.read(content_of(letter[0]))
    payload = dict(genuine.payload.to_map())
    changed = {**payload, "nm": "ORANG LAIN"}
    # A payload field changed under the old signature.
    assert _verdict(capsys, _reencode(genuine.protected, changed, genuine.signature)) == (FORGED, "forged")
    # Re-signed by a stranger under the office's kid.
    stranger = Ed25519PrivateKey.generate()
    assert _verdict(capsys, _signed(changed, stranger, genuine.kid)) == (FORGED, "forged")
    # Re-signed under a stranger's own kid.
    assert _verdict(capsys, _signed(changed, stranger)) == (UNKNOWN, "unknown_office")
    # A truncated seal.
    text = content_of(letter[0])
    assert _verdict(capsys, text[:-12]) == (NOT_LOKET, "not_loket")
    # The office's own key speaking for another office.
    assert _verdict(capsys, _signed({**payload, "iss": "KEC-BPT"}, office_key("KEL-MGR"))) == (FORGED, "forged")
    # A letter dated before the key's valid_from (the test keys are valid from 2000-01-01).
    assert _verdict(capsys, _signed({**payload, "d": "1999-12-31"}, office_key("KEL-MGR"))) == (REVOKED, "revoked")


def test_a_revoked_key_makes_its_letters_from_that_day_revoked_and_earlier_ones_stay_valid(letter, capsys):
    text = content_of(letter[0])
    kid = seal.read(text).kid.hex()
    assert main(["letters", "key", "revoke", kid, "--from", date.today().isoformat()]) == 0
    assert _verdict(capsys, text) == (REVOKED, "revoked")
    earlier = {**seal.read(text).payload.to_map(), "d": "2020-05-01"}
    assert _verdict(capsys, _signed(earlier, office_key("KEL-MGR"))) == (VALID, "valid")
    # The trust list says so, and a letter printed now refuses to use the revoked key.
    capsys.readouterr()
    assert main(["letters", "trust-list"]) == 0
    keys = {k["kid"]: k for k in json.loads(capsys.readouterr().out)["keys"]}
    assert keys[kid]["revoked"] == date.today().isoformat() and keys[kid]["alg"] == "Ed25519"


def test_a_trust_list_file_from_another_office_does_not_know_this_office(letter, tmp_path, capsys):
    other = tmp_path / "trust.json"
    key = Ed25519PrivateKey.generate().public_key().public_bytes_raw()
    other.write_text(json.dumps({"v": 1, "keys": [{"kid": seal.kid_of(key).hex(), "alg": "Ed25519",
                                                   "public_key": sealkeys.b64url(key), "iss": "X", "on": "LAIN",
                                                   "valid_from": "2026-01-01", "revoked": None}]}))
    code, result = verify_json(capsys, str(letter[0]), "--trust", str(other))
    assert (code, result["verdict"]) == (UNKNOWN, "unknown_office")
    other.write_text('{"v": 1, "keys": [{"kid": "00"}]}')
    capsys.readouterr()
    assert main(["verify", str(letter[0]), "--trust", str(other)]) == 2
    assert "bukan daftar kunci tepercaya" in capsys.readouterr().err


# --- keys and refusals -----------------------------------------------------------------------------------


@pytest.mark.no_seal_key
def test_without_a_seal_key_the_letter_is_not_printed_and_no_number_is_used(tmp_path, capsys):
    out = tmp_path / "sku.pdf"
    assert fill(out) == 1
    err = capsys.readouterr().err
    assert "belum punya kunci segel" in err and "loket letters key new" in err
    assert not out.exists()
    assert numbering.register(data_dir() / NUMBERS_DB) == []
    # IT makes the key; the next letter is sealed with it, and the trust list holds it.
    assert main(["letters", "key", "new", "--name", "KELURAHAN MANGGAR"]) == 0
    assert fill(out) == 0
    (info,) = sealkeys.local_keys()
    assert seal.read(content_of(out)).kid.hex() == info.kid and info.iss == "KEL-MGR"
    capsys.readouterr()
    assert main(["letters", "trust-list", "--out", str(tmp_path / "trust.json")]) == 0
    listed = json.loads((tmp_path / "trust.json").read_text())
    assert listed == {"v": 1, "keys": [info.trust_entry()]}
    assert "private" not in (tmp_path / "trust.json").read_text() and "d" not in listed["keys"][0]
    assert main(["verify", str(out), "--trust", str(tmp_path / "trust.json")]) == VALID


@pytest.mark.no_seal_key
def test_a_key_whose_private_half_left_the_keyring_refuses_with_its_own_sentence(tmp_path, capsys):
    from app.base.credentials import SERVICE, keyring_backend

    assert main(["letters", "key", "new"]) == 0
    (info,) = sealkeys.local_keys()
    keyring_backend().delete_password(SERVICE, sealkeys.KEYRING_PREFIX + info.kid)
    capsys.readouterr()
    assert fill(tmp_path / "sku.pdf") == 1
    assert "tidak dapat dibaca dari keyring" in capsys.readouterr().err
    assert numbering.register(data_dir() / NUMBERS_DB) == []


def test_a_reprint_carries_the_original_seal_and_the_register_counts_it(letter, tmp_path, capsys):
    number = seal.read(content_of(letter[0])).payload.no
    copy = tmp_path / "salinan.pdf"
    assert main(["reprint", number, "--out", str(copy)]) == 0
    assert content_of(copy) == content_of(letter[0])
    code, result = verify_json(capsys, str(copy))
    assert code == VALID and result["register"]["reprints"] == 1
    assert main(["verify", str(copy)]) == VALID
    assert "dicetak ulang 1 kali" in capsys.readouterr().out


def test_the_verify_url_puts_the_seal_in_the_fragment_and_the_content_stays_within_450_bytes(
        tmp_path, capsys, isolated_settings):
    url = "https://kelurahan-manggar.balikpapan.example.go.id/cek-surat"
    isolated_settings.write_text(json.dumps({"letters": {"verify_url": url}}))
    out = tmp_path / "sku.pdf"
    assert fill(out) == 0
    text = content_of(out)
    assert text.startswith(url + "#LK1.") and len(text.encode()) <= 450
    assert main(["verify", "--text", text]) == VALID


# --- hostile inputs --------------------------------------------------------------------------------------


def _one_sentence(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    lines = [line for line in captured.err.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    return lines[0]


def test_hostile_inputs_are_one_sentence_never_a_traceback(tmp_path, capsys):
    # A 3 MB image of noise: examined, no QR in it.
    noise = tmp_path / "noise.png"
    Image.frombytes("RGB", (1000, 1000), os.urandom(3_000_000)).save(noise)
    assert noise.stat().st_size > 3_000_000
    capsys.readouterr()
    assert main(["verify", str(noise)]) == NOT_LOKET
    assert capsys.readouterr().out.startswith("TIDAK SAH: tidak ada segel Loket")
    # A small file that claims a 40 000 × 40 000 image: refused before any pixel is decoded.
    bomb = tmp_path / "bomb.png"
    Image.new("1", (40_000, 40_000)).save(bomb)
    assert main(["verify", str(bomb)]) == 1
    assert "terlalu besar" in _one_sentence(capsys)
    big = tmp_path / "big.png"  # under Pillow's own limit, over Loket's: refused by Loket's bound
    Image.new("1", (7_000, 7_000)).save(big)
    assert main(["verify", str(big)]) == 1
    assert "lebih dari 40 juta piksel" in _one_sentence(capsys)
    # A 500-page PDF.
    from reportlab.pdfgen.canvas import Canvas

    many = tmp_path / "many.pdf"
    c = Canvas(str(many))
    for _ in range(500):
        c.showPage()
    c.save()
    assert main(["verify", str(many)]) == 1
    assert "500 halaman" in _one_sentence(capsys)
    # A QR code that is not Loket's.
    import segno

    other = tmp_path / "other.png"
    segno.make_qr("https://example.com/not-a-seal").save(str(other), scale=8)
    capsys.readouterr()
    assert main(["verify", str(other)]) == NOT_LOKET
    # A seal that inflates to megabytes (a zip bomb): not read past 4 KB.
    zipbomb = "LK1." + base64.urlsafe_b64encode(zlib.compress(b"\0" * 5_000_000, 9)).rstrip(b"=").decode()
    assert main(["verify", "--text", zipbomb]) == NOT_LOKET
    with pytest.raises(seal.Unreadable, match="inflates past"):
        seal.cose_of(zipbomb)
    # A FIFO (would block a reader for ever), a folder, a missing file, a truncated PDF, garbage.
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    truncated = tmp_path / "cut.pdf"
    truncated.write_bytes(b"%PDF-1.4\n1 0 obj <<")
    garbage = tmp_path / "x.jpg"
    garbage.write_bytes(os.urandom(5000))
    capsys.readouterr()
    for path in (fifo, tmp_path, tmp_path / "missing.pdf", truncated, garbage):
        assert main(["verify", str(path)]) == 1, path
        _one_sentence(capsys)


def test_cbor_that_is_not_the_spec_structure_is_not_a_loket_seal():
    key = office_key("KEL-MGR")
    trust = verify.own_trust()
    for thing in (cbor2.CBORTag(18, [b"", {}, b"", b""]), [1, 2, 3], cbor2.CBORTag(18, "x"),
                  cbor2.CBORTag(18, [cbor2.dumps({1: -7}), {}, cbor2.dumps({"v": 1}), b"\0" * 64])):
        text = seal.PREFIX + base64.urlsafe_b64encode(zlib.compress(cbor2.dumps(thing))).rstrip(b"=").decode()
        assert verify.verify_content(text, trust).verdict == "not_loket"
    # v must be the integer 1 (CBOR true is not), d a real date.
    for bad in ({"v": True}, {"d": "2026-13-45"}, {"x": {"a": 1}}):
        payload = {"v": 1, "iss": "KEL-MGR", "no": "1", "f": "f", "d": "2026-12-07", "nik": "1", "nm": "n",
                   "p": "", **bad}
        assert verify.verify_content(_signed(payload, key), trust).verdict == "not_loket"


@pytest.mark.no_seal_key
def test_a_keyring_that_refuses_the_key_leaves_no_key_and_no_secret_in_the_log(tmp_path, capsys, caplog):
    from app.base import credentials
    from tests.registry_support import BrokenKeyring

    previous = credentials.keyring_backend()
    credentials.use_keyring(BrokenKeyring())
    try:
        assert main(["letters", "key", "new"]) == 1
    finally:
        credentials.use_keyring(previous)
    assert "Keyring sistem tidak dapat dipakai" in capsys.readouterr().err
    assert sealkeys.local_keys() == []
    assert "cannot store" not in caplog.text  # the backend quotes the secret: only its type is logged
    assert fill(tmp_path / "sku.pdf") == 1


def test_an_english_cli_says_the_verdict_and_fields_in_english(letter, capsys, monkeypatch):
    from app.cli import words

    monkeypatch.setenv("LOKET_LANG", "en")
    words.language.cache_clear()
    try:
        capsys.readouterr()
        assert main(["verify", str(letter[0])]) == VALID
        out = capsys.readouterr().out
        assert out.startswith("VALID: a genuine seal of KANTOR KEL-MGR")
        assert "Letter number" in out and "Purpose" in out and "This office's letter register: saved as PDF." in out
        assert main(["verify", "--text", content_of(letter[0])[:-12]]) == NOT_LOKET
        assert capsys.readouterr().out.startswith("NOT VALID: no Loket seal could be read")
    finally:
        monkeypatch.delenv("LOKET_LANG")
        words.language.cache_clear()


def test_a_verify_url_too_long_for_the_qr_refuses_the_letter_and_uses_no_number(tmp_path, capsys, isolated_settings):
    isolated_settings.write_text(json.dumps({"letters": {"verify_url": "https://example.go.id/" + "c" * 170}}))
    assert fill(tmp_path / "sku.pdf") == 1
    assert "melebihi 450 byte" in capsys.readouterr().err
    assert numbering.register(data_dir() / NUMBERS_DB) == []  # measured before a number was taken


def test_a_hand_edited_key_list_refuses_sealing_with_one_sentence(tmp_path, capsys):
    sealkeys.keys_path().write_text('{"v": 1, "keys": [{"kid": 1, "valid_from": 5}]}')
    assert fill(tmp_path / "sku.pdf") == 1
    assert "seal_keys.json" in capsys.readouterr().err
    assert main(["verify", "--text", "LK1.AAAA"]) == NOT_LOKET  # verify still answers, knowing no key


def test_todays_list_marks_the_sealed_letter(letter):
    from app.flows import today

    number = seal.read(content_of(letter[0])).payload.no
    (line,) = [line for line in today.today().lines if line.number]
    assert line.number == number and line.sealed


def test_a_new_key_the_same_day_seals_the_next_letter_and_the_old_one_stays_valid(letter, tmp_path, capsys):
    old = seal.read(content_of(letter[0]))
    capsys.readouterr()
    assert main(["letters", "key", "new", "--from", SINCE_TESTS]) == 0
    assert old.kid.hex() in capsys.readouterr().out  # told that the earlier key stays valid
    newest = sealkeys.local_keys()[-1]
    out = tmp_path / "next.pdf"
    assert fill(out) == 0
    assert seal.read(content_of(out)).kid.hex() == newest.kid != old.kid.hex()
    assert main(["verify", str(letter[0])]) == VALID and main(["verify", str(out)]) == VALID


def test_verify_says_when_this_offices_register_holds_the_number_as_void_or_not_at_all(letter, capsys):
    import sqlite3

    text = content_of(letter[0])
    number = seal.read(text).payload.no
    with sqlite3.connect(data_dir() / NUMBERS_DB) as conn:  # as a printer failure would have left it
        conn.execute("UPDATE letters SET status = 'void', reason = 'printer_failed' WHERE number = ?", (number,))
    capsys.readouterr()
    assert main(["verify", "--text", text]) == VALID  # the seal itself is genuine...
    assert "Register nomor kantor ini: BATAL (printer_failed)." in capsys.readouterr().out  # ...the paper is not
    other = {**seal.read(text).payload.to_map(), "no": "503/999/SKU/XII/2026"}
    assert main(["verify", "--text", _signed(other, office_key("KEL-MGR"))]) == VALID
    assert "TIDAK memuat nomor ini" in capsys.readouterr().out


def test_verifying_an_unsigned_letter_never_loads_pyhanko(letter, capsys):
    import sys

    for name in [m for m in sys.modules if m.startswith("pyhanko")]:
        del sys.modules[name]
    assert main(["verify", str(letter[0])]) == VALID
    heavy = ("pyhanko.pdf_utils.reader", "pyhanko.sign")  # ~0.5 s of imports, for no signature to read
    assert not [m for m in sys.modules if m in heavy]


def test_a_demo_letter_is_sealed_with_the_demo_key_and_never_passes_as_the_offices(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A simulated citizen's letter must not verify as the office's: --demo seals with the published demo key,
    which only the demo's own trust list names."""
    out = tmp_path / "demo.pdf"
    typed = [a for k, v in TYPED.items() for a in ("--set", f"{k}={v}")]
    assert main(["fill", "surat_usaha", "--demo", "--person", "1", *typed, "--out", str(out)]) == 0
    code, got = verify_json(capsys, str(out))
    assert code == UNKNOWN and got["verdict"] == "unknown_office", got
    code, got = verify_json(capsys, str(out), "--demo")
    assert code == VALID and got["verdict"] == "valid" and got["office"] == sealkeys.DEMO_OFFICE, got
    office_kids = {k.kid for k in sealkeys.all_keys()}
    demo_kid = sealkeys.demo_key("X")[0].kid
    assert demo_kid not in office_kids  # the office's trust list never names the demo key
