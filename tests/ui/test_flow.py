"""The task-force flow end to end in the assembled window: find, select, hand over, undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from tl342.core.model import Status
from tl342.render import style
from tl342.ui.main_window import MainWindow
from tl342.ui.status_dialog import StatusDialog

X0, Y0 = 440_000.0, 2_350_000.0  # the synthetic road's start (tests/conftest.py)


@pytest.fixture
def window(qtbot, model, tmp_path):
    w = MainWindow(model, QSettings(str(tmp_path / "flow.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: not getattr(w.campaign, "pending", False))  # after the map's paint
    return w


def _texts(widget) -> str:
    """Everything the campaign widget (dock or full dashboard) shows as text."""
    from PySide6.QtWidgets import QLabel, QProgressBar

    parts = [w.text() for w in widget.findChildren(QLabel)]
    parts += [w.text() for w in widget.findChildren(QProgressBar)]
    return "\n".join(parts)


def _distance(a, b) -> int:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue())


def _closest_status(canvas, x, y) -> Status:
    """The status whose map colour is nearest to the canvas pixel at world point (x, y)."""
    image = canvas.grab().toImage()
    p = canvas.viewport.to_device(x, y)
    ratio = image.devicePixelRatio()
    pixel = image.pixelColor(int(p.x() * ratio), int(p.y() * ratio))
    return min(Status, key=lambda s: _distance(pixel, style.status_color(s)))


def test_find_select_hand_over_undo(qtbot, window, model, today):
    """Search → select → paid→handed over via the dialog → map colour and campaign change → undo."""
    canvas = window.canvas
    panel = window.households

    def campaign_text():
        return _texts(window.campaign)

    # 1. search with the diacritics left out
    panel.search.setText("nguyen van hung")
    assert panel.visible_codes() == ["HGD001"]
    # 2. selecting the row selects the household for the map and the details
    panel.table.selectRow(0)
    assert model.selection == ["HGD001"]
    assert "Nguyễn Văn Hùng" in window.details.title.text()
    canvas.zoom_to_household("HGD001")
    spot = (X0 + 40.0, Y0 - 9.0)  # inside the recovered strip of parcel 12/100
    assert _closest_status(canvas, *spot) is Status.PAID
    before_campaign = campaign_text()
    # 3. the dialog, driven as a user would: the next step is proposed
    dlg = StatusDialog(model, model.selection, window)
    qtbot.addWidget(dlg)
    assert dlg.chosen_status() is Status.HANDED_OVER
    dlg.accept()
    assert model.snapshot.states["HGD001"].status is Status.HANDED_OVER
    # 4. the map repaints the parcel green and the campaign counts one more household
    assert _closest_status(canvas, *spot) is Status.HANDED_OVER
    assert campaign_text() != before_campaign
    # 5. Edit → Undo restores both
    window.actions_by_name["undo"].trigger()
    assert model.snapshot.states["HGD001"].status is Status.PAID
    assert _closest_status(canvas, *spot) is Status.PAID
    assert campaign_text() == before_campaign
    window.actions_by_name["redo"].trigger()
    assert _closest_status(canvas, *spot) is Status.HANDED_OVER


def test_status_bar_shows_chainage(qtbot, window):
    """Moving the cursor over the map shows coordinates and chainage in the status bar."""
    window.canvas.cursorMoved.emit(X0 + 250.0, Y0 + 12.0)
    text = window.coords.text()
    assert "Km40+250" in text
