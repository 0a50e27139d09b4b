"""Interactive HTML map: offline, escaped, drawn by a real browser."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from test_privacy import DAY, XSS, sample_snapshot

from tl342.exports.options import ExportOptions

IMG_XSS = '<img src=x onerror="document.body.dataset.xss=1">'
SVG_NS = "http://www.w3.org/2000/svg"
CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")
                 if shutil.which(n)), None)
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium on PATH (apt-get install chromium) to render the map"
)
# opens the popup and the tooltip of the parcel of household HGD002 (name = XSS) the way a
# click and a hover do, once the map has been built
HARNESS = """
<script>
window.addEventListener("load", function () { setTimeout(function () {
  var map = null;
  for (var k in window) { if (k.indexOf("map_") === 0 && window[k] instanceof L.Map) map = window[k]; }
  map.eachLayer(function (l) {
    if (l.feature && l.feature.properties.household &&
        l.feature.properties.household.indexOf("alert") >= 0) {
      var c = l.getBounds().getCenter();
      l.fire("click", {latlng: c}, true);
      l.fire("mouseover", {latlng: c}, true);
    }
  });
  document.body.setAttribute("data-harness", "done");
}, 300); });
</script>
"""


@pytest.fixture
def html_map(tmp_path) -> tuple[Path, dict]:
    """The map of the sample, with an <img onerror> payload as the number of HGD002's parcel."""
    from tl342.exports.html import export_html

    snap = sample_snapshot()
    parcel = snap.parcels_of("HGD002")[0]
    parcel.number = IMG_XSS
    out = tmp_path / "map.html"
    facts = export_html(snap, out, ExportOptions(date=DAY))
    return out, facts


def _chromium(*args: str, timeout: float = 90) -> subprocess.CompletedProcess:
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--proxy-server=127.0.0.1:9",
         "--host-resolver-rules=MAP * ~NOTFOUND", "--virtual-time-budget=5000", *args],
        capture_output=True, text=True, timeout=timeout, check=False,
    )


def test_no_remote_reference(html_map):
    """No http(s) URL in any src/href/url(); the only "http" left is the SVG namespace name."""
    path, facts = html_map
    text = path.read_text(encoding="utf-8")
    assert facts["parcels"] == 7 and len(text) > 100_000  # Leaflet is inlined
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", text, re.I)
    assert not re.search(r"url\(\s*['\"]?\s*(https?:)?//", text, re.I)
    assert not re.search(r"@import", text)
    others = [m.start() for m in re.finditer("http", text, re.I)
              if not text.startswith(SVG_NS, m.start())]
    assert others == [], [text[i - 40 : i + 40] for i in others]
    for lib in ("jquery", "bootstrap", "awesome-markers", "font-awesome", "cdn."):
        assert lib not in text.lower()
    ours = text.split("<!-- tl342 map -->", 1)[1]  # after the inlined Leaflet library
    assert "L.geoJson(" in ours and "tileLayer" not in ours  # vector layers, no tile layer


def test_user_text_is_escaped_in_the_file(html_map):
    """Household names and parcel numbers reach the page only in escaped form."""
    path, _ = html_map
    text = path.read_text(encoding="utf-8")
    assert XSS not in text and IMG_XSS not in text
    assert "alert(1)" in text  # the name is there, escaped (JSON \\u0026lt;script\\u0026gt;...)
    assert "\\u0026lt;script\\u0026gt;alert(1)" in text


@needs_chromium
def test_chromium_draws_the_parcels_offline(html_map, tmp_path):
    """Headless chromium without network draws every vector layer as SVG paths and a non-blank image."""
    path, _ = html_map
    res = _chromium("--dump-dom", path.as_uri())
    assert res.returncode == 0, res.stderr[-2000:]
    dom = res.stdout
    # 2 communes + 1 boundary + 7 parcels + 1 centreline + 21 stake circles (100 m)
    assert len(re.findall(r"<path\b", dom)) == 32
    assert 'class="leaflet-pane leaflet-overlay-pane"' in dom
    png = tmp_path / "map.png"
    res = _chromium("--window-size=1000,700", "--hide-scrollbars", f"--screenshot={png}", path.as_uri())
    assert png.is_file() and png.stat().st_size > 5_000, res.stderr[-2000:]

    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QImage

    img = QImage(str(png))
    assert not img.isNull()
    colours = {img.pixel(x, y) for x in range(0, img.width(), 7) for y in range(0, img.height(), 7)}
    assert len(colours) > 20  # parcels in several status colours, lines, labels: not blank


@needs_chromium
def test_popup_and_tooltip_show_markup_as_text(html_map, tmp_path):
    """Clicking/hovering the parcel shows "<script>alert(1)</script>" as text; no payload runs."""
    path, _ = html_map
    probe = tmp_path / "probe.html"
    probe.write_text(path.read_text(encoding="utf-8").replace("</html>", HARNESS + "</html>"),
                     encoding="utf-8")
    res = _chromium("--dump-dom", probe.as_uri())
    dom = res.stdout
    assert 'data-harness="done"' in dom, res.stderr[-2000:]
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    body = dom[dom.index("<body"):]
    popup = body[body.index('class="leaflet-popup-content"'):]
    tooltip = body[body.index('class="leaflet-tooltip'):]
    assert escaped in popup[:3000] and escaped in tooltip[:3000]
    assert "&lt;img src=x onerror=" in popup[:3000]  # the parcel number, as text
    assert "data-xss" not in dom  # the <img onerror> never ran
    assert not re.search(r"<img[^>]*onerror", dom)
