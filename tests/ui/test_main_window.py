"""The assembled window: docks, menus, shortcuts, settings across instances, recent list."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence

from tl342.ui.main_window import MainWindow


def _settings(tmp_path):
    return QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)


def _window(qtbot, model, tmp_path):
    w = MainWindow(model, _settings(tmp_path))
    qtbot.addWidget(w)
    return w


def test_fits_1366x768(qtbot, model, tmp_path):
    """At 1366×768 the map keeps a usable width between the docks."""
    w = _window(qtbot, model, tmp_path)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    assert (w.width(), w.height()) == (1366, 768)  # not pushed larger by minimum sizes
    assert w.minimumSizeHint().height() <= 720  # room for a taskbar
    assert w.canvas.width() >= 450
    assert all(d.isVisible() for d in w.docks.values())


def test_common_shortcuts(qtbot, model, tmp_path):
    """Undo, redo, status, search, go-to-chainage and reload have their keys."""
    w = _window(qtbot, model, tmp_path)
    a = w.actions_by_name
    keys = {name: [s.toString() for s in a[name].shortcuts()] for name in a}
    assert "Ctrl+Z" in keys["undo"]
    assert {"Ctrl+Y", "Ctrl+Shift+Z"} <= set(keys["redo"])
    assert keys["status"] == ["F2"] and keys["goto"] == ["Ctrl+G"] and keys["reload"] == ["F5"]
    assert QKeySequence("Ctrl+F").toString() in keys["search"]


def test_ctrl_f_focuses_search(qtbot, model, tmp_path):
    """The Find action puts the cursor in the households search box."""
    w = _window(qtbot, model, tmp_path)
    w.show()
    w.activateWindow()
    qtbot.waitActive(w)
    w.canvas.setFocus()
    w.actions_by_name["search"].trigger()
    qtbot.waitUntil(w.households.search.hasFocus, timeout=1000)


def test_layout_restored_in_a_new_instance(qtbot, model, tmp_path):
    """A hidden dock and the window size come back in the next window (QSettings)."""
    w = _window(qtbot, model, tmp_path)
    w.show()
    w.resize(700, 500)  # the offscreen screen is 800×600: restoreGeometry clamps to it
    w.docks["campaign"].hide()
    w.close()
    w2 = _window(qtbot, model, tmp_path)
    w2.show()
    assert not w2.docks["campaign"].isVisible()
    assert w2.docks["details"].isVisible()
    assert (w2.width(), w2.height()) == (700, 500)


def test_recent_projects(qtbot, model, project_file, tmp_path):
    """Opening a project puts it first in the recent list, without duplicates."""
    w = _window(qtbot, model, tmp_path)
    assert w.open_project(str(project_file))
    assert w.open_project(str(project_file))
    assert w.recent_projects() == [str(project_file.resolve())]
    w._fill_recent()
    assert [a.text() for a in w.recent_menu.actions()] == [str(project_file.resolve())]


def test_open_bad_file_keeps_project(qtbot, model, tmp_path, monkeypatch):
    """A file that is not a project gives a message and the open project stays."""
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    bad = tmp_path / "notes.tl342"
    bad.write_text("hello")
    w = _window(qtbot, model, tmp_path)
    before = model.project
    assert not w.open_project(str(bad))
    assert model.project is before
    assert shown and "notes.tl342" in shown[0]


def test_language_choice_is_saved(qtbot, model, tmp_path, monkeypatch):
    """Choosing the other language saves it and applies it at once (no restart asked)."""
    from tl342.ui.look import ui_language

    applied = []
    monkeypatch.setattr(MainWindow, "apply_language", lambda self, lang: applied.append(lang))
    other = "en" if ui_language() == "vi" else "vi"
    w = _window(qtbot, model, tmp_path)
    w.set_language(other)
    assert _settings(tmp_path).value("ui/language") == other
    assert applied == [other]
    w.set_language(other)  # the language in use already: nothing to do
    assert applied == [other]


def test_map_context_menu_selects(qtbot, model, tmp_path):
    """Right-clicking a household on the map selects it (the menu offers the status dialog)."""
    from PySide6.QtCore import QPoint

    w = _window(qtbot, model, tmp_path)
    w.canvas.contextMenuRequested.emit("HGD002", QPoint(10, 10))
    assert model.selection == ["HGD002"]
    menus = [m for m in w.findChildren(type(w.recent_menu)) if m.isVisible()]
    assert any(w.actions_by_name["status"] in m.actions() for m in menus)
    for m in menus:
        m.close()


def test_change_status_without_selection_says_so(qtbot, model, tmp_path):
    """F2 with nothing selected shows a hint instead of an empty dialog."""
    w = _window(qtbot, model, tmp_path)
    w.change_status()
    assert w.statusBar().currentMessage()


def test_docks_are_named_for_save_state(qtbot, model, tmp_path):
    """Every dock and toolbar has an object name (saveState needs them)."""
    w = _window(qtbot, model, tmp_path)
    from PySide6.QtWidgets import QDockWidget, QToolBar

    for child in w.findChildren(QDockWidget) + w.findChildren(QToolBar):
        assert child.objectName()
    assert w.docks["households"].isAreaAllowed(Qt.DockWidgetArea.LeftDockWidgetArea)
