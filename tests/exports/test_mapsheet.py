"""Map sheet (PDF/PNG) and commune meeting pack exports."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

sys.path.insert(0, str(Path(__file__).parents[1] / "render"))

from render_synth import HOUSEHOLDS, PRIVATE, add_small_parcels, make_snapshot  # noqa: E402

from tl342.core.errors import UserError  # noqa: E402
from tl342.core.progress import Cancelled, CancelToken  # noqa: E402
from tl342.exports.options import ExportOptions  # noqa: E402


def _text(path: Path) -> str:
    """All text of a PDF with runs of whitespace collapsed (Qt writes word by word)."""
    r = PdfReader(str(path))
    return " ".join(" ".join((p.extract_text() or "").split()) for p in r.pages)


def _has_embedded_truetype(path: Path) -> bool:
    r = PdfReader(str(path))
    for page in r.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            for desc_font in font.get("/DescendantFonts", [font]):
                desc = desc_font.get_object().get("/FontDescriptor")
                if desc is not None and "/FontFile2" in desc.get_object():
                    return True
    return False


def test_map_pdf_has_vietnamese_text_and_embedded_fonts(qapp, tmp_path):
    """A map PDF is one page with title, stakes, legend and table text, fonts embedded."""
    from tl342.exports.mapexport import export_map

    out = tmp_path / "map.pdf"
    res = export_map(make_snapshot(), out, ExportOptions(date=date(2022, 6, 10)))
    assert res == {"pages": 1, "path": str(out), "parcels": 7, "scale": res["scale"], "sheets": 1}
    text = _text(out)
    for needle in (
        "SƠ ĐỒ VỊ TRÍ THỬA ĐẤT THU HỒI",
        "Km41+000 – Km43+250",
        "Tờ/Thửa",
        "Tỷ lệ 1:",
        "Km41+400 = Km41+950",
        "Đã bàn giao",
        "Người lập",
        "Tổ công tác GPMB",
        "12/103",
        "Lý Văn Sáng",
        "2 345 000",
        "10 tháng 06 năm 2022",
    ):
        assert needle in text, needle
    assert "Thửa" in text and "Km" in text
    assert _has_embedded_truetype(out)


def test_map_fixed_scale_and_commune_extent(qapp, tmp_path):
    """A commune map at a fixed scale lists only that commune's parcels and prints its scale."""
    from tl342.exports.mapexport import export_map

    out = tmp_path / "dt.pdf"
    res = export_map(make_snapshot(), out, ExportOptions(commune="Đạp Thanh", scale=2000))
    assert res["scale"] == 2000 and res["parcels"] == 4
    text = _text(out)
    assert "Tỷ lệ 1:2.000" in text and "UBND xã Đạp Thanh" in text
    assert "Hoàng Thị Lan" not in text  # Thanh Lâm household


def test_long_table_continues_on_next_pages(qapp, tmp_path):
    """When the parcel table does not fit, it continues on following pages, numbered."""
    from tl342.exports.mapexport import export_map

    snap = add_small_parcels(make_snapshot(), 120)
    out = tmp_path / "long.pdf"
    res = export_map(snap, out, ExportOptions())
    assert res["pages"] >= 2 and res["parcels"] == 127
    assert len(PdfReader(str(out)).pages) == res["pages"]
    text = _text(out)
    assert "(tiếp theo)" in text and "15/120" in text
    n = res["pages"]
    for i, page in enumerate(PdfReader(str(out)).pages, 1):  # every page says "Trang i/N"
        assert f"Trang {i}/{n}" in " ".join((page.extract_text() or "").split()), i


def test_map_png_at_dpi(qapp, tmp_path):
    """A .png map is one A4 page at the requested resolution."""
    from PySide6.QtGui import QImage

    from tl342.exports.mapexport import export_map

    out = tmp_path / "map.png"
    res = export_map(make_snapshot(), out, ExportOptions(dpi=100, landscape=False))
    img = QImage(str(out))
    assert res["pages"] == 1
    assert (img.width(), img.height()) == (round(210 / 25.4 * 100), round(297 / 25.4 * 100))


def test_public_map_prints_codes_not_names(qapp, tmp_path):
    """With the public profile the map and its table carry household codes, no names."""
    from tl342.exports.mapexport import export_map

    out = tmp_path / "public.pdf"
    export_map(make_snapshot(), out, ExportOptions(public=True))
    text = _text(out)
    assert "Mã hộ" in text and "H03" in text
    for _code, name, *_ in HOUSEHOLDS:
        assert name not in text


def test_map_errors(qapp, tmp_path):
    """Unknown commune, a chainage inside an equation gap and a bad extension are refused."""
    from tl342.exports.mapexport import export_map

    snap = make_snapshot()
    with pytest.raises(UserError, match="Nowhere"):
        export_map(snap, tmp_path / "a.pdf", ExportOptions(commune="Nowhere"))
    with pytest.raises(UserError, match="equation"):
        export_map(snap, tmp_path / "b.pdf", ExportOptions(from_m=41_500, to_m=42_500))
    with pytest.raises(UserError, match=".pdf or .png"):
        export_map(snap, tmp_path / "c.svg", ExportOptions())
    res = export_map(snap, tmp_path / "d.pdf", ExportOptions(from_m=41_000, to_m=41_200))
    # parcels along Km41+000 – Km41+200 (12/102 starts at Km41+210: not in the range)
    assert res["parcels"] == 2 and "Km41+000 – Km41+200" in _text(tmp_path / "d.pdf")


def test_pack_one_pdf_per_commune(qapp, tmp_path):
    """The pack writes one PDF per commune with cover, overview, atlas, household and progress
    pages; an internal pack is named apart from the public one and says so on every page."""
    from tl342.exports.pack import export_pack

    res = export_pack(make_snapshot(), tmp_path, ExportOptions(date=date(2022, 6, 10)))
    names = sorted(Path(f).name for f in res["files"])
    assert names == ["Dap_Thanh_noi-bo.pdf", "Thanh_Lam_noi-bo.pdf"]
    assert res["households"] == 5
    path = tmp_path / "Dap_Thanh_noi-bo.pdf"
    text = _text(path)
    assert "PHIẾU THÔNG TIN HỘ" in text and "ngày thứ 10/30" in text
    assert "123.456.789" in text  # VND with thousands separators
    assert PRIVATE["id_card"] in text  # internal pack: the household sheet has the CCCD
    # cover + overview + 2 atlas sheets (the second touches the border) + 3 households + progress
    pages = PdfReader(str(path)).pages
    assert len(pages) == 8
    assert all(
        "KHÔNG NIÊM YẾT CÔNG KHAI" in " ".join((p.extract_text() or "").split()) for p in pages
    )
    cover = " ".join((pages[0].extract_text() or "").split())
    assert "HỒ SƠ HỌP DÂN" in cover and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cover
    assert "Độc lập - Tự do - Hạnh phúc" in cover and "XÁC NHẬN CỦA UBND XÃ ĐẠP THANH" in cover
    public = export_pack(make_snapshot(), tmp_path / "pub", ExportOptions(public=True))
    assert sorted(Path(f).name for f in public["files"]) == ["Dap_Thanh.pdf", "Thanh_Lam.pdf"]
    assert "KHÔNG NIÊM YẾT" not in _text(Path(public["files"][0]))


def test_public_pack_has_no_private_data(qapp, tmp_path):
    """With opts.public no CCCD, phone, birth year or bank account appears anywhere."""
    from tl342.exports.pack import export_pack

    res = export_pack(make_snapshot(), tmp_path, ExportOptions(public=True))
    for f in res["files"]:
        text = _text(Path(f))
        for value in PRIVATE.values():
            assert value not in text, (f, value)


def _line_tops_mm(page) -> dict[str, list[float]]:
    """Each text run of a PDF page (whitespace collapsed) -> its baselines, mm from the top."""
    top = float(page.mediabox.top)
    out: dict[str, list[float]] = {}

    def visit(text, cm, tm, _font, _size):
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        key = " ".join(text.split())
        if key:
            out.setdefault(key, []).append((top - y) * 25.4 / 72)

    page.extract_text(visitor_text=visit)
    return out


@pytest.mark.parametrize("landscape", [True, False])
def test_household_signoff_leaves_room_to_sign(qapp, tmp_path, landscape):
    """On a household sheet the sign-off blocks (CHỦ HỘ, TM. TỔ CÔNG TÁC, XÁC NHẬN CỦA UBND
    XÃ …) leave at least 30 mm between "(Ký tên, đóng dấu)" and the name line, on the page."""
    from tl342.exports.pack import export_pack

    res = export_pack(make_snapshot(), tmp_path, ExportOptions(landscape=landscape))
    page = next(
        pg for pg in PdfReader(res["files"][0]).pages if "PHIẾU" in (pg.extract_text() or "")
    )
    tops = _line_tops_mm(page)
    assert "CHỦ HỘ" in tops and "TM. TỔ CÔNG TÁC" in tops and "CHỦ TỊCH" in tops
    assert any(k.startswith("XÁC NHẬN CỦA UBND XÃ") for k in tops)
    note = max(tops["(Ký tên, đóng dấu)"])
    name = max(tops["…………………………"])
    assert name - note >= 30, (note, name)
    assert name + 3 < float(page.mediabox.top) * 25.4 / 72  # the blocks end on the page


def test_pack_cancel_removes_files(qapp, tmp_path):
    """A cancelled pack leaves no PDF behind."""
    from tl342.exports.pack import export_pack

    token = CancelToken()

    def progress(done, total, msg):
        if done >= 3:
            token.cancel()

    with pytest.raises(Cancelled):
        export_pack(make_snapshot(), tmp_path, ExportOptions(), progress, token)
    assert not list(tmp_path.glob("*.pdf"))
