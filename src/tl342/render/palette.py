"""The one colour palette of tl342, as ``"#rrggbb"`` strings: no Qt here.

Screen and print (``render.style``, ``render.strip``), the HTML map, the posting/report tables
and the QGIS styles of the GeoPackage all read these, so one edit recolours every output.

The status palette runs from neutral greys/purples (early steps) through yellows and amber
(plan, posting, approval) to blue/teal (decided, paid) and a strong green (handed over,
bàn giao mặt bằng): luminance changes monotonically enough to read in grey print, and the
hue families (purple / amber / blue / green) stay apart for the common colour-vision
deficiencies (based on the Okabe–Ito colours).
"""

from __future__ import annotations

from ..core.model import Status

STATUS_HEX: dict[Status, str] = {
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
