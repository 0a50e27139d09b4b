"""The main window. It assembles the map, the docks, menus and the status bar — nothing else.

Behaviour lives in the widgets and in the project model; this file wires them together.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QPoint, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTabWidget,
    QWidget,
)

from .. import __version__
from ..core.errors import UserError
from .campaign_dashboard import CampaignDashboard
from .details_panel import DetailsPanel
from .households_panel import HouseholdsPanel
from .look import chainage_error, icon, ui_language
from .project_model import ProjectModel

MAX_RECENT = 8
# saveState/restoreState version: bump it whenever the default dock layout changes, so a
# layout remembered from an older version is ignored instead of breaking the new default
LAYOUT_VERSION = 2


def make_map(model: ProjectModel) -> QWidget:
    """The map canvas (``ui/map_canvas.py``), or a placeholder while it is not installed."""
    try:
        from .map_canvas import MapCanvas
    except ImportError:
        label = QLabel(
            QCoreApplication.translate("MainWindow", "The map is not available in this build.")
        )
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        return label
    canvas = MapCanvas(model)
    canvas.lang = ui_language()
    return canvas


class MainWindow(QMainWindow):
    """Map in the middle, households on the left, campaign and details as tabs on the right."""

    def __init__(self, model: ProjectModel, settings: QSettings | None = None) -> None:
        super().__init__()
        self.model = model
        self.settings = settings or QSettings()
        self.setWindowIcon(icon("app"))
        self.setObjectName("main_window")

        self.canvas = make_map(model)
        self.setCentralWidget(self.canvas)
        # the list's 20 000 rows (district scale) are built once the map is on screen too
        self.households = HouseholdsPanel(model, deferred=hasattr(self.canvas, "painted"))
        table = getattr(self.households, "table_model", None)
        if hasattr(table, "release_overdue") and hasattr(self.canvas, "painted"):
            table.defer_overdue = True  # deadlines of every household: after the map's paint
        self.details = DetailsPanel(model)
        # the dashboard's figures (deadlines for every household) are computed once the map
        # is on screen, not before the first paint
        self.campaign = CampaignDashboard(model, deferred=True)
        self.docks = {
            "households": self._dock(
                self.tr("Households"), self.households, Qt.DockWidgetArea.LeftDockWidgetArea
            ),
            "details": self._dock(
                self.tr("Details"), self.details, Qt.DockWidgetArea.RightDockWidgetArea
            ),
            "campaign": self._dock(
                self.tr("Campaign"), self.campaign, Qt.DockWidgetArea.RightDockWidgetArea
            ),
        }
        # 1366x768: the dashboard needs the whole height of the right column to be readable,
        # so details and campaign share it as tabs (campaign first; a click on a household
        # brings its details forward)
        self.tabifyDockWidget(self.docks["campaign"], self.docks["details"])
        self.setTabPosition(Qt.DockWidgetArea.RightDockWidgetArea, QTabWidget.TabPosition.North)
        self.docks["campaign"].raise_()
        self.resizeDocks(
            [self.docks["households"], self.docks["campaign"]],
            [420, 470],
            Qt.Orientation.Horizontal,
        )

        self.coords = QLabel()
        self.statusBar().addPermanentWidget(self.coords)
        self._build_actions()
        self._wire_canvas()
        if not hasattr(self.canvas, "painted"):  # no map to wait for
            if getattr(self.campaign, "pending", False):
                self.campaign.flush()
            self._check_history()
        self.households.statusDialogRequested.connect(self.change_status)
        self.households.table.clicked.connect(self.show_details)
        self.households.householdOpened.connect(self.show_details)
        self.households.notice.connect(self.show_notice)
        model.notice.connect(self.show_notice)
        model.parcelIdentified.connect(self.show_details)
        model.errorOccurred.connect(self._show_error)
        model.integrityProblem.connect(self._warn_altered_history)
        model.projectLoaded.connect(self._update_title)
        self._update_title()
        self.resize(1366, 768)
        self.restore_layout()
        self.restore_workspace()

    def _dock(self, title: str, widget: QWidget, area) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock_{widget.__class__.__name__}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    # -- actions and menus -----------------------------------------------------------------------
    def _action(self, text: str, slot, shortcut=None, icon_name: str | None = None) -> QAction:
        action = QAction(text, self)
        if icon_name:
            action.setIcon(icon(icon_name))
        if shortcut is not None:
            if isinstance(shortcut, list):
                action.setShortcuts(shortcut)
            else:
                action.setShortcut(shortcut)
        action.triggered.connect(slot)
        self.addAction(action)  # shortcuts work even while the menu bar is hidden
        return action

    def _build_actions(self) -> None:
        SK = QKeySequence.StandardKey
        a = self.actions_by_name = {
            "open": self._action(self.tr("&Open project…"), self.open_dialog, SK.Open, "open"),
            "reload": self._action(
                self.tr("&Reload"), self.model.reload, QKeySequence("F5"), "reload"
            ),
            "export": self._action(
                self.tr("&Export…"), self.export_dialog, QKeySequence("Ctrl+E"), "export"
            ),
            "quit": self._action(self.tr("&Quit"), self.close, SK.Quit),
            "status": self._action(
                self.tr("Change &status…"), self.change_status, QKeySequence("F2"), "status"
            ),
            "search": self._action(self.tr("&Find household"), self.focus_search, SK.Find),
            "zoom_route": self._action(
                self.tr("Zoom to the &route"), self.zoom_to_route, QKeySequence("Ctrl+0"), "route"
            ),
            "goto": self._action(
                self.tr("&Go to chainage…"), self.go_to_chainage, QKeySequence("Ctrl+G"), "chainage"
            ),
            "about": self._action(self.tr("&About tl342"), self.about),
        }
        undo = self.model.undo_stack.createUndoAction(self, self.tr("&Undo"))
        undo.setShortcuts([QKeySequence("Ctrl+Z")])
        undo.setIcon(icon("undo"))
        redo = self.model.undo_stack.createRedoAction(self, self.tr("&Redo"))
        redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        redo.setIcon(icon("redo"))
        a["undo"], a["redo"] = undo, redo
        self.addActions([undo, redo])

        bar = self.menuBar()
        file = bar.addMenu(self.tr("&File"))
        file.addAction(a["open"])
        self.recent_menu = file.addMenu(self.tr("Recent projects"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        imports = file.addMenu(icon("import"), self.tr("&Import"))
        for kind, text in (
            ("parcels", self.tr("Parcels (cadastral map)…")),
            ("households", self.tr("Household list (Excel)…")),
            ("route", self.tr("Route (centreline and stakes)…")),
            ("boundary", self.tr("Clearance boundary…")),
            ("communes", self.tr("Commune boundaries…")),
        ):
            imports.addAction(text, lambda k=kind: self.import_dialog(k))
        file.addAction(a["export"])
        file.addAction(self.tr("Document &settings…"), self.settings_dialog)
        file.addSeparator()
        file.addAction(a["reload"])
        file.addSeparator()
        file.addAction(a["quit"])

        edit = bar.addMenu(self.tr("&Edit"))
        edit.addAction(undo)
        edit.addAction(redo)
        edit.addSeparator()
        edit.addAction(a["status"])
        edit.addAction(a["search"])

        view = bar.addMenu(self.tr("&View"))
        view.addAction(a["zoom_route"])
        self.commune_menu = view.addMenu(self.tr("Zoom to &commune"))
        self.commune_menu.aboutToShow.connect(self._fill_communes)
        view.addAction(a["goto"])
        self.legend_action = view.addAction(self.tr("&Legend on the map"))
        self.legend_action.setCheckable(True)
        self.legend_action.setChecked(self.settings.value("view/legend", True, type=bool))
        self.legend_action.toggled.connect(self._set_legend)
        self._set_legend(self.legend_action.isChecked())
        view.addSeparator()
        for dock in self.docks.values():
            view.addAction(dock.toggleViewAction())

        lang = bar.addMenu(self.tr("&Language"))
        group = QActionGroup(self)
        for code, name in (("vi", "Tiếng Việt"), ("en", "English")):
            act = lang.addAction(name)
            act.setCheckable(True)
            act.setChecked(code == ui_language())
            act.triggered.connect(lambda _=False, c=code: self.set_language(c))
            group.addAction(act)

        bar.addMenu(self.tr("&Help")).addAction(a["about"])

        tools = self.addToolBar(self.tr("Main"))
        tools.setObjectName("toolbar_main")
        tools.setMovable(False)
        for key in ("open", "export", "undo", "redo", "status", "zoom_route", "goto", "reload"):
            tools.addAction(a[key])

    def _wire_canvas(self) -> None:
        c = self.canvas
        if hasattr(c, "cursorMoved"):
            c.cursorMoved.connect(lambda x, y: self.coords.setText(c.status_text(x, y)))
        if hasattr(c, "contextMenuRequested"):
            c.contextMenuRequested.connect(self.map_context_menu)
        if hasattr(c, "householdClicked"):
            c.householdClicked.connect(self.show_details)
        if hasattr(c, "painted"):
            c.painted.connect(self._after_map_paint)

    def _after_map_paint(self) -> None:
        """Once a frame of the map is on screen, compute what a load left pending."""
        if getattr(self.campaign, "pending", False):
            QTimer.singleShot(0, self.campaign.flush)
        table = getattr(self.households, "table_model", None)
        if getattr(table, "pending", False):
            QTimer.singleShot(0, table.release_rows)
        if getattr(table, "defer_overdue", False):
            QTimer.singleShot(0, self._release_overdue)
        if not self.model.integrity_checked:
            QTimer.singleShot(0, self._check_history)

    def _release_overdue(self) -> None:
        self.households.table_model.release_overdue()
        if any(box.isChecked() for box in getattr(self.households, "flag_boxes", {}).values()):
            self.households._apply_filters()  # a flag filter may select overdue households

    def _check_history(self) -> None:
        """Tamper-evident history: the model walks the chain in the background once the map is
        on screen; a broken chain comes back as ``integrityProblem`` (see _warn_altered_history)."""
        self.model.check_integrity()

    # -- slots -------------------------------------------------------------------------------------
    def show_details(self, *_args) -> None:
        """Bring the details tab forward (a household was clicked in the list or on the map)."""
        self.docks["details"].show()
        self.docks["details"].raise_()

    def show_notice(self, message: str) -> None:
        """A one-line confirmation in the status bar (a change, an undo, a cleared filter)."""
        self.statusBar().showMessage(message, 8000)

    def _set_legend(self, on: bool) -> None:
        if hasattr(self.canvas, "set_legend_visible"):
            self.canvas.set_legend_visible(on)
        self.settings.setValue("view/legend", bool(on))

    def show_in_list(self, code: str) -> None:
        """Bring the list forward with ``code`` in it (the filters are cleared if they hide it)."""
        self.docks["households"].show()
        self.docks["households"].raise_()
        self.households.reveal([code])

    def _show_error(self, message: str) -> None:
        QMessageBox.warning(self, self.tr("Not changed"), message)

    def _warn_altered_history(self, message: str) -> None:
        """The history of the opened project does not verify (checked in the background): a
        window-modal box that nothing waits on, once per opened project."""
        key = id(self.model.project)
        if getattr(self, "_history_warned", None) == key:
            return
        self._history_warned = key
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("History altered"), message, parent=self)
        box.setObjectName("history_altered")
        box.open()  # not modal-blocking: the project stays usable (read it, export it)

    def change_status(self) -> None:
        from .status_dialog import StatusDialog

        codes = self.model.selection
        if not codes:
            self.statusBar().showMessage(self.tr("Select one or more households first."), 5000)
            return
        StatusDialog(self.model, codes, self).exec()

    def map_context_menu(self, code: str, pos: QPoint) -> None:
        if not code:
            return
        if code not in self.model.selection:
            self.model.select([code])
        menu = QMenu(self)
        menu.addAction(self.actions_by_name["status"])
        menu.addAction(self.tr("Show in the list"), lambda: self.show_in_list(code))
        menu.popup(pos)

    def focus_search(self) -> None:
        self.docks["households"].show()
        self.docks["households"].raise_()
        self.households.focus_search()

    def zoom_to_route(self) -> None:
        if hasattr(self.canvas, "zoom_to_full"):
            self.canvas.zoom_to_full()

    def _fill_communes(self) -> None:
        self.commune_menu.clear()
        for name in sorted(self.model.snapshot.communes):
            self.commune_menu.addAction(name, lambda n=name: self._zoom_commune(n))

    def _zoom_commune(self, name: str) -> None:
        try:
            self.canvas.zoom_to_commune(name)
        except (UserError, AttributeError) as exc:
            self.statusBar().showMessage(str(exc), 5000)

    def go_to_chainage(self) -> None:
        from .look import parse_km_field

        text, ok = QInputDialog.getText(
            self,
            self.tr("Go to chainage"),
            self.tr("Chainage (e.g. 45, 45+200 or Km45+200):"),
            text=self.settings.value("view/last_chainage", "", type=str),
        )
        if not ok or not text.strip():
            return
        try:
            metres = parse_km_field(text)
            if hasattr(self.canvas, "zoom_to_chainage"):
                self.canvas.zoom_to_chainage(metres)
        except UserError as exc:
            QMessageBox.warning(self, self.tr("Go to chainage"), chainage_error(text, exc))
            return
        self.settings.setValue("view/last_chainage", text.strip())

    def import_dialog(self, kind: str) -> None:
        from .import_dialog import ImportDialog

        if self.model.project is None:
            return
        ImportDialog(self.model, kind, self).exec()

    def export_dialog(self) -> None:
        from .export_dialog import ExportDialog

        if self.model.project is None:
            return
        ExportDialog(self.model, self).exec()

    def settings_dialog(self) -> None:
        from .settings_dialog import SettingsDialog

        if self.model.project is not None:
            SettingsDialog(self.model.project, self).exec()

    # -- project and recent list -----------------------------------------------------------------
    def open_dialog(self) -> None:
        start = str(Path(self.recent_projects()[0]).parent) if self.recent_projects() else ""
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open project"), start, self.tr("tl342 projects (*.tl342)")
        )
        if path:
            self.open_project(path)

    def open_project(self, path: str) -> bool:
        from ..store.project import Project

        try:
            project = Project.open(path)
            self.model.set_project(project)
        except UserError as exc:
            QMessageBox.warning(self, self.tr("Cannot open the project"), str(exc))
            return False
        if not hasattr(self.canvas, "painted"):
            self._check_history()  # else once the map is painted
        self.add_recent(path)
        return True

    def recent_projects(self) -> list[str]:
        value = self.settings.value("recent", [])
        items = [value] if isinstance(value, str) else list(value or [])
        return [p for p in items if p]

    def add_recent(self, path: str) -> None:
        path = str(Path(path).resolve()) if "://" not in path else path
        items = [path] + [p for p in self.recent_projects() if p != path]
        self.settings.setValue("recent", items[:MAX_RECENT])

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in self.recent_projects():
            self.recent_menu.addAction(path, lambda p=path: self.open_project(p))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction(self.tr("(none)")).setEnabled(False)

    def _update_title(self, *_args) -> None:
        p = self.model.project
        name = self.model.snapshot.name or (Path(p.target).stem if p else "")
        where = p.target if p is not None and p.is_file else ""
        self.setWindowTitle(" — ".join(x for x in (name, where, "tl342") if x))

    # -- language, about, layout -----------------------------------------------------------------
    def set_language(self, lang: str) -> None:
        """Use ``lang`` from now on: saved, and applied at once (:meth:`apply_language`)."""
        if lang == self.settings.value("ui/language", ui_language(), type=str):
            return
        self.settings.setValue("ui/language", lang)
        self.apply_language(lang)

    def apply_language(self, lang: str) -> MainWindow:
        """Rebuild the window in ``lang`` now, in this process: the layout and the workspace
        (sort, columns, map view, selection, dashboard) are saved, the translators swapped,
        a new window over the same project model restores them, and this one goes. Every
        text (menus, lists, chips, dialogs, exports) is then in ``lang``."""
        from PySide6.QtWidgets import QApplication

        from .app import install_translations

        self.save_layout()
        self.save_workspace()
        app = QApplication.instance()
        install_translations(app, lang)
        new = MainWindow(self.model, self.settings)
        if self.isVisible():
            new.show()
        app._tl342_main_window = new  # the app's reference (run_gui's local is this window)
        self.replaced_by = new
        self.save_layout = self.save_workspace = lambda: None  # saved above, before the swap
        self.close()
        self.deleteLater()
        return new

    def about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About tl342"),
            self.tr(
                "<b>tl342 %1</b><p>Land clearance (GPMB) for road ĐT342, Ba Chẽ, Quảng Ninh."
                "</p><p>Every change is saved at once; Ctrl+Z undoes it.</p>"
            ).replace("%1", __version__),
        )

    def restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.settings.value("window/state")
        if state is not None:
            self.restoreState(state, LAYOUT_VERSION)  # an older version's state is ignored

    def save_layout(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState(LAYOUT_VERSION))

    # -- the workspace: what the clerk was looking at, back after a restart (ui/workspace.py) --
    def save_workspace(self) -> None:
        from .workspace import save_workspace

        save_workspace(self, self.settings)

    def restore_workspace(self) -> None:
        from .workspace import restore_workspace

        self._restored_view = restore_workspace(self, self.settings)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt name
        super().showEvent(event)
        view = getattr(self, "_restored_view", None)
        vp = getattr(self.canvas, "viewport", None)
        if view is not None and vp is not None:  # the first resize re-fitted the map
            vp.cx, vp.cy, vp.m_per_px = view
            self._restored_view = None
            self.canvas._invalidate()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt name
        self.save_layout()
        self.save_workspace()
        super().closeEvent(event)
