"""Campaign day arithmetic, pace/forecast and ready road stretches."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tl342.core.campaign import Campaign, pace, ready_stretches

START = date(2022, 6, 1)
CAMP = Campaign("Chiến dịch 30 ngày đêm", START)


def test_day_numbering():
    """The start date is day 1, a week later day 8, before the start 0, after the end it keeps counting."""
    assert CAMP.day(START) == 1
    assert CAMP.day(START + timedelta(days=7)) == 8
    assert CAMP.day(START - timedelta(days=1)) == 0
    assert CAMP.day(START + timedelta(days=34)) == 35


def test_days_left_and_target():
    """Days left count to the end and to the target day and never go negative."""
    d8 = START + timedelta(days=7)
    assert CAMP.days_left(d8) == 22
    assert CAMP.days_left_to_target(d8) == 7
    late = START + timedelta(days=40)
    assert CAMP.days_left(late) == 0
    assert CAMP.days_left_to_target(late) == 0


def test_date_of_day_inverse():
    """date_of_day is the inverse of day; day 30 is the end."""
    for n in (1, 8, 15, 30, 33):
        assert CAMP.day(CAMP.date_of_day(n)) == n
    assert CAMP.end == date(2022, 6, 30)
    assert CAMP.target_date == date(2022, 6, 15)


def test_to_dict():
    """to_dict carries day, length, target and days left."""
    d = CAMP.to_dict(START + timedelta(days=7))
    assert (d["day"], d["length_days"], d["target_day"], d["days_left"]) == (8, 30, 15, 22)


def test_pace_ahead():
    """One household a day for 5 days of 10 is ahead of the 15-day target line."""
    today = START + timedelta(days=4)
    done = [(START + timedelta(days=i), 100.0) for i in range(5)]
    p = pace(CAMP, today, done, total_households=10, total_area_m2=1000.0)
    assert p["handed_over"] == {"households": 5, "area_m2": 500.0}
    assert p["current_rate"]["households"] == pytest.approx(1.0)
    assert p["forecast_finish"] == today + timedelta(days=5)
    assert p["ahead_of_target"] is True
    # 5 left over days 5..15 inclusive = 11 days
    assert p["required_per_day"]["households"] == pytest.approx(5 / 11)
    assert p["required_by"] == "target"


def test_pace_behind():
    """One household in 10 days of 10 is behind; forecast is far past the target."""
    today = START + timedelta(days=9)
    p = pace(CAMP, today, [(START + timedelta(days=2), 50.0)], 10, 500.0)
    assert p["ahead_of_target"] is False
    assert p["current_rate"]["households"] == pytest.approx(0.1)
    assert p["forecast_finish"] == today + timedelta(days=90)
    assert p["required_per_day"]["households"] == pytest.approx(9 / 6)
    assert p["required_per_day"]["area_m2"] == pytest.approx(450 / 6)


def test_pace_after_target_requires_by_end():
    """Once the target day is passed the required pace counts to the end of the campaign."""
    today = START + timedelta(days=19)  # day 20
    p = pace(CAMP, today, [(START, 10.0)], 12, 120.0)
    assert p["required_by"] == "end"
    assert p["required_per_day"]["households"] == pytest.approx(11 / 11)


def test_forecast_none_when_nothing_done():
    """Nothing handed over yet: no forecast and no range."""
    p = pace(CAMP, START + timedelta(days=3), [], 10, 100.0)
    assert p["forecast_finish"] is None
    assert p["forecast_range"] is None


def test_forecast_range_from_best_and_worst_3_day_windows():
    """Best 3-day rate gives the earliest finish, worst the latest."""
    today = START + timedelta(days=5)  # day 6
    per_day = [0, 0, 3, 3, 3, 0]  # best window 3/day, worst window 0..: (0,0,3)=1/day
    done = [(START + timedelta(days=i), 1.0) for i, n in enumerate(per_day) for _ in range(n)]
    p = pace(CAMP, today, done, 19, 19.0)
    earliest, latest = p["forecast_range"]
    assert earliest == today + timedelta(days=4)  # 10 left at 3/day -> ceil(3.33)
    assert latest == today + timedelta(days=10)  # 10 left at 1/day
    assert earliest <= p["forecast_finish"] <= latest


def test_burn_up_series():
    """Burn-up has one row per day to today with cumulative counts and both lines."""
    today = START + timedelta(days=2)
    p = pace(CAMP, today, [(START, 5.0), (START + timedelta(days=2), 7.0)], 15, 100.0)
    rows = p["burn_up"]
    assert [r["day"] for r in rows] == [1, 2, 3]
    assert [r["households"] for r in rows] == [1, 1, 2]
    assert rows[-1]["area_m2"] == pytest.approx(12.0)
    assert rows[0]["target_line_households"] == pytest.approx(1.0)
    assert rows[0]["end_line_households"] == pytest.approx(0.5)


def test_finished_forecast_is_last_handover():
    """All households handed over: forecast is the last handover date and ahead of target."""
    last = START + timedelta(days=3)
    p = pace(CAMP, START + timedelta(days=6), [(START, 1.0), (last, 1.0)], 2, 2.0)
    assert p["forecast_finish"] == last
    assert p["ahead_of_target"] is True
    assert p["required_per_day"]["households"] == 0


def test_ready_stretches_split_by_one_block():
    """One blocked interval splits the route into two ready stretches."""
    assert ready_stretches(1000.0, [(300.0, 450.0)]) == [(0.0, 300.0), (450.0, 1000.0)]


def test_ready_stretches_merge_clip_and_min_length():
    """Overlapping, reversed and out-of-route blocks merge and clip; short stretches drop."""
    blocked = [(200.0, 100.0), (150.0, 260.0), (-50.0, 20.0), (990.0, 1200.0), (300.0, 305.0)]
    assert ready_stretches(1000.0, blocked) == [
        (20.0, 100.0),
        (260.0, 300.0),
        (305.0, 990.0),
    ]
    assert ready_stretches(1000.0, blocked, min_length_m=50) == [(20.0, 100.0), (305.0, 990.0)]
    assert ready_stretches(1000.0, []) == [(0.0, 1000.0)]
