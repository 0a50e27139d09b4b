"""The project model's snapshot loading: the garbage collector is left as it was found."""

from __future__ import annotations

import gc

import pytest


def test_load_freezes_snapshot_and_keeps_gc_enabled(project):
    """After a load the snapshot sits in the collector's permanent generation and the
    collector runs again (a reload unfreezes the previous objects first)."""
    from tl342.ui.project_model import ProjectModel

    gc.unfreeze()
    model = ProjectModel(project)
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0
    assert not any(o is model.snapshot for o in gc.get_objects())  # frozen: not walked
    model.reload()
    assert gc.isenabled()
    gc.unfreeze()


def test_failed_load_restores_gc(project, monkeypatch):
    """A load that raises leaves the collector enabled."""
    from tl342.core.errors import UserError
    from tl342.ui import project_model

    def boom(_project):
        raise UserError("broken project")

    monkeypatch.setattr(project_model.actions, "load_snapshot", boom)
    with pytest.raises(UserError):
        project_model.ProjectModel(project)
    assert gc.isenabled()
    gc.unfreeze()
