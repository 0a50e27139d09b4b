"""Interactive HTML map (folium), fully offline: one self-contained file to open in a browser.

- Leaflet JS/CSS are read from the ``xstatic-leaflet`` package at export time and inlined;
  folium's CDN links (Leaflet, jQuery, Bootstrap, awesome-markers, Font Awesome) are removed;
  no tile layer; markers are CircleMarkers/DivIcons (no images); Leaflet's CSS images are
  inlined as ``data:`` URIs. The only ``http`` text left is the SVG namespace identifier
  ``http://www.w3.org/2000/svg`` inside Leaflet's code (``createElementNS``), which names a
  namespace and is never fetched.
- Layers: communes, clearance boundary, parcels coloured by status, centreline with km stakes;
  popups/tooltips; a legend; a layer control. Geometries go to WGS 84 with geopandas/pyproj.
- Every user-supplied text is escaped with :func:`html.escape` before it reaches folium,
  because folium's GeoJsonPopup/GeoJsonTooltip insert property values with ``innerHTML``
  unescaped, and its Tooltip/DivIcon take HTML.
"""

from __future__ import annotations

import base64
import re
from html import escape
from pathlib import Path
from typing import Any

from ..core.errors import UserError
from ..core.landuse import land_use_name
from ..core.progress import report
from ..core.snapshot import Snapshot
from ..render.palette import PARCEL_EDGE_HEX, mark_label
from .options import ExportOptions
from .privacy import display_name
from .tables import (
    BLOCKED_HEX,
    BOUNDARY_HEX,
    COMMUNE_HEX,
    DONATED_HEX,
    ROUTE_HEX,
    fmt_date,
    fmt_dec,
    status_labels,
    status_palette,
)
from .words import say

__all__ = ["MARKER", "export_html", "leaflet_assets"]

MARKER = "<!-- tl342 map -->"  # everything after it is ours (the Leaflet library comes before)
_SVG_NS = "http://www.w3.org/2000/svg"


def leaflet_assets() -> tuple[str, str]:
    """(Leaflet JS, Leaflet CSS) from the xstatic-leaflet package, made self-contained."""
    try:
        import xstatic.pkg.leaflet as xl
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise UserError("the HTML map needs the xstatic-leaflet package (pip install xstatic-leaflet)") from exc
    base = Path(xl.BASE_DIR)
    js = (base / "leaflet.js").read_text(encoding="utf-8")
    css = (base / "leaflet.css").read_text(encoding="utf-8")
    # the attribution prefix is a link to leafletjs.com with an inline SVG flag: plain text instead
    js = re.sub(
        r"""prefix:'<a href="https?://leafletjs\.com"[^']*'\+\(\w+\.inlineSvg\?'[^']*':""\)\+"Leaflet</a>\"""",
        'prefix:"Leaflet"',
        js,
    )
    js = re.sub(r"https?://leafletjs\.com", "leafletjs.com", js)  # licence header: text, not a link
    js = js.replace("</script", "<\\/script")

    def inline(match: re.Match[str]) -> str:
        name = match.group(1).strip("'\"")
        f = base / name
        if f.is_file() and f.suffix == ".png":
            data = base64.b64encode(f.read_bytes()).decode("ascii")
            return f"url(data:image/png;base64,{data})"
        return "none"

    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)  # comments (one cites a bug-tracker URL)
    css = re.sub(r"url\(((?!#|data:)[^)]*)\)", inline, css)
    return js, css


def _legend(colours, labels, unheld, used, lang: str = "vi") -> str:
    rows = []
    for status, colour in colours.items():
        if status in used:
            rows.append(
                f'<div><span class="sw" style="background:{colour}"></span>{escape(labels[status])}</div>'
            )
    if None in used:
        rows.append(f'<div><span class="sw" style="background:{unheld}"></span>{escape(mark_label("unheld", lang))}</div>')
    rows += [
        f'<div><span class="sw" style="background:none;border:2px solid {DONATED_HEX}"></span>{mark_label("donated", lang)}</div>',
        f'<div><span class="sw" style="background:none;border:2px solid {BLOCKED_HEX}"></span>{mark_label("blocked", lang)}</div>',
        f'<div><span class="ln" style="border-top:2px dashed {BOUNDARY_HEX}"></span>{mark_label("boundary", lang)}</div>',
        f'<div><span class="ln" style="border-top:3px solid {ROUTE_HEX}"></span>{say("Tim tuyến, cọc Km", lang)}</div>',
        f'<div><span class="ln" style="border-top:2px dashed {COMMUNE_HEX}"></span>{mark_label("commune", lang)}</div>',
    ]
    return (
        '<div id="tl342-legend" class="tl342-box" style="bottom:18px;right:10px">'
        f"<b>{say('Chú giải', lang)}</b>" + "".join(rows) + "</div>"
    )


_CSS = """
<style>
html, body { margin: 0; padding: 0; width: 100%; height: 100%; background: #ffffff;
  font-family: "DejaVu Sans", Arial, sans-serif; }
.leaflet-container { background: #ffffff; font-family: inherit; }
.tl342-box { position: fixed; z-index: 1000; background: rgba(255,255,255,0.93);
  border: 1px solid #888; border-radius: 4px; padding: 6px 8px; font-size: 12px; }
.tl342-box .sw { display: inline-block; width: 14px; height: 10px; margin-right: 6px;
  border: 1px solid PARCEL_EDGE; vertical-align: middle; }
.tl342-box .ln { display: inline-block; width: 18px; height: 0; margin-right: 4px;
  vertical-align: middle; }
.tl342-stake { font-size: 11px; font-weight: bold; color: #202020; white-space: nowrap;
  text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 2px #fff; }
.leaflet-popup-content table th { text-align: left; padding-right: 6px; }
</style>
""".replace("PARCEL_EDGE", PARCEL_EDGE_HEX)


def export_html(
    snapshot: Snapshot, out: Path, opts: ExportOptions, progress=None, cancel=None
) -> dict[str, Any]:
    """Write the offline interactive map ``out`` (.html)."""
    import folium
    import geopandas as gpd
    from shapely.geometry import Point

    out = Path(out)
    if out.suffix.lower() not in (".html", ".htm"):
        raise UserError(f"{out.name}: the interactive map is written as .html")
    crs = snapshot.crs
    colours, unheld = status_palette()
    lang = opts.lang
    labels = status_labels(lang)
    parcels = list(snapshot.parcels)
    if opts.commune:
        from ..core.text import fold

        parcels = [p for p in parcels if fold(p.commune) == fold(opts.commune)]
        if not parcels:
            raise UserError(f"no parcel in commune {opts.commune!r}")
    report(progress, 0, 5, "transforming to WGS 84")

    # -- parcels -----------------------------------------------------------------------------
    used: set = set()
    props, geoms = [], []
    for p in parcels:
        if p.geometry is None or p.geometry.is_empty:
            continue
        state = snapshot.state_of(p.household_code)
        status = state.status if state else None
        used.add(status)
        hh = snapshot.households.get(p.household_code or "")
        who = display_name(hh, p.household_code, opts, on_map=True) if p.household_code else ""
        flags = sorted(f.value for f in state.flags) if state else []
        edge = (BLOCKED_HEX if {"complaint", "enforcement"} & set(flags)
                else DONATED_HEX if "donated" in flags else PARCEL_EDGE_HEX)
        props.append({
            "label": escape(f"{p.sheet}/{p.number}"),
            "commune": escape(p.commune),
            "land_use": escape(f"{p.land_use} – {land_use_name(p.land_use, lang)}"),
            "recovered": escape(f"{fmt_dec(p.recovered_area_m2, 1)} m²"),
            "household": escape(who or "—"),
            "status": escape(labels[status] if status else mark_label("unheld", lang)),
            "_fill": colours[status] if status else unheld,
            "_edge": edge,
            "_weight": 2.5 if edge != PARCEL_EDGE_HEX else 0.4,
        })
        geoms.append(p.geometry)
    gparcels = gpd.GeoDataFrame(props, geometry=geoms, crs=crs).to_crs(4326)

    if cancel is not None:
        cancel.raise_if_cancelled()
    # -- the map -------------------------------------------------------------------------------
    bounds = None
    for g in [gparcels] if len(gparcels) else []:
        b = g.total_bounds
        bounds = [[b[1], b[0]], [b[3], b[2]]]
    route_ll = None
    if snapshot.route is not None:
        route_ll = gpd.GeoSeries([snapshot.route.line], crs=crs).to_crs(4326).iloc[0]
        if bounds is None:
            b = route_ll.bounds
            bounds = [[b[1], b[0]], [b[3], b[2]]]
    if bounds is None:
        raise UserError("nothing to map: the project has no parcels and no route")
    centre = [(bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2]
    m = folium.Map(location=centre, zoom_start=15, tiles=None, control_scale=True,
                   attribution_control=False)
    m.default_js = []
    m.default_css = []

    report(progress, 1, 5, "communes and boundary")
    if snapshot.communes:
        items = [(n, g) for n, g in snapshot.communes.items()
                 if not opts.commune or n == parcels[0].commune]
        gc = gpd.GeoDataFrame({"name": [escape(n) for n, _ in items]},
                              geometry=[g for _, g in items], crs=crs).to_crs(4326)
        folium.GeoJson(
            gc.__geo_interface__, name=escape(mark_label("commune", lang)),
            style_function=lambda f: {"color": COMMUNE_HEX, "weight": 2, "dashArray": "8 4 2 4",
                                      "fillColor": "#f4f1f8", "fillOpacity": 0.5},
            tooltip=folium.GeoJsonTooltip(fields=["name"], aliases=[say("Xã", lang)]),
        ).add_to(m)
    if snapshot.boundary is not None and not snapshot.boundary.is_empty:
        gb = gpd.GeoSeries([snapshot.boundary], crs=crs).to_crs(4326)
        folium.GeoJson(
            gb.__geo_interface__, name=escape(mark_label("boundary", lang)),
            style_function=lambda f: {"color": BOUNDARY_HEX, "weight": 2, "dashArray": "6 4",
                                      "fill": False},
            interactive=False,
        ).add_to(m)

    report(progress, 2, 5, "parcels")
    if len(gparcels):
        fields = ["label", "commune", "land_use", "recovered", "household", "status"]
        aliases = [escape(say(a, lang)) for a in (
            "Tờ/thửa", "Xã", "Loại đất", "Diện tích thu hồi",
            "Mã hộ" if opts.use_codes else "Chủ hộ", "Trạng thái")]
        folium.GeoJson(
            gparcels.__geo_interface__, name=escape(say("Thửa đất (theo trạng thái)", lang)),
            style_function=lambda f: {"fillColor": f["properties"]["_fill"], "fillOpacity": 0.75,
                                      "color": f["properties"]["_edge"],
                                      "weight": f["properties"]["_weight"]},
            highlight_function=lambda f: {"weight": 3, "color": "#e41a8a"},
            popup=folium.GeoJsonPopup(fields=fields, aliases=aliases),
            tooltip=folium.GeoJsonTooltip(fields=["label", "household", "status"],
                                          aliases=[aliases[0], aliases[4], aliases[5]]),
        ).add_to(m)

    report(progress, 3, 5, "centreline and stakes")
    n_stakes = 0
    if route_ll is not None:
        from ..core.chainage import format_chainage, stake_label

        route = snapshot.route
        fg = folium.FeatureGroup(name=escape(say("Tim tuyến và cọc Km", lang)))
        span = f"{format_chainage(route.start_chainage_m)} – {format_chainage(route.end_chainage_m)}"
        folium.PolyLine(
            [(y, x) for x, y in route_ll.coords], color=ROUTE_HEX, weight=2,
            tooltip=folium.Tooltip(
                escape(f"{route.name or mark_label('route', lang)} ({span})")
            ),
        ).add_to(fg)
        stations = route.stations(100.0)
        pts = gpd.GeoSeries([Point(s.x, s.y) for s in stations], crs=crs).to_crs(4326)
        for s, pt in zip(stations, pts, strict=True):
            label = stake_label(s.chainage_m)
            is_km = label.startswith("Km") and "+" not in label
            # 100 m stakes: small rings, no fill, so the parcels under them stay visible
            folium.CircleMarker(
                (pt.y, pt.x), radius=4 if is_km else 1.5, color=ROUTE_HEX,
                weight=1.5 if is_km else 0.8, fill=is_km, fill_color="#ffffff", fill_opacity=1,
                tooltip=folium.Tooltip(escape(format_chainage(s.chainage_m))),
            ).add_to(fg)
            if is_km:
                folium.Marker(
                    (pt.y, pt.x),
                    icon=folium.DivIcon(html=f'<div class="tl342-stake">{escape(label)}</div>',
                                        icon_size=(48, 14), icon_anchor=(-6, 18)),
                ).add_to(fg)
                n_stakes += 1
        fg.add_to(m)

    report(progress, 4, 5, "legend")
    folium.LayerControl(collapsed=False).add_to(m)
    m.fit_bounds(bounds)
    js, css = leaflet_assets()
    root = m.get_root()
    root.header.add_child(folium.Element(f"<style>\n{css}\n</style>"), name="leaflet_css_inline")
    root.header.add_child(folium.Element(f"<script>\n{js}\n</script>"), name="leaflet_js_inline")
    root.header.add_child(folium.Element(MARKER + _CSS), name="tl342_css")
    title = escape(snapshot.name or "ĐT342")
    sub = escape(say("Tiến độ GPMB đến ngày {day}", lang, day=fmt_date(opts.date))
                 + (say(" — xã {commune}", lang, commune=opts.commune) if opts.commune else ""))
    root.html.add_child(folium.Element(
        f'<div class="tl342-box" style="top:10px;left:54px"><b>{title}</b><br>{sub}</div>'
        + _legend(colours, labels, unheld, used, lang)
    ))
    root.title = title  # folium writes <title> unescaped
    text = root.render()
    text = _strip_remote(text)
    out.write_text(text, encoding="utf-8")
    report(progress, 5, 5, "HTML map written")
    return {
        "kind": "html",
        "path": str(out),
        "features": len(gparcels),
        "parcels": len(gparcels),
        "stakes": n_stakes,
        "bytes": len(text.encode("utf-8")),
    }


# What makes a browser fetch something: an attribute naming a remote URL (src, href, srcset,
# data, poster, action...), a CSS url(...) or @import. A URL that is only text (typed in a
# household's note, say; escaped) fetches nothing and must not block the export.
_REMOTE_ATTR = re.compile(
    r"""<[^>]*\s(?:src|href|srcset|data|poster|action|formaction|background)\s*=\s*"""
    r"""["']?\s*(?:https?:)?//([^\s"'<>]+)""",
    re.I,
)
_REMOTE_CSS = re.compile(r"""(?:url\(|@import)\s*["']?\s*(?:https?:)?//([^\s"')]+)""", re.I)


def remote_resources(text: str) -> list[str]:
    """Addresses the page would load from the network (empty for an offline file)."""
    found = [m.group(1) for m in _REMOTE_ATTR.finditer(text)]
    found += [m.group(1) for m in _REMOTE_CSS.finditer(text)]
    return [u for u in found if not ("//" + u).startswith(_SVG_NS[5:])]


def _strip_remote(text: str) -> str:
    """Drop any remote <script src>/<link href> folium may still add, and the xmlns of inline
    SVG markup; refuse to write a file that would fetch anything."""
    text = re.sub(r'<script[^>]+src="https?://[^"]*"[^>]*>\s*</script>', "", text)
    text = re.sub(r'<link[^>]+href="https?://[^"]*"[^>]*/?>', "", text)
    text = re.sub(r'\sxmlns="http://www\.w3\.org/2000/svg"', "", text)
    text = re.sub(r'<meta http-equiv="content-type"[^>]*>', '<meta charset="utf-8" />', text, flags=re.I)
    bad = remote_resources(text)
    if bad:  # pragma: no cover - a folium upgrade added a remote asset
        raise UserError(f"the HTML map would load {bad[0]}; refusing to write a non-offline file")
    return text
