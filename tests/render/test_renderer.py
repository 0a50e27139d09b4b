"""Shared QPainter renderer: style, viewport, frame drawing, level of detail, live recolour."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from render_synth import make_snapshot, slot_centre  # noqa: E402

from tl342.core.model import HouseholdState, Status  # noqa: E402


@pytest.fixture
def snap():
    return make_snapshot()


def _blend(colour, alpha_over_white=None):
    """Expected RGB of ``colour`` (with its alpha) composited over white."""
    a = colour.alpha() / 255.0 if alpha_over_white is None else alpha_over_white
    return tuple(
        round(c * a + 255 * (1 - a)) for c in (colour.red(), colour.green(), colour.blue())
    )


def _render(snap, vp, renderer=None, **kw):
    from PySide6.QtGui import QColor, QImage, QPainter

    from tl342.render.map_renderer import MapRenderer, RenderOptions

    r = renderer or MapRenderer(snap)
    img = QImage(int(vp.width), int(vp.height), QImage.Format.Format_RGB32)
    img.fill(QColor("#ffffff"))
    p = QPainter(img)
    r.render(p, vp, RenderOptions(**({"unit": 1.0, "print_mode": True} | kw)))
    p.end()
    return img, r


def _rgb(img, x, y):
    c = img.pixelColor(int(x), int(y))
    return (c.red(), c.green(), c.blue())


def _close(a, b, tol=6):
    return all(abs(x - y) <= tol for x, y in zip(a, b, strict=True))


def test_status_palette_distinct_and_labelled(qapp):
    """Every status has its own colour, handed over is a strong green, labels exist in vi/en."""
    from tl342.render.style import status_color, status_label

    names = {status_color(s).name() for s in Status}
    assert len(names) == len(Status)
    g = status_color(Status.HANDED_OVER)
    assert g.green() > 1.3 * g.red() and g.green() > 1.3 * g.blue()
    assert status_color(None).name() not in names
    assert status_label(Status.RECOVERY_DECIDED) == "Đã có QĐ thu hồi"
    assert status_label("handed_over", "en") == "Handed over"


@pytest.mark.parametrize("rotation", [0.0, 33.0, -120.0])
def test_viewport_round_trip_and_transform(qapp, rotation):
    """world → device → world returns the point; the QTransform agrees with to_device."""
    from PySide6.QtCore import QPointF

    from tl342.render.viewport import Viewport

    vp = Viewport(430_500.0, 2_345_100.0, 0.37, 800, 600, rotation)
    for x, y in [(430_512.5, 2_345_077.25), (429_900.0, 2_345_900.0)]:
        d = vp.to_device(x, y)
        wx, wy = vp.to_world(d.x(), d.y())
        assert wx == pytest.approx(x, abs=1e-6) and wy == pytest.approx(y, abs=1e-6)
        t = vp.transform(origin=(430_000.0, 2_345_000.0)).map(QPointF(x - 430_000, y - 2_345_000))
        assert t.x() == pytest.approx(d.x(), abs=1e-6) and t.y() == pytest.approx(d.y(), abs=1e-6)
    # north is up when not rotated: a point north of the centre has a smaller device y
    if rotation == 0.0:
        assert vp.to_device(vp.cx, vp.cy + 10).y() < vp.height / 2


def test_viewport_fit_zoom_pan(qapp):
    """fit shows the bounds, zoom keeps the point under the cursor, pan moves by pixels."""
    from tl342.render.viewport import Viewport

    vp = Viewport(0, 0, 1, 400, 300).fit((1000, 2000, 1400, 2100), margin=10)
    minx, miny, maxx, maxy = vp.world_rect()
    assert minx <= 1000 and maxx >= 1400 and miny <= 2000 and maxy >= 2100
    assert vp.m_per_px == pytest.approx(400 / 380)
    before = vp.to_world(50, 60)
    vp.zoom(2.0, 50, 60)
    assert vp.to_world(50, 60) == pytest.approx(before)
    assert vp.m_per_px == pytest.approx(400 / 380 / 2)
    cx = vp.cx
    vp.pan(100, 0)  # drag right: the world moves right, the centre goes west
    assert vp.cx == pytest.approx(cx - 100 * vp.m_per_px)


def test_render_fills_parcels_by_status(qapp, snap):
    """Pixels inside parcels show their household's status colour; unheld parcels are grey."""
    from tl342.render import style
    from tl342.render.viewport import Viewport

    cx, cy = slot_centre(3)
    vp = Viewport(cx, cy + 0.0, 1.0, 900, 300)
    img, _ = _render(snap, vp, show_labels=False)
    # 30 m north of each parcel centre: inside the parcel, outside the recovered strip
    for slot, status in [(3, Status.PAID), (2, Status.APPROVED), (0, Status.PENDING)]:
        x, y = slot_centre(slot)
        d = vp.to_device(x, y + 30)
        assert _close(_rgb(img, d.x(), d.y()), _blend(style.parcel_fill(status))), slot
    # inside the recovered strip the strong fill dominates
    d = vp.to_device(cx + 20, cy + 8)
    strong = _blend(style.recovered_fill(Status.PAID))
    assert sum(abs(a - b) for a, b in zip(_rgb(img, d.x(), d.y()), strong, strict=True)) < 40
    # a far-off pixel stays white
    assert _rgb(img, 5, 5) == (255, 255, 255)


def test_update_household_recolours_without_rebuild(qapp, snap):
    """A status change repaints in the new colour; no geometry or path is rebuilt."""
    from tl342.render import style
    from tl342.render.viewport import Viewport

    cx, cy = slot_centre(0)
    vp = Viewport(cx, cy, 0.5, 300, 300)
    img, r = _render(snap, vp, show_labels=False)
    d = vp.to_device(cx + 10, cy + 30)
    assert _close(_rgb(img, d.x(), d.y()), _blend(style.parcel_fill(Status.PENDING)))
    paths = list(r._paths)
    snap.states["H01"] = HouseholdState(status=Status.HANDED_OVER)
    r.update_household("H01")
    img, _ = _render(snap, vp, renderer=r, show_labels=False)
    assert _close(_rgb(img, d.x(), d.y()), _blend(style.parcel_fill(Status.HANDED_OVER)))
    assert r.builds == 1
    assert all(a is b for a, b in zip(paths, r._paths, strict=True))


def _texts(snap, vp, monkeypatch, **kw):
    from tl342.render.map_renderer import MapRenderer

    seen: list[str] = []
    orig = MapRenderer._text

    def spy(self, painter, p, text, *a, **k):
        seen.append(text)
        return orig(self, painter, p, text, *a, **k)

    monkeypatch.setattr(MapRenderer, "_text", spy)
    _render(snap, vp, **kw)
    return seen


def test_labels_follow_level_of_detail(qapp, snap, monkeypatch):
    """Parcel labels and H stakes show when zoomed in and are skipped when zoomed out."""
    from tl342.render.viewport import Viewport

    cx, cy = slot_centre(1)
    near = _texts(snap, Viewport(cx, cy, 0.3, 600, 400), monkeypatch)
    assert "12/101" in near
    assert "H1" in near or "H2" in near
    far_vp = Viewport(0, 0, 1, 600, 400).fit(snap.bounds())
    assert far_vp.m_per_px > 2
    far = _texts(snap, far_vp, monkeypatch)
    assert not [t for t in far if t.startswith("12/")]
    assert not [t for t in far if t.startswith("H")]
    assert "Km41" in far and "Km41+400 = Km41+950" in far


def test_owner_labels_use_codes_when_asked(qapp, snap, monkeypatch):
    """Close up, the second label line is the head's name, or the code with use_codes."""
    from tl342.render.viewport import Viewport

    cx, cy = slot_centre(3)
    vp = Viewport(cx, cy, 0.2, 600, 500)
    assert "Lý Văn Sáng" in _texts(snap, vp, monkeypatch)
    coded = _texts(snap, vp, monkeypatch, use_codes=True)
    assert "H03" in coded and "Lý Văn Sáng" not in coded


def test_visible_set_and_subpixel_skip(qapp, snap):
    """Only parcels intersecting the view are drawn; sub-pixel parcels are skipped."""
    from tl342.render.map_renderer import MapRenderer
    from tl342.render.viewport import Viewport

    r = MapRenderer(snap)
    cx, cy = slot_centre(0)
    near = r.visible(Viewport(cx, cy, 0.1, 200, 200))
    assert [r.parcels[i].label for i in near] == ["12/100"]
    assert len(r.visible(Viewport(cx, cy, 1.0, 4000, 4000))) == len(r.parcels)
    assert len(r.visible(Viewport(cx, cy, 500.0, 4000, 4000))) == 0


def test_parcel_at_picks_the_parcel(qapp, snap):
    """parcel_at returns the parcel under a world point and None off parcels."""
    from tl342.render.map_renderer import MapRenderer

    r = MapRenderer(snap)
    x, y = slot_centre(6)
    assert r.parcel_at(x, y).household_code == "H04"
    assert r.parcel_at(x, y + 500) is None


def test_decorations(qapp, snap):
    """Round scale-bar lengths, north follows rotation, legend draws status swatches."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QColor, QImage, QPainter

    from tl342.render import decorations, style
    from tl342.render.viewport import Viewport

    assert [decorations.nice_length(v) for v in (0.9, 3, 740, 1999)] == [0.5, 2, 500, 1000]
    assert decorations.format_length(2500) == "2,5 km"
    assert decorations.group_thousands(2345678.125, 2) == "2 345 678,12"
    n = decorations.north_direction(Viewport(0, 0, 1, 10, 10, rotation_deg=90))
    assert n == pytest.approx((1.0, 0.0), abs=1e-9)  # road running north points right
    img = QImage(300, 400, QImage.Format.Format_RGB32)
    img.fill(QColor("#ffffff"))
    p = QPainter(img)
    h = decorations.draw_legend(p, QPointF(10, 10), 250, {"handed_over": 3}, only_nonzero=True)
    p.end()
    assert 40 < h < 400
    found = {_rgb(img, x, y) for x in range(10, 40) for y in range(10, int(h))}
    want = _blend(style.recovered_fill(Status.HANDED_OVER))
    assert any(_close(c, want, 2) for c in found)


def test_grid_lines_cross_rotated_frame(qapp):
    """The VN-2000 grid draws lines across a rotated viewport too."""
    from PySide6.QtGui import QColor, QImage, QPainter

    from tl342.render import decorations
    from tl342.render.viewport import Viewport

    img = QImage(400, 300, QImage.Format.Format_RGB32)
    img.fill(QColor("#ffffff"))
    p = QPainter(img)
    vp = Viewport(430_000, 2_345_000, 1.0, 400, 300, rotation_deg=math.degrees(0.5))
    n = decorations.draw_grid(p, vp, spacing_m=100)
    p.end()
    assert n >= 6


def test_columnar_styles_match_the_snapshot(qapp, snap):
    """Per-parcel status and donated/blocked marks equal what the snapshot says of each parcel,
    also after every household's state changed (update_all)."""
    from tl342.core.model import Flag
    from tl342.render import style
    from tl342.render.map_renderer import MARK_BLOCKED, MARK_DONATED, MapRenderer

    def expected(r):
        out = []
        for p in r.parcels:
            state = snap.state_of(p.household_code)
            flags = state.flags if state is not None else frozenset()
            mark = (MARK_DONATED if Flag.DONATED in flags else 0) | (
                MARK_BLOCKED if flags & style.BLOCKING_FLAGS else 0)
            out.append((snap.status_of_parcel(p), mark))
        return out

    r = MapRenderer(snap)
    assert [(r.status_of(i), int(r._marks[i])) for i in range(len(r.parcels))] == expected(r)
    assert {st for st, _m in expected(r)} >= {None, Status.PAID, Status.PENDING}
    for code in snap.states:
        snap.states[code] = HouseholdState(status=Status.HANDED_OVER,
                                           flags=frozenset({Flag.DONATED}))
    r.update_all()
    got = [(r.status_of(i), int(r._marks[i])) for i in range(len(r.parcels))]
    assert got == expected(r)
    assert (Status.HANDED_OVER, MARK_DONATED) in got


@pytest.mark.parametrize("rotation", [0.0, 30.0])
def test_visible_set_is_the_parcels_meeting_the_view(qapp, snap, rotation):
    """The visible set (an index of the parcels' own geometries) is every parcel whose box
    meets the view, unrotated; rotated, every parcel the view polygon meets."""
    import shapely
    from shapely.geometry import Polygon

    from tl342.render.map_renderer import MapRenderer
    from tl342.render.viewport import Viewport

    r = MapRenderer(snap)
    cx, cy = slot_centre(4)
    vp = Viewport(cx, cy, 0.5, 800, 500, rotation_deg=rotation)
    view = Polygon(vp.world_corners())
    geoms = [p.geometry for p in r.parcels]
    if rotation:
        want = [i for i, g in enumerate(geoms) if g.intersects(view)]
    else:
        boxes = shapely.box(*shapely.bounds(geoms).T)
        want = [i for i, b in enumerate(boxes) if b.intersects(view)]
    got = r.visible(vp, 1.0, 0.0).tolist()
    assert got == want and 0 < len(got) < len(geoms)


def test_label_points_are_made_for_the_drawn_parcels_only(qapp, snap):
    """A frame with labels computes label points of the parcels it labels, inside each one."""
    import numpy as np
    from shapely.geometry import Point

    from tl342.render.map_renderer import MapRenderer
    from tl342.render.viewport import Viewport

    r = MapRenderer(snap)
    assert np.isnan(r._label_xy).all()  # nothing computed at build
    cx, cy = slot_centre(0)
    _render(snap, Viewport(cx, cy, 0.2, 600, 600), renderer=r)
    done = np.flatnonzero(~np.isnan(r._label_xy[:, 0]))
    assert 0 < len(done) < len(r.parcels)
    for i in done:
        assert r.parcels[i].geometry.contains(Point(r._label_xy[i]))
