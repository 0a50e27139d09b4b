"""Data files ship with a normal (non-editable) install: every one is matched by package-data."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _package_dirs(cfg: dict) -> dict[str, Path]:
    """Each package's folder as setuptools finds it: the nearest package-dir entry + the rest."""
    mapping = cfg["package-dir"]
    dirs = {}
    for pkg in cfg["packages"]:
        parts = pkg.split(".")
        for i in range(len(parts), -1, -1):
            base = ".".join(parts[:i])
            if base in mapping:
                dirs[pkg] = ROOT / mapping[base] / Path(*parts[i:])
                break
    return dirs


def test_every_data_file_is_packaged():
    """A data file beside the code that no package-data glob ships would vanish from wheels."""
    cfg = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    dirs = _package_dirs(cfg)
    globs = cfg["package-data"]
    missing = []
    for pkg, folder in dirs.items():
        for path in folder.rglob("*"):
            if not path.is_file() or path.suffix in (".py", ".pyc") or "__pycache__" in path.parts:
                continue
            rel = path.relative_to(folder).as_posix()
            if any(
                str(path).startswith(str(d) + "/") and d != folder
                for p, d in dirs.items()
                if p != pkg and p.startswith(pkg + ".")
            ):
                continue  # belongs to a sub-package, checked there
            if pkg == "tl342.sample_data" and path.suffix == ".sh":
                continue  # the generator's build script stays in the repository
            if rel in ("README.md",) or rel.endswith("/README.md"):
                continue
            if not any(
                fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(rel, g.replace("**/", ""))
                for g in globs.get(pkg, [])
            ):
                missing.append(f"{pkg}: {rel}")
    assert not missing, "not shipped by package-data: " + ", ".join(missing)
