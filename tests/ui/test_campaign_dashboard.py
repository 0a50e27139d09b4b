"""The campaign dashboard widget: header countdown, strip clicks and hover, live updates."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, QRectF, Qt

from tl342.core.model import Status
from tl342.render.strip import strip_layout, strip_x
from tl342.ui.campaign_dashboard import CampaignDashboard


@pytest.fixture
def dash(qtbot, model):
    w = CampaignDashboard(model)
    qtbot.addWidget(w)
    w.resize(1000, 700)
    w.show()
    qtbot.waitExposed(w)
    return w


def _point(strip, distance_m: float, side: str = "L") -> QPoint:
    rect = QRectF(strip.rect())
    lay = strip_layout(rect, strip.opts())
    row = lay.row_left if side == "L" else lay.row_right
    return QPoint(round(strip_x(rect, distance_m, strip.strip.length_m)), round(row.center().y()))


def test_header_shows_day_8_of_30(dash, model):
    """On 08/06/2022 the header reads day 8/30 with 7 days to day 15 and 22 to day 30."""
    model.set_today(date(2022, 6, 8))
    assert "8/30" in dash.day_label.text()
    text = dash.left_label.text()
    assert "7" in text and "22" in text
    assert dash.today_edit.date().toString("dd/MM/yyyy") == "08/06/2022"


def test_strip_click_emits_the_place(qtbot, dash, model):
    """Clicking the strip 1 300 m along the road asks the map to show that place, Km41+300."""
    strip = dash.strip
    with qtbot.waitSignal(model.distanceRequested, timeout=1000) as sig:
        qtbot.mouseClick(strip, Qt.MouseButton.LeftButton, pos=_point(strip, 1300.0))
    metres_per_px = strip.strip.length_m / strip.width()
    chainage = model.snapshot.route.chainage_at(sig.args[0])
    assert chainage == pytest.approx(41_300.0, abs=2 * metres_per_px + 1)


def test_strip_hover_names_km_and_state(dash):
    """Hovering the complaint household's land shows its Km range, side and blocked state."""
    strip = dash.strip
    p = _point(strip, 1320.0, "R")
    text = strip.tooltip_at(p.x(), p.y())
    assert "Km41+300" in text
    assert "Blocked" in text and "HGD003" in text
    assert "Right" in text and "Left" not in text


def test_updates_when_a_household_is_handed_over(qtbot, dash, model, today):
    """Handing HGD001 over through the model raises the count and clears its strip cells."""
    before = dash.data.handed_over.households
    n_ready = dash.ready.rowCount()
    assert dash.strip.strip.cells[0].left == "paid"
    model.change_status(["HGD001"], Status.HANDED_OVER, today)
    assert dash.data.handed_over.households == before + 1
    assert f"{before + 1}/4" in dash.pace_label.text()
    assert dash.strip.strip.cells[0].left == "handed_over"
    assert dash.ready.rowCount() != n_ready
    assert dash.ready.item(0, 0).text() == "Km40+000"


def test_date_change_uses_only_earlier_events(dash, model):
    """Moving "today" before the campaign start shows day 0 and nothing handed over yet."""
    model.set_today(date(2021, 12, 1))
    assert dash.data.day == 0
    assert dash.data.handed_over.households == 0
    assert dash.strip.strip.cells[0].left == "pending"


def test_blocked_and_deadline_tables(dash):
    """The complaint case and HGD002's overdue steps are listed in their tabs."""
    codes = [dash.blocked.item(r, 0).text() for r in range(dash.blocked.rowCount())]
    assert codes == ["HGD003"]
    assert dash.warnings.rowCount() == len(dash.data.overdue) + len(dash.data.due_soon)
    assert dash.communes.rowCount() == 2


def test_deadline_rows_filled_when_the_tab_is_shown(dash, model):
    """The deadline table is filled when its tab is shown (not on every refresh behind
    another tab), with the rows of the latest figures; the tab's counts follow at once."""
    from PySide6.QtWidgets import QTableWidget

    table = dash.warnings

    def filled_rows():  # without filling it
        return QTableWidget.rowCount(table)

    def listed():
        return [table.item(r, 0).text() for r in range(table.rowCount())]

    def expected():
        return [x.household for x in dash.data.overdue + dash.data.due_soon]

    assert dash.tabs.currentIndex() != 1
    model.set_today(date(2023, 12, 31))
    assert filled_rows() == 0  # behind the Ready tab: not filled yet
    assert f"Late {len(dash.data.overdue)}" in dash.tabs.tabText(1)
    dash.tabs.setCurrentIndex(1)
    assert filled_rows() == len(expected()) > 0  # shown: filled
    assert listed() == expected()
    model.change_status(["HGD002"], Status.RECOVERY_DECIDED, date(2023, 12, 30))
    assert filled_rows() == len(expected())  # visible: filled again at once
    assert listed() == expected()
