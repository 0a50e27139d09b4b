"""The campaign command dashboard (chiến dịch 30 ngày đêm).

Header "Day N/30" with the days left to day 15 and day 30, the burn-up chart, the
straight-line diagram of the road (click: the map moves there; hover: Km and state), the
stretches ready for the contractor, deadline warnings, blocked cases and per-commune figures.
All figures come from :func:`tl342.services.dashboard.dashboard_from_snapshot` (records) on the live
snapshot, as of the model's "today"; they refresh whenever households, the project or the
date change. The main window docks it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from functools import cache
from typing import Any, TypeVar

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from ..core.campaign import Campaign
from ..core.fmt import date_vn, hectares, length, number
from ..core.handover import StripData, strip_cells
from ..core.model import CellState, Side, Status
from ..render.burnup import draw_burnup
from ..render.strip import cell_at, draw_strip, strip_hit, strip_side_at
from ..services.dashboard import Dashboard, DeadlineWarning, dashboard_from_snapshot
from .look import flag_label, rules_for, ui_language
from .project_model import ProjectModel
from .status_dialog import date_edit, from_qdate, to_qdate

OVERDUE_BG = QColor("#f8d7da")
SOON_BG = QColor("#fff3cd")


def _fmt_date(d: date | None) -> str:
    return date_vn(d) if d is not None else "–"


@cache
def _read_only_flags() -> Qt.ItemFlag:
    """A table item's default flags without "editable" (computed once: Qt's enum operators
    are slow in Python and a large project fills tens of thousands of items)."""
    return QTableWidgetItem().flags() & ~Qt.ItemFlag.ItemIsEditable


_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _item(text: Any, data: Any = None, align_right: bool = False) -> QTableWidgetItem:
    it = QTableWidgetItem(str(text))
    it.setFlags(_read_only_flags())
    if data is not None:
        it.setData(Qt.ItemDataRole.UserRole, data)
    if align_right:
        it.setTextAlignment(_RIGHT)
    return it


class _LazyTable(QTableWidget):
    """A table filled when it is first shown or read, not when its figures change: the
    deadline warnings of a large project are thousands of rows in a tab seldom open, and
    every status change refreshes the figures."""

    def __init__(self, rows: int, columns: int) -> None:
        super().__init__(rows, columns)
        self._pending: Callable[[], None] | None = None

    def set_filler(self, fill: Callable[[], None]) -> None:
        self._pending = fill
        if self.isVisible():
            self.flush()

    def flush(self) -> None:
        fill, self._pending = self._pending, None
        if fill is not None:
            fill()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.flush()
        super().showEvent(event)

    def rowCount(self) -> int:  # noqa: N802 - Qt API
        self.flush()
        return super().rowCount()

    def item(self, row: int, column: int) -> QTableWidgetItem | None:
        self.flush()
        return super().item(row, column)


_T = TypeVar("_T", bound=QTableWidget)


def _table(headers: list[str], cls: type[_T] = QTableWidget) -> _T:
    t = cls(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.verticalHeader().setVisible(False)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setAlternatingRowColors(True)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.horizontalHeader().setStretchLastSection(True)
    return t


class BurnupWidget(QWidget):
    """The burn-up chart (render.burnup) of the current figures."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumHeight(150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.campaign: Campaign | None = None
        self.today = date.today()
        self.data: Dashboard | None = None
        self.labels: dict[str, str] = {}

    def set_figures(self, campaign: Campaign | None, today: date, data: Dashboard) -> None:
        self.campaign, self.today, self.data = campaign, today, data
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(420, 190)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("white"))
        if self.campaign is not None and self.data is not None and self.data.day is not None:
            draw_burnup(
                p,
                QRectF(self.rect()),
                [asdict(b) for b in self.data.burn_up],
                self.campaign,
                self.today,
                {
                    "total_households": self.data.households_total,
                    "total_area_m2": self.data.area_total_m2,
                    "forecast_finish": self.data.forecast_finish,
                    "lang": ui_language(),
                    "labels": self.labels,
                },
            )
        p.end()


class StripWidget(QWidget):
    """The straight-line diagram. Click: ``distanceClicked(d)``; hover: tooltip with Km and state."""

    distanceClicked = Signal(float)  # true distance along the centreline (m)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setMinimumHeight(104)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.strip = StripData([], [], [], 0.0, 0.0, 0.0)
        self.labels: dict[str, str] = {}
        self.side_labels: tuple[str, str] = ("", "")
        self.last_tooltip = ""

    def set_strip(self, strip: StripData) -> None:
        self.strip = strip
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(900, 112)

    def opts(self) -> dict[str, Any]:
        return {
            "ticks": self.strip.ticks,
            "length_m": self.strip.length_m,
            "lang": ui_language(),
            "labels": self.labels,
            "side_labels": self.side_labels,
            "background": QColor("white"),
        }

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        p = QPainter(self)
        if self.strip.cells:
            draw_strip(p, QRectF(self.rect()), self.strip.cells, self.strip.equations, self.opts())
        else:
            p.fillRect(self.rect(), QColor("white"))
        p.end()

    def distance_at(self, x: float) -> float | None:
        if not self.strip.cells:
            return None
        return strip_hit(QRectF(self.rect()), x, self.strip.length_m)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        if event.button() == Qt.MouseButton.LeftButton:
            d = self.distance_at(event.position().x())
            if d is not None:
                self.distanceClicked.emit(d)
                event.accept()
                return
        super().mousePressEvent(event)

    def tooltip_at(self, x: float, y: float) -> str:
        d = self.distance_at(x)
        if d is None:
            return ""
        cell = cell_at(self.strip.cells, d)
        if cell is None:
            return ""
        side = strip_side_at(QRectF(self.rect()), y, self.opts())
        lines = [cell.label]
        sides = [side] if side is not None else [Side.LEFT, Side.RIGHT]
        for s in sides:
            name = self.side_labels[0] if s is Side.LEFT else self.side_labels[1]
            state = cell.state(s)
            codes = cell.households_left if s is Side.LEFT else cell.households_right
            text = f"{name}: {self.labels.get(state, state)}"
            if codes:
                text += " — " + ", ".join(codes[:6]) + (" …" if len(codes) > 6 else "")
            lines.append(text)
        return "\n".join(lines)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        pos = event.position()
        text = self.tooltip_at(pos.x(), pos.y())
        self.last_tooltip = text
        if text:
            QToolTip.showText(event.globalPosition().toPoint(), text, self)
        else:
            QToolTip.hideText()
        super().mouseMoveEvent(event)


class CampaignDashboard(QWidget):
    """Countdown, pace and forecast, handover along the chainage and legal deadlines."""

    def __init__(
        self, model: ProjectModel, parent: QWidget | None = None, *, deferred: bool = False
    ) -> None:
        """``deferred``: a loaded project only marks the figures :attr:`pending`; the owner
        calls :meth:`flush` (the main window does once the map is on screen)."""
        super().__init__(parent)
        self.model = model
        self.data: Dashboard | None = None
        self.deferred = deferred
        self.pending = False
        self.setObjectName("campaign_dashboard")

        self.day_label = QLabel()
        self.day_label.setObjectName("campaign_day")
        f = self.day_label.font()
        f.setPointSizeF(f.pointSizeF() * 1.5)
        f.setBold(True)
        self.day_label.setFont(f)
        self.left_label = QLabel()
        self.left_label.setWordWrap(True)
        self.as_of_label = QLabel()  # a finished campaign opens on its latest record: say so
        self.as_of_label.setObjectName("campaign_as_of")
        self.as_of_label.setWordWrap(True)
        self.as_of_label.setStyleSheet("color: #555")
        self.today_edit = date_edit(model.today)
        self.today_edit.setToolTip(self.tr("The date the campaign figures are counted for"))
        self.today_edit.dateChanged.connect(lambda q: model.set_today(from_qdate(q)))
        self.pace_label = QLabel()
        self.pace_label.setWordWrap(True)
        self.pace_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.burnup = BurnupWidget()
        self.burnup.labels = {
            "households": self.tr("Households handed over"),
            "area": self.tr("Area (ha)"),
            "target": self.tr("Target day {n}"),
            "end": self.tr("Day {n}"),
            "forecast": self.tr("Forecast"),
            "today": self.tr("Today"),
            "day": self.tr("Day"),
        }
        self.strip = StripWidget()
        self.strip.labels = {c.value: c.label(ui_language()) for c in CellState}
        self.strip.side_labels = (self.tr("Left"), self.tr("Right"))
        self.strip.setToolTip(self.tr("Click to show this place on the map"))
        self.strip.distanceClicked.connect(self._strip_clicked)

        self.ready = _table([self.tr("From"), self.tr("To"), self.tr("Length (m)")])
        self.ready.cellDoubleClicked.connect(self._ready_clicked)
        self.ready_total = QLabel()
        self.ready_total.setWordWrap(True)
        self.warnings = _table(
            [
                self.tr("Household"),
                self.tr("Step"),
                self.tr("Due"),
                self.tr("Days"),
                self.tr("State"),
            ],
            _LazyTable,
        )
        self.warnings.cellDoubleClicked.connect(lambda r, _c: self._focus_row(self.warnings, r))
        self.blocked = _table(
            [
                self.tr("Household"),
                self.tr("Case"),
                self.tr("Cause"),
                self.tr("Owner"),
                self.tr("Since"),
            ]
        )
        self.blocked.cellDoubleClicked.connect(lambda r, _c: self._focus_row(self.blocked, r))
        self.communes = _table(
            [
                self.tr("Commune"),
                self.tr("Handed over"),
                self.tr("ha"),
                self.tr("Needed a day"),
                self.tr("Forecast"),
                self.tr("On track"),
            ]
        )

        ready_page = QWidget()
        rl = QVBoxLayout(ready_page)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.ready_total)
        rl.addWidget(self.ready)
        self.tabs = QTabWidget()
        self.tabs.setUsesScrollButtons(True)  # narrow docks: scroll the tab bar
        self.tabs.setElideMode(Qt.TextElideMode.ElideRight)
        self.tabs.addTab(ready_page, self.tr("Ready"))
        self.tabs.addTab(self.warnings, self.tr("Deadlines"))
        self.tabs.addTab(self.blocked, self.tr("Blocked"))
        self.tabs.addTab(self.communes, self.tr("Communes"))

        head = QHBoxLayout()
        head.addWidget(self.day_label)
        head.addStretch(1)
        head.addWidget(self.today_edit)
        # everything scrolls, so the dock may be small on a 1366x768 screen
        content = QWidget()
        content.setMinimumHeight(560)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addLayout(head)
        layout.addWidget(self.as_of_label)
        layout.addWidget(self.left_label)
        layout.addWidget(self.pace_label)
        layout.addWidget(self.burnup, 2)
        layout.addWidget(self.strip)
        layout.addWidget(self.tabs, 3)

        model.householdsChanged.connect(self.refresh)
        model.projectLoaded.connect(self._on_loaded)
        model.dateChanged.connect(self.refresh)
        self._on_loaded()

    def _on_loaded(self) -> None:
        if self.deferred:
            self.pending = True
        else:
            self.refresh()

    def flush(self) -> None:
        """Compute the figures now if a load left them pending."""
        if self.pending:
            self.refresh()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(900, 640)

    # -- refresh ------------------------------------------------------------------------------
    def refresh(self, *_args) -> None:
        self.pending = False
        model = self.model
        today = model.today
        if self.today_edit.date() != to_qdate(today):
            self.today_edit.blockSignals(True)
            self.today_edit.setDate(to_qdate(today))
            self.today_edit.blockSignals(False)
        snap = model.snapshot
        self.data = data = dashboard_from_snapshot(snap, today)
        camp = snap.campaign
        self._fill_as_of(camp, today)
        self._fill_header(camp, data)
        self.burnup.set_figures(camp, today, data)
        self.strip.set_strip(strip_cells(snap, today))
        self._fill_ready(data)
        self._fill_warnings(data)
        self._fill_blocked(data)
        self._fill_communes(data)

    def _fill_as_of(self, camp: Campaign | None, today: date) -> None:
        latest = camp is not None and self.model.today_is_latest_record
        self.as_of_label.setVisible(latest)
        if latest:
            self.as_of_label.setText(
                self.tr(
                    "The campaign ended on %1; shown as of its latest record, %2. "
                    "Change the date on the right."
                )
                .replace("%1", f"{camp.end:%d/%m/%Y}")
                .replace("%2", f"{today:%d/%m/%Y}")
            )

    def _fill_header(self, camp: Campaign | None, data: Dashboard) -> None:
        has = camp is not None
        self.left_label.setVisible(has)
        self.pace_label.setVisible(has)
        self.burnup.setVisible(has)
        if not has:
            self.day_label.setText(self.tr("No campaign set"))
            return
        self.day_label.setText(
            self.tr("Day %1/%2")
            .replace("%1", str(data.day))
            .replace("%2", str(data.length_days))
        )
        self.left_label.setText(
            self.tr("%1 days left to day %2 · %3 days left to day %4")
            .replace("%1", str(data.days_left_to_target))
            .replace("%2", str(data.target_day))
            .replace("%3", str(data.days_left))
            .replace("%4", str(data.length_days))
        )
        ho, need = data.handed_over, data.required_per_day
        by = data.target_day if data.required_by == "target" else data.length_days
        fr = data.forecast_range or (None, None)
        if data.forecast_finish is None:
            forecast = self.tr("no forecast yet (nothing handed over since day 1)")
        else:
            forecast = (
                self.tr("forecast %1 (%2 – %3)")
                .replace("%1", _fmt_date(data.forecast_finish))
                .replace("%2", _fmt_date(fr[0]))
                .replace("%3", _fmt_date(fr[1]) if fr[1] else "…")
            )
        days = data.days_left_to_target if data.required_by == "target" else data.days_left
        total = data.households_total
        remaining = (total - ho.households) if isinstance(total, int) else None
        if days is not None and days <= 0 and remaining:
            # no day left to spread the rest over: say so instead of "149,0 a day"
            text = (
                self.tr(
                    "Handed over %1/%2 households, %3 ha · the days to day %4 are over: "
                    "%5 households not handed over, the target is missed · %6"
                )
                .replace("%1", str(ho.households))
                .replace("%2", str(total))
                .replace("%3", hectares(ho.area_m2))
                .replace("%4", str(by))
                .replace("%5", str(remaining))
                .replace("%6", forecast)
            )
            self.pace_label.setText(text)
            self.pace_label.setStyleSheet("color: #b71c1c")
            return
        text = (
            self.tr(
                "Handed over %1/%2 households, %3 ha · needed %4 households and %5 ha a day "
                "to finish by day %6 · %7"
            )
            .replace("%1", str(ho.households))
            .replace("%2", str(data.households_total))
            .replace("%3", hectares(ho.area_m2))
            .replace("%4", number(need.households, 1))
            .replace("%5", hectares(need.area_m2))
            .replace("%6", str(by))
            .replace("%7", forecast)
        )
        self.pace_label.setText(text)
        self.pace_label.setStyleSheet("" if data.ahead_of_target else "color: #b71c1c")

    def _fill_ready(self, data: Dashboard) -> None:
        rows = data.ready_stretches
        self.ready.setRowCount(len(rows))
        for r, s in enumerate(rows):
            self.ready.setItem(r, 0, _item(s.from_, s.from_m))
            self.ready.setItem(r, 1, _item(s.to, s.to_m))
            self.ready.setItem(r, 2, _item(length(s.length_m, unit=""), s.length_m, True))
        self.ready_total.setText(
            self.tr("%1 stretches ready, %2 m of road in all (at least %3 m each)")
            .replace("%1", str(len(rows)))
            .replace("%2", length(data.ready_total_m, unit=""))
            .replace("%3", length(data.ready_min_length_m, unit=""))
        )

    def _step_name(self, step: Status) -> str:
        try:
            return rules_for(self.model.snapshot.regime).step_name(Status(step), ui_language())
        except (KeyError, ValueError):
            return step

    def _rule_text(self, warning: DeadlineWarning) -> str:
        """The deadline rule's description in the UI language (the figures carry English)."""
        rules = rules_for(self.model.snapshot.regime)
        for rule in rules.deadlines:
            if rule.id == warning.rule:
                return rule.description(ui_language())
        return warning.description

    def _fill_warnings(self, data: Dashboard) -> None:
        """The tab's counts now; its rows when the table is shown (or read)."""
        self.warnings.set_filler(lambda: self._fill_warning_rows(data))
        n_over, n_soon = len(data.overdue), len(data.due_soon)
        self.tabs.setTabText(
            1, self.tr("Late %1 · soon %2").replace("%1", str(n_over)).replace("%2", str(n_soon))
        )
        self.tabs.setTabToolTip(  # the tab text is short for a narrow dock
            1,
            self.tr("Deadlines (%1 late, %2 soon)")
            .replace("%1", str(n_over))
            .replace("%2", str(n_soon)),
        )

    def _fill_warning_rows(self, data: Dashboard) -> None:
        rows = [(x, "overdue") for x in data.overdue] + [(x, "due_soon") for x in data.due_soon]
        # thousands of rows on a large project: texts and brushes made once per distinct value
        overdue_text, soon_text = self.tr("Overdue by %1 days"), self.tr("Due in %1 days")
        brushes = {"overdue": QBrush(OVERDUE_BG), "due_soon": QBrush(SOON_BG)}
        step_names: dict[Status, str] = {}
        rule_texts: dict[Any, str] = {}
        table = self.warnings
        table.setUpdatesEnabled(False)
        try:
            table.setRowCount(0)  # drop the old items at once
            table.setRowCount(len(rows))
            for r, (x, kind) in enumerate(rows):
                days = str(x.days)
                state = (overdue_text if kind == "overdue" else soon_text).replace("%1", days)
                step = x.step
                if step not in step_names:
                    step_names[step] = self._step_name(step)
                rule_key = (x.rule, x.description)
                if rule_key not in rule_texts:
                    rule_texts[rule_key] = self._rule_text(x)
                items = [
                    _item(x.household, x.household),
                    _item(step_names[step]),
                    _item(_fmt_date(x.due)),
                    _item(days, None, True),
                    _item(state),
                ]
                items[1].setToolTip(rule_texts[rule_key])
                brush = brushes[kind]
                for c, it in enumerate(items):
                    it.setBackground(brush)
                    table.setItem(r, c, it)
        finally:
            table.setUpdatesEnabled(True)

    def _fill_blocked(self, data: Dashboard) -> None:
        rows = data.blocked
        self.blocked.setRowCount(len(rows))
        for r, x in enumerate(rows):
            self.blocked.setItem(r, 0, _item(x.household, x.household))
            self.blocked.setItem(r, 1, _item(flag_label(x.flag)))
            self.blocked.setItem(r, 2, _item(x.cause or "–"))
            self.blocked.setItem(r, 3, _item(x.owner or "–"))
            self.blocked.setItem(r, 4, _item(_fmt_date(x.since)))
        self.tabs.setTabText(2, self.tr("Blocked (%1)").replace("%1", str(len(rows))))

    def _fill_communes(self, data: Dashboard) -> None:
        rows = list((data.by_commune or {}).items())
        self.communes.setRowCount(len(rows))
        for r, (name, c) in enumerate(rows):
            ho = c.handed_over
            self.communes.setItem(r, 0, _item(name))
            self.communes.setItem(
                r, 1, _item(f"{ho.households}/{c.households_total}", None, True)
            )
            self.communes.setItem(
                r,
                2,
                _item(
                    f"{hectares(ho.area_m2)}/{hectares(c.area_total_m2)}",
                    None,
                    True,
                ),
            )
            self.communes.setItem(
                r, 3, _item(number(c.required_per_day.households, 1), None, True)
            )
            self.communes.setItem(r, 4, _item(_fmt_date(c.forecast_finish)))
            ok = c.ahead_of_target
            it = _item(self.tr("yes") if ok else self.tr("behind"))
            it.setForeground(QColor("#1a7f37") if ok else QColor("#b71c1c"))
            self.communes.setItem(r, 5, it)

    # -- interaction ----------------------------------------------------------------------------
    def _strip_clicked(self, distance_m: float) -> None:
        if self.model.snapshot.route is not None:  # the true distance: no overlap ambiguity
            self.model.distanceRequested.emit(float(distance_m))

    def _ready_clicked(self, row: int, _col: int) -> None:
        it = self.ready.item(row, 0)
        if it is None:
            return
        d = self._stretch_start(row)
        if d is not None:  # the whole stretch, not just its start
            stretch = self.data.ready_stretches[row]
            self.model.stretchRequested.emit(stretch.d0, stretch.d1)
        else:
            self.model.chainageRequested.emit(float(it.data(Qt.ItemDataRole.UserRole)))

    def _stretch_start(self, row: int) -> float | None:
        """True distance where ready stretch ``row`` starts (the record carries it)."""
        stretches = self.data.ready_stretches if self.data is not None else ()
        if self.model.snapshot.route is None or row >= len(stretches):
            return None
        return stretches[row].d0

    def _focus_row(self, table: QTableWidget, row: int) -> None:
        it = table.item(row, 0)
        if it is None:
            return
        code = it.data(Qt.ItemDataRole.UserRole)
        self.model.select([code])
        self.model.focus(code)


__all__ = ["BurnupWidget", "CampaignDashboard", "StripWidget"]
