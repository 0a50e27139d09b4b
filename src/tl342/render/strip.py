"""The straight-line diagram (sơ đồ duỗi thẳng) of the road's handover state.

The road from its start (Km37+500) to its end (Km60+300) is drawn as a straight strip laid
out by TRUE distance along the centreline, one row for the left side (Trái, above the axis)
and one for the right (Phải, below), cut in cells (``core.handover.strip_cells``) coloured by
the worst state of the land still to recover there. Whole kilometres are ticked ("Km38");
station equations show as a marked vertical line labelled "Km41+350 = Km41+900".

Shared by the screen (dashboard widget) and print. QtGui only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPainter, QPen, QPolygonF

from ..core.chainage import format_chainage
from ..core.handover import CELL_STATES, StripCell, StripEquation
from ..core.model import CellState, Side
from . import palette, style

#: cell fill per state (core.handover.CELL_STATES), from the one palette
STATE_COLORS: dict[str, QColor] = {k: QColor(v) for k, v in palette.STRIP_HEX.items()}

#: cell state names come from the one label table (core.model.LABELS)
STATE_LABELS: dict[str, dict[str, str]] = {
    lang: {c.value: c.label(lang) for c in CellState} for lang in ("vi", "en")
}
SIDE_LABELS = {"vi": ("Trái", "Phải"), "en": ("Left", "Right")}

LEFT_MARGIN = 46.0  # room for the side labels
RIGHT_MARGIN = 10.0
FONT_PT = 7.5


def state_color(state: str) -> QColor:
    """Fill colour of a strip state (unknown states draw like "pending")."""
    return QColor(STATE_COLORS.get(state, STATE_COLORS["pending"]))


def state_label(state: str, lang: str = "vi") -> str:
    return STATE_LABELS.get(lang, STATE_LABELS["vi"]).get(state, state)


@dataclass(frozen=True)
class StripLayout:
    """Where each part of the diagram goes inside ``rect`` (device pixels)."""

    bar_left: float
    bar_right: float
    ticks_y: float  # baseline band of the km labels (top)
    row_left: QRectF  # left side of the road (Trái), above the axis
    row_right: QRectF  # right side (Phải), below
    axis_y: float
    equations_y: float  # top of the equation label band
    legend: QRectF  # empty when no legend


def _opt(opts: Mapping[str, Any] | None, key: str, default: Any = None) -> Any:
    return opts.get(key, default) if opts else default


def _legend_lines(width: float, labels: Sequence[str], fm: QFontMetricsF) -> list[list[int]]:
    sw = fm.height()
    lines: list[list[int]] = [[]]
    x = 0.0
    for i, text in enumerate(labels):
        w = sw + 4 + fm.horizontalAdvance(text) + 12
        if lines[-1] and x + w > width:
            lines.append([])
            x = 0.0
        lines[-1].append(i)
        x += w
    return lines


def _legend_states(opts: Mapping[str, Any] | None) -> list[str]:
    return list(_opt(opts, "legend_states", CELL_STATES))


def _labels(opts: Mapping[str, Any] | None) -> dict[str, str]:
    lang = _opt(opts, "lang", "vi")
    base = dict(STATE_LABELS.get(lang, STATE_LABELS["vi"]))
    base.update(_opt(opts, "labels", {}) or {})
    return base


def strip_layout(rect: QRectF, opts: Mapping[str, Any] | None = None) -> StripLayout:
    """The layout :func:`draw_strip` uses (also for hit tests and hover)."""
    rect = QRectF(rect)
    fm = QFontMetricsF(style.font(_opt(opts, "font_pt", FONT_PT)))
    line_h = fm.height()
    left = rect.left() + LEFT_MARGIN
    right = max(rect.right() - RIGHT_MARGIN, left + 1.0)
    legend_h = 0.0
    if _opt(opts, "legend", True):
        labels = _labels(opts)
        texts = [labels[s] for s in _legend_states(opts)]
        n = len(_legend_lines(rect.width() - 8, texts, fm))
        legend_h = n * (line_h + 4) + 4
    ticks_h = line_h + 6
    eq_h = line_h + 4
    rows_h = max(rect.height() - ticks_h - eq_h - legend_h, 12.0)
    row_h = (rows_h - 3) / 2
    top = rect.top() + ticks_h
    row_l = QRectF(left, top, right - left, row_h)
    axis_y = top + row_h + 1.5
    row_r = QRectF(left, axis_y + 1.5, right - left, row_h)
    eq_y = row_r.bottom() + 2
    legend = QRectF(rect.left() + 4, eq_y + eq_h, rect.width() - 8, legend_h)
    return StripLayout(left, right, rect.top(), row_l, row_r, axis_y, eq_y, legend)


def strip_x(rect: QRectF, distance_m: float, length_m: float) -> float:
    """Pixel x of a true distance along the road."""
    lay_left = QRectF(rect).left() + LEFT_MARGIN
    lay_right = max(QRectF(rect).right() - RIGHT_MARGIN, lay_left + 1.0)
    if length_m <= 0:
        return lay_left
    return lay_left + (lay_right - lay_left) * distance_m / length_m


def strip_hit(rect: QRectF, x_px: float, length_m: float) -> float | None:
    """True distance (m) along the road under pixel ``x_px``; None outside the strip."""
    r = QRectF(rect)
    left = r.left() + LEFT_MARGIN
    right = max(r.right() - RIGHT_MARGIN, left + 1.0)
    if length_m <= 0 or not (left - 0.5 <= x_px <= right + 0.5):
        return None
    return min(max((x_px - left) / (right - left) * length_m, 0.0), length_m)


def strip_side_at(rect: QRectF, y_px: float, opts: Mapping[str, Any] | None = None) -> Side | None:
    """Which row (side of the road) is under pixel ``y_px``, or None."""
    lay = strip_layout(rect, opts)
    if lay.row_left.top() <= y_px < lay.axis_y:
        return Side.LEFT
    if lay.axis_y <= y_px <= lay.row_right.bottom():
        return Side.RIGHT
    return None


def cell_at(cells: Sequence[StripCell], distance_m: float) -> StripCell | None:
    """The cell holding a true distance (the last one holds the very end)."""
    for c in cells:
        if c.d0 <= distance_m < c.d1:
            return c
    if cells and abs(distance_m - cells[-1].d1) < 1e-6:
        return cells[-1]
    return None


def draw_strip(
    painter: QPainter,
    rect: QRectF,
    cells: Sequence[StripCell],
    equations: Sequence[StripEquation],
    opts: Mapping[str, Any] | None = None,
) -> None:
    """Draw the straight-line diagram into ``rect``.

    ``opts`` (all optional): ``length_m`` (default: the last cell's end), ``ticks`` [(d,
    "Km38"), ...] (``StripData.ticks``), ``lang`` "vi"/"en", ``labels`` {state: text},
    ``side_labels`` (left, right), ``legend`` (bool, default True), ``font_pt``,
    ``marker_d`` (a true distance to mark, e.g. the map's position), ``background``.
    """
    rect = QRectF(rect)
    lay = strip_layout(rect, opts)
    length = float(_opt(opts, "length_m", cells[-1].d1 if cells else 0.0))
    lang = _opt(opts, "lang", "vi")
    labels = _labels(opts)
    f = style.font(_opt(opts, "font_pt", FONT_PT))
    fb = style.font(_opt(opts, "font_pt", FONT_PT), bold=True)
    fm = QFontMetricsF(f)

    painter.save()
    try:
        bg = _opt(opts, "background")
        if bg is not None:
            painter.fillRect(rect, QColor(bg))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)

        def x_of(d: float) -> float:
            return strip_x(rect, d, length)

        # cells
        painter.setPen(Qt.PenStyle.NoPen)
        for row, side in ((lay.row_left, Side.LEFT), (lay.row_right, Side.RIGHT)):
            painter.fillRect(row, STATE_COLORS["none"])
            for c in cells:
                x0, x1 = x_of(c.d0), x_of(c.d1)
                st = c.state(side)
                if st == "none":
                    continue
                painter.fillRect(
                    QRectF(x0, row.top(), max(x1 - x0, 1.0), row.height()), state_color(st)
                )
        frame = QPen(QColor("#7a7a7a"), 1.0)
        painter.setPen(frame)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(lay.row_left)
        painter.drawRect(lay.row_right)
        painter.setPen(QPen(style.ROUTE, 2.0))
        painter.drawLine(QPointF(lay.bar_left, lay.axis_y), QPointF(lay.bar_right, lay.axis_y))

        # side labels
        left_t, right_t = _opt(opts, "side_labels", SIDE_LABELS.get(lang, SIDE_LABELS["vi"]))
        painter.setFont(fb)
        painter.setPen(style.LABEL)
        for row, text in ((lay.row_left, left_t), (lay.row_right, right_t)):
            painter.drawText(
                QRectF(rect.left() + 2, row.top(), LEFT_MARGIN - 6, row.height()),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                | int(Qt.TextFlag.TextDontClip),
                text,
            )

        # km ticks and labels (start and end chainage always shown)
        painter.setFont(f)
        ticks = list(_opt(opts, "ticks", []) or [])
        tick_pen = QPen(style.LABEL, 1.0)
        label_y = lay.ticks_y
        taken: list[tuple[float, float]] = []

        def put_label(x: float, text: str, align: str = "center") -> None:
            w = fm.horizontalAdvance(text)
            x0 = x - w / 2 if align == "center" else (x if align == "left" else x - w)
            x0 = min(max(x0, rect.left() + 1), rect.right() - w - 1)
            if any(not (x0 + w + 3 < a or x0 > b + 3) for a, b in taken):
                return
            taken.append((x0, x0 + w))
            painter.drawText(
                QRectF(x0, label_y, w + 2, fm.height() + 2),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                | int(Qt.TextFlag.TextDontClip),
                text,
            )

        if cells:
            painter.setPen(style.LABEL)
            put_label(lay.bar_left, format_chainage(cells[0].from_m), "left")
            put_label(lay.bar_right, format_chainage(cells[-1].to_m), "right")
        for d, text in ticks:
            x = x_of(d)
            painter.setPen(tick_pen)
            painter.drawLine(QPointF(x, lay.row_left.top() - 3), QPointF(x, lay.row_left.top()))
            painter.drawLine(QPointF(x, lay.axis_y - 3), QPointF(x, lay.axis_y + 3))
            put_label(x, text)

        # station equations
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        eq_pen = QPen(style.EQUATION, 1.5, Qt.PenStyle.DashLine)
        taken_eq: list[tuple[float, float]] = []
        for e in equations:
            x = x_of(e.d)
            painter.setPen(eq_pen)
            painter.drawLine(
                QPointF(x, lay.row_left.top() - 2), QPointF(x, lay.row_right.bottom() + 2)
            )
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(style.EQUATION))
            y = lay.axis_y
            painter.drawPolygon(
                QPolygonF(
                    [QPointF(x, y - 4), QPointF(x + 4, y), QPointF(x, y + 4), QPointF(x - 4, y)]
                )
            )
            painter.setBrush(Qt.BrushStyle.NoBrush)
            text = e.label
            w = fm.horizontalAdvance(text)
            x0 = min(max(x - w / 2, rect.left() + 1), rect.right() - w - 1)
            if any(not (x0 + w + 3 < a or x0 > b + 3) for a, b in taken_eq):
                continue
            taken_eq.append((x0, x0 + w))
            painter.setPen(style.EQUATION)
            painter.drawText(
                QRectF(x0, lay.equations_y, w + 2, fm.height() + 2),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                | int(Qt.TextFlag.TextDontClip),
                text,
            )

        marker = _opt(opts, "marker_d")
        if marker is not None and length > 0:
            x = x_of(float(marker))
            painter.setPen(QPen(style.SELECTION.darker(130), 2.0))
            painter.drawLine(
                QPointF(x, lay.row_left.top() - 4), QPointF(x, lay.row_right.bottom() + 4)
            )

        # legend
        if _opt(opts, "legend", True) and lay.legend.height() > 0:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            states = _legend_states(opts)
            texts = [labels[s] for s in states]
            sw = fm.height()
            y = lay.legend.top() + 2
            for line in _legend_lines(lay.legend.width(), texts, fm):
                x = lay.legend.left()
                for i in line:
                    box = QRectF(x, y + 1, sw, sw - 2)
                    painter.setPen(QPen(QColor("#7a7a7a"), 1.0))
                    painter.setBrush(QBrush(state_color(states[i])))
                    painter.drawRect(box)
                    painter.setPen(style.LABEL)
                    w = fm.horizontalAdvance(texts[i])
                    painter.drawText(
                        QRectF(x + sw + 4, y, w + 2, fm.height() + 2),
                        int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                        | int(Qt.TextFlag.TextDontClip),
                        texts[i],
                    )
                    x += sw + 4 + w + 12
                y += fm.height() + 4
    finally:
        painter.restore()


__all__ = [
    "STATE_COLORS",
    "STATE_LABELS",
    "StripLayout",
    "cell_at",
    "draw_strip",
    "state_color",
    "state_label",
    "strip_hit",
    "strip_layout",
    "strip_side_at",
    "strip_x",
]
