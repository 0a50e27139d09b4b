"""Opening, creating and migrating tl342 projects.

A project is one SQLite file (``*.tl342``; WAL, foreign keys on, synchronous FULL) or a
PostgreSQL URL. Every write goes through :meth:`Project.session`, one transaction that lands
completely or not at all. The schema is versioned with Alembic; an older file is backed up
next to itself, then migrated, when opened.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from importlib.resources import files
from pathlib import Path

from sqlalchemy import create_engine, event, inspect, select, text, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DatabaseError, DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from ..core.errors import UserError
from ..core.model import DEFAULT_CRS, Regime
from .revisions import APP_MARKER, head_revision_from_files
from .schema import MetaRow

SQLITE_MAGIC = b"SQLite format 3\x00"


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


def _is_url(target: str) -> bool:
    return "://" in target


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def _make_engine(target: str) -> Engine:
    if _is_url(target):
        url = target.replace("postgresql://", "postgresql+psycopg://", 1)
        return create_engine(url, future=True, pool_pre_ping=True)
    engine = create_engine(f"sqlite:///{Path(target)}", future=True)
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


# a no-op write that takes the project's write lock (built once: status changes are hot)
_LOCK = update(MetaRow).where(MetaRow.key == "app").values(value=MetaRow.value)


class Project:
    """An open tl342 project. Use :meth:`create` or :meth:`open`, never the constructor."""

    def __init__(self, target: str, engine: Engine) -> None:
        self.target = target
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self.backup_path: Path | None = None  # set when opening migrated an older file
        self._fixed_meta: dict[str, str] = {}  # crs and regime, read once (set_meta clears it)

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
    def open(cls, target: str | Path) -> Project:
        """Open an existing project, migrating an older schema after backing the file up."""
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
        engine = _make_engine(target)
        project = cls(target, engine)
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
        if not _is_url(self.target):
            self.backup_path = self._backup(current)
        with self.engine.begin() as conn:
            _upgrade(conn)

    def _backup(self, revision: str | None) -> Path:
        src = Path(self.target)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        dest = src.with_name(f"{src.name}.bak-{revision}-{stamp}")
        with self.engine.connect() as conn:  # fold the WAL in so the copy is complete
            conn.exec_driver_sql("PRAGMA wal_checkpoint(FULL)")
        shutil.copy2(src, dest)
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
        """
        try:
            with self._sessions() as s, s.begin():
                if lock and s.bind.dialect.name == "postgresql":  # editors may not write meta
                    s.execute(text("SELECT pg_advisory_xact_lock(342342)"))
                elif lock:
                    s.connection().execute(_LOCK)
                yield s
        except DBAPIError as exc:  # a refusal by the server's grants or triggers: one line
            from .server_rights import translate

            mapped = translate(exc, self.engine) if _is_url(self.target) else None
            if mapped is None:
                raise
            raise mapped from None

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


def _check_marker_readonly(path: Path) -> None:
    """Refuse an SQLite file that is not a tl342 project without writing to it."""
    import sqlite3

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


def _first_line(exc: Exception) -> str:
    text = str(getattr(exc, "orig", None) or exc)
    return text.splitlines()[0] if text else exc.__class__.__name__
