"""The light path of ``tl342 status`` on a project file: no SQLAlchemy, no Alembic.

A plain ``sqlite3`` connection with the project's pragmas takes the write lock
(``BEGIN IMMEDIATE``) and runs :func:`.eventlog.change_status` — the same look-up, rules,
hash chain and columns the full application runs through its session. It only serves the
ordinary case: a writable project file at the schema this program writes, not checked out
from a server. Anything else (a URL, a read-only file or folder, an older or newer schema, a
file that is not a project) returns None and the caller opens the project the full way,
which migrates, backs up or says what is wrong.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from ..core.model import Event, HouseholdState, Regime, Status
from . import eventlog
from .fileguard import (
    CHECKOUT_URL,
    SQLITE_MAGIC,
    _is_read_only,
    _is_url,
    _sqlite_pragmas,
    _write_problem,
)
from .revisions import APP_MARKER, head_revision_from_files


def _plain_file(target: str, *, writable: bool = True) -> Path | None:
    """The path when ``target`` is an existing SQLite file (that can be written, unless
    ``writable`` is False); None otherwise."""
    if _is_url(target):
        return None
    path = Path(target)
    try:
        if not path.is_file():
            return None
        with path.open("rb") as fh:
            if fh.read(16) != SQLITE_MAGIC:
                return None
    except OSError:
        return None
    return None if writable and _is_read_only(path) else path


def _current(db: eventlog.Db) -> bool:
    """A tl342 project at the head schema, not a field-trip copy of a server."""
    tables = {
        r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall()
    }
    if not {"meta", "alembic_version", "event", "household"} <= tables:
        return False
    if eventlog.meta(db, "app") != APP_MARKER or eventlog.meta(db, CHECKOUT_URL):
        return False
    versions = [r[0] for r in db.execute("SELECT version_num FROM alembic_version").fetchall()]
    return len(versions) == 1 and versions[0] == head_revision_from_files()


def change_status(
    target: str,
    codes: Sequence[str],
    to: Status | str,
    at: date,
    *,
    lang: str = "en",
    **details,
) -> tuple[list[tuple[Event, HouseholdState]], object] | None:
    """``actions.change_status`` on a plain project file: (results, the rules) — or None when
    the project needs the full path. All households move or none."""
    path = _plain_file(target)
    if path is None:
        return None
    try:
        con = sqlite3.connect(path, isolation_level=None)  # transactions are explicit
    except sqlite3.Error:
        return None
    try:
        try:
            _sqlite_pragmas(con, None)
            db = eventlog.Db(con, "sqlite")
            if not _current(db):
                return None
            con.execute("BEGIN IMMEDIATE")  # the project's write lock, before anything is read
            try:
                regime = eventlog.meta(db, "regime", Regime.LAND_LAW_2024.value)
                limits = eventlog.parse_limits(eventlog.meta(db, "limits"))
                rules = eventlog.make_rules(regime, limits)
                results = eventlog.change_status(
                    db, rules, list(codes), Status(to), at, lang=lang, **details
                )
                con.execute("COMMIT")
            except BaseException:
                if con.in_transaction:
                    con.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:  # the same one line as the full path says
            mapped = _write_problem(target, exc)
            if mapped is None:
                raise
            raise mapped from None
    finally:
        con.close()
    return results, rules
