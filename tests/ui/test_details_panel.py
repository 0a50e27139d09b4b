"""The details panel follows the selection and shows parcels, amounts and history."""

from __future__ import annotations

from tl342.core.model import Status
from tl342.ui.details_panel import DetailsPanel


def _panel(qtbot, model):
    panel = DetailsPanel(model)
    qtbot.addWidget(panel)
    return panel


def _column(table, col):
    return [table.item(r, col).text() for r in range(table.rowCount())]


def test_empty_selection_says_so(qtbot, model):
    """With nothing selected the tabs are hidden."""
    panel = _panel(qtbot, model)
    assert panel.tabs.isHidden()


def test_one_household(qtbot, model):
    """One household: its parcels with chainage, amounts with thousands separators, history."""
    panel = _panel(qtbot, model)
    model.select(["HGD001"])
    assert "Nguyễn Văn Hùng" in panel.title.text()
    assert sorted(_column(panel.parcels, 0)) == ["12/100", "12/101"]
    assert _column(panel.parcels, 4)[0].startswith("Km40+")
    assert panel.amount_labels["compensation"].text() == "123.456.789 đ"
    assert panel.amount_labels["total"].text() == "124.456.789 đ"
    assert panel.history.rowCount() == Status.PAID.rank  # one event per step reached


def test_areas_by_land_type(qtbot, model):
    """Recovered area is summed per land-use code with a total row."""
    panel = _panel(qtbot, model)
    model.select(["HGD001"])
    rows = {
        panel.by_land.item(r, 0).text(): panel.by_land.item(r, 1).text()
        for r in range(panel.by_land.rowCount())
    }
    assert rows["CLN"] == "4.500,0" and rows["RSX"] == "4.500,0"
    assert rows[panel.tr("Total")] == "9.000,0"


def test_several_households(qtbot, model):
    """Several households: a count and the events of all, each prefixed with its code."""
    panel = _panel(qtbot, model)
    model.select(["HGD001", "HGD003"])
    assert "2" in panel.title.text()
    assert any(t.startswith("HGD003: ") for t in _column(panel.history, 1))


def test_history_follows_changes(qtbot, model, today):
    """A status change of the shown household adds its event at the top of the history."""
    panel = _panel(qtbot, model)
    model.select(["HGD001"])
    before = panel.history.rowCount()
    model.change_status(["HGD001"], Status.HANDED_OVER, today, by="Tổ 1", doc_no="12/BB")
    assert panel.history.rowCount() == before + 1
    assert panel.history.item(0, 3).text() == "Tổ 1"  # date, step, document, signer first
    assert panel.history.item(0, 2).text().startswith("12/BB")
