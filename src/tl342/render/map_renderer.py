"""The map, drawn with QPainter on any paint device: the screen canvas, PNG and PDF sheets.

:class:`MapRenderer` turns a :class:`~tl342.core.snapshot.Snapshot` into painter paths once per
load (world coordinates relative to a local origin), with an STRtree over the parcel bounds
for visible-set queries. :meth:`MapRenderer.render` then draws one frame for a
:class:`~tl342.render.viewport.Viewport`; it never reads the database and builds no geometry
except simplified paths for coarse levels of detail (cached per level).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import shapely
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QTransform,
)
from shapely.geometry import LineString, Polygon
from shapely.geometry.base import BaseGeometry

from ..core.chainage import stake_label
from ..core.model import Flag, Parcel, Status
from ..core.snapshot import Snapshot
from . import style
from .viewport import Viewport

# Levels of detail, in metres per *screen* pixel (device pixels / unit)
LABEL_MAX_MPP = 1.6  # parcel labels "sheet/parcel"
OWNER_MAX_MPP = 0.45  # second label line (household code or name)
EDGE_MAX_MPP = 6.0  # parcel outlines
H_TICK_MAX_MPP = 8.0  # 100 m stakes as ticks
H_LABEL_MAX_MPP = 1.6  # "H3" labels
KM_LABEL_MAX_MPP = 60.0  # "Km45" labels
SUBPIXEL_PX = 0.6  # parcels smaller than this (screen px) are skipped
SIMPLIFY_FROM_MPP = 1.0  # paths are simplified above this
RECT_BELOW_PX = 3.0  # parcels smaller than this (screen px) are drawn as their box

MARK_DONATED = 1
MARK_BLOCKED = 2


@dataclass
class RenderOptions:
    """What one frame shows. ``highlight`` is a world geometry drawn on top (e.g. the atlas
    key map's current stretch); ``unit`` is device pixels per screen pixel (None: from the
    device's dpi, 96 dpi = 1)."""

    selection: Sequence[str] = ()
    show_labels: bool = True
    lang: str = "vi"
    use_codes: bool = False
    highlight: BaseGeometry | None = None
    print_mode: bool = False
    unit: float | None = None
    show_parcels: bool = True
    show_stakes: bool = True
    show_communes: bool = True
    label_scale: float = 1.0
    only_codes: frozenset[str] | None = field(default=None)  # restrict parcels (None = all)


def geometry_path(
    geom: BaseGeometry | None, origin: tuple[float, float] = (0.0, 0.0)
) -> QPainterPath:
    """A painter path of a shapely geometry (polygons with holes, lines, points ignored),
    coordinates relative to ``origin``."""
    path = QPainterPath()
    if geom is None or geom.is_empty:
        return path
    ox, oy = origin
    for part in getattr(geom, "geoms", [geom]):
        gt = part.geom_type
        if gt == "Polygon":
            for ring in (part.exterior, *part.interiors):
                xy = np.asarray(ring.coords)[:, :2] - (ox, oy)
                path.addPolygon(QPolygonF([QPointF(x, y) for x, y in xy]))
                path.closeSubpath()
        elif gt in ("LineString", "LinearRing"):
            xy = np.asarray(part.coords)[:, :2] - (ox, oy)
            path.addPolygon(QPolygonF([QPointF(x, y) for x, y in xy]))
        elif gt in ("MultiPolygon", "MultiLineString", "GeometryCollection"):
            path.addPath(geometry_path(part, origin))
    return path


def polygon_paths(geoms, origin: tuple[float, float] = (0.0, 0.0)) -> list[QPainterPath]:
    """Vectorised :func:`geometry_path` for many (multi)polygons: coordinates are pulled
    from shapely in one go, only the QPolygonF construction runs per ring."""
    geoms = np.asarray(geoms, dtype=object)
    out = [QPainterPath() for _ in range(len(geoms))]
    if not len(geoms):
        return out
    kinds = shapely.get_type_id(geoms)
    poly = np.isin(kinds, (3, 6))  # Polygon, MultiPolygon
    for i in np.flatnonzero(~poly):
        out[i] = geometry_path(geoms[i], origin)
    if not poly.any():
        return out
    idx = np.flatnonzero(poly)
    parts, part_of = shapely.get_parts(geoms[idx], return_index=True)
    rings, ring_of = shapely.get_rings(parts, return_index=True)
    xy, coord_of = shapely.get_coordinates(rings, return_index=True)
    xy = xy - np.asarray(origin, dtype=float)
    starts = np.searchsorted(coord_of, np.arange(len(rings) + 1))
    owner = idx[part_of[ring_of]]
    pts = xy.tolist()
    for r in range(len(rings)):
        path = out[owner[r]]
        path.addPolygon(QPolygonF([QPointF(x, y) for x, y in pts[starts[r] : starts[r + 1]]]))
        path.closeSubpath()
    return out


@dataclass
class _Stake:
    x: float
    y: float
    angle: float
    label: str
    is_km: bool


class MapRenderer:
    """Rendering structures of one snapshot, built once per load."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        self.builds = 0
        self._build()

    # -- build ------------------------------------------------------------------------------
    def _build(self) -> None:
        snap = self.snapshot
        b = snap.bounds()
        self.origin = (math.floor(b[0]), math.floor(b[1])) if b else (0.0, 0.0)
        self.parcels: list[Parcel] = [
            p for p in snap.parcels if p.geometry is not None and not p.geometry.is_empty
        ]
        geoms = np.array([p.geometry for p in self.parcels], dtype=object)
        n = len(geoms)
        if n:
            self._bounds = shapely.bounds(geoms)
            self._tree = shapely.STRtree(shapely.box(*self._bounds.T))
            self._size = np.maximum(
                self._bounds[:, 2] - self._bounds[:, 0], self._bounds[:, 3] - self._bounds[:, 1]
            )
            self._label_xy = shapely.get_coordinates(shapely.point_on_surface(geoms))
        else:
            self._bounds = np.empty((0, 4))
            self._tree = shapely.STRtree([])
            self._size = np.empty(0)
            self._label_xy = np.empty((0, 2))
        self._geoms = geoms
        self._paths = polygon_paths(geoms, self.origin)
        ox, oy = self.origin
        self._rects = [
            QRectF(b[0] - ox, b[1] - oy, b[2] - b[0], b[3] - b[1]) for b in self._bounds.tolist()
        ]
        rec = [
            (i, p.recovered_geometry)
            for i, p in enumerate(self.parcels)
            if p.recovered_geometry is not None and not p.recovered_geometry.is_empty
        ]
        self._rec_paths: list[QPainterPath | None] = [None] * n
        for (i, _), path in zip(rec, polygon_paths([g for _, g in rec], self.origin), strict=True):
            self._rec_paths[i] = path
        self._codes = [p.household_code for p in self.parcels]
        self._by_code: dict[str, list[int]] = defaultdict(list)
        for i, c in enumerate(self._codes):
            if c:
                self._by_code[c].append(i)
        self._status: list[Status | None] = [None] * n
        self._marks = np.zeros(n, dtype=np.int8)
        self._lod: dict[int, dict[int, QPainterPath]] = {}
        self._print_lod: dict[int, list] = {}  # simplified long lines for print, by level
        self._print_paths: dict[tuple, tuple] = {}  # their paths clipped to a print frame
        for i in range(n):
            self._restyle(i)

        self._communes = [
            (name, geom, geometry_path(geom.boundary, self.origin))
            for name, geom in snap.communes.items()
            if geom is not None and not geom.is_empty
        ]
        bnd = snap.boundary
        self._boundary = (
            geometry_path(bnd.boundary if bnd.geom_type.endswith("Polygon") else bnd, self.origin)
            if bnd is not None and not bnd.is_empty
            else None
        )
        route = snap.route
        self._route_path = geometry_path(route.line, self.origin) if route is not None else None
        self._corridor: BaseGeometry | None = None  # keeps commune names off the road
        self._stakes: list[_Stake] = []
        self.label_boxes: list[QRectF] = []  # stake/equation labels of the last frame
        self._equations: list[tuple[float, float, str]] = []
        if route is not None:
            for pos in route.stations(100.0):
                label = stake_label(pos.chainage_m)
                self._stakes.append(
                    _Stake(pos.x, pos.y, pos.angle_deg, label, label.startswith("Km"))
                )
            self._equations = [(e.x, e.y, str(e)) for e in route.equations]
        self.builds += 1

    def _restyle(self, i: int) -> None:
        state = self.snapshot.state_of(self._codes[i])
        self._status[i] = state.status if state is not None else None
        mark = 0
        if state is not None:
            if Flag.DONATED in state.flags:
                mark |= MARK_DONATED
            if state.flags & style.BLOCKING_FLAGS:
                mark |= MARK_BLOCKED
        self._marks[i] = mark

    def update_household(self, code: str) -> None:
        """Refresh colours and marks of one household's parcels (no geometry is rebuilt)."""
        for i in self._by_code.get(code, ()):
            self._restyle(i)

    def update_all(self) -> None:
        """Refresh colours and marks of every parcel (still no geometry rebuilt)."""
        for i in range(len(self.parcels)):
            self._restyle(i)

    # -- queries ----------------------------------------------------------------------------
    def visible(self, vp: Viewport, unit: float = 1.0) -> np.ndarray:
        """Indices of parcels intersecting the viewport and at least a pixel big."""
        if not len(self.parcels):
            return np.empty(0, dtype=np.intp)
        idx = self._tree.query(Polygon(vp.world_corners()), predicate="intersects")
        idx = np.sort(idx)
        keep = self._size[idx] / (vp.m_per_px * unit) >= SUBPIXEL_PX
        return idx[keep]

    def parcel_at(self, x: float, y: float, tolerance_m: float = 0.0) -> Parcel | None:
        """The parcel under a world point (the smallest one when several overlap; a held
        parcel before an unheld one)."""
        if not len(self.parcels):
            return None
        pt = shapely.Point(x, y)
        idx = self._tree.query(pt.buffer(tolerance_m) if tolerance_m > 0 else pt)
        hits = [int(i) for i in idx if self._geoms[i].distance(pt) <= tolerance_m]
        if not hits:
            return None
        hits.sort(key=lambda i: (self._codes[i] is None, self._geoms[i].area))
        return self.parcels[hits[0]]

    def parcels_in(self, geom: BaseGeometry) -> list[Parcel]:
        """Parcels whose geometry intersects ``geom`` (world)."""
        if not len(self.parcels):
            return []
        idx = self._tree.query(geom, predicate="intersects")
        return [
            self.parcels[i] for i in sorted(int(j) for j in idx) if self._geoms[i].intersects(geom)
        ]

    def status_of(self, parcel_index: int) -> Status | None:
        return self._status[parcel_index]

    # -- drawing ----------------------------------------------------------------------------
    def _lod_level(self, mpp: float) -> int:
        if mpp <= SIMPLIFY_FROM_MPP:
            return -1
        return int(math.floor(math.log2(mpp)))

    def _ensure_lod(self, idx: np.ndarray, level: int) -> None:
        """Simplify the parcels of ``idx`` missing from the level's cache, in one call."""
        if level < 0 or not len(idx):
            return
        cache = self._lod.setdefault(level, {})
        missing = [i for i in idx.tolist() if i not in cache]
        if not missing:
            return
        simple = shapely.simplify(self._geoms[missing], 0.5 * 2.0**level, preserve_topology=False)
        ok = ~shapely.is_empty(simple)
        paths = polygon_paths(simple[ok], self.origin)
        for i in np.asarray(missing)[~ok].tolist():
            cache[i] = self._paths[i]
        for i, path in zip(np.asarray(missing)[ok].tolist(), paths, strict=True):
            cache[i] = path

    def _path(self, i: int, level: int) -> QPainterPath:
        if level < 0:
            return self._paths[i]
        cache = self._lod.setdefault(level, {})
        p = cache.get(i)
        if p is None:
            simple = shapely.simplify(self._geoms[i], 0.5 * 2.0**level, preserve_topology=False)
            p = self._paths[i] if simple.is_empty else geometry_path(simple, self.origin)
            cache[i] = p
        return p

    def render(self, painter: QPainter, vp: Viewport, opts: RenderOptions | None = None) -> None:
        """Draw one frame into ``painter``'s device rectangle ``(0, 0, vp.width, vp.height)``
        (in the painter's current coordinates)."""
        opts = opts or RenderOptions()
        dev = painter.device()
        unit = opts.unit or max(dev.logicalDpiX() / 96.0, 0.01)
        mpp = vp.m_per_px * unit  # metres per screen pixel, for levels of detail
        painter.save()
        base = painter.transform()
        painter.setClipRect(QRectF(0, 0, vp.width, vp.height), Qt.ClipOperation.IntersectClip)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        world = vp.transform(self.origin) * base
        to_dev = vp.transform(self.origin)

        # long lines (communes, boundary, centreline): a print keeps only what the frame
        # shows, simplified to its resolution, since a PDF stores every vertex on every page
        lines = self._print_lines(vp, unit) if opts.print_mode else None
        commune_paths, boundary_path, route_path = lines or (
            [path for _name, _geom, path in self._communes],
            self._boundary,
            self._route_path,
        )

        # 1. commune boundaries
        painter.setTransform(world)
        if opts.show_communes:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(style.commune_pen(unit))
            for path in commune_paths:
                painter.drawPath(path)

        vis = self.visible(vp, unit) if opts.show_parcels else np.empty(0, dtype=np.intp)
        if opts.only_codes is not None and len(vis):
            vis = np.array([i for i in vis if self._codes[i] in opts.only_codes], dtype=np.intp)
        level = self._lod_level(mpp)

        # 2. parcels filled by status, 3. recovered parts
        if len(vis):
            edge = (
                style.pen(style.PARCEL_EDGE, 0.6 if opts.print_mode else 0.8, unit)
                if mpp <= EDGE_MAX_MPP
                else QPen(Qt.PenStyle.NoPen)
            )
            # parcels only a few pixels big: their box, batched per status (overview speed)
            tiny_mask = self._size[vis] / (vp.m_per_px * unit) < RECT_BELOW_PX
            tiny, vis = vis[tiny_mask], vis[~tiny_mask]
            if len(tiny):
                painter.setPen(Qt.PenStyle.NoPen)
                groups: dict[Status | None, list[QRectF]] = defaultdict(list)
                for i in tiny.tolist():
                    groups[self._status[i]].append(self._rects[i])
                for st, rects in groups.items():
                    painter.setBrush(style.recovered_fill(st))
                    painter.drawRects(rects)
            painter.setPen(edge)
            self._ensure_lod(vis, level)
            for i in self._by_colour(vis, self._status):
                painter.setBrush(style.parcel_fill(self._status[i]))
                painter.drawPath(self._path(i, level))
            painter.setPen(Qt.PenStyle.NoPen)
            for i in vis:
                rec = self._rec_paths[i]
                if rec is None or self._status[i] is None:
                    continue
                painter.setBrush(style.recovered_fill(self._status[i]))
                painter.drawPath(rec)
            if not opts.print_mode and mpp <= LABEL_MAX_MPP:
                # hatch the recovered part on screen too, so it reads without colour
                painter.setBrush(QBrush(QColor(0, 0, 0, 60), Qt.BrushStyle.BDiagPattern))
                for i in vis:
                    rec = self._rec_paths[i]
                    if rec is not None and self._status[i] is not None:
                        painter.drawPath(rec)

            # 4. donated / blocked marks
            painter.setBrush(Qt.BrushStyle.NoBrush)
            tmarks = self._marks[tiny]
            for flag, mk_pen in (
                (MARK_DONATED, style.donated_pen),
                (MARK_BLOCKED, style.blocked_pen),
            ):
                sel = tiny[(tmarks & flag) != 0]
                if len(sel):
                    painter.setPen(mk_pen(unit))
                    painter.drawRects([self._rects[i] for i in sel.tolist()])
            marks = self._marks[vis]
            if (marks & MARK_DONATED).any():
                painter.setPen(style.donated_pen(unit))
                for i in vis[(marks & MARK_DONATED) != 0]:
                    painter.drawPath(self._path(i, level))
            if (marks & MARK_BLOCKED).any():
                painter.setPen(style.blocked_pen(unit))
                for i in vis[(marks & MARK_BLOCKED) != 0]:
                    painter.drawPath(self._path(i, level))

        # 5. clearance boundary, 6. centreline
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if boundary_path is not None:
            painter.setPen(style.boundary_pen(unit))
            painter.drawPath(boundary_path)
        if route_path is not None:
            painter.setPen(style.pen(style.halo_colour(painter, 200), 4.0, unit))
            painter.drawPath(route_path)
            painter.setPen(style.route_pen(unit))
            painter.drawPath(route_path)

        if opts.highlight is not None and not opts.highlight.is_empty:
            hl = geometry_path(opts.highlight, self.origin)
            painter.setPen(style.pen(style.HIGHLIGHT, 6.0, unit))
            if opts.highlight.geom_type.endswith("Polygon"):
                painter.setBrush(style.HIGHLIGHT)
            painter.drawPath(hl)
            painter.setBrush(Qt.BrushStyle.NoBrush)

        # 7. selection
        selected = set(opts.selection or ())
        sel_idx = [i for c in selected for i in self._by_code.get(c, ())]
        if sel_idx:
            for width, colour in ((5.0, style.SELECTION), (1.5, QColor("#000000"))):
                painter.setPen(style.pen(colour, width, unit))
                for i in sel_idx:
                    painter.drawPath(self._paths[i])

        # device-space overlays: stakes, equations, labels
        painter.setTransform(base)
        if opts.show_stakes and self._route_path is not None:
            self._draw_stakes(painter, vp, to_dev, unit, mpp, opts)
        if opts.show_labels and mpp <= LABEL_MAX_MPP and len(vis):
            self._draw_labels(painter, vp, vis, unit, mpp, opts)
        if opts.show_communes and opts.show_labels:
            self._draw_commune_names(painter, vp, unit)
        painter.restore()

    def _print_lines(self, vp: Viewport, unit: float):
        """(commune paths, boundary path, route path) clipped to the viewport (plus a margin
        for line widths) and simplified to at most a quarter of a printed pixel (the simplified
        lines are cached per power-of-two tolerance)."""
        corners = shapely.get_coordinates(Polygon(vp.world_corners()))
        pad = 20 * vp.m_per_px * unit
        x0, y0 = corners.min(axis=0) - pad
        x1, y1 = corners.max(axis=0) + pad
        level = math.floor(math.log2(max(0.25 * vp.m_per_px * unit, 1e-6)))
        cache = self._print_lod
        geoms = cache.get(level)
        if geoms is None:
            snap = self.snapshot
            bnd = snap.boundary if self._boundary is not None else None
            if bnd is not None and bnd.geom_type.endswith("Polygon"):
                bnd = bnd.boundary
            route = snap.route.line if self._route_path is not None else None
            raw = [g.boundary for _n, g, _p in self._communes] + [bnd, route]
            geoms = cache[level] = [
                None if g is None else shapely.simplify(g, 2.0**level) for g in raw
            ]

        key = (level, round(x0, 1), round(y0, 1), round(x1, 1), round(y1, 1))
        hit = self._print_paths.get(key)
        if hit is not None:  # the atlas key map: the same frame on every sheet
            return hit

        def cut(geom):
            if geom is None or geom.is_empty:
                return None
            return geometry_path(shapely.clip_by_rect(geom, x0, y0, x1, y1), self.origin)

        communes = [cut(g) for g in geoms[:-2]]
        out = [p for p in communes if p is not None], cut(geoms[-2]), cut(geoms[-1])
        if len(self._print_paths) > 64:
            self._print_paths.clear()
        self._print_paths[key] = out
        return out

    @staticmethod
    def _by_colour(idx: Iterable[int], status: list) -> list[int]:
        """Draw order grouped by status so the brush changes a few times per frame."""
        rank = {None: -1, **{s: s.rank for s in Status}}
        return sorted(idx, key=lambda i: rank[status[i]])

    def _device_angle(self, vp: Viewport, angle_deg: float) -> float:
        """Direction on the device (degrees, clockwise from +x since y points down)."""
        return -(angle_deg - vp.rotation_deg)

    def _draw_stakes(self, painter, vp, to_dev: QTransform, unit, mpp, opts) -> None:
        """Km/H stakes and station equations. Equation labels are placed first; a stake label
        that would touch one already placed tries the other side of the road, else is left
        out (``self.label_boxes`` keeps the boxes drawn, device coordinates)."""
        ox, oy = self.origin
        rect = QRectF(0, 0, vp.width, vp.height).adjusted(
            -50 * unit, -50 * unit, 50 * unit, 50 * unit
        )
        placed: list[QRectF] = []
        self.label_boxes = placed
        pad = 2.0 * unit

        def free(box: QRectF) -> bool:
            grown = box.adjusted(-pad, -pad, pad, pad)
            return not any(grown.intersects(b) for b in placed)

        def centred_box(c: QPointF, text: str, fm: QFontMetricsF) -> QRectF:
            w, h = fm.horizontalAdvance(text), fm.ascent() + fm.descent()
            return QRectF(c.x() - w / 2, c.y() - h / 2, w, h)

        f_eq = style.font(7.0 * opts.label_scale, bold=True)
        fm_eq = QFontMetricsF(f_eq, painter.device())
        eq_labels = []
        for x, y, text in self._equations:
            p = to_dev.map(QPointF(x - ox, y - oy))
            if not rect.contains(p):
                continue
            r = 6.0 * unit
            placed.append(QRectF(p.x() - r, p.y() - r, 2 * r, 2 * r))  # the diamond itself
            base = p + QPointF(r + 3 * unit, 3 * unit + r)
            box = QRectF(
                base.x(), base.y() - fm_eq.ascent(), fm_eq.horizontalAdvance(text), fm_eq.height()
            )
            if free(box):
                placed.append(box)
                eq_labels.append((p, base, text))
            else:
                eq_labels.append((p, None, text))
        f_km = style.font(7.5 * opts.label_scale, bold=True)
        f_h = style.font(6.5 * opts.label_scale)
        fm_km = QFontMetricsF(f_km, painter.device())
        fm_h = QFontMetricsF(f_h, painter.device())
        for s in self._stakes:
            if not s.is_km and mpp > H_TICK_MAX_MPP:
                continue
            p = to_dev.map(QPointF(s.x - ox, s.y - oy))
            if not rect.contains(p):
                continue
            a = math.radians(self._device_angle(vp, s.angle))
            nx, ny = -math.sin(a), math.cos(a)  # device normal (to the right of travel)
            if s.is_km:
                painter.setPen(style.pen("#000000", 1.0, unit))
                painter.setBrush(QColor("#ffffff"))
                r = 4.0 * unit
                painter.drawEllipse(p, r, r)
                painter.setBrush(QColor("#000000"))
                painter.drawEllipse(p, r * 0.45, r * 0.45)
                if mpp > KM_LABEL_MAX_MPP:
                    continue
                font_, fm_, off = f_km, fm_km, 14 * unit
            else:
                half = 6.0 * unit
                painter.setPen(style.pen("#000000", 1.2, unit))
                painter.drawLine(p + QPointF(nx, ny) * half, p - QPointF(nx, ny) * half)
                if mpp > H_LABEL_MAX_MPP:
                    continue
                font_, fm_, off = f_h, fm_h, 13 * unit
            for side in (-1.0, 1.0):
                c = p + QPointF(nx, ny) * (side * off)
                box = centred_box(c, s.label, fm_)
                if free(box):
                    placed.append(box)
                    painter.setFont(font_)
                    self._text(painter, c, s.label, centre=True, fm=fm_)
                    break
        for p, base, text in eq_labels:
            r = 6.0 * unit
            diamond = QPolygonF(
                [p + QPointF(0, -r), p + QPointF(r, 0), p + QPointF(0, r), p + QPointF(-r, 0)]
            )
            painter.setPen(style.pen("#000000", 1.0, unit))
            painter.setBrush(style.EQUATION)
            painter.drawPolygon(diamond)
            if base is not None:
                painter.setFont(f_eq)
                painter.setPen(style.EQUATION)
                self._text(painter, base, text, halo=True, fm=fm_eq)

    def _text(
        self,
        painter: QPainter,
        p: QPointF,
        text: str,
        centre=False,
        halo=True,
        colour: QColor | None = None,
        fm: QFontMetricsF | None = None,
    ) -> None:
        fm = fm or QFontMetricsF(painter.font(), painter.device())
        w = fm.horizontalAdvance(text)
        if centre:
            p = p + QPointF(-w / 2, fm.ascent() / 2 - fm.descent() / 2)
        if halo:
            path = QPainterPath()
            path.addText(p, painter.font(), text)
            painter.save()
            hp = QPen(style.halo_colour(painter, 220), max(fm.height() * 0.22, 1.0))
            hp.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.strokePath(path, hp)
            painter.restore()
        painter.setPen(colour or style.LABEL)
        painter.drawText(p, text)

    def _draw_labels(self, painter, vp, vis, unit, mpp, opts) -> None:
        snap = self.snapshot
        to_dev = vp.transform(self.origin)
        ox, oy = self.origin
        f = style.font(6.5 * opts.label_scale)
        f2 = style.font(5.8 * opts.label_scale)
        painter.setFont(f)
        fm = QFontMetricsF(f, painter.device())
        for i in vis:
            size_px = self._size[i] / vp.m_per_px
            text = self.parcels[i].label
            if size_px < fm.horizontalAdvance(text) * 0.9:
                continue  # too small to carry its label at this zoom
            x, y = self._label_xy[i]
            p = to_dev.map(QPointF(x - ox, y - oy))
            painter.setFont(f)
            self._text(painter, p, text, centre=True, halo=False, fm=fm)
            code = self._codes[i]
            if code and mpp <= OWNER_MAX_MPP:
                hh = snap.households.get(code)
                owner = code if (opts.use_codes or hh is None) else hh.head_name
                painter.setFont(f2)
                self._text(painter, p + QPointF(0, fm.height()), owner, centre=True, halo=False)

    def _draw_commune_names(self, painter, vp, unit) -> None:
        if not self._communes:
            return
        view = Polygon(vp.world_corners())
        painter.setFont(style.font(10.0, bold=True))
        if self._corridor is None and self.snapshot.route is not None:
            self._corridor = self.snapshot.route.line.buffer(60.0)
        for name, geom, _ in self._communes:
            part = geom.intersection(view)
            if self._corridor is not None and not part.is_empty:
                rest = part.difference(self._corridor)
                part = rest if not rest.is_empty else part
            if part.is_empty or part.area < view.area * 0.02:
                continue
            pt = part.point_on_surface()
            self._text(
                painter, vp.to_device(pt.x, pt.y), name.upper(), centre=True, colour=style.COMMUNE
            )

    # -- helpers for sheets -----------------------------------------------------------------
    def route_outline(self) -> LineString | None:
        return self.snapshot.route.line if self.snapshot.route is not None else None
