"""The project file: creation, refusal of foreign files, migration with backup, atomic writes."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from alembic import command
from shapely.geometry import box
from sqlalchemy import create_engine

from tl342.core.errors import UserError
from tl342.core.model import Household, Parcel, Status
from tl342.store import actions, repo
from tl342.store.project import Project, _alembic_config, head_revision


def _small_project(path) -> Project:
    project = Project.create(path, name="t")
    with project.session() as s:
        repo.upsert_parcels(
            s, [Parcel("Đạp Thanh", "1", "1", "RSX", geometry=box(430000, 2345000, 430050, 2345050))],
            box(430000, 2345000, 430020, 2345050),
        )
        repo.upsert_households(
            s, [Household(code="H1", head_name="Nguyễn Văn Hùng")], [("H1", ("Đạp Thanh", "1", "1"), None)]
        )
    return project


def test_create_records_settings(tmp_path):
    """A new project records the app marker, CRS and schema head, and reopens cleanly."""
    path = tmp_path / "a.tl342"
    Project.create(path, name="ĐT342").close()
    with Project.open(path) as p:
        assert p.crs == "EPSG:5899"
        assert p.name == "ĐT342"
    con = sqlite3.connect(path)
    assert con.execute("select version_num from alembic_version").fetchone()[0] == head_revision()
    assert con.execute("pragma journal_mode").fetchone()[0] == "wal"


def test_create_refuses_existing_file(tmp_path):
    """Creating over an existing file is refused unless asked to overwrite."""
    path = tmp_path / "a.tl342"
    path.write_text("keep me")
    with pytest.raises(UserError, match="already exists"):
        Project.create(path)
    assert path.read_text() == "keep me"


@pytest.mark.parametrize(
    "content, message",
    [(b"", "not a tl342 project"), (b"hello world, not sqlite", "not a tl342 project")],
)
def test_open_refuses_non_project(tmp_path, content, message):
    """A file that is not a tl342 project gives a clear error."""
    path = tmp_path / "x.tl342"
    path.write_bytes(content)
    with pytest.raises(UserError, match=message):
        Project.open(path)


def test_open_refuses_foreign_sqlite(tmp_path):
    """An SQLite database of another program is refused and left untouched."""
    path = tmp_path / "other.sqlite"
    con = sqlite3.connect(path)
    con.execute("create table t(a)")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(UserError, match="not a tl342 project"):
        Project.open(path)
    assert path.read_bytes() == before


def test_open_refuses_newer_schema(tmp_path):
    """A file written by a newer tl342 is refused with advice to update."""
    path = tmp_path / "new.tl342"
    Project.create(path).close()
    con = sqlite3.connect(path)
    con.execute("update alembic_version set version_num='9999'")
    con.commit()
    con.close()
    with pytest.raises(UserError, match="newer tl342"):
        Project.open(path)


def test_older_file_is_backed_up_then_migrated(tmp_path):
    """Opening a file at an older schema copies it aside, then upgrades it to the head."""
    path = tmp_path / "old.tl342"
    Project.create(path).close()
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:  # take it back to the first schema
        cfg = _alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0001")
    engine.dispose()
    with Project.open(path) as p:
        assert p.backup_path is not None and p.backup_path.exists()
    old = sqlite3.connect(p.backup_path)
    assert old.execute("select version_num from alembic_version").fetchone()[0] == "0001"
    new = sqlite3.connect(path)
    assert new.execute("select version_num from alembic_version").fetchone()[0] == head_revision()
    cols = [r[1] for r in new.execute("pragma table_info(event)")]
    assert "device" in cols


def test_refused_bulk_change_leaves_project_unchanged(tmp_path):
    """A bulk status change where one household is refused writes nothing at all."""
    project = _small_project(tmp_path / "p.tl342")
    with project.session() as s:
        repo.upsert_households(s, [Household(code="H2", head_name="B")])
    actions.change_status(project, "H1", Status.NOTIFIED, date(2022, 9, 1))
    with pytest.raises(UserError):  # H2 is pending: cannot jump to inventoried
        actions.change_status(project, ["H1", "H2"], Status.INVENTORIED, date(2022, 9, 5))
    assert [e.to_status for e in actions.history(project, "H1")] == [Status.NOTIFIED]
    assert actions.history(project, "H2") == []
    project.close()


def test_reimport_parcels_keeps_history(tmp_path):
    """Updating parcels by key keeps household links and status history."""
    project = _small_project(tmp_path / "p.tl342")
    actions.change_status(project, "H1", Status.NOTIFIED, date(2022, 9, 1))
    with project.session() as s:
        counts = repo.upsert_parcels(
            s, [Parcel("Đạp Thanh", "1", "1", "CLN", geometry=box(430000, 2345000, 430060, 2345050))],
            repo.load_boundary(s),
        )
    assert counts == {"inserted": 0, "updated": 1}
    snap = actions.load_snapshot(project)
    assert snap.parcels[0].land_use == "CLN" and snap.parcels[0].household_code == "H1"
    assert snap.states["H1"].status == Status.NOTIFIED
    project.close()
