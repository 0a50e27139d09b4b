"""`Project.together`: several use cases as one transaction (a dialog's status and flags)."""

from __future__ import annotations

import sqlite3
import threading
from datetime import date

import pytest

from tl342.core.errors import UserError
from tl342.store import actions

AT = date(2022, 6, 10)


def _events(path) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute("select count(*) from event").fetchone()[0]
    finally:
        con.close()


def test_together_commits_every_use_case_at_the_end(project, project_file):
    """Two flag changes inside together() are in the file after the block, not before."""
    before = _events(project_file)
    with project.together():
        actions.set_flag(project, "HGD001", "complaint", True, AT)
        actions.set_flag(project, "HGD002", "complaint", True, AT)
        assert _events(project_file) == before  # another reader sees nothing yet
    assert _events(project_file) == before + 2


def test_together_keeps_nothing_when_the_block_fails(project, project_file):
    """An error after the first use case (a crash) leaves the file as it was."""
    before = _events(project_file)
    with pytest.raises(RuntimeError), project.together():
        actions.set_flag(project, "HGD001", "complaint", True, AT)
        raise RuntimeError("crash half-way")
    assert _events(project_file) == before
    assert actions.set_flag(project, "HGD001", "complaint", True, AT)  # not set: allowed again


def test_a_refused_use_case_inside_is_undone_alone(project, project_file):
    """A use case refused inside together() (caught) rolls back its own writes only."""
    before = _events(project_file)
    with project.together():
        actions.set_flag(project, "HGD001", "complaint", True, AT)
        with pytest.raises(UserError):
            actions.change_status(project, ["HGD002", "NOPE"], "paid", AT)  # all or none
    assert _events(project_file) == before + 1


def test_another_thread_does_not_join(project, project_file):
    """A session opened by another thread (the history check) is its own transaction."""
    before = _events(project_file)
    seen = []
    with project.together():
        actions.set_flag(project, "HGD001", "complaint", True, AT)
        worker = threading.Thread(target=lambda: seen.append(_count_in_session(project)))
        worker.start()
        worker.join(timeout=60)
    assert seen == [before]
    assert _events(project_file) == before + 1


def _count_in_session(project) -> int:
    from sqlalchemy import text

    with project.session() as s:
        return s.execute(text("select count(*) from event")).scalar()


@pytest.mark.postgres
def test_together_on_postgres(pg_cluster):
    """On a shared server too: a crash half-way keeps nothing; a refused use case inside is
    undone alone; the rest is committed with an intact history."""
    from tl342.core.model import Household
    from tl342.store import repo
    from tl342.store.project import Project
    from tl342.store.server_chain import verify

    project = Project.create(pg_cluster.admin_url(pg_cluster.new_database()))
    try:
        with project.session() as s:
            repo.upsert_households(
                s, [Household(code="A", head_name="A"), Household(code="B", head_name="B")]
            )
        with pytest.raises(RuntimeError), project.together():
            actions.set_flag(project, "A", "complaint", True, AT)
            raise RuntimeError("crash half-way")
        with project.together():
            actions.set_flag(project, "A", "complaint", True, AT)
            with pytest.raises(UserError):
                actions.change_status(project, ["B", "NOPE"], "notified", AT)
            actions.set_flag(project, "B", "complaint", True, AT)
        assert _count_in_session(project) == 2
        with project.session() as s:
            assert verify(s).ok
    finally:
        project.close()
