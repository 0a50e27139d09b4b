"""tl342 status on a file through plain sqlite3: the same rows as the store's use case, and
a command that loads neither SQLAlchemy nor Alembic nor shapely."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from datetime import date

import pytest

from tl342.core.errors import UserError
from tl342.store import actions, quick
from tl342.store.project import Project, head_revision

DAY = date(2022, 6, 10)


def _rows(path):
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT * FROM event ORDER BY id").fetchall()
    finally:
        con.close()


def test_head_revision_without_alembic_matches_alembic():
    """The head read from the revision files is Alembic's head."""
    assert quick.quick_head_revision() == head_revision()


def test_quick_change_writes_the_rows_the_use_case_writes(project_file, tmp_path):
    """Same change on two copies: identical event rows (but the clock), identical results."""
    other = tmp_path / "other.tl342"
    shutil.copyfile(project_file, other)
    # HGD002 is at approved: recovery_decided is its next step
    fast, regime = quick.change_status(
        str(project_file),
        ["hgd002"],
        "recovery_decided",
        DAY,
        by="Tổ",
        note="n",
        doc_no="1/QĐ",
        doc_date=DAY,
    )
    with Project.open(other) as p:
        full = actions.change_status(
            p, ["hgd002"], "recovery_decided", DAY, by="Tổ", note="n", doc_no="1/QĐ", doc_date=DAY
        )
        assert regime == p.regime
    a, b = _rows(project_file), _rows(other)
    assert len(a) == len(b) and a[:-1] == b[:-1]
    assert a[-1][:13] == b[-1][:13] and a[-1][14] == b[-1][14]  # all but recorded_at
    assert [(e.id, e.household_code, e.to_status, s.status) for e, s in fast] == [
        (e.id, e.household_code, e.to_status, s.status) for e, s in full
    ]
    with Project.open(project_file) as p:  # the store reads the row back as its own
        hist = actions.history(p, "HGD002")
        assert hist[-1].to_status.value == "recovery_decided" and hist[-1].doc_date == DAY


def test_quick_refusal_is_the_use_cases_and_writes_nothing(project_file):
    """A refused step (and an unknown code) raise the same message; nothing is appended."""
    before = _rows(project_file)
    with pytest.raises(UserError) as fast:
        quick.change_status(str(project_file), ["HGD003", "HGD002"], "paid", DAY)
    with Project.open(project_file) as p, pytest.raises(UserError) as full:
        actions.change_status(p, ["HGD003", "HGD002"], "paid", DAY)
    assert str(fast.value) == str(full.value)
    with pytest.raises(UserError, match="no household with code 'XX'"):
        quick.change_status(str(project_file), ["XX"], "notified", DAY)
    assert _rows(project_file) == before


def test_quick_declines_what_it_was_not_written_for(project_file):
    """A URL, a non-project file, or an event table of another shape: None (the full path)."""
    assert quick.change_status("postgresql://u@h/db", ["HGD001"], "notified", DAY) is None
    assert quick.change_status(str(project_file) + ".none", ["HGD001"], "notified", DAY) is None
    con = sqlite3.connect(project_file)
    con.execute("ALTER TABLE event ADD COLUMN hash TEXT")
    con.commit()
    con.close()
    before = _rows(project_file)
    assert quick.change_status(str(project_file), ["HGD002"], "recovery_decided", DAY) is None
    assert _rows(project_file) == before


def test_status_command_loads_only_what_it_uses(project_file):
    """`tl342 status` on a file imports neither SQLAlchemy, Alembic, shapely nor Qt."""
    argv = ["status", str(project_file), "HGD002", "recovery_decided", "--json"]
    code = (
        "import sys; from tl342.cli import main; "
        f"rc = main({argv!r}); "
        "print(rc, *(m in sys.modules for m in ('sqlalchemy', 'alembic', 'shapely', 'PySide6')))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.stdout.strip().splitlines()[-1] == "0 False False False False", proc.stderr
    assert _rows(project_file)[-1][4] == "recovery_decided"
