"""A source scan the enum tests share: where a module spells one of a closed set of codes as a string literal
(an argument, a comparison, a key, a default), so the code must come from its enum instead."""

from __future__ import annotations

import ast
from collections.abc import Iterable


def spelled(source: str, codes: Iterable[str]) -> list[tuple[str, int]]:
    """Each string literal in ``source`` that is one of ``codes``, with its line."""
    wanted = set(codes)
    return [(node.value, node.lineno) for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in wanted]
