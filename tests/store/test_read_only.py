"""A project in a read-only folder opens read-only; refused writes (read-only, full disk,
locked) end in one line saying what to do, never a traceback.

Tests run as root in CI, where chmod does not stop writes: there the read-only state is
forced with TL342_READ_ONLY, and SQLite itself (a mode=ro connection) refuses the write.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from datetime import date

import pytest

from tl342.cli.app import main
from tl342.core.errors import UserError
from tl342.core.model import Status
from tl342.store import actions
from tl342.store import project as project_mod
from tl342.store.project import Project


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def read_only_folder(project_file, monkeypatch):
    """The project's folder made read-only (and, as root, the read-only state forced)."""
    folder = project_file.parent
    with Project.open(project_file) as p:  # fold the WAL into the file before locking it up
        with p.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    os.chmod(folder, 0o555)
    if os.geteuid() == 0 or os.access(folder, os.W_OK):
        monkeypatch.setenv(project_mod.READ_ONLY_ENV, "1")
    yield project_file
    os.chmod(folder, 0o755)


def test_read_only_project_reads_but_refuses_writes(read_only_folder):
    """Reads work; a status change is refused by SQLite with a clear message; the file is unchanged."""
    before = _digest(read_only_folder)
    with Project.open(read_only_folder) as p:
        assert p.read_only
        snap = actions.load_snapshot(p)
        assert len(snap.households) == 4
        with pytest.raises(UserError, match="opened read-only .* copy the project to a folder"):
            actions.change_status(p, "HGD003", Status.NOTIFIED, date(2022, 6, 10))
    assert _digest(read_only_folder) == before


def test_read_only_check_is_sqlite_not_only_our_flag(read_only_folder):
    """Even a raw write on the engine fails: the connection itself is read-only."""
    with Project.open(read_only_folder) as p:
        with pytest.raises(UserError, match="opened read-only"):
            with p.session() as s:
                s.connection().exec_driver_sql("delete from event")


def test_cli_write_on_read_only_project_exits_2(read_only_folder, capsys):
    """`tl342 flag` on a read-only project: exit 2, one line; `summary` still works."""
    assert main(["summary", str(read_only_folder), "--json"]) == 0
    capsys.readouterr()
    assert main(["flag", str(read_only_folder), "HGD001", "complaint"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and err.startswith("error: ") and "read-only" in err


def test_import_into_read_only_project_refused_before_any_work(read_only_folder, tmp_path, capsys):
    """An import is refused up front (no backup attempted in the read-only folder)."""
    csv = tmp_path.parent / "events_ro.csv"
    csv.write_text("household,event,date,by,note,doc_no\nHGD003,notified,2022-06-10,x,,\n")
    assert main(["import", "events", str(read_only_folder), str(csv)]) == 2
    assert "opened read-only" in capsys.readouterr().err
    assert not (read_only_folder.parent / "test.tl342.backups").exists()


def test_full_disk_is_a_one_line_user_error(project, monkeypatch):
    """SQLite's "database or disk is full" (max_page_count reached) becomes 'the disk is full'."""
    with project.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
    project.engine.dispose()
    from sqlalchemy import event

    event.listen(
        project.engine,
        "connect",
        lambda c, _r: c.execute(f"PRAGMA max_page_count={pages}"),
    )
    with pytest.raises(UserError, match="the disk is full; free some space"):
        actions.change_status(
            project, "HGD003", Status.NOTIFIED, date(2022, 6, 10), note="x" * 200_000
        )


def test_locked_file_is_a_one_line_user_error(project, project_file):
    """A write while another program holds the file locked says to close it and retry."""
    from sqlalchemy import event

    project.engine.dispose()
    event.listen(project.engine, "connect", lambda c, _r: c.execute("PRAGMA busy_timeout=50"))
    other = sqlite3.connect(project_file)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(UserError, match="locked by another program; close it"):
            actions.change_status(project, "HGD003", Status.NOTIFIED, date(2022, 6, 10))
    finally:
        other.rollback()
        other.close()


def test_os_errors_become_one_line_messages():
    """Permission, full-disk and busy errors from the system map to what to do; others do not."""
    import errno

    from tl342.cli.errors import environment_problem

    assert "free some space" in environment_problem(OSError(errno.ENOSPC, "full", "/x/a.pdf"))
    assert "folder you can write to" in environment_problem(OSError(errno.EROFS, "ro", "/x/a.pdf"))
    assert "close it" in environment_problem(OSError(errno.EBUSY, "busy", "/x/a.pdf"))
    assert environment_problem(ValueError("a bug")) is None
