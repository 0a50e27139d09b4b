"""Figures of the daily progress report (báo cáo tiến độ GPMB), computed from a Snapshot.

Qt-free. The state of every household *as of a date* is re-derived from its events
(``Event.at`` ≤ the date), so a report for an earlier day gives that day's figures.

Semantics
---------
- "As of ``day``" means at the end of that day: every event dated ``day`` or earlier counts.
- Status counts are "at least reached": a paid household also counts as notified, inventoried,
  posted and approved (status rank, so steps marked not applicable are covered too).
- "Since last report" = figures as of ``day`` minus figures as of ``since`` (default: the day
  before ``day``), i.e. the changes dated after ``since`` up to and including ``day``.
- Areas are recovered areas (m²) of the parcels a household holds; money in exact VND.
- Approved VND = compensation + support of the households that reached approval; paid VND =
  the recorded paid amount of the households that reached payment.
- Handed-over km is the length (true metres along the centreline) of the stretches of road
  where no recovered part of a parcel held by a household not yet handed over remains: THE
  dashboard's ready stretches (:func:`tl342.services.dashboard.ready_stretches`, same
  minimum length ``READY_MIN_LENGTH_M``); per commune, the part of those stretches inside
  the commune polygon.
- Blocked cases: households with a complaint or enforcement flag on that day; cause = note of
  the flag event, owner = its ``by``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import shapely
from shapely.geometry.base import BaseGeometry

from ..core.fmt import total as total_of
from ..core.handover import events_as_of, states_as_of
from ..core.model import Event, EventKind, Flag, HouseholdState, Status
from ..core.snapshot import Snapshot
from ..core.text import fold
from .dashboard import ReadyStretch, ready_stretches

__all__ = [
    "BLOCKING_FLAGS",
    "BlockedCase",
    "Figures",
    "ProgressFigures",
    "million_vnd",
    "progress_figures",
]

BLOCKING_FLAGS: tuple[Flag, ...] = (Flag.COMPLAINT, Flag.ENFORCEMENT)
TOTAL_LABEL = "Tổng cộng"


def million_vnd(vnd: int) -> Decimal:
    """Exact VND as millions, rounded half-up to one decimal (``1_250_000 -> Decimal('1.3')``)."""
    return (Decimal(int(vnd)) / Decimal(1_000_000)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class Figures:
    """One row of the report (a commune, or the total)."""

    households: int = 0
    area_m2: float = 0.0
    notified: int = 0
    inventoried: int = 0
    posted: int = 0
    approved: int = 0
    approved_vnd: int = 0
    paid: int = 0  # households paid in hand (a Treasury deposit is counted apart)
    paid_vnd: int = 0
    deposited: int = 0  # payment step met by a State Treasury deposit (gửi Kho bạc)
    deposited_vnd: int = 0  # compensation + support − paid of those households
    handed_over: int = 0
    handed_over_m2: float = 0.0
    handed_over_km: float = 0.0  # continuous road whose land is all handed over
    donated: int = 0
    donated_m2: float = 0.0
    donated_value_vnd: int = 0
    blocked: int = 0

    @property
    def area_ha(self) -> float:
        return self.area_m2 / 10_000.0

    @property
    def handed_over_ha(self) -> float:
        return self.handed_over_m2 / 10_000.0

    @property
    def approved_mvnd(self) -> Decimal:
        return million_vnd(self.approved_vnd)

    @property
    def paid_mvnd(self) -> Decimal:
        return million_vnd(self.paid_vnd)

    @property
    def deposited_mvnd(self) -> Decimal:
        return million_vnd(self.deposited_vnd)

    def __add__(self, other: Figures) -> Figures:
        return Figures(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})

    def __sub__(self, other: Figures) -> Figures:
        return Figures(**{f.name: getattr(self, f.name) - getattr(other, f.name) for f in fields(self)})

    def as_dict(self) -> dict[str, float | int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class BlockedCase:
    """A household held up by a complaint or enforcement on the report date."""

    code: str
    name: str
    commune: str
    flag: Flag
    since: date
    cause: str  # note of the flag event
    owner: str  # who handles it (``by`` of the flag event)

    @property
    def flag_label(self) -> str:
        return self.flag.label("vi")


@dataclass(frozen=True)
class ProgressFigures:
    """Everything the report prints for one date (its ``Figures`` rows are built by adding
    up households, so they stay plain dataclasses)."""

    day: date
    since: date
    communes: list[str]
    cumulative: dict[str, Figures]
    cumulative_total: Figures
    delta: dict[str, Figures]
    delta_total: Figures
    blocked: list[BlockedCase] = field(default_factory=list)
    ready_stretches: list[ReadyStretch] = field(default_factory=list)  # as the dashboard's
    route_length_m: float = 0.0
    campaign_name: str = ""
    campaign_day: int | None = None
    campaign_length: int | None = None
    project: str = ""


# ---------------------------------------------------------------------------------------------
# household state on a date (the same rules as the dashboard: core.handover)


def _flag_event(events: Sequence[Event], flag: Flag, day: date) -> Event | None:
    """The FLAG_ON event that set ``flag`` (the latest one not undone), as of ``day``."""
    evs = events_as_of(events, day)
    reverted = {e.reverts for e in evs if e.kind is EventKind.REVERT}
    last = None
    for e in evs:
        if e.id is not None and e.id in reverted:
            continue
        if e.flag is not None and Flag(e.flag) is flag and e.kind is EventKind.FLAG_ON:
            last = e
    return last


def _intersect_len(a: Sequence[tuple[float, float]], b: Sequence[tuple[float, float]]) -> float:
    total = 0.0
    for a0, a1 in a:
        for b0, b1 in b:
            total += max(0.0, min(a1, b1) - max(a0, b0))
    return total


def _commune_intervals(route, polygon: BaseGeometry | None) -> list[tuple[float, float]]:
    if polygon is None or polygon.is_empty:
        return []
    inside = route.line.intersection(polygon)
    parts = [g for g in shapely.get_parts(inside) if g.geom_type == "LineString" and g.length > 0]
    if not parts:
        return []
    return route.distance_ranges_of(parts, densify_m=0)


# ---------------------------------------------------------------------------------------------
# figures


@dataclass
class _Day:
    rows: dict[str, Figures]
    stretches: list[ReadyStretch]
    blocked: list[BlockedCase]
    states: dict[str, HouseholdState]


def _figures_on(snapshot: Snapshot, day: date, communes: list[str], commune_iv) -> _Day:
    states = states_as_of(snapshot, day)
    rows = {c: Figures() for c in communes}
    blocked: list[BlockedCase] = []
    for code, hh in snapshot.households.items():
        commune = snapshot.household_commune(code)
        if commune not in rows:
            continue
        st = states[code]
        rank = st.status.rank
        f = rows[commune]
        area = snapshot.recovered_area_of(code)
        f.households += 1
        f.area_m2 += area
        f.notified += rank >= Status.NOTIFIED.rank
        f.inventoried += rank >= Status.INVENTORIED.rank
        f.posted += rank >= Status.POSTED.rank
        if rank >= Status.APPROVED.rank:
            f.approved += 1
            f.approved_vnd += int(hh.total_vnd)
        if rank >= Status.PAID.rank and st.deposited:
            f.deposited += 1
            f.deposited_vnd += max(int(hh.total_vnd) - int(hh.paid_vnd), 0)
            f.paid_vnd += int(hh.paid_vnd)  # any part paid in hand before the deposit
        elif rank >= Status.PAID.rank:
            f.paid += 1
            f.paid_vnd += int(hh.paid_vnd)
        if rank >= Status.HANDED_OVER.rank:
            f.handed_over += 1
            f.handed_over_m2 += area
        if Flag.DONATED in st.flags:
            f.donated += 1
            f.donated_m2 += area
            f.donated_value_vnd += int(hh.donated_value_vnd)
        flags = [fl for fl in BLOCKING_FLAGS if fl in st.flags]
        if flags:
            f.blocked += 1
        for fl in flags:
            ev = _flag_event(snapshot.events.get(code, []), fl, day)
            blocked.append(
                BlockedCase(
                    code=code,
                    name=hh.head_name,
                    commune=commune,
                    flag=fl,
                    since=ev.at if ev else day,
                    cause=ev.note if ev else "",
                    owner=ev.by if ev else "",
                )
            )

    stretches = ready_stretches(snapshot, day)
    if snapshot.route is not None:
        spans = [(s.d0, s.d1) for s in stretches]
        for c in communes:
            rows[c].handed_over_km = _intersect_len(spans, commune_iv.get(c, [])) / 1000.0
    blocked.sort(key=lambda b: (communes.index(b.commune), b.code, b.flag.value))
    return _Day(rows, stretches, blocked, states)


def _communes(snapshot: Snapshot, only: str | None) -> list[str]:
    names = list(snapshot.communes)
    for code in snapshot.households:
        c = snapshot.household_commune(code)
        if c and c not in names:
            names.append(c)
    if only is not None:
        names = [n for n in names if fold(n) == fold(only)]
    return names


def progress_figures(
    snapshot: Snapshot, day: date, since: date | None = None, commune: str | None = None
) -> ProgressFigures:
    """Cumulative figures as of the end of ``day`` and the changes since ``since``
    (default: the day before), per commune and in total; see the module docstring."""
    since = since if since is not None else day - timedelta(days=1)
    communes = _communes(snapshot, commune)
    route = snapshot.route
    commune_iv = (
        {c: _commune_intervals(route, snapshot.communes.get(c)) for c in communes}
        if route is not None
        else {}
    )
    now = _figures_on(snapshot, day, communes, commune_iv)
    before = _figures_on(snapshot, since, communes, commune_iv)

    def total(rows: dict[str, Figures], stretches) -> Figures:
        t = Figures()
        for f in rows.values():
            t = t + f
        if route is not None:
            if commune is None:  # the whole road, also outside every commune polygon
                t.handed_over_km = total_of(s.length_m for s in stretches) / 1000.0
        return t

    cum_total = total(now.rows, now.stretches)
    old_total = total(before.rows, before.stretches)
    camp = snapshot.campaign
    return ProgressFigures(
        day=day,
        since=since,
        communes=communes,
        cumulative=now.rows,
        cumulative_total=cum_total,
        delta={c: now.rows[c] - before.rows[c] for c in communes},
        delta_total=cum_total - old_total,
        blocked=now.blocked,
        ready_stretches=now.stretches,
        route_length_m=route.length_m if route is not None else 0.0,
        campaign_name=camp.name if camp else "",
        campaign_day=camp.day(day) if camp else None,
        campaign_length=camp.length_days if camp else None,
        project=snapshot.name,
    )
