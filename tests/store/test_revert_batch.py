"""actions.revert_events: several undos in one transaction, all or none."""

from __future__ import annotations

from datetime import date

import pytest

from tl342.core.errors import UserError
from tl342.core.model import EventKind, Flag, Status
from tl342.store import actions

DAY = date(2022, 6, 10)


def _statuses(project) -> dict[str, Status]:
    snap = actions.load_snapshot(project)
    return {code: st.status for code, st in snap.states.items()}


def test_reverts_several_households_together(project):
    """Undoing a two-household change brings both back and returns one REVERT per household."""
    before = _statuses(project)
    changed = actions.change_status(project, ["HGD001"], Status.HANDED_OVER, DAY)
    changed += actions.change_status(project, ["HGD002"], Status.RECOVERY_DECIDED, DAY)
    results = actions.revert_events(project, [ev.id for ev, _ in reversed(changed)], DAY)
    assert [ev.kind for ev, _ in results] == [EventKind.REVERT, EventKind.REVERT]
    assert {ev.household_code for ev, _ in results} == {"HGD001", "HGD002"}
    assert _statuses(project) == before


def test_one_refusal_writes_nothing(project):
    """If one of the events cannot be undone, no revert at all is written and the error names it."""
    changed = actions.change_status(project, ["HGD001"], Status.HANDED_OVER, DAY)
    changed += actions.change_status(project, ["HGD002"], Status.RECOVERY_DECIDED, DAY)
    # HGD002 moves on, so its recovery decision is no longer its latest step and cannot be undone
    actions.change_status(project, ["HGD002"], Status.PAID, DAY)
    n_events = len(actions.history(project, "HGD001")) + len(actions.history(project, "HGD002"))
    with pytest.raises(UserError, match="HGD002"):
        actions.revert_events(project, [changed[0][0].id, changed[1][0].id], DAY)
    after = len(actions.history(project, "HGD001")) + len(actions.history(project, "HGD002"))
    assert after == n_events
    assert _statuses(project)["HGD001"] is Status.HANDED_OVER


def test_two_events_of_one_household_in_order(project):
    """A status change and a flag of the same household are undone together, latest first."""
    before = _statuses(project)["HGD001"]
    ((status_ev, _),) = actions.change_status(project, ["HGD001"], Status.HANDED_OVER, DAY)
    flag_ev, _ = actions.set_flag(project, "HGD001", Flag.COMPLAINT, True, DAY)
    results = actions.revert_events(project, [flag_ev.id, status_ev.id], DAY)
    state = results[-1][1]
    assert state.status is before
    assert Flag.COMPLAINT not in state.flags


def test_unknown_event_is_refused(project):
    """An event id that does not exist is refused with a clear message."""
    with pytest.raises(UserError, match="no event with id 999999"):
        actions.revert_events(project, [999999], DAY)
