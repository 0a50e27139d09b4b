"""Campaign dashboard figures as one JSON-ready dict (CLI ``tl342 campaign`` and the GUI).

Countdown (day N/30, days left to day 15 and 30), handover pace and forecast (total and per
commune), the burn-up series, stretches of road ready for the contractor, legal deadlines
overdue or due within 3 days, and blocked cases with cause and owner — all as of ``today``:
events dated later are ignored.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .core.calendar import HolidayCalendar
from .core.handover import (
    campaign_pace,
    deadlines_overview,
    project_calendar,
    ready_stretches,
)
from .core.snapshot import Snapshot

#: stretches shorter than this are not worth sending a contractor to
READY_MIN_LENGTH_M = 50.0

NO_CAMPAIGN_MESSAGE = "no campaign set: use `tl342 campaign PROJECT --start YYYY-MM-DD`"


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None


def calendar_for(snapshot: Snapshot) -> HolidayCalendar:
    """The project's own holidays if it has any, else the packaged Vietnamese calendar."""
    return project_calendar(snapshot)


def _pace_json(fig: dict[str, Any]) -> dict[str, Any]:
    frange = fig["forecast_range"]
    return {
        "households_total": fig["households_total"],
        "area_total_m2": round(fig["area_total_m2"], 1),
        "handed_over": {
            "households": fig["handed_over"]["households"],
            "area_m2": round(fig["handed_over"]["area_m2"], 1),
        },
        "remaining": {
            "households": fig["remaining"]["households"],
            "area_m2": round(fig["remaining"]["area_m2"], 1),
        },
        "required_by": fig["required_by"],
        "required_per_day": {
            "households": round(fig["required_per_day"]["households"], 2),
            "area_m2": round(fig["required_per_day"]["area_m2"], 1),
        },
        "current_rate": {
            "households": round(fig["current_rate"]["households"], 2),
            "area_m2": round(fig["current_rate"]["area_m2"], 1),
        },
        "forecast_finish": _iso(fig["forecast_finish"]),
        "forecast_range": [_iso(frange[0]), _iso(frange[1])] if frange is not None else None,
        "ahead_of_target": bool(fig["ahead_of_target"]),
    }


def _dated(items: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    return [{**x, key: _iso(x[key])} for x in items]


def dashboard_from_snapshot(
    snapshot: Snapshot,
    today: date,
    calendar: HolidayCalendar | None = None,
    *,
    ready_min_length_m: float = READY_MIN_LENGTH_M,
) -> dict[str, Any]:
    """The dashboard of an in-memory snapshot (the GUI calls this on its live snapshot)."""
    stretches = ready_stretches(snapshot, today, ready_min_length_m)
    # without a calendar: the project's, memoised per snapshot version and date (shared
    # with the households list's overdue filter)
    warnings = deadlines_overview(snapshot, today, calendar)
    route = snapshot.route
    out: dict[str, Any] = {
        "date": today.isoformat(),
        "regime": snapshot.regime.value,
        "ready_stretches": [
            {
                "from": s["from"],
                "to": s["to"],
                "from_m": round(s["from_m"], 1),
                "to_m": round(s["to_m"], 1),
                "length_m": round(s["length_m"], 1),
            }
            for s in stretches
        ],
        "ready_total_m": round(sum(s["length_m"] for s in stretches), 1),
        "ready_min_length_m": ready_min_length_m,
        "route_length_m": round(route.length_m, 1) if route is not None else None,
        "overdue": _dated(warnings["overdue"], "due"),
        "due_soon": _dated(warnings["due_soon"], "due"),
        "early": _dated(warnings["early"], "due"),
        "blocked": _dated(warnings["blocked"], "since"),
    }
    camp = snapshot.campaign
    if camp is None:
        none_pace = {
            "day": None,
            "length_days": None,
            "days_left": None,
            "target_day": None,
            "days_left_to_target": None,
            "handed_over": None,
            "required_per_day": None,
            "forecast_finish": None,
            "forecast_range": None,
            "ahead_of_target": None,
            "by_commune": {},
            "burn_up": [],
            "message": NO_CAMPAIGN_MESSAGE,
        }
        return {**none_pace, **out}

    total, communes = campaign_pace(snapshot, camp, today)
    tp = _pace_json(total)
    head = {
        "campaign": camp.to_dict(today),
        "day": camp.day(today),
        "length_days": camp.length_days,
        "days_left": camp.days_left(today),
        "target_day": camp.target_day,
        "days_left_to_target": camp.days_left_to_target(today),
        "handed_over": tp["handed_over"],
        "households_total": tp["households_total"],
        "area_total_m2": tp["area_total_m2"],
        "remaining": tp["remaining"],
        "required_by": tp["required_by"],
        "required_per_day": tp["required_per_day"],
        "current_rate": tp["current_rate"],
        "forecast_finish": tp["forecast_finish"],
        "forecast_range": tp["forecast_range"],
        "ahead_of_target": tp["ahead_of_target"],
        "by_commune": {name: _pace_json(fig) for name, fig in communes.items()},
        "burn_up": [
            {
                "date": b["date"].isoformat(),
                "day": b["day"],
                "households": b["households"],
                "area_m2": round(b["area_m2"], 1),
                "target_line_households": round(b["target_line_households"], 2),
                "end_line_households": round(b["end_line_households"], 2),
            }
            for b in total["burn_up"]
        ],
    }
    return {**head, **out}


def campaign_dashboard(project, today: date) -> dict[str, Any]:
    """Dashboard figures of an open :class:`~tl342.store.project.Project` as of ``today``.

    Holidays: the project's own (``store.repo.load_holidays``) if any, else
    ``HolidayCalendar.default()``; deadlines follow ``project.regime``.
    """
    from .store import actions

    snapshot = actions.load_snapshot(project)
    snapshot.regime = project.regime
    return dashboard_from_snapshot(snapshot, today)


__all__ = ["calendar_for", "campaign_dashboard", "dashboard_from_snapshot"]
