"""`loket export` end to end: the simulated card in-process, a NIK and a saved read against the registry
simulator, the authenticity rule, usage errors, the hand-off command, and the audit row of every export."""

from __future__ import annotations

import csv
import io
import json
import sys

import pytest

from app import audit
from app.base.settings import Settings
from app.citizen.cardread import read_card
from app.citizen.readseal import seal
from app.cli import main
from app.sim.demo import start_demo
from app.sim.registry import SIM_AGENCY
from reader.simulator.population import POPULATION

# Its --demo runs write to the demo's own data folder, which this test reads (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("demo_data_folder")

DEWI, HENDRA = POPULATION[0], POPULATION[8]


@pytest.fixture(autouse=True)
def audit_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOKET_AUDIT_KEY", "export-test-key")
    audit.forget_key()


def exports() -> list[audit.Row]:
    return [r for r in audit.rows() if r.kind == "export"]


def test_satusehat_from_the_simulated_card_is_written_and_audited_by_hash_only(tmp_path, capsys):
    out = tmp_path / "pasien.json"
    assert main(["export", "satusehat", "--demo", "--person", "0", "--set", "telepon=081234567890",
                 "--out", str(out)]) == 0
    resource = json.loads(out.read_text(encoding="utf-8"))
    assert resource["resourceType"] == "Patient" and resource["identifier"][0]["value"] == DEWI.nik
    assert capsys.readouterr().out.strip() == str(out)
    [row] = exports()
    assert (row.form_id, row.outcome, row.service) == ("satusehat", "written", "satusehat")
    assert row.nik_hash == audit.nik_hash(DEWI.nik)
    assert DEWI.nik not in "".join(str(v) for v in row.__dict__.values())
    assert audit.verify() is None


def test_khanza_reports_every_mapping_on_stderr(tmp_path, capsys):
    out = tmp_path / "pasien.csv"
    assert main(["export", "khanza", "--demo", "--person", "2", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    for said in ("jk: LAKI-LAKI → L", "stts_nikah: CERAI MATI → DUDHA", "pnd: DIPLOMA III → D3",
                 "namakeluarga: tidak diketahui"):
        assert said in err
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # spreadsheet programs read UTF-8 by its BOM
    [row] = csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig")))
    assert row["stts_nikah"] == "DUDHA"  # Dukcapil's status (widowed since the card), preselected
    assert exports()[0].form_id == "khanza"


def test_khanza_sql_and_the_record_from_a_nik(registry, tmp_path):
    at = ["--registry-url", registry.url, "--agency", SIM_AGENCY]
    sql, rec = tmp_path / "pasien.json", tmp_path / "warga.csv"
    assert main(["export", "khanza", "--sql", "--nik", DEWI.nik, *at, "--out", str(sql)]) == 0
    payload = json.loads(sql.read_text(encoding="utf-8"))
    assert payload["statement"].count("%s") == len(payload["params"])
    # The registry alone: Dewi's registry address (Gegerkalong, RT 2/11), not her card's.
    assert "JL. GERLONG HILIR NO. 21 RT 002 RW 011" in payload["params"]
    assert main(["export", "csv", "--nik", DEWI.nik, *at, "--out", str(rec)]) == 0
    [row] = csv.DictReader(io.StringIO(rec.read_text(encoding="utf-8-sig")))
    assert (row["kelurahan"], row["kode_kelurahan"], row["tanggal_lahir"], row["keaslian_chip"]) == (
        "GEGERKALONG", "3273011002", "1992-07-05", "")  # the registry agrees: NO_KEL 1002
    assert [r.outcome for r in exports()] == ["written", "written"]


def test_json_from_a_saved_read(registry, tmp_path):
    identity = read_card(Settings(), source=start_demo(3, prefer_pcscd=False)).identity
    saved = tmp_path / "warga.json"
    saved.write_text(json.dumps(seal(identity.to_json())), encoding="utf-8")  # as `read --json` seals it
    out = tmp_path / "rekam.json"
    assert main(["export", "json", "--identity", str(saved), "--registry-url", registry.url, "--agency",
                 SIM_AGENCY, "--out", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["nik"] == POPULATION[3].nik and data["kode_kelurahan"] == "3174011002"
    assert data["no_kk"] == POPULATION[3].registry["NO_KK"]
    assert "nama_ibu" not in data and "pendidikan" not in data


def test_a_card_altered_after_issue_is_not_exported_but_the_attempt_is_audited(tmp_path, capsys):
    out = tmp_path / "x.json"
    assert main(["export", "satusehat", "--demo", "--person", "8", "--out", str(out)]) == 10
    assert not out.exists()
    assert "tidak dapat diekspor" in capsys.readouterr().err
    [row] = exports()
    assert (row.outcome, row.nik_hash) == ("blocked_unverified", audit.nik_hash(HENDRA.nik))


@pytest.mark.parametrize("argv", [
    ["export", "csv", "--sql", "--demo"],
    ["export", "csv", "--demo", "--set", "hobi=catur"],
    ["export", "csv", "--demo", "--set", "telepon"],
])
def test_usage_errors_exit_2_and_write_nothing(argv, tmp_path):
    out = tmp_path / "x.csv"
    assert main([*argv, "--out", str(out)]) == 2
    assert not out.exists()


def test_the_file_is_handed_to_the_configured_command(tmp_path, isolated_settings):
    dest = tmp_path / "sent" / "patient.json"
    dest.parent.mkdir()
    copy = "import shutil, sys; shutil.copy(sys.argv[1], sys.argv[2])"
    isolated_settings.write_text(json.dumps(
        {"export": {"commands": {"satusehat": [sys.executable, "-c", copy, "{file}", str(dest)],
                                 "khanza": [sys.executable, "-c", "raise SystemExit(3)", "{file}"]}}}),
        encoding="utf-8")
    out = tmp_path / "patient.json"
    assert main(["export", "satusehat", "--demo", "--command", "--out", str(out)]) == 0
    assert dest.read_bytes() == out.read_bytes()
    assert main(["export", "khanza", "--demo", "--command", "--out", str(tmp_path / "k.csv")]) == 2
    assert main(["export", "csv", "--demo", "--command", "--out", str(tmp_path / "r.csv")]) == 2
    assert [r.outcome for r in exports()] == ["handed_off", "failed_handoff", "failed_no_command"]
