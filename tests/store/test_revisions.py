"""Opening a current project needs no Alembic: the head revision is read from the files."""

from __future__ import annotations

from tl342.store.project import head_revision
from tl342.store.revisions import head_revision_from_files


def test_head_revision_without_alembic_matches_alembic():
    """The head read from the revision files is Alembic's head."""
    assert head_revision_from_files() == head_revision()
