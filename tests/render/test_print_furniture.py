"""Print furniture on real sheet geometry: grid labels of rotated atlas frames, scale text."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("rotation", [0.0, 28.0, 61.0, 135.0])
def test_grid_labels_never_overlap_on_rotated_frames(qapp, rotation):
    """On a rotated frame eastings and northings share edges; no two drawn labels touch."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor, QImage, QPainter

    from tl342.render import decorations
    from tl342.render.viewport import Viewport

    w, h = 1500, 1250  # an A4 atlas frame at 200 dpi
    vp = Viewport(435_500.0, 2_354_300.0, 0.635, w, h, rotation)  # 1:5 000
    img = QImage(w + 200, h + 200, QImage.Format.Format_RGB32)
    img.fill(QColor("#ffffff"))
    p = QPainter(img)
    p.translate(100, 100)
    placed: list[QRectF] = []
    n = decorations.draw_grid(p, vp, unit=200 / 96, placed_out=placed)
    p.end()
    assert n >= 4 and len(placed) >= 4
    frame = QRectF(0, 0, w, h)
    for i, a in enumerate(placed):
        assert not a.intersects(frame)  # outside the map frame
        for b in placed[i + 1 :]:
            assert not a.intersects(b), (a, b)


def test_stake_and_equation_labels_do_not_overlap(qapp):
    """At 1:25 000 the equation label "Km41+400 = Km41+950" sits 50 m from Km42: the Km label
    moves to the other side of the road or is left out, never printed across the equation."""
    import sys
    from pathlib import Path

    from PySide6.QtGui import QColor, QImage, QPainter

    sys.path.insert(0, str(Path(__file__).parent))
    from render_synth import X0, Y0, make_snapshot

    from tl342.render.map_renderer import MapRenderer, RenderOptions
    from tl342.render.viewport import Viewport

    r = MapRenderer(make_snapshot())
    unit = 200 / 96
    vp = Viewport(X0 + 500, Y0, 25_000 * 0.0254 / 200, 1200, 800, 0.0)
    img = QImage(1200, 800, QImage.Format.Format_RGB32)
    img.fill(QColor("#ffffff"))
    p = QPainter(img)
    r.render(p, vp, RenderOptions(unit=unit, print_mode=True))
    p.end()
    boxes = r.label_boxes
    assert len(boxes) >= 2  # the equation and at least one Km label
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not a.intersects(b), (a, b)
