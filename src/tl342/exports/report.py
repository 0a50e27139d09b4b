"""Daily progress report (báo cáo tiến độ GPMB) as formatted .xlsx or .pdf.

Figures come from :func:`tl342.services.progress.progress_figures`; money is shown in
millions of VND (Decimal, half-up, 1 decimal), areas in ha, continuous handed-over road in km.
Sheet 1: a row per commune and a total, cumulative and "since last report" blocks; sheet 2:
the blocked cases with cause and owner.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from ..core.errors import UserError
from ..core.progress import report as tick
from ..core.snapshot import Snapshot
from ..services.progress import Figures, ProgressFigures, progress_figures
from . import docform
from .options import ExportOptions
from .privacy import private_values, scrub
from .tables import (
    Block,
    HeaderCell,
    PdfTable,
    fmt_date,
    fmt_dec,
    fmt_int,
    write_pdf_tables,
    xl_heading,
    xl_page_setup,
    xl_personal_note,
    xl_save,
    xl_signoffs,
    xl_styles,
    xl_title,
)
from .words import say

__all__ = ["BLOCKED_HEADERS", "COLUMNS", "GROUPS", "TITLE", "export_report", "figure_row"]

TITLE = "BÁO CÁO TIẾN ĐỘ GIẢI PHÓNG MẶT BẰNG"
BLOCKED_TITLE = "DANH SÁCH CÁC TRƯỜNG HỢP VƯỚNG MẮC"
# (group header, [(sub header, attribute, kind)]); kind: n = count, ha, km, m = million VND
GROUPS: list[tuple[str, list[tuple[str, str, str]]]] = [
    ("Tổng số", [("Số hộ", "households", "n"), ("Diện tích (ha)", "area_ha", "ha")]),
    ("Đã thông báo", [("Số hộ", "notified", "n")]),
    ("Đã kiểm đếm", [("Số hộ", "inventoried", "n")]),
    ("Đã niêm yết", [("Số hộ", "posted", "n")]),
    ("Đã phê duyệt", [("Số hộ", "approved", "n"), ("Triệu đồng", "approved_mvnd", "m")]),
    ("Đã chi trả", [("Số hộ", "paid", "n"), ("Triệu đồng", "paid_mvnd", "m")]),
    ("Đã bàn giao", [("Số hộ", "handed_over", "n"), ("Diện tích (ha)", "handed_over_ha", "ha"),
                     ("Km liên tục", "handed_over_km", "km")]),
    ("Gửi Kho bạc", [("Số hộ", "deposited", "n"), ("Triệu đồng", "deposited_mvnd", "m")]),
    ("Hiến đất", [("Số hộ", "donated", "n")]),
    ("Vướng mắc", [("Số hộ", "blocked", "n")]),
]
COLUMNS: list[tuple[str, str, str, str]] = [(g, s, a, k) for g, subs in GROUPS for s, a, k in subs]
BLOCKED_HEADERS = ("STT", "Mã hộ", "Họ và tên chủ hộ", "Xã", "Vướng mắc", "Từ ngày",
                   "Nguyên nhân", "Người/đơn vị phụ trách")
NONE_BLOCKED = "Không có trường hợp vướng mắc."
COUNT_NOTE = (
    "Số hộ tính theo bước đã đạt được (hộ đã chi trả cũng được tính là đã thông báo, "
    "đã kiểm đếm, đã niêm yết, đã phê duyệt). Số tiền: triệu đồng."
)
_FIRST = 3  # first figure column (1 = STT, 2 = Xã)
_FORMATS = {"n": "#,##0", "ha": "#,##0.00", "km": "#,##0.00", "m": "#,##0.0"}
_DELTA_FORMATS = {k: f"+{v};-{v};0" for k, v in _FORMATS.items()}


def figure_row(f: Figures) -> list[Any]:
    """The report's values for one row, in column order (ha/km floats, millions Decimal)."""
    out: list[Any] = []
    for _g, _s, attr, kind in COLUMNS:
        v = getattr(f, attr)
        if kind in ("ha", "km"):
            v = round(float(v), 4)
        out.append(v)
    return out


def _fmt(v: Any, kind: str, delta: bool = False) -> str:
    if kind == "n":
        s = fmt_int(v)
    elif kind == "m":
        s = fmt_dec(float(v), 1)
    else:
        s = fmt_dec(float(v), 2)
    if delta and float(v) > 0:
        s = "+" + s
    return s


def _title_lines(pf: ProgressFigures, note: str = "", lang: str = "vi") -> list[str]:
    lines = [say(TITLE, lang)]
    if pf.project:
        lines.append(say("Dự án: {name}", lang, name=pf.project))
    day = say("Ngày {date}", lang, date=fmt_date(pf.day))
    if pf.campaign_day is not None:
        camp = (
            say(" của {name}", lang, name=pf.campaign_name)
            if pf.campaign_name
            else say(" của chiến dịch", lang)
        )
        if pf.campaign_length and pf.campaign_day > pf.campaign_length:  # never "1477/30"
            day += say(" — sau khi kết thúc {n} ngày", lang, n=pf.campaign_length) + camp
        elif pf.campaign_day >= 1:
            day += say(
                " — Ngày thứ {day}/{n}", lang, day=pf.campaign_day, n=pf.campaign_length
            ) + camp
    lines.append(day)
    if note:
        lines.append(f"({note})")
    return lines


def _period(pf: ProgressFigures, lang: str = "vi") -> str:
    first = pf.since + timedelta(days=1)
    if first == pf.day:
        return say("II. TRONG NGÀY {day} (so với báo cáo trước)", lang, day=fmt_date(pf.day))
    return say(
        "II. TỪ NGÀY {first} ĐẾN NGÀY {day} (so với báo cáo trước)",
        lang,
        first=fmt_date(first),
        day=fmt_date(pf.day),
    )


def _cumulative(pf: ProgressFigures, lang: str) -> str:
    return say("I. LŨY KẾ ĐẾN HẾT NGÀY {day}", lang, day=fmt_date(pf.day))


def _stretch_line(snapshot: Snapshot, pf: ProgressFigures, lang: str = "vi") -> str:
    if snapshot.route is None:
        return say("Km liên tục: chưa có tim tuyến trong dự án.", lang)
    parts = [f"{s.from_} – {s.to}" for s in pf.ready_stretches]  # the km figure's stretches
    return say(
        "Km liên tục: chiều dài đo theo tim tuyến các đoạn đã bàn giao toàn bộ mặt bằng", lang
    ) + (f" ({'; '.join(parts)})." if parts else say(": chưa có đoạn nào.", lang))


def export_report(
    snapshot: Snapshot, out: Path, opts: ExportOptions, progress=None, cancel=None, since=None
) -> dict[str, Any]:
    """Write the progress report for ``opts.date`` to ``out`` (.xlsx or .pdf)."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in (".xlsx", ".pdf"):
        raise UserError(f"{out.name}: the progress report is written as .xlsx or .pdf")
    tick(progress, 0, 2, "computing figures")
    pf = progress_figures(snapshot, opts.date, since=since, commune=opts.commune)
    if opts.commune and not pf.communes:
        raise UserError(f"no commune {opts.commune!r} in the project")
    if cancel is not None:
        cancel.raise_if_cancelled()
    secrets = private_values(snapshot)
    blocked = [
        [str(i), b.code, "" if opts.public else b.name, b.commune, b.flag.label(opts.lang),
         fmt_date(b.since),
         scrub(b.cause, secrets), scrub(b.owner, secrets)]
        for i, b in enumerate(pf.blocked, start=1)
    ]
    facts: dict[str, Any] = {
        "kind": "report",
        "path": str(out),
        "date": pf.day.isoformat(),
        "since": pf.since.isoformat(),
        "campaign_day": pf.campaign_day,
        "communes": pf.communes,
        "rows": len(pf.communes) + 1,
        "blocked": len(pf.blocked),
        "handed_over_km": round(pf.cumulative_total.handed_over_km, 3),
        "total": {k: (str(v) if not isinstance(v, int | float) else v)
                  for k, v in pf.cumulative_total.as_dict().items()},
    }
    if suffix == ".xlsx":
        _write_xlsx(snapshot, pf, blocked, out, opts)
        facts["sheets"] = 2
    else:
        facts["pages"] = _write_pdf(snapshot, pf, blocked, out, opts, progress, cancel)
    tick(progress, 2, 2, "report written")
    return facts


def _write_xlsx(snapshot: Snapshot, pf: ProgressFigures, blocked, out: Path, opts) -> None:
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    st = xl_styles()
    lang = opts.lang
    wb = Workbook()
    ws = wb.active
    ws.title = say("Tiến độ", lang)
    ncols = _FIRST - 1 + len(COLUMNS)
    r = 1
    if not opts.public:
        r = xl_personal_note(ws, r, ncols, lang)
    r = xl_heading(ws, r, ncols, docform.heading(opts.settings, pf.day, lang), st)
    for i, line in enumerate(_title_lines(pf, opts.as_of_note, lang)):
        xl_title(ws, r, line, ncols, st["title"] if i == 0 else st["subtitle"], height=22 if i == 0 else None)
        r += 1
    r += 1
    h1, h2 = r, r + 1

    def head(row, col, text):
        c = ws.cell(row=row, column=col, value=text)
        c.font, c.alignment, c.border, c.fill = st["head"], st["center"], st["border"], st["head_fill"]

    head(h1, 1, say("STT", lang))
    head(h1, 2, say("Xã", lang))
    for row in (h2,):
        for col in (1, 2):
            head(row, col, None)
    ws.merge_cells(start_row=h1, start_column=1, end_row=h2, end_column=1)
    ws.merge_cells(start_row=h1, start_column=2, end_row=h2, end_column=2)
    col = _FIRST
    for group, subs in GROUPS:
        head(h1, col, say(group, lang, "report"))
        for k, (sub, _a, _kind) in enumerate(subs):
            if k:
                head(h1, col + k, None)
            head(h2, col + k, say(sub, lang, "report"))
        if len(subs) > 1:
            ws.merge_cells(start_row=h1, start_column=col, end_row=h1, end_column=col + len(subs) - 1)
        col += len(subs)
    ws.row_dimensions[h1].height = 32
    ws.row_dimensions[h2].height = 32
    r = h2 + 1

    def section(text):
        nonlocal r
        xl_title(ws, r, text, ncols, st["bold"], align="left")
        for c in range(1, ncols + 1):
            ws.cell(row=r, column=c).border = st["border"]
        r += 1

    def data_row(no, label, f: Figures, bold=False, delta=False):
        nonlocal r
        vals = [no, label, *figure_row(f)]
        for c, v in enumerate(vals, start=1):
            cell = ws.cell(row=r, column=c, value=v)
            cell.border = st["border"]
            cell.font = st["bold"] if bold else st["body"]
            if c <= 2:
                cell.alignment = st["center"] if c == 1 else st["left"]
            else:
                kind = COLUMNS[c - _FIRST][3]
                cell.number_format = (_DELTA_FORMATS if delta else _FORMATS)[kind]
                cell.alignment = st["right"]
            if bold:
                cell.fill = st["total_fill"]
        r += 1

    section(_cumulative(pf, lang))
    for i, c in enumerate(pf.communes, start=1):
        data_row(i, c, pf.cumulative[c])
    data_row(None, say("Tổng cộng", lang), pf.cumulative_total, bold=True)
    section(_period(pf, lang))
    for i, c in enumerate(pf.communes, start=1):
        data_row(i, c, pf.delta[c], delta=True)
    data_row(None, say("Tổng cộng", lang), pf.delta_total, bold=True, delta=True)
    r += 1
    for line in (_stretch_line(snapshot, pf, lang), say(COUNT_NOTE, lang)):
        xl_title(ws, r, line, ncols, st["italic"], align="left", height=30)
        r += 1
    r = xl_signoffs(ws, r + 1, ncols, _signoffs(opts), st)
    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 22
    for c in range(_FIRST, ncols + 1):
        ws.column_dimensions[get_column_letter(c)].width = 11
    ws.freeze_panes = f"C{h2 + 1}"
    xl_page_setup(ws, f"{h1}:{h2}", landscape=opts.landscape, paper=opts.paper, lang=lang)

    ws2 = wb.create_sheet(say("Vướng mắc", lang))
    n2 = len(BLOCKED_HEADERS)
    if not opts.public:
        xl_personal_note(ws2, 3, n2, lang)
    xl_title(ws2, 1, say(BLOCKED_TITLE, lang), n2, st["title"], height=22)
    xl_title(ws2, 2, say("Đến hết ngày {day}", lang, day=fmt_date(pf.day)), n2, st["subtitle"])
    for c, text in enumerate(BLOCKED_HEADERS, start=1):
        head_cell = ws2.cell(row=4, column=c, value=say(text, lang))
        head_cell.font, head_cell.alignment = st["head"], st["center"]
        head_cell.border, head_cell.fill = st["border"], st["head_fill"]
    for i, row in enumerate(blocked, start=5):
        for c, v in enumerate(row, start=1):
            cell = ws2.cell(row=i, column=c, value=int(v) if c == 1 else v)
            cell.font, cell.border = st["body"], st["border"]
            cell.alignment = st["center"] if c in (1, 2, 6) else st["left"]
    if not blocked:
        xl_title(ws2, 5, say(NONE_BLOCKED, lang), n2, st["italic"], align="left")
    for c, w in enumerate((6, 10, 24, 14, 12, 12, 40, 26), start=1):
        ws2.column_dimensions[get_column_letter(c)].width = w
    xl_page_setup(ws2, "4:4", landscape=opts.landscape, paper=opts.paper, lang=lang)
    wb.properties.title = say(TITLE, lang)
    wb.properties.creator = "tl342"
    xl_save(wb, out)


def _write_pdf(snapshot, pf: ProgressFigures, blocked, out: Path, opts, progress, cancel) -> int:
    lang = opts.lang
    header = [
        [HeaderCell(say("STT", lang), rowspan=2), HeaderCell(say("Xã", lang), rowspan=2)]
        + [HeaderCell(say(g, lang, "report"), colspan=len(subs)) for g, subs in GROUPS],
        [HeaderCell(say(s, lang, "report")) for _g, s, _a, _k in COLUMNS],
    ]
    total = say("Tổng cộng", lang)

    def row(no, label, f: Figures, delta=False):
        return [no, label] + [_fmt(v, k, delta) for v, (_g, _s, _a, k) in zip(figure_row(f), COLUMNS, strict=True)]

    blocks = [Block([[_cumulative(pf, lang)]], bold=True, span_all=True)]
    blocks += [Block([row(str(i), c, pf.cumulative[c])]) for i, c in enumerate(pf.communes, start=1)]
    blocks.append(Block([row("", total, pf.cumulative_total)], bold=True, fill="#f2f2f2"))
    blocks.append(Block([[_period(pf, lang)]], bold=True, span_all=True))
    blocks += [Block([row(str(i), c, pf.delta[c], True)]) for i, c in enumerate(pf.communes, start=1)]
    blocks.append(Block([row("", total, pf.delta_total, True)], bold=True, fill="#f2f2f2"))
    main = PdfTable(
        title=_title_lines(pf, opts.as_of_note, lang),
        info=[],
        header=header,
        widths=[4, 14] + [7] * len(COLUMNS),
        align="cl" + "r" * len(COLUMNS),
        blocks=blocks,
        notes=[_stretch_line(snapshot, pf, lang), say("Số tiền: triệu đồng.", lang)],
        font_pt=8,
        heading=docform.heading(opts.settings, pf.day, lang),
        signoffs=_signoffs(opts),
    )
    rows = blocked or [["", "", say(NONE_BLOCKED, lang), "", "", "", "", ""]]
    second = PdfTable(
        title=[say(BLOCKED_TITLE, lang), say("Đến hết ngày {day}", lang, day=fmt_date(pf.day))],
        info=[],
        header=[[HeaderCell(say(h, lang)) for h in BLOCKED_HEADERS]],
        widths=[4, 8, 18, 11, 9, 9, 30, 20],
        align="cclllcll",
        blocks=[Block([r]) for r in rows],
    )
    return write_pdf_tables(out, [main, second], landscape=opts.landscape, paper=opts.paper,
                            title=say(TITLE, lang), progress=progress, cancel=cancel,
                            personal=not opts.public, lang=lang)


def _signoffs(opts) -> list:
    """The report's sign-off: who drew it up, and the task force's head."""
    return [
        docform.maker_block(opts.settings, opts.lang),
        docform.taskforce_block(opts.settings, opts.lang),
    ]
