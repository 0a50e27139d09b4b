"""File → Export… as a clerk sees it: named defaults, a question before replacing, "Saved …"."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from tl342.exports.options import ExportKind
from tl342.ui import export_flow


def _answer(button_text: str, seen: list[str]) -> None:
    """When a modal message box shows, note its text and press the button named ``button_text``."""

    tries = [0]

    def press():
        tries[0] += 1
        w = QApplication.activeModalWidget()  # the question the export is waiting on
        if isinstance(w, QMessageBox):
            seen.append(w.text())
            for b in w.buttons():
                if b.text().replace("&", "") == button_text.replace("&", ""):
                    b.click()
                    return
        if tries[0] < 200:  # bounded: a question that never comes fails the test, not others
            QTimer.singleShot(10, press)

    QTimer.singleShot(0, press)


def _button_text(box_button) -> str:
    return QApplication.translate("QPlatformTheme", box_button)


def test_default_name_says_what_where_and_when():
    """The suggested file name carries the kind, the commune (ASCII) and the date."""
    assert (
        export_flow.default_name(ExportKind.MAP, "Đạp Thanh", date(2022, 11, 21), "vi")
        == "ban_do_Dap_Thanh_2022-11-21.pdf"
    )
    assert (
        export_flow.default_name(ExportKind.REPORT, None, date(2022, 11, 21), "en")
        == "progress_report_2022-11-21.xlsx"
    )
    assert export_flow.default_name(ExportKind.PACK, None, date(2022, 1, 2), "vi") == (
        "ho_so_hop_2022-01-02"
    )


def test_file_dialog_filters_match_the_kind():
    """The save dialog offers the formats the kind writes, first the default."""
    assert export_flow.file_filter(ExportKind.ATLAS).endswith("(*.pdf)")
    assert "*.png" in export_flow.file_filter(ExportKind.MAP)
    assert export_flow.file_filter(ExportKind.REPORT).split(";;")[0].endswith("(*.xlsx)")
    assert "*.gpkg" in export_flow.file_filter(ExportKind.GPKG)
    assert "*.html" in export_flow.file_filter(ExportKind.HTML)


def test_dialog_suggests_a_named_file_in_the_remembered_folder(qtbot, model, tmp_path):
    """The export dialog starts in the folder used last, with a name for the commune and date."""
    from PySide6.QtCore import QSettings

    from tl342.ui.export_dialog import ExportDialog
    from tl342.ui.look import ui_language

    QSettings().setValue(export_flow.LAST_DIR_KEY, str(tmp_path))
    dlg = ExportDialog(model)
    qtbot.addWidget(dlg)
    dlg.kind.setCurrentIndex(dlg.kind.findData(ExportKind.MAP.value))
    dlg.commune.setCurrentIndex(dlg.commune.findData("Đạp Thanh"))
    out = Path(dlg.out.text())
    assert out.parent == tmp_path
    assert out.name == export_flow.default_name(
        ExportKind.MAP, "Đạp Thanh", model.today, ui_language()
    )
    assert "Dap_Thanh" in out.name and model.today.isoformat() in out.name


def test_overwrite_is_asked_and_no_keeps_the_file(qtbot, model, tmp_path):
    """Exporting over an existing file asks first; answering No exports nothing."""
    from tl342.ui.export_dialog import ExportDialog

    out = tmp_path / "old.gpkg"
    out.write_bytes(b"the clerk's previous file")
    dlg = ExportDialog(model)
    qtbot.addWidget(dlg)
    dlg.kind.setCurrentIndex(dlg.kind.findData(ExportKind.GPKG.value))
    dlg.out.setText(str(out))
    seen: list[str] = []
    _answer(_button_text("&No"), seen)
    dlg.accept()
    assert seen and "old.gpkg" in seen[0]
    assert out.read_bytes() == b"the clerk's previous file"
    assert dlg.result() != dlg.DialogCode.Accepted


def test_replace_then_saved_with_open_buttons(qtbot, model, tmp_path, monkeypatch):
    """Replace writes the new file; the end says "Saved …" with buttons for the file and folder."""
    from tl342.ui.export_dialog import ExportDialog

    opened = []
    monkeypatch.setattr(export_flow, "open_path", lambda p: opened.append(Path(p)) or True)
    out = tmp_path / "old.gpkg"
    out.write_bytes(b"old")
    dlg = ExportDialog(model)
    qtbot.addWidget(dlg)
    dlg.kind.setCurrentIndex(dlg.kind.findData(ExportKind.GPKG.value))
    dlg.out.setText(str(out))
    _answer(QApplication.translate("ExportFlow", "Replace"), [])
    dlg.accept()
    assert dlg.result() == dlg.DialogCode.Accepted
    assert out.read_bytes() != b"old" and out.stat().st_size > 1000
    box = dlg.saved_box
    assert box is not None and "old.gpkg" in box.text() and box.informativeText() == str(tmp_path)
    assert box.open_file is not None
    box.open_folder.click()
    assert opened == [tmp_path]


def test_cancel_over_an_existing_file_keeps_it(qtbot, model, tmp_path, monkeypatch):
    """Cancel half-way over an existing file: the old file is byte-identical; the message says so."""
    from tl342.exports import gpkg
    from tl342.exports.run import run_export
    from tl342.ui.export_dialog import ExportDialog

    out = tmp_path / "old.gpkg"
    from tl342.exports.options import ExportOptions

    run_export(model.project, ExportKind.GPKG, out, ExportOptions(date=model.today))
    before = out.read_bytes()
    real = gpkg.export_gpkg

    def pressed_cancel(snapshot, path, opts, progress=None, cancel=None):
        def progress_then_cancel(done, total, message):
            progress(done, total, message)
            if done >= 2:
                cancel.cancel()  # what the dialog's Cancel button does

        return real(snapshot, path, opts, progress=progress_then_cancel, cancel=cancel)

    monkeypatch.setattr(gpkg, "export_gpkg", pressed_cancel)
    dlg = ExportDialog(model)
    qtbot.addWidget(dlg)
    dlg.kind.setCurrentIndex(dlg.kind.findData(ExportKind.GPKG.value))
    dlg.out.setText(str(out))
    _answer(QApplication.translate("ExportFlow", "Replace"), [])
    dlg.accept()
    assert dlg.result() != dlg.DialogCode.Accepted
    assert out.read_bytes() == before
    boxes = [b for b in dlg.findChildren(QMessageBox) if b.isVisible()]
    assert boxes and boxes[-1].text() == export_flow.cancelled_text()
    assert not list(tmp_path.glob(".tl342-partial-*"))


def test_messages_follow_the_ui_language(qapp):
    """In Vietnamese the flow says "Đã lưu …" and the cancel message is Vietnamese."""
    from tl342.ui.app import install_translations

    install_translations(qapp, "vi")
    box = export_flow.SavedBox(None, Path("/tmp/ban_do.pdf"))
    assert box.text().startswith("Đã lưu")
    assert "Hủy" in export_flow.cancelled_text() or "hủy" in export_flow.cancelled_text()
    assert box.open_folder.text() == "Mở thư mục"
