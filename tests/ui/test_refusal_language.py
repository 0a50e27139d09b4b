"""Refusals reach the user in the UI's language, and nothing changes."""

from __future__ import annotations

import pytest

from tl342.core.errors import UserError
from tl342.core.model import Status
from tl342.store import actions
from tl342.ui.look import set_ui_language, ui_language


@pytest.fixture
def vietnamese():
    before = ui_language()
    set_ui_language("vi")
    yield
    set_ui_language(before)


def test_refused_handover_explained_in_vietnamese(model, today, vietnamese):
    """Handing over an approved (unpaid) household is refused in Vietnamese; its history is unchanged."""
    before = actions.history(model.project, "HGD002")
    with pytest.raises(UserError) as err:
        model.change_status(["HGD002"], Status.HANDED_OVER, today)
    assert "chi trả" in str(err.value)
    assert actions.history(model.project, "HGD002") == before
    assert model.undo_stack.count() == 0
