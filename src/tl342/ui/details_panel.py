"""Details of the selected household: parcels, areas by land type, amounts, flags, history."""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..core.model import Event, EventKind, Flag, Parcel, Status
from .look import flag_label, format_decimal, format_m2, format_vnd, status_label, ui_language
from .project_model import ProjectModel


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.verticalHeader().hide()
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.horizontalHeader().setStretchLastSection(True)
    t.setWordWrap(False)
    return t


def _fill(table: QTableWidget, rows: list[list[str]], right: tuple[int, ...] = ()) -> None:
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            if c in right:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)


class DetailsPanel(QWidget):
    """Follows the project's selection; shows one household in full or a summary of several."""

    def __init__(self, model: ProjectModel, parent=None) -> None:
        super().__init__(parent)
        self.model = model
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)

        self.parcels = _table(
            [
                self.tr("Sheet/parcel"),
                self.tr("Land use"),
                self.tr("Area m²"),
                self.tr("Recovered m²"),
                self.tr("Chainage"),
            ]
        )
        self.by_land = _table([self.tr("Land use"), self.tr("Recovered m²")])
        # what a clerk looks for first: when, which step, under which document, signed by whom
        self.history = _table(
            [self.tr("Date"), self.tr("Change"), self.tr("Doc no."), self.tr("By"), self.tr("Note")]
        )
        head = self.history.horizontalHeader()
        for col in (0, 1, 2):  # date, step and document number are read whole
            head.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        head.resizeSection(3, 110)
        amounts = QWidget()
        form = QFormLayout(amounts)
        self.amount_labels = {
            key: QLabel()
            for key in ("compensation", "support", "total", "paid", "donated", "flags")
        }
        for key, text in (
            ("compensation", self.tr("Compensation")),
            ("support", self.tr("Support")),
            ("total", self.tr("Total")),
            ("paid", self.tr("Paid")),
            ("donated", self.tr("Donated value")),
            ("flags", self.tr("Flags")),
        ):
            self.amount_labels[key].setTextInteractionFlags(
                Qt.TextInteractionFlag.TextSelectableByMouse
            )
            form.addRow(text, self.amount_labels[key])
        land = QWidget()
        land_layout = QVBoxLayout(land)
        land_layout.setContentsMargins(0, 0, 0, 0)
        land_layout.addWidget(self.parcels, 2)
        land_layout.addWidget(self.by_land, 1)

        self.tabs = QTabWidget()
        self.tabs.addTab(land, self.tr("Parcels"))
        self.tabs.addTab(amounts, self.tr("Amounts"))
        self.tabs.addTab(self.history, self.tr("History"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        # a step recorded on the shared server waits for a second approver (four eyes)
        self.confirm_button = QPushButton(self.tr("Confirm step"))
        self.confirm_button.setVisible(False)
        self.confirm_button.clicked.connect(
            lambda: self.model.selection and self.model.confirm(self.model.selection[0])
        )
        layout.addWidget(self.confirm_button)
        layout.addWidget(self.tabs, 1)
        self.filler = QWidget()  # takes the space while nothing is selected
        layout.addWidget(self.filler, 1)

        model.selectionChanged.connect(self.show_codes)
        model.parcelIdentified.connect(self.show_parcel)
        model.householdsChanged.connect(self._on_changed)
        model.projectLoaded.connect(self._on_loaded)  # a method: it goes with the panel
        self.show_codes(model.selection)

    def _on_loaded(self) -> None:
        self.show_codes(self.model.selection)

    def _on_changed(self, codes: list[str]) -> None:
        if set(codes) & set(self.model.selection):
            self.show_codes(self.model.selection)

    def show_codes(self, codes: list[str]) -> None:
        snap = self.model.snapshot
        codes = [c for c in codes if c in snap.households]
        self.tabs.setVisible(bool(codes))
        self.filler.setVisible(not codes)
        self.confirm_button.setVisible(False)
        if not codes:
            self.title.setText(self.tr("No household selected"))
            self.subtitle.setText(self.tr("Select a household in the list or on the map."))
            return
        parcels = [p for c in codes for p in snap.parcels_of(c)]
        if len(codes) == 1:
            hh = snap.households[codes[0]]
            state = snap.state_of(hh.code)
            self.title.setText(f"<b>{hh.code}</b> — {hh.head_name}")
            place = ", ".join(x for x in (hh.village, snap.household_commune(hh.code)) if x)
            status = status_label(state.status) if state else ""
            waiting = self.model.awaiting.get(hh.code, [])
            if waiting:
                status += " · " + self.tr("%1 awaiting confirmation (recorded by %2)").replace(
                    "%1", status_label(Status(waiting[0].to_status))
                ).replace("%2", waiting[0].recorded_by)
            self.subtitle.setText(f"{place} · {status}")
            self.confirm_button.setVisible(bool(waiting))
        else:
            self.title.setText(
                self.tr("<b>%1 households selected</b>").replace("%1", str(len(codes)))
            )
            self.subtitle.setText(
                self.tr("Recovered: %1").replace(
                    "%1", format_m2(sum(p.recovered_area_m2 for p in parcels))
                )
            )
        self._show_parcels(parcels)
        self._show_amounts(codes)
        self._show_history(codes)

    def show_parcel(self, parcel: Parcel) -> None:
        """A parcel clicked on the map that no household holds: what it is, all the same."""
        from ..core.landuse import land_use_name

        code = parcel.household_code
        if code and code in self.model.snapshot.households:
            self.show_codes([code])
            return
        self.tabs.setVisible(True)
        self.filler.setVisible(False)
        self.title.setText(
            self.tr("<b>Sheet %1, parcel %2</b>")
            .replace("%1", parcel.sheet)
            .replace("%2", parcel.number)
        )
        parts = [parcel.commune, land_use_name(parcel.land_use, ui_language())]
        owner = parcel.owner_name.strip()
        parts.append(
            self.tr("holder in the cadastre: %1").replace("%1", owner)
            if owner
            else self.tr("held by no household of the project")
        )
        self.subtitle.setText(" · ".join(p for p in parts if p))
        self._show_parcels([parcel])
        self._show_amounts([])
        _fill(self.history, [])
        self.tabs.setCurrentIndex(0)

    def _show_parcels(self, parcels) -> None:
        route = self.model.snapshot.route
        ranges: list[str] = [""] * len(parcels)
        if route is not None:
            geoms = [(i, p.recovered_geometry or p.geometry) for i, p in enumerate(parcels)]
            geoms = [(i, g) for i, g in geoms if g is not None and not g.is_empty]
            from ..core.chainage import format_chainage

            for (i, _g), (lo, hi, _s) in zip(
                geoms, route.ranges_of([g for _, g in geoms]), strict=True
            ):
                ranges[i] = f"{format_chainage(lo)} – {format_chainage(hi)}"
        _fill(
            self.parcels,
            [
                [
                    p.label,
                    p.land_use,
                    format_decimal(p.area_m2, 1),
                    format_decimal(p.recovered_area_m2, 1),
                    ranges[i],
                ]
                for i, p in enumerate(parcels)
            ],
            right=(2, 3),
        )
        by_land: dict[str, float] = defaultdict(float)
        for p in parcels:
            by_land[p.land_use] += p.recovered_area_m2
        rows = [[code, format_decimal(area, 1)] for code, area in sorted(by_land.items())]
        rows.append([self.tr("Total"), format_decimal(sum(by_land.values()), 1)])
        _fill(self.by_land, rows, right=(1,))

    def _show_amounts(self, codes: list[str]) -> None:
        snap = self.model.snapshot
        hhs = [snap.households[c] for c in codes]
        labels = self.amount_labels
        labels["compensation"].setText(format_vnd(sum(h.compensation_vnd for h in hhs)))
        labels["support"].setText(format_vnd(sum(h.support_vnd for h in hhs)))
        labels["total"].setText(format_vnd(sum(h.total_vnd for h in hhs)))
        paid = format_vnd(sum(h.paid_vnd for h in hhs))
        n_dep = sum(1 for c in codes if (st := snap.state_of(c)) and st.deposited)
        if n_dep:  # a Treasury deposit is not money received: say so beside the paid amount
            paid += " · " + self.tr("Treasury deposit (%1)").replace("%1", str(n_dep))
        labels["paid"].setText(paid)
        donated = format_vnd(sum(h.donated_value_vnd for h in hhs))
        if len(codes) == 1 and codes[0] in snap.donations:
            from .look import ui_language

            lang = ui_language()
            dues = snap.dues_of(codes[0])
            donated += "\n" + snap.donations[codes[0]].describe(lang, dues.recovered_m2)
        labels["donated"].setText(donated)
        flags = []
        for f in Flag:
            n = sum(1 for c in codes if (st := snap.state_of(c)) and f in st.flags)
            if n:
                flags.append(flag_label(f) if len(codes) == 1 else f"{flag_label(f)} ({n})")
        labels["flags"].setText(", ".join(flags) or "—")

    def _show_history(self, codes: list[str]) -> None:
        snap = self.model.snapshot
        events = [e for c in codes for e in snap.events.get(c, [])]
        events.sort(key=lambda e: (e.at, e.id or 0), reverse=True)
        by_id = {e.id: e for e in events if e.id is not None}
        undone_by = {e.reverts: e for e in events if e.kind is EventKind.REVERT and e.reverts}
        many = len(codes) > 1
        rows, struck = [], []
        for r, e in enumerate(events):
            note = e.note
            undo = undone_by.get(e.id)
            if undo is not None:
                who = undo.by or self.tr("someone")
                note = (
                    self.tr("undone by %1 on %2")
                    .replace("%1", who)
                    .replace("%2", undo.at.strftime("%d/%m/%Y"))
                    + (f" · {note}" if note else "")
                )
                struck.append(r)
            rows.append(
                [
                    e.at.strftime("%d/%m/%Y"),
                    (f"{e.household_code}: " if many else "") + self.describe(e, by_id),
                    e.doc_no + (f" ({e.doc_date:%d/%m/%Y})" if e.doc_date else ""),
                    e.by,
                    note,
                ]
            )
        _fill(self.history, rows)
        for r in struck:  # an undone step stays in the record, struck through
            for c in range(2):
                item = self.history.item(r, c)
                font = item.font()
                font.setStrikeOut(True)
                item.setFont(font)
                item.setForeground(Qt.GlobalColor.darkGray)

    def describe(self, e: Event, by_id: dict | None = None) -> str:
        """One line saying what an event did, e.g. "Đã chi trả → Đã bàn giao"."""

        def name(st) -> str:
            return status_label(st) if st else "—"

        if e.kind is EventKind.STATUS:
            text = f"{name(e.from_status)} → {name(e.to_status)}"
            if e.deposited:
                text += " (" + self.tr("Treasury deposit") + ")"
            return text
        if e.kind is EventKind.FLAG_ON and e.flag:
            return f"+ {flag_label(e.flag)}"
        if e.kind is EventKind.FLAG_OFF and e.flag:
            return f"− {flag_label(e.flag)}"
        if e.kind is EventKind.NOT_APPLICABLE:
            return self.tr("%1: not applicable").replace("%1", name(e.step))
        if e.kind is EventKind.REVERT:
            target = (by_id or {}).get(e.reverts)
            if target is not None and target.kind is not EventKind.REVERT:
                return self.tr("Undo: %1").replace("%1", self.describe(target))
            return self.tr("Undone (event %1)").replace("%1", str(e.reverts))
        return e.kind.value
