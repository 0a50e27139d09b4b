"""Usability pass: opening date of a past campaign, default layout, all-or-none undo, strip
clicks by true distance, Vietnamese texts, households table at 1366 px."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QByteArray, QPoint, QRectF, QSettings, Qt

from tl342.core.model import EventKind, Flag, Status
from tl342.render.strip import strip_layout, strip_x
from tl342.store import actions
from tl342.ui.campaign_dashboard import CampaignDashboard
from tl342.ui.households_panel import FLAGS, STATUS, HouseholdsPanel
from tl342.ui.main_window import LAYOUT_VERSION, MainWindow
from tl342.ui.project_model import ProjectModel, initial_today

X0, Y0 = 440_000.0, 2_350_000.0  # the synthetic road's start (tests/conftest.py)


@pytest.fixture
def sample(tmp_path):
    """The bundled sample project (campaign of November 2022), open."""
    from tl342.store.project import Project
    from tl342.store.sample import copy_sample

    dest = tmp_path / "dt342.tl342"
    copy_sample(dest)
    p = Project.open(dest)
    yield p
    p.close()


def _window(qtbot, model, tmp_path) -> MainWindow:
    w = MainWindow(model, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    return w


def _shown(widget) -> bool:
    """On screen (a dock behind another tab is "visible" to Qt but has no visible region)."""
    return widget.isVisible() and not widget.visibleRegion().isEmpty()


# -- 1. "today" of a finished campaign -------------------------------------------------------
def test_sample_opens_on_day_8(qtbot, sample):
    """In 2026 the sample (campaign Nov 2022) opens on its latest record, 21/11/2022 = day 8."""
    model = ProjectModel(sample, clock=lambda: date(2026, 5, 4))
    assert model.today == date(2022, 11, 21)
    assert model.today_is_latest_record
    dash = CampaignDashboard(model)
    qtbot.addWidget(dash)
    assert "8/30" in dash.day_label.text()
    assert dash.today_edit.date().toString("dd/MM/yyyy") == "21/11/2022"
    assert not dash.as_of_label.isHidden() and "21/11/2022" in dash.as_of_label.text()
    model.set_today(date(2022, 11, 25))  # the user picks a date: the note goes
    assert dash.as_of_label.isHidden()


def test_running_campaign_opens_on_the_real_today(sample):
    """While the campaign runs (or without one) the app opens on the real date."""
    snap = actions.load_snapshot(sample)
    assert initial_today(snap, date(2022, 11, 30)) == date(2022, 11, 30)
    snap.campaign = None
    assert initial_today(snap, date(2026, 1, 1)) == date(2026, 1, 1)


def test_latest_record_is_clamped_into_the_campaign(project):
    """Records after the campaign's last day open the campaign on its last day."""
    actions.set_flag(project, "HGD001", Flag.COMPLAINT, True, date(2023, 3, 1))
    snap = actions.load_snapshot(project)
    assert initial_today(snap, date(2026, 1, 1)) == snap.campaign.end


# -- 2. default layout -----------------------------------------------------------------------
def test_dashboard_is_readable_at_1366x768(qtbot, model, tmp_path):
    """Campaign and details share the right column as tabs, campaign in front and tall."""
    w = _window(qtbot, model, tmp_path)
    assert w.docks["details"] in w.tabifiedDockWidgets(w.docks["campaign"])
    assert _shown(w.campaign) and not _shown(w.details)
    dash = w.campaign
    assert dash.strip.width() >= 400 and dash.strip.height() >= 100
    assert dash.burnup.width() >= 400 and dash.burnup.height() >= 150
    assert w.canvas.width() >= 450


def test_clicking_a_household_brings_details_forward(qtbot, model, tmp_path):
    """A click on a household in the list raises the details tab over the dashboard."""
    w = _window(qtbot, model, tmp_path)
    assert _shown(w.campaign) and not _shown(w.details)
    table = w.households.table
    qtbot.waitUntil(lambda: table.model().rowCount() > 0)  # the rows come after the map's paint
    rect = table.visualRect(table.model().index(0, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert _shown(w.details) and not _shown(w.campaign)


def test_old_saved_layout_is_ignored(qtbot, model, tmp_path):
    """A layout saved by the previous version (no version number) does not override the new
    default; one saved by this version is restored."""
    old = _window(qtbot, model, tmp_path)
    old.removeDockWidget(old.docks["campaign"])
    old.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, old.docks["campaign"])
    old.docks["campaign"].show()
    old.settings.setValue("window/state", old.saveState())  # version 0, as before
    old.save_layout = lambda: None
    old.close()
    w = _window(qtbot, model, tmp_path)
    assert w.dockWidgetArea(w.docks["campaign"]) == Qt.DockWidgetArea.RightDockWidgetArea
    assert isinstance(w.settings.value("window/state"), QByteArray)
    w.docks["households"].hide()
    w.close()
    w2 = _window(qtbot, model, tmp_path)
    assert not w2.docks["households"].isVisible()
    assert LAYOUT_VERSION >= 2


# -- 3. undo of a change to several households -----------------------------------------------
def test_undo_of_several_households_is_all_or_none(qtbot, model, project, today):
    """If one household's undo is refused, no household is reverted and the user is told."""
    actions.change_status(project, ["HGD002"], Status.RECOVERY_DECIDED, today)
    actions.change_status(project, ["HGD002"], Status.PAID, today)
    model.reload()
    model.change_status(["HGD001", "HGD002"], Status.HANDED_OVER, today)
    first = model.snapshot.events["HGD001"][-1]
    actions.revert_event(project, first.id, today)  # someone else already undid HGD001
    n = len(actions.history(project, "HGD002"))
    with qtbot.waitSignal(model.errorOccurred, timeout=1000) as sig:
        model.undo_stack.undo()
    assert "HGD001" in sig.args[0]
    assert len(actions.history(project, "HGD002")) == n  # HGD002 not reverted either
    assert actions.load_snapshot(project).states["HGD002"].status is Status.HANDED_OVER


def test_undo_of_several_households_reverts_all(model, project, today):
    """Undo of a two-household change writes both reverts and updates the snapshot."""
    actions.change_status(project, ["HGD002"], Status.RECOVERY_DECIDED, today)
    actions.change_status(project, ["HGD002"], Status.PAID, today)
    model.reload()
    model.change_status(["HGD001", "HGD002"], Status.HANDED_OVER, today)
    model.undo_stack.undo()
    assert model.snapshot.states["HGD001"].status is Status.PAID
    assert model.snapshot.states["HGD002"].status is Status.PAID
    assert model.snapshot.events["HGD002"][-1].kind is EventKind.REVERT


def test_undo_is_not_dated_before_the_change(model, today):
    """A change dated after "today" can still be undone (the revert takes the change's date)."""
    later = date(2022, 6, 20)
    model.change_status(["HGD002"], Status.RECOVERY_DECIDED, later)
    model.undo_stack.undo()
    ev = model.snapshot.events["HGD002"][-1]
    assert ev.kind is EventKind.REVERT and ev.at == later


def test_flags_of_several_households_undo_in_one_step(qtbot, model):
    """Setting a flag on two households in the status dialog is one undo step."""
    from tl342.ui.status_dialog import StatusDialog

    dlg = StatusDialog(model, ["HGD001", "HGD002"])
    qtbot.addWidget(dlg)
    dlg.target.setCurrentIndex(0)  # keep the status
    dlg.flag_boxes[Flag.ENFORCEMENT].setCheckState(Qt.CheckState.Checked)
    dlg.apply()
    assert model.undo_stack.count() == 1
    model.undo_stack.undo()
    assert not any(Flag.ENFORCEMENT in model.snapshot.states[c].flags for c in ("HGD001", "HGD002"))


# -- 4. strip clicks by true distance --------------------------------------------------------
def test_strip_click_asks_for_the_true_distance(qtbot, model):
    """A click 1 300 m along the strip emits distanceRequested(≈1 300) and the map goes there."""
    from tl342.ui.map_canvas import MapCanvas

    dash = CampaignDashboard(model)
    canvas = MapCanvas(model)
    for wdg in (dash, canvas):
        qtbot.addWidget(wdg)
        wdg.resize(1000, 600)
        wdg.show()
    strip = dash.strip
    rect = QRectF(strip.rect())
    y = strip_layout(rect, strip.opts()).row_left.center().y()
    x = strip_x(rect, 1300.0, strip.strip.length_m)
    with qtbot.waitSignal(model.distanceRequested, timeout=1000) as sig:
        qtbot.mouseClick(strip, Qt.MouseButton.LeftButton, pos=QPoint(round(x), round(y)))
    tol = 2 * strip.strip.length_m / strip.width() + 1
    assert sig.args[0] == pytest.approx(1300.0, abs=tol)
    assert canvas.viewport.cx == pytest.approx(X0 + sig.args[0], abs=0.01)
    assert canvas.viewport.cy == pytest.approx(Y0, abs=0.01)


def test_zoom_to_distance_in_an_overlap(qtbot, model):
    """zoom_to_distance uses the distance itself, so the second pass of an overlap is reachable."""
    from tl342.ui.map_canvas import MapCanvas

    canvas = MapCanvas(model)
    qtbot.addWidget(canvas)
    canvas.zoom_to_distance(1750.0)
    assert canvas.viewport.cx == pytest.approx(X0 + 1750.0)
    canvas.zoom_to_distance(99_999.0)  # past the end: the end of the road
    assert canvas.viewport.cx == pytest.approx(X0 + 2000.0)


# -- 5. Vietnamese texts ---------------------------------------------------------------------
def test_deadline_descriptions_follow_the_ui_language(qtbot, qapp, model):
    """The deadline tooltips use the rule's Vietnamese description when the UI is Vietnamese."""
    from tl342.ui.app import install_translations
    from tl342.ui.look import rules_for

    install_translations(qapp, "vi")
    model.set_today(date(2022, 12, 31))
    dash = CampaignDashboard(model)
    qtbot.addWidget(dash)
    assert dash.warnings.rowCount() > 0
    rules = rules_for(model.snapshot.regime)
    vi = {r.description_vi for r in rules.deadlines}
    tips = {dash.warnings.item(r, 1).toolTip() for r in range(dash.warnings.rowCount())}
    assert tips and tips <= vi
    assert "Quá hạn" in dash.tabs.tabText(1)


# -- 7. households table at 1366 px -----------------------------------------------------------
def test_households_table_shows_status_and_flags_without_scrolling(qtbot, model, today):
    """In a 420 px dock the flags column is on screen, nothing scrolls sideways and the
    longest status name fits its chip."""
    from tl342.ui.look import status_label

    panel = HouseholdsPanel(model)
    qtbot.addWidget(panel)
    panel.resize(420, 600)
    panel.show()
    qtbot.waitExposed(panel)
    table = panel.table
    assert not table.isColumnHidden(FLAGS)
    assert table.horizontalScrollBar().maximum() == 0
    longest = max(table.fontMetrics().horizontalAdvance(status_label(s)) for s in Status)
    assert table.columnWidth(STATUS) >= longest + 16
    row = panel.table_model.index(panel.table_model.row_of("HGD003"), FLAGS)  # complaint
    assert "Complaint" in row.data(Qt.ItemDataRole.ToolTipRole)


def test_bad_chainage_message_in_vietnamese(qtbot, qapp, model):
    """With the Vietnamese UI a refused chainage in the filter is explained in Vietnamese."""
    from tl342.ui.app import install_translations

    install_translations(qapp, "vi")
    panel = HouseholdsPanel(model)
    qtbot.addWidget(panel)
    panel.from_edit.setText("Km40+1200")
    panel._apply_filters()
    assert "không phải lý trình" in panel.filter_error.text()
    assert "Km40+1200" in panel.filter_error.text()
