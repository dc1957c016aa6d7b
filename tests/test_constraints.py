"""A fresh install resolves the versions the suite passed with: every package pinned in constraints.txt is
installed at exactly that version, and every runtime dependency of pyproject.toml is pinned there."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def pins() -> dict[str, str]:
    out = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            out[_norm(name)] = version.strip()
    return out


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_the_installed_versions_are_the_pinned_ones() -> None:
    wrong = {}
    for name, version in pins().items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue  # pinned for another platform's dependency tree
        if installed != version:
            wrong[name] = (installed, version)
    assert not wrong, f"installed ≠ constraints.txt (run scripts/setup.sh): {wrong}"


def test_every_dependency_is_pinned() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = list(project["dependencies"]) + list(project.get("optional-dependencies", {}).get("test", []))
    names = {_norm(re.split(r"[\s<>=!~;\[]", dep, maxsplit=1)[0]) for dep in wanted}
    assert names <= set(pins()), f"not in constraints.txt: {sorted(names - set(pins()))}"
