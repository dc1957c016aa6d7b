"""`loket read` in-process: JSON keys, exit codes, the clerk's sentence on stderr, --photo-out.

Runs app.cli.main([...]) in this process with LOKET_DEMO_TRANSPORT=in-process, so no pcscd is needed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import cli
from app.base.settings import Settings
from app.citizen.cardread import read_card
from app.sim.demo import start_demo
from reader.errors import (
    AuthenticationFailed,
    CardDataMalformed,
    CardRemoved,
    NotAuthenticText,
    NotEktp,
    SamRefused,
)
from reader.identity import Authenticity
from reader.sam import SamSecrets
from reader.simulator.card import EF_PHOTO
from reader.simulator.factory import make_card
from reader.simulator.population import POPULATION, person
from reader.transport import InProcessTransport

KEYS = [
    "nik", "nama", "tempat_lahir", "tanggal_lahir", "jenis_kelamin", "golongan_darah", "alamat", "rt", "rw",
    "kelurahan", "kecamatan", "kabupaten", "provinsi", "agama", "status_perkawinan", "pekerjaan",
    "kewarganegaraan", "berlaku_hingga", "uid", "authenticity", "photo", "signature", "warnings",
]
TAMPERED = next(i for i, p in enumerate(POPULATION) if p.tampered)


@pytest.fixture(autouse=True)
def in_process(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("LOKET_DEMO_TRANSPORT", "in-process")
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers  # cli.main installs its own stderr handler; don't leak it
    root.setLevel(level)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def sentences(err: str) -> list[str]:
    """stderr without the demo notice and without log records (timestamped lines)."""
    return [line for line in err.splitlines()
            if line.strip() and not line.startswith("demo: ") and not re.match(r"\d{4}-\d\d-\d\d ", line)]


def assert_clean_error(err: str, text: str) -> None:
    assert "Traceback" not in err
    assert sentences(err) == [text]


# -- success ---------------------------------------------------------------------------------------------

def test_read_demo_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "read", "--demo", "--json")
    assert code == 0
    data = json.loads(out)
    assert [k for k in data if k in KEYS] == KEYS  # every key of issue 2, in its order
    assert set(data) - set(KEYS) <= {"extras", "segel_loket"}  # the seal: app/citizen/readseal.py
    p = person(0)
    assert data["nik"] == p.nik and data["nama"] == p.nama
    assert data["tanggal_lahir"] == "1992-07-05"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", data["tanggal_lahir"])
    assert data["jenis_kelamin"] == "PEREMPUAN"
    assert (data["rt"], data["rw"]) == ("007", "008")
    assert data["authenticity"] == "valid"
    photo = make_card(0).file(EF_PHOTO)[2:]
    assert data["photo"] == {"mime": "image/jpeg", "size": len(photo),
                             "sha256": hashlib.sha256(photo).hexdigest()}
    assert data["signature"] == {"size": 924}
    assert data["warnings"] == []
    assert data["uid"] == p.uid
    assert "in-process" in err
    assert "Traceback" not in err and sentences(err) == []


@pytest.mark.parametrize("index", range(len(POPULATION)))
def test_every_person(capsys: pytest.CaptureFixture[str], index: int) -> None:
    code, out, err = run(capsys, "read", "--demo", "--json", "--person", str(index))
    data = json.loads(out)
    assert data["nik"] == person(index).nik
    assert data["jenis_kelamin"] in ("LAKI-LAKI", "PEREMPUAN")
    assert re.fullmatch(r"\d{3}", data["rt"]) and re.fullmatch(r"\d{3}", data["rw"])
    if index == TAMPERED:
        assert code == 10
        assert data["authenticity"] == "invalid"  # the data is still printed
        assert_clean_error(err, NotAuthenticText.ID)
    else:
        assert code == 0
        assert data["authenticity"] == "valid"
        assert sentences(err) == []


def test_photo_altered_is_exit_10_with_data(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "read", "--demo", "--json", "--fault", "photo-altered")
    assert code == 10
    assert json.loads(out)["authenticity"] == "invalid"
    assert_clean_error(err, NotAuthenticText.ID)


def test_plain_text_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "read", "--demo", "--person", "1")
    assert code == 0
    assert re.search(r"^nama\s+RISKY RISTIANDY$", out, re.M)
    assert re.search(r"^authenticity\s+valid$", out, re.M)


def test_photo_out_writes_a_jpeg(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "foto.jpg"
    code, out, _ = run(capsys, "read", "--demo", "--json", "--photo-out", str(target))
    assert code == 0
    written = target.read_bytes()
    assert written[:3] == b"\xff\xd8\xff" and written[-2:] == b"\xff\xd9"
    assert hashlib.sha256(written).hexdigest() == json.loads(out)["photo"]["sha256"]


def test_bad_photo_is_a_warning(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "foto.bin"
    code, out, _ = run(capsys, "read", "--demo", "--json", "--fault", "bad-photo", "--photo-out", str(target))
    assert code == 0
    data = json.loads(out)
    assert data["photo"]["mime"] == "application/octet-stream"
    assert target.read_bytes() == b"this is not an image" * 10  # bytes kept
    assert len(data["warnings"]) == 1
    assert data["authenticity"] == "valid"


def test_latin1_biodata(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "read", "--demo", "--json", "--fault", "latin1-biodata")
    assert code == 0
    data = json.loads(out)
    assert data["nama"] == "JOSÉ"
    assert data["tanggal_lahir"] is None and data["warnings"]


def test_no_extended_same_photo(capsys: pytest.CaptureFixture[str]) -> None:
    _, out1, _ = run(capsys, "read", "--demo", "--json")
    code, out2, _ = run(capsys, "read", "--demo", "--json", "--fault", "no-extended")
    assert code == 0
    assert json.loads(out1)["photo"] == json.loads(out2)["photo"]


def test_settings_override_biodata_field(capsys: pytest.CaptureFixture[str], isolated_settings: Path) -> None:
    isolated_settings.write_text(json.dumps({"card": {"biodata_fields": {"berlaku_hingga": 16}}}))
    code, out, _ = run(capsys, "read", "--demo", "--json", "--person", "7")
    assert code == 0
    assert json.loads(out)["berlaku_hingga"] == "09-09-2017"


def test_debug_trace_on_stderr_is_masked(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "-vv", "read", "--demo", "--json")
    assert code == 0
    assert "card > " in err and "SAM > " in err  # the trace is there...
    p = person(0)
    assert p.nik not in err and p.nama not in err  # ...without personal data
    assert p.uid not in err.replace(" ", "").upper()


# -- exit codes ------------------------------------------------------------------------------------------

def test_not_ektp_exit_7(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "read", "--demo", "--json", "--fault", "not-ektp")
    assert code == 7
    assert out == ""
    assert_clean_error(err, NotEktp.default_id_text)


def test_bad_biodata_exit_9(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "read", "--demo", "--json", "--fault", "bad-biodata")
    assert code == 9
    assert out == ""  # never a half identity
    assert_clean_error(err, CardDataMalformed.default_id_text)


def test_external_authenticate_refused_exit_10_without_data(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "read", "--demo", "--json", "--fault", "status-at=10:6300")
    assert code == 10
    assert out == ""  # authentication failed before any personal data was read
    assert_clean_error(err, AuthenticationFailed.default_id_text)


def test_status_at_select_df_is_not_ektp(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "read", "--demo", "--json", "--fault", "status-at=2:6A82")
    assert code == 7 and out == ""


@pytest.mark.parametrize("n", [5, 15, 23])
def test_status_at_unlisted_sw_exit_9(capsys: pytest.CaptureFixture[str], n: int) -> None:
    code, out, err = run(capsys, "read", "--demo", "--json", "--fault", f"status-at={n}:6F00")
    assert code == 9 and out == ""
    assert "Traceback" not in err and len(sentences(err)) == 1


def test_pull_at_exit_6(capsys: pytest.CaptureFixture[str]) -> None:
    codes = {}
    for n in (1, 5, 12, 23):
        code, out, err = run(capsys, "read", "--demo", "--json", "--fault", f"pull-at={n}")
        codes[n] = (code, out == "", sentences(err))
    assert codes == {n: (6, True, [CardRemoved.default_id_text]) for n in (1, 5, 12, 23)}


def test_card_removed_during_read_exit_6(capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI side of exit 6: a transport that honours the simulator's pull (as vpcd does)."""

    class Pulling(InProcessTransport):
        def transmit(self, apdu: bytes) -> bytes:
            should_pull = getattr(self.device, "should_pull", None)
            if should_pull is not None and should_pull():
                raise CardRemoved(f"card pulled on {self.name}")
            return super().transmit(apdu)

    monkeypatch.setattr("app.sim.demo.InProcessTransport", Pulling)  # the simulator plug-in's transports
    for n in (1, 12, 23):
        code, out, err = run(capsys, "read", "--demo", "--json", "--fault", f"pull-at={n}")
        assert code == 6, n
        assert out == ""
        assert_clean_error(err, CardRemoved.default_id_text)


def test_wrong_sam_credentials_exit_8_through_read_card() -> None:
    demo = start_demo(0, prefer_pcscd=False)
    demo = dataclasses.replace(demo, secrets=SamSecrets(bytes(16), bytes(32)))
    with pytest.raises(SamRefused) as info:
        read_card(Settings(), source=demo)
    assert info.value.exit_code == 8
    assert demo.sam.locked
    assert demo.sam.respond(bytes.fromhex("00F0000020") + bytes(32)) == b"\x69\x82"
    assert demo.card.apdu_count == 0


def test_wrong_sam_credentials_exit_8_on_the_command_line(capsys: pytest.CaptureFixture[str],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("app.citizen.cardread.secrets_for", lambda demo: SamSecrets(b"\x11" * 16, b"\x22" * 32))
    code, out, err = run(capsys, "read", "--demo", "--json")
    assert code == 8 and out == ""
    assert_clean_error(err, SamRefused.default_id_text)


def test_read_card_in_process_is_complete() -> None:
    demo = start_demo(3, prefer_pcscd=False)
    assert demo.mode == "in-process"
    result = read_card(Settings(), source=demo)
    assert result.identity.authenticity is Authenticity.VALID
    assert result.identity.nik == person(3).nik


def test_stderr_is_exactly_one_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "read", "--demo", "--json", "--fault", "not-ektp")
    assert code == 7
    lines = [line for line in err.splitlines() if not line.startswith("demo: ")]
    assert lines == [NotEktp.default_id_text]


# -- usage -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("fault", ["bogus", "pull-at=x", "status-at=3", "status-at=3:zz"])
def test_unknown_fault_is_usage(capsys: pytest.CaptureFixture[str], fault: str) -> None:
    code, out, err = run(capsys, "read", "--demo", "--json", "--fault", fault)
    assert code == 2
    assert out == "" and "Traceback" not in err
    assert "pull-at" in err  # names the accepted faults


def test_fault_without_demo_is_usage(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "read", "--json", "--fault", "not-ektp")
    assert code == 2 and out == ""


@pytest.mark.parametrize("argv", [
    ["read", "--wait", "abc"], ["read", "--person", "x", "--demo"], ["read", "--nonsense"], [], ["frobnicate"],
])
def test_bad_arguments_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    with pytest.raises(SystemExit) as info:
        cli.main(argv)
    assert info.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize("card", [{"sm_chunk": 500}, {"biodata_fields": {"golongan": 9}}])
def test_bad_card_settings_fall_back_to_the_card_defaults(capsys: pytest.CaptureFixture[str],
                                                          isolated_settings: Path,
                                                          card: dict[str, object]) -> None:
    isolated_settings.write_text(json.dumps({"card": card}))
    try:
        code, out, err = run(capsys, "read", "--demo", "--json")
    except Exception as exc:  # that is the bug: it escapes main()
        pytest.fail(f"main() raised {type(exc).__name__}")
    assert code == 0 and json.loads(out)["nik"] == POPULATION[0].nik  # the counter keeps working
    assert "Traceback" not in err
    assert [line for line in sentences(err) if "pengaturan" in line.lower()] == sentences(err)
    assert len(sentences(err)) == 1 and "bawaan" in err


def test_broken_settings_file_falls_back_to_defaults(capsys: pytest.CaptureFixture[str],
                                                     isolated_settings: Path) -> None:
    isolated_settings.write_text("{ not json")
    code, out, err = run(capsys, "read", "--demo", "--json")
    assert code == 0 and json.loads(out)["nik"] == POPULATION[0].nik
    assert "Traceback" not in err and len(sentences(err)) == 1 and "pengaturan" in err
    kept = list(isolated_settings.parent.glob(isolated_settings.name + ".rusak-*"))
    assert len(kept) == 1 and kept[0].read_text() == "{ not json"
