"""Revision 0004_records drops the parcel columns nothing read, keeping every figure."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from tl342.store.actions import load_snapshot
from tl342.store.project import Project

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "dt342.tl342"
DROPPED = {"declared_recovered_m2", "minx", "miny", "maxx", "maxy"}


def _columns(path: Path) -> set[str]:
    with sqlite3.connect(path) as db:
        return {row[1] for row in db.execute("PRAGMA table_info(parcel)")}


def _downgrade(path: Path, revision: str) -> None:
    from alembic import command
    from sqlalchemy import create_engine

    from tl342.store.project import _alembic_config

    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        cfg = _alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)
    engine.dispose()


def test_old_project_upgrades_and_keeps_its_parcels(tmp_path):
    """A project from before 0004_records opens, loses the unused columns, keeps every parcel."""
    path = tmp_path / "old.tl342"
    shutil.copyfile(SAMPLE, path)
    Project.open(path).close()  # at head, then back to the revision before 0004_records
    _downgrade(path, "0003_law")
    with sqlite3.connect(path) as db:
        before = db.execute("SELECT count(*), sum(recovered_area_m2) FROM parcel").fetchone()
    assert DROPPED <= _columns(path)
    with Project.open(path) as project:
        snap = load_snapshot(project)
    assert not DROPPED & _columns(path)
    assert (len(snap.parcels), round(sum(p.recovered_area_m2 for p in snap.parcels), 3)) == (
        before[0],
        round(before[1], 3),
    )


def test_new_project_has_no_unused_columns(tmp_path):
    """A project created now has none of the dropped columns."""
    Project.create(tmp_path / "new.tl342", name="mới").close()
    assert "recovered_area_m2" in _columns(tmp_path / "new.tl342")
    assert not DROPPED & _columns(tmp_path / "new.tl342")


def test_downgrade_restores_the_columns(tmp_path):
    """0004_records can be undone: the columns come back (empty) and the project reopens."""
    path = tmp_path / "p.tl342"
    shutil.copyfile(SAMPLE, path)
    Project.open(path).close()  # at head
    _downgrade(path, "0003_law")
    assert DROPPED <= _columns(path)
    with Project.open(path) as project:  # upgraded again
        assert load_snapshot(project).parcels
    assert not DROPPED & _columns(path)
