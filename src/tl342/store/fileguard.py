"""The project file as SQLite sees it, without SQLAlchemy: what makes a file a tl342 project,
the connection settings (pragmas), the read-only state and the one-line messages for a write
the file system refused. Shared by :mod:`.project` (the full application) and
:mod:`.quickwrite` (the light ``tl342 status`` path), so both say the same thing.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from ..core.errors import UserError
from .revisions import APP_MARKER

SQLITE_MAGIC = b"SQLite format 3\x00"
CHECKOUT_URL = "checkout_url"  # meta key of a file checked out from a server (field trip)


def _is_url(target: str) -> bool:
    return "://" in target


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def _sqlite_pragmas_readonly(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


READ_ONLY_ENV = "TL342_READ_ONLY"  # "1": open every project file read-only (also for tests)


def _forced_read_only() -> bool:
    return os.environ.get(READ_ONLY_ENV, "") not in ("", "0")


def _is_read_only(path: Path) -> bool:
    """True when the file or its folder cannot be written (root is told the truth by the
    permission bits only, so a forced flag covers tests run as root)."""
    if _forced_read_only():
        return True
    folder = path.resolve().parent
    return not os.access(path, os.W_OK) or not os.access(folder, os.W_OK | os.X_OK)


def read_only_uri(target: str) -> str:
    """The URI that opens a project file read-only: SQLite refuses every write on a mode=ro
    connection; a folder where the -shm file cannot be created either is opened as immutable
    (nobody can be writing there)."""
    path = Path(target).resolve()
    uri = path.as_uri() + "?mode=ro"
    if not os.access(path.parent, os.W_OK) or _forced_read_only():
        uri += "&immutable=1"
    return uri


def _write_problem(target: str, exc: Exception) -> UserError | None:
    """A one-line message for a write SQLite refused (read-only, full disk, locked)."""
    text = str(getattr(exc, "orig", None) or exc).lower()
    where = _safe(target)
    if "readonly" in text or "read-only" in text:
        return UserError(
            f"{where}: opened read-only (the file or its folder cannot be written); changes "
            "cannot be saved; copy the project to a folder you can write to"
        )
    if "disk is full" in text or "database or disk is full" in text:
        return UserError(f"{where}: the disk is full; free some space, then try again")
    if "locked" in text:
        return UserError(
            f"{where}: is locked by another program; close it (or wait), then try again"
        )
    if "disk i/o error" in text or "unable to open database" in text:
        return UserError(
            f"{where}: cannot be written (disk error or the file was moved); check the drive"
        )
    return None


def check_marker_readonly(path: Path) -> None:
    """Refuse an SQLite file that is not a tl342 project without writing to it."""
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise UserError(f"{path}: cannot be opened ({exc})") from None
    try:
        tables = {r[0] for r in con.execute("select name from sqlite_master where type='table'")}
        if not {"meta", "alembic_version"} <= tables:
            raise UserError(f"{path}: not a tl342 project")
        row = con.execute("select value from meta where key='app'").fetchone()
        if not row or row[0] != APP_MARKER:
            raise UserError(f"{path}: not a tl342 project")
    except sqlite3.DatabaseError as exc:
        raise UserError(f"{path}: not a tl342 project or damaged ({exc})") from None
    finally:
        con.close()


def _safe(target: str) -> str:
    """A target fit for messages: a URL without its password."""
    if _is_url(target) and "@" in target:
        scheme, rest = target.split("://", 1)
        return f"{scheme}://…@{rest.split('@', 1)[1]}"
    return target
