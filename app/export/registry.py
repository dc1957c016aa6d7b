"""The export targets, found once: every module of ``app/export/targets/`` and its ``TARGET`` declaration.

The one list everything else is derived from: ``loket export``'s choices and flags (app/cli/export.py), the
window's Ekspor menu (app/ui/export_action.py), the local card service's ``?format=`` (app/webapi/person.py),
the README's table (``python -m app.export.registry`` prints it; a test keeps it equal) and the tests.
A module there without a whole declaration, or two declaring one id, stops this import: a target that is
half there never falls through to another's file.

Light on purpose: the window imports it at its start, so the targets' modules import nothing heavy at the top.
"""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil

from app.export import targets as _package
from app.export.target import Target, TargetError


def _discover() -> dict[str, Target]:
    found: dict[str, Target] = {}
    for info in sorted(pkgutil.iter_modules(_package.__path__), key=lambda i: i.name):
        name = f"{_package.__name__}.{info.name}"
        module = importlib.import_module(name)
        target = getattr(module, "TARGET", None)
        if not isinstance(target, Target):
            raise TargetError(f"{name} declares no TARGET = Target(…) (every module in app/export/targets/ is "
                              "one export target)")
        if target.id in found:
            raise TargetError(f"{name}: export target '{target.id}' is also declared by {found[target.id].module}")
        found[target.id] = dataclasses.replace(target, module=name)
    if not found:
        raise TargetError(f"no export target in {_package.__name__} (a frozen build must collect its modules)")
    for target in found.values():
        base = found.get(target.variant_of)
        if target.variant_of and (base is None or base.variant_of):
            raise TargetError(f"{target.module}: variant_of '{target.variant_of}' is not an export target")
    flags = [t.flag for t in found.values() if t.flag]
    if len(flags) != len(set(flags)):
        raise TargetError(f"two export targets declare the same flag ({', '.join(sorted(flags))})")
    return dict(sorted(found.items()))


TARGETS: dict[str, Target] = _discover()


def get(target_id: str) -> Target | None:
    return TARGETS.get(target_id)


def commands() -> list[str]:
    """What `loket export` takes as its TARGET: every target that is not a variant of another."""
    return [t.id for t in TARGETS.values() if not t.variant_of]


def variants() -> list[Target]:
    return [t for t in TARGETS.values() if t.variant_of]


def web_formats() -> dict[str, Target]:
    """The targets an office web system may ask for as ``?format=ID``."""
    return {t.id: t for t in TARGETS.values() if t.media_type}


def how_to_ask(target: Target) -> str:
    return f"`loket export {target.variant_of} {target.flag}`" if target.variant_of else f"`loket export {target.id}`"


def table() -> str:
    """The README's table of targets (Markdown), from the declarations."""
    lines = ["| target | command | file | `--set` extras | `?format=` (local card service) |",
             "|---|---|---|---|---|"]
    for t in TARGETS.values():
        extras = ", ".join(f"`{e}`" for e in t.extras) or "—"
        web = f"`{t.id}` ({t.media_type.split(';')[0]})" if t.media_type else "—"
        lines.append(f"| {t.label_en} | {how_to_ask(t)} | `{t.suffix}` | {extras} | {web} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(table(), end="")
