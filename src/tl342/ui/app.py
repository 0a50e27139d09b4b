"""Start the desktop app: QApplication, translations, the project to open, the main window.

``run_gui(..., screenshot="out.png")`` renders the window offscreen and exits, for docs and
for checking the app on a machine without a display.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QSettings,
    QStandardPaths,
    QTranslator,
)
from PySide6.QtWidgets import QApplication, QMessageBox

from .. import resources
from ..core.errors import UserError
from .look import set_ui_language

NO_DISPLAY = """\
tl342 gui: no display found (neither DISPLAY nor WAYLAND_DISPLAY is set).
Start it in a desktop session, or:
  xvfb-run tl342 gui [PROJECT]                      # a virtual display
  tl342 gui [PROJECT] --screenshot window.png       # render the window to a PNG and exit
"""

SAMPLE_FILE = "dt342.tl342"


def configure_application(app: QApplication) -> None:
    """Names QSettings uses ("tl342"/"tl342") and the window icon."""
    app.setOrganizationName("tl342")
    app.setApplicationName("tl342")
    app.setApplicationDisplayName("tl342")
    from .look import icon

    app.setWindowIcon(icon("app"))


def has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM", "").startswith(("offscreen", "minimal", "vnc")):
        return True
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def install_translations(app: QApplication, lang: str | None = None) -> str:
    """Install the UI language (argument, else the saved choice, else Vietnamese)."""
    lang = lang or QSettings().value("ui/language", "vi", type=str)
    lang = "en" if lang == "en" else "vi"
    set_ui_language(lang)
    for old in getattr(app, "_tl342_translators", []):
        app.removeTranslator(old)
    app._tl342_translators = []
    if lang == "vi":
        QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
        try:
            ours = str(resources.path("i18n/tl342_vi.qm").parent)
        except FileNotFoundError:  # a broken install: run in English rather than not at all
            ours = ""
        for directory, name in (
            (QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath), "qtbase_vi"),
            (ours, "qt_extra_vi"),  # Qt has no Vietnamese qtbase: OK/Cancel/Close...
            (ours, "tl342_vi"),
            (ours, "tl342_gui_vi"),  # safe exports, selection, identify, workspace (issue 15)
        ):
            tr = QTranslator(app)
            if directory and tr.load(name, directory):
                app.installTranslator(tr)
                app._tl342_translators.append(tr)
    else:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    return lang


def default_project() -> Path:
    """The last project opened, else the user's copy of the bundled sample (made once)."""
    recent = QSettings().value("recent", [])
    recent = [recent] if isinstance(recent, str) else list(recent or [])
    for p in recent:
        if p and ("://" in p or Path(p).is_file()):
            return Path(p)
    folder = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))
    folder.mkdir(parents=True, exist_ok=True)
    dest = folder / SAMPLE_FILE
    if not dest.exists():
        from ..store.sample import copy_sample

        copy_sample(dest)
    return dest


def process_age() -> float:
    """Seconds since this process started (Linux: /proc; elsewhere 0.0), so start-up figures
    include the interpreter and module imports, as a user waits for them."""
    try:
        with open("/proc/self/stat", encoding="ascii") as fh:
            start = int(fh.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime", encoding="ascii") as fh:
            up = float(fh.read().split()[0])
        return max(up - start / os.sysconf("SC_CLK_TCK"), 0.0)
    except (OSError, ValueError, IndexError):
        return 0.0


def _parse_size(size: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in size.lower().split("x"))
    except ValueError:
        raise UserError(f"--size {size!r}: expected WIDTHxHEIGHT such as 1366x768") from None
    if not (320 <= w <= 10000 and 240 <= h <= 10000):
        raise UserError(f"--size {size!r}: width and height must be between 320 and 10000")
    return w, h


def run_gui(
    project: str | None,
    screenshot: str | None = None,
    size: str = "1366x768",
    lang: str | None = None,
) -> int:
    """Run the desktop app; returns the exit code (2 with a message when it cannot start)."""
    started = time.perf_counter()
    born = started - process_age()
    if screenshot:
        if QApplication.instance() is None:
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
    elif not has_display():
        sys.stderr.write(NO_DISPLAY)
        return 2
    try:
        width, height = _parse_size(size)
    except UserError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 2

    app = QApplication.instance() or QApplication([sys.argv[0]])
    configure_application(app)
    install_translations(app, lang)

    from ..store.project import Project
    from .main_window import MainWindow
    from .project_model import ProjectModel

    model = ProjectModel()
    error = ""
    try:
        target = project or str(default_project())
        model.set_project(Project.open(target))
    except UserError as exc:
        error = str(exc)
        target = ""

    window = MainWindow(model)
    if target and not screenshot:  # a screenshot leaves the user's settings alone
        window.add_recent(target)
    if screenshot:
        if error:
            sys.stderr.write(f"error: {error}\n")
            return 2
        window.resize(width, height)
        painted: list[float] = []
        canvas = getattr(window, "canvas", None)
        cpu: list[float] = []
        if hasattr(canvas, "painted"):
            canvas.painted.connect(lambda: painted.append(time.perf_counter()))
            canvas.painted.connect(lambda: cpu.append(time.process_time()))
        window.show()
        app.processEvents()
        if hasattr(canvas, "painted") and not painted:
            canvas.repaint()  # the map first: what the user waits for
        map_at = painted[0] if painted else time.perf_counter()
        if hasattr(window.campaign, "flush"):
            window.campaign.flush()  # the PNG shows the dashboard's figures too
        app.processEvents()
        image = window.grab()
        out = Path(screenshot)
        if not out.parent.exists() or not image.save(str(out), "PNG"):
            sys.stderr.write(f"error: {out}: cannot write the PNG\n")
            return 2
        window.save_layout = lambda: None  # a screenshot must not change the saved layout
        window.save_workspace = lambda: None  # nor the remembered workspace
        window.close()
        sys.stderr.write(
            f"first paint after {1000 * (map_at - started):.0f} ms"
            f" (window with every panel after {1000 * (time.perf_counter() - started):.0f} ms;"
            f" since the process started: map {1000 * (map_at - born):.0f} ms,"
            f" CPU {1000 * (cpu[0] if cpu else time.process_time()):.0f} ms)\n"
        )
        return 0
    window.show()
    if error:
        QMessageBox.warning(
            window, QCoreApplication.translate("MainWindow", "Cannot open the project"), error
        )
    # a broken history is reported by the window once the map is on screen
    return app.exec()
