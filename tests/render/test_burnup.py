"""Campaign burn-up chart: its text stays inside the plot, on screen and on paper."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tl342.core.campaign import Campaign

START = date(2022, 11, 14)


def _burn_up(days: int, total: int = 169) -> list[dict]:
    return [
        {
            "day": d,
            "date": (START + timedelta(days=d - 1)).isoformat(),
            "households": 2 * d,
            "area_m2": 700.0 * d,
            "target_line_households": min(total * d / 15, total),
        }
        for d in range(1, days + 1)
    ]


def _texts(dpi: int, size: tuple[int, int], today_day: int, forecast: date):
    """Draw the chart on a ``dpi`` image; return (plot rectangle, {text: bounding rect})."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor, QImage, QPainter

    from tl342.exports.fonts import ensure_fonts
    from tl342.render.burnup import draw_burnup, plot_area

    ensure_fonts()
    seen: dict[str, QRectF] = {}

    class Recorder(QPainter):
        def drawText(self, *args):  # noqa: N802 - Qt API
            if len(args) == 3 and isinstance(args[0], QRectF):
                seen[args[2]] = self.boundingRect(*args)
            return super().drawText(*args)

    img = QImage(*size, QImage.Format.Format_RGB32)
    img.setDotsPerMeterX(round(dpi / 0.0254))
    img.setDotsPerMeterY(round(dpi / 0.0254))
    img.fill(QColor("#ffffff"))
    p = Recorder(img)
    rect = QRectF(0, 0, *size)
    today = START + timedelta(days=today_day - 1)
    opts = {"total_households": 169, "total_area_m2": 657_497.0, "forecast_finish": forecast}
    draw_burnup(p, rect, _burn_up(today_day), Campaign("c", START), today, opts)
    plot = plot_area(rect, opts, img)
    p.end()
    return plot, seen


@pytest.mark.parametrize(("dpi", "size"), [(96, (420, 190)), (96, (600, 220)), (300, (1300, 600))])
def test_forecast_label_stays_inside_the_plot(qapp, dpi, size):
    """'Dự báo: 14/02 →' (a forecast after day 30) sits inside the plot, clear of the
    right-hand area labels, at screen and print resolution."""
    plot, seen = _texts(dpi, size, 11, date(2023, 2, 14))
    label = seen["Dự báo: 14/02 →"]
    assert plot.left() < label.left() and label.right() <= plot.right() - 2
    assert plot.top() <= label.top() and label.bottom() <= plot.bottom()


def test_today_label_near_the_last_day_turns_left(qapp):
    """On day 29 the 'Hôm nay' label is drawn left of its line, inside the plot."""
    plot, seen = _texts(96, (420, 190), 29, date(2022, 12, 20))
    label = seen["Hôm nay (ngày 29)"]
    assert plot.left() < label.left() and label.right() <= plot.right() - 2
