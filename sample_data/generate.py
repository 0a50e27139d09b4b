#!/usr/bin/env python3
"""Deterministic generator of the bundled ĐT342 sample project (synthetic, plausible data).

Writes, in EPSG:5899 (VN-2000 / TM-3 107-45):

    route.geojson, stakes.csv, equations.csv, communes.geojson, clearance_boundary.geojson,
    parcels.shp (+ .shx .dbf .prj .cpg), parcels.gpkg (layer ``thua_dat``),
    ho_gia_dinh.xlsx, events.csv, campaign.json

Usage::

    .venv/bin/python sample_data/generate.py [--out DIR] [--seed N] [--scale N]

``--scale N`` writes a larger synthetic project with N parcels along the same route instead
(parcels as GeoPackage only), for benchmarks. Same seed -> same bytes (GeoPackage: same
content; its timestamps are pinned through ``OGR_CURRENT_DATE``).

Everything is invented: the route follows the real corridor only roughly, names, parcels and
amounts are fictitious. The headline numbers of the real project hold exactly (see README.md).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import os
import re
import sys
import time
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import LineString, MultiPoint, Point, Polygon
from shapely.ops import split, substring

CRS = "EPSG:5899"
FIXED_DATE = "2022-11-21T00:00:00Z"  # pinned file timestamps (day 8 of the campaign)
os.environ.setdefault("OGR_CURRENT_DATE", FIXED_DATE)

# ---------------------------------------------------------------------------------------------
# Targets (domain.md §1-§3)
# ---------------------------------------------------------------------------------------------
START_CHAINAGE = 37_500.0  # Km37+500
END_CHAINAGE = 60_300.0  # Km60+300 (old km system)
TRUE_LENGTH = 20_905.0  # design chainage Km58+405 = 37.5 + 20.905
N_HOUSEHOLDS = 169
TARGET_RECOVERED_M2 = 657_500.0  # household-held recovered area, must be in (655 000, 660 000)
TARGET_RSX_M2 = 494_500.0  # > 490 000
MIN_CROP_M2 = 144_000.0  # > 140 000
CROP_CODES = ("CLN", "HNK", "BHK", "NHK", "LUC", "LUK", "LUA", "CHN")
NO_HOUSEHOLD_CODES = ("DGT", "SON")

START_LONLAT = (107.1150, 21.2360)  # Đạp Thanh / Kỳ Thượng border
END_LONLAT = (107.1750, 21.3680)  # Thanh Lâm / Bắc Lãng border (Đèo Líu side)
# valley the road follows (lon, lat); the commune border crosses the 3rd leg
AXIS_LONLAT = [
    START_LONLAT,
    (107.1210, 21.2640),
    (107.1330, 21.2850),
    (107.1530, 21.3170),
    (107.1640, 21.3460),
    END_LONLAT,
]
COMMUNE_CROSSING = (2, 0.45)  # (axis leg, fraction along it) where the commune border crosses

DT, TL = "Đạp Thanh", "Thanh Lâm"
COMMUNES = (DT, TL)
COMMUNE_CODE = {DT: "DT", TL: "TL"}

# commune outlines (lon, lat); "S"/"E" = the road's ends, "X" = the crossing line, T1/T2 tri-points
T1 = (107.1660, 21.2600)
T2 = (107.0920, 21.3570)
DT_OUTER = [  # from T1 along the south border westwards, round the west to T2
    T1,
    (107.1660, 21.2480),
    (107.1560, 21.2370),
    (107.1380, 21.2310),
    "S",
    (107.0960, 21.2300),
    (107.0720, 21.2400),
    (107.0550, 21.2540),
    (107.0360, 21.2660),
    (107.0320, 21.2750),
    (107.0480, 21.2780),
    (107.0660, 21.2840),
    (107.0830, 21.3000),
    (107.0880, 21.3200),
    (107.0860, 21.3400),
    (107.0890, 21.3520),
    T2,
]
TL_OUTER = [  # from T2 along the north border eastwards, round the east to T1
    T2,
    (107.0990, 21.3690),
    (107.1190, 21.3780),
    (107.1450, 21.3790),
    "E",
    (107.1960, 21.3590),
    (107.2040, 21.3360),
    (107.1960, 21.3060),
    (107.1860, 21.2820),
    (107.1760, 21.2640),
    T1,
]

BRIDGES = ("Thác Dạ", "Thác Chạ", "Khe Lũ", "Khe Lào")
VILLAGES = {
    DT: ["Khe Mằn", "Khe Giang", "Thác Lào", "Nà Làng", "Khe Tâm", "Khe Lọng"],
    TL: ["Khe Lạc", "Pắc Cáy", "Khe Cát", "Đồng Quánh", "Khe Lọng Ngoài", "Khe Lọng Trong"],
}

_TO_XY = Transformer.from_crs("EPSG:4326", CRS, always_xy=True)


def lonlat_to_xy(lon: float, lat: float) -> np.ndarray:
    x, y = _TO_XY.transform(lon, lat)
    return np.array([x, y])


def rng_for(seed: int, name: str) -> np.random.Generator:
    """An independent, reproducible stream per purpose, so tuning one part never shifts another."""
    key = [seed] + [ord(c) for c in name]
    return np.random.default_rng(np.random.SeedSequence(key))


def fmt_chainage(m: float) -> str:
    km, rest = divmod(round(m), 1000)
    return f"Km{km}+{rest:03d}"


def unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v)


def left_normal(v: np.ndarray) -> np.ndarray:
    return np.array([-v[1], v[0]])


# ---------------------------------------------------------------------------------------------
# Centreline
# ---------------------------------------------------------------------------------------------
@dataclass
class Axis:
    pts: np.ndarray  # (n, 2) xy of the valley polyline
    cum: np.ndarray  # cumulative length at each vertex

    @classmethod
    def build(cls) -> Axis:
        pts = np.array([lonlat_to_xy(*p) for p in AXIS_LONLAT])
        seg = np.linalg.norm(np.diff(pts, axis=0), axis=1)
        return cls(pts, np.concatenate([[0.0], np.cumsum(seg)]))

    @property
    def length(self) -> float:
        return float(self.cum[-1])

    def at(self, a: float) -> tuple[np.ndarray, np.ndarray]:
        """Point and unit direction at distance a along the axis."""
        i = int(np.clip(np.searchsorted(self.cum, a, side="right") - 1, 0, len(self.pts) - 2))
        d = unit(self.pts[i + 1] - self.pts[i])
        return self.pts[i] + d * (a - self.cum[i]), d


def _fillet(pts: np.ndarray, radii: np.ndarray, arc_step: float = 12.0) -> np.ndarray:
    """Replace each interior vertex by a circular arc (tangent - curve - tangent alignment)."""
    out = [pts[0]]
    for i in range(1, len(pts) - 1):
        p0, p1, p2 = pts[i - 1], pts[i], pts[i + 1]
        u1, u2 = unit(p1 - p0), unit(p2 - p1)
        cross = u1[0] * u2[1] - u1[1] * u2[0]
        defl = math.atan2(cross, float(np.dot(u1, u2)))
        if abs(defl) < 1e-4:
            out.append(p1)
            continue
        half = math.tan(abs(defl) / 2)
        tmax = 0.45 * min(np.linalg.norm(p1 - p0), np.linalg.norm(p2 - p1))
        r = min(radii[i], tmax / half)
        t = r * half
        a = p1 - u1 * t
        side = 1.0 if defl > 0 else -1.0
        centre = a + left_normal(u1) * r * side
        start = math.atan2(a[1] - centre[1], a[0] - centre[0])
        n = max(2, math.ceil(r * abs(defl) / arc_step))
        for k in range(n + 1):
            ang = start + side * abs(defl) * k / n
            out.append(centre + r * np.array([math.cos(ang), math.sin(ang)]))
    out.append(pts[-1])
    return np.array(out)


def _route_for_amplitude(axis: Axis, amp: float, rng_state: dict) -> LineString:
    spacing, jitter, signs, radii = (rng_state[k] for k in ("spacing", "jitter", "signs", "radii"))
    cut_a = axis.cum[COMMUNE_CROSSING[0]] + COMMUNE_CROSSING[1] * (
        axis.cum[COMMUNE_CROSSING[0] + 1] - axis.cum[COMMUNE_CROSSING[0]]
    )
    pts = [axis.pts[0]]
    a = 0.0
    for i in range(len(spacing)):
        a += spacing[i]
        if a > axis.length - 250:
            break
        p, d = axis.at(a)
        taper = min(1.0, a / 900.0, (axis.length - a) / 900.0)
        if abs(a - cut_a) < 420:  # keep the road straight-ish where the commune border crosses
            taper *= 0.25
        pts.append(p + left_normal(d) * amp * jitter[i] * signs[i] * taper)
    pts.append(axis.pts[-1])
    line = _fillet(np.array(pts), radii)
    return LineString(np.round(line, 3))


def build_route(seed: int) -> LineString:
    """A winding mountain road from the start to the end point, exactly TRUE_LENGTH long."""
    axis = Axis.build()
    rng = rng_for(seed, "route")
    n = 120
    signs = np.ones(n)
    s = 1.0
    for i in range(n):  # mostly alternating (serpentines), sometimes the same side twice
        s = -s if rng.random() < 0.8 else s
        signs[i] = s
    state = {
        "spacing": rng.uniform(330, 560, n),
        "jitter": rng.uniform(0.45, 1.35, n),
        "signs": signs,
        "radii": rng.uniform(55, 260, n + 2),
    }
    lo, hi = 0.0, 1500.0
    for _ in range(60):
        mid = (lo + hi) / 2
        if _route_for_amplitude(axis, mid, state).length < TRUE_LENGTH:
            lo = mid
        else:
            hi = mid
    best = None
    for amp in np.linspace(lo - 0.5, hi + 0.5, 41):  # rounding makes length a step function
        line = _route_for_amplitude(axis, float(amp), state)
        if best is None or abs(line.length - TRUE_LENGTH) < abs(best.length - TRUE_LENGTH):
            best = line
    assert best is not None and best.is_simple, "route self-intersects"
    return best


# ---------------------------------------------------------------------------------------------
# Communes
# ---------------------------------------------------------------------------------------------
def _perturb(a: np.ndarray, b: np.ndarray, rng: np.random.Generator, min_len=180.0) -> list:
    """Midpoint displacement: a natural-looking border between a and b (a excluded, b included)."""
    seg = b - a
    length = float(np.linalg.norm(seg))
    if length < min_len:
        return [b]
    mid = (a + b) / 2 + left_normal(seg / length) * rng.normal(0, 0.11) * length
    return _perturb(a, mid, rng, min_len) + _perturb(mid, b, rng, min_len)


def _chain(points: list, fixed: set[int], rng: np.random.Generator) -> list:
    out = [points[0]]
    for i in range(1, len(points)):
        if i in fixed:
            out.append(points[i])
        else:
            out.extend(_perturb(points[i - 1], points[i], rng))
    return out


def build_communes(route: LineString, seed: int) -> dict[str, Polygon]:
    rng = rng_for(seed, "communes")
    coords = np.asarray(route.coords)
    s_pt, e_pt = coords[0], coords[-1]
    n_s = left_normal(unit(coords[1] - coords[0]))
    n_e = left_normal(unit(coords[-1] - coords[-2]))
    axis = Axis.build()
    leg, frac = COMMUNE_CROSSING
    a = axis.cum[leg] + frac * (axis.cum[leg + 1] - axis.cum[leg])
    x_pt, d = axis.at(a)
    nx = left_normal(d)
    t1, t2 = lonlat_to_xy(*T1), lonlat_to_xy(*T2)
    # shared border, T1 (south-east) -> T2 (north-west), straight across the road near X
    shared_ctrl = [t1, x_pt - nx * 700, x_pt + nx * 700, t2]
    shared = _chain(shared_ctrl, fixed={2}, rng=rng)

    def outer(ctrl_ll, anchor, normal, rev):
        pts, fixed = [], set()
        for c in ctrl_ll:
            if c == anchor[0]:
                p = anchor[1]
                # the border runs square to the road for 300 m either side of its end
                seq = [p + normal * 300, p, p - normal * 300] if rev else [
                    p - normal * 300, p, p + normal * 300]
                fixed.update({len(pts) + 1, len(pts) + 2})
                pts.extend(seq)
            else:
                pts.append(lonlat_to_xy(*c))
        return _chain(pts, fixed, rng)

    dt_outer = outer(DT_OUTER, ("S", s_pt), n_s, rev=False)  # westwards along the south border
    tl_outer = outer(TL_OUTER, ("E", e_pt), n_e, rev=True)  # eastwards along the north border
    dt = Polygon(np.round(np.array(dt_outer + shared[::-1][1:]), 3))
    tl = Polygon(np.round(np.array(tl_outer + shared[1:]), 3))
    for name, poly in ((DT, dt), (TL, tl)):
        assert poly.is_valid, f"{name} polygon invalid"
    return {DT: shapely.orient_polygons(dt), TL: shapely.orient_polygons(tl)}


# ---------------------------------------------------------------------------------------------
# Chainage: stakes and station equations
# ---------------------------------------------------------------------------------------------
@dataclass
class Equation:
    s: float  # true distance along the centreline
    back: float
    ahead: float


def build_equations(seed: int, length: float) -> list[Equation]:
    """4 equations where the new alignment cuts old curves; gaps sum to END - START - length."""
    rng = rng_for(seed, "equations")
    total_gap = round(END_CHAINAGE - START_CHAINAGE - length)
    while True:
        w = rng.uniform(0.7, 1.3, 4)
        gaps = np.floor(w / w.sum() * total_gap).astype(int)
        gaps[-1] += total_gap - gaps.sum()
        pos = np.sort(rng.uniform(0.08, 0.92, 4)) * length
        if np.min(np.diff(pos)) < 2500:
            continue
        eqs, offset, ok = [], 0, True
        for p, g in zip(pos, gaps, strict=True):
            back = START_CHAINAGE + round(p) + offset
            ahead = back + int(g)
            if min(back % 1000, 1000 - back % 1000, ahead % 1000, 1000 - ahead % 1000) < 40:
                ok = False  # keep equations clear of km stakes
            eqs.append(Equation(float(round(p)), float(back), float(ahead)))
            offset += int(g)
        if ok:
            return eqs


def true_distance(chainage: float, eqs: list[Equation]) -> float | None:
    """Distance along the line of a chainage value; None if it falls inside a gap."""
    s = chainage - START_CHAINAGE
    for e in eqs:
        if chainage >= e.ahead:
            s -= e.ahead - e.back
        elif chainage > e.back:
            return None
    return s


def build_stakes(route: LineString, eqs: list[Equation]) -> list[tuple[str, float, float]]:
    stakes = []
    values = [START_CHAINAGE] + [float(k) for k in range(38_000, 61_000, 1000)] + [END_CHAINAGE]
    for c in sorted(set(values)):
        if c > END_CHAINAGE:
            continue
        s = true_distance(c, eqs)
        if s is None:
            continue  # that km mark lies on a cut-off old curve: no stake on the new road
        p = route.interpolate(min(s, route.length))
        stakes.append((fmt_chainage(c), round(p.x, 3), round(p.y, 3)))
    return stakes


# ---------------------------------------------------------------------------------------------
# A moving frame along the route
# ---------------------------------------------------------------------------------------------
class Frame:
    def __init__(self, route: LineString, step: float = 4.0, smooth: float = 80.0):
        self.route = route
        self.length = route.length
        n = int(math.ceil(self.length / step))
        self.s = np.linspace(0.0, self.length, n + 1)
        self.pts = shapely.get_coordinates(shapely.line_interpolate_point(route, self.s))
        ahead = shapely.get_coordinates(
            shapely.line_interpolate_point(route, np.minimum(self.s + 2, self.length)))
        behind = shapely.get_coordinates(
            shapely.line_interpolate_point(route, np.maximum(self.s - 2, 0)))
        tan = ahead - behind
        tan /= np.linalg.norm(tan, axis=1)[:, None]
        self.tan = tan
        self.normal = np.column_stack([-tan[:, 1], tan[:, 0]])
        k = max(1, int(smooth / step))
        kernel = np.ones(2 * k + 1)
        padded = np.vstack([np.repeat(tan[:1], k, 0), tan, np.repeat(tan[-1:], k, 0)])
        sm = np.column_stack([np.convolve(padded[:, i], kernel, "valid") for i in range(2)])
        sm /= np.linalg.norm(sm, axis=1)[:, None]
        self.snormal = np.column_stack([-sm[:, 1], sm[:, 0]])

    def place(self, s: np.ndarray, t: np.ndarray, smooth: bool = True) -> np.ndarray:
        """Points at distance s along (extrapolated past the ends) and offset t to the left."""
        s = np.asarray(s, float)
        idx = np.clip(np.round(s / (self.s[1] - self.s[0])).astype(int), 0, len(self.s) - 1)
        base = self.pts[idx] + self.tan[idx] * (s - self.s[idx])[:, None]
        nrm = self.snormal[idx] if smooth else self.normal[idx]
        return base + nrm * np.asarray(t, float)[:, None]


def smooth_noise(rng: np.random.Generator, s: np.ndarray, waves=((350, 900), (900, 2500))):
    out = np.zeros_like(s)
    for lo, hi in waves:
        for _ in range(2):
            out += np.sin(2 * np.pi * s / rng.uniform(lo, hi) + rng.uniform(0, 2 * np.pi))
    return out / (2 * len(waves)) * 2  # roughly in [-1, 1]


def bump(s: np.ndarray, a: float, b: float, taper: float) -> np.ndarray:
    """1 on [a, b], cosine tapers of the given length outside, 0 beyond."""
    up = np.clip((s - (a - taper)) / taper, 0, 1)
    down = np.clip(((b + taper) - s) / taper, 0, 1)
    return (0.5 - 0.5 * np.cos(np.pi * np.minimum(up, down)))


# ---------------------------------------------------------------------------------------------
# Land: zones, seeds, parcels
# ---------------------------------------------------------------------------------------------
@dataclass
class Land:
    """Everything along the corridor that the parcels and the clearance boundary depend on."""

    village_s: dict[str, list[float]]  # commune -> village centre positions along the road
    crop: dict[int, list[tuple[float, float]]]  # side (+1 left, -1 right) -> crop intervals
    bridges: list[float]
    culverts: list[float]
    cuttings: list[tuple[float, float, int, float]]  # (s0, s1, side, extra width)
    old_road: list[tuple[float, float]]  # stretches where the new road runs on the old one
    s_cross: float

    def is_crop(self, side: int, s: np.ndarray) -> np.ndarray:
        out = np.zeros(len(s), bool)
        for a, b in self.crop[side]:
            out |= (s >= a) & (s <= b)
        return out


def plan_land(seed: int, route: LineString, communes: dict[str, Polygon]) -> Land:
    rng = rng_for(seed, "land")
    length = route.length
    s_cross = float(route.intersection(communes[DT]).length)  # the road starts in Đạp Thanh
    village_s = {}
    for name, a, b in ((DT, 0.0, s_cross), (TL, s_cross, length)):
        n = len(VILLAGES[name])
        centres = a + (np.arange(n) + 0.5) / n * (b - a) + rng.uniform(-0.2, 0.2, n) * (b - a) / n
        village_s[name] = [float(c) for c in centres]
    crop = {1: [], -1: []}
    for centres in village_s.values():
        for c in centres:
            for side in (1, -1):
                crop[side].append((c - rng.uniform(90, 300), c + rng.uniform(90, 300)))
    for side in (1, -1):  # a few gardens (cinnamon, star anise, fruit) away from villages
        for _ in range(4):
            a = rng.uniform(300, length - 600)
            crop[side].append((a, a + rng.uniform(80, 200)))
    fr = np.array([0.11, 0.33, 0.57, 0.83]) + rng.uniform(-0.03, 0.03, 4)
    bridges = [float(f * length) for f in fr]
    culverts = []
    while len(culverts) < 9:
        c = rng.uniform(400, length - 400)
        if min(abs(c - x) for x in bridges + culverts) > 700:
            culverts.append(float(c))
    cuttings = []
    while len(cuttings) < 11:
        a = rng.uniform(200, length - 700)
        b = a + rng.uniform(120, 450)
        if all(b < c0 - 150 or a > c1 + 150 for c0, c1, _, _ in cuttings) and all(
            abs(x - a) > 250 and abs(x - b) > 250 for x in bridges):
            cuttings.append((a, b, int(rng.choice([1, -1])), float(rng.uniform(9, 22))))
    cuttings.sort()
    old_road = []
    while len(old_road) < 8:
        a = rng.uniform(300, length - 700)
        b = a + rng.uniform(140, 320)
        if all(b < c0 - 200 or a > c1 + 200 for c0, c1 in old_road) and all(
            abs(x - a) > 120 and abs(x - b) > 120 and not a < x < b
            for x in bridges + culverts):
            old_road.append((a, b))
    old_road.sort()
    return Land(village_s, crop, bridges, culverts, cuttings, old_road, s_cross)


def half_width(land: Land, frame_s: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Left and right half-widths (m) of the clearance before the tuning factor."""
    rng = rng_for(seed, "widths")
    base = 28.0 + 3.5 * smooth_noise(rng, frame_s)
    asym = 0.5 + 0.09 * smooth_noise(rng, frame_s)
    left, right = base * asym, base * (1 - asym)
    for a, b, side, extra in land.cuttings:  # deep cut: the uphill side takes the slope
        add = extra * bump(frame_s, a, b, 40.0)
        if side > 0:
            left = left + add
        else:
            right = right + add
    for c in land.bridges:  # abutments, cones, temporary works
        half = rng.uniform(45, 75)
        extra = rng.uniform(14, 22)
        f = bump(frame_s, c - half, c + half, 30.0)
        left, right = left + f * extra * 0.55, right + f * extra * 0.45
    return left, right


def clearance_polygon(frame: Frame, left: np.ndarray, right: np.ndarray, k: float) -> Polygon:
    lp = frame.pts + frame.normal * (left * k)[:, None]
    rp = frame.pts - frame.normal * (right * k)[:, None]
    poly = Polygon(np.vstack([lp, rp[::-1]]))
    if not poly.is_valid:
        poly = shapely.make_valid(poly)
        parts = [g for g in shapely.get_parts(poly) if g.geom_type == "Polygon"]
        poly = max(parts, key=lambda g: g.area)
    return poly


CROP_ROWS = ((30, 42), (95, 125), (165, 205))  # offsets (m) of seed rows in crop land
FOREST_ROWS = ((75, 95), (200, 240))
CROP_SPACING = (30, 56)  # along the road
FOREST_SPACING = (100, 160)
GHOST_T = 360.0


@dataclass
class Piece:
    geom: Polygon
    commune: str
    side: int  # +1 left, -1 right of the centreline (facing increasing chainage)
    zone: str  # crop | forest | DGT | SON
    row: int
    s: float = 0.0
    code: str = ""
    recovered: float = 0.0
    sheet: int = 0
    number: int = 0
    owner: str = ""
    address: str = ""
    household: str | None = None
    extra: dict = field(default_factory=dict)


def _side_regions(frame: Frame, seed: int) -> tuple[LineString, dict[int, Polygon]]:
    """The old cadastral line along the road (left/right parcels meet there) and both halves."""
    t0 = 5.0 * smooth_noise(rng_for(seed, "divider"), frame.s)
    pts = frame.pts + frame.normal * t0[:, None]
    divider = LineString(pts).simplify(0.3)
    ext = LineString(np.vstack([pts[0] - frame.tan[0] * 3000, pts, pts[-1] + frame.tan[-1] * 3000]))
    big = frame.route.buffer(2500)
    pieces = list(split(big, ext.simplify(0.3)).geoms)
    probe = Point(frame.place(np.array([frame.length / 2]), np.array([25.0]), smooth=False)[0])
    left = [p for p in pieces if p.contains(probe)]
    assert len(left) == 1
    right = shapely.union_all([p for p in pieces if not p.contains(probe)])
    return divider, {1: left[0], -1: right}


def _seeds(land: Land, frame: Frame, side: int, rng: np.random.Generator):
    """Seed points of parcels on one side: rows at set offsets, tighter spacing in crop land."""
    out = []  # (s, t, zone, row)
    for lane in range(3):
        s = -rng.uniform(20, 120)
        while s < frame.length + 120:
            crop = bool(land.is_crop(side, np.array([s]))[0])
            rows, spacing = (CROP_ROWS, CROP_SPACING) if crop else (FOREST_ROWS, FOREST_SPACING)
            step = rng.uniform(*spacing)
            if lane < len(rows):
                t = rng.uniform(*rows[lane])
                out.append((s + rng.uniform(-0.12, 0.12) * step, t, "crop" if crop else "forest",
                            lane + 1))
            s += step
    s = -150.0
    while s < frame.length + 150:
        out.append((s, GHOST_T + rng.uniform(-30, 30), "ghost", 9))
        s += rng.uniform(80, 120)
    return out


def build_parcels(seed: int, frame: Frame, land: Land, communes: dict[str, Polygon]):
    route = frame.route
    divider, regions = _side_regions(frame, seed)
    clip = route.buffer(450)
    pieces: list[Piece] = []
    for side in (1, -1):
        rng = rng_for(seed, f"seeds{side}")
        seeds = _seeds(land, frame, side, rng)
        s_arr = np.array([x[0] for x in seeds])
        t_arr = np.array([x[1] for x in seeds])
        xy = frame.place(s_arr, side * t_arr)
        pts = shapely.points(xy)
        keep = shapely.contains_xy(regions[side], xy[:, 0], xy[:, 1])
        keep &= shapely.distance(pts, route) >= 0.55 * t_arr
        idx = np.flatnonzero(keep)
        vor = shapely.voronoi_polygons(MultiPoint(xy[idx]), extend_to=clip, ordered=True)
        cells = np.array(shapely.get_parts(vor))
        real = np.array([seeds[i][2] != "ghost" for i in idx])
        for name in COMMUNES:
            region = shapely.intersection(shapely.intersection(regions[side], clip), communes[name])
            shapely.prepare(region)
            geoms = shapely.intersection(cells[real], region)
            for g, i in zip(geoms, idx[real], strict=True):
                for part in shapely.get_parts(g):
                    if part.geom_type == "Polygon" and part.area > 0.01:
                        pieces.append(Piece(part, name, side, seeds[i][2], seeds[i][3], seeds[i][0]))
    return divider, pieces


def _stream_line(frame: Frame, s0: float, rng: np.random.Generator, reach: float) -> LineString:
    """A meandering stream crossing the road once at s0, roughly square to it."""
    i = int(round(s0 / (frame.s[1] - frame.s[0])))
    p, n = frame.pts[i], frame.normal[i]
    clip = frame.route.buffer(reach)
    best = None
    phase, wl, amp = rng.uniform(0, 2 * np.pi), rng.uniform(120, 260), rng.uniform(8, 25)
    for ang in (0, 10, -10, 20, -20, 30, -30, 40, -40):
        a = math.radians(ang + rng.uniform(-4, 4))
        d = np.array([n[0] * math.cos(a) - n[1] * math.sin(a), n[0] * math.sin(a) + n[1] * math.cos(a)])
        u = np.linspace(-reach - 100, reach + 100, 121)
        wig = amp * np.sin(2 * np.pi * u / wl + phase) * np.minimum(1, np.abs(u) / 60)
        line = LineString(p + np.outer(u, d) + np.outer(wig, left_normal(d)))
        inside = line.intersection(clip)
        hits = shapely.get_num_geometries(inside.intersection(frame.route))
        if inside.geom_type == "LineString" and hits == 1:
            return inside
        if best is None:
            best = inside
    return best


def carve(seed: int, frame: Frame, land: Land, divider: LineString, pieces: list[Piece],
          communes: dict[str, Polygon]) -> list[Piece]:
    """Cut stream (SON) and old-road (DGT) parcels out of the land parcels."""
    rng = rng_for(seed, "carve")
    covered = shapely.union_all([p.geom for p in pieces])
    cuts = []
    for i, s0 in enumerate(land.bridges + land.culverts):
        width = rng.uniform(14, 24) if i < len(land.bridges) else rng.uniform(4, 7)
        line = _stream_line(frame, s0, rng, 480)
        cuts.append(("SON", line.buffer(width / 2, cap_style="flat", join_style="mitre")))
    son = shapely.union_all([g for _, g in cuts])
    for a, b in land.old_road:
        da, db = divider.project(Point(frame.place(np.array([a]), np.array([0.0]))[0])), \
            divider.project(Point(frame.place(np.array([b]), np.array([0.0]))[0]))
        strip = substring(divider, da, db).buffer(3.0, cap_style="flat", join_style="mitre")
        strip = strip.difference(son)
        cuts.append(("DGT", strip))
    cut_all = shapely.union_all([g for _, g in cuts])
    out = []
    for p in pieces:
        if not p.geom.intersects(cut_all):
            out.append(p)
            continue
        rest = p.geom.difference(cut_all)
        for part in shapely.get_parts(rest):
            if part.geom_type == "Polygon" and part.area > 0.01:
                out.append(Piece(part, p.commune, p.side, p.zone, p.row, p.s))
    seen = shapely.Polygon()
    for code, g in cuts:
        g = g.intersection(covered).difference(seen)
        seen = seen.union(g)
        for name in COMMUNES:
            for part in shapely.get_parts(g.intersection(communes[name])):
                if part.geom_type == "Polygon" and part.area > 0.01:
                    c = part.representative_point()
                    out.append(Piece(part, name, 0, code, 0, float(frame.route.project(c)),
                                     code=code))
    return out


def merge_small(pieces: list[Piece], min_area: float) -> list[Piece]:
    """Fold slivers into the neighbour they share the longest border with (same commune)."""
    while True:
        geoms = [p.geom for p in pieces]
        tree = shapely.STRtree(geoms)
        small = sorted((i for i, p in enumerate(pieces) if p.geom.area < (
            20.0 if p.zone in NO_HOUSEHOLD_CODES else min_area)), key=lambda i: pieces[i].geom.area)
        if not small:
            return pieces
        gone: set[int] = set()
        for i in small:
            if i in gone:
                continue
            best, best_len = None, 0.0
            for j in tree.query(geoms[i], predicate="intersects"):
                if j == i or j in gone or pieces[j].commune != pieces[i].commune:
                    continue
                shared = geoms[i].boundary.intersection(geoms[j].boundary).length
                if pieces[j].zone in NO_HOUSEHOLD_CODES:
                    shared *= 0.01  # prefer land neighbours
                if shared > best_len:
                    best, best_len = j, shared
            if best is None:
                gone.add(i)  # isolated crumb outside the corridor
                continue
            merged = shapely.union(geoms[best], geoms[i])
            if merged.geom_type != "Polygon":
                merged = max(shapely.get_parts(merged), key=lambda g: g.area)
            pieces[best].geom = merged
            geoms[best] = merged
            gone.add(i)
        pieces = [p for k, p in enumerate(pieces) if k not in gone]


def finish_geometry(pieces: list[Piece], grid: float = 0.001) -> list[Piece]:
    geoms = shapely.set_precision(np.array([p.geom for p in pieces]), grid)
    out = []
    for p, g in zip(pieces, geoms, strict=True):
        parts = [x for x in shapely.get_parts(g) if x.geom_type == "Polygon" and x.area > 0]
        if not parts:
            continue
        p.geom = max(parts, key=lambda x: x.area) if len(parts) > 1 else parts[0]
        out.append(p)
    return out


def tune_clearance(frame: Frame, land: Land, pieces: list[Piece], communes, seed: int):
    """Scale the corridor width so the household-held recovered area hits the target."""
    left, right = half_width(land, frame.s, seed)
    area_of = shapely.union_all(list(communes.values()))
    near = frame.route.buffer(90)
    cand = np.array([p.geom for p in pieces
                     if p.zone not in NO_HOUSEHOLD_CODES and p.geom.intersects(near)])

    def total(k: float):
        cl = clearance_polygon(frame, left, right, k).intersection(area_of).simplify(0.02)
        cl = shapely.set_precision(cl, 0.001)
        a = shapely.area(shapely.intersection(cand, cl))
        return float(a[a >= 1.0].sum()), cl

    k0, k1 = 1.0, 1.08
    (f0, _), (f1, cl) = total(k0), total(k1)
    for _ in range(20):
        if abs(f1 - TARGET_RECOVERED_M2) < 150:
            break
        k0, k1 = k1, k1 + (TARGET_RECOVERED_M2 - f1) * (k1 - k0) / (f1 - f0)
        f0 = f1
        f1, cl = total(k1)
    return k1, cl


LAND_PRICE = {  # đ/m², position 1 along the provincial road (invented, plausible magnitudes)
    "RSX": (42_000, 38_000), "CLN": (95_000, 88_000), "HNK": (75_000, 70_000),
    "BHK": (78_000, 72_000), "NHK": (60_000, 55_000), "LUC": (110_000, 105_000),
    "LUK": (98_000, 92_000), "NTS": (70_000, 65_000), "ONT": (1_800_000, 1_500_000),
}
CROP_WEIGHTS = {"CLN": 0.40, "HNK": 0.22, "BHK": 0.13, "NHK": 0.08, "LUK": 0.09, "LUC": 0.05,
                "NTS": 0.03}


def assign_land_use(seed: int, pieces: list[Piece], land: Land) -> None:
    """Codes from the zones, then a deterministic balance so the RSX / crop totals hold."""
    rng = rng_for(seed, "landuse")
    villages = np.array([v for vs in land.village_s.values() for v in vs])
    codes, weights = list(CROP_WEIGHTS), np.array(list(CROP_WEIGHTS.values()))
    for p in pieces:
        if p.zone in NO_HOUSEHOLD_CODES:
            p.code = p.zone
        elif p.zone == "forest":
            p.code = "RSX"
        elif p.row == 1 and np.min(np.abs(villages - p.s)) < 90 and rng.random() < 0.4:
            p.code = "ONT"
        elif min(abs(b - p.s) for b in land.bridges) < 260 and rng.random() < 0.5:
            p.code = "LUK" if rng.random() < 0.6 else "LUC"
        else:
            p.code = str(rng.choice(codes, p=weights / weights.sum()))
    held = [p for p in pieces if p.code not in NO_HOUSEHOLD_CODES and p.recovered >= 1.0]

    def total(codes_):
        return sum(p.recovered for p in held if p.code in codes_)

    other = [p for p in held if p.code not in CROP_CODES and p.code != "RSX"]
    for p in sorted(other, key=lambda p: -p.recovered):
        if total(("ONT", "NTS")) <= 13_000:
            break
        p.code = "CLN"
    lo, hi = TARGET_RSX_M2 - 2_000, TARGET_RSX_M2 + 2_000

    def crop_distance(p):
        return min(min(abs(p.s - a), abs(p.s - b)) for a, b in land.crop[p.side or 1])

    forest = sorted((p for p in held if p.code == "RSX"), key=lambda p: (crop_distance(p), p.s))
    for p in forest:  # forest next to fields is often already a cinnamon / star-anise garden
        excess = total(("RSX",)) - hi
        if excess <= 0:
            break
        if p.recovered <= excess + (hi - lo) / 2:
            p.code = "CLN"
    crop = sorted((p for p in held if p.code in CROP_CODES), key=lambda p: (-p.recovered, p.s))
    for p in crop:  # gardens gone back to acacia
        short = lo - total(("RSX",))
        if short <= 0:
            break
        if p.recovered <= short + (hi - lo) / 2:
            p.code = "RSX"


def number_parcels(pieces: list[Piece], tile: float) -> None:
    """Map sheets (tờ bản đồ) per commune on a square grid, parcels numbered from the north-west."""
    for name in COMMUNES:
        mine = [p for p in pieces if p.commune == name]
        xy = shapely.get_coordinates(shapely.point_on_surface([p.geom for p in mine]))
        cols, rows = np.floor(xy[:, 0] / tile).astype(int), np.floor(xy[:, 1] / tile).astype(int)
        tiles = sorted(set(zip(rows.tolist(), cols.tolist(), strict=True)),
                       key=lambda rc: (-rc[0], rc[1]))
        sheet_of = {rc: i + 1 for i, rc in enumerate(tiles)}
        by_sheet: dict[int, list[int]] = {}
        for i, rc in enumerate(zip(rows.tolist(), cols.tolist(), strict=True)):
            mine[i].sheet = sheet_of[rc]
            by_sheet.setdefault(sheet_of[rc], []).append(i)
        band = max(50.0, tile / 10)
        for idxs in by_sheet.values():
            idxs.sort(key=lambda i: (-math.floor(xy[i, 1] / band), xy[i, 0]))
            for n, i in enumerate(idxs, 1):
                mine[i].number = n


# ---------------------------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------------------------
SURNAMES = {  # Dao, Tày, Sán Chỉ and Kinh families of Ba Chẽ (invented people)
    "dao": ["Bàn", "Triệu", "Lý", "Đặng", "Chìu", "Phùn", "Trương"],
    "tay": ["Hoàng", "Nông", "Lương", "Vi", "Lục", "Hà", "Ninh"],
    "sanchi": ["Voòng", "Sằn", "Chíu", "Lỷ", "Tằng", "Dìu", "Lường"],
    "kinh": ["Nguyễn", "Trần", "Lê", "Phạm", "Vũ", "Đỗ", "Bùi", "Đinh", "Ngô", "Hoàng"],
}
ETHNIC_WEIGHTS = {"dao": 0.42, "tay": 0.18, "sanchi": 0.15, "kinh": 0.25}
MALE = ["Hùng", "Sáng", "Hưng", "Quý", "Tài", "Phú", "Sinh", "Lâm", "Dùng", "Nhất", "Chấn",
        "Thắng", "Lợi", "Thành", "Quang", "Vần", "Sếnh", "Đức", "Tiến", "Minh", "Dũng", "Hải",
        "Nam", "Tuấn", "Cường", "Bình", "Sơn", "Long", "Tâm", "Kiềm", "Phúc", "Chương", "Lộc",
        "Thái", "Vượng", "Xuân", "Hồng", "Quyết", "Toàn", "Phong", "Sìu", "Kháng", "Nhì",
        "Tắc", "Sán", "Hòa", "Chiến", "Khoa", "Thuận", "Phương", "Vinh", "Trung", "Mạnh"]
FEMALE = ["Mai", "Hạnh", "Hoa", "Lan", "Thu", "Hương", "Liên", "Nhung", "Nhàn", "Dung",
          "Hằng", "Xuân", "Thủy", "Hiền", "Mùi", "Kiều", "Duyên", "Phượng", "Sinh", "Lý", "Vân"]


class NameMaker:
    def __init__(self, rng: np.random.Generator):
        self.rng = rng
        self.used: set[str] = set()

    def __call__(self, unique: bool = True) -> str:
        eth = list(ETHNIC_WEIGHTS)
        w = np.array(list(ETHNIC_WEIGHTS.values()))
        for _ in range(200):
            e = str(self.rng.choice(eth, p=w / w.sum()))
            sur = str(self.rng.choice(SURNAMES[e]))
            if self.rng.random() < 0.82:
                mid = "A" if e == "dao" and self.rng.random() < 0.2 else (
                    str(self.rng.choice(["Văn", "Đức", "Minh", "Xuân"], p=[0.7, 0.1, 0.1, 0.1]))
                    if e == "kinh" else "Văn")
                given = str(self.rng.choice(MALE))
            else:
                mid, given = "Thị", str(self.rng.choice(FEMALE))
            name = unicodedata.normalize("NFC", f"{sur} {mid} {given}")
            if not unique or name not in self.used:
                self.used.add(name)
                return name
        raise RuntimeError("ran out of names")


@dataclass
class HH:
    code: str
    name: str
    commune: str
    village: str
    parcels: list[Piece]
    id_card: str = ""
    phone: str = ""
    compensation: int = 0
    support: int = 0
    paid: int = 0
    trees: int = 0
    land_value: int = 0
    donation: str = ""  # "" | "trees" | "all"
    donated_value: int = 0
    status: str = "pending"
    complaint: str = ""  # "" | "open" | "resolved"
    note: str = ""
    s_mid: float = 0.0


def nearest_village(land: Land, commune: str, s: float) -> str:
    centres = land.village_s[commune]
    return VILLAGES[commune][int(np.argmin([abs(c - s) for c in centres]))]


def build_households(seed: int, pieces: list[Piece], land: Land, n_households: int,
                     max_parcels: int = 4) -> list[HH]:
    """Group the recovered parcels into households (1-4 neighbouring parcels each)."""
    rng = rng_for(seed, "households")
    names = NameMaker(rng_for(seed, "names"))
    held = [p for p in pieces if p.code not in NO_HOUSEHOLD_CODES and p.recovered >= 1.0]
    total = len(held)
    if not n_households <= total <= max_parcels * n_households:
        raise RuntimeError(f"{total} recovered parcels cannot make {n_households} households")
    households: list[HH] = []
    n_dt = round(n_households * sum(p.commune == DT for p in held) / total)
    for name, n_h in ((DT, n_dt), (TL, n_households - n_dt)):
        mine = sorted((p for p in held if p.commune == name), key=lambda p: (p.side, p.s))
        sizes = np.ones(n_h, int)
        for _ in range(len(mine) - n_h):
            free = np.flatnonzero(sizes < max_parcels)
            sizes[rng.choice(free)] += 1
        groups, i = [], 0
        for sz in sizes:
            groups.append(mine[i:i + sz])
            i += sz
        groups.sort(key=lambda g: (min(p.s for p in g), g[0].side))
        for k, grp in enumerate(groups, 1):
            s_mid = float(np.mean([p.s for p in grp]))
            hh = HH(f"{COMMUNE_CODE[name]}-{k:03d}", names(), name,
                    nearest_village(land, name, s_mid), grp, s_mid=s_mid)
            for p in grp:
                p.household, p.owner = hh.code, hh.name
            households.append(hh)
    # owners of the land around the corridor: neighbours, the commune (unallocated forest)
    by_side = {}
    for p in held:
        by_side.setdefault((p.commune, p.side), []).append(p)
    for p in pieces:
        village = nearest_village(land, p.commune, p.s)
        if p.household:
            p.address = f"Thôn {village}, xã {p.commune}"
            continue
        if p.code in NO_HOUSEHOLD_CODES:
            p.owner, p.address = f"UBND xã {p.commune}", f"xã {p.commune}"
            continue
        front = by_side.get((p.commune, p.side), [])
        r = rng.random()
        if front and r < 0.3:
            q = min(front, key=lambda q: abs(q.s - p.s))
            p.owner = q.owner
        elif p.code == "RSX" and r < 0.45:
            p.owner, p.address = f"UBND xã {p.commune}", f"xã {p.commune}"
            continue
        else:
            p.owner = names()
        p.address = f"Thôn {village}, xã {p.commune}"
    return households


def price_households(seed: int, households: list[HH]) -> None:
    """Compensation (land + trees + structures) and support per household, whole VND."""
    rng = rng_for(seed, "money")
    for hh in households:
        ci = 0 if hh.commune == DT else 1
        land = trees = structures = support = 0
        agri = 0
        for p in hh.parcels:
            a = round(p.recovered, 1)
            value = round(a * LAND_PRICE[p.code][ci])
            land += value
            if p.code == "RSX":
                trees += round(a * rng.uniform(7_000, 15_000))  # acacia by age
                agri += value
            elif p.code == "CLN":
                trees += round(a * rng.uniform(12_000, 35_000))  # cinnamon, star anise, fruit
                agri += value
            elif p.code == "ONT":
                structures += int(rng.integers(150, 650)) * 1_000_000
                trees += round(a * rng.uniform(2_000, 8_000))
                support += 5_000_000 + 6 * int(rng.integers(1, 4)) * 1_000_000  # moving + rent
            else:
                trees += round(a * rng.uniform(2_500, 6_000))  # crops, fish
                agri += value
        if agri:
            support += 2 * agri + int(rng.integers(1, 5)) * 6 * 1_000_000  # job change, living
        hh.land_value = land
        hh.trees = trees
        hh.compensation = round((land + trees + structures) / 1000) * 1000
        hh.support = round(support / 1000) * 1000
        # private fields: CCCD (Quảng Ninh 022), phone
        male = " Thị " not in hh.name
        year = int(rng.integers(1950, 1998))
        hh.id_card = f"022{0 if male else 1}{year % 100:02d}{int(rng.integers(0, 10**6)):06d}"
        if rng.random() < 0.9:
            prefix = str(rng.choice(["091", "094", "097", "098", "096", "086", "033", "035",
                                     "037", "038", "039", "034"]))
            hh.phone = f"{prefix}{int(rng.integers(0, 10**7)):07d}"


# ---------------------------------------------------------------------------------------------
# Workflow history on day 8 of the campaign
# ---------------------------------------------------------------------------------------------
CAMPAIGN = {"name": "Chiến dịch 30 ngày đêm GPMB ĐT342", "start": "2022-11-14",
            "length_days": 30, "target_day": 15}
CAMPAIGN_START = date(2022, 11, 14)
TODAY = CAMPAIGN_START + timedelta(days=7)  # day 8 = 2022-11-21
STEPS = ["notified", "inventoried", "plan_drafted", "posted", "consulted", "appraised",
         "approved", "recovery_decided", "paid", "handed_over"]
RANK = {s: i for i, s in enumerate(STEPS)}
RANK["pending"] = -1
STATUS_WEIGHTS = {"paid": 44, "recovery_decided": 16, "approved": 26, "appraised": 12,
                  "consulted": 11, "posted": 8, "plan_drafted": 5, "inventoried": 5,
                  "notified": 3, "pending": 3}
COMPLAINTS = [
    "Không đồng ý đơn giá bồi thường cây keo",
    "Đề nghị đo đạc lại diện tích thu hồi",
    "Tranh chấp ranh giới thửa đất với hộ liền kề",
    "Đề nghị hỗ trợ thêm phần diện tích còn lại không đủ điều kiện sản xuất",
    "Không đồng ý vị trí đất để tính giá",
    "Đề nghị bồi thường công trình phụ (chuồng trại, tường rào)",
]


def _split_counts(weights: dict[str, int], n: int) -> list[str]:
    total = sum(weights.values())
    raw = {k: v * n / total for k, v in weights.items()}
    counts = {k: int(v) for k, v in raw.items()}
    for k in sorted(raw, key=lambda k: counts[k] - raw[k])[: n - sum(counts.values())]:
        counts[k] += 1
    return [k for k, c in counts.items() for _ in range(c)]


def plan_statuses(seed: int, households: list[HH], ready: list[tuple[float, float]]) -> None:
    """Final status per household: ready stretches handed over, the rest spread realistically."""
    rng = rng_for(seed, "status")
    handed = [h for h in households
              if any(a <= p.extra.get("s_rec", p.s) <= b for p in h.parcels for a, b in ready)]
    for h in handed:
        h.status = "handed_over"
    rest = [h for h in households if h.status != "handed_over"]
    small = [h for h in rest if sum(p.recovered for p in h.parcels) < 2_500
             and all(p.code != "ONT" for p in h.parcels)]
    small.sort(key=lambda h: h.code)
    full = [small[i] for i in sorted(rng.choice(len(small), 5, replace=False))]
    for i, h in enumerate(full):
        h.donation = "all"
        h.status = "handed_over" if i < 3 else "recovery_decided"
    rest = [h for h in rest if not h.donation]
    for i in sorted(rng.choice(len(rest), 3, replace=False)):  # early, scattered handovers
        rest[i].status = "handed_over"
    rest = [h for h in rest if h.status == "pending"]
    order = rng.permutation(len(rest))
    statuses = _split_counts(STATUS_WEIGHTS, len(rest))
    for i, st in zip(order, statuses, strict=True):
        rest[i].status = st
    trees = [h for h in households if not h.donation and h.status != "pending"
             and any(p.code in ("RSX", "CLN") for p in h.parcels)]
    for i in sorted(rng.choice(len(trees), 9, replace=False)):
        trees[i].donation = "trees"
    blocked = [h for h in households if h.status in ("posted", "consulted") and not h.donation]
    for i in sorted(rng.choice(len(blocked), min(5, len(blocked)), replace=False)):
        blocked[i].complaint = "open"
    resolved = [h for h in households if h.status in ("approved", "recovery_decided")
                and not h.donation]
    for i in sorted(rng.choice(len(resolved), 2, replace=False)):
        resolved[i].complaint = "resolved"
    # money follows the status
    for h in households:
        if h.donation == "all":
            h.donated_value = h.land_value + h.trees
            h.compensation = h.support = 0
            h.note = "Hiến đất, không nhận tiền"
        elif h.donation == "trees":
            h.donated_value = round(h.trees / 1000) * 1000
            h.compensation -= h.donated_value
        if RANK[h.status] >= RANK["paid"] and h.donation != "all":
            h.paid = h.compensation + h.support
        if h.status == "handed_over" and not h.note:
            h.note = "Đã bàn giao mặt bằng"


def build_events(seed: int, households: list[HH]) -> list[dict]:
    rng = rng_for(seed, "events")
    d = lambda y, m, dd: date(y, m, dd)  # noqa: E731
    rows = []
    for h in households:
        f = RANK[h.status]
        if f < 0:
            continue
        ev = {}
        advanced = f >= RANK["appraised"]
        ev["notified"] = d(2022, 8, 1) + timedelta(int(rng.integers(0, 13 if advanced else 46)))
        ev["inventoried"] = min(ev["notified"] + timedelta(int(rng.integers(7, 31))),
                                d(2022, 10, 8))
        start = d(2022, 10, 1) if advanced else d(2022, 10, 10)
        ev["plan_drafted"] = max(ev["inventoried"] + timedelta(3), start) + timedelta(
            int(rng.integers(0, 9 if advanced else 14)))
        ev["posted"] = ev["plan_drafted"] + timedelta(int(rng.integers(1, 4)))
        ev["consulted"] = ev["posted"] + timedelta(int(rng.integers(20, 24)))  # ≥ 20 days posted
        late = STEPS[RANK["appraised"]:f + 1]
        if late:
            lo = max((ev["consulted"] - CAMPAIGN_START).days + 1, 0)
            days = np.sort(rng.integers(lo, 8, len(late)))  # campaign days 0..7
            for st, dd in zip(late, days, strict=True):
                ev[st] = CAMPAIGN_START + timedelta(int(dd))
        village = f"thôn {h.village}"
        who = {
            "notified": ("UBND huyện Ba Chẽ", "Thông báo thu hồi đất"),
            "inventoried": ("Tổ công tác GPMB", "Kiểm đếm đất đai, tài sản, cây cối trên đất"),
            "plan_drafted": ("Hội đồng BT, HT và TĐC huyện Ba Chẽ",
                             "Lập dự thảo phương án bồi thường, hỗ trợ"),
            "posted": (f"UBND xã {h.commune}",
                       f"Niêm yết công khai tại trụ sở UBND xã và nhà văn hóa {village}"),
            "consulted": (f"UBND xã {h.commune}", "Lấy ý kiến, đối thoại về phương án"),
            "appraised": ("Phòng Tài nguyên và Môi trường huyện Ba Chẽ",
                          "Thẩm định phương án bồi thường, hỗ trợ"),
            "approved": ("UBND huyện Ba Chẽ", "Phê duyệt phương án bồi thường, hỗ trợ"),
            "recovery_decided": ("UBND huyện Ba Chẽ", "Quyết định thu hồi đất"),
            "paid": ("Trung tâm Phát triển quỹ đất huyện Ba Chẽ",
                     "Chi trả tiền bồi thường, hỗ trợ"),
            "handed_over": ("Tổ công tác GPMB", "Bàn giao mặt bằng cho chủ đầu tư"),
        }
        for st in STEPS[:f + 1]:
            if st == "paid" and h.donation == "all":
                rows.append(dict(household=h.code, event="na:paid", date=ev["recovery_decided"],
                                 by="Tổ công tác GPMB", note="Hiến đất, không nhận tiền",
                                 doc_no="", _k=(RANK[st], 0)))
                continue
            by, note = who[st]
            rows.append(dict(household=h.code, event=st, date=ev[st], by=by, note=note,
                             doc_no=st, _k=(RANK[st], 0)))
        if h.donation == "all" and f == RANK["recovery_decided"]:
            rows.append(dict(household=h.code, event="na:paid", date=ev["recovery_decided"],
                             by="Tổ công tác GPMB", note="Hiến đất, không nhận tiền",
                             doc_no="", _k=(RANK["paid"], 0)))
        if h.donation:
            what = ("Tự nguyện hiến đất và cây cối trên phần diện tích thu hồi, không nhận tiền"
                    if h.donation == "all" else "Tự nguyện hiến cây keo, quế trên đất thu hồi")
            when = min(ev.get("consulted", ev["inventoried"] + timedelta(5)), TODAY)
            rows.append(dict(household=h.code, event="flag:donated", date=when,
                             by="Tổ công tác GPMB", note=what, doc_no="", _k=(RANK["inventoried"], 1)))
        if h.complaint:
            when = ev["posted"] + timedelta(int(rng.integers(4, 15)))
            reason = str(rng.choice(COMPLAINTS))
            h.note = h.note or f"Khiếu nại: {reason}"
            rows.append(dict(household=h.code, event="flag:complaint", date=min(when, TODAY),
                             by="Tổ công tác GPMB", note=reason, doc_no="", _k=(RANK["posted"], 1)))
            if h.complaint == "resolved":
                h.note = "Đã giải quyết khiếu nại"
                rows.append(dict(household=h.code, event="unflag:complaint",
                                 date=ev["consulted"], by=f"UBND xã {h.commune}",
                                 note="Đã đối thoại, hộ đồng ý phương án", doc_no="",
                                 _k=(RANK["consulted"], 1)))
    rows.sort(key=lambda r: (r["date"], r["household"], r["_k"]))
    counters = {"notified": 212, "inventoried": 1, "plan_drafted": 1, f"posted{DT}": 85,
                f"posted{TL}": 64, "consulted": 1, "appraised": 301, "decision": 3850,
                "paid": 1, "handed_over": 1}
    commune_of = {h.code: h.commune for h in households}
    for r in rows:
        st = r["doc_no"]
        if not st:
            continue
        key = {"approved": "decision", "recovery_decided": "decision"}.get(st, st)
        if st == "posted":
            key = f"posted{commune_of[r['household']]}"
        n = counters[key]
        counters[key] += 1
        r["doc_no"] = {
            "notified": f"{n}/TB-UBND", "inventoried": f"{n}/BB-KĐ", "plan_drafted": f"{n}/PA-HĐBT",
            "posted": f"{n}/TB-UBND", "consulted": f"{n}/BB-ĐT", "appraised": f"{n}/BC-TNMT",
            "approved": f"{n}/QĐ-UBND", "recovery_decided": f"{n}/QĐ-UBND", "paid": f"PC{n:04d}",
            "handed_over": f"{n}/BB-BGMB",
        }[st]
    for r in rows:
        del r["_k"]
        assert r["date"] <= TODAY, r
    return rows


# ---------------------------------------------------------------------------------------------
# Writers
# ---------------------------------------------------------------------------------------------
def vn_number(x: float, decimals: int = 0) -> str:
    """5523.2 -> '5.523,2' (Vietnamese separators)."""
    s = f"{x:,.{decimals}f}"
    return s.replace(",", "\0").replace(".", ",").replace("\0", ".")


def _geojson(path: Path, features: list[tuple[dict, object]], name: str) -> None:
    def coords(g):
        if g.geom_type == "Polygon":
            return [[[round(x, 3), round(y, 3)] for x, y in r.coords]
                    for r in [g.exterior, *g.interiors]]
        if g.geom_type == "MultiPolygon":
            return [coords(p) for p in g.geoms]
        return [[round(x, 3), round(y, 3)] for x, y in g.coords]

    fc = {
        "type": "FeatureCollection",
        "name": name,
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::5899"}},
        "features": [
            {"type": "Feature", "properties": props,
             "geometry": {"type": g.geom_type, "coordinates": coords(g)}}
            for props, g in features
        ],
    }
    text = json.dumps(fc, ensure_ascii=False, separators=(",", ":"))
    # one feature per line: diff-friendly, still small
    text = text.replace(',"features":[{', ',"features":[\n{').replace('}},{"type":"Feature"',
                                                                    '}},\n{"type":"Feature"')
    path.write_text(text + "\n", encoding="utf-8")


def _csv(path: Path, header: list[str], rows: list[list]) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def _pin_zip(path: Path) -> None:
    """Rewrite an OOXML zip with fixed entry times so the bytes only depend on the content."""
    with zipfile.ZipFile(path) as z:
        items = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in items:
            if name == "docProps/core.xml":  # openpyxl stamps "modified" with the clock on save
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2022-11-21T17:00:00Z", data)
            info = zipfile.ZipInfo(name, date_time=(2022, 11, 21, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)


def _pin_dbf_date(path: Path) -> None:
    with open(path, "r+b") as f:
        f.seek(1)
        f.write(bytes([2022 - 1900, 11, 21]))


def _merge(ws, ref: str) -> None:
    """ws.merge_cells without its linear overlap scan (quadratic on 50 000-row lists)."""
    from openpyxl.worksheet.merge import MergedCellRange

    cr = MergedCellRange(ws, ref)
    ws.merged_cells.ranges.add(cr)
    ws._clean_merge_range(cr)


XLSX_HEADERS = ["STT", "Mã hộ", "Họ và tên chủ hộ", "Thôn", "Xã", "Tờ bản đồ số", "Thửa đất số",
                "Loại đất", "Diện tích thu hồi (m²)", "Bồi thường (đồng)", "Hỗ trợ (đồng)",
                "Đã chi trả (đồng)", "Số CCCD", "Số điện thoại", "Hiến đất/cây", "Ghi chú"]


def _household_sheet(households: list[HH], seed: int):
    """The list as a grid of values, number formats and merged ranges (layout of real lists)."""
    from openpyxl.utils import get_column_letter

    rng = rng_for(seed, "xlsx")
    last = get_column_letter(len(XLSX_HEADERS))
    titles = [
        "ỦY BAN NHÂN DÂN HUYỆN BA CHẼ",
        "DANH SÁCH CÁC HỘ GIA ĐÌNH, CÁ NHÂN CÓ ĐẤT BỊ THU HỒI ĐỂ THỰC HIỆN DỰ ÁN",
        "Cải tạo, nâng cấp đường tỉnh ĐT342 đoạn Km37+500 – Km60+300, huyện Ba Chẽ, "
        "tỉnh Quảng Ninh (xã Đạp Thanh, xã Thanh Lâm)",
        "(Kèm theo phương án bồi thường, hỗ trợ; số liệu đến ngày 21/11/2022)",
    ]
    grid: list[list] = [[t] + [None] * (len(XLSX_HEADERS) - 1) for t in titles]
    merges = [f"A{r}:{last}{r}" for r in range(1, len(titles) + 1)]
    fmt: dict[tuple[int, int], str] = {}
    grid.append(list(XLSX_HEADERS))
    tot = {9: 0.0, 10: 0, 11: 0, 12: 0}

    def put(row, col, value, number_format=None, text_share=0.0, decimals=0):
        if value is None:
            return
        if text_share and rng.random() < text_share:
            value = vn_number(value, decimals)  # typed by hand as text, as it happens
        elif number_format:
            fmt[(len(grid) - len(row_block) + row + 1, col)] = number_format
        row_block[row][col - 1] = value

    for stt, h in enumerate(households, 1):
        parcels = sorted(h.parcels, key=lambda p: (p.sheet, p.number))
        row_block = [[None] * len(XLSX_HEADERS) for _ in parcels]
        grid.extend(row_block)
        planned = RANK[h.status] >= RANK["plan_drafted"]
        for i, p in enumerate(parcels):
            a = round(p.recovered, 1)
            tot[9] += a
            row_block[i][5:8] = [p.sheet, p.number, p.code]
            put(i, 9, a, "#,##0.0", 0.07, 1)
        row_block[0][:5] = [stt, h.code, h.name, h.village, h.commune]
        if planned:
            put(0, 10, h.compensation, "#,##0", 0.05)
            put(0, 11, h.support, "#,##0", 0.05)
            tot[10] += h.compensation
            tot[11] += h.support
        if RANK[h.status] >= RANK["paid"]:
            put(0, 12, h.paid, "#,##0", 0.05)
            tot[12] += h.paid
        put(0, 13, h.id_card, "@")
        put(0, 14, h.phone or None, "@")
        if h.donation:
            label = "Hiến đất và cây" if h.donation == "all" else "Hiến cây"
            row_block[0][14] = f"{label}: {vn_number(h.donated_value)}"
        row_block[0][15] = h.note or ("" if planned else "Chưa lập phương án") or None
        if len(parcels) > 1:
            first, end = len(grid) - len(parcels) + 1, len(grid)
            for c in (1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15, 16):
                col = get_column_letter(c)
                merges.append(f"{col}{first}:{col}{end}")
    total = [None] * len(XLSX_HEADERS)
    total[0] = "Tổng cộng"
    total[8] = round(tot[9], 1)
    total[9:12] = [tot[10], tot[11], tot[12]]
    grid.append(total)
    n = len(grid)
    fmt.update({(n, 9): "#,##0.0", (n, 10): "#,##0", (n, 11): "#,##0", (n, 12): "#,##0"})
    merges.append(f"A{n}:H{n}")
    return grid, fmt, merges, len(titles) + 1


def write_xlsx(path: Path, households: list[HH], seed: int, fast: bool = False) -> None:
    """ho_gia_dinh.xlsx; ``fast`` streams the rows without cell styles (for --scale)."""
    from datetime import datetime

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.cell_range import CellRange

    grid, fmt, merges, head = _household_sheet(households, seed)
    wb = Workbook(write_only=fast)
    ws = wb.create_sheet("DS thu hoi") if fast else wb.active
    ws.title = "DS thu hoi"
    widths = [5, 9, 22, 14, 11, 8, 8, 7, 12, 15, 15, 15, 14, 12, 24, 30]
    for c, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(c)].width = w
    if fast:
        for row in grid:
            ws.append(row)
        for ref in merges:
            ws.merged_cells.ranges.add(CellRange(ref))
    else:
        thin = Side(style="thin")
        border = Border(left=thin, right=thin, top=thin, bottom=thin)
        for r, row in enumerate(grid, 1):
            for c, v in enumerate(row, 1):
                cell = ws.cell(r, c, v)
                if r >= head:
                    cell.border = border
                if (r, c) in fmt:
                    cell.number_format = fmt[(r, c)]
                if r == head:
                    cell.font = Font(bold=True)
                    cell.alignment = Alignment(horizontal="center", vertical="center",
                                               wrap_text=True)
                elif r > head and c in (1, 2, 3, 4, 5, 13, 14, 15, 16) and v is not None:
                    cell.alignment = Alignment(vertical="center", wrap_text=c in (15, 16))
        for r in range(1, head):
            ws.cell(r, 1).font = Font(bold=r <= 3, italic=r == 4, size=13 if r == 2 else 11)
            ws.cell(r, 1).alignment = Alignment(horizontal="center")
        for c in range(1, len(XLSX_HEADERS) + 1):
            ws.cell(len(grid), c).font = Font(bold=True)
        for ref in merges:
            _merge(ws, ref)
        ws.freeze_panes = ws.cell(head + 1, 1)
    wb.properties.creator = "Tổ công tác GPMB huyện Ba Chẽ"
    wb.properties.lastModifiedBy = "Tổ công tác GPMB huyện Ba Chẽ"
    wb.properties.created = wb.properties.modified = datetime(2022, 11, 21, 17, 0, 0)
    wb.save(path)
    _pin_zip(path)


def write_parcels(out: Path, pieces: list[Piece], shapefile: bool = True) -> None:
    import geopandas as gpd
    import pyogrio

    pieces = sorted(pieces, key=lambda p: (COMMUNES.index(p.commune), p.sheet, p.number))
    geoms = [p.geom for p in pieces]
    area = [round(p.geom.area, 1) for p in pieces]
    gpkg = gpd.GeoDataFrame({
        "XA": [p.commune for p in pieces],
        "SoTo": np.array([p.sheet for p in pieces], dtype="int32"),
        "SoThua": np.array([p.number for p in pieces], dtype="int32"),
        "LoaiDat": [p.code for p in pieces],
        "DienTich": area,
        "ChuSuDung": [p.owner for p in pieces],
        "DiaChi": [p.address for p in pieces],
    }, geometry=geoms, crs=CRS)
    path = out / "parcels.gpkg"
    path.unlink(missing_ok=True)
    multi = any(g.geom_type == "MultiPolygon" for g in geoms)
    pyogrio.write_dataframe(gpkg, path, layer="thua_dat", driver="GPKG", promote_to_multi=multi,
                            geometry_type="MultiPolygon" if multi else "Polygon")
    if not shapefile:
        return
    shp = gpkg.rename(columns={"SoTo": "SHBANDO", "SoThua": "SHTHUA", "LoaiDat": "MDSD",
                               "DienTich": "DIENTICH", "ChuSuDung": "TENCHU", "DiaChi": "DIACHI"})
    for ext in ("shp", "shx", "dbf", "prj", "cpg"):
        (out / f"parcels.{ext}").unlink(missing_ok=True)
    pyogrio.write_dataframe(shp, out / "parcels.shp", driver="ESRI Shapefile", encoding="UTF-8")
    _pin_dbf_date(out / "parcels.dbf")
    (out / "parcels.cpg").write_text("UTF-8", encoding="ascii")


# ---------------------------------------------------------------------------------------------
# Pipelines
# ---------------------------------------------------------------------------------------------
@dataclass
class Corridor:
    route: LineString
    communes: dict[str, Polygon]
    equations: list[Equation]
    stakes: list[tuple[str, float, float]]
    frame: Frame
    land: Land
    pieces: list[Piece]
    clearance: Polygon
    width_factor: float


def build_corridor(seed: int) -> Corridor:
    route = build_route(seed)
    communes = build_communes(route, seed)
    eqs = build_equations(seed, route.length)
    stakes = build_stakes(route, eqs)
    frame = Frame(route)
    land = plan_land(seed, route, communes)
    divider, pieces = build_parcels(seed, frame, land, communes)
    pieces = carve(seed, frame, land, divider, pieces, communes)
    pieces = finish_geometry(merge_small(pieces, 300.0))
    k, clearance = tune_clearance(frame, land, pieces, communes, seed)
    rec = shapely.intersection(np.array([p.geom for p in pieces]), clearance)
    for p, g in zip(pieces, rec, strict=True):
        p.recovered = float(g.area)
        if p.recovered >= 1.0:
            p.extra["s_rec"] = float(route.project(g.point_on_surface()))
    return Corridor(route, communes, eqs, stakes, frame, land, pieces, clearance, k)


def write_common(out: Path, c: Corridor) -> None:
    out.mkdir(parents=True, exist_ok=True)
    _geojson(out / "route.geojson", [({"name": "ĐT342", "from": fmt_chainage(START_CHAINAGE),
                                       "to": fmt_chainage(END_CHAINAGE)}, c.route)], "route")
    _csv(out / "stakes.csv", ["chainage", "x", "y"],
         [[ch, f"{x:.3f}", f"{y:.3f}"] for ch, x, y in c.stakes])
    rows = []
    for e in c.equations:
        p = c.route.interpolate(e.s)
        rows.append([fmt_chainage(e.back), fmt_chainage(e.ahead), f"{p.x:.3f}", f"{p.y:.3f}"])
    _csv(out / "equations.csv", ["back", "ahead", "x", "y"], rows)
    _geojson(out / "communes.geojson",
             [({"name": n, "huyen": "Ba Chẽ", "tinh": "Quảng Ninh"}, c.communes[n])
              for n in COMMUNES], "communes")
    mean_w = c.clearance.area / c.route.length
    _geojson(out / "clearance_boundary.geojson",
             [({"name": "Chỉ giới GPMB ĐT342 Km37+500 – Km60+300",
                "mean_width_m": round(mean_w, 1)}, c.clearance)], "clearance_boundary")
    (out / "campaign.json").write_text(json.dumps(CAMPAIGN, ensure_ascii=False, indent=2) + "\n",
                                       encoding="utf-8")


def write_events(out: Path, rows: list[dict]) -> None:
    _csv(out / "events.csv", ["household", "event", "date", "by", "note", "doc_no"],
         [[r["household"], r["event"], r["date"].isoformat(), r["by"], r["note"], r["doc_no"]]
          for r in rows])


def totals(households: list[HH]) -> dict:
    rec = rsx = crop = 0.0
    for h in households:
        for p in h.parcels:
            rec += p.recovered
            rsx += p.recovered if p.code == "RSX" else 0
            crop += p.recovered if p.code in CROP_CODES else 0
    return {"recovered_ha": round(rec / 1e4, 3), "rsx_ha": round(rsx / 1e4, 3),
            "crop_ha": round(crop / 1e4, 3)}


def generate_sample(seed: int, out: Path) -> dict:
    c = build_corridor(seed)
    assign_land_use(seed, c.pieces, c.land)
    number_parcels(c.pieces, 800.0)
    households = build_households(seed, c.pieces, c.land, N_HOUSEHOLDS)
    price_households(seed, households)
    rng = rng_for(seed, "ready")
    a = float(rng.uniform(1500, c.land.s_cross - 2500))
    b = float(rng.uniform(c.land.s_cross + 1000, c.route.length - 2000))
    ready = [(a, a + 1200.0), (b, b + 800.0)]
    plan_statuses(seed, households, ready)
    events = build_events(seed, households)
    write_common(out, c)
    write_parcels(out, c.pieces)
    write_xlsx(out / "ho_gia_dinh.xlsx", households, seed)
    write_events(out, events)
    summary = {
        "length_m": round(c.route.length, 3),
        "households": len(households),
        **totals(households),
        "clearance_ha": round(c.clearance.area / 1e4, 3),
        "mean_width_m": round(c.clearance.area / c.route.length, 2),
        "width_factor": round(c.width_factor, 5),
        "parcels": len(c.pieces),
        "held_parcels": sum(len(h.parcels) for h in households),
        "sheets": {n: max(p.sheet for p in c.pieces if p.commune == n) for n in COMMUNES},
        "statuses": {s: sum(h.status == s for h in households) for s in ["pending", *STEPS]},
        "events": len(events),
    }
    return summary


def generate_scale(seed: int, n: int, out: Path) -> dict:
    """A big synthetic project: N parcels in a wide band along the same route (benchmarks)."""
    c = build_corridor(seed)
    rng = rng_for(seed, f"scale{n}")
    mean_area = 2_500.0
    half = max(200.0, n * mean_area / (2 * c.route.length))
    band = c.route.buffer(half, quad_segs=4).simplify(2.0)
    bands = {name: shapely.intersection(band, c.communes[name]) for name in COMMUNES}
    total_area = sum(b.area for b in bands.values())
    pieces: list[Piece] = []
    counts = {DT: round(n * bands[DT].area / total_area)}
    counts[TL] = n - counts[DT]
    for name in COMMUNES:
        region, want = bands[name], counts[name]
        shapely.prepare(region)
        step = math.sqrt(region.area / want)
        x0, y0, x1, y1 = region.bounds
        gx, gy = np.meshgrid(np.arange(x0, x1, step), np.arange(y0, y1, step))
        xy = np.column_stack([gx.ravel(), gy.ravel()]) + rng.uniform(-0.35, 0.35, (gx.size, 2)) * step
        xy = xy[shapely.contains_xy(region, xy[:, 0], xy[:, 1])]
        if len(xy) > want:
            xy = xy[np.sort(rng.choice(len(xy), want, replace=False))]
        while len(xy) < want:
            extra = np.column_stack([rng.uniform(x0, x1, want), rng.uniform(y0, y1, want)])
            extra = extra[shapely.contains_xy(region, extra[:, 0], extra[:, 1])]
            xy = np.vstack([xy, extra[: want - len(xy)]])
        cells = shapely.get_parts(shapely.voronoi_polygons(
            MultiPoint(xy), extend_to=region.envelope.buffer(10), ordered=True))
        inside = shapely.contains_properly(region, cells)
        geoms = np.where(inside, cells, None)
        todo = ~inside
        geoms[todo] = shapely.intersection(cells[todo], region)
        geoms = shapely.set_precision(geoms.astype(object), 0.001)
        s = shapely.line_locate_point(c.route, shapely.points(xy))
        for g, si in zip(geoms, s, strict=True):
            pieces.append(Piece(g, name, 0, "scale", 0, float(si)))
    codes = ["RSX", "CLN", "HNK", "BHK", "LUK", "LUC", "NTS", "ONT"]
    w = np.array([0.62, 0.14, 0.08, 0.04, 0.04, 0.02, 0.02, 0.04])
    for p, code in zip(pieces, rng.choice(codes, len(pieces), p=w), strict=True):
        p.code = str(code)
    tree = shapely.STRtree([p.geom for p in pieces])
    hit = tree.query(c.clearance, predicate="intersects")
    areas = shapely.area(shapely.intersection([pieces[i].geom for i in hit], c.clearance))
    for i, a in zip(hit, areas, strict=True):
        pieces[i].recovered = float(a)
    number_parcels(pieces, 500.0)
    names = NameMaker(rng_for(seed, "names"))
    households: list[HH] = []
    for name in COMMUNES:
        mine = sorted((p for p in pieces if p.commune == name), key=lambda p: (p.sheet, p.number))
        i, k = 0, 1
        while i < len(mine):
            size = int(rng.integers(1, 5))
            grp = mine[i:i + size]
            i += size
            hh = HH(f"{COMMUNE_CODE[name]}-{k:05d}", names(unique=False), name,
                    nearest_village(c.land, name, grp[0].s), grp, s_mid=grp[0].s)
            k += 1
            for p in grp:
                p.household, p.owner = hh.code, hh.name
                p.address = f"Thôn {hh.village}, xã {name}"
            households.append(hh)
    price_households(seed, households)
    statuses = _split_counts({**STATUS_WEIGHTS, "handed_over": 14}, len(households))
    for i, st in zip(rng.permutation(len(households)), statuses, strict=True):
        households[i].status = st
    for h in households:
        if RANK[h.status] >= RANK["paid"]:
            h.paid = h.compensation + h.support
        if h.status in ("posted", "consulted") and rng.random() < 0.05:
            h.complaint = "open"
    events = build_events(seed, households)
    write_common(out, c)
    write_parcels(out, pieces, shapefile=False)
    write_xlsx(out / "ho_gia_dinh.xlsx", households, seed, fast=True)
    write_events(out, events)
    return {"parcels": len(pieces), "households": len(households), "events": len(events),
            "band_half_width_m": round(half, 1),
            "sheets": {n_: max(p.sheet for p in pieces if p.commune == n_) for n_ in COMMUNES}}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, help="output folder (default: this folder; "
                    "with --scale: bench/out/scale_N)")
    ap.add_argument("--seed", type=int, default=342, help="random seed (default 342)")
    ap.add_argument("--scale", type=int, default=0, metavar="N",
                    help="write a synthetic project with N parcels instead of the sample")
    args = ap.parse_args(argv)
    here = Path(__file__).resolve().parent
    t0 = time.perf_counter()
    if args.scale:
        out = args.out or here.parent / "bench" / "out" / f"scale_{args.scale}"
        out.mkdir(parents=True, exist_ok=True)
        summary = generate_scale(args.seed, args.scale, out)
    else:
        out = args.out or here
        out.mkdir(parents=True, exist_ok=True)
        summary = generate_sample(args.seed, out)
    summary["seconds"] = round(time.perf_counter() - t0, 1)
    summary["out"] = str(out)
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
