"""Card safety: chip data that failed its authenticity check is not printed or saved as a PDF, in `loket fill`
or in the window, unless ``forms.allow_unverified_print`` is true; then every page says TIDAK TERVERIFIKASI.

The window runs offscreen with the in-process simulated card (no pcscd/vpcd: those belong to other suites).
Person 8 of the simulated population is the card whose authenticity check fails.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from PySide6.QtWidgets import QApplication

from app.base.settings import Settings
from app.letters import formdata
from app.letters.catalog import preview_pdf
from app.ui.main_window import BLOCKED_SENTENCE, MainWindow
from forms.render import UNVERIFIED_MARK
from reader.identity import Authenticity
from tests.forms_support import applicant
from tests.test_forms_cli import RSUD, run
from tests.test_ui_window import RISKY, make_window, sim_registry, tap
from tests.ui_jobs import print_ok, save_as

TAMPERED = 8  # index into POPULATION and app.ui.demo_panel.DEMO_CARDS
ALLOW = {"forms": {"allow_unverified_print": True}}


def page_texts(data: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def assert_marked_on_every_page(data: bytes) -> None:
    pages = page_texts(data)
    assert pages
    for number, text in enumerate(pages, 1):
        # Once across the page, once in the footer line.
        assert text.count(UNVERIFIED_MARK) >= 2, f"page {number} lacks the mark"


@pytest.fixture
def demo_cli(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOKET_DEMO_TRANSPORT", "in-process")


def allow_in_settings_file(path: Path) -> None:
    path.write_text(json.dumps(ALLOW), encoding="utf-8")


# --- the rule and the drawing -----------------------------------------------------------------------------


def test_the_rule_is_off_by_default_and_only_a_real_true_allows() -> None:
    invalid = Authenticity.INVALID
    assert formdata.print_blocked(invalid, None)
    assert formdata.print_blocked(invalid, Settings())
    assert formdata.print_blocked(invalid, Settings(extra={"forms": {"allow_unverified_print": "yes"}}))
    assert not formdata.print_blocked(invalid, Settings(extra=ALLOW))
    # "unchecked" is a saved read without this installation's seal (app/citizen/readseal.py): blocked the same way.
    assert formdata.print_blocked(Authenticity.UNCHECKED, Settings())
    assert not formdata.print_blocked(Authenticity.UNCHECKED, Settings(extra=ALLOW))
    for other in (Authenticity.VALID, None):  # None: no chip at all (the registry alone)
        assert not formdata.print_blocked(other, Settings())


def test_prepared_form_is_blocked_then_marked_on_every_page(tmp_path: Path) -> None:
    person = formdata.person_values(applicant(TAMPERED))
    typed = {"cara_bayar": "UMUM", "telepon": "081234567890"}
    blocked = formdata.prepare("rsud_pasien_baru", person, typed, authenticity=Authenticity.INVALID)
    with pytest.raises(formdata.NotAuthentic):
        formdata.print_pdf(blocked, tmp_path / "x.pdf")
    with pytest.raises(formdata.NotAuthentic):
        formdata.print_pdf(blocked, tmp_path / "x.pdf", preview=True)  # a preview file is a PDF on disk too
    assert not (tmp_path / "x.pdf").exists()

    settings = Settings(extra=ALLOW)
    allowed = formdata.prepare("rsud_pasien_baru", person, typed, authenticity=Authenticity.INVALID,
                               settings=settings)
    assert not allowed.blocked and allowed.unverified
    formdata.print_pdf(allowed, tmp_path / "print.pdf", settings=settings)
    assert_marked_on_every_page((tmp_path / "print.pdf").read_bytes())
    formdata.screen_preview(allowed, tmp_path / "screen.pdf")
    assert_marked_on_every_page((tmp_path / "screen.pdf").read_bytes())

    verified = formdata.prepare("rsud_pasien_baru", person, typed, authenticity=Authenticity.VALID)
    formdata.print_pdf(verified, tmp_path / "ok.pdf")
    assert all(UNVERIFIED_MARK not in text for text in page_texts((tmp_path / "ok.pdf").read_bytes()))


# --- loket fill -------------------------------------------------------------------------------------------


def test_fill_demo_tampered_card_exits_10_by_default(demo_cli, tmp_path: Path, capsys) -> None:
    out = tmp_path / "f.pdf"
    assert run("rsud_pasien_baru", "--demo", "--person", str(TAMPERED), "--out", str(out)) == 10
    assert "TIDAK terverifikasi" in capsys.readouterr().err
    assert not out.exists()
    # Also with every field typed, and for a preview file.
    assert run("rsud_pasien_baru", "--demo", "--person", str(TAMPERED), *RSUD, "--preview",
               "--out", str(out)) == 10
    assert not out.exists()


def test_fill_demo_tampered_card_allowed_is_marked(demo_cli, tmp_path: Path, capsys,
                                                   isolated_settings: Path) -> None:
    allow_in_settings_file(isolated_settings)
    out = tmp_path / "f.pdf"
    assert run("rsud_pasien_baru", "--demo", "--person", str(TAMPERED), *RSUD, "--out", str(out)) == 0
    assert UNVERIFIED_MARK in capsys.readouterr().err
    assert_marked_on_every_page(out.read_bytes())


def test_fill_demo_verified_card_is_not_marked(demo_cli, tmp_path: Path) -> None:
    out = tmp_path / "f.pdf"
    assert run("rsud_pasien_baru", "--demo", "--person", "1", *RSUD, "--out", str(out)) == 0
    assert all(UNVERIFIED_MARK not in text for text in page_texts(out.read_bytes()))


# --- the window -------------------------------------------------------------------------------------------


@pytest.fixture
def gui(qtbot, demo_registry) -> Iterator[tuple[object, object]]:
    made: list[MainWindow] = []

    def opener(settings: Settings | None = None) -> MainWindow:
        w = make_window(qtbot, sim_registry(demo_registry), settings)
        made.append(w)
        return w

    yield qtbot, opener
    for w in made:
        w.close()


def fill_rsud(window: MainWindow) -> None:
    rows = window.record.rows
    rows["cara_bayar"].editor.setCurrentText("UMUM")
    rows["telepon"].editor.setText("081234567890")


def test_window_blocks_a_tampered_card_by_default(gui, tmp_path: Path) -> None:
    qtbot, opener = gui
    window = opener()
    tap(qtbot, window, TAMPERED)
    assert window.applicant is not None and window.applicant.identity.authenticity is Authenticity.INVALID
    assert window.message.text() == BLOCKED_SENTENCE
    assert not window.print_button.isEnabled() and not window.save_button.isEnabled()
    assert QApplication.activeModalWidget() is None
    fill_rsud(window)
    # The shortcuts (and the preview dialog's buttons) reach the slots directly: they refuse too.
    printed: list[object] = []
    window.ask_printer = lambda printer, parent: printed.append(printer) or True
    assert not print_ok(qtbot, window) and not printed
    assert save_as(qtbot, window, str(tmp_path / "f.pdf")) is None
    assert not (tmp_path / "f.pdf").exists()
    assert "TIDAK terverifikasi" in window.message.text()
    assert not list(window._tmp.glob("*.pdf"))


def test_window_allowed_marks_save_and_preview(gui, tmp_path: Path) -> None:
    qtbot, opener = gui
    settings = Settings(extra=json.loads(json.dumps(ALLOW)))
    window = opener(settings)
    window.save_settings = False
    tap(qtbot, window, TAMPERED)
    assert window.print_button.isEnabled() and window.save_button.isEnabled()
    fill_rsud(window)
    saved = save_as(qtbot, window, str(tmp_path / "f.pdf"))
    assert saved is not None
    assert_marked_on_every_page(saved.read_bytes())
    preview_pdf(window._check(), tmp_path / "preview.pdf")
    assert_marked_on_every_page((tmp_path / "preview.pdf").read_bytes())


def test_window_verified_card_prints_unmarked(gui, tmp_path: Path) -> None:
    qtbot, opener = gui
    window = opener()
    tap(qtbot, window, RISKY)
    assert window.print_button.isEnabled()
    fill_rsud(window)
    saved = save_as(qtbot, window, str(tmp_path / "f.pdf"))
    assert saved is not None
    assert all(UNVERIFIED_MARK not in text for text in page_texts(saved.read_bytes()))
