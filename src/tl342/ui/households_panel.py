"""The households list: search, filters, status chips, selection shared with the map.

Everything the filters and the sorting need per household (folded search text, sort keys,
chainage range of the recovered land, overdue deadlines) is computed once per load or
change, never per keystroke or per comparison: the table model filters and sorts its rows
in Python and shows the result through a list of visible rows (no QSortFilterProxyModel
calling ``data()`` a million times on a large project). The chainage ranges are computed
only when the chainage filter is first used and the overdue households (shared with the
campaign dashboard) when first shown or filtered, so opening a project stays quick.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QRectF,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QPainter
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
    QSizePolicy,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import UserError
from ..core.fmt import area
from ..core.handover import household_chainage_ranges, overdue_households
from ..core.model import Flag, Status
from ..services.listing import (
    HouseholdFilter,
    HouseholdRow,
    filter_households,
    household_rows,
    with_state,
)
from .look import (
    CHIP_HEX,
    chainage_error,
    chip_label,
    flag_label,
    icon,
    overdue_label,
    parse_km_field,
    status_color,
    status_label,
    text_color_on,
)
from .project_model import ProjectModel

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
CODE_ROLE = Qt.ItemDataRole.UserRole + 2
CHIPS_ROLE = Qt.ItemDataRole.UserRole + 3  # the flags column's chips: keys of look.CHIP_LABELS
CHIP_PAD, CHIP_GAP, CHIP_MARGIN = 3, 2, 3  # px: inside a chip, between chips, cell edges
NAME_MIN = 84  # px: the name column gives way to the flags down to this (the rest elides)

_Cell = Callable[["HouseholdTableModel", HouseholdRow], Any]


@dataclass(frozen=True)
class Column:
    """One column of the households list: adding a column is one entry in :data:`COLUMNS`."""

    title: str  # translated in the HouseholdTableModel context
    text: _Cell  # what the cell shows
    key: _Cell | None = None  # how it sorts (default: its text)
    width: int | None = None  # initial width in px (None: Qt's)
    hidden: bool = False  # starts hidden; the header's context menu shows it
    right: bool = False  # right-aligned (numbers)
    tooltip: bool = False  # the full text as tooltip (when cut short)


def _status_text(m: HouseholdTableModel, r: HouseholdRow) -> str:
    st = m.status(r.code)
    return status_label(st) if st else ""


def _status_key(m: HouseholdTableModel, r: HouseholdRow) -> int:
    st = m.status(r.code)
    return st.rank if st else -1


# a narrow dock on 1366 px: the flags (complaint, overdue) must show next to the status, so
# commune, village and area start hidden (they are in the filters and the details)
COLUMNS: tuple[Column, ...] = (
    Column(QT_TRANSLATE_NOOP("HouseholdTableModel", "Code"), lambda m, r: r.code, width=58),
    Column(
        QT_TRANSLATE_NOOP("HouseholdTableModel", "Name"),  # the household head's (vi: Chủ hộ)
        lambda m, r: r.head_name,
        width=124,
        tooltip=True,
    ),
    Column(QT_TRANSLATE_NOOP("HouseholdTableModel", "Commune"), lambda m, r: r.commune, hidden=True),
    Column(QT_TRANSLATE_NOOP("HouseholdTableModel", "Village"), lambda m, r: r.village, hidden=True),
    Column(QT_TRANSLATE_NOOP("HouseholdTableModel", "Status"), _status_text, _status_key),
    Column(
        QT_TRANSLATE_NOOP("HouseholdTableModel", "Recovered m²"),
        lambda m, r: area(r.recovered_area_m2),
        lambda m, r: r.recovered_area_m2,
        width=72,
        hidden=True,
        right=True,
    ),
    Column(
        QT_TRANSLATE_NOOP("HouseholdTableModel", "Flags"),
        lambda m, r: m.flags_text(r.code),
        width=60,
        tooltip=True,
    ),
)
CODE, NAME, COMMUNE, VILLAGE, STATUS, AREA, FLAGS = range(len(COLUMNS))


class HouseholdTableModel(QAbstractTableModel):
    """One row per household of the open project that passes :attr:`criteria`, in the
    order of the sort column. ``rows`` holds every household (load order); ``visible`` the
    indices into ``rows`` shown, in display order."""

    filled = Signal()  # the rows of a deferred start were built (see ``pending``)
    chipsChanged = Signal()  # flags or the overdue set changed while the rows are deferred

    def __init__(self, model: ProjectModel, parent=None, *, deferred: bool = False) -> None:
        super().__init__(parent)
        self.model = model
        #: True until the rows are first built: the main window defers them until the map is
        #: painted (rowCount is 0 meanwhile); any other use of the rows builds them at once
        self.pending = deferred
        self._rows: list[HouseholdRow] = []  # the same rows as `tl342 list households`
        self._index: dict[str, int] = {}  # code -> index in rows
        self._visible: list[int] = []
        self.criteria = HouseholdFilter()
        self.sort_column = CODE
        self.sort_order = Qt.SortOrder.AscendingOrder
        self._display_row: dict[str, int] = {}
        self._ranges: dict[str, tuple[float, float]] | None = None
        model.projectLoaded.connect(self.reload)
        model.householdsChanged.connect(self.refresh)
        model.dateChanged.connect(self._refresh_overdue)
        if not deferred:
            self.reload()

    @property
    def rows(self) -> list[HouseholdRow]:
        if self.pending:
            self.release_rows()
        return self._rows

    @rows.setter
    def rows(self, rows: list[HouseholdRow]) -> None:
        self._rows = rows

    @property
    def visible(self) -> list[int]:
        if self.pending:
            self.release_rows()
        return self._visible

    @visible.setter
    def visible(self, visible: list[int]) -> None:
        self._visible = visible

    def release_rows(self) -> None:
        """Build the rows of a deferred start now (``filled`` tells the panel)."""
        if self.pending:
            self.reload()
            self.filled.emit()

    # -- data from the snapshot ---------------------------------------------------------------
    def reload(self) -> None:
        self.pending = False
        self.beginResetModel()
        self.rows = household_rows(self.model.snapshot, public=True)
        self._index = {r.code: i for i, r in enumerate(self.rows)}
        self._ranges = None
        self._set_visible(self._filtered_sorted())
        self.endResetModel()

    def refresh(self, codes: list[str]) -> None:
        """Repaint only the rows whose household changed (the panel then filters again)."""
        if self.pending:  # the rows, when built, read the snapshot as it is then
            self.chipsChanged.emit()
            return
        snap = self.model.snapshot
        for code in codes:
            k = self._index.get(code)
            if k is None and code in snap.households:  # a household added: reload
                self.reload()
                return
            if k is not None:
                self.rows[k] = with_state(snap, self.rows[k])
            i = self._display_row.get(code)
            if i is not None:
                self.dataChanged.emit(self.index(i, 0), self.index(i, FLAGS))

    def _refresh_overdue(self) -> None:
        if self.pending:  # no rows yet: the panel re-measures its flag chips all the same
            self.chipsChanged.emit()
        elif self.visible:
            self.dataChanged.emit(self.index(0, FLAGS), self.index(len(self.visible) - 1, FLAGS))

    @property
    def overdue(self) -> frozenset[str]:
        """Households with a deadline past due on the model's "today" (computed once per
        snapshot version and date, shared with the campaign dashboard). None while
        :attr:`defer_overdue` is set (the main window's start-up, until the map is painted)."""
        if self.defer_overdue:
            return frozenset()
        return overdue_households(self.model.snapshot, self.model.today)

    defer_overdue = False

    def release_overdue(self) -> None:
        """Compute the overdue households now and show them (end of a deferral)."""
        if self.defer_overdue:
            self.defer_overdue = False
            self._refresh_overdue()

    def chainage_range(self, code: str) -> tuple[float, float] | None:
        """Min/max chainage of the household's recovered land (computed once per load)."""
        if self._ranges is None:
            self._ranges = _chainage_ranges(self.model.snapshot)
        return self._ranges.get(code)

    def row_of(self, code: str) -> int | None:
        """The display row of household ``code`` (None when filtered out or unknown)."""
        if self.pending:
            self.release_rows()
        return self._display_row.get(code)

    def code_at(self, row: int) -> str:
        return self.rows[self.visible[row]].code

    def visible_codes(self) -> list[str]:
        return [self.rows[i].code for i in self.visible]

    # -- filter and sort ------------------------------------------------------------------------
    def set_filter(self, criteria: HouseholdFilter) -> None:
        self.criteria = criteria
        if not self.pending:  # else applied when the rows are built
            self.refilter()

    def refilter(self) -> None:
        """Filter and sort again (after a change of criteria, of states or of "today")."""
        self._relayout(self._filtered_sorted())

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        """Qt's sort (a click on the header): on the precomputed rows' keys."""
        if not 0 <= column < len(COLUMNS):
            return
        self.sort_column, self.sort_order = column, Qt.SortOrder(order)
        if not self.pending:  # else the rows are built in this order
            self._relayout(self._sorted(list(self.visible)))

    def _filtered_sorted(self) -> list[int]:
        return self._sorted(self._filtered())

    def _filtered(self) -> list[int]:
        """The one household filter (``services.listing``), as ``tl342 list`` uses it."""
        return filter_households(
            self.model.snapshot, self.rows, self.criteria, self.model.today, self._all_ranges
        )

    def _all_ranges(self) -> dict[str, tuple[float, float]]:
        if self._ranges is None:
            self._ranges = _chainage_ranges(self.model.snapshot)
        return self._ranges

    def _sorted(self, keep: list[int]) -> list[int]:
        """``keep`` in the order of the sort column; ties keep their order in ``keep`` (the
        load order after filtering, the previous order after a header click: stable, as Qt)."""
        rows, column = self.rows, COLUMNS[self.sort_column]
        key = column.key or column.text
        keys = {i: key(self, rows[i]) for i in keep}
        keep.sort(key=keys.__getitem__, reverse=self.sort_order == Qt.SortOrder.DescendingOrder)
        return keep

    def _set_visible(self, visible: list[int]) -> None:
        self.visible = visible
        rows = self.rows
        self._display_row = {rows[i].code: r for r, i in enumerate(visible)}

    def _relayout(self, visible: list[int]) -> None:
        """Show ``visible``, keeping the selection and current row of households still shown."""
        if visible == self.visible:
            return
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        codes = [(self.code_at(i.row()), i.column()) if i.isValid() else None for i in old]
        self._set_visible(visible)
        new = []
        for item in codes:
            r = self._display_row.get(item[0]) if item is not None else None
            new.append(self.index(r, item[1]) if r is not None else QModelIndex())
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    # -- Qt model -------------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._visible)  # 0 while pending

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(COLUMNS[section].title)
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.ToolTipRole
            and section == FLAGS
        ):
            return chips_legend()
        return None

    def flags_text(self, code: str) -> str:
        state = self.model.snapshot.state_of(code)
        parts = [flag_label(f) for f in Flag if state and f in state.flags]
        if state and state.deposited:  # paid by a State Treasury deposit, not in hand
            parts.append(self.tr("Treasury deposit"))
        if code in self.overdue:  # first: short and urgent, never cut off by a long flag name
            parts.insert(0, overdue_label())
        return ", ".join(parts)

    def flag_chips(self, code: str, overdue: frozenset[str] | None = None) -> list[str]:
        """The flags column's chips of a household, in the order of :meth:`flags_text`
        (``overdue``: :attr:`overdue`, when the caller asks for many households)."""
        state = self.model.snapshot.state_of(code)
        keys = [f.value for f in Flag if state and f in state.flags]
        if state and state.deposited:
            keys.append("deposited")
        if code in (self.overdue if overdue is None else overdue):
            keys.insert(0, "overdue")
        return keys

    def status(self, code: str) -> Status | None:
        state = self.model.snapshot.state_of(code)
        return state.status if state else None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[self.visible[index.row()]]
        col = index.column()
        column = COLUMNS[col]
        if role == CODE_ROLE:
            return row.code
        if role == CHIPS_ROLE and col == FLAGS:
            return self.flag_chips(row.code)
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(self, row)
        if role == SORT_ROLE:
            return (column.key or column.text)(self, row)
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip:
            return column.text(self, row) or None  # when cut short
        if role == Qt.ItemDataRole.TextAlignmentRole and column.right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and col == STATUS:
            return status_color(self.status(row.code))
        return None


def chip_full_name(key: str) -> str:
    """The full name a chip stands for, in the UI language."""
    if key == "overdue":
        return overdue_label()
    if key == "deposited":
        return QCoreApplication.translate("HouseholdTableModel", "Treasury deposit")
    return flag_label(Flag(key))


def chips_legend() -> str:
    """The flags column's legend (its header's tooltip): each chip and what it stands for."""
    keys = ["overdue", *(f.value for f in Flag), "deposited"]
    return "\n".join(f"{chip_label(k)}: {chip_full_name(k)}" for k in keys)


def chips_width(fm, keys) -> int:
    """Width in px the chips ``keys`` take in a cell with the font metrics ``fm``."""
    if not keys:
        return 0
    texts = sum(fm.horizontalAdvance(chip_label(k)) + 2 * CHIP_PAD for k in keys)
    return texts + CHIP_GAP * (len(keys) - 1) + 2 * CHIP_MARGIN


class FlagChipsDelegate(QStyledItemDelegate):
    """Draws a household's flags as short coloured chips (the map's colours): "Quá hạn",
    "Hiến", "KN" … side by side; the cell's tooltip and the header's legend give the names."""

    def paint(self, painter: QPainter, option, index) -> None:
        self.initStyleOption(option, index)
        keys = index.data(CHIPS_ROLE) or []
        opt = option
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(style.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        if not keys:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = option.fontMetrics
        x = option.rect.left() + CHIP_MARGIN
        right = option.rect.right() - CHIP_MARGIN
        for k in keys:
            text = chip_label(k)
            w = fm.horizontalAdvance(text) + 2 * CHIP_PAD
            if x + w > right + 1:  # no room left: say so rather than cut a word
                painter.setPen(option.palette.text().color())
                painter.drawText(
                    QRectF(x, option.rect.top(), max(right - x, 0) + 12, option.rect.height()),
                    Qt.AlignmentFlag.AlignVCenter,
                    "…",
                )
                break
            colour = QColor(CHIP_HEX[k])
            r = QRectF(x, option.rect.top() + 3, w, option.rect.height() - 6)
            # overdue: an outlined chip, apart from the filled status chips beside it
            bg = QColor("#ffffff") if k == "overdue" else colour
            painter.setPen(colour.darker(130))
            painter.setBrush(bg)
            painter.drawRoundedRect(r, 5, 5)
            painter.setPen(colour.darker(130) if k == "overdue" else text_color_on(bg))
            painter.drawText(r, Qt.AlignmentFlag.AlignCenter, text)
            x += w + CHIP_GAP
        painter.restore()


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
    notice = Signal(str)  # a one-line message for the status bar (e.g. the filter was cleared)
    householdOpened = Signal(str)  # Enter on a row: show this household (details, map)

    def __init__(self, model: ProjectModel, parent=None, *, deferred: bool = False) -> None:
        """``deferred``: the list's rows are built by :meth:`release_rows` (the main window
        calls it once the map is painted) or at their first use, not here."""
        super().__init__(parent)
        self.model = model
        self.table_model = HouseholdTableModel(model, self, deferred=deferred)
        self.table_model.filled.connect(self._apply_filters)
        self._syncing = False

        self.search = QLineEdit(placeholderText=self.tr("Search name, code, village…"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._on_search)
        self.search.returnPressed.connect(self.select_first_hit)

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
            e.setToolTip(self.tr("Chainage such as 45 (= Km45+000), 45+200 or Km45+200"))
            e.editingFinished.connect(self._apply_filters)
        self.flag_boxes: dict[str, QCheckBox] = {
            Flag.DONATED.value: QCheckBox(flag_label(Flag.DONATED)),
            Flag.COMPLAINT.value: QCheckBox(flag_label(Flag.COMPLAINT)),
            "overdue": QCheckBox(overdue_label()),
        }
        for box in self.flag_boxes.values():
            box.toggled.connect(self._apply_filters)
        # under the chainage fields: the parsed range, or why a field was refused; it wraps
        # and never asks for more width, so a long message cannot squeeze the map
        self.filter_error = QLabel()
        self.filter_error.setWordWrap(True)
        self.filter_error.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.filter_error.setMinimumWidth(1)
        self.filter_error.hide()

        self.table = QTableView()
        self.table.setModel(self.table_model)  # it filters and sorts itself
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(CODE, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setItemDelegateForColumn(STATUS, StatusChipDelegate(self.table))
        self.table.setItemDelegateForColumn(FLAGS, FlagChipsDelegate(self.table))
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
        for col, column in enumerate(COLUMNS):
            width = chip + 22 if col == STATUS else column.width
            if width is not None:
                self.table.setColumnWidth(col, width)
            # hidden columns: a right click on the header shows them
            self.table.setColumnHidden(col, column.hidden)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        # the flags' chips must show whole: the name column gives way (see fit_flags_column)
        self._chip_widths: dict[tuple[str, ...], int] = {}
        self._flags_need: int | None = None
        self.table_model.modelReset.connect(self._flags_changed)
        self.table_model.dataChanged.connect(self._flags_changed)
        self.table_model.chipsChanged.connect(self._flags_changed)
        header.sectionResized.connect(self._section_resized)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection)
        self.table.doubleClicked.connect(self._on_double_click)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.installEventFilter(self)
        # an empty list says why, and offers the way out
        self.empty_hint = QLabel(self.table.viewport())
        self.empty_hint.setObjectName("empty_hint")
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setStyleSheet("color: #555; padding: 12px")
        self.empty_hint.setText(
            self.tr("No household matches all these filters.")
            + f" <a href='clear'>{self.tr('Clear the filters')}</a>"
        )
        self.empty_hint.linkActivated.connect(lambda _link: self.clear_filters())
        self.empty_hint.hide()

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
        model.householdsChanged.connect(self._on_households_changed)  # goes with the panel
        model.dateChanged.connect(self._apply_filters)  # overdue follows "today"
        self._on_loaded()

    # -- slots -----------------------------------------------------------------------------------
    def _on_loaded(self) -> None:
        current = self.commune_box.currentData()
        self.commune_box.blockSignals(True)
        self.commune_box.clear()
        self.commune_box.addItem(self.tr("All communes"), "")
        snap = self.model.snapshot
        communes = sorted(  # the rows' communes (household_row), without building the rows
            {c for c in map(snap.household_commune, snap.households) if c} | set(snap.communes)
        )
        for name in communes:
            self.commune_box.addItem(name, name)
        i = self.commune_box.findData(current)
        self.commune_box.setCurrentIndex(max(i, 0))
        self.commune_box.blockSignals(False)
        self._apply_filters()

    def _on_search(self, _text: str) -> None:
        self._apply_filters()

    def _on_households_changed(self, _codes) -> None:
        self._apply_filters()

    def _apply_filters(self) -> None:
        from ..core.stations import format_chainage

        st = self.status_box.currentData()
        errors = []
        bounds: list[float | None] = []
        for edit in (self.from_edit, self.to_edit):
            text = edit.text().strip()
            try:
                bounds.append(parse_km_field(text) if text else None)
            except UserError as exc:
                errors.append(chainage_error(text, exc))
                bounds.append(None)
        if errors:
            self.filter_error.setStyleSheet("color: #b71c1c")
            self.filter_error.setText("; ".join(errors))
        elif bounds[0] is not None or bounds[1] is not None:
            self.filter_error.setStyleSheet("color: #555")
            self.filter_error.setText(
                "= "
                + " – ".join(
                    format_chainage(b) if b is not None else "…" for b in bounds
                )
            )
        else:
            self.filter_error.setText("")
        self.filter_error.setVisible(bool(self.filter_error.text()))
        self.table_model.set_filter(
            HouseholdFilter(
                query=self.search.text(),
                commune=self.commune_box.currentData() or "",
                status=Status(st) if st else None,
                chainage=(bounds[0], bounds[1]),
                flags={k for k, box in self.flag_boxes.items() if box.isChecked()},
            )
        )
        if self.table_model.pending:  # the rows come after the map's paint (filled)
            return
        self.count_label.setText(
            self.tr("%1 of %2 households")
            .replace("%1", str(self.table_model.rowCount()))
            .replace("%2", str(len(self.table_model.rows)))
        )
        self._update_empty_hint()
        # actions apply to what the clerk sees: a household the filters hide is deselected
        selected = self.model.selection
        shown = [c for c in selected if self.table_model.row_of(c) is not None]
        if shown != selected and not self._syncing:
            self.model.select(shown)

    def _update_empty_hint(self) -> None:
        t = self.table_model
        empty = not t.pending and t.rowCount() == 0 and bool(t.rows)
        if empty:
            self.empty_hint.setGeometry(self.table.viewport().rect())
        self.empty_hint.setVisible(empty)

    def clear_filters(self) -> None:
        """Show every household again (search, commune, status, chainage and flags cleared)."""
        widgets = [self.search, self.commune_box, self.status_box, self.from_edit, self.to_edit]
        widgets += list(self.flag_boxes.values())
        for w in widgets:
            w.blockSignals(True)
        try:
            self.search.clear()
            self.commune_box.setCurrentIndex(0)
            self.status_box.setCurrentIndex(0)
            self.from_edit.clear()
            self.to_edit.clear()
            for box in self.flag_boxes.values():
                box.setChecked(False)
        finally:
            for w in widgets:
                w.blockSignals(False)
        self._apply_filters()

    def is_filtered(self) -> bool:
        return self.table_model.rowCount() != len(self.table_model.rows)

    def reveal(self, codes: list[str]) -> None:
        """Make ``codes`` visible in the list: clear the filters if they hide one (with a
        notice), then select and scroll to them."""
        hidden = [c for c in codes if self.table_model.row_of(c) is None]
        if hidden and any(c in self.model.snapshot.households for c in hidden):
            self.clear_filters()
            self.notice.emit(
                self.tr("Filters cleared to show %1 in the list.").replace("%1", ", ".join(hidden))
            )
        self._syncing_select(codes)

    def _syncing_select(self, codes: list[str]) -> None:
        if codes != self.model.selection:
            self.model.select(codes)
        else:
            self._on_model_selection(codes)

    def select_first_hit(self) -> None:
        """Enter in the search box: select the first household listed (the map follows)."""
        if self.table_model.rowCount() == 0:
            return
        index = self.table_model.index(0, CODE)
        self.table.setCurrentIndex(index)  # selects the row through the selection model
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt name
        if obj is self.table:
            if event.type() == QEvent.Type.KeyPress and event.key() in (
                Qt.Key.Key_Return,
                Qt.Key.Key_Enter,
            ):
                index = self.table.currentIndex()
                if index.isValid():
                    code = index.data(CODE_ROLE)
                    self.model.focus(code)
                    self.householdOpened.emit(code)
                    return True
            elif event.type() == QEvent.Type.Resize:
                self._update_empty_hint()
                self.fit_flags_column()
        return super().eventFilter(obj, event)

    # -- the flags column ------------------------------------------------------------------------
    def flags_width_needed(self) -> int:
        """Width the widest chips of any household take (font metrics; 0 when none has a flag),
        measured once per load or "today" (a few changed rows only widen it)."""
        if self._flags_need is None:
            # from the snapshot, not the rows: a deferred list is not built before the map's paint
            self._flags_need = self._chips_need(self.table_model.model.snapshot.households)
        return self._flags_need

    def _chips_need(self, codes) -> int:
        tm, widths = self.table_model, self._chip_widths
        snap, overdue = tm.model.snapshot, tm.overdue
        need = 0
        for code in codes:
            state = snap.state_of(code)
            if code not in overdue and (state is None or not (state.flags or state.deposited)):
                continue  # most households: no chip
            keys = tuple(tm.flag_chips(code, overdue))
            if keys:
                if keys not in widths:
                    widths[keys] = chips_width(self.table.fontMetrics(), keys)
                need = max(need, widths[keys])
        return need

    def _flags_changed(self, top=None, bottom=None, *_args) -> None:
        # rows repainted from the first column: households changed (few: measure them only);
        # the flags column alone: "today" moved, every household's overdue chip may change
        few = top is not None and top.column() == 0 and bottom.row() - top.row() < 64
        if few and self._flags_need is not None:
            codes = [self.table_model.code_at(i) for i in range(top.row(), bottom.row() + 1)]
            self._flags_need = max(self._flags_need, self._chips_need(codes))
        else:
            self._flags_need = None
        self.fit_flags_column()

    def _section_resized(self, index: int, _old: int, _new: int) -> None:
        if index not in (NAME, FLAGS) and not self._fitting:
            self.fit_flags_column()

    _fitting = False

    def fit_flags_column(self) -> None:
        """Give the flags column (the last, stretched one) the width its widest chips need by
        narrowing the name column, down to :data:`NAME_MIN` (names elide, with a tooltip);
        the name column grows back to its width when the flags need less."""
        if self._fitting or not self.table.isVisible() or self.table.isColumnHidden(FLAGS):
            return
        others = sum(
            self.table.columnWidth(c)
            for c in range(len(COLUMNS))
            if c not in (NAME, FLAGS) and not self.table.isColumnHidden(c)
        )
        room = self.table.viewport().width() - others
        name = max(NAME_MIN, min(COLUMNS[NAME].width or 124, room - self.flags_width_needed()))
        if not self.table.isColumnHidden(NAME) and self.table.columnWidth(NAME) != name:
            self._fitting = True
            try:
                self.table.setColumnWidth(NAME, name)
            finally:
                self._fitting = False

    def visible_codes(self) -> list[str]:
        """Codes of the rows shown, top to bottom."""
        return self.table_model.visible_codes()

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
        hidden = [c for c in codes if self.table_model.row_of(c) is None]
        if hidden and self.is_filtered():
            # chosen elsewhere (the map, the dashboard) but hidden here: show it, say so
            self.clear_filters()
            self.notice.emit(
                self.tr("Filters cleared to show %1 in the list.").replace("%1", ", ".join(hidden))
            )
        selection = QItemSelection()
        for code in codes:
            row = self.table_model.row_of(code)
            if row is not None:
                idx = self.table_model.index(row, 0)
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
        for col in (c for c, column in enumerate(COLUMNS) if column.hidden):
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
    try:
        return household_chainage_ranges(snap)
    except UserError:
        return {}
