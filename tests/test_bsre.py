"""BSrE's ESign API as OpenSID calls it, against the simulator of that published shape (app/sim/bsre.py): a saved
letter goes to `POST api/sign/pdf` (multipart file, nik, passphrase, tampilan) or the v2 JSON form, comes back
signed by the official's certificate and verifies offline with the simulated BSrE root. The passphrase is asked
at each save, reaches the service, and is never stored or logged; every refusal is one sentence, and a number
taken for a letter that could not be signed is recorded void.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.base.credentials import keyring_backend
from app.cli import main
from app.letters import bsre, pdfcheck, pdfsign
from app.sim.bsre import SIM_NIK, SIM_PASSPHRASE, SIM_PASSWORD, SIM_USER, start_simulator

TYPED = {"nama_usaha": "WARUNG BU SITI", "jenis_usaha": "WARUNG MAKAN", "alamat_usaha": "JL. MULAWARMAN RT 010",
         "mulai_usaha": "01-02-2019", "pengantar_rt": "015/RT.010/XI/2026", "keperluan": "Pengajuan KUR"}


@pytest.fixture
def sim(tmp_path: Path, isolated_settings: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> object:
    handle = start_simulator()
    root = tmp_path / "bsre-root.pem"
    root.write_bytes(handle.root_pem)
    isolated_settings.write_text(json.dumps({"letters": {
        "signing": "bsre", "bsre_url": handle.url, "bsre_nik": SIM_NIK, "pdf_trust_roots": [str(root)]}}))
    monkeypatch.setenv("LOKET_BSRE_USER", SIM_USER)
    monkeypatch.setenv("LOKET_BSRE_PASSWORD", SIM_PASSWORD)
    assert main(["credentials", "set", "bsre", "--from-env"]) == 0
    monkeypatch.delenv("LOKET_BSRE_USER")
    monkeypatch.delenv("LOKET_BSRE_PASSWORD")
    capsys.readouterr()
    yield handle
    handle.stop()


def fill(out: Path, monkeypatch: pytest.MonkeyPatch, passphrase: str | None) -> int:
    asked: list[str] = []

    def ask(prompt: str = "") -> str:
        asked.append(prompt)
        if passphrase is None:
            raise EOFError  # the official pressed Ctrl+D
        return passphrase

    monkeypatch.setattr("getpass.getpass", ask)
    typed = [a for k, v in TYPED.items() for a in ("--set", f"{k}={v}")]
    code = main(["fill", "surat_usaha", "--demo", "--person", "1", *typed, "--out", str(out)])
    assert len(asked) == 1, "the passphrase is asked once per save"
    return code


def _set(settings_file: Path, **letters: object) -> None:
    data = json.loads(settings_file.read_text())
    data["letters"].update(letters)
    settings_file.write_text(json.dumps(data))


@pytest.mark.parametrize("api", ["v1", "v2"])
def test_a_saved_letter_is_signed_by_bsre_and_verifies_with_its_root(api, sim, tmp_path, isolated_settings,
                                                                     monkeypatch, capsys, caplog):
    caplog.set_level("DEBUG")
    _set(isolated_settings, bsre_api=api)
    out = tmp_path / "sku.pdf"
    assert fill(out, monkeypatch, SIM_PASSPHRASE) == 0, capsys.readouterr().err
    (seen,) = sim.seen
    assert seen.path == ("/api/sign/pdf" if api == "v1" else "/api/v2/sign/pdf")
    assert seen.fields["nik"] == SIM_NIK and seen.fields["passphrase"] == SIM_PASSPHRASE
    assert seen.fields["tampilan"].lower() == "invisible"
    capsys.readouterr()
    assert main(["verify", str(out), "--json", "--demo"]) == 0  # a --demo letter: the demo key seals it
    got = json.loads(capsys.readouterr().out)
    assert got["verdict"] == "valid" and [s["verdict"] for s in got["pdf_signatures"]] == ["valid"]
    assert "Pejabat Simulasi" in got["pdf_signatures"][0]["signer"]
    assert SIM_PASSPHRASE not in caplog.text
    assert SIM_PASSPHRASE not in json.dumps({k: keyring_backend().get_password("loket", k) for k in
                                             ("bsre-user", "bsre-password", "signing-password")})


def test_a_wrong_passphrase_is_said_and_the_number_is_void(sim, tmp_path, monkeypatch, capsys, caplog):
    caplog.set_level("DEBUG")
    out = tmp_path / "sku.pdf"
    assert fill(out, monkeypatch, "salah-ketik") == 1
    err = capsys.readouterr().err
    assert bsre.PASSPHRASE_WRONG in err and "tidak terpakai dan dicatat batal" in err
    assert not out.exists() and "Traceback" not in err
    assert "salah-ketik" not in caplog.text and "salah-ketik" not in err


def test_a_cancelled_prompt_takes_no_number(sim, tmp_path, monkeypatch, capsys):
    out = tmp_path / "sku.pdf"
    assert fill(out, monkeypatch, None) == 1
    err = capsys.readouterr().err
    assert pdfsign.NO_PASSPHRASE in err and "dicatat batal" not in err
    assert not sim.seen and not out.exists()


def test_the_local_service_cannot_ask_a_passphrase_and_says_so(sim):
    from app.base.settings import load

    with pytest.raises(pdfsign.SigningFailed) as caught:
        pdfsign.signer_for(load(), passphrase=None)
    assert caught.value.id_text == pdfsign.NO_WAY_TO_ASK


@pytest.mark.parametrize("fault, sentence", [("html", bsre.BAD_ANSWER), ("unsigned", bsre.BAD_ANSWER),
                                             ("redirect", None), ("huge", bsre.BAD_ANSWER)])
def test_a_gateway_that_answers_wrong_never_becomes_the_saved_letter(fault, sentence, sim, tmp_path, monkeypatch,
                                                                     capsys):
    sim.set_fault(fault)
    out = tmp_path / "sku.pdf"
    assert fill(out, monkeypatch, SIM_PASSPHRASE) == 1
    err = capsys.readouterr().err
    assert (sentence or bsre.REFUSED.split("{")[0]) in err
    assert not out.exists() and "Traceback" not in err


def test_a_refused_application_login_and_a_service_away_are_one_sentence_each(sim, tmp_path, monkeypatch, capsys,
                                                                              isolated_settings):
    keyring_backend().set_password("loket", "bsre-password", "bukan-ini")
    assert fill(tmp_path / "a.pdf", monkeypatch, SIM_PASSPHRASE) == 1
    assert "BSrE menolak login aplikasi (HTTP 401)" in capsys.readouterr().err
    _set(isolated_settings, bsre_url="http://127.0.0.1:9")
    assert fill(tmp_path / "b.pdf", monkeypatch, SIM_PASSPHRASE) == 1
    assert bsre.AWAY in capsys.readouterr().err


def test_the_simulated_root_is_what_makes_it_trusted(sim, tmp_path, monkeypatch, capsys):
    out = tmp_path / "sku.pdf"
    assert fill(out, monkeypatch, SIM_PASSPHRASE) == 0
    (report,) = pdfcheck.check_pdf(out.read_bytes(), [])
    assert report.verdict == "untrusted" and report.intact
