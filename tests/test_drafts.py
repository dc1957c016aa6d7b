"""Drafts at rest: encrypted, atomic, purged, and nothing readable on disk."""

from __future__ import annotations

import base64
import os
import time
from datetime import timedelta
from pathlib import Path

import pytest

from app.base import credentials
from app.flows import drafts
from reader.simulator.population import POPULATION
from tests.registry_support import MemoryKeyring

P = POPULATION[0]
FIELDS = {"nik": P.nik, "nama": P.nama, "alamat": P.alamat, "keperluan": "Surat keterangan domisili"}


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "data"
    monkeypatch.setenv("LOKET_DATA_DIR", str(path))
    monkeypatch.setenv("LOKET_DRAFT_KEY", "test-draft-key-1")
    drafts._forget_key()
    yield path
    drafts._forget_key()


def draft_files(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "drafts").glob("*"))


def all_bytes(data_dir: Path) -> bytes:
    return b"".join(p.read_bytes() for p in data_dir.rglob("*") if p.is_file())


def test_round_trip():
    drafts.save_draft("sess-1", FIELDS)
    [d] = drafts.load_drafts()
    assert (d.session_id, d.fields) == ("sess-1", FIELDS)
    assert P.nik not in repr(d) and P.nama not in repr(d)


def test_nothing_readable_on_disk(data_dir):
    drafts.save_draft("sess-1", FIELDS)
    drafts.save_draft("sess-1", {**FIELDS, "pekerjaan": P.pekerjaan})  # an update replaces, not appends
    files = draft_files(data_dir)
    assert len(files) == 1
    raw = all_bytes(data_dir)
    names = " ".join(p.name for p in data_dir.rglob("*"))
    for secret in (P.nik, P.nama, P.alamat, "sess-1", "Surat keterangan"):
        assert secret.encode() not in raw, secret
        assert secret not in names
    # Not merely encoded: the Fernet token's payload does not decode to any of it either.
    decoded = base64.urlsafe_b64decode(raw + b"=" * (-len(raw) % 4))
    assert P.nik.encode() not in decoded and P.nama.encode() not in decoded


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_draft_files_are_private(data_dir):
    drafts.save_draft("s", FIELDS)
    assert (data_dir / "drafts").stat().st_mode & 0o077 == 0
    assert draft_files(data_dir)[0].stat().st_mode & 0o077 == 0


def test_several_sessions_oldest_first():
    drafts.save_draft("a", {"x": "1"})
    time.sleep(0.01)
    drafts.save_draft("b", {"x": "2"})
    assert [d.session_id for d in drafts.load_drafts()] == ["a", "b"]


def test_discard_after_printing(data_dir):
    drafts.save_draft("a", FIELDS)
    drafts.save_draft("b", FIELDS)
    assert drafts.discard("a") is True
    assert drafts.discard("a") is False
    assert [d.session_id for d in drafts.load_drafts()] == ["b"]


def test_purge_by_age_keeps_recent_ones(data_dir):
    drafts.save_draft("old", FIELDS)
    drafts.save_draft("new", FIELDS)
    old_file = next(p for p in draft_files(data_dir)
                    if p.name == drafts._file_for(drafts._secret(), "old").name)
    two_days = time.time() - 2 * 86400
    os.utime(old_file, (two_days, two_days))
    assert drafts.purge(timedelta(days=1)) == 1
    assert [d.session_id for d in drafts.load_drafts(max_age=None)] == ["new"]


def test_load_hides_drafts_past_retention_even_before_purge(monkeypatch):
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() - 3 * 86400)
    drafts.save_draft("stale", FIELDS)
    monkeypatch.setattr(time, "time", real)
    assert drafts.load_drafts() == []
    assert [d.session_id for d in drafts.load_drafts(max_age=None)] == ["stale"]


def test_a_draft_under_another_key_is_never_shown_and_still_purged(data_dir, monkeypatch):
    drafts.save_draft("a", FIELDS)
    monkeypatch.setenv("LOKET_DRAFT_KEY", "a-new-key")
    assert drafts.load_drafts() == []
    [f] = draft_files(data_dir)
    os.utime(f, (0, 0))
    assert drafts.purge() == 1


def test_a_tampered_draft_is_skipped(data_dir):
    drafts.save_draft("a", FIELDS)
    [f] = draft_files(data_dir)
    raw = bytearray(f.read_bytes())
    raw[40] ^= 1
    f.write_bytes(bytes(raw))
    assert drafts.load_drafts() == []


def test_a_crash_mid_save_keeps_the_previous_draft(data_dir, monkeypatch):
    drafts.save_draft("a", {"keperluan": "first"})

    def power_cut(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("app.base.outfile._replace", power_cut)  # the one writer's rename
    with pytest.raises(OSError):
        drafts.save_draft("a", {"keperluan": "second"})
    [d] = drafts.load_drafts()
    assert d.fields == {"keperluan": "first"}
    assert len(draft_files(data_dir)) == 1  # no temporary file left behind


def test_stray_temporary_files_are_purged(data_dir):
    drafts.save_draft("a", FIELDS)
    stray = data_dir / "drafts" / "tmpabc.tmp"
    stray.write_bytes(b"x")
    os.utime(stray, (0, 0))
    drafts.purge()
    assert not stray.exists()


def test_only_text_fields():
    with pytest.raises(TypeError):
        drafts.save_draft("a", {"nik": 3273014507920001})  # type: ignore[dict-item]
    with pytest.raises(ValueError):
        drafts.save_draft("", {})


def test_nothing_saved_yet():
    assert drafts.load_drafts() == []
    assert drafts.purge() == 0
    assert drafts.discard("x") is False


def test_key_created_in_the_keyring_on_first_use(monkeypatch):
    monkeypatch.delenv("LOKET_DRAFT_KEY")
    previous = credentials.keyring_backend()
    backend = MemoryKeyring()
    credentials.use_keyring(backend)
    try:
        drafts.save_draft("a", FIELDS)
        key = backend.get_password("loket", drafts.KEY_NAME)
        assert key
        drafts._forget_key()  # a new process finds the same key
        assert [d.session_id for d in drafts.load_drafts()] == ["a"]
        assert backend.get_password("loket", drafts.KEY_NAME) == key
    finally:
        credentials.use_keyring(previous)


def test_no_keyring_means_a_clear_error_for_the_gui(monkeypatch):
    monkeypatch.delenv("LOKET_DRAFT_KEY")

    class NoKeyring(MemoryKeyring):
        def set_password(self, service, username, password):
            raise RuntimeError("locked")

    previous = credentials.keyring_backend()
    credentials.use_keyring(NoKeyring())
    try:
        with pytest.raises(drafts.DraftsUnavailable) as err:
            drafts.save_draft("a", FIELDS)
    finally:
        credentials.use_keyring(previous)
    assert "keyring" in err.value.id_text


@pytest.mark.parametrize("extra,expected", [
    ({}, timedelta(days=1)),
    ({"drafts": {"retention_hours": 4}}, timedelta(hours=4)),
    ({"drafts": {"retention_hours": "4"}}, timedelta(days=1)),
    ({"drafts": {"retention_hours": -1}}, timedelta(days=1)),
    ({"drafts": {"retention_hours": True}}, timedelta(days=1)),
    ({"drafts": 3}, timedelta(days=1)),
])
def test_retention_setting(extra, expected):
    from app.base.settings import Settings

    assert drafts.retention(Settings(extra=extra)) == expected


def test_retention_from_a_settings_file(isolated_settings):
    from app.base import settings

    isolated_settings.write_text('{"drafts": {"retention_hours": 2}}', encoding="utf-8")
    assert drafts.retention(settings.load()) == timedelta(hours=2)
