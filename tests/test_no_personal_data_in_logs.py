"""No log record of the whole test session holds a simulated citizen's NIK or name.

The session check itself is the last test of the run (see tests/log_scan_plugin.py); the tests above it
show the scanner would catch a leak, on synthetic records and through the real logging machinery.
"""

from __future__ import annotations

import logging
import sys

import pytest

from reader.simulator.population import POPULATION
from tests import log_scan_plugin as plugin
from tests.log_scan_plugin import SCAN_LAST, Scanner, population_terms, scan

NIK = POPULATION[0].nik
NAME = POPULATION[0].nama


def rec(msg: str, *args: object, **extra: object) -> logging.LogRecord:
    return logging.makeLogRecord({"name": "loket.test", "levelname": "INFO", "levelno": logging.INFO,
                                  "msg": msg, "args": args or None, **extra})


def test_terms_cover_every_nik_and_name_of_the_population():
    terms = population_terms()
    for p in POPULATION:
        assert terms[p.nik] == "NIK"
        assert terms[p.nama] == "name"
    assert terms["SUMIATI"] == "name"  # a mother's name only the registry knows
    assert terms[POPULATION[0].registry["NO_KK"]] == "NO_KK"


def test_clean_records_give_no_finding():
    records = [rec("read complete: profile %s, %d APDUs", "ektp", 41), rec("registry answered HTTP 500"),
               rec("NIK %s", NIK[:6] + "…")]
    assert scan(records) == []


def test_a_masked_nik_is_not_a_finding():
    # The redaction filter runs before the scan, as on every real handler: what reaches disk is masked.
    assert scan([rec("lookup for %s", NIK)]) == []


@pytest.mark.parametrize("text", [
    f"NIK {NIK[:4]}/{NIK[4:8]}/{NIK[8:12]}/{NIK[12:]}",  # a separator the filter does not know
    f"NIK {NIK[:8]}\n{NIK[8:]}",  # split over two lines
    f"NIK {NIK[:4]} {NIK[4:10]}-{NIK[10:]}",  # mixed grouping
])
def test_a_nik_the_filter_misses_is_found(text):
    findings = scan([rec(text)])
    assert [f.term_kind for f in findings] == ["NIK"]


def test_names_are_found_in_any_case_in_message_args_exception_and_stack():
    records = [
        rec("applicant %s", NAME.title()),
        rec("failed", exc_text=f"Traceback…\nValueError: unknown name {NAME}"),
        rec("where", stack_info=f"Stack (most recent call last):\n  nama={NAME.lower()!r}"),
    ]
    found = scan(records)
    assert [(f.term_kind, f.where) for f in found] == [("name", "message"), ("name", "exc"), ("name", "stack")]


def test_a_nik_in_a_live_exception_is_masked_not_found():
    try:
        raise ValueError(f"bad NIK {NIK}")
    except ValueError:
        record = rec("parse failed", exc_info=sys.exc_info())
    assert scan([record]) == []


def test_findings_name_the_logger_and_the_call_site():
    record = rec("hello %s", NAME, pathname="/x/app/cli/forms.py", lineno=42)
    [finding] = Scanner(population_terms()).scan_record(record, "tests/test_x.py::test_y")
    assert (finding.logger, finding.origin) == ("loket.test", "forms.py:42")
    assert finding.test == "tests/test_x.py::test_y"
    assert NAME not in finding.describe() and NIK not in finding.describe()


def _plugin_active() -> None:
    if not plugin.STATE.active:
        pytest.fail('the log scan is not loaded: tests/conftest.py needs pytest_plugins = ["tests.log_scan_plugin"]')


def test_the_session_scan_catches_a_leak_through_a_logger_that_bypasses_the_root():
    _plugin_active()
    # A third-party style logger: its own handler, no redaction filter, no propagation to the root.
    leaky = logging.getLogger("leaky.thirdparty")
    leaky.propagate = False
    leaky.addHandler(logging.NullHandler())
    before = len(plugin.STATE.findings)
    try:
        leaky.warning("citizen %s / %s", NAME, f"{NIK[:4]}.{NIK[4:]}")
        leaky.debug("debug too: %s", NAME)  # the plugin holds the root at DEBUG; this logger inherits it
        caught = plugin.STATE.findings[before:]
        assert [f.term_kind for f in caught] == ["name", "NIK", "name"]
        assert all(f.test.endswith("test_the_session_scan_catches_a_leak_through_a_logger_that_bypasses_the_root")
                   for f in caught)
    finally:
        # This leak was on purpose; take it back so the session check below judges only real code.
        del plugin.STATE.findings[before:]
        leaky.handlers.clear()
        leaky.propagate = True


@pytest.mark.log_scan_last
def test_session_logs_hold_no_personal_data():
    _plugin_active()
    assert plugin.STATE.records > 0, "no log record was seen: the record factory is not installed"
    found = plugin.take_unreported()
    assert not found, plugin.report(found)


def test_the_session_check_is_scheduled_last(request):
    _plugin_active()
    items = request.session.items
    last = [i for i in items if i.get_closest_marker(SCAN_LAST)]
    assert last and items[-len(last):] == last
