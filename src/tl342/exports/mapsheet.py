"""Parcel map sheet for commune meetings (trích lục style), as vector PDF or PNG.

Layout: title (project, commune, chainage range), date, map frame at 1:N with the VN-2000
grid, north arrow and scale bar, legend with counts, the table of parcels on the sheet
(continued on following pages when long) and the sign-off block. Qt is imported lazily:
importing this module stays Qt-free.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..core import fmt
from ..core.chainage import format_chainage
from ..core.errors import UserError
from ..core.model import Parcel
from ..core.snapshot import Snapshot
from .fonts import ensure_fonts
from .options import ExportOptions
from .words import date_line, say

if TYPE_CHECKING:  # pragma: no cover
    from shapely.geometry.base import BaseGeometry

PDF_DPI = 1200  # vector output; text and lines keep their size in points/mm
PAPER_MM = {"A4": (210.0, 297.0), "A3": (297.0, 420.0)}
NICE_SCALES = (
    200,
    250,
    500,
    1000,
    2000,
    2500,
    5000,
    10000,
    20000,
    25000,
    50000,
    100000,
    200000,
    250000,
    500000,
    1000000,
)
CORRIDOR_M = 60.0  # half-width shown around the centreline for a chainage range
MARGIN_MM = 10.0
SIDE_MM = 82.0  # right column (landscape)
GRID_MM = 5.0
TITLE_MM = 16.0  # room for grid labels around the map frame
TABLE_PT = 6.5
CRS_NOTE = "Hệ tọa độ VN-2000, kinh tuyến trục 107°45′, múi chiếu 3° (E = Y, N = X)"


# -- number formats (Vietnamese: 1.234.567 and 5.523,2) ----------------------------------------
def fmt_int(value: float) -> str:
    """``1234567 -> "1.234.567"``."""
    return fmt.integer(value)


def fmt_vnd(value: int) -> str:
    return fmt_int(value)


def fmt_area(m2: float, decimals: int = 1) -> str:
    """``5523.25 -> "5.523,3"`` (core.fmt: half-up on the exact decimal)."""
    return fmt.area(m2, decimals)


def ascii_name(text: str) -> str:
    """File-name-safe ASCII form: ``"Đạp Thanh" -> "Dap_Thanh"``."""
    t = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    t = "".join(c for c in t if not unicodedata.combining(c))
    return re.sub(r"[^A-Za-z0-9._-]+", "_", t).strip("_") or "xa"


def natural_key(p: Parcel) -> tuple:
    def k(s: str):
        return (0, int(s), "") if s.isdigit() else (1, 0, s)

    return (p.commune, k(p.sheet), k(p.number))


# -- page writer --------------------------------------------------------------------------------
class PageWriter:
    """A PDF (QPdfWriter, vector, many pages) or a PNG (QImage, one page) being painted."""

    def __init__(
        self,
        out: Path,
        paper: str = "A4",
        landscape: bool = True,
        dpi: int = 200,
        personal: bool = False,
        lang: str = "vi",
    ):
        """``personal``: every page says in its top margin that it holds personal data and
        is not for posting (outputs made without ``--public``); ``lang``: its words."""
        ensure_fonts()
        self.personal = personal
        self.lang = lang
        from PySide6.QtCore import QMarginsF, QSizeF
        from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter

        from ..render.sheet import Paper

        if paper.upper() not in PAPER_MM:
            raise UserError(f"paper {paper!r} is not supported; use A4 or A3")
        w_mm, h_mm = PAPER_MM[paper.upper()]
        if landscape:
            w_mm, h_mm = h_mm, w_mm
        self.out = Path(out)
        self.kind = self.out.suffix.lower()
        if self.kind not in (".pdf", ".png"):
            raise UserError(f"{self.out.name}: choose a .pdf or .png file for a map")
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.pages = 0
        if self.kind == ".pdf":
            self.device = QPdfWriter(str(self.out))
            self.device.setResolution(PDF_DPI)
            self.device.setPageSize(QPageSize(QSizeF(w_mm, h_mm), QPageSize.Unit.Millimeter))
            self.device.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
            self.device.setCreator("tl342")
            self.device.setTitle(self.out.stem)
            d = PDF_DPI
        else:
            d = int(dpi)
            px = (round(w_mm / 25.4 * d), round(h_mm / 25.4 * d))
            self.device = QImage(px[0], px[1], QImage.Format.Format_RGB32)
            self.device.setDotsPerMeterX(round(d / 0.0254))
            self.device.setDotsPerMeterY(round(d / 0.0254))
            self.device.fill(QColor("#ffffff"))
        self.paper = Paper(d, w_mm / 25.4 * d, h_mm / 25.4 * d)
        self.painter = QPainter(self.device)
        if not self.painter.isActive():
            raise UserError(f"cannot write {self.out} (is it open in another program?)")

    @property
    def multipage(self) -> bool:
        return self.kind == ".pdf"

    def new_page(self) -> bool:
        """Start a page (the first call starts the first one); False when the output holds
        no more pages (PNG)."""
        if self.pages and not self.multipage:
            return False
        if self.pages:
            self.device.newPage()
        self.pages += 1
        if self.personal:
            from .docform import draw_personal_note

            mm = self.paper.mm
            draw_personal_note(
                self.painter,
                mm(MARGIN_MM),
                mm(3),
                self.paper.width - mm(2 * MARGIN_MM),
                mm(1),
                self.lang,
            )
        return True

    def close(self) -> None:
        if self.painter.isActive():
            self.painter.end()
        if self.kind == ".png":
            if not self.device.save(str(self.out)):
                raise UserError(f"cannot write {self.out}")

    def abort(self) -> None:
        """Stop and delete the partial file."""
        if self.painter.isActive():
            self.painter.end()
        self.device = None
        self.out.unlink(missing_ok=True)


# -- extent -------------------------------------------------------------------------------------
@dataclass
class Extent:
    bounds: tuple[float, float, float, float]
    area: BaseGeometry | None  # parcels must intersect it (None: anything in the frame)
    commune: str | None
    range_text: str  # "Km a+b – Km c+d" or ""


def chainage_range_text(route, d0: float, d1: float) -> str:
    return f"{format_chainage(route.chainage_at(d0))} – {format_chainage(route.chainage_at(d1))}"


def sheet_extent(snapshot: Snapshot, opts: ExportOptions) -> Extent:
    """What the sheet shows: a commune, a chainage range or the whole route."""
    import shapely

    route = snapshot.route
    if opts.commune:
        geom = snapshot.communes.get(opts.commune)
        parcels = [
            p.geometry
            for p in snapshot.held_parcels()
            if p.commune == opts.commune and p.geometry is not None
        ]
        if geom is None and not parcels:
            known = ", ".join(snapshot.communes) or "none"
            raise UserError(f"no commune named {opts.commune!r} in this project (known: {known})")
        parts = list(parcels)
        text = ""
        if route is not None and geom is not None:
            on_road = route.line.intersection(geom)
            if not on_road.is_empty:
                parts.append(on_road)
                d0, d1 = route.distance_range_of(on_road)
                text = chainage_range_text(route, d0, d1)
        bounds = tuple(shapely.total_bounds(parts)) if parts else geom.bounds
        return Extent(bounds, geom, opts.commune, text)
    if opts.from_m is not None or opts.to_m is not None:
        if route is None:
            raise UserError("this project has no centreline, so a chainage range cannot be mapped")
        a = opts.from_m if opts.from_m is not None else route.start_chainage_m
        b = opts.to_m if opts.to_m is not None else route.end_chainage_m
        d0, d1 = range_distances(route, a, b)
        line = route.substring(d0, d1)
        area = line.buffer(CORRIDOR_M)
        return Extent(area.bounds, area, None, f"{format_chainage(a)} – {format_chainage(b)}")
    b = snapshot.bounds()
    if b is None:
        raise UserError("the project is empty: import a centreline or parcels first")
    text = chainage_range_text(route, 0.0, route.length_m) if route is not None else ""
    return Extent(b, None, None, text)


def range_distances(route, from_m: float | None, to_m: float | None) -> tuple[float, float]:
    """Distances along the line of a chainage range (``None``: the route's start / end);
    a chainage skipped by a station equation or an empty range is a :class:`UserError`."""
    a = from_m if from_m is not None else route.start_chainage_m
    b = to_m if to_m is not None else route.end_chainage_m
    if b <= a:
        raise UserError(f"chainage range {format_chainage(a)} – {format_chainage(b)} is empty")
    da, db = route.distances_at(a), route.distances_at(b)
    for ch, ds in ((a, da), (b, db)):
        if not ds:
            raise UserError(
                f"{format_chainage(ch)} is skipped by the station equation "
                f"{route.gap_containing(ch)}; pick a chainage on the road"
            )
    return da[0], db[-1]


def nice_scale(n: float) -> int:
    """The smallest usual map scale denominator at or above ``n``."""
    for s in NICE_SCALES:
        if s >= n * (1 - 1e-9):
            return s
    return int(math.ceil(n / 1e6) * 1e6)


def sheet_viewport(
    paper,
    frame,
    bounds,
    scale: int | None,
    rotation_deg: float = 0.0,
    centre: tuple[float, float] | None = None,
):
    """Viewport for a map frame: ``bounds`` fitted (rotated) and rounded to a usual scale,
    or at the fixed ``scale``. Returns (viewport, N)."""
    from ..render.viewport import Viewport

    vp = Viewport(0, 0, 1, frame.width(), frame.height(), rotation_deg)
    vp.fit(bounds, paper.mm(3))
    if centre is not None:
        vp.cx, vp.cy = centre
    n = scale or nice_scale(vp.scale_denominator(paper.dpi))
    vp.m_per_px = n * 0.0254 / paper.dpi
    return vp, n


# -- the sheet ----------------------------------------------------------------------------------
def table_columns(use_codes: bool, lang: str = "vi"):
    from PySide6.QtCore import Qt

    from ..render.sheet import Column

    right = Qt.AlignmentFlag.AlignRight
    return [
        Column(say("STT", lang, "col"), 0.65, right),
        Column(say("Tờ/Thửa", lang, "col"), 1.1),
        Column(say("Loại đất", lang, "col"), 1.1),
        Column(say("Thu hồi (m²)", lang, "col"), 1.5, right),
        Column(say("Mã hộ" if use_codes else "Chủ sử dụng", lang, "col"), 2.5),
    ]


def table_rows(snapshot: Snapshot, parcels: Sequence[Parcel], use_codes: bool) -> list[list[str]]:
    rows = []
    for k, p in enumerate(parcels, 1):
        code = p.household_code or ""
        hh = snapshot.households.get(code)
        who = code if use_codes else (hh.head_name if hh else p.owner_name)
        rows.append([str(k), p.label, p.land_use, fmt_area(p.recovered_area_m2), who])
    return rows


def sheet_counts(snapshot: Snapshot, parcels: Sequence[Parcel]) -> tuple[dict, dict]:
    """Households per status and donated/blocked marks among the households of ``parcels``."""
    from ..core.model import Flag

    codes = {p.household_code for p in parcels if p.household_code}
    counts: dict[str, int] = {}
    marks = {"donated": 0, "blocked": 0}
    for c in codes:
        st = snapshot.state_of(c)
        if st is None:
            continue
        counts[st.status.value] = counts.get(st.status.value, 0) + 1
        marks["donated"] += Flag.DONATED in st.flags
        marks["blocked"] += bool(st.flags & {Flag.COMPLAINT, Flag.ENFORCEMENT})
    return counts, marks


def signoff_roles(
    commune: str | None, communes: Sequence[str] = (), lang: str = "vi"
) -> list[str]:
    """Sign-off columns: the maker, the task force and the People's Committee of each
    commune on the sheet (``communes``, else ``commune``)."""
    names = list(communes) or ([commune] if commune else [])
    return [say("Người lập", lang), say("Tổ công tác GPMB", lang)] + (
        [say("UBND xã {commune}", lang, commune=c) for c in names]
        if names
        else [say("UBND xã", lang)]
    )


def draw_sheet(
    pw: PageWriter,
    snapshot: Snapshot,
    renderer,
    opts: ExportOptions,
    title_lines: Sequence[str],
    vp,
    scale_n: int,
    parcels: Sequence[Parcel],
    *,
    key_highlight: BaseGeometry | None = None,
    continue_table: bool = True,
    commune: str | None = None,
    communes: Sequence[str] = (),
    selection: Sequence[str] = (),
    cut_note: Callable[[Sequence[Parcel]], str] | None = None,
) -> int:
    """Draw one map sheet (and continuation pages "Trang i/N" for a long table when
    ``continue_table`` and the output has pages) on the writer's current page. Without
    continuation the table ends with ``cut_note(parcels left out)``. ``communes``: the
    communes whose People's Committee signs (default: ``commune``). Returns the pages used."""
    from PySide6.QtCore import QPointF, QRectF

    from ..render import decorations, sheet
    from ..render.labels import LabelIndex
    from ..render.map_renderer import RenderOptions

    painter, paper = pw.painter, pw.paper
    unit = paper.unit
    mm = paper.mm
    landscape = paper.width > paper.height
    left, top = mm(MARGIN_MM), mm(MARGIN_MM)
    right, bottom = paper.width - mm(MARGIN_MM), paper.height - mm(MARGIN_MM)

    # title
    h = sheet.text_block(
        painter, QRectF(left, top, right - left, mm(20)), title_lines[0], 13, True, _centre()
    )
    for line in title_lines[1:]:
        h += sheet.text_block(
            painter, QRectF(left, top + h, right - left, mm(10)), line, 9.5, False, _centre()
        )
    # one index of every box printed on the page: the map's labels (drawn last) avoid them
    index = LabelIndex(mm(10))
    index.add(QRectF(left, top, right - left, h))
    body_top = mm(MARGIN_MM + TITLE_MM)
    frame = sheet_frame(paper)
    ropts = RenderOptions(
        selection=selection, lang=opts.lang, use_codes=opts.use_codes, print_mode=True, unit=unit
    )

    # side panel: north arrow, scale, key map, legend; then table and sign-off
    if landscape:
        col = QRectF(frame.right() + mm(GRID_MM + 3), body_top, 0, bottom - body_top)
        col.setRight(right)
        col_a = col
    else:
        below = frame.bottom() + mm(GRID_MM + 2)
        col_a = QRectF(left, below, mm(68), bottom - below)
        col = QRectF(col_a.right() + mm(5), below, right - col_a.right() - mm(5), bottom - below)
    y = col_a.top()
    arrow = decorations.draw_north_arrow(
        painter, vp, QPointF(col_a.left() + mm(7), y + mm(8)), mm(12), unit
    )
    index.add(arrow)
    caption = say("Tỷ lệ 1:{n}", opts.lang, n=fmt_int(scale_n))
    bar_x = max(col_a.left() + mm(18), arrow.right() + mm(2))  # its "0" clear of the "N"
    used = decorations.draw_scale_bar(
        painter,
        vp,
        QPointF(bar_x, y + mm(14)),
        min(col_a.right() - bar_x - mm(4), mm(55)),
        unit,
        caption,
    )
    index.add(used)
    y += mm(18)
    index.add(QRectF(col_a.left(), y, col_a.width(), mm(5)))
    sheet.text_block(
        painter,
        QRectF(col_a.left(), y, col_a.width(), mm(8)),
        say(CRS_NOTE, opts.lang),
        6,
    )
    y += mm(5)
    if key_highlight is not None:
        key = QRectF(col_a.left(), y, col_a.width(), mm(30))
        sheet.draw_key_map(painter, key, renderer, key_highlight, unit)
        index.add(key)
        y += mm(32)
    counts, marks = sheet_counts(snapshot, parcels)
    legend_top = y
    y += decorations.draw_legend(
        painter,
        QPointF(col_a.left(), y),
        col_a.width(),
        counts,
        opts.lang,
        unit,
        marks=marks,
        only_nonzero=True,
    ) + mm(2)
    index.add(QRectF(col_a.left(), legend_top, col_a.width(), y - legend_top))
    signoff_h = mm(26)
    if landscape:
        table_rect = QRectF(col.left(), y, col.width(), bottom - signoff_h - y - mm(2))
    else:
        table_rect = QRectF(col.left(), col.top(), col.width(), col.height() - signoff_h - mm(2))
    sheet.draw_signoff(
        painter,
        QRectF(col.left(), bottom - signoff_h, col.width(), signoff_h),
        signoff_roles(commune, communes, opts.lang),
        note=say("(Ký, ghi rõ họ tên)", opts.lang),
        unit=unit,
    )
    date_text = date_line(opts.date, opts.lang)
    date_text = date_text[:1].upper() + date_text[1:]
    sheet.text_block(
        painter,
        QRectF(col.left(), bottom - signoff_h - mm(5), col.width(), mm(5)),
        date_text,
        7,
        False,
        _right(),
    )
    table_rect.setBottom(table_rect.bottom() - mm(5))
    index.add(QRectF(col.left(), bottom - signoff_h - mm(5), col.width(), signoff_h + mm(5)))
    index.add(table_rect)
    sheet.draw_map_frame(painter, frame, renderer, vp, ropts, unit, labels=index)

    columns = table_columns(opts.use_codes, opts.lang)
    rows = table_rows(snapshot, parcels, opts.use_codes)
    total = fmt_area(fmt.total(p.recovered_area_m2 for p in parcels))
    hdr = say("Danh sách thửa đất ({n} thửa, thu hồi {m2} m²)", opts.lang, n=len(parcels), m2=total)
    hh = sheet.text_block(painter, table_rect, hdr, 7.5, True)
    if not (continue_table and pw.multipage):
        fits = sheet.table_capacity(painter, table_rect.height() - hh - mm(1), TABLE_PT)
        if len(rows) > fits:  # a line for the cut-off note, clear of the date below
            table_rect.setBottom(table_rect.bottom() - mm(2.5))
    drawn = sheet.draw_table(
        painter, table_rect.adjusted(0, hh + mm(1), 0, 0), columns, rows, TABLE_PT, unit
    )
    rest = rows[drawn:]
    continue_table = continue_table and pw.multipage
    if rest and not continue_table:
        if cut_note is not None:
            note = cut_note(parcels[drawn:])
        elif pw.multipage:
            note = say("… còn {n} thửa: xem danh sách đầy đủ", opts.lang, n=len(rest))
        else:
            note = say("… còn {n} thửa: xuất PDF để có danh sách đầy đủ", opts.lang, n=len(rest))
        sheet.text_block(
            painter,
            QRectF(table_rect.left(), table_rect.bottom(), table_rect.width(), mm(4)),
            note,
            6.5,
        )
    if not rest or not continue_table:
        return 1
    heading = f"{title_lines[0]} — " + say("Danh sách thửa đất (tiếp theo)", opts.lang)
    # two tables side by side: a full-width one spreads five short columns over 277 mm
    gap = mm(8)
    half = (right - left - gap) / 2
    y0 = top + sheet.text_height(
        painter, QRectF(left, top, right - left, mm(10)), heading, 10, True
    )
    y0 += sheet.text_height(painter, QRectF(left, y0, right - left, mm(8)), title_lines[1], 8)
    per_page = 2 * sheet.table_capacity(painter, bottom - y0 - mm(2), 8)
    if per_page == 0:
        return 1
    pages = 1 + math.ceil(len(rest) / per_page)
    draw_page_number(pw, 1, pages)
    for i in range(2, pages + 1):
        pw.new_page()
        h = sheet.text_block(painter, QRectF(left, top, right - left, mm(10)), heading, 10, True)
        sheet.text_block(painter, QRectF(left, top + h, right - left, mm(8)), title_lines[1], 8)
        for k in range(2):
            if not rest:
                break
            n = sheet.draw_table(
                painter,
                QRectF(left + k * (half + gap), y0 + mm(2), half, bottom - y0 - mm(2)),
                columns,
                rest,
                8,
                unit,
            )
            rest = rest[n:]
        draw_page_number(pw, i, pages)
    return pages


def draw_page_number(pw: PageWriter, i: int, n: int) -> None:
    """ "Trang i/N" centred in the bottom margin of the writer's current page."""
    from PySide6.QtCore import QRectF

    from ..render import sheet

    paper = pw.paper
    rect = QRectF(0, paper.height - paper.mm(MARGIN_MM - 1.5), paper.width, paper.mm(5))
    sheet.text_block(
        pw.painter, rect, say("Trang {i}/{n}", pw.lang, i=i, n=n), 7.5, False, _centre()
    )


def map_frame_rect(paper, body_top: float):
    from PySide6.QtCore import QRectF

    mm = paper.mm
    left = mm(MARGIN_MM + GRID_MM)
    bottom = paper.height - mm(MARGIN_MM + GRID_MM)
    if paper.width > paper.height:
        right = paper.width - mm(MARGIN_MM + SIDE_MM + GRID_MM + 3)
    else:
        right = paper.width - mm(MARGIN_MM + GRID_MM)
        bottom = body_top + mm(GRID_MM) + (paper.height - body_top) * 0.58
    return QRectF(left, body_top + mm(GRID_MM), right - left, bottom - body_top - mm(GRID_MM))


def sheet_frame(paper):
    """Device rectangle of the map frame on a sheet page."""
    return map_frame_rect(paper, paper.mm(MARGIN_MM + TITLE_MM))


def _centre():
    from PySide6.QtCore import Qt

    return Qt.AlignmentFlag.AlignHCenter


def _right():
    from PySide6.QtCore import Qt

    return Qt.AlignmentFlag.AlignRight


def parcels_on_sheet(renderer, vp, area: BaseGeometry | None, commune: str | None) -> list[Parcel]:
    """Held parcels inside the map frame (and the extent's area/commune), in sheet order."""
    from shapely.geometry import Polygon

    view = Polygon(vp.world_corners())
    out = [p for p in renderer.parcels_in(view) if p.household_code]
    if commune:
        out = [p for p in out if p.commune == commune]
    elif area is not None:
        out = [p for p in out if p.geometry.intersects(area)]
    return sorted(out, key=natural_key)


def title_lines(
    snapshot: Snapshot, heading: str, commune: str | None, range_text: str, opts: ExportOptions
) -> list[str]:
    project = snapshot.name or say("Dự án nâng cấp ĐT342", opts.lang)
    second = project + (say(" — Xã {commune}", opts.lang, commune=commune) if commune else "")
    if range_text:
        second += f" — {range_text}"
    return [heading, second]


__all__ = ["ascii_name", "fmt_area", "fmt_int", "fmt_vnd"]
