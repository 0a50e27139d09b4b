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
