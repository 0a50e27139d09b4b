"""Public posting list (danh sách niêm yết công khai): xlsx layout and totals, PDF text and fonts."""

from __future__ import annotations

import pytest
from test_privacy import DAY, XSS, pdf_text, sample_snapshot

from tl342.core.errors import UserError
from tl342.exports.options import ExportOptions
from tl342.exports.posting import HEADERS, export_posting


@pytest.fixture
def snap():
    """A fresh sample snapshot."""
    return sample_snapshot()


def _header_row(ws) -> int:
    for row in ws.iter_rows(min_row=1, max_row=20):
        if row[0].value == "STT":
            return row[0].row
    raise AssertionError("no header row")


def test_xlsx_layout_and_totals(snap, tmp_path):
    """One sheet per commune, the legal headers, a row per parcel, merged household cells and totals equal to the snapshot's sums."""
    from openpyxl import load_workbook

    out = tmp_path / "niem_yet.xlsx"
    facts = export_posting(snap, out, ExportOptions(date=DAY))
    assert facts["rows"] == 6 and facts["households"] == 4
    wb = load_workbook(out)
    assert wb.sheetnames == ["Đạp Thanh", "Thanh Lâm"]
    for ws in wb.worksheets:
        commune = ws.title
        # Decree 30 heading above the title: issuer left, national title and motto right
        assert ws["A1"].value == "UBND HUYỆN BA CHẼ" and ws["A2"].value == "TỔ CÔNG TÁC GPMB"
        right = [c.value for row in ws.iter_rows(max_row=3) for c in row if c.value]
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right and "Độc lập - Tự do - Hạnh phúc" in right
        t = next(c.row for c in ws["A"] if str(c.value).startswith("DANH SÁCH NIÊM YẾT CÔNG KHAI"))
        assert any(f"Xã: {commune}" == ws.cell(row=r, column=1).value for r in range(t, t + 7))
        assert any(str(ws.cell(row=r, column=1).value).startswith("Thời gian niêm yết: 30 ngày")
                   for r in range(t, t + 7))
        cells = [str(c.value) for row in ws.iter_rows() for c in row if c.value]
        assert f"XÁC NHẬN CỦA UBND XÃ {commune.upper()}" in cells and "CHỦ TỊCH" in cells
        h = _header_row(ws)
        assert tuple(c.value for c in ws[h]) == HEADERS
        codes = [c for c in snap.households if snap.household_commune(c) == commune]
        parcels = [p for c in codes for p in snap.parcels_of(c)]
        body = list(ws.iter_rows(min_row=h + 2, max_row=h + 1 + len(parcels)))
        assert [r[4].value for r in body] == sorted(p.number for p in parcels)
        total = next(r for r in ws.iter_rows(min_row=h + 2) if r[1].value == "Tổng cộng")
        assert total[0].row == h + 2 + len(parcels)
        assert total[6].value == pytest.approx(sum(p.recovered_area_m2 for p in parcels))
        assert total[7].value == sum(snap.households[c].compensation_vnd for c in codes)
        assert total[8].value == sum(snap.households[c].support_vnd for c in codes)
        assert total[9].value == sum(snap.households[c].total_vnd for c in codes)
        assert body[0][6].number_format == "#,##0.0" and body[0][7].number_format == "#,##0"
        assert body[0][0].border.left.style == "thin"
        assert ws.print_title_rows == f"${h}:${h + 1}"
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    dt = wb["Đạp Thanh"]
    h = _header_row(dt)
    # HGD001 holds two parcels: its name, amounts and note are merged over both rows
    assert f"B{h + 2}:B{h + 3}" in {str(m) for m in dt.merged_cells.ranges}
    assert f"H{h + 2}:H{h + 3}" in {str(m) for m in dt.merged_cells.ranges}
    names = [dt.cell(row=r, column=2).value for r in range(h + 2, h + 5)]
    assert names == ["Nguyễn Văn Hùng", None, XSS]  # a name is data: written as plain text


def test_one_commune_only(snap, tmp_path):
    """opts.commune (any case/diacritics) limits the list to that commune; an unknown one is a UserError."""
    from openpyxl import load_workbook

    out = tmp_path / "tl.xlsx"
    export_posting(snap, out, ExportOptions(commune="thanh lam", date=DAY))
    assert load_workbook(out).sheetnames == ["Thanh Lâm"]
    with pytest.raises(UserError, match="Kỳ Sơn"):
        export_posting(snap, tmp_path / "x.xlsx", ExportOptions(commune="Kỳ Sơn"))


def test_pdf_text_pages_and_embedded_font(snap, tmp_path):
    """The PDF carries the Vietnamese title, every name, the totals, "Trang i/N" and an embedded DejaVu font."""
    from pypdf import PdfReader

    out = tmp_path / "niem_yet.pdf"
    facts = export_posting(snap, out, ExportOptions(date=DAY))
    text = " ".join(pdf_text(out).split())
    assert "DANH SÁCH NIÊM YẾT CÔNG KHAI" in text
    for hh in snap.households.values():
        assert hh.head_name in text
    assert "Tổng cộng" in text and "178.456.789" in text  # Đạp Thanh compensation total
    n = facts["pages"]
    assert n == len(PdfReader(out).pages) >= 2
    assert f"Trang 1/{n}" in text and f"Trang {n}/{n}" in text
    fonts = {}
    for page in PdfReader(out).pages:
        for f in page["/Resources"]["/Font"].values():
            f = f.get_object()
            desc = f["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            fonts[str(f["/BaseFont"])] = "/FontFile2" in desc
    assert any("DejaVuSans" in k for k in fonts) and all(fonts.values())


def test_long_list_repeats_the_header(tmp_path):
    """A list longer than a page repeats the header row on every page."""
    from dataclasses import replace

    snap = sample_snapshot()
    base = snap.households["HGD003"]
    for i in range(60):
        code = f"HGX{i:03d}"
        snap.households[code] = replace(base, code=code, head_name=f"Hộ thử {i}")
    out = tmp_path / "long.pdf"
    facts = export_posting(snap, out, ExportOptions(commune="Thanh Lâm", date=DAY))
    assert facts["pages"] >= 3
    from pypdf import PdfReader

    for page in PdfReader(out).pages:
        assert "Họ và tên chủ hộ" in " ".join(page.extract_text().split())
