"""Starting the app: screenshot mode, no display, first start with the sample, translations."""

from __future__ import annotations

import re

import numpy as np
import pytest
from PySide6.QtGui import QImage

from tl342.core.model import Status
from tl342.render import style
from tl342.ui import app as app_mod
from tl342.ui.app import run_gui


def _pixels(path) -> np.ndarray:
    image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB32)
    arr = np.frombuffer(image.constBits(), dtype=np.uint32, count=image.width() * image.height())
    return arr & 0x00FFFFFF, image


def test_screenshot_shows_the_window_with_status_colours(qapp, project_file, tmp_path, capsys):
    """--screenshot writes a 1366×768 PNG with many colours, among them the status chips."""
    out = tmp_path / "window.png"
    assert run_gui(str(project_file), screenshot=str(out), size="1366x768") == 0
    pixels, image = _pixels(out)
    assert (image.width(), image.height()) == (1366, 768)
    assert len(np.unique(pixels)) > 50  # not blank
    present = set(np.unique(pixels).tolist())
    for status in (Status.PAID, Status.HANDED_OVER, Status.PENDING):
        assert style.status_color(status).rgb() & 0x00FFFFFF in present, status
    m = re.search(r"first paint after (\d+) ms.*since the process started: map (\d+) ms, CPU \d+",
                  capsys.readouterr().err)
    assert m and int(m.group(2)) >= int(m.group(1))  # the process began before run_gui


def test_process_age_counts_from_the_process_start():
    """The process is at least as old as its CPU time spread over every core (a tick of slack)."""
    import os
    import time

    age = app_mod.process_age()
    assert age > 0.0
    assert age + 0.02 >= time.process_time() / (os.cpu_count() or 1)


def test_screenshot_of_a_missing_project_fails_cleanly(qapp, tmp_path, capsys):
    """A project that cannot be opened gives exit code 2 and a one-line error."""
    code = run_gui(str(tmp_path / "nope.tl342"), screenshot=str(tmp_path / "x.png"))
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "nope.tl342" in err
    assert not (tmp_path / "x.png").exists()


def test_bad_size_is_refused(qapp, project_file, tmp_path, capsys):
    """--size must look like WIDTHxHEIGHT."""
    assert run_gui(str(project_file), screenshot=str(tmp_path / "x.png"), size="big") == 2
    assert "WIDTHxHEIGHT" in capsys.readouterr().err


def test_no_display_explains_what_to_do(monkeypatch, capsys):
    """Without a display and without --screenshot: exit 2 and say how to get a display."""
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    assert run_gui(None) == 2
    err = capsys.readouterr().err
    assert "xvfb-run tl342 gui" in err and "--screenshot" in err


def test_first_start_copies_the_sample_once(qapp, monkeypatch, tmp_path, project_template):
    """With no recent project, the sample is copied to the user data folder and reused."""
    from PySide6.QtCore import QSettings

    copies = []

    def fake_copy(dest):
        copies.append(dest)
        dest.write_bytes(project_template.read_bytes())
        return dest

    monkeypatch.setattr("tl342.store.sample.copy_sample", fake_copy)
    monkeypatch.setattr(
        app_mod.QStandardPaths, "writableLocation", lambda _loc: str(tmp_path / "data")
    )
    first = app_mod.default_project()
    assert first == tmp_path / "data" / app_mod.SAMPLE_FILE and first.is_file()
    QSettings().setValue("recent", [str(first)])
    assert app_mod.default_project() == first
    assert len(copies) == 1


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_translations(qapp, lang):
    """Vietnamese is installed from the shipped .qm; English uses the source strings."""
    from PySide6.QtCore import QCoreApplication

    assert app_mod.install_translations(qapp, lang) == lang
    text = QCoreApplication.translate("CampaignDashboard", "No campaign set")
    assert text == ("Chưa đặt chiến dịch" if lang == "vi" else "No campaign set")
    cancel = QCoreApplication.translate("QPlatformTheme", "Cancel")
    assert cancel == ("Hủy" if lang == "vi" else "Cancel")
    app_mod.install_translations(qapp, "en")
