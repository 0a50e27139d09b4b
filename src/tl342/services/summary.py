"""Project totals (``tl342 summary``): households, parcels, recovered areas, statuses, route, campaign."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from ..core.chainage import format_chainage
from ..core.fmt import total
from ..core.snapshot import Snapshot
from ..store.actions import load_snapshot
from ..store.project import Project
from .records import dp


@dataclass(frozen=True)
class RouteInfo:
    """The route's span (Km labels), true length, stakes and station equations."""

    start: str
    end: str
    length_m: float = dp(1)
    stakes: int = 0
    equations: int = 0


@dataclass(frozen=True)
class CampaignDay:
    """Where the campaign stands on a date."""

    name: str
    start: date
    day: int
    length_days: int
    target_day: int
    days_left: int
    days_left_to_target: int


@dataclass(frozen=True)
class Amounts:
    """Money of every household, exact VND."""

    compensation: int
    support: int
    paid: int
    donated_value: int
    deposited: int = 0  # still owed to households whose money went to the State Treasury


@dataclass(frozen=True)
class Summary:
    """Project totals as of ``date``; areas are exact sums (m²)."""

    project: str
    crs: str
    date: date
    households: int
    parcels: int
    parcels_held: int
    communes: tuple[str, ...]
    recovered_area_m2: float = dp(1)
    recovered_area_by_land_type_m2: Mapping[str, float] = dp(1)
    recovered_area_by_group_m2: Mapping[str, float] = dp(1)
    recovered_area_by_commune_m2: Mapping[str, float] = dp(1)
    status_counts: Mapping[str, int]
    flag_counts: Mapping[str, int]
    amounts_vnd: Amounts
    deposited_households: int = 0  # payment deposited in a State Treasury holding account
    donations_recorded: int = 0
    route: RouteInfo | None = None
    campaign: CampaignDay | None = None


def project_summary(project: Project, today: date) -> Summary:
    """The totals of an open project (``tl342 summary``)."""
    return summary_of(load_snapshot(project), today)


def summary_of(snap: Snapshot, today: date) -> Summary:
    """The totals of an in-memory snapshot as of ``today``."""
    held = snap.held_parcels()
    route = None
    if snap.route is not None:
        start, end = snap.route.span
        route = RouteInfo(
            start=format_chainage(start),
            end=format_chainage(end),
            length_m=snap.route.length_m,
            stakes=len(snap.route.stakes),
            equations=len(snap.route.equations),
        )
    campaign = None
    if snap.campaign is not None:
        c = snap.campaign
        campaign = CampaignDay(
            name=c.name,
            start=c.start,
            day=c.day(today),
            length_days=c.length_days,
            target_day=c.target_day,
            days_left=c.days_left(today),
            days_left_to_target=c.days_left_to_target(today),
        )
    households = snap.households.values()
    return Summary(
        project=snap.name,
        crs=snap.crs,
        date=today,
        households=len(snap.households),
        parcels=len(snap.parcels),
        parcels_held=len(held),
        communes=tuple(sorted({p.commune for p in snap.parcels} | set(snap.communes))),
        recovered_area_m2=total(p.recovered_area_m2 for p in held),
        recovered_area_by_land_type_m2=dict(snap.recovered_by_land_use()),
        recovered_area_by_group_m2=dict(snap.recovered_by_group()),
        recovered_area_by_commune_m2=recovered_by_commune(snap),
        status_counts=dict(snap.status_counts()),
        flag_counts=dict(snap.flag_counts()),
        amounts_vnd=Amounts(
            compensation=sum(h.compensation_vnd for h in households),
            support=sum(h.support_vnd for h in households),
            paid=sum(h.paid_vnd for h in households),
            donated_value=sum(h.donated_value_vnd for h in households),
            deposited=sum(
                max(h.total_vnd - h.paid_vnd, 0)
                for c, h in snap.households.items()
                if snap.states[c].deposited
            ),
        ),
        deposited_households=sum(1 for st in snap.states.values() if st.deposited),
        donations_recorded=len(snap.donations),
        route=route,
        campaign=campaign,
    )


def recovered_by_commune(snap: Snapshot) -> dict[str, float]:
    """Exact recovered m² of the held parcels per commune of the PARCEL (sorted by name):
    the figure the posting lists' totals must equal."""
    out: dict[str, list[float]] = {}
    for p in snap.held_parcels():
        out.setdefault(p.commune, []).append(p.recovered_area_m2)
    return {k: total(v) for k, v in sorted(out.items())}
