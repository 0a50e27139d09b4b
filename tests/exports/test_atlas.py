"""Atlas: one rotated sheet per stretch of road, titled with real chainages."""

from __future__ import annotations

import math
import re
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

sys.path.insert(0, str(Path(__file__).parents[1] / "render"))

from render_synth import LENGTH, X0, Y0, make_snapshot  # noqa: E402

from tl342.core.errors import UserError  # noqa: E402
from tl342.core.progress import Cancelled, CancelToken  # noqa: E402
from tl342.exports.options import ExportOptions  # noqa: E402


def _page_texts(path: Path) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(str(path)).pages]


def test_atlas_pages_and_titles(qapp, tmp_path):
    """ceil(length / stretch) pages; a stretch across the equation shows its real chainages."""
    from tl342.exports.atlas import export_atlas

    out = tmp_path / "atlas.pdf"
    seen = []
    res = export_atlas(make_snapshot(), out, ExportOptions(), lambda d, t, m: seen.append((d, t)))
    n = math.ceil(LENGTH / 500)
    assert len(res["sheets"]) == n and res["index_pages"] == 1  # 6 parcels: one index page
    assert res["pages"] == n + 1 == len(PdfReader(str(out)).pages)
    assert seen == [(k, n + 1) for k in range(1, n + 2)]
    # 0–500 m: Km41+000, equation Km41+400 = Km41+950 at 400 m, so it ends at Km42+050
    assert res["sheets"][0] == "Km41+000 – Km42+050"
    assert res["sheets"][-1] == "Km43+050 – Km43+250"
    texts = _page_texts(out)
    assert "Km41+000 – Km42+050" in texts[0] and "tờ 1/4" in texts[0]
    assert "Km42+550 – Km43+050" in texts[2]
    assert "BẢNG KÊ THỬA ĐẤT THEO TỜ" in texts[-1] and "Trang 1/1" in texts[-1]


def test_sheets_are_signed_by_the_communes_they_cover(qapp, tmp_path):
    """An atlas or chainage-range sheet is signed by "UBND xã <name>" of the commune it
    covers, both communes when it spans the border (was a bare "UBND xã")."""
    from tl342.exports.atlas import export_atlas
    from tl342.exports.mapexport import export_map

    out = tmp_path / "atlas.pdf"
    res = export_atlas(make_snapshot(), out, ExportOptions(stretch_m=400))
    texts = _page_texts(out)[: len(res["sheets"])]
    # the border lies 500 m along: sheet 1 (0–400 m) in Đạp Thanh, sheet 2 (400–800 m) across
    assert "UBND xã Đạp Thanh" in texts[0] and "UBND xã Thanh Lâm" not in texts[0]
    assert "UBND xã Đạp Thanh" in texts[1] and "UBND xã Thanh Lâm" in texts[1]
    assert "UBND xã Đạp Thanh" not in texts[-1] and "UBND xã Thanh Lâm" in texts[-1]
    assert not any(re.search(r"UBND xã \(", t) for t in texts)
    # a chainage range across the border, and the whole road on one sheet
    for name, opts in (("r.pdf", ExportOptions(from_m=41_300.0, to_m=42_200.0)), ("w.pdf", None)):
        export_map(make_snapshot(), tmp_path / name, opts)
        text = " ".join(_page_texts(tmp_path / name))
        assert "UBND xã Đạp Thanh" in text and "UBND xã Thanh Lâm" in text, name


def _crowded_snapshot(extra: int = 150):
    """The synthetic project plus ``extra`` small parcels of H01 at the start of the road."""
    from shapely.geometry import box

    from tl342.core.model import Parcel

    snap = make_snapshot()
    for k in range(extra):
        x, y = X0 + 5 * (k % 20), Y0 + 20 + 5 * (k // 20)
        snap.parcels.append(
            Parcel(
                "Đạp Thanh",
                "15",
                str(k + 1),
                "CLN",
                box(x, y, x + 4, y + 4),
                household_code="H01",
                recovered_area_m2=16.0,
            )
        )
    snap._reindex()
    return snap


def test_atlas_ends_with_the_parcel_index_the_cut_tables_point_to(qapp, tmp_path):
    """A sheet whose table is cut points to the index at the end of the atlas ("xem bảng kê
    cuối tập, trang i"); the index (Trang i/N over its pages) lists every parcel of the atlas,
    those cut from their sheet included, with the atlas sheet it is on."""
    from tl342.exports.atlas import export_atlas

    out = tmp_path / "atlas.pdf"
    res = export_atlas(_crowded_snapshot(), out, ExportOptions(public=True))
    n, k = len(res["sheets"]), res["index_pages"]
    assert k >= 2 and res["pages"] == n + k == len(PdfReader(str(out)).pages)
    texts = _page_texts(out)
    cut = re.search(r"… còn (\d+) thửa: xem bảng kê cuối tập, trang ([\d–, ]+)", texts[0])
    assert cut and int(cut.group(1)) > 100
    index = texts[n:]
    for i, t in enumerate(index, 1):
        assert "BẢNG KÊ THỬA ĐẤT THEO TỜ" in t and f"Trang {i}/{k}" in t
    listed = " ".join(index)
    assert "15/150" in listed and "15/150" not in texts[0]  # cut from sheet 1, in the index
    first = int(re.match(r"\d+", cut.group(2)).group())
    assert re.search(r"Đạp Thanh 15/1 CLN 16,0 H01 Chưa triển khai 1\b", index[first - 1])
    assert "12/106" in listed and "Hoàng Thị Lan" not in listed  # public: codes, not names


@pytest.mark.parametrize(("d0", "d1", "angle"), [(0, 500, 0.0), (1200, 1700, 45.0)])
def test_stretch_is_rotated_to_run_left_to_right(qapp, d0, d1, angle):
    """Each frame is rotated so the stretch's start and end lie level, start on the left."""
    from tl342.exports.atlas import stretch_rotation, stretch_viewport
    from tl342.render.sheet import Paper

    snap = make_snapshot()
    route = snap.route
    assert stretch_rotation(route, d0, d1) == pytest.approx(angle, abs=1e-6)
    from PySide6.QtCore import QRectF

    paper = Paper(300, 297 / 25.4 * 300, 210 / 25.4 * 300)
    vp, n = stretch_viewport(paper, QRectF(0, 0, 2000, 1500), route, d0, d1, None)
    line = route.substring(d0, d1)
    a, b = vp.to_device(*line.coords[0]), vp.to_device(*line.coords[-1])
    assert a.y() == pytest.approx(b.y(), abs=1e-6)
    assert a.x() < b.x()
    assert 0 <= a.x() and b.x() <= 2000  # the whole stretch is on the sheet
    assert n in (1000, 2000, 2500, 5000)


def test_atlas_for_one_commune(qapp, tmp_path):
    """With a commune only stretches crossing it are printed."""
    from tl342.exports.atlas import export_atlas

    res = export_atlas(make_snapshot(), tmp_path / "a.pdf", ExportOptions(commune="Đạp Thanh"))
    # the commune ends 500 m along: sheets 0–500 and 500–1000 touch it; then the index
    assert len(res["sheets"]) == 2 and res["pages"] == 2 + res["index_pages"]
    with pytest.raises(UserError):
        export_atlas(make_snapshot(), tmp_path / "b.pdf", ExportOptions(commune="Nowhere"))


def test_atlas_cancel_deletes_partial_file(qapp, tmp_path):
    """Cancelling mid-way raises Cancelled and removes the partial PDF."""
    from tl342.exports.atlas import export_atlas

    token = CancelToken()
    out = tmp_path / "atlas.pdf"
    with pytest.raises(Cancelled):
        export_atlas(make_snapshot(), out, ExportOptions(), lambda d, t, m: token.cancel(), token)
    assert not out.exists()
