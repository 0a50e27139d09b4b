"""Start-up order: the map is painted first, the campaign dashboard's figures right after."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt

from tl342.ui.main_window import MainWindow


def test_dashboard_is_built_after_the_first_map_paint(qtbot, model, tmp_path):
    """At the map's first frame the dashboard has no figures yet; then they are the right ones."""
    from tl342.services.dashboard import dashboard_from_snapshot

    w = MainWindow(model, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    at_first_paint = []
    w.canvas.painted.connect(lambda: at_first_paint.append(w.campaign.data))
    assert w.campaign.pending and w.campaign.data is None
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: not w.campaign.pending, timeout=20000)
    assert at_first_paint and at_first_paint[0] is None
    assert w.campaign.data == dashboard_from_snapshot(model.snapshot, model.today)
    w.docks["campaign"].raise_()
    camp = model.snapshot.campaign
    assert f"{camp.day(model.today)}/{camp.length_days}" in w.campaign.day_label.text()


def test_a_reload_defers_the_figures_again_and_an_edit_refreshes_them(qtbot, model, tmp_path):
    """Reloading the project leaves the figures pending until the map is painted again."""
    w = MainWindow(model, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: not w.campaign.pending, timeout=20000)
    model.reload()
    assert w.campaign.pending
    qtbot.waitUntil(lambda: not w.campaign.pending, timeout=20000)
    assert w.campaign.data is not None


def test_an_altered_history_is_reported_after_the_map_is_painted(qtbot, project_file, tmp_path):
    """The hash chain is walked once the map is on screen; a broken one opens a warning."""
    import sqlite3

    from PySide6.QtWidgets import QMessageBox

    from tl342.store.project import Project
    from tl342.ui.project_model import ProjectModel

    con = sqlite3.connect(project_file)
    with con:
        con.execute("UPDATE event SET note = 'sửa lén' WHERE id = 5")
    con.close()
    model = ProjectModel(Project.open(project_file))
    assert not model.integrity_checked  # opening did not walk the chain
    w = MainWindow(model, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: w.findChild(QMessageBox, "history_altered") is not None,
                    timeout=20000)
    box = w.findChild(QMessageBox, "history_altered")
    assert "event 5 (" in box.text()
    box.close()
    model.project.close()


def test_overdue_flags_come_after_the_first_map_paint(qtbot, model, tmp_path):
    """The households list marks overdue households once the map is painted, not before."""
    from tl342.core.handover import overdue_households
    from tl342.ui.households_panel import FLAGS
    from tl342.ui.look import overdue_label

    w = MainWindow(model, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    table = w.households.table_model
    deferred_at_paint = []
    w.canvas.painted.connect(lambda: deferred_at_paint.append(table.defer_overdue))
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: not table.defer_overdue, timeout=20000)
    assert deferred_at_paint and deferred_at_paint[0] is True
    expected = overdue_households(model.snapshot, model.today)
    assert expected and table.overdue == expected
    code = sorted(expected)[0]
    row = table.visible.index(table._index[code])
    assert overdue_label() in table.data(table.index(row, FLAGS))


def test_households_list_rows_come_after_the_first_map_paint(qtbot, model, tmp_path):
    """At the map's first frame the list has no rows yet; then every household, as a list
    built at once has them, with the count line and the remembered sort applied."""
    from tl342.ui.households_panel import NAME, HouseholdsPanel

    w = MainWindow(model, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    table = w.households.table_model
    assert table.pending and table.rowCount() == 0
    w.households.table.sortByColumn(NAME, Qt.SortOrder.DescendingOrder)  # kept while pending
    assert table.pending
    at_paint = []
    w.canvas.painted.connect(lambda: at_paint.append(table.rowCount()))
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: not table.pending, timeout=20000)
    assert at_paint and at_paint[0] == 0
    direct = HouseholdsPanel(model)
    qtbot.addWidget(direct)
    direct.table.sortByColumn(NAME, Qt.SortOrder.DescendingOrder)
    assert w.households.visible_codes() == direct.visible_codes()
    assert len(table.rows) == len(model.snapshot.households) > 0
    n = str(len(model.snapshot.households))
    assert w.households.count_label.text() == direct.count_label.text() and n in direct.count_label.text()


def test_a_deferred_list_is_built_at_its_first_use(qtbot, model):
    """Before any paint, asking the deferred list for a household builds its rows at once."""
    from tl342.ui.households_panel import HouseholdsPanel

    panel = HouseholdsPanel(model, deferred=True)
    qtbot.addWidget(panel)
    assert panel.table_model.pending
    code = sorted(model.snapshot.households)[0]
    assert panel.table_model.row_of(code) is not None
    assert not panel.table_model.pending
    assert panel.table_model.rowCount() == len(model.snapshot.households)
    assert str(len(model.snapshot.households)) in panel.count_label.text()
