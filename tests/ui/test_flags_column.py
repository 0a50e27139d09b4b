"""The households list's flags column at 1366×768 (issue 15): "Quá hạn" and the donation
flag both show whole, as short coloured chips whose names are in the tooltip and the legend."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QSettings, Qt

from tl342.core.model import Flag


@pytest.fixture
def ui_lang():
    """Set the UI language for one test; Vietnamese again afterwards."""
    from tl342.ui.look import set_ui_language

    yield set_ui_language
    set_ui_language("vi")


def _window(qtbot, model, tmp_path):
    from tl342.ui.main_window import MainWindow

    w = MainWindow(model, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    w.households.table_model.release_overdue()  # the window defers it until the map paints
    return w


@pytest.mark.parametrize(
    ("lang", "overdue", "donated", "flags"),
    [
        ("vi", "Quá hạn", "Hiến", (Flag.DONATED, Flag.COMPLAINT)),
        ("vi", "Quá hạn", "Hiến", (Flag.DONATED,)),
        ("en", "Overdue", "Donated", (Flag.DONATED,)),
    ],
)
def test_overdue_and_donated_show_whole_at_1366x768(
    qtbot, model, tmp_path, ui_lang, lang, overdue, donated, flags
):
    """A household overdue and donating (in Vietnamese also complaining): at 1366×768 its
    chips, measured with the list's font, fit the flags column (nothing cut, no sideways
    scrolling), and the cell's tooltip and the column's legend spell the names out."""
    from tl342.ui.households_panel import FLAGS, NAME, NAME_MIN, chips_width
    from tl342.ui.look import chip_label

    ui_lang(lang)
    model.set_today(date(2022, 2, 1))  # HGD002's recovery decision was due on 19/01
    for flag in flags:
        model.set_flag("HGD002", flag, True, date(2022, 2, 1))
    w = _window(qtbot, model, tmp_path)
    panel, tm = w.households, w.households.table_model
    table = panel.table
    keys = tm.flag_chips("HGD002")
    assert keys == ["overdue", *(f.value for f in Flag if f in flags)]
    assert [chip_label(k) for k in (keys[0], "donated")] == [overdue, donated]
    assert chips_width(table.fontMetrics(), keys) <= table.columnWidth(FLAGS)
    assert table.columnWidth(NAME) >= NAME_MIN
    assert table.horizontalScrollBar().maximum() == 0
    cell = tm.index(tm.row_of("HGD002"), FLAGS)
    tip = cell.data(Qt.ItemDataRole.ToolTipRole)
    assert all(f.label(lang) in tip for f in flags)
    legend = tm.headerData(FLAGS, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert f"{donated}: {Flag.DONATED.label(lang)}" in legend


def test_name_column_gives_way_only_while_flags_need_it(qtbot, model, tmp_path):
    """The name column narrows for wide chips and returns to its width once no household
    needs them (the flags column is the last, stretched one)."""
    from tl342.ui.households_panel import COLUMNS, NAME

    w = _window(qtbot, model, tmp_path)
    table = w.households.table
    before = table.columnWidth(NAME)
    assert before == COLUMNS[NAME].width
    model.set_today(date(2022, 2, 1))
    for flag in (Flag.DONATED, Flag.COMPLAINT, Flag.ENFORCEMENT):
        model.set_flag("HGD002", flag, True, date(2022, 2, 1))
    assert w.households.flags_width_needed() > 0
    narrowed = table.columnWidth(NAME)
    assert narrowed < before
    for _ in range(3):
        model.undo_stack.undo()
    model.set_today(date(2022, 1, 4))  # nobody overdue
    assert table.columnWidth(NAME) == before


def test_measuring_chips_leaves_a_deferred_list_unbuilt(qtbot, model, tmp_path):
    """Fitting the flags column at start-up reads the snapshot, not the list's rows: a list the
    window defers until the map is painted stays unbuilt, yet a flag set meanwhile still
    narrows the name column."""
    from tl342.ui.households_panel import COLUMNS, NAME

    w = _window(qtbot, model, tmp_path)
    tm, table = w.households.table_model, w.households.table
    assert tm.pending  # the window defers its list until the map is painted
    model.set_today(date(2022, 2, 1))
    for flag in (Flag.DONATED, Flag.COMPLAINT, Flag.ENFORCEMENT):
        model.set_flag("HGD002", flag, True, date(2022, 2, 1))
    assert tm.pending  # nothing above built the rows
    assert table.columnWidth(NAME) < COLUMNS[NAME].width
