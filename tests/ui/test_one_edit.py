"""One dialog OK is one edit in the file: its status and flags are saved, undone and redone
in one transaction (whole or not at all, also when the app is killed half-way)."""

from __future__ import annotations

import sqlite3

from tl342.core.errors import UserError
from tl342.core.model import Flag, Status
from tl342.store import actions
from tl342.ui.status_dialog import StatusDialog


def _events(path) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute("select count(*) from event").fetchone()[0]
    finally:
        con.close()


def _status_and_flag(qtbot, model):
    dlg = StatusDialog(model, ["HGD001"])
    qtbot.addWidget(dlg)
    assert dlg.select_status(Status.HANDED_OVER)
    dlg.flag_boxes[Flag.COMPLAINT].setChecked(True)
    return dlg


def test_flag_refused_after_the_status_keeps_nothing(qtbot, model, project_file, monkeypatch):
    """The flag write fails after the status was written: the file, the map's state and the
    undo stack are as before the OK ("Nothing was saved." is true)."""
    before = _events(project_file)

    def refused(*_a, **_k):
        raise UserError("the disk is full; free some space, then try again")

    monkeypatch.setattr(actions, "set_flag", refused)
    dlg = _status_and_flag(qtbot, model)
    dlg.accept()
    assert dlg.result() != dlg.DialogCode.Accepted
    assert _events(project_file) == before
    state = model.snapshot.states["HGD001"]
    assert state.status is Status.PAID and Flag.COMPLAINT not in state.flags
    assert model.undo_stack.count() == 0


def test_undo_of_status_and_flag_is_one_transaction(qtbot, model, project_file, monkeypatch):
    """Ctrl+Z of a status-and-flag edit: no revert is in the file until both are written."""
    _status_and_flag(qtbot, model).accept()
    before = _events(project_file)
    real = actions.revert_events
    seen = []

    def revert(*a, **k):
        seen.append(_events(project_file))  # what a kill at this moment would leave
        return real(*a, **k)

    monkeypatch.setattr(actions, "revert_events", revert)
    model.undo_stack.undo()
    assert seen == [before, before]  # the first revert was not committed before the second
    assert _events(project_file) == before + 2
    state = model.snapshot.states["HGD001"]
    assert state.status is Status.PAID and Flag.COMPLAINT not in state.flags


def test_redo_of_status_and_flag_writes_both(qtbot, model, project_file):
    """Redo after undo re-applies the status and the flag, one undo step again."""
    _status_and_flag(qtbot, model).accept()
    model.undo_stack.undo()
    before = _events(project_file)
    model.undo_stack.redo()
    assert _events(project_file) == before + 2
    state = model.snapshot.states["HGD001"]
    assert state.status is Status.HANDED_OVER and Flag.COMPLAINT in state.flags
    assert model.undo_stack.count() == 1 and model.undo_stack.canUndo()
