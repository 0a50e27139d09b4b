"""One table of labels per Enum (core.model.LABELS), read by legends, lists, documents and the GUI."""

from __future__ import annotations

import pytest

from tl342.core.handover import CELL_STATES
from tl342.core.model import LABELS, CellState, Flag, LandGroup, Status, labels

ENUMS = (Status, Flag, LandGroup, CellState)


@pytest.mark.parametrize("enum", ENUMS, ids=lambda e: e.__name__)
def test_every_member_has_distinct_labels_in_both_languages(enum):
    """Each member has a Vietnamese and an English label, distinct within its Enum."""
    assert set(LABELS[enum]) == set(enum)
    for lang in ("vi", "en"):
        names = [m.label(lang) for m in enum]
        assert all(names) and len(set(names)) == len(names), (lang, names)
    assert Status.PAID.label("vi") == "Đã chi trả" and Status.PAID.label("en") == "Paid"


def test_equal_values_of_different_enums_keep_their_own_labels():
    """Status.PENDING and CellState.PENDING (both "pending") are labelled apart."""
    assert labels(Status.PENDING, "en") == "Not started"
    assert labels(CellState.PENDING, "en") == "In progress"
    assert Flag.DONATED.label("en") == "Donated" and CellState("donated").label() == "Hiến đất"


def test_strip_states_are_the_cell_state_enum():
    """The straight-line diagram's states are exactly CellState's values."""
    assert set(CELL_STATES) == {c.value for c in CellState}


def test_render_tables_read_the_one_label_table():
    """The palette's status names and the strip's state names are the model's labels."""
    from tl342.render import palette

    for lang in ("vi", "en"):
        assert all(palette.status_label(s, lang) == s.label(lang) for s in Status)
    pytest.importorskip("PySide6")
    from tl342.render.strip import STATE_LABELS

    assert STATE_LABELS["en"]["blocked"] == CellState.BLOCKED.label("en")
