"""Card reads through the real PC/SC stack: pyscard → pcscd → vsmartcard-vpcd → simulated card and SAM."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from app.base.settings import Settings
from app.citizen.cardread import read_card
from reader.errors import CardRemoved, NoCard, NotEktp, ReaderNotFound, SamRefused
from reader.identity import Authenticity
from reader.readers import Pcsc, choose_readers
from reader.simulator.card import CardFaults
from reader.simulator.population import POPULATION
from tests.conftest import CARD_READER, SAM_READER, wait_state

pytestmark = pytest.mark.pcscd


def test_probing_finds_card_and_sam_reader_without_names(vpcd_sam, vpcd_card):
    vpcd_card(0)
    choice = choose_readers(Pcsc())
    assert (choice.card, choice.sam) == (CARD_READER, SAM_READER)


def test_full_read_through_pcscd(vpcd_sam, vpcd_card, sim_secrets):
    vpcd_card(4)
    result = read_card(Settings(), wait=5)
    person = POPULATION[4]
    identity = result.identity
    assert identity.nik == person.nik
    assert identity.nama == person.nama
    assert identity.tanggal_lahir is not None and identity.tanggal_lahir.isoformat() == "1979-11-22"
    assert identity.jenis_kelamin == "PEREMPUAN"
    assert identity.authenticity is Authenticity.VALID
    assert identity.photo.mime == "image/jpeg" and identity.photo.data[:2] == b"\xff\xd8"
    assert identity.signature is not None and len(identity.signature.bits) == 924
    assert identity.uid == person.uid
    assert result.card_reader == CARD_READER and result.sam_reader == SAM_READER
    assert result.apdus > 50  # the whole relay went through pcscd, not a shortcut


def test_authenticity_failure_through_pcscd(vpcd_sam, vpcd_card, sim_secrets):
    vpcd_card(8)  # biodata altered after issue
    identity = read_card(Settings(), wait=5).identity
    assert identity.authenticity is Authenticity.INVALID
    assert identity.nik == POPULATION[8].nik


def test_card_pulled_mid_read_discards_everything(vpcd_sam, vpcd_card, sim_secrets):
    handle = vpcd_card(0, CardFaults(pull_at=15))  # during the secure-messaging reads
    with pytest.raises(CardRemoved) as info:
        read_card(Settings(), wait=5)
    assert info.value.exit_code == 6
    assert "dicabut" in info.value.id_text
    assert handle.pulled.is_set()


def test_sam_refusing_unlock_stays_refused(vpcd_sam, vpcd_card, monkeypatch, sim_secrets):
    from reader.simulator import SIM_CONF, SIM_PCID

    vpcd_card(0)
    monkeypatch.setenv("LOKET_SAM_PCID", bytes(16).hex())
    with pytest.raises(SamRefused) as info:
        read_card(Settings(), wait=5)
    assert info.value.exit_code == 8
    # The SAM answers 69 82 to everything after a refused unlock, even the right credentials.
    monkeypatch.setenv("LOKET_SAM_PCID", SIM_PCID.hex())
    monkeypatch.setenv("LOKET_SAM_CONF", SIM_CONF.hex())
    with pytest.raises(SamRefused):
        read_card(Settings(), wait=5)


def test_not_an_ektp_through_pcscd(vpcd_sam, vpcd_card, sim_secrets):
    vpcd_card(0, CardFaults(not_ektp=True))
    with pytest.raises(NotEktp):
        read_card(Settings(), wait=5)


def test_no_card_within_wait(vpcd_sam, pcscd, sim_secrets):
    with pytest.raises(NoCard) as info:
        read_card(Settings(), card_hint=CARD_READER, wait=0.3)
    assert info.value.exit_code == 5


def test_pinned_reader_that_is_not_there(pcscd, sim_secrets):
    with pytest.raises(ReaderNotFound) as info:
        read_card(Settings(), card_hint="ACS ACR1281 PICC", wait=0.3)
    assert info.value.exit_code == 4


def _loket(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    full_env.pop("LOKET_DEMO_TRANSPORT", None)
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True,
                          env=full_env, timeout=60)


def test_cli_demo_reads_through_pcscd(pcscd):
    proc = _loket("read", "--demo", "--json")
    assert proc.returncode == 0, proc.stderr
    assert "pcscd" in proc.stderr
    data = json.loads(proc.stdout)
    assert data["nik"] == POPULATION[0].nik
    assert data["authenticity"] == "valid"
    assert data["tanggal_lahir"] == "1992-07-05"
    assert data["photo"]["mime"] == "image/jpeg"


def test_cli_demo_exit_codes_through_pcscd(pcscd):
    tampered = _loket("read", "--demo", "--person", "8", "--json")
    assert tampered.returncode == 10
    assert json.loads(tampered.stdout)["authenticity"] == "invalid"
    assert "TIDAK terverifikasi" in tampered.stderr
    not_ektp = _loket("read", "--demo", "--fault", "not-ektp")
    assert not_ektp.returncode == 7
    assert "bukan e-KTP" in not_ektp.stderr
    assert "Traceback" not in not_ektp.stderr


def test_a_read_that_ends_without_the_interpreters_teardown_loses_nothing(vpcd_sam, vpcd_card, sim_secrets,
                                                                          monkeypatch):
    """`loket read` ends right after its flush (app.cli.QUICK_EXIT, os._exit): the whole JSON is out, the
    log's last line and the audit row are on disk and the chain holds, and a reader of stdout that leaves
    early ends it quietly. (The read's own exit codes through the same exit: the tests beside this one.)"""
    from app import audit
    from app.base.logsetup import LOG_FILE, log_dir

    monkeypatch.setenv("LOKET_AUDIT_KEY", "quick-exit-test")
    vpcd_card(4)
    done = _loket("read", "--json", "--wait", "5")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["nik"] == POPULATION[4].nik
    last = json.loads((log_dir() / LOG_FILE).read_text(encoding="utf-8").splitlines()[-1])
    assert last["message"].startswith("read complete"), last
    assert [(row.kind, row.outcome) for row in audit.rows()] == [("read", "ok")]
    assert audit.verify() is None
    env = {k: v for k, v in os.environ.items() if k != "LOKET_DEMO_TRANSPORT"}
    reader = subprocess.Popen([sys.executable, "-m", "app", "read", "--json", "--wait", "5"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert reader.stdout is not None and reader.stderr is not None
    reader.stdout.close()  # `loket read --json | true`: nobody reads the record
    assert reader.wait(60) == 0
    assert reader.stderr.read() == b""  # no "Exception ignored … BrokenPipeError" at the end


def test_a_record_that_cannot_be_written_out_fails_the_command(vpcd_sam, vpcd_card, sim_secrets):
    """`loket read --json > card.json` on a full disk: the record sits in the output buffer until the quick
    exit's flush, which fails; the command says so and exits 1, never 0 with an empty file."""
    vpcd_card(4)
    env = {k: v for k, v in os.environ.items() if k not in ("LOKET_DEMO_TRANSPORT", "PYTHONUNBUFFERED")}
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "app", "read", "--json", "--wait", "5"], stdout=full,
                              stderr=subprocess.PIPE, text=True, env=env, timeout=60)
    assert done.returncode == 1
    assert "Keluaran tidak dapat ditulis" in done.stderr and "Traceback" not in done.stderr


def test_cli_without_pcscd_service_exits_3(tmp_path, sim_secrets):
    proc = _loket("read", "--wait", "0", env={"PCSCLITE_CSOCK_NAME": str(tmp_path / "no-pcscd.comm")})
    assert proc.returncode == 3
    assert "PC/SC" in proc.stderr and "Traceback" not in proc.stderr


def test_simulate_card_command_then_read_like_a_tester(pcscd, sim_secrets):
    """`loket simulate card` in one terminal, `loket read` in another, as the README tells a tester."""
    sim = subprocess.Popen([sys.executable, "-m", "app", "simulate", "card", "--person", "2"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           env={k: v for k, v in os.environ.items() if k != "LOKET_DEMO_TRANSPORT"})
    try:
        assert "Simulated e-KTP #2" in sim.stdout.readline()
        wait_state(SAM_READER, True)  # reader choice probes what each reader holds right now
        wait_state(CARD_READER, True)
        proc = _loket("read", "--json", "--wait", "10")
        assert proc.returncode == 0, proc.stderr
        assert json.loads(proc.stdout)["nik"] == POPULATION[2].nik
    finally:
        sim.terminate()
        sim.wait(10)
    wait_state(CARD_READER, False)
    wait_state(SAM_READER, False)


def test_doctor_with_demo_reports_every_check(pcscd):
    proc = _loket("doctor", "--demo", "--json")
    checks = {c["name"]: c for c in json.loads(proc.stdout)}
    assert proc.returncode == 0, proc.stdout
    assert set(checks) >= {"pcsc", "readers", "reader-choice", "sam"}
    assert all(c["ok"] for c in checks.values())
    assert CARD_READER in checks["reader-choice"]["detail"]


def test_doctor_names_refused_sam_credentials(vpcd_sam, monkeypatch):
    monkeypatch.setenv("LOKET_SAM_PCID", bytes(16).hex())
    monkeypatch.setenv("LOKET_SAM_CONF", bytes(32).hex())
    proc = _loket("doctor", "--json")
    checks = {c["name"]: c for c in json.loads(proc.stdout)}
    assert proc.returncode == 1
    assert checks["sam"]["ok"] is False
    assert "ditolak" in checks["sam"]["detail"]
