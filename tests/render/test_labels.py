"""Label placement: one index of printed boxes, candidates by priority, labels inside the
frame only, cadastral fraction labels at 1:2 000 and larger, grid labels per axis."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parents[1]))

from render_synth import X0, Y0, make_snapshot, slot_centre  # noqa: E402

DPI = 1200
MARGIN = 600.0  # device px around the frame (room for grid labels)


def _pdf(tmp_path, vp, name="m.pdf", **opts):
    """Draw one framed map (grid, labels, one index) into a PDF; returns (words, frame in pt)."""
    from pdf_words import words
    from PySide6.QtCore import QMarginsF, QRectF, QSizeF
    from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter

    from tl342.render import sheet
    from tl342.render.labels import LabelIndex
    from tl342.render.map_renderer import MapRenderer, RenderOptions

    out = tmp_path / name
    w_mm = (vp.width + 2 * MARGIN) / DPI * 25.4
    h_mm = (vp.height + 2 * MARGIN) / DPI * 25.4
    dev = QPdfWriter(str(out))
    dev.setResolution(DPI)
    dev.setPageSize(QPageSize(QSizeF(w_mm, h_mm), QPageSize.Unit.Millimeter))
    dev.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    p = QPainter(dev)
    frame = QRectF(MARGIN, MARGIN, vp.width, vp.height)
    r = MapRenderer(make_snapshot())
    ropts = RenderOptions(**({"unit": DPI / 96, "print_mode": True} | opts))
    sheet.draw_map_frame(p, frame, r, vp, ropts, DPI / 96, labels=LabelIndex(200))
    p.end()
    k = 72 / DPI
    page_h = h_mm / 25.4 * 72
    # pdf y is up: the frame's top in points from the bottom
    fr = (
        frame.left() * k,
        page_h - frame.bottom() * k,
        frame.right() * k,
        page_h - frame.top() * k,
    )
    return words(out), fr, r


def _vp(scale, rotation=0.0, centre=None, w=4000, h=3000):
    from tl342.render.viewport import Viewport

    cx, cy = centre or (X0 + 500, Y0)
    return Viewport(cx, cy, scale * 0.0254 / DPI, w, h, rotation)


def test_index_places_by_priority_and_leaves_out_what_fits_nowhere(qapp):
    """The Km label takes its spot first, the parcel label moves to its next candidate, a third
    label with only that spot is left out; a box outside the bounds is never placed."""
    from PySide6.QtCore import QRectF

    from tl342.render.labels import (
        PRIO_PARCEL,
        PRIO_STAKE_KM,
        Candidate,
        LabelIndex,
        Request,
        place_all,
    )

    index = LabelIndex(10, QRectF(0, 0, 100, 100))
    index.add(QRectF(0, 0, 100, 10))  # the title
    spot, other = QRectF(20, 20, 30, 10), QRectF(20, 40, 30, 10)
    drawn = []
    reqs = [
        Request(PRIO_PARCEL, [Candidate(spot), Candidate(other)], drawn.append),
        Request(PRIO_STAKE_KM, [Candidate(spot)], drawn.append),
        Request(PRIO_PARCEL, [Candidate(QRectF(25, 22, 10, 5))], drawn.append),
        Request(PRIO_PARCEL, [Candidate(QRectF(5, 5, 10, 10))], drawn.append),  # on the title
        Request(PRIO_PARCEL, [Candidate(QRectF(95, 60, 10, 5))], drawn.append),  # past the edge
    ]
    placed = place_all(index, reqs)
    assert [r.placed.box for r in placed] == [spot, other]
    assert placed[0].priority == PRIO_STAKE_KM
    boxes = index.boxes
    assert all(not a.intersects(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])


@pytest.mark.parametrize(
    ("scale", "rotation"), [(5000, 0.0), (2000, 0.0), (2000, 37.0), (1000, -20.0), (10000, 60.0)]
)
def test_map_words_never_overlap_and_stay_inside_the_frame(qapp, tmp_path, scale, rotation):
    """On a printed frame no two words overlap, and every word is wholly inside the map frame
    or wholly outside it (grid labels): no label is cut by the frame or hidden by its clip."""
    from pdf_words import overlapping_pairs

    ws, (fx0, fy0, fx1, fy1), _r = _pdf(tmp_path, _vp(scale, rotation))
    assert len(ws) > 10
    assert overlapping_pairs(ws) == []
    for w in ws:
        inside = w.x0 >= fx0 and w.x1 <= fx1 and w.y0 >= fy0 and w.y1 <= fy1
        outside = w.x1 <= fx0 or w.x0 >= fx1 or w.y1 <= fy0 or w.y0 >= fy1
        assert inside or outside, w


def test_labels_off_the_frame_are_not_written(qapp, tmp_path):
    """A frame showing only half of parcel 12/103: labels that would cross the frame edge are
    left out of the PDF, not clipped into invisible text."""
    x, y = slot_centre(3)
    ws, (fx0, fy0, fx1, fy1), _r = _pdf(tmp_path, _vp(500, 0.0, (x - 6.35, y - 3), 1200, 1200))
    for w in ws:
        touches = w.x0 < fx1 and w.x1 > fx0 and w.y0 < fy1 and w.y1 > fy0
        inside = w.x0 >= fx0 and w.x1 <= fx1 and w.y0 >= fy0 and w.y1 <= fy1
        assert inside or not touches, w


def _label_below(ws, label):
    """The words on the line under the word ``label`` (horizontally overlapping it)."""
    top = [w for w in ws if w.text == label]
    assert top, f"{label} not printed"
    t = top[0]
    return [
        w
        for w in ws
        if w.page == t.page
        and w.y1 <= t.y0 + 0.5
        and w.y1 > t.y0 - 2 * (t.y1 - t.y0)
        and w.x1 > t.x0 - 20
        and w.x0 < t.x1 + 20
    ]


def test_cadastral_fraction_label_at_1_2000_and_larger(qapp, tmp_path):
    """At 1:1 000 a parcel reads sheet/parcel over its land-use code and area (a ruled
    fraction); at 1:5 000 only sheet/parcel."""
    from tl342.render.map_renderer import area_text

    snap = make_snapshot()
    p = next(q for q in snap.parcels if q.label == "12/101")
    x, y = slot_centre(1)
    ws, _fr, _r = _pdf(tmp_path, _vp(1000, 0.0, (x, y + 25), 3000, 2500), "big.pdf")
    below = {w.text for w in _label_below(ws, "12/101")}
    assert p.land_use in below and area_text(p.area_m2) in below
    assert area_text(6400.0) == "6.400,0"
    ws, _fr, _r = _pdf(tmp_path, _vp(5000), "small.pdf")
    texts = [w.text for w in ws]
    assert any(t.startswith("12/") for t in texts)
    assert not {area_text(q.area_m2) for q in snap.parcels} & set(texts)


@pytest.mark.parametrize(("rotation", "e_edges"), [(0.0, "tb"), (60.0, "lr"), (-150.0, "tb")])
def test_grid_labels_name_their_axis_on_their_own_edges(qapp, tmp_path, rotation, e_edges):
    """Grid labels read "E …" (eastings) and "N …" (northings), each axis on its own pair of
    edges (the ones its lines cross most squarely): never both on one edge."""
    from tl342.render import decorations

    vp = _vp(5000, rotation)
    assert decorations.grid_edges(vp)[0] == (
        {"top", "bottom"} if e_edges == "tb" else {"left", "right"}
    )
    ws, (fx0, fy0, fx1, fy1), _r = _pdf(tmp_path, vp)

    def side(w):
        if w.y0 >= fy1:
            return "tb"  # above the frame (pdf y up)
        if w.y1 <= fy0:
            return "tb"
        if w.x1 <= fx0 or w.x0 >= fx1:
            return "lr"
        return "in"

    e = [side(w) for w in ws if w.text == "E"]
    n = [side(w) for w in ws if w.text == "N"]
    assert len(e) >= 2 and len(n) >= 2
    assert set(e) == {e_edges} and set(n) == {"lr" if e_edges == "tb" else "tb"}


def test_legend_says_what_it_counts(qapp):
    """The legend heads its numbers "Số hộ" (Households in English)."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QColor, QImage, QPainter

    from tl342.render import decorations

    img = QImage(600, 600, QImage.Format.Format_RGB32)
    img.fill(QColor("#ffffff"))
    calls = []

    class Spy(QPainter):
        def drawText(self, *a):  # noqa: N802 - Qt name
            calls.append(a[-1])
            return super().drawText(*a)

    p = Spy(img)
    decorations.draw_legend(p, QPointF(10, 10), 300, {"paid": 3}, "vi")
    decorations.draw_legend(p, QPointF(10, 10), 300, {"paid": 3}, "en")
    p.end()
    assert "Số hộ" in calls and "Households" in calls


def test_odd_geometry_still_renders_labels(qapp):
    """A clearance boundary given as a geometry collection and a self-intersecting (invalid)
    parcel draw without error; the other parcels keep their labels."""
    from PySide6.QtGui import QColor, QImage, QPainter
    from shapely.geometry import GeometryCollection, LineString, Polygon

    from tl342.core.model import Parcel
    from tl342.render.map_renderer import MapRenderer, RenderOptions

    snap = make_snapshot()
    snap.boundary = GeometryCollection(
        [snap.boundary, LineString([(X0, Y0 + 50), (X0 + 900, Y0 + 50)])]
    )
    x, y = slot_centre(4)
    bow = Polygon([(x - 30, y - 30), (x + 30, y + 30), (x + 30, y - 30), (x - 30, y + 30)])
    snap.parcels.append(Parcel("Đạp Thanh", "12", "999", "CLN", bow, area_m2=1800.0))
    snap._reindex()
    r = MapRenderer(snap)
    vp = _vp(2000)
    img = QImage(int(vp.width), int(vp.height), QImage.Format.Format_RGB32)
    img.fill(QColor("#ffffff"))
    p = QPainter(img)
    r.render(p, vp, RenderOptions(unit=DPI / 96, print_mode=True))
    p.end()
    assert r._boundary_pieces and len(r.label_boxes) >= 5


@pytest.mark.parametrize("rotation", [0.0, 44.0, 75.0])
def test_grid_labels_never_run_together(qapp, rotation):
    """With a grid far too dense for its labels, the labels drawn keep half a line apart and
    outside the frame (the others are left out)."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor, QFontMetricsF, QImage, QPainter

    from tl342.render import decorations, style

    unit = 200 / 96
    vp = _vp(5000, rotation, w=1500, h=1200)
    vp.m_per_px = 5000 * 0.0254 / 200
    img = QImage(1900, 1600, QImage.Format.Format_RGB32)
    img.fill(QColor("#ffffff"))
    p = QPainter(img)
    p.translate(200, 200)
    placed: list[QRectF] = []
    n = decorations.draw_grid(p, vp, spacing_m=20.0, unit=unit, placed_out=placed)
    gap = QFontMetricsF(style.font(6.0), img).height() * 0.5
    p.end()
    assert n > 30 and 4 <= len(placed) < 2 * n  # some labels had to be left out
    frame = QRectF(0, 0, vp.width, vp.height)
    for i, a in enumerate(placed):
        assert not a.intersects(frame)
        for b in placed[i + 1 :]:
            assert not a.adjusted(-gap + 0.5, -gap + 0.5, gap - 0.5, gap - 0.5).intersects(b)
