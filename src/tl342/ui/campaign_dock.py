"""A compact campaign countdown (chiến dịch 30 ngày đêm): day N/30, days left, handover pace.

The full dashboard (burn-up chart, forecast, ready stretches) belongs in
``ui/campaign_dashboard.py``; :func:`make_campaign_widget` prefers it when it exists, so the
main window never needs to change.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from ..core.model import Status
from .look import format_decimal
from .project_model import ProjectModel
from .status_dialog import date_edit, from_qdate, to_qdate


def campaign_figures(model: ProjectModel, d: date) -> dict | None:
    """The campaign's pace on ``d`` (``core.campaign.pace``), or None without a campaign."""
    snap = model.snapshot
    if snap.campaign is None:
        return None
    from ..core.campaign import pace

    handed = [
        (state.reached_on.get(Status.HANDED_OVER, d), snap.recovered_area_of(code))
        for code, state in snap.states.items()
        if state.status is Status.HANDED_OVER
    ]
    total_area = sum(snap.recovered_area_of(code) for code in snap.households)
    return pace(snap.campaign, d, handed, len(snap.households), total_area)


class CampaignDock(QWidget):
    """Day of the campaign, days left to day 15 and 30, handed over vs the pace needed."""

    def __init__(self, model: ProjectModel, parent=None) -> None:
        super().__init__(parent)
        self.model = model
        self.today = date_edit(model.today)
        self.today.setToolTip(self.tr("The date the campaign figures are counted for"))
        self.today.dateChanged.connect(lambda q: model.set_today(from_qdate(q)))

        self.day_label = QLabel()
        self.day_label.setObjectName("campaign_day")
        font = self.day_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.day_label.setFont(font)
        self.left_label = QLabel()
        self.left_label.setWordWrap(True)
        self.households_bar = QProgressBar()
        self.area_bar = QProgressBar()
        self.pace_label = QLabel()
        self.pace_label.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.tr("Today"), self.today)
        form.addRow(self.tr("Households"), self.households_bar)
        form.addRow(self.tr("Area"), self.area_bar)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.day_label)
        layout.addWidget(self.left_label)
        layout.addLayout(form)
        layout.addWidget(self.pace_label)
        layout.addStretch(1)

        model.householdsChanged.connect(self.refresh)
        model.dateChanged.connect(self.refresh)
        model.projectLoaded.connect(self.refresh)
        self.refresh()

    def refresh(self, *_args) -> None:
        model = self.model
        if self.today.date() != to_qdate(model.today):
            self.today.blockSignals(True)
            self.today.setDate(to_qdate(model.today))
            self.today.blockSignals(False)
        camp = model.snapshot.campaign
        figures = campaign_figures(model, model.today)
        has = figures is not None
        for w in (self.households_bar, self.area_bar, self.pace_label, self.left_label):
            w.setVisible(has)
        if not has:
            self.day_label.setText(self.tr("No campaign set"))
            return
        self.day_label.setText(
            self.tr("Day %1/%2")
            .replace("%1", str(camp.day(model.today)))
            .replace("%2", str(camp.length_days))
        )
        self.left_label.setText(
            self.tr("%1 days left to day %2 · %3 days left to day %4")
            .replace("%1", str(camp.days_left_to_target(model.today)))
            .replace("%2", str(camp.target_day))
            .replace("%3", str(camp.days_left(model.today)))
            .replace("%4", str(camp.length_days))
        )
        done, rem = figures["handed_over"], figures["remaining"]
        total_h = done["households"] + rem["households"]
        total_a = done["area_m2"] + rem["area_m2"]
        self.households_bar.setRange(0, max(total_h, 1))
        self.households_bar.setValue(done["households"])
        self.households_bar.setFormat(f"{done['households']}/{total_h}")
        self.area_bar.setRange(0, max(round(total_a), 1))
        self.area_bar.setValue(round(done["area_m2"]))
        self.area_bar.setFormat(
            f"{format_decimal(done['area_m2'] / 1e4, 2)}/{format_decimal(total_a / 1e4, 2)} ha"
        )
        need = figures["required_per_day"]
        rate = figures["current_rate"]
        by = camp.target_day if figures["required_by"] == "target" else camp.length_days
        text = self.tr(
            "Needed: %1 households and %2 ha a day to finish by day %3 · so far %4 a day"
        )
        text = (
            text.replace("%1", format_decimal(need["households"], 1))
            .replace("%2", format_decimal(need["area_m2"] / 1e4, 2))
            .replace("%3", str(by))
            .replace("%4", format_decimal(rate["households"], 1))
        )
        self.pace_label.setText(text)
        ok = figures["ahead_of_target"]
        self.pace_label.setStyleSheet("" if ok else "color: #b71c1c")


def make_campaign_widget(model: ProjectModel, parent=None) -> QWidget:
    """The full dashboard when ``ui/campaign_dashboard.py`` provides one, else this dock."""
    try:
        from .campaign_dashboard import CampaignDashboard
    except ImportError:
        return CampaignDock(model, parent)
    return CampaignDashboard(model, parent)


__all__ = ["CampaignDock", "campaign_figures", "make_campaign_widget"]
