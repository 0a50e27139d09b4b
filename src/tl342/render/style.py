"""Colours, pens and fonts shared by the screen map and the printed sheets.

The status palette runs from neutral greys/purples (early steps) through yellows and amber
(plan, posting, approval) to blue/teal (decided, paid) and a strong green (handed over,
bàn giao mặt bằng): luminance changes monotonically enough to read in grey print, and the
hue families (purple / amber / blue / green) stay apart for the common colour-vision
deficiencies (based on the Okabe–Ito colours).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPen

from ..core.model import Flag, Status

FONT_FAMILY = "DejaVu Sans"  # has every Vietnamese glyph; embedded in PDFs

_STATUS_HEX: dict[Status, str] = {
    Status.PENDING: "#b4b4b4",  # grey: nothing done yet
    Status.NOTIFIED: "#d4c6e6",  # light lavender
    Status.INVENTORIED: "#b19cd9",  # purple
    Status.PLAN_DRAFTED: "#f6e3a1",  # pale yellow
    Status.POSTED: "#f3d27a",
    Status.CONSULTED: "#f0c050",
    Status.APPRAISED: "#eaa92a",
    Status.APPROVED: "#e69f00",  # amber (Okabe–Ito orange)
    Status.RECOVERY_DECIDED: "#56b4e9",  # sky blue
    Status.PAID: "#0f8b8d",  # teal
    Status.HANDED_OVER: "#1a9641",  # strong green
}
UNHELD_HEX = "#efefef"  # parcels no household holds (nothing to recover)

_LABELS: dict[str, dict[Status, str]] = {
    "vi": {
        Status.PENDING: "Chưa triển khai",
        Status.NOTIFIED: "Đã thông báo",
        Status.INVENTORIED: "Đã kiểm đếm",
        Status.PLAN_DRAFTED: "Đã lập phương án",
        Status.POSTED: "Đã niêm yết",
        Status.CONSULTED: "Đã đối thoại",
        Status.APPRAISED: "Đã thẩm định",
        Status.APPROVED: "Đã phê duyệt",
        Status.RECOVERY_DECIDED: "Đã có QĐ thu hồi",
        Status.PAID: "Đã chi trả",
        Status.HANDED_OVER: "Đã bàn giao",
    },
    "en": {
        Status.PENDING: "Not started",
        Status.NOTIFIED: "Notified",
        Status.INVENTORIED: "Inventoried",
        Status.PLAN_DRAFTED: "Plan drafted",
        Status.POSTED: "Posted",
        Status.CONSULTED: "Consulted",
        Status.APPRAISED: "Appraised",
        Status.APPROVED: "Approved",
        Status.RECOVERY_DECIDED: "Recovery decided",
        Status.PAID: "Paid",
        Status.HANDED_OVER: "Handed over",
    },
}
_FLAG_LABELS = {
    "vi": {
        "donated": "Tự nguyện hiến đất/cây",
        "blocked": "Khiếu nại / cưỡng chế",
        "unheld": "Không thu hồi",
        "boundary": "Chỉ giới GPMB",
        "route": "Tim tuyến",
    },
    "en": {
        "donated": "Voluntary donation",
        "blocked": "Complaint / enforcement",
        "unheld": "Not recovered",
        "boundary": "Clearance boundary",
        "route": "Centreline",
    },
}

BLOCKING_FLAGS = frozenset({Flag.COMPLAINT, Flag.ENFORCEMENT})

# fixed colours
DONATED = QColor("#1a9641")
BLOCKED = QColor("#d7191c")
BOUNDARY = QColor("#d7191c")
ROUTE = QColor("#202020")
COMMUNE = QColor("#6a3d9a")
PARCEL_EDGE = QColor("#5a5a5a")
LABEL = QColor("#1a1a1a")
SELECTION = QColor("#ffd700")
HIGHLIGHT = QColor(228, 26, 138, 150)
EQUATION = QColor("#b2182b")


def status_color(status: Status | str | None) -> QColor:
    """Fill colour of a household status (``None`` = parcel held by nobody: light grey)."""
    if status is None:
        return QColor(UNHELD_HEX)
    return QColor(_STATUS_HEX[Status(status)])


def status_label(status: Status | str, lang: str = "vi") -> str:
    """Human label of a status in ``lang`` ("vi" or "en"; anything else falls back to vi)."""
    return _LABELS.get(lang, _LABELS["vi"])[Status(status)]


def mark_label(mark: str, lang: str = "vi") -> str:
    """Legend label of a mark: ``donated``, ``blocked``, ``unheld``, ``boundary``, ``route``."""
    return _FLAG_LABELS.get(lang, _FLAG_LABELS["vi"])[mark]


def font(point_size: float = 8.0, bold: bool = False) -> QFont:
    """DejaVu Sans at ``point_size`` points (scales with the paint device's resolution)."""
    f = QFont(FONT_FAMILY)
    f.setPointSizeF(point_size)
    f.setBold(bold)
    f.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
    return f


def pen(
    color: QColor | str, width_px: float, unit: float = 1.0, style=Qt.PenStyle.SolidLine
) -> QPen:
    """A cosmetic pen ``width_px`` screen pixels wide (× ``unit`` device pixels per pixel)."""
    p = QPen(QColor(color), max(width_px * unit, 0.0), style)
    p.setCosmetic(True)
    p.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    p.setCapStyle(
        Qt.PenCapStyle.RoundCap if style == Qt.PenStyle.SolidLine else Qt.PenCapStyle.FlatCap
    )
    return p


def commune_pen(unit: float = 1.0) -> QPen:
    return pen(COMMUNE, 2.0, unit, Qt.PenStyle.DashDotLine)


def boundary_pen(unit: float = 1.0) -> QPen:
    return pen(BOUNDARY, 1.6, unit, Qt.PenStyle.DashLine)


def route_pen(unit: float = 1.0) -> QPen:
    return pen(ROUTE, 2.0, unit)


def donated_pen(unit: float = 1.0) -> QPen:
    return pen(DONATED, 2.5, unit, Qt.PenStyle.DashLine)


def blocked_pen(unit: float = 1.0) -> QPen:
    return pen(BLOCKED, 3.5, unit)


def parcel_fill(status: Status | None) -> QColor:
    """Light fill for the whole parcel; the recovered part gets :func:`recovered_fill`."""
    c = status_color(status)
    if status is not None:
        c = QColor(c)
        c.setAlpha(110)
    return c


def recovered_fill(status: Status | None) -> QColor:
    """Strong fill of the recovered part (phần thu hồi)."""
    c = QColor(status_color(status))
    c.setAlpha(235)
    return c
