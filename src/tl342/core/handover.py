"""Site handover along the road, as of a date: what is blocked, what is ready, what is late.

Everything is derived from a :class:`~tl342.core.snapshot.Snapshot` and a date ``as_of``:
a household's state "as of" a date folds only its events dated on or before it
(``Event.at <= as_of``), so yesterday's figures do not move when today's work is entered.

Positions along the road are TRUE distances (metres along the centreline, ``d``); chainage
(lý trình) is only used for labels, because station equations make chainage differences lie
about lengths (domain.md §2).

Qt-free.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import shapely

from .calendar import HolidayCalendar
from .campaign import Campaign, pace
from .campaign import ready_stretches as _ready_stretches
from .chainage import Route, format_chainage
from .landuse import land_group
from .model import Event, EventKind, Flag, HouseholdState, LandGroup, Parcel, Side, Status
from .snapshot import Snapshot
from .workflow import deadlines, derive_state, project_rules

BLOCKING_FLAGS = frozenset({Flag.COMPLAINT, Flag.ENFORCEMENT})
SOON_DAYS = 3

#: cell states of the straight-line diagram, WORST first ("none" = no land to recover there)
CELL_STATES: tuple[str, ...] = (
    "blocked",  # complaint or enforcement (khiếu nại / cưỡng chế)
    "pending",  # any step before plan approval
    "approved",  # plan approved / recovery decided, not paid
    "donated",  # voluntary donation (hiến đất), not yet handed over
    "paid",  # paid, waiting for handover
    "handed_over",  # bàn giao mặt bằng
    "none",
)
_CELL_RANK = {s: i for i, s in enumerate(CELL_STATES)}


# ---------------------------------------------------------------------------------------------
# states as of a date
# ---------------------------------------------------------------------------------------------
def events_as_of(events: Sequence[Event], as_of: date) -> list[Event]:
    """The events dated on or before ``as_of`` (append order kept; an undo whose target is
    left out is left out too)."""
    kept = [e for e in events if e.at <= as_of]
    ids = {e.id for e in kept if e.id is not None}
    return [
        e
        for e in kept
        if not (e.kind is EventKind.REVERT and e.reverts is not None and e.reverts not in ids)
    ]


def state_as_of(snapshot: Snapshot, code: str, as_of: date) -> HouseholdState:
    """The household's state using only its events with ``at <= as_of``."""
    events = snapshot.events.get(code, [])
    if events and all(e.at <= as_of for e in events) and code in snapshot.states:
        return snapshot.states[code]
    return derive_state(events_as_of(events, as_of))


def states_as_of(snapshot: Snapshot, as_of: date) -> dict[str, HouseholdState]:
    """Every household's state as of ``as_of``."""
    return {code: state_as_of(snapshot, code, as_of) for code in snapshot.households}


def cell_state(state: HouseholdState | None) -> str:
    """The strip category of a household state (see :data:`CELL_STATES`)."""
    if state is None:
        return "pending"
    if state.status is Status.HANDED_OVER:
        return "handed_over"
    if state.flags & BLOCKING_FLAGS:
        return "blocked"
    if state.status.rank >= Status.PAID.rank:
        return "paid"
    if Flag.DONATED in state.flags:
        return "donated"
    if state.status.rank >= Status.APPROVED.rank:
        return "approved"
    return "pending"


# ---------------------------------------------------------------------------------------------
# parcels along the road (cached per snapshot: projecting every parcel takes a moment)
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ParcelExtent:
    """Where the recovered part of one held parcel lies along the centreline (true metres)."""

    parcel: Parcel
    d0: float
    d1: float
    sides: dict[Side, tuple[float, float]]  # per side of the centreline: (d0, d1)


_DENSIFY_M = 10.0


def parcel_extents(snapshot: Snapshot) -> list[ParcelExtent]:
    """Extents of the recovered parts of every held parcel (empty without a route).

    The whole range comes from ``Route.distance_ranges_of``; the per-side ranges from the
    densified outline's points on each side. Computed once per loaded snapshot.
    """
    if snapshot.route is None:
        return []
    return snapshot.memo("parcel_extents", lambda: _parcel_extents(snapshot))


def _parcel_extents(snapshot: Snapshot) -> list[ParcelExtent]:
    route = snapshot.route
    held = [
        p
        for p in snapshot.parcels
        if p.household_code
        and p.recovered_geometry is not None
        and not p.recovered_geometry.is_empty
    ]
    geoms = [p.recovered_geometry for p in held]
    ranges = route.distance_ranges_of(geoms, densify_m=_DENSIFY_M) if geoms else []
    out: list[ParcelExtent] = []
    if geoms:
        dense = shapely.segmentize(np.asarray(geoms, dtype=object), _DENSIFY_M)
        xy, index = shapely.get_coordinates(dense, return_index=True)
        locs = route.locate_many(xy)
        d = np.array([loc.distance_m for loc in locs])
        off = np.array([loc.offset_m for loc in locs])
        for i, (p, (a, b)) in enumerate(zip(held, ranges, strict=True)):
            sel = index == i
            sides: dict[Side, tuple[float, float]] = {}
            for side, mask in ((Side.LEFT, off < 0), (Side.RIGHT, off >= 0)):
                m = sel & mask
                if m.any():
                    sides[side] = (float(d[m].min()), float(d[m].max()))
            out.append(ParcelExtent(p, float(a), float(b), sides))
    return out


def household_chainage_ranges(snapshot: Snapshot) -> dict[str, tuple[float, float]]:
    """Lowest and highest chainage of each household's recovered land (per load, shared).

    Built from :func:`parcel_extents`; an extent that spans a station equation also counts
    the equation's back and ahead values, so a gap or an overlap inside it is covered.
    """
    route = snapshot.route
    if route is None:
        return {}

    def compute() -> dict[str, tuple[float, float]]:
        out: dict[str, tuple[float, float]] = {}
        eqs = list(zip(route.equation_distances, route.equations, strict=True))
        for ext in parcel_extents(snapshot):
            values = [float(v) for v in route.chainages_at([ext.d0, ext.d1])]
            values += [v for d, e in eqs if ext.d0 < d < ext.d1 for v in (e.back_m, e.ahead_m)]
            code = ext.parcel.household_code
            lo, hi = min(values), max(values)
            if code in out:
                lo, hi = min(lo, out[code][0]), max(hi, out[code][1])
            out[code] = (lo, hi)
        return out

    return snapshot.memo("household_chainage_ranges", compute)


def blocked_intervals(snapshot: Snapshot, as_of: date) -> list[tuple[float, float]]:
    """True-distance intervals (d0, d1) covered by the recovered part of a held parcel whose
    household is not handed over as of ``as_of``, in the order of the parcels."""
    states: dict[str, HouseholdState] = {}
    out = []
    for ext in parcel_extents(snapshot):
        code = ext.parcel.household_code
        assert code is not None
        if code not in states:
            states[code] = state_as_of(snapshot, code, as_of)
        if states[code].status is not Status.HANDED_OVER:
            out.append((ext.d0, ext.d1))
    return out


def _chainage_back(route: Route, d: float) -> float:
    """Chainage at ``d`` approached from behind (the back value at a station equation)."""
    for d0, d1, c0, c1 in route.segments():
        if d0 < d <= d1 + 1e-9:
            return c0 + (min(d, d1) - d0) * (c1 - c0) / (d1 - d0)
    return route.chainage_at(d)


def ready_stretches(
    snapshot: Snapshot, as_of: date, min_length_m: float = 0.0
) -> list[dict[str, Any]]:
    """Stretches of road with no land left to recover as of ``as_of`` (ready for the
    contractor): ``{"from", "to"`` (Km labels), ``"from_m", "to_m"`` (chainage m),
    ``"d0", "d1"`` (true distance), ``"length_m"`` (TRUE length, ``d1 - d0``)}."""
    route = snapshot.route
    if route is None:
        return []
    out = []
    for d0, d1 in _ready_stretches(
        route.length_m, blocked_intervals(snapshot, as_of), min_length_m
    ):
        c0, c1 = route.chainage_at(d0), _chainage_back(route, d1)
        out.append(
            {
                "from": format_chainage(c0),
                "to": format_chainage(c1),
                "from_m": c0,
                "to_m": c1,
                "d0": d0,
                "d1": d1,
                "length_m": d1 - d0,
            }
        )
    return out


# ---------------------------------------------------------------------------------------------
# the straight-line diagram
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class StripCell:
    """One bin of true distance [d0, d1) with the worst state of the land on each side."""

    index: int
    d0: float
    d1: float
    from_m: float  # chainage at d0
    to_m: float  # chainage at d1 (back value at an equation)
    left: str  # one of CELL_STATES
    right: str
    households_left: tuple[str, ...] = ()
    households_right: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"{format_chainage(self.from_m)} – {format_chainage(self.to_m)}"

    def state(self, side: Side | str) -> str:
        return self.left if Side(side) is Side.LEFT else self.right


@dataclass(frozen=True)
class StripEquation:
    """A station equation for drawing: where it lies (true distance) and its label."""

    d: float
    back_m: float
    ahead_m: float

    @property
    def label(self) -> str:
        return f"{format_chainage(self.back_m)} = {format_chainage(self.ahead_m)}"


@dataclass(frozen=True)
class StripData:
    """What :func:`tl342.render.strip.draw_strip` needs."""

    cells: list[StripCell]
    equations: list[StripEquation]
    ticks: list[tuple[float, str]]  # (true distance, "Km38") at every whole km
    length_m: float
    start_m: float  # chainage of the start (Km37+500)
    end_m: float  # chainage of the end (Km60+300)


def strip_cells(snapshot: Snapshot, as_of: date, bin_m: float = 100.0) -> StripData:
    """The road cut into ``bin_m`` metres of true distance, each side (L/R) with the WORST
    state of the land still to recover there as of ``as_of`` (see :data:`CELL_STATES`)."""
    route = snapshot.route
    if route is None:
        return StripData([], [], [], 0.0, 0.0, 0.0)
    if bin_m <= 0:
        raise ValueError("bin_m must be positive")
    L = route.length_m
    n = max(int(np.ceil(L / bin_m - 1e-9)), 1)
    worst: dict[Side, list[str]] = {s: ["none"] * n for s in Side}
    who: dict[Side, list[set[str]]] = {s: [set() for _ in range(n)] for s in Side}
    states: dict[str, HouseholdState] = {}
    for ext in parcel_extents(snapshot):
        code = ext.parcel.household_code
        assert code is not None
        if code not in states:
            states[code] = state_as_of(snapshot, code, as_of)
        cat = cell_state(states[code])
        for side, (a, b) in ext.sides.items():
            k0 = min(max(int(a // bin_m), 0), n - 1)
            k1 = min(max(int(np.ceil(b / bin_m)) - 1, k0), n - 1)
            for k in range(k0, k1 + 1):
                who[side][k].add(code)
                if _CELL_RANK[cat] < _CELL_RANK[worst[side][k]]:
                    worst[side][k] = cat
    cells = []
    for k in range(n):
        d0, d1 = k * bin_m, min((k + 1) * bin_m, L)
        cells.append(
            StripCell(
                k,
                d0,
                d1,
                route.chainage_at(d0),
                _chainage_back(route, d1),
                worst[Side.LEFT][k],
                worst[Side.RIGHT][k],
                tuple(sorted(who[Side.LEFT][k])),
                tuple(sorted(who[Side.RIGHT][k])),
            )
        )
    eqs = [
        StripEquation(d, e.back_m, e.ahead_m)
        for e, d in zip(route.equations, route.equation_distances, strict=True)
    ]
    ticks = [(p.distance_m, f"Km{round(p.chainage_m / 1000)}") for p in route.stations(1000.0)]
    return StripData(cells, eqs, ticks, L, route.start_chainage_m, route.end_chainage_m)


# ---------------------------------------------------------------------------------------------
# legal deadlines and blocked cases
# ---------------------------------------------------------------------------------------------
def household_land(snapshot: Snapshot, code: str) -> str:
    """The notice class: "non_agricultural" when any recovered parcel is residential land, else
    "agricultural"
    (selects the notice period: 180 / 90 days)."""
    for p in snapshot.parcels_of(code):
        if p.recovered_area_m2 > 0 and land_group(p.land_use) is LandGroup.RESIDENTIAL:
            return "non_agricultural"
    return "agricultural"


def _flag_events_in_effect(events: Iterable[Event]) -> dict[Flag, Event]:
    """For each flag on at the end of ``events``: the FLAG_ON event that set it (an undo of a
    "flag off" brings the original event back, with its cause and owner)."""
    on: dict[Flag, Event] = {}
    stashed: dict[Flag, Event] = {}
    by_id = {e.id: e for e in events if e.id is not None}
    for e in events:
        if e.kind is EventKind.FLAG_ON and e.flag is not None:
            f = Flag(e.flag)
            if e.note.startswith("undo of event") and f in stashed:
                on[f] = stashed.pop(f)
            else:
                on[f] = e
        elif e.kind is EventKind.FLAG_OFF and e.flag is not None:
            f = Flag(e.flag)
            if f in on:
                stashed[f] = on.pop(f)
        elif e.kind is EventKind.REVERT and e.reverts in by_id:
            t = by_id[e.reverts]
            if t.flag is not None:
                f = Flag(t.flag)
                if t.kind is EventKind.FLAG_ON:
                    on.pop(f, None)
                elif t.kind is EventKind.FLAG_OFF and f in stashed:
                    on[f] = stashed.pop(f)
    return on


def project_calendar(snapshot: Snapshot) -> HolidayCalendar:
    """The project's own holidays if it has any, else the packaged Vietnamese calendar."""
    if snapshot.holidays:
        return HolidayCalendar(snapshot.holidays)
    return HolidayCalendar.default()


def deadlines_overview(
    snapshot: Snapshot,
    as_of: date,
    calendar: HolidayCalendar | None = None,
    soon_days: int = SOON_DAYS,
    lang: str = "en",
) -> dict[str, list[dict[str, Any]]]:
    """Warnings as of ``as_of``, every list sorted by date:

    - ``overdue``: max-deadlines past due whose step is not reached (``days`` = days late);
    - ``due_soon``: max-deadlines due within ``soon_days`` days (``days`` = days left);
    - ``early``: min-deadlines reached before the earliest lawful date (``days`` = days
      short; lawful only with the household's agreement);
    - ``blocked``: households not handed over with a complaint or enforcement, with the cause
      (note of the flag event), owner (its ``by``) and ``since`` (its date).

    Dates are ``datetime.date`` here (the dashboard makes them ISO strings).

    Without ``calendar`` (the project's own, :func:`project_calendar`) the result is computed
    once per snapshot version and date, and shared (the households list's overdue filter
    and the dashboard read the same one): do not change it.
    """
    if calendar is None:
        key = (
            "deadlines_overview",
            as_of,
            soon_days,
            lang,
            snapshot.regime,
            tuple(snapshot.holidays),
            tuple(sorted(snapshot.limits.items())),
        )
        return snapshot.memo(
            key,
            lambda: _deadlines_overview(
                snapshot, as_of, project_calendar(snapshot), soon_days, lang
            ),
            per_version=True,
        )
    return _deadlines_overview(snapshot, as_of, calendar, soon_days, lang)


def overdue_households(snapshot: Snapshot, as_of: date) -> frozenset[str]:
    """Households with a legal deadline past due as of ``as_of`` (the ``overdue`` list of
    :func:`deadlines_overview` with the project's calendar; shared per version and date)."""
    return snapshot.memo(
        (
            "overdue_households",
            as_of,
            snapshot.regime,
            tuple(snapshot.holidays),
            tuple(sorted(snapshot.limits.items())),
        ),
        lambda: frozenset(x["household"] for x in deadlines_overview(snapshot, as_of)["overdue"]),
        per_version=True,
    )


def _deadlines_overview(
    snapshot: Snapshot,
    as_of: date,
    calendar: HolidayCalendar,
    soon_days: int,
    lang: str,
) -> dict[str, list[dict[str, Any]]]:
    rules = project_rules(snapshot.regime, snapshot.limits)
    out: dict[str, list[dict[str, Any]]] = {
        "overdue": [],
        "due_soon": [],
        "early": [],
        "blocked": [],
    }
    for code in snapshot.households:
        state = state_as_of(snapshot, code, as_of)
        commune = snapshot.household_commune(code)
        if state.status is not Status.HANDED_OVER:
            for dl in deadlines(
                rules, calendar, state, code, as_of, soon_days, lang, household_land(snapshot, code)
            ):
                if dl.state == "overdue":
                    days = dl.overdue_days
                elif dl.state == "due_soon":
                    days = (dl.due - as_of).days
                elif dl.state == "early":
                    days = dl.overdue_days
                else:
                    continue
                out[dl.state].append(
                    {
                        "household": code,
                        "commune": commune,
                        "step": dl.step.value,
                        "step_name": rules.step_name(dl.step, lang),
                        "due": dl.due,
                        "days": days,
                        "rule": dl.rule_id,
                        "description": dl.description,
                    }
                )
            blocking = state.flags & BLOCKING_FLAGS
            if blocking:
                in_effect = _flag_events_in_effect(
                    events_as_of(snapshot.events.get(code, []), as_of)
                )
                for f in sorted(blocking):
                    ev = in_effect.get(f)
                    out["blocked"].append(
                        {
                            "household": code,
                            "commune": commune,
                            "flag": f.value,
                            "cause": ev.note if ev else "",
                            "owner": ev.by if ev else "",
                            "since": ev.at if ev else None,
                            "status": state.status.value,
                        }
                    )
    out["overdue"].sort(key=lambda x: (-x["days"], x["due"], x["household"]))
    out["due_soon"].sort(key=lambda x: (x["due"], x["household"]))
    out["early"].sort(key=lambda x: (x["due"], x["household"]))
    out["blocked"].sort(key=lambda x: (x["since"] or date.min, x["household"]))
    return out


# ---------------------------------------------------------------------------------------------
# pace
# ---------------------------------------------------------------------------------------------
def handed_over_dates(
    snapshot: Snapshot, as_of: date, codes: Iterable[str] | None = None
) -> list[tuple[date, float]]:
    """(date of the handover still in effect, recovered m²) per household handed over as of
    ``as_of``."""
    out = []
    for code in snapshot.households if codes is None else codes:
        state = state_as_of(snapshot, code, as_of)
        if state.status is Status.HANDED_OVER:
            when = state.reached_on.get(Status.HANDED_OVER, as_of)
            out.append((when, snapshot.recovered_area_of(code)))
    return out


def campaign_pace(
    snapshot: Snapshot, campaign: Campaign, as_of: date
) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """``core.campaign.pace`` for the whole project and per commune (commune -> figures; each
    with ``households_total`` and ``area_total_m2`` added)."""
    by_commune: dict[str, list[str]] = {}
    for code in snapshot.households:
        by_commune.setdefault(snapshot.household_commune(code) or "?", []).append(code)

    def figures(codes: list[str]) -> dict[str, Any]:
        total_area = sum(snapshot.recovered_area_of(c) for c in codes)
        fig = pace(
            campaign, as_of, handed_over_dates(snapshot, as_of, codes), len(codes), total_area
        )
        fig["households_total"] = len(codes)
        fig["area_total_m2"] = total_area
        return fig

    total = figures(list(snapshot.households))
    return total, {name: figures(codes) for name, codes in sorted(by_commune.items())}


__all__ = [
    "CELL_STATES",
    "ParcelExtent",
    "StripCell",
    "StripData",
    "StripEquation",
    "blocked_intervals",
    "campaign_pace",
    "cell_state",
    "deadlines_overview",
    "events_as_of",
    "handed_over_dates",
    "household_land",
    "overdue_households",
    "parcel_extents",
    "project_calendar",
    "household_chainage_ranges",
    "ready_stretches",
    "state_as_of",
    "states_as_of",
    "strip_cells",
]
