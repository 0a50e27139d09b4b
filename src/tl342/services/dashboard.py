"""Campaign dashboard figures as one record (CLI ``tl342 campaign``, the GUI's dashboard).

Countdown (day N/30, days left to day 15 and 30), handover pace and forecast (total and per
commune), the burn-up series, stretches of road ready for the contractor, legal deadlines
overdue or due within 3 days, and blocked cases with cause and owner — all as of ``today``:
events dated later are ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..core.calendar import HolidayCalendar
from ..core.fmt import chainage, total
from ..core.handover import campaign_pace, deadlines_overview
from ..core.handover import ready_stretches as _ready_stretches
from ..core.model import Flag, Regime, Status
from ..core.snapshot import Snapshot
from ..store import actions
from .records import dp, internal, optional

#: stretches shorter than this are not worth sending a contractor to (the dashboard AND the
#: progress report's continuous handed-over length use it)
READY_MIN_LENGTH_M = 50.0

NO_CAMPAIGN_MESSAGE = "no campaign set: use `tl342 campaign PROJECT --start YYYY-MM-DD`"


@dataclass(frozen=True)
class ReadyStretch:
    """A stretch of road with no land left to recover: true distances ``d0``–``d1`` along the
    centreline, chainages ``from_m``–``to_m``, TRUE length ``length_m = d1 - d0``."""

    d0: float = internal(0.0)
    d1: float = internal(0.0)
    from_: str = ""  # Km label of from_m ("from" in JSON)
    to: str = ""  # Km label of to_m
    from_m: float = dp(1, 0.0)
    to_m: float = dp(1, 0.0)
    length_m: float = dp(1, 0.0)

    @classmethod
    def between(cls, d0: float, d1: float, from_m: float, to_m: float) -> ReadyStretch:
        """The stretch ``d0``–``d1`` (true distances) whose ends read ``from_m``/``to_m``."""
        return cls(d0, d1, chainage(from_m), chainage(to_m), from_m, to_m, d1 - d0)


@dataclass(frozen=True)
class Amount:
    """Households and recovered m²."""

    households: int
    area_m2: float = dp(1)


@dataclass(frozen=True)
class Rate:
    """Households and m² per day."""

    households: float = dp(2)
    area_m2: float = dp(1)


@dataclass(frozen=True)
class Pace:
    """Handover pace and forecast of the project or of one commune."""

    households_total: int
    area_total_m2: float = dp(1)
    handed_over: Amount
    remaining: Amount
    required_by: str  # "target", "end" or "overrun"
    required_per_day: Rate
    current_rate: Rate
    forecast_finish: date | None
    forecast_range: tuple[date | None, date | None] | None
    ahead_of_target: bool


@dataclass(frozen=True)
class BurnUpPoint:
    """One day of the burn-up chart."""

    date: date
    day: int
    households: int
    area_m2: float = dp(1)
    target_line_households: float = dp(2)
    end_line_households: float = dp(2)


@dataclass(frozen=True)
class DeadlineWarning:
    """A legal deadline overdue, due soon, or reached too early."""

    household: str
    commune: str
    step: Status
    step_name: str
    due: date
    days: int
    rule: str
    description: str


@dataclass(frozen=True)
class BlockedCase:
    """A household held up by a complaint or enforcement: cause, owner and since when."""

    household: str
    commune: str
    flag: Flag
    cause: str
    owner: str
    since: date | None
    status: Status


@dataclass(frozen=True)
class CampaignInfo:
    """The campaign and where it stands on the dashboard's date."""

    name: str
    start: date
    end: date
    target_date: date
    day: int
    length_days: int
    target_day: int
    days_left: int
    days_left_to_target: int


@dataclass(frozen=True)
class Dashboard:
    """Every dashboard figure as of ``date`` (campaign fields are None without a campaign)."""

    campaign: CampaignInfo | None = optional()
    day: int | None = None
    length_days: int | None = None
    days_left: int | None = None
    target_day: int | None = None
    days_left_to_target: int | None = None
    handed_over: Amount | None = None
    households_total: int | None = optional()
    area_total_m2: float | None = optional(1)
    remaining: Amount | None = optional()
    required_by: str | None = optional()
    required_per_day: Rate | None = None
    current_rate: Rate | None = optional()
    forecast_finish: date | None = None
    forecast_range: tuple[date | None, date | None] | None = None
    ahead_of_target: bool | None = None
    by_commune: Mapping[str, Pace] | None = None
    burn_up: tuple[BurnUpPoint, ...] = ()
    message: str | None = optional()
    date: date | None = None
    regime: Regime | None = None
    ready_stretches: tuple[ReadyStretch, ...] = ()
    ready_total_m: float = dp(1, 0.0)
    ready_min_length_m: float = READY_MIN_LENGTH_M
    route_length_m: float | None = dp(1, None)
    overdue: tuple[DeadlineWarning, ...] = ()
    due_soon: tuple[DeadlineWarning, ...] = ()
    early: tuple[DeadlineWarning, ...] = ()
    blocked: tuple[BlockedCase, ...] = ()


def ready_stretches(
    snapshot: Snapshot, as_of: date, min_length_m: float = READY_MIN_LENGTH_M
) -> list[ReadyStretch]:
    """Stretches of road ready for the contractor as of ``as_of``, each at least
    ``min_length_m`` long (never empty): the dashboard's list and the report's km."""
    return [
        ReadyStretch.between(s["d0"], s["d1"], s["from_m"], s["to_m"])
        for s in _ready_stretches(snapshot, as_of, max(min_length_m, 0.0))
        if s["length_m"] > 0
    ]


def _warnings(items: list[dict[str, Any]]) -> tuple[DeadlineWarning, ...]:
    return tuple(DeadlineWarning(**{**x, "step": Status(x["step"])}) for x in items)


def _pace(fig: dict[str, Any]) -> Pace:
    frange = fig["forecast_range"]
    return Pace(
        households_total=fig["households_total"],
        area_total_m2=fig["area_total_m2"],
        handed_over=Amount(**fig["handed_over"]),
        remaining=Amount(**fig["remaining"]),
        required_by=fig["required_by"],
        required_per_day=Rate(**fig["required_per_day"]),
        current_rate=Rate(**fig["current_rate"]),
        forecast_finish=fig["forecast_finish"],
        forecast_range=(frange[0], frange[1]) if frange is not None else None,
        ahead_of_target=bool(fig["ahead_of_target"]),
    )


def dashboard_from_snapshot(
    snapshot: Snapshot,
    today: date,
    calendar: HolidayCalendar | None = None,
    *,
    ready_min_length_m: float = READY_MIN_LENGTH_M,
) -> Dashboard:
    """The dashboard of an in-memory snapshot (the GUI calls this on its live snapshot)."""
    stretches = tuple(ready_stretches(snapshot, today, ready_min_length_m))
    # without a calendar: the project's, memoised per snapshot version and date (shared
    # with the households list's overdue filter)
    warnings = deadlines_overview(snapshot, today, calendar)
    route = snapshot.route
    common: dict[str, Any] = {
        "date": today,
        "regime": snapshot.regime,
        "ready_stretches": stretches,
        "ready_total_m": total(s.length_m for s in stretches),
        "ready_min_length_m": ready_min_length_m,
        "route_length_m": route.length_m if route is not None else None,
        "overdue": _warnings(warnings["overdue"]),
        "due_soon": _warnings(warnings["due_soon"]),
        "early": _warnings(warnings["early"]),
        "blocked": tuple(
            BlockedCase(**{**x, "flag": Flag(x["flag"]), "status": Status(x["status"])})
            for x in warnings["blocked"]
        ),
    }
    camp = snapshot.campaign
    if camp is None:
        return Dashboard(by_commune={}, message=NO_CAMPAIGN_MESSAGE, **common)

    total_fig, communes = campaign_pace(snapshot, camp, today)
    tp = _pace(total_fig)
    return Dashboard(
        campaign=CampaignInfo(
            name=camp.name,
            start=camp.start,
            end=camp.end,
            target_date=camp.target_date,
            day=camp.day(today),
            length_days=camp.length_days,
            target_day=camp.target_day,
            days_left=camp.days_left(today),
            days_left_to_target=camp.days_left_to_target(today),
        ),
        day=camp.day(today),
        length_days=camp.length_days,
        days_left=camp.days_left(today),
        target_day=camp.target_day,
        days_left_to_target=camp.days_left_to_target(today),
        handed_over=tp.handed_over,
        households_total=tp.households_total,
        area_total_m2=tp.area_total_m2,
        remaining=tp.remaining,
        required_by=tp.required_by,
        required_per_day=tp.required_per_day,
        current_rate=tp.current_rate,
        forecast_finish=tp.forecast_finish,
        forecast_range=tp.forecast_range,
        ahead_of_target=tp.ahead_of_target,
        by_commune={name: _pace(fig) for name, fig in communes.items()},
        burn_up=tuple(BurnUpPoint(**b) for b in total_fig["burn_up"]),
        **common,
    )


def campaign_dashboard(project, today: date) -> Dashboard:
    """Dashboard figures of an open :class:`~tl342.store.project.Project` as of ``today``.

    Holidays: the project's own (``store.repo.load_holidays``) if any, else
    ``HolidayCalendar.default()``; deadlines follow ``project.regime``.
    """
    snapshot = actions.load_snapshot(project)
    snapshot.regime = project.regime
    return dashboard_from_snapshot(snapshot, today)


__all__ = [
    "READY_MIN_LENGTH_M",
    "BlockedCase",
    "BurnUpPoint",
    "CampaignInfo",
    "Dashboard",
    "DeadlineWarning",
    "Pace",
    "ReadyStretch",
    "campaign_dashboard",
    "dashboard_from_snapshot",
    "ready_stretches",
]
