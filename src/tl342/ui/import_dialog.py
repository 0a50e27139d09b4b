"""File → Import: check a file first (nothing written), show the report, then import.

Parcels and household lists are read and checked with a dry run of the same use case the
CLI runs (``tl342.io.apply``), so what the report shows is exactly what the import would do.
Route, boundary and commune files are small: they are checked and written in one step (a
refused file writes nothing).
"""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import UserError, ValidationError
from .progress import run_with_progress
from .project_model import ProjectModel

CHECKED_KINDS = ("parcels", "households")  # the kinds with a report before writing
ENCODINGS = ("auto", "utf-8", "cp1258", "tcvn3", "vni")


class _FileField(QWidget):
    def __init__(self, caption: str, filters: str, parent=None) -> None:
        super().__init__(parent)
        self.caption, self.filters = caption, filters
        self.edit = QLineEdit()
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(browse)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.caption, self.edit.text(), self.filters)
        if path:
            self.edit.setText(path)

    def path(self) -> str:
        return self.edit.text().strip()


class ImportDialog(QDialog):
    """Import one kind of file: parcels, households, route, boundary or communes."""

    def __init__(self, model: ProjectModel, kind: str, parent=None) -> None:
        super().__init__(parent)
        self.model = model
        self.kind = kind
        self.report = None
        titles = {
            "parcels": self.tr("Import parcels"),
            "households": self.tr("Import household list"),
            "route": self.tr("Import route"),
            "boundary": self.tr("Import clearance boundary"),
            "communes": self.tr("Import commune boundaries"),
        }
        self.setWindowTitle(titles[kind])
        spatial = self.tr(
            "GIS files (*.shp *.gpkg *.geojson *.json *.kml *.dxf *.dgn);;All files (*)"
        )
        form = QFormLayout()
        self.file = _FileField(
            titles[kind],
            self.tr("Excel files (*.xlsx);;All files (*)") if kind == "households" else spatial,
        )
        form.addRow(self.tr("File"), self.file)
        self.file.edit.textChanged.connect(self._forget_report)
        if kind == "parcels":
            self.commune = QComboBox()
            self.commune.setEditable(True)
            self.commune.addItem("")
            self.commune.addItems(sorted(model.snapshot.communes))
            self.commune.setToolTip(self.tr("Used when the file has no commune column"))
            self.encoding = QComboBox()
            self.encoding.addItems(ENCODINGS)
            self.encoding.setToolTip(self.tr("Old .dbf files are often TCVN3 or VNI"))
            self.crs = QLineEdit(placeholderText=self.tr("from the file (e.g. EPSG:5899)"))
            form.addRow(self.tr("Commune"), self.commune)
            form.addRow(self.tr("Text encoding"), self.encoding)
            form.addRow(self.tr("Coordinate system"), self.crs)
        if kind == "route":
            csv = self.tr("CSV files (*.csv);;All files (*)")
            self.stakes = _FileField(self.tr("Stakes"), csv)
            self.equations = _FileField(self.tr("Station equations"), csv)
            form.addRow(self.tr("Stakes (chainage,x,y)"), self.stakes)
            form.addRow(self.tr("Equations (back,ahead,x,y)"), self.equations)

        self.summary = QLabel(
            self.tr("Choose a file and press Check: nothing is written until you press Import.")
            if kind in CHECKED_KINDS
            else self.tr("A file with errors is refused as a whole.")
        )
        self.summary.setWordWrap(True)
        self.problems = QTableWidget(0, 4)
        self.problems.setHorizontalHeaderLabels(
            [self.tr("Severity"), self.tr("Where"), self.tr("Field"), self.tr("Problem")]
        )
        self.problems.verticalHeader().hide()
        self.problems.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problems.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.problems.horizontalHeader().setStretchLastSection(True)
        self.problems.setVisible(kind in CHECKED_KINDS)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.check_button = self.buttons.addButton(
            self.tr("Check"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.import_button = self.buttons.addButton(
            self.tr("Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.check_button.setVisible(kind in CHECKED_KINDS)
        self.check_button.clicked.connect(self.check)
        self.import_button.clicked.connect(self.do_import)
        self.buttons.rejected.connect(self.reject)
        self._forget_report()

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems, 1)
        layout.addWidget(self.buttons)
        self.resize(760, 460 if kind in CHECKED_KINDS else 200)

    # -- work ---------------------------------------------------------------------------------------
    def _call(self, dry_run: bool):
        """A function of (progress, cancel) running the use case for this kind."""
        from ..io import apply

        project, path = self.model.project, self.file.path()
        if not path:
            raise UserError(self.tr("Choose a file first."))
        if self.kind == "parcels":
            return partial(
                apply.import_parcels,
                project,
                path,
                dry_run=dry_run,
                commune=self.commune.currentText().strip() or None,
                encoding=self.encoding.currentText(),
                crs=self.crs.text().strip() or None,
            )
        if self.kind == "households":
            return partial(apply.import_households, project, path, dry_run=dry_run)
        if self.kind == "route":
            fn = partial(
                apply.import_route,
                project,
                path,
                stakes=self.stakes.path() or None,
                equations=self.equations.path() or None,
            )
        elif self.kind == "boundary":
            fn = partial(apply.import_boundary, project, path)
        else:
            fn = partial(apply.import_communes, project, path)
        return lambda progress=None, cancel=None: fn()

    def _run(self, dry_run: bool):
        fn = self._call(dry_run)
        return run_with_progress(self, self.windowTitle(), fn)

    def check(self) -> None:
        """Dry run: read and check the file, show every problem, write nothing."""
        try:
            report = self._run(dry_run=True)
        except ValidationError as exc:
            report = exc.report
            if report is None:
                self._error(str(exc))
                return
        except UserError as exc:
            self._error(str(exc))
            return
        self.show_report(report)

    def do_import(self) -> None:
        try:
            result = self._run(dry_run=False)
        except ValidationError as exc:
            if exc.report is not None:
                self.show_report(exc.report)
            self._error(str(exc))
            return
        except UserError as exc:
            self._error(str(exc))
            return
        self.model.reload()
        self.summary.setText(self.tr("Imported.") + " " + _describe(result))
        self.import_button.setEnabled(False)
        self.accept()

    def _forget_report(self, *_args) -> None:
        self.report = None
        self.import_button.setEnabled(self.kind not in CHECKED_KINDS)

    def show_report(self, report) -> None:
        self.report = report
        self.summary.setText(report.summary_line())
        self.problems.setRowCount(len(report.problems))
        severity = {
            "error": self.tr("error"),
            "warning": self.tr("warning"),
            "fixed": self.tr("fixed"),
        }
        for r, p in enumerate(report.problems):
            for c, text in enumerate(
                (severity.get(p.severity, p.severity), p.where, p.field, p.message)
            ):
                self.problems.setItem(r, c, QTableWidgetItem(text))
        self.import_button.setEnabled(report.ok)

    def _error(self, message: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.windowTitle(),
            message,
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setInformativeText(self.tr("Nothing was written to the project."))
        box.open()


def _describe(result) -> str:
    if hasattr(result, "summary_line"):
        return result.summary_line()
    if isinstance(result, dict):
        return ", ".join(f"{k}: {v}" for k, v in result.items())
    return ""
