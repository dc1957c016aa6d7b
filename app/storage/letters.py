"""The letter number call: the one place a printed letter takes its number, for the CLI and the GUI."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from app.base.settings import Settings
from app.storage import StorageConfig, StorageError, config
from app.storage.interface import storage_for
from forms.numbering import LetterNumber, NumberingError, Scheme, issue

log = logging.getLogger("loket.storage.letters")


def next_letter_number(office: str, pattern: str, on: date, *, form_id: str = "",
                       settings: Settings | None = None, scheme: Scheme | None = None) -> LetterNumber:
    """The next number for a letter of ``office`` with ``pattern`` printed ``on``. The sequence is
    kept under ``storage.office`` when set (every counter of one office must agree on it), else under the
    letterhead's code ``office``, which is also what ``{office}`` prints.
    ``.fallback``/``.notice`` say when it came from this counter's offline block (show the notice).
    ``scheme``: numbered by classification code (app/letters/numbering.py), else by ``pattern`` alone.
    Raises forms.numbering.NumberingError (a ValueError; its text is for the clerk)."""
    try:
        cfg = config(settings)
        store = storage_for(settings, cfg)
        fallback = store.fallback()
        number = issue(store.numbers(), office, pattern, on, form_id=form_id, fallback=fallback,
                       block=cfg.fallback_numbers if fallback is not None else None, sequence_office=cfg.office,
                       scheme=scheme)
    except StorageError as exc:  # settings or schema: no number, and the clerk gets IT's sentence
        log.error("letter number not issued: %s", exc)
        raise NumberingError(exc.id_text) from None
    if number.fallback:
        log.warning("letter number taken from this counter's fallback block (office server unreachable)")
    return number


def block_offices(settings: Settings | None = None) -> list[str]:
    """The sequences this counter's fallback block serves: ``storage.office`` when set, else the code of
    every letterhead a numbered letter prints under (what next_letter_number keys its sequence on)."""
    cfg = config(settings)
    if cfg.office:
        return [cfg.office]
    from forms.office import Office
    from forms.template import load_all

    forms = (settings.extra.get("forms") if settings is not None else None) or {}
    configured = forms.get("offices") if isinstance(forms, dict) else None
    configured = configured if isinstance(configured, dict) else {}
    offices = set()
    for template in load_all().values():
        if template.layout == "letter" and template.letter.number_pattern:
            data = configured.get(template.office_kind)
            office = Office.from_mapping(template.office_kind, data if isinstance(data, dict) else {})
            offices.add(office.code or office.kind)
    return sorted(offices)


def numbers_db() -> Path | None:
    """The single counter's number store (``nomor.sqlite3``), when there is one. The settings are not read
    here: this runs at every start, before the command reads (and reports) a broken settings file itself.
    An office server's numbers are not in it, so marking one of them changes nothing."""
    from app.base.paths import data_dir
    from app.storage.sqlite import NUMBERS_DB

    db = data_dir() / NUMBERS_DB
    return db if db.is_file() else None


def mark_letter(number: str, status: str, reason: str = "") -> None:
    """What became of ``number``: printed, saved, or void with its reason (the register explains every gap)."""
    from forms import numbering

    db = numbers_db()
    if number and db is not None and not numbering.mark_letter(db, str(number), status, reason):
        log.error("letter register not updated (%s/%s)", status, reason)
    office = _office_server()
    if number and office is not None:
        from app.storage import postgres

        try:
            postgres.mark_letter(office, str(number), status, reason)
        except Exception as exc:  # the paper is out either way; the register says "taken" for this one
            log.warning("letter register on the office server not updated (%s/%s): %s", status, reason,
                        type(exc).__name__)


def note_reprint(number: str) -> None:
    """A reprint (SALINAN, same number) in the register: on this machine and on the office server."""
    from forms import numbering

    db = numbers_db()
    if number and db is not None and not numbering.note_reprint(db, str(number)):
        log.error("letter register: reprint not noted")
    office = _office_server()
    if number and office is not None:
        from app.storage import postgres

        try:
            postgres.note_reprint(office, str(number))
        except Exception as exc:
            log.warning("letter register on the office server: reprint not noted: %s", type(exc).__name__)


def _office_server() -> StorageConfig | None:
    try:
        cfg = config()
    except Exception:  # settings or backend broken: the command reports that itself
        return None
    return cfg if cfg.is_postgres else None


def void_abandoned_letters() -> int:
    """At start: numbers a killed Loket took and never printed become void (reason ``crash``)."""
    from app.base.outfile import pid_alive
    from forms import numbering

    db = numbers_db()
    return numbering.void_abandoned(db, pid_alive) if db is not None else 0
