"""Language → English/Tiếng Việt takes effect at once (issue 15): the window is rebuilt in the
new language over the same project, keeping what the clerk was looking at."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QLocale, QSettings, Qt

from tl342.core.model import Flag


@pytest.fixture
def vi_ui(qapp):
    """A Vietnamese UI for the test; afterwards the test session's (no translators, ui "vi",
    the locale it had)."""
    from tl342.ui.app import install_translations
    from tl342.ui.look import set_ui_language

    locale = QLocale()
    install_translations(qapp, "vi")
    yield
    for old in getattr(qapp, "_tl342_translators", []):
        qapp.removeTranslator(old)
    qapp._tl342_translators = []
    set_ui_language("vi")
    QLocale.setDefault(locale)


def test_switch_to_english_and_back_at_once(qtbot, model, tmp_path, vi_ui):
    """Choosing English rebuilds the window in English at once — dock titles, list headers,
    the export dialog's language — with the same project and selection; the old window is
    gone and a change made afterwards reaches the new window only; back to Vietnamese the
    same way."""
    from tl342.ui.export_dialog import ExportDialog
    from tl342.ui.households_panel import FLAGS
    from tl342.ui.main_window import MainWindow

    settings = QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat)
    w = MainWindow(model, settings)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    model.select(["HGD002"])
    vi_title = w.docks["households"].windowTitle()
    assert vi_title != "Households"  # translated

    w.set_language("en")
    new = w.replaced_by
    qtbot.addWidget(new)
    qtbot.waitUntil(lambda: not w.isVisible(), timeout=2000)
    assert new.isVisible() and new.model is model
    assert settings.value("ui/language") == "en"
    assert new.docks["households"].windowTitle() == "Households"
    header = new.households.table_model.headerData(FLAGS, Qt.Orientation.Horizontal)
    assert header == "Flags"
    assert model.selection == ["HGD002"]
    dlg = ExportDialog(model)
    qtbot.addWidget(dlg)
    assert dlg.options().lang == "en"

    model.set_flag("HGD001", Flag.COMPLAINT, True, date(2022, 6, 10))  # old widgets gone
    tm = new.households.table_model
    cell = tm.index(tm.row_of("HGD001"), FLAGS)
    assert "Complaint" in cell.data(Qt.ItemDataRole.ToolTipRole)

    new.set_language("vi")
    back = new.replaced_by
    qtbot.addWidget(back)
    assert back.docks["households"].windowTitle() == vi_title
    assert model.selection == ["HGD002"]


def test_english_ui_writes_english_numbers(qtbot, model, tmp_path, vi_ui):
    """Figures on screen follow the UI language: the list's recovered areas read 1.234,5 in
    Vietnamese and 1,234.5 once English is chosen, and Vietnamese again after switching back
    (the same exact values, only the marks differ)."""
    from tl342.ui.households_panel import AREA
    from tl342.ui.main_window import MainWindow

    def areas(window) -> dict[str, str]:
        tm = window.households.table_model
        return {c: tm.index(tm.row_of(c), AREA).data() for c in tm.visible_codes()}

    w = MainWindow(model, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    vi = areas(w)
    assert any("," in text for text in vi.values())  # decimals to compare
    w.set_language("en")
    new = w.replaced_by
    qtbot.addWidget(new)
    swap = str.maketrans({".": ",", ",": "."})
    assert areas(new) == {c: text.translate(swap) for c, text in vi.items()}
    new.set_language("vi")
    back = new.replaced_by
    qtbot.addWidget(back)
    assert areas(back) == vi
