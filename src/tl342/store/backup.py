"""Backups of a project file: taken before every import and every schema migration.

A backup is a consistent copy made with SQLite's online backup API (it includes what is
still in the write-ahead log) into ``<project>.backups/`` next to the project, named
``<project stem>-<YYYYmmdd-HHMMSS-ffffff>-<reason>.tl342``. The last :data:`KEEP` are kept.
A project on a PostgreSQL server is backed up by the server (pg_dump), not here.
"""

from __future__ import annotations

import errno
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..core.errors import UserError

KEEP = 10
SERVER_MESSAGE = (
    "backups of a project on a PostgreSQL server are the server's: use pg_dump "
    "(or ask the server's administrator); tl342 backs up project files only"
)
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6}-\d{6})-(?P<reason>[a-z0-9-]+)\.tl342$")


@dataclass(frozen=True, slots=True)
class Backup:
    """One backup file: its path, when it was taken and why."""

    path: Path
    taken: datetime
    reason: str
    size: int

    @property
    def name(self) -> str:
        return self.path.name

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "path": str(self.path),
            "taken": self.taken.isoformat(timespec="seconds"),
            "reason": self.reason,
            "size_bytes": self.size,
        }


def is_server(target: str | Path) -> bool:
    return "://" in str(target)


def backup_dir(project_path: str | Path) -> Path:
    """The folder holding the backups of ``project_path``."""
    p = Path(project_path)
    return p.with_name(p.name + ".backups")


def _copy(src: Path, dest: Path) -> None:
    """A consistent copy of an SQLite file (WAL content included), read-only on the source."""
    source = sqlite3.connect(f"{src.resolve().as_uri()}?mode=ro", uri=True)
    try:
        target = sqlite3.connect(dest)
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()


def os_problem(exc: OSError, path: Path) -> UserError:
    """A one-line, actionable message for a failed file write."""
    if exc.errno == errno.ENOSPC:
        return UserError(f"{path}: the disk is full; free some space, then try again")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return UserError(
            f"{path}: cannot write there (read-only folder or no permission); "
            "copy the project to a folder you can write to"
        )
    return UserError(f"{path}: cannot write ({exc.strerror or exc})")


def make_backup(project_path: str | Path, reason: str) -> Path | None:
    """Back the project file up before a change; returns the backup's path (None for a
    server project or a file that does not exist yet). Keeps the last :data:`KEEP`."""
    if is_server(project_path):
        return None
    src = Path(project_path)
    if not src.exists():
        return None
    folder = backup_dir(src)
    reason = re.sub(r"[^a-z0-9-]+", "-", reason.lower()).strip("-") or "backup"
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    dest = folder / f"{src.stem}-{stamp}-{reason}.tl342"
    part = folder / f".{dest.name}.part"  # renamed when complete: a kill leaves no half backup
    try:
        folder.mkdir(exist_ok=True)
        _copy(src, part)
        os.replace(part, dest)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise os_problem(exc, folder) from None
    except sqlite3.Error as exc:
        part.unlink(missing_ok=True)
        if "full" in str(exc):
            raise UserError(
                f"{folder}: the disk is full; free some space, then try again"
            ) from None
        raise UserError(f"{src}: cannot be backed up ({exc})") from None
    for old in list_backups(src)[KEEP:]:
        old.path.unlink(missing_ok=True)
    return dest


def list_backups(project_path: str | Path) -> list[Backup]:
    """The project's backups, newest first."""
    if is_server(project_path):
        raise UserError(SERVER_MESSAGE)
    folder = backup_dir(project_path)
    if not folder.is_dir():
        return []
    out = []
    for f in folder.iterdir():
        m = _NAME.match(f.name)
        if not m or not f.is_file():
            continue
        taken = datetime.strptime(m["stamp"], "%Y%m%d-%H%M%S-%f")
        out.append(Backup(f, taken, m["reason"], f.stat().st_size))
    return sorted(out, key=lambda b: b.taken, reverse=True)


def find_backup(project_path: str | Path, name: str) -> Backup:
    """The backup called ``name`` (its file name, a unique prefix of it, or 1 = newest)."""
    backups = list_backups(project_path)
    if not backups:
        raise UserError(f"{project_path}: has no backups (folder {backup_dir(project_path)})")
    if name.isdigit() and 1 <= int(name) <= len(backups):
        return backups[int(name) - 1]
    exact = [b for b in backups if b.name == name or str(b.path) == name]
    matches = exact or [b for b in backups if b.name.startswith(name)]
    if len(matches) != 1:
        listing = ", ".join(b.name for b in backups[:3])
        what = "no backup" if not matches else "several backups"
        raise UserError(f"{what} named {name!r}; `tl342 backups` lists them (newest: {listing})")
    return matches[0]


def restore(project_path: str | Path, name: str) -> tuple[Backup, Path | None]:
    """Put backup ``name`` back as the project; the current state is backed up first.

    Returns (the backup restored, the backup of the state it replaced).
    """
    if is_server(project_path):
        raise UserError(SERVER_MESSAGE)
    target = Path(project_path)
    chosen = find_backup(target, name)
    _check_is_project(chosen.path)
    saved = make_backup(target, "before-restore") if target.exists() else None
    try:
        # written through SQLite into the live file, so an open reader never sees half a copy
        source = sqlite3.connect(f"{chosen.path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            dest = sqlite3.connect(target, timeout=10)
            try:
                source.backup(dest)
            finally:
                dest.close()
        finally:
            source.close()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc):
            raise UserError(
                f"{target}: is in use by another program (locked); close it, then restore again"
            ) from None
        if "readonly" in str(exc):
            raise UserError(
                f"{target}: is read-only; restore into a copy in a folder you can write to"
            ) from None
        raise UserError(f"{target}: cannot be restored ({exc})") from None
    return chosen, saved


def _check_is_project(path: Path) -> None:
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = con.execute("select value from meta where key='app'").fetchone()
            ok = con.execute("pragma quick_check").fetchone()[0] == "ok"
        finally:
            con.close()
    except sqlite3.Error as exc:
        raise UserError(f"{path.name}: not a usable backup ({exc})") from None
    if not row or row[0] != "tl342" or not ok:
        raise UserError(f"{path.name}: not a usable tl342 backup (damaged or foreign)")
