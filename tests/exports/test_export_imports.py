"""The export modules import each other in one direction (no cycle, issue 13)."""

from __future__ import annotations

import ast
from pathlib import Path

import tl342.exports as pkg

ROOT = Path(pkg.__file__).parent


def _imports(module: str) -> set[str]:
    """Sibling export modules that ``module`` imports anywhere (top level or in a function)."""
    tree = ast.parse((ROOT / f"{module}.py").read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                out.add(node.module.split(".")[0])
            else:
                out.update(a.name for a in node.names)
    return out & {p.stem for p in ROOT.glob("*.py")}


def test_no_import_cycle_between_export_modules():
    """Following the sibling imports from any export module never leads back to it
    (atlas <-> mapsheet used to import each other)."""
    graph = {p.stem: _imports(p.stem) for p in ROOT.glob("*.py") if p.stem != "__init__"}
    for start in graph:
        seen, todo = set(), list(graph[start])
        while todo:
            m = todo.pop()
            assert m != start, f"import cycle through {start}"
            if m not in seen:
                seen.add(m)
                todo.extend(graph.get(m, ()))
    assert not {"atlas", "stretch", "mapexport", "pack"} & graph["mapsheet"]
