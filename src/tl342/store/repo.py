"""Reading and writing domain records in a project session.

Functions take a SQLAlchemy ``Session`` opened by :meth:`Project.session` (one transaction)
and speak in the domain records of ``tl342.core.model``; no caller outside ``store`` sees a row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from itertools import chain
from operator import attrgetter
from typing import TYPE_CHECKING

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from ..core.errors import UserError
from ..core.law import Donation
from ..core.model import Event, Household, HouseholdState, Parcel
from ..core.workflow import derive_state
from . import eventlog, server_chain, snapshot_read
from .schema import (
    AreaRow,
    DonationRow,
    EquationRow,
    HolidayRow,
    HouseholdRow,
    ParcelRow,
    RouteRow,
    StakeRow,
)

if TYPE_CHECKING:
    import numpy as np
    from shapely.geometry.base import BaseGeometry


class _LazyShapely:
    """shapely, imported at first use: a status change never touches geometry."""

    def __getattr__(self, name: str):
        import shapely as module

        globals()["shapely"] = module
        return getattr(module, name)


shapely = _LazyShapely()

def _read(s: Session) -> eventlog.Db:
    """The session's DB-API connection for :mod:`.snapshot_read`, after writing what the
    session holds (the reads see it, as the session's own queries would)."""
    s.flush()
    return server_chain.db(s)


# -- geometry ----------------------------------------------------------------------------------


def to_wkb(geom: BaseGeometry | None) -> bytes | None:
    if geom is None:
        return None
    return shapely.to_wkb(geom)


def from_wkb(data: bytes | None) -> BaseGeometry | None:
    if data is None:
        return None
    return shapely.from_wkb(data)


# -- route, boundary, communes -----------------------------------------------------------------


def save_route(
    s: Session, line, stakes: Sequence, equations: Sequence, name: str = "", source: str = ""
) -> None:
    """Replace the project's route (centreline, stakes, station equations)."""
    s.execute(delete(StakeRow))
    s.execute(delete(EquationRow))
    s.execute(delete(RouteRow))
    row = RouteRow(name=name, geom=to_wkb(line), source=source)
    row.stakes = [
        StakeRow(chainage_m=k.chainage_m, x=k.x, y=k.y, label=getattr(k, "label", ""))
        for k in stakes
    ]
    row.equations = [
        EquationRow(back_m=e.back_m, ahead_m=e.ahead_m, x=e.x, y=e.y) for e in equations
    ]
    s.add(row)


def load_route(s: Session):
    """The project's :class:`~tl342.core.chainage.Route`, or None when none was imported."""
    return snapshot_read.load_route(_read(s))


def save_areas(s: Session, kind: str, areas: dict[str, BaseGeometry]) -> None:
    """Replace every area of ``kind`` ("boundary" or "commune")."""
    s.execute(delete(AreaRow).where(AreaRow.kind == kind))
    s.add_all(AreaRow(kind=kind, name=name, geom=to_wkb(geom)) for name, geom in areas.items())


def load_areas(s: Session, kind: str) -> dict[str, BaseGeometry]:
    return snapshot_read.load_areas(_read(s), kind)


def load_boundary(s: Session) -> BaseGeometry | None:
    return snapshot_read.load_boundary(_read(s))


# -- parcels -----------------------------------------------------------------------------------


def recovered_part(geom: BaseGeometry | None, boundary: BaseGeometry | None) -> BaseGeometry | None:
    """Parcel ∩ clearance boundary (polygonal part only), or None."""
    if geom is None or boundary is None:
        return None
    part = geom.intersection(boundary)
    if part.is_empty:
        return None
    if part.geom_type == "GeometryCollection":
        polys = [g for g in part.geoms if g.geom_type in ("Polygon", "MultiPolygon")]
        if not polys:
            return None
        part = shapely.union_all(polys)
    if part.area < 0.01:
        return None
    return part


def recovered_parts(geoms, boundary: BaseGeometry | None) -> tuple[list, list[float]]:
    """:func:`recovered_part` of many parcels at once: (parts, areas), None/0.0 where none.

    One STRtree query finds the parcels touching the boundary; parcels wholly inside it are
    their own part; the others are intersected with the boundary clipped to their box, not
    with the whole corridor.
    """
    import numpy as np

    geoms = np.asarray(geoms, dtype=object)
    n = len(geoms)
    parts: list = [None] * n
    areas = [0.0] * n
    if boundary is None or n == 0:
        return parts, areas
    shapely.prepare(boundary)
    tree = shapely.STRtree(geoms)
    hit = tree.query(boundary, predicate="intersects")
    if not len(hit):
        return parts, areas
    cand = geoms[hit]
    inside = shapely.contains_properly(boundary, cand)
    edge = hit[~inside]
    if len(edge):
        pad = 1.0  # keep the clip edges off the parcel's own extreme vertices
        pieces = np.array(
            [
                shapely.clip_by_rect(boundary, x0 - pad, y0 - pad, x1 + pad, y1 + pad)
                for x0, y0, x1, y1 in shapely.bounds(geoms[edge]).tolist()
            ],
            dtype=object,
        )
        cut = shapely.intersection(geoms[edge], pieces)
    else:
        cut = np.array([], dtype=object)
    for i, g in zip(hit[inside], cand[inside], strict=True):
        parts[i] = g
    for i, part in zip(edge, cut, strict=True):
        parts[i] = _polygonal_part(part)
    for i in hit:
        part = parts[i]
        if part is not None:
            a = float(part.area)
            if a < 0.01:
                parts[i] = None
            else:
                areas[i] = a
    return parts, areas


def _polygonal_part(part: BaseGeometry | None) -> BaseGeometry | None:
    if part is None or part.is_empty:
        return None
    if part.geom_type == "GeometryCollection":
        polys = [g for g in part.geoms if g.geom_type in ("Polygon", "MultiPolygon")]
        if not polys:
            return None
        part = shapely.union_all(polys)
    elif part.geom_type not in ("Polygon", "MultiPolygon"):
        return None
    return part


def upsert_parcels(
    s: Session, parcels: Sequence[Parcel], boundary: BaseGeometry | None
) -> dict[str, int]:
    """Insert new parcels and update existing ones by (commune, sheet, number).

    Household links and every status history are kept; recovered parts are recomputed
    against ``boundary`` and set on the records (``recovered_geometry``, ``recovered_area_m2``).
    Works on arrays and writes with two bulk statements: no ORM object per parcel.
    """
    import numpy as np

    parcels = list(parcels)
    if not parcels:
        return {"inserted": 0, "updated": 0}
    geoms = np.array([p.geometry for p in parcels], dtype=object)
    parts, areas = recovered_parts(geoms, boundary)
    wkb = shapely.to_wkb(geoms).tolist()
    part_wkb = shapely.to_wkb(np.array(parts, dtype=object)).tolist()
    table = ParcelRow.__table__
    conn = s.connection()  # Core: no ORM bookkeeping per row
    t = table.c
    rows = conn.execute(select(t.id, t.commune, t.sheet, t.number)).all()
    existing = {(c, sh, n): i for i, c, sh, n in rows}
    for p, part, area in zip(parcels, parts, areas, strict=True):
        p.recovered_geometry, p.recovered_area_m2 = part, area
    # one tuple per parcel, built in one pass: (key, then the columns of ``names``)
    names = [
        "land_use",
        "land_use_orig",
        "area_m2",
        "geom",
        "recovered_geom",
        "recovered_area_m2",
        "owner_name",
        "address",
    ]
    fields = attrgetter(
        "commune",
        "sheet",
        "number",
        "land_use",
        "land_use_orig",
        "area_m2",
        "owner_name",
        "address",
    )
    rows = [
        (c, sh, n, lu, orig or lu, float(a or _drawn_area(g)), w, pw, ra, owner, address)
        for (c, sh, n, lu, orig, a, owner, address), g, w, pw, ra in zip(
            map(fields, parcels), geoms.tolist(), wkb, part_wkb, areas, strict=True
        )
    ]
    if not existing and len({r[:3] for r in rows}) == len(rows):
        new_rows, changed = rows, []  # a first import: every parcel is new
    else:
        new_rows, changed = [], []
        for row in rows:
            key = row[:3]
            row_id = existing.get(key)
            if row_id is None:
                new_rows.append(row)
                existing[key] = -1  # a key twice in the input is inserted once
            elif row_id != -1:
                changed.append((*row[3:], row_id))
    if new_rows:
        _insert_many(conn, table, ["commune", "sheet", "number", *names], new_rows)
    if changed:
        _update_many(conn, table, names, changed)
    return {"inserted": len(new_rows), "updated": len(changed)}


def _drawn_area(geom: BaseGeometry | None) -> float:
    return geom.area if geom is not None else 0.0


def _update_many(conn, table, names: list[str], rows: list[tuple]) -> None:
    """UPDATE the rows given as tuples: the values of ``names``, then the row's id (on SQLite
    through the driver's executemany, as :func:`_insert_many`)."""
    if conn.dialect.name == "sqlite" and conn.dialect.paramstyle == "qmark":
        sets = ", ".join(f"{n} = ?" for n in names)
        conn.exec_driver_sql(f"UPDATE {table.name} SET {sets} WHERE id = ?", rows)
    else:
        conn.execute(
            update(table).where(table.c.id == bindparam("_id")),
            [dict(zip([*names, "_id"], r, strict=True)) for r in rows],
        )


def _insert_many(conn, table, names: list[str], rows: list[tuple]) -> None:
    """INSERT many rows given as tuples in the order of ``names``. On SQLite the driver's own
    executemany takes them as they are (SQLAlchemy's per-row parameter processing costs
    more than the insert itself), several rows a statement: the per-statement work of the
    driver and of SQLite is then shared by those rows (999 parameters: any SQLite takes them)."""
    if conn.dialect.name == "sqlite" and conn.dialect.paramstyle == "qmark":
        if len(rows) > 5_000:  # room for the new pages: fewer spills to the WAL mid-insert
            conn.exec_driver_sql("PRAGMA cache_size=-131072")
        head = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES "
        one = f"({', '.join('?' * len(names))})"
        per = max(1, 999 // len(names))
        whole = len(rows) - len(rows) % per
        if whole:
            flat = chain.from_iterable
            conn.exec_driver_sql(
                head + ", ".join([one] * per),
                [tuple(flat(rows[i : i + per])) for i in range(0, whole, per)],
            )
        if whole < len(rows):
            conn.exec_driver_sql(head + one, rows[whole:])
    else:
        conn.execute(insert(table), [dict(zip(names, r, strict=True)) for r in rows])


def parcel_geometries(s: Session) -> tuple[list[int], np.ndarray, list[float]]:
    """(ids, geometries, recovered areas) of every parcel, read as plain rows."""
    import numpy as np

    rows = (
        s.connection()
        .execute(select(ParcelRow.id, ParcelRow.geom, ParcelRow.recovered_area_m2))
        .all()
    )
    geoms = shapely.from_wkb([r.geom for r in rows]) if rows else np.array([], dtype=object)
    return [r.id for r in rows], geoms, [r.recovered_area_m2 or 0.0 for r in rows]


def recompute_recovered(s: Session, boundary: BaseGeometry | None) -> int:
    """Recompute every parcel's recovered part after the clearance boundary changed."""
    import numpy as np

    rows = s.execute(select(ParcelRow.id, ParcelRow.geom)).all()
    if not rows:
        return 0
    geoms = shapely.from_wkb([r.geom for r in rows])
    parts, areas = recovered_parts(geoms, boundary)
    part_wkb = shapely.to_wkb(np.array(parts, dtype=object))
    table = ParcelRow.__table__
    s.connection().execute(
        update(table).where(table.c.id == bindparam("_id")),
        [
            {"_id": r.id, "recovered_geom": w, "recovered_area_m2": a}
            for r, w, a in zip(rows, part_wkb, areas, strict=True)
        ],
    )
    return len(rows)


def load_parcels(s: Session, commune: str | None = None) -> list[Parcel]:
    """Parcels with geometry, ordered by key (:func:`.snapshot_read.load_parcels`)."""
    return snapshot_read.load_parcels(_read(s), commune)


def parcel_keys(s: Session) -> set[tuple[str, str, str]]:
    return {
        tuple(k) for k in s.execute(select(ParcelRow.commune, ParcelRow.sheet, ParcelRow.number))
    }


# -- households --------------------------------------------------------------------------------

_HH_FIELDS = snapshot_read.HH_FIELDS


def upsert_households(
    s: Session,
    households: Iterable[Household],
    links: Iterable[tuple[str, tuple[str, str, str], float | None]] = (),
) -> dict[str, int]:
    """Insert or update households by code and link them to parcels by key.

    ``links`` are (household code, parcel key, declared recovered m² or None). A parcel key
    that matches no parcel raises :class:`UserError` (the caller reports it before writing).
    """
    rows = {r.code: r for r in s.scalars(select(HouseholdRow))}
    inserted = updated = 0
    for hh in households:
        row = rows.get(hh.code)
        if row is None:
            row = HouseholdRow(code=hh.code)
            s.add(row)
            rows[hh.code] = row
            inserted += 1
        else:
            updated += 1
        for f in _HH_FIELDS:
            setattr(row, f, getattr(hh, f))
    s.flush()
    parcels = {(r.commune, r.sheet, r.number): r for r in s.scalars(select(ParcelRow))}
    linked = 0
    for code, key, _declared in links:  # the list's area is not kept: recovered area is computed
        prow = parcels.get(tuple(key))
        if prow is None:
            raise UserError(
                f"household {code}: parcel {key[0]} {key[1]}/{key[2]} is not in the project"
            )
        prow.household_id = rows[code].id
        linked += 1
    return {"inserted": inserted, "updated": updated, "linked": linked}


def load_households(s: Session) -> list[Household]:
    return snapshot_read.load_households(_read(s))


def household_id(s: Session, code: str) -> int:
    return household_key(s, code)[0]


def household_key(s: Session, code: str) -> tuple[int, str]:
    """Id and stored code of a household; codes match ignoring case (``dt-012`` is DT-012)."""
    return eventlog.household_key(server_chain.db(s), code)


# -- events ------------------------------------------------------------------------------------


def load_events(s: Session, code: str | None = None) -> list[Event]:
    """Events in append order, for one household or all (plain rows: no ORM objects)."""
    return eventlog.load_events(server_chain.db(s), code)


def events_by_household(s: Session) -> dict[str, list[Event]]:
    """Every event, by household (:func:`.snapshot_read.events_by_household`)."""
    return snapshot_read.events_by_household(_read(s))


def append_event(s: Session, ev: Event, hid: int | None = None) -> Event:
    """Append one event (never updates or deletes), chained to the one before it (hash);
    returns it with id and timestamp. ``hid``: the household's id when the caller has it.
    The one write path of events: :func:`.eventlog.append_event`, in this session."""
    return eventlog.append_event(server_chain.db(s), ev, hid)


def append_events(s: Session, events: Sequence[Event]) -> int:
    """Append many events in one statement (bulk imports); ids are not read back."""
    return eventlog.append_events(server_chain.db(s), events)


def household_state(s: Session, code: str) -> HouseholdState:
    household_id(s, code)  # raises for an unknown code
    return derive_state(load_events(s, code))


def all_states(s: Session) -> dict[str, HouseholdState]:
    by_hh = events_by_household(s)
    return {hh.code: derive_state(by_hh.get(hh.code, [])) for hh in load_households(s)}


# -- holidays ----------------------------------------------------------------------------------


def load_holidays(s: Session) -> list[tuple[date, str]]:
    return snapshot_read.load_holidays(_read(s))


def save_holidays(s: Session, holidays: Iterable[tuple[date, str]]) -> None:
    s.execute(delete(HolidayRow))
    s.add_all(HolidayRow(day=d, name=n) for d, n in holidays)


# -- donations ---------------------------------------------------------------------------------


def load_donations(s: Session) -> dict[str, Donation]:
    """The donation in effect per household code (the latest record of each)."""
    return snapshot_read.load_donations(_read(s))


def add_donation(s: Session, d: Donation, by: str = "") -> Donation:
    """Record a donation (it replaces the household's earlier one; history is kept)."""
    row = DonationRow(
        household_id=household_id(s, d.household_code),
        land_m2=float(d.land_m2),
        all_land=bool(d.all_land),
        assets_value_vnd=int(d.assets_value_vnd),
        doc_no=d.doc_no,
        doc_date=d.doc_date,
        note=d.note,
        by=by,
        recorded_at=datetime.now().replace(microsecond=0),
    )
    s.add(row)
    s.flush()
    from dataclasses import replace

    return replace(d, id=row.id)


def household_dues(s: Session, code: str, donations: dict[str, Donation] | None = None):
    """The :class:`~tl342.core.law.Dues` of one household (amounts, recovered area, donation)."""
    from sqlalchemy import func

    from ..core.law import Dues

    hid = household_id(s, code)
    row = s.get(HouseholdRow, hid)
    area = s.scalar(
        select(func.coalesce(func.sum(ParcelRow.recovered_area_m2), 0.0)).where(
            ParcelRow.household_id == hid
        )
    )
    if donations is None:
        donations = load_donations(s)
    return Dues(
        compensation_vnd=int(row.compensation_vnd or 0),
        support_vnd=int(row.support_vnd or 0),
        paid_vnd=int(row.paid_vnd or 0),
        recovered_m2=float(area or 0.0),
        donation=donations.get(code),
    )
