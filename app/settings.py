"""Per-machine settings: one JSON file, never holding a secret.

``LOKET_CONFIG`` points at the file (tests and IT scripts use it so a user's real settings are never
touched); otherwise it lives in the per-user config folder. Unknown keys are kept as they are so an older
Loket does not erase what a newer one wrote.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any

from reader.options import CardOptions


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


def config_path() -> Path:
    env = os.environ.get("LOKET_CONFIG")
    if env:
        return Path(env)
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA", Path.home()))
        return base / "Loket" / "settings.json"
    base = Path(os.environ.get("XDG_CONFIG_HOME", Path.home() / ".config"))
    return base / "loket" / "settings.json"


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


def _compatible(current: object, value: object) -> bool:
    # A hand-edited file with a wrong type keeps the default rather than crashing the counter later.
    if isinstance(current, bool):
        return isinstance(value, bool)
    if isinstance(current, int | float):
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, type(current))


def load(path: Path | None = None) -> Settings:
    path = path or config_path()
    settings = Settings()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return settings
    except (OSError, ValueError) as exc:
        raise SettingsError(path, exc) from exc
    if isinstance(data, dict):
        _fill(settings, data)
    return settings


def save(settings: Settings, path: Path | None = None) -> Path:
    path = path or config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    data = asdict(settings)
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
