"""Fixtures for widget tests: isolated QSettings and a ProjectModel over the synthetic project."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path, qapp):
    """Point QSettings at a temporary folder so tests never touch the user's settings."""
    from PySide6.QtCore import QSettings

    from tl342.ui.app import configure_application

    configure_application(qapp)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "cfg"))
    yield tmp_path / "cfg"
    from tl342.ui.app import install_translations

    install_translations(qapp, "en")  # a test that started the app in Vietnamese leaves none


@pytest.fixture
def model(project, today, qapp):
    """A ProjectModel over a fresh copy of the synthetic project, "today" = campaign day 10."""
    from tl342.ui.project_model import ProjectModel

    m = ProjectModel(project)
    m.set_today(today)
    yield m
    m.undo_stack.clear()
