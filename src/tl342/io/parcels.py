"""Read cadastral parcels (thửa đất) from GIS and CAD files into :class:`Parcel` records.

Formats: GeoPackage, Shapefile (text decoded by :func:`read_dbf_strings`, so TCVN3/VNI/CP1258
``.dbf`` files read right), GeoJSON, KML/KMZ, and CAD drawings (DXF, DGN v7) whose parcel
boundaries are polylines with the parcel number as a TEXT inside.

Nothing is written: the result is the parcels plus a :class:`ValidationReport`; a report with
any error means the import must be refused as a whole.
"""

from __future__ import annotations

import math
import os
import re
import warnings
from collections.abc import Mapping
from itertools import repeat
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.strtree import STRtree

from tl342.core.errors import UserError
from tl342.core.model import DEFAULT_CRS, Parcel
from tl342.core.progress import Cancelled, CancelToken, Progress, report
from tl342.core.text import fold, nfc

from .common import (
    cell_text,
    commune_name,
    folded_name,
    gdal_message,
    key_part,
    normalise_land_use,
)
from .crs import check_coordinates, resolve_crs, to_project_crs
from .encodings import decode_bytes, detect_encoding, normalise_encoding, read_dbf_strings
from .numbers import parse_number
from .report import ValidationReport, captured_warnings

FIELDS = ("commune", "sheet", "number", "area", "land_use", "owner", "address")

# usual column names, folded (case, diacritics, spaces and "_" ignored)
KNOWN_COLUMNS: dict[str, tuple[str, ...]] = {
    "sheet": ("shbando", "soto", "tobando", "sotobando", "sotobd", "tobd", "tobandoso", "maphieu"),
    "number": ("shthua", "sothua", "thuadatso", "sothuadat", "thuaso", "thua"),
    "area": ("dientich", "dtich", "dientichpl", "dientichm2", "dt"),
    "land_use": ("mdsd", "loaidat", "maloaidat", "khloaidat", "kyhieumdsd", "mucdichsd", "mucdich"),
    "owner": ("tenchu", "chusudung", "tenchusudung", "chusd", "tenchusd", "chuho"),
    "address": ("diachi", "diachithua", "diachichu"),
    "commune": ("xa", "tenxa", "commune", "xaphuong", "tenxaphuong"),
}
POLYGONAL = ("Polygon", "MultiPolygon")
CHUNK = 500
MAX_OVERLAP_M2 = 1.0
AREA_TOLERANCE = 0.10  # warn when the area field and the geometry differ by more
REPAIR_TOLERANCE = 0.01  # make_valid may change the area by less than this


def read_parcels(
    path: str | os.PathLike,
    *,
    layer: str | None = None,
    commune: str | None = None,
    crs: str | None = None,
    encoding: str = "auto",
    mapping: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
    project_crs: str = DEFAULT_CRS,
    check_overlaps: bool | OverlapCheck = True,
) -> tuple[list[Parcel], ValidationReport]:
    """Read parcels from ``path`` and check them; nothing is written anywhere.

    ``layer``: the layer of a GeoPackage/KML (or the CAD layer/level holding the boundaries);
    ``commune``: used when the file has no commune column; ``crs``: overrides the file's CRS
    (preset names like "VN-2000 Quảng Ninh" work); ``encoding``: for shapefile/CAD text
    ("auto", "utf-8", "cp1258", "tcvn3", "vni"); ``mapping``: {field: column} for fields
    in :data:`FIELDS` (for CAD files a value such as {"sheet": "12"} is the value itself).
    ``check_overlaps``: True checks them before returning, False not at all; an
    :class:`OverlapCheck` starts the check (warnings only) on a worker thread as soon as the
    geometries are checked, beside the rest of the reading and the caller's write.
    """
    p = Path(path)
    rep = ValidationReport(source=p.name)
    with captured_warnings(rep):
        return _read_checked(
            p,
            rep,
            layer,
            commune,
            crs,
            encoding,
            mapping,
            progress,
            cancel,
            project_crs,
            check_overlaps,
        )


def _read_checked(
    p, rep, layer, commune, crs, encoding, mapping, progress, cancel, project_crs, overlaps
) -> tuple[list[Parcel], ValidationReport]:
    try:
        enc = normalise_encoding(encoding)
        frame, cad = _load(p, layer, enc, mapping or {}, rep)
        background = overlaps if isinstance(overlaps, OverlapCheck) else None
        parcels = _build(
            frame,
            cad,
            p,
            rep,
            commune,
            crs,
            mapping or {},
            project_crs,
            progress,
            cancel,
            background,
        )
        if overlaps is True:
            _check_overlaps(parcels, rep)
    except Cancelled:
        raise
    except UserError as exc:
        rep.add_file_error(str(exc))
        return [], rep
    return parcels, rep


# ---------------------------------------------------------------------- loading


def _gdal_message(exc: Exception) -> str:
    return gdal_message(exc)


def _check_file(p: Path) -> None:
    if not p.exists():
        raise UserError(f"{p.name}: no such file")
    if p.is_file() and p.stat().st_size == 0:
        raise UserError(f"{p.name}: the file is empty (0 bytes)")


def _load(
    p: Path, layer: str | None, enc: str, mapping: Mapping[str, str], rep: ValidationReport
) -> tuple[gpd.GeoDataFrame, bool]:
    _check_file(p)
    suffix = p.suffix.lower()
    if suffix in (".shp", ".dbf"):
        return _load_shapefile(p, enc, rep), False
    if suffix in (".dxf", ".dgn"):
        return _load_cad(p, layer, enc, mapping, rep), True
    return _load_ogr(p, layer, rep), False


def _read(p: Path | str, **kwargs: Any) -> gpd.GeoDataFrame:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return pyogrio.read_dataframe(p, **kwargs)
    except Exception as exc:  # GDAL's errors: DataSourceError, DataLayerError, ...
        raise UserError(f"{Path(str(p)).name}: cannot read: {_gdal_message(exc)}") from None


def _layers(p: Path) -> list[tuple[str, str]]:
    try:
        return [(str(n), str(t)) for n, t in pyogrio.list_layers(p)]
    except Exception as exc:
        raise UserError(f"{p.name}: cannot read: {_gdal_message(exc)}") from None


def _load_shapefile(p: Path, enc: str, rep: ValidationReport) -> gpd.GeoDataFrame:
    shp = next((c for c in (p.with_suffix(".shp"), p.with_suffix(".SHP")) if c.exists()), None)
    if shp is None:
        raise UserError(f"{p.name}: the geometry file {p.with_suffix('.shp').name} is missing")
    if not any(shp.with_suffix(s).exists() for s in (".shx", ".SHX")):
        raise UserError(f"{shp.name}: the index file {shp.with_suffix('.shx').name} is missing")
    _check_shp_length(shp)
    attrs, used = read_dbf_strings(shp, "auto" if enc == "auto" else enc)
    geoms = _read(shp, columns=[])
    rep.info["encoding"] = used
    if len(attrs) != len(geoms):
        raise UserError(
            f"{shp.name}: {len(geoms)} shapes but {len(attrs)} attribute records; "
            "the shapefile is damaged or truncated"
        )
    attrs.index = geoms.index
    return gpd.GeoDataFrame(attrs, geometry=geoms.geometry, crs=geoms.crs)


def _check_shp_length(shp: Path) -> None:
    """GDAL reads a cut .shp as null geometries without a word: compare the header's length."""
    for f in (shp, *(c for c in (shp.with_suffix(".shx"), shp.with_suffix(".SHX")) if c.exists())):
        with open(f, "rb") as fh:
            head = fh.read(28)
        size = f.stat().st_size
        if len(head) < 28 or head[:4] != b"\x00\x00\x27\x0a":
            raise UserError(f"{f.name}: not a shapefile (bad header)")
        declared = int.from_bytes(head[24:28], "big") * 2
        if size < declared:
            raise UserError(
                f"{f.name}: file is truncated ({size} of {declared} bytes); copy it again"
            )


def _load_ogr(p: Path, layer: str | None, rep: ValidationReport) -> gpd.GeoDataFrame:
    layers = _layers(p)
    names = [n for n, _ in layers]
    listing = ", ".join(f"{n} ({t})" for n, t in layers)
    if not layers:
        raise UserError(f"{p.name}: no layers in the file")
    if layer is not None:
        match = [n for n in names if n == layer] or [n for n in names if fold(n) == fold(layer)]
        if not match:
            raise UserError(f"{p.name}: no layer {layer!r}; layers: {listing}")
        chosen = [match[0]]
    elif len(layers) == 1:
        chosen = names
    elif p.suffix.lower() in (".kml", ".kmz"):
        chosen = names  # KML folders: read them all
    else:
        polys = [n for n, t in layers if "polygon" in t.lower()]
        if len(polys) == 1:
            chosen = polys
        elif polys:
            raise UserError(
                f"{p.name}: several polygon layers ({', '.join(polys)}); choose one with --layer"
            )
        else:
            raise UserError(f"{p.name}: no polygon layer; layers: {listing}")
    frames = [_read(p, layer=n) for n in chosen]
    frames = [f for f in frames if len(f)]
    rep.info["layer"] = ", ".join(chosen)
    if not frames:
        return gpd.GeoDataFrame({"geometry": []}, geometry="geometry")
    crs = frames[0].crs
    frame = pd.concat(
        [f.to_crs(crs) if f.crs and crs and f.crs != crs else f for f in frames], ignore_index=True
    )
    return gpd.GeoDataFrame(frame, geometry="geometry", crs=crs)


# ---------------------------------------------------------------------- CAD (DXF/DGN)

_NUMBER_TEXT = re.compile(r"^\d{1,6}[a-z]?$", re.IGNORECASE)
_PAIR_TEXT = re.compile(r"^(\d{1,6}[a-z]?)\s*/\s*([\d.,]+[a-z]?)$", re.IGNORECASE)
_SHEET_TEXT = re.compile(r"^to\s*(?:ban\s*do\s*)?(?:so\s*)?[:.]?\s*(\d{1,4}[a-z]?)$")
_CODE_TEXT = re.compile(r"^[A-Z0-9]{1,4}(?:\s*\+\s*[A-Z0-9]{2,4})*$")
_AREA_TEXT = re.compile(r"^\d[\d.,\s]*[.,]\d+\s*(?:m2|m²)?$")
_SHEET_IN_NAME = re.compile(r"(?:^|[^a-z])(?:to|tobd|tobando|sheet|t)[\s_\-]*(\d{1,4})(?:$|[^\d])")


def _cad_texts(df: gpd.GeoDataFrame, enc: str) -> list[tuple[BaseGeometry, str]]:
    if "Text" not in df.columns:
        return []
    rows = df[df["Text"].notna() & (df["Text"].astype(str).str.strip() != "")]
    raw: list[tuple[BaseGeometry, str]] = [
        (g, str(t)) for g, t in zip(rows.geometry, rows["Text"], strict=True) if g is not None
    ]
    # AutoCAD drawings written with .VnTime (TCVN3) or VNI fonts (or UTF-8 without a code page
    # header) reach GDAL as cp1252/latin-1 text:
    # take the bytes back and decode them as Vietnamese.
    legacy: list[bytes] = []
    for _, t in raw:
        try:
            legacy.append(
                b"".join(bytes([ord(c)]) if ord(c) < 0x100 else c.encode("cp1252") for c in t)
            )
        except UnicodeEncodeError:  # real Unicode text: GDAL already decoded it right
            legacy = []
            break
    if legacy and not all(b.isascii() for b in legacy):
        used = enc if enc != "auto" else detect_encoding(legacy)
        return [(g, decode_bytes(b, used)) for (g, _), b in zip(raw, legacy, strict=True)]
    return [(g, nfc(t)) for g, t in raw]


def _classify(text: str) -> tuple[str, str]:
    t = " ".join(text.split())
    f = fold(t)
    if m := _SHEET_TEXT.match(f):
        return "sheet", m[1]
    if m := _PAIR_TEXT.match(t):
        if re.search(r"[.,]", m[2]):
            return "number_area", f"{m[1]}|{m[2]}"
        return "sheet_number", f"{m[1]}|{m[2]}"
    if _NUMBER_TEXT.match(t):
        return "number", t
    if _AREA_TEXT.match(t):
        return "area", t
    if _CODE_TEXT.match(t) and any(c.isalpha() for c in t):
        return "land_use", t
    return "other", t


def _load_cad(
    p: Path, layer: str | None, enc: str, mapping: Mapping[str, str], rep: ValidationReport
) -> gpd.GeoDataFrame:
    df = _read(p)
    if not len(df):
        raise UserError(f"{p.name}: the drawing has no entities")
    layer_col = "Layer" if "Layer" in df.columns else "Level" if "Level" in df.columns else None
    geoms = df.geometry
    is_line = geoms.geom_type.isin(("LineString", "MultiLineString", "LinearRing"))
    is_poly = geoms.geom_type.isin(POLYGONAL)
    lines_mask = is_line | is_poly
    if layer is not None and layer_col is not None:
        in_layer = df[layer_col].astype(str).map(fold) == fold(layer)
        if not (in_layer & lines_mask).any():
            present = sorted(set(df.loc[lines_mask, layer_col].astype(str)))
            raise UserError(
                f"{p.name}: no boundary lines on layer {layer!r}; layers with lines: "
                f"{', '.join(present) or 'none'}"
            )
        lines_mask &= in_layer
    linework = [g.boundary if g.geom_type in POLYGONAL else g for g in geoms[lines_mask]]
    linework = [shapely.force_2d(g) for g in linework if g is not None and not g.is_empty]
    if not linework:
        raise UserError(f"{p.name}: no polylines to make parcels from")
    faces = [
        f
        for f in shapely.get_parts(shapely.polygonize([shapely.unary_union(linework)]))
        if f.area > 0.01
    ]
    if not faces:
        raise UserError(f"{p.name}: no closed polylines (parcel boundaries) in the drawing")
    texts = _cad_texts(df, enc)
    rep.count("cad_texts", len(texts))

    # a sheet for the whole drawing: mapping value, "Tờ số 12" text outside parcels, file name
    sheet_global = cell_text(mapping.get("sheet")) if mapping.get("sheet") else ""
    face_tree = STRtree(faces)
    outside_sheets = {
        v
        for g, t in texts
        for kind, v in [_classify(t)]
        if kind == "sheet" and not len(face_tree.query(g, predicate="within"))
    }
    if not sheet_global and len(outside_sheets) == 1:
        sheet_global = outside_sheets.pop()
    if not sheet_global and (m := _SHEET_IN_NAME.search(fold(p.stem).replace(" ", "_"))):
        sheet_global = m[1]
    if not sheet_global and p.stem.isdigit():
        sheet_global = p.stem
    rep.info["sheet_from_drawing"] = sheet_global

    inside: dict[int, list[tuple[BaseGeometry, str]]] = {}
    if texts:
        pts = [shapely.force_2d(g.representative_point()) for g, _ in texts]
        t_idx, f_idx = face_tree.query(pts, predicate="within")
        for ti, fi in zip(t_idx, f_idx, strict=True):
            inside.setdefault(int(fi), []).append((pts[ti], texts[ti][1]))
    records: list[dict[str, Any]] = []
    skipped = 0
    for fi, face in enumerate(faces):
        found = inside.get(fi, [])
        rec: dict[str, Any] = {
            "sheet": sheet_global,
            "number": "",
            "area": None,
            "land_use": "",
            "geometry": face,
        }
        numbers: list[tuple[float, str]] = []
        centre = face.representative_point()
        for pt, text in found:
            kind, value = _classify(text)
            if kind == "sheet":
                rec["sheet"] = value
            elif kind == "sheet_number":
                rec["sheet"], num = value.split("|")
                numbers.append((-1.0, num))
            elif kind == "number_area":
                num, rec["area"] = value.split("|")
                numbers.append((-1.0, num))
            elif kind == "number":
                numbers.append((pt.distance(centre), value))
            elif kind == "area":
                rec["area"] = value
            elif kind == "land_use":
                rec["land_use"] = value
        if not numbers:
            skipped += 1
            continue
        numbers.sort()
        rec["number"] = numbers[0][1]
        if len({n for _, n in numbers}) > 1:
            rec["_note"] = (
                f"several parcel numbers inside ({', '.join(n for _, n in numbers)});"
                f" took {numbers[0][1]}"
            )
        records.append(rec)
    if skipped:
        rep.count("skipped_unlabelled", skipped)
        rep.add_warning(
            p.name, f"{skipped} closed area(s) without a parcel-number text were skipped"
        )
    if not records:
        raise UserError(f"{p.name}: no closed polyline has a parcel-number text inside")
    return gpd.GeoDataFrame(records, geometry="geometry", crs=df.crs)


# ---------------------------------------------------------------------- checks


def _columns(
    frame: gpd.GeoDataFrame, cad: bool, mapping: Mapping[str, str]
) -> tuple[dict[str, str], list[str]]:
    """{field: column} and the errors of an explicit mapping."""
    errors: list[str] = []
    cols = [c for c in frame.columns if c != frame.geometry.name]
    if cad:
        return {f: f for f in ("sheet", "number", "area", "land_use") if f in cols}, errors
    by_fold: dict[str, str] = {}
    for c in cols:
        by_fold.setdefault(folded_name(str(c)), str(c))
    found: dict[str, str] = {}
    for fld, col in mapping.items():
        if fld not in FIELDS:
            errors.append(f"mapping: unknown field {fld!r} (fields: {', '.join(FIELDS)})")
        elif col in cols:
            found[fld] = col
        elif folded_name(col) in by_fold:
            found[fld] = by_fold[folded_name(col)]
        else:
            errors.append(
                f"mapping: no column {col!r} for {fld} (columns: {', '.join(map(str, cols))})"
            )
    for fld, names in KNOWN_COLUMNS.items():
        if fld in found or fld in mapping:
            continue
        for n in names:
            if n in by_fold:
                found[fld] = by_fold[n]
                break
    return found, errors


def _polygonal(g: BaseGeometry) -> BaseGeometry:
    """The polygonal part of a make_valid result."""
    if g.geom_type in POLYGONAL:
        return g
    polys = [part for part in shapely.get_parts(g) if part.geom_type in POLYGONAL]
    flat: list[Polygon] = []
    for part in polys:
        flat.extend(part.geoms if isinstance(part, MultiPolygon) else [part])
    if not flat:
        return Polygon()
    return flat[0] if len(flat) == 1 else MultiPolygon(flat)


# Per distinct value, the text functions give the same text for an integer as str() of it;
# for a column of integers (parcel numbers: one distinct value per row) that is the fast path.
_INT_AS_TEXT = (key_part, cell_text, commune_name)


def _column_values(frame: gpd.GeoDataFrame, col: str | None, fn, n: int) -> list:
    """``fn`` of each value of ``col`` (a list of n ``fn(None)`` without one), computed once
    per distinct value: commune names, sheets and land-use codes repeat across thousands of
    rows. Distinct values come from one hashing pass (``pandas.factorize``); missing values
    (None, NaN) are passed to ``fn`` as they are."""
    if col is None:
        return [fn(None)] * n
    series = frame[col]
    values = series.tolist()
    if fn in _INT_AS_TEXT and series.dtype.kind in "iu":
        return list(map(str, values))
    try:
        codes, _ = pd.factorize(series)
    except TypeError:  # unhashable (a list from a JSON property)
        return [fn(v) for v in values]
    present = np.flatnonzero(codes >= 0)
    out: list = [None] * n
    if len(present):
        _, first = np.unique(codes[present], return_index=True)  # first row of each value
        mapped = np.empty(len(first), dtype=object)
        for j, i in enumerate(present[first].tolist()):
            mapped[j] = fn(values[i])
        out = mapped[np.maximum(codes, 0)].tolist()
    missing: dict[type, Any] = {}  # None, NaN, NA: fn's answer depends on the kind only
    for i in np.flatnonzero(codes < 0).tolist():
        v = values[i]
        try:
            out[i] = missing[type(v)]
        except KeyError:
            out[i] = missing[type(v)] = fn(v)
    return out


def _prepare(
    frame: gpd.GeoDataFrame,
    cad: bool,
    p: Path,
    rep: ValidationReport,
    commune_arg: str | None,
    crs_override: str | None,
    mapping: Mapping[str, str],
    project_crs: str,
) -> tuple[gpd.GeoDataFrame, dict[str, str], str] | None:
    """(frame in the project CRS, {field: column}, default commune), or None after adding
    the errors that stop the whole file (a missing key column, coordinates off the CRS)."""
    rep.count("features", len(frame))
    if len(frame) == 0:
        raise UserError(f"{p.name}: the layer has no features")
    cols, map_errors = _columns(frame, cad, mapping)
    for e in map_errors:
        rep.add_error(p.name, e)
    rep.info["columns"] = ", ".join(f"{k}={v}" for k, v in cols.items())
    listing = ", ".join(str(c) for c in frame.columns if c != frame.geometry.name)
    for fld, names in (("sheet", "SHBANDO/SoTo/ToBanDo"), ("number", "SHTHUA/SoThua")):
        if fld not in cols:
            rep.add_error(
                p.name,
                f"no {fld} column ({names}); columns: {listing}; map one with --map {fld}=COLUMN",
                field=fld,
            )
    commune_default = commune_name(commune_arg) if commune_arg else ""
    if "commune" not in cols and not commune_default:
        rep.add_error(
            p.name,
            "no commune column (XA/TenXa) and no commune given; pass --commune",
            field="commune",
        )
    if not rep.ok:
        return None

    file_crs = resolve_crs(frame.crs, crs_override)
    rep.info["crs"] = file_crs if file_crs.startswith("EPSG:") else "custom (WKT)"
    geoms = frame.geometry
    present = geoms[geoms.notna() & ~geoms.is_empty]
    if len(present):
        for msg in check_coordinates(tuple(present.total_bounds), file_crs):
            rep.add_error(p.name, msg)
        if not rep.ok:
            return None
        frame = to_project_crs(frame, file_crs, project_crs)
    return frame, cols, commune_default


def _build(
    frame: gpd.GeoDataFrame,
    cad: bool,
    p: Path,
    rep: ValidationReport,
    commune_arg: str | None,
    crs_override: str | None,
    mapping: Mapping[str, str],
    project_crs: str,
    progress: Progress | None,
    cancel: CancelToken | None,
    overlaps: OverlapCheck | None = None,
) -> list[Parcel]:
    prepared = _prepare(frame, cad, p, rep, commune_arg, crs_override, mapping, project_crs)
    if prepared is None:
        return []
    frame, cols, commune_default = prepared
    total = len(frame)
    report(progress, 0, total, "checking parcels")

    # Columns are converted once, as whole lists, and checked as arrays; only the rows with a
    # problem to report (or a value to parse) are looked at one by one.
    communes = _column_values(frame, cols.get("commune"), commune_name, total)
    if commune_default:
        communes = [c or commune_default for c in communes]
    sheets = _column_values(frame, cols.get("sheet"), key_part, total)
    numbers = _column_values(frame, cols.get("number"), key_part, total)
    land_uses = _column_values(frame, cols.get("land_use"), normalise_land_use, total)
    owners = _column_values(frame, cols.get("owner"), cell_text, total)
    addresses = _column_values(frame, cols.get("address"), cell_text, total)
    notes = frame["_note"].tolist() if "_note" in frame.columns else None
    area_col = cols.get("area")
    declared_raw = frame[area_col].tolist() if area_col is not None else None
    geom_out, problems = _check_geometries(np.asarray(frame.geometry.values, dtype=object), rep)
    geo_areas = shapely.area(geom_out)  # NaN where the geometry has a problem
    if overlaps is not None:
        usable = np.flatnonzero(shapely.is_geometry(geom_out))
        overlaps._start(geom_out[usable], usable)

    # every key part present and a usable geometry: the row claims its key (first one wins)
    has_key = np.ones(total, dtype=bool)
    for part in (communes, sheets, numbers):
        has_key &= np.array(part, dtype=object) != ""
    eligible = has_key
    for i, problem in problems.items():
        if isinstance(problem, str):
            eligible[i] = False  # (has_key is not used again)
    keys = list(zip(communes, sheets, numbers, strict=True))
    claim_rows = np.flatnonzero(eligible).tolist()
    first = {keys[i]: i for i in reversed(claim_rows)}
    duplicate = np.zeros(total, dtype=bool)
    if len(first) < len(claim_rows):
        duplicate[[i for i in claim_rows if first[keys[i]] != i]] = True
    # the common case, a clean feature: no problem to report, nothing to format
    clean = eligible & ~duplicate
    clean &= np.array([not unknown for _, _, unknown in land_uses], dtype=bool)
    if notes is not None:
        clean &= np.array([note is None for note in notes], dtype=bool)
    if problems:
        clean[list(problems)] = False
    areas = geo_areas.copy()
    if area_col is not None:
        raw_f = np.array([v if type(v) is float else np.nan for v in declared_raw], dtype=float)
        with np.errstate(invalid="ignore"):
            plausible = (raw_f > 0) & (geo_areas > 0)
            plausible &= np.abs(raw_f - geo_areas) <= AREA_TOLERANCE * geo_areas
        clean &= plausible
        areas[plausible] = raw_f[plausible]
    accepted = clean.copy()
    area_list = areas.tolist()

    for start in range(0, total, CHUNK):
        stop = min(start + CHUNK, total)
        for i in np.flatnonzero(~clean[start:stop]).tolist():
            i += start
            commune, sheet, number = keys[i]
            where = _Where(i + 1, commune, sheet, number)  # formatted only for a problem
            bad = False
            for fld, val in (("commune", commune), ("sheet", sheet), ("number", number)):
                if not val:
                    rep.add_error(where, f"no {fld}", field=cols.get(fld, fld))
                    bad = True
            note = notes[i] if notes is not None else None
            if note is not None and note == note and note:
                rep.add_warning(where, str(note))
            geom = geom_out[i]
            problem = problems.get(i)
            if isinstance(problem, str):  # the geometry's problem
                rep.add_error(where, problem)
                geom, bad = None, True
            elif problem is not None:  # repaired: (geometry, note)
                geom, fixed = problem
                rep.add_fixed(where, fixed)
            if not bad and duplicate[i]:
                rep.add_error(
                    where,
                    f"duplicate parcel key {commune} {sheet}/{number} "
                    f"(also feature {first[keys[i]] + 1})",
                )
                bad = True
            _, _, unknown = land_uses[i]
            if unknown:
                rep.add_warning(
                    where,
                    f"unknown land-use code {', '.join(unknown)} (kept)",
                    field=cols["land_use"],
                )
            if bad or geom is None:
                continue
            geo_area = float(geom.area) if problem is not None else float(geo_areas[i])
            area = geo_area
            if area_col is not None:
                try:
                    area = _declared_area(declared_raw[i], geo_area, where, area_col, rep)
                except ValueError as exc:
                    rep.add_error(where, str(exc), field=area_col)
                    continue
            geom_out[i] = geom
            area_list[i] = area
            accepted[i] = True
        report(progress, stop, total, "checking parcels")
        if cancel is not None:
            cancel.raise_if_cancelled()

    columns = [
        communes,
        sheets,
        numbers,
        [code for code, _, _ in land_uses],
        geom_out.tolist(),
        [orig for _, orig, _ in land_uses],
        area_list,
        owners,
        addresses,
    ]
    if not accepted.all():
        rows = np.flatnonzero(accepted).tolist()
        columns = [[column[i] for i in rows] for column in columns]
    c, s, n, lu, g, orig, a, owner, address = columns
    parcels = list(map(Parcel, c, s, n, lu, g, orig, a, repeat(None), repeat(0.0), owner, address))
    if overlaps is not None:
        overlaps._accepted(np.flatnonzero(accepted), parcels)
    rep.count("parcels", len(parcels))
    return parcels


class _Where:
    """The place of a problem, "feature 12 (parcel Đạp Thanh 5/101)", formatted on use."""

    __slots__ = ("i", "commune", "sheet", "number")

    def __init__(self, i: int, commune: str, sheet: str, number: str) -> None:
        self.i, self.commune, self.sheet, self.number = i, commune, sheet, number

    def __str__(self) -> str:
        where = f"feature {self.i}"
        if self.sheet and self.number and self.commune:
            where += f" (parcel {self.commune} {self.sheet}/{self.number})"
        return where


def _declared_area(raw: Any, geo_area: float, where: str, col: str, rep: ValidationReport) -> float:
    """The area to keep: the file's area field when it is plausible, else the drawn one."""
    if isinstance(raw, float) and raw > 0 and geo_area > 0 and math.isfinite(raw):
        declared: Any = raw  # the common case, without a Decimal round trip
    else:
        declared = parse_number(raw)
    if declared is not None and declared > 0 and geo_area > 0:
        d = float(declared)
        diff = (d - geo_area) / geo_area
        sane = 0.5 <= d / geo_area <= 2.0
        if abs(diff) > AREA_TOLERANCE:
            rep.add_warning(
                where,
                f"area field {d:g} m² differs from the drawn area {geo_area:.1f} m² "
                f"by {diff:+.0%}" + ("" if sane else "; using the drawn area"),
                field=col,
            )
        return d if sane else geo_area
    if declared is not None and declared <= 0:
        rep.add_warning(
            where, f"area field {declared} is not positive; using the drawn area", field=col
        )
    return geo_area


def _check_geometries(raw: np.ndarray, rep: ValidationReport) -> tuple[np.ndarray, dict]:
    """(geometries, problems): the 2D polygons, None where a feature has a problem, and
    {feature index: the problem as a string, or (repaired polygon, note)}.

    Vectorised: one call each for missing, empty, type, coordinate and validity checks; only
    the few features with a problem are looked at (and repaired) one by one.
    """
    n = len(raw)
    missing = ~shapely.is_geometry(raw)  # None (or NaN) where a feature has no geometry
    geoms = np.where(missing, None, raw).astype(object)
    empty = missing | shapely.is_empty(geoms)
    if (shapely.has_z(geoms) | shapely.has_m(geoms)).any():
        geoms = shapely.force_2d(geoms)
    coords = shapely.get_coordinates(geoms)
    not_finite = np.zeros(n, dtype=bool)
    if not np.isfinite(coords).all():
        coords, owner = shapely.get_coordinates(geoms, return_index=True)
        not_finite[owner[~np.isfinite(coords).all(axis=1)]] = True
    types = shapely.get_type_id(geoms)  # 3 Polygon, 6 MultiPolygon
    polygonal = (types == 3) | (types == 6)
    valid = shapely.is_valid(geoms)
    ok = ~empty & polygonal & ~not_finite & valid
    problems: dict[int, Any] = {}
    for i in np.flatnonzero(~ok).tolist():
        g = geoms[i]
        if empty[i]:
            problems[i] = "empty or missing geometry"
        elif not polygonal[i]:
            problems[i] = f"geometry is a {g.geom_type}, not a polygon"
        elif not_finite[i]:
            problems[i] = "coordinates that are not numbers (NaN or infinite)"
        else:
            problems[i] = _repair(g)
    if problems:
        geoms[list(problems)] = None
    return geoms, problems


def _repair(g: BaseGeometry):
    reason = shapely.is_valid_reason(g)
    before = float(g.area)
    fixed = _polygonal(shapely.make_valid(g))
    after = float(fixed.area)
    if fixed.is_empty or before <= 0 or abs(after - before) / before >= REPAIR_TOLERANCE:
        return (
            f"invalid polygon ({reason}) cannot be repaired without changing "
            f"its area ({before:.1f} -> {after:.1f} m²); fix it in the GIS"
        )
    return fixed, f"invalid polygon ({reason}) repaired; area {before:.1f} -> {after:.1f} m²"


def _check_overlaps(parcels: list[Parcel], rep: ValidationReport) -> None:
    """Warn for parcels overlapping by more than :data:`MAX_OVERLAP_M2`."""
    _report_overlaps(parcels, _overlap_pairs(parcels), rep)


def _overlap_pairs(parcels: list[Parcel], threads: int = 2) -> list[tuple[int, int, float]]:
    """(i, j, overlap m²) of the parcel pairs overlapping by more than :data:`MAX_OVERLAP_M2`."""
    return _overlap_pairs_of(np.array([pc.geometry for pc in parcels], dtype=object), threads)


def _overlap_pairs_of(geoms: np.ndarray, threads: int = 2) -> list[tuple[int, int, float]]:
    """(i, j, overlap m²) of the pairs of ``geoms`` overlapping by more than
    :data:`MAX_OVERLAP_M2`.

    Neighbouring parcels share edges, so nearly every candidate pair from a spatial index
    merely touches. GEOS's coverage validation finds, in one pass over all edges, the
    parcels with an edge crossing or inside another parcel; only pairs involving one of
    those are intersected (vectorised). Touches no report: safe on a worker thread.
    """
    if len(geoms) < 2:
        return []
    flagged = _coverage_flags(geoms, threads)
    if not flagged.any():
        return []
    tree = STRtree(geoms)
    left, right = tree.query(geoms[flagged])  # bounding boxes only
    left = np.flatnonzero(flagged)[left]
    a, b = np.minimum(left, right), np.maximum(left, right)
    pairs = np.unique(np.stack([a[a != b], b[a != b]], axis=1), axis=0)
    if not len(pairs):
        return []
    left, right = pairs[:, 0], pairs[:, 1]
    areas = shapely.area(shapely.intersection(geoms[left], geoms[right]))
    return [
        (int(i), int(j), float(area))
        for i, j, area in zip(left, right, areas, strict=True)
        if area > MAX_OVERLAP_M2
    ]


def _report_overlaps(parcels, pairs, rep: ValidationReport) -> None:
    for a_, b_, area in pairs:
        pa, pb = parcels[a_], parcels[b_]
        rep.add_warning(
            f"parcel {pa.commune} {pa.label}",
            f"overlaps parcel {pb.commune} {pb.label} by {area:.1f} m²",
        )
    if pairs:
        rep.count("overlaps", len(pairs))


class OverlapCheck:
    """The overlap check (warnings only) on a worker thread, for :func:`read_parcels`.

    It starts as soon as the geometries are checked, on every feature with a usable one;
    when those features all become parcels (the usual case) its pairs are the parcels'
    pairs. Otherwise (a repaired geometry, a refused feature) the parcels themselves are
    checked again, so the warnings are always those of the parcels. GEOS runs without the
    GIL: the check goes on beside the rest of the reading and the caller's write.
    :meth:`finish` waits for it and adds its warnings to the report.
    """

    def __init__(self) -> None:
        self._future = None
        self._rows: np.ndarray | None = None

    @staticmethod
    def _submit(fn, *args):
        from concurrent.futures import ThreadPoolExecutor

        pool = ThreadPoolExecutor(1)
        future = pool.submit(fn, *args)
        pool.shutdown(wait=False)
        return future

    def _start(self, geoms: np.ndarray, rows: np.ndarray) -> None:
        """Check ``geoms``, the geometries of features ``rows`` (in file order)."""
        self._rows = rows
        self._future = self._submit(_overlap_pairs_of, geoms, 1)

    def _accepted(self, rows: np.ndarray, parcels: list[Parcel]) -> None:
        """The features that became ``parcels``: unless they are the ones being checked,
        check the parcels."""
        if self._rows is None or not np.array_equal(rows, self._rows):
            self._rows = rows
            self._future = self._submit(_overlap_pairs, parcels, 1)

    def finish(self, parcels: list[Parcel], rep: ValidationReport) -> None:
        """Wait for the check; its warnings join ``rep``."""
        if self._future is not None and parcels:
            _report_overlaps(parcels, self._future.result(), rep)


def _coverage_flags(geoms: np.ndarray, threads: int = 2) -> np.ndarray:
    """True for each polygon with an edge crossing or lying inside another polygon.

    Large layers are validated as two halves (split at the median x, each with every polygon
    reaching into it) on two threads: GEOS runs without the GIL. Any overlap has a point in
    one half, where both polygons are present, so no overlap is missed; a polygon flagged by
    either half is a candidate.
    """
    if len(geoms) < 20_000 or threads < 2:
        return ~shapely.is_empty(shapely.coverage_invalid_edges(geoms))
    from concurrent.futures import ThreadPoolExecutor

    bounds = shapely.bounds(geoms)
    cut = float(np.median((bounds[:, 0] + bounds[:, 2]) / 2))
    halves = [np.flatnonzero(bounds[:, 0] <= cut), np.flatnonzero(bounds[:, 2] >= cut)]
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda idx: shapely.coverage_invalid_edges(geoms[idx]), halves))
    flagged = np.zeros(len(geoms), dtype=bool)
    for idx, edges in zip(halves, results, strict=True):
        flagged[idx] |= ~shapely.is_empty(edges)
    return flagged
