"""Print-sheet building blocks in millimetres: text blocks, tables, sign-off block, map frame.

Used by the PDF/PNG exports; every function takes the painter and a :class:`Paper` that
converts millimetres to device pixels of the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen

from . import decorations, style
from .labels import LabelIndex
from .map_renderer import MapRenderer, RenderOptions
from .viewport import Viewport


@dataclass
class Paper:
    """Page geometry of a paint device: ``dpi`` dots per inch, page size in device pixels."""

    dpi: float
    width: float
    height: float

    @property
    def unit(self) -> float:
        """Device pixels per screen pixel (96 dpi)."""
        return self.dpi / 96.0

    def mm(self, v: float) -> float:
        return v * self.dpi / 25.4

    def rect_mm(self, x: float, y: float, w: float, h: float) -> QRectF:
        return QRectF(self.mm(x), self.mm(y), self.mm(w), self.mm(h))


@dataclass
class Column:
    header: str
    width: float  # relative weight
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft


def text_block(
    painter: QPainter,
    rect: QRectF,
    text: str,
    point_size: float = 9.0,
    bold: bool = False,
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
) -> float:
    """Word-wrapped text at the top of ``rect`` (marks above capitals never clipped);
    returns the height used."""
    f = style.font(point_size, bold)
    painter.save()
    painter.setFont(f)
    painter.setPen(QColor("#000000"))
    flags = int(align) | int(Qt.AlignmentFlag.AlignTop) | int(Qt.TextFlag.TextWordWrap)
    flags |= int(Qt.TextFlag.TextDontClip)
    bound = painter.drawText(rect, flags, text)  # returns the bounding rect: laid out once
    painter.restore()
    return bound.height() + 1.0  # a device pixel: a block stacked below never touches it


def text_height(
    painter: QPainter,
    rect: QRectF,
    text: str,
    point_size: float = 9.0,
    bold: bool = False,
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
) -> float:
    """The height :func:`text_block` would use, without drawing."""
    painter.save()
    painter.setFont(style.font(point_size, bold))
    flags = int(align) | int(Qt.AlignmentFlag.AlignTop) | int(Qt.TextFlag.TextWordWrap)
    flags |= int(Qt.TextFlag.TextDontClip)
    h = painter.boundingRect(rect, flags, text).height() + 1.0  # as text_block
    painter.restore()
    return h


def table_capacity(painter: QPainter, height: float, point_size: float = 6.5) -> int:
    """How many body rows :func:`draw_table` fits in ``height`` device pixels."""
    rh = row_height(painter, point_size)
    return 0 if height < rh * 2 else max(int((height - rh) // rh), 0)


def row_height(painter: QPainter, point_size: float) -> float:
    fm = QFontMetricsF(style.font(point_size), painter.device())
    return fm.height() * 1.45


_ADVANCES: dict[tuple, float] = {}  # (point size, bold, dpi), text -> advance (draw_table)


def draw_table(
    painter: QPainter,
    rect: QRectF,
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    point_size: float = 6.5,
    unit: float = 1.0,
    body_row_height: float = 0.0,
) -> int:
    """A ruled table with a bold header; draws as many rows as fit in ``rect`` (cells
    elided to their column) and returns how many rows it drew. Body rows are at least
    ``body_row_height`` device pixels tall (room to sign in, say)."""
    painter.save()
    f, fb = style.font(point_size), style.font(point_size, bold=True)
    fm = QFontMetricsF(f, painter.device())
    rh = fm.height() * 1.45
    bh = max(rh, body_row_height)
    total = sum(c.width for c in columns)
    xs = [rect.left()]
    for c in columns:
        xs.append(xs[-1] + rect.width() * c.width / total)
    pen = QPen(QColor("#444444"), 0.6 * unit)
    pad = 3.0 * unit  # ~0.8 mm: a right-aligned number never touches the next cell's text
    max_rows = max(int((rect.height() - rh) // bh), 0)
    n = min(len(rows), max_rows)
    if rect.height() < rh * 2:
        painter.restore()
        return 0

    # text placed as drawText(rect, AlignVCenter | align) would place it, without laying
    # out a QTextLayout per cell (tables hold most of a pack's text)
    dpi = (painter.device().logicalDpiX(), painter.device().logicalDpiY())
    metrics = {id(font_): QFontMetricsF(font_, painter.device()) for font_ in (f, fb)}
    keys = {id(f): (point_size, False, dpi), id(fb): (point_size, True, dpi)}
    if len(_ADVANCES) > 50_000:  # a bounded cache of pure measurements
        _ADVANCES.clear()
    inner = [xs[k + 1] - xs[k] - 2 * pad for k in range(len(columns))]
    aligns = [c.align for c in columns]
    # 1: right, 0.5: centre, 0: left (enum flag tests are slow in Python: once per table)
    right, centre = Qt.AlignmentFlag.AlignRight, Qt.AlignmentFlag.AlignHCenter
    shift = [1.0 if a & right else 0.5 if a & centre else 0.0 for a in aligns]
    elide = Qt.TextElideMode.ElideRight
    flags = [
        int(a) | int(Qt.AlignmentFlag.AlignVCenter) | int(Qt.TextFlag.TextDontClip) for a in aligns
    ]

    def cells(y: float, values: Sequence[str], font, h: float) -> None:
        painter.setFont(font)
        mfm = metrics[id(font)]
        fkey = keys[id(font)]
        base = y + (h - mfm.height()) / 2 + mfm.ascent()
        for k in range(len(columns)):
            text = str(values[k])
            left, cw = xs[k] + pad, inner[k]
            if "\n" in text:  # a multi-line cell: Qt lays it out
                text = mfm.elidedText(text, elide, cw)
                painter.drawText(QRectF(left, y, cw, h), flags[k], text)
                continue
            akey = (fkey, text)  # headers, codes, numbers and side lengths recur page after page
            w = _ADVANCES.get(akey)
            if w is None:
                w = _ADVANCES[akey] = mfm.horizontalAdvance(text)
            if w > cw:
                text = mfm.elidedText(text, elide, cw)
                w = mfm.horizontalAdvance(text)
            s = shift[k]
            x = left + cw - w if s == 1.0 else left + (cw - w) / 2 if s else left
            painter.drawText(QPointF(x, base), text)

    y = rect.top()
    painter.fillRect(QRectF(rect.left(), y, rect.width(), rh), QColor("#e8e8e8"))
    painter.setPen(QColor("#000000"))
    cells(y, [c.header for c in columns], fb, rh)
    y += rh
    for r in rows[:n]:
        cells(y, r, f, bh)
        y += bh
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for k in range(n + 2):
        yy = rect.top() + (k and rh + (k - 1) * bh)
        painter.drawLine(QPointF(rect.left(), yy), QPointF(rect.right(), yy))
    for x in xs:
        painter.drawLine(QPointF(x, rect.top()), QPointF(x, y))
    painter.restore()
    return n


def draw_signoff(
    painter: QPainter,
    rect: QRectF,
    roles: Sequence[str],
    note: str = "(Ký, ghi rõ họ tên)",
    unit: float = 1.0,
) -> None:
    """Sign-off block: one column per role with room below for signature and name."""
    painter.save()
    fb, f = style.font(7.5, bold=True), style.font(6.5)
    w = rect.width() / max(len(roles), 1)
    flags = int(Qt.AlignmentFlag.AlignHCenter) | int(Qt.AlignmentFlag.AlignTop)
    flags |= int(Qt.TextFlag.TextWordWrap) | int(Qt.TextFlag.TextDontClip)
    for k, role in enumerate(roles):
        cell = QRectF(rect.left() + k * w, rect.top(), w, rect.height())
        painter.setPen(QColor("#000000"))
        painter.setFont(fb)
        h = painter.boundingRect(cell, flags, role).height()
        painter.drawText(cell, flags, role)
        painter.setFont(f)
        painter.drawText(cell.adjusted(0, h + 2 * unit, 0, 0), flags, note)  # not touching
    painter.restore()


def draw_map_frame(
    painter: QPainter,
    rect: QRectF,
    renderer: MapRenderer,
    vp: Viewport,
    opts: RenderOptions,
    unit: float,
    grid: bool = True,
    labels: LabelIndex | None = None,
) -> None:
    """The map in ``rect`` (device pixels; ``vp`` sized to it), VN-2000 grid with labels
    outside the frame, and the frame line. ``labels``: the page's index of printed boxes;
    map and grid labels keep clear of it and join it."""
    if labels is not None:
        opts = replace(opts, labels=labels)
    painter.save()
    painter.translate(rect.topLeft())
    painter.fillRect(QRectF(0, 0, vp.width, vp.height), QColor("#ffffff"))
    renderer.render(painter, vp, opts)
    if grid:
        decorations.draw_grid(painter, vp, unit=unit, index=labels)
    decorations.frame(painter, QRectF(0, 0, vp.width, vp.height), unit)
    painter.restore()


def draw_key_map(
    painter: QPainter, rect: QRectF, renderer: MapRenderer, highlight, unit: float
) -> None:
    """Small overview: communes, clearance boundary and centreline of the whole route, the
    ``highlight`` geometry (current stretch) on top."""
    snap = renderer.snapshot
    b = snap.route.line.bounds if snap.route is not None else snap.bounds()
    if b is None:
        return
    vp = Viewport(0, 0, 1, rect.width(), rect.height()).fit(b, 4 * unit)
    opts = RenderOptions(
        show_parcels=False,
        show_stakes=False,
        show_labels=False,
        highlight=highlight,
        unit=unit,
        print_mode=True,
    )
    draw_map_frame(painter, rect, renderer, vp, opts, unit, grid=False)
