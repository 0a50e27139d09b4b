"""Reading a centreline, its control stakes and station equations into a core Route."""

from __future__ import annotations

import csv
from pathlib import Path

import shapely
from shapely.geometry import LineString, MultiLineString
from shapely.ops import linemerge

from ..core.chainage import Equation, Route, Stake, parse_chainage
from ..core.errors import UserError
from .common import clean_text, gdal_message


def _read_frame(path: Path, layer: str | None = None):
    import pyogrio

    if not path.exists():
        raise UserError(f"{path}: no such file")
    try:
        return pyogrio.read_dataframe(path, layer=layer)
    except Exception as exc:  # GDAL's message names the problem; no traceback for users
        raise UserError(f"{path.name}: cannot be read ({gdal_message(exc)})") from None


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else exc.__class__.__name__


def _to_project_crs(gdf, path: Path, crs: str | None, project_crs: str):
    from .crs import check_coordinates, resolve_crs

    src = resolve_crs(gdf.crs, crs)
    if gdf.crs is None:
        gdf = gdf.set_crs(src, allow_override=True)
    problems = check_coordinates(tuple(gdf.total_bounds), src)
    if problems:
        raise UserError(f"{path.name}: {problems[0]}")
    return gdf.to_crs(project_crs) if str(gdf.crs) != project_crs else gdf


def read_centreline(
    path: str | Path,
    *,
    layer: str | None = None,
    crs: str | None = None,
    project_crs: str = "EPSG:5899",
) -> LineString:
    """The centreline from any line file GDAL reads; parts are merged into one line."""
    path = Path(path)
    gdf = _read_frame(path, layer)
    if len(gdf) == 0:
        raise UserError(f"{path.name}: holds no features")
    gdf = gdf[~gdf.geometry.isna() & ~gdf.geometry.is_empty]
    lines = [g for g in gdf.geometry if g.geom_type in ("LineString", "MultiLineString")]
    if not lines:
        kinds = sorted({g.geom_type for g in gdf.geometry})
        raise UserError(f"{path.name}: holds no line features (found {', '.join(kinds) or 'none'})")
    gdf = _to_project_crs(
        gdf[gdf.geometry.geom_type.isin(["LineString", "MultiLineString"])], path, crs, project_crs
    )
    parts = [p for g in gdf.geometry for p in getattr(g, "geoms", [g])]
    merged = parts[0] if len(parts) == 1 else linemerge(MultiLineString(parts))
    if isinstance(merged, MultiLineString):
        raise UserError(
            f"{path.name}: the centreline has {len(merged.geoms)} separate pieces; "
            "join them into one continuous line"
        )
    if merged.length < 1:
        raise UserError(f"{path.name}: the centreline has no length")
    return merged


def _read_csv(path: Path, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    if not path.exists():
        raise UserError(f"{path}: no such file")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1258")
    reader = csv.DictReader(text.splitlines())
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in required if c not in header]
    if missing:
        raise UserError(
            f"{path.name}: missing column(s) {', '.join(missing)} (need {','.join(required)})"
        )
    rows = []
    for i, row in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        if not any(row.values()):
            continue
        rows.append((i, row))
    return rows


def _number(value: str, path: Path, line: int, column: str) -> float:
    try:
        return float(value.replace(",", "."))
    except ValueError:
        raise UserError(f"{path.name} line {line}: {column} {value!r} is not a number") from None


def _chainage(value: str, path: Path, line: int, column: str) -> float:
    try:
        return parse_chainage(value)
    except UserError as exc:
        raise UserError(f"{path.name} line {line}: {column}: {exc}") from None


def read_stakes(path: str | Path) -> list[Stake]:
    """Control stakes from a CSV with columns ``chainage,x,y`` (x = easting)."""
    path = Path(path)
    return [
        Stake(
            _chainage(r["chainage"], path, i, "chainage"),
            _number(r["x"], path, i, "x"),
            _number(r["y"], path, i, "y"),
            r.get("label", ""),
        )
        for i, r in _read_csv(path, ("chainage", "x", "y"))
    ]


def read_equations(path: str | Path) -> list[Equation]:
    """Station equations from a CSV with columns ``back,ahead,x,y``."""
    path = Path(path)
    return [
        Equation(
            _chainage(r["back"], path, i, "back"),
            _chainage(r["ahead"], path, i, "ahead"),
            _number(r["x"], path, i, "x"),
            _number(r["y"], path, i, "y"),
        )
        for i, r in _read_csv(path, ("back", "ahead", "x", "y"))
    ]


def read_route(
    line_file: str | Path,
    *,
    stakes: str | Path | None = None,
    equations: str | Path | None = None,
    crs: str | None = None,
    layer: str | None = None,
    project_crs: str = "EPSG:5899",
) -> Route:
    """Centreline + stakes + equations, checked by the core Route (contradictions refused).

    Stake and equation coordinates are taken in the same CRS as the line file.
    """
    line = read_centreline(line_file, layer=layer, crs=crs, project_crs=project_crs)
    stake_list = read_stakes(stakes) if stakes else []
    eq_list = read_equations(equations) if equations else []
    src_crs = _line_crs(Path(line_file), crs, layer)
    if src_crs and src_crs != project_crs:
        stake_list, eq_list = _reproject_points(stake_list, eq_list, src_crs, project_crs)
    return Route(line, stake_list, eq_list, name=Path(line_file).stem)


def _line_crs(path: Path, crs: str | None, layer: str | None) -> str | None:
    import pyogrio

    from .crs import resolve_crs

    info = pyogrio.read_info(path, layer=layer)
    return resolve_crs(info.get("crs"), crs)


def _reproject_points(stakes, equations, src: str, dst: str):
    from pyproj import Transformer

    t = Transformer.from_crs(src, dst, always_xy=True)
    stakes = [Stake(k.chainage_m, *t.transform(k.x, k.y), k.label) for k in stakes]
    equations = [Equation(e.back_m, e.ahead_m, *t.transform(e.x, e.y)) for e in equations]
    return stakes, equations


def read_polygons(
    path: str | Path,
    *,
    crs: str | None = None,
    name_field: str | None = None,
    project_crs: str = "EPSG:5899",
    what: str = "polygon",
    report=None,
) -> dict[str, shapely.Geometry]:
    """Polygons (clearance boundary or communes) by name, repaired when invalid.

    A repair is noted in ``report`` (a ValidationReport) as "fixed"; one that would change
    a polygon's area by 1 % or more is refused.
    """
    path = Path(path)
    gdf = _read_frame(path)
    if len(gdf) == 0:
        raise UserError(f"{path.name}: holds no features")
    for i, g in enumerate(gdf.geometry, start=1):
        if g is None or g.is_empty:
            raise UserError(f"{path.name} feature {i}: empty geometry")
        if g.geom_type not in ("Polygon", "MultiPolygon"):
            raise UserError(f"{path.name} feature {i}: {g.geom_type} is not a {what} polygon")
    gdf = _to_project_crs(gdf, path, crs, project_crs)
    out: dict[str, shapely.Geometry] = {}
    cols = {c.lower(): c for c in gdf.columns}
    field = name_field or next(
        (cols[c] for c in ("name", "ten", "tenxa", "xa", "commune") if c in cols), None
    )
    for i, (_idx, row) in enumerate(gdf.iterrows(), start=1):
        geom = shapely.force_2d(row.geometry)
        if not geom.is_valid:
            geom = _repaired(geom, f"{path.name} feature {i}", report)
        name = str(row[field]).strip() if field and row[field] is not None else f"{what} {i}"
        name = clean_text(name)
        out[name] = shapely.union_all([out[name], geom]) if name in out else geom
    return out


def _repaired(geom, where: str, report) -> shapely.Geometry:
    from .parcels import _polygonal

    reason = shapely.is_valid_reason(geom)
    before = float(geom.area)
    fixed = _polygonal(shapely.make_valid(geom))
    after = float(fixed.area)
    if fixed.is_empty or before <= 0 or abs(after - before) / before >= 0.01:
        raise UserError(
            f"{where}: invalid polygon ({reason}) cannot be repaired without changing its area "
            f"({before:.1f} -> {after:.1f} m²); fix it in the GIS"
        )
    if report is not None:
        report.add_fixed(where, f"invalid polygon ({reason}) repaired")
    return fixed
