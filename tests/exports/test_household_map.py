"""Household sheet as a trích đo: stated scale, VN-2000 grid, the recovered part's boundary
points numbered on the map and listed (X = northing first, Y = easting)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from shapely.geometry import Polygon, box

sys.path.insert(0, str(Path(__file__).parents[1] / "render"))
sys.path.insert(0, str(Path(__file__).parents[1]))

from render_synth import make_snapshot  # noqa: E402

from tl342.core.model import Parcel  # noqa: E402
from tl342.exports.household_map import (  # noqa: E402
    boundary_points,
    fmt_coord,
    household_scale,
    point_rows,
)


def _parcel(number: str, rec) -> Parcel:
    return Parcel("Đạp Thanh", "7", number, "RSX", rec.buffer(5), recovered_geometry=rec)


def test_boundary_points_clockwise_from_north_west_shared_once():
    """A recovered rectangle gives its 4 corners clockwise from the north-west one, with side
    lengths; the neighbouring part shares two corners that keep their first numbers; a point
    on a straight side is dropped."""
    a = Polygon([(0, 0), (10, 0), (20, 0), (20, 5), (0, 5)])  # (10, 0) lies on a side
    b = box(20, 0, 30, 5)
    pts = boundary_points([_parcel("1", a), _parcel("2", b)])
    assert [(p.x, p.y) for p in pts[:4]] == [(0, 5), (20, 5), (20, 0), (0, 0)]
    assert [round(p.side_m, 6) for p in pts[:4]] == [20, 5, 20, 5]
    assert [(p.x, p.y) for p in pts[4:]] == [(30, 5), (30, 0)]
    assert [p.number for p in pts] == [1, 2, 3, 4, 5, 6]


def test_point_rows_list_northing_first():
    """Table rows read number, X = northing, Y = easting (to the cm, decimal comma)."""
    rec = box(437_800.0, 2_358_500.0, 437_810.5, 2_358_504.25)
    rows = point_rows(boundary_points([_parcel("1", rec)]))
    assert rows[0] == ["1", "2358504,25", "437800,00", "10,50"]
    assert fmt_coord(2_358_504.254) == "2358504,25"


@pytest.mark.parametrize(
    ("fitted", "stated"), [(730, 800), (2100, 2500), (4600, 5000), (7200, 8000)]
)
def test_household_scale_is_a_round_scale_at_or_above_the_fit(fitted, stated):
    """The stated scale rounds the fitted one up to a round number (the map still fits)."""
    assert household_scale(fitted) == stated


def test_household_sheet_has_scale_grid_and_numbered_points(qapp, tmp_path):
    """The household page states "Tỷ lệ 1:N", labels the grid E/N, numbers the boundary points
    on the map and lists them (every point of the table, on this page or the next), with no
    two words printed over each other."""
    from pdf_words import overlapping_pairs, words

    from tl342.exports.mapsheet import PageWriter
    from tl342.exports.options import ExportOptions
    from tl342.exports.pack import draw_household
    from tl342.render.map_renderer import MapRenderer

    snap = make_snapshot()
    code = "H02"
    pw = PageWriter(tmp_path / "hh.pdf", "A4", True)
    pw.new_page()
    draw_household(pw, snap, MapRenderer(snap), ExportOptions(), code)
    pw.close()
    ws = words(tmp_path / "hh.pdf")
    texts = [w.text for w in ws]
    i = texts.index("Tỷ")
    assert texts[i + 1] == "lệ" and texts[i + 2].startswith("1:")
    assert "E" in texts and "N" in texts and "ĐIỂM" in texts
    pts = boundary_points(sorted(snap.parcels_of(code), key=lambda p: int(p.number)))
    assert len(pts) >= 8
    for b in pts:
        assert fmt_coord(b.y) in texts and fmt_coord(b.x) in texts  # X (northing), Y
    # numbers on the map: small labels above the table's heading
    heading = next(w for w in ws if w.text == "BẢNG")
    on_map = {w.text for w in ws if w.page == 0 and w.y0 > heading.y1 and w.text.isdigit()}
    assert len({str(b.number) for b in pts} & on_map) >= len(pts) // 2, on_map
    assert overlapping_pairs(ws) == []


@pytest.mark.parametrize(("vertices", "pages"), [(28, 1), (90, 2)])
def test_points_past_the_map_table_stay_on_the_signed_page(qapp, tmp_path, vertices, pages):
    """Boundary points that do not fit under the map go first into the room under the
    sheet's tables (the page the household signs); only what fits nowhere there goes to a
    following page; every point is listed once, no words overlap."""
    from pdf_words import overlapping_pairs, words

    from tl342.exports.mapsheet import PageWriter
    from tl342.exports.options import ExportOptions
    from tl342.exports.pack import draw_household
    from tl342.render.map_renderer import MapRenderer

    snap = make_snapshot()
    parcel = snap.parcels_of("H01")[0]
    (x0, y0, x1, y1) = parcel.recovered_geometry.bounds
    # a comb-edged recovered part: many boundary points
    teeth = [
        (x0 + (x1 - x0) * k / (vertices - 3), y1 - (2.0 if k % 2 else 0.0))
        for k in range(vertices - 2)
    ]
    parcel.recovered_geometry = Polygon([(x0, y0), *teeth, (x1, y0)])
    pts = boundary_points([parcel])
    assert len(pts) == vertices
    pw = PageWriter(tmp_path / "hh.pdf", "A4", True)
    pw.new_page()
    draw_household(pw, snap, MapRenderer(snap), ExportOptions(), "H01")
    pw.close()
    assert pw.pages == pages
    ws = words(tmp_path / "hh.pdf")
    rows = {}  # point number -> pages of its table row (number, X, Y side by side)
    for i in range(1, len(ws) - 1):
        if ws[i - 1].text.isdigit() and ws[i - 1].page == ws[i].page == ws[i + 1].page:
            rows.setdefault((ws[i - 1].text, ws[i].text, ws[i + 1].text), []).append(ws[i].page)
    on = [rows.get((str(b.number), fmt_coord(b.y), fmt_coord(b.x)), []) for b in pts]
    assert all(len(p) == 1 for p in on), on  # every point listed, once
    first = sum(p == [0] for p in on)
    assert first == vertices if pages == 1 else first > 32  # past the map table's 16 rows
    assert overlapping_pairs(ws) == []
