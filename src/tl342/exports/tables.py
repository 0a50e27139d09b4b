"""Shared pieces of the non-map exports: status palette and labels (from
:mod:`tl342.render.palette`), Excel styling helpers and a
paginated PDF table (QPainter on QPdfWriter) with repeated headers and "Trang i/N".

Qt is imported only inside the PDF functions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..core import fmt
from ..core.model import Status
from ..render import palette
from .docform import PERSONAL_NOTE
from .words import say

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
    """Vietnamese thousands: ``1234567 -> "1.234.567"`` (English exports: core.fmt.marks)."""
    s = f"{int(n):,}".replace(",", fmt.marks()[0])
    return s


def fmt_dec(x: float, decimals: int = 1) -> str:
    """Vietnamese decimals: ``5523.25 -> "5.523,3"`` (half-up on the decimal value)."""
    from decimal import ROUND_HALF_UP, Decimal

    q = Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    whole, _, frac = f"{q:,.{decimals}f}".partition(".")
    sep, dec = fmt.marks()
    whole = whole.replace(",", sep)
    return f"{whole}{dec}{frac}" if decimals else whole


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
    ws.cell(row=row, column=1).alignment = Alignment(
        horizontal=align, vertical="center", wrap_text=True
    )
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
    if height:
        ws.row_dimensions[row].height = height


def xl_page_setup(
    ws, header_rows: str, landscape: bool = True, paper: str = "A4", lang: str = "vi"
) -> None:
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
    ws.oddFooter.center.text = say("Trang {i}/{n}", lang, i="&P", n="&N")


def xl_save(wb, out) -> None:
    """Save a workbook — every XLSX export goes through here: a text cell never becomes a
    formula (a name typed as ``=HYPERLINK(...)`` stays that text; openpyxl otherwise stores
    any string starting with "=" as a live formula)."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f":
                    c.data_type = "s"
    wb.save(out)


def xl_heading(ws, row: int, ncols: int, h, st) -> int:
    """Decree 30 heading from ``row`` (issuer left, national title and motto right, italic
    place-and-date line); returns the next free row."""
    from openpyxl.styles import Alignment, Font

    left = max(ncols * 2 // 5, 1)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)

    def put(r, c0, c1, text, font):
        cell = ws.cell(row=r, column=c0, value=text)
        cell.font, cell.alignment = font, centre
        if c1 > c0:
            ws.merge_cells(start_row=r, start_column=c0, end_row=r, end_column=c1)

    base = "Times New Roman"
    put(row, 1, left, h.issuer_parent, Font(name=base, size=12))
    put(row, left + 1, ncols, h.nation, Font(name=base, size=12, bold=True))
    put(row + 1, 1, left, h.issuer, Font(name=base, size=12, bold=True))
    put(row + 1, left + 1, ncols, h.motto, Font(name=base, size=13, bold=True, underline="single"))
    put(row + 2, left + 1, ncols, h.place_date, Font(name=base, size=12, italic=True))
    return row + 4


def xl_signoffs(ws, row: int, ncols: int, blocks, st) -> int:
    """Sign-off blocks side by side from ``row`` with rows of room to sign (≥ 30 mm);
    returns the next free row."""
    from openpyxl.styles import Alignment, Font

    if not blocks:
        return row
    base = "Times New Roman"
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    spans = []
    for k in range(len(blocks)):
        c0 = 1 + k * ncols // len(blocks)
        c1 = (k + 1) * ncols // len(blocks)
        spans.append((c0, max(c0, c1)))
    depth = max(len(b.top_lines()) for b in blocks)
    for (c0, c1), b in zip(spans, blocks, strict=True):
        lines = b.top_lines()
        for i, (text, bold, italic) in enumerate(lines):
            cell = ws.cell(row=row + i, column=c0, value=text)
            cell.font = Font(name=base, size=12, bold=bold, italic=italic)
            cell.alignment = centre
            if c1 > c0:
                ws.merge_cells(start_row=row + i, start_column=c0, end_row=row + i, end_column=c1)
    sign_row = row + depth
    ws.row_dimensions[sign_row].height = 90  # points: 31.75 mm to sign and seal
    name_row = sign_row + 1
    for (c0, c1), b in zip(spans, blocks, strict=True):
        cell = ws.cell(row=name_row, column=c0, value=b.name or None)
        cell.font = Font(name=base, size=12, bold=True)
        cell.alignment = centre
        if c1 > c0:
            ws.merge_cells(start_row=name_row, start_column=c0, end_row=name_row, end_column=c1)
    return name_row + 1


def xl_personal_note(ws, row: int, ncols: int, lang: str = "vi") -> int:
    """The personal-data line of a non-public workbook (also in each printed page's header)."""
    from openpyxl.styles import Alignment, Font

    note = say(PERSONAL_NOTE, lang)
    cell = ws.cell(row=row, column=1, value=note)
    cell.font = Font(name="Times New Roman", size=11, bold=True, color="B00020")
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
    ws.oddHeader.center.text = note
    ws.oddHeader.center.color = "B00020"
    return row + 1


def sheet_title(name: str, used: set[str]) -> str:
    """A valid, unique Excel sheet title (≤ 31 chars, no []:*?/\\)."""
    bad = "[]:*?/\\"
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
    footer: list[str] = field(default_factory=list)  # lines after the table (right)
    notes: list[str] = field(default_factory=list)  # notes after the table (left)
    font_pt: float = 8.5
    heading: Any = None  # docform.Heading: Decree 30 heading above the title
    signoffs: list = field(default_factory=list)  # docform.SignBlock after the table


_FONTS_READY = False


def ensure_qt(need_fonts: bool = True):
    """A QGuiApplication (offscreen when there is no display) and DejaVu Sans loaded."""
    global _FONTS_READY
    from .fonts import ensure_fonts, ensure_qt_app

    app = ensure_qt_app()
    if need_fonts and not _FONTS_READY:
        ensure_fonts()
        _FONTS_READY = True
    return app


_ALIGNS = {"l": 0x1, "c": 0x4, "r": 0x2}  # Qt.AlignLeft / AlignHCenter / AlignRight


class _Pdf:
    """The painter, page size and text helpers of one PDF being written."""

    def __init__(
        self, out: Path, landscape: bool, paper: str, title: str, personal: bool, lang: str = "vi"
    ):
        from PySide6.QtCore import QMarginsF
        from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter

        self.writer = writer = QPdfWriter(str(out))
        writer.setResolution(300)
        writer.setTitle(title)
        writer.setCreator("tl342")
        size = QPageSize(
            QPageSize.PageSizeId.A3 if paper.upper() == "A3" else QPageSize.PageSizeId.A4
        )
        orient = (
            QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
        )
        margins = QMarginsF(12, 12, 12, 12)
        writer.setPageLayout(QPageLayout(size, orient, margins, QPageLayout.Unit.Millimeter))
        self.painter = QPainter()
        if not self.painter.begin(writer):
            from ..core.errors import UserError

            raise UserError(f"cannot write {out}: is it open in another program?")
        page = self.painter.viewport()
        self.W, self.H = float(page.width()), float(page.height())
        self.mm = writer.resolution() / 25.4
        self.pad = 1.2 * self.mm
        self.personal = personal
        self.lang = lang
        self.page_no = 0
        self.pages_total = 0

    def font(self, pt: float, bold: bool = False):
        from PySide6.QtGui import QFont

        f = QFont("DejaVu Sans")
        f.setPointSizeF(pt)
        f.setBold(bold)
        return f

    def text_h(self, text: str, width: float, f) -> float:
        from PySide6.QtCore import QRectF, Qt
        from PySide6.QtGui import QFontMetricsF

        fm = QFontMetricsF(f, self.writer)
        box = QRectF(0, 0, max(width - 2 * self.pad, 1), 1e6)
        r = fm.boundingRect(box, int(Qt.TextFlag.TextWordWrap), text or " ")
        return r.height() + 2 * self.pad

    def flags(self, al: str) -> int:
        from PySide6.QtCore import Qt

        return _ALIGNS[al] | int(Qt.AlignmentFlag.AlignVCenter) | int(Qt.TextFlag.TextWordWrap)

    def text(self, y: float, s: str, f, al: str) -> float:
        """A full-width wrapped line at ``y``; returns its height."""
        from PySide6.QtCore import QRectF

        h = self.text_h(s, self.W, f)
        self.painter.setFont(f)
        self.painter.drawText(QRectF(0, y, self.W, h), self.flags(al), s)
        return h

    def cell(self, rect, text: str, f, al: str, fill: str | None = None) -> None:
        from PySide6.QtGui import QColor, QPen

        p = self.painter
        if fill:
            p.fillRect(rect, QColor(fill))
        grid = QPen(QColor("#000000"))
        grid.setWidthF(0.6)
        p.setPen(grid)
        p.drawRect(rect)
        p.setFont(f)
        p.setPen(QColor("#000000"))
        p.drawText(rect.adjusted(self.pad, self.pad, -self.pad, -self.pad), self.flags(al), text)

    def footer_h(self) -> float:
        """Height kept free at the bottom of a page (page number, personal-data line)."""
        h = self.text_h("Trang", self.W, self.font(8))
        return h * (2 if self.personal else 1)

    def new_page(self, progress, cancel) -> None:
        from PySide6.QtCore import QRectF
        from PySide6.QtGui import QColor

        if self.page_no > 0:
            self.writer.newPage()
        self.page_no += 1
        p = self.painter
        f = self.font(8)
        h = self.text_h("Trang", self.W, f)
        p.setFont(f)
        p.setPen(QColor("#000000"))
        label = say("Trang {i}/{n}", self.lang, i=self.page_no, n=self.pages_total)
        p.drawText(QRectF(0, self.H - h, self.W, h), self.flags("c"), label)
        if self.personal:
            from .docform import draw_personal_note

            draw_personal_note(p, 0, self.H - 2 * h, self.W, self.mm, self.lang)
        if progress is not None:
            progress(self.page_no, self.pages_total, f"page {self.page_no}/{self.pages_total}")
        if cancel is not None:
            cancel.raise_if_cancelled()


@dataclass
class _Layout:
    table: PdfTable
    cw: list[float]
    cx: list[float]
    placed: list  # (row, column, HeaderCell)
    hh: list[float]  # header row heights
    blocks: list  # (Block, row heights, font)
    pages: list[list[tuple[int, int, int]]]  # per page: (block, first row, end row)
    tail_h: float  # notes, footer and sign-off after the table
    tail_new_page: bool
    bold: Any
    heading_h: float


def _header_grid(pdf: _Pdf, t: PdfTable, cx: list[float], bold) -> tuple[list, list[float]]:
    """Cells of the (multi-row, spanning) header placed on the grid, and the row heights."""
    occupied: dict[tuple[int, int], bool] = {}
    placed = []
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
    hh = [0.0] * len(t.header)
    for r, c, cell in placed:
        if cell.rowspan == 1:
            hh[r] = max(hh[r], pdf.text_h(cell.text, cx[c + cell.colspan] - cx[c], bold))
    for r, c, cell in placed:
        if cell.rowspan > 1:
            need = pdf.text_h(cell.text, cx[c + cell.colspan] - cx[c], bold)
            have = sum(hh[r : r + cell.rowspan])
            if need > have:
                hh[r + cell.rowspan - 1] += need - have
    return placed, hh


def _block_heights(pdf: _Pdf, t: PdfTable, cw: list[float], body, bold) -> list:
    """(block, row heights, font) of every body block."""
    out = []
    for b in t.blocks:
        f = bold if b.bold else body
        heights = []
        for row in b.rows:
            h = pdf.text_h("", 10, f)
            if b.span_all:
                h = max(h, pdf.text_h(row[0], pdf.W, f))
            else:
                for i, txt in enumerate(row):
                    if i not in b.merged:
                        h = max(h, pdf.text_h(txt, cw[i], f))
            heights.append(h)
        if b.merged and not b.span_all and b.rows:
            need = max(pdf.text_h(b.rows[0][i], cw[i], f) for i in b.merged)
            if need > sum(heights):
                heights[-1] += need - sum(heights)
        out.append((b, heights, f))
    return out


def _paginate(blocks: list, avail_first: float, avail_next: float):
    """Pages of (block, first row, end row): blocks kept whole when they fit on a fresh
    page, else split; returns (pages, room left on the last page)."""
    pages: list[list[tuple[int, int, int]]] = [[]]
    room = avail_first
    for bi, (_b, heights, _f) in enumerate(blocks):
        r0, n = 0, len(heights)
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
            k, acc = r0, 0.0  # as many rows as fit (at least one on a fresh page)
            while k < n and acc + heights[k] <= room:
                acc += heights[k]
                k += 1
            if k == r0:
                if pages[-1]:
                    pages.append([])
                    room = avail_next
                    continue
                k, acc = r0 + 1, heights[r0]
            pages[-1].append((bi, r0, k))
            room -= acc
            r0 = k
            if r0 < n:
                pages.append([])
                room = avail_next
    return pages, room


def _layout(pdf: _Pdf, t: PdfTable) -> _Layout:
    """Measure one table: columns, header, rows, heading/title/info and tail heights, pages."""
    from .docform import signoff_height

    total_w = sum(t.widths)
    cw = [pdf.W * w / total_w for w in t.widths]
    cx = [sum(cw[:i]) for i in range(len(cw) + 1)]
    body, bold = pdf.font(t.font_pt), pdf.font(t.font_pt, True)
    placed, hh = _header_grid(pdf, t, cx, bold)
    blocks = _block_heights(pdf, t, cw, body, bold)
    heading_h = _heading_height(pdf, t)
    title_h = sum(
        pdf.text_h(s, pdf.W, pdf.font(13 if i == 0 else 10.5, True)) for i, s in enumerate(t.title)
    )
    info_h = sum(pdf.text_h(s, pdf.W, pdf.font(9.5)) for s in t.info)
    tail_h = sum(pdf.text_h(s, pdf.W, pdf.font(9.5, True)) for s in t.footer)
    tail_h += sum(pdf.text_h(s, pdf.W, pdf.font(8.5)) for s in t.notes) + 2 * pdf.mm
    tail_h += signoff_height(pdf.painter, pdf.W, pdf.mm, t.signoffs)
    bottom = pdf.footer_h() + 2 * pdf.mm
    avail_first = pdf.H - heading_h - title_h - info_h - sum(hh) - bottom
    avail_next = pdf.H - sum(hh) - bottom
    pages, room = _paginate(blocks, avail_first, avail_next)
    has_tail = bool(t.footer or t.notes or t.signoffs)
    return _Layout(
        t, cw, cx, placed, hh, blocks, pages, tail_h, has_tail and tail_h > room, bold, heading_h
    )


def _heading_height(pdf: _Pdf, t: PdfTable) -> float:
    """Height of the Decree 30 heading."""
    if t.heading is None:
        return 0.0
    from .docform import draw_heading

    return draw_heading(pdf.painter, 0, 0, pdf.W, pdf.mm, t.heading, draw=False)


def _draw_first_page_top(pdf: _Pdf, t: PdfTable) -> float:
    """Heading, title and info lines; returns the y below them."""
    y = 0.0
    if t.heading is not None:
        from .docform import draw_heading

        y += draw_heading(pdf.painter, 0, y, pdf.W, pdf.mm, t.heading)
    for i, s in enumerate(t.title):
        y += pdf.text(y, s, pdf.font(13 if i == 0 else 10.5, True), "c")
    for s in t.info:
        y += pdf.text(y, s, pdf.font(9.5), "l")
    return y


def _draw_rows(pdf: _Pdf, lay: _Layout, items, y: float) -> float:
    """The header (repeated on every page) and this page's rows; returns the y below."""
    from PySide6.QtCore import QRectF

    t, cx, cw = lay.table, lay.cx, lay.cw
    hy = [y + sum(lay.hh[:r]) for r in range(len(lay.hh) + 1)]
    for r, c, hc in lay.placed:
        rect = QRectF(cx[c], hy[r], cx[c + hc.colspan] - cx[c], hy[r + hc.rowspan] - hy[r])
        pdf.cell(rect, hc.text, lay.bold, "c", "#e8e8e8")
    y = hy[-1]
    for bi, r0, r1 in items:
        b, heights, f = lay.blocks[bi]
        top = y
        for ri in range(r0, r1):
            row, h = b.rows[ri], heights[ri]
            if b.span_all:
                pdf.cell(QRectF(0, y, pdf.W, h), row[0], f, "l", b.fill)
            else:
                for ci, txt in enumerate(row):
                    if ci not in b.merged:
                        pdf.cell(QRectF(cx[ci], y, cw[ci], h), txt, f, t.align[ci], b.fill)
            y += h
        if not b.span_all:
            for ci in b.merged:
                rect = QRectF(cx[ci], top, cw[ci], y - top)
                pdf.cell(rect, b.rows[0][ci], f, t.align[ci], b.fill)
    return y


def _draw_tail(pdf: _Pdf, t: PdfTable, y: float) -> None:
    """Notes (left), footer lines (right) and the sign-off blocks after the table."""
    from .docform import draw_signoffs

    y += 2 * pdf.mm
    for s in t.notes:
        y += pdf.text(y, s, pdf.font(8.5), "l")
    for s in t.footer:
        y += pdf.text(y, s, pdf.font(9.5, True), "r")
    if t.signoffs:
        draw_signoffs(pdf.painter, 0, y + pdf.mm, pdf.W, pdf.mm, t.signoffs)


def write_pdf_tables(
    out: Path,
    tables: Sequence[PdfTable],
    *,
    landscape: bool = True,
    paper: str = "A4",
    title: str = "",
    cancel=None,
    progress: Callable[[int, int, str], None] | None = None,
    personal: bool = False,
    lang: str = "vi",
) -> int:
    """Draw the tables (each starting on a new page) into one PDF; return the page count.
    ``personal``: every page says the document holds personal data, not for posting."""
    ensure_qt()
    pdf = _Pdf(out, landscape, paper, title, personal, lang)
    try:
        layouts = [_layout(pdf, t) for t in tables]  # first, so the page count is known
        pdf.pages_total = sum(len(lay.pages) + lay.tail_new_page for lay in layouts)
        for lay in layouts:
            t = lay.table
            for pi, items in enumerate(lay.pages):
                pdf.new_page(progress, cancel)
                y = _draw_first_page_top(pdf, t) if pi == 0 else 0.0
                y = _draw_rows(pdf, lay, items, y)
                if pi == len(lay.pages) - 1 and (t.footer or t.notes or t.signoffs):
                    if lay.tail_new_page:
                        pdf.new_page(progress, cancel)
                        y = 0.0
                    _draw_tail(pdf, t, y)
    finally:
        pdf.painter.end()
    return pdf.page_no
