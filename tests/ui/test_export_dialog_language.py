"""The GUI's chosen language reaches the exports (issue 15): File → Export… in an English
UI writes English documents, in a Vietnamese UI Vietnamese ones."""

from __future__ import annotations

import pytest

from tl342.exports.options import ExportKind


@pytest.fixture
def ui_lang():
    """Set the UI language for one test; Vietnamese again afterwards."""
    from tl342.ui.look import set_ui_language

    yield set_ui_language
    set_ui_language("vi")


def _xlsx_text(path) -> str:
    from openpyxl import load_workbook

    wb = load_workbook(path)
    return "\n".join(
        str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value
    )


@pytest.mark.parametrize(
    ("lang", "title"),
    [("en", "LAND CLEARANCE PROGRESS REPORT"), ("vi", "BÁO CÁO TIẾN ĐỘ GIẢI PHÓNG MẶT BẰNG")],
)
def test_export_dialog_writes_in_the_ui_language(qtbot, model, tmp_path, ui_lang, lang, title):
    """The dialog's options carry the UI language and the report it writes is in it."""
    from tl342.ui.export_dialog import ExportDialog

    ui_lang(lang)
    dlg = ExportDialog(model)
    qtbot.addWidget(dlg)
    dlg.kind.setCurrentIndex(dlg.kind.findData(ExportKind.REPORT.value))
    out = tmp_path / "r.xlsx"
    dlg.out.setText(str(out))
    assert dlg.options().lang == lang
    dlg.accept()
    assert dlg.result() == dlg.DialogCode.Accepted
    text = _xlsx_text(out)
    other = "BÁO CÁO TIẾN ĐỘ" if lang == "en" else "PROGRESS REPORT"
    assert title in text and other not in text
