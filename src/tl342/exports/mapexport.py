"""`tl342 export map`: the parcel map of the whole road, a commune or a chainage range.

- no scale: one sheet fitted to the extent (north up);
- a chainage range, or a commune at a scale its fitted sheet cannot hold: as many
  road-following sheets as the scale needs (:mod:`.stretch`), a commune's preceded by a key
  map page (which sheet shows which stretch); a sheet without a parcel of the commune is left
  out, so no sheet says "0 thửa".
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from ..core.errors import UserError
from ..core.progress import CancelToken, Progress, report
from ..core.snapshot import Snapshot
from .mapsheet import (
    MARGIN_MM,
    TITLE_MM,
    PageWriter,
    chainage_range_text,
    draw_sheet,
    fmt_int,
    natural_key,
    parcels_on_sheet,
    range_distances,
    sheet_extent,
    sheet_frame,
    sheet_viewport,
    title_lines,
)
from .options import ExportOptions
from .stretch import (
    draw_stretch,
    parcel_ranges,
    split_to_scale,
    stretch_communes,
    stretch_sheet,
)
from .words import say


def export_map(
    snapshot: Snapshot,
    out: Path | str,
    opts: ExportOptions | None = None,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> dict[str, Any]:
    """Write the parcel map to ``out`` (.pdf vector, A4/A3; .png at ``opts.dpi``, one sheet).

    Returns ``{"pages", "path", "parcels", "scale", "sheets"}`` (and for a commune on several
    sheets ``"sheet_list"``: chainages and parcels of each sheet).
    """
    opts = opts or ExportOptions()
    out = Path(out)
    ext = sheet_extent(snapshot, opts)
    ranged = opts.from_m is not None or opts.to_m is not None
    if ext.commune is None and ext.range_text and ranged:
        return _export_range(snapshot, out, opts, progress, cancel)
    if ext.commune is not None and opts.scale and snapshot.route is not None:
        result = _export_commune_sheets(snapshot, out, opts, ext, progress, cancel)
        if result is not None:
            return result
    return _export_one(snapshot, out, opts, ext, progress, cancel)


def _export_one(snapshot, out: Path, opts: ExportOptions, ext, progress, cancel) -> dict:
    """The extent on one sheet (north up), fitted or at ``opts.scale``."""
    from ..render.map_renderer import MapRenderer

    report(progress, 0, 2, "map")
    pw = PageWriter(out, opts.paper, opts.landscape, opts.dpi, opts.personal, opts.lang)
    try:
        renderer = MapRenderer(snapshot)
        pw.new_page()
        paper = pw.paper
        frame = sheet_frame(paper)
        vp, n = sheet_viewport(paper, frame, ext.bounds, opts.scale)
        parcels = parcels_on_sheet(renderer, vp, ext.area, ext.commune)
        lines = title_lines(
            snapshot,
            say("SƠ ĐỒ VỊ TRÍ THỬA ĐẤT THU HỒI", opts.lang),
            ext.commune,
            ext.range_text,
            opts,
        )
        if cancel is not None:
            cancel.raise_if_cancelled()
        communes: list[str] = []
        if ext.commune is None:  # the whole road: every commune it crosses signs
            if snapshot.route is not None:
                communes = stretch_communes(snapshot, 0.0, snapshot.route.length_m, parcels)
            else:
                communes = sorted({p.commune for p in parcels if p.commune})
        draw_sheet(
            pw,
            snapshot,
            renderer,
            opts,
            lines,
            vp,
            n,
            parcels,
            commune=ext.commune,
            communes=communes,
        )
        pw.close()
    except BaseException:
        pw.abort()
        raise
    report(progress, 2, 2, "map")
    return {
        "pages": pw.pages,
        "path": str(out),
        "parcels": len(parcels),
        "scale": n,
        "sheets": 1,
    }


def _export_range(snapshot, out: Path, opts: ExportOptions, progress, cancel) -> dict[str, Any]:
    """A chainage range as sheets that follow the road (frame rotated so the road runs left to
    right), as many as the scale needs, each titled with its own real chainages."""
    from ..render.map_renderer import MapRenderer

    pw = PageWriter(out, opts.paper, opts.landscape, opts.dpi, opts.personal, opts.lang)
    try:
        d0, d1 = range_distances(snapshot.route, opts.from_m, opts.to_m)
        pieces, n = split_to_scale(pw.paper, snapshot.route, d0, d1, opts.scale)
        if len(pieces) > 1 and not pw.multipage:
            fit = split_to_scale(pw.paper, snapshot.route, d0, d1, None)[1]
            raise UserError(
                f"{sheet_extent(snapshot, opts).range_text} needs {len(pieces)} sheets at "
                f"1:{fmt_int(n)}; export a .pdf, or a .png at --scale {fit}"
            )
        renderer = MapRenderer(snapshot)
        ranges = parcel_ranges(snapshot)
        keys: set = set()
        for i, (p0, p1) in enumerate(pieces, 1):
            if cancel is not None:
                cancel.raise_if_cancelled()
            pw.new_page()
            draw_stretch(
                pw,
                snapshot,
                renderer,
                replace(opts, scale=n),
                p0,
                p1,
                ranges,
                i,
                len(pieces),
                continue_table=True,
            )
            keys |= {k for k, (r0, r1) in ranges.items() if r0 <= p1 and r1 >= p0}
            report(progress, i, len(pieces), "map")
        pw.close()
    except BaseException:
        pw.abort()
        raise
    return {
        "pages": pw.pages,
        "path": str(out),
        "parcels": len(keys),
        "scale": n,
        "sheets": len(pieces),
    }


def commune_sheets(snapshot: Snapshot, paper, renderer, opts: ExportOptions, ranges):
    """Road-following sheets covering every held parcel of ``opts.commune`` at
    ``opts.scale``: ``[(d0, d1, (viewport, N, parcels))]`` without the empty ones, or None
    when the commune's parcels are not along the road."""
    keys = [
        p.key
        for p in snapshot.held_parcels()
        if p.commune == opts.commune and p.key in ranges and p.geometry is not None
    ]
    if not keys:
        return None
    d0 = min(ranges[k][0] for k in keys)
    d1 = max(ranges[k][1] for k in keys)
    pad = 1.0  # a parcel touching the range's end lies on the last sheet too
    d0, d1 = max(d0 - pad, 0.0), min(d1 + pad, snapshot.route.length_m)
    pieces, n = split_to_scale(paper, snapshot.route, d0, d1, opts.scale)
    sopts = replace(opts, scale=n)
    out = []
    for p0, p1 in pieces:
        sheet = stretch_sheet(paper, snapshot, renderer, sopts, p0, p1, ranges)
        if sheet[2]:
            out.append((p0, p1, sheet))
    return out


def _export_commune_sheets(
    snapshot, out: Path, opts: ExportOptions, ext, progress, cancel
) -> dict[str, Any] | None:
    """A commune at a fixed scale: one sheet when its fitted sheet holds that scale (None:
    the caller draws it), else a key map page and the road-following sheets."""
    from ..render.map_renderer import MapRenderer

    pw = PageWriter(out, opts.paper, opts.landscape, opts.dpi, opts.personal, opts.lang)
    try:
        paper = pw.paper
        fit = sheet_viewport(paper, sheet_frame(paper), ext.bounds, None)[1]
        if fit <= opts.scale:
            pw.abort()
            return None
        renderer = MapRenderer(snapshot)
        ranges = parcel_ranges(snapshot)
        sheets = commune_sheets(snapshot, paper, renderer, opts, ranges)
        if not sheets:
            pw.abort()
            return None
        if not pw.multipage:
            raise UserError(
                f"commune {opts.commune} needs {len(sheets)} sheets at "
                f"1:{fmt_int(opts.scale)}; export a .pdf, or a .png at --scale {fit}"
            )
        sopts = replace(opts, scale=opts.scale)
        steps = len(sheets) + 1
        pw.new_page()
        draw_key_page(pw, snapshot, renderer, opts, ext, sheets)
        report(progress, 1, steps, "key map")
        listed: list[dict] = []
        keys: set = set()
        for i, (p0, p1, sheet) in enumerate(sheets, 1):
            if cancel is not None:
                cancel.raise_if_cancelled()
            pw.new_page()
            text, count = draw_stretch(
                pw,
                snapshot,
                renderer,
                sopts,
                p0,
                p1,
                ranges,
                i,
                len(sheets),
                continue_table=True,
                sheet=sheet,
            )
            keys |= {p.key for p in sheet[2]}
            listed.append({"sheet": i, "chainage": text, "parcels": count})
            report(progress, i + 1, steps, text)
        pw.close()
    except BaseException:
        pw.abort()
        raise
    wanted = {p.key for p in snapshot.held_parcels() if p.commune == opts.commune}
    return {
        "pages": pw.pages,
        "path": str(out),
        "parcels": len(keys),
        "scale": opts.scale,
        "sheets": len(sheets),
        "sheet_list": listed,
        "missing": sorted("/".join(k[1:]) for k in wanted - keys),
    }


def draw_key_page(pw: PageWriter, snapshot: Snapshot, renderer, opts: ExportOptions, ext, sheets):
    """Key map (sơ đồ phân tờ): the commune fitted on the page, the footprint and number of
    every sheet drawn over it, and the table of sheets (chainages, parcels)."""
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QColor, QPolygonF

    from ..render import decorations, sheet, style
    from ..render.map_renderer import RenderOptions
    from ..render.sheet import Column

    painter, paper = pw.painter, pw.paper
    mm, unit = paper.mm, paper.unit
    left, top = mm(MARGIN_MM), mm(MARGIN_MM)
    right, bottom = paper.width - mm(MARGIN_MM), paper.height - mm(MARGIN_MM)
    centre = Qt.AlignmentFlag.AlignHCenter
    h = sheet.text_block(
        painter,
        QRectF(left, top, right - left, mm(10)),
        say("SƠ ĐỒ PHÂN TỜ — XÃ {commune}", opts.lang, commune=ext.commune.upper()),
        13,
        True,
        centre,
    )
    second = title_lines(snapshot, "", ext.commune, ext.range_text, opts)[1]
    second += say(" — {n} tờ tỷ lệ 1:{scale}", opts.lang, n=len(sheets), scale=fmt_int(opts.scale))
    sheet.text_block(
        painter, QRectF(left, top + h, right - left, mm(8)), second, 9.5, False, centre
    )
    frame = sheet_frame(paper)
    vp, n = sheet_viewport(paper, frame, ext.bounds, None)
    ropts = RenderOptions(print_mode=True, unit=unit, show_labels=False, use_codes=opts.use_codes)
    sheet.draw_map_frame(painter, frame, renderer, vp, ropts, unit)
    painter.save()
    painter.translate(frame.topLeft())
    painter.setClipRect(QRectF(0, 0, vp.width, vp.height))
    painter.setFont(style.font(9, bold=True))
    for i, (_p0, _p1, (svp, _n, _parcels)) in enumerate(sheets, 1):
        poly = QPolygonF([vp.to_device(x, y) for x, y in svp.world_corners()])
        painter.setPen(style.pen("#c2185b", 1.5, unit))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPolygon(poly)
        c = poly.boundingRect().center()
        painter.setPen(QColor("#c2185b"))
        box = QRectF(c.x() - mm(6), c.y() - mm(3), mm(12), mm(6))
        painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), str(i))
    painter.restore()
    landscape = paper.width > paper.height
    if landscape:
        col = QRectF(frame.right() + mm(8), mm(MARGIN_MM + TITLE_MM), 0, 0)
        col.setRight(right)
        col.setBottom(bottom)
    else:
        y = frame.bottom() + mm(8)
        col = QRectF(left, y, right - left, bottom - y)
    decorations.draw_north_arrow(
        painter, vp, QPointF(col.left() + mm(7), col.top() + mm(8)), mm(12), unit
    )
    decorations.draw_scale_bar(
        painter,
        vp,
        QPointF(col.left() + mm(18), col.top() + mm(14)),
        min(col.width() - mm(22), mm(55)),
        unit,
        say("Tỷ lệ 1:{n}", opts.lang, n=fmt_int(n)),
    )
    rows = []
    for i, (p0, p1, (_vp, _n, parcels)) in enumerate(sheets, 1):
        first = sorted(parcels, key=natural_key)
        rows.append(
            [
                str(i),
                chainage_range_text(snapshot.route, p0, p1),
                str(len(parcels)),
                first[0].label if first else "",
            ]
        )
    cols = [
        Column(say("Tờ", opts.lang, "col"), 0.5, Qt.AlignmentFlag.AlignRight),
        Column(say("Lý trình", opts.lang), 2.6),
        Column(say("Số thửa", opts.lang), 0.9, Qt.AlignmentFlag.AlignRight),
        Column(say("Từ thửa", opts.lang, "col"), 1.0),
    ]
    table = QRectF(col.left(), col.top() + mm(22), col.width(), col.bottom() - col.top() - mm(22))
    sheet.draw_table(painter, table, cols, rows, 7, unit)


__all__ = ["commune_sheets", "export_map"]
