"""The clerk's side of an export: where it goes, asking before replacing, saying where it went.

The export dialog gathers *what* to export; this module owns the rest of the flow:

- a default file name that says what and when (``ban_do_Dap_Thanh_2022-11-21.pdf``) in the folder
  used last (remembered in QSettings, else the Documents folder);
- the save dialog's filter for the kind (PDF, PNG, XLSX, HTML, GPKG);
- a question before an existing file is replaced (the export itself never destroys it: see
  ``tl342.exports.run``);
- at the end "Đã lưu …" with buttons to open the file and its folder; a cancel or an error says
  the previous file is untouched, in the UI language.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from ..exports.options import ExportKind

LAST_DIR_KEY = "export/last_dir"

# what the file holds, in each UI language (ASCII, for file names)
_WHAT = {
    ExportKind.MAP: ("ban_do", "map"),
    ExportKind.ATLAS: ("tap_ban_do", "atlas"),
    ExportKind.PACK: ("ho_so_hop", "meeting_pack"),
    ExportKind.HTML: ("ban_do_tuong_tac", "web_map"),
    ExportKind.POSTING: ("danh_sach_niem_yet", "posting_list"),
    ExportKind.REPORT: ("bao_cao_tien_do", "progress_report"),
    ExportKind.GPKG: ("du_lieu_GPMB", "clearance_data"),
}

_SUFFIXES = {
    ExportKind.MAP: (".pdf", ".png"),
    ExportKind.ATLAS: (".pdf",),
    ExportKind.PACK: (),
    ExportKind.HTML: (".html", ".htm"),
    ExportKind.POSTING: (".xlsx", ".pdf"),
    ExportKind.REPORT: (".xlsx", ".pdf"),
    ExportKind.GPKG: (".gpkg",),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("ExportFlow", text)


def remembered_folder() -> Path:
    """The folder of the last export, else the user's Documents folder."""
    last = QSettings().value(LAST_DIR_KEY, "", type=str)
    if last:
        path = Path(last)
        folder = path if path.is_dir() else path.parent
        if folder.is_dir():
            return folder
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs) if docs and Path(docs).is_dir() else Path.home()


def remember_folder(out: Path) -> None:
    QSettings().setValue(LAST_DIR_KEY, str(out.parent))


def default_name(
    kind: ExportKind, commune: str | None, when: date, lang: str, suffix: str | None = None
) -> str:
    """``ban_do_Dap_Thanh_2022-11-21.pdf``: what, where (commune) and when, ASCII only."""
    from ..exports.mapsheet import ascii_name

    kind = ExportKind(kind)
    what = _WHAT[kind][1 if lang == "en" else 0]
    parts = [what]
    if commune:
        parts.append(ascii_name(commune))
    parts.append(when.isoformat())
    if suffix is None:
        suffix = _SUFFIXES[kind][0] if _SUFFIXES[kind] else ""
    return "_".join(parts) + suffix


def file_filter(kind: ExportKind) -> str:
    """The save dialog's filter for ``kind`` (first entry = the default format)."""
    names = {
        ".pdf": _tr("PDF document (*.pdf)"),
        ".png": _tr("PNG image (*.png)"),
        ".xlsx": _tr("Excel workbook (*.xlsx)"),
        ".html": _tr("Web page (*.html *.htm)"),
        ".gpkg": _tr("GeoPackage (*.gpkg)"),
    }
    return ";;".join(names[s] for s in _SUFFIXES[ExportKind(kind)] if s in names)


def replaces_something(out: Path) -> bool:
    """Would an export to ``out`` replace a file (or files of a folder)?"""
    if out.is_dir():
        return any(out.iterdir())
    return out.exists()


def confirm_overwrite(parent: QWidget | None, out: Path) -> bool:
    """Ask before an export replaces ``out``; True to go on. Nothing to replace: True."""
    if not replaces_something(out):
        return True
    box = QMessageBox(
        QMessageBox.Icon.Question,
        _tr("Replace the file?"),
        (
            _tr("{name} already exists in {folder}. Replace it?")
            if not out.is_dir()
            else _tr(
                "The folder {name} in {folder} is not empty. Replace the files of the same name?"
            )
        ).format(name=out.name, folder=out.parent),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        parent,
    )
    box.setInformativeText(_tr("The old file stays until the new one is complete."))
    box.setDefaultButton(QMessageBox.StandardButton.No)
    box.button(QMessageBox.StandardButton.Yes).setText(_tr("Replace"))
    return box.exec() == QMessageBox.StandardButton.Yes


def open_path(path: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class SavedBox(QMessageBox):
    """ "Đã lưu …" with buttons to open the file and its folder."""

    def __init__(self, parent: QWidget | None, out: Path) -> None:
        super().__init__(parent)
        self.out = Path(out)
        self.setIcon(QMessageBox.Icon.Information)
        self.setWindowTitle(_tr("Export"))
        self.setText(_tr("Saved {name}").format(name=self.out.name))
        self.setInformativeText(str(self.out.parent))
        folder_is_target = self.out.is_dir()
        self.open_file = None
        if not folder_is_target:
            self.open_file = self.addButton(_tr("Open file"), QMessageBox.ButtonRole.ActionRole)
            self.open_file.clicked.connect(lambda: open_path(self.out))
        self.open_folder = self.addButton(_tr("Open folder"), QMessageBox.ButtonRole.ActionRole)
        self.open_folder.clicked.connect(
            lambda: open_path(self.out if folder_is_target else self.out.parent)
        )
        self.addButton(QMessageBox.StandardButton.Close)


def cancelled_text() -> str:
    return _tr("Export cancelled. The previous file, if any, is untouched.")


def failed_text(message: str) -> str:
    return _tr("The export failed: {message}. The previous file, if any, is untouched.").format(
        message=message.rstrip(".")
    )
