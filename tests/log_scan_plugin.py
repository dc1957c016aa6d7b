"""Every log record of the whole test session, checked for the simulated population's NIKs and names.

Loaded from tests/conftest.py with ``pytest_plugins = ["tests.log_scan_plugin"]``.

Records are caught where they are made (a LogRecord factory), not by a handler on the root logger: a
handler misses loggers that do not propagate and is lost whenever code under test replaces the root's
handlers. The root logger is held at DEBUG so the APDU trace and INFO lines, which reach the log *file*
in production, are produced and checked too. Each record is rendered the way Loket's handlers write it
(RedactFilter, then message, exception text and stack), so what is checked is what would reach a disk.

Findings fail the session twice over: ``test_no_personal_data_in_logs.py::test_session_logs...`` is moved
to the end of the run and fails with the list, and ``pytest_sessionfinish`` sets a failing exit status for
anything logged after it (session fixture teardown) or when that test was deselected.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pytest

SCAN_LAST = "log_scan_last"


@dataclass(frozen=True)
class Finding:
    term_kind: str  # "NIK", "name", …
    logger: str
    level: str
    where: str  # "message" | "exc" | "stack"
    origin: str  # file:line of the logging call
    test: str  # the test running when it was logged

    def describe(self) -> str:
        return f"{self.term_kind} in {self.where} of {self.level} record from {self.logger} ({self.origin}) " \
               f"during {self.test or 'session setup/teardown'}"


def population_terms() -> dict[str, str]:
    """term -> kind: every NIK, family-card number and name of the simulated population."""
    from reader.simulator.population import POPULATION

    terms: dict[str, str] = {}
    for p in POPULATION:
        terms[p.nik] = "NIK"
        terms[p.nama] = "name"
        for key, value in {**p.registry, **p.registry_differs}.items():
            if not value:
                continue
            if key.startswith("NAMA"):
                terms[value] = "name"
            elif key in ("NO_KK", "NIK_AYAH", "NIK_IBU"):
                terms[value] = key
    return terms


class Scanner:
    def __init__(self, terms: dict[str, str]) -> None:
        self.terms = terms
        # Longest first so "HENDRA GUNAWAN" is reported as the name, not a shorter overlapping term.
        ordered = sorted(terms, key=len, reverse=True)
        self._pattern = re.compile("|".join(re.escape(t) for t in ordered), re.IGNORECASE)
        self._upper = {t.upper(): k for t, k in terms.items()}

    def find(self, text: str) -> list[str]:
        """The kinds of the terms in ``text``, also with separators dropped between digits (a NIK
        written "3273 0145 0792 0001" or split over a line is still that NIK)."""
        if not text:
            return []
        seen = [m.group(0).upper() for m in self._pattern.finditer(text)]
        squeezed = re.sub(r"(?<=\d)[\s.\-/]+(?=\d)", "", text)
        if squeezed != text:
            seen += [m.group(0).upper() for m in self._pattern.finditer(squeezed)]
        return [self._upper[term] for term in dict.fromkeys(seen)]  # each term once, in order of appearance

    def scan_record(self, record: logging.LogRecord, test: str = "") -> list[Finding]:
        from app.base.logsetup import RedactFilter

        # Fast path for the ~150k clean records of a run: redaction only masks digits, so a record with no
        # term before redaction has none after it.
        try:
            raw = record.getMessage()
        except Exception:
            raw = f"{record.msg!s} {record.args!r}"
        if not (self.find(raw) or record.exc_info or record.exc_text or record.stack_info):
            return []
        # A copy: the filter rewrites msg/exc_text, and the record still goes on to the real handlers.
        copy = logging.makeLogRecord(record.__dict__)
        RedactFilter().filter(copy)
        try:
            message = copy.getMessage()
        except Exception:
            message = f"{copy.msg!s} {copy.args!r}"  # a broken format call still logs its parts somewhere
        parts = {"message": message, "exc": copy.exc_text or "", "stack": copy.stack_info or ""}
        origin = f"{os.path.basename(record.pathname)}:{record.lineno}"
        return [Finding(kind, record.name, record.levelname, where, origin, test)
                for where, text in parts.items() for kind in self.find(text)]


def scan(records: Iterable[logging.LogRecord], terms: dict[str, str] | None = None) -> list[Finding]:
    """All findings in ``records`` (the function the session check runs on every record)."""
    scanner = Scanner(terms if terms is not None else population_terms())
    return [f for r in records for f in scanner.scan_record(r)]


@dataclass
class _State:
    scanner: Scanner | None = None
    findings: list[Finding] = field(default_factory=list)
    records: int = 0
    reported: int = 0  # findings already reported by the in-session test
    test: str = ""
    active: bool = False
    previous_factory: object = None
    made_data_dir: str = ""
    local: threading.local = field(default_factory=threading.local)


STATE = _State()


def _install_factory() -> None:
    previous = logging.getLogRecordFactory()
    STATE.previous_factory = previous

    def factory(*args: object, **kwargs: object) -> logging.LogRecord:
        record = previous(*args, **kwargs)  # type: ignore[operator]
        local = STATE.local
        if STATE.scanner is not None and not getattr(local, "busy", False):
            local.busy = True  # a record made while rendering one (a __repr__ that logs) is not rescanned
            try:
                STATE.records += 1
                STATE.findings.extend(STATE.scanner.scan_record(record, STATE.test))
            finally:
                local.busy = False
        return record

    logging.setLogRecordFactory(factory)


def _hold_root_at_debug() -> None:
    root = logging.getLogger()
    if root.level > logging.DEBUG or root.level == logging.NOTSET:
        root.setLevel(logging.DEBUG)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"{SCAN_LAST}: run after every other test (the session log scan)")
    # Nothing a test logs or audits may land in a real counter's data folder or use its keyring.
    if not os.environ.get("LOKET_DATA_DIR"):
        STATE.made_data_dir = os.environ["LOKET_DATA_DIR"] = tempfile.mkdtemp(prefix="loket-test-data-")
    os.environ.setdefault("LOKET_AUDIT_KEY", "loket-test-audit-key")
    os.environ.setdefault("LOKET_DRAFT_KEY", "loket-test-draft-key")
    STATE.scanner = Scanner(population_terms())
    STATE.active = True
    _install_factory()
    _hold_root_at_debug()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    last = [i for i in items if i.get_closest_marker(SCAN_LAST)]
    items[:] = [i for i in items if not i.get_closest_marker(SCAN_LAST)] + last


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    STATE.test = item.nodeid
    # Code under test (cli.main -> logsetup.setup) may have raised the root level again.
    _hold_root_at_debug()


def pytest_runtest_teardown(item: pytest.Item) -> None:
    _hold_root_at_debug()


def report(findings: Sequence[Finding], limit: int = 30) -> str:
    lines = [f"{len(findings)} log record(s) hold the simulated population's personal data:"]
    lines += ["  " + f.describe() for f in findings[:limit]]
    if len(findings) > limit:
        lines.append(f"  … and {len(findings) - limit} more")
    return "\n".join(lines)


def take_unreported() -> list[Finding]:
    new = STATE.findings[STATE.reported:]
    STATE.reported = len(STATE.findings)
    return new


@pytest.hookimpl(trylast=True)  # after the session fixtures' teardown, which may log too
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    STATE.test = ""
    late = take_unreported()
    if late:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write("\n")
            reporter.write_sep("=", "personal data in logs", red=True)
            reporter.write_line(report(late) + "\n  (the run fails for this even though every test passed)")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_unconfigure(config: pytest.Config) -> None:
    if STATE.previous_factory is not None:
        logging.setLogRecordFactory(STATE.previous_factory)  # type: ignore[arg-type]
        STATE.scanner = None
    if STATE.made_data_dir:
        logging.shutdown()  # close log files in it first (Windows cannot delete an open file)
        shutil.rmtree(STATE.made_data_dir, ignore_errors=True)
