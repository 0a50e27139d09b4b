"""Atlas: one sheet per stretch of road (true distance along the line), the map frame rotated
so the road runs left → right, titled with the real chainages ("Km a+b – Km c+d", so a stretch
across a station equation shows both sides of the jump), a key map, the parcels of the stretch.
A sheet's table that does not fit points to the index at the end of the atlas (BẢNG KÊ THỬA
ĐẤT THEO TỜ: every parcel of the atlas and the sheets it is on, "Trang i/N").
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from ..core.errors import UserError
from ..core.progress import CancelToken, Progress, report
from ..core.snapshot import Snapshot
from .mapsheet import (
    MARGIN_MM,
    PageWriter,
    chainage_range_text,
    draw_page_number,
    fmt_area,
    natural_key,
    range_distances,
)
from .options import ExportOptions
from .stretch import (  # noqa: F401  (stretch_* and parcel_ranges: the atlas's own API)
    draw_stretch,
    parcel_ranges,
    stretch_communes,
    stretch_rotation,
    stretch_sheet,
    stretch_viewport,
)
from .words import say


def stretches(snapshot: Snapshot, opts: ExportOptions) -> list[tuple[float, float]]:
    """``(d0, d1)`` distance pairs of the atlas sheets: every ``opts.stretch_m`` metres of
    line from the start of the chainage range (``opts.from_m`` – ``opts.to_m``, default the
    whole road); with ``opts.commune`` only those touching the commune."""
    route = snapshot.route
    if route is None:
        raise UserError("this project has no centreline, so there is no road to make an atlas of")
    if opts.stretch_m <= 0:
        raise UserError("the atlas stretch length must be positive")
    if opts.from_m is not None or opts.to_m is not None:
        start, end = range_distances(route, opts.from_m, opts.to_m)
    else:
        start, end = 0.0, route.length_m
    n = max(math.ceil((end - start) / opts.stretch_m - 1e-9), 1)
    out = [
        (start + k * opts.stretch_m, min(start + (k + 1) * opts.stretch_m, end)) for k in range(n)
    ]
    if opts.commune:
        geom = snapshot.communes.get(opts.commune)
        if geom is None:
            known = ", ".join(snapshot.communes) or "none"
            raise UserError(f"no commune named {opts.commune!r} in this project (known: {known})")
        out = [(a, b) for a, b in out if route.substring(a, b).intersects(geom)]
    return out


# -- index of parcels at the end of the atlas ---------------------------------------------------
INDEX_TITLE = "BẢNG KÊ THỬA ĐẤT THEO TỜ"
INDEX_PT = 7.0


def number_runs(numbers) -> str:
    """``[3, 4, 5, 8] -> "3–5, 8"``."""
    out: list[str] = []
    nums = sorted(set(numbers))
    i = 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        out.append(str(nums[i]) if j == i else f"{nums[i]}–{nums[j]}")
        i = j + 1
    return ", ".join(out)


def index_columns(use_codes: bool, lang: str = "vi"):
    from PySide6.QtCore import Qt

    from ..render.sheet import Column

    right = Qt.AlignmentFlag.AlignRight
    return [
        Column(say("Xã", lang, "col"), 1.45),
        Column(say("Tờ/Thửa", lang, "col"), 1.05),
        Column(say("Loại đất", lang, "col"), 1.2),
        Column(say("Thu hồi (m²)", lang, "col"), 1.65, right),
        Column(say("Mã hộ" if use_codes else "Chủ sử dụng", lang, "col"), 2.4),
        Column(say("Trạng thái", lang, "col"), 2.05),
        Column(say("Tờ sơ đồ", lang, "col"), 1.2),
    ]


def index_rows(snapshot: Snapshot, sheet_parcels, opts: ExportOptions):
    """(parcels, rows) of the index: every parcel on some sheet, by commune (in road order),
    cadastral sheet and parcel number, with the numbers of the atlas sheets showing it."""
    from ..render.palette import status_label

    on: dict = {}
    first: dict = {}
    for k, parcels in enumerate(sheet_parcels, 1):
        for p in parcels:
            on.setdefault(p.key, []).append(k)
            first.setdefault(p.key, p)
    road = {}
    for k, parcels in enumerate(sheet_parcels):
        for p in parcels:
            road.setdefault(p.commune, k)
    parcels = sorted(first.values(), key=lambda p: (road[p.commune], natural_key(p)))
    rows = []
    for p in parcels:
        code = p.household_code or ""
        hh = snapshot.households.get(code)
        who = code if opts.use_codes else (hh.head_name if hh else p.owner_name)
        st = snapshot.state_of(code) if code else None
        status = status_label(st.status, opts.lang) if st is not None else "—"
        rows.append(
            [
                p.commune,
                p.label,
                p.land_use,
                fmt_area(p.recovered_area_m2),
                who,
                status,
                number_runs(on[p.key]),
            ]
        )
    return parcels, rows


def _index_geometry(pw: PageWriter):
    """(left, top, right, bottom, tables per page, gap) of an index page."""
    paper = pw.paper
    mm = paper.mm
    left, top = mm(MARGIN_MM), mm(MARGIN_MM)
    right, bottom = paper.width - mm(MARGIN_MM), paper.height - mm(MARGIN_MM)
    gap = mm(8)
    two = (right - left - gap) / 2 >= mm(120)
    return left, top, right, bottom, 2 if two else 1, gap


def _index_headings(
    snapshot: Snapshot, opts: ExportOptions, n_parcels: int, n_sheets: int, range_text: str = ""
):
    lang = opts.lang
    project = snapshot.name or say("Dự án nâng cấp ĐT342", lang)
    second = project + (say(" — Xã {commune}", lang, commune=opts.commune) if opts.commune else "")
    second += f" — {range_text}" if range_text else ""
    second += say(
        " — {n} thửa trên {sheets} tờ sơ đồ dọc tuyến (cột «Tờ sơ đồ»)",
        lang,
        n=n_parcels,
        sheets=n_sheets,
    )
    title = say(INDEX_TITLE, lang)
    return [title, title + say(" (tiếp theo)", lang)], second


def index_layout(pw: PageWriter, n_rows: int, headings, second: str) -> list[tuple[int, int]]:
    """``[(first row, end row)]`` of each index page."""
    from PySide6.QtCore import QRectF

    from ..render import sheet

    if n_rows == 0:
        return []
    left, top, right, bottom, ntab, _gap = _index_geometry(pw)
    mm = pw.paper.mm
    caps = []
    for head in headings:
        y = top + sheet.text_height(
            pw.painter, QRectF(left, top, right - left, mm(10)), head, 12, True
        )
        y += sheet.text_height(pw.painter, QRectF(left, y, right - left, mm(8)), second, 8)
        caps.append(ntab * sheet.table_capacity(pw.painter, bottom - y - mm(2), INDEX_PT))
    if min(caps) <= 0:
        raise UserError("the paper is too small for the parcel index")
    pages, r = [], 0
    while r < n_rows:
        cap = caps[0] if not pages else caps[1]
        pages.append((r, min(r + cap, n_rows)))
        r += cap
    return pages


def draw_index_page(pw: PageWriter, heading: str, second: str, columns, rows, i: int, n: int):
    """One page of the index: heading, project line, the rows in one or two tables, Trang i/N."""
    from PySide6.QtCore import QRectF, Qt

    from ..render import sheet

    left, top, right, bottom, ntab, gap = _index_geometry(pw)
    painter, mm, unit = pw.painter, pw.paper.mm, pw.paper.unit
    y = top + sheet.text_block(
        painter,
        QRectF(left, top, right - left, mm(10)),
        heading,
        12,
        True,
        Qt.AlignmentFlag.AlignHCenter,
    )
    y += sheet.text_block(
        painter,
        QRectF(left, y, right - left, mm(8)),
        second,
        8,
        False,
        Qt.AlignmentFlag.AlignHCenter,
    )
    width = (right - left - gap * (ntab - 1)) / ntab
    rest = rows
    for k in range(ntab):
        if not rest:
            break
        rect = QRectF(left + k * (width + gap), y + mm(2), width, bottom - y - mm(2))
        rest = rest[sheet.draw_table(painter, rect, columns, rest, INDEX_PT, unit) :]
    draw_page_number(pw, i, n)


def index_note(rest, page_of: dict, lang: str = "vi") -> str:
    """The cut-off line of a sheet: how many parcels and on which index pages they are."""
    pages = number_runs(page_of[p.key] for p in rest)
    return say("… còn {n} thửa: xem bảng kê cuối tập, trang {pages}", lang, n=len(rest), pages=pages)


def export_atlas(
    snapshot: Snapshot,
    out: Path | str,
    opts: ExportOptions | None = None,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> dict[str, Any]:
    """Write the atlas as one multi-page PDF (run_export writes it beside the target and moves it
    into place, so a cancel keeps the previous file).

    Returns ``{"pages": n, "path": str, "sheets": [titles], "parcels": n}``.
    """
    from ..render.map_renderer import MapRenderer

    opts = opts or ExportOptions()
    out = Path(out)
    if out.suffix.lower() != ".pdf":
        raise UserError(f"{out.name}: an atlas is a multi-page PDF; choose a .pdf file")
    parts = stretches(snapshot, opts)
    if not parts:
        where = f"commune {opts.commune!r}" if opts.commune else "the chainage range"
        raise UserError(f"the road does not cross {where}")
    pw = PageWriter(out, opts.paper, opts.landscape, opts.dpi, opts.personal, opts.lang)
    titles, total = [], 0
    try:
        renderer = MapRenderer(snapshot)
        ranges = parcel_ranges(snapshot)
        sheets = [stretch_sheet(pw.paper, snapshot, renderer, opts, a, b, ranges) for a, b in parts]
        # the index comes last but its pages are known first: sheets cut their tables to it
        parcels, rows = index_rows(snapshot, [s[2] for s in sheets], opts)
        ranged = opts.from_m is not None or opts.to_m is not None
        span = chainage_range_text(snapshot.route, parts[0][0], parts[-1][1]) if ranged else ""
        headings, second = _index_headings(snapshot, opts, len(parcels), len(parts), span)
        layout = index_layout(pw, len(rows), headings, second)
        page_of = {p.key: i for i, (r0, r1) in enumerate(layout, 1) for p in parcels[r0:r1]}
        steps = len(parts) + len(layout)
        for k, (d0, d1) in enumerate(parts, 1):
            if cancel is not None:
                cancel.raise_if_cancelled()
            pw.new_page()
            text, n = draw_stretch(
                pw,
                snapshot,
                renderer,
                opts,
                d0,
                d1,
                ranges,
                k,
                len(parts),
                sheet=sheets[k - 1],
                cut_note=lambda rest: index_note(rest, page_of, opts.lang),
            )
            titles.append(text)
            total += n
            report(progress, k, steps, text)
        columns = index_columns(opts.use_codes, opts.lang)
        for i, (r0, r1) in enumerate(layout, 1):
            if cancel is not None:
                cancel.raise_if_cancelled()
            pw.new_page()
            heading = headings[0] if i == 1 else headings[1]
            draw_index_page(pw, heading, second, columns, rows[r0:r1], i, len(layout))
            report(progress, len(parts) + i, steps, f"{INDEX_TITLE} {i}/{len(layout)}")
        pw.close()
    except BaseException:
        pw.abort()
        raise
    return {
        "pages": pw.pages,
        "path": str(out),
        "sheets": titles,
        "parcels": total,
        "index_pages": len(layout),
    }
