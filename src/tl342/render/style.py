"""Colours, pens and fonts shared by the screen map and the printed sheets.

The colours themselves live in :mod:`tl342.render.palette` (Qt-free hex strings, also read by
the HTML, table and GeoPackage exports); this module makes Qt objects of them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPaintEngine, QPen

from ..core.model import Flag, Status
from . import palette
from .palette import UNHELD_HEX, mark_label, status_label  # noqa: F401 - re-exported

FONT_FAMILY = "DejaVu Sans"  # has every Vietnamese glyph; embedded in PDFs

BLOCKING_FLAGS = frozenset({Flag.COMPLAINT, Flag.ENFORCEMENT})

# fixed colours
DONATED = QColor(palette.DONATED_HEX)
BLOCKED = QColor(palette.BLOCKED_HEX)
BOUNDARY = QColor(palette.BOUNDARY_HEX)
ROUTE = QColor(palette.ROUTE_HEX)
COMMUNE = QColor(palette.COMMUNE_HEX)
PARCEL_EDGE = QColor(palette.PARCEL_EDGE_HEX)
LABEL = QColor(palette.LABEL_HEX)
SELECTION = QColor(palette.SELECTION_HEX)
HIGHLIGHT = QColor(228, 26, 138, 150)
EQUATION = QColor(palette.EQUATION_HEX)
CASING = QColor(palette.CASING_HEX)


def status_color(status: Status | str | None) -> QColor:
    """Fill colour of a household status (``None`` = parcel held by nobody: light grey)."""
    return QColor(palette.status_hex(status))


def font(point_size: float = 8.0, bold: bool = False) -> QFont:
    """DejaVu Sans at ``point_size`` points (scales with the paint device's resolution)."""
    f = QFont(FONT_FAMILY)
    f.setPointSizeF(point_size)
    f.setBold(bold)
    f.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
    return f


def halo_colour(painter, alpha: int) -> QColor:
    """White halo behind text and lines: see-through on screen, opaque in a PDF (where a
    translucent stroke is written as an outline polygon, many times bigger)."""
    engine = painter.paintEngine()
    if engine is not None and engine.type() == QPaintEngine.Type.Pdf:
        alpha = 255
    return QColor(255, 255, 255, alpha)


def pen(
    color: QColor | str, width_px: float, unit: float = 1.0, style=Qt.PenStyle.SolidLine
) -> QPen:
    """A cosmetic pen ``width_px`` screen pixels wide (× ``unit`` device pixels per pixel)."""
    p = QPen(QColor(color), max(width_px * unit, 0.0), style)
    p.setCosmetic(True)
    p.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    p.setCapStyle(
        Qt.PenCapStyle.RoundCap if style == Qt.PenStyle.SolidLine else Qt.PenCapStyle.FlatCap
    )
    return p


def commune_pen(unit: float = 1.0) -> QPen:
    return pen(COMMUNE, 2.0, unit, Qt.PenStyle.DashDotLine)


def boundary_pen(unit: float = 1.0) -> QPen:
    return pen(BOUNDARY, 1.6, unit, Qt.PenStyle.DashLine)


def route_pen(unit: float = 1.0) -> QPen:
    return pen(ROUTE, 2.0, unit)


def donated_pen(unit: float = 1.0) -> QPen:
    return pen(DONATED, 2.5, unit, Qt.PenStyle.DashLine)


def blocked_pen(unit: float = 1.0) -> QPen:
    return pen(BLOCKED, 3.5, unit)


def casing_pen(line: QPen, unit: float = 1.0, extra_px: float = 2.0) -> QPen:
    """A solid white pen ``extra_px`` wider than ``line``, drawn under it so that a red line
    stays visible on any fill, to any colour vision."""
    return pen(CASING, line.widthF() / max(unit, 1e-9) + extra_px, unit)


def parcel_fill(status: Status | None) -> QColor:
    """Light fill for the whole parcel; the recovered part gets :func:`recovered_fill`."""
    c = status_color(status)
    if status is not None:
        c = QColor(c)
        c.setAlpha(110)
    return c


def recovered_fill(status: Status | None) -> QColor:
    """Strong fill of the recovered part (phần thu hồi)."""
    c = QColor(status_color(status))
    c.setAlpha(235)
    return c
