"""Shared pieces of the non-map exports: status palette and labels (from
:mod:`tl342.render.palette`), Excel styling helpers and a
paginated PDF table (QPainter on QPdfWriter) with repeated headers and "Trang i/N".

Qt is imported only inside the PDF functions.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..core.model import Status
from ..render import palette

# ---------------------------------------------------------------------------------------------
# status palette and labels: render/palette.py (Qt-free) owns them, re-exported here

UNHELD_LABEL_VI = palette.mark_label("unheld", "vi")
DONATED_HEX = palette.DONATED_HEX
BLOCKED_HEX = palette.BLOCKED_HEX
BOUNDARY_HEX = palette.BOUNDARY_HEX
ROUTE_HEX = palette.ROUTE_HEX
COMMUNE_HEX = palette.COMMUNE_HEX


def status_palette() -> tuple[dict[Status, str], str]:
    """(status -> "#rrggbb", colour of parcels nobody holds), from ``render.palette``."""
    return dict(palette.STATUS_HEX), palette.UNHELD_HEX


def status_labels(lang: str = "vi") -> dict[Status, str]:
    """Short status labels for legends and attribute tables ("Đã chi trả", ...)."""
    return {s: palette.status_label(s, lang) for s in Status}


def fmt_date(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def fmt_int(n: int) -> str:
    """Vietnamese thousands: ``1234567 -> "1.234.567"``."""
    s = f"{int(n):,}".replace(",", ".")
    return s


def fmt_dec(x: float, decimals: int = 1) -> str:
    """Vietnamese decimals: ``5523.25 -> "5.523,3"`` (half-up on the decimal value)."""
    from decimal import ROUND_HALF_UP, Decimal

    q = Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    whole, _, frac = f"{q:,.{decimals}f}".partition(".")
    whole = whole.replace(",", ".")
    return f"{whole},{frac}" if decimals else whole


# ---------------------------------------------------------------------------------------------
# Excel helpers


def xl_styles():
    """Common openpyxl styles (thin border, fonts, alignments)."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="000000")
    return {
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
        "title": Font(name="Times New Roman", size=14, bold=True),
        "subtitle": Font(name="Times New Roman", size=12, bold=True),
        "info": Font(name="Times New Roman", size=11),
        "head": Font(name="Times New Roman", size=11, bold=True),
        "body": Font(name="Times New Roman", size=11),
        "bold": Font(name="Times New Roman", size=11, bold=True),
        "italic": Font(name="Times New Roman", size=11, italic=True),
        "center": Alignment(horizontal="center", vertical="center", wrap_text=True),
        "left": Alignment(horizontal="left", vertical="center", wrap_text=True),
        "right": Alignment(horizontal="right", vertical="center"),
        "head_fill": PatternFill("solid", fgColor="E8E8E8"),
        "total_fill": PatternFill("solid", fgColor="F2F2F2"),
    }


def xl_title(ws, row: int, text: str, ncols: int, font, align="center", height=None) -> None:
    from openpyxl.styles import Alignment

    ws.cell(row=row, column=1, value=text).font = font
    ws.cell(row=row, column=1).alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
    if height:
        ws.row_dimensions[row].height = height


def xl_page_setup(ws, header_rows: str, landscape: bool = True, paper: str = "A4") -> None:
    """Landscape A4, fit to one page wide, header rows repeated on each printed page."""
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A3 if paper.upper() == "A3" else ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = header_rows
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.oddFooter.center.text = "Trang &P/&N"


def sheet_title(name: str, used: set[str]) -> str:
    """A valid, unique Excel sheet title (≤ 31 chars, no []:*?/\\)."""
    bad = '[]:*?/\\'
    base = "".join("-" if c in bad else c for c in name).strip() or "Sheet"
    base = base[:31]
    title, n = base, 2
    while title.lower() in {u.lower() for u in used}:
        suffix = f" ({n})"
        title = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(title)
    return title


# ---------------------------------------------------------------------------------------------
# PDF table


@dataclass
class HeaderCell:
    text: str
    colspan: int = 1
    rowspan: int = 1


@dataclass
class Block:
    """Rows kept together where possible; ``merged`` columns show one cell over all rows."""

    rows: list[list[str]]
    merged: frozenset[int] = frozenset()
    bold: bool = False
    span_all: bool = False  # a section heading: the first cell across the whole width
    fill: str | None = None


@dataclass
class PdfTable:
    title: list[str]
    info: list[str]
    header: list[list[HeaderCell]]
    widths: list[float]  # relative column widths
    align: str  # one of l/c/r per column
    blocks: list[Block]
    footer: list[str] = field(default_factory=list)  # sign-off lines after the table (right)
    notes: list[str] = field(default_factory=list)  # notes after the table (left)
    font_pt: float = 8.5


_FONTS_READY = False


def ensure_qt(need_fonts: bool = True):
    """A QGuiApplication (offscreen when there is no display) and DejaVu Sans loaded."""
    global _FONTS_READY
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QFontDatabase, QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication([])
    if need_fonts and not _FONTS_READY:
        try:
            from . import fonts  # colleague's module: ships/loads DejaVu for Qt

            for name in ("ensure_fonts", "ensure", "load_fonts"):
                fn = getattr(fonts, name, None)
                if callable(fn):
                    fn()
                    break
        except ImportError:
            pass
        if "DejaVu Sans" not in QFontDatabase.families():
            for d in ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu"):
                for f in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
                    if Path(d, f).is_file():
                        QFontDatabase.addApplicationFont(str(Path(d, f)))
        _FONTS_READY = True
    return app


def write_pdf_tables(
    out: Path,
    tables: Sequence[PdfTable],
    *,
    landscape: bool = True,
    paper: str = "A4",
    title: str = "",
    cancel=None,
    progress: Callable[[int, int, str], None] | None = None,
) -> int:
    """Draw the tables (each starting on a new page) into one PDF; return the page count."""
    ensure_qt()
    from PySide6.QtCore import QMarginsF, QRectF, Qt
    from PySide6.QtGui import (
        QColor,
        QFont,
        QFontMetricsF,
        QPageLayout,
        QPageSize,
        QPainter,
        QPdfWriter,
        QPen,
    )

    writer = QPdfWriter(str(out))
    writer.setResolution(300)
    writer.setTitle(title)
    writer.setCreator("tl342")
    size = QPageSize(QPageSize.PageSizeId.A3 if paper.upper() == "A3" else QPageSize.PageSizeId.A4)
    orient = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    writer.setPageLayout(QPageLayout(size, orient, QMarginsF(12, 12, 12, 12), QPageLayout.Unit.Millimeter))

    painter = QPainter()
    if not painter.begin(writer):
        from ..core.errors import UserError

        raise UserError(f"cannot write {out}: is it open in another program?")

    def font(pt: float, bold: bool = False) -> QFont:
        f = QFont("DejaVu Sans")
        f.setPointSizeF(pt)
        f.setBold(bold)
        return f

    page = painter.viewport()
    W, H = float(page.width()), float(page.height())
    mm = writer.resolution() / 25.4
    pad = 1.2 * mm
    wrap = Qt.TextFlag.TextWordWrap
    aligns = {
        "l": Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        "c": Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter,
        "r": Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
    }

    def text_h(text: str, width: float, f: QFont) -> float:
        fm = QFontMetricsF(f, writer)
        r = fm.boundingRect(QRectF(0, 0, max(width - 2 * pad, 1), 1e6), int(wrap), text or " ")
        return r.height() + 2 * pad

    pages_total = 0
    # --- layout every table first so that the page count is known -------------------------
    layouts = []
    for t in tables:
        total_w = sum(t.widths)
        cw = [W * w / total_w for w in t.widths]
        cx = [sum(cw[:i]) for i in range(len(cw) + 1)]
        body, bold = font(t.font_pt), font(t.font_pt, True)
        # header grid
        nrows = len(t.header)
        occupied: dict[tuple[int, int], bool] = {}
        placed = []  # (r, c, cell)
        for r, cells in enumerate(t.header):
            c = 0
            for cell in cells:
                while occupied.get((r, c)):
                    c += 1
                placed.append((r, c, cell))
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        occupied[(r + dr, c + dc)] = True
                c += cell.colspan
        hh = [0.0] * nrows
        for r, c, cell in placed:
            if cell.rowspan == 1:
                hh[r] = max(hh[r], text_h(cell.text, cx[c + cell.colspan] - cx[c], bold))
        for r, c, cell in placed:
            if cell.rowspan > 1:
                need = text_h(cell.text, cx[c + cell.colspan] - cx[c], bold)
                have = sum(hh[r : r + cell.rowspan])
                if need > have:
                    hh[r + cell.rowspan - 1] += need - have
        # body rows
        blocks = []
        for b in t.blocks:
            f = bold if b.bold else body
            heights = []
            for row in b.rows:
                h = text_h("", 10, f)
                if b.span_all:
                    h = max(h, text_h(row[0], W, f))
                else:
                    for i, txt in enumerate(row):
                        if i not in b.merged:
                            h = max(h, text_h(txt, cw[i], f))
                heights.append(h)
            if b.merged and not b.span_all and b.rows:
                need = max(text_h(b.rows[0][i], cw[i], f) for i in b.merged)
                if need > sum(heights):
                    heights[-1] += need - sum(heights)
            blocks.append((b, heights, f))
        title_h = sum(text_h(s, W, font(13 if i == 0 else 10.5, True)) for i, s in enumerate(t.title))
        info_h = sum(text_h(s, W, font(9.5)) for s in t.info)
        foot_h = sum(text_h(s, W, font(9.5, True)) for s in t.footer)
        foot_h += sum(text_h(s, W, font(8.5)) for s in t.notes) + 2 * mm
        page_no_h = text_h("Trang", W, font(8))
        # paginate: list of pages, each a list of (block, row_from, row_to)
        pages: list[list[tuple[int, int, int]]] = [[]]
        avail_first = H - title_h - info_h - sum(hh) - page_no_h - 2 * mm
        avail_next = H - sum(hh) - page_no_h - 2 * mm
        room = avail_first
        for bi, (_b, heights, _f) in enumerate(blocks):
            r0 = 0
            n = len(heights)
            while r0 < n:
                need = sum(heights[r0:])
                if need <= room:
                    pages[-1].append((bi, r0, n))
                    room -= need
                    break
                if need <= avail_next and pages[-1]:
                    pages.append([])
                    room = avail_next
                    continue
                # split the block: as many rows as fit (at least one on a fresh page)
                k, acc = r0, 0.0
                while k < n and acc + heights[k] <= room:
                    acc += heights[k]
                    k += 1
                if k == r0:
                    if pages[-1]:
                        pages.append([])
                        room = avail_next
                        continue
                    k = r0 + 1
                    acc = heights[r0]
                pages[-1].append((bi, r0, k))
                room -= acc
                r0 = k
                if r0 < n:
                    pages.append([])
                    room = avail_next
        foot_new_page = bool(t.footer or t.notes) and foot_h > room
        layouts.append((t, cw, cx, placed, hh, blocks, pages, foot_new_page, body, bold))
        pages_total += len(pages) + (1 if foot_new_page else 0)

    # --- draw ------------------------------------------------------------------------------
    grid = QPen(QColor("#000000"))
    grid.setWidthF(0.6)
    page_no = 0

    def new_page() -> None:
        nonlocal page_no
        if page_no > 0:
            writer.newPage()
        page_no += 1
        painter.setFont(font(8))
        painter.setPen(QColor("#000000"))
        painter.drawText(
            QRectF(0, H - text_h("Trang", W, font(8)), W, text_h("Trang", W, font(8))),
            int(aligns["c"]),
            f"Trang {page_no}/{pages_total}",
        )
        if progress is not None:
            progress(page_no, pages_total, f"page {page_no}/{pages_total}")
        if cancel is not None:
            cancel.raise_if_cancelled()

    def cell(rect: QRectF, text: str, f: QFont, al: str, fill: str | None = None) -> None:
        if fill:
            painter.fillRect(rect, QColor(fill))
        painter.setPen(grid)
        painter.drawRect(rect)
        painter.setFont(f)
        painter.setPen(QColor("#000000"))
        painter.drawText(rect.adjusted(pad, pad, -pad, -pad), int(aligns[al] | wrap), text)

    try:
        for t, cw, cx, placed, hh, blocks, pages, foot_new_page, _body, bold in layouts:
            for pi, items in enumerate(pages):
                new_page()
                y = 0.0
                if pi == 0:
                    for i, s in enumerate(t.title):
                        f = font(13 if i == 0 else 10.5, True)
                        h = text_h(s, W, f)
                        painter.setFont(f)
                        painter.drawText(QRectF(0, y, W, h), int(aligns["c"] | wrap), s)
                        y += h
                    for s in t.info:
                        f = font(9.5)
                        h = text_h(s, W, f)
                        painter.setFont(f)
                        painter.drawText(QRectF(0, y, W, h), int(aligns["l"] | wrap), s)
                        y += h
                # header (repeated on every page)
                hy = [y + sum(hh[:r]) for r in range(len(hh) + 1)]
                for r, c, hc in placed:
                    rect = QRectF(cx[c], hy[r], cx[c + hc.colspan] - cx[c], hy[r + hc.rowspan] - hy[r])
                    cell(rect, hc.text, bold, "c", "#e8e8e8")
                y = hy[-1]
                for bi, r0, r1 in items:
                    b, heights, f = blocks[bi]
                    top = y
                    for ri in range(r0, r1):
                        row = b.rows[ri]
                        h = heights[ri]
                        if b.span_all:
                            cell(QRectF(0, y, W, h), row[0], f, "l", b.fill)
                        else:
                            for ci, txt in enumerate(row):
                                if ci in b.merged:
                                    continue
                                cell(QRectF(cx[ci], y, cw[ci], h), txt, f, t.align[ci], b.fill)
                        y += h
                    for ci in b.merged:
                        if not b.span_all:
                            cell(QRectF(cx[ci], top, cw[ci], y - top), b.rows[0][ci], f, t.align[ci], b.fill)
                if pi == len(pages) - 1 and (t.footer or t.notes):
                    if foot_new_page:
                        new_page()
                        y = 0.0
                    y += 2 * mm
                    for s in t.notes:
                        f = font(8.5)
                        h = text_h(s, W, f)
                        painter.setFont(f)
                        painter.drawText(QRectF(0, y, W, h), int(aligns["l"] | wrap), s)
                        y += h
                    for s in t.footer:
                        f = font(9.5, True)
                        h = text_h(s, W, f)
                        painter.setFont(f)
                        painter.drawText(QRectF(0, y, W, h), int(aligns["r"] | wrap), s)
                        y += h
    finally:
        painter.end()
    return page_no
