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
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
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
from ..core.fmt import marks
from ..core.model import Flag, Parcel, Status
from ..core.snapshot import Snapshot
from . import style
from .labels import (
    PRIO_COMMUNE,
    PRIO_PARCEL,
    PRIO_POINT,
    PRIO_RECOVERED,
    PRIO_STAKE_H,
    PRIO_STAKE_KM,
    Candidate,
    LabelIndex,
    Request,
    around,
    centred,
    place_all,
)
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
CADASTRAL_MAX_SCALE = 2000  # at 1:2 000 and larger, parcel labels are cadastral fractions
RULE_GAP = 2.0  # screen px between the fraction bar and the lines it separates
LABEL_BACKING = QColor(255, 255, 255, 170)

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
    labels: LabelIndex | None = None  # a sheet's index of printed boxes (page coordinates)
    points: Sequence[tuple[float, float, str]] = ()  # numbered points (world x, y, number)
    only_codes: frozenset[str] | None = field(default=None)  # restrict parcels (None = all)
    screen_cache: bool = False  # screen only: parcels from the renderer's tile cache when zoomed out


def area_text(m2: float) -> str:
    """Area on a cadastral label, Vietnamese style: ``1234.56 -> "1.234,6"`` (an English
    export: ``"1,234.6"``, core.fmt.marks)."""
    s = f"{m2:,.1f}"
    sep, dec = marks()
    return s.replace(",", "\x00").replace(".", dec).replace("\x00", sep)


def _fixed(v: float) -> float:
    """``v`` rounded to 1/64 as Qt places glyphs (QFixed): an outline made at the origin and
    moved there has the coordinates ``QPainterPath.addText`` would give it there."""
    v *= 64.0
    return int(v + 0.5 if v >= 0 else v - 0.5) / 64.0


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


class _LinePieces:
    """A long line (clearance boundary, centreline) cut into pieces of at most ``CHUNK``
    vertices with an STRtree of their bounds: a frame strokes only the pieces it shows, so
    a wide casing or a dash pattern costs what is on screen, not the whole road."""

    CHUNK = 64

    def __init__(self, geom: BaseGeometry | None, origin: tuple[float, float]) -> None:
        lines = []
        parts = []
        if geom is not None and not geom.is_empty:
            for part in shapely.get_parts(geom).tolist():  # any mix of polygons and lines
                if part.geom_type == "Polygon":
                    parts.extend([part.exterior, *part.interiors])
                elif part.geom_type in ("LineString", "LinearRing"):
                    parts.append(part)
                elif part.geom_type.startswith(("Multi", "Geometry")):
                    parts.extend(
                        g for g in shapely.get_parts(part).tolist() if g.geom_type == "LineString"
                    )
            for part in parts:
                xy = np.asarray(part.coords)[:, :2]
                step = self.CHUNK - 1
                for k in range(0, max(len(xy) - 1, 1), step):
                    piece = xy[k : k + self.CHUNK]
                    if len(piece) >= 2:
                        lines.append(LineString(piece))
        self.paths = [geometry_path(g, origin) for g in lines]
        self.tree = shapely.STRtree(lines)

    def __bool__(self) -> bool:
        return bool(self.paths)

    def visible(self, view: BaseGeometry) -> list[QPainterPath]:
        return [self.paths[i] for i in sorted(self.tree.query(view).tolist())]


class LazyPaths:
    """Painter paths of an array of geometries (None entries give None), each built on first
    use and kept: at district scale most parcels only ever show as a box or a tile pixel, so
    building all their paths at load would cost seconds and hundreds of MB."""

    def __init__(self, geoms: np.ndarray, origin: tuple[float, float]) -> None:
        self._geoms = geoms
        self._origin = origin
        self._built: dict[int, QPainterPath | None] = {}

    def __len__(self) -> int:
        return len(self._geoms)

    def __getitem__(self, i: int) -> QPainterPath | None:
        i = int(i)
        try:
            return self._built[i]
        except KeyError:
            g = self._geoms[i]
            path = None if g is None else geometry_path(g, self._origin)
            self._built[i] = path
            return path

    def ensure(self, idx: Iterable[int]) -> None:
        """Build the missing paths of ``idx`` in one vectorised call."""
        missing = [i for i in idx if i not in self._built]
        if not missing:
            return
        have = [i for i in missing if self._geoms[i] is not None]
        for i in missing:
            self._built[i] = None
        for i, path in zip(have, polygon_paths(self._geoms[have], self._origin), strict=True):
            self._built[i] = path


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
        from .tiles import ParcelTiles

        self.tiles = ParcelTiles(self)  # screen only (RenderOptions.screen_cache)

    # -- build ------------------------------------------------------------------------------
    def _build(self) -> None:
        snap = self.snapshot
        b = snap.bounds()
        self.origin = (math.floor(b[0]), math.floor(b[1])) if b else (0.0, 0.0)
        self.parcels: list[Parcel] = [
            p for p in snap.parcels if p.geometry is not None and not p.geometry.is_empty
        ]
        # columnar: arrays over the parcels (the snapshot's geometries, not copies); painter
        # paths, label points and boxes are made for the parcels a frame draws, when it does
        geoms = np.array([p.geometry for p in self.parcels], dtype=object)
        n = len(geoms)
        if n:
            self._bounds = shapely.bounds(geoms)
            self._tree = shapely.STRtree(geoms)  # queried by envelope: no box geometries kept
            self._size = np.maximum(
                self._bounds[:, 2] - self._bounds[:, 0], self._bounds[:, 3] - self._bounds[:, 1]
            )
        else:
            self._bounds = np.empty((0, 4))
            self._tree = shapely.STRtree([])
            self._size = np.empty(0)
        self._label_xy = np.full((n, 2), np.nan)  # filled per parcel by _ensure_label_xy
        self._geoms = geoms
        self._paths = LazyPaths(geoms, self.origin)
        rec = [
            (i, p.recovered_geometry)
            for i, p in enumerate(self.parcels)
            if p.recovered_geometry is not None and not p.recovered_geometry.is_empty
        ]
        self._rec_geoms = np.full(n, None, dtype=object)
        self._rec_paths = LazyPaths(self._rec_geoms, self.origin)
        self._rec_xy = np.zeros((n, 2))
        if rec:
            ids = [i for i, _ in rec]
            self._rec_geoms[ids] = [g for _, g in rec]
            self._rec_xy[ids] = shapely.get_coordinates(
                shapely.point_on_surface(self._rec_geoms[ids])
            )
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
        self._screen_lod: dict[int, tuple] = {}  # their whole paths for the screen, by level
        self._restyle_all()

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
        self._boundary_pieces = _LinePieces(bnd, self.origin)
        route = snap.route
        self._route_path = geometry_path(route.line, self.origin) if route is not None else None
        self._route_pieces = _LinePieces(route.line if route is not None else None, self.origin)
        self._corridor: BaseGeometry | None = None  # keeps commune names off the road
        self._stakes: list[_Stake] = []
        self.label_boxes: list[QRectF] = []  # every label box of the last frame
        # label fonts with their metrics per paint device resolution, text advances and halo
        # outlines: measured once per renderer, not per frame (a pack prints 250 frames)
        self._fonts: dict[tuple, tuple[QFont, QFontMetricsF]] = {}
        self._widths: dict[tuple[str, int], float] = {}
        self._halos: dict[tuple[str, int], QPainterPath] = {}
        self._equations: list[tuple[float, float, str]] = []
        if route is not None:
            for pos in route.stations(100.0):
                label = stake_label(pos.chainage_m)
                self._stakes.append(
                    _Stake(pos.x, pos.y, pos.angle_deg, label, label.startswith("Km"))
                )
            self._equations = [(e.x, e.y, str(e)) for e in route.equations]
        # stake positions relative to the origin: a frame maps them all at once
        self._stake_xy = np.array(
            [(s.x - self.origin[0], s.y - self.origin[1]) for s in self._stakes], dtype=float
        ).reshape(-1, 2)
        self._stake_km = np.array([s.is_km for s in self._stakes], dtype=bool)
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

    def _restyle_all(self) -> None:
        """Status and marks of every parcel, looked up once per household."""
        styles: dict[str | None, tuple[Status | None, int]] = {None: (None, 0)}
        for code in set(self._codes):
            if code in styles:
                continue
            state = self.snapshot.state_of(code)
            mark = 0
            if state is not None:
                if Flag.DONATED in state.flags:
                    mark |= MARK_DONATED
                if state.flags & style.BLOCKING_FLAGS:
                    mark |= MARK_BLOCKED
            styles[code] = (state.status if state is not None else None, mark)
        looked_up = [styles[c] for c in self._codes]
        self._status = [st for st, _m in looked_up]
        self._marks = np.fromiter((m for _s, m in looked_up), dtype=np.int8, count=len(looked_up))

    def _rects(self, idx) -> list[QRectF]:
        """Bounding boxes of parcels ``idx`` (relative to the origin), made when drawn."""
        ox, oy = self.origin
        return [
            QRectF(b[0] - ox, b[1] - oy, b[2] - b[0], b[3] - b[1])
            for b in self._bounds[np.asarray(idx, dtype=np.intp)].tolist()
        ]

    def _ensure_label_xy(self, idx: np.ndarray) -> None:
        """Label anchor points (a point inside each parcel) of ``idx``, computed once."""
        idx = np.asarray(idx, dtype=np.intp)
        todo = idx[np.isnan(self._label_xy[idx, 0])]
        if len(todo):
            self._label_xy[todo] = shapely.get_coordinates(
                shapely.point_on_surface(self._geoms[todo])
            )

    def update_household(self, code: str) -> None:
        """Refresh colours and marks of one household's parcels (no geometry is rebuilt)."""
        for i in self._by_code.get(code, ()):
            self._restyle(i)
        if getattr(self, "tiles", None) is not None:
            self.tiles.invalidate(self._bounds[self._by_code.get(code, [])])

    def update_all(self) -> None:
        """Refresh colours and marks of every parcel (still no geometry rebuilt)."""
        self._restyle_all()
        if getattr(self, "tiles", None) is not None:
            self.tiles.invalidate()

    # -- queries ----------------------------------------------------------------------------
    def visible(self, vp: Viewport, unit: float = 1.0, min_px: float = SUBPIXEL_PX) -> np.ndarray:
        """Indices of parcels intersecting the viewport and at least ``min_px`` screen
        pixels big."""
        if not len(self.parcels):
            return np.empty(0, dtype=np.intp)
        view = Polygon(vp.world_corners())
        if vp.rotation_deg % 90.0 == 0.0:  # the view is its envelope: envelopes suffice
            idx = self._tree.query(view)
        else:
            idx = self._tree.query(view, predicate="intersects")
        idx = np.sort(idx)
        keep = self._size[idx] / (vp.m_per_px * unit) >= min_px
        return idx[keep]

    def _min_rects(self, idx: np.ndarray, min_size: float) -> list[QRectF]:
        """Boxes of parcels ``idx`` (relative to the origin), grown about their centre to at
        least ``min_size`` world metres a side."""
        b = self._bounds[idx]
        w = np.maximum(b[:, 2] - b[:, 0], min_size)
        h = np.maximum(b[:, 3] - b[:, 1], min_size)
        x = (b[:, 0] + b[:, 2] - w) / 2 - self.origin[0]
        y = (b[:, 1] + b[:, 3] - h) / 2 - self.origin[1]
        return [QRectF(*r) for r in np.column_stack([x, y, w, h]).tolist()]

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

        # long lines (communes, boundary, centreline): a print keeps only what the frame
        # shows, simplified to its resolution, since a PDF stores every vertex on every page;
        # the cached screen path does the same (stroking a whole district's lines per frame
        # costs more than the rest of a zoomed-out frame)
        if opts.print_mode:
            lines = self._print_lines(vp, unit)
        elif opts.screen_cache and self.tiles.usable(vp, unit, base):
            lines = self._screen_lines(vp, unit)
        else:
            lines = None
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

        use = opts.screen_cache and not opts.print_mode and opts.only_codes is None
        tiles = self.tiles if use else None
        if tiles is not None and opts.show_parcels and tiles.draw(painter, vp, unit, base):
            vis = np.empty(0, dtype=np.intp)  # parcels came from the cache (no labels this far out)
        else:
            vis = self.visible(vp, unit, 0.0 if not opts.print_mode else SUBPIXEL_PX)
            vis = vis if opts.show_parcels else np.empty(0, dtype=np.intp)
            if opts.only_codes is not None and len(vis):
                vis = np.array([i for i in vis if self._codes[i] in opts.only_codes], dtype=np.intp)
            self.draw_parcels(painter, vp, vis, unit, opts.print_mode)
        painter.setTransform(world)

        # 5. clearance boundary, 6. centreline
        painter.setBrush(Qt.BrushStyle.NoBrush)
        self._draw_lines(painter, vp, unit, lines, boundary_path, route_path)

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

        # device-space overlays: stakes, equations, labels -- placed together, one index
        painter.setTransform(base)
        self._draw_overlays(painter, vp, vis, unit, mpp, opts, base)
        painter.restore()

    def _draw_lines(self, painter, vp: Viewport, unit: float, lines, boundary_path, route_path):
        """5. the clearance boundary (over a casing) and 6. the centreline (over a halo)."""
        if lines is not None:  # print: already clipped to the frame and simplified
            boundary_paths = [boundary_path] if boundary_path is not None else []
            route_paths = [route_path] if route_path is not None else []
        else:  # screen: only the pieces in view
            view = Polygon(vp.world_corners()).buffer(10.0 * vp.m_per_px)
            boundary_paths = self._boundary_pieces.visible(view)
            route_paths = self._route_pieces.visible(view)
        for pen_ in (
            style.casing_pen(style.boundary_pen(unit), unit, 1.6),
            style.boundary_pen(unit),
        ):
            painter.setPen(pen_)
            for path in boundary_paths:
                painter.drawPath(path)
        for pen_ in (style.pen(style.halo_colour(painter, 200), 4.0, unit), style.route_pen(unit)):
            painter.setPen(pen_)
            for path in route_paths:
                painter.drawPath(path)

    def draw_parcels(
        self, painter: QPainter, vp: Viewport, vis: np.ndarray, unit: float, print_mode: bool
    ) -> None:
        """Parcels ``vis`` filled by status, their recovered parts and donated/blocked marks,
        in the painter's current (world, relative to the origin) transform. On screen a parcel
        smaller than a pixel still gets one pixel of its status colour (no antialiasing, so
        it keeps its full colour); a print leaves it out (it is below the printer's dot)."""
        mpp = vp.m_per_px * unit
        level = self._lod_level(mpp)
        # 2. parcels filled by status, 3. recovered parts
        if len(vis):
            edge = (
                style.pen(style.PARCEL_EDGE, 0.6 if print_mode else 0.8, unit)
                if mpp <= EDGE_MAX_MPP
                else QPen(Qt.PenStyle.NoPen)
            )
            # parcels only a few pixels big: their box, batched per status (overview speed)
            tiny_mask = self._size[vis] / (vp.m_per_px * unit) < RECT_BELOW_PX
            tiny, vis = vis[tiny_mask], vis[~tiny_mask]
            if len(tiny):
                painter.setPen(Qt.PenStyle.NoPen)
                groups: dict[Status | None, list[QRectF]] = defaultdict(list)
                if print_mode:
                    rects = self._rects(tiny)
                else:  # at least one device pixel each, crisp
                    rects = self._min_rects(tiny, vp.m_per_px)
                    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
                for i, rect in zip(tiny.tolist(), rects, strict=True):
                    groups[self._status[i]].append(rect)
                for st, rects in groups.items():
                    painter.setBrush(style.recovered_fill(st))
                    painter.drawRects(rects)
                painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setPen(edge)
            if level < 0:
                self._paths.ensure(vis.tolist())
            self._rec_paths.ensure(vis.tolist())
            self._ensure_lod(vis, level)
            # one brush per status (a brush set per parcel costs the print a colour each)
            fills: dict[Status | None, QColor] = {}
            current = ()
            for i in self._by_colour(vis, self._status):
                st = self._status[i]
                if st is not current:
                    current = st
                    fill = fills.get(st)
                    if fill is None:
                        fill = fills[st] = style.parcel_fill(st)
                    painter.setBrush(fill)
                painter.drawPath(self._path(i, level))
            painter.setPen(Qt.PenStyle.NoPen)
            fills.clear()
            current = ()
            for i in vis:
                rec = self._rec_paths[i]
                st = self._status[i]
                if rec is None or st is None:
                    continue
                if st is not current:
                    current = st
                    fill = fills.get(st)
                    if fill is None:
                        fill = fills[st] = style.recovered_fill(st)
                    painter.setBrush(fill)
                painter.drawPath(rec)
            if not print_mode and mpp <= LABEL_MAX_MPP:
                # hatch the recovered part on screen too, so it reads without colour
                painter.setBrush(QBrush(QColor(0, 0, 0, 60), Qt.BrushStyle.BDiagPattern))
                for i in vis:
                    rec = self._rec_paths[i]
                    if rec is not None and self._status[i] is not None:
                        painter.drawPath(rec)

            # 4. donated / blocked marks
            painter.setBrush(Qt.BrushStyle.NoBrush)
            if not print_mode:  # a mark round a sub-pixel parcel would hide its colour
                tiny = tiny[self._size[tiny] >= vp.m_per_px]
            tmarks = self._marks[tiny]
            for flag, mk_pen in (
                (MARK_DONATED, style.donated_pen),
                (MARK_BLOCKED, style.blocked_pen),
            ):
                sel = tiny[(tmarks & flag) != 0]
                if len(sel):
                    painter.setPen(mk_pen(unit))
                    painter.drawRects(self._rects(sel))
            marks = self._marks[vis]
            if (marks & MARK_DONATED).any():
                painter.setPen(style.donated_pen(unit))
                for i in vis[(marks & MARK_DONATED) != 0]:
                    painter.drawPath(self._path(i, level))
            if (marks & MARK_BLOCKED).any():
                blocked = vis[(marks & MARK_BLOCKED) != 0]
                for pen_ in (
                    style.casing_pen(style.blocked_pen(unit), unit),
                    style.blocked_pen(unit),
                ):
                    painter.setPen(pen_)
                    for i in blocked:
                        painter.drawPath(self._path(i, level))


    def _screen_lines(self, vp: Viewport, unit: float):
        """The long lines simplified to a quarter of a screen pixel, whole (clipping would
        move the dash pattern at every pan), as paths cached per level."""
        level = math.floor(math.log2(max(0.25 * vp.m_per_px * unit, 1e-6)))
        cache = self._screen_lod
        if level not in cache:
            self._print_lines(vp, unit)  # fills the simplified geometries of the level

            def path(geom):
                return None if geom is None or geom.is_empty else geometry_path(geom, self.origin)

            geoms = self._print_lod[level]
            communes = [path(g) for g in geoms[:-2]]
            cache[level] = (
                [c for c in communes if c is not None], path(geoms[-2]), path(geoms[-1])
            )
        return cache[level]

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

    def _draw_overlays(self, painter, vp, vis, unit, mpp, opts, base: QTransform) -> None:
        """Stake symbols, then every label placed by priority in one index
        (:mod:`tl342.render.labels`). Labels stay wholly inside the frame: one that fits
        nowhere is left out, so no clipped, invisible text reaches a PDF. With
        ``opts.labels`` (a sheet's index, page coordinates) the boxes already printed on the
        page are obstacles and the labels placed here join it."""
        frame = QRectF(0, 0, vp.width, vp.height)
        if len(self._widths) > 20000 or len(self._halos) > 5000:
            self._widths.clear()
            self._halos.clear()
        index = LabelIndex(48.0 * unit, frame.adjusted(unit, unit, -unit, -unit))
        shared = opts.labels
        if shared is not None:
            inv, ok = base.inverted()
            view = base.mapRect(frame)
            if ok:
                for b in shared.boxes:
                    if b.intersects(view):
                        index.add(inv.mapRect(b))
        seeded = len(index.boxes)
        requests: list[Request] = []
        symbols: list = []
        if opts.show_stakes and self._route_path is not None:
            self._stake_requests(painter, vp, unit, mpp, opts, index, requests, symbols)
        if opts.points:
            self._point_requests(painter, vp, unit, opts, index, requests, symbols)
        if opts.show_labels and mpp <= LABEL_MAX_MPP and len(vis):
            # anchors of the parcels big enough for a label (_parcel_requests), made now
            self._ensure_label_xy(vis[self._size[vis] / vp.m_per_px >= 2 * unit])
            self._parcel_requests(painter, vp, vis, unit, mpp, opts, requests)
        if opts.show_communes and opts.show_labels:
            self._commune_requests(painter, vp, unit, requests)
        for draw in symbols:
            draw()
        obstacles = len(index.boxes)
        for req in place_all(index, requests, pad=1.5 * unit):
            req.draw(req.placed)
        self.label_boxes = index.boxes[obstacles:]
        if shared is not None:
            for b in index.boxes[seeded:]:
                shared.add(base.mapRect(b))

    def _drawer(self, painter, lines, unit, halo=False, colour=None, rule=False, backing=False):
        """A :class:`Candidate` → drawing function for a block of centred ``lines`` (text,
        font, metrics); ``rule``: a fraction bar under the first line (cadastral label);
        ``backing``: a light box under the text (legible on dark fills and over other
        parcels, and a rectangle costs a PDF far less than a halo of glyph outlines)."""

        def draw(c: Candidate) -> None:
            box = c.box
            if c.leader_to is not None:
                a = c.leader_to
                q = QPointF(
                    min(max(a.x(), box.left()), box.right()),
                    min(max(a.y(), box.top()), box.bottom()),
                )
                painter.setPen(style.pen(style.LABEL, 0.7, unit))
                painter.drawLine(q, a)
                painter.setBrush(style.LABEL)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.drawEllipse(a, 1.2 * unit, 1.2 * unit)
            if backing:
                painter.fillRect(box, LABEL_BACKING)
            y = box.top()
            for k, (text, font_, fm) in enumerate(lines):
                painter.setFont(font_)
                x = box.center().x() - self._width(fm, text) / 2
                self._text(
                    painter, QPointF(x, y + fm.ascent()), text, halo=halo, colour=colour, fm=fm
                )
                y += fm.height()
                if rule and k == 0:
                    painter.setPen(style.pen(colour or style.LABEL, 0.6, unit))
                    painter.drawLine(
                        QPointF(box.left(), y + RULE_GAP * unit / 2),
                        QPointF(box.right(), y + RULE_GAP * unit / 2),
                    )
                    y += RULE_GAP * unit

        return draw

    def _font(self, painter: QPainter, point_size: float, bold: bool = False):
        """(font, metrics on the painter's device) of a label size, made once."""
        dev = painter.device()
        key = (point_size, bold, dev.logicalDpiX(), dev.logicalDpiY())
        hit = self._fonts.get(key)
        if hit is None:
            f = style.font(point_size, bold)
            hit = self._fonts[key] = (f, QFontMetricsF(f, dev))
        return hit

    def _width(self, fm: QFontMetricsF, text: str) -> float:
        """Advance of ``text`` (metrics of :meth:`_font`), measured once."""
        key = (text, id(fm))
        w = self._widths.get(key)
        if w is None:
            w = self._widths[key] = fm.horizontalAdvance(text)
        return w

    def _block_size(self, lines, unit, rule=False) -> tuple[float, float]:
        w = max(self._width(fm, t) for t, _f, fm in lines)
        h = sum(fm.height() for _t, _f, fm in lines) + (RULE_GAP * unit if rule else 0.0)
        return w, h

    def _stake_requests(self, painter, vp, unit, mpp, opts, index, requests, symbols) -> None:
        """Km/H stake and station-equation symbols (obstacles at once) and label requests:
        equations and Km labels first, H labels last; each label tries both sides of the
        road, then farther out."""
        ox, oy = self.origin
        to_dev = vp.transform(self.origin)
        rect = QRectF(0, 0, vp.width, vp.height).adjusted(
            -50 * unit, -50 * unit, 50 * unit, 50 * unit
        )
        f_eq, fm_eq = self._font(painter, 7.0 * opts.label_scale, True)
        for k, (x, y, text) in enumerate(self._equations):
            p = to_dev.map(QPointF(x - ox, y - oy))
            if not rect.contains(p):
                continue
            r = 6.0 * unit
            index.add(QRectF(p.x() - r, p.y() - r, 2 * r, 2 * r))
            symbols.append(lambda p=p, r=r: self._diamond(painter, p, r, unit))
            lines = [(text, f_eq, fm_eq)]
            w, h = self._block_size(lines, unit)
            cands = around(p, w, h, r + 3 * unit, (1.0, 3.0))
            for c in cands[:8]:
                c.leader_to = None
            draw = self._drawer(painter, lines, unit, halo=True, colour=style.EQUATION)
            requests.append(Request(PRIO_STAKE_KM, cands, draw, order=-1e9 + k))
        f_km, fm_km = self._font(painter, 7.5 * opts.label_scale, True)
        f_h, fm_h = self._font(painter, 6.5 * opts.label_scale)
        ticks: list[QLineF] = []
        circles: list[QPointF] = []
        # device positions of every stake at once (as QTransform.map computes them), then
        # only the stakes in (or near) the frame
        sx, sy = self._stake_xy[:, 0], self._stake_xy[:, 1]
        px = to_dev.m11() * sx + to_dev.m21() * sy + to_dev.dx()
        py = to_dev.m12() * sx + to_dev.m22() * sy + to_dev.dy()
        keep = (px >= rect.left()) & (px <= rect.right()) & (py >= rect.top())
        keep &= py <= rect.bottom()
        if mpp > H_TICK_MAX_MPP:
            keep &= self._stake_km
        px, py = px.tolist(), py.tolist()
        for k in np.flatnonzero(keep).tolist():
            s = self._stakes[k]
            p = QPointF(px[k], py[k])
            a = math.radians(self._device_angle(vp, s.angle))
            n = QPointF(-math.sin(a), math.cos(a))  # device normal (to the right of travel)
            if s.is_km:
                r = 4.0 * unit
                circles.append(p)
                index.add(QRectF(p.x() - r, p.y() - r, 2 * r, 2 * r))
                if mpp > KM_LABEL_MAX_MPP:
                    continue
                lines, off, prio = [(s.label, f_km, fm_km)], 14 * unit, PRIO_STAKE_KM
            else:
                half = 6.0 * unit
                ticks.append(QLineF(p + n * half, p - n * half))
                if mpp > H_LABEL_MAX_MPP:
                    continue
                lines, off, prio = [(s.label, f_h, fm_h)], 13 * unit, PRIO_STAKE_H
            w, h = self._block_size(lines, unit)
            cands = [
                Candidate(centred(p + n * (side * off * d), w, h))
                for d in (1.0, 1.8)
                for side in (-1.0, 1.0)
            ]
            requests.append(Request(prio, cands, self._drawer(painter, lines, unit), order=k))

        def draw_symbols() -> None:
            if ticks:
                painter.setPen(style.pen("#000000", 1.2, unit))
                painter.drawLines(ticks)
            for p in circles:
                r = 4.0 * unit
                painter.setPen(style.pen("#000000", 1.0, unit))
                painter.setBrush(QColor("#ffffff"))
                painter.drawEllipse(p, r, r)
                painter.setBrush(QColor("#000000"))
                painter.drawEllipse(p, r * 0.45, r * 0.45)

        symbols.insert(0, draw_symbols)

    def _point_requests(self, painter, vp, unit, opts, index, requests, symbols) -> None:
        """Numbered points (boundary points of a trích đo sheet): a dot each, its number in
        one of eight places around it, before the parcel labels."""
        f, fm = self._font(painter, 5.5 * opts.label_scale, True)
        r = 1.3 * unit
        dots: list[QPointF] = []
        frame = QRectF(0, 0, vp.width, vp.height)
        for k, (x, y, text) in enumerate(opts.points):
            p = vp.to_device(x, y)
            if not frame.contains(p):
                continue
            dots.append(p)
            index.add(QRectF(p.x() - r, p.y() - r, 2 * r, 2 * r))
            lines = [(text, f, fm)]
            w, h = self._block_size(lines, unit)
            cands = around(p, w, h, r + 2.0 * unit)  # clear of its dot with the padding
            for c in cands:
                c.leader_to = None
            draw = self._drawer(painter, lines, unit, halo=True)
            requests.append(Request(PRIO_POINT, cands, draw, order=k))

        def draw_dots() -> None:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(style.LABEL)
            for p in dots:
                painter.drawEllipse(p, r, r)

        symbols.append(draw_dots)

    def _diamond(self, painter, p: QPointF, r: float, unit: float) -> None:
        diamond = QPolygonF(
            [p + QPointF(0, -r), p + QPointF(r, 0), p + QPointF(0, r), p + QPointF(-r, 0)]
        )
        painter.setPen(style.pen("#000000", 1.0, unit))
        painter.setBrush(style.EQUATION)
        painter.drawPolygon(diamond)

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
        cached = fm is not None  # metrics of :meth:`_font`: the glyph outlines are kept
        fm = fm or QFontMetricsF(painter.font(), painter.device())
        if centre:
            w = fm.horizontalAdvance(text)
            p = p + QPointF(-w / 2, fm.ascent() / 2 - fm.descent() / 2)
        if halo:
            key = (text, id(fm))
            outline = self._halos.get(key) if cached else None
            if outline is None:
                outline = QPainterPath()
                outline.addText(QPointF(0.0, 0.0), painter.font(), text)
                if cached:
                    self._halos[key] = outline
            path = outline.translated(_fixed(p.x()), _fixed(p.y()))
            painter.save()
            hp = QPen(style.halo_colour(painter, 220), max(fm.height() * 0.22, 1.0))
            hp.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.strokePath(path, hp)
            painter.restore()
        painter.setPen(colour or style.LABEL)
        painter.drawText(p, text)

    def _parcel_lines(self, i, opts, mpp, fonts) -> tuple[list, bool]:
        """Text lines of parcel ``i``'s label and whether it is a cadastral fraction
        (sheet/parcel over land-use code and area, at 1:2 000 and larger)."""
        (f, fm), (f2, fm2) = fonts
        p = self.parcels[i]
        lines = [(p.label, f, fm)]
        cadastral = mpp * 96.0 / 0.0254 <= CADASTRAL_MAX_SCALE * (1 + 1e-6)
        if cadastral:
            lines.append((f"{p.land_use} {area_text(p.area_m2)}".strip(), f, fm))
        code = self._codes[i]
        if code and mpp <= OWNER_MAX_MPP:
            hh = self.snapshot.households.get(code)
            owner = code if (opts.use_codes or hh is None) else hh.head_name
            lines.append((owner, f2, fm2))
        return lines, cadastral

    def _parcel_requests(self, painter, vp, vis, unit, mpp, opts, requests) -> None:
        """Parcel labels: inside the recovered part, else elsewhere inside the parcel, else
        (print, parcels with a recovered part) outside with a leader line. Containment is
        tested for all candidates at once (shapely, world coordinates)."""
        fonts = (
            self._font(painter, 6.5 * opts.label_scale),
            self._font(painter, 5.8 * opts.label_scale),
        )
        to_dev = vp.transform(self.origin)
        inv, _ok = to_dev.inverted()
        ox, oy = self.origin
        m11, m12, m21, m22 = to_dev.m11(), to_dev.m12(), to_dev.m21(), to_dev.m22()
        tdx, tdy = to_dev.dx(), to_dev.dy()

        def dev(x: float, y: float) -> tuple[float, float]:
            """``to_dev.map(QPointF(x - ox, y - oy))`` without Qt objects (same numbers)."""
            x, y = x - ox, y - oy
            return m11 * x + m21 * y + tdx, m12 * x + m22 * y + tdy

        items = []  # (i, lines, rule, w, h, recovered)
        boxes: list[tuple[float, float, float, float]] = []  # x, y, w, h (as centred())
        geoms: list = []
        owner: list[tuple[int, int]] = []  # (item, 0 = recovered part / 1 = parcel)
        min_px = 2 * unit if opts.print_mode else 10 * unit  # no label is narrower on screen
        for i in vis[self._size[vis] / vp.m_per_px >= min_px].tolist():
            lines, rule = self._parcel_lines(i, opts, mpp, fonts)
            w, h = self._block_size(lines, unit, rule)
            size_px = self._size[i] / vp.m_per_px
            recovered = self._rec_geoms[i] is not None and self._codes[i] is not None
            if size_px < w * 0.9 and not (opts.print_mode and recovered and size_px >= 2 * unit):
                continue  # too small to carry its label at this zoom
            k = len(items)
            items.append((i, lines, rule, w, h, recovered))
            if recovered:
                cx, cy = dev(*self._rec_xy[i].tolist())
                boxes.append((cx - w / 2, cy - h / 2, w, h))
                geoms.append(self._rec_geoms[i])
                owner.append((k, 0))
            cx, cy = dev(*self._label_xy[i].tolist())
            for dy in (0.0, -1.3 * h, 1.3 * h):  # elsewhere inside the parcel: a line up/down
                boxes.append((cx - w / 2, cy + dy - h / 2, w, h))
                geoms.append(self._geoms[i])
                owner.append((k, 1))
        if not items:
            return
        inside = self._boxes_inside(np.array(boxes, dtype=float), geoms, inv, self.origin)
        cands: list[list[Candidate]] = [[] for _ in items]
        for (k, _kind), box, ok in zip(owner, boxes, inside.tolist(), strict=True):
            if ok:
                x, y, w, h = box
                cands[k].append(Candidate(None, None, (x, y, x + w, y + h)))
        for k, (i, lines, rule, w, h, recovered) in enumerate(items):
            if recovered and opts.print_mode:
                x, y = self._rec_xy[i]
                anchor = to_dev.map(QPointF(x - ox, y - oy))
                cands[k].extend(around(anchor, w, h, 5.0 * unit, (1.0, 2.2)))
            if not cands[k]:
                continue
            prio = PRIO_RECOVERED if recovered else PRIO_PARCEL
            # in print a light box keeps labels legible on the dark fills (and on leaders)
            draw = self._drawer(painter, lines, unit, rule=rule, backing=opts.print_mode)
            requests.append(Request(prio, cands[k], draw, order=-self.parcels[i].recovered_area_m2))

    @staticmethod
    def _boxes_inside(
        boxes: np.ndarray, geoms: list, inv: QTransform, origin: tuple[float, float]
    ) -> np.ndarray:
        """For each device box (rows x, y, w, h), whether it lies inside its world polygon
        (``inv``: device → world relative to ``origin``)."""
        x, y, w, h = boxes.T
        r, b = x + w, y + h  # as QRectF.right(), bottom()
        xy = np.stack([x, y, r, y, r, b, x, b], axis=1).reshape(-1, 4, 2)
        m = inv
        wx = m.m11() * xy[..., 0] + m.m21() * xy[..., 1] + m.dx() + origin[0]
        wy = m.m12() * xy[..., 0] + m.m22() * xy[..., 1] + m.dy() + origin[1]
        ring = np.stack([wx, wy], axis=-1)
        ring = np.concatenate([ring, ring[:, :1]], axis=1)
        polys = shapely.polygons(ring)
        shapes = np.asarray(geoms, dtype=object)
        try:
            return shapely.contains(shapes, polys)
        except shapely.errors.GEOSException:  # an invalid parcel: test one by one
            out = np.zeros(len(polys), dtype=bool)
            for k, (g, b) in enumerate(zip(shapes, polys, strict=True)):
                try:
                    out[k] = g.contains(b)
                except shapely.errors.GEOSException:
                    out[k] = False
            return out

    def _commune_requests(self, painter, vp, unit, requests) -> None:
        if not self._communes:
            return
        view = Polygon(vp.world_corners())
        f, fm = self._font(painter, 10.0, True)
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
            lines = [(name.upper(), f, fm)]
            w, h = self._block_size(lines, unit)
            p = vp.to_device(pt.x, pt.y)
            cands = [Candidate(centred(p + QPointF(0, d * h), w, h)) for d in (0, -1.5, 1.5)]
            draw = self._drawer(painter, lines, unit, halo=True, colour=style.COMMUNE)
            requests.append(Request(PRIO_COMMUNE, cands, draw))

    # -- helpers for sheets -----------------------------------------------------------------
    def route_outline(self) -> LineString | None:
        return self.snapshot.route.line if self.snapshot.route is not None else None
