"""The campaign dock: day N/30, days left, handed over vs pace; follows today and changes."""

from __future__ import annotations

from datetime import date

from tl342.core.model import Status
from tl342.ui.campaign_dock import CampaignDock, make_campaign_widget


def _dock(qtbot, model):
    dock = CampaignDock(model)
    qtbot.addWidget(dock)
    return dock


def test_day_and_days_left(qtbot, model):
    """On 10/06/2022 (started 01/06) it is day 10 of 30: 5 days to day 15, 20 to day 30."""
    dock = _dock(qtbot, model)
    assert dock.day_label.text() == dock.tr("Day %1/%2").replace("%1", "10").replace("%2", "30")
    assert "5" in dock.left_label.text() and "20" in dock.left_label.text()


def test_today_edit_sets_model_date(qtbot, model):
    """Changing the date in the dock changes the model's today and the day shown."""
    dock = _dock(qtbot, model)
    with qtbot.waitSignal(model.dateChanged):
        dock.today.setDate(dock.today.date().addDays(2))
    assert model.today == date(2022, 6, 12)
    assert "12" in dock.day_label.text()


def test_handover_moves_the_bars(qtbot, model, today):
    """A handover adds one household and its hectares to the bars."""
    dock = _dock(qtbot, model)
    assert dock.households_bar.value() == 1
    model.change_status(["HGD001"], Status.HANDED_OVER, today)
    assert dock.households_bar.value() == 2
    assert dock.households_bar.text() == "2/4"
    assert dock.area_bar.text().startswith("1,80/")


def test_no_campaign(qtbot, model):
    """Without a campaign the dock says so and hides the figures."""
    model.snapshot.campaign = None
    dock = _dock(qtbot, model)
    assert dock.day_label.text() == dock.tr("No campaign set")
    assert dock.households_bar.isHidden()


def test_factory_falls_back_to_the_dock(qtbot, model):
    """make_campaign_widget gives a widget bound to the model (dashboard or this dock)."""
    w = make_campaign_widget(model)
    qtbot.addWidget(w)
    assert w.model is model
