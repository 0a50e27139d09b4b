"""Map furniture drawn with QPainter on any device: scale bar, north arrow, VN-2000 grid, legend.

Coordinates: every function draws in the painter's current coordinates, where the viewport's
device rectangle is ``(0, 0, vp.width, vp.height)``. ``unit`` is device pixels per screen
pixel (1 on a 96 dpi screen, dpi/96 on paper).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen, QPolygonF

from ..core.fmt import marks
from ..core.model import Status
from . import style
from .labels import LabelIndex
from .viewport import Viewport


def nice_length(max_m: float) -> float:
    """The largest 1, 2 or 5 × 10^k not above ``max_m`` (at least 0.01)."""
    if max_m <= 0.01:
        return 0.01
    k = math.floor(math.log10(max_m))
    for m in (5, 2, 1):
        v = m * 10.0**k
        if v <= max_m + 1e-9:
            return v
    return 10.0**k  # pragma: no cover


def format_length(m: float) -> str:
    """``"500 m"``, ``"1 km"``, ``"2,5 km"`` (the document's decimal mark, core.fmt.marks)."""
    dec = marks()[1]
    if m >= 1000:
        km = m / 1000
        return (f"{km:g}" if km == int(km) else f"{km:.1f}").replace(".", dec) + " km"
    return (f"{m:g}" if m >= 1 else f"{m:.2f}").replace(".", dec) + " m"


def group_thousands(value: float, decimals: int = 0, sep: str = " ", dec: str = ",") -> str:
    """``2345678.123 -> "2 345 678,12"`` (decimals=2)."""
    s = f"{abs(value):,.{decimals}f}"
    s = s.replace(",", "\x00").replace(".", dec).replace("\x00", sep)
    return ("-" if value < 0 else "") + s


def draw_scale_bar(
    painter: QPainter,
    vp: Viewport,
    pos: QPointF,
    max_width: float,
    unit: float = 1.0,
    caption: str | None = None,
) -> QRectF:
    """A four-segment alternating bar of a round length at ``pos`` (its lower-left corner),
    at most ``max_width`` device pixels long, labelled 0 … length; ``caption`` above it.
    Returns the rectangle used."""
    length = nice_length(max_width * vp.m_per_px)
    w = length / vp.m_per_px
    h = 5.0 * unit
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    f = style.font(7.0)
    painter.setFont(f)
    fm = QFontMetricsF(f, painter.device())
    top = pos.y() - h
    painter.setPen(style.pen("#000000", 0.8, unit))
    for k in range(4):
        painter.setBrush(QColor("#000000") if k % 2 == 0 else QColor("#ffffff"))
        painter.drawRect(QRectF(pos.x() + k * w / 4, top, w / 4, h))
    painter.setPen(QColor("#000000"))
    y_text = top - fm.descent() - 2 * unit
    for frac, text in ((0.0, "0"), (0.5, format_length(length / 2)), (1.0, format_length(length))):
        tw = fm.horizontalAdvance(text)
        painter.drawText(QPointF(pos.x() + frac * w - tw / 2, y_text), text)
    used = QRectF(
        pos.x() - 20 * unit, y_text - fm.ascent(), w + 40 * unit, pos.y() - y_text + fm.ascent()
    )
    if caption:
        cf = style.font(8.0, bold=True)
        painter.setFont(cf)
        cfm = QFontMetricsF(cf, painter.device())
        cy = y_text - fm.height() - 2 * unit
        painter.drawText(QPointF(pos.x(), cy), caption)
        used = used.united(
            QRectF(pos.x(), cy - cfm.ascent(), cfm.horizontalAdvance(caption), cfm.height())
        )
    painter.restore()
    return used


def north_direction(vp: Viewport) -> tuple[float, float]:
    """Unit vector (device, y down) pointing to grid north."""
    a = math.radians(vp.rotation_deg)
    return math.sin(a), -math.cos(a)


def north_arrow_box(centre: QPointF, size: float, unit: float = 1.0) -> QRectF:
    """The square :func:`draw_north_arrow` may cover, whatever its rotation (its "N" too)."""
    r = size / 2 + size * 0.22 + max(size / 4.0, 6.0 * unit) * 0.9
    return QRectF(centre.x() - r, centre.y() - r, 2 * r, 2 * r)


def draw_north_arrow(
    painter: QPainter, vp: Viewport, centre: QPointF, size: float, unit: float = 1.0
) -> QRectF:
    """A north arrow of ``size`` device pixels centred on ``centre``, pointing to grid north
    whatever the viewport's rotation, with an upright "N" at its tip. Returns
    :func:`north_arrow_box`."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.translate(centre)
    painter.rotate(vp.rotation_deg)  # device up (0, -1) -> north
    h = size / 2
    left = QPolygonF([QPointF(0, -h), QPointF(-h * 0.45, h * 0.7), QPointF(0, h * 0.35)])
    right = QPolygonF([QPointF(0, -h), QPointF(h * 0.45, h * 0.7), QPointF(0, h * 0.35)])
    painter.setPen(style.pen("#000000", 1.0, unit))
    painter.setBrush(QColor("#000000"))
    painter.drawPolygon(left)
    painter.setBrush(QColor("#ffffff"))
    painter.drawPolygon(right)
    tip = QPointF(0, -h - size * 0.22)
    painter.rotate(-vp.rotation_deg)
    a = math.radians(vp.rotation_deg)
    tip = QPointF(-tip.y() * math.sin(a), tip.y() * math.cos(a))
    f = style.font(max(size / (unit * 4.0), 6.0), bold=True)
    painter.setFont(f)
    fm = QFontMetricsF(f, painter.device())
    painter.setPen(QColor("#000000"))
    painter.drawText(
        QPointF(
            tip.x() - fm.horizontalAdvance("N") / 2, tip.y() + fm.ascent() / 2 - fm.descent() / 2
        ),
        "N",
    )
    painter.restore()
    return north_arrow_box(centre, size, unit)


def _clip_line(line: QLineF, rect: QRectF) -> list[tuple[QPointF, str]]:
    """Points where an (infinite-ish) line crosses the rectangle's edges, with the edge name."""
    edges = {
        "top": QLineF(rect.topLeft(), rect.topRight()),
        "bottom": QLineF(rect.bottomLeft(), rect.bottomRight()),
        "left": QLineF(rect.topLeft(), rect.bottomLeft()),
        "right": QLineF(rect.topRight(), rect.bottomRight()),
    }
    out = []
    for name, e in edges.items():
        kind, p = line.intersects(e)
        if kind == QLineF.IntersectionType.BoundedIntersection:
            out.append((p, name))
    return out


def grid_spacing(vp: Viewport, lines: int = 5) -> float:
    """A round grid spacing giving about ``lines`` lines across the viewport."""
    minx, miny, maxx, maxy = vp.world_rect()
    return nice_length(max(maxx - minx, maxy - miny) / lines)


def grid_edges(vp: Viewport) -> tuple[set[str], set[str]]:
    """Frame edges of the easting (E) and northing (N) labels: each axis keeps to the pair
    of edges its lines cross most squarely, so the two never share an edge."""
    a = math.radians(vp.rotation_deg) % math.pi
    upright = abs(math.cos(a)) >= abs(math.sin(a))
    tb, lr = {"top", "bottom"}, {"left", "right"}
    return (tb, lr) if upright else (lr, tb)


def draw_grid(
    painter: QPainter,
    vp: Viewport,
    spacing_m: float | None = None,
    unit: float = 1.0,
    labels: bool = True,
    placed_out: list[QRectF] | None = None,
    index: LabelIndex | None = None,
) -> int:
    """VN-2000 grid lines (thin grey) clipped to the viewport, with coordinate labels
    outside its edges: "E 441 000" (easting, Y of Vietnamese surveys) and "N 2 350 000"
    (northing, X), each axis on its own pair of edges (:func:`grid_edges`). A label that
    would come within half a line of one already drawn, run past the frame's corner or touch
    a box of ``index`` (a sheet's printed boxes, in the painter's device coordinates mapped
    through its transform) is left out; ``placed_out`` receives the label rectangles drawn
    (current coordinates). Returns the number of lines."""
    spacing = spacing_m or grid_spacing(vp)
    rect = QRectF(0, 0, vp.width, vp.height)
    minx, miny, maxx, maxy = vp.world_rect()
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    grid_pen = style.pen(QColor(60, 60, 60, 150), 0.6, unit, Qt.PenStyle.SolidLine)
    f = style.font(6.0)
    painter.setFont(f)
    fm = QFontMetricsF(f, painter.device())
    to_page = painter.transform()
    e_edges, n_edges = grid_edges(vp)
    placed: list[QRectF] = []
    specs = []
    x = math.ceil(minx / spacing) * spacing
    while x <= maxx:
        specs.append(((x, miny - spacing), (x, maxy + spacing), "E " + group_thousands(x), e_edges))
        x += spacing
    y = math.ceil(miny / spacing) * spacing
    while y <= maxy:
        specs.append(((minx - spacing, y), (maxx + spacing, y), "N " + group_thousands(y), n_edges))
        y += spacing
    gap = 2 * unit
    apart = fm.height() * 0.5  # labels along one edge never run together
    crossings = []
    for (x0, y0), (x1, y1), text, edges in specs:
        line = QLineF(vp.to_device(x0, y0), vp.to_device(x1, y1))
        hits = _clip_line(line, rect)
        if len(hits) >= 2:
            crossings.append((hits, text, edges))
    # the lines under one clip (a clip set per line is written into the PDF per line), then
    # their labels outside the frame
    n = len(crossings)
    if n:
        painter.setClipRect(rect)
        painter.setPen(grid_pen)
        for hits, _text, _edges in crossings:  # one by one: crossings darken as before
            painter.drawLine(QLineF(hits[0][0], hits[1][0]))
        painter.setClipping(False)
    painter.setPen(QColor("#000000"))
    for hits, text, edges in crossings:
        if not labels:
            continue
        tw = fm.horizontalAdvance(text)
        for p, edge in hits:
            if edge not in edges:
                continue
            box = _grid_label_box(p, edge, tw, fm.height(), gap)
            if not _inside_span(box, rect, edge) or any(
                box.adjusted(-apart, -apart, apart, apart).intersects(b) for b in placed
            ):
                continue
            if index is not None and not index.free(to_page.mapRect(box)):
                continue
            placed.append(box)
            if index is not None:
                index.add(to_page.mapRect(box))
            if edge == "top":
                painter.drawText(QPointF(p.x() - tw / 2, p.y() - gap - fm.descent()), text)
            elif edge == "bottom":
                painter.drawText(QPointF(p.x() - tw / 2, p.y() + gap + fm.ascent()), text)
            else:
                painter.save()
                painter.translate(p)
                painter.rotate(-90)
                dy = -gap - fm.descent() if edge == "left" else gap + fm.ascent()
                painter.drawText(QPointF(-tw / 2, dy), text)
                painter.restore()
    painter.restore()
    if placed_out is not None:
        placed_out.extend(placed)
    return n


def _grid_label_box(p: QPointF, edge: str, tw: float, th: float, gap: float) -> QRectF:
    """Device rectangle a grid label at edge point ``p`` covers (outside the frame)."""
    if edge == "top":
        return QRectF(p.x() - tw / 2, p.y() - gap - th, tw, th)
    if edge == "bottom":
        return QRectF(p.x() - tw / 2, p.y() + gap, tw, th)
    if edge == "left":
        return QRectF(p.x() - gap - th, p.y() - tw / 2, th, tw)
    return QRectF(p.x() + gap, p.y() - tw / 2, th, tw)


def _inside_span(box: QRectF, rect: QRectF, edge: str) -> bool:
    """The label stays along its edge, not past the frame's corners."""
    if edge in ("top", "bottom"):
        return box.left() >= rect.left() - 1 and box.right() <= rect.right() + 1
    return box.top() >= rect.top() - 1 and box.bottom() <= rect.bottom() + 1


def draw_legend(
    painter: QPainter,
    top_left: QPointF,
    width: float,
    counts: Mapping[str, int],
    lang: str = "vi",
    unit: float = 1.0,
    title: str | None = None,
    marks: Mapping[str, int] | None = None,
    only_nonzero: bool = False,
    count_label: str | None = None,
) -> float:
    """Legend: one swatch per status with its household count (``counts`` maps status values
    to numbers), then the marks (``marks``: ``donated``/``blocked`` counts) and the line
    symbols. ``count_label`` heads the numbers' column (default "Số hộ" / "Households": say
    what they count). Returns the height used (device pixels)."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    f = style.font(7.0)
    fb = style.font(8.0, bold=True)
    fm = QFontMetricsF(f, painter.device())
    row = fm.height() * 1.35
    sw = fm.height() * 1.5
    x, y = top_left.x(), top_left.y()
    if title is None:
        title = "Chú giải" if lang == "vi" else "Legend"
    painter.setFont(fb)
    fmb = QFontMetricsF(fb, painter.device())
    painter.setPen(QColor("#000000"))
    painter.drawText(QPointF(x, y + fmb.ascent()), title)
    # what the numbers count, over their column
    if count_label is None:
        count_label = "Số hộ" if lang == "vi" else "Households"
    painter.setFont(f)
    painter.drawText(
        QPointF(x + width - fm.horizontalAdvance(count_label), y + fmb.ascent()), count_label
    )
    y += fmb.height() * 1.3

    def label(text: str, count: int | None) -> None:
        painter.setPen(QColor("#000000"))
        painter.drawText(
            QPointF(x + sw + 4 * unit, y + (row + fm.ascent() - fm.descent()) / 2 - 1), text
        )
        if count is not None:
            c = str(count)
            painter.drawText(
                QPointF(
                    x + width - fm.horizontalAdvance(c),
                    y + (row + fm.ascent() - fm.descent()) / 2 - 1,
                ),
                c,
            )

    box = lambda: QRectF(x, y + row * 0.15, sw, row * 0.7)  # noqa: E731
    for st in Status:
        n = int(counts.get(st.value, 0))
        if only_nonzero and n == 0:
            continue
        painter.setPen(style.pen(style.PARCEL_EDGE, 0.6, unit))
        painter.setBrush(style.recovered_fill(st))
        painter.drawRect(box())
        label(style.status_label(st, lang), n)
        y += row
    painter.setPen(style.pen(style.PARCEL_EDGE, 0.6, unit))
    painter.setBrush(style.status_color(None))
    painter.drawRect(box())
    label(style.mark_label("unheld", lang), None)
    y += row
    marks = marks or {}
    for key, p in (("donated", style.donated_pen(unit)), ("blocked", style.blocked_pen(unit))):
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(p)
        painter.drawRect(box().adjusted(2 * unit, 1 * unit, -2 * unit, -1 * unit))
        label(style.mark_label(key, lang), marks.get(key))
        y += row
    for key, p in (("boundary", style.boundary_pen(unit)), ("route", style.route_pen(unit))):
        painter.setPen(p)
        yy = y + row / 2
        painter.drawLine(QPointF(x, yy), QPointF(x + sw, yy))
        label(style.mark_label(key, lang), None)
        y += row
    painter.restore()
    return y - top_left.y()


def frame(painter: QPainter, rect: QRectF, unit: float = 1.0, width_px: float = 1.2) -> None:
    """A plain black frame around ``rect``."""
    painter.save()
    painter.setBrush(Qt.BrushStyle.NoBrush)
    p = QPen(QColor("#000000"), width_px * unit)
    painter.setPen(p)
    painter.drawRect(rect)
    painter.restore()
