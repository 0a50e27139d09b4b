"""Reading a project into a :class:`~tl342.core.snapshot.Snapshot`, written once in plain SQL
against a DB-API connection (:class:`.eventlog.Db`).

The full application reaches it through its SQLAlchemy session's own DB-API connection
(``repo.load_parcels`` … and ``actions.load_snapshot`` delegate here); ``tl342 export`` on a
plain project file through a plain ``sqlite3`` connection (:mod:`.quickread`). So there is one
reading implementation, and both return the same values of the same types: dates as
``date``/``datetime`` (SQLite keeps them as text, as SQLAlchemy writes them), booleans as
``bool``, money as ``int``. This module imports no SQLAlchemy.
"""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING

from ..core.law import Donation
from ..core.model import Household, Parcel
from . import eventlog

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

_SLICE = 4096  # rows fetched and decoded at a time by the bulk loads (bounded peak memory)


def _from_wkb(data: bytes | None):
    if data is None:
        return None
    import shapely

    return shapely.from_wkb(data)


# -- route, boundary, communes -----------------------------------------------------------------


def load_route(db: eventlog.Db):
    """The project's :class:`~tl342.core.chainage.Route`, or None when none was imported."""
    row = db.execute("SELECT id, name, geom FROM route LIMIT 1").fetchone()
    if row is None:
        return None
    # routes need shapely and numpy: loaded here, not for every command that opens the store
    from ..core.chainage import Equation, Route, Stake

    rid, name, geom = row
    stakes = [
        Stake(*r)
        for r in db.execute(
            "SELECT chainage_m, x, y, label FROM stake WHERE route_id = ? ORDER BY id", (rid,)
        ).fetchall()
    ]
    equations = [
        Equation(*r)
        for r in db.execute(
            "SELECT back_m, ahead_m, x, y FROM equation WHERE route_id = ? ORDER BY id", (rid,)
        ).fetchall()
    ]
    return Route(_from_wkb(geom), stakes, equations, name=name)


def load_areas(db: eventlog.Db, kind: str) -> dict[str, BaseGeometry]:
    """Every area of ``kind`` ("boundary" or "commune"), by name, in the order imported."""
    rows = db.execute("SELECT name, geom FROM area WHERE kind = ? ORDER BY id", (kind,))
    return {name: _from_wkb(geom) for name, geom in rows.fetchall()}


def load_boundary(db: eventlog.Db) -> BaseGeometry | None:
    areas = list(load_areas(db, "boundary").values())
    if not areas:
        return None
    if len(areas) == 1:
        return areas[0]
    import shapely

    return shapely.union_all(areas)


# -- parcels -----------------------------------------------------------------------------------

_PARCEL_SELECT = (
    "SELECT id, commune, sheet, number, land_use, land_use_orig, area_m2, geom, recovered_geom, "
    "recovered_area_m2, owner_name, address, household_id FROM parcel"
)


def load_parcels(db: eventlog.Db, commune: str | None = None) -> list[Parcel]:
    """Parcels with geometry, ordered by key. Reads plain rows a slice at a time and decodes
    each slice's geometries in one vectorised call: this is the hot path of opening a
    project. Repeated texts (commune, sheet, land use, owner, address) share one object, so a
    district's 50 000 parcels keep a few hundred strings, not 350 000."""
    import shapely

    codes = dict(db.execute("SELECT id, code FROM household").fetchall())
    order = " ORDER BY commune, sheet, number"
    if commune:
        cur = db.execute(_PARCEL_SELECT + " WHERE commune = ?" + order, (commune,))
    else:
        cur = db.execute(_PARCEL_SELECT + order)
    shared: dict = {}
    one = shared.setdefault
    code_of = codes.get
    out: list[Parcel] = []
    while rows := cur.fetchmany(_SLICE):
        geoms = shapely.from_wkb([r[7] for r in rows]).tolist()
        parts = shapely.from_wkb([r[8] for r in rows]).tolist()
        out.extend(
            Parcel(
                one(com, com),
                one(sheet, sheet),
                one(number, number),
                one(use, use),
                g,
                one(orig, orig),
                area,
                part,
                rec_area,
                one(owner, owner),
                one(addr, addr),
                code_of(hid),
                id_,
            )
            for (
                id_,
                com,
                sheet,
                number,
                use,
                orig,
                area,
                _w,
                _rw,
                rec_area,
                owner,
                addr,
                hid,
            ), g, part in zip(rows, geoms, parts, strict=True)
        )
    return out


# -- households and events ---------------------------------------------------------------------

HH_FIELDS = (
    "head_name",
    "commune",
    "village",
    "id_card",
    "phone",
    "birth_year",
    "bank_account",
    "compensation_vnd",
    "support_vnd",
    "paid_vnd",
    "donated_value_vnd",
    "donation_note",
    "note",
)
_HH_SELECT = f"SELECT id, code, {', '.join(HH_FIELDS)} FROM household ORDER BY code"


def load_households(db: eventlog.Db) -> list[Household]:
    names = ("id", "code", *HH_FIELDS)
    return [
        Household(**dict(zip(names, row, strict=True))) for row in db.execute(_HH_SELECT).fetchall()
    ]


def events_by_household(db: eventlog.Db) -> dict[str, list]:
    """Every event, by household. Household codes, dates, clerks, notes and record times
    repeat (a district's 140 000 events share a few hundred): each distinct value is kept
    once, which halves what the events of an open project hold."""
    out: dict[str, list] = {}
    one = {}.setdefault
    for ev in eventlog.load_events(db):
        code = ev.household_code = one(ev.household_code, ev.household_code)
        ev.at = one(ev.at, ev.at)
        ev.by = one(ev.by, ev.by)
        ev.note = one(ev.note, ev.note)
        ev.recorded_at = one(ev.recorded_at, ev.recorded_at)
        out.setdefault(code, []).append(ev)
    return out


# -- holidays, donations -----------------------------------------------------------------------


def load_holidays(db: eventlog.Db) -> list[tuple[date, str]]:
    rows = db.execute("SELECT day, name FROM holiday ORDER BY day").fetchall()
    return [(db.date(d), n) for d, n in rows]


def load_donations(db: eventlog.Db) -> dict[str, Donation]:
    """The donation in effect per household code (the latest record of each)."""
    rows = db.execute(
        "SELECT d.id, d.land_m2, d.all_land, d.assets_value_vnd, d.doc_no, d.doc_date, d.note, "
        "h.code FROM donation d JOIN household h ON d.household_id = h.id ORDER BY d.id"
    ).fetchall()
    out: dict[str, Donation] = {}
    for id_, land, all_land, assets, doc_no, doc_date, note, code in rows:
        out[code] = Donation(
            household_code=code,
            land_m2=float(land or 0.0),
            all_land=bool(all_land),
            assets_value_vnd=int(assets or 0),
            doc_no=doc_no or "",
            doc_date=db.date(doc_date),
            note=note or "",
            id=id_,
        )
    return out


# -- meta: campaign, limits --------------------------------------------------------------------


def parse_campaign(raw: str):
    """The campaign stored in meta ``campaign`` (JSON), or None."""
    if not raw:
        return None
    from ..core.campaign import Campaign

    d = json.loads(raw)
    return Campaign(
        name=d.get("name", ""),
        start=date.fromisoformat(d["start"]),
        length_days=int(d.get("length_days", 30)),
        target_day=int(d.get("target_day", 15)),
    )


# -- the snapshot ------------------------------------------------------------------------------


def read_snapshot(db: eventlog.Db, *, name: str, crs: str, regime, campaign, limits):
    """Read the whole project once into memory (a Snapshot); the meta values are the caller's
    (a project reads them once and keeps them)."""
    from ..core.collector import paused

    with paused():  # millions of objects for a large project, none in a cycle
        return _read_snapshot(
            db, name=name, crs=crs, regime=regime, campaign=campaign, limits=limits
        )


def _read_snapshot(db: eventlog.Db, *, name: str, crs: str, regime, campaign, limits):
    from ..core.snapshot import Snapshot
    from ..core.workflow import derive_state

    households = {h.code: h for h in load_households(db)}
    events = events_by_household(db)
    snap = Snapshot(
        name=name,
        crs=crs,
        regime=regime,
        route=load_route(db),
        boundary=load_boundary(db),
        communes=load_areas(db, "commune"),
        parcels=load_parcels(db),
        households=households,
        states={code: derive_state(events.get(code, [])) for code in households},
        events=events,
        holidays=load_holidays(db),
        donations=load_donations(db),
    )
    snap.campaign = campaign
    snap.limits = limits
    return snap
