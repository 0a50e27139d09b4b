"""Coordinate reference systems of imported files: presets, plausibility checks, reprojection.

Datum shifts are left to pyproj with EPSG codes (VN-2000 -> WGS 84 is EPSG:6960); a
hand-written ``+towgs84`` is ~0.75 m off in Quảng Ninh (domain.md §3) and is never used.
"""

from __future__ import annotations

import math
from typing import Any

import geopandas as gpd
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError

from tl342.core.errors import UserError
from tl342.core.model import DEFAULT_CRS
from tl342.core.text import fold

PRESETS: dict[str, str] = {
    "vn-2000 quang ninh": "EPSG:5899",
    "vn2000 quang ninh": "EPSG:5899",
    "vn2000-qn": "EPSG:5899",
    "vn-2000-qn": "EPSG:5899",
    "vn2000 qn": "EPSG:5899",
    "vn-2000 / tm-3 107-45": "EPSG:5899",
    "vn2000 107-45": "EPSG:5899",
    "quang ninh": "EPSG:5899",
    "wgs84": "EPSG:4326",
    "wgs 84": "EPSG:4326",
    "gps": "EPSG:4326",
    "vn-2000": "EPSG:4756",
    "vn2000": "EPSG:4756",
}

# Quảng Ninh in EPSG:5899 metres (E 380-520 km, N 2 300-2 420 km) and the tolerance around it
QN_BOX = (380_000.0, 2_300_000.0, 520_000.0, 2_420_000.0)
FAR_M = 100_000.0
_HINT = "e.g. --crs 'VN-2000 Quảng Ninh' (EPSG:5899)"


def _as_crs(value: Any) -> CRS:
    return value if isinstance(value, CRS) else CRS.from_user_input(value)


def crs_string(crs: CRS) -> str:
    """ "EPSG:nnnn" when the CRS is a known EPSG one, else its WKT."""
    code = crs.to_epsg(min_confidence=70)
    return f"EPSG:{code}" if code else crs.to_wkt()


def resolve_crs(file_crs: Any, override: str | None) -> str:
    """The CRS to read a file in: the user's ``override`` (a preset name, "5899",
    "EPSG:5899", WKT or PROJ text) wins over the file's own; UserError when neither exists."""
    if override is not None and str(override).strip():
        text = str(override).strip()
        key = fold(text)
        if key in PRESETS:
            return PRESETS[key]
        if text.isdigit():
            text = f"EPSG:{text}"
        try:
            return crs_string(_as_crs(text))
        except CRSError:
            presets = ", ".join(sorted({"VN-2000 Quảng Ninh", "vn2000-qn", "5899", "WGS84"}))
            raise UserError(
                f"unknown coordinate system {override!r}; use an EPSG code or one of {presets}"
            ) from None
    if file_crs is None or (isinstance(file_crs, str) and not file_crs.strip()):
        raise UserError(f"the file has no coordinate system (.prj); give one, {_HINT}")
    try:
        return crs_string(_as_crs(file_crs))
    except CRSError as exc:
        raise UserError(f"the file's coordinate system cannot be read ({exc}); {_HINT}") from None


def _box_distance(x: float, y: float) -> float:
    minx, miny, maxx, maxy = QN_BOX
    dx = max(minx - x, 0.0, x - maxx)
    dy = max(miny - y, 0.0, y - maxy)
    return math.hypot(dx, dy)


def _corners_in_project(
    bounds: tuple[float, float, float, float], crs: CRS
) -> list[tuple[float, float]] | None:
    minx, miny, maxx, maxy = bounds
    pts = [(minx, miny), (minx, maxy), (maxx, miny), (maxx, maxy)]
    try:
        tr = Transformer.from_crs(crs, DEFAULT_CRS, always_xy=True)
        out = [tr.transform(x, y, errcheck=True) for x, y in pts]
    except Exception:  # any failure means "not where it claims"
        return None
    if any(not (math.isfinite(x) and math.isfinite(y)) for x, y in out):
        return None
    return out


def _farthest(bounds: tuple[float, float, float, float], crs: CRS) -> float:
    corners = _corners_in_project(bounds, crs)
    if corners is None:
        return math.inf
    return max(_box_distance(x, y) for x, y in corners)


def check_coordinates(bounds: tuple[float, float, float, float], crs: Any) -> list[str]:
    """Reasons the coordinates (``bounds`` = minx, miny, maxx, maxy in ``crs``) cannot be
    what the CRS claims, each with a hint; an empty list when they look right."""
    minx, miny, maxx, maxy = (float(v) for v in bounds)
    if not all(math.isfinite(v) for v in (minx, miny, maxx, maxy)):
        return ["the file has no usable coordinates (empty or infinite extent)"]
    c = _as_crs(crs)
    name = c.name
    looks_degrees = max(abs(minx), abs(maxx)) <= 180 and max(abs(miny), abs(maxy)) <= 90
    if c.is_projected and looks_degrees:
        return [
            f"coordinates look like degrees (x {minx:.4f}..{maxx:.4f}, y {miny:.4f}..{maxy:.4f}) "
            f"but {name} is in metres; the file is probably in WGS 84: try --crs EPSG:4326"
        ]
    if c.is_geographic and not looks_degrees:
        return [
            f"coordinates look like metres (x {minx:.0f}..{maxx:.0f}, y {miny:.0f}..{maxy:.0f}) "
            f"but {name} is in degrees; {_HINT}"
        ]
    far = _farthest((minx, miny, maxx, maxy), c)
    f = ".4f" if c.is_geographic else ".0f"
    if far <= FAR_M:
        return []
    swapped = (miny, minx, maxy, maxx)
    if _farthest(swapped, c) <= FAR_M:
        return [
            f"X and Y look swapped (x {minx:.0f}..{maxx:.0f} looks like a northing): Vietnamese "
            "survey documents list X = northing first; swap the columns so x is the easting"
        ]
    where = "cannot be placed" if math.isinf(far) else f"lie {far / 1000:.0f} km"
    return [
        f"coordinates {where} outside Quảng Ninh in {name} "
        f"(x {minx:{f}}..{maxx:{f}}, y {miny:{f}}..{maxy:{f}}); is the coordinate system right? "
        f"{_HINT}"
    ]


def to_project_crs(
    gdf: gpd.GeoDataFrame, crs: Any, project_crs: str = DEFAULT_CRS
) -> gpd.GeoDataFrame:
    """``gdf`` declared in ``crs`` (overriding what it carried) and reprojected to the project
    CRS by pyproj from EPSG definitions."""
    out = gdf.set_crs(_as_crs(crs), allow_override=True)
    target = _as_crs(project_crs)
    if out.crs.equals(target):
        return out
    return out.to_crs(target)
