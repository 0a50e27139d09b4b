"""Screen tile cache of the parcel layer: full-extent colours, pans, recolouring, prints."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from render_synth import HOUSEHOLDS, X0, Y0, make_snapshot  # noqa: E402

from tl342.core.model import HouseholdState, Parcel, Status  # noqa: E402

W, H = 320, 200


@pytest.fixture
def snap():
    """The synthetic snapshot plus 2 m parcels, 30 m apart, of every household in turn."""
    from shapely.geometry import box

    s = make_snapshot()
    codes = [h[0] for h in HOUSEHOLDS]
    k = 0
    for row in range(5):
        for col in range(10):
            x, y = X0 + 600 + 30 * col, Y0 + 100 + 30 * row
            s.parcels.append(
                Parcel("Thanh Lâm", "20", str(k + 1), "CLN", box(x, y, x + 2, y + 2),
                       household_code=codes[k % len(codes)])
            )
            k += 1
    s._reindex()
    return s


def _frame(renderer, vp, **kw):
    from PySide6.QtGui import QColor, QImage, QPainter

    from tl342.render.map_renderer import RenderOptions

    img = QImage(int(vp.width), int(vp.height), QImage.Format.Format_RGB32)
    img.fill(QColor("#ffffff"))
    p = QPainter(img)
    renderer.render(p, vp, RenderOptions(**({"unit": 1.0, "show_labels": False} | kw)))
    p.end()
    return img


def _over_white(c):
    a = c.alpha() / 255.0
    return tuple(round(v * a + 255 * (1 - a)) for v in (c.red(), c.green(), c.blue()))


def _near(img, x, y, rgb, tol=8):
    """Whether a pixel of the 3×3 block around (x, y) has colour ``rgb``."""
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            c = img.pixelColor(int(x) + dx, int(y) + dy)
            if all(abs(a - b) <= tol for a, b in zip((c.red(), c.green(), c.blue()), rgb,
                                                     strict=True)):
                return True
    return False


def _tiny(renderer):
    return [p for p in renderer.parcels if p.sheet == "20"]


@pytest.mark.parametrize("cached", [True, False])
def test_full_extent_every_parcel_in_its_status_colour(qapp, snap, cached):
    """Zoomed out so parcels are under half a pixel, every one still shows its status colour."""
    from tl342.render import style
    from tl342.render.map_renderer import MapRenderer
    from tl342.render.viewport import Viewport

    r = MapRenderer(snap)
    vp = Viewport(0, 0, 1, W, H).fit(snap.bounds(), 10)
    assert vp.m_per_px > 4  # 2 m parcels are well below a pixel
    img = _frame(r, vp, screen_cache=cached)
    tiny = _tiny(r)
    assert len(tiny) == 50
    for p in tiny:
        c = p.geometry.centroid
        pt = vp.to_device(c.x, c.y)
        st = snap.state_of(p.household_code).status
        assert _near(img, pt.x(), pt.y(), _over_white(style.recovered_fill(st))), (p.label, st)
    assert (r.tiles.rendered > 0) == cached


def test_pan_on_cached_tiles_matches_a_fresh_frame(qapp, snap):
    """A frame panned over cached tiles equals a fresh vector frame, and reuses the tiles."""
    from tl342.render.map_renderer import MapRenderer
    from tl342.render.viewport import Viewport

    r = MapRenderer(snap)
    vp = Viewport(X0 + 700, Y0 + 100, 3.0, W, H)
    _frame(r, vp, screen_cache=True)
    drawn = r.tiles.rendered
    _frame(r, vp, screen_cache=True)
    assert r.tiles.rendered == drawn  # the same view again: images only
    vp.pan(37, -23)
    cached = _frame(r, vp, screen_cache=True)
    fresh = _frame(MapRenderer(snap), vp, screen_cache=False)
    differ = 0
    coloured = 0
    for y in range(H):
        for x in range(W):
            a, b = cached.pixelColor(x, y), fresh.pixelColor(x, y)
            if b.name() != "#ffffff":
                coloured += 1
            if max(abs(a.red() - b.red()), abs(a.green() - b.green()),
                   abs(a.blue() - b.blue())) > 40:
                differ += 1
    assert coloured > 0.05 * W * H  # the view does show parcels
    assert differ < 0.02 * W * H


def test_status_change_redraws_the_cached_tiles(qapp, snap):
    """After a status change the cached frame shows the household's new colour."""
    from tl342.render import style
    from tl342.render.map_renderer import MapRenderer
    from tl342.render.viewport import Viewport

    r = MapRenderer(snap)
    vp = Viewport(0, 0, 1, W, H).fit(snap.bounds(), 10)
    p = next(p for p in _tiny(r) if p.household_code == "H01")
    c = p.geometry.centroid
    pt = vp.to_device(c.x, c.y)
    img = _frame(r, vp, screen_cache=True)
    assert _near(img, pt.x(), pt.y(), _over_white(style.recovered_fill(Status.PENDING)))
    snap.states["H01"] = HouseholdState(status=Status.HANDED_OVER)
    r.update_household("H01")
    img = _frame(r, vp, screen_cache=True)
    assert _near(img, pt.x(), pt.y(), _over_white(style.recovered_fill(Status.HANDED_OVER)))


def test_print_and_close_zoom_stay_vector(qapp, snap):
    """Prints and close-up screen frames never come from the tile cache."""
    from tl342.render.map_renderer import MapRenderer
    from tl342.render.viewport import Viewport

    r = MapRenderer(snap)
    far = Viewport(0, 0, 1, W, H).fit(snap.bounds(), 10)
    _frame(r, far, screen_cache=True, print_mode=True)
    _frame(r, Viewport(X0 + 700, Y0 + 100, 0.5, W, H), screen_cache=True)
    assert r.tiles.rendered == 0
    _frame(r, far, screen_cache=True)
    assert r.tiles.rendered > 0
