"""The architecture is checked, not hoped for: import-linter contracts (pyproject.toml) hold,
a planted violation breaks them, and the non-GUI package loads no Qt."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).with_name("lint-imports")


def _lint(cwd: Path, pythonpath: Path, *contracts: str) -> subprocess.CompletedProcess:
    only = [a for c in contracts for a in ("--contract", c)]
    return subprocess.run(
        [str(LINT), "--no-cache", "--no-logo", *only, str(ROOT / "pyproject.toml")],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(pythonpath), "PATH": "/usr/bin:/bin"},
    )


def test_import_contracts_hold():
    """`lint-imports` keeps every contract (layers, independence, no Qt in the core)."""
    out = _lint(ROOT, ROOT / "src")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "0 broken" in out.stdout


PLANTS = {  # contract id -> (module, forbidden import planted in it)
    "layers": ("core/_planted.py", "from tl342.services import listing\n"),
    "no-qt-in-core": ("store/_planted.py", "from PySide6 import QtCore\n"),
    "render-core-only": ("render/_planted.py", "def f():\n    from tl342.store import repo\n"),
    "cli-commands-independent": ("cli/cmd_query.py", "from . import cmd_events\n"),
}


def test_planted_violations_fail(tmp_path):
    """Forbidden imports planted in a copy of the package break exactly their contracts."""
    src = tmp_path / "src"
    shutil.copytree(ROOT / "src" / "tl342", src / "tl342", ignore=shutil.ignore_patterns("__pycache__"))
    for module, line in PLANTS.values():
        target = src / "tl342" / module
        before = target.read_text(encoding="utf-8") if target.exists() else ""
        target.write_text(before + line, encoding="utf-8")
    out = _lint(tmp_path, src)
    assert out.returncode == 1, out.stdout + out.stderr
    assert f"{len(PLANTS)} broken" in out.stdout, out.stdout
    for needle in ("tl342.core._planted -> tl342.services.listing", "tl342.store._planted",
                   "tl342.render._planted -> tl342.store.repo", "tl342.cli.cmd_events"):
        assert needle in out.stdout, out.stdout


def test_core_store_io_load_without_qt():
    """Importing the whole non-GUI package (core, store, io, services, exports, cli) loads no Qt module."""
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
