"""Reader and card events from pcscd, as the GUI will receive them."""

from __future__ import annotations

import queue

import pytest

from reader.events import CARD_INSERTED, CARD_REMOVED, READER_ADDED, Monitor, ReaderEvent
from tests.conftest import CARD_READER, SAM_READER

pytestmark = pytest.mark.pcscd


def _next(events: queue.Queue[ReaderEvent], kind: str, reader: str, timeout: float = 5.0) -> ReaderEvent:
    """The next event of that kind for that reader; other events in between are skipped."""
    while True:
        event = events.get(timeout=timeout)
        if event.kind == kind and event.reader == reader:
            return event


@pytest.fixture
def monitor(pcscd):
    events: queue.Queue[ReaderEvent] = queue.Queue()
    mon = Monitor(events.put, wake_ms=200)
    mon.start()
    yield events
    mon.stop()


def test_readers_are_announced_when_monitoring_starts(monitor):
    _next(monitor, READER_ADDED, CARD_READER)
    _next(monitor, READER_ADDED, SAM_READER)


def test_card_insert_and_remove_events(monitor, vpcd_card):
    _next(monitor, READER_ADDED, CARD_READER)
    handle = vpcd_card(3, wait=False)
    inserted = _next(monitor, CARD_INSERTED, CARD_READER)
    assert inserted.atr == bytes.fromhex("3B80800101")
    handle.remove()
    _next(monitor, CARD_REMOVED, CARD_READER)
    handle.insert()  # the same card tapped again is a new insertion
    _next(monitor, CARD_INSERTED, CARD_READER)


def test_sam_insert_is_reported_for_the_sam_reader(monitor, vpcd_sam):
    event = _next(monitor, CARD_INSERTED, SAM_READER)
    assert event.atr.startswith(bytes.fromhex("3B8A8001"))


def test_monitor_stops_promptly(pcscd):
    mon = Monitor(lambda e: None, wake_ms=60_000)
    mon.start()
    mon.stop(timeout=3)
    assert mon._thread is not None and not mon._thread.is_alive()


def test_service_restart_is_reported_and_recovered(pcscd, tmp_path):
    """pcscd (or the Windows Smart Card service) restarting must not need a Loket restart."""
    from tests import pcsc_stack

    events: queue.Queue[ReaderEvent] = queue.Queue()
    mon = Monitor(events.put, wake_ms=200, retry_seconds=0.2)
    mon.start()
    try:
        _next(events, READER_ADDED, CARD_READER)
        pcsc_stack.stop_pcscd()
        _next(events, "service-lost", "", timeout=10)
        pcsc_stack.start_pcscd()
        _next(events, "service-back", "", timeout=10)
        _next(events, READER_ADDED, CARD_READER, timeout=10)
    finally:
        mon.stop()
