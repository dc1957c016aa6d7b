"""What an audit row is and how the chain and the NIK hash are computed: no I/O, no keyring, no file.

The row model, the keyed hashes (``row_hash`` over the previous row's hash and this row's fields;
``keyed_nik_hash`` for the citizen) and the checks of a row's detail, shared by this machine's trail
(``app.audit.trail``), the office server's (``app.audit.office``) and whoever verifies either.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Mapping
from dataclasses import astuple, dataclass, fields
from enum import StrEnum

from app.base.clerktext import QT_TRANSLATE_NOOP
from reader.exitcodes import ExitCode

GENESIS = "0" * 64


class Kind(StrEnum):
    READ = "read"
    LOOKUP = "lookup"
    PRINT = "print"
    EXPORT = "export"
    VIEW = "view"  # stored personal data shown again (a name from a letter's kept copy, app/flows/today.py)


@dataclass(frozen=True)
class Row:
    id: int
    time: str  # UTC, ISO 8601 with milliseconds: sorts as text
    os_user: str
    workstation: str
    service: str
    form_id: str
    kind: str
    outcome: str
    nik_hash: str  # "" when the event concerns no identified citizen (e.g. a read that failed)
    detail: str  # JSON object of counts and field names for the statistics (see detail_json); "" for none
    prev_hash: str
    row_hash: str


COLUMNS = tuple(f.name for f in fields(Row))
CHAINED = COLUMNS[:-2]  # what row_hash covers besides prev_hash


@dataclass(frozen=True)
class Broken:
    """The first row where the chain does not hold."""

    row_id: int
    reason: str
    workstation: str = ""  # on an office server: whose chain


class AuditKeyError(Exception):
    """The installation secret is missing or is not the one the trail was written with."""

    def __init__(self, message: str, id_text: str) -> None:
        super().__init__(message)
        self.id_text = id_text


class AuditUnavailable(Exception):
    """The audit trail cannot take the row that an access to a citizen's data needs: the access is refused.

    UU 27/2022: every read, lookup, print and export of personal data is recorded, or it does not happen.
    """

    exit_code = ExitCode.AUDIT_UNAVAILABLE
    id_text = QT_TRANSLATE_NOOP(
        "Core", "Catatan audit tidak dapat ditulis (folder data Loket penuh, hanya-baca atau rusak), sehingga "
                "data warga tidak ditampilkan, dicetak atau disimpan. Hubungi petugas IT.")

    def __init__(self, cause: BaseException | None = None) -> None:
        super().__init__(f"audit trail not writable: {type(cause).__name__ if cause else 'unknown'}")
        # A cause that has its own sentence (storage.backend unknown, the key missing) says what to fix.
        self.id_text = getattr(cause, "id_text", "") or AuditUnavailable.id_text


def derive(key: bytes, purpose: bytes) -> bytes:
    return hmac.new(key, b"loket-audit/" + purpose, hashlib.sha256).digest()


def row_hash(key: bytes, prev_hash: str, values: tuple[object, ...]) -> str:
    # An empty detail (the last chained value) is left out, so rows from before the column keep their hash.
    if values and values[-1] == "":
        values = values[:-1]
    body = json.dumps([prev_hash, *values], ensure_ascii=False, separators=(",", ":"))
    return hmac.new(derive(key, b"chain"), body.encode(), hashlib.sha256).hexdigest()


_DETAIL_WORD = re.compile(r"[a-z][a-z0-9_]{0,40}")


def rechained(rows: list[Row], seq: int, prev_hash: str, key: bytes) -> list[Row]:
    """``rows`` (oldest first) chained anew after ``(seq, prev_hash)``: the same events, times and
    citizens, with new sequence numbers and hashes. Only for rows no server ever accepted (a counter
    reinstalled while its office server was away started its chain again at 1)."""
    out: list[Row] = []
    for n, row in enumerate(rows, start=seq + 1):
        common = astuple(row)[1:len(CHAINED)]
        digest = row_hash(key, prev_hash, (n, *common))
        out.append(Row(n, *common, prev_hash, digest))
        prev_hash = digest
    return out


def detail_json(detail: Mapping[str, object] | None) -> str:
    """Counts and field names only: the trail must never hold a value of the person, so anything else
    (a name, a number typed by the clerk) is refused here rather than trusted to every caller."""
    if not detail:
        return ""
    clean: dict[str, int | list[str]] = {}
    for name, value in detail.items():
        if not _DETAIL_WORD.fullmatch(name):
            raise ValueError(f"audit detail key {name!r} is not a plain name")
        if isinstance(value, int) and not isinstance(value, bool):
            clean[name] = value
        elif isinstance(value, list | tuple) and all(isinstance(v, str) and _DETAIL_WORD.fullmatch(v)
                                                      for v in value):
            clean[name] = list(value)
        else:
            raise ValueError(f"audit detail {name!r} must be a count or a list of field names")
    return json.dumps(clean, sort_keys=True, separators=(",", ":"))


def detail_of(row: Row) -> dict[str, object]:
    """The row's detail as a dict ({} when it has none)."""
    return json.loads(row.detail) if row.detail else {}


def keyed_nik_hash(key: bytes, nik: str) -> str:
    return hmac.new(derive(key, b"nik"), nik.encode(), hashlib.sha256).hexdigest()


def normalise_nik(nik: str) -> str:
    # An auditor may paste "3273 0145 0792 0001"; the hash must be the one the counter wrote.
    return re.sub(r"[\s.\-]", "", nik)
