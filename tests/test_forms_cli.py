"""`loket fill` end to end: from a NIK against the registry simulator, from a saved `loket read --json`, from
the reader (the PC/SC read replaced by the in-process card: pcscd and the vpcd ports belong to other
suites), and the usage rules. The PDF is read back each time."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import pypdf
import pytest

from app.base.settings import Settings
from app.citizen.cardread import read_card
from app.citizen.readseal import seal
from app.cli import forms as forms_cli
from app.flows import person as person_source
from app.flows.person import identity_from_json
from app.sim.demo import start_demo
from app.sim.registry import SIM_AGENCY, SimulatorHandle
from forms.template import load_all
from reader.identity import Identity
from reader.simulator.population import POPULATION
from tests.forms_support import applicant

DEWI, YOHANES = "3273014507920001", "5371023006990001"
RSUD = ["--set", "cara_bayar=umum", "--set", "telepon=081234567890"]
SKTM = ["--set", "pengantar_rt=012/RT.015/XI/2026", "--set", "penghasilan=Rp 900.000",
        "--set", "keperluan=Keringanan biaya sekolah"]


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="loket")
    forms_cli.add_forms_parsers(top.add_subparsers(dest="command", required=True))
    return top


def run(*argv: str) -> int:
    args = parser().parse_args(["fill", *argv])
    return args.func(args)


def pdf_text(path: Path) -> tuple[pypdf.PdfReader, str]:
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    return reader, " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def at(handle: SimulatorHandle) -> list[str]:
    return ["--registry-url", handle.url, "--agency", SIM_AGENCY]


def test_nik_fills_from_the_registry_and_says_there_is_no_chip_photo(registry, tmp_path, capsys):
    out = tmp_path / "rsud.pdf"
    assert run("rsud_pasien_baru", "--nik", DEWI, *at(registry), *RSUD, "--out", str(out)) == 0
    reader, text = pdf_text(out)
    # the registry's own address (the chip's is never asked for), its spelling of the mother's name
    for expected in (DEWI, "DEWI KARTIKA SARI", "SUMIATI", "GEGERKALONG", "☒ UMUM", "Tanpa KTP-el: foto chip"):
        assert expected in text, expected
    assert not [img for page in reader.pages for img in page.images]  # no photo was invented
    assert "tanpa KTP-el" in capsys.readouterr().err


def test_nik_letter_takes_a_number_and_the_kk_from_the_registry(registry, tmp_path, capsys):
    out = tmp_path / "sktm.pdf"
    assert run("surat_tidak_mampu", "--nik", YOHANES, *at(registry), *SKTM, "--out", str(out)) == 0
    assert "474/001/SKTM/" in capsys.readouterr().out
    _, text = pdf_text(out)
    assert "YOHANES MARIO LAKE" in text and applicant(5).value("no_kk") in text


def test_nik_unknown_or_invalid_or_no_registry(registry, tmp_path, capsys):
    out = tmp_path / "x.pdf"
    assert run("rsud_pasien_baru", "--nik", "3273014507920009", *at(registry), *RSUD, "--out", str(out)) == 11
    assert "NIK tidak ditemukan" in capsys.readouterr().err
    assert run("rsud_pasien_baru", "--nik", "12345", *at(registry), "--out", str(out)) == 2
    assert "NIK harus 16 angka" in capsys.readouterr().err
    # no URL in the settings and none given: one sentence, no traceback, and no PDF
    assert run("rsud_pasien_baru", "--nik", DEWI, *RSUD, "--out", str(out)) == 11
    err = capsys.readouterr().err
    assert "Traceback" not in err and "data dari chip" not in err and err.strip()
    assert not out.exists()


def saved_read(tmp_path: Path, person: int, lookup: bool = False) -> Path:
    """What `loket read --json` (or `--lookup --json`) printed for this citizen."""
    a = applicant(person)
    data = a.to_json() if lookup else a.identity.to_json()
    path = tmp_path / f"read{person}.json"
    path.write_text(json.dumps(seal(data), ensure_ascii=False), encoding="utf-8")  # as `read --json` seals it
    return path


@pytest.mark.parametrize("lookup", [False, True], ids=["read", "read-lookup"])
def test_identity_json_round_trips_to_the_chip_identity(tmp_path, lookup):
    parsed = identity_from_json(json.loads(saved_read(tmp_path, 0, lookup).read_text()))
    card = applicant(0).identity
    for name in ("nik", "nama", "tanggal_lahir", "alamat", "rt", "rw", "kelurahan", "berlaku_hingga", "uid",
                 "authenticity"):
        assert getattr(parsed, name) == getattr(card, name), name
    assert parsed.photo.data == b"" and parsed.photo.mime == card.photo.mime


def test_identity_file_fills_with_the_registry_and_a_photo_box(registry, tmp_path, capsys):
    out = tmp_path / "sim.pdf"
    typed = ["--set", "golongan_sim=C", "--set", "jenis_permohonan=baru", "--set", "satpas=polresta balikpapan",
             "--set", "telepon=081234567890", "--set", "darurat_nama=hasnawati",
             "--set", "darurat_hubungan=orang tua", "--set", "darurat_telepon=081298765432"]
    path = saved_read(tmp_path, 6)
    assert run("sim_permohonan", "--identity", str(path), *at(registry), *typed, "--out", str(out)) == 0, \
        capsys.readouterr().err
    _, text = pdf_text(out)
    assert "MUHAMMAD RIZKY PRATAMA" in text and "SLTP/SEDERAJAT" in text  # pendidikan: registry only
    assert "Foto chip tidak ada di berkas ini" in text


def test_identity_file_without_registry_still_fills_from_the_chip(tmp_path, capsys):
    out = tmp_path / "dom.pdf"
    typed = ["--set", "alamat_domisili=jl. mulawarman", "--set", "sejak=01-03-2024", "--set", "keperluan=KTP"]
    assert run("surat_domisili", "--identity", str(saved_read(tmp_path, 0)), *typed, "--out", str(out)) == 0
    assert "DEWI KARTIKA SARI" in pdf_text(out)[1]
    assert capsys.readouterr().err.strip()  # the clerk is told the registry was not asked


def test_identity_file_broken_or_unauthentic(tmp_path, capsys):
    out = tmp_path / "x.pdf"
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    assert run("rsud_pasien_baru", "--identity", str(bad), "--out", str(out)) == 2
    assert run("rsud_pasien_baru", "--identity", str(tmp_path / "missing.json"), "--out", str(out)) == 2
    data = json.loads(saved_read(tmp_path, 0).read_text())
    data["authenticity"] = "invalid"
    bad.write_text(json.dumps(seal(data)), encoding="utf-8")  # sealed here: its own verdict is kept
    assert run("rsud_pasien_baru", "--identity", str(bad), *RSUD, "--out", str(out)) == 10
    assert "TIDAK terverifikasi" in capsys.readouterr().err and not out.exists()


@pytest.mark.parametrize("edit", ["verdict edited", "name edited", "seal removed", "another installation"])
def test_a_saved_read_keeps_its_verdict_only_with_this_installations_seal(tmp_path, capsys, monkeypatch,
                                                                          edit: str) -> None:
    """An altered card's read, one word edited to "valid", must not print without "TIDAK TERVERIFIKASI"."""
    data = json.loads(saved_read(tmp_path, 8).read_text())  # person 8: a card altered after issue
    assert data["authenticity"] == "invalid" and identity_from_json(data).authenticity.value == "invalid"
    if edit == "verdict edited":
        data["authenticity"] = "valid"
    elif edit == "name edited":
        data["nama"] = "ORANG LAIN"
    elif edit == "seal removed":
        data.pop("segel_loket")
        data["authenticity"] = "valid"
    else:
        monkeypatch.setenv("LOKET_SEAL_KEY", "another-installations-key")
        data = seal({**{k: v for k, v in data.items() if k != "segel_loket"}, "authenticity": "valid"})
        monkeypatch.delenv("LOKET_SEAL_KEY")
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps(data), encoding="utf-8")
    assert identity_from_json(data).authenticity.value == "unchecked"
    out = tmp_path / "x.pdf"
    assert run("rsud_pasien_baru", "--identity", str(forged), *RSUD, "--out", str(out)) == 10
    assert "tidak bersegel" in capsys.readouterr().err and not out.exists()


def test_card_reads_the_reader_then_asks_the_registry(registry, tmp_path, monkeypatch):
    def in_process_read(settings: Settings, wait: float) -> Identity:
        demo = start_demo(0, prefer_pcscd=False)
        try:
            return read_card(settings, source=demo).identity
        finally:
            demo.stop()

    monkeypatch.setattr(person_source, "read_from_reader", in_process_read)
    out = tmp_path / "rsud.pdf"
    assert run("rsud_pasien_baru", "--card", *at(registry), *RSUD, "--out", str(out)) == 0
    reader, text = pdf_text(out)
    assert "SUMIATI" in text and "GEGERKALONG" in text  # the registry's mother and (preselected) address
    assert [img for page in reader.pages for img in page.images]  # the chip photo


def test_card_read_failure_is_the_readers_exit_code(tmp_path, capsys, monkeypatch):
    from reader.errors import NoCard

    def no_card(settings: Settings, wait: float) -> Identity:
        raise NoCard("no card")

    monkeypatch.setattr(person_source, "read_from_reader", no_card)
    assert run("rsud_pasien_baru", "--card", "--out", str(tmp_path / "x.pdf")) == 5
    assert "Belum ada kartu" in capsys.readouterr().err


def test_problems_exit_12_and_typed_is_an_alias_of_set(registry, tmp_path, capsys):
    out = tmp_path / "x.pdf"
    assert run("rsud_pasien_baru", "--nik", DEWI, *at(registry), "--typed", "cara_bayar=bpjs",
               "--out", str(out)) == 12
    assert "no_bpjs: No. Kartu BPJS wajib diisi." in capsys.readouterr().err
    assert run("rsud_pasien_baru", "--nik", DEWI, *at(registry), "--set", "nonsense", "--out", str(out)) == 2


def test_exactly_one_source(capsys):
    for argv in (["rsud_pasien_baru", "--out", "x.pdf"],
                 ["rsud_pasien_baru", "--card", "--nik", DEWI, "--out", "x.pdf"]):
        with pytest.raises(SystemExit) as exc:
            parser().parse_args(["fill", *argv])
        assert exc.value.code == 2
    assert "--card" in capsys.readouterr().err
    args = parser().parse_args(["fill", "surat_usaha", "--card", "--paper", "f4", "--out", "x.pdf"])
    assert args.card and args.paper == "F4" and args.wait == 10.0


# Every template with its own [sample] (forms/template_keys.py): a new form is printed here without naming it.
SAMPLES = {t.id: (t.sample.person, dict(t.sample.values)) for t in load_all().values() if t.sample.values}


@pytest.mark.parametrize("form_id", sorted(SAMPLES))
@pytest.mark.parametrize("source", ["--card", "--nik"])
def test_every_form_from_a_card_and_from_a_nik(form_id, source, registry, tmp_path, monkeypatch, capsys):
    person, typed = SAMPLES[form_id]
    monkeypatch.setattr(person_source, "read_from_reader", lambda settings, wait: _in_process(person, settings))
    who = ["--card"] if source == "--card" else ["--nik", POPULATION[person].nik]
    sets = [a for k, v in typed.items() for a in ("--set", f"{k}={v}")]
    out = tmp_path / f"{form_id}.pdf"
    assert run(form_id, *who, *at(registry), *sets, "--out", str(out)) == 0, capsys.readouterr().err
    reader, text = pdf_text(out)
    assert len(reader.pages) == 1, f"{form_id}: its [sample] for person {person} does not print on one page"
    # The merged record's name: the registry's spelling where it corrected the chip's (person 1).
    name = POPULATION[person].registry_differs.get("NAMA_LGKP", POPULATION[person].nama)
    assert name in text, f"{form_id}: the citizen's name as merged ({name}) is not on the paper"


def _in_process(person: int, settings: Settings) -> Identity:
    demo = start_demo(person, prefer_pcscd=False)
    try:
        return read_card(settings, source=demo).identity
    finally:
        demo.stop()
