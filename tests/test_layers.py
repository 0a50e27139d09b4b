"""The architecture is checked, not hoped for: Qt stays out of the core, arrows point one way."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "tl342"

# package -> packages of ours it may import (architecture.md)
ALLOWED = {
    "core": {"core"},
    "store": {"store", "core"},
    "io": {"io", "store", "core"},
    "services": {"services", "store", "core"},
    "render": {"render", "core"},
    "exports": {"exports", "render", "services", "store", "core", "io", "resources"},
    "ui": {"ui", "render", "exports", "services", "io", "store", "core", "resources", "top"},
}
QT_ALLOWED = {"ui", "render"}  # exports may import QtGui lazily, inside functions only


def _modules():
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC)
        if rel.parts[0] == "store" and "migrations" in rel.parts:
            continue
        layer = rel.parts[0] if len(rel.parts) > 1 else "top"
        yield path, layer


def _imports(tree: ast.AST, path: Path):
    """(module name, is top-level) for every import in the file, resolved to absolute names."""
    pkg = ["tl342", *path.relative_to(SRC).parent.parts]
    top_level = set(map(id, getattr(tree, "body", [])))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                yield a.name, id(node) in top_level
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = pkg[: len(pkg) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            yield name, id(node) in top_level


@pytest.mark.parametrize("path,layer", list(_modules()), ids=lambda v: str(v))
def test_module_respects_layers(path, layer):
    """Each module imports only the layers its arrow allows, and Qt only where it may."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for name, top in _imports(tree, path):
        if name.startswith("PySide6"):
            if layer in QT_ALLOWED:
                continue
            assert layer == "exports" and not top, f"{path}: imports {name} at top level"
            continue
        if name.startswith("tl342."):
            target = name.split(".")[1]
            if (SRC / f"{target}.py").exists():  # cli, summary, listing, dashboard
                target = "cli" if target == "cli" else "top"
            if layer in ("top", "cli"):  # anything but ui (`tl342 gui` starts it lazily)
                assert target != "ui" or not top, f"{path}: imports {name} at top level"
                continue
            if target == "cli" and layer != "cli":
                pytest.fail(f"{path}: nothing may import the CLI")
            assert target in ALLOWED[layer], f"{path}: layer {layer} may not import {name}"


def test_core_store_io_load_without_qt():
    """Importing the whole non-GUI package (core, store, io, exports, cli) loads no Qt module."""
    code = (
        "import sys, importlib, pkgutil, tl342\n"
        "for m in pkgutil.walk_packages(tl342.__path__, 'tl342.'):\n"
        "    if m.name.split('.')[1] in ('ui', 'render', 'sample_data') or 'migrations' in m.name:\n"
        "        continue\n"
        "    importlib.import_module(m.name)\n"
        "bad = sorted(k for k in sys.modules if k.startswith('PySide6'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"Qt loaded by the core: {out.stdout}"
