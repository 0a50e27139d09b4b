"""Change the workflow status (and flags) of one or several households in one go.

Only the statuses the rules allow for *every* selected household can be picked; the others
are listed disabled with the reason. OK writes one transaction (all or none) through the
project model, so the change is saved at once and can be undone.
"""

from __future__ import annotations

from contextlib import nullcontext
from datetime import date

from PySide6.QtCore import QDate, QSettings, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
)

from ..core.errors import UserError
from ..core.model import Flag, Status
from .look import flag_label, rules_for, status_label, ui_language
from .project_model import ProjectModel

KEEP = ""  # combo data of "keep the current status"


def to_qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def from_qdate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


def date_edit(d: date) -> QDateEdit:
    """A date field the Vietnamese way (dd/MM/yyyy) with a calendar popup."""
    from .date_field import TypedDateEdit  # takes a date typed whole, too

    edit = TypedDateEdit(to_qdate(d))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    return edit


def target_reasons(model: ProjectModel, codes: list[str]) -> dict[Status, str]:
    """For each status: why it cannot be chosen for all ``codes`` ("" when it can)."""
    from ..core.workflow import refusal_reasons

    snap = model.snapshot
    rules = rules_for(snap.regime)
    out = {st: "" for st in Status}
    for code in codes:
        refused = refusal_reasons(rules, snap.states[code], ui_language())
        for st, reason in refused.items():
            for step in Status:  # the step names of the status chips
                reason = reason.replace(
                    f"'{rules.step_name(step, ui_language())}'", f"'{status_label(step)}'"
                )
            if not out[st]:
                out[st] = f"{code}: {reason}" if len(codes) > 1 else reason
    return out


class StatusDialog(QDialog):
    """Pick a new status, the date, who and the document; toggle flags."""

    def __init__(self, model: ProjectModel, codes: list[str], parent=None) -> None:
        super().__init__(parent)
        self.model = model
        self.codes = [c for c in codes if c in model.snapshot.households]
        snap = model.snapshot
        self.setWindowTitle(self.tr("Change status"))

        names = ", ".join(self.codes[:6]) + ("…" if len(self.codes) > 6 else "")
        if len(self.codes) == 1:
            hh = snap.households[self.codes[0]]
            current = status_label(snap.states[hh.code].status)
            who = (
                self.tr("%1 — %2 (now: %3)")
                .replace("%1", hh.code)
                .replace("%2", hh.head_name)
                .replace("%3", current)
            )
        else:
            who = (
                self.tr("%1 households: %2")
                .replace("%1", str(len(self.codes)))
                .replace("%2", names)
            )
        header = QLabel(who)
        header.setWordWrap(True)

        self.reasons = target_reasons(model, self.codes)
        self.target = QComboBox()
        self.target.setMinimumContentsLength(28)
        self.target.view().setMinimumWidth(560)
        items = QStandardItemModel(self.target)
        keep = QStandardItem(self.tr("— keep the current status —"))
        keep.setData(KEEP, Qt.ItemDataRole.UserRole)
        items.appendRow(keep)
        for st in Status:
            reason = self.reasons[st]
            label = status_label(st)
            item = QStandardItem(label if not reason else f"{label}  ({reason})")
            item.setData(st.value, Qt.ItemDataRole.UserRole)
            if reason:
                item.setEnabled(False)
                item.setToolTip(reason)
            items.appendRow(item)
        self.target.setModel(items)
        self.target.setCurrentIndex(self._default_row())
        self.target.currentIndexChanged.connect(self._update_ok)

        self.date = date_edit(model.today)
        settings = QSettings()
        self.by = QLineEdit(settings.value("status/by", "", type=str))
        self.note = QLineEdit()
        self.doc_no = QLineEdit(placeholderText=self.tr("e.g. 123/QĐ-UBND"))
        self.doc_date = date_edit(model.today)
        doc_row = QHBoxLayout()
        doc_row.addWidget(self.doc_no, 2)
        doc_row.addWidget(QLabel(self.tr("dated")))
        doc_row.addWidget(self.doc_date, 1)

        # payment met by depositing refused money with the State Treasury (gửi Kho bạc)
        self.deposited = QCheckBox(self.tr("Treasury deposit: refused money deposited"))
        self.deposited.setToolTip(
            self.tr(
                "The household refused the money; it is deposited in a State Treasury holding "
                "account (Land Law 2013 art. 93(3), 2024 art. 94). Counted apart from money "
                "received. Needs the document number."
            )
        )
        # a decision that takes effect later than it is signed: deadlines count from then
        self.effective = QCheckBox(self.tr("In effect from"))
        self.effective_date = date_edit(model.today)
        effective_row = QHBoxLayout()
        effective_row.addWidget(self.effective)
        effective_row.addWidget(self.effective_date, 1)
        self.target.currentIndexChanged.connect(self._update_law)

        form = QFormLayout()
        form.addRow(self.tr("New status"), self.target)
        form.addRow(self.tr("Date"), self.date)
        form.addRow(self.tr("By"), self.by)
        form.addRow(self.tr("Note"), self.note)
        form.addRow(self.tr("Document no."), doc_row)
        form.addRow("", self.deposited)
        form.addRow("", effective_row)

        flags_box = QGroupBox(self.tr("Flags"))
        flags_layout = QHBoxLayout(flags_box)
        self.flag_boxes: dict[Flag, QCheckBox] = {}
        self._initial_flags: dict[Flag, Qt.CheckState] = {}
        for f in Flag:
            box = QCheckBox(flag_label(f))
            n = sum(1 for c in self.codes if f in snap.states[c].flags)
            if 0 < n < len(self.codes):
                box.setTristate(True)
                state = Qt.CheckState.PartiallyChecked
            else:
                state = Qt.CheckState.Checked if n else Qt.CheckState.Unchecked
            box.setCheckState(state)
            box.stateChanged.connect(self._update_ok)
            self._initial_flags[f] = state
            self.flag_boxes[f] = box
            flags_layout.addWidget(box)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addLayout(form)
        layout.addWidget(flags_box)
        layout.addWidget(self.buttons)
        self._update_ok()
        self._update_law()

    def _update_law(self, *_args) -> None:
        """Offer the Treasury deposit for the payment step, the effective date for decisions."""
        target = self.chosen_status()
        self.deposited.setEnabled(target is Status.PAID)
        if target is not Status.PAID:
            self.deposited.setChecked(False)
        decision = target in (Status.APPROVED, Status.RECOVERY_DECIDED)
        self.effective.setEnabled(decision)
        self.effective_date.setEnabled(decision)
        if not decision:
            self.effective.setChecked(False)

    # -- state ------------------------------------------------------------------------------------
    def _default_row(self) -> int:
        """The next allowed step after the current one, else "keep"."""
        cur = max(self.model.snapshot.states[c].status.rank for c in self.codes)
        for row, st in enumerate(Status, start=1):
            if st.rank > cur and not self.reasons[st]:
                return row
        return 0

    def chosen_status(self) -> Status | None:
        value = self.target.currentData(Qt.ItemDataRole.UserRole)
        return Status(value) if value else None

    def select_status(self, status: Status) -> bool:
        """Pick ``status`` in the list; False when it is disabled (not allowed)."""
        row = self.target.findData(Status(status).value, Qt.ItemDataRole.UserRole)
        item = self.target.model().item(row)
        if item is None or not item.isEnabled():
            return False
        self.target.setCurrentIndex(row)
        return True

    def is_enabled(self, status: Status) -> bool:
        row = self.target.findData(Status(status).value, Qt.ItemDataRole.UserRole)
        return self.target.model().item(row).isEnabled()

    def flag_changes(self) -> list[tuple[Flag, bool]]:
        out = []
        for f, box in self.flag_boxes.items():
            state = box.checkState()
            if state != self._initial_flags[f] and state != Qt.CheckState.PartiallyChecked:
                out.append((f, state == Qt.CheckState.Checked))
        return out

    def _update_ok(self, *_args) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(
            bool(self.codes) and (self.chosen_status() is not None or bool(self.flag_changes()))
        )

    # -- apply -------------------------------------------------------------------------------------
    def accept(self) -> None:
        try:
            self.apply()
        except UserError as exc:
            self.show_error(str(exc))
            return
        QSettings().setValue("status/by", self.by.text().strip())
        super().accept()

    def apply(self) -> None:
        """Write the change; raises UserError (and changes nothing) when the rules refuse."""
        target = self.chosen_status()
        at = from_qdate(self.date.date())
        by = self.by.text().strip()
        note = self.note.text().strip()
        doc_no = self.doc_no.text().strip()
        flag_changes = self.flag_changes()
        snap = self.model.snapshot
        n_flag_edits = sum(
            (flag in snap.states[code].flags) != on
            for flag, on in flag_changes
            for code in self.codes
        )
        several = (target is not None) + n_flag_edits > 1
        # one edit for the whole dialog (status and every household's flags): one transaction,
        # saved whole or not at all, and one undo step
        with self.model.one_edit(self.tr("Status and flags")) if several else nullcontext():
            if target is not None:  # first: it is the change the rules may refuse
                self.model.change_status(
                    self.codes,
                    target,
                    at,
                    by=by,
                    note=note,
                    doc_no=doc_no,
                    doc_date=from_qdate(self.doc_date.date()) if doc_no else None,
                    deposited=self.deposited.isChecked(),
                    effective_on=(
                        from_qdate(self.effective_date.date())
                        if self.effective.isChecked()
                        else None
                    ),
                )
            for flag, on in flag_changes:
                # the enforcement decision's number and date go on the enforcement flag
                doc = (
                    {"doc_no": doc_no, "doc_date": from_qdate(self.doc_date.date())}
                    if flag is Flag.ENFORCEMENT and on and doc_no and target is None
                    else {}
                )
                for code in self.codes:
                    if (flag in snap.states[code].flags) != on:
                        self.model.set_flag(code, flag, on, at, by=by, note=note, **doc)

    def show_error(self, message: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Not changed"),
            message,
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setInformativeText(self.tr("Nothing was saved."))
        box.setObjectName("status_error")
        box.open()
