"""Package data of tl342: icons, translations, styles, print templates, reference tables.

The folder sits at the top of the repository and installs as ``tl342.resources``;
look files up by name through :func:`path` so they are found after any kind of install.
"""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path

__all__ = ["path", "read_text"]


def path(name: str) -> Path:
    """Return the filesystem path of resource ``name`` (e.g. ``"icons/app.svg"``).

    Raises
    ------
    FileNotFoundError
        If no resource of that name is shipped.
    """
    ref = files(__name__).joinpath(name)
    if not ref.is_file():
        raise FileNotFoundError(f"tl342 resource not found: {name}")
    with as_file(ref) as p:  # a real file for installed wheels and source trees alike
        return Path(p)


def read_text(name: str, encoding: str = "utf-8") -> str:
    """Return the text of resource ``name``."""
    return path(name).read_text(encoding=encoding)
