"""Sheets that follow the road: a stretch of line ``(d0, d1)`` (distances along the
centreline) drawn with the frame rotated so the road runs left → right, titled with its real
chainages. The atlas, the chainage-range map, the commune map at a fixed scale and the
meeting pack all lay out their sheets with these functions.
"""

from __future__ import annotations

import math

from ..core.snapshot import Snapshot
from .mapsheet import (
    CORRIDOR_M,
    PageWriter,
    chainage_range_text,
    draw_sheet,
    nice_scale,
    sheet_frame,
    title_lines,
)
from .options import ExportOptions
from .words import say


def split_to_scale(paper, route, d0: float, d1: float, scale: int | None):
    """``(d0, d1)`` cut into equal pieces that each fit one sheet at 1:``scale`` (one piece,
    fitted, without a scale). Returns (pieces, 1:N)."""
    frame = sheet_frame(paper)
    k = 1
    while True:
        step = (d1 - d0) / k
        pieces = [(d0 + i * step, d0 + (i + 1) * step) for i in range(k)]
        fits = [stretch_viewport(paper, frame, route, p0, p1, None)[1] for p0, p1 in pieces]
        if scale is None:
            return pieces, max(fits)
        if max(fits) <= scale or step < 20.0:
            return pieces, scale
        k += 1


def stretch_rotation(route, d0: float, d1: float) -> float:
    """Direction (degrees CCW from east) of the stretch's start → end vector."""
    line = route.substring(d0, d1)
    (x0, y0), (x1, y1) = line.coords[0], line.coords[-1]
    return math.degrees(math.atan2(y1 - y0, x1 - x0))


def stretch_viewport(paper, frame, route, d0: float, d1: float, scale: int | None):
    """Rotated viewport fitting the stretch and its corridor; returns (viewport, N)."""
    import shapely

    from ..render.viewport import Viewport

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


def stretch_sheet(paper, snapshot: Snapshot, renderer, opts: ExportOptions, d0, d1, ranges):
    """What the sheet of a stretch shows: (viewport, 1:N, its parcels in road order)."""
    from shapely.geometry import Polygon

    vp, n = stretch_viewport(paper, sheet_frame(paper), snapshot.route, d0, d1, opts.scale)
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
    return vp, n, parcels


def stretch_communes(snapshot: Snapshot, d0: float, d1: float, parcels=()) -> list[str]:
    """Communes a stretch covers, in road order (the communes its line crosses, then any
    other commune of its parcels)."""
    import shapely

    line = snapshot.route.substring(d0, d1)
    found = []
    for name, geom in snapshot.communes.items():
        if geom is None or not line.intersects(geom):
            continue
        on = line.intersection(geom)
        if on.length < 0.5:  # touching the boundary at a sheet's end is not covering it
            continue
        first = min(line.project(shapely.Point(xy)) for xy in shapely.get_coordinates(on))
        found.append((first, name))
    names = [name for _, name in sorted(found)]
    names += sorted({p.commune for p in parcels if p.commune} - set(names))
    return names


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
    sheet=None,
    cut_note=None,
) -> tuple[str, int]:
    """One atlas sheet on the writer's current page (its parcel table continued on following
    pages when ``continue_table``, else cut with ``cut_note``); signed by the People's
    Committee of each commune it covers. ``sheet``: :func:`stretch_sheet`'s answer, if
    known. Returns (its chainage title, parcels)."""
    route = snapshot.route
    vp, n, parcels = sheet or stretch_sheet(pw.paper, snapshot, renderer, opts, d0, d1, ranges)
    text = chainage_range_text(route, d0, d1)
    heading = say("SƠ ĐỒ DỌC TUYẾN {range}", opts.lang, range=text)
    lines = title_lines(snapshot, heading, opts.commune, "", opts)
    lines[1] += say(" — tờ {i}/{n}", opts.lang, i=index, n=count)
    communes = [opts.commune] if opts.commune else stretch_communes(snapshot, d0, d1, parcels)
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
        communes=communes,
        cut_note=cut_note,
    )
    return text, len(parcels)


def parcel_ranges(snapshot: Snapshot) -> dict:
    """Distance range along the line of every held parcel, keyed by parcel key."""
    held = [p for p in snapshot.held_parcels() if p.geometry is not None]
    if snapshot.route is None or not held:
        return {}
    rs = snapshot.route.distance_ranges_of([p.geometry for p in held])
    return {p.key: r for p, r in zip(held, rs, strict=True)}
