"""Per-machine settings: one JSON file, never holding a secret.

``LOKET_CONFIG`` points at the file (tests and IT scripts use it so a user's real settings are never
touched); otherwise it lives in the per-user config folder. Unknown keys are kept as they are so an older
Loket does not erase what a newer one wrote.

Precedence: per-machine defaults (``machine_config_path``, written by the installer) < per-user file < the
command line. With ``LOKET_CONFIG`` set, only that file is read unless ``LOKET_MACHINE_CONFIG`` is set too.

A file that cannot be used never stops the counter: ``load`` falls back to the defaults for what it could
not use, keeps a copy of the bad file beside it (``settings.json.rusak-YYYYmmdd-HHMMSS``) for IT, and puts
one Indonesian sentence per problem in ``Settings.problems`` for the CLI (stderr) and the GUI (message area).
Values are checked field by field against ``app/base/settings_schema.py``: a wrong one falls back alone, an
unknown key is kept and named, both in one sentence.
"""

from __future__ import annotations

import copy
import errno
import json
import logging
import math
import os
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from app.base.clerktext import QT_TRANSLATE_NOOP
from app.base.logsetup import failure
from reader.options import CardOptions

log = logging.getLogger("loket.settings")


@dataclass
class ReaderSettings:
    card_reader: str = ""  # substring of the PC/SC reader name; empty = find by probing
    sam_reader: str = ""
    ignore_readers: list[str] = field(default_factory=lambda: ["Yubico", "YubiKey", "Nitrokey", "Windows Hello"])


@dataclass
class RegistrySettings:
    base_url: str = ""
    agency: str = ""
    ip_user: str = ""  # empty = detect from the route to the registry host
    ca_bundle: str = ""
    budget_seconds: float = 4.0


@dataclass
class Settings:
    readers: ReaderSettings = field(default_factory=ReaderSettings)
    card: CardOptions = field(default_factory=CardOptions)
    registry: RegistrySettings = field(default_factory=RegistrySettings)
    extra: dict[str, Any] = field(default_factory=dict)
    # What ``load`` could not use, one Indonesian sentence each; never written back by ``save``.
    problems: list[str] = field(default_factory=list)


def config_path() -> Path:
    env = os.environ.get("LOKET_CONFIG")
    if env:
        return Path(env)
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA", Path.home()))
        return base / "Loket" / "settings.json"
    base = Path(os.environ.get("XDG_CONFIG_HOME", Path.home() / ".config"))
    return base / "loket" / "settings.json"


def machine_config_path() -> Path | None:
    """The machine-wide defaults the installer writes; ``None`` when there is none to read."""
    env = os.environ.get("LOKET_MACHINE_CONFIG")
    if env:
        return Path(env)
    if os.environ.get("LOKET_CONFIG"):
        return None  # an explicit file stands alone: tests and IT scripts see exactly what they wrote
    if sys.platform == "win32":
        return Path(os.environ.get("PROGRAMDATA", r"C:\ProgramData")) / "Loket" / "settings.json"
    return Path("/etc/loket/settings.json")


def peek(section: str, key: str) -> object:
    """One raw value as the files say it (the user's over the machine's), or None: for what must be known
    before the command runs (the command line's language, the keyring), without ``load``'s checks and without
    taking a broken file's sentence away from the command that loads it."""
    from forms.files import read_regular_text

    found = None
    for path in (machine_config_path(), config_path()):
        try:  # a FIFO or /dev/zero as the settings file must not hold `loket --help` either
            part = json.loads(read_regular_text(path, SETTINGS_LIMIT)).get(section) if path else None
        except (OSError, ValueError, AttributeError, RecursionError):
            continue
        if isinstance(part, dict) and key in part:
            found = part[key]
    return found


def _fill(obj: Any, data: dict[str, Any]) -> None:
    known = {f.name for f in fields(obj)}
    for key, value in data.items():
        if key not in known:
            if hasattr(obj, "extra"):
                obj.extra[key] = value
            continue
        current = getattr(obj, key)
        if is_dataclass(current) and isinstance(value, dict):
            _fill(current, value)
        elif _compatible(current, value):
            setattr(obj, key, value)


MAX_NUMBER = 1e9  # no count, size or number of seconds in the settings comes near a billion


def _compatible(current: object, value: object) -> bool:
    # A hand-edited file with a wrong type keeps the default rather than crashing the counter later.
    if isinstance(current, bool):
        return isinstance(value, bool)
    if isinstance(current, int | float):
        # NaN, Infinity and 1e300 are valid JSON numbers to Python and no setting's sane value: a timer
        # or a budget built from one overflows later, mid-service.
        return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value) \
            and abs(value) <= MAX_NUMBER
    return isinstance(value, type(current))


_cache: dict[tuple[object, ...], Settings] = {}


def _stamp(path: Path | None) -> object:
    if path is None:
        return None
    try:
        st = path.stat()
    except OSError:
        return (str(path), None)
    return (str(path), st.st_mtime_ns, st.st_size, st.st_ino)


def load(path: Path | None = None) -> Settings:
    """``path`` alone when given; else the machine-wide defaults with the per-user file merged over them.
    Never raises for a bad file: see the module docstring.

    Read once per process while the files stay as they are: every audit row and storage call asks for the
    settings, and a broken file must be set aside once, not once per row (a copy per read filled disks)."""
    machine = None if path else machine_config_path()
    user = path or config_path()
    key = (_stamp(machine), _stamp(user))
    cached = _cache.get(key)
    if cached is None:
        cached = _cache[key] = _load(machine, user)
        if len(_cache) > 8:  # files that changed: only the newest state matters
            for old in list(_cache)[:-8]:
                _cache.pop(old, None)
    return copy.deepcopy(cached)  # a caller's changes (the window's) are its own until saved


def _load(machine: Path | None, user: Path) -> Settings:
    data: dict[str, Any] = {}
    problems: list[str] = []
    for source in (machine, user):
        if source is None:
            continue
        try:
            data = _merged(data, _read(source))
        except SettingsError as exc:
            # The user's own file is moved aside so the next save starts clean; the installer's file is only
            # copied (the clerk usually may not change it, and IT will want to see it where it was).
            problems.append(_set_aside(source, move=source == user, cause=exc))
    if not _known_clean(data, user):
        from app.base import settings_schema

        data, found = settings_schema.check(data)
        if found:
            log.warning("settings: %s", settings_schema.log_text(found))
            problems.append(settings_schema.sentence(found))
        else:
            _remember_clean(data, user)
    settings = Settings()
    _fill(settings, data)
    try:
        settings.card.check()
    except (ValueError, TypeError) as exc:  # the card code would trip over it mid-read: card defaults
        log.warning("settings: invalid card options (%s); using the card defaults", exc)
        settings.card = CardOptions()
        backup = _backup(user, move=False) if user.exists() else None
        problems.append(QT_TRANSLATE_NOOP("Core", "Pengaturan kartu tidak valid; Loket memakai pengaturan kartu "
                                                  "bawaan (salinan berkas: {name}). Hubungi petugas IT.").format(
            name=backup.name) if backup else QT_TRANSLATE_NOOP(
            "Core", "Pengaturan kartu tidak valid; Loket memakai pengaturan kartu bawaan. Hubungi petugas IT."))
    settings.problems = problems
    return settings


# The schema (pydantic) costs a command ~0.1 s to import; `loket read --json` is a 0.18 s process. Files
# that already passed it, unchanged, with the same schema, are not checked again: the stamp beside the user
# file holds a digest of the merged settings and of the schema's source — no value of them.
CHECKED_NAME = ".settings-checked"


def _digest(data: dict[str, Any]) -> str | None:
    import hashlib
    from importlib.util import find_spec

    from app import __version__

    try:
        spec = find_spec("app.base.settings_schema")
        origin = Path(spec.origin) if spec and spec.origin else None
        schema = origin.read_bytes() if origin and origin.is_file() else __version__.encode()
        body = json.dumps(data, sort_keys=True, ensure_ascii=False, allow_nan=True).encode()
    except (OSError, ValueError, TypeError, RecursionError):
        return None
    return hashlib.sha256(schema + b"\0" + body).hexdigest()


def _known_clean(data: dict[str, Any], user: Path) -> bool:
    digest = _digest(data)
    try:
        return digest is not None and (user.parent / CHECKED_NAME).read_text(encoding="ascii").strip() == digest
    except (OSError, ValueError):
        return False


def _remember_clean(data: dict[str, Any], user: Path) -> None:
    digest = _digest(data)
    if digest is None or not user.parent.is_dir():
        return
    from app.base.outfile import SaveFailed, write_output

    try:
        write_output(user.parent / CHECKED_NAME, digest.encode("ascii") + b"\n")
    except SaveFailed as exc:  # a read-only profile checks each time: slower, never wrong
        log.info("settings: check stamp not kept (%s)", exc)


def _backup(path: Path, *, move: bool) -> Path | None:
    """``settings.json.rusak-YYYYmmdd-HHMMSS`` beside the file, else in the per-user folder; None if neither
    can be written. A broken file already kept (the same bytes) is not copied again: the installer's file
    stays broken until IT fixes it, and each start of Loket must not add a copy."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    kept = _kept_copy(path)
    if kept is not None and not move:
        return kept
    for folder in dict.fromkeys((path.parent, config_path().parent)):
        target = folder / f"{path.name}.rusak-{stamp}"
        n = 1
        while target.exists():  # two loads in one second must not overwrite the first copy
            n += 1
            target = folder / f"{path.name}.rusak-{stamp}-{n}"
        try:
            if move and folder == path.parent:
                path.replace(target)
            else:
                folder.mkdir(parents=True, exist_ok=True)
                import shutil  # here: every command loads the settings, few ever copy a broken file

                shutil.copyfile(path, target)
            return target
        except OSError as exc:
            log.warning("settings: cannot keep a copy of %s in %s (%s)", path, folder, failure(exc))
    return None


def _kept_copy(path: Path) -> Path | None:
    try:
        body = path.read_bytes()
    except OSError:
        return None
    for folder in dict.fromkeys((path.parent, config_path().parent)):
        try:
            copies = sorted(folder.glob(f"{path.name}.rusak-*"))
        except OSError:
            continue
        for candidate in copies[-50:]:
            try:
                if candidate.stat().st_size == len(body) and candidate.read_bytes() == body:
                    return candidate
            except OSError:
                continue
    return None


def _set_aside(path: Path, *, move: bool, cause: SettingsError) -> str:
    from forms.files import NotRegular

    log.warning("%s; using the defaults", cause)
    if isinstance(cause.cause, NotRegular):  # a FIFO, /dev/zero, a folder, a huge file: nothing to copy
        return QT_TRANSLATE_NOOP("Core", "Berkas pengaturan {name} tidak dipakai ({why}); Loket memakai "
                                         "pengaturan bawaan. Hubungi petugas IT.").format(
            name=path.name, why=cause.cause.strerror)
    backup = _backup(path, move=move)
    if backup:
        return QT_TRANSLATE_NOOP("Core", "Berkas pengaturan {name} rusak; Loket memakai pengaturan bawaan. "
                                         "Salinannya disimpan sebagai {copy}. Hubungi petugas IT.").format(
            name=path.name, copy=backup.name)
    return QT_TRANSLATE_NOOP("Core", "Berkas pengaturan {name} rusak; Loket memakai pengaturan bawaan. Hubungi "
                                     "petugas IT.").format(name=path.name)


def tell(settings: Settings, write: Callable[[str], object]) -> None:
    """Hand each problem of ``load`` to ``write`` (the CLI's stderr): once per process, since ``load``
    already moved the bad file aside."""
    for line in settings.problems:
        write(line)


SETTINGS_LIMIT = 1024 * 1024  # a settings file is a few KB; a bigger one is not one


def _read(path: Path) -> dict[str, Any]:
    from forms.files import read_regular_text

    try:
        text = read_regular_text(path, SETTINGS_LIMIT)
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise SettingsError(path, exc) from exc
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:  # nested thousands deep: Python's parser recurses
        raise SettingsError(path, ValueError(f"not a settings object ({type(exc).__name__})")) from None
    if not isinstance(data, dict):
        raise SettingsError(path, ValueError(f"top level is a {type(data).__name__}, not an object"))
    return data


def _merged(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    # Key by key at every depth: a user's "registry": {"agency": ...} keeps the machine's base_url.
    out = dict(base)
    for key, value in over.items():
        out[key] = _merged(out[key], value) if isinstance(out.get(key), dict) and isinstance(value, dict) else value
    return out


def as_data(settings: Settings) -> dict[str, Any]:
    """The settings as the file spells them (``extra`` keys at the top level)."""
    data = asdict(settings)
    data.pop("problems")
    data.update(data.pop("extra"))
    return data


def baseline(path: Path | None = None) -> dict[str, Any]:
    """What the user file is written against: the defaults with the machine-wide file (IT's) over them.
    Only the per-user file goes without it (``path`` given, or LOKET_CONFIG without LOKET_MACHINE_CONFIG)."""
    base = as_data(Settings())
    machine = machine_config_path() if path is None or path == config_path() else None
    if machine is not None:
        try:
            over = _read(machine)
        except SettingsError:
            over = {}
        settings = Settings()
        _fill(settings, _merged(as_data(Settings()), over))
        base = as_data(settings)
    return base


def _changes(current: Any, base: Any) -> Any:
    """What ``current`` has that ``base`` has not, key by key at every depth (None: nothing)."""
    if isinstance(current, dict):
        base = base if isinstance(base, dict) else {}  # a section new to this file: all of it is a change
        out = {k: c for k, v in current.items() if (c := _changes(v, base.get(k, _MISSING))) is not None}
        return out or None  # an empty section says nothing
    return None if current == base else current


_MISSING = object()


def save(settings: Settings, path: Path | None = None) -> Path:
    """Write what the user changed — only that — into the per-user file. A value still equal to the machine
    file's (or the default) is left out, so it keeps following what IT sets there later."""
    from app.base.outfile import SaveFailed, write_output

    path = path or config_path()
    data = _changes(as_data(settings), baseline(path)) or {}
    path.parent.mkdir(parents=True, exist_ok=True)
    try:  # whole or not at all, fsynced: a power cut never leaves half a settings file
        write_output(path, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    except SaveFailed as exc:
        raise OSError(errno.EIO, exc.id_text) from None
    return path


class SettingsError(Exception):
    def __init__(self, path: Path, cause: Exception) -> None:
        kind = getattr(cause, "kind", "")  # forms.files.NotRegular: the English word, not the clerk's phrase
        super().__init__(f"settings file {path} cannot be read: {f'not a regular file ({kind})' if kind else cause}")
        self.path = path
        self.cause = cause
        self.id_text = QT_TRANSLATE_NOOP("Core", "Berkas pengaturan {path} rusak atau tidak dapat dibaca. Hubungi "
                                                 "petugas IT.").format(path=path)
