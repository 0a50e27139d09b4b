"""The map block of a household sheet, as on a trích đo (cadastral extract): the household's
parcels at a stated usual scale with the VN-2000 grid (E/N labels), north arrow and scale bar,
and the boundary points of the recovered part numbered on the map and listed in a table of
coordinates (X = northing first, as Vietnamese documents list them; Y = easting).

:func:`boundary_points` is Qt-free; the drawing functions import Qt lazily.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..core.fmt import marks
from ..core.model import Parcel
from .mapsheet import GRID_MM, fmt_int, sheet_viewport
from .words import say

if TYPE_CHECKING:  # pragma: no cover
    from .mapsheet import PageWriter

POINT_PT = 6.5  # table font
SIMPLIFY_M = 0.02  # vertices closer than this to the line of their neighbours are dropped
POINTS_TITLE = "BẢNG TỌA ĐỘ ĐIỂM RANH GIỚI PHẦN THU HỒI (VN-2000)"


@dataclass(frozen=True)
class BoundaryPoint:
    """A numbered vertex of a recovered part: ``x`` easting, ``y`` northing (project CRS,
    metres); ``side_m``: length of the side to the next point of its ring."""

    number: int
    x: float
    y: float
    side_m: float


def boundary_points(parcels: Sequence[Parcel]) -> list[BoundaryPoint]:
    """Vertices of the parcels' recovered parts, parcel by parcel (in the order given), each
    ring clockwise from its north-west corner; a vertex two parts share keeps its first
    number."""
    import shapely

    out: list[BoundaryPoint] = []
    seen: set[tuple[float, float]] = set()
    for p in parcels:
        g = p.recovered_geometry
        if g is None or g.is_empty:
            continue
        g = shapely.simplify(g, SIMPLIFY_M)
        for part in getattr(g, "geoms", [g]):
            if part.geom_type != "Polygon" or part.is_empty:
                continue
            for ring in (part.exterior, *part.interiors):
                xy = list(ring.coords)[:-1]
                if ring.is_ccw:
                    xy.reverse()  # clockwise, as surveyors number
                if len(xy) < 3:
                    continue
                start = max(range(len(xy)), key=lambda k: xy[k][1] - xy[k][0])  # north-west
                xy = xy[start:] + xy[:start]
                for k, (x, y) in enumerate(xy):
                    key = (round(x, 2), round(y, 2))
                    if key in seen:
                        continue
                    seen.add(key)
                    nx, ny = xy[(k + 1) % len(xy)]
                    out.append(BoundaryPoint(len(out) + 1, x, y, math.hypot(nx - x, ny - y)))
    return out


def household_scale(fitted: float) -> int:
    """The stated scale of a household map: the fitted 1:N rounded up to a multiple of 100
    below 1:1 000, 500 below 1:5 000, 1 000 below 1:10 000, then 5 000 (finer steps than the
    sheet series: the household's parcels fill the frame)."""
    for limit, step in ((1000, 100), (5000, 500), (10000, 1000)):
        if fitted <= limit:
            return max(int(math.ceil(fitted / step) * step), step)
    return int(math.ceil(fitted / 5000) * 5000)


def fmt_coord(v: float) -> str:
    """A coordinate in metres to the centimetre, decimal comma, no grouping: ``2350123,45``."""
    return f"{v:.2f}".replace(".", marks()[1])


def point_rows(points: Sequence[BoundaryPoint]) -> list[list[str]]:
    """Table rows: number, X (northing), Y (easting), side to the next point."""
    return [
        [str(b.number), fmt_coord(b.y), fmt_coord(b.x), fmt_coord(b.side_m)]
        for b in points
    ]


def point_columns(lang: str = "vi"):
    from PySide6.QtCore import Qt

    from ..render.sheet import Column

    right = Qt.AlignmentFlag.AlignRight
    return [
        Column(say("Điểm", lang), 0.7, right),
        Column("X (m)", 1.35, right),
        Column("Y (m)", 1.2, right),
        Column(say("Cạnh (m)", lang), 1.1, right),
    ]


def draw_household_map(pw: PageWriter, renderer, opts, code: str, parcels, rect):
    """The household's map in ``rect`` (grid labels inside its margin): fitted at a usual
    scale, north arrow, scale bar "Tỷ lệ 1:N", the recovered parts' boundary points numbered.
    Returns (1:N, boundary points); (None, []) when the parcels have no geometry."""
    import shapely
    from PySide6.QtCore import QPointF, QRectF

    from ..render import decorations, sheet
    from ..render.labels import LabelIndex
    from ..render.map_renderer import RenderOptions

    geoms = [p.geometry for p in parcels if p.geometry is not None]
    if not geoms:
        return None, []
    painter, paper = pw.painter, pw.paper
    mm, unit = paper.mm, paper.unit
    g = mm(GRID_MM)
    frame = rect.adjusted(g, g, -g, -g)
    # the recovered parts fill the frame (the points are what the sheet is about)
    rec = [
        p.recovered_geometry
        for p in parcels
        if p.recovered_geometry is not None and not p.recovered_geometry.is_empty
    ]
    minx, miny, maxx, maxy = shapely.total_bounds(rec or geoms)
    pad = max(maxx - minx, maxy - miny) * 0.12 + 15.0
    vp, _n = sheet_viewport(paper, frame, (minx - pad, miny - pad, maxx + pad, maxy + pad), None)
    n = household_scale(vp.scale_denominator(paper.dpi) * (1 - 1e-9))
    vp.m_per_px = n * 0.0254 / paper.dpi
    points = boundary_points(parcels)
    index = LabelIndex(mm(10))
    arrow_c = QPointF(frame.right() - mm(8), frame.top() + mm(10))
    index.add(decorations.north_arrow_box(arrow_c, mm(10), unit))
    bar = QRectF(frame.left(), frame.bottom() - mm(12), mm(56), mm(12))
    index.add(bar)
    ropts = RenderOptions(
        selection=[code],
        use_codes=opts.use_codes,
        lang=opts.lang,
        print_mode=True,
        unit=unit,
        label_scale=1.1,
        points=[(b.x, b.y, str(b.number)) for b in points],
    )
    sheet.draw_map_frame(painter, frame, renderer, vp, ropts, unit, labels=index)
    painter.save()
    painter.setClipRect(frame)
    from PySide6.QtGui import QColor

    back = QColor("#ffffff")
    back.setAlpha(215)
    painter.fillRect(bar.adjusted(unit, 0, 0, -unit), back)
    painter.restore()
    decorations.draw_north_arrow(painter, vp, arrow_c, mm(10), unit)
    decorations.draw_scale_bar(
        painter,
        vp,
        QPointF(frame.left() + mm(4), frame.bottom() - mm(3)),
        mm(40),
        unit,
        say("Tỷ lệ 1:{n}", opts.lang, n=fmt_int(n)),
    )
    return n, points


def _title_height(painter, width: float, title: str) -> float:
    """Height :func:`sheet.text_block` gives ``title`` (7.5 pt bold) in ``width``, measured
    once per title, width and resolution (a pack asks it for every household)."""
    from PySide6.QtCore import QRectF

    from ..render import sheet

    dev = painter.device()
    key = (title, width, dev.logicalDpiX(), dev.logicalDpiY())
    h = _TITLE_H.get(key)
    if h is None:
        if len(_TITLE_H) > 1024:  # a bounded cache of pure measurements
            _TITLE_H.clear()
        h = _TITLE_H[key] = sheet.text_height(painter, QRectF(0, 0, width, 1), title, 7.5, True)
    return h


_TITLE_H: dict[tuple, float] = {}


def draw_point_table(
    pw: PageWriter, rect, points: Sequence[BoundaryPoint], title: str | None = None
) -> int:
    """The boundary points' table in ``rect``: ``title``, then as many side-by-side tables
    as fit its width (about 55 mm each). Returns how many points it listed."""
    from PySide6.QtCore import QRectF

    from ..render import sheet

    painter, mm, unit = pw.painter, pw.paper.mm, pw.paper.unit
    if not points:
        return 0
    if title is None:
        title = say(POINTS_TITLE, pw.lang)
    h = _title_height(painter, rect.width(), title) + mm(1)
    cap = sheet.table_capacity(painter, rect.height() - h, POINT_PT)
    if cap <= 0:  # no room for a row: not even the title
        return 0
    sheet.text_block(painter, rect, title, 7.5, True)
    rows = point_rows(points)
    gap = mm(3)
    ntab = max(int((rect.width() + gap) // (mm(55) + gap)), 1)
    width = (rect.width() - gap * (ntab - 1)) / ntab
    ntab = min(ntab, math.ceil(len(rows) / cap))
    per = math.ceil(len(rows) / ntab) if len(rows) <= cap * ntab else cap
    done = 0
    for k in range(ntab):
        chunk = rows[done : done + per]
        if not chunk:
            break
        box = QRectF(rect.left() + k * (width + gap), rect.top() + h, width, rect.height() - h)
        done += sheet.draw_table(painter, box, point_columns(pw.lang), chunk, POINT_PT, unit)
    return done
