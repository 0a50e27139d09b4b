"""How the UI shows domain values: Vietnamese number formats, status names and colours, icons.

Status names and colours come from the shared renderer's style, so the table chips, the map
and the printed legend agree.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor, QIcon

from .. import resources
from ..core import fmt
from ..core.model import Flag, Regime, Status
from ..render import palette, style


# -- numbers (Vietnamese style: "1.234.567", "4.500,5") ----------------------------------------
def format_int(n: int | float) -> str:
    return fmt.integer(n)


def format_decimal(x: float, decimals: int = 1) -> str:
    return fmt.number(x, decimals)


def format_vnd(n: int) -> str:
    """``1234567 -> "1.234.567 đ"`` (VND are exact integers)."""
    return f"{format_int(n)} đ"


def format_m2(x: float) -> str:
    return f"{format_decimal(x, 1)} m²"


def format_ha(x_m2: float) -> str:
    return f"{format_decimal(x_m2 / 10_000, 2)} ha"


# -- language ------------------------------------------------------------------------------------
_LANG = ["vi"]


def ui_language() -> str:
    """The language the UI runs in ("vi" or "en"), set once by the app at start-up."""
    return _LANG[0]


def set_ui_language(lang: str) -> None:
    """The UI language, and the number style the GUI thread writes figures in (an English
    UI reads ``10.80 ha``, ``1,911 m``; exports set their own style, by their language)."""
    from ..core.fmt import NUMBER_STYLE

    _LANG[0] = "en" if lang == "en" else "vi"
    NUMBER_STYLE.set(_LANG[0])


# -- statuses and flags -------------------------------------------------------------------------
@cache
def _rules(regime: Regime):
    from ..core.workflow import load_rules

    return load_rules(regime)


def rules_for(regime: Regime):
    """The workflow rules of ``regime`` (cached)."""
    return _rules(Regime(regime))


def status_label(status: Status) -> str:
    """Short name of a household's status in the UI language ("Đã chi trả")."""
    return style.status_label(Status(status), ui_language())


def status_color(status: Status | None) -> QColor:
    """Fill colour of a status, the same the map uses."""
    return style.status_color(status)


def text_color_on(bg: QColor) -> QColor:
    """Black or white, whichever reads better on ``bg``."""
    return QColor("#000000") if bg.lightnessF() > 0.55 else QColor("#ffffff")


def flag_label(flag: Flag) -> str:
    """Short name of a flag in the UI language (core.model's label table)."""
    return Flag(flag).label(ui_language())


#: short chips of the households list's flags column, (Vietnamese, English), beside the full
#: names (core.model.LABELS, overdue_label()) that the cell's tooltip and the column header's
#: legend spell out: "Quá hạn" and "Tự nguyện hiến" must both show in a 1366 px dock
CHIP_LABELS: dict[str, tuple[str, str]] = {
    "overdue": ("Quá hạn", "Overdue"),
    Flag.COMPLAINT.value: ("KN", "Compl."),
    Flag.ENFORCEMENT.value: ("CC", "Enf."),
    Flag.DONATED.value: ("Hiến", "Donated"),
    "deposited": ("KB", "Treas."),
}
CHIP_HEX = {  # the map's colours for the same marks (render.palette); overdue in alarm red
    "overdue": "#c62828",  # red text and outline on white: late, apart from the steps
    Flag.COMPLAINT.value: palette.BLOCKED_HEX,
    Flag.ENFORCEMENT.value: palette.BLOCKED_HEX,
    Flag.DONATED.value: palette.DONATED_HEX,
    "deposited": "#5c6bc0",
}


def chip_label(key: str) -> str:
    """The short chip of a flag (a Flag value, "overdue" or "deposited") in the UI language."""
    vi, en = CHIP_LABELS[key]
    return en if ui_language() == "en" else vi


def chainage_error(text: str, exc: Exception) -> str:
    """Why ``text`` is not a usable chainage, in the UI language (the parser speaks English)."""
    if ui_language() == "en":
        return str(exc)
    return QCoreApplication.translate(
        "look", "“%1” is not a chainage on this road; write it like Km45+200"
    ).replace("%1", text.strip())


def parse_km_field(text: str) -> float:
    """A chainage typed in a field, in metres: ``45`` and ``45,5`` are kilometres (Km45+000,
    Km45+500), ``45+200`` and ``Km45+200`` as usual; a bare number of 1000 or more stays metres
    (no road here is 1000 km long). Raises UserError like the parser."""
    import re

    from ..core.chainage import parse_chainage

    s = (text or "").strip()
    if re.fullmatch(r"\d+([.,]\d+)?", s):
        value = float(s.replace(",", "."))
        if value < 1000:
            return value * 1000.0
    return parse_chainage(s)


def overdue_label() -> str:
    return QCoreApplication.translate("look", "Overdue")


# -- icons ----------------------------------------------------------------------------------------
def icon(name: str) -> QIcon:
    """The icon ``resources/icons/NAME.svg``; an unknown name raises FileNotFoundError."""
    return QIcon(str(resources.path(f"icons/{name}.svg")))
