"""Project totals (``tl342 summary``): households, parcels, recovered areas, statuses, route, campaign."""

from __future__ import annotations

from datetime import date

from .core.chainage import format_chainage
from .store.actions import load_snapshot
from .store.project import Project


def project_summary(project: Project, today: date) -> dict:
    snap = load_snapshot(project)
    held = snap.held_parcels()
    route = None
    if snap.route is not None:
        start, end = snap.route.span
        route = {
            "start": format_chainage(start),
            "end": format_chainage(end),
            "length_m": round(snap.route.length_m, 1),
            "stakes": len(snap.route.stakes),
            "equations": len(snap.route.equations),
        }
    campaign = None
    if snap.campaign is not None:
        c = snap.campaign
        campaign = {
            "name": c.name,
            "start": c.start.isoformat(),
            "day": c.day(today),
            "length_days": c.length_days,
            "target_day": c.target_day,
            "days_left": c.days_left(today),
            "days_left_to_target": c.days_left_to_target(today),
        }
    return {
        "project": snap.name,
        "crs": snap.crs,
        "date": today.isoformat(),
        "households": len(snap.households),
        "parcels": len(snap.parcels),
        "parcels_held": len(held),
        "communes": sorted({p.commune for p in snap.parcels} | set(snap.communes)),
        "recovered_area_m2": round(sum(p.recovered_area_m2 for p in held), 1),
        "recovered_area_by_land_type_m2": {
            k: round(v, 1) for k, v in snap.recovered_by_land_use().items()
        },
        "recovered_area_by_group_m2": {
            k: round(v, 1) for k, v in snap.recovered_by_group().items()
        },
        "recovered_area_by_commune_m2": _by_commune(held),
        "status_counts": snap.status_counts(),
        "flag_counts": snap.flag_counts(),
        "amounts_vnd": {
            "compensation": sum(h.compensation_vnd for h in snap.households.values()),
            "support": sum(h.support_vnd for h in snap.households.values()),
            "paid": sum(h.paid_vnd for h in snap.households.values()),
            "donated_value": sum(h.donated_value_vnd for h in snap.households.values()),
            "deposited": sum(
                max(h.total_vnd - h.paid_vnd, 0)
                for c, h in snap.households.items()
                if snap.states[c].deposited
            ),
        },
        "deposited_households": sum(1 for st in snap.states.values() if st.deposited),
        "donations_recorded": len(snap.donations),
        "route": route,
        "campaign": campaign,
    }


def _by_commune(parcels) -> dict[str, float]:
    out: dict[str, float] = {}
    for p in parcels:
        out[p.commune] = out.get(p.commune, 0.0) + p.recovered_area_m2
    return {k: round(v, 1) for k, v in sorted(out.items())}
