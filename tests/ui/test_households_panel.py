"""The households list: search, filters, selection sync, row refresh."""

from __future__ import annotations

from tl342.core.model import Status
from tl342.ui.households_panel import HouseholdsPanel


def _panel(qtbot, model):
    panel = HouseholdsPanel(model)
    qtbot.addWidget(panel)
    return panel


def test_lists_every_household(qtbot, model):
    """Every household of the project is a row, with its count shown."""
    panel = _panel(qtbot, model)
    assert sorted(panel.visible_codes()) == ["HGD001", "HGD002", "HGD003", "HGD004"]
    assert panel.count_label.text().startswith("4")


def test_search_ignores_diacritics(qtbot, model):
    """Search "nguyen van hung" finds Nguyễn Văn Hùng; "thac cha" finds the Thác Chạ village."""
    panel = _panel(qtbot, model)
    panel.search.setText("nguyen van hung")
    assert panel.visible_codes() == ["HGD001"]
    panel.search.setText("thac cha")
    assert sorted(panel.visible_codes()) == ["HGD003", "HGD004"]


def test_commune_filter(qtbot, model):
    """Choosing Thanh Lâm keeps only its households."""
    panel = _panel(qtbot, model)
    panel.commune_box.setCurrentIndex(panel.commune_box.findData("Thanh Lâm"))
    assert sorted(panel.visible_codes()) == ["HGD003", "HGD004"]


def test_status_and_flag_filters(qtbot, model):
    """The status filter and the donated/complaint boxes narrow the list."""
    panel = _panel(qtbot, model)
    panel.status_box.setCurrentIndex(panel.status_box.findData(Status.PAID.value))
    assert panel.visible_codes() == ["HGD001"]
    panel.status_box.setCurrentIndex(0)
    panel.flag_boxes["complaint"].setChecked(True)
    assert panel.visible_codes() == ["HGD003"]
    panel.flag_boxes["complaint"].setChecked(False)
    panel.flag_boxes["donated"].setChecked(True)
    assert panel.visible_codes() == ["HGD004"]


def test_chainage_range_filter(qtbot, model):
    """Km40+260..Km40+600 overlaps the land of HGD001 (slot 1) and HGD002 (slot 2) only."""
    panel = _panel(qtbot, model)
    panel.from_edit.setText("Km40+260")
    panel.to_edit.setText("Km40+600")
    panel._apply_filters()
    assert sorted(panel.visible_codes()) == ["HGD001", "HGD002"]
    panel.from_edit.setText("Km41+300")
    panel.to_edit.setText("")
    panel._apply_filters()
    assert sorted(panel.visible_codes()) == ["HGD003", "HGD004"]


def test_bad_chainage_is_shown_not_raised(qtbot, model):
    """A chainage the parser refuses shows its message and filters nothing."""
    panel = _panel(qtbot, model)
    panel.from_edit.setText("Km40+1200")
    panel._apply_filters()
    assert not panel.filter_error.isHidden()
    assert "1000" in panel.filter_error.text()
    assert len(panel.visible_codes()) == 4


def test_overdue_filter_follows_today(qtbot, model):
    """Overdue households depend on "today": none before the deadlines, some long after."""
    from datetime import date

    panel = _panel(qtbot, model)
    panel.flag_boxes["overdue"].setChecked(True)
    model.set_today(date(2022, 1, 4))
    panel._apply_filters()
    assert panel.visible_codes() == []
    model.set_today(date(2023, 12, 31))
    panel._apply_filters()
    assert "HGD002" in panel.visible_codes()


def test_table_selection_selects_in_model(qtbot, model):
    """Selecting rows in the table sets the project's selection (multi-selection too)."""
    panel = _panel(qtbot, model)
    with qtbot.waitSignal(model.selectionChanged):
        panel.table.selectRow(0)
    assert model.selection == [panel.visible_codes()[0]]


def test_model_selection_selects_rows(qtbot, model):
    """A selection made elsewhere (the map) selects the matching rows."""
    panel = _panel(qtbot, model)
    model.select(["HGD002", "HGD004"])
    from tl342.ui.households_panel import CODE_ROLE

    rows = panel.table.selectionModel().selectedRows()
    assert sorted(i.data(CODE_ROLE) for i in rows) == ["HGD002", "HGD004"]


def test_double_click_focuses(qtbot, model):
    """Double-clicking a row asks the map to show that household."""
    panel = _panel(qtbot, model)
    index = panel.proxy.index(0, 1)
    with qtbot.waitSignal(model.focusRequested) as sig:
        panel.table.doubleClicked.emit(index)
    assert sig.args == [panel.visible_codes()[0]]


def test_changed_household_row_updates(qtbot, model, today):
    """After a status change the row shows the new status label."""
    from tl342.ui.households_panel import STATUS
    from tl342.ui.look import status_label

    panel = _panel(qtbot, model)
    model.change_status(["HGD001"], Status.HANDED_OVER, today)
    row = panel.table_model.row_of("HGD001")
    assert panel.table_model.index(row, STATUS).data() == status_label(Status.HANDED_OVER)
