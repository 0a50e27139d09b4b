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
    index = panel.table_model.index(0, 1)
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


def _click_header(qtbot, panel, column):
    from PySide6.QtCore import QPoint, Qt

    header = panel.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))


def test_header_click_sorts(qtbot, model):
    """A click on a column header sorts by it (names A→Z, again Z→A); status sorts by step."""
    from PySide6.QtCore import Qt

    from tl342.ui.households_panel import NAME, STATUS

    panel = _panel(qtbot, model)
    panel.resize(600, 400)
    panel.show()
    qtbot.waitExposed(panel)
    assert panel.visible_codes() == ["HGD001", "HGD002", "HGD003", "HGD004"]  # code order
    _click_header(qtbot, panel, NAME)
    assert panel.table.horizontalHeader().sortIndicatorSection() == NAME
    order = panel.table.horizontalHeader().sortIndicatorOrder()
    names = ["HGD004", "HGD003", "HGD001", "HGD002"]  # Hoàng, Lý, Nguyễn, Trần
    assert panel.visible_codes() == (names if order == Qt.SortOrder.AscendingOrder else names[::-1])
    _click_header(qtbot, panel, NAME)
    assert panel.visible_codes() == (names[::-1] if order == Qt.SortOrder.AscendingOrder else names)
    panel.table.sortByColumn(STATUS, Qt.SortOrder.DescendingOrder)
    assert panel.visible_codes() == ["HGD004", "HGD001", "HGD002", "HGD003"]


def test_sort_ties_keep_previous_order(qtbot, model):
    """Equal keys (two households with 9 000 m², two with 4 500 m²) keep the order they had."""
    from PySide6.QtCore import Qt

    from tl342.ui.households_panel import AREA, CODE

    panel = _panel(qtbot, model)
    panel.table.sortByColumn(AREA, Qt.SortOrder.AscendingOrder)
    assert panel.visible_codes() == ["HGD002", "HGD003", "HGD001", "HGD004"]
    panel.table.sortByColumn(CODE, Qt.SortOrder.DescendingOrder)
    panel.table.sortByColumn(AREA, Qt.SortOrder.DescendingOrder)
    assert panel.visible_codes() == ["HGD004", "HGD001", "HGD003", "HGD002"]


def test_filter_and_sort_together(qtbot, model):
    """Filters keep the chosen sort order, and clearing them brings every row back sorted."""
    from PySide6.QtCore import Qt

    from tl342.ui.households_panel import STATUS

    panel = _panel(qtbot, model)
    panel.table.sortByColumn(STATUS, Qt.SortOrder.DescendingOrder)
    panel.commune_box.setCurrentIndex(panel.commune_box.findData("Thanh Lâm"))
    assert panel.visible_codes() == ["HGD004", "HGD003"]
    assert panel.count_label.text().startswith("2")
    panel.commune_box.setCurrentIndex(0)
    assert panel.visible_codes() == ["HGD004", "HGD001", "HGD002", "HGD003"]
    panel.search.setText("thi")  # Trần Thị Mai, Hoàng Thị Lan
    assert panel.visible_codes() == ["HGD004", "HGD002"]
    panel.table.sortByColumn(STATUS, Qt.SortOrder.AscendingOrder)
    assert panel.visible_codes() == ["HGD002", "HGD004"]


def test_selection_survives_refilter_and_status_change(qtbot, model, today):
    """A filter change keeps the selected rows that stay shown; a status change keeps them all."""
    from tl342.ui.households_panel import CODE_ROLE

    panel = _panel(qtbot, model)

    def selected():
        return sorted(i.data(CODE_ROLE) for i in panel.table.selectionModel().selectedRows())

    model.select(["HGD001", "HGD002"])
    model.change_status(["HGD002"], Status.RECOVERY_DECIDED, today)
    assert selected() == ["HGD001", "HGD002"]
    assert model.selection == ["HGD001", "HGD002"]
    panel.search.setText("mai")
    assert panel.visible_codes() == ["HGD002"]
    assert selected() == ["HGD002"]


def test_overdue_filter_refreshed_after_status_change(qtbot, model):
    """With the overdue filter on, a household whose late step is reached leaves the list at
    once (no stale deadlines), and a change of "today" filters again by itself."""
    from datetime import date

    from tl342.ui.households_panel import FLAGS
    from tl342.ui.look import overdue_label

    panel = _panel(qtbot, model)
    panel.flag_boxes["overdue"].setChecked(True)
    model.set_today(date(2022, 1, 4))
    assert panel.visible_codes() == []
    model.set_today(date(2022, 2, 1))  # HGD002's recovery decision was due on 19/01
    assert panel.visible_codes() == ["HGD002"]
    row = panel.table_model.row_of("HGD002")
    assert overdue_label() in panel.table_model.index(row, FLAGS).data()
    model.change_status(["HGD002"], Status.RECOVERY_DECIDED, date(2022, 2, 1))
    assert panel.visible_codes() == []
    assert panel.count_label.text().startswith("0")
    panel.flag_boxes["overdue"].setChecked(False)
    row = panel.table_model.row_of("HGD002")
    assert overdue_label() not in panel.table_model.index(row, FLAGS).data()


def test_overdue_shared_with_dashboard(qtbot, model):
    """The list's overdue households are the dashboard's, and both use one computation."""
    from datetime import date

    from tl342.core import handover
    from tl342.ui.campaign_dashboard import CampaignDashboard
    from tl342.ui.households_panel import FLAGS
    from tl342.ui.look import overdue_label

    calls = []
    real = handover._deadlines_overview

    def counted(*args, **kwargs):
        calls.append(args[1])
        return real(*args, **kwargs)

    handover._deadlines_overview = counted
    try:
        model.set_today(date(2023, 12, 31))
        panel = _panel(qtbot, model)
        tm = panel.table_model
        listed = {c for c in panel.visible_codes() if overdue_label() in tm.flags_text(c)}
        dash = CampaignDashboard(model)
        qtbot.addWidget(dash)
    finally:
        handover._deadlines_overview = real
    assert listed and listed == {x.household for x in dash.data.overdue}
    assert calls == [date(2023, 12, 31)]
    assert overdue_label() in tm.index(tm.row_of(sorted(listed)[0]), FLAGS).data()


def test_gui_list_and_cli_list_find_the_same_households(qtbot, tmp_path, capsys):
    """For each search text the GUI list shows exactly the households `tl342 list --search` prints
    (parcel labels such as 21/15 included: one row builder, one filter)."""
    import json
    import shutil
    from pathlib import Path

    from tl342.cli import main
    from tl342.store.project import Project
    from tl342.ui.project_model import ProjectModel

    sample = tmp_path / "dt342.tl342"
    shutil.copyfile(Path(__file__).resolve().parents[2] / "sample_data" / "dt342.tl342", sample)
    queries = ["21/15", "21/1", "thanh", "lan", "dt-00", "khe man", "Lý Văn", "ĐẠP  thanh 20/", "xyz"]
    want = {}
    for q in queries:
        capsys.readouterr()
        assert main(["list", "households", str(sample), "--search", q, "--json"]) == 0
        want[q] = {r["code"] for r in json.loads(capsys.readouterr().out)}
    assert want["21/15"] and want["xyz"] == set() and len(want["thanh"]) > len(want["21/15"])
    with Project.open(sample) as project:
        panel = _panel(qtbot, ProjectModel(project))
        for q in queries:
            panel.search.setText(q)
            assert set(panel.visible_codes()) == want[q], q


def test_a_column_is_one_entry(qtbot, model, monkeypatch):
    """One more Column in COLUMNS is shown, titled, sortable and offered in the header menu."""
    from PySide6.QtCore import Qt

    from tl342.ui import households_panel as hp

    extra = hp.Column("Parcels", lambda m, r: ", ".join(r.parcels), lambda m, r: len(r.parcels), hidden=True)
    monkeypatch.setattr(hp, "COLUMNS", (*hp.COLUMNS, extra))
    panel = _panel(qtbot, model)
    col = len(hp.COLUMNS) - 1
    tm = panel.table_model
    assert tm.columnCount() == col + 1 and tm.headerData(col, Qt.Orientation.Horizontal) == "Parcels"
    assert panel.table.isColumnHidden(col)
    panel.table.sortByColumn(col, Qt.SortOrder.DescendingOrder)
    counts = [len(tm.data(tm.index(r, col)).split(", ")) for r in range(tm.rowCount())]
    assert counts == sorted(counts, reverse=True) and "/" in tm.data(tm.index(0, col))
