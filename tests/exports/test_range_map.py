"""A chainage-range map at a fixed scale follows the road over as many sheets as it needs."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

sys.path.insert(0, str(Path(__file__).parents[1] / "render"))

from render_synth import add_small_parcels, make_snapshot  # noqa: E402

from tl342.core.errors import UserError  # noqa: E402
from tl342.exports.options import ExportOptions  # noqa: E402


def _pages(path: Path) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(str(path)).pages]


def test_range_at_fixed_scale_covers_the_whole_range(qapp, tmp_path):
    """Km41+000 – Km42+100 at 1:2 000 is several road-following sheets whose titles chain
    from the range's start to its end, and every parcel of the range is listed on some sheet
    (one sheet centred on the range used to show a fraction of it under the full title)."""
    from tl342.exports.mapexport import export_map

    snap = make_snapshot()
    out = tmp_path / "range.pdf"
    res = export_map(snap, out, ExportOptions(from_m=41_000.0, to_m=42_100.0, scale=2000))
    assert res["scale"] == 2000 and res["sheets"] >= 3 and res["pages"] == res["sheets"]
    pages = _pages(out)
    assert len(pages) == res["pages"]
    titles = [re.search(r"DỌC TUYẾN (Km\S+ – Km\S+)", t).group(1) for t in pages]
    assert titles[0].startswith("Km41+000") and titles[-1].endswith("Km42+100")
    for a, b in zip(titles, titles[1:], strict=False):
        assert a.split(" – ")[1] == b.split(" – ")[0]  # consecutive, no gap between sheets
    assert all("Tỷ lệ 1:2.000" in t for t in pages)
    listed = set(re.findall(r"12/1\d\d", " ".join(pages)))
    from tl342.exports.atlas import parcel_ranges

    d1 = snap.route.distances_at(42_100.0)[-1]
    held = {p.label for p in snap.held_parcels() if parcel_ranges(snap)[p.key][0] <= d1}
    assert len(held) >= 4 and held <= listed and res["parcels"] == len(held)


def test_range_png_that_needs_several_sheets_is_refused(qapp, tmp_path):
    """A PNG holds one sheet: a range needing more says how many and which scale fits."""
    from tl342.exports.mapexport import export_map

    with pytest.raises(UserError, match=r"needs \d+ sheets at 1:2\.000.*--scale \d+"):
        export_map(
            make_snapshot(),
            tmp_path / "r.png",
            ExportOptions(from_m=41_000.0, to_m=42_100.0, scale=2000),
        )
    assert not (tmp_path / "r.png").exists()


def test_continuation_pages_name_the_sheet_and_use_two_tables(qapp, tmp_path):
    """A long parcel list continues on pages that repeat the sheet's project/commune line and
    set the list as two half-width tables (two header rows per page, not one stretched)."""

    from tl342.exports.mapexport import export_map

    snap = add_small_parcels(make_snapshot(), 150)
    out = tmp_path / "long.pdf"
    export_map(snap, out, ExportOptions(commune="Đạp Thanh"))
    pages = _pages(out)
    assert len(pages) >= 2
    for text in pages[1:]:
        assert "(tiếp theo)" in text and "Xã Đạp Thanh" in text
    assert pages[1].count("Chủ sử dụng") == 2
    assert "STT" in pages[0]  # the narrow first column header is not elided
