"""Office fields (issue 19): what belongs to the office or the clerk — Satpas/Polres on the SIM form, the
clerk's name and NIP on the RSUD registration — comes from the settings or the last value typed this
session, and is never retyped for the next citizen; a citizen's own fields never reach the next citizen.
The session alone, then the window with the simulated card and the registry simulator over HTTP."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.base.settings import Settings
from app.citizen.merge import Applicant
from app.flows import drafts
from app.flows.counter import CounterSession, Stage
from app.letters.catalog import load_services, office_defaults
from forms.template import TemplateError, load_template
from tests.forms_support import applicant as demo_person

SIM = "sim_permohonan"
RSUD = "rsud_pasien_baru"


def service(service_id: str):  # type: ignore[no-untyped-def]
    return next(s for s in load_services() if s.id == service_id)


def on_screen(session: CounterSession, person: int) -> Applicant:
    session.clear()
    assert session.tap() is False
    found = demo_person(person)
    a = Applicant(found.identity, found.lookup)
    session.identity_read(a.identity)
    assert session.person_ready(a) is False
    return a


def test_the_templates_mark_the_office_fields() -> None:
    assert {f.key for f in service(SIM).fields if f.office} == {"satpas"}
    assert {f.key for f in service(RSUD).fields if f.office} == {"petugas_nama", "petugas_nip"}
    assert not any(f.office for f in service("surat_domisili").fields)


def test_only_a_typed_field_can_be_an_office_field(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('id = "x"\ntitle = "X"\n[[sections]]\ntitle = "A"\n[[sections.fields]]\nkey = "nama"\n'
                   'label = "Nama"\nsource = "chip.nama"\noffice = true\n')
    with pytest.raises(TemplateError, match="only a typed field"):
        load_template(bad)
    bad.write_text(bad.read_text().replace('source = "chip.nama"\noffice = true', 'source = "typed"\noffice = 1'))
    with pytest.raises(TemplateError, match="must be true/false, not integer"):
        load_template(bad)


def test_the_last_value_typed_is_carried_and_the_citizens_own_never_is() -> None:
    session = CounterSession(Settings())
    session.use_service(service(SIM))
    on_screen(session, 6)
    session.set_typed({"satpas": "SATPAS POLRESTA BALIKPAPAN", "telepon": "081234567890",
                       "darurat_nama": "SITI", "golongan_sim": "C"})
    on_screen(session, 3)  # the next citizen
    assert session.typed == {"satpas": "SATPAS POLRESTA BALIKPAPAN"}
    assert session.stage is Stage.SHOWN  # a carried field is not typing for this citizen
    session.set_typed({"satpas": "SATPAS POLRES PPU", "telepon": "089999"})
    on_screen(session, 6)
    assert session.typed == {"satpas": "SATPAS POLRES PPU"}


def test_the_settings_give_the_first_citizen_of_the_day_and_the_session_overrides_them() -> None:
    settings = Settings()
    settings.extra["forms"] = {"office_fields": {"petugas_nama": "DEWI LESTARI", "petugas_nip": "19850101201001" "2001",
                                                 "satpas": "SATPAS X", "nama": 42, "telepon": ""}}
    assert office_defaults(settings) == {"petugas_nama": "DEWI LESTARI", "petugas_nip": "198501012010012001",
                                         "satpas": "SATPAS X"}
    session = CounterSession(settings)
    session.use_service(service(RSUD))
    on_screen(session, 6)
    assert session.typed == {"petugas_nama": "DEWI LESTARI", "petugas_nip": "198501012010012001"}
    session.set_typed({**session.typed, "petugas_nama": "ANDI", "telepon": "0812"})
    on_screen(session, 3)
    assert session.typed == {"petugas_nama": "ANDI", "petugas_nip": "198501012010012001"}


def test_hostile_office_field_settings_are_ignored() -> None:
    for raw in (None, "satpas", ["satpas"], {"satpas": ["x"]}, {"satpas": {"a": 1}}, {"satpas": True}):
        settings = Settings()
        settings.extra["forms"] = {"office_fields": raw}
        assert office_defaults(settings) == {}
    settings = Settings()
    settings.extra["forms"] = "not a table"
    assert office_defaults(settings) == {}


def test_carried_fields_alone_leave_no_draft(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOKET_DRAFT_KEY", "office-fields-test")
    drafts._forget_key()
    session = CounterSession(Settings())
    session.use_service(service(SIM))
    on_screen(session, 6)
    session.set_typed({"satpas": "SATPAS A"})
    assert session.save_draft() == "" and drafts.load_drafts() == []
    session.set_typed({"satpas": "SATPAS A", "telepon": "081234567890"})
    session.save_draft()
    assert [d.fields for d in drafts.load_drafts()] == [{"satpas": "SATPAS A", "telepon": "081234567890"}]


def test_the_window_carries_satpas_to_the_next_citizen_and_nothing_else(qtbot, demo_registry) -> None:
    pytest.importorskip("pytestqt")
    from app.sim.registry import SIM_AGENCY
    from app.ui.main_window import MainWindow

    w = MainWindow(Settings(), demo=True, watch_readers=False, save_settings=False,
                   overrides={"registry_url": demo_registry.url, "agency": SIM_AGENCY})
    qtbot.addWidget(w)
    w.show()
    try:
        w.service_box.setCurrentIndex(w.service_box.findData(SIM))

        def tap(person: int) -> None:
            w.demo_panel.select(person)
            with qtbot.waitSignal(w.person_shown, timeout=10_000):
                w.demo_panel.tap()

        tap(6)
        w.record.rows["satpas"].editor.setText("SATPAS POLRESTA BALIKPAPAN")
        w.record.rows["telepon"].editor.setText("081234567890")
        w.record.rows["darurat_nama"].editor.setText("SITI AMINAH")
        w.forget()
        tap(3)
        assert w.record.rows["satpas"].editor.text() == "SATPAS POLRESTA BALIKPAPAN"
        assert w.record.rows["telepon"].editor.text() == "" and w.record.rows["darurat_nama"].editor.text() == ""
        assert "telepon" not in w.session.typed and "darurat_nama" not in w.session.typed
        # The RSUD form for the same citizen: its office fields were never typed, and the SIM's stay its own.
        w.service_box.setCurrentIndex(w.service_box.findData(RSUD))
        assert w.record.rows["petugas_nama"].editor.text() == ""
        w.record.rows["petugas_nama"].editor.setText("ANDI")
        w.service_box.setCurrentIndex(w.service_box.findData(SIM))
        assert w.record.rows["satpas"].editor.text() == "SATPAS POLRESTA BALIKPAPAN"
    finally:
        w.close()


def test_a_carried_field_counts_as_typing_saved_and_a_retyped_one_as_typed() -> None:
    session = CounterSession(Settings())
    session.use_service(service(SIM))
    on_screen(session, 6)
    session.set_typed({"satpas": "SATPAS A"})
    first = session.check(service(SIM)).prepared.filled  # typed for the first citizen: typing
    assert "satpas" in first.typed_keys
    on_screen(session, 3)
    carried = session.check(service(SIM)).prepared.filled
    assert "satpas" not in carried.typed_keys and carried.values["satpas"] == "SATPAS A"
    assert first.counts()["typed"] == 1 and carried.counts()["typed"] == 0
    session.set_typed({"satpas": "SATPAS B"})  # changed for this citizen: typed again
    assert "satpas" in session.check(service(SIM)).prepared.filled.typed_keys
