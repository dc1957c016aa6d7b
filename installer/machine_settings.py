"""Write the per-machine Loket settings file from the installer's public properties.

The MSI runs this (as ``loket-machine-settings.exe``, deferred, as SYSTEM) with the values given to
``msiexec /i Loket.msi REGISTRY_URL=... AGENCY=... LETTERHEAD_NAME=... LANGUAGE=...``. Only non-empty values
are written and everything else in an existing file is kept, so a repair or an upgrade without properties
does not erase what IT configured. The file never holds a secret: credentials go to the OS keyring with
``loket credentials set`` after install.

It also sets the Smart Card service (SCardSvr) to start automatically and starts it, unless
``--scard-autostart 0``; a failure there is logged, not fatal (the service may be disabled by policy).

Every value is checked against the same schema the app reads the file with (``app/base/settings_schema.py``):
a value the app would refuse is refused here, at install time, with the schema's reason. It is frozen with
that module and what it needs (pydantic, ``reader.options``), not the rest of Loket.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

# installer property -> (command-line flag, path in the settings JSON)
FIELDS = {
    "REGISTRY_URL": ("--registry-url", ("registry", "base_url")),
    "AGENCY": ("--agency", ("registry", "agency")),
    # The office's own line on every letterhead of this PC (app/letters/formdata.py office_for).
    "LETTERHEAD_NAME": ("--letterhead-name", ("forms", "letterhead_name")),
    "LANGUAGE": ("--language", ("gui", "language")),  # what app/ui/i18n.py reads
}


def default_path() -> Path:
    """Where app/base/settings.py looks for the machine-wide file (machine_config_path there)."""
    env = os.environ.get("LOKET_MACHINE_CONFIG")
    if env:
        return Path(env)
    if sys.platform == "win32":
        return Path(os.environ.get("PROGRAMDATA", r"C:\ProgramData")) / "Loket" / "settings.json"
    return Path("/etc/loket/settings.json")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="loket-machine-settings", description=__doc__.split("\n\n")[0])
    p.add_argument("--path", type=Path, help="settings file to update (default: the per-machine location)")
    p.add_argument("--log", type=Path, help="also append what was done to this file")
    p.add_argument("--scard-autostart", default="1", metavar="SCARD_AUTOSTART",
                   help="1 (default): set SCardSvr to start automatically and start it; 0: leave it")
    for prop, (flag, keys) in FIELDS.items():
        p.add_argument(flag, default="", metavar=prop, help=f"sets {'.'.join(keys)} (empty: unchanged)")
    return p.parse_args(argv)


def _refused(values: dict[tuple[str, str], str]) -> list[str]:
    """What the app's settings schema would not take, one line per installer property."""
    try:
        from app.base import settings_schema
    except ImportError:  # run from a checkout without Loket installed: its folder is the repository's
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        from app.base import settings_schema
    data: dict[str, dict[str, str]] = {}
    for (section, key), value in values.items():
        data.setdefault(section, {})[key] = value
    _, problems = settings_schema.check(data)
    prop_of = {".".join(keys): prop for prop, (_flag, keys) in FIELDS.items()}
    return [f"{prop_of.get(p.path, p.path)}: {p.reason} ({p.path}, value {values_at(values, p.path)!r})"
            for p in problems if not p.unknown]


def values_at(values: dict[tuple[str, str], str], path: str) -> str:
    return values.get(tuple(path.split(".", 1)), "")  # type: ignore[arg-type]


def update(path: Path, values: dict[tuple[str, str], str]) -> dict:
    data: dict = {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
    except FileNotFoundError:
        data = {}
    except (OSError, ValueError) as exc:
        broken = path.with_name(f"{path.name}.broken-{time.strftime('%Y%m%d%H%M%S')}")
        path.replace(broken)
        print(f"{path} was unreadable ({exc}); kept as {broken}", file=sys.stderr)  # the log has it too
        data = {}
    for (section, key), value in values.items():
        if not isinstance(data.get(section), dict):
            data[section] = {}
        data[section][key] = value
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)
    return data


class Log:
    def __init__(self, path: Path | None) -> None:
        self.path = path

    def __call__(self, text: str, error: bool = False) -> None:
        print(text, file=sys.stderr if error else sys.stdout)
        if self.path is not None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                with self.path.open("a", encoding="utf-8") as f:
                    f.write(f"{time.strftime('%Y-%m-%d %H:%M:%S')} {'ERROR ' if error else ''}{text}\n")
            except OSError:
                pass


def smart_card_service(log: Log, run: object = subprocess.run) -> bool:
    """SCardSvr: start type automatic, then started. Windows only; never raises."""
    if sys.platform != "win32":
        log("SCardSvr: not Windows, nothing to do")
        return True
    sc = str(Path(os.environ.get("SystemRoot", r"C:\Windows")) / "System32" / "sc.exe")
    ok = True
    for args in (["config", "SCardSvr", "start=", "auto"], ["start", "SCardSvr"]):
        try:
            result = run([sc, *args], capture_output=True, text=True, timeout=60)
            # 1056 = ERROR_SERVICE_ALREADY_RUNNING
            done = result.returncode == 0 or (args[0] == "start" and result.returncode == 1056)
            log(f"sc {' '.join(args)}: exit {result.returncode}", error=not done)
            ok = ok and done
        except (OSError, subprocess.SubprocessError) as exc:
            log(f"sc {' '.join(args)}: {exc}", error=True)
            ok = False
    return ok


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    log = Log(args.log)
    values: dict[tuple[str, str], str] = {}
    for _prop, (flag, keys) in FIELDS.items():
        value = getattr(args, flag[2:].replace("-", "_")).strip()
        if value:
            values[keys] = value
    refused = _refused(values)
    if refused:
        for line in refused:
            log(line, error=True)
        return 2
    if args.scard_autostart.strip() not in ("", "0", "1"):
        log(f"SCARD_AUTOSTART must be 0 or 1, not {args.scard_autostart!r}", error=True)
        return 2
    path = args.path or default_path()
    if values:
        try:
            update(path, values)
        except OSError as exc:
            log(f"cannot write {path}: {exc}", error=True)
            return 1
        log(f"wrote {', '.join('.'.join(k) for k in values)} to {path}")
    else:
        log(f"no settings given; {path} unchanged")
    if args.scard_autostart.strip() != "0":
        smart_card_service(log)
    return 0


if __name__ == "__main__":
    sys.exit(main())
