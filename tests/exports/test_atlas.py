"""Atlas: one rotated sheet per stretch of road, titled with real chainages."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

sys.path.insert(0, str(Path(__file__).parents[1] / "render"))

from render_synth import LENGTH, make_snapshot  # noqa: E402

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
    assert res["pages"] == n == len(PdfReader(str(out)).pages)
    assert seen == [(k, n) for k in range(1, n + 1)]
    # 0–500 m: Km41+000, equation Km41+400 = Km41+950 at 400 m, so it ends at Km42+050
    assert res["sheets"][0] == "Km41+000 – Km42+050"
    assert res["sheets"][-1] == "Km43+050 – Km43+250"
    texts = _page_texts(out)
    assert "Km41+000 – Km42+050" in texts[0] and "tờ 1/4" in texts[0]
    assert "Km42+550 – Km43+050" in texts[2]


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
    assert res["pages"] == 2  # the commune ends 500 m along: sheets 0–500 and 500–1000 touch it
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
