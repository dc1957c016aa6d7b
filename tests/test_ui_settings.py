"""The settings dialog writes what the forms and the window read: letterheads, paper, printer calibration,
idle time and language go to the settings file, and the letterhead reaches the printed PDF."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from pypdf import PdfReader

from app.base import settings as settings_module
from app.base.settings import Settings
from app.letters.formdata import calibration, office_for
from app.ui.settings_dialog import SettingsDialog

F4_PT = (609.45, 935.43)  # 215 x 330 mm


def dialog_for(qtbot, settings: Settings) -> SettingsDialog:
    dialog = SettingsDialog(settings, readers=["ACS PICC 00 00", "ACS SAM 00 01"], printers=["EPSON LX-310"])
    qtbot.addWidget(dialog)
    return dialog


def logo_png(tmp_path: Path, qapp) -> Path:
    from app.ui.icon import write

    return write(tmp_path / "logo.png")


def test_every_setting_is_saved_to_the_settings_file(qtbot, qapp, isolated_settings: Path, tmp_path: Path) -> None:
    settings = Settings()
    settings.extra["forms"] = {"offices": {"rsud": {"signer_name": "dr. KEPALA"}}, "numbering_file": "n.json"}
    dialog = dialog_for(qtbot, settings)
    dialog.office_kind.setCurrentIndex(dialog.office_kind.findData("rsud"))
    dialog.office_heading.setPlainText("PEMERINTAH KABUPATEN PASER\n")
    dialog.office_name.setText("RSUD PANGLIMA SEBAYA")
    dialog.office_address.setText("Jl. Kusuma Bangsa No. 1, Tanah Grogot")
    logo = logo_png(tmp_path, qapp)
    dialog.office_logo.setText(str(logo))
    dialog.paper.setCurrentIndex(dialog.paper.findData("F4"))
    dialog.printer.setCurrentText("EPSON LX-310")
    dialog.offset_x.setValue(1.5)
    dialog.offset_y.setValue(-2.0)
    dialog.idle.setValue(90)
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.apply()
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.problem.text()

    saved = json.loads(isolated_settings.read_text(encoding="utf-8"))
    forms = saved["forms"]
    assert forms["offices"]["rsud"] == {"signer_name": "dr. KEPALA", "heading": ["PEMERINTAH KABUPATEN PASER",
                                        "RSUD PANGLIMA SEBAYA"], "address": "Jl. Kusuma Bangsa No. 1, Tanah Grogot",
                                        "logo": str(logo)}
    assert set(forms["offices"]) == {"rsud"}, "untouched offices keep following the examples"
    assert forms["paper"] == "F4" and forms["printer"] == "EPSON LX-310"
    assert forms["printers"] == {"EPSON LX-310": {"offset_mm": [1.5, -2.0]}}
    assert forms["numbering_file"] == "n.json"  # keys the dialog does not show are kept
    assert saved["gui"]["idle_seconds"] == 90 and saved["gui"]["language"] == "en"

    again = settings_module.load(isolated_settings)  # what forms/ and `loket fill` will read
    assert office_for("rsud", again).heading[-1] == "RSUD PANGLIMA SEBAYA"
    assert calibration(again) == (1.5, -2.0)
    reopened = dialog_for(qtbot, again)
    reopened.office_kind.setCurrentIndex(reopened.office_kind.findData("rsud"))
    assert reopened.office_name.text() == "RSUD PANGLIMA SEBAYA"
    assert reopened.paper.currentData() == "F4" and reopened.offset_y.value() == -2.0
    assert reopened.language.currentData() == "en"


def test_switching_office_keeps_what_was_typed_for_each(qtbot, isolated_settings: Path) -> None:
    settings = Settings()
    dialog = dialog_for(qtbot, settings)
    dialog.office_kind.setCurrentIndex(dialog.office_kind.findData("kelurahan"))
    assert dialog.office_name.text() == "KELURAHAN MANGGAR"  # the example office until set
    dialog.office_name.setText("KELURAHAN KLANDASAN ILIR")
    dialog.office_kind.setCurrentIndex(dialog.office_kind.findData("satpas"))
    dialog.office_address.setText("Jl. MT Haryono, Balikpapan")
    dialog.office_kind.setCurrentIndex(dialog.office_kind.findData("kelurahan"))
    assert dialog.office_name.text() == "KELURAHAN KLANDASAN ILIR"
    dialog.apply()
    offices = json.loads(isolated_settings.read_text(encoding="utf-8"))["forms"]["offices"]
    assert set(offices) == {"kelurahan", "satpas"}
    assert offices["kelurahan"]["heading"][-1] == "KELURAHAN KLANDASAN ILIR"
    assert offices["satpas"]["address"] == "Jl. MT Haryono, Balikpapan"


def test_a_missing_logo_is_said_and_nothing_is_saved(qtbot, isolated_settings: Path, tmp_path: Path) -> None:
    dialog = dialog_for(qtbot, Settings())
    dialog.office_logo.setText(str(tmp_path / "tidak-ada.png"))
    dialog.apply()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert "tidak ditemukan" in dialog.problem.text()
    assert not isolated_settings.exists()


def test_the_letterhead_and_paper_reach_the_printed_pdf(qtbot, qapp, isolated_settings: Path,
                                                        tmp_path: Path) -> None:
    from app.letters.catalog import check, load_services
    from app.letters.printjob import run_job
    from app.sim.demo import demo_applicant

    settings = Settings()
    dialog = dialog_for(qtbot, settings)
    dialog.office_kind.setCurrentIndex(dialog.office_kind.findData("rsud"))
    dialog.office_heading.setPlainText("PEMERINTAH KABUPATEN PASER")
    dialog.office_name.setText("RSUD PANGLIMA SEBAYA")
    dialog.office_address.setText("Jl. Kusuma Bangsa No. 1, Tanah Grogot")
    dialog.paper.setCurrentIndex(dialog.paper.findData("F4"))
    dialog.apply()
    saved = settings_module.load(isolated_settings)

    rsud = next(s for s in load_services() if s.id == "rsud_pasien_baru")
    typed = {"cara_bayar": "UMUM", "telepon": "081234567890"}

    def images(pdf: Path) -> int:
        return sum(len(page.images) for page in PdfReader(pdf).pages)

    def save(checked, out: Path) -> None:  # type: ignore[no-untyped-def]
        """The window's own print job, as Simpan PDF runs it (number, register, audit, copy)."""
        result = run_job(checked.prepared, out, form_id=rsud.id, nik=applicant.identity.nik, settings=saved)
        assert result.ok and result.target == out, result

    with demo_applicant(3, saved) as applicant:
        plain = tmp_path / "tanpa-logo.pdf"
        save(check(rsud, applicant, typed, saved), plain)
        reader = PdfReader(plain)
        text = reader.pages[0].extract_text()
        assert "RSUD PANGLIMA SEBAYA" in text and "Jl. Kusuma Bangsa No. 1, Tanah Grogot" in text
        assert "PEMERINTAH KABUPATEN PASER" in text and "RUMAH SAKIT UMUM DAERAH CONTOH" not in text
        box = reader.pages[0].mediabox
        assert (round(float(box.width), 0), round(float(box.height), 0)) == tuple(round(v, 0) for v in F4_PT)

        again = dialog_for(qtbot, saved)
        again.office_kind.setCurrentIndex(again.office_kind.findData("rsud"))
        again.office_logo.setText(str(logo_png(tmp_path, qapp)))
        again.apply()
        with_logo = tmp_path / "dengan-logo.pdf"
        save(check(rsud, applicant, typed, saved), with_logo)
        assert images(with_logo) == images(plain) + 1  # the logo, beside the citizen's photo


def test_a_refused_save_then_cancel_leaves_the_live_settings_as_they_were(qtbot, isolated_settings: Path,
                                                                          tmp_path: Path) -> None:
    settings = Settings()
    settings.registry.base_url = "http://10.0.0.5:8000"
    dialog = dialog_for(qtbot, settings)
    dialog.url.setText("http://10.9.9.9:8000")
    dialog.idle.setValue(45)
    dialog.office_logo.setText(str(tmp_path / "tidak-ada.png"))  # refused: the logo is not there
    dialog.apply()
    assert dialog.result() != dialog.DialogCode.Accepted and "tidak ditemukan" in dialog.problem.text()
    dialog.reject()
    assert settings.registry.base_url == "http://10.0.0.5:8000"  # nothing half-applied to the counter
    assert "idle_seconds" not in settings.extra.get("gui", {})
    assert not isolated_settings.exists()


def test_what_it_set_machine_wide_is_read_only_and_stays_out_of_the_user_file(
        qtbot, isolated_settings: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    machine = tmp_path / "machine.json"
    machine.write_text(json.dumps({"registry": {"base_url": "https://dukcapil.example.go.id", "agency": "RSUD"},
                                   "readers": {"sam_reader": "ACS SAM"}}))
    monkeypatch.setenv("LOKET_MACHINE_CONFIG", str(machine))
    settings = settings_module.load()
    dialog = dialog_for(qtbot, settings)
    assert not dialog.url.isEnabled() and not dialog.agency.isEnabled() and not dialog.password.isEnabled()
    assert not dialog.sam_reader.isEnabled() and dialog.card_reader.isEnabled()
    dialog.idle.setValue(60)
    dialog.apply()
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.problem.text()
    assert json.loads(isolated_settings.read_text(encoding="utf-8")) == {"gui": {"idle_seconds": 60}}


@pytest.mark.pcscd
def test_the_reader_list_is_asked_of_the_card_thread_not_of_a_context_of_its_own(qtbot, pcscd, monkeypatch):
    """The dialog opens at once; the readers' names come from the window's card thread (the one PC/SC context)
    and join the lists, what the clerk typed meanwhile staying."""
    import threading

    from reader.cardio import CardIO
    from reader.readers import Pcsc
    from tests.conftest import CARD_READER, SAM_READER

    asked_on: list[threading.Thread] = []
    contexts: list[threading.Thread] = []
    readers, init = Pcsc.readers, Pcsc.__init__

    def spy_readers(self: Pcsc) -> list[str]:
        asked_on.append(threading.current_thread())
        return readers(self)

    def spy_init(self: Pcsc) -> None:
        contexts.append(threading.current_thread())
        init(self)

    monkeypatch.setattr(Pcsc, "readers", spy_readers)
    monkeypatch.setattr(Pcsc, "__init__", spy_init)
    with CardIO() as io:
        card_thread = io.run(lambda _pcsc: threading.current_thread())
        dialog = SettingsDialog(Settings(), save=False, printers=[], cardio=io)
        qtbot.addWidget(dialog)
        dialog.card_reader.setCurrentText("ACS")  # typed before the list came
        with qtbot.waitSignal(dialog.readers_listed, timeout=10_000):
            pass
        names = [dialog.sam_reader.itemText(i) for i in range(dialog.sam_reader.count())]
        assert CARD_READER in names and SAM_READER in names
        assert dialog.card_reader.currentText() == "ACS"
        assert asked_on == [card_thread] and contexts == [card_thread]
