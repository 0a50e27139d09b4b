"""No word prints over another on the sample's whole-route atlas (issue 9 §2), measured on the
PDF itself: word boxes from a pure-Python reading of the PDF (always runs) and, when poppler
is installed, from ``pdftotext -bbox`` too."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parents[1]))

from pdf_words import Word, overlapping_pairs, words  # noqa: E402

pytestmark = pytest.mark.slow


def _cli(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "tl342.cli", *args], check=True, capture_output=True)


@pytest.fixture(scope="module")
def atlas(tmp_path_factory) -> Path:
    """``tl342 --lang vi export atlas P --out a.pdf`` on ``tl342 init P --sample``."""
    d = tmp_path_factory.mktemp("atlas_words")
    _cli("init", str(d / "P"), "--sample", "--force")
    _cli("--lang", "vi", "export", "atlas", str(d / "P"), "--out", str(d / "a.pdf"))  # read in vi
    return d / "a.pdf"


@pytest.fixture(scope="module")
def atlas_words(atlas) -> list[Word]:
    return words(atlas)


def test_word_reader_sees_overlaps(qapp, tmp_path):
    """The PDF word reader finds two words printed on top of each other (so the atlas check
    can fail), and none when they sit apart."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QPainter, QPdfWriter

    from tl342.render import style

    out = tmp_path / "w.pdf"
    dev = QPdfWriter(str(out))
    dev.setResolution(1200)
    p = QPainter(dev)
    p.setFont(style.font(9))
    p.drawText(QPointF(1000, 1000), "Thửa 12/34")
    p.drawText(QPointF(1000 + p.fontMetrics().horizontalAdvance("Thửa 1"), 1050), "Km40")
    p.drawText(QPointF(1000, 3000), "Đạp Thanh")
    p.save()
    p.translate(4000, 3000)
    p.rotate(-90)
    p.drawText(QPointF(0, 0), "N 2 350 000")
    p.restore()
    p.end()
    ws = words(out)
    assert [w.text for w in ws] == ["Thửa", "12/34", "Km40", "Đạp", "Thanh", "N", "2", "350", "000"]
    rotated = ws[-1]
    assert rotated.y1 - rotated.y0 > rotated.x1 - rotated.x0  # read upwards: tall, narrow
    pairs = overlapping_pairs(ws)
    assert [{a.text, b.text} for a, b in pairs] == [{"12/34", "Km40"}]


def _poppler_words(pdf: Path) -> list[Word]:
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    out = []
    for k, page in enumerate(html.split("<page ")[1:]):
        for x0, y0, x1, y1, t in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
            page,
        ):
            out.append(Word(t, float(x0), float(y0), float(x1), float(y1), k))
    return out


def test_whole_route_atlas_has_no_overlapping_words(atlas_words):
    """0 pairs of words whose boxes overlap on the whole-route atlas (the first version had
    ~485): labels are placed, not just drawn."""
    ws = atlas_words
    assert len(ws) > 10_000  # the map labels, tables and index were all read
    pairs = overlapping_pairs(ws)
    assert not pairs, [(a.page + 1, a.text, b.text) for a, b in pairs[:20]]


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (pdftotext) not installed")
def test_whole_route_atlas_pdftotext_agrees(atlas):
    """``pdftotext -bbox`` finds no overlapping word boxes either."""
    ws = _poppler_words(atlas)
    assert len(ws) > 10_000
    pairs = overlapping_pairs(ws)
    assert not pairs, [(a.page + 1, a.text, b.text) for a, b in pairs[:20]]


def test_atlas_map_labels_stay_inside_their_frame(atlas, atlas_words):
    """No word crosses a sheet's map-frame edge: labels that do not fit inside are left out,
    not clipped into invisible text that search and copy would find."""
    from tl342.exports.mapsheet import PageWriter, sheet_frame

    pw = PageWriter(atlas.parent / "probe.pdf", "A4", True)
    frame = sheet_frame(pw.paper)
    page_h = pw.paper.height
    pw.abort()
    k = 72 / pw.paper.dpi
    fx0, fx1 = frame.left() * k, frame.right() * k
    fy0, fy1 = (page_h - frame.bottom()) * k, (page_h - frame.top()) * k
    sheets = {w.page for w in atlas_words if w.text == "TUYẾN"}  # SƠ ĐỒ DỌC TUYẾN …
    assert len(sheets) >= 40
    crossing = [
        (w.page + 1, w.text)
        for w in atlas_words
        if w.page in sheets
        and (w.x0 < fx1 and w.x1 > fx0 and w.y0 < fy1 and w.y1 > fy0)  # touches the frame
        and not (w.x0 >= fx0 and w.x1 <= fx1 and w.y0 >= fy0 and w.y1 <= fy1)  # not inside
    ]
    assert not crossing, crossing[:20]
