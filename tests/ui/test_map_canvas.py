"""MapCanvas: follows the ProjectModel, pans/zooms by mouse and keys, picks households."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QContextMenuEvent, QWheelEvent
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).parents[1] / "render"))

from render_synth import make_snapshot, slot_centre  # noqa: E402

from tl342.core.errors import UserError  # noqa: E402
from tl342.core.model import HouseholdState, Status  # noqa: E402


@pytest.fixture
def canvas(qtbot):
    from tl342.ui.map_canvas import MapCanvas
    from tl342.ui.project_model import ProjectModel

    model = ProjectModel()
    c = MapCanvas(model)
    qtbot.addWidget(c)
    c.resize(800, 500)
    c.show()
    qtbot.waitExposed(c)
    model.snapshot = make_snapshot()
    model.projectLoaded.emit()
    return c


def _device(c, x, y) -> QPoint:
    p = c.viewport.to_device(x, y)
    return QPoint(round(p.x()), round(p.y()))


def test_project_loaded_builds_renderer_and_fits(canvas):
    """On projectLoaded the canvas builds a renderer and shows the whole project."""
    assert canvas.renderer is not None and canvas.renderer.builds == 1
    minx, miny, maxx, maxy = canvas.viewport.world_rect()
    b = canvas.model.snapshot.bounds()
    assert minx <= b[0] and miny <= b[1] and maxx >= b[2] and maxy >= b[3]
    img = canvas.grab().toImage()
    assert img.width() == 800


def test_wheel_zooms_about_cursor(canvas):
    """A wheel notch zooms in keeping the world point under the cursor fixed."""
    pos = QPointF(200, 150)
    before = canvas.viewport.to_world(pos.x(), pos.y())
    m = canvas.viewport.m_per_px
    ev = QWheelEvent(
        pos,
        canvas.mapToGlobal(pos),
        QPoint(0, 0),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(canvas, ev)
    assert canvas.viewport.m_per_px == pytest.approx(m / 1.25)
    assert canvas.viewport.to_world(pos.x(), pos.y()) == pytest.approx(before)


def test_keys_zoom_and_pan(canvas, qtbot):
    """+/- zoom, arrow keys pan toward the arrow."""
    m = canvas.viewport.m_per_px
    qtbot.keyClick(canvas, Qt.Key.Key_Plus)
    assert canvas.viewport.m_per_px == pytest.approx(m / 1.5)
    qtbot.keyClick(canvas, Qt.Key.Key_Minus)
    assert canvas.viewport.m_per_px == pytest.approx(m)
    cx, cy = canvas.viewport.cx, canvas.viewport.cy
    qtbot.keyClick(canvas, Qt.Key.Key_Left)
    assert canvas.viewport.cx < cx
    qtbot.keyClick(canvas, Qt.Key.Key_Up)
    assert canvas.viewport.cy > cy


def test_drag_pans_with_cached_pixmap(canvas, qtbot):
    """Dragging moves the cached frame; release pans the viewport by the drag."""
    cx = canvas.viewport.cx
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(400, 250))
    qtbot.mouseMove(canvas, QPoint(450, 250))
    assert canvas._drag_offset is not None
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(500, 250))
    assert canvas._drag_offset is None
    assert canvas.viewport.cx == pytest.approx(cx - 100 * canvas.viewport.m_per_px)


def test_click_selects_and_ctrl_click_adds(canvas, qtbot):
    """A click selects the parcel's household; Ctrl-click adds another."""
    canvas.zoom_to_bounds((429_950, 2_344_900, 430_450, 2_345_100))
    with qtbot.waitSignal(canvas.householdClicked) as sig:
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=_device(canvas, *slot_centre(3)))
    assert sig.args == ["H03"]
    assert canvas.model.selection == ["H03"]
    qtbot.mouseClick(
        canvas,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.ControlModifier,
        _device(canvas, *slot_centre(0)),
    )
    assert canvas.model.selection == ["H03", "H01"]
    x, y = slot_centre(0)
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=_device(canvas, x, y + 200))
    assert canvas.model.selection == []


def test_context_menu_signal(canvas, qtbot):
    """A right click asks for the context menu with the household under the cursor."""
    canvas.zoom_to_household("H04")
    pos = _device(canvas, *slot_centre(6))
    with qtbot.waitSignal(canvas.contextMenuRequested) as sig:
        ev = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, canvas.mapToGlobal(pos))
        QApplication.sendEvent(canvas, ev)
    assert sig.args[0] == "H04"
    assert sig.args[1] == canvas.mapToGlobal(pos)


def test_cursor_moved_emits_world_coordinates(canvas, qtbot):
    """Moving the mouse reports the world point under it."""
    with qtbot.waitSignal(canvas.cursorMoved) as sig:
        qtbot.mouseMove(canvas, QPoint(123, 77))
    assert sig.args == pytest.approx(list(canvas.viewport.to_world(123, 77)))


def test_status_text(canvas):
    """Status text gives X (northing) first, then chainage, side T/P and offset."""
    text = canvas.status_text(430_150.0, 2_345_012.3)
    assert text == "X: 2 345 012,30  Y: 430 150,00 | Km41+150 T 12,3 m"
    assert canvas.status_text(430_700.0, 2_344_990.0).endswith("Km42+250 P 10,0 m")


def test_zoom_to_chainage_and_gaps(canvas):
    """zoom_to_chainage centres on the stake; a chainage inside an equation gap is refused."""
    canvas.zoom_to_chainage(42_050.0)  # 100 m after the equation Km41+400 = Km41+950
    assert canvas.viewport.cx == pytest.approx(430_500.0)
    assert canvas.viewport.cy == pytest.approx(2_345_000.0)
    with pytest.raises(UserError, match="Km41\\+600"):
        canvas.zoom_to_chainage(41_600.0)
    with pytest.raises(UserError):
        canvas.zoom_to_commune("Nowhere")


def test_model_signals_drive_the_canvas(canvas, qtbot):
    """householdsChanged recolours without rebuild; focus and chainage requests move the view."""
    model = canvas.model
    model.snapshot.states["H01"] = HouseholdState(status=Status.HANDED_OVER)
    model.householdsChanged.emit(["H01"])
    i = next(k for k, p in enumerate(canvas.renderer.parcels) if p.household_code == "H01")
    assert canvas.renderer.status_of(i) == Status.HANDED_OVER
    assert canvas.renderer.builds == 1
    model.focus("H05")
    x, y = slot_centre(7)
    minx, miny, maxx, maxy = canvas.viewport.world_rect()
    assert minx < x < maxx and miny < y < maxy
    model.chainageRequested.emit(41_100.0)
    assert canvas.viewport.cx == pytest.approx(430_100.0)
    canvas.zoom_to_commune("Thanh Lâm")
    assert canvas.viewport.cx == pytest.approx(430_000 + 1100)
