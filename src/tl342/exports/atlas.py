"""Atlas: one sheet per stretch of road (true distance along the line), the map frame rotated
so the road runs left → right, titled with the real chainages ("Km a+b – Km c+d", so a stretch
across a station equation shows both sides of the jump), a key map, the parcels of the stretch.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from ..core.errors import UserError
from ..core.progress import CancelToken, Progress, report
from ..core.snapshot import Snapshot
from .mapsheet import (
    CORRIDOR_M,
    PageWriter,
    chainage_range_text,
    draw_sheet,
    sheet_frame,
    title_lines,
)
from .options import ExportOptions


def stretches(snapshot: Snapshot, opts: ExportOptions) -> list[tuple[float, float]]:
    """``(d0, d1)`` distance pairs of the atlas sheets: every ``opts.stretch_m`` metres of
    line from the start; with ``opts.commune`` only those touching the commune."""
    route = snapshot.route
    if route is None:
        raise UserError("this project has no centreline, so there is no road to make an atlas of")
    if opts.stretch_m <= 0:
        raise UserError("the atlas stretch length must be positive")
    length = route.length_m
    n = max(math.ceil(length / opts.stretch_m - 1e-9), 1)
    out = [(k * opts.stretch_m, min((k + 1) * opts.stretch_m, length)) for k in range(n)]
    if opts.commune:
        geom = snapshot.communes.get(opts.commune)
        if geom is None:
            known = ", ".join(snapshot.communes) or "none"
            raise UserError(f"no commune named {opts.commune!r} in this project (known: {known})")
        out = [(a, b) for a, b in out if route.substring(a, b).intersects(geom)]
    return out


def stretch_rotation(route, d0: float, d1: float) -> float:
    """Direction (degrees CCW from east) of the stretch's start → end vector."""
    line = route.substring(d0, d1)
    (x0, y0), (x1, y1) = line.coords[0], line.coords[-1]
    return math.degrees(math.atan2(y1 - y0, x1 - x0))


def stretch_viewport(paper, frame, route, d0: float, d1: float, scale: int | None):
    """Rotated viewport fitting the stretch and its corridor; returns (viewport, N)."""
    import shapely

    from ..render.viewport import Viewport
    from .mapsheet import nice_scale

    theta = stretch_rotation(route, d0, d1)
    geom = route.substring(d0, d1).buffer(CORRIDOR_M)
    xy = shapely.get_coordinates(geom)
    c, s = math.cos(math.radians(theta)), math.sin(math.radians(theta))
    u = xy[:, 0] * c + xy[:, 1] * s
    v = -xy[:, 0] * s + xy[:, 1] * c
    um, vm = (u.min() + u.max()) / 2, (v.min() + v.max()) / 2
    cx, cy = um * c - vm * s, um * s + vm * c
    margin = paper.mm(3)
    mpp = max(
        (u.max() - u.min()) / (frame.width() - 2 * margin),
        (v.max() - v.min()) / (frame.height() - 2 * margin),
    )
    vp = Viewport(cx, cy, mpp, frame.width(), frame.height(), theta)
    n = scale or nice_scale(vp.scale_denominator(paper.dpi))
    vp.m_per_px = n * 0.0254 / paper.dpi
    return vp, n


def draw_stretch(
    pw: PageWriter,
    snapshot: Snapshot,
    renderer,
    opts: ExportOptions,
    d0: float,
    d1: float,
    ranges,
    index: int,
    count: int,
    continue_table: bool = False,
) -> tuple[str, int]:
    """One atlas sheet on the writer's current page (its parcel table continued on following
    pages when ``continue_table``); returns (its chainage title, parcels)."""
    from shapely.geometry import Polygon

    route = snapshot.route
    frame = sheet_frame(pw.paper)
    vp, n = stretch_viewport(pw.paper, frame, route, d0, d1, opts.scale)
    view = Polygon(vp.world_corners())
    parcels = [
        p
        for p in renderer.parcels_in(view)
        if p.household_code
        and p.key in ranges
        and ranges[p.key][0] <= d1
        and ranges[p.key][1] >= d0
        and (not opts.commune or p.commune == opts.commune)
    ]
    parcels.sort(key=lambda p: ranges[p.key][0])
    text = chainage_range_text(route, d0, d1)
    lines = title_lines(snapshot, f"SƠ ĐỒ DỌC TUYẾN {text}", opts.commune, "", opts)
    lines[1] += f" — tờ {index}/{count}"
    draw_sheet(
        pw,
        snapshot,
        renderer,
        opts,
        lines,
        vp,
        n,
        parcels,
        key_highlight=route.substring(d0, d1),
        continue_table=continue_table,
        commune=opts.commune,
    )
    return text, len(parcels)


def parcel_ranges(snapshot: Snapshot) -> dict:
    """Distance range along the line of every held parcel, keyed by parcel key."""
    held = [p for p in snapshot.held_parcels() if p.geometry is not None]
    if snapshot.route is None or not held:
        return {}
    rs = snapshot.route.distance_ranges_of([p.geometry for p in held])
    return {p.key: r for p, r in zip(held, rs, strict=True)}


def export_atlas(
    snapshot: Snapshot,
    out: Path | str,
    opts: ExportOptions | None = None,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> dict[str, Any]:
    """Write the atlas as one multi-page PDF. Cancelling deletes the partial file.

    Returns ``{"pages": n, "path": str, "sheets": [titles], "parcels": n}``.
    """
    from ..render.map_renderer import MapRenderer

    opts = opts or ExportOptions()
    out = Path(out)
    if out.suffix.lower() != ".pdf":
        raise UserError(f"{out.name}: an atlas is a multi-page PDF; choose a .pdf file")
    parts = stretches(snapshot, opts)
    if not parts:
        raise UserError(f"the road does not cross commune {opts.commune!r}")
    pw = PageWriter(out, opts.paper, opts.landscape, opts.dpi)
    titles, total = [], 0
    try:
        renderer = MapRenderer(snapshot)
        ranges = parcel_ranges(snapshot)
        for k, (d0, d1) in enumerate(parts, 1):
            if cancel is not None:
                cancel.raise_if_cancelled()
            pw.new_page()
            text, n = draw_stretch(pw, snapshot, renderer, opts, d0, d1, ranges, k, len(parts))
            titles.append(text)
            total += n
            report(progress, k, len(parts), text)
        pw.close()
    except BaseException:
        pw.abort()
        raise
    return {"pages": pw.pages, "path": str(out), "sheets": titles, "parcels": total}
