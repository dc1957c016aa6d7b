"""A print job's result is a member of one enum, app.base.outcome.PrintOutcome, and still the very string it
always was: the audit trail's print row, the kept copy's index and the reprint read byte for byte as before
(through the real print job), a stored code comes back as its member, and no module of app/ spells a code
itself — producers return or raise a member, consumers compare against members."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from types import SimpleNamespace

import pytest

from app import audit
from app.base.outcome import PrintOutcome
from app.base.outfile import SaveFailed, write_output
from app.base.settings import Settings
from app.letters import copies
from app.letters.catalog import NotPrintable
from app.letters.formdata import SealRefused, prepare_for_applicant
from app.letters.printjob import OK_OUTCOMES, JobResult, refused, run_job
from app.letters.reprint import reprint
from app.report import stats
from tests import code_scan
from tests.forms_support import applicant

APP = Path(__file__).resolve().parent.parent / "app"
HOME = APP / "base" / "outcome.py"
DOMISILI = "surat_domisili"
TYPED = {"alamat_domisili": "JL. MULAWARMAN RT 010", "sejak": "01-03-2024", "keperluan": "Melamar pekerjaan"}

# The codes audit trails, copies' indexes, reports and the local service's clients hold today: a member may
# be added, none of these may change its spelling.
KNOWN = {"printed", "saved_pdf", "saved_preview", "reprinted", "reprinted_pdf", "no_person", "no_form",
         "no_renderer", "busy", "not_now", "not_ready", "not_started", "cancelled", "audit_unavailable",
         "blocked_unverified", "no_copy", "failed_signing", "failed_seal", "failed_numbering", "failed_invalid",
         "failed_internal", "printer_missing", "disk_full", "failed_write", "refused_symlink",
         "refused_directory", "refused_no_folder", "refused_fifo"}

# Other vocabularies that happen to spell a code alike, each where it is meant, and why.
OTHER_WORDS = {
    ("letters/printjob.py", "printed"): "the letter register's state (forms.numbering.LETTER_STATES)",
    ("report/register.py", "printed"): "the register's state names",
    ("report/register.py", "audit_unavailable"): "the register's void reasons",
    ("report/register.py", "cancelled"): "the register's void reasons",
    ("ui/today_view.py", "printed"): "the register's state names",
    ("cli/verify.py", "printed"): "the register's state names",
    ("flows/counter.py", "printed"): "Change.PRINTED, the session's change",
    ("webapi/person.py", "audit_unavailable"): "a hand-off's error code, no print",
    ("webapi/errors.py", "no_person"): "the local service's error: nobody on screen to hand over",
}


def _spelled(source: str) -> list[tuple[str, int]]:
    """Each string literal in ``source`` that spells an outcome code, with its line (docstrings never do)."""
    return code_scan.spelled(source, (m.value for m in PrintOutcome))


def test_the_scan_finds_a_code_spelled_any_way() -> None:
    """The scan below is not vacuous: a code as an argument, a comparison, a key, a default is caught."""
    for spelled in ('refused("not_ready", "")', 'ok = result.outcome == "printer_missing"',
                    'STATUS = {"failed_seal": 503}', 'def f(outcome: str = "disk_full") -> None: ...',
                    'audit.record_print(form_id, "printed", nik)', 'OK = ("saved_pdf", "reprinted")'):
        assert _spelled(spelled), spelled
    assert _spelled('refused(PrintOutcome.NOT_READY, "")\nx = f"form_{outcome}"\n"""printed or saved"""') == []
    assert len(_spelled(HOME.read_text(encoding="utf-8"))) == len(PrintOutcome), "the enum spells each once"


def test_no_module_of_app_spells_an_outcome_but_the_enum() -> None:
    found: dict[tuple[str, str], list[int]] = {}
    for path in sorted(APP.rglob("*.py")):
        if path == HOME:
            continue
        for value, line in _spelled(path.read_text(encoding="utf-8")):
            found.setdefault((path.relative_to(APP).as_posix(), value), []).append(line)
    spelled = {key: lines for key, lines in found.items() if key not in OTHER_WORDS}
    assert spelled == {}, f"use app.base.outcome.PrintOutcome, not its string: {spelled}"
    assert set(OTHER_WORDS) <= set(found), f"no longer spelled there: {set(OTHER_WORDS) - set(found)}"


def test_each_code_reads_as_the_string_it_always_was() -> None:
    assert {m.value for m in PrintOutcome} >= KNOWN
    for member in PrintOutcome:
        assert isinstance(member, str) and member == member.value
        assert str(member) == f"{member}" == format(member) == member.value  # the log, the f-strings, the CLI
        assert json.dumps({"outcome": member}) == json.dumps({"outcome": member.value})  # the local service
    assert OK_OUTCOMES == {PrintOutcome.PRINTED, PrintOutcome.SAVED_PDF, PrintOutcome.SAVED_PREVIEW,
                           PrintOutcome.REPRINTED, PrintOutcome.REPRINTED_PDF}
    assert stats.PRINTED == {PrintOutcome.PRINTED, PrintOutcome.SAVED_PDF}
    assert "printed" in stats.PRINTED and "saved_preview" not in stats.PRINTED  # an audit row's plain str


def test_a_job_result_holds_a_member_and_refuses_a_code_that_is_none() -> None:
    stored = JobResult("printer_missing")  # a code read back from somewhere as a plain str
    assert stored.outcome is PrintOutcome.PRINTER_MISSING and not stored.ok
    assert JobResult(PrintOutcome.REPRINTED).ok
    assert refused(PrintOutcome.CANCELLED, "").outcome is PrintOutcome.CANCELLED
    with pytest.raises(ValueError):
        JobResult("printd")  # a typo fails where the result is made, not in a client's switch


def test_the_exceptions_carry_members(tmp_path: Path) -> None:
    with pytest.raises(SaveFailed) as caught:
        write_output(tmp_path, b"%PDF")  # a folder
    assert caught.value.outcome is PrintOutcome.REFUSED_DIRECTORY
    assert SaveFailed(OSError(28, "No space left on device")).outcome is PrintOutcome.DISK_FULL
    assert SaveFailed(PermissionError(13, "denied")).outcome is PrintOutcome.FAILED_WRITE
    assert NotPrintable("Formulir belum lengkap.").outcome is PrintOutcome.NOT_READY
    assert SealRefused("no key").outcome is PrintOutcome.FAILED_SEAL


def _raw_prints() -> list[tuple[str, str]]:
    with sqlite3.connect(audit.db_path()) as conn:
        return conn.execute("SELECT outcome, typeof(outcome) FROM events WHERE kind = 'print' ORDER BY id").fetchall()


def _raw_copies() -> list[tuple[str, str]]:
    with sqlite3.connect(copies.db_path()) as conn:
        return conn.execute("SELECT outcome, typeof(outcome) FROM copies ORDER BY id").fetchall()


def test_the_trail_and_the_copies_keep_the_old_strings_through_the_real_print_job(tmp_path: Path) -> None:
    """A print on a (stand-in) printer, a saved PDF and a reprint of it, through run_job and reprint: the
    results are members; the rows and the copies' index hold exactly the strings they always held."""
    who = applicant(6)
    audit.record_read(SimpleNamespace(identity=who.identity), DOMISILI)
    printer_got: list[bytes] = []

    def printer(pdf: Path) -> int:
        printer_got.append(pdf.read_bytes())
        return 1

    printed = run_job(prepare_for_applicant(DOMISILI, who, TYPED), tmp_path / "cetak.pdf", form_id=DOMISILI,
                      nik=who.identity.nik, settings=Settings(), send=printer)
    saved = run_job(prepare_for_applicant(DOMISILI, who, TYPED), tmp_path / "simpan.pdf", form_id=DOMISILI,
                    nik=who.identity.nik, settings=Settings())
    assert printed.outcome is PrintOutcome.PRINTED and printed.ok and printer_got[0].startswith(b"%PDF")
    assert saved.outcome is PrintOutcome.SAVED_PDF and saved.ok and (tmp_path / "simpan.pdf").is_file()

    assert _raw_prints() == [("printed", "text"), ("saved_pdf", "text")]
    rows = [r for r in audit.rows() if r.kind == "print"]
    assert [r.outcome for r in rows] == ["printed", "saved_pdf"]
    assert all(type(r.outcome) is str for r in rows)  # the column is a plain string, read or returned
    assert type(audit.last_row().outcome) is str  # type: ignore[union-attr]
    assert _raw_copies() == [("printed", "text"), ("saved_pdf", "text")]
    kept = copies.entries()
    assert [e.outcome for e in kept] == [PrintOutcome.PRINTED, PrintOutcome.SAVED_PDF]
    assert all(isinstance(e.outcome, PrintOutcome) for e in kept)

    again = reprint(kept[-1].id, tmp_path / "salinan.pdf")  # the copy opens: its sealed index row is unchanged
    assert again.outcome is PrintOutcome.REPRINTED_PDF and again.number == saved.number
    assert _raw_prints()[-1] == ("reprinted_pdf", "text")
    assert audit.verify() is None  # the chain, hashed over the codes, holds


def test_the_local_service_documents_the_codes_a_form_job_answers_with() -> None:
    """POST /v1/forms/{id} answers a finished job with ``printed`` (output print) or ``saved_pdf`` (output pdf),
    in its JSON and its X-Loket-Outcome header; docs/openapi.json names exactly these members."""
    doc = json.loads((APP.parent / "docs" / "openapi.json").read_text(encoding="utf-8"))
    header = doc["paths"]["/v1/forms/{form_id}"]["post"]["responses"]["200"]["headers"]["X-Loket-Outcome"]
    body = doc["components"]["schemas"]["JobOutcome"]["properties"]["outcome"]
    for named in (header["schema"]["enum"], body["enum"]):
        assert [PrintOutcome(code) for code in named] == [PrintOutcome.PRINTED, PrintOutcome.SAVED_PDF]
