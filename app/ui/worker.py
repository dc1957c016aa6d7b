"""The card read and the registry lookup, off the GUI thread, reporting back by signals.

Every request carries a read token. The window bumps its token whenever a card arrives or leaves, so a
result that comes back for an older token belongs to a card no longer on the reader and is dropped; the
worker also checks before the registry lookup so a removed card costs no lookup (and no quota).
"""

from __future__ import annotations

import logging
import threading
import time

from PySide6.QtCore import QObject, QThread, Signal, Slot

from app.audit import AuditUnavailable
from app.base.logsetup import failure
from app.base.settings import Settings
from app.citizen.cardread import read_card
from app.citizen.lookup import lookup_for_identity
from app.ui.i18n import QT_TRANSLATE_NOOP, translate
from reader.cardio import CardIO
from reader.errors import ReadError
from reader.source import CardSource

log = logging.getLogger("loket.ui")

GENERIC_ERROR = QT_TRANSLATE_NOOP("ReadWorker", "Terjadi kesalahan saat membaca kartu. Coba tempelkan kembali kartu.")


class ReadWorker(QObject):
    card_seen = Signal(int)
    uid_seen = Signal(int, str)  # token, the card's UID (hex): not personal, tells a new citizen from a re-tap
    same_card = Signal(int)  # token: the card of the person on screen came back (pcscd restart, re-tap)
    identity_ready = Signal(int, str, str)  # token, NIK, name: shown before anything else
    photo_ready = Signal(int, object)  # token, Identity (photo and signature bytes)
    readers_known = Signal(str, str)  # card reader, SAM reader, as the read found them
    applicant_ready = Signal(int, object, float)  # token, app.citizen.merge.Applicant, seconds since the tap
    failed = Signal(int, str, int)  # token, the clerk's sentence, exit code (as the CLI's)
    finished = Signal(int)

    def __init__(self, settings: Settings, overrides: object = None, wait: float = 2.0,
                 cardio: CardIO | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.cardio = cardio  # the window's one card-I/O thread and PC/SC context
        self.overrides = overrides
        self.wait = wait
        self._latest = 0
        self._lock = threading.Lock()

    def set_latest(self, token: int) -> None:
        """Called from the GUI thread: reads for any other token are now stale."""
        with self._lock:
            self._latest = token

    def is_current(self, token: int) -> bool:
        with self._lock:
            return token == self._latest

    @Slot(int, object, str, str, str)
    def read(self, token: int, source: CardSource | None, service: str = "", held_uid: str = "",
             held_nik: str = "") -> None:
        """``service``: the window's service id, recorded on the read's and the lookup's audit rows.
        ``held_uid``: the UID of the card whose person is on screen; that card again is not a new citizen."""
        if not self.is_current(token):
            return  # a newer tap already replaced this one while it waited in the queue
        started = time.perf_counter()
        self.card_seen.emit(token)
        try:
            self._read(token, source, started, service, held_uid, held_nik)
        except (ReadError, AuditUnavailable) as exc:
            log.warning("card read failed: %s (exit %d)", failure(exc), exc.exit_code)
            self.failed.emit(token, exc.id_text, exc.exit_code)
        except Exception as exc:  # a bug must not kill the worker for the rest of the day
            # The type only: a message could quote card data.
            log.error("card read crashed: %s", failure(exc))
            self.failed.emit(token, translate("ReadWorker", GENERIC_ERROR), 1)
        finally:
            self.finished.emit(token)

    @Slot(int, object, str)
    def lookup(self, token: int, identity: object, service: str = "") -> None:
        """The registry again for a citizen already read (the clerk's "Coba Dukcapil lagi")."""
        if not self.is_current(token):
            return
        started = time.perf_counter()
        try:
            applicant = lookup_for_identity(identity, self.settings, self.overrides, service=service)  # type: ignore[arg-type]
        except AuditUnavailable as exc:
            self.failed.emit(token, exc.id_text, exc.exit_code)
            return
        except Exception as exc:  # a bug must not kill the worker for the rest of the day
            log.error("registry lookup crashed: %s", failure(exc))
            self.failed.emit(token, translate("ReadWorker", GENERIC_ERROR), 1)
            return
        if self.is_current(token):
            self.applicant_ready.emit(token, applicant, time.perf_counter() - started)

    def _read(self, token: int, source: CardSource | None, started: float, service: str, held_uid: str,
              held_nik: str) -> None:
        result = read_card(self.settings, wait=self.wait, source=source, service=service, cardio=self.cardio,
                           on_uid=lambda uid: self.uid_seen.emit(token, uid.hex().upper()))
        if source is None or source.transports() is None:  # PC/SC readers, not an in-process plug-in
            self.readers_known.emit(result.card_reader, result.sam_reader)
        identity = result.identity
        if not self.is_current(token):
            return
        if held_uid and identity.uid == held_uid and identity.nik == held_nik:
            self.same_card.emit(token)  # no second lookup (and no quota) for the person already on screen
            return
        self.identity_ready.emit(token, identity.nik, identity.nama)
        self.photo_ready.emit(token, identity)
        if not self.is_current(token):
            return
        applicant = lookup_for_identity(identity, self.settings, self.overrides, service=service)
        if self.is_current(token):
            self.applicant_ready.emit(token, applicant, time.perf_counter() - started)


class WorkerThread:
    """The worker and its QThread, started together and stopped together."""

    def __init__(self, worker: ReadWorker) -> None:
        self.worker = worker
        self.thread = QThread()
        self.thread.setObjectName("loket-read")
        worker.moveToThread(self.thread)
        self.thread.start()

    def stop(self, timeout_ms: int = 5000) -> None:
        self.worker.set_latest(-1)  # anything still running reports nothing
        self.thread.quit()
        self.thread.wait(timeout_ms)
