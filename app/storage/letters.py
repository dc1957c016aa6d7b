"""The letter number call: the one place a printed letter takes its number, for the CLI and the GUI."""

from __future__ import annotations

import logging
from dataclasses import dataclass
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


def mark_letter(number: str, status: str, reason: str = "", *, seal_digest: str = "") -> None:
    """What became of ``number``: printed, saved, or void with its reason (the register explains every gap),
    and the digest of the seal it carries (letter-seal.md)."""
    from forms import numbering

    db = numbers_db()
    if number and db is not None and not numbering.mark_letter(db, str(number), status, reason, seal_digest):
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


def record_seal_digest(number: str, digest: str, settings: Settings | None = None) -> None:
    """On an office server, the office's register (or, for a number from this counter's offline block, the
    queue that carries it there) keeps the letter's seal digest too. Never fails the print: the paper is out."""
    cfg = config(settings)
    if not number or not digest or not cfg.is_postgres:
        return
    from contextlib import closing

    from app.storage.sqlite import open_outbox

    try:
        with closing(open_outbox()) as conn:
            queued = conn.execute("UPDATE offline_letters SET seal_digest = ? WHERE number = ? AND pushed = 0",
                                  (digest, number)).rowcount
        if queued:
            return
        from app.storage.postgres import session

        with session(cfg) as conn, conn.transaction():
            conn.execute("UPDATE letter_numbers SET seal_digest = %s WHERE number = %s AND counter = %s AND "
                         "seal_digest = ''", (digest, number, cfg.counter_id))
    except Exception as exc:  # the server away, a locked outbox: the letter stands, its digest is not there
        from app.base.logsetup import failure

        log.warning("seal digest not recorded in the office register: %s", failure(exc))


def sealed_numbers(numbers: list[str], settings: Settings | None = None) -> set[str]:
    """Of ``numbers``, those whose seal digest the register holds (this machine's, or the office's). Raises
    forms.numbering.Unreachable when the office server is away."""
    from forms import numbering

    if not numbers:
        return set()
    cfg = config(settings)
    if cfg.is_postgres:
        from app.storage.postgres import session

        with session(cfg) as conn:
            rows = conn.execute("SELECT number FROM letter_numbers WHERE number = ANY(%s) AND seal_digest <> ''",
                                (list(numbers),)).fetchall()
        return {str(r[0]) for r in rows}
    db = numbers_db()
    return {n for n in numbers if db is not None and (numbering.seal_of(db, n) or ("",))[0]}


@dataclass(frozen=True)
class RegisterEntry:
    """What this office's register knows of a number."""

    status: str  # printed, saved, void, taken; "issued" on an office server (it keeps no print state)
    reason: str  # why void; on an office server the counter that issued it
    seal_digest: str
    reprints: int = 0


def register_entry(number: str, settings: Settings | None = None) -> RegisterEntry | None:
    """What the register holds for ``number``; None when it is not there. On an office server: ``issued`` and
    the counter. Raises forms.numbering.Unreachable when the server is away."""
    from forms import numbering

    cfg = config(settings)
    if cfg.is_postgres:
        from app.storage.postgres import session

        with session(cfg) as conn:
            row = conn.execute("SELECT counter, seal_digest FROM letter_numbers WHERE number = %s "
                               "ORDER BY issued_at DESC LIMIT 1", (number,)).fetchone()
        return None if row is None else RegisterEntry("issued", str(row[0]), str(row[1]))
    db = numbers_db()
    if db is None:
        return None
    for found, _form, status, reason, _at in numbering.find_letters(db, number=number, limit=50):
        if found == number:
            digest, reprints = numbering.seal_of(db, number) or ("", 0)
            return RegisterEntry(status, reason, digest, reprints)
    return None


def void_abandoned_letters() -> int:
    """At start: numbers a killed Loket took and never printed become void (reason ``crash``)."""
    from app.base.outfile import pid_alive
    from forms import numbering

    db = numbers_db()
    return numbering.void_abandoned(db, pid_alive) if db is not None else 0
