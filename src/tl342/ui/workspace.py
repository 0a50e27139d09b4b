"""The remembered workspace: what the clerk was looking at comes back after a restart.

Sort order, visible columns and the dashboard tab come back always; the map view, the selected
households and the dashboard date only for the same project. The date is kept only when the
clerk moved it away from the day the app opens on (and the status bar then says so).
QSettings keys live under ``workspace/``.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtWidgets import QTabWidget


def _project_key(window) -> str:
    p = window.model.project
    return str(p.target) if p is not None else ""


def _tabs(window) -> QTabWidget | None:
    tabs = getattr(window.campaign, "tabs", None)
    return tabs if isinstance(tabs, QTabWidget) else None


def save_workspace(window, settings: QSettings) -> None:
    """Write the window's workspace to ``settings``."""
    from .project_model import initial_today

    s, model = settings, window.model
    t, table = window.households.table_model, window.households.table
    s.setValue("workspace/sort", [int(t.sort_column), int(t.sort_order.value)])
    s.setValue(
        "workspace/hidden_columns", [c for c in range(t.columnCount()) if table.isColumnHidden(c)]
    )
    s.setValue("workspace/project", _project_key(window))
    s.setValue("workspace/selection", model.selection)
    vp = getattr(window.canvas, "viewport", None)
    if vp is not None and hasattr(vp, "m_per_px"):
        s.setValue("workspace/map", [vp.cx, vp.cy, vp.m_per_px])
    tabs = _tabs(window)
    if tabs is not None:
        s.setValue("workspace/dashboard_tab", tabs.currentIndex())
    if model.today != initial_today(model.snapshot, date.today()):
        s.setValue("workspace/today", model.today.isoformat())
    else:
        s.remove("workspace/today")


def restore_workspace(window, settings: QSettings) -> tuple[float, float, float] | None:
    """Apply the saved workspace; returns the map view (cx, cy, m/px) to set once shown."""
    s, model = settings, window.model
    t, table = window.households.table_model, window.households.table
    try:
        sort = [int(v) for v in (s.value("workspace/sort") or [])]
        if len(sort) == 2 and 0 <= sort[0] < t.columnCount():
            table.sortByColumn(sort[0], Qt.SortOrder(sort[1]))
        hidden = s.value("workspace/hidden_columns")
        if hidden is not None:
            hidden = {int(c) for c in ([hidden] if isinstance(hidden, str) else hidden)}
            for c in range(t.columnCount()):
                table.setColumnHidden(c, c in hidden)
        tabs, tab = _tabs(window), s.value("workspace/dashboard_tab")
        if tabs is not None and tab is not None:
            tabs.setCurrentIndex(int(tab))
        key = _project_key(window)
        if not key or s.value("workspace/project", "", type=str) != key:
            return None
        today = s.value("workspace/today", "", type=str)
        if today:
            model.set_today(date.fromisoformat(today))
            window.statusBar().showMessage(
                QCoreApplication.translate(
                    "Workspace", "Campaign figures as of %1, the date chosen last time"
                ).replace("%1", model.today.strftime("%d/%m/%Y")),
                10000,
            )
        sel = s.value("workspace/selection") or []
        sel = [sel] if isinstance(sel, str) else list(sel)
        if sel:
            model.select(sel)
        view = [float(v) for v in (s.value("workspace/map") or [])]
        vp = getattr(window.canvas, "viewport", None)
        if len(view) == 3 and vp is not None and view[2] > 0:
            vp.cx, vp.cy, vp.m_per_px = view
            return (view[0], view[1], view[2])
    except (TypeError, ValueError):
        return None  # settings from another version: start fresh
    return None
