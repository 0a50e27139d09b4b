"""The light path of ``tl342 export`` on a project file: no SQLAlchemy, no Alembic.

:func:`open_project` opens a plain project file at the schema this program writes (it may be
read-only: nothing is written) with a plain ``sqlite3`` connection and returns a
:class:`ReadProject`: what an export needs of a project (name, crs, regime, the meta values,
the snapshot), read by :mod:`.snapshot_read` — the same reading code the full application
runs through its session. Anything else (a URL, an older or newer schema, a file checked out
from a server, a file that is not a project) returns None and the caller opens the project
the full way, which migrates with its backup or says what is wrong.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ..core.model import DEFAULT_CRS, Regime
from . import eventlog
from .fileguard import _is_read_only, _sqlite_pragmas_readonly, _write_problem, read_only_uri
from .quickwrite import _current, _plain_file


class ReadProject:
    """A project file opened for reading only (an export): the read side of ``Project``."""

    read_only = True  # nothing is written through it
    backup_path = None  # never migrated: a file that needs it takes the full path
    is_file = True

    def __init__(self, target: str, con: sqlite3.Connection) -> None:
        self.target = target
        self._con = con
        self.db = eventlog.Db(con, "sqlite")
        self._fixed_meta: dict[str, str] = {}

    # -- life cycle -------------------------------------------------------------------------
    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> ReadProject:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def require_writable(self) -> None:
        """Every write takes the full path: this object refuses as a read-only file does."""
        raise _write_problem(self.target, Exception("readonly"))

    # -- meta -------------------------------------------------------------------------------
    def get_meta(self, key: str, default: str = "") -> str:
        return eventlog.meta(self.db, key, default)

    def cached_meta(self, key: str, default: str = "") -> str:
        """A setting that changes rarely (crs, regime, limits), read once."""
        if key not in self._fixed_meta:
            self._fixed_meta[key] = self.get_meta(key, default)
        return self._fixed_meta[key]

    @property
    def crs(self) -> str:
        return self.cached_meta("crs", DEFAULT_CRS)

    @property
    def regime(self) -> Regime:
        return Regime(self.cached_meta("regime", Regime.LAND_LAW_2024.value))

    @property
    def name(self) -> str:
        return self.get_meta("name") or Path(self.target).stem

    # -- reading ----------------------------------------------------------------------------
    def load_snapshot(self):
        """The whole project (a Snapshot), read in one read transaction."""
        from .snapshot_read import parse_campaign, read_snapshot

        con = self._con
        con.execute("BEGIN")  # one consistent picture, even while someone writes
        try:
            return read_snapshot(
                self.db,
                name=self.name,
                crs=self.crs,
                regime=self.regime,
                campaign=parse_campaign(self.get_meta("campaign")),
                limits=eventlog.parse_limits(self.cached_meta("limits")),
            )
        finally:
            con.execute("ROLLBACK")


def open_project(target: str) -> ReadProject | None:
    """A :class:`ReadProject` of a plain project file at the head schema (writable or not),
    or None when the project needs the full path."""
    path = _plain_file(target, writable=False)
    if path is None:
        return None
    try:
        if _is_read_only(path):
            con = sqlite3.connect(read_only_uri(str(path)), uri=True, isolation_level=None)
        else:
            con = sqlite3.connect(path, isolation_level=None)  # transactions are explicit
    except sqlite3.Error:
        return None
    try:
        _sqlite_pragmas_readonly(con, None)
        if _current(eventlog.Db(con, "sqlite")):
            return ReadProject(str(target), con)
    except sqlite3.Error:
        pass  # damaged, locked, not a project: the full path says what is wrong
    con.close()
    return None
