"""Start-up order: the map is painted first, the campaign dashboard's figures right after."""

from __future__ import annotations

from PySide6.QtCore import QSettings

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
