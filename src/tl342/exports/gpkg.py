"""GeoPackage for QGIS: parcels, recovered parts, route, stakes, clearance boundary, communes
(project CRS, written with pyogrio), plus a ``layer_styles`` table (the QGIS convention) so the
layers open styled: parcels categorized by status in the app palette.

Public or not, no private household field is ever written; with ``opts.use_codes`` the owner's
name is left out too (household code only).
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from string import Template
from typing import Any
from xml.sax.saxutils import quoteattr

from ..core.errors import UserError
from ..core.landuse import land_use_name
from ..core.model import Flag, Status
from ..core.progress import report
from ..core.snapshot import Snapshot
from ..render.palette import PARCEL_EDGE_HEX, mark_label, rgba
from .options import ExportOptions
from .tables import (
    BOUNDARY_HEX,
    COMMUNE_HEX,
    ROUTE_HEX,
    status_labels,
    status_palette,
)

__all__ = ["LAYERS", "export_gpkg", "style_qml"]

LAYERS = ("parcels", "recovered_parts", "route", "stakes", "clearance_boundary", "communes")
GEOMETRY_COLUMN = "geom"
_FLAG_VI = {Flag.COMPLAINT: "khiếu nại", Flag.ENFORCEMENT: "cưỡng chế", Flag.DONATED: "hiến đất"}
#: what each layer holds, written as the layer's description (gpkg_contents) in the language
LAYER_DESCRIPTIONS = {
    "parcels": ("Thửa đất, theo trạng thái hộ", "Parcels, by household status"),
    "recovered_parts": ("Phần diện tích thu hồi của thửa", "Recovered parts of the parcels"),
    "route": ("Tim tuyến (các đoạn giữa phương trình cọc)", "Centreline (pieces between equations)"),
    "stakes": ("Cọc Km và cọc H (100 m)", "Km and 100 m stakes"),
    "clearance_boundary": ("Chỉ giới GPMB", "Clearance boundary"),
    "communes": ("Ranh giới xã", "Commune boundaries"),
}
_EDGE = rgba(PARCEL_EDGE_HEX)


def style_qml(layer: str, lang: str = "vi") -> str:
    """The QML style of ``layer`` from ``resources/styles/<layer>.qml`` with the app's colours
    (category labels in ``lang``)."""
    from tl342.resources import read_text

    template = Template(read_text(f"styles/{layer}.qml"))
    colours, unheld = status_palette()
    values = {
        "boundary": rgba(BOUNDARY_HEX),
        "commune": rgba(COMMUNE_HEX),
        "route": rgba(ROUTE_HEX),
        "hatch": rgba(BOUNDARY_HEX, 200),
        "categories_note": "colours as in the tl342 map",
        "categories": "",
        "symbols": "",
    }
    if layer == "parcels":
        labels = status_labels(lang)
        cats, syms = [], []
        unheld_label = mark_label("unheld", lang)
        items = [(s.value, labels[s], colours[s]) for s in Status] + [("", unheld_label, unheld)]
        for i, (value, label, colour) in enumerate(items):
            cats.append(
                f'      <category symbol="{i}" value={quoteattr(value)} label={quoteattr(label)} render="true"/>'
            )
            syms.append(
                f"""      <symbol type="fill" name="{i}" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="color" type="QString" value="{rgba(colour)}"/>
            <Option name="style" type="QString" value="solid"/>
            <Option name="outline_color" type="QString" value="{_EDGE}"/>
            <Option name="outline_style" type="QString" value="solid"/>
            <Option name="outline_width" type="QString" value="0.26"/>
            <Option name="outline_width_unit" type="QString" value="MM"/>
          </Option>
        </layer>
      </symbol>"""
            )
        values["categories"] = "\n".join(cats)
        values["symbols"] = "\n".join(syms)
    return template.substitute(values)


def _description(layer: str, lang: str) -> str:
    vi, en = LAYER_DESCRIPTIONS[layer]
    return en if lang == "en" else vi


def _frames(snapshot: Snapshot, opts: ExportOptions) -> dict[str, Any]:
    import geopandas as gpd

    crs = snapshot.crs
    lang = opts.lang
    labels = status_labels(lang)
    # human-readable columns: named and written in the export's language (land_use_vi or
    # land_use_en ...); the machine columns (status, flags, land_use) are the same in both
    tail = "_en" if lang == "en" else "_vi"
    route = snapshot.route
    parcels = list(snapshot.parcels)
    if opts.commune:
        from ..core.text import fold

        parcels = [p for p in parcels if fold(p.commune) == fold(opts.commune)]
    ranges = {}
    if route is not None:
        geoms = [p.geometry for p in parcels if p.geometry is not None and not p.geometry.is_empty]
        if geoms:
            from ..core.chainage import format_chainage

            found = route.ranges_of(geoms)
            it = iter(found)
            for p in parcels:
                if p.geometry is not None and not p.geometry.is_empty:
                    c0, c1, _sides = next(it)
                    ranges[id(p)] = (format_chainage(c0), format_chainage(c1))

    def attrs(p) -> dict[str, Any]:
        state = snapshot.state_of(p.household_code)
        status = state.status if state else None
        flags = sorted(state.flags) if state else []
        row = {
            "commune": p.commune,
            "sheet": p.sheet,
            "number": p.number,
            "land_use": p.land_use,
            "land_use_orig": p.land_use_orig or p.land_use,
            "land_use" + tail: land_use_name(p.land_use, lang),
            "area_m2": round(float(p.area_m2), 1),
            "recovered_m2": round(float(p.recovered_area_m2), 1),
            "household": p.household_code or "",
            "status": status.value if status else "",
            "status" + tail: labels[status] if status else mark_label("unheld", lang),
            "flags": ", ".join(f.value for f in flags),
            "flags" + tail: ", ".join(_flag_text(f, lang) for f in flags),
            "km_from": ranges.get(id(p), ("", ""))[0],
            "km_to": ranges.get(id(p), ("", ""))[1],
        }
        if not opts.use_codes:
            hh = snapshot.households.get(p.household_code or "")
            row["owner"] = hh.head_name if hh else p.owner_name
        return row

    frames: dict[str, Any] = {}
    rows = [(attrs(p), p.geometry) for p in parcels if p.geometry is not None and not p.geometry.is_empty]
    frames["parcels"] = gpd.GeoDataFrame([r for r, _ in rows], geometry=[g for _, g in rows], crs=crs)
    rec = [
        ({k: a[k] for k in ("commune", "sheet", "number", "land_use", "recovered_m2", "household",
                            "status", "status" + tail)}, p.recovered_geometry)
        for p in parcels
        if p.recovered_geometry is not None and not p.recovered_geometry.is_empty
        for a in [attrs(p)]
    ]
    frames["recovered_parts"] = gpd.GeoDataFrame(
        [r for r, _ in rec], geometry=[g for _, g in rec], crs=crs
    )
    if route is not None:
        from ..core.chainage import format_chainage, stake_label

        pieces = [
            ({"name": route.name, "ch_start": round(c0, 3), "ch_end": round(c1, 3),
              "km_start": format_chainage(c0), "km_end": format_chainage(c1),
              "d_start": round(d0, 3), "d_end": round(d1, 3), "length_m": round(d1 - d0, 3)},
             route.substring(d0, d1))
            for d0, d1, c0, c1 in route.segments()
            if d1 > d0
        ]
        frames["route"] = gpd.GeoDataFrame(
            [r for r, _ in pieces], geometry=[g for _, g in pieces], crs=crs
        )
        from shapely.geometry import Point

        st = route.stations(100.0)
        frames["stakes"] = gpd.GeoDataFrame(
            [{"chainage_m": round(s.chainage_m, 3), "chainage": format_chainage(s.chainage_m),
              "label": stake_label(s.chainage_m),
              "kind": "km" if round(s.chainage_m) % 1000 == 0 else "H",
              "d": round(s.distance_m, 3), "angle_deg": round(s.angle_deg, 2)} for s in st],
            geometry=[Point(s.x, s.y) for s in st],
            crs=crs,
        )
    if snapshot.boundary is not None and not snapshot.boundary.is_empty:
        frames["clearance_boundary"] = gpd.GeoDataFrame(
            [{"name": mark_label("boundary", lang), "area_m2": round(snapshot.boundary.area, 1)}],
            geometry=[snapshot.boundary], crs=crs,
        )
    if snapshot.communes:
        items = list(snapshot.communes.items())
        frames["communes"] = gpd.GeoDataFrame(
            [{"name": n, "area_ha": round(g.area / 10_000, 2)} for n, g in items],
            geometry=[g for _, g in items], crs=crs,
        )
    return frames


_LAYER_STYLES_DDL = """
CREATE TABLE IF NOT EXISTS layer_styles (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    f_table_catalog TEXT(256),
    f_table_schema TEXT(256),
    f_table_name TEXT(256),
    f_geometry_column TEXT(256),
    styleName TEXT(30),
    styleQML TEXT,
    styleSLD TEXT,
    useAsDefault BOOLEAN,
    description TEXT,
    owner TEXT(30),
    ui TEXT(30),
    update_time DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
)
"""


def _flag_text(flag: Flag, lang: str) -> str:
    return flag.label("en").lower() if lang == "en" else _FLAG_VI.get(flag, flag.value)


def _write_styles(
    path: Path, layers: list[str], geom_cols: dict[str, str], lang: str = "vi"
) -> int:
    """Create and fill ``layer_styles`` (a plain attribute table: no spatial trigger involved)."""
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")[:-4] + "Z"
    con = sqlite3.connect(path)
    try:
        with con:
            con.execute(_LAYER_STYLES_DDL)
            con.execute(
                "INSERT OR REPLACE INTO gpkg_contents (table_name, data_type, identifier, "
                "description, last_change) VALUES ('layer_styles', 'attributes', 'layer_styles', "
                "'QGIS layer styles', ?)",
                (now,),
            )
            for layer in layers:
                con.execute(
                    "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, "
                    "f_geometry_column, styleName, styleQML, styleSLD, useAsDefault, description, "
                    "owner, ui, update_time) VALUES ('', '', ?, ?, ?, ?, '', 1, ?, '', NULL, ?)",
                    (layer, geom_cols.get(layer, GEOMETRY_COLUMN), layer, style_qml(layer, lang),
                     f"tl342 style for {layer}", now),
                )
        return len(layers)
    finally:
        con.close()


def export_gpkg(
    snapshot: Snapshot, out: Path, opts: ExportOptions, progress=None, cancel=None
) -> dict[str, Any]:
    """Write the styled GeoPackage ``out`` (replaced if it exists)."""
    import pyogrio

    out = Path(out)
    if out.suffix.lower() != ".gpkg":
        raise UserError(f"{out.name}: a GeoPackage file name ends in .gpkg")
    frames = _frames(snapshot, opts)
    tmp = out.with_name(f".{out.stem}.partial.gpkg")  # replaces ``out`` only when complete
    tmp.unlink(missing_ok=True)
    counts: dict[str, int] = {}
    written: list[str] = []
    try:
        for i, layer in enumerate(LAYERS):
            if cancel is not None:
                cancel.raise_if_cancelled()
            report(progress, i, len(LAYERS) + 1, f"writing layer {layer}")
            gdf = frames.get(layer)
            if gdf is None:
                continue
            kw: dict[str, Any] = {}
            if layer in ("parcels", "recovered_parts", "clearance_boundary", "communes"):
                kw["promote_to_multi"] = True
                kw["geometry_type"] = "MultiPolygon"
            elif layer == "route":
                kw["geometry_type"] = "LineString"
            else:
                kw["geometry_type"] = "Point"
            pyogrio.write_dataframe(
                gdf, tmp, layer=layer, driver="GPKG", append=bool(written),
                layer_options={"GEOMETRY_NAME": GEOMETRY_COLUMN, "IDENTIFIER": layer,
                               "DESCRIPTION": _description(layer, opts.lang)}, **kw,
            )
            written.append(layer)
            counts[layer] = len(gdf)
        report(progress, len(LAYERS), len(LAYERS) + 1, "writing styles")
        styles = _write_styles(tmp, written, {}, opts.lang)
        tmp.replace(out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    report(progress, len(LAYERS) + 1, len(LAYERS) + 1, "GeoPackage written")
    return {
        "kind": "gpkg",
        "path": str(out),
        "crs": snapshot.crs,
        "layers": counts,
        "features": sum(counts.values()),
        "styles": styles,
    }
