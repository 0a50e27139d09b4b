"""Chainage (lý trình) along the road centreline: parsing, formatting and calibration.

Chainage is written ``KmXX+YYY`` (XX km + YYY m). It is **never** ``end - start`` of the
geometry: a :class:`Route` calibrates the centreline from control stakes (known chainage at a
known point, linear interpolation between consecutive control points, geometric length at
scale 1 before the first and after the last one) and from station equations
("Km a+b (back) = Km c+d (ahead)", a jump at one point: a gap when ahead > back, an overlap
when ahead < back). See ``docs/design.md`` and ``shared/domain.md`` §2.

Distances along the line ("distance", ``d``) are true geometric metres from the start of the
(possibly auto-reversed) line; chainage values are float metres.

Pure Python + shapely 2 + numpy; no Qt.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from shapely.geometry import LineString, MultiLineString
from shapely.geometry.base import BaseGeometry
from shapely.ops import linemerge
from shapely.ops import substring as _shapely_substring

from tl342.core.errors import UserError
from tl342.core.model import Side
from tl342.core.stations import _fmt, format_chainage, parse_chainage, stake_label

__all__ = [
    "Equation",
    "Location",
    "Position",
    "Route",
    "Side",
    "Stake",
    "format_chainage",
    "parse_chainage",
    "stake_label",
]

#: two control points closer than this (metres along the line) are "the same point"
SAME_POINT_M = 1e-3
#: chainage values closer than this are equal
SAME_CHAINAGE_M = 1e-3
#: offsets smaller than this count as lying on the centreline (both sides) in range_of
ON_LINE_M = 1e-3
#: calibration scale (chainage metres per metre of line) outside this range raises a warning
SCALE_WARN = (0.8, 1.25)
#: default sampling step (metres) along geometry boundaries in range_of
DENSIFY_M = 10.0
_CHUNK = 5000

# ---------------------------------------------------------------------------------------------
# records


@dataclass(frozen=True)
class Stake:
    """A control stake: known chainage at a known point (project CRS)."""

    chainage_m: float
    x: float
    y: float
    label: str = ""

    @property
    def name(self) -> str:
        ch = _fmt(self.chainage_m)
        if self.label and self.label != ch:
            return f"stake {self.label} ({ch})"
        return f"stake {ch}"


@dataclass(frozen=True)
class Equation:
    """Station equation "back = ahead" at a point: chainage jumps from ``back`` to ``ahead``."""

    back_m: float
    ahead_m: float
    x: float
    y: float

    @property
    def kind(self) -> str:
        """``"gap"`` when ahead > back (values skipped), ``"overlap"`` when ahead < back."""
        return "gap" if self.ahead_m > self.back_m else "overlap"

    @property
    def jump_m(self) -> float:
        """ahead - back (positive for a gap)."""
        return self.ahead_m - self.back_m

    @property
    def name(self) -> str:
        return f"equation {_fmt(self.back_m)} = {_fmt(self.ahead_m)}"

    def __str__(self) -> str:
        return f"{_fmt(self.back_m)} = {_fmt(self.ahead_m)}"


@dataclass(frozen=True)
class Location:
    """A point located against the route. ``x, y`` is the foot point on the centreline;
    ``offset_m`` is negative on the LEFT, positive on the RIGHT (facing increasing chainage)."""

    chainage_m: float
    offset_m: float
    side: Side
    distance_m: float
    x: float
    y: float

    @property
    def chainage(self) -> str:
        return format_chainage(self.chainage_m)


@dataclass(frozen=True)
class Position:
    """A point on the centreline; ``angle_deg`` is the tangent direction (east = 0, counter-
    clockwise, in [0, 360))."""

    chainage_m: float
    distance_m: float
    x: float
    y: float
    angle_deg: float

    @property
    def chainage(self) -> str:
        return format_chainage(self.chainage_m)


@dataclass(frozen=True)
class _Anchor:
    d: float
    ch: float
    what: str  # for messages


# ---------------------------------------------------------------------------------------------
# route


class Route:
    """A calibrated centreline. See the module docstring for the calibration rules."""

    def __init__(
        self,
        line: LineString,
        stakes: Sequence[Stake] = (),
        equations: Sequence[Equation] = (),
        *,
        name: str = "",
        tolerance_m: float = 25.0,
        start_chainage_m: float | None = None,
    ) -> None:
        self.name = name
        self.tolerance_m = float(tolerance_m)
        self.warnings: list[str] = []
        self.reversed = False  # True when the line was digitised backwards and got reversed

        geom = _as_linestring(line, name)
        self._set_line(geom)

        stakes = tuple(stakes)
        equations = tuple(equations)
        for s in stakes:
            if not all(math.isfinite(v) for v in (s.chainage_m, s.x, s.y)):
                raise UserError(f"{s.name}: chainage and coordinates must be numbers")
            if s.chainage_m < 0:
                raise UserError(f"{s.name}: negative chainage")
        for e in equations:
            if not all(math.isfinite(v) for v in (e.back_m, e.ahead_m, e.x, e.y)):
                raise UserError(f"{e.name}: chainage and coordinates must be numbers")
            if abs(e.ahead_m - e.back_m) <= SAME_CHAINAGE_M:
                raise UserError(f"{e.name}: back and ahead are equal, so it is not a jump")

        s_d = self._snap([(s.x, s.y) for s in stakes], [s.name for s in stakes])
        e_d = self._snap([(e.x, e.y) for e in equations], [e.name for e in equations])

        # Line digitised backwards? (all stakes decrease with distance; with fewer than two
        # stakes, all control points taken together)
        if _all_decreasing(s_d, [s.chainage_m for s in stakes]) or (
            len(stakes) < 2
            and _all_decreasing(
                list(s_d) + list(e_d),
                [s.chainage_m for s in stakes] + [(e.back_m + e.ahead_m) / 2 for e in equations],
            )
        ):
            self.reversed = True
            self._set_line(LineString(self._coords[::-1]))
            s_d = self.length_m - s_d
            e_d = self.length_m - e_d

        L = self.length_m
        s_d = np.where(s_d <= SAME_POINT_M, 0.0, np.where(s_d >= L - SAME_POINT_M, L, s_d))

        s_order = np.argsort(s_d, kind="stable")
        e_order = np.argsort(e_d, kind="stable")
        self.stakes: tuple[Stake, ...] = tuple(stakes[i] for i in s_order)
        self.stake_distances: tuple[float, ...] = tuple(float(s_d[i]) for i in s_order)
        self.equations: tuple[Equation, ...] = tuple(equations[i] for i in e_order)
        self.equation_distances: tuple[float, ...] = tuple(float(e_d[i]) for i in e_order)

        self._build(start_chainage_m)

    # -- geometry -----------------------------------------------------------------------------

    def _set_line(self, line: LineString) -> None:
        coords = np.asarray(shapely.get_coordinates(line), dtype=float)
        seg_len = np.hypot(*(coords[1:] - coords[:-1]).T)
        cum = np.concatenate([[0.0], np.cumsum(seg_len)])
        keep = seg_len > 0
        self._line = LineString(coords)
        self._coords = coords
        self._A = coords[:-1][keep]
        self._B = coords[1:][keep]
        self._seg_len = seg_len[keep]
        self._seg_d0 = cum[:-1][keep]
        self._dir = (self._B - self._A) / self._seg_len[:, None]
        self.length_m = float(cum[-1])
        self._tree = shapely.STRtree(shapely.linestrings(np.stack([self._A, self._B], axis=1)))

    @property
    def line(self) -> LineString:
        """The centreline, oriented in the direction of increasing chainage."""
        return self._line

    def _project(self, xy: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Vectorised projection of points (n, 2) -> (distance along, signed offset, foot (n, 2)).

        Offsets are negative on the left, positive on the right of the line direction.
        """
        xy = np.asarray(xy, dtype=float).reshape(-1, 2)
        n = len(xy)
        if n == 0:
            return np.empty(0), np.empty(0), np.empty((0, 2))
        pts = shapely.points(xy)
        idx = self._tree.query_nearest(pts, all_matches=False)
        seg = np.empty(n, dtype=np.intp)
        seg[idx[0]] = idx[1]
        a = self._A[seg]
        u = self._dir[seg]
        rel = xy - a
        t = np.clip(np.einsum("ij,ij->i", rel, u), 0.0, self._seg_len[seg])
        foot = a + u * t[:, None]
        d = np.clip(self._seg_d0[seg] + t, 0.0, self.length_m)
        cross = u[:, 0] * (xy[:, 1] - foot[:, 1]) - u[:, 1] * (xy[:, 0] - foot[:, 0])
        dist = np.hypot(xy[:, 0] - foot[:, 0], xy[:, 1] - foot[:, 1])
        offset = np.where(cross > 0, -dist, dist)
        return d, offset, foot

    def _points_at(self, d: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Points (n, 2) and tangent angles (degrees) at distances ``d`` along the line."""
        d = np.clip(np.asarray(d, dtype=float).reshape(-1), 0.0, self.length_m)
        seg = np.clip(np.searchsorted(self._seg_d0, d, side="right") - 1, 0, len(self._A) - 1)
        t = np.clip(d - self._seg_d0[seg], 0.0, self._seg_len[seg])
        u = self._dir[seg]
        pts = self._A[seg] + u * t[:, None]
        ang = np.degrees(np.arctan2(u[:, 1], u[:, 0])) % 360.0
        return pts, ang

    def _snap(self, xy: list[tuple[float, float]], names: list[str]) -> np.ndarray:
        if not xy:
            return np.empty(0)
        d, off, _ = self._project(np.array(xy, dtype=float))
        for name, o in zip(names, off, strict=True):
            if abs(o) > self.tolerance_m:
                raise UserError(
                    f"{name} lies {abs(o):.0f} m off the centreline "
                    f"(more than the {self.tolerance_m:g} m tolerance)"
                    + (f" of {self.name}" if self.name else "")
                )
        return d

    # -- calibration --------------------------------------------------------------------------

    def _build(self, start_chainage_m: float | None) -> None:
        L = self.length_m
        eq_d = list(self.equation_distances)
        eqs = list(self.equations)
        for e, d in zip(eqs, eq_d, strict=True):
            if d <= SAME_POINT_M or d >= L - SAME_POINT_M:
                where = "start" if d <= SAME_POINT_M else "end"
                raise UserError(
                    f"{e.name} lies at the {where} of the centreline; give it as a stake instead"
                )
        for i in range(1, len(eqs)):
            if eq_d[i] - eq_d[i - 1] <= SAME_POINT_M:
                raise UserError(
                    f"{eqs[i - 1].name} and {eqs[i].name} lie at the same point "
                    f"({eq_d[i]:.0f} m along the centreline)"
                )

        # stakes: de-duplicate, check for clashes, merge the ones sitting on an equation
        stakes: list[_Anchor] = []
        if start_chainage_m is not None and (self.stakes or self.equations):
            stakes.append(_Anchor(0.0, float(start_chainage_m), f"start {_fmt(start_chainage_m)}"))
        stakes += [
            _Anchor(d, s.chainage_m, s.name)
            for s, d in zip(self.stakes, self.stake_distances, strict=True)
        ]
        stakes.sort(key=lambda a: a.d)
        kept: list[_Anchor] = []
        for a in stakes:
            if kept and a.d - kept[-1].d <= SAME_POINT_M:
                if abs(a.ch - kept[-1].ch) <= SAME_CHAINAGE_M:
                    continue
                raise UserError(
                    f"{kept[-1].what} and {a.what} lie at the same point "
                    f"({a.d:.0f} m along the centreline) with different chainage"
                )
            on_eq = [
                (e, ed) for e, ed in zip(eqs, eq_d, strict=True) if abs(a.d - ed) <= SAME_POINT_M
            ]
            if on_eq:
                e, _ = on_eq[0]
                if min(abs(a.ch - e.back_m), abs(a.ch - e.ahead_m)) <= SAME_CHAINAGE_M:
                    continue  # the equation already pins this point
                raise UserError(
                    f"{a.what} contradicts {e.name}: it lies at the equation point but its "
                    f"chainage is neither {_fmt(e.back_m)} nor {_fmt(e.ahead_m)}"
                )
            kept.append(a)

        bounds = [0.0, *eq_d, L]
        segs: list[tuple[float, float, float, float]] = []
        if not kept and not eqs:
            s0 = 0.0 if start_chainage_m is None else float(start_chainage_m)
            segs.append((0.0, L, s0, s0 + L))
        else:
            j = 0
            for k in range(len(bounds) - 1):
                lo, hi = bounds[k], bounds[k + 1]
                anchors: list[_Anchor] = []
                if k > 0:
                    e = eqs[k - 1]
                    anchors.append(_Anchor(lo, e.ahead_m, f"{e.name} (ahead side)"))
                last = k == len(bounds) - 2
                while j < len(kept) and (kept[j].d < hi or (last and kept[j].d <= hi)):
                    anchors.append(kept[j])
                    j += 1
                if not last:
                    e = eqs[k]
                    anchors.append(_Anchor(hi, e.back_m, f"{e.name} (back side)"))
                for a, b in zip(anchors, anchors[1:], strict=False):
                    if b.ch - a.ch <= SAME_CHAINAGE_M:
                        raise UserError(
                            f"chainage does not increase along the centreline between {a.what} "
                            f"({a.d:.0f} m along) and {b.what} ({b.d:.0f} m along): "
                            f"{_fmt(a.ch)} then {_fmt(b.ch)}; check the order and position "
                            "of these points"
                        )
                first, final = anchors[0], anchors[-1]
                if first.d > lo:
                    segs.append((lo, first.d, first.ch - (first.d - lo), first.ch))
                for a, b in zip(anchors, anchors[1:], strict=False):
                    segs.append((a.d, b.d, a.ch, b.ch))
                    scale = (b.ch - a.ch) / (b.d - a.d)
                    if not SCALE_WARN[0] <= scale <= SCALE_WARN[1]:
                        self.warnings.append(
                            f"between {a.what} and {b.what} chainage advances "
                            f"{b.ch - a.ch:.0f} m over {b.d - a.d:.0f} m of centreline "
                            f"(scale {scale:.2f}); check the stake positions"
                        )
                if final.d < hi:
                    segs.append((final.d, hi, final.ch, final.ch + (hi - final.d)))

        arr = np.array(segs, dtype=float).reshape(-1, 4)
        self._D0, self._D1, self._C0, self._C1 = (arr[:, i].copy() for i in range(4))
        self._segs = [tuple(float(v) for v in row) for row in arr]

        # no chainage inside a gap may occur anywhere else on the route
        for e, ed in zip(eqs, eq_d, strict=True):
            if e.kind != "gap":
                continue
            hit = (self._C0 < e.ahead_m - SAME_CHAINAGE_M) & (self._C1 > e.back_m + SAME_CHAINAGE_M)
            if hit.any():
                i = int(np.argmax(hit))
                lo_c = max(self._C0[i], e.back_m)
                hi_c = min(self._C1[i], e.ahead_m)
                raise UserError(
                    f"{e.name} (at {ed:.0f} m along) skips {_fmt(e.back_m)}–{_fmt(e.ahead_m)}, "
                    f"but chainage {_fmt(lo_c)}–{_fmt(hi_c)} also occurs between "
                    f"{self._D0[i]:.0f} and {self._D1[i]:.0f} m along the centreline "
                    "(an equation or stake inside the gap)"
                )

        self.start_chainage_m = float(self._C0[0])
        self.end_chainage_m = float(self._C1[-1])
        self._ch_min = float(self._C0.min())
        self._ch_max = float(self._C1.max())

    # -- public API ---------------------------------------------------------------------------

    @property
    def span(self) -> tuple[float, float]:
        """(start chainage, end chainage)."""
        return (self.start_chainage_m, self.end_chainage_m)

    def segments(self) -> list[tuple[float, float, float, float]]:
        """Calibration pieces ``(d0, d1, ch0, ch1)`` in order along the line; a station
        equation shows as consecutive pieces with ``ch1 != next ch0``."""
        return list(self._segs)

    def chainages_at(self, distances: Iterable[float] | np.ndarray) -> np.ndarray:
        """Vectorised :meth:`chainage_at` (distances clipped to the line)."""
        d = np.clip(np.asarray(distances, dtype=float).reshape(-1), 0.0, self.length_m)
        i = np.clip(np.searchsorted(self._D0, d, side="right") - 1, 0, len(self._D0) - 1)
        d0, d1, c0, c1 = self._D0[i], self._D1[i], self._C0[i], self._C1[i]
        return c0 + (d - d0) * (c1 - c0) / (d1 - d0)

    def chainage_at(self, distance_m: float) -> float:
        """Chainage at ``distance_m`` metres along the line. At an equation point the ahead
        value is returned. Distances outside [0, length] raise :class:`UserError`."""
        if not (-SAME_POINT_M <= distance_m <= self.length_m + SAME_POINT_M):
            raise UserError(
                f"distance {distance_m:.1f} m is outside the centreline (0 – {self.length_m:.1f} m)"
            )
        return float(self.chainages_at([distance_m])[0])

    def locate(self, x: float, y: float) -> Location:
        """Chainage, signed offset (negative = left), side, distance along and foot point."""
        d, off, foot = self._project(np.array([[x, y]], dtype=float))
        ch = self.chainages_at(d)
        o = float(off[0])
        return Location(
            chainage_m=float(ch[0]),
            offset_m=o,
            side=Side.LEFT if o < 0 else Side.RIGHT,
            distance_m=float(d[0]),
            x=float(foot[0, 0]),
            y=float(foot[0, 1]),
        )

    def position_of(self, x: float, y: float) -> str:
        """Where a point's foot falls: ``"before_start"`` (beyond the first vertex, against
        the direction of chainage), ``"after_end"`` (beyond the last vertex) or ``"along"``."""
        d = self.locate(x, y).distance_m
        p = np.array([x, y], dtype=float)
        if d <= SAME_POINT_M and float(np.dot(p - self._A[0], self._dir[0])) < 0:
            return "before_start"
        last = len(self._A) - 1
        end = self._A[last] + self._dir[last] * self._seg_len[last]
        if d >= self.length_m - SAME_POINT_M and float(np.dot(p - end, self._dir[last])) > 0:
            return "after_end"
        return "along"

    def locate_many(self, xy: np.ndarray | Sequence[tuple[float, float]]) -> list[Location]:
        """Vectorised :meth:`locate` for an (n, 2) array of points."""
        d, off, foot = self._project(np.asarray(xy, dtype=float))
        ch = self.chainages_at(d)
        return [
            Location(
                float(c),
                float(o),
                Side.LEFT if o < 0 else Side.RIGHT,
                float(dd),
                float(f[0]),
                float(f[1]),
            )
            for c, o, dd, f in zip(ch, off, d, foot, strict=True)
        ]

    def _check_in_span(self, chainage_m: float) -> None:
        if not math.isfinite(chainage_m) or not (
            self._ch_min - SAME_CHAINAGE_M <= chainage_m <= self._ch_max + SAME_CHAINAGE_M
        ):
            raise UserError(
                f"{_fmt(chainage_m)} is outside the route "
                f"({_fmt(self.start_chainage_m)} – {_fmt(self.end_chainage_m)})"
            )

    def distances_at(self, chainage_m: float) -> list[float]:
        """Every distance along the line where the chainage occurs, in order: [] inside a gap,
        two (or more) inside an overlap. Outside the route raises :class:`UserError`."""
        ch = float(chainage_m)
        self._check_in_span(ch)
        eps = SAME_CHAINAGE_M
        c0, c1 = self._C0, self._C1
        hit = (c0 - eps <= ch) & (ch <= c1 + eps)
        # extrapolated ends: allow the clamp at the very start/end of the route
        d = self._D0 + (np.clip(ch, c0, c1) - c0) * (self._D1 - self._D0) / (c1 - c0)
        out: list[float] = []
        for v in np.sort(d[hit]):
            if not out or v - out[-1] > SAME_POINT_M:
                out.append(float(v))
        return out

    def point_at(self, chainage_m: float) -> list[Position]:
        """Positions where the chainage occurs: [] inside a gap (see :meth:`gap_containing`),
        two inside an overlap. Outside the route raises :class:`UserError`."""
        ds = self.distances_at(chainage_m)
        if not ds:
            return []
        pts, ang = self._points_at(np.array(ds))
        return [
            Position(float(chainage_m), d, float(p[0]), float(p[1]), float(a))
            for d, p, a in zip(ds, pts, ang, strict=True)
        ]

    def gap_containing(self, chainage_m: float) -> Equation | None:
        """The gap equation whose skipped values contain ``chainage_m`` (strictly), else None."""
        for e in self.equations:
            if (
                e.kind == "gap"
                and e.back_m + SAME_CHAINAGE_M < chainage_m < e.ahead_m - SAME_CHAINAGE_M
            ):
                return e
        return None

    def overlap_containing(self, chainage_m: float) -> Equation | None:
        """The overlap equation whose repeated values contain ``chainage_m``, else None."""
        for e in self.equations:
            if e.kind == "overlap" and e.ahead_m <= chainage_m <= e.back_m:
                return e
        return None

    # -- geometries ---------------------------------------------------------------------------

    def _sample(
        self, geoms: Sequence[BaseGeometry], densify_m: float, first: int = 0
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        arr = np.asarray(list(geoms), dtype=object)
        if len(arr) == 0:
            return np.empty(0, dtype=np.intp), np.empty(0), np.empty(0)
        empty = shapely.is_empty(arr) | shapely.is_missing(arr)
        if empty.any():
            raise UserError(f"geometry #{first + int(np.argmax(empty)) + 1} is empty")
        dense = shapely.segmentize(arr, densify_m) if densify_m > 0 else arr
        xy, index = shapely.get_coordinates(dense, return_index=True)
        d, off, _ = self._project(xy)
        return index, d, off

    def _ranges(
        self,
        geoms: Sequence[BaseGeometry],
        densify_m: float,
        progress: Callable[[int, int, str], None] | None = None,
        cancel: Any = None,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        geoms = list(geoms)
        n = len(geoms)
        out = [np.empty(n) for _ in range(4)] + [np.empty(n, bool) for _ in range(2)]
        for lo in range(0, n, _CHUNK):
            if cancel is not None:
                cancel.raise_if_cancelled()
            if progress is not None:
                progress(lo, n, "locating geometries along the centreline")
            chunk = geoms[lo : lo + _CHUNK]
            index, d, off = self._sample(chunk, densify_m, lo)
            ch = self.chainages_at(d)
            starts = np.searchsorted(index, np.arange(len(chunk)))  # grouped by geometry
            o_min = np.minimum.reduceat(off, starts)
            o_max = np.maximum.reduceat(off, starts)
            left = o_min < -ON_LINE_M
            right = o_max > ON_LINE_M
            on_line = ~left & ~right
            sl = slice(lo, lo + len(chunk))
            out[0][sl] = np.minimum.reduceat(d, starts)
            out[1][sl] = np.maximum.reduceat(d, starts)
            out[2][sl] = np.minimum.reduceat(ch, starts)
            out[3][sl] = np.maximum.reduceat(ch, starts)
            out[4][sl] = left | on_line
            out[5][sl] = right | on_line
        if progress is not None:
            progress(n, n, "located")
        return tuple(out)  # type: ignore[return-value]

    def ranges_of(
        self,
        geoms: Sequence[BaseGeometry],
        densify_m: float = DENSIFY_M,
        progress: Callable[[int, int, str], None] | None = None,
        cancel: Any = None,
    ) -> list[tuple[float, float, frozenset[Side]]]:
        """Vectorised :meth:`range_of`: one ``(min chainage, max chainage, sides)`` per
        geometry. ``progress(done, total, msg)`` and ``cancel`` (a ``CancelToken``) are
        optional; about 50 000 parcels take a few seconds."""
        _, _, c_min, c_max, left, right = self._ranges(geoms, densify_m, progress, cancel)
        both = frozenset({Side.LEFT, Side.RIGHT})
        lonly, ronly = frozenset({Side.LEFT}), frozenset({Side.RIGHT})
        return [
            (float(a), float(b), both if lf and rt else (lonly if lf else ronly))
            for a, b, lf, rt in zip(c_min, c_max, left, right, strict=True)
        ]

    def range_of(
        self, geom: BaseGeometry, densify_m: float = DENSIFY_M
    ) -> tuple[float, float, frozenset[Side]]:
        """Min/max chainage of a polygon/line/point (its vertices and its boundary densified
        every ``densify_m`` metres, projected on the centreline) and the sides it touches
        (a geometry lying exactly on the centreline touches both). A geometry that spans an
        equation reports the min and max of the chainages it touches."""
        return self.ranges_of([geom], densify_m)[0]

    def distance_ranges_of(
        self,
        geoms: Sequence[BaseGeometry],
        densify_m: float = DENSIFY_M,
        progress: Callable[[int, int, str], None] | None = None,
        cancel: Any = None,
    ) -> list[tuple[float, float]]:
        """Vectorised :meth:`distance_range_of`."""
        d_min, d_max, *_ = self._ranges(geoms, densify_m, progress, cancel)
        return [(float(a), float(b)) for a, b in zip(d_min, d_max, strict=True)]

    def distance_range_of(
        self, geom: BaseGeometry, densify_m: float = DENSIFY_M
    ) -> tuple[float, float]:
        """Like :meth:`range_of` in distance along the line (true metres)."""
        return self.distance_ranges_of([geom], densify_m)[0]

    def stations(self, every_m: float = 100.0) -> list[Position]:
        """Positions of the stakes at whole multiples of ``every_m`` chainage (km and H stakes
        with the default), in order along the line: none inside a gap, both in an overlap."""
        if every_m <= 0:
            raise UserError("stake spacing must be positive")
        found: dict[tuple[float, int], float] = {}
        for d0, d1, c0, c1 in self._segs:
            k0 = math.ceil(c0 / every_m - 1e-9)
            k1 = math.floor(c1 / every_m + 1e-9)
            for k in range(k0, k1 + 1):
                ch = k * every_m
                d = d0 + (ch - c0) * (d1 - d0) / (c1 - c0)
                d = min(max(d, d0), d1)
                key = (round(d / SAME_POINT_M) * SAME_POINT_M, k)
                found.setdefault(key, d)
        if not found:
            return []
        items = sorted(found.items(), key=lambda kv: (kv[1], kv[0][1]))
        ds = np.array([d for _, d in items])
        pts, ang = self._points_at(ds)
        return [
            Position(k * every_m, float(d), float(p[0]), float(p[1]), float(a))
            for ((_, k), d), p, a in zip(items, pts, ang, strict=True)
        ]

    stake_label = staticmethod(stake_label)

    def substring(self, d0: float, d1: float) -> LineString:
        """The part of the centreline between two distances (clipped to the line)."""
        a = min(max(float(d0), 0.0), self.length_m)
        b = min(max(float(d1), 0.0), self.length_m)
        return _shapely_substring(self._line, a, b)

    def __repr__(self) -> str:
        return (
            f"Route({self.name!r}, {_fmt(self.start_chainage_m)} – {_fmt(self.end_chainage_m)}, "
            f"length {self.length_m:.1f} m, {len(self.stakes)} stakes, "
            f"{len(self.equations)} equations)"
        )


# ---------------------------------------------------------------------------------------------
# helpers


def _as_linestring(line: BaseGeometry, name: str) -> LineString:
    what = f"centreline {name!r}" if name else "centreline"
    if line is None or line.is_empty:
        raise UserError(f"{what} is empty")
    if isinstance(line, MultiLineString):
        merged = linemerge(line)
        if not isinstance(merged, LineString):
            raise UserError(
                f"{what} has {len(merged.geoms)} separate parts; join them into one line"
            )
        line = merged
    if not isinstance(line, LineString):
        raise UserError(f"{what} must be a line, not a {line.geom_type}")
    line = shapely.force_2d(line)
    if line.length <= 0:
        raise UserError(f"{what} has zero length")
    if not np.isfinite(shapely.get_coordinates(line)).all():
        raise UserError(f"{what} has invalid coordinates")
    return line


def _all_decreasing(d: Sequence[float] | np.ndarray, ch: Sequence[float]) -> bool:
    """True when there are >= 2 points and chainage strictly decreases with distance."""
    if len(ch) < 2:
        return False
    order = np.argsort(np.asarray(d, dtype=float), kind="stable")
    c = np.asarray(ch, dtype=float)[order]
    dd = np.asarray(d, dtype=float)[order]
    return bool(np.all(np.diff(c) < 0) and np.all(np.diff(dd) > SAME_POINT_M))
