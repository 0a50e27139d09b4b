"""The households list: search, filters, status chips, selection shared with the map.

Everything the filters need per household (chainage range of the recovered land, overdue
deadlines) is computed once per load or change, never per keystroke; the chainage ranges
only when the chainage filter is first used, so opening a project stays quick.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QRectF,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import UserError
from ..core.model import Flag, Status
from ..core.text import fold, matches
from .look import (
    chainage_error,
    flag_label,
    format_decimal,
    icon,
    overdue_label,
    status_color,
    status_label,
    text_color_on,
)
from .project_model import ProjectModel

CODE, NAME, COMMUNE, VILLAGE, STATUS, AREA, FLAGS = range(7)
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
CODE_ROLE = Qt.ItemDataRole.UserRole + 2


@dataclass
class _Row:
    code: str
    name: str
    commune: str
    village: str
    area_m2: float
    search_text: str  # folded once: code, name, commune, village


class HouseholdTableModel(QAbstractTableModel):
    """One row per household of the open project."""

    def __init__(self, model: ProjectModel, parent=None) -> None:
        super().__init__(parent)
        self.model = model
        self.rows: list[_Row] = []
        self.overdue: set[str] = set()
        self._row_of: dict[str, int] = {}
        model.projectLoaded.connect(self.reload)
        model.householdsChanged.connect(self.refresh)
        model.dateChanged.connect(self._refresh_overdue)
        self.reload()

    # -- data from the snapshot ---------------------------------------------------------------
    def reload(self) -> None:
        snap = self.model.snapshot
        self.beginResetModel()
        self.rows = [
            _Row(
                code=hh.code,
                name=hh.head_name,
                commune=snap.household_commune(hh.code),
                village=hh.village,
                area_m2=snap.recovered_area_of(hh.code),
                search_text=fold(
                    " ".join((hh.code, hh.head_name, snap.household_commune(hh.code), hh.village))
                ),
            )
            for hh in snap.households.values()
        ]
        self._row_of = {r.code: i for i, r in enumerate(self.rows)}
        self._ranges: dict[str, tuple[float, float]] | None = None
        self.overdue = _overdue_codes(self.model)
        self.endResetModel()

    def refresh(self, codes: list[str]) -> None:
        """Repaint only the rows whose household changed."""
        self.overdue = _overdue_codes(self.model)
        for code in codes:
            i = self._row_of.get(code)
            if i is not None:
                self.dataChanged.emit(self.index(i, 0), self.index(i, FLAGS))

    def _refresh_overdue(self) -> None:
        self.overdue = _overdue_codes(self.model)
        if self.rows:
            self.dataChanged.emit(self.index(0, FLAGS), self.index(len(self.rows) - 1, FLAGS))

    def chainage_range(self, code: str) -> tuple[float, float] | None:
        """Min/max chainage of the household's recovered land (computed once per load)."""
        if self._ranges is None:
            self._ranges = _chainage_ranges(self.model.snapshot)
        return self._ranges.get(code)

    def row_of(self, code: str) -> int | None:
        return self._row_of.get(code)

    # -- Qt model -------------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 7

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return [
                self.tr("Code"),
                self.tr("Head of household"),
                self.tr("Commune"),
                self.tr("Village"),
                self.tr("Status"),
                self.tr("Recovered m²"),
                self.tr("Flags"),
            ][section]
        return None

    def flags_text(self, code: str) -> str:
        state = self.model.snapshot.state_of(code)
        parts = [flag_label(f) for f in Flag if state and f in state.flags]
        if code in self.overdue:
            parts.append(overdue_label())
        return ", ".join(parts)

    def status(self, code: str) -> Status | None:
        state = self.model.snapshot.state_of(code)
        return state.status if state else None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        col = index.column()
        if role == CODE_ROLE:
            return row.code
        if role == Qt.ItemDataRole.DisplayRole:
            if col == STATUS:
                st = self.status(row.code)
                return status_label(st) if st else ""
            if col == AREA:
                return format_decimal(row.area_m2, 1)
            if col == FLAGS:
                return self.flags_text(row.code)
            return (row.code, row.name, row.commune, row.village)[col]
        if role == SORT_ROLE:
            if col == STATUS:
                st = self.status(row.code)
                return st.rank if st else -1
            if col == AREA:
                return row.area_m2
            return self.data(index, Qt.ItemDataRole.DisplayRole)
        if role == Qt.ItemDataRole.ToolTipRole and col in (NAME, FLAGS):
            return self.data(index, Qt.ItemDataRole.DisplayRole) or None  # when cut short
        if role == Qt.ItemDataRole.TextAlignmentRole and col == AREA:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and col == STATUS:
            return status_color(self.status(row.code))
        return None


class _Filter(QSortFilterProxyModel):
    """Search text and filters; every criterion reads the precomputed rows."""

    def __init__(self, source: HouseholdTableModel) -> None:
        super().__init__()
        self.setSourceModel(source)
        self.setSortRole(SORT_ROLE)
        self.query = ""
        self.commune = ""
        self.status: Status | None = None
        self.chainage: tuple[float | None, float | None] = (None, None)
        self.flag_filter: set[str] = set()  # Flag values and "overdue"

    def filterAcceptsRow(self, source_row: int, parent) -> bool:
        src: HouseholdTableModel = self.sourceModel()
        row = src.rows[source_row]
        if self.query and not matches(self.query, row.search_text):
            return False
        if self.commune and row.commune != self.commune:
            return False
        if self.status is not None and src.status(row.code) != self.status:
            return False
        lo, hi = self.chainage
        if lo is not None or hi is not None:
            extent = src.chainage_range(row.code)
            if extent is None:
                return False
            if lo is not None and extent[1] < lo:
                return False
            if hi is not None and extent[0] > hi:
                return False
        state = src.model.snapshot.state_of(row.code)
        for f in self.flag_filter:
            if f == "overdue":
                if row.code not in src.overdue:
                    return False
            elif state is None or Flag(f) not in state.flags:
                return False
        return True


class StatusChipDelegate(QStyledItemDelegate):
    """Draws the status as a rounded coloured chip with its name."""

    def paint(self, painter: QPainter, option, index) -> None:
        self.initStyleOption(option, index)
        bg = index.data(Qt.ItemDataRole.BackgroundRole)
        text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        # selection highlight first, then the chip on top so the colour stays readable
        opt = option
        opt.text = ""
        opt.backgroundBrush = opt.palette.base()
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(style.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        if bg is None:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = QRectF(option.rect).adjusted(3, 3, -3, -3)
        painter.setPen(bg.darker(140))
        painter.setBrush(bg)
        painter.drawRoundedRect(r, 6, 6)
        painter.setPen(text_color_on(bg))
        painter.drawText(r.adjusted(6, 0, -4, 0), Qt.AlignmentFlag.AlignVCenter, text)
        painter.restore()


class HouseholdsPanel(QWidget):
    """Search and filter households; the selection is the project's selection."""

    statusDialogRequested = Signal()  # F2 / button / context menu: change status of selection

    def __init__(self, model: ProjectModel, parent=None) -> None:
        super().__init__(parent)
        self.model = model
        self.table_model = HouseholdTableModel(model, self)
        self.proxy = _Filter(self.table_model)
        self._syncing = False

        self.search = QLineEdit(placeholderText=self.tr("Search name, code, village…"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._on_search)

        self.commune_box = QComboBox()
        self.status_box = QComboBox()
        self.status_box.addItem(self.tr("All statuses"), None)
        for st in Status:
            self.status_box.addItem(status_label(st), st.value)
        self.commune_box.currentIndexChanged.connect(self._apply_filters)
        self.status_box.currentIndexChanged.connect(self._apply_filters)

        self.from_edit = QLineEdit(placeholderText=self.tr("from Km"))
        self.to_edit = QLineEdit(placeholderText=self.tr("to Km"))
        for e in (self.from_edit, self.to_edit):
            e.setToolTip(self.tr("Chainage such as Km45+200"))
            e.editingFinished.connect(self._apply_filters)
        self.flag_boxes: dict[str, QCheckBox] = {
            Flag.DONATED.value: QCheckBox(flag_label(Flag.DONATED)),
            Flag.COMPLAINT.value: QCheckBox(flag_label(Flag.COMPLAINT)),
            "overdue": QCheckBox(overdue_label()),
        }
        for box in self.flag_boxes.values():
            box.toggled.connect(self._apply_filters)
        self.filter_error = QLabel()
        self.filter_error.setStyleSheet("color: #b71c1c")
        self.filter_error.hide()

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(CODE, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setItemDelegateForColumn(STATUS, StatusChipDelegate(self.table))
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setMinimumSectionSize(40)  # the stretched flags column may be narrow
        # the status chip must show the longest status name in full
        chip = max(self.table.fontMetrics().horizontalAdvance(status_label(st)) for st in Status)
        for col, width in ((CODE, 58), (NAME, 124), (STATUS, chip + 22), (AREA, 72), (FLAGS, 60)):
            self.table.setColumnWidth(col, width)
        # a narrow dock on 1366 px: the flags (complaint, overdue) must show next to the
        # status, so commune, village and area start hidden (they are in the filters and the
        # details); a right click on the header shows them
        for col in (COMMUNE, VILLAGE, AREA):
            self.table.setColumnHidden(col, True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection)
        self.table.doubleClicked.connect(self._on_double_click)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)

        self.status_button = QPushButton(icon("status"), self.tr("Change status… (F2)"))
        self.status_button.clicked.connect(self.statusDialogRequested)
        self.count_label = QLabel()

        # F2 itself belongs to the main window's action (one owner, no ambiguous shortcut)
        self.status_action = QAction(self.tr("Change status…"), self)
        self.status_action.triggered.connect(self.statusDialogRequested)

        filters = QHBoxLayout()
        filters.addWidget(self.commune_box, 1)
        filters.addWidget(self.status_box, 1)
        ranges = QHBoxLayout()
        ranges.addWidget(self.from_edit)
        ranges.addWidget(self.to_edit)
        flags = QHBoxLayout()
        for box in self.flag_boxes.values():
            flags.addWidget(box)
        flags.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.status_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        for part in (self.search, filters, ranges, flags, self.filter_error, self.table, bottom):
            if isinstance(part, QWidget):
                layout.addWidget(part, 1 if part is self.table else 0)
            else:
                layout.addLayout(part)

        model.projectLoaded.connect(self._on_loaded)
        model.selectionChanged.connect(self._on_model_selection)
        model.householdsChanged.connect(lambda _codes: self._apply_filters())
        self._on_loaded()

    # -- slots -----------------------------------------------------------------------------------
    def _on_loaded(self) -> None:
        current = self.commune_box.currentData()
        self.commune_box.blockSignals(True)
        self.commune_box.clear()
        self.commune_box.addItem(self.tr("All communes"), "")
        communes = sorted(
            {r.commune for r in self.table_model.rows if r.commune}
            | set(self.model.snapshot.communes)
        )
        for name in communes:
            self.commune_box.addItem(name, name)
        i = self.commune_box.findData(current)
        self.commune_box.setCurrentIndex(max(i, 0))
        self.commune_box.blockSignals(False)
        self._apply_filters()

    def _on_search(self, text: str) -> None:
        self.proxy.query = text
        self._apply_filters()

    def _apply_filters(self) -> None:
        from ..core.chainage import parse_chainage

        p = self.proxy
        p.commune = self.commune_box.currentData() or ""
        st = self.status_box.currentData()
        p.status = Status(st) if st else None
        errors = []
        bounds: list[float | None] = []
        for edit in (self.from_edit, self.to_edit):
            text = edit.text().strip()
            try:
                bounds.append(parse_chainage(text) if text else None)
            except UserError as exc:
                errors.append(chainage_error(text, exc))
                bounds.append(None)
        p.chainage = (bounds[0], bounds[1])
        p.flag_filter = {k for k, box in self.flag_boxes.items() if box.isChecked()}
        self.filter_error.setText("; ".join(errors))
        self.filter_error.setVisible(bool(errors))
        p.invalidate()
        self.count_label.setText(
            self.tr("%1 of %2 households")
            .replace("%1", str(p.rowCount()))
            .replace("%2", str(self.table_model.rowCount()))
        )

    def visible_codes(self) -> list[str]:
        return [self.proxy.index(r, 0).data(CODE_ROLE) for r in range(self.proxy.rowCount())]

    def _on_table_selection(self, *_args) -> None:
        if self._syncing:
            return
        rows = self.table.selectionModel().selectedRows()
        codes = [i.data(CODE_ROLE) for i in sorted(rows, key=lambda i: i.row())]
        self._syncing = True
        try:
            self.model.select(codes)
        finally:
            self._syncing = False

    def _on_model_selection(self, codes: list[str]) -> None:
        if self._syncing:
            return
        selection = QItemSelection()
        for code in codes:
            src_row = self.table_model.row_of(code)
            if src_row is None:
                continue
            idx = self.proxy.mapFromSource(self.table_model.index(src_row, 0))
            if idx.isValid():
                selection.select(idx, idx)
        self._syncing = True
        try:
            flags = (
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows
            )
            self.table.selectionModel().select(selection, flags)
            if not selection.isEmpty():
                self.table.scrollTo(selection.indexes()[0])
        finally:
            self._syncing = False

    def _on_double_click(self, index) -> None:
        self.model.focus(index.data(CODE_ROLE))

    def _context_menu(self, pos) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        menu = QMenu(self)
        menu.addAction(self.status_action)
        zoom = menu.addAction(self.tr("Show on map"))
        zoom.triggered.connect(lambda: self.model.focus(index.data(CODE_ROLE)))
        menu.popup(self.table.viewport().mapToGlobal(pos))

    def _header_menu(self, pos) -> None:
        menu = QMenu(self)
        for col in (COMMUNE, VILLAGE, AREA):
            name = self.table_model.headerData(col, Qt.Orientation.Horizontal)
            act = menu.addAction(name)
            act.setCheckable(True)
            act.setChecked(not self.table.isColumnHidden(col))
            act.toggled.connect(lambda on, c=col: self.table.setColumnHidden(c, not on))
        menu.popup(self.table.horizontalHeader().mapToGlobal(pos))

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()


# -- per-load computations ---------------------------------------------------------------------
def _chainage_ranges(snap) -> dict[str, tuple[float, float]]:
    """Min/max chainage of each household's recovered land (shared per load with the dashboard)."""
    from ..core.handover import household_chainage_ranges

    try:
        return household_chainage_ranges(snap)
    except UserError:
        return {}


@cache
def _default_calendar():
    from ..core.calendar import HolidayCalendar

    return HolidayCalendar.default()


def _overdue_codes(model: ProjectModel) -> set[str]:
    """Households with a deadline past due on the model's "today"."""
    try:
        from ..core.calendar import HolidayCalendar
        from ..core.workflow import deadlines
    except ImportError:  # pragma: no cover - workflow ships with core
        return set()
    snap = model.snapshot
    if not snap.states:
        return set()
    from .look import rules_for

    rules = rules_for(snap.regime)
    calendar = HolidayCalendar(snap.holidays) if snap.holidays else _default_calendar()
    return {
        code
        for code, state in snap.states.items()
        if any(d.state == "overdue" for d in deadlines(rules, calendar, state, code, model.today))
    }
