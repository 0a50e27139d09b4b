"""Viewport: which part of the world (project CRS metres, y up) a device (pixels, y down) shows.

``rotation_deg`` is the world direction (degrees counter-clockwise from east) that points to
the right of the device; 0 = north up. The atlas uses the road's direction so that the road
runs left → right across the sheet.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from PySide6.QtCore import QPointF
from PySide6.QtGui import QPolygonF, QTransform


@dataclass
class Viewport:
    """Centre ``(cx, cy)`` in world metres, ``m_per_px`` metres per device pixel, device size."""

    cx: float
    cy: float
    m_per_px: float
    width: float
    height: float
    rotation_deg: float = 0.0

    MIN_M_PER_PX = 0.005
    MAX_M_PER_PX = 5000.0

    def copy(self) -> Viewport:
        return replace(self)

    # -- transforms -------------------------------------------------------------------------
    def _cs(self) -> tuple[float, float]:
        a = math.radians(self.rotation_deg)
        return math.cos(a), math.sin(a)

    def transform(self, origin: tuple[float, float] = (0.0, 0.0)) -> QTransform:
        """World → device. With ``origin`` the world coordinates are taken relative to it
        (paths stored as ``(x - ox, y - oy)`` keep small numbers for float engines)."""
        c, s = self._cs()
        k = 1.0 / self.m_per_px
        ox, oy = origin
        # px = w/2 + ((x-cx) c + (y-cy) s) k ;  py = h/2 - (-(x-cx) s + (y-cy) c) k
        dx0, dy0 = ox - self.cx, oy - self.cy
        tx = self.width / 2 + (dx0 * c + dy0 * s) * k
        ty = self.height / 2 - (-dx0 * s + dy0 * c) * k
        return QTransform(c * k, s * k, s * k, -c * k, tx, ty)

    def to_device(self, x: float, y: float) -> QPointF:
        c, s = self._cs()
        dx, dy = x - self.cx, y - self.cy
        return QPointF(
            self.width / 2 + (dx * c + dy * s) / self.m_per_px,
            self.height / 2 - (-dx * s + dy * c) / self.m_per_px,
        )

    def to_world(self, px: float, py: float) -> tuple[float, float]:
        c, s = self._cs()
        u = (px - self.width / 2) * self.m_per_px
        v = (self.height / 2 - py) * self.m_per_px
        return self.cx + u * c - v * s, self.cy + u * s + v * c

    # -- extent -----------------------------------------------------------------------------
    def world_polygon(self) -> QPolygonF:
        """The device rectangle's four corners in world coordinates."""
        pts = [(0, 0), (self.width, 0), (self.width, self.height), (0, self.height)]
        return QPolygonF([QPointF(*self.to_world(px, py)) for px, py in pts])

    def world_corners(self) -> list[tuple[float, float]]:
        pts = [(0, 0), (self.width, 0), (self.width, self.height), (0, self.height)]
        return [self.to_world(px, py) for px, py in pts]

    def world_rect(self) -> tuple[float, float, float, float]:
        """Bounds ``(minx, miny, maxx, maxy)`` of what the device shows (of the rotated
        rectangle when rotated)."""
        xs, ys = zip(*self.world_corners(), strict=True)
        return min(xs), min(ys), max(xs), max(ys)

    def scale_denominator(self, dpi: float) -> float:
        """N of "1:N" for a device of ``dpi`` dots per inch."""
        return self.m_per_px * dpi / 0.0254

    # -- navigation -------------------------------------------------------------------------
    def fit(self, bounds: tuple[float, float, float, float], margin: float = 20.0) -> Viewport:
        """Centre on ``bounds`` and zoom so they fill the device less ``margin`` pixels
        each side (taking the rotation into account)."""
        minx, miny, maxx, maxy = bounds
        self.cx, self.cy = (minx + maxx) / 2, (miny + maxy) / 2
        c, s = self._cs()
        us, vs = [], []
        for x, y in ((minx, miny), (maxx, miny), (maxx, maxy), (minx, maxy)):
            dx, dy = x - self.cx, y - self.cy
            us.append(dx * c + dy * s)
            vs.append(-dx * s + dy * c)
        w_m = max(max(us) - min(us), 1e-6)
        h_m = max(max(vs) - min(vs), 1e-6)
        avail_w = max(self.width - 2 * margin, 1.0)
        avail_h = max(self.height - 2 * margin, 1.0)
        self.m_per_px = self._clamp(max(w_m / avail_w, h_m / avail_h))
        return self

    def _clamp(self, m: float) -> float:
        return min(max(m, self.MIN_M_PER_PX), self.MAX_M_PER_PX)

    def zoom(self, factor: float, px: float | None = None, py: float | None = None) -> Viewport:
        """Zoom in by ``factor`` (>1 = closer) keeping the world point under device
        ``(px, py)`` (default: the centre) where it is."""
        if px is None or py is None:
            px, py = self.width / 2, self.height / 2
        wx, wy = self.to_world(px, py)
        self.m_per_px = self._clamp(self.m_per_px / factor)
        nx, ny = self.to_world(px, py)
        self.cx += wx - nx
        self.cy += wy - ny
        return self

    def pan(self, dx_px: float, dy_px: float) -> Viewport:
        """Move the content by ``(dx_px, dy_px)`` device pixels (drag direction)."""
        x0, y0 = self.to_world(0, 0)
        x1, y1 = self.to_world(dx_px, dy_px)
        self.cx -= x1 - x0
        self.cy -= y1 - y0
        return self

    def resize(self, width: float, height: float) -> Viewport:
        self.width, self.height = float(width), float(height)
        return self
