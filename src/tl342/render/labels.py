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
        self._grid: dict[tuple[int, int], list[int]] = {}

    def _cells(self, r: QRectF) -> Iterable[tuple[int, int]]:
        c = self.cell
        i0, i1 = math.floor(r.left() / c), math.floor(r.right() / c)
        j0, j1 = math.floor(r.top() / c), math.floor(r.bottom() / c)
        for i in range(i0, i1 + 1):
            for j in range(j0, j1 + 1):
                yield i, j

    def add(self, r: QRectF) -> None:
        """Record a printed box (an obstacle for every label placed after)."""
        k = len(self.boxes)
        self.boxes.append(QRectF(r))
        for key in self._cells(r):
            self._grid.setdefault(key, []).append(k)

    def free(self, r: QRectF, pad: float = 0.0) -> bool:
        """``r`` (grown by ``pad``) inside the bounds and touching no recorded box."""
        g = r.adjusted(-pad, -pad, pad, pad) if pad else r
        if self.bounds is not None and not self.bounds.contains(r):
            return False
        seen: set[int] = set()
        for key in self._cells(g):
            for k in self._grid.get(key, ()):
                if k in seen:
                    continue
                seen.add(k)
                if g.intersects(self.boxes[k]):
                    return False
        return True

    def place(self, candidates: Iterable[QRectF], pad: float = 0.0) -> int:
        """Index of the first free candidate, recorded; -1 when none is free."""
        for n, r in enumerate(candidates):
            if self.free(r, pad):
                self.add(r)
                return n
        return -1


@dataclass
class Candidate:
    """One position for a label: its box, and the point a leader line joins (None: none)."""

    box: QRectF
    leader_to: QPointF | None = None


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
        k = index.place((c.box for c in req.candidates), pad)
        if k >= 0:
            req.placed = req.candidates[k]
            out.append(req)
    return out


def around(
    anchor: QPointF, w: float, h: float, gap: float, distances: Sequence[float] = (1.0,)
) -> list[Candidate]:
    """Boxes of ``w``×``h`` around ``anchor`` at ``gap`` × each distance: right, left, above,
    below, then the four diagonals (the PAL order for points), each with a leader to the
    anchor."""
    out = []
    x, y = anchor.x(), anchor.y()
    for d in distances:
        g = gap * d
        for dx, dy in ((1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (-1, -1), (1, 1), (-1, 1)):
            cx = x + dx * (g + w / 2)
            cy = y + dy * (g + h / 2)
            out.append(Candidate(QRectF(cx - w / 2, cy - h / 2, w, h), anchor))
    return out


def centred(p: QPointF, w: float, h: float) -> QRectF:
    return QRectF(p.x() - w / 2, p.y() - h / 2, w, h)
