"""Opening, creating and migrating tl342 projects.

A project is one SQLite file (``*.tl342``; WAL, foreign keys on, synchronous FULL) or a
PostgreSQL URL. Every write goes through :meth:`Project.session`, one transaction that lands
completely or not at all. The schema is versioned with Alembic; an older file is backed up
next to itself, then migrated, when opened.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from importlib.resources import files
from pathlib import Path

from sqlalchemy import create_engine, event, inspect, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DatabaseError, DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from ..core.errors import UserError
from ..core.model import DEFAULT_CRS, Regime
from . import eventlog
from .fileguard import (  # noqa: F401 - names other modules import from here
    READ_ONLY_ENV,
    SQLITE_MAGIC,
    _forced_read_only,
    _is_read_only,
    _is_url,
    _safe,
    _sqlite_pragmas,
    _sqlite_pragmas_readonly,
    _write_problem,
    read_only_uri,
)
from .fileguard import check_marker_readonly as _check_marker_readonly
from .revisions import APP_MARKER, head_revision_from_files
from .schema import MetaRow


def _alembic_config():
    from alembic.config import Config  # Alembic loads only when a schema must change

    cfg = Config()
    cfg.set_main_option("script_location", str(files("tl342.store") / "migrations"))
    return cfg


def _upgrade(conn) -> None:
    from alembic import command

    cfg = _alembic_config()
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, "head")


def head_revision() -> str:
    """The schema revision this program writes."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def _make_engine(target: str, read_only: bool = False) -> Engine:
    if _is_url(target):
        url = target.replace("postgresql://", "postgresql+psycopg://", 1)
        return create_engine(url, future=True, pool_pre_ping=True)
    if read_only:
        uri = read_only_uri(target)
        engine = create_engine(
            "sqlite://", creator=lambda: sqlite3.connect(uri, uri=True), future=True
        )
        event.listen(engine, "connect", _sqlite_pragmas_readonly)
        return engine
    engine = create_engine(f"sqlite:///{Path(target)}", future=True)
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _server_errors(target: str) -> tuple[type[Exception], ...]:
    """The PostgreSQL driver's own error class (for a URL; none for a file)."""
    if not _is_url(target):
        return ()
    import psycopg

    return (psycopg.Error,)


class Project:
    """An open tl342 project. Use :meth:`create` or :meth:`open`, never the constructor."""

    def __init__(self, target: str, engine: Engine, read_only: bool = False) -> None:
        self.target = target
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self.backup_path: Path | None = None  # set when opening migrated an older file
        self._fixed_meta: dict[str, str] = {}  # crs and regime, read once (set_meta clears it)
        self.read_only = read_only  # a file in a read-only folder (or itself read-only)
        self._joined: tuple[int, Session] | None = None  # (thread, session) of together()

    def require_writable(self) -> None:
        """Raise the read-only message before any work is done for a write."""
        if self.read_only:
            raise _write_problem(self.target, Exception("readonly"))

    # -- life cycle -------------------------------------------------------------------------
    @classmethod
    def create(
        cls,
        target: str | Path,
        *,
        name: str = "",
        crs: str = DEFAULT_CRS,
        regime: Regime = Regime.LAND_LAW_2024,
        overwrite: bool = False,
    ) -> Project:
        """Create a new, empty project file (or schema on a PostgreSQL URL)."""
        target = str(target)
        if not _is_url(target):
            path = Path(target)
            if path.exists():
                if not overwrite:
                    raise UserError(f"{path}: already exists; choose another name")
                path.unlink()
                for suffix in ("-wal", "-shm"):
                    Path(str(path) + suffix).unlink(missing_ok=True)
            if not path.parent.exists():
                raise UserError(f"{path}: folder {path.parent} does not exist")
        engine = _make_engine(target)
        project = cls(target, engine)
        with engine.begin() as conn:
            if _is_url(target) and inspect(conn).has_table("meta"):
                raise UserError(f"{_safe(target)}: already holds a tl342 project")
            _upgrade(conn)
        with project.session() as s:
            s.add_all(
                [
                    MetaRow(key="app", value=APP_MARKER),
                    MetaRow(key="name", value=name),
                    MetaRow(key="crs", value=crs),
                    MetaRow(key="regime", value=regime.value),
                    MetaRow(key="created", value=datetime.now().isoformat(timespec="seconds")),
                ]
            )
        return project

    @classmethod
    def open(cls, target: str | Path, *, read_only: bool | None = None) -> Project:
        """Open an existing project, migrating an older schema after backing the file up.

        A file that cannot be written (read-only file or folder; ``read_only=True``) opens
        read-only: reads work, writes are refused with a message saying what to do.
        """
        target = str(target)
        if not _is_url(target):
            path = Path(target)
            if not path.exists():
                raise UserError(f"{path}: no such project file")
            if path.is_dir():
                raise UserError(f"{path}: is a folder, not a tl342 project file")
            with path.open("rb") as fh:
                magic = fh.read(16)
            if magic != SQLITE_MAGIC:
                raise UserError(f"{path}: not a tl342 project (not an SQLite database)")
            _check_marker_readonly(path)  # before any PRAGMA could change a foreign file
            if read_only is None:
                read_only = _is_read_only(path)
        read_only = bool(read_only) and not _is_url(target)
        engine = _make_engine(target, read_only)
        project = cls(target, engine, read_only)
        try:
            project._check_and_migrate()
        except UserError:
            engine.dispose()
            raise
        except (DatabaseError, OperationalError) as exc:
            engine.dispose()
            if _is_url(target) and isinstance(exc, OperationalError):
                from .server_rights import connect_error

                raise connect_error(exc, target) from None
            raise UserError(
                f"{_safe(target)}: cannot be read as a tl342 project ({_first_line(exc)})"
            ) from None
        return project

    def _check_and_migrate(self) -> None:
        with self.engine.connect() as conn:
            insp = inspect(conn)
            if not insp.has_table("meta") or not insp.has_table("alembic_version"):
                raise UserError(f"{_safe(self.target)}: not a tl342 project")
            marker = conn.execute(select(MetaRow.value).where(MetaRow.key == "app")).scalar()
            if marker != APP_MARKER:
                raise UserError(f"{_safe(self.target)}: not a tl342 project")
            versions = conn.execute(text("SELECT version_num FROM alembic_version")).scalars()
            current = next(iter(versions.all()), None)
        if current is not None and current == head_revision_from_files():
            return  # up to date: no need to load Alembic
        from alembic.script import ScriptDirectory

        script = ScriptDirectory.from_config(_alembic_config())
        head = script.get_current_head()
        if current == head:
            return
        known = {rev.revision for rev in script.walk_revisions()}
        if current not in known:
            raise UserError(
                f"{_safe(self.target)}: made by a newer tl342 (schema {current}); "
                f"this program knows schema {head} — update tl342"
            )
        if self.read_only:
            raise UserError(
                f"{_safe(self.target)}: made by an older tl342 (schema {current}) and must be "
                "upgraded, but it is read-only; copy it to a folder you can write to"
            )
        if not _is_url(self.target):
            self.backup_path = self._backup(current)
        with self.engine.begin() as conn:
            _upgrade(conn)

    def _backup(self, revision: str | None) -> Path:
        from .backup import make_backup

        with self.engine.connect() as conn:  # fold the WAL in so the copy is complete
            conn.exec_driver_sql("PRAGMA wal_checkpoint(FULL)")
        dest = make_backup(self.target, f"before-migration-from-{revision}")
        assert dest is not None  # a file project that exists
        return dest

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- transactions -----------------------------------------------------------------------
    @contextmanager
    def session(self, *, lock: bool = False) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on any exception.

        ``lock=True`` takes the project's write lock before anything is read, for use cases
        that read state, check the rules, then append (a status change): a second writer —
        another laptop on the server, or a script beside the GUI — waits and then sees the
        first one's result instead of checking against a stale state.

        Inside :meth:`together` (same thread) it is a savepoint of that one transaction.
        """
        joined = self._joined
        if joined is not None and joined[0] == threading.get_ident():
            with joined[1].begin_nested():  # this use case whole or not at all, within it
                yield joined[1]
            return
        try:
            with self._sessions() as s, s.begin():
                if lock and s.bind.dialect.name == "postgresql":  # editors may not write meta
                    s.execute(text("SELECT pg_advisory_xact_lock(342342)"))
                elif lock:  # the event log's own lock statement, on the session's connection
                    conn = s.connection()
                    eventlog.lock(eventlog.Db(conn.connection.driver_connection, "sqlite"))
                yield s
        except (DBAPIError, sqlite3.Error, *_server_errors(self.target)) as exc:
            # a refusal by the server, or a write the file system refused (the event log
            # writes through the session's own DB-API connection: the driver's errors too)
            if _is_url(self.target):
                from .server_rights import translate

                mapped = translate(exc, self.engine)
            else:
                mapped = _write_problem(self.target, exc)
            if mapped is None:
                raise
            raise mapped from None

    @contextmanager
    def together(self) -> Iterator[None]:
        """Several use cases as ONE transaction (a dialog's status and flags): each
        :meth:`session` this thread opens in the block joins it; everything is committed when
        the block ends, nothing if it raises (or the process is killed before)."""
        if self._joined is not None and self._joined[0] == threading.get_ident():
            yield
            return
        with self.session(lock=True) as s:
            self._joined = (threading.get_ident(), s)
            try:
                yield
            finally:
                self._joined = None

    # -- settings ---------------------------------------------------------------------------
    def get_meta(self, key: str, default: str = "") -> str:
        with self._sessions() as s:
            row = s.get(MetaRow, key)
            return row.value if row is not None else default

    def set_meta(self, **values: str) -> None:
        self._fixed_meta.clear()
        with self.session() as s:
            for key, value in values.items():
                s.merge(MetaRow(key=key, value=value))

    def cached_meta(self, key: str, default: str = "") -> str:
        """A setting that changes rarely (crs, regime, limits), read once; ``set_meta`` in this
        process clears the cache."""
        return self._fixed(key, default)

    def _fixed(self, key: str, default: str) -> str:
        """A setting that does not change while the project is open, read once."""
        if key not in self._fixed_meta:
            self._fixed_meta[key] = self.get_meta(key, default)
        return self._fixed_meta[key]

    @property
    def crs(self) -> str:
        return self._fixed("crs", DEFAULT_CRS)

    @property
    def regime(self) -> Regime:
        return Regime(self._fixed("regime", Regime.LAND_LAW_2024.value))

    @property
    def name(self) -> str:
        return self.get_meta("name") or (Path(self.target).stem if not _is_url(self.target) else "")

    @property
    def is_file(self) -> bool:
        return not _is_url(self.target)


def _first_line(exc: Exception) -> str:
    text = str(getattr(exc, "orig", None) or exc)
    return text.splitlines()[0] if text else exc.__class__.__name__
