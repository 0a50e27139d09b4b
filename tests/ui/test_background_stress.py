"""Background work in a loop: exports and imports through run_with_progress never crash (issue 12 §1).

The crash this guards against: progress reached the QProgressDialog from the worker thread
(a signal connected to a plain closure runs in the emitting thread under PySide6), so the dialog's
timers were started and stopped off the GUI thread and the process died now and then (exit 139).
"""

from __future__ import annotations

import threading

import geopandas as gpd
from shapely.geometry import box

from tl342.ui.progress import run_with_progress

ITERATIONS = 200
X0, Y0 = 440_000.0, 2_350_000.0


def _tiny_parcels(path):
    rows = [{"XA": "Đạp Thanh", "SHBANDO": "13", "SHTHUA": str(n), "MDSD": "RSX"} for n in (1, 2)]
    geoms = [box(X0 + 60 * i, Y0 + 50, X0 + 60 * i + 50, Y0 + 90) for i in range(2)]
    gpd.GeoDataFrame(rows, geometry=geoms, crs="EPSG:5899").to_file(path, driver="GeoJSON")
    return path


def test_background_exports_and_imports_in_a_loop(qtbot, qtlog, model, tmp_path, monkeypatch):
    """200 background exports/imports: every result comes back, the dialog is only touched in the GUI thread, no Qt thread warning."""
    from PySide6.QtWidgets import QProgressDialog

    from tl342.exports.options import ExportKind, ExportOptions
    from tl342.exports.run import run_export
    from tl342.io.apply import import_parcels

    gui_thread = threading.current_thread()
    off_thread: list[str] = []
    real_set_value = QProgressDialog.setValue

    def set_value(self, value):
        if threading.current_thread() is not gui_thread:
            off_thread.append(threading.current_thread().name)
        return real_set_value(self, value)

    monkeypatch.setattr(QProgressDialog, "setValue", set_value)

    source = _tiny_parcels(tmp_path / "in.geojson")
    opts = ExportOptions(date=model.today)
    exports = imports = 0
    for i in range(ITERATIONS):
        if i % 4 == 0:
            # every 20th a GeoPackage (pyogrio writing in the worker: where it crashed), the
            # others a posting list (small, quick)
            kind, out = (
                (ExportKind.GPKG, tmp_path / "out.gpkg")
                if i % 20 == 0
                else (ExportKind.POSTING, tmp_path / "out.xlsx")
            )

            def work(progress=None, cancel=None, kind=kind, out=out):
                for k in range(20):  # a burst of progress across threads
                    progress(k, 20, f"step {k}")
                return run_export(model.project, kind, out, opts, progress=progress, cancel=cancel)

            result = run_with_progress(None, "export", work, min_duration_ms=0)
            assert result["path"] == str(out) and out.stat().st_size > 0
            exports += 1
        else:

            def work(progress=None, cancel=None):
                for k in range(20):
                    progress(k, 20, f"step {k}")
                return import_parcels(
                    model.project, source, dry_run=True, progress=progress, cancel=cancel
                )

            report = run_with_progress(None, "import", work, min_duration_ms=0)
            assert report.ok
            imports += 1
    print(f"background stress: {exports} exports, {imports} imports, no crash")
    assert (exports, imports) == (ITERATIONS // 4, ITERATIONS - ITERATIONS // 4)
    assert off_thread == []
    warnings = [r.message for r in qtlog.records if "thread" in r.message.lower()]
    assert warnings == []
    assert not list(tmp_path.glob(".tl342-partial-*"))  # no scratch folder left behind
