"""The bundled ĐT342 sample project (built from sample_data/ by the CLI)."""

from __future__ import annotations

import shutil
from importlib.resources import as_file, files
from pathlib import Path

from ..core.errors import UserError

SAMPLE_NAME = "dt342.tl342"


def sample_path() -> Path:
    """Path of the shipped sample project file."""
    ref = files("tl342.sample_data").joinpath(SAMPLE_NAME)
    if not ref.is_file():
        raise UserError("the bundled sample project is missing from this installation")
    with as_file(ref) as p:
        return Path(p)


def copy_sample(dest: str | Path, *, overwrite: bool = False) -> Path:
    """Copy the sample project to ``dest`` (a new file the user may edit)."""
    dest = Path(dest)
    if dest.exists() and not overwrite:
        raise UserError(f"{dest}: already exists; choose another name")
    if not dest.parent.exists():
        raise UserError(f"{dest}: folder {dest.parent} does not exist")
    shutil.copyfile(sample_path(), dest)
    return dest
