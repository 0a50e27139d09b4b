"""The one colour palette of tl342, as ``"#rrggbb"`` strings: no Qt here.

Screen and print (``render.style``, ``render.strip``), the HTML map, the posting/report tables
and the QGIS styles of the GeoPackage all read these, so one edit recolours every output.

The status palette follows the workflow through four hue families (grey/purple: notice and
inventory; yellow/amber: plan, posting, consultation, appraisal, approval; blue: recovery
decided, paid; green: handed over, bàn giao mặt bằng) and alternates light and dark within a
family, so that neighbouring steps differ by ΔE2000 ≥ 15 for normal vision and ≥ 10 under
deuteranopia and protanopia simulation (all ≥ 15.8 as chosen), and by ≥ 12 L* in grey print.
The clearance line and the complaint outline are red over a white casing (``CASING_HEX``),
which keeps them visible on every fill whatever the reader's colour vision.
tests/render/test_palette_vision.py computes all of this.
"""

from __future__ import annotations

from ..core.model import Status

STATUS_HEX: dict[Status, str] = {
    Status.PENDING: "#aaaaaa",  # grey: nothing done yet
    Status.NOTIFIED: "#ded3f2",  # light lavender
    Status.INVENTORIED: "#8a66bd",  # purple
    Status.PLAN_DRAFTED: "#f7e59b",  # pale yellow
    Status.POSTED: "#bf9312",  # dark gold
    Status.CONSULTED: "#fdd89c",  # light apricot
    Status.APPRAISED: "#a8601c",  # brown
    Status.APPROVED: "#f2a33a",  # amber
    Status.RECOVERY_DECIDED: "#b3dcf6",  # light sky blue
    Status.PAID: "#2466a3",  # blue
    Status.HANDED_OVER: "#33a65c",  # strong green
}
UNHELD_HEX = "#efefef"  # parcels no household holds (nothing to recover)

# marks and lines
DONATED_HEX = "#1a9641"
BLOCKED_HEX = "#d7191c"
BOUNDARY_HEX = "#d7191c"
ROUTE_HEX = "#202020"
COMMUNE_HEX = "#6a3d9a"
PARCEL_EDGE_HEX = "#5a5a5a"
LABEL_HEX = "#1a1a1a"
SELECTION_HEX = "#ffd700"
EQUATION_HEX = "#b2182b"
CASING_HEX = "#ffffff"  # under the clearance line and the complaint outline

# straight-line diagram cells (core.handover.CELL_STATES)
STRIP_HEX: dict[str, str] = {
    "handed_over": STATUS_HEX[Status.HANDED_OVER],
    "paid": STATUS_HEX[Status.PAID],
    "approved": STATUS_HEX[Status.APPROVED],
    "blocked": BLOCKED_HEX,
    "donated": "#a6d96a",  # light green: land given freely, handover still to come
    "pending": STATUS_HEX[Status.PENDING],
    "none": "#f7f7f7",
}

# campaign burn-up chart (render.burnup): households in the handed-over green, area in teal,
# the straight lines to the target day (orange) and the last day (grey), today, the forecast
BURNUP_HEX: dict[str, str] = {
    "households": STATUS_HEX[Status.HANDED_OVER],
    "area": "#0f8b8d",  # teal, like "paid": the area line sits under the households' steps
    "target": "#e66100",
    "end": "#5a5a5a",
    "today": "#1f4e9c",
    "forecast": "#7b3294",
    "grid": "#dddddd",
    "axis": "#555555",
}

#: status names come from the one label table (core.model.LABELS)
STATUS_LABELS: dict[str, dict[Status, str]] = {
    lang: {s: s.label(lang) for s in Status} for lang in ("vi", "en")
}
MARK_LABELS: dict[str, dict[str, str]] = {
    "vi": {
        "donated": "Tự nguyện hiến đất/cây",
        "blocked": "Khiếu nại / cưỡng chế",
        "unheld": "Không thu hồi",
        "boundary": "Chỉ giới GPMB",
        "route": "Tim tuyến",
        "commune": "Ranh giới xã",
    },
    "en": {
        "donated": "Voluntary donation",
        "blocked": "Complaint / enforcement",
        "unheld": "Not recovered",
        "boundary": "Clearance boundary",
        "route": "Centreline",
        "commune": "Commune boundary",
    },
}


def status_hex(status: Status | str | None) -> str:
    """Fill colour of a household status; ``None`` (parcel nobody holds) is light grey."""
    return UNHELD_HEX if status is None else STATUS_HEX[Status(status)]


def status_label(status: Status | str, lang: str = "vi") -> str:
    """Human label of a status in ``lang`` ("vi" or "en"; anything else falls back to vi)."""
    return STATUS_LABELS.get(lang, STATUS_LABELS["vi"])[Status(status)]


def mark_label(mark: str, lang: str = "vi") -> str:
    """Legend label of a mark or line: donated, blocked, unheld, boundary, route, commune."""
    return MARK_LABELS.get(lang, MARK_LABELS["vi"])[mark]


def rgba(hex_colour: str, alpha: int = 255) -> str:
    """``"#1a9641" -> "26,150,65,255"`` (QGIS QML colour)."""
    h = hex_colour.lstrip("#")
    return f"{int(h[0:2], 16)},{int(h[2:4], 16)},{int(h[4:6], 16)},{alpha}"
