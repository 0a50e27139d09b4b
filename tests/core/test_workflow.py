"""Workflow rules as data: transitions, refusals, events -> state, undo and deadlines."""

from __future__ import annotations

import json
from datetime import date, timedelta
from importlib import resources

import pytest

from tl342.core.calendar import HolidayCalendar
from tl342.core.errors import TransitionError, UserError
from tl342.core.law import Dues
from tl342.core.model import STATUS_ORDER, Event, EventKind, Flag, HouseholdState, Regime, Status
from tl342.core.workflow import (
    allowed_targets,
    check_transition,
    deadlines,
    derive_state,
    load_rules,
    make_flag_event,
    make_na_event,
    make_revert_event,
    make_status_event,
    parse_rules,
    refusal_reasons,
)

S = Status
REGIMES = [Regime.LAND_LAW_2013, Regime.LAND_LAW_2024]
BACK = {S.CONSULTED: S.PLAN_DRAFTED, S.POSTED: S.PLAN_DRAFTED, S.APPRAISED: S.PLAN_DRAFTED}
D0 = date(2024, 1, 2)


def at(status: Status, flags=(), na=None) -> HouseholdState:
    """A household at ``status`` with every earlier step reached on D0 + rank days."""
    reached = {s: D0 + timedelta(days=s.rank) for s in STATUS_ORDER if s.rank <= status.rank}
    return HouseholdState(status, frozenset(flags), dict(na or {}), reached)


@pytest.fixture(scope="module")
def cal() -> HolidayCalendar:
    return HolidayCalendar.default()


# ---- transitions ------------------------------------------------------------------------
@pytest.mark.parametrize("regime", REGIMES)
@pytest.mark.parametrize("cur", STATUS_ORDER)
def test_allowed_targets_exactly_next_and_back(regime, cur):
    """From each step exactly the next step and the listed back moves are allowed."""
    rules = load_rules(regime)
    expected = set()
    if cur.rank + 1 < len(STATUS_ORDER):
        expected.add(STATUS_ORDER[cur.rank + 1])
    if cur in BACK:
        expected.add(BACK[cur])
    assert set(allowed_targets(rules, at(cur))) == expected


@pytest.mark.parametrize("regime", REGIMES)
def test_refusal_reasons_cover_every_other_status(regime):
    """refusal_reasons has a non-empty reason for exactly the statuses not allowed."""
    rules = load_rules(regime)
    st = at(S.POSTED)
    reasons = refusal_reasons(rules, st)
    assert set(reasons) == set(STATUS_ORDER) - set(allowed_targets(rules, st))
    assert all(reasons.values())


@pytest.mark.parametrize("regime", REGIMES)
def test_handover_before_payment_refused(regime):
    """handed_over from approved is refused: payment (or a deposit) must come first (en, vi),
    and with a household code the reason names it and its current step."""
    rules = load_rules(regime)
    st = at(S.APPROVED)
    assert check_transition(rules, st, S.HANDED_OVER) == (
        "payment (or a Treasury deposit) must be recorded before 'site handover'"
    )
    assert check_transition(rules, st, S.HANDED_OVER, lang="vi") == (
        "phải ghi chi trả (hoặc gửi tiền vào Kho bạc) trước khi 'Bàn giao mặt bằng'"
    )
    assert check_transition(rules, st, S.HANDED_OVER, code="DT-012") == (
        "DT-012 is at 'plan approval': payment (or a Treasury deposit) must be recorded "
        "before 'site handover'"
    )
    assert check_transition(rules, st, S.HANDED_OVER, lang="vi", code="DT-012") == (
        "hộ DT-012 đang ở bước 'Phê duyệt phương án': phải ghi chi trả (hoặc gửi tiền vào "
        "Kho bạc) trước khi 'Bàn giao mặt bằng'"
    )


def test_other_forbidden_transitions_and_reasons():
    """Skips, same step, not-applicable target and backward moves carry their reasons."""
    rules = load_rules(Regime.LAND_LAW_2024)
    assert check_transition(rules, at(S.APPRAISED), S.PAID) == (
        "the compensation plan must be approved before 'payment'"
    )
    assert check_transition(rules, at(S.PENDING), S.INVENTORIED) == (
        "the notice of land recovery must be issued before 'inventory'"
    )
    assert check_transition(rules, at(S.POSTED), S.APPRAISED) == (
        "'consultation / dialogue' must be recorded (or marked not applicable) before 'appraisal'"
    )
    assert check_transition(rules, at(S.POSTED), S.POSTED) == (
        "the household is already at 'public posting'"
    )
    assert check_transition(rules, at(S.POSTED), S.NOTIFIED).startswith(
        "cannot go back from 'public posting' to 'notice of land recovery'"
    )
    na = at(S.POSTED, na={S.CONSULTED: "không có ý kiến"})
    assert check_transition(rules, na, S.CONSULTED) == (
        "step 'consultation / dialogue' is marked not applicable"
    )


def test_skip_over_not_applicable_step():
    """With consultation marked not applicable, posted may go straight to appraised."""
    rules = load_rules(Regime.LAND_LAW_2024)
    st = at(S.POSTED, na={S.CONSULTED: "không có ý kiến"})
    assert allowed_targets(rules, st) == [S.PLAN_DRAFTED, S.APPRAISED]


@pytest.mark.parametrize("regime", REGIMES)
def test_donated_household_hands_over_without_payment(regime):
    """Donated, paid N/A: approved (recovery decision N/A) or recovery_decided -> handed_over."""
    rules = load_rules(regime)
    na = {S.PAID: "hiến đất", S.RECOVERY_DECIDED: "hiến đất"}
    st = at(S.APPROVED, flags={Flag.DONATED}, na=na)
    assert check_transition(rules, st, S.HANDED_OVER) is None
    st2 = at(S.RECOVERY_DECIDED, flags={Flag.DONATED}, na={S.PAID: "hiến đất"})
    assert check_transition(rules, st2, S.HANDED_OVER) is None
    st3 = at(S.APPROVED, flags={Flag.DONATED}, na={S.PAID: "hiến đất"})
    assert check_transition(rules, st3, S.HANDED_OVER) is not None


def test_make_status_event_builds_and_refuses():
    """make_status_event records from/to, raises on a refused move and on an earlier date."""
    rules = load_rules(Regime.LAND_LAW_2024)
    st = at(S.NOTIFIED)
    ev = make_status_event(rules, st, "H001", S.INVENTORIED, date(2024, 2, 1), doc_no="12/BB")
    assert (ev.kind, ev.from_status, ev.to_status, ev.doc_no) == (
        EventKind.STATUS,
        S.NOTIFIED,
        S.INVENTORIED,
        "12/BB",
    )
    with pytest.raises(TransitionError, match=r"^H001 is at 'plan approval': payment"):
        make_status_event(rules, at(S.APPROVED), "H001", S.HANDED_OVER, date(2024, 3, 1))
    with pytest.raises(TransitionError, match="earlier than the current step"):
        make_status_event(rules, st, "H001", S.INVENTORIED, D0 - timedelta(days=1))


def test_na_paid_needs_nothing_payable():
    """paid may be marked N/A only when nothing is payable (a donor flag is not enough)."""
    rules = load_rules(Regime.LAND_LAW_2024)
    st = at(S.APPROVED)
    with pytest.raises(TransitionError, match="cannot be marked not applicable"):
        make_na_event(rules, st, "H1", S.PAID, "không", D0)
    ev = make_na_event(rules, st, "H1", S.PAID, "không có khoản chi trả", D0, dues=Dues())
    assert (ev.kind, ev.step, ev.note) == (
        EventKind.NOT_APPLICABLE,
        S.PAID,
        "không có khoản chi trả",
    )
    donated = at(S.APPROVED, flags={Flag.DONATED})
    with pytest.raises(TransitionError, match="cannot be marked not applicable"):
        make_na_event(rules, donated, "H1", S.PAID, "hiến cây", D0, dues=Dues(support_vnd=1))
    assert make_na_event(rules, donated, "H1", S.PAID, "hiến đất", D0, dues=Dues()).step == S.PAID
    with pytest.raises(TransitionError, match="reason is required"):
        make_na_event(rules, donated, "H1", S.PAID, "  ", D0, dues=Dues())


def test_na_refused_for_mandatory_passed_or_repeated_step():
    """N/A is refused for a mandatory step, a passed step and a step already marked."""
    rules = load_rules(Regime.LAND_LAW_2024)
    with pytest.raises(TransitionError, match="cannot be marked"):
        make_na_event(rules, at(S.NOTIFIED), "H1", S.APPRAISED, "x", D0)
    with pytest.raises(TransitionError, match="already passed"):
        make_na_event(rules, at(S.CONSULTED), "H1", S.CONSULTED, "x", D0)
    marked = at(S.POSTED, na={S.CONSULTED: "x"})
    with pytest.raises(TransitionError, match="already marked"):
        make_na_event(rules, marked, "H1", S.CONSULTED, "x", D0)


def test_flag_event_refuses_repeat():
    """Setting a set flag or clearing an unset one is refused."""
    st = at(S.NOTIFIED, flags={Flag.COMPLAINT})
    with pytest.raises(TransitionError, match="already set"):
        make_flag_event(st, "H1", Flag.COMPLAINT, True, D0)
    with pytest.raises(TransitionError, match="not set"):
        make_flag_event(st, "H1", Flag.DONATED, False, D0)
    assert make_flag_event(st, "H1", Flag.COMPLAINT, False, D0).kind is EventKind.FLAG_OFF


# ---- events -> state --------------------------------------------------------------------
def _ev(i, kind, d, **kw) -> Event:
    return Event(household_code="H1", kind=kind, at=date(2024, 1, d), id=i, **kw)


def _status(i, d, frm, to) -> Event:
    return _ev(i, EventKind.STATUS, d, from_status=frm, to_status=to)


def test_derive_state_status_flags_and_na():
    """STATUS sets status and dates; flags toggle; NOT_APPLICABLE records the reason."""
    events = [
        _status(1, 2, S.PENDING, S.NOTIFIED),
        _ev(2, EventKind.FLAG_ON, 3, flag=Flag.COMPLAINT),
        _status(3, 5, S.NOTIFIED, S.INVENTORIED),
        _ev(4, EventKind.FLAG_ON, 6, flag=Flag.DONATED),
        _ev(5, EventKind.FLAG_OFF, 7, flag=Flag.COMPLAINT),
        _ev(6, EventKind.NOT_APPLICABLE, 8, step=S.CONSULTED, note="không có ý kiến"),
    ]
    st = derive_state(events)
    assert st.status == S.INVENTORIED
    assert st.reached_on == {S.NOTIFIED: date(2024, 1, 2), S.INVENTORIED: date(2024, 1, 5)}
    assert st.flags == frozenset({Flag.DONATED})
    assert st.not_applicable == {S.CONSULTED: "không có ý kiến"}


def test_derive_state_revert_restores_from_status():
    """REVERT of the latest STATUS event restores its from_status and clears that date."""
    events = [
        _status(1, 2, S.PENDING, S.NOTIFIED),
        _status(2, 5, S.NOTIFIED, S.INVENTORIED),
        _ev(3, EventKind.REVERT, 6, reverts=2),
    ]
    st = derive_state(events)
    assert st.status == S.NOTIFIED
    assert S.INVENTORIED not in st.reached_on


def test_back_move_and_its_revert():
    """Going back to plan_drafted drops later dates; reverting that move brings them back."""
    base = [
        _status(1, 2, S.PENDING, S.NOTIFIED),
        _status(2, 3, S.NOTIFIED, S.INVENTORIED),
        _status(3, 4, S.INVENTORIED, S.PLAN_DRAFTED),
        _status(4, 5, S.PLAN_DRAFTED, S.POSTED),
        _status(5, 9, S.POSTED, S.CONSULTED),
        _status(6, 10, S.CONSULTED, S.PLAN_DRAFTED),
    ]
    st = derive_state(base)
    assert st.status == S.PLAN_DRAFTED
    assert st.reached_on[S.PLAN_DRAFTED] == date(2024, 1, 10)
    assert S.POSTED not in st.reached_on and S.CONSULTED not in st.reached_on
    undo = make_revert_event(base, 6, date(2024, 1, 11))
    undo.id = 7
    st2 = derive_state([*base, undo])
    assert st2.status == S.CONSULTED
    assert st2.reached_on[S.POSTED] == date(2024, 1, 5)
    assert st2.reached_on[S.PLAN_DRAFTED] == date(2024, 1, 4)


def test_revert_rules():
    """Only the latest effective status event can be undone, once; an undo can't be undone."""
    events = [
        _status(1, 2, S.PENDING, S.NOTIFIED),
        _status(2, 5, S.NOTIFIED, S.INVENTORIED),
    ]
    with pytest.raises(TransitionError, match="only the latest step"):
        make_revert_event(events, 1, date(2024, 1, 6))
    undo = make_revert_event(events, 2, date(2024, 1, 6))
    assert (undo.kind, undo.reverts, undo.to_status) == (EventKind.REVERT, 2, S.NOTIFIED)
    undo.id = 3
    events.append(undo)
    with pytest.raises(TransitionError, match="already undone"):
        make_revert_event(events, 2, date(2024, 1, 7))
    with pytest.raises(TransitionError, match="cannot be undone"):
        make_revert_event(events, 3, date(2024, 1, 7))
    # after undoing 2, event 1 is the latest effective one
    assert make_revert_event(events, 1, date(2024, 1, 7)).to_status == S.PENDING


def test_revert_flag_returns_opposite_flag_event():
    """Undoing a flag-on returns a flag-off of the same flag; state loses the flag."""
    events = [_ev(1, EventKind.FLAG_ON, 2, flag=Flag.ENFORCEMENT)]
    undo = make_revert_event(events, 1, date(2024, 1, 3))
    assert (undo.kind, undo.flag) == (EventKind.FLAG_OFF, Flag.ENFORCEMENT)
    assert Flag.ENFORCEMENT not in derive_state([*events, undo]).flags


def test_revert_not_applicable_mark():
    """Undoing an N/A mark while the step is ahead removes the mark."""
    events = [_ev(1, EventKind.NOT_APPLICABLE, 2, step=S.CONSULTED, note="x")]
    undo = make_revert_event(events, 1, date(2024, 1, 3))
    undo.id = 2
    assert derive_state([*events, undo]).not_applicable == {}


def test_unknown_revert_target_is_user_error():
    """A REVERT naming an event not in the sequence is reported, not ignored."""
    with pytest.raises(UserError, match="unknown event 99"):
        derive_state([_ev(1, EventKind.REVERT, 2, reverts=99)])


# ---- deadlines --------------------------------------------------------------------------
def _state(reached, status=None, na=None, flags=()) -> HouseholdState:
    status = status or max(reached, key=lambda s: s.rank)
    return HouseholdState(status, frozenset(flags), dict(na or {}), dict(reached))


def _one(dls, step):
    (d,) = [x for x in dls if x.step == step]
    return d


def test_approval_deadline_across_tet_2023(cal):
    """Approval is due 5 working days after appraisal, skipping Tết 2023 and weekends."""
    rules = load_rules(Regime.LAND_LAW_2024)
    st = _state({S.APPRAISED: date(2023, 1, 19)})
    d = _one(deadlines(rules, cal, st, "H1", date(2023, 1, 31)), S.APPROVED)
    assert d.due == date(2023, 2, 2)
    assert (d.state, d.kind, d.overdue_days) == ("due_soon", "max", 0)
    d2 = _one(deadlines(rules, cal, st, "H1", date(2023, 2, 6)), S.APPROVED)
    assert (d2.state, d2.overdue_days) == ("overdue", 4)


def test_approval_deadline_across_tet_2026(cal):
    """Five working days after Friday 13/2/2026 is Friday 27/2/2026; ok when far ahead."""
    rules = load_rules(Regime.LAND_LAW_2024)
    st = _state({S.APPRAISED: date(2026, 2, 13)})
    d = _one(deadlines(rules, cal, st, "H1", date(2026, 2, 14)), S.APPROVED)
    assert (d.due, d.state) == (date(2026, 2, 27), "ok")


def test_appraisal_deadline_falls_back_to_posting(cal):
    """With consultation N/A the 30-working-day appraisal clock starts at the posting."""
    rules = load_rules(Regime.LAND_LAW_2024)
    st = _state({S.POSTED: date(2024, 6, 3)}, na={S.CONSULTED: "x"})
    ds = {x.rule_id: x for x in deadlines(rules, cal, st, "H1", date(2024, 6, 4))}
    d = ds["appraisal"]
    assert (d.step, d.from_step) == (S.APPRAISED, S.POSTED)
    assert d.due == cal.add_working_days(date(2024, 6, 3), 30)
    # the 30-day posting minimum then applies to the appraisal instead of the consultation
    assert (ds["posting"].step, ds["posting"].due) == (S.APPRAISED, date(2024, 7, 3))


def test_late_payment_counts_late_days(cal):
    """Payment 40 days after approval is met 9 days late (day 30, Sunday 31/3, moves to Monday
    1/4 under Civil Code art. 148); unpaid it is overdue by the days past that."""
    rules = load_rules(Regime.LAND_LAW_2024)
    appr = date(2024, 3, 1)
    paid = _state({S.APPROVED: appr, S.RECOVERY_DECIDED: appr, S.PAID: date(2024, 4, 10)})
    d = _one(deadlines(rules, cal, paid, "H1", date(2024, 5, 1)), S.PAID)
    assert (d.due, d.state, d.overdue_days) == (date(2024, 4, 1), "met", 9)
    unpaid = _state({S.APPROVED: appr})
    d2 = _one(deadlines(rules, cal, unpaid, "H1", date(2024, 4, 5)), S.PAID)
    assert (d2.state, d2.overdue_days) == ("overdue", 4)


def test_notice_min_deadline_waiting_and_early(cal):
    """The 90-day notice is waiting before it runs out (day 90 is Sunday 31/3, so it runs to
    Monday 1/4); a decision sooner is early."""
    rules = load_rules(Regime.LAND_LAW_2024)
    st = _state({S.NOTIFIED: date(2024, 1, 1)})
    d = _one(deadlines(rules, cal, st, "H1", date(2024, 2, 1)), S.RECOVERY_DECIDED)
    assert (d.due, d.kind, d.state) == (date(2024, 4, 1), "min", "waiting")
    early = _state({S.NOTIFIED: date(2024, 1, 1), S.RECOVERY_DECIDED: date(2024, 3, 1)})
    ds = deadlines(rules, cal, early, "H1", date(2024, 3, 2))
    d2 = [x for x in ds if x.rule_id == "notice_agri"][0]
    assert (d2.state, d2.overdue_days) == ("early", 31)
    non_agri = deadlines(rules, cal, st, "H1", date(2024, 2, 1), land="non_agricultural")
    assert _one(non_agri, S.RECOVERY_DECIDED).due == date(2024, 7, 1)  # Sat 29/6 -> Mon


def test_posting_period_differs_by_regime(cal):
    """Posting lasts at least 30 days under Land Law 2024 and 20 days under 2013."""
    st = _state({S.POSTED: date(2022, 6, 1)})
    d24 = _one(
        deadlines(load_rules(Regime.LAND_LAW_2024), cal, st, "H", date(2022, 6, 2)), S.CONSULTED
    )
    d13 = _one(
        deadlines(load_rules(Regime.LAND_LAW_2013), cal, st, "H", date(2022, 6, 2)), S.CONSULTED
    )
    assert (d24.due, d13.due) == (date(2022, 7, 1), date(2022, 6, 21))
    after = _one(
        deadlines(load_rules(Regime.LAND_LAW_2013), cal, st, "H", date(2022, 6, 25)), S.CONSULTED
    )
    assert after.state == "ok"


def test_2013_payment_counts_from_recovery_decision(cal):
    """Under Land Law 2013 the 30-day payment limit runs from the recovery decision."""
    rules = load_rules(Regime.LAND_LAW_2013)
    st = _state({S.APPROVED: date(2022, 6, 1), S.RECOVERY_DECIDED: date(2022, 6, 5)})
    d = _one(deadlines(rules, cal, st, "H", date(2022, 6, 6)), S.PAID)
    assert d.due == date(2022, 7, 5)


def test_na_step_deadline_left_out(cal):
    """A payment deadline is not listed when payment is marked not applicable."""
    rules = load_rules(Regime.LAND_LAW_2024)
    st = _state({S.APPROVED: date(2024, 3, 1)}, na={S.PAID: "hiến đất"}, flags={Flag.DONATED})
    assert all(d.step != S.PAID for d in deadlines(rules, cal, st, "H", date(2024, 3, 2)))


def test_rules_file_with_wrong_step_order_rejected():
    """A rules file whose steps are out of workflow order is refused with UserError."""
    text = resources.files("tl342.core").joinpath("rules/land_law_2024.json").read_text("utf-8")
    data = json.loads(text)
    data["steps"][1], data["steps"][2] = data["steps"][2], data["steps"][1]
    with pytest.raises(UserError, match="workflow order"):
        parse_rules(data)
