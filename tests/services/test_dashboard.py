"""The campaign dashboard record and its JSON: exact keys, figures on a synthetic project."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tl342.cli.common import to_json
from tl342.services import dashboard as dash

KEYS = {
    "day",
    "length_days",
    "days_left",
    "target_day",
    "days_left_to_target",
    "handed_over",
    "required_per_day",
    "forecast_finish",
    "forecast_range",
    "ahead_of_target",
    "by_commune",
    "burn_up",
    "ready_stretches",
    "overdue",
    "due_soon",
    "blocked",
}
SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "dt342.tl342"


def campaign_dashboard(project, today: date) -> dict:
    """The dashboard as the CLI writes it (``to_json`` of the record)."""
    return to_json(dash.campaign_dashboard(project, today))


def _check_shape(d: dict) -> None:
    assert KEYS <= set(d)
    json.dumps(d)  # JSON-ready: no dates or tuples that json cannot write
    for s in d["ready_stretches"]:
        assert {"from", "to", "length_m"} <= set(s)
        assert s["from"].startswith("Km") and s["to"].startswith("Km")
    for x in d["overdue"] + d["due_soon"]:
        assert {"household", "step", "due", "days"} <= set(x)
        date.fromisoformat(x["due"])
    for x in d["blocked"]:
        assert {"household", "flag", "cause", "owner", "since"} <= set(x)


X0, Y0 = 440_000.0, 2_350_000.0
TODAY = date(2022, 6, 10)  # day 10 of a campaign starting 01/06/2022


def _walk(project, code: str, to: str, last: date) -> None:
    from tl342.core.model import Status
    from tl342.store import actions

    steps = list(Status)[1 : Status(to).rank + 1]
    for i, st in enumerate(steps):
        actions.change_status(
            project, code, st, date.fromordinal(last.toordinal() - len(steps) + 1 + i)
        )


@pytest.fixture
def synthetic(tmp_path):
    """A 2 km road Km40+000-Km42+000 with three households, campaign from 01/06/2022.

    A (Đạp Thanh) 0-400 m paid; B (Đạp Thanh) 600-800 m approved on 01/05 (payment overdue);
    C (Thanh Lâm) 1200-1400 m handed over on 05/06 and D (Thanh Lâm) 1600-1700 m inventoried
    with a complaint.
    """
    from shapely.geometry import LineString, box

    from tl342.core.campaign import Campaign
    from tl342.core.chainage import Stake
    from tl342.core.model import Household, Parcel
    from tl342.store import actions, repo
    from tl342.store.project import Project

    project = Project.create(tmp_path / "t.tl342", name="ĐT342 dashboard")
    line = LineString([(X0, Y0), (X0 + 2000.0, Y0)])
    boundary = line.buffer(15.0, cap_style="flat")
    layout = [
        ("A", "Đạp Thanh", 0, 400),
        ("B", "Đạp Thanh", 600, 800),
        ("C", "Thanh Lâm", 1200, 1400),
        ("D", "Thanh Lâm", 1600, 1700),
    ]
    parcels, links, households = [], [], []
    for code, commune, d0, d1 in layout:
        households.append(Household(code, f"Hộ {code}", commune=commune))
        p = Parcel(commune, "7", code, "RSX", box(X0 + d0, Y0 - 30, X0 + d1, Y0 + 30))
        parcels.append(p)
        links.append((code, p.key, None))
    with project.session() as s:
        repo.save_route(s, line, [Stake(40_000.0, X0, Y0), Stake(42_000.0, X0 + 2000, Y0)], [])
        repo.save_areas(s, "boundary", {"GPMB": boundary})
        repo.upsert_parcels(s, parcels, boundary)
        repo.upsert_households(s, households, links)
    _walk(project, "A", "paid", date(2022, 5, 20))
    _walk(project, "B", "approved", date(2022, 5, 1))
    _walk(project, "C", "handed_over", date(2022, 6, 5))
    _walk(project, "D", "inventoried", date(2022, 5, 1))
    actions.set_flag(project, "D", "complaint", True, date(2022, 6, 2), by="Tổ GPMB", note="giá")
    actions.set_campaign(project, Campaign("30 ngày đêm", date(2022, 6, 1)))
    yield project
    project.close()


def test_keys_and_figures_on_synthetic_project(synthetic):
    """Day 10 of 30: keys present, pace, ready stretches, overdue payment and complaint listed."""
    d = campaign_dashboard(synthetic, TODAY)
    _check_shape(d)
    assert (d["day"], d["length_days"], d["days_left"]) == (10, 30, 20)
    assert (d["target_day"], d["days_left_to_target"]) == (15, 5)
    assert d["handed_over"] == {"households": 1, "area_m2": pytest.approx(200 * 30.0)}
    # 3 households left over days 10..15 (6 days)
    assert d["required_per_day"]["households"] == pytest.approx(0.5)
    assert d["ahead_of_target"] is False  # 1 < 4 x 10/15
    assert d["forecast_finish"] == "2022-07-10"  # 1 in 10 days -> 3 more take 30 days
    assert set(d["by_commune"]) == {"Đạp Thanh", "Thanh Lâm"}
    assert d["by_commune"]["Thanh Lâm"]["handed_over"]["households"] == 1
    assert d["by_commune"]["Đạp Thanh"]["handed_over"]["households"] == 0
    assert [b["day"] for b in d["burn_up"]] == list(range(1, 11))
    assert [b["households"] for b in d["burn_up"]][3:6] == [0, 1, 1]
    assert [(s["from"], s["to"], s["length_m"]) for s in d["ready_stretches"]] == [
        ("Km40+400", "Km40+600", 200.0),
        ("Km40+800", "Km41+600", 800.0),
        ("Km41+700", "Km42+000", 300.0),
    ]
    over = {x["step"]: x for x in d["overdue"] if x["household"] == "B"}
    assert over["paid"]["due"] == "2022-05-31" and over["paid"]["days"] == 10
    assert [
        (b["household"], b["flag"], b["cause"], b["owner"], b["since"]) for b in d["blocked"]
    ] == [("D", "complaint", "giá", "Tổ GPMB", "2022-06-02")]


def test_record_is_typed(synthetic):
    """The record has dates as ``date``, exact lengths and the stretch's true distances."""
    d = dash.campaign_dashboard(synthetic, TODAY)
    assert d.forecast_finish == date(2022, 7, 10) and d.date == TODAY
    assert d.blocked[0].since == date(2022, 6, 2)
    assert [(s.d0, s.d1) for s in d.ready_stretches] == [
        (pytest.approx(400.0), pytest.approx(600.0)),
        (pytest.approx(800.0), pytest.approx(1600.0)),
        (pytest.approx(1700.0), pytest.approx(2000.0)),
    ]
    with pytest.raises(AttributeError):
        d.day = 3  # frozen


def test_handover_after_today_is_ignored(synthetic):
    """A handover dated after "today" changes the figures of a later date only."""
    from tl342.store import actions

    actions.change_status(synthetic, "A", "handed_over", date(2022, 6, 12))
    before = campaign_dashboard(synthetic, TODAY)
    after = campaign_dashboard(synthetic, date(2022, 6, 12))
    assert before["handed_over"]["households"] == 1
    assert after["handed_over"]["households"] == 2
    assert before["ready_stretches"][0]["from"] == "Km40+400"
    assert after["ready_stretches"][0]["from"] == "Km40+000"


def test_project_holidays_replace_the_default(synthetic):
    """Project holidays (store) are used for working-day deadlines instead of the packaged ones."""
    from tl342.store import actions, repo

    for i, st in enumerate(("plan_drafted", "posted", "consulted", "appraised")):
        # appraised on Wednesday 08/06: approval within 5 working days
        actions.change_status(synthetic, "D", st, date(2022, 6, 5 + i))
    base = campaign_dashboard(synthetic, TODAY)
    assert [x for x in base["due_soon"] if x["household"] == "D"] == []  # due 15/06
    with synthetic.session() as s:
        repo.save_holidays(s, [(date(2022, 6, 13), "nghỉ"), (date(2022, 6, 14), "nghỉ")])
    later = campaign_dashboard(synthetic, date(2022, 6, 15))
    soon = [x for x in later["due_soon"] if x["household"] == "D"]
    assert [(x["step"], x["due"]) for x in soon] == [("approved", "2022-06-17")]


def test_without_campaign(tmp_path):
    """A project without a campaign answers day None with a message, still JSON-ready."""
    from tl342.store.project import Project

    p = Project.create(tmp_path / "empty.tl342", name="trống")
    try:
        d = campaign_dashboard(p, date(2022, 11, 21))
    finally:
        p.close()
    assert d["day"] is None and "campaign" in d["message"]
    assert KEYS <= set(d)
    assert d["ready_stretches"] == [] and d["burn_up"] == []
    json.dumps(d)


@pytest.mark.skipif(not SAMPLE.exists(), reason="sample_data/dt342.tl342 not built")
def test_sample_day_8(tmp_path):
    """On the sample at 21/11/2022 the campaign is on day 8 with 22 days left."""
    from tl342.store.project import Project

    copy = tmp_path / "dt342.tl342"
    copy.write_bytes(SAMPLE.read_bytes())
    p = Project.open(copy)
    try:
        d = campaign_dashboard(p, date(2022, 11, 21))
    finally:
        p.close()
    _check_shape(d)
    assert d["day"] == 8 and d["days_left"] == 22 and d["days_left_to_target"] == 7
    assert d["handed_over"]["households"] > 0
    assert sum(c["households_total"] for c in d["by_commune"].values()) == 169
    total = sum(s["length_m"] for s in d["ready_stretches"])
    assert 0 < total <= d["route_length_m"]
