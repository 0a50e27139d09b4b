"""A clerk's day (issue 15): selection leads the map, identify, forgiving input, history, workspace."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPointF, QSettings, Qt
from PySide6.QtGui import QColor, QMouseEvent

from tl342.core.model import Status
from tl342.ui.households_panel import CODE, FLAGS, NAME, HouseholdsPanel
from tl342.ui.map_canvas import FOLLOW_MIN_PX, PIN_COLOR, MapCanvas

X0, Y0 = 440_000.0, 2_350_000.0


def _pane(qtbot, model):
    """The households list and the map side by side, as in the window."""
    panel = HouseholdsPanel(model)
    canvas = MapCanvas(model)
    for w in (panel, canvas):
        qtbot.addWidget(w)
    panel.resize(420, 600)
    canvas.resize(800, 600)
    panel.show()
    canvas.show()
    canvas.zoom_to_full()
    return panel, canvas


def _centre_of(canvas, code):
    b = canvas.household_bounds(code)
    return (b[0] + b[2]) / 2, (b[1] + b[3]) / 2


def _window(qtbot, model, tmp_path, name="window.ini"):
    from tl342.ui.main_window import MainWindow

    w = MainWindow(model, QSettings(str(tmp_path / name), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    return w


# -- 2. selection leads ------------------------------------------------------------------------
def test_arrow_keys_move_the_map(qtbot, model):
    """Down arrow in the list selects the next household and the map centres on it, same scale."""
    panel, canvas = _pane(qtbot, model)
    scale = canvas.viewport.m_per_px
    table = panel.table
    table.setFocus()
    table.setCurrentIndex(panel.table_model.index(0, CODE))
    first = panel.table_model.code_at(0)
    assert model.selection == [first]
    qtbot.keyClick(table, Qt.Key.Key_Down)
    second = panel.table_model.code_at(1)
    assert model.selection == [second]
    cx, cy = _centre_of(canvas, second)
    assert (canvas.viewport.cx, canvas.viewport.cy) == pytest.approx((cx, cy))
    assert canvas.viewport.m_per_px == pytest.approx(scale)  # big enough: the scale stays


def test_follow_zooms_in_when_the_household_would_be_a_speck(qtbot, model):
    """Far zoomed out, selecting a household zooms in until it is clearly visible."""
    panel, canvas = _pane(qtbot, model)
    canvas.viewport.m_per_px = 200.0  # the household would be under a pixel
    model.select(["HGD002"])
    b = canvas.household_bounds("HGD002")
    size_px = max(b[2] - b[0], b[3] - b[1]) / canvas.viewport.m_per_px
    assert size_px >= FOLLOW_MIN_PX
    assert size_px <= 0.8 * min(canvas.width(), canvas.height())


def test_enter_in_search_selects_the_first_hit(qtbot, model):
    """Typing a name and Enter selects the first household listed; the map goes there."""
    panel, canvas = _pane(qtbot, model)
    panel.search.setText("mai")
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    assert model.selection == ["HGD002"]
    assert (canvas.viewport.cx, canvas.viewport.cy) == pytest.approx(_centre_of(canvas, "HGD002"))


def test_enter_on_a_row_shows_the_household(qtbot, model):
    """Enter on a row asks to show that household (the map zooms to it)."""
    panel, canvas = _pane(qtbot, model)
    panel.table.setFocus()
    panel.table.setCurrentIndex(panel.table_model.index(2, CODE))
    code = panel.table_model.code_at(2)
    with qtbot.waitSignal(model.focusRequested, timeout=1000) as sig:
        qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert sig.args == [code]


def test_f2_with_a_filtered_out_selection_acts_on_nothing(qtbot, model, tmp_path, monkeypatch):
    """Select HGD003, filter it away: F2 opens no status dialog and says to select first."""
    from tl342.ui import status_dialog

    opened = []
    monkeypatch.setattr(status_dialog.StatusDialog, "exec", lambda self: opened.append(self.codes))
    w = _window(qtbot, model, tmp_path)
    model.select(["HGD003"])
    w.households.search.setText("mai")  # HGD003 (Lý Văn Sáng) is hidden
    assert "HGD003" not in w.households.visible_codes()
    assert model.selection == []
    w.actions_by_name["status"].trigger()
    assert opened == []
    assert w.details.title.text() == w.details.tr("No household selected")


def test_selection_made_on_the_map_clears_a_hiding_filter(qtbot, model):
    """A household chosen on the map but hidden by the filters: filters cleared, with a notice."""
    panel, _canvas = _pane(qtbot, model)
    panel.search.setText("mai")
    with qtbot.waitSignal(panel.notice, timeout=1000) as sig:
        model.select(["HGD004"])
    assert "HGD004" in sig.args[0]
    assert panel.search.text() == "" and "HGD004" in panel.visible_codes()
    assert model.selection == ["HGD004"]


def test_show_in_the_list_clears_the_filter(qtbot, model, tmp_path):
    """ "Show in the list" for a filtered-out household clears the filter and selects its row."""
    from tl342.ui.households_panel import CODE_ROLE

    w = _window(qtbot, model, tmp_path)
    w.households.flag_boxes["complaint"].setChecked(True)  # only HGD003 left
    w.show_in_list("HGD001")
    assert "HGD001" in w.households.visible_codes()
    rows = w.households.table.selectionModel().selectedRows()
    assert [i.data(CODE_ROLE) for i in rows] == ["HGD001"]
    assert "HGD001" in w.statusBar().currentMessage()


def test_double_click_on_a_ready_stretch_shows_all_of_it(qtbot, model):
    """Double-clicking a ready stretch fits the whole stretch, not just its start."""
    from tl342.ui.campaign_dashboard import CampaignDashboard

    dash = CampaignDashboard(model)
    qtbot.addWidget(dash)
    _panel, canvas = _pane(qtbot, model)
    assert dash.ready.rowCount() >= 1
    stretch = dash.data.ready_stretches[0]
    with qtbot.waitSignal(model.stretchRequested, timeout=1000) as sig:
        dash.ready.cellDoubleClicked.emit(0, 0)
    d0, d1 = sig.args
    assert d1 - d0 == pytest.approx(stretch.length_m)
    left, _ = canvas.viewport.to_world(0, canvas.height() / 2)
    right, _ = canvas.viewport.to_world(canvas.width(), canvas.height() / 2)
    assert left <= X0 + d0 and right >= X0 + d1  # the road runs along x from X0
    assert right - left <= 3 * (d1 - d0) + 200  # and not the whole route


def test_pin_marks_the_selection_at_full_route_zoom(qtbot, model):
    """At full-route zoom the selected household carries a red pin drawn over the map."""
    _panel, canvas = _pane(qtbot, model)
    model.select(["HGD001"])
    canvas.zoom_to_full()
    image = canvas.grab().toImage()
    tip = canvas.viewport.to_device(*canvas.pin_point("HGD001"))
    head = QPointF(tip.x(), tip.y() - 2.4 * 9 - 6)  # in the pin's head, off its white dot
    ratio = image.devicePixelRatio()
    colour = QColor(image.pixel(round(head.x() * ratio), round(head.y() * ratio)))
    assert colour == QColor(PIN_COLOR)


# -- 3. identify -----------------------------------------------------------------------------
def _move(canvas, pos):
    ev = QMouseEvent(
        QMouseEvent.Type.MouseMove,
        pos,
        canvas.mapToGlobal(pos),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    canvas.mouseMoveEvent(ev)


def test_hover_tooltip_names_the_parcel(qtbot, model):
    """Hovering a parcel tells its sheet/parcel, land use, area, holder and status."""
    _panel, canvas = _pane(qtbot, model)
    p = model.snapshot.parcels_of("HGD002")[0]
    c = p.geometry.representative_point()
    _move(canvas, canvas.viewport.to_device(c.x, c.y))
    text = canvas.hover_text
    assert f"{p.sheet}" in text and p.number in text and p.land_use in text
    assert "HGD002" in text and "Trần Thị Mai" in text
    from tl342.ui.look import status_label

    assert status_label(model.snapshot.state_of("HGD002").status) in text
    _move(canvas, QPointF(2, 2))  # off every parcel
    assert canvas.hover_text == ""


def test_click_on_a_parcel_nobody_holds_shows_its_details(qtbot, model, project, tmp_path):
    """A parcel held by no household still shows its details when clicked."""
    from shapely.geometry import box

    from tl342.core.model import Parcel
    from tl342.store import repo
    from tl342.ui.details_panel import DetailsPanel

    with project.session() as s:
        boundary = repo.load_areas(s, "boundary")["GPMB"]
        repo.upsert_parcels(
            s,
            [Parcel("Đạp Thanh", "12", "999", "BHK", box(X0 + 1050, Y0 + 20, X0 + 1150, Y0 + 60))],
            boundary,
        )
    model.reload()
    _panel, canvas = _pane(qtbot, model)
    details = DetailsPanel(model)
    qtbot.addWidget(details)
    pos = canvas.viewport.to_device(X0 + 1100, Y0 + 50)
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=pos.toPoint())
    assert model.selection == []
    assert "999" in details.title.text()
    assert details.parcels.rowCount() == 1 and details.parcels.item(0, 1).text() == "BHK"


def test_legend_counts_and_view_menu_toggle(qtbot, model, tmp_path):
    """The map legend counts households per status; View → Legend hides it and is remembered."""
    w = _window(qtbot, model, tmp_path)
    rows = w.canvas.legend_rows()
    counts = {}
    for st in model.snapshot.states.values():
        counts[st.status] = counts.get(st.status, 0) + 1
    assert sum(n for _c, _name, n in rows) == len(model.snapshot.households)
    assert len(rows) == len(counts)
    assert w.canvas.show_legend
    w.legend_action.setChecked(False)
    assert not w.canvas.show_legend
    w2 = _window(qtbot, model, tmp_path)
    assert not w2.canvas.show_legend and not w2.legend_action.isChecked()


# -- 4. input that forgives -------------------------------------------------------------------
def test_bare_number_in_chainage_field_means_km(qtbot, model):
    """ "41" in the from-field filters from Km41+000 and shows the parsed value."""
    panel = HouseholdsPanel(model)
    qtbot.addWidget(panel)
    panel.from_edit.setText("41")
    panel._apply_filters()
    assert sorted(panel.visible_codes()) == ["HGD003", "HGD004"]
    assert "Km41+000" in panel.filter_error.text()
    panel.from_edit.setText("40+260")
    panel.to_edit.setText("Km40+600")
    panel._apply_filters()
    assert sorted(panel.visible_codes()) == ["HGD001", "HGD002"]


def test_chainage_error_wraps_without_widening_the_panel(qtbot, model):
    """A long refusal wraps under the field; the panel asks for no more width than before."""
    panel = HouseholdsPanel(model)
    qtbot.addWidget(panel)
    panel.resize(420, 600)
    panel.show()
    before = panel.minimumSizeHint().width()
    panel.from_edit.setText("Km40+1200 " + "x" * 200)
    panel._apply_filters()
    assert not panel.filter_error.isHidden() and panel.filter_error.wordWrap()
    assert panel.minimumSizeHint().width() <= before
    assert panel.width() == 420


def test_dashboard_date_can_be_typed(qtbot, model):
    """dd/mm/yyyy typed in the dashboard's date field moves "today"."""
    from tl342.ui.campaign_dashboard import CampaignDashboard

    dash = CampaignDashboard(model)
    qtbot.addWidget(dash)
    dash.show()
    edit = dash.today_edit
    edit.setFocus()
    edit.lineEdit().selectAll()
    qtbot.keyClicks(edit, "12/06/2022")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert model.today == date(2022, 6, 12)


# -- 5. history that reads ----------------------------------------------------------------------
def test_history_columns_undo_struck_and_status_bar(qtbot, model, tmp_path, today):
    """History starts with date, step, document, signer; an undone step is struck through and
    the change and its undo each leave a status-bar message."""
    w = _window(qtbot, model, tmp_path)
    h = w.details.history
    heads = [h.horizontalHeaderItem(c).text() for c in range(h.columnCount())]
    assert heads[:4] == [w.details.tr(t) for t in ("Date", "Change", "Doc no.", "By")]
    model.select(["HGD002"])
    model.change_status(["HGD002"], Status.RECOVERY_DECIDED, today, doc_no="QĐ 12/UBND")
    saved = w.statusBar().currentMessage()
    assert "HGD002" in saved
    assert h.item(0, 2).text() == "QĐ 12/UBND"
    QSettings().setValue("status/by", "Lan")
    model.undo_stack.undo()
    undone_msg = w.statusBar().currentMessage()
    assert "HGD002" in undone_msg and undone_msg != saved
    undone = next(r for r in range(h.rowCount()) if h.item(r, 2).text() == "QĐ 12/UBND")
    assert h.item(undone, 1).font().strikeOut()
    assert "Lan" in h.item(undone, 4).text()
    assert h.item(0, 1).text() != h.item(undone, 1).text() and not h.item(0, 1).font().strikeOut()


# -- 6. remembered workspace ---------------------------------------------------------------------
def test_workspace_survives_a_restart(qtbot, model, tmp_path, project):
    """Sort, columns, map view, selection, dashboard tab and date come back in a new window."""
    from tl342.ui.project_model import ProjectModel

    w = _window(qtbot, model, tmp_path)
    w.households.table.sortByColumn(NAME, Qt.SortOrder.DescendingOrder)
    w.households.table.setColumnHidden(FLAGS, True)
    model.select(["HGD002"])
    vp = w.canvas.viewport
    vp.cx, vp.cy, vp.m_per_px = X0 + 700.0, Y0 + 5.0, 0.75
    w.campaign.tabs.setCurrentIndex(2)
    model.set_today(date(2022, 6, 12))
    w.close()

    again = ProjectModel(project)
    w2 = _window(qtbot, again, tmp_path)
    w2.show()
    t = w2.households.table_model
    assert (t.sort_column, t.sort_order) == (NAME, Qt.SortOrder.DescendingOrder)
    assert w2.households.table.isColumnHidden(FLAGS)
    assert again.selection == ["HGD002"]
    v2 = w2.canvas.viewport
    assert (v2.cx, v2.cy, v2.m_per_px) == pytest.approx((X0 + 700.0, Y0 + 5.0, 0.75))
    assert w2.campaign.tabs.currentIndex() == 2
    assert again.today == date(2022, 6, 12)


# -- 7. the rest -----------------------------------------------------------------------------------
def test_two_filters_matching_nobody_show_a_hint(qtbot, model):
    """Donated and complaint together match nobody: the empty list says so and offers a way out."""
    panel = HouseholdsPanel(model)
    qtbot.addWidget(panel)
    panel.show()
    panel.flag_boxes["donated"].setChecked(True)
    panel.flag_boxes["complaint"].setChecked(True)
    assert panel.visible_codes() == []
    assert panel.empty_hint.isVisible()
    panel.empty_hint.linkActivated.emit("clear")
    assert len(panel.visible_codes()) == 4 and not panel.empty_hint.isVisible()


def test_last_day_does_not_ask_for_a_daily_pace(qtbot, model):
    """On the target day with households left, the dashboard says the target is missed."""
    from tl342.ui.campaign_dashboard import CampaignDashboard

    dash = CampaignDashboard(model)
    qtbot.addWidget(dash)
    model.set_today(date(2022, 6, 15))  # day 15 = the target day
    assert dash.data.days_left_to_target == 0 and dash.data.required_by == "target"
    text = dash.pace_label.text()
    assert "a day" not in text and "missed" in text


def test_status_reasons_use_the_chip_names(qtbot, model):
    """Why a step cannot be chosen names steps as the status chips do."""
    from tl342.ui.look import status_label
    from tl342.ui.status_dialog import target_reasons

    reasons = target_reasons(model, ["HGD003"])  # pending
    quoted = [r for r in reasons.values() if "'" in r]
    assert quoted
    chips = {status_label(s) for s in Status}
    for r in quoted:
        names = r.split("'")[1::2]
        assert all(n in chips for n in names), r


def test_overdue_is_never_cut_off_by_a_long_flag(qtbot, model, today):
    """A donated, overdue household shows "Overdue" first in the flags column, the rest in the tooltip."""
    from tl342.core.model import Flag
    from tl342.ui.look import flag_label, overdue_label

    panel = HouseholdsPanel(model)
    qtbot.addWidget(panel)
    overdue = sorted(panel.table_model.overdue)
    assert overdue
    code = overdue[0]
    model.set_flag(code, Flag.DONATED, True, today)
    row = panel.table_model.row_of(code)
    cell = panel.table_model.index(row, FLAGS)
    assert cell.data().startswith(overdue_label())
    assert flag_label(Flag.DONATED) in cell.data(Qt.ItemDataRole.ToolTipRole)


def test_chainage_field_reading():
    """A bare number is kilometres (below 1000), otherwise the usual chainage forms; junk is refused."""
    from tl342.core.errors import UserError
    from tl342.ui.look import parse_km_field

    assert parse_km_field("45") == 45_000.0
    assert parse_km_field(" 45,5 ") == 45_500.0
    assert parse_km_field("45+200") == 45_200.0
    assert parse_km_field("Km45+200") == 45_200.0
    assert parse_km_field("45200") == 45_200.0  # a number of metres stays metres
    with pytest.raises(UserError):
        parse_km_field("Km45+abc")


def test_typed_date_in_the_status_dialog_field(qtbot):
    """The shared date field takes 1/2/2023 typed whole and keeps a half-typed date from sticking."""
    from tl342.ui.status_dialog import date_edit

    edit = date_edit(date(2022, 6, 10))
    qtbot.addWidget(edit)
    edit.show()
    edit.setFocus()
    edit.lineEdit().selectAll()
    qtbot.keyClicks(edit, "1/2/2023")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert edit.date().toPython() == date(2023, 2, 1)
    edit.lineEdit().selectAll()
    qtbot.keyClicks(edit, "31/02/2023")  # no such day
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert edit.date().toPython() == date(2023, 2, 1)
