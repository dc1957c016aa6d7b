"""Seal keys and seal digests on a real PostgreSQL office server: one key per counter, every counter's key in
the office's trust list, a revocation made at any counter, each letter's seal digest in the office's register."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from app.cli import main
from app.letters import sealkeys, verify
from tests.test_forms_cli import saved_read
from tests.test_letter_seal import TYPED, content_of

pytest_plugins = ("tests.postgres_fixtures",)

ROOT = Path(__file__).resolve().parent.parent


def _fill(out: Path) -> int:
    # A saved read, not --demo: a demo run numbers on this PC's own demo register, never on the office server.
    typed = [a for k, v in TYPED.items() for a in ("--set", f"{k}={v}")]
    read = saved_read(out.parent, 1, lookup=True)
    return main(["fill", "surat_usaha", "--identity", str(read), *typed, "--out", str(out)])


@pytest.mark.no_seal_key
def test_every_counters_key_is_in_the_office_trust_list_and_each_letter_digest_in_its_register(
        pg_office, tmp_path, capsys):
    assert main(["letters", "key", "new", "--name", "KELURAHAN MANGGAR"]) == 0
    other = subprocess.run([sys.executable, "-m", "app", "letters", "key", "new", "--name", "KELURAHAN MANGGAR"],
                           cwd=ROOT, env=pg_office.env("loket-2"), capture_output=True, text=True, timeout=120)
    assert other.returncode == 0, other.stderr
    rows = pg_office.sql("SELECT kid, counter, iss, revoked FROM seal_keys ORDER BY counter")
    assert [(c, i, r) for _, c, i, r in rows] == [("loket-1", "KEL-MGR", None), ("loket-2", "KEL-MGR", None)]
    (mine,) = sealkeys.local_keys()  # this counter keeps only its own, and only its own private half
    assert mine.kid == rows[0][0]
    capsys.readouterr()
    assert main(["letters", "trust-list"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert sorted(k["kid"] for k in listed["keys"]) == sorted(r[0] for r in rows)

    out = tmp_path / "sku.pdf"
    assert _fill(out) == 0
    text = content_of(out)
    verdict = verify.verify_content(text, verify.own_trust())
    assert verdict.ok
    assert pg_office.sql("SELECT seal_digest, counter FROM letter_numbers WHERE number = %s",
                         (verdict.payload.no,)) == [(verdict.digest, "loket-1")]
    from app.flows import today

    assert [line.sealed for line in today.today().lines if line.number] == [True]  # the office register's digest
    capsys.readouterr()
    assert main(["verify", "--text", text, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["register"] == {
        "known": True, "status": "issued", "reason": "loket-1", "reprints": 0, "seal_matches": True}

    # loket-2 was stolen: revoked from this counter, the office's trust list says so at once.
    assert main(["letters", "key", "revoke", rows[1][0], "--from", "2026-01-01"]) == 0
    assert pg_office.sql("SELECT revoked FROM seal_keys WHERE kid = %s", (rows[1][0],)) == [(date(2026, 1, 1),)]
    capsys.readouterr()
    assert main(["letters", "trust-list"]) == 0
    revoked = {k["kid"]: k["revoked"] for k in json.loads(capsys.readouterr().out)["keys"]}
    assert revoked == {rows[0][0]: None, rows[1][0]: "2026-01-01"}


@pytest.mark.no_seal_key
def test_with_the_office_server_away_no_key_is_made(pg_office, capsys):
    pg_office.write_settings(postgres={**pg_office.storage["postgres"], "port": 1})
    assert main(["letters", "key", "new"]) == 1
    assert "Server kantor tidak dapat dihubungi" in capsys.readouterr().err
    assert sealkeys.local_keys() == []


def test_a_letter_numbered_offline_carries_its_seal_digest_to_the_server(pg_office, tmp_path):
    from app.storage import sync

    pg_office.write_settings(fallback_numbers={"start": 9000, "end": 9009})
    assert _fill(tmp_path / "online.pdf") == 0  # the first online print checks this counter's block
    pg_office.cluster.stop()
    assert _fill(tmp_path / "offline.pdf") == 0
    offline = verify.verify_content(content_of(tmp_path / "offline.pdf"), verify.own_trust())
    assert offline.ok and "/9000/" in offline.payload.no
    pg_office.cluster.start()
    assert sync.drain(force=True).letters == 1
    assert pg_office.sql("SELECT seal_digest, fallback FROM letter_numbers WHERE number = %s",
                         (offline.payload.no,)) == [(offline.digest, True)]
