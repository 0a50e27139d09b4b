"""Qt for exports: a lazily created QGuiApplication (offscreen without a display) and fonts
with every Vietnamese glyph (DejaVu Sans), so PDFs embed a font that shows "Đạp Thanh".

Nothing here imports Qt at module import time: the CLI and ``core`` stay Qt-free and fast.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..core.errors import UserError

FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".fonts",
    Path("C:/Windows/Fonts"),
    Path("/Library/Fonts"),
)
FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf")
VIETNAMESE_PROBE = "ĐạpẢẰệưƠ"
_family: str | None = None


def ensure_qt_app():
    """The running QGuiApplication, created now (offscreen when there is no display) if none."""
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    if app is None:
        if sys.platform.startswith("linux") and not (
            os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
        ):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication(["tl342"])
    return app


def ensure_fonts() -> str:
    """Make DejaVu Sans known to Qt and return the family used for maps and sheets.

    Raises :class:`UserError` when no font with the Vietnamese glyphs is available.
    """
    global _family
    ensure_qt_app()
    if _family is not None:
        return _family
    from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics

    for d in FONT_DIRS:
        for name in FONT_FILES:
            f = d / name
            if f.is_file():
                QFontDatabase.addApplicationFont(str(f))
    family = "DejaVu Sans"
    if family not in QFontDatabase.families():
        raise UserError(
            "font 'DejaVu Sans' not found, and maps need it for Vietnamese text; "
            "install fonts-dejavu-core (Debian/Ubuntu) or the DejaVu fonts"
        )
    fm = QFontMetrics(QFont(family))
    missing = [ch for ch in VIETNAMESE_PROBE if not fm.inFontUcs4(ord(ch))]
    if missing:
        raise UserError(
            f"font {family!r} lacks Vietnamese letters ({''.join(missing)}); "
            "install fonts-dejavu-core"
        )
    _family = family
    return family
