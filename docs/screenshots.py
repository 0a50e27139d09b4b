"""Render the main window offscreen at laptop sizes, one PNG per panel and tab (docs/screens/).

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots.py [PROJECT]

``tl342 gui --screenshot`` renders the window as it opens; this also shows a household selected
(the map pin, the details tabs) and each dashboard tab, at 1366×768 and 1280×720, in Vietnamese.
Settings go to a temporary folder, so the user's layout and workspace are untouched.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

HERE = Path(__file__).resolve().parent
SIZES = ((1366, 768), (1280, 720))


def main(argv: list[str]) -> int:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from tl342.store.project import Project
    from tl342.ui.app import configure_application, install_translations
    from tl342.ui.main_window import MainWindow
    from tl342.ui.project_model import ProjectModel

    project = Path(argv[0]) if argv else HERE.parent / "sample_data" / "dt342.tl342"
    out = HERE / "screens"
    out.mkdir(exist_ok=True)
    app = QApplication.instance() or QApplication([])
    configure_application(app)
    cfg = tempfile.mkdtemp(prefix="tl342-shots-")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, cfg)
    install_translations(app, "vi")
    model = ProjectModel(Project.open(project))
    code = sorted(model.snapshot.households)[7]
    for w_px, h_px in SIZES:
        window = MainWindow(model, QSettings(str(Path(cfg) / "w.ini"), QSettings.Format.IniFormat))
        window.resize(w_px, h_px)
        window.show()
        app.processEvents()

        def shot(name: str, window=window, size=f"{w_px}x{h_px}") -> None:
            # the dashboard's figures arrive once the map is painted; the layout requests
            # their new texts post are handled by the next passes (a few, as the event loop)
            for _ in range(3):
                app.sendPostedEvents()
                app.processEvents()
            path = out / f"{size}_{name}.png"
            from PySide6.QtCore import Qt

            image = window.grab().toImage()
            flags = Qt.ImageConversionFlag.ThresholdDither | Qt.ImageConversionFlag.AvoidDither
            image.convertToFormat(image.Format.Format_Indexed8, flags).save(str(path), "PNG")
            print(path, path.stat().st_size // 1024, "KB")

        model.select([])
        shot("overview")
        window.campaign.tabs.setCurrentIndex(1)  # deadlines: the longest texts
        model.select([code])
        shot("dashboard_deadlines")
        window.show_details()
        window.details.tabs.setCurrentIndex(window.details.tabs.count() - 1)
        shot("details_history")
        window.save_layout = window.save_workspace = lambda: None
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
