"""The "30 days and nights" clearance campaign (chiến dịch 30 ngày đêm, target 15 days).

Day arithmetic, pace and forecast of site handover, and the stretches of road whose land
is all handed over (ready for the contractor).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any


@dataclass(frozen=True)
class Campaign:
    """A campaign starting on ``start`` (day 1), ``length_days`` long, aiming to finish on
    ``target_day``."""

    name: str
    start: date
    length_days: int = 30
    target_day: int = 15

    def day(self, d: date) -> int:
        """Campaign day of ``d``: the start date is day 1; before the start 0; keeps counting
        after the end (day 31, 32, ...)."""
        if d < self.start:
            return 0
        return (d - self.start).days + 1

    def days_left(self, d: date) -> int:
        """Days after ``d`` until the last day (``length_days - day``; never negative)."""
        return max(self.length_days - self.day(d), 0)

    def days_left_to_target(self, d: date) -> int:
        """Days after ``d`` until the target day (never negative)."""
        return max(self.target_day - self.day(d), 0)

    def date_of_day(self, n: int) -> date:
        """The date of campaign day ``n`` (day 1 = start)."""
        return self.start + timedelta(days=n - 1)

    @property
    def end(self) -> date:
        """The last day of the campaign (day ``length_days``)."""
        return self.date_of_day(self.length_days)

    @property
    def target_date(self) -> date:
        return self.date_of_day(self.target_day)

    def to_dict(self, d: date) -> dict[str, Any]:
        return {
            "name": self.name,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "target_date": self.target_date.isoformat(),
            "day": self.day(d),
            "length_days": self.length_days,
            "target_day": self.target_day,
            "days_left": self.days_left(d),
            "days_left_to_target": self.days_left_to_target(d),
        }


@dataclass(frozen=True)
class AsOf:
    """The date campaign figures are shown for when none is given: ``day``; ``latest_record``
    when today lies past the campaign's end and ``day`` is its latest recorded event instead
    (a finished campaign is shown as it last stood, never as "day 1477/30")."""

    day: date
    latest_record: bool = False
    campaign_end: date | None = None

    def note(self, lang: str = "vi") -> str:
        """One line saying so ("" when ``day`` is simply the date asked for / today)."""
        if not self.latest_record or self.campaign_end is None:
            return ""
        if lang == "en":
            return (
                f"the campaign ended on {self.campaign_end:%d/%m/%Y}; figures as of its latest "
                f"record, {self.day:%d/%m/%Y} (give --date for another day)"
            )
        return (
            f"Chiến dịch đã kết thúc ngày {self.campaign_end:%d/%m/%Y}; số liệu tính đến ngày "
            f"ghi nhận cuối cùng {self.day:%d/%m/%Y}"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.day.isoformat(),
            "latest_record": self.latest_record,
            "note": self.note("en"),
        }


def as_of(campaign: Campaign | None, event_dates, now: date, given: date | None = None) -> AsOf:
    """The "as of" date of campaign figures: ``given`` when the user gave one; else ``now``,
    unless the campaign ended before ``now``: then the latest of ``event_dates`` clamped into
    the campaign (the GUI opens on the same date)."""
    if given is not None:
        return AsOf(given)
    if campaign is None or campaign.end >= now:
        return AsOf(now)
    latest = max(event_dates, default=campaign.end)
    day = min(max(latest, campaign.start), campaign.end)
    return AsOf(day, True, campaign.end)


def snapshot_as_of(snapshot, now: date, given: date | None = None) -> AsOf:
    """:func:`as_of` for a loaded :class:`~tl342.core.snapshot.Snapshot`."""
    dates = (e.at for events in snapshot.events.values() for e in events)
    return as_of(snapshot.campaign, dates, now, given)


def _rate_over_window(per_day: list[int], window: int) -> tuple[float, float]:
    """Best and worst mean rate over sliding windows of ``window`` days."""
    rates = [sum(per_day[i : i + window]) / window for i in range(len(per_day) - window + 1)]
    return max(rates), min(rates)


def pace(
    campaign: Campaign,
    today: date,
    handed_over_dates: Sequence[tuple[date, float]],
    total_households: int,
    total_area_m2: float,
    window_days: int = 3,
) -> dict[str, Any]:
    """Where the campaign stands on ``today`` and when it will finish at the current pace.

    ``handed_over_dates``: one (handover date, area m²) per household handed over; dates
    after ``today`` are ignored, dates before the start count as done before day 1.

    Returns a dict:
    - ``handed_over`` {households, area_m2} done by today;
    - ``required_per_day`` {households, area_m2} to finish the rest by the target day,
      counting today; once the target day has passed, by the end (``required_by`` says which;
      after the end everything left is due at once);
    - ``current_rate`` {households, area_m2} per day since day 1;
    - ``forecast_finish``: date at the current rate (None if nothing handed over; the date of
      the last handover once all are done);
    - ``forecast_range`` (earliest, latest) from the best and worst ``window_days``-day rates
      (latest None when the worst window handed nothing over); None like forecast_finish;
    - ``ahead_of_target``: handed-over households at or above the target line today;
    - ``burn_up``: per day from the start to today: date, day, cumulative households and
      area, target_line_households (straight line to the total on the target day) and
      end_line_households (to the total on the last day).
    """
    done = sorted((d, float(a)) for d, a in handed_over_dates if d <= today)
    n_done = len(done)
    area_done = sum(a for _, a in done)
    rem_h = max(total_households - n_done, 0)
    rem_a = max(total_area_m2 - area_done, 0.0)

    day = campaign.day(today)
    if day <= campaign.target_day:
        required_by = "target"
        days_avail = campaign.target_day - max(day, 1) + 1
    elif day <= campaign.length_days:
        required_by = "end"
        days_avail = campaign.length_days - day + 1
    else:
        required_by = "overrun"
        days_avail = 1

    elapsed = day  # days from the start to today, both counted
    if elapsed > 0:
        rate_h = sum(1 for d, _ in done if d >= campaign.start) / elapsed
        rate_a = sum(a for d, a in done if d >= campaign.start) / elapsed
    else:
        rate_h = rate_a = 0.0

    def finish_at(rate: float) -> date | None:
        if rate <= 0:
            return None
        return today + timedelta(days=math.ceil(rem_h / rate))

    forecast: date | None
    frange: tuple[date | None, date | None] | None
    if n_done == 0:
        forecast, frange = None, None
    elif rem_h == 0:
        forecast = done[-1][0]
        frange = (forecast, forecast)
    else:
        forecast = finish_at(rate_h)
        per_day = [0] * max(elapsed, 0)
        for d, _ in done:
            if d >= campaign.start:
                per_day[(d - campaign.start).days] += 1
        if per_day:
            best, worst = _rate_over_window(per_day, min(window_days, len(per_day)))
            frange = (finish_at(best), finish_at(worst))
        else:  # before the start: only pre-campaign handovers, no rate yet
            frange = (None, None)

    def line(d: int, length: int) -> float:
        return total_households * min(max(d, 0) / length, 1.0) if length > 0 else 0.0

    burn: list[dict[str, Any]] = []
    pre = [x for x in done if x[0] < campaign.start]
    cum_h, cum_a = len(pre), sum(a for _, a in pre)
    i = len(pre)
    for k in range(1, day + 1):
        d = campaign.date_of_day(k)
        while i < n_done and done[i][0] <= d:
            cum_h += 1
            cum_a += done[i][1]
            i += 1
        burn.append(
            {
                "date": d,
                "day": k,
                "households": cum_h,
                "area_m2": cum_a,
                "target_line_households": line(k, campaign.target_day),
                "end_line_households": line(k, campaign.length_days),
            }
        )

    return {
        "day": day,
        "handed_over": {"households": n_done, "area_m2": area_done},
        "remaining": {"households": rem_h, "area_m2": rem_a},
        "required_by": required_by,
        "required_per_day": {"households": rem_h / days_avail, "area_m2": rem_a / days_avail},
        "current_rate": {"households": rate_h, "area_m2": rate_a},
        "forecast_finish": forecast,
        "forecast_range": frange,
        "ahead_of_target": n_done >= line(day, campaign.target_day) - 1e-9,
        "burn_up": burn,
    }


def ready_stretches(
    route_length_m: float,
    blocked: Sequence[tuple[float, float]],
    min_length_m: float = 0,
) -> list[tuple[float, float]]:
    """Stretches of [0, route_length_m] not covered by any blocked interval, sorted.

    ``blocked``: true-distance intervals along the centreline still held by land not handed
    over (either order of ends; clipped to the route; overlapping or touching ones merged).
    Stretches shorter than ``min_length_m`` (and empty ones) are dropped.
    """
    if route_length_m <= 0:
        return []
    iv = sorted((max(min(a, b), 0.0), min(max(a, b), route_length_m)) for a, b in blocked)
    merged: list[list[float]] = []
    for a, b in iv:
        if b <= a:  # outside the route, or a single point that blocks nothing
            continue
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    out: list[tuple[float, float]] = []
    pos = 0.0
    for a, b in merged:
        if a > pos:
            out.append((pos, a))
        pos = max(pos, b)
    if pos < route_length_m:
        out.append((pos, float(route_length_m)))
    return [(a, b) for a, b in out if b - a > 0 and b - a >= min_length_m]
