"""The status dialog offers only allowed steps, writes all-or-none and is undoable."""

from __future__ import annotations

from datetime import date

from tl342.core.model import Flag, Status
from tl342.ui.status_dialog import StatusDialog, to_qdate


def _dialog(qtbot, model, codes):
    dlg = StatusDialog(model, codes)
    qtbot.addWidget(dlg)
    return dlg


def test_forbidden_target_disabled_with_reason(qtbot, model):
    """From "pending", handing over is disabled and the reason says which step is missing."""
    dlg = _dialog(qtbot, model, ["HGD003"])
    assert dlg.is_enabled(Status.NOTIFIED)
    assert not dlg.is_enabled(Status.HANDED_OVER)
    assert dlg.reasons[Status.HANDED_OVER]
    row = dlg.target.findData(Status.HANDED_OVER.value)
    item = dlg.target.model().item(row)
    assert item.toolTip() == dlg.reasons[Status.HANDED_OVER]
    assert dlg.reasons[Status.HANDED_OVER] in item.text()
    assert not dlg.select_status(Status.HANDED_OVER)


def test_default_is_next_step(qtbot, model):
    """The dialog proposes the next allowed step."""
    dlg = _dialog(qtbot, model, ["HGD001"])
    assert dlg.chosen_status() is Status.HANDED_OVER


def test_multi_selection_allows_only_common_targets(qtbot, model):
    """For paid + pending households no step is allowed for both; reasons name the household."""
    dlg = _dialog(qtbot, model, ["HGD001", "HGD003"])
    assert not dlg.is_enabled(Status.HANDED_OVER)
    assert dlg.reasons[Status.HANDED_OVER].startswith("HGD003: ")
    assert dlg.chosen_status() is None


def test_ok_changes_status_and_remembers_by(qtbot, model, today):
    """OK writes the change with who/note/document; the "by" name is remembered."""
    dlg = _dialog(qtbot, model, ["HGD001"])
    dlg.select_status(Status.HANDED_OVER)
    dlg.by.setText("Nguyễn Thị Thu")
    dlg.doc_no.setText("05/BB-GPMB")
    dlg.accept()
    assert dlg.result() == dlg.DialogCode.Accepted
    state = model.snapshot.states["HGD001"]
    assert state.status is Status.HANDED_OVER
    ev = model.snapshot.events["HGD001"][-1]
    assert (ev.by, ev.doc_no, ev.doc_date, ev.at) == ("Nguyễn Thị Thu", "05/BB-GPMB", today, today)
    assert _dialog(qtbot, model, ["HGD002"]).by.text() == "Nguyễn Thị Thu"


def test_refused_change_shows_error_and_changes_nothing(qtbot, model):
    """A date before the current step is refused: message box, dialog stays, nothing saved."""
    from PySide6.QtWidgets import QMessageBox

    dlg = _dialog(qtbot, model, ["HGD001"])
    dlg.select_status(Status.HANDED_OVER)
    dlg.date.setDate(to_qdate(date(2021, 12, 1)))
    n_events = len(model.snapshot.events["HGD001"])
    dlg.accept()
    assert dlg.result() != dlg.DialogCode.Accepted
    box = dlg.findChild(QMessageBox, "status_error")
    assert box is not None and "2021" in box.text()
    assert model.snapshot.states["HGD001"].status is Status.PAID
    assert len(model.snapshot.events["HGD001"]) == n_events
    assert model.undo_stack.count() == 0


def test_all_or_none_for_several(qtbot, model, today):
    """Two households, one refused (date before its last step): neither moves."""
    model.change_status(["HGD002"], Status.RECOVERY_DECIDED, today)
    model.change_status(["HGD002"], Status.PAID, today)
    dlg = _dialog(qtbot, model, ["HGD001", "HGD002"])
    assert dlg.select_status(Status.HANDED_OVER)
    dlg.date.setDate(to_qdate(date(2022, 3, 1)))  # after HGD001's payment, before HGD002's
    dlg.accept()
    assert dlg.result() != dlg.DialogCode.Accepted
    assert model.snapshot.states["HGD001"].status is Status.PAID
    assert model.snapshot.states["HGD002"].status is Status.PAID
    dlg.date.setDate(to_qdate(today))
    dlg.accept()
    assert {model.snapshot.states[c].status for c in ("HGD001", "HGD002")} == {Status.HANDED_OVER}
    model.undo_stack.undo()
    assert {model.snapshot.states[c].status for c in ("HGD001", "HGD002")} == {Status.PAID}


def test_flags_with_status_are_one_undo_step(qtbot, model):
    """Setting a flag together with a status change undoes in one step."""
    dlg = _dialog(qtbot, model, ["HGD001"])
    dlg.select_status(Status.HANDED_OVER)
    dlg.flag_boxes[Flag.COMPLAINT].setChecked(True)
    dlg.accept()
    state = model.snapshot.states["HGD001"]
    assert state.status is Status.HANDED_OVER and Flag.COMPLAINT in state.flags
    assert model.undo_stack.count() == 1
    model.undo_stack.undo()
    state = model.snapshot.states["HGD001"]
    assert state.status is Status.PAID and Flag.COMPLAINT not in state.flags


def test_flag_only_change(qtbot, model):
    """Clearing a flag without a status change is allowed and only touches that flag."""
    dlg = _dialog(qtbot, model, ["HGD003"])
    dlg.target.setCurrentIndex(0)  # keep the status
    dlg.flag_boxes[Flag.COMPLAINT].setChecked(False)
    dlg.accept()
    state = model.snapshot.states["HGD003"]
    assert Flag.COMPLAINT not in state.flags and state.status is Status.PENDING


def test_undo_text_names_household_and_status(qtbot, model, today):
    """The Edit menu's undo entry says what it will undo in words, not enum values."""
    from tl342.ui.look import status_label

    model.change_status(["HGD001"], Status.HANDED_OVER, today)
    assert model.undo_stack.undoText() == f"HGD001 → {status_label(Status.HANDED_OVER)}"


def test_treasury_deposit_offered_for_payment_and_shown(qtbot, model):
    """The Treasury deposit (Gửi Kho bạc) is offered only for the payment step; it is recorded and
    the details panel shows it apart from money paid."""
    from tl342.ui.details_panel import DetailsPanel

    model.change_status(["HGD002"], Status.RECOVERY_DECIDED, model.today)
    dlg = _dialog(qtbot, model, ["HGD002"])
    assert dlg.select_status(Status.PAID)
    assert dlg.deposited.isEnabled() and not dlg.effective.isEnabled()
    dlg.deposited.setChecked(True)
    dlg.doc_no.setText("88/KBNN")
    dlg.apply()
    assert model.snapshot.states["HGD002"].deposited
    panel = DetailsPanel(model)
    qtbot.addWidget(panel)
    panel.show_codes(["HGD002"])
    assert "Treasury deposit (1)" in panel.amount_labels["paid"].text()
    assert "(Treasury deposit)" in panel.describe(model.snapshot.events["HGD002"][-1])


def test_effective_date_offered_for_decisions(qtbot, model):
    """The effective date is offered for the approval and recovery decision and recorded."""
    dlg = _dialog(qtbot, model, ["HGD002"])
    assert dlg.select_status(Status.RECOVERY_DECIDED)
    assert dlg.effective.isEnabled() and not dlg.deposited.isEnabled()
    dlg.effective.setChecked(True)
    dlg.effective_date.setDate(to_qdate(date(2022, 6, 20)))
    dlg.apply()
    assert model.snapshot.states["HGD002"].effective_on[Status.RECOVERY_DECIDED] == date(
        2022, 6, 20
    )


def test_enforcement_decision_goes_on_the_flag(qtbot, model):
    """Ticking enforcement with a document number and no status change records the decision."""
    dlg = _dialog(qtbot, model, ["HGD002"])
    dlg.target.setCurrentIndex(0)  # keep the status
    dlg.flag_boxes[Flag.ENFORCEMENT].setChecked(True)
    dlg.doc_no.setText("12/QĐ-CC")
    dlg.apply()
    assert model.snapshot.states["HGD002"].flag_docs[Flag.ENFORCEMENT][0] == "12/QĐ-CC"


def test_households_list_marks_treasury_deposit(qtbot, model):
    """The households list shows a deposited household's payment as a Treasury deposit."""
    from tl342.ui.households_panel import HouseholdTableModel

    model.change_status(["HGD002"], Status.RECOVERY_DECIDED, model.today)
    table = HouseholdTableModel(model)
    assert "Treasury deposit" not in table.flags_text("HGD002")
    model.change_status(["HGD002"], Status.PAID, model.today, doc_no="1/KB", deposited=True)
    assert "Treasury deposit" in table.flags_text("HGD002")
    assert "Treasury deposit" not in table.flags_text("HGD001")  # paid in hand


def test_details_show_the_donation_record(qtbot, model):
    """A donation recorded (land and trees, with its document) appears in the details panel."""
    from datetime import date as _date

    from tl342.store import actions
    from tl342.ui.details_panel import DetailsPanel

    actions.record_donation(
        model.project,
        "HGD002",
        land_m2=100.0,
        value_vnd=2_500_000,
        doc_no="7/BB-HĐ",
        doc_date=_date(2022, 6, 9),
    )
    from tl342.ui.look import set_ui_language, ui_language

    model.reload()
    panel = DetailsPanel(model)
    qtbot.addWidget(panel)
    before = ui_language()
    set_ui_language("vi")
    try:
        panel.show_codes(["HGD002"])
    finally:
        set_ui_language(before)
    text = panel.amount_labels["donated"].text()
    assert "đất 100,0 m²" in text and "2.500.000 đồng" in text and "7/BB-HĐ, 09/06/2022" in text
