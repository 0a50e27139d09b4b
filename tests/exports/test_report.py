"""Daily progress report: the figures (as of a date, since last report) and their xlsx/pdf forms."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from test_privacy import DAY, pdf_text, sample_snapshot

from tl342.exports.options import ExportOptions
from tl342.exports.report import COLUMNS, GROUPS, export_report, figure_row
from tl342.services.progress import million_vnd, progress_figures


@pytest.fixture
def snap():
    """A fresh sample snapshot."""
    return sample_snapshot()


def test_figures_cumulative(snap):
    """Counts use "at least reached", money is exact VND, blocked cases carry cause and owner."""
    pf = progress_figures(snap, DAY)
    dt, tl, t = pf.cumulative["Đạp Thanh"], pf.cumulative["Thanh Lâm"], pf.cumulative_total
    assert (t.households, t.notified, t.inventoried, t.posted, t.approved, t.paid) == (4, 4, 4, 3, 2, 2)
    assert (dt.posted, tl.posted) == (1, 2)  # HGD001 (handed over) counts as posted
    assert t.area_m2 == pytest.approx(6 * 4500.0)
    assert t.approved_vnd == 133_456_789 and t.paid_vnd == 133_456_789
    assert (t.handed_over, t.handed_over_m2) == (2, pytest.approx(4 * 4500.0))
    assert (t.donated, t.donated_value_vnd, t.blocked) == (1, 35_000_000, 2)
    assert [(b.code, b.flag.value, b.cause, b.owner) for b in pf.blocked] == [
        ("HGD002", "complaint", "Không đồng ý đơn giá cây keo", "Ông Tuấn (tổ GPMB)"),
        ("HGD003", "enforcement", "Không chấp hành kiểm đếm", "UBND xã Thanh Lâm"),
    ]
    assert (pf.campaign_day, pf.campaign_length) == (10, 30)


def test_handed_over_km_is_continuous_true_length(snap):
    """Km handed over = road free of land not yet handed over (true metres), split by commune."""
    pf = progress_figures(snap, DAY)
    # still held: HGD002 at 500–650 m, HGD003 at 1250–1400 m of a 2 000 m road
    assert [(s.d0, s.d1) for s in pf.ready_stretches] == [(0.0, 500.0), (650.0, 1250.0), (1400.0, 2000.0)]
    assert pf.cumulative_total.handed_over_km == pytest.approx(1.7)
    assert pf.cumulative["Đạp Thanh"].handed_over_km == pytest.approx(0.85)
    assert pf.cumulative["Thanh Lâm"].handed_over_km == pytest.approx(0.85)


@pytest.mark.parametrize("day", [date(2022, 6, 4), DAY])
def test_report_km_is_the_dashboards_ready_stretches(snap, day):
    """The report's continuous km and its stretch list are the campaign dashboard's ready stretches."""
    from tl342.services.dashboard import READY_MIN_LENGTH_M, dashboard_from_snapshot

    pf = progress_figures(snap, day)
    dash = dashboard_from_snapshot(snap, day)
    assert pf.ready_stretches == list(dash.ready_stretches)
    assert pf.cumulative_total.handed_over_km * 1000 == pytest.approx(dash.ready_total_m)
    assert all(s.length_m >= READY_MIN_LENGTH_M > 0 for s in pf.ready_stretches)


def test_since_last_report_and_earlier_dates(snap):
    """The day's changes are today's handovers; a report for an earlier date uses only earlier events."""
    pf = progress_figures(snap, DAY)
    d = pf.delta_total
    assert (d.handed_over, d.households, d.paid, d.blocked) == (2, 0, 0, 0)
    assert d.handed_over_km == pytest.approx(0.6)  # 1 100 m free yesterday, 1 700 m today
    early = progress_figures(snap, date(2022, 6, 4))
    t = early.cumulative_total
    # on 4 June: HGD001 and HGD004 posted that day, HGD003 drafting its plan, HGD002 inventoried
    assert (t.notified, t.inventoried, t.posted, t.handed_over, t.blocked) == (4, 4, 2, 0, 0)
    assert progress_figures(snap, date(2022, 6, 1)).cumulative_total.notified == 2
    week = progress_figures(snap, DAY, since=date(2022, 6, 3))
    assert week.delta_total.blocked == 2 and week.delta_total.handed_over == 2


def test_million_vnd_half_up():
    """Millions are Decimal, one decimal, half rounded up (never float)."""
    assert million_vnd(133_456_789) == Decimal("133.5")
    assert million_vnd(1_250_000) == Decimal("1.3")
    assert million_vnd(1_249_999) == Decimal("1.2")


def test_xlsx_groups_rows_and_totals(snap, tmp_path):
    """Merged group headers, a row per commune and a total in both blocks, equal to progress_figures; blocked sheet."""
    from openpyxl import load_workbook

    out = tmp_path / "bao_cao.xlsx"
    facts = export_report(snap, out, ExportOptions(date=DAY))
    pf = progress_figures(snap, DAY)
    wb = load_workbook(out)
    ws = wb.worksheets[0]
    # not --public: the personal-data line first, then the Decree 30 heading, then the title
    assert ws["A1"].value.startswith("TÀI LIỆU CÓ DỮ LIỆU CÁ NHÂN")
    assert ws["A2"].value == "UBND HUYỆN BA CHẼ"
    t = next(c.row for c in ws["A"] if c.value == "BÁO CÁO TIẾN ĐỘ GIẢI PHÓNG MẶT BẰNG")
    texts = [str(c.value) for row in ws.iter_rows(max_row=t + 3) for c in row if c.value]
    assert any("Ngày thứ 10/30" in t for t in texts)
    h1 = next(c.row for c in ws["A"] if c.value == "STT")
    groups = [ws.cell(row=h1, column=c).value for c in range(3, 3 + len(COLUMNS))]
    assert [g for g in groups if g] == [g for g, _ in GROUPS]
    assert [ws.cell(row=h1 + 1, column=c).value for c in range(3, 3 + len(COLUMNS))] == [
        s for _g, s, _a, _k in COLUMNS
    ]
    merged = {str(m) for m in ws.merged_cells.ranges}
    assert f"L{h1}:N{h1}" in merged  # "Đã bàn giao": households, ha, km
    rows = {}
    for row in ws.iter_rows(min_row=h1 + 2):
        if row[1].value in ("Đạp Thanh", "Thanh Lâm", "Tổng cộng"):
            rows.setdefault(row[1].value, []).append([c.value for c in row[2 : 2 + len(COLUMNS)]])
    assert len(rows["Tổng cộng"]) == 2  # cumulative and since last report

    def close(a, b):
        return all(x == pytest.approx(float(y), abs=1e-9) for x, y in zip(a, b, strict=True))

    assert close(rows["Tổng cộng"][0], figure_row(pf.cumulative_total))
    assert close(rows["Tổng cộng"][1], figure_row(pf.delta_total))
    assert close(rows["Đạp Thanh"][0], figure_row(pf.cumulative["Đạp Thanh"]))
    assert rows["Tổng cộng"][0][0] == len(snap.households)
    assert rows["Tổng cộng"][0][1] == pytest.approx(sum(p.recovered_area_m2 for p in snap.held_parcels()) / 1e4)
    i_money = [a for _g, _s, a, _k in COLUMNS].index("approved_mvnd")
    assert rows["Tổng cộng"][0][i_money] == pytest.approx(133.5)
    assert facts["blocked"] == 2
    blocked = wb["Vướng mắc"]
    cells = [[c.value for c in row] for row in blocked.iter_rows(min_row=5, max_row=6)]
    assert cells[0][1] == "HGD002" and cells[0][6] == "Không đồng ý đơn giá cây keo"
    assert cells[1][7] == "UBND xã Thanh Lâm"


def test_pdf_title_figures_and_font(snap, tmp_path):
    """The PDF carries the Vietnamese title, campaign day, totals in millions and an embedded font."""
    from pypdf import PdfReader

    out = tmp_path / "bao_cao.pdf"
    facts = export_report(snap, out, ExportOptions(date=DAY))
    text = " ".join(pdf_text(out).split())
    assert "BÁO CÁO TIẾN ĐỘ GIẢI PHÓNG MẶT BẰNG" in text
    assert "Ngày thứ 10/30" in text and "133,5" in text and "1,70" in text
    assert "Không chấp hành kiểm đếm" in text and "Km40+650 – Km41+300" in text
    assert facts["pages"] == len(PdfReader(out).pages)
    base = {str(f.get_object()["/BaseFont"]) for p in PdfReader(out).pages
            for f in p["/Resources"]["/Font"].values()}
    assert any("DejaVuSans" in b for b in base)


@pytest.mark.parametrize("day,done", [(date(2022, 6, 9), 0), (DAY, 1)])
def test_pack_progress_page_counts_as_of_its_date(snap, tmp_path, day, done):
    """The pack's progress page counts handovers as of its date, as the dashboard's pace does."""
    from tl342.core import fmt
    from tl342.exports.pack import export_pack
    from tl342.services.dashboard import dashboard_from_snapshot

    pace = dashboard_from_snapshot(snap, day).by_commune["Đạp Thanh"]
    assert pace.handed_over.households == done
    res = export_pack(snap, tmp_path, ExportOptions(commune="Đạp Thanh", date=day))
    text = " ".join(pdf_text(Path(res["files"][0])).split())
    ha = f"{fmt.hectares(pace.handed_over.area_m2)}/{fmt.hectares(pace.area_total_m2)} ha"
    assert f"Đã bàn giao mặt bằng: {done}/{pace.households_total} hộ" in text and ha in text
