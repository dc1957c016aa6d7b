"""The command line under a careless operator (issue 27, items 15–17): a reader of stdout that goes away,
an audit trail whose end nothing outside the file vouches for, a PC with no usable keyring for the read seal.
Real `loket` processes on real pipes; the keyring a real backend that refuses (keyring's own fail backend)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from keyring.backends import fail

from app import audit
from app.citizen.readseal import FIELD, NO_SEAL_KEY, seal
from tests.forms_support import applicant
from tests.test_forms_cli import RSUD, run

ROOT = Path(__file__).resolve().parent.parent


def _with_no_reader(*argv: str) -> subprocess.CompletedProcess[str]:
    """`loket … | head -0`: stdout is a pipe whose reader is gone before the first line."""
    read, write = os.pipe()
    os.close(read)
    try:
        return subprocess.run([sys.executable, "-m", "app", *argv], cwd=ROOT, stdout=write, stderr=subprocess.PIPE,
                              stdin=subprocess.DEVNULL, text=True, timeout=120,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
    finally:
        os.close(write)


@pytest.mark.parametrize("argv", [["forms"], ["today"], ["today", "--find", "2026"], ["audit", "verify"],
                                  ["read", "--demo", "--json"]], ids="-".join)
def test_a_list_whose_reader_went_away_ends_quietly(argv: list[str]) -> None:
    done = _with_no_reader(*argv)
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr, done.stderr
    assert "Exception ignored" not in done.stderr
    assert done.returncode == 0, done.stderr


def test_head_of_a_real_pipeline() -> None:
    """As the README's example runs it: `loket forms | head -1`."""
    loket = subprocess.Popen([sys.executable, "-m", "app", "forms"], cwd=ROOT, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(ROOT)})
    head = subprocess.run(["head", "-1"], stdin=loket.stdout, capture_output=True, timeout=60)
    loket.stdout.close()  # type: ignore[union-attr]
    err = loket.stderr.read().decode()  # type: ignore[union-attr]
    assert loket.wait(60) == 0 and "Traceback" not in err
    assert len(head.stdout.splitlines()) == 1


def test_audit_verify_says_when_the_end_of_the_trail_is_not_anchored(monkeypatch, capsys) -> None:
    from app.cli import main

    monkeypatch.setenv("LOKET_AUDIT_KEY", "it-script-audit-key-0001")
    audit.forget_key()
    try:
        for _ in range(3):
            audit.append("read", "ok", service="KTP", nik="3273014507920001")
        assert main(["audit", "verify"]) == 0
        out = capsys.readouterr().out
        assert "utuh: 3 baris" in out and "tidak berlabuh" in out and "TIDAK terlihat" in out
    finally:
        audit.forget_key()


def test_a_keyring_anchored_trail_says_nothing_more(monkeypatch, capsys) -> None:
    from app.cli import main

    monkeypatch.delenv("LOKET_AUDIT_KEY", raising=False)  # the key and the head's anchor in the keyring
    audit.forget_key()
    audit.append("read", "ok", service="KTP", nik="3273014507920001")
    assert main(["audit", "verify"]) == 0
    out = capsys.readouterr().out
    assert "utuh: 1 baris" in out and "berlabuh" not in out
    audit.forget_key()


def test_no_usable_keyring_is_said_as_the_cause_not_as_a_bad_file(tmp_path: Path, capsys) -> None:
    from keyrings.alt.file import PlaintextKeyring

    from app.base.credentials import use_keyring

    data = applicant(0).identity.to_json()
    use_keyring(fail.Keyring())  # a real backend that refuses every read and write
    try:
        printed = seal(data)  # what `loket read --json` prints on this PC
        assert FIELD not in printed
        saved = tmp_path / "warga.json"
        saved.write_text(json.dumps(printed), encoding="utf-8")
        out = tmp_path / "x.pdf"
        assert run("rsud_pasien_baru", "--identity", str(saved), *RSUD, "--out", str(out)) == 10
        err = capsys.readouterr().err
        assert err.count(NO_SEAL_KEY) == 1 and "Baca ulang kartunya" not in err
        assert "LOKET_SEAL_KEY" in err and not out.exists()
    finally:
        use_keyring(PlaintextKeyring())  # this test's file keyring again (tests/conftest.py)
    # With a keyring that works, the same unsealed file is what it is: not this PC's untouched read.
    assert run("rsud_pasien_baru", "--identity", str(saved), *RSUD, "--out", str(out)) == 10
    err = capsys.readouterr().err
    assert "tidak bersegel" in err and NO_SEAL_KEY not in err


@pytest.mark.pcscd
def test_the_readmes_saved_read_example_on_a_pc_without_a_keyring(vpcd_sam, vpcd_card, sim_secrets, registry,
                                                                   isolated_settings: Path, tmp_path: Path) -> None:
    """`loket read --json > warga.json && loket fill … --identity warga.json` through pcscd, with keyring's
    own fail backend as the OS keyring: the read says why it is not sealed, the fill says the same cause."""
    from app.sim.registry import SIM_AGENCY

    isolated_settings.write_text(json.dumps({
        "registry": {"base_url": registry.url, "agency": SIM_AGENCY},  # type: ignore[attr-defined]
        "readers": {"card_reader": "Virtual PCD 00 00", "sam_reader": "Virtual PCD 00 01"}}), encoding="utf-8")
    vpcd_card(1)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    env.pop("LOKET_DEMO_TRANSPORT", None)
    env.pop("LOKET_SEAL_KEY", None)
    read = subprocess.run([sys.executable, "-m", "app", "read", "--json", "--wait", "10"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert read.returncode == 0, read.stderr
    data = json.loads(read.stdout)
    assert FIELD not in data and read.stderr.count(NO_SEAL_KEY) == 1 and "Traceback" not in read.stderr
    saved = tmp_path / "warga.json"
    saved.write_text(read.stdout, encoding="utf-8")
    out = tmp_path / "x.pdf"
    fill = subprocess.run([sys.executable, "-m", "app", "fill", "rsud_pasien_baru", "--identity", str(saved), *RSUD,
                           "--out", str(out)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert fill.returncode == 10 and fill.stderr.count(NO_SEAL_KEY) == 1 and "Baca ulang" not in fill.stderr
    assert not out.exists()
