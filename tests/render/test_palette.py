"""One palette: render/palette.py is Qt-free and every output reads its colours from it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tl342.core.model import Status
from tl342.render import palette

SRC = Path(__file__).resolve().parents[2] / "src" / "tl342"


def test_palette_imports_no_qt():
    """Importing render.palette (and exports.tables that re-exports it) loads no PySide6."""
    code = (
        "import sys, tl342.render.palette, tl342.exports.tables\n"
        "print(','.join(k for k in sys.modules if k.startswith('PySide6')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_no_copy_of_status_colours_outside_palette():
    """No module but render/palette.py spells a status colour: the copies are gone."""
    colours = {h.lower() for h in palette.STATUS_HEX.values()} | {palette.UNHELD_HEX}
    for path in SRC.rglob("*.py"):
        if path.name == "palette.py":
            continue
        text = path.read_text(encoding="utf-8").lower()
        found = colours & set(re.findall(r"#[0-9a-f]{6}", text))
        assert not found, f"{path}: copies palette colours {sorted(found)}"


def test_burnup_chart_reads_its_colours_from_palette(qapp):
    """render/burnup.py spells no colour: its lines are palette.BURNUP_HEX."""
    from tl342.render import burnup

    assert not re.findall(r"#[0-9a-fA-F]{6}", (SRC / "render" / "burnup.py").read_text("utf-8"))
    for name in ("households", "area", "target", "end", "today", "forecast", "grid", "axis"):
        assert getattr(burnup, name.upper()).name() == palette.BURNUP_HEX[name]
    assert palette.BURNUP_HEX["households"] == palette.STATUS_HEX[Status.HANDED_OVER]


def test_screen_print_tables_strip_and_qgis_agree(qapp):
    """render.style, exports.tables, render.strip and the QGIS parcel style use palette hex."""
    from tl342.exports.gpkg import style_qml
    from tl342.exports.tables import status_palette
    from tl342.render import strip, style

    colours, unheld = status_palette()
    qml = style_qml("parcels")
    for s in Status:
        assert style.status_color(s).name() == palette.STATUS_HEX[s]
        assert colours[s] == palette.STATUS_HEX[s]
        assert f'value="{palette.rgba(palette.STATUS_HEX[s])}"' in qml
    assert unheld == palette.UNHELD_HEX == style.status_color(None).name()
    assert {k: c.name() for k, c in strip.STATE_COLORS.items()} == palette.STRIP_HEX
