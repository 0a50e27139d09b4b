"""File → Export…: gather the options of one export and run it in the background.

The same entry point as the CLI (``tl342.exports.run.run_export``) does the work.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import UserError
from ..core.progress import Cancelled
from ..exports.options import ALWAYS_PUBLIC, PUBLIC_HELP, ExportKind, ExportOptions, private_name
from . import export_flow
from .look import ui_language
from .progress import run_with_progress
from .project_model import ProjectModel
from .status_dialog import date_edit, from_qdate

RANGED = {ExportKind.MAP, ExportKind.ATLAS}  # take a chainage range
SCALED = {ExportKind.MAP, ExportKind.ATLAS, ExportKind.PACK}  # take a map scale


class ExportDialog(QDialog):
    """Kind, commune, chainage range, scale, paper, public profile, date and output path."""

    def __init__(self, model: ProjectModel, parent=None) -> None:
        super().__init__(parent)
        self.model = model
        self.result_info: dict | None = None
        self.setWindowTitle(self.tr("Export"))

        self.kind = QComboBox()
        for kind, text in (
            (ExportKind.MAP, self.tr("Parcel map (PDF/PNG)")),
            (ExportKind.ATLAS, self.tr("Atlas along the road (PDF)")),
            (ExportKind.PACK, self.tr("Commune meeting pack (folder)")),
            (ExportKind.HTML, self.tr("Interactive map (HTML)")),
            (ExportKind.POSTING, self.tr("Public posting list (XLSX/PDF)")),
            (ExportKind.REPORT, self.tr("Progress report (XLSX/PDF)")),
            (ExportKind.GPKG, self.tr("GeoPackage for QGIS")),
        ):
            self.kind.addItem(text, kind.value)
        self.commune = QComboBox()
        self.commune.addItem(self.tr("All communes"), None)
        for name in sorted(model.snapshot.communes):
            self.commune.addItem(name, name)
        self.from_edit = QLineEdit(placeholderText="Km40+000")
        self.to_edit = QLineEdit(placeholderText="Km42+000")
        chain = QHBoxLayout()
        chain.addWidget(self.from_edit)
        chain.addWidget(QLabel("–"))
        chain.addWidget(self.to_edit)
        self.scale = QSpinBox()
        self.scale.setRange(0, 100_000)
        self.scale.setSingleStep(500)
        self.scale.setPrefix("1:")
        self.scale.setSpecialValueText(self.tr("fit the sheet"))
        self.paper = QComboBox()
        self.paper.addItems(["A4", "A3"])
        self.landscape = QCheckBox(self.tr("Landscape"))
        self.landscape.setChecked(True)
        paper = QHBoxLayout()
        paper.addWidget(self.paper)
        paper.addWidget(self.landscape)
        self.public = QCheckBox(self.tr("Public (no private data; household codes on maps)"))
        self.public.setToolTip(PUBLIC_HELP)
        self.public.setChecked(True)
        self.public.toggled.connect(self._suggest_name)
        self.date = date_edit(model.today)
        self.out = QLineEdit(str(export_flow.remembered_folder()))
        self.saved_box = None
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        out = QHBoxLayout()
        out.addWidget(self.out, 1)
        out.addWidget(browse)
        self.kind.currentIndexChanged.connect(self._suggest_name)
        self.kind.currentIndexChanged.connect(self._enable_fields)
        self.commune.currentIndexChanged.connect(self._suggest_name)

        form = QFormLayout()
        form.addRow(self.tr("What"), self.kind)
        form.addRow(self.tr("Commune"), self.commune)
        form.addRow(self.tr("Chainage"), _wrap(chain))
        form.addRow(self.tr("Scale"), self.scale)
        form.addRow(self.tr("Paper"), _wrap(paper))
        form.addRow("", self.public)
        form.addRow(self.tr("As of"), self.date)
        form.addRow(self.tr("Save to"), _wrap(out))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Export"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self._suggest_name()
        self._enable_fields()

    def selected_kind(self) -> ExportKind:
        return ExportKind(self.kind.currentData())

    def _enable_fields(self) -> None:
        """The chainage range for maps and the atlas; the scale for map sheets."""
        kind = self.selected_kind()
        self.from_edit.setEnabled(kind in RANGED)
        self.to_edit.setEnabled(kind in RANGED)
        self.scale.setEnabled(kind in SCALED)

    def _suggest_name(self, *_args) -> None:
        if not hasattr(self, "date"):
            return  # still building the dialog
        kind = self.selected_kind()
        current = Path(self.out.text()) if self.out.text() else None
        if current is None:
            folder = export_flow.remembered_folder()
        else:
            folder = current if current.is_dir() and not current.suffix else current.parent
        name = export_flow.default_name(
            kind, self.commune.currentData(), from_qdate(self.date.date()), ui_language()
        )
        if not self.public.isChecked() and kind not in ALWAYS_PUBLIC:
            name = private_name(name)  # internal outputs are named apart (not for posting)
        self.out.setText(str(folder / name))

    def _browse(self) -> None:
        kind = self.selected_kind()
        if kind is ExportKind.PACK:
            path = QFileDialog.getExistingDirectory(
                self, self.tr("Export to folder"), self.out.text()
            )
        else:
            path, _ = QFileDialog.getSaveFileName(
                self, self.tr("Export to"), self.out.text(), export_flow.file_filter(kind)
            )
        if path:
            self.out.setText(path)

    def options(self) -> ExportOptions:
        """The options as the exporters take them; a bad chainage raises UserError."""
        from .look import parse_km_field  # "45" = Km45+000

        def chainage(edit: QLineEdit) -> float | None:
            text = edit.text().strip() if edit.isEnabled() else ""
            return parse_km_field(text) if text else None

        return ExportOptions(
            commune=self.commune.currentData(),
            from_m=chainage(self.from_edit),
            to_m=chainage(self.to_edit),
            scale=(self.scale.value() or None) if self.scale.isEnabled() else None,
            paper=self.paper.currentText(),
            landscape=self.landscape.isChecked(),
            public=self.public.isChecked(),
            date=from_qdate(self.date.date()),
            as_of_note=self._as_of_note(),
            lang=ui_language(),
        )

    def _as_of_note(self) -> str:
        """The note of a finished campaign shown as of its latest record (GUI's "today")."""
        from ..core.campaign import snapshot_as_of

        when = snapshot_as_of(self.model.snapshot, date.today())
        note = when.note(ui_language())
        return note if when.latest_record and when.day == self.options_day() else ""

    def options_day(self):
        return from_qdate(self.date.date())

    def accept(self) -> None:
        from ..exports.run import run_export

        started = False
        try:
            opts = self.options()
            out = Path(self.out.text().strip())
            if not self.out.text().strip():
                raise UserError(self.tr("Choose where to save the export."))
            if not export_flow.confirm_overwrite(self, out):
                return
            started = True
            fn = partial(run_export, self.model.project, self.selected_kind(), out, opts)
            self.result_info = run_with_progress(self, self.windowTitle(), fn)
        except UserError as exc:
            text = str(exc)
            if isinstance(exc, Cancelled):
                text = export_flow.cancelled_text()
            elif started:
                text = export_flow.failed_text(text)
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                self.windowTitle(),
                text,
                QMessageBox.StandardButton.Ok,
                self,
            )
            box.open()
            return
        export_flow.remember_folder(out)
        self.saved_box = export_flow.SavedBox(self.parentWidget() or self, out)
        self.saved_box.open()
        super().accept()


def _wrap(layout) -> QWidget:
    w = QWidget()
    layout.setContentsMargins(0, 0, 0, 0)
    w.setLayout(layout)
    return w
