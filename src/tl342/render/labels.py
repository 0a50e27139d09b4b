"""Label placement: one index of the boxes already on the page, candidates tried in order.

Every label of a map (Km and H stakes, station equations, parcels, commune names) asks for a
place with a list of candidate boxes, best first (inside the recovered part, elsewhere inside
the parcel, outside with a leader line, …). Labels are placed by priority (stakes and
equations, then parcels with a recovered part, then the others, then H stakes); the first
candidate that lies inside the map frame and touches nothing placed wins; a label with no
free candidate is left out, never printed on top. Print sheets put their title, legend,
tables, scale bar, north arrow and grid labels in the same :class:`LabelIndex`, so map labels
never run over them either (the idea of QGIS's PAL: candidates × priorities × one obstacle
index, kept small).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF

# label priorities: lower is placed first
PRIO_STAKE_KM = 0  # Km stakes and station equations
PRIO_POINT = 0.5  # numbered boundary points (household sheet)
PRIO_RECOVERED = 1  # parcels with a recovered part
PRIO_PARCEL = 2  # other parcels
PRIO_STAKE_H = 3  # 100 m stakes
PRIO_COMMUNE = 4  # commune names


class LabelIndex:
    """Boxes already printed (device coordinates of one page or canvas), in a uniform grid of
    buckets so that a query looks at a few neighbours only. ``bounds``: where labels may
    go (None: anywhere)."""

    def __init__(self, cell: float = 64.0, bounds: QRectF | None = None) -> None:
        self.cell = max(float(cell), 1.0)
        self.bounds = bounds
        self.boxes: list[QRectF] = []
        # the boxes' edges as floats (left, top, right, bottom): the tests of a query run on
        # them rather than on Qt objects (a page's labels ask tens of thousands of times)
        self._edges: list[tuple[float, float, float, float]] = []
        self._inside = None if bounds is None else _edges(bounds)
        self._grid: dict[tuple[int, int], list[int]] = {}

    def add(self, r: QRectF, edges: tuple[float, float, float, float] | None = None) -> None:
        """Record a printed box (an obstacle for every label placed after); ``edges``: its
        (left, top, right, bottom) when the caller has them."""
        k = len(self.boxes)
        self.boxes.append(QRectF(r))
        e = edges or _edges(r)
        self._edges.append(e)
        left, top, right, bottom = e
        if left == right or top == bottom:  # an empty box touches nothing (QRectF.intersects)
            return
        c, grid = self.cell, self._grid
        j0, j1 = math.floor(top / c), math.floor(bottom / c) + 1
        for i in range(math.floor(left / c), math.floor(right / c) + 1):
            for j in range(j0, j1):
                key = (i, j)
                cell = grid.get(key)
                if cell is None:
                    grid[key] = [k]
                else:
                    cell.append(k)

    def free(
        self, r: QRectF, pad: float = 0.0, edges: tuple[float, float, float, float] | None = None
    ) -> bool:
        """``r`` (grown by ``pad``) inside the bounds and touching no recorded box."""
        left, top, right, bottom = edges or _edges(r)
        if self._inside is not None:  # QRectF.contains: an empty box is never inside
            bl, bt, br, bb = self._inside
            if (
                left == right
                or top == bottom
                or bl == br
                or bt == bb
                or left < bl
                or right > br
                or top < bt
                or bottom > bb
            ):
                return False
        if pad:
            left, top, right, bottom = left - pad, top - pad, right + pad, bottom + pad
        if left == right or top == bottom:
            return True  # QRectF.intersects: an empty box touches nothing
        c, grid, edges = self.cell, self._grid, self._edges
        j0, j1 = math.floor(top / c), math.floor(bottom / c) + 1
        for i in range(math.floor(left / c), math.floor(right / c) + 1):
            for j in range(j0, j1):
                cell = grid.get((i, j))
                if cell is None:
                    continue
                for k in cell:
                    el, et, er, eb = edges[k]
                    if left < er and el < right and top < eb and et < bottom:
                        return False
        return True

    def place(self, candidates: Iterable[QRectF], pad: float = 0.0) -> int:
        """Index of the first free candidate, recorded; -1 when none is free."""
        for n, r in enumerate(candidates):
            if self.free(r, pad):
                self.add(r)
                return n
        return -1


def _edges(r: QRectF) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of ``r``, normalised (a negative width or height flips)."""
    x0, y0 = r.x(), r.y()
    x1, y1 = x0 + r.width(), y0 + r.height()
    if x1 < x0:
        x0, x1 = x1, x0
    if y1 < y0:
        y0, y1 = y1, y0
    return x0, y0, x1, y1


class Candidate:
    """One position for a label: its box, and the point a leader line joins (None: none).

    ``edges``: the box's (left, top, right, bottom) when the caller has them as numbers; then
    ``box`` may be None and the Qt rectangle is made only if the candidate is drawn (a page
    tries tens of thousands of candidates and places a few thousand)."""

    __slots__ = ("_box", "leader_to", "edges")

    def __init__(
        self,
        box: QRectF | None = None,
        leader_to: QPointF | None = None,
        edges: tuple[float, float, float, float] | None = None,
    ) -> None:
        if box is None and edges is None:
            raise ValueError("a label candidate needs its box or its edges")
        self._box = box
        self.leader_to = leader_to
        self.edges = edges

    @property
    def box(self) -> QRectF:
        if self._box is None:
            left, top, right, bottom = self.edges
            self._box = QRectF(left, top, right - left, bottom - top)
        return self._box

    def __repr__(self) -> str:
        return f"Candidate({self.box!r}, {self.leader_to!r})"


@dataclass
class Request:
    """A label to place: ``candidates`` best first, ``draw(candidate)`` prints it there."""

    priority: float
    candidates: Sequence[Candidate]
    draw: Callable[[Candidate], None]
    order: float = 0.0  # tie-break within a priority (lower first)
    placed: Candidate | None = field(default=None)


def place_all(index: LabelIndex, requests: list[Request], pad: float = 0.0) -> list[Request]:
    """Place ``requests`` by (priority, order); returns those placed (``req.placed`` set)."""
    out = []
    for req in sorted(requests, key=lambda r: (r.priority, r.order)):
        for c in req.candidates:  # as index.place, with the edges the candidates carry
            edges = c.edges
            if index.free(None if edges is not None else c.box, pad, edges):
                index.add(c.box, edges)
                req.placed = c
                out.append(req)
                break
    return out


def around(
    anchor: QPointF, w: float, h: float, gap: float, distances: Sequence[float] = (1.0,)
) -> list[Candidate]:
    """Boxes of ``w``×``h`` around ``anchor`` at ``gap`` × each distance: right, left, above,
    below, then the four diagonals (the PAL order for points), each with a leader to the
    anchor."""
    out = []
    x, y = anchor.x(), anchor.y()
    hw, hh = w / 2, h / 2
    for d in distances:
        g = gap * d
        ox, oy = g + hw, g + hh
        for dx, dy in _AROUND:
            x0 = x + dx * ox - hw
            y0 = y + dy * oy - hh
            out.append(Candidate(None, anchor, (x0, y0, x0 + w, y0 + h)))
    return out


_AROUND = ((1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (-1, -1), (1, 1), (-1, 1))


def centred(p: QPointF, w: float, h: float) -> QRectF:
    return QRectF(p.x() - w / 2, p.y() - h / 2, w, h)
