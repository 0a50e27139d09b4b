"""Burn-up chart of the campaign: households (and ha) handed over per day against the straight
lines to the target day (15) and the last day (30), with today and the forecast marked.

Shared by the dashboard and print. QtGui only.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPen

from ..core import fmt
from ..core.campaign import Campaign
from . import palette, style

HOUSEHOLDS = QColor(palette.BURNUP_HEX["households"])
AREA = QColor(palette.BURNUP_HEX["area"])
TARGET = QColor(palette.BURNUP_HEX["target"])
END = QColor(palette.BURNUP_HEX["end"])
TODAY = QColor(palette.BURNUP_HEX["today"])
FORECAST = QColor(palette.BURNUP_HEX["forecast"])
GRID = QColor(palette.BURNUP_HEX["grid"])
AXIS = QColor(palette.BURNUP_HEX["axis"])

LABELS: dict[str, dict[str, str]] = {
    "vi": {
        "households": "Hộ đã bàn giao",
        "area": "Diện tích (ha)",
        "target": "Mốc ngày {n}",
        "end": "Ngày {n}",
        "forecast": "Dự báo",
        "today": "Hôm nay",
        "day": "Ngày",
    },
    "en": {
        "households": "Households handed over",
        "area": "Area (ha)",
        "target": "Target day {n}",
        "end": "Day {n}",
        "forecast": "Forecast",
        "today": "Today",
        "day": "Day",
    },
}


def _opt(opts: Mapping[str, Any] | None, key: str, default: Any = None) -> Any:
    return opts.get(key, default) if opts else default


def _as_date(v: Any) -> date | None:
    if v is None or isinstance(v, date):
        return v
    return date.fromisoformat(str(v))


def _nice_ceiling(v: float) -> float:
    if v <= 0:
        return 1.0
    p = 10 ** math.floor(math.log10(v))
    for m in (1, 2, 2.5, 5, 10):
        if v <= m * p + 1e-9:
            return m * p
    return 10 * p  # pragma: no cover


def _total_from_lines(burn_up: Sequence[Mapping[str, Any]], campaign: Campaign) -> float:
    for b in reversed(burn_up):
        frac = min(b["day"] / campaign.target_day, 1.0) if campaign.target_day else 0
        if frac > 0:
            return float(b["target_line_households"]) / frac
    return 0.0


def plot_area(rect: QRectF, opts: Mapping[str, Any] | None = None, device=None) -> QRectF:
    """The inner plotting rectangle (axes) of :func:`draw_burnup` inside ``rect`` (text
    measured on the paint ``device`` when given: a printer's dots are not screen pixels)."""
    f = style.font(_opt(opts, "font_pt", 7.5))
    fm = QFontMetricsF(f, device) if device is not None else QFontMetricsF(f)
    h = fm.height()
    return QRectF(rect).adjusted(
        fm.horizontalAdvance("0000") + 8, h * 2 + 8, -(fm.horizontalAdvance("00,0") + 10), -(h + 6)
    )


def draw_burnup(
    painter: QPainter,
    rect: QRectF,
    burn_up: Sequence[Mapping[str, Any]],
    campaign: Campaign,
    today: date,
    opts: Mapping[str, Any] | None = None,
) -> None:
    """Draw the burn-up chart.

    ``burn_up``: ``pace()["burn_up"]`` entries (``day``, ``households``, ``area_m2``,
    ``target_line_households``; dates may be ISO strings). ``opts`` (optional):
    ``total_households``, ``total_area_m2``, ``forecast_finish`` (date or ISO),
    ``start_households`` (handed over before day 1), ``lang``, ``labels``, ``font_pt``.
    """
    rect = QRectF(rect)
    lang = _opt(opts, "lang", "vi")
    labels = dict(LABELS.get(lang, LABELS["vi"]))
    labels.update(_opt(opts, "labels", {}) or {})
    f = style.font(_opt(opts, "font_pt", 7.5))
    fm = QFontMetricsF(f, painter.device())
    plot = plot_area(rect, opts, painter.device())
    pad = 3.0  # labels inside the plot keep this far from its frame
    if plot.width() < 20 or plot.height() < 20:
        return

    total_h = float(_opt(opts, "total_households", 0) or _total_from_lines(burn_up, campaign))
    total_a = float(_opt(opts, "total_area_m2", 0) or 0)
    day_now = campaign.day(today)
    forecast = _as_date(_opt(opts, "forecast_finish"))
    fday = campaign.day(forecast) if forecast is not None else None
    # the campaign's own days (a later forecast is drawn to the edge with its date)
    xmax = max(campaign.length_days, day_now)
    ymax = _nice_ceiling(max(total_h, max((b["households"] for b in burn_up), default=0), 1))

    def X(day: float) -> float:
        return plot.left() + plot.width() * day / xmax

    def Y(h: float) -> float:
        return plot.bottom() - plot.height() * h / ymax

    painter.save()
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setFont(f)
        flags = int(Qt.TextFlag.TextDontClip)

        # grid and axes
        grid = QPen(GRID, 1.0)
        axis = QPen(AXIS, 1.0)
        step_h = ymax / 5
        for i in range(6):
            y = Y(i * step_h)
            painter.setPen(grid)
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(style.LABEL)
            txt = f"{i * step_h:g}"
            painter.drawText(
                QRectF(
                    rect.left(), y - fm.height() / 2, plot.left() - rect.left() - 4, fm.height()
                ),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter) | flags,
                txt,
            )
            if total_a > 0 and total_h > 0:
                ha = i * step_h / total_h * total_a / 1e4
                painter.setPen(AREA)
                painter.drawText(
                    QRectF(plot.right() + 4, y - fm.height() / 2, 60, fm.height()),
                    int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter) | flags,
                    fmt.number(ha, 1),
                )
        day_step = next((k for k in (5, 10, 20, 50, 100, 200, 500) if xmax / k <= 10), 1000)
        for d in range(0, xmax + 1, day_step):
            x = X(d)
            painter.setPen(grid)
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            painter.setPen(style.LABEL)
            painter.drawText(
                QRectF(x - 20, plot.bottom() + 3, 40, fm.height()),
                int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop) | flags,
                str(d),
            )
        painter.setPen(axis)
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawLine(plot.bottomLeft(), plot.topLeft())

        # the straight lines to day 15 and day 30
        if total_h > 0:
            t, n = campaign.target_day, campaign.length_days
            painter.setPen(QPen(TARGET, 1.6, Qt.PenStyle.DashLine))
            painter.drawPolyline(
                [QPointF(X(0), Y(0)), QPointF(X(t), Y(total_h)), QPointF(X(xmax), Y(total_h))]
            )
            painter.setPen(QPen(END, 1.4, Qt.PenStyle.DotLine))
            painter.drawLine(QPointF(X(0), Y(0)), QPointF(X(n), Y(total_h)))
            for d, c in ((t, TARGET), (n, END)):
                painter.setPen(QPen(c, 1.0, Qt.PenStyle.DotLine))
                painter.drawLine(QPointF(X(d), plot.top()), QPointF(X(d), plot.bottom()))

        # handed over: households (steps) and area (scaled to the household axis)
        start_h = float(_opt(opts, "start_households", burn_up[0]["households"] if burn_up else 0))
        if burn_up:
            path = QPainterPath(QPointF(X(0), Y(start_h)))
            prev = start_h
            for b in burn_up:
                path.lineTo(QPointF(X(b["day"] - 1), Y(prev)))
                path.lineTo(QPointF(X(b["day"] - 1), Y(b["households"])))
                path.lineTo(QPointF(X(b["day"]), Y(b["households"])))
                prev = b["households"]
            painter.setPen(QPen(HOUSEHOLDS, 2.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
            if total_a > 0 and total_h > 0:
                pts = [QPointF(X(b["day"]), Y(b["area_m2"] / total_a * total_h)) for b in burn_up]
                painter.setPen(QPen(AREA, 1.5))
                painter.drawPolyline(pts)

        # today and forecast
        if day_now > 0:
            x = X(min(day_now, xmax))
            painter.setPen(QPen(TODAY, 1.5))
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            painter.setPen(TODAY)
            txt = f"{labels['today']} ({labels['day'].lower()} {day_now})"
            w = fm.horizontalAdvance(txt)
            tx = x + 3 if x + 3 + w <= plot.right() - pad else max(x - 3 - w, plot.left() + pad)
            painter.drawText(
                QRectF(tx, plot.top() + 1, w + 2, fm.height()),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop) | flags,
                txt,
            )
        if fday is not None and burn_up and total_h > 0:
            done = burn_up[-1]["households"]
            x0, y0 = day_now, done
            x1, y1 = fday, total_h
            if x1 > xmax:  # clip to the chart
                y1 = y0 + (y1 - y0) * (xmax - x0) / (x1 - x0) if x1 != x0 else y1
                x1 = xmax
            painter.setPen(QPen(FORECAST, 1.6, Qt.PenStyle.DashDotLine))
            painter.drawLine(QPointF(X(x0), Y(y0)), QPointF(X(x1), Y(y1)))
            painter.setPen(FORECAST)
            txt = f"{labels['forecast']}: {forecast:%d/%m}" + (" →" if fday > xmax else "")
            w = fm.horizontalAdvance(txt)
            # inside the plot: never over the right-hand area labels or out of the top
            tx = max(min(X(x1) - w / 2, plot.right() - pad - w), plot.left() + pad)
            ty = min(max(Y(y1) - fm.height() - 2, plot.top() + pad), plot.bottom() - fm.height())
            painter.drawText(
                QRectF(tx, ty, w + 2, fm.height()),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop) | flags,
                txt,
            )

        # legend (top band)
        items = [
            (HOUSEHOLDS, Qt.PenStyle.SolidLine, labels["households"]),
            (AREA, Qt.PenStyle.SolidLine, labels["area"]),
            (TARGET, Qt.PenStyle.DashLine, labels["target"].format(n=campaign.target_day)),
            (END, Qt.PenStyle.DotLine, labels["end"].format(n=campaign.length_days)),
            (FORECAST, Qt.PenStyle.DashDotLine, labels["forecast"]),
        ]
        x = rect.left() + 4
        y = rect.top() + 2
        for color, pstyle, text in items:
            w = 18 + 4 + fm.horizontalAdvance(text) + 10
            if x + w > rect.right() and x > rect.left() + 4:
                x = rect.left() + 4
                y += fm.height() + 2
            painter.setPen(QPen(color, 2.0, pstyle))
            painter.drawLine(QPointF(x, y + fm.height() / 2), QPointF(x + 18, y + fm.height() / 2))
            painter.setPen(style.LABEL)
            painter.drawText(
                QRectF(x + 22, y, w, fm.height()),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop) | flags,
                text,
            )
            x += w
    finally:
        painter.restore()


__all__ = ["draw_burnup", "plot_area"]
