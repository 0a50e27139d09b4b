"""Handover along the chainage as of a date: blocked land, ready stretches, strip, deadlines, pace."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from shapely.geometry import LineString, box

from tl342.core import handover as hv
from tl342.core.calendar import HolidayCalendar
from tl342.core.campaign import Campaign
from tl342.core.chainage import Equation, Route, Stake
from tl342.core.model import Event, EventKind, Flag, Household, Parcel, Regime, Side, Status
from tl342.core.snapshot import Snapshot
from tl342.core.workflow import derive_state

X0, Y0 = 440_000.0, 2_350_000.0
START = date(2022, 6, 1)
CAMP = Campaign("30 ngày đêm", START)


class History:
    """Builds append-only event lists with ids, like the store does."""

    def __init__(self) -> None:
        self.events: dict[str, list[Event]] = {}
        self._id = 0

    def add(self, code: str, **kw) -> Event:
        self._id += 1
        ev = Event(household_code=code, id=self._id, **kw)
        self.events.setdefault(code, []).append(ev)
        return ev

    def walk(self, code: str, to: Status, last: date) -> None:
        """Steps 1..``to`` on consecutive days ending on ``last``."""
        steps = list(Status)[1 : Status(to).rank + 1]
        for i, st in enumerate(steps):
            at = last - timedelta(days=len(steps) - 1 - i)
            prev = steps[i - 1] if i else Status.PENDING
            self.add(code, kind=EventKind.STATUS, at=at, from_status=prev, to_status=st)

    def flag(self, code: str, flag: Flag, at: date, by: str = "", note: str = "") -> None:
        self.add(code, kind=EventKind.FLAG_ON, at=at, flag=flag, by=by, note=note)


def straight_route(length: float = 3000.0, equations=()) -> Route:
    """A straight road along y = Y0 from Km40+000, with optional equations at given x offsets."""
    line = LineString([(X0, Y0), (X0 + length, Y0)])
    eqs = [Equation(back, ahead, X0 + at, Y0) for at, back, ahead in equations]
    return Route(line, [Stake(40_000.0, X0, Y0)], eqs)


def snapshot(route: Route, layout: list[tuple[str, float, float]], hist: History, **kw) -> Snapshot:
    """``layout``: (household, d0, d1) parcels whose recovered part spans the road ±15 m."""
    parcels = []
    for i, (code, d0, d1) in enumerate(layout):
        geom = box(X0 + d0, Y0 - 15, X0 + d1, Y0 + 15)
        parcels.append(
            Parcel(
                "Đạp Thanh" if d0 < 1500 else "Thanh Lâm",
                "1",
                str(i),
                "RSX",
                geom,
                area_m2=geom.area,
                recovered_geometry=geom,
                recovered_area_m2=geom.area,
                household_code=code,
            )
        )
    codes = dict.fromkeys(c for c, _, _ in layout)
    households = {
        c: Household(c, f"Hộ {c}", commune="Đạp Thanh" if i % 2 == 0 else "Thanh Lâm")
        for i, c in enumerate(codes)
    }
    return Snapshot(
        route=route,
        parcels=parcels,
        households=households,
        states={c: derive_state(hist.events.get(c, [])) for c in households},
        events=hist.events,
        campaign=CAMP,
        **kw,
    )


def test_stretch_split_by_one_unpaid_household():
    """Handed-over land leaves the road ready except where one unpaid household still holds land."""
    hist = History()
    layout = [("A", 0, 400), ("B", 400, 800), ("C", 800, 1200), ("D", 1200, 3000)]
    for code in "ABD":
        hist.walk(code, Status.HANDED_OVER, date(2022, 6, 5))
    hist.walk("C", Status.APPROVED, date(2022, 6, 5))
    snap = snapshot(straight_route(), layout, hist)
    stretches = hv.ready_stretches(snap, date(2022, 6, 10))
    assert [(s["from"], s["to"]) for s in stretches] == [
        ("Km40+000", "Km40+800"),
        ("Km41+200", "Km43+000"),
    ]
    assert [s["length_m"] for s in stretches] == pytest.approx([800.0, 1800.0], abs=0.5)
    assert hv.blocked_intervals(snap, date(2022, 6, 10)) == [pytest.approx((800.0, 1200.0))]


def test_stretch_across_a_station_equation_reports_true_length():
    """A ready stretch crossing "Km41+350 = Km41+900" is as long as the road, not the chainage jump."""
    hist = History()
    route = straight_route(3000.0, equations=[(1350.0, 41_350.0, 41_900.0)])
    layout = [("A", 0, 1000), ("B", 2000, 2500)]
    hist.walk("A", Status.HANDED_OVER, date(2022, 6, 3))
    hist.walk("B", Status.PAID, date(2022, 6, 3))
    snap = snapshot(route, layout, hist)
    (s0, s1) = hv.ready_stretches(snap, date(2022, 6, 10), min_length_m=100)
    assert (s0["from"], s0["to"]) == ("Km40+000", "Km42+550")
    assert s0["length_m"] == pytest.approx(2000.0, abs=0.5)
    assert s0["to_m"] - s0["from_m"] == pytest.approx(2550.0, abs=0.5)  # chainage lies by 550 m
    assert (s1["from"], s1["to"], round(s1["length_m"])) == ("Km43+050", "Km43+550", 500)


def test_strip_cells_worst_state_per_side_and_equation():
    """Each 100 m bin holds the worst state on its side (blocked beats handed over); equations listed."""
    hist = History()
    route = straight_route(1000.0, equations=[(700.0, 40_700.0, 41_000.0)])
    hist.walk("A", Status.HANDED_OVER, date(2022, 6, 2))
    hist.walk("B", Status.INVENTORIED, date(2022, 6, 2))
    hist.flag("B", Flag.COMPLAINT, date(2022, 6, 3), by="Ông X", note="giá đền bù")
    hist.walk("C", Status.PAID, date(2022, 6, 2))
    hist.walk("D", Status.INVENTORIED, date(2022, 6, 2))
    hist.flag("D", Flag.DONATED, date(2022, 6, 2))
    snap = snapshot(route, [], hist)
    # A: left side 0-300; B: left side 150-250 (on top of A); C: right side 500-600; D: both 800-900
    for code, d0, d1, y0, y1 in [
        ("A", 0, 300, 1, 15),
        ("B", 150, 250, 1, 15),
        ("C", 500, 600, -15, -1),
        ("D", 800, 900, -15, 15),
    ]:
        g = box(X0 + d0, Y0 + y0, X0 + d1, Y0 + y1)
        snap.parcels.append(
            Parcel(
                "X",
                "1",
                code,
                "RSX",
                g,
                recovered_geometry=g,
                recovered_area_m2=g.area,
                household_code=code,
            )
        )
        snap.households[code] = Household(code, code)
    snap._reindex()
    data = hv.strip_cells(snap, date(2022, 6, 10))
    left = [c.left for c in data.cells]
    right = [c.right for c in data.cells]
    # shapely: +y is on the LEFT of a line running east
    assert left == [
        "handed_over",
        "blocked",
        "blocked",
        "none",
        "none",
        "none",
        "none",
        "none",
        "donated",
        "none",
    ]
    assert right == ["none"] * 5 + ["paid"] + ["none"] * 2 + ["donated", "none"]
    assert data.cells[5].state(Side.RIGHT) == "paid"
    assert data.cells[6].label == "Km40+600 – Km40+700"  # back value at the equation
    assert data.cells[7].label == "Km41+000 – Km41+100"
    assert [e.label for e in data.equations] == ["Km40+700 = Km41+000"]
    assert data.equations[0].d == pytest.approx(700.0)
    assert data.ticks == [(0.0, "Km40"), (pytest.approx(700.0), "Km41")]


def test_as_of_ignores_later_events():
    """A handover and a complaint dated after the as-of date change nothing as of that date."""
    hist = History()
    hist.walk("A", Status.PAID, date(2022, 6, 2))
    hist.add(
        "A",
        kind=EventKind.STATUS,
        at=date(2022, 6, 8),
        from_status=Status.PAID,
        to_status=Status.HANDED_OVER,
    )
    hist.walk("B", Status.HANDED_OVER, date(2022, 6, 3))
    hist.flag("B", Flag.COMPLAINT, date(2022, 6, 9), note="late complaint")
    snap = snapshot(straight_route(1000.0), [("A", 0, 500), ("B", 500, 1000)], hist)
    early, late = date(2022, 6, 7), date(2022, 6, 8)
    assert hv.state_as_of(snap, "A", early).status is Status.PAID
    assert hv.state_as_of(snap, "A", late).status is Status.HANDED_OVER
    assert hv.blocked_intervals(snap, early) == [pytest.approx((0.0, 500.0))]
    assert hv.blocked_intervals(snap, late) == []
    assert [s["from"] for s in hv.ready_stretches(snap, early)] == ["Km40+500"]
    assert hv.handed_over_dates(snap, early) == [(date(2022, 6, 3), pytest.approx(500 * 30.0))]
    assert Flag.COMPLAINT not in hv.state_as_of(snap, "B", late).flags
    cal = HolidayCalendar.default()
    assert hv.deadlines_overview(snap, date(2022, 6, 8), cal)["blocked"] == []


def test_undone_handover_is_not_counted():
    """A handover undone before the as-of date no longer counts; as of a date in between it does."""
    hist = History()
    hist.walk("A", Status.HANDED_OVER, date(2022, 6, 3))
    target = hist.events["A"][-1]
    hist.add(
        "A",
        kind=EventKind.REVERT,
        at=date(2022, 6, 6),
        from_status=Status.HANDED_OVER,
        to_status=Status.PAID,
        reverts=target.id,
    )
    snap = snapshot(straight_route(1000.0), [("A", 0, 500)], hist)
    assert len(hv.handed_over_dates(snap, date(2022, 6, 5))) == 1
    assert hv.handed_over_dates(snap, date(2022, 6, 6)) == []


def _appraised_on(day: date, regime: Regime = Regime.LAND_LAW_2024) -> Snapshot:
    hist = History()
    hist.walk("A", Status.APPRAISED, day)
    return snapshot(straight_route(1000.0), [("A", 0, 500)], hist, regime=regime)


def test_deadline_skips_weekend():
    """Approval within 5 working days of an appraisal on Thursday is due the next Thursday."""
    snap = _appraised_on(date(2022, 6, 2))  # Thursday
    cal = HolidayCalendar.default()
    soon = hv.deadlines_overview(snap, date(2022, 6, 7), cal)["due_soon"]
    assert [(x["household"], x["step"], x["due"], x["days"]) for x in soon] == [
        ("A", "approved", date(2022, 6, 9), 2)
    ]
    over = hv.deadlines_overview(snap, date(2022, 6, 13), cal)["overdue"]
    assert [(x["step"], x["due"], x["days"]) for x in over] == [("approved", date(2022, 6, 9), 4)]
    assert hv.deadlines_overview(snap, date(2022, 6, 3), cal)["due_soon"] == []  # 6 days left


def test_deadline_skips_tet():
    """Approval 5 working days after Friday 13/01/2023 skips the weekend and the Tết week (20-26/01)."""
    snap = _appraised_on(date(2023, 1, 13))
    cal = HolidayCalendar.default()
    assert hv.deadlines_overview(snap, date(2023, 1, 20), cal)["due_soon"] == []
    soon = hv.deadlines_overview(snap, date(2023, 1, 25), cal)["due_soon"]
    assert [(x["due"], x["days"]) for x in soon] == [(date(2023, 1, 27), 2)]
    over = hv.deadlines_overview(snap, date(2023, 1, 30), cal)["overdue"]
    assert [(x["due"], x["days"]) for x in over] == [(date(2023, 1, 27), 3)]


def test_handed_over_household_has_no_warnings():
    """A household already handed over carries no deadline or blocked warning."""
    hist = History()
    hist.walk("A", Status.HANDED_OVER, date(2022, 6, 2))
    hist.flag("A", Flag.COMPLAINT, date(2022, 6, 3), note="x")
    snap = snapshot(straight_route(1000.0), [("A", 0, 500)], hist)
    out = hv.deadlines_overview(snap, date(2022, 12, 1), HolidayCalendar.default())
    assert out["overdue"] == out["due_soon"] == out["blocked"] == []


def test_deadlines_shared_per_version_and_date():
    """Without a calendar the overview is computed once per snapshot version and date and
    shared (the list's overdue filter and the dashboard read the same object)."""
    snap = _appraised_on(date(2022, 6, 2))
    day = date(2022, 6, 13)
    first = hv.deadlines_overview(snap, day)
    assert hv.deadlines_overview(snap, day) is first
    assert hv.overdue_households(snap, day) == {"A"}
    assert hv.deadlines_overview(snap, date(2022, 6, 7)) is not first  # another date
    explicit = hv.deadlines_overview(snap, day, HolidayCalendar.default())
    assert explicit is not first and explicit == first  # the project's calendar is the default


def test_shared_deadlines_follow_a_status_change():
    """After ``apply_event`` (approval reached) the memoised overdue figures are not reused:
    the household is no longer overdue."""
    snap = _appraised_on(date(2022, 6, 2))
    day = date(2022, 6, 13)
    assert hv.overdue_households(snap, day) == {"A"}
    assert [x["step"] for x in hv.deadlines_overview(snap, day)["overdue"]] == ["approved"]
    version = snap.version
    ev = Event(
        household_code="A",
        id=99,
        kind=EventKind.STATUS,
        at=date(2022, 6, 8),
        from_status=Status.APPRAISED,
        to_status=Status.APPROVED,
    )
    snap.apply_event(ev, derive_state([*snap.events["A"], ev]))
    assert snap.version == version + 1
    assert hv.overdue_households(snap, day) == frozenset()
    assert "approved" not in [x["step"] for x in hv.deadlines_overview(snap, day)["overdue"]]


def test_blocked_case_with_cause_and_owner():
    """A complaint is listed with the note and author of the flag event still in effect."""
    hist = History()
    hist.walk("A", Status.INVENTORIED, date(2022, 6, 2))
    hist.flag("A", Flag.COMPLAINT, date(2022, 6, 3), by="Cán bộ địa chính", note="diện tích sai")
    hist.add("A", kind=EventKind.FLAG_OFF, at=date(2022, 6, 4), flag=Flag.COMPLAINT)
    hist.flag("A", Flag.COMPLAINT, date(2022, 6, 6), by="Tổ GPMB", note="giá cây keo")
    hist.walk("B", Status.POSTED, date(2022, 6, 2))
    snap = snapshot(straight_route(1000.0), [("A", 0, 500), ("B", 500, 900)], hist)
    cal = HolidayCalendar.default()
    (case,) = hv.deadlines_overview(snap, date(2022, 6, 10), cal)["blocked"]
    assert case == {
        "household": "A",
        "commune": "Đạp Thanh",
        "flag": "complaint",
        "cause": "giá cây keo",
        "owner": "Tổ GPMB",
        "since": date(2022, 6, 6),
        "status": "inventoried",
    }
    assert hv.deadlines_overview(snap, date(2022, 6, 5), cal)["blocked"] == []
    (first,) = hv.deadlines_overview(snap, date(2022, 6, 3), cal)["blocked"]
    assert (first["cause"], first["owner"]) == ("diện tích sai", "Cán bộ địa chính")


def _paced(n_done: int) -> Snapshot:
    hist = History()
    layout = [(f"H{i:02d}", 100.0 * i, 100.0 * i + 90) for i in range(10)]
    for i in range(n_done):
        hist.walk(f"H{i:02d}", Status.HANDED_OVER, START + timedelta(days=i))
    return snapshot(straight_route(1000.0), layout, hist)


def test_pace_ahead_of_target():
    """Four of ten handed over on days 1-4 is ahead of the day-15 line (2.7 by day 4)."""
    total, communes = hv.campaign_pace(_paced(4), CAMP, START + timedelta(days=3))
    assert total["handed_over"]["households"] == 4
    assert total["handed_over"]["area_m2"] == pytest.approx(4 * 90 * 30.0)
    assert total["ahead_of_target"] is True
    assert total["households_total"] == 10
    assert set(communes) == {"Đạp Thanh", "Thanh Lâm"}
    assert sum(c["handed_over"]["households"] for c in communes.values()) == 4
    assert total["forecast_finish"] == START + timedelta(days=3 + 6)  # 6 left at 1 a day


def test_pace_behind_target():
    """One of ten handed over by day 4 is behind the line and needs 9/12 households a day."""
    total, _ = hv.campaign_pace(_paced(1), CAMP, START + timedelta(days=3))
    assert total["ahead_of_target"] is False
    assert total["required_per_day"]["households"] == pytest.approx(9 / 12)
    assert total["burn_up"][-1]["households"] == 1


def test_household_chainage_ranges_cover_equation_gap():
    """A household whose recovered land spans a gap equation gets the chainage range on both sides."""
    from tl342.core.handover import household_chainage_ranges

    route = straight_route(3000.0, equations=[(1350.0, 41_350.0, 41_900.0)])
    snap = snapshot(route, [("A", 1200, 1500), ("B", 0, 100)], History())
    ranges = household_chainage_ranges(snap)
    assert ranges["A"] == pytest.approx((41_200.0, 42_050.0), abs=0.5)
    assert ranges["B"] == pytest.approx((40_000.0, 40_100.0), abs=0.5)
    assert household_chainage_ranges(snap) is ranges  # computed once per snapshot
