"""Per-machine settings: one JSON file, never holding a secret.

``LOKET_CONFIG`` points at the file (tests and IT scripts use it so a user's real settings are never
touched); otherwise it lives in the per-user config folder. Unknown keys are kept as they are so an older
Loket does not erase what a newer one wrote.

Precedence: per-machine defaults (``machine_config_path``, written by the installer) < per-user file < the
command line. With ``LOKET_CONFIG`` set, only that file is read unless ``LOKET_MACHINE_CONFIG`` is set too.

A file that cannot be used never stops the counter: ``load`` falls back to the defaults for what it could
not use, keeps a copy of the bad file beside it (``settings.json.rusak-YYYYmmdd-HHMMSS``) for IT, and puts
one Indonesian sentence per problem in ``Settings.problems`` for the CLI (stderr) and the GUI (message area).
"""

from __future__ import annotations

import json
import logging
import math
import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from app.logsetup import failure
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


def load(path: Path | None = None) -> Settings:
    """``path`` alone when given; else the machine-wide defaults with the per-user file merged over them.
    Never raises for a bad file: see the module docstring."""
    machine = None if path else machine_config_path()
    user = path or config_path()
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
    settings = Settings()
    _fill(settings, data)
    try:
        settings.card.check()
    except (ValueError, TypeError) as exc:  # the card code would trip over it mid-read: card defaults
        log.warning("settings: invalid card options (%s); using the card defaults", exc)
        settings.card = CardOptions()
        backup = _backup(user, move=False) if user.exists() else None
        problems.append("Pengaturan kartu tidak valid; Loket memakai pengaturan kartu bawaan"
                        + (f" (salinan berkas: {backup.name})" if backup else "") + ". Hubungi petugas IT.")
    settings.problems = problems
    return settings


def _backup(path: Path, *, move: bool) -> Path | None:
    """``settings.json.rusak-YYYYmmdd-HHMMSS`` beside the file, else in the per-user folder; None if neither
    can be written."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
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
                shutil.copyfile(path, target)
            return target
        except OSError as exc:
            log.warning("settings: cannot keep a copy of %s in %s (%s)", path, folder, failure(exc))
    return None


def _set_aside(path: Path, *, move: bool, cause: SettingsError) -> str:
    log.warning("%s; using the defaults", cause)
    backup = _backup(path, move=move)
    kept = f" Salinannya disimpan sebagai {backup.name}." if backup else ""
    return f"Berkas pengaturan {path.name} rusak; Loket memakai pengaturan bawaan.{kept} Hubungi petugas IT."


def tell(settings: Settings, write: Callable[[str], object]) -> None:
    """Hand each problem of ``load`` to ``write`` (the CLI's stderr): once per process, since ``load``
    already moved the bad file aside."""
    for line in settings.problems:
        write(line)


def _read(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
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


def save(settings: Settings, path: Path | None = None) -> Path:
    path = path or config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    data = asdict(settings)
    data.pop("problems")
    data.update(data.pop("extra"))
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)  # atomic: a power cut never leaves half a settings file
    return path


class SettingsError(Exception):
    def __init__(self, path: Path, cause: Exception) -> None:
        super().__init__(f"settings file {path} cannot be read: {cause}")
        self.path = path
        self.id_text = f"Berkas pengaturan {path} rusak atau tidak dapat dibaca. Hubungi petugas IT."
