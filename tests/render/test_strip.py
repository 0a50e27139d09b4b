"""The straight-line diagram paints each cell's state colour in the right place."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from tl342.core.handover import StripCell, StripEquation
from tl342.core.model import Side
from tl342.render.strip import STATE_COLORS, draw_strip, strip_hit, strip_layout, strip_x

W, H = 800, 140
RECT = QRectF(0, 0, W, H)
# 1 000 m of road in 10 cells; an equation at 600 m (Km40+600 = Km41+000)
STATES_L = [
    "handed_over",
    "blocked",
    "paid",
    "none",
    "approved",
    "donated",
    "pending",
    "none",
    "none",
    "handed_over",
]
STATES_R = ["blocked", "none", "none", "paid", "paid", "paid", "none", "approved", "none", "none"]


def _cells():
    out = []
    for k in range(10):
        ch0 = 40_000 + 100 * k + (400 if k >= 6 else 0)
        out.append(
            StripCell(k, 100.0 * k, 100.0 * (k + 1), ch0, ch0 + 100, STATES_L[k], STATES_R[k])
        )
    return out


@pytest.fixture
def image(qapp):
    img = QImage(W, H, QImage.Format.Format_ARGB32)
    img.fill(QColor("white"))
    p = QPainter(img)
    draw_strip(
        p,
        RECT,
        _cells(),
        [StripEquation(600.0, 40_600.0, 41_000.0)],
        {"ticks": [(0.0, "Km40"), (600.0, "Km41")], "length_m": 1000.0},
    )
    p.end()
    return img


def _pixel(img: QImage, d: float, side: Side) -> QColor:
    lay = strip_layout(RECT)
    row = lay.row_left if side is Side.LEFT else lay.row_right
    return img.pixelColor(round(strip_x(RECT, d, 1000.0)), round(row.center().y()))


@pytest.mark.parametrize("k", range(10))
def test_cell_colours(image, k):
    """The middle of each cell, on each side, has the colour of that side's state."""
    d = 100.0 * k + 50
    if k == 6:
        d = 100.0 * k + 70  # keep clear of the equation line at 600 m
    assert _pixel(image, d, Side.LEFT).name() == STATE_COLORS[STATES_L[k]].name()
    assert _pixel(image, d, Side.RIGHT).name() == STATE_COLORS[STATES_R[k]].name()


def test_left_row_above_right_row():
    """Trái (left) is drawn above the axis and Phải (right) below it."""
    lay = strip_layout(RECT)
    assert lay.row_left.bottom() <= lay.axis_y <= lay.row_right.top()


def test_equation_line_is_drawn(image):
    """A station equation is marked by a red line through both rows at its true distance."""
    x = round(strip_x(RECT, 600.0, 1000.0))
    lay = strip_layout(RECT)
    col = image.pixelColor(x, round(lay.axis_y) + 3)
    assert col.red() > 150 and col.green() < 80 and col.blue() < 80


def test_hit_inverts_x():
    """strip_hit gives back the distance of a pixel; outside the strip it gives None."""
    for d in (0.0, 250.0, 1000.0):
        assert strip_hit(RECT, strip_x(RECT, d, 1000.0), 1000.0) == pytest.approx(d)
    assert strip_hit(RECT, 2.0, 1000.0) is None
