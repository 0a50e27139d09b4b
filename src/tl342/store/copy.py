"""Copy a whole project between a file and a server (or file to file), in one transaction.

Puts a laptop's project on the shared PostgreSQL server when several laptops start sharing,
and takes an offline copy of the server's project back to a file for a field trip.
Row ids are kept, so event history (reverts point at event ids) survives intact.
"""

from __future__ import annotations

from sqlalchemy import func, select, text

from ..core.errors import UserError
from ..core.progress import Progress, report
from .project import Project, head_revision
from .schema import (
    AreaRow,
    Base,
    ConfirmationRow,
    DonationRow,
    EquationRow,
    EventRow,
    HolidayRow,
    HouseholdRow,
    MetaRow,
    ParcelRow,
    RouteRow,
    StakeRow,
)

# parents before children (foreign keys)
_TABLES = (
    RouteRow,
    StakeRow,
    EquationRow,
    AreaRow,
    HouseholdRow,
    ParcelRow,
    EventRow,
    ConfirmationRow,
    HolidayRow,
    DonationRow,
)
_CHUNK = 5000


def copy_project(
    source: Project, target: str, *, overwrite: bool = False, progress: Progress | None = None
) -> dict[str, int]:
    """Create ``target`` (a file path or postgresql:// URL) holding everything in ``source``."""
    from .server_sync import prepared_server

    dest = prepared_server(target, source.crs)  # an empty database set up by `server init`
    if dest is None:
        dest = Project.create(
            target, name=source.name, crs=source.crs, regime=source.regime, overwrite=overwrite
        )
    counts: dict[str, int] = {}
    try:
        with source.session() as src, dest.session() as dst:
            if dst.bind.dialect.name == "postgresql":  # the server's triggers keep history as is
                dst.execute(text("SET LOCAL tl342.copying = 'on'"))
            meta = {r.key: r.value for r in src.scalars(select(MetaRow))}
            for key, value in meta.items():
                if key not in ("app", "server"):
                    dst.merge(MetaRow(key=key, value=value))
            for i, table in enumerate(_TABLES):
                t = table.__table__
                report(progress, i, len(_TABLES), t.name)
                n = 0
                rows = src.connection().execute(select(t)).mappings()
                while chunk := rows.fetchmany(_CHUNK):
                    dst.connection().execute(t.insert(), [dict(r) for r in chunk])
                    n += len(chunk)
                counts[t.name] = n
            if dst.bind.dialect.name == "postgresql":
                _reset_sequences(dst)
    except Exception:
        dest.close()
        if dest.is_file:
            from pathlib import Path

            Path(target).unlink(missing_ok=True)  # never leave a half-copied project
        raise
    dest.close()
    report(progress, len(_TABLES), len(_TABLES), "done")
    counts["schema"] = head_revision()
    return counts


def _reset_sequences(s) -> None:
    """Explicit ids were inserted: move each id sequence past the largest one."""
    for table in Base.metadata.sorted_tables:
        if "id" not in table.c:
            continue
        top = s.execute(select(func.max(table.c.id))).scalar()
        if top is not None:
            s.execute(
                text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), :v)"), {"v": top}
            )


__all__ = ["copy_project", "UserError"]
