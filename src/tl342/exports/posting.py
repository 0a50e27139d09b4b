"""Public posting list (danh sách niêm yết công khai) as print-ready .xlsx or .pdf.

One sheet (xlsx) / one table (pdf) per commune, a row per parcel with the household's cells
merged vertically, a "Tổng cộng" row. Names and amounts are printed (the law requires them);
private fields never are (see :mod:`tl342.exports.privacy`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from ..core.errors import UserError
from ..core.fmt import total
from ..core.model import Flag, Regime
from ..core.progress import report
from ..core.snapshot import Snapshot
from ..core.text import fold
from . import docform
from .options import ExportOptions
from .privacy import private_values, public_household
from .tables import (
    Block,
    HeaderCell,
    PdfTable,
    fmt_date,
    fmt_dec,
    fmt_int,
    sheet_title,
    write_pdf_tables,
    xl_heading,
    xl_page_setup,
    xl_save,
    xl_signoffs,
    xl_styles,
    xl_title,
)
from .words import say

__all__ = [
    "HEADERS",
    "PostingHousehold",
    "PostingList",
    "export_posting",
    "posting_days",
    "posting_lists",
]

HEADERS = (
    "STT",
    "Họ và tên chủ hộ",
    "Thôn",
    "Tờ bản đồ số",
    "Thửa đất số",
    "Loại đất",
    "Diện tích thu hồi (m²)",
    "Bồi thường (đồng)",
    "Hỗ trợ (đồng)",
    "Tổng (đồng)",
    "Ghi chú",
)
TITLE = "DANH SÁCH NIÊM YẾT CÔNG KHAI"
SUBTITLE = "Phương án bồi thường, hỗ trợ khi Nhà nước thu hồi đất"
TOTAL = "Tổng cộng"
_WIDTHS = (6, 26, 14, 9, 9, 9, 13, 17, 15, 17, 26)
_MERGED = frozenset({0, 1, 2, 7, 8, 9, 10})  # household-level columns
_ALIGN = "cllcccrrrrl"


@dataclass
class PostingHousehold:
    no: int
    code: str
    name: str
    village: str
    parcels: list[tuple[str, str, str, float]]  # sheet, number, land use, recovered m² (exact)
    compensation_vnd: int
    support_vnd: int
    total_vnd: int
    note: str


@dataclass
class PostingList:
    commune: str
    households: list[PostingHousehold] = field(default_factory=list)

    @property
    def area_m2(self) -> float:
        return total(p[3] for h in self.households for p in h.parcels)  # exact; printed rounded once

    @property
    def compensation_vnd(self) -> int:
        return sum(h.compensation_vnd for h in self.households)

    @property
    def support_vnd(self) -> int:
        return sum(h.support_vnd for h in self.households)

    @property
    def total_vnd(self) -> int:
        return sum(h.total_vnd for h in self.households)

    @property
    def n_rows(self) -> int:
        return sum(max(len(h.parcels), 1) for h in self.households)


def posting_days(regime: Regime) -> int:
    """Length of the public posting (30 days under Land Law 2024) from the rule set."""
    try:
        from ..core.workflow import load_rules

        for d in load_rules(regime).deadlines:
            if d.id == "posting":
                return int(d.limit)
    except Exception:  # noqa: BLE001 - rules missing: fall back to the 2024 value
        pass
    return 30 if regime is Regime.LAND_LAW_2024 else 20


def _communes(snapshot: Snapshot, opts: ExportOptions) -> list[str]:
    names: list[str] = []
    for c in list(snapshot.communes) + [snapshot.household_commune(k) for k in snapshot.households]:
        if c and c not in names:
            names.append(c)
    if opts.commune:
        chosen = [n for n in names if fold(n) == fold(opts.commune)]
        if not chosen:
            raise UserError(
                f"no commune {opts.commune!r} in the project; communes: {', '.join(names) or 'none'}"
            )
        return chosen
    return [n for n in names if any(snapshot.household_commune(k) == n for k in snapshot.households)]


def posting_lists(snapshot: Snapshot, opts: ExportOptions) -> list[PostingList]:
    """The posting list of every commune (or ``opts.commune``), households in code order."""
    secrets = private_values(snapshot)
    out = []
    for commune in _communes(snapshot, opts):
        pl = PostingList(commune)
        codes = sorted(k for k in snapshot.households if snapshot.household_commune(k) == commune)
        for code in codes:
            hh = snapshot.households[code]
            pub = public_household(hh, opts, secrets=secrets)
            parcels = sorted(
                snapshot.parcels_of(code),
                key=lambda p: (_natural(p.sheet), _natural(p.number)),
            )
            rows = [
                (p.sheet, p.number, p.land_use, float(p.recovered_area_m2))
                for p in parcels
                if p.commune == commune or not p.commune
            ] or [(p.sheet, p.number, p.land_use, float(p.recovered_area_m2)) for p in parcels]
            state = snapshot.state_of(code)
            notes = []
            if state is not None and Flag.DONATED in state.flags:
                notes.append(say("Tự nguyện hiến đất/cây", opts.lang))
            notes += [pub["donation_note"], pub["note"]]
            pl.households.append(
                PostingHousehold(
                    no=len(pl.households) + 1,
                    code=code,
                    name=pub["name"],
                    village=pub["village"],
                    parcels=rows,
                    compensation_vnd=pub["compensation_vnd"],
                    support_vnd=pub["support_vnd"],
                    total_vnd=pub["total_vnd"],
                    note="; ".join(n for n in notes if n),
                )
            )
        out.append(pl)
    return out


def _natural(s: str) -> tuple[int, str]:
    digits = "".join(ch for ch in s if ch.isdigit())
    return (int(digits) if digits else 0, s)


def _info_lines(snapshot: Snapshot, commune: str, opts: ExportOptions) -> list[str]:
    start = opts.date
    days = posting_days(snapshot.regime)
    end = start + timedelta(days=days - 1)
    lang = opts.lang
    project = snapshot.name or say("Cải tạo, nâng cấp đường tỉnh ĐT342", lang)
    return [
        say("Dự án: {name}", lang, name=project),
        say("Xã: {commune}", lang, commune=commune),
        say(
            "Địa điểm niêm yết: Trụ sở UBND xã {commune} và nhà văn hóa các thôn có đất bị "
            "thu hồi",
            lang,
            commune=commune,
        ),
        say(
            "Thời gian niêm yết: {days} ngày, từ ngày {start} đến ngày {end}",
            lang,
            days=days,
            start=fmt_date(start),
            end=fmt_date(end),
        ),
    ]


def _signoffs(opts: ExportOptions, commune: str) -> list:
    """Who signs a posting list: who drew it up, the task force, the commune's confirmation
    (XÁC NHẬN CỦA UBND XÃ … / TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH)."""
    s, lang = opts.settings, opts.lang
    return [
        docform.maker_block(s, lang),
        docform.taskforce_block(s, lang),
        docform.commune_block(s, commune, lang),
    ]


# ---------------------------------------------------------------------------------------------


def export_posting(
    snapshot: Snapshot, out: Path, opts: ExportOptions, progress=None, cancel=None
) -> dict[str, Any]:
    """Write the posting list to ``out`` (.xlsx or .pdf by the extension)."""
    out = Path(out)
    lists = posting_lists(snapshot, opts)
    if not lists:
        raise UserError("no household to post: import households first")
    suffix = out.suffix.lower()
    facts: dict[str, Any] = {
        "kind": "posting",
        "path": str(out),
        "communes": [pl.commune for pl in lists],
        "households": sum(len(pl.households) for pl in lists),
        "rows": sum(pl.n_rows for pl in lists),
        "area_m2": round(total(pl.area_m2 for pl in lists), 1),
        "total_vnd": sum(pl.total_vnd for pl in lists),
    }
    if suffix == ".xlsx":
        _write_xlsx(snapshot, lists, out, opts, progress, cancel)
        facts["sheets"] = len(lists)
    elif suffix == ".pdf":
        facts["pages"] = _write_pdf(snapshot, lists, out, opts, progress, cancel)
    else:
        raise UserError(f"{out.name}: the posting list is written as .xlsx or .pdf")
    return facts


def _write_xlsx(snapshot, lists, out: Path, opts: ExportOptions, progress, cancel) -> None:
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    st = xl_styles()
    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    ncols = len(HEADERS)
    for i, pl in enumerate(lists):
        if cancel is not None:
            cancel.raise_if_cancelled()
        report(progress, i, len(lists), f"posting list {pl.commune}")
        ws = wb.create_sheet(sheet_title(pl.commune, used))
        top = xl_heading(ws, 1, ncols, docform.heading(opts.settings, opts.date, opts.lang), st)
        xl_title(ws, top, say(TITLE, opts.lang), ncols, st["title"], height=22)
        xl_title(ws, top + 1, say(SUBTITLE, opts.lang), ncols, st["subtitle"])
        for r, line in enumerate(_info_lines(snapshot, pl.commune, opts), start=top + 2):
            xl_title(ws, r, line, ncols, st["info"], align="left")
        hdr = top + 7
        for c, text in enumerate(HEADERS, start=1):
            cell = ws.cell(row=hdr, column=c, value=say(text, opts.lang))
            cell.font, cell.alignment, cell.border, cell.fill = (
                st["head"], st["center"], st["border"], st["head_fill"],
            )
        ws.row_dimensions[hdr].height = 45
        for c in range(1, ncols + 1):  # column numbers (1)..(11) as on official forms
            cell = ws.cell(row=hdr + 1, column=c, value=f"({c})")
            cell.font, cell.alignment, cell.border = st["italic"], st["center"], st["border"]
        r = hdr + 2
        for h in pl.households:
            parcels = h.parcels or [("", "", "", None)]
            top = r
            for sheet, number, lu, area in parcels:
                vals = [h.no, h.name, h.village, sheet, number, lu, area,
                        h.compensation_vnd, h.support_vnd, h.total_vnd, h.note]
                for c, v in enumerate(vals, start=1):
                    col = c - 1
                    if col in _MERGED and r != top:
                        v = None
                    cell = ws.cell(row=r, column=c, value=v)
                    cell.font, cell.border = st["body"], st["border"]
                    cell.alignment = st["left"] if _ALIGN[col] == "l" else (
                        st["center"] if _ALIGN[col] == "c" else st["right"])
                    if col == 6:
                        cell.number_format = "#,##0.0"
                    elif col in (7, 8, 9):
                        cell.number_format = "#,##0"
                r += 1
            if r - 1 > top:
                for col in _MERGED:
                    ws.merge_cells(start_row=top, start_column=col + 1, end_row=r - 1, end_column=col + 1)
        totals = [None, say(TOTAL, opts.lang), None, None, None, None, pl.area_m2, pl.compensation_vnd,
                  pl.support_vnd, pl.total_vnd, None]
        for c, v in enumerate(totals, start=1):
            cell = ws.cell(row=r, column=c, value=v)
            cell.font, cell.border, cell.fill = st["bold"], st["border"], st["total_fill"]
            cell.alignment = st["right"] if c >= 7 else st["center"]
            if c == 7:
                cell.number_format = "#,##0.0"
            elif c in (8, 9, 10):
                cell.number_format = "#,##0"
        ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=6)
        r = xl_signoffs(ws, r + 2, ncols, _signoffs(opts, pl.commune), st)
        for c, w in enumerate(_WIDTHS, start=1):
            ws.column_dimensions[get_column_letter(c)].width = w
        ws.freeze_panes = f"A{hdr + 2}"
        xl_page_setup(
            ws, f"{hdr}:{hdr + 1}", landscape=opts.landscape, paper=opts.paper, lang=opts.lang
        )
    wb.properties.title = say(TITLE, opts.lang)
    wb.properties.creator = "tl342"
    xl_save(wb, out)
    report(progress, len(lists), len(lists), "posting list written")


def _write_pdf(snapshot, lists, out: Path, opts: ExportOptions, progress, cancel) -> int:
    tables = []
    for pl in lists:
        blocks = []
        for h in pl.households:
            rows = []
            for sheet, number, lu, area in h.parcels or [("", "", "", None)]:
                rows.append([
                    str(h.no), h.name, h.village, sheet, number, lu,
                    fmt_dec(area, 1) if area is not None else "",
                    fmt_int(h.compensation_vnd), fmt_int(h.support_vnd), fmt_int(h.total_vnd),
                    h.note,
                ])
            blocks.append(Block(rows, merged=_MERGED))
        blocks.append(Block([[
            "", say(TOTAL, opts.lang), "", "", "", "", fmt_dec(pl.area_m2, 1), fmt_int(pl.compensation_vnd),
            fmt_int(pl.support_vnd), fmt_int(pl.total_vnd), "",
        ]], bold=True, fill="#f2f2f2"))
        tables.append(PdfTable(
            title=[say(TITLE, opts.lang), say(SUBTITLE, opts.lang)],
            info=_info_lines(snapshot, pl.commune, opts),
            header=[[HeaderCell(say(h, opts.lang)) for h in HEADERS]],
            widths=list(_WIDTHS),
            align=_ALIGN,
            blocks=blocks,
            heading=docform.heading(opts.settings, opts.date, opts.lang),
            signoffs=_signoffs(opts, pl.commune),
        ))
    return write_pdf_tables(
        out, tables, landscape=opts.landscape, paper=opts.paper, title=say(TITLE, opts.lang),
        progress=progress, cancel=cancel, lang=opts.lang,
    )

