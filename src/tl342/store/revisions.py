"""The schema's head revision read from the migration files, without importing Alembic:
opening a project that is already current costs no Alembic import."""

from __future__ import annotations

import ast
import re

APP_MARKER = "tl342"  # meta 'app' of every tl342 project
_REV = re.compile(r"^(revision|down_revision)\s*(?::[^=]*)?=\s*(.+)$", re.M)


def head_revision_from_files() -> str | None:
    """The head revision read from the revision files without importing Alembic (fast path
    for opening a current project); None when the files do not name exactly one head."""
    from importlib.resources import files

    revisions, parents = set(), set()
    folder = files("tl342.store") / "migrations" / "versions"
    for f in folder.iterdir():
        if not f.name.endswith(".py") or f.name.startswith("__"):
            continue
        found = dict(_REV.findall(f.read_text(encoding="utf-8")))
        try:
            rev = ast.literal_eval(found.get("revision", "None"))
            down = ast.literal_eval(found.get("down_revision", "None"))
        except (ValueError, SyntaxError):
            return None
        if not isinstance(rev, str):
            return None
        revisions.add(rev)
        parents.update([down] if isinstance(down, str) else (down or ()))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None
