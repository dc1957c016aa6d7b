"""Letter numbers: ``470/{seq}/KEL/{roman_month}/{year}`` or, by classification code,
``{kode}/{seq:03}/{kode_desa}/{bulan_romawi}/{tahun}``, with a sequence that never repeats a number.

Where the sequence lives is the storage's business (``app.storage.letters``); this module holds what every
store shares: the number's format, the key a sequence is kept under, and the offline rule.

- A single counter keeps one sequence per office in a SQLite file in its own data folder (``SqliteCounter``),
  one transaction per number. It only goes up, even across years: a number printed once must never be
  printed again.
- An office server keeps one sequence per office, letter type and year (``LetterKey``); the letter type is
  the number pattern itself, so two forms sharing a pattern share a sequence and can never print the same
  number. A pattern without ``{year}`` keeps one sequence for ever (year 0), for the same reason.
- Numbered by classification code (``Scheme`` with a ``scope``; app/letters/numbering.py builds it from the
  settings), the running number's scope is the office's choice: ``jenis`` one per letter type (the pattern
  with its code, so two types sharing a code and pattern share one), ``layanan`` one for every service
  letter, ``surat`` one shared with the office's incoming and outgoing mail — each reset every year (a pattern
  without the year never resets). Changing the scope mid-year continues from the highest number the office
  took that year in any scope (``floor``), so no number is ever printed twice.
- When the server cannot be reached a number is taken from the counter's own fallback block (reserved by
  the office, e.g. 9000–9099 for counter 3) and the clerk is told so; without a block no number is issued.
"""

from __future__ import annotations

import json
import os
import re
import socket
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Protocol

from forms.files import read_regular_text
from forms.values import QT_TRANSLATE_NOOP, roman_month


class NumberingError(ValueError):
    """No number can be issued; the message is the clerk's sentence. A ValueError because every print
    path already shows a ValueError's text to the clerk instead of printing."""


class Unreachable(Exception):
    """The store that keeps the office's sequences cannot be reached right now (not a refusal)."""


SCOPES = ("jenis", "layanan", "surat")
# Every name a pattern may hold: the office's (Indonesian) names and the templates' older English ones.
PARTS = ("kode", "seq", "kode_desa", "bulan_romawi", "bulan", "tahun", "roman_month", "month", "year", "office")
_YEAR_PARTS = ("{year}", "{tahun}")
_SEQ_SPEC = re.compile(r"0?[1-9]d?")
MAX_PATTERN = 120


@dataclass(frozen=True)
class LetterKey:
    office: str
    letter_type: str  # the number pattern; numbered by scope: "jenis:<pattern with its code>", "layanan", "surat"
    year: int  # 0 when the pattern has no year: then the sequence must never restart
    form_id: str = ""
    mode: str = ""  # the scope (jenis/layanan/surat) when numbered by classification code; "" = the template's own
    kode: str = ""  # the classification code printed in the number (the register shows it)


@dataclass(frozen=True)
class Scheme:
    """How one letter is numbered: its pattern, and (numbered by classification code) its code, the
    office's own part and the scope of the running number. ``scope`` "" is a template's own numbering."""

    pattern: str
    kode: str = ""
    kode_desa: str = ""
    scope: str = ""


def check_pattern(pattern: str) -> None:
    """ValueError naming the part when ``pattern`` holds a name that is not one of PARTS (a typo would print
    ``{seq}`` on paper) or no running number at all."""
    import string

    if len(pattern) > MAX_PATTERN:
        raise ValueError(f"the pattern is longer than {MAX_PATTERN} characters")
    fields = [(name, spec, conv) for _text, name, spec, conv in string.Formatter().parse(pattern)
              if name is not None]
    names = [name for name, _spec, _conv in fields]
    for name, spec, conv in fields:
        if name not in PARTS:
            raise ValueError(f"unknown placeholder '{name}' (known: {', '.join(PARTS)})")
        # Only a width for the running number ({seq:03}): a spec like {seq:>99999999} would build a huge string.
        if conv or (spec and (name != "seq" or not _SEQ_SPEC.fullmatch(spec))):
            raise ValueError(f"'{{{name}:{spec}}}': only {{seq:03}} (a width up to 9) may carry a format")
    if "seq" not in names:
        raise ValueError("no {seq} (the running number) in the pattern")
    format_number(pattern, 1, date(2026, 1, 1))  # a bad format spec ({seq:x3}) fails here, not at the counter


class NumberSource(Protocol):
    def take(self, key: LetterKey, render: Callable[[int], str]) -> int:
        """Reserve and return the next sequence number for ``key``; ``render(seq)`` is the printed number
        (stores that check uniqueness keep it). Raises Unreachable or NumberingError."""
        ...


class LetterNumber(str):
    """The printed number, as a plain string for every caller, plus what the clerk must be told."""

    seq: int
    fallback: bool
    notice: str

    def __new__(cls, number: str, seq: int = 0, fallback: bool = False, notice: str = "") -> LetterNumber:
        obj = super().__new__(cls, number)
        obj.seq, obj.fallback, obj.notice = seq, fallback, notice
        return obj


def format_number(pattern: str, seq: int, on: date, office: str = "", *, kode: str = "",
                  kode_desa: str = "") -> str:
    """``{seq}`` is three digits as it always was; ``{seq:03}`` (or ``{seq:04}``) says its width itself."""
    month = roman_month(on.month)
    return pattern.replace("{seq}", "{seq:03d}").format(
        seq=seq, roman_month=month, bulan_romawi=month, month=f"{on.month:02d}", bulan=f"{on.month:02d}",
        year=on.year, tahun=on.year, office=office, kode=kode, kode_desa=kode_desa)


def letter_key(office: str, pattern: str, on: date, form_id: str = "", scheme: Scheme | None = None) -> LetterKey:
    year = on.year if any(part in pattern for part in _YEAR_PARTS) else 0
    if scheme is None or not scheme.scope:
        return LetterKey(office, pattern, year, form_id)
    if scheme.scope == "jenis":
        kind = "jenis:" + pattern.replace("{kode}", scheme.kode).replace("{kode_desa}", scheme.kode_desa)
    else:
        kind = scheme.scope
    return LetterKey(office, kind, year, form_id, scheme.scope, scheme.kode)


def issue(source: NumberSource, office: str, pattern: str, on: date, *, form_id: str = "",
          fallback: NumberSource | None = None, block: tuple[int, int] | None = None,
          sequence_office: str = "", scheme: Scheme | None = None) -> LetterNumber:
    """The next number from ``source``; from ``fallback`` (this counter's block ``block``) when the source
    is unreachable, with the clerk's notice saying so. ``office`` is printed for ``{office}``; the
    sequence is kept under ``sequence_office`` when given (else ``office``). ``scheme``: numbered by
    classification code (its pattern wins over ``pattern``)."""
    if scheme is not None and scheme.scope:
        pattern = scheme.pattern
    key = letter_key(sequence_office or office, pattern, on, form_id, scheme)
    kode, kode_desa = (scheme.kode, scheme.kode_desa) if scheme is not None else ("", "")

    def render(seq: int) -> str:
        return format_number(pattern, seq, on, office, kode=kode, kode_desa=kode_desa)

    try:
        seq = source.take(key, render)
        return LetterNumber(render(seq), seq)
    except Unreachable:
        if fallback is None:
            raise NumberingError(QT_TRANSLATE_NOOP(
                "Core", "Server kantor tidak terhubung dan loket ini tidak punya blok nomor cadangan; "
                                 "surat tidak dapat diberi nomor. Coba lagi nanti atau hubungi petugas IT.")) from None
    seq = fallback.take(key, render)
    number = render(seq)
    notice = QT_TRANSLATE_NOOP("Core", "Server kantor tidak terhubung: nomor {number} diambil dari blok nomor "
                                       "cadangan loket ini ({first}–{last}).").format(
        number=number, first=block[0], last=block[1]) if block else QT_TRANSLATE_NOOP(
        "Core", "Server kantor tidak terhubung: nomor {number} diambil dari blok nomor cadangan loket ini.").format(
        number=number)
    return LetterNumber(number, seq, True, notice)


@dataclass(frozen=True)
class SqliteCounter:
    """One sequence per office in a SQLite file on this machine: the single counter's store.

    One transaction per number (a crash or power cut leaves the number taken or not, never half), waits
    for another process's transaction instead of a lock file (a stale lock can no longer stop printing),
    and an empty, truncated or foreign file is an error rather than a sequence restarting at 001. The
    JSON counter file of earlier versions (``legacy``) is read once and carried on, never restarted.
    """

    db: Path
    legacy: Path | None = None
    wait: float = 15.0
    counter: str = ""  # this counter's name for the register ("" = the host name)

    def take(self, key: LetterKey, render: Callable[[int], str]) -> int:
        try:
            conn = sqlite3.connect(self.db, timeout=self.wait, isolation_level=None)
        except (sqlite3.Error, OSError):
            raise NumberingError(_STORE_BROKEN) from None
        try:
            _owner_only(self.db)
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("CREATE TABLE IF NOT EXISTS sequences (office TEXT PRIMARY KEY, seq INTEGER NOT NULL)")
            conn.execute("CREATE TABLE IF NOT EXISTS migrated (path TEXT PRIMARY KEY)")
            conn.execute(SCOPED_SCHEMA)
            conn.execute(SCOPE_MODES_SCHEMA)
            register_table(conn)
            conn.execute("BEGIN IMMEDIATE")
            try:
                self._migrate(conn)
                if key.mode:
                    seq, sequence = self._next_scoped(conn, key, render)
                else:
                    row = conn.execute("SELECT seq FROM sequences WHERE office = ?", (key.office,)).fetchone()
                    seq = int(row[0]) + 1 if row else 1
                    while _printed(conn, key.office, render(seq)):
                        seq += 1  # printed already under the office's classification numbering: never twice
                    conn.execute("INSERT INTO sequences VALUES (?, ?) ON CONFLICT(office) DO UPDATE SET seq = ?",
                                 (key.office, seq, seq))
                    sequence = key.office
                # In the register from the moment it is taken: printed, or void with its reason, never a gap.
                conn.execute("INSERT INTO letters (number, office, seq, form_id, status, reason, pid, taken_at, "
                             "kode, counter, operator, scope) "
                             "VALUES (?, ?, ?, ?, 'taken', '', ?, datetime('now'), ?, ?, ?, ?)",
                             (render(seq), sequence, seq, key.form_id, os.getpid(), key.kode,
                              self.counter or socket.gethostname(), os_user(), key.mode))
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        except sqlite3.Error:
            raise NumberingError(_STORE_BROKEN) from None
        finally:
            conn.close()
        return seq

    @staticmethod
    def _next_scoped(conn: sqlite3.Connection, key: LetterKey, render: Callable[[int], str]) -> tuple[int, str]:
        """(seq, the register's sequence name) in ``key``'s scope, inside the caller's transaction. A scope
        used for the first time this year, or again after another one, starts above every number the office
        took this year: a scope change continues the numbers, it never reuses one."""
        row = conn.execute("SELECT mode, floor FROM scope_modes WHERE office = ? AND year = ?",
                           (key.office, key.year)).fetchone()
        if row is None or row[0] != key.mode:
            floor = _highest_this_year(conn, key)
            conn.execute("INSERT INTO scope_modes VALUES (?, ?, ?, ?) ON CONFLICT(office, year) DO UPDATE SET "
                         "mode = excluded.mode, floor = excluded.floor", (key.office, key.year, key.mode, floor))
        else:
            floor = int(row[1])
        last = conn.execute("SELECT last FROM scoped_sequences WHERE office = ? AND letter_type = ? AND year = ?",
                            (key.office, key.letter_type, key.year)).fetchone()
        seq = max(int(last[0]) if last else 0, floor) + 1
        while _printed(conn, key.office, render(seq)):
            seq += 1  # printed already (e.g. under the template's own numbering): never twice
        conn.execute("INSERT INTO scoped_sequences VALUES (?, ?, ?, ?) ON CONFLICT(office, letter_type, year) "
                     "DO UPDATE SET last = excluded.last", (key.office, key.letter_type, key.year, seq))
        return seq, f"{key.office}|{key.letter_type}|{key.year}"

    def _migrate(self, conn: sqlite3.Connection) -> None:
        legacy = self.legacy
        if legacy is None or not (legacy.exists() or legacy.is_symlink()):
            return
        where = str(legacy.resolve())
        if conn.execute("SELECT 1 FROM migrated WHERE path = ?", (where,)).fetchone():
            return
        for office, last in _legacy_counters(legacy).items():
            conn.execute("INSERT INTO sequences VALUES (?, ?) ON CONFLICT(office) DO UPDATE SET "
                         "seq = MAX(seq, excluded.seq)", (office, last))
        conn.execute("INSERT INTO migrated VALUES (?)", (where,))


def _owner_only(path: Path) -> None:
    if os.name == "posix":
        try:
            os.chmod(path, 0o600)
        except OSError:
            pass  # a file IT placed and owns: its folder's mode still protects it


def os_user() -> str:
    """Who took the number (the OS account: the same name the audit trail records)."""
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no login name at all (a service account without USERNAME)
        return "?"


def _printed(conn: sqlite3.Connection, office: str, number: str) -> bool:
    """``number`` is in ``office``'s register already, under its own or its classification numbering (whose
    rows name their sequence ``office|scope|year``). Another office on this counter may print the same text."""
    return conn.execute("SELECT 1 FROM letters WHERE number = ? AND (office = ? OR substr(office, 1, ?) = ?)",
                        (number, office, len(office) + 1, office + "|")).fetchone() is not None


def _highest_this_year(conn: sqlite3.Connection, key: LetterKey) -> int:
    scoped = conn.execute("SELECT max(last) FROM scoped_sequences WHERE office = ? AND year = ?",
                          (key.office, key.year)).fetchone()[0]
    # Numbers the template's own numbering took this year (one sequence per office, never reset).
    own = conn.execute("SELECT max(seq) FROM letters WHERE office = ? AND (? = 0 OR substr(taken_at, 1, 4) = ?)",
                       (key.office, key.year, str(key.year))).fetchone()[0]
    return max(int(scoped or 0), int(own or 0))


SCOPED_SCHEMA = ("CREATE TABLE IF NOT EXISTS scoped_sequences (office TEXT NOT NULL, letter_type TEXT NOT NULL, "
                 "year INTEGER NOT NULL, last INTEGER NOT NULL, PRIMARY KEY (office, letter_type, year))")
SCOPE_MODES_SCHEMA = ("CREATE TABLE IF NOT EXISTS scope_modes (office TEXT NOT NULL, year INTEGER NOT NULL, "
                      "mode TEXT NOT NULL, floor INTEGER NOT NULL, PRIMARY KEY (office, year))")
REGISTER_SCHEMA = ("CREATE TABLE IF NOT EXISTS letters (number TEXT NOT NULL, office TEXT NOT NULL, seq INTEGER NOT "
                   "NULL, form_id TEXT NOT NULL, status TEXT NOT NULL, reason TEXT NOT NULL, pid INTEGER NOT NULL, "
                   "taken_at TEXT NOT NULL, done_at TEXT, PRIMARY KEY (office, seq))")
# Added after the register shipped (ALTER TABLE, so an installed counter's file is carried on): each number's
# letter seal digest (SHA-256 of its COSE_Sign1, letter-seal.md), its reprints, and for the letter register its
# classification code, counter, operator and numbering scope.
REGISTER_COLUMNS = (("seal_digest", "TEXT NOT NULL DEFAULT ''"), ("reprints", "INTEGER NOT NULL DEFAULT 0"),
                    ("kode", "TEXT NOT NULL DEFAULT ''"), ("counter", "TEXT NOT NULL DEFAULT ''"),
                    ("operator", "TEXT NOT NULL DEFAULT ''"), ("scope", "TEXT NOT NULL DEFAULT ''"))


def register_table(conn: sqlite3.Connection) -> None:
    """The ``letters`` table with every column this version writes (an older file gets them here, once)."""
    conn.execute(REGISTER_SCHEMA)
    have = {str(r[1]) for r in conn.execute("PRAGMA table_info(letters)")}
    for name, decl in REGISTER_COLUMNS:
        if name not in have:
            try:
                conn.execute(f"ALTER TABLE letters ADD COLUMN {name} {decl}")
            except sqlite3.OperationalError as exc:
                if "duplicate column" not in str(exc):
                    raise  # another process added it a moment ago: fine; anything else is not


LETTER_STATES = ("printed", "saved", "void", "issued")  # issued: a mail number handed out (`letters number`)


def mark_letter(db: Path, number: str, status: str, reason: str = "", seal_digest: str = "") -> bool:
    """Record what became of a number taken from ``db``: ``printed``, ``saved`` or ``void`` (with the reason:
    ``cancelled``, ``printer_failed``, ``save_failed``, ``crash``), and the digest of the seal it carries.
    False when the register cannot be written (the caller logs it; the number itself stays taken, so it is
    never printed twice)."""
    if status not in LETTER_STATES:
        raise ValueError(f"letter status {status!r}")
    try:
        conn = sqlite3.connect(db, timeout=15.0, isolation_level=None)
        try:
            register_table(conn)
            conn.execute("UPDATE letters SET status = ?, reason = ?, seal_digest = ?, done_at = datetime('now') "
                         "WHERE number = ? AND status = 'taken'", (status, reason, seal_digest, number))
        finally:
            conn.close()
    except (sqlite3.Error, OSError):
        return False
    return True


def void_abandoned(db: Path, alive: Callable[[int], bool]) -> int:
    """Numbers a killed or powered-off process took and never printed: void, reason ``crash``."""
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(db, timeout=15.0, isolation_level=None)
        try:
            register_table(conn)
            taken = conn.execute("SELECT number, pid FROM letters WHERE status = 'taken'").fetchall()
            dead = [number for number, pid in taken if not alive(int(pid))]
            for number in dead:
                conn.execute("UPDATE letters SET status = 'void', reason = 'crash', done_at = datetime('now') "
                             "WHERE number = ? AND status = 'taken'", (number,))
        finally:
            conn.close()
    except (sqlite3.Error, OSError):
        return 0
    return len(dead)


def register(db: Path) -> list[tuple[str, str, str]]:
    """(number, status, reason) of every number taken, in order: the register IT and the office head read."""
    if not db.exists():
        return []
    conn = sqlite3.connect(db, timeout=15.0, isolation_level=None)
    try:
        register_table(conn)
        return [tuple(r) for r in conn.execute(  # type: ignore[misc]
            "SELECT number, status, reason FROM letters ORDER BY taken_at, office, seq")]
    finally:
        conn.close()


def find_letters(db: Path, *, number: str = "", since: str = "", until: str = "",
                 limit: int = 500) -> list[tuple[str, str, str, str, str]]:
    """(number, form_id, status, reason, taken_at UTC "YYYY-MM-DD HH:MM:SS") of the numbers taken, newest
    first: those whose number contains ``number``, taken in ``since <= taken_at < until`` (same format)."""
    if not db.exists():
        return []
    query, params = "SELECT number, form_id, status, reason, taken_at FROM letters WHERE 1=1", []
    if number:
        query += " AND number LIKE ? ESCAPE '\\'"
        params.append("%" + number.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
    if since:
        query += " AND taken_at >= ?"
        params.append(since)
    if until:
        query += " AND taken_at < ?"
        params.append(until)
    conn = sqlite3.connect(db, timeout=15.0, isolation_level=None)
    try:
        register_table(conn)
        return [tuple(r) for r in conn.execute(  # type: ignore[misc]
            query + " ORDER BY taken_at DESC, seq DESC LIMIT ?", [*params, limit])]
    finally:
        conn.close()


@dataclass(frozen=True)
class RegisterRow:
    """One number in the outgoing-letter register (buku agenda surat keluar): never a citizen's data."""

    number: str
    form_id: str
    kode: str  # the classification code ("" for a template's own numbering)
    status: str  # taken (in progress, or the server has not heard), printed, saved, void, issued (before 2026-12)
    reason: str  # why void
    taken_at: str  # UTC "YYYY-MM-DD HH:MM:SS"
    counter: str
    operator: str
    reprints: int = 0
    seal: str = ""  # the letter seal's digest, once letters are sealed


def register_rows(db: Path, since: str = "", until: str = "") -> list[RegisterRow]:
    """Every number taken on this machine with ``since <= taken_at < until`` (UTC "YYYY-MM-DD HH:MM:SS"),
    oldest first."""
    if not db.exists():
        return []
    conn = sqlite3.connect(db, timeout=15.0, isolation_level=None)
    try:
        register_table(conn)
        query = ("SELECT number, form_id, kode, status, reason, taken_at, counter, operator, reprints, seal_digest "
                 "FROM letters WHERE 1=1")
        params: list[str] = []
        if since:
            query += " AND taken_at >= ?"
            params.append(since)
        if until:
            query += " AND taken_at < ?"
            params.append(until)
        return [RegisterRow(*(str(v) if i != 8 else int(v or 0) for i, v in enumerate(r)))  # type: ignore[arg-type]
                for r in conn.execute(query + " ORDER BY taken_at, rowid", params)]
    finally:
        conn.close()


def seal_of(db: Path, number: str) -> tuple[str, int] | None:
    """(seal digest, reprints) the register holds for ``number`` (digest "" when it carries none); None when
    the number is not there."""
    if not db.exists():
        return None
    conn = sqlite3.connect(db, timeout=15.0, isolation_level=None)
    try:
        register_table(conn)
        row = conn.execute("SELECT seal_digest, reprints FROM letters WHERE number = ? ORDER BY taken_at DESC",
                           (number,)).fetchone()
    finally:
        conn.close()
    return None if row is None else (str(row[0]), int(row[1]))


def note_reprint(db: Path, number: str) -> bool:
    """One more reprint (SALINAN) of ``number``; its status stays what it was. False when not written."""
    try:
        conn = sqlite3.connect(db, timeout=15.0, isolation_level=None)
        try:
            register_table(conn)
            conn.execute("UPDATE letters SET reprints = reprints + 1 WHERE number = ?", (number,))
        finally:
            conn.close()
    except (sqlite3.Error, OSError):
        return False
    return True


_STORE_BROKEN = (QT_TRANSLATE_NOOP(
    "Core", "Penyimpanan nomor surat di komputer ini tidak dapat dipakai (disk penuh, hanya-baca, atau "
                 "berkasnya rusak); surat tidak diberi nomor. Hubungi petugas IT."))


def _legacy_counters(path: Path) -> dict[str, int]:
    """The earlier versions' ``{"OFFICE": last_seq}`` file; NumberingError when it is anything else: carrying
    on from a guess could print a number twice."""
    broken = QT_TRANSLATE_NOOP("Core", "Berkas nomor surat lama ({name}) rusak atau bukan berkas nomor; nomor "
                                       "tidak dimulai ulang dari 001 agar tidak ganda. Hubungi petugas IT.").format(
        name=path.name)
    if path.is_dir():
        raise NumberingError(QT_TRANSLATE_NOOP("Core", "Pengaturan forms.numbering_file menunjuk ke folder ({name}), "
                                                       "bukan berkas nomor surat. Hubungi petugas IT.").format(
            name=path.name))
    try:
        data = json.loads(read_regular_text(path, 1024 * 1024))  # a FIFO or /dev/zero is no counter file
    except (OSError, ValueError, RecursionError):
        raise NumberingError(broken) from None
    if not isinstance(data, dict) or not all(
            isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool) and v >= 0
            for k, v in data.items()):
        raise NumberingError(broken)
    return data
