"""Commune meeting pack (hồ sơ họp dân): one PDF per commune with an overview map, the atlas
sheets of the commune, one sheet per household and a campaign progress page.

With ``opts.public`` nothing private (CCCD, phone, birth year, bank account) is printed and
maps show household codes instead of names.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from ..core.errors import UserError
from ..core.handover import states_as_of
from ..core.landuse import land_use_name
from ..core.model import Flag, Status
from ..core.progress import CancelToken, Progress, report
from ..core.snapshot import Snapshot
from . import docform
from .atlas import stretches
from .household_map import POINTS_TITLE, draw_household_map, draw_point_table
from .mapsheet import (
    MARGIN_MM,
    PageWriter,
    ascii_name,
    draw_sheet,
    fmt_area,
    fmt_vnd,
    natural_key,
    parcels_on_sheet,
    sheet_extent,
    sheet_frame,
    sheet_viewport,
    title_lines,
)
from .options import ExportKind, ExportOptions, default_file_name
from .stretch import draw_stretch, parcel_ranges
from .words import say

SIGN_ROW_MM = (12.0, 16.0)  # height of a signature row: at least room to sign, at most


def _communes(snapshot: Snapshot, opts: ExportOptions) -> list[str]:
    if opts.commune:
        return [opts.commune]
    names = {p.commune for p in snapshot.held_parcels() if p.commune}
    return sorted(names)


def _households(snapshot: Snapshot, commune: str) -> list[str]:
    return sorted(c for c in snapshot.households if snapshot.household_commune(c) == commune)


def export_pack(
    snapshot: Snapshot,
    out_dir: Path | str,
    opts: ExportOptions | None = None,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> dict[str, Any]:
    """Write ``<out_dir>/<commune>.pdf`` per commune (ASCII file names).

    Returns ``{"files": [paths], "pages": n, "households": n}``. Cancelling deletes every
    file written by this call.
    """
    opts = opts or ExportOptions()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    communes = _communes(snapshot, opts)
    if not communes:
        raise UserError("no household holds a parcel: nothing to put in a meeting pack")
    plan = [_plan(snapshot, opts, c) for c in communes]
    total = sum(_steps(parts, codes) for _, parts, codes in plan)
    paths = [out_dir / _file_name(opts, c) for c in communes]
    jobs = pack_jobs(opts, len(communes))
    try:
        if jobs > 1:
            from .packjobs import write_parallel

            sizes = [_steps(parts, codes) for _, parts, codes in plan]
            done = write_parallel(
                snapshot,
                opts,
                communes,
                paths,
                sizes,
                jobs,
                total,
                write_commune,
                progress=progress,
                cancel=cancel,
            )
        else:
            done = _write_in_process(snapshot, opts, plan, paths, total, progress, cancel)
    except BaseException:
        for p in paths:
            if p.is_file():
                p.unlink()
        raise
    return {
        "files": [str(p) for p in paths],
        "pages": sum(pages for pages, _ in done),
        "households": sum(n for _, n in done),
        "processes": jobs,
    }


def pack_jobs(opts: ExportOptions, communes: int) -> int:
    """How many processes write the pack: ``opts.jobs`` (default one per commune, at most one
    per CPU), never more than the communes."""
    if communes < 2:
        return 1
    jobs = opts.jobs if opts.jobs else min(communes, cpu_count())
    return max(1, min(jobs, communes))


def cpu_count() -> int:
    """The CPUs this process may run on."""
    import os

    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _file_name(opts: ExportOptions, commune: str) -> str:
    return default_file_name(ExportKind.MAP, opts.public, ascii_name(commune))


def _plan(snapshot: Snapshot, opts: ExportOptions, commune: str):
    """(the commune's options, its atlas stretches, its households)."""
    copts = replace(opts, commune=commune, from_m=None, to_m=None)
    parts = stretches(snapshot, copts) if snapshot.route is not None else []
    return copts, parts, _households(snapshot, commune)


def _steps(parts, codes) -> int:
    """Progress steps of one commune: cover + overview, sheets, households, progress page."""
    return 3 + len(parts) + len(codes)


def _write_in_process(snapshot, opts, plan, paths, total, progress, cancel):
    from ..render.map_renderer import MapRenderer

    renderer, ranges = MapRenderer(snapshot), parcel_ranges(snapshot)
    done = 0

    def step(message: str, n: int = 1) -> None:
        nonlocal done
        done += n
        report(progress, done, total, message)

    return [
        write_commune(snapshot, renderer, ranges, opts, c, path, step, lambda: _check(cancel))
        for (c, path) in zip((copts.commune for copts, _, _ in plan), paths, strict=True)
    ]


def write_commune(snapshot, renderer, ranges, opts, commune, path, step, check):
    """Write one commune's PDF at ``path``; ``step(message, n)`` after each part, ``check()``
    before each page (raises to stop). Returns (pages, households)."""
    copts, parts, codes = _plan(snapshot, opts, commune)
    pw = PageWriter(path, opts.paper, opts.landscape, opts.dpi, opts.personal, opts.lang)
    try:
        pw.new_page()
        draw_cover(pw, snapshot, copts, commune, len(parts), len(codes))
        # overview
        pw.new_page()
        ext = sheet_extent(snapshot, copts)
        vp, n = sheet_viewport(pw.paper, sheet_frame(pw.paper), ext.bounds, None)
        parcels = parcels_on_sheet(renderer, vp, ext.area, commune)
        lines = title_lines(
            snapshot,
            say("SƠ ĐỒ TỔNG THỂ THỬA ĐẤT THU HỒI", opts.lang),
            commune,
            ext.range_text,
            copts,
        )
        draw_sheet(pw, snapshot, renderer, copts, lines, vp, n, parcels, commune=commune)
        step(f"{commune}: overview")
        for k, (d0, d1) in enumerate(parts, 1):
            check()
            pw.new_page()
            draw_stretch(
                pw,
                snapshot,
                renderer,
                copts,
                d0,
                d1,
                ranges,
                k,
                len(parts),
                cut_note=lambda rest: _overview_note(rest, opts.lang),
            )
            step(f"{commune}: sheet {k}/{len(parts)}")
        for code in codes:
            check()
            pw.new_page()
            draw_household(pw, snapshot, renderer, copts, code)
            step(f"{commune}: {code}")
        pw.new_page()
        draw_campaign(pw, snapshot, copts, commune)
        step(f"{commune}: progress", 2)  # the cover counts here
        pw.close()
    except BaseException:
        pw.abort()
        raise
    return pw.pages, len(codes)


def _overview_note(rest, lang: str = "vi") -> str:
    return say("… còn {n} thửa: xem danh sách ở sơ đồ tổng thể đầu tập", lang, n=len(rest))


def _check(cancel: CancelToken | None) -> None:
    if cancel is not None:
        cancel.raise_if_cancelled()


def draw_household(
    pw: PageWriter, snapshot: Snapshot, renderer, opts: ExportOptions, code: str
) -> None:
    """One household sheet: map of its parcels, recovered area by land type, amounts (VND),
    signature table. Private fields only when ``not opts.public``."""
    from PySide6.QtCore import QRectF, Qt

    from ..render import sheet, style
    from ..render.sheet import Column

    painter, paper = pw.painter, pw.paper
    mm, unit = paper.mm, paper.unit
    hh = snapshot.households[code]
    state = snapshot.state_of(code)
    parcels = sorted(snapshot.parcels_of(code), key=natural_key)
    left, top = mm(MARGIN_MM), mm(MARGIN_MM)
    right, bottom = paper.width - mm(MARGIN_MM), paper.height - mm(MARGIN_MM)
    width = right - left
    commune = snapshot.household_commune(code)
    lang = opts.lang
    blocks = [
        docform.household_block(hh.head_name, lang),
        docform.taskforce_block(opts.settings, lang),
        docform.commune_block(opts.settings, commune, lang),
    ]
    sign_h = docform.signoff_height(painter, width, mm(1), blocks)
    docform.draw_signoffs(painter, left, bottom - sign_h, width, mm(1), blocks)
    bottom -= sign_h + mm(2)
    top += docform.draw_heading(
        painter, left, top, width, mm(1), docform.heading(opts.settings, opts.date, lang)
    )
    y = top + sheet.text_block(
        painter,
        QRectF(left, top, width, mm(10)),
        say("PHIẾU THÔNG TIN HỘ CÓ ĐẤT BỊ THU HỒI", lang),
        13,
        True,
        Qt.AlignmentFlag.AlignHCenter,
    )
    place = ", ".join(
        x
        for x in (
            say("thôn {village}", lang, village=hh.village) if hh.village else "",
            say("xã {commune}", lang, commune=snapshot.household_commune(code)),
        )
        if x
    )
    head = say(
        "Mã hộ: {code} — Chủ hộ: {name} — {place}", lang, code=code, name=hh.head_name, place=place
    )
    y += sheet.text_block(
        painter, QRectF(left, y, width, mm(8)), head, 9.5, False, Qt.AlignmentFlag.AlignHCenter
    ) + mm(3)

    # map of the household's parcels at a stated scale, VN-2000 grid, the recovered part's
    # boundary points numbered on it and listed below (codes on maps in the public profile)
    landscape = paper.width > paper.height
    map_w = width * (0.52 if landscape else 1.0)
    map_h = (bottom - y) * (0.62 if landscape else 0.32)
    frame = QRectF(left, y, map_w, map_h)
    _scale, points = draw_household_map(pw, renderer, opts, code, parcels, frame)
    pts_rect = QRectF(left, frame.bottom() + mm(2), map_w, mm(38) if not landscape else 0)
    if landscape:
        pts_rect.setBottom(bottom)
    listed = draw_point_table(pw, pts_rect, points)
    if not landscape:
        frame = QRectF(left, y, map_w, map_h + mm(40))
    if landscape:
        col = QRectF(frame.right() + mm(6), y, right - frame.right() - mm(6), bottom - y)
    else:
        col = QRectF(left, frame.bottom() + mm(4), width, bottom - frame.bottom() - mm(4))
    cy = col.top()
    status = style.status_label(state.status, opts.lang) if state else "—"
    flags = []
    if state and Flag.DONATED in state.flags:
        flags.append(say("tự nguyện hiến đất/cây", lang))
    if state and Flag.COMPLAINT in state.flags:
        flags.append(say("có khiếu nại", lang))
    if state and Flag.ENFORCEMENT in state.flags:
        flags.append(say("cưỡng chế", lang))
    info = say("Trạng thái: {status}", lang, status=status)
    info += f" ({', '.join(flags)})" if flags else ""
    if not opts.public:
        private = [
            ("CCCD", hh.id_card),
            ("Điện thoại", hh.phone),
            ("Năm sinh", hh.birth_year),
            ("Tài khoản", hh.bank_account),
        ]
        extra = "; ".join(f"{say(k, lang)}: {v}" for k, v in private if v)
        if extra:
            info += "\n" + extra
    cy += sheet.text_block(painter, QRectF(col.left(), cy, col.width(), mm(12)), info, 8) + mm(2)

    right_al = Qt.AlignmentFlag.AlignRight
    # parcels and recovered area by land type
    rows = [
        [p.label, p.land_use, fmt_area(p.area_m2), fmt_area(p.recovered_area_m2)] for p in parcels
    ]
    cols = [
        Column(say("Tờ/Thửa", lang, "col"), 1),
        Column(say("Loại đất", lang, "col"), 1),
        Column(say("Diện tích (m²)", lang, "col"), 1.3, right_al),
        Column(say("Thu hồi (m²)", lang, "col"), 1.3, right_al),
    ]
    rh = sheet.row_height(painter, 7)
    n = sheet.draw_table(
        painter, QRectF(col.left(), cy, col.width(), rh * (len(rows) + 1.2)), cols, rows, 7, unit
    )
    cy += rh * (n + 1) + mm(3)
    by_type: dict[str, float] = {}
    for p in parcels:
        by_type[p.land_use] = by_type.get(p.land_use, 0.0) + p.recovered_area_m2
    rows = [[c, land_use_name(c, opts.lang), fmt_area(a)] for c, a in sorted(by_type.items())]
    rows.append(["", say("Cộng", lang), fmt_area(sum(by_type.values()))])
    cols = [
        Column(say("Mã", lang, "col"), 0.7),
        Column(say("Loại đất", lang), 2.4),
        Column(say("Thu hồi (m²)", lang, "col"), 1.2, right_al),
    ]
    n = sheet.draw_table(
        painter, QRectF(col.left(), cy, col.width(), rh * (len(rows) + 1.2)), cols, rows, 7, unit
    )
    cy += rh * (n + 1) + mm(3)
    money = [
        [say("Bồi thường", lang), fmt_vnd(hh.compensation_vnd)],
        [say("Hỗ trợ", lang), fmt_vnd(hh.support_vnd)],
        [say("Tổng cộng", lang), fmt_vnd(hh.total_vnd)],
        [say("Đã chi trả", lang), fmt_vnd(hh.paid_vnd)],
    ]
    if hh.donated_value_vnd:
        money.append([say("Giá trị tự nguyện hiến", lang), fmt_vnd(hh.donated_value_vnd)])
    cols = [Column(say("Khoản", lang), 2), Column(say("Số tiền (đồng)", lang), 1.6, right_al)]
    n = sheet.draw_table(
        painter, QRectF(col.left(), cy, col.width(), rh * (len(money) + 1.2)), cols, money, 7, unit
    )
    cy += rh * (n + 1) + mm(4)
    rest = points[listed:]
    more = say(POINTS_TITLE, lang) + say(" — hộ {code} (tiếp theo)", lang, code=code)
    if rest:  # first in the room left under the tables, on the page the household signs
        room = QRectF(col.left(), cy, col.width(), bottom - cy)
        rest = rest[draw_point_table(pw, room, rest, more) :]
    while rest and pw.multipage:  # the boundary points that still did not fit: next pages
        pw.new_page()
        n = draw_point_table(pw, QRectF(left, top, width, bottom - top), rest, more)
        if n == 0:
            break
        rest = rest[n:]


def draw_cover(
    pw: PageWriter, snapshot: Snapshot, opts: ExportOptions, commune: str, sheets: int, n_hh: int
) -> None:
    """The pack's cover: Decree 30 heading, title, what the pack holds, the sign-off of the
    task force and the commune's confirmation."""
    from PySide6.QtCore import QRectF, Qt

    from ..render import sheet

    painter, paper = pw.painter, pw.paper
    mm = paper.mm
    left, top = mm(MARGIN_MM), mm(MARGIN_MM + 2)
    width = paper.width - 2 * left
    lang = opts.lang
    y = top + docform.draw_heading(
        painter, left, top, width, mm(1), docform.heading(opts.settings, opts.date, lang)
    )
    y += mm(12)
    centre = Qt.AlignmentFlag.AlignHCenter
    y += sheet.text_block(
        painter, QRectF(left, y, width, mm(12)), say("HỒ SƠ HỌP DÂN", lang), 20, True, centre
    )
    y += sheet.text_block(
        painter,
        QRectF(left, y, width, mm(10)),
        say("về bồi thường, hỗ trợ, tái định cư và giải phóng mặt bằng", lang),
        12,
        False,
        centre,
    ) + mm(4)
    project = snapshot.name or say("Dự án nâng cấp ĐT342", lang)
    y += sheet.text_block(painter, QRectF(left, y, width, mm(10)), project, 12, True, centre)
    y += sheet.text_block(
        painter,
        QRectF(left, y, width, mm(10)),
        say("Xã {commune}", lang, commune=commune),
        14,
        True,
        centre,
    ) + mm(10)
    parts = [
        say("1. Sơ đồ tổng thể thửa đất thu hồi của xã", lang),
        say("2. Sơ đồ dọc tuyến: {n} tờ", lang, n=sheets),
        say("3. Phiếu thông tin hộ có đất bị thu hồi: {n} hộ", lang, n=n_hh),
        say("4. Tiến độ giải phóng mặt bằng của xã", lang),
    ]
    box = QRectF(left + width * 0.25, y, width * 0.5, mm(40))
    y += sheet.text_block(painter, box, say("Hồ sơ gồm:", lang) + "\n" + "\n".join(parts), 11)
    y += mm(12)
    blocks = [
        docform.taskforce_block(opts.settings, lang),
        docform.commune_block(opts.settings, commune, lang),
    ]
    docform.draw_signoffs(painter, left + width * 0.1, y, width * 0.8, mm(1), blocks)


def draw_campaign(pw: PageWriter, snapshot: Snapshot, opts: ExportOptions, commune: str) -> None:
    """Campaign progress for the commune: day N of the campaign, households per status,
    handed-over households and hectares (kept simple: the dashboard is elsewhere)."""
    from PySide6.QtCore import QRectF, Qt

    from ..render import sheet, style
    from ..render.sheet import Column

    painter, paper = pw.painter, pw.paper
    mm, unit = paper.mm, paper.unit
    left, top = mm(MARGIN_MM), mm(MARGIN_MM)
    width = paper.width - 2 * left
    lang = opts.lang
    y = top + sheet.text_block(
        painter,
        QRectF(left, top, width, mm(10)),
        say("TIẾN ĐỘ GIẢI PHÓNG MẶT BẰNG — XÃ {commune}", lang, commune=commune.upper()),
        13,
        True,
        Qt.AlignmentFlag.AlignHCenter,
    )
    when = say("Đến ngày {day}", lang, day=f"{opts.date:%d/%m/%Y}")
    camp = snapshot.campaign
    if camp is not None and getattr(camp, "start", None) is not None:
        day = (opts.date - camp.start).days + 1
        length = int(getattr(camp, "length_days", 30) or 30)
        name = getattr(camp, "name", "") or say("Chiến dịch", lang)
        if day < 1:
            when += say(" — {name}: còn {n} ngày nữa bắt đầu", lang, name=name, n=1 - day)
        elif day > length:  # never "ngày thứ 1477/30"
            end = camp.start + timedelta(days=length - 1)
            when += say(
                " — {name}: đã kết thúc ngày {end} ({n} ngày)",
                lang,
                name=name,
                end=f"{end:%d/%m/%Y}",
                n=length,
            )
        else:
            when += say(" — {name}: ngày thứ {day}/{n}", lang, name=name, day=day, n=length)
            target = getattr(camp, "target_day", None)
            if target:
                when += say(" (phấn đấu hoàn thành trong {n} ngày)", lang, n=target)
    if opts.as_of_note:
        when += f"\n({opts.as_of_note})"
    y += sheet.text_block(
        painter, QRectF(left, y, width, mm(12)), when, 10, False, Qt.AlignmentFlag.AlignHCenter
    ) + mm(5)
    codes = _households(snapshot, commune)
    states = states_as_of(snapshot, opts.date)  # as of the page's date, as dashboard and report
    by_status = {s: 0 for s in Status}
    area_total = area_done = 0.0
    donated = blocked = 0
    for c in codes:
        st = states.get(c)
        a = snapshot.recovered_area_of(c)
        area_total += a
        if st is None:
            by_status[Status.PENDING] += 1
            continue
        by_status[st.status] += 1
        if st.status == Status.HANDED_OVER:
            area_done += a
        donated += Flag.DONATED in st.flags
        blocked += bool(st.flags & style.BLOCKING_FLAGS)
    done = by_status[Status.HANDED_OVER]
    pct = 100.0 * done / len(codes) if codes else 0.0
    summary = say(
        "Đã bàn giao mặt bằng: {done}/{n} hộ ({pct}%), {ha_done}/{ha} ha. "
        "Tự nguyện hiến: {donated} hộ. Vướng mắc (khiếu nại, cưỡng chế): {blocked} hộ.",
        lang,
        done=done,
        n=len(codes),
        pct=fmt_area(pct, 0),
        ha_done=fmt_area(area_done / 1e4, 2),
        ha=fmt_area(area_total / 1e4, 2),
        donated=donated,
        blocked=blocked,
    )
    y += sheet.text_block(painter, QRectF(left, y, width, mm(14)), summary, 10) + mm(4)
    # progress bar
    bar = QRectF(left, y, width * 0.6, mm(6))
    painter.save()
    painter.setPen(style.pen("#000000", 0.8, unit))
    painter.setBrush(style.status_color(None))
    painter.drawRect(bar)
    painter.setBrush(style.status_color(Status.HANDED_OVER))
    painter.drawRect(QRectF(bar.left(), bar.top(), bar.width() * pct / 100.0, bar.height()))
    painter.restore()
    y += mm(10)
    rows = [
        [
            style.status_label(s, opts.lang),
            str(by_status[s]),
            fmt_area(100.0 * by_status[s] / len(codes) if codes else 0.0, 0) + "%",
        ]
        for s in Status
    ]
    rows.append([say("Tổng số hộ", lang), str(len(codes)), "100%"])
    cols = [
        Column(say("Bước", lang, "col"), 3),
        Column(say("Số hộ", lang, "col"), 1, Qt.AlignmentFlag.AlignRight),
        Column(say("Tỷ lệ", lang, "col"), 1, Qt.AlignmentFlag.AlignRight),
    ]
    rh = sheet.row_height(painter, 8)
    sheet.draw_table(
        painter, QRectF(left, y, width * 0.6, rh * (len(rows) + 1.5)), cols, rows, 8, unit
    )


__all__ = ["export_pack"]
