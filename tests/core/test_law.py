"""The law as it counts: donations, Treasury deposits, enforcement, Civil Code periods,
holidays of any year, and a legal source on every time limit."""

from __future__ import annotations

import copy
import json
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

import pytest

from tl342.core.calendar import SOURCE_DATA, SOURCE_LIBRARY, HolidayCalendar
from tl342.core.errors import TransitionError, UserError
from tl342.core.law import Donation, Dues, format_vnd
from tl342.core.model import STATUS_ORDER, EventKind, Flag, HouseholdState, Regime, Status
from tl342.core.workflow import (
    check_transition,
    deadlines,
    derive_state,
    legal_limits_markdown,
    load_rules,
    make_flag_event,
    make_na_event,
    make_status_event,
    parse_rules,
    period,
)

S = Status
R13, R24 = load_rules(Regime.LAND_LAW_2013), load_rules(Regime.LAND_LAW_2024)
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def cal() -> HolidayCalendar:
    return HolidayCalendar.default()


def at(status: Status, flags=(), **kw) -> HouseholdState:
    reached = {s: date(2024, 1, 2) for s in STATUS_ORDER if s.rank <= status.rank}
    return HouseholdState(status, frozenset(flags), {}, reached, **kw)


# ---- donations ----------------------------------------------------------------------------
TREES_ONLY = Dues(252_717_000, 511_434_000, 0, 3274.5, Donation("T", assets_value_vnd=57_976_000))


def test_tree_donor_may_not_skip_payment_and_is_told_what_is_owed():
    """A household that donated only trees is still owed its land and support: N/A refused,
    the message gives the amount in Vietnamese style."""
    st = at(S.RECOVERY_DECIDED, {Flag.DONATED})
    with pytest.raises(TransitionError) as err:
        make_na_event(R13, st, "TL-065", S.PAID, "hiến cây", date(2024, 2, 1), dues=TREES_ONLY)
    msg = str(err.value)
    assert msg.startswith("TL-065 is at 'land recovery decision': ")
    assert "764.151.000 đồng is still payable" in msg
    with pytest.raises(TransitionError, match="còn phải chi trả 764.151.000 đồng"):
        make_na_event(R13, st, "TL-065", S.PAID, "x", date(2024, 2, 1), dues=TREES_ONLY, lang="vi")


def test_tree_donor_may_not_skip_recovery_decision():
    """Trees donated, land recovered: the recovery decision cannot be skipped."""
    with pytest.raises(TransitionError, match="recovered land 3.274,5 m²"):
        make_na_event(
            R24,
            at(S.APPROVED, {Flag.DONATED}),
            "H",
            S.RECOVERY_DECIDED,
            "x",
            date(2024, 2, 1),
            dues=TREES_ONLY,
        )


@pytest.mark.parametrize("regime", list(Regime))
def test_partial_land_donor_refused_full_donor_allowed(regime):
    """Half the land donated: neither step may be skipped; all of it and nothing payable: both."""
    rules = load_rules(regime)
    st = at(S.APPROVED, {Flag.DONATED})
    partial = Dues(50_000_000, 0, 0, 1000.0, Donation("H", land_m2=500.0))
    for step in (S.RECOVERY_DECIDED, S.PAID):
        with pytest.raises(TransitionError, match="cannot be marked not applicable"):
            make_na_event(rules, st, "H", step, "hiến đất", date(2024, 2, 1), dues=partial)
    full = Dues(0, 0, 0, 1000.0, Donation("H", land_m2=999.97))  # rounding to 0.1 m² is "all"
    assert full.all_land_donated and full.payable_vnd == 0
    ev = make_na_event(rules, st, "H", S.RECOVERY_DECIDED, "hiến đất", date(2024, 2, 1), dues=full)
    st2 = derive_state([*_events_to(S.APPROVED), _with_id(ev, 99)])
    assert S.RECOVERY_DECIDED in st2.not_applicable
    paid_na = make_na_event(rules, st2, "H", S.PAID, "hiến đất", date(2024, 2, 1), dues=full)
    st3 = derive_state([*_events_to(S.APPROVED), _with_id(ev, 99), _with_id(paid_na, 100)])
    assert check_transition(rules, st3, S.HANDED_OVER) is None


def test_all_land_donor_with_support_still_paid():
    """All the land donated but support still payable: recovery decision skipped, payment not."""
    dues = Dues(0, 17_000_000, 0, 400.0, Donation("H", all_land=True))
    st = at(S.APPROVED, {Flag.DONATED})
    assert R24.may_be_not_applicable(S.RECOVERY_DECIDED, st, dues)
    assert not R24.may_be_not_applicable(S.PAID, st, dues)
    assert dues.owed_text().startswith("17.000.000 đồng is still payable")


def test_old_rule_names_read_with_the_law_meaning():
    """An older rules file saying na "donated" is read as "all land donated", not "donor flag"."""
    data = json.loads(
        resources.files("tl342.core").joinpath("rules/land_law_2024.json").read_text()
    )
    for s in data["steps"]:
        if s["status"] == "recovery_decided":
            s["na"] = "donated"
        if s["status"] == "paid":
            s["na"] = "donated_or_nothing_payable"
    rules = parse_rules(data)
    assert rules.step(S.RECOVERY_DECIDED).na == "all_land_donated"
    assert rules.step(S.PAID).na == "nothing_payable"
    assert not rules.may_be_not_applicable(S.PAID, at(S.APPROVED, {Flag.DONATED}), TREES_ONLY)


def test_format_vnd_vietnamese_grouping():
    """Amounts are grouped with dots and say đồng."""
    assert format_vnd(764_123_000) == "764.123.000 đồng"
    assert format_vnd(0) == "0 đồng"


# ---- deposit and enforcement --------------------------------------------------------------
def _with_id(ev, i):
    ev.id = i
    return ev


def _events_to(status: Status, code="H", start=date(2024, 1, 2)):
    out, st = [], HouseholdState()
    for i, s in enumerate(STATUS_ORDER[1 : status.rank + 1], start=1):
        ev = _with_id(make_status_event(R24, st, code, s, start + timedelta(days=i)), i)
        out.append(ev)
        st = derive_state(out)
    return out


def test_deposit_then_enforcement_decision_then_handover():
    """Refused money deposited meets the payment step; enforcement without its decision blocks
    the handover; with the decision (number, date) the handover is allowed."""
    evs = _events_to(S.RECOVERY_DECIDED)
    st = derive_state(evs)
    with pytest.raises(TransitionError, match="document number"):
        make_status_event(R24, st, "H", S.PAID, date(2024, 2, 1), deposited=True)
    dep = make_status_event(R24, st, "H", S.PAID, date(2024, 2, 1), doc_no="12/KB", deposited=True)
    evs.append(_with_id(dep, 50))
    st = derive_state(evs)
    assert st.status is S.PAID and st.deposited
    bare = _with_id(make_flag_event(st, "H", Flag.ENFORCEMENT, True, date(2024, 2, 2)), 51)
    st_bare = derive_state([*evs, bare])
    reason = check_transition(R24, st_bare, S.HANDED_OVER, code="H")
    assert reason == (
        "H is at 'payment': the enforcement decision (number, date) must be recorded on the "
        "'enforcement' flag before 'site handover'"
    )
    decided = make_flag_event(
        st,
        "H",
        Flag.ENFORCEMENT,
        True,
        date(2024, 2, 2),
        doc_no="55/QĐ-CC",
        doc_date=date(2024, 2, 2),
    )
    evs.append(_with_id(decided, 52))
    st = derive_state(evs)
    assert st.flag_docs[Flag.ENFORCEMENT] == ("55/QĐ-CC", date(2024, 2, 2))
    ho = make_status_event(R24, st, "H", S.HANDED_OVER, date(2024, 2, 3))
    assert derive_state([*evs, _with_id(ho, 53)]).deposited  # still known as a deposit


def test_deposit_only_for_payment_and_undone_with_its_step():
    """A deposit on another step is refused; undoing the deposited payment clears it."""
    evs = _events_to(S.RECOVERY_DECIDED)
    st = derive_state(evs)
    with pytest.raises(TransitionError, match="can only meet the payment step"):
        make_status_event(
            R24,
            at(S.APPROVED),
            "H",
            S.RECOVERY_DECIDED,
            date(2024, 2, 1),
            doc_no="1",
            deposited=True,
        )
    dep = _with_id(
        make_status_event(R24, st, "H", S.PAID, date(2024, 2, 1), doc_no="1", deposited=True), 60
    )
    from tl342.core.model import Event

    undo = Event("H", EventKind.REVERT, date(2024, 2, 2), reverts=60, id=61)
    assert not derive_state([*evs, dep, undo]).deposited


# ---- refusals name the household, its step and what must come first ---------------------------
@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            "DT-012 is at 'plan approval': payment (or a Treasury deposit) must be recorded "
            "before 'site handover'",
        ),
        (
            "vi",
            "hộ DT-012 đang ở bước 'Phê duyệt phương án': phải ghi chi trả (hoặc gửi tiền vào "
            "Kho bạc) trước khi 'Bàn giao mặt bằng'",
        ),
    ],
)
def test_refusal_text_names_household_step_and_what_first(lang, expected):
    """The handover refusal of an approved household, in English and Vietnamese."""
    with pytest.raises(TransitionError) as err:
        make_status_event(R24, at(S.APPROVED), "DT-012", S.HANDED_OVER, date(2024, 2, 1), lang=lang)
    assert str(err.value) == expected


# ---- Civil Code periods -------------------------------------------------------------------
def test_period_ending_on_saturday_runs_to_monday(cal):
    """30 days from Thu 17/11/2022 end Sat 17/12 → the period runs to Mon 19/12/2022."""
    assert cal.period_end(date(2022, 11, 17), 30) == date(2022, 12, 19)
    assert cal.period_end(date(2022, 11, 16), 30) == date(2022, 12, 16)  # a Friday: unchanged


def test_period_ending_in_tet_runs_past_the_break(cal):
    """A period ending on the first day of Tết 2023 (22/1) runs to Fri 27/1, the first working day."""
    assert cal.period_end(date(2022, 12, 23), 30) == date(2023, 1, 27)


def test_period_ending_on_swapped_day_off_and_on_worked_saturday(cal):
    """Mon 29/4/2024 is a swapped day off (→ Thu 2/5 after 30/4, 1/5); Sat 4/5/2024 is worked."""
    assert cal.period_end(date(2024, 3, 30), 30) == date(2024, 5, 2)
    assert cal.period_end(date(2024, 4, 4), 30) == date(2024, 5, 4)


def test_zero_day_limit_is_the_same_day(cal):
    """Land Law 2013: recovery decision the same day as the approval, even on a Saturday."""
    assert cal.period_end(date(2022, 12, 17), 0) == date(2022, 12, 17)


def test_payment_due_from_effective_date_and_not_overdue_on_sunday(cal):
    """Payment counts 30 days from the day the recovery decision takes effect; a due day on a
    Saturday is not overdue on the Sunday."""
    st = HouseholdState(
        S.RECOVERY_DECIDED,
        reached_on={S.APPROVED: date(2022, 11, 17), S.RECOVERY_DECIDED: date(2022, 11, 17)},
    )
    d = [x for x in deadlines(R13, cal, st, "H", date(2022, 12, 18)) if x.step is S.PAID][0]
    assert (d.due, d.state) == (date(2022, 12, 19), "due_soon")
    later = HouseholdState(
        S.RECOVERY_DECIDED,
        reached_on=dict(st.reached_on),
        effective_on={S.RECOVERY_DECIDED: date(2022, 11, 25)},
    )
    d2 = [x for x in deadlines(R13, cal, later, "H", date(2022, 12, 18)) if x.step is S.PAID][0]
    assert d2.due == date(2022, 12, 26)  # 25/12 is a Sunday


def test_effective_date_recorded_on_the_event_and_checked(cal):
    """--effective is kept in the state; an effective date before the signing is refused."""
    evs = _events_to(S.APPROVED)
    st = derive_state(evs)
    with pytest.raises(TransitionError, match="before the decision is signed"):
        make_status_event(
            R24, st, "H", S.RECOVERY_DECIDED, date(2024, 2, 1), effective_on=date(2024, 1, 31)
        )
    ev = make_status_event(
        R24, st, "H", S.RECOVERY_DECIDED, date(2024, 2, 1), effective_on=date(2024, 2, 5)
    )
    assert derive_state([*evs, _with_id(ev, 70)]).effective_on[S.RECOVERY_DECIDED] == date(
        2024, 2, 5
    )


def test_posting_period_for_printed_lists(cal):
    """The posting period printed on lists: from the day after, last day moved off a weekend."""
    assert period(R24, cal, "posting", date(2022, 10, 21)) == (
        date(2022, 10, 22),
        date(2022, 11, 21),
    )
    assert period(R13, cal, "posting", date(2022, 10, 21)) == (
        date(2022, 10, 22),
        date(2022, 11, 10),
    )
    assert period(R13, cal, "posting", date(2022, 10, 19)) == (
        date(2022, 10, 20),
        date(2022, 11, 8),
    )
    with pytest.raises(UserError, match="appraisal"):
        period(R13, cal, "appraisal", date(2022, 10, 19))


# ---- holidays of any year -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("year", "tet", "hung"),
    [(2031, date(2031, 1, 23), date(2031, 4, 1)), (2040, date(2040, 2, 12), date(2040, 4, 20))],
)
def test_holidays_of_far_years_from_the_library(year, tet, hung):
    """2031 and 2040: 1/1, Tết (lunar new year) and Hùng Kings (10/3 lunar) are days off."""
    c = HolidayCalendar.default(years=[])
    days = {d.day: d for d in c.days_off(year)}
    for d in (date(year, 1, 1), tet, hung, date(year, 4, 30), date(year, 5, 1), date(year, 9, 2)):
        assert d in days and SOURCE_LIBRARY in days[d].sources, d
        assert not c.is_working_day(d)


def test_swap_data_overrides_the_library():
    """2026: the swapped day off 2/1 comes from the data, the worked Saturday 10/1 is worked."""
    c = HolidayCalendar.default(years=[])
    days = {d.day: d for d in c.days_off(2026)}
    assert days[date(2026, 1, 2)].sources == (SOURCE_DATA,)
    assert days[date(2026, 1, 10)].worked
    assert c.is_working_day(date(2026, 1, 10)) and not c.is_working_day(date(2026, 1, 2))


def test_swap_data_working_day_wins_over_a_library_holiday():
    """A date the data file declares worked is a working day even if the library says holiday."""
    data = {
        "library": {"country": "VN"},
        "years": {"2031": {"holidays": [], "working_days": [{"date": "2031-01-01"}]}},
    }
    c = HolidayCalendar.from_data(data)
    assert c.is_working_day(date(2031, 1, 1))
    assert not c.is_working_day(date(2031, 1, 23))


# ---- every limit has a source ---------------------------------------------------------------
@pytest.mark.parametrize("regime", list(Regime))
def test_every_limit_carries_a_source_or_is_a_project_setting(regime):
    """Each deadline cites law and article (and clause) or is marked a project setting."""
    for d in load_rules(regime).deadlines:
        if d.setting:
            assert d.source.get("note"), d.id
        else:
            assert d.source.get("law") and d.source.get("article") and d.source.get("clause"), d.id


def test_2024_appraisal_and_approval_are_project_settings():
    """The 30 / 5 working days are not in the Land Law 2024: settings, shown as such."""
    ids = {d.id: d for d in R24.deadlines}
    assert ids["appraisal"].setting and ids["approval"].setting
    assert not ids["payment"].setting
    st = HouseholdState(S.APPRAISED, reached_on={S.APPRAISED: date(2024, 3, 1)})
    d = [
        x
        for x in deadlines(R24, HolidayCalendar(), st, "H", date(2024, 3, 2))
        if x.rule_id == "approval"
    ][0]
    assert d.description.endswith("(project setting)")


def test_a_limit_without_source_is_refused():
    """A rules file with a limit lacking a source does not load."""
    data = json.loads(
        resources.files("tl342.core").joinpath("rules/land_law_2013.json").read_text()
    )
    bad = copy.deepcopy(data)
    del bad["deadlines"][0]["source"]
    with pytest.raises(UserError, match="notice_agri: no legal source"):
        parse_rules(bad)


def test_project_may_change_settings_not_the_law():
    """with_limits changes a project setting; a legal limit is refused with its source."""
    rules = R24.with_limits({"appraisal": 20})
    assert {d.id: d.limit for d in rules.deadlines}["appraisal"] == 20
    with pytest.raises(UserError, match="set by law .*art. 94"):
        R24.with_limits({"payment": 45})


def test_docs_table_matches_the_rules():
    """docs/legal_limits.md is the table generated from the rules (step → limit → source)."""
    text = (ROOT / "docs" / "legal_limits.md").read_text(encoding="utf-8")
    assert text == legal_limits_markdown()
    assert "art. 93, cl. 1" in text and "**project setting**" in text
