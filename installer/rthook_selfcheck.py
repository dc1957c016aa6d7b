"""PyInstaller runtime hook: ``LOKET_BUNDLE_SELFCHECK=1 loket`` checks the frozen bundle and exits.

It prints one JSON object: the version from the bundled dist-info, every ``loket.card_profiles`` entry point
(and whether it loads), the data files the code opens by path, and the Qt plugins that were collected. Exit
code 0 when all is there. CI and IT use it to tell "the bundle is incomplete" from "this PC is misconfigured".
Without the variable the hook does nothing.
"""

import os


def _selfcheck() -> int:
    import json
    import sys
    from importlib import metadata
    from pathlib import Path

    root = Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
    report: dict[str, object] = {"executable": sys.executable, "bundle": str(root)}
    ok = True
    try:
        report["version"] = metadata.version("loket")
    except metadata.PackageNotFoundError:
        report["version"] = None
        ok = False
    profiles = []
    for ep in metadata.entry_points(group="loket.card_profiles"):
        try:
            ep.load()
            loaded = True
        except Exception as exc:  # report, do not crash: this is a diagnostic
            loaded = f"{type(exc).__name__}: {exc}"
            ok = False
        profiles.append({"name": ep.name, "value": ep.value, "loads": loaded})
    report["card_profiles"] = profiles
    ok = ok and any(p["name"] == "ektp" for p in profiles)
    files = {
        "reader/biodata_fields.json": (root / "reader" / "biodata_fields.json").is_file(),
        "resources/provinces.json": (root / "resources" / "provinces.json").is_file(),
        "resources/fonts/DejaVuSans.ttf": (root / "resources" / "fonts" / "DejaVuSans.ttf").is_file(),
        "forms/templates": len(list((root / "forms" / "templates").glob("*"))),
    }
    report["data"] = files
    ok = ok and all(bool(v) for v in files.values())
    plugins = root / "PySide6" / "Qt" / "plugins"
    if not plugins.is_dir():
        plugins = root / "PySide6" / "plugins"  # the Windows wheels' layout
    report["qt_plugins"] = {d.name: sorted(f.name for f in d.iterdir()) for d in sorted(plugins.iterdir())
                            if d.is_dir()} if plugins.is_dir() else None
    report["ok"] = ok
    print(json.dumps(report, indent=2))
    return 0 if ok else 1


if os.environ.get("LOKET_BUNDLE_SELFCHECK") == "1":
    raise SystemExit(_selfcheck())
