"""Import (check before writing), export (in the background) and the progress helper."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import box

from tl342.core.errors import UserError
from tl342.core.progress import Cancelled
from tl342.ui.progress import run_with_progress

X0, Y0 = 440_000.0, 2_350_000.0


def _parcels_file(path, numbers):
    rows = [
        {"XA": "Đạp Thanh", "SHBANDO": "13", "SHTHUA": n, "MDSD": "RSX", "DIENTICH": 2000.0}
        for n in numbers
    ]
    geoms = [box(X0 + 60 * i, Y0 + 50, X0 + 60 * i + 50, Y0 + 90) for i in range(len(rows))]
    gpd.GeoDataFrame(rows, geometry=geoms, crs="EPSG:5899").to_file(path, driver="GeoJSON")
    return path


def test_progress_returns_the_result(qtbot):
    """The work runs in a worker thread; its result comes back and progress is reported."""
    seen = []

    def work(progress=None, cancel=None):
        for i in range(3):
            progress(i + 1, 3, f"step {i}")
        seen.append(cancel is not None)
        return 42

    assert run_with_progress(None, "test", work) == 42
    assert seen == [True]


def test_progress_reraises_user_errors(qtbot):
    """A UserError raised by the work reaches the caller in the GUI thread."""

    def work(progress=None, cancel=None):
        raise UserError("file.shp: broken")

    with pytest.raises(UserError, match="broken"):
        run_with_progress(None, "test", work)


def test_progress_cancel(qtbot):
    """Cancelling the dialog sets the token; the work stops with Cancelled."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

    def cancel_dialog():
        for w in QApplication.topLevelWidgets():
            if isinstance(w, QProgressDialog) and w.isVisible():
                w.findChild(QPushButton).click()  # the user presses Cancel

    def work(progress=None, cancel=None):
        import time

        for _ in range(200):
            time.sleep(0.01)
            cancel.raise_if_cancelled()
        return "not cancelled"

    QTimer.singleShot(300, cancel_dialog)
    with pytest.raises(Cancelled):
        run_with_progress(None, "test", work, min_duration_ms=100)


def test_import_checks_before_writing(qtbot, model, tmp_path):
    """Check shows the report and writes nothing; Import then writes and reloads the model."""
    from tl342.ui.import_dialog import ImportDialog

    path = _parcels_file(tmp_path / "new.geojson", ["1", "2"])
    before = len(model.snapshot.parcels)
    dlg = ImportDialog(model, "parcels")
    qtbot.addWidget(dlg)
    assert not dlg.import_button.isEnabled()
    dlg.file.edit.setText(str(path))
    dlg.check()
    assert dlg.report is not None and dlg.report.ok
    assert "new.geojson" in dlg.summary.text()
    assert dlg.import_button.isEnabled()
    from tl342.store.actions import load_snapshot

    assert len(load_snapshot(model.project).parcels) == before  # the check wrote nothing
    with qtbot.waitSignal(model.projectLoaded):
        dlg.do_import()
    assert len(model.snapshot.parcels) == before + 2


def test_import_with_errors_is_refused(qtbot, model, tmp_path):
    """A file with errors lists them and Import stays disabled."""
    from tl342.ui.import_dialog import ImportDialog

    path = _parcels_file(tmp_path / "bad.geojson", ["7", "7"])  # the same parcel twice
    dlg = ImportDialog(model, "parcels")
    qtbot.addWidget(dlg)
    dlg.file.edit.setText(str(path))
    dlg.check()
    assert dlg.report is not None and not dlg.report.ok
    assert dlg.problems.rowCount() >= 1
    assert not dlg.import_button.isEnabled()


def test_import_without_file_says_so(qtbot, model):
    """Pressing Check with no file gives a message instead of a crash."""
    from PySide6.QtWidgets import QMessageBox

    from tl342.ui.import_dialog import ImportDialog

    dlg = ImportDialog(model, "households")
    qtbot.addWidget(dlg)
    dlg.check()
    boxes = dlg.findChildren(QMessageBox)
    assert boxes and boxes[-1].text() == dlg.tr("Choose a file first.")


def test_export_runs_in_background(qtbot, model, tmp_path):
    """File → Export… writes a GeoPackage through the shared export entry point."""
    from tl342.exports.options import ExportKind
    from tl342.ui.export_dialog import ExportDialog

    dlg = ExportDialog(model)
    qtbot.addWidget(dlg)
    dlg.kind.setCurrentIndex(dlg.kind.findData(ExportKind.GPKG.value))
    out = tmp_path / "out.gpkg"
    dlg.out.setText(str(out))
    dlg.accept()
    assert dlg.result() == dlg.DialogCode.Accepted, dlg.findChildren(type(dlg))
    assert out.is_file() and out.stat().st_size > 0
    assert dlg.result_info["kind"] == "gpkg"


def test_export_bad_chainage_is_shown(qtbot, model, tmp_path):
    """A chainage the parser refuses is shown in a message; nothing is exported."""
    from PySide6.QtWidgets import QMessageBox

    from tl342.ui.export_dialog import ExportDialog

    dlg = ExportDialog(model)
    qtbot.addWidget(dlg)
    dlg.from_edit.setText("Km40+abc")
    dlg.out.setText(str(tmp_path / "x.gpkg"))
    dlg.accept()
    assert dlg.result() != dlg.DialogCode.Accepted
    assert "Km40+abc" in dlg.findChildren(QMessageBox)[-1].text()
    assert not (tmp_path / "x.gpkg").exists()
