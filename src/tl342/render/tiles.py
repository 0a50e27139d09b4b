"""Screen-only raster cache of the parcel layer for zoomed-out views.

Far out (more than :data:`TILE_FROM_MPP` metres per pixel) a frame shows thousands of parcels;
drawing each one as a path costs hundreds of milliseconds at district scale. The canvas asks
the renderer for ``RenderOptions(screen_cache=True)``: the parcel layer (fills, recovered
parts, marks — exactly what :meth:`MapRenderer.draw_parcels` draws) is then rendered once per
zoom level into transparent 256-pixel tiles on a grid fixed in world coordinates, and a frame
at that zoom only blits the tiles it overlaps, so panning costs a few image copies. Tiles are
drawn by the same renderer, so a cached frame looks like a fresh one (to the sub-pixel shift of
the grid). Prints never use it: they stay vector and exact.

A status change drops the tiles under the household's parcels (they are redrawn when next
shown); :meth:`ParcelTiles.prefetch` renders the tiles around the view in small idle slices.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QPointF, QRect, Qt
from PySide6.QtGui import QImage, QPainter

from .viewport import Viewport

if TYPE_CHECKING:
    from .map_renderer import MapRenderer

TILE = 256  # device pixels a side
TILE_FROM_MPP = 2.0  # metres per screen pixel above which parcels come from tiles
MAX_BYTES = 96 * 2**20  # image memory kept (least recently used tiles go first)


class ParcelTiles:
    """Tiles of one renderer's parcel layer, keyed by (metres per pixel, pixel ratio, i, j)."""

    def __init__(self, renderer: MapRenderer, max_bytes: int = MAX_BYTES) -> None:
        self.renderer = renderer
        self.max_bytes = max_bytes
        self._tiles: OrderedDict[tuple, QImage | None] = OrderedDict()
        self._bytes = 0
        self.rendered = 0  # tiles drawn so far (tests, bench)

    # -- which tiles ---------------------------------------------------------------------------
    @staticmethod
    def usable(vp: Viewport, unit: float, base) -> bool:
        """Tiles serve unrotated screen frames far enough out, drawn without scaling."""
        return (
            vp.rotation_deg == 0.0
            and vp.m_per_px * unit > TILE_FROM_MPP
            and base.isIdentity()
        )

    @staticmethod
    def _span(vp: Viewport, margin: int = 0) -> tuple[range, range]:
        """Tile columns and rows covering the viewport (plus ``margin`` tiles each side)."""
        size = TILE * vp.m_per_px
        minx, miny, maxx, maxy = vp.world_rect()
        i0, i1 = math.floor(minx / size) - margin, math.floor(maxx / size) + margin
        j0, j1 = math.floor(-maxy / size) - margin, math.floor(-miny / size) + margin
        return range(i0, i1 + 1), range(j0, j1 + 1)

    # -- drawing ---------------------------------------------------------------------------
    def draw(self, painter: QPainter, vp: Viewport, unit: float, base) -> bool:
        """Blit the parcel layer of ``vp`` from tiles (drawing the missing ones); False when
        tiles do not serve this frame (the caller draws vectors)."""
        if not self.usable(vp, unit, base):
            return False
        ratio = painter.device().devicePixelRatioF() if painter.device() else 1.0
        size = TILE * vp.m_per_px
        cols, rows = self._span(vp)
        missing = [
            (i, j) for j in rows for i in cols if (vp.m_per_px, ratio, unit, i, j) not in self._tiles
        ]
        if len(missing) > 1:
            self._render_block(vp.m_per_px, ratio, unit, missing)
        painter.save()
        painter.setTransform(base)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        for j in rows:
            for i in cols:
                img = self._tile(vp.m_per_px, ratio, unit, i, j)
                if img is not None:
                    p = vp.to_device(i * size, -j * size)
                    painter.drawImage(QPointF(round(p.x() * ratio) / ratio,
                                              round(p.y() * ratio) / ratio), img)
        painter.restore()
        return True

    def _tile(self, mpp: float, ratio: float, unit: float, i: int, j: int) -> QImage | None:
        key = (mpp, ratio, unit, i, j)
        if key in self._tiles:
            self._tiles.move_to_end(key)
            return self._tiles[key]
        img = self._render(mpp, ratio, unit, i, j)
        self._keep(key, img)
        return img

    def _keep(self, key: tuple, img: QImage | None) -> None:
        self._tiles[key] = img
        if img is not None:
            self._bytes += img.sizeInBytes()
            while self._bytes > self.max_bytes and len(self._tiles) > 1:
                _k, old = self._tiles.popitem(last=False)
                if old is not None:
                    self._bytes -= old.sizeInBytes()

    def _render_block(self, mpp: float, ratio: float, unit: float, keys: list) -> None:
        """Render the tiles ``keys`` (i, j) in one pass over their bounding block and cut it
        up: a cold frame then costs one vector frame, not one per tile (parcels across tile
        seams drawn again, one index query per tile)."""
        r = self.renderer
        size = TILE * mpp
        i0, i1 = min(k[0] for k in keys), max(k[0] for k in keys)
        j0, j1 = min(k[1] for k in keys), max(k[1] for k in keys)
        ni, nj = i1 - i0 + 1, j1 - j0 + 1
        bvp = Viewport((i0 + ni / 2) * size, -(j0 + nj / 2) * size, mpp, ni * TILE, nj * TILE)
        vis = r.visible(bvp, unit, 0.0)
        self.rendered += len(keys)
        if not len(vis):
            for i, j in keys:
                self._keep((mpp, ratio, unit, i, j), None)
            return
        px = int(math.ceil(TILE * ratio))
        big = QImage(px * ni, px * nj, QImage.Format.Format_ARGB32_Premultiplied)
        big.fill(Qt.GlobalColor.transparent)
        big.setDevicePixelRatio(ratio)
        p = QPainter(big)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setTransform(bvp.transform(r.origin))
        r.draw_parcels(p, bvp, vis, unit, print_mode=False)
        p.end()
        x0, y0, x1, y1 = (r._bounds[vis, k] for k in range(4))
        for i, j in keys:
            tx0, tx1, ty1, ty0 = i * size, (i + 1) * size, -j * size, -(j + 1) * size
            if not ((x0 <= tx1) & (x1 >= tx0) & (y0 <= ty1) & (y1 >= ty0)).any():
                self._keep((mpp, ratio, unit, i, j), None)  # nothing here: no image kept
                continue
            tile = big.copy(QRect((i - i0) * px, (j - j0) * px, px, px))
            tile.setDevicePixelRatio(ratio)
            self._keep((mpp, ratio, unit, i, j), tile)

    def _render(self, mpp: float, ratio: float, unit: float, i: int, j: int) -> QImage | None:
        r = self.renderer
        size = TILE * mpp
        tvp = Viewport((i + 0.5) * size, -(j + 0.5) * size, mpp, TILE, TILE)
        vis = r.visible(tvp, unit, 0.0)
        self.rendered += 1
        if not len(vis):
            return None  # nothing here: no image kept
        px = int(math.ceil(TILE * ratio))
        img = QImage(px, px, QImage.Format.Format_ARGB32_Premultiplied)
        img.setDevicePixelRatio(ratio)
        img.fill(Qt.GlobalColor.transparent)
        p = QPainter(img)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setTransform(tvp.transform(r.origin))
        r.draw_parcels(p, tvp, vis, unit, print_mode=False)
        p.end()
        return img

    # -- upkeep ----------------------------------------------------------------------------
    def invalidate(self, bounds: np.ndarray | None = None) -> None:
        """Drop every tile (None), or the tiles meeting any of ``bounds`` (rows of minx,
        miny, maxx, maxy, world metres) at every zoom."""
        if bounds is None:
            self._tiles.clear()
            self._bytes = 0
            return
        if not len(bounds):
            return
        for key in list(self._tiles):
            mpp, _ratio, _unit, i, j = key
            size = TILE * mpp
            x0, x1 = i * size, (i + 1) * size
            y1, y0 = -j * size, -(j + 1) * size
            hit = (
                (bounds[:, 0] <= x1) & (bounds[:, 2] >= x0)
                & (bounds[:, 1] <= y1) & (bounds[:, 3] >= y0)
            )
            if hit.any():
                img = self._tiles.pop(key)
                if img is not None:
                    self._bytes -= img.sizeInBytes()

    def prefetch(self, vp: Viewport, unit: float, ratio: float, budget_s: float = 0.015) -> bool:
        """Render missing tiles around ``vp`` (one view further each side) for at most about
        ``budget_s`` seconds; True while some remain (call again when idle)."""
        if not self.usable(vp, unit, _IDENTITY):
            return False
        cols, rows = self._span(vp, margin=max(int(vp.width // TILE), int(vp.height // TILE), 1))
        t0 = time.perf_counter()
        ci, cj = (cols.start + cols.stop) / 2, (rows.start + rows.stop) / 2
        order = sorted(((i, j) for j in rows for i in cols),
                       key=lambda t: abs(t[0] - ci) + abs(t[1] - cj))
        for i, j in order:
            if (vp.m_per_px, ratio, unit, i, j) in self._tiles:
                continue
            if time.perf_counter() - t0 > budget_s:
                return True
            self._tile(vp.m_per_px, ratio, unit, i, j)
        return False

    @property
    def bytes(self) -> int:
        return self._bytes


class _Identity:
    @staticmethod
    def isIdentity() -> bool:  # noqa: N802 - the QTransform name
        return True


_IDENTITY = _Identity()
