"""Backups before imports and migrations; `tl342 backups` / `tl342 restore`."""

from __future__ import annotations

import json
import sqlite3

import geopandas as gpd
import pytest
from shapely.geometry import box

from tl342.cli.app import main
from tl342.core.errors import UserError
from tl342.store import backup
from tl342.store.project import Project

X0, Y0 = 440_000.0, 2_350_000.0  # the synthetic project of tests/conftest.py


def _communes(tmp_path, names):
    path = tmp_path / "xa.geojson"
    gpd.GeoDataFrame(
        {"name": names},
        geometry=[
            box(X0 - 500 + 1500 * i, Y0 - 1000, X0 + 1000 + 1500 * i, Y0 + 1000)
            for i in range(len(names))
        ],
        crs="EPSG:5899",
    ).to_file(path)
    return path


def _commune_names(path) -> list[str]:
    con = sqlite3.connect(path)
    names = sorted(r[0] for r in con.execute("select name from area where kind='commune'"))
    con.close()
    return names


def test_import_backs_up_the_state_before_it(project_file, tmp_path, capsys):
    """`tl342 import` leaves a backup holding the project as it was before the import."""
    assert (
        main(["import", "communes", str(project_file), str(_communes(tmp_path, ["A", "B"]))]) == 0
    )
    backups = backup.list_backups(project_file)
    assert [b.reason for b in backups] == ["before-import-communes"]
    assert backups[0].path.parent == project_file.with_name("test.tl342.backups")
    assert _commune_names(backups[0].path) == ["Thanh Lâm", "Đạp Thanh"]
    assert _commune_names(project_file) == ["A", "B"]


def test_dry_run_and_refused_import_make_no_backup(project_file, tmp_path, capsys):
    """Nothing is backed up when nothing is written."""
    path = _communes(tmp_path, ["A", "B"])
    assert main(["import", "communes", str(project_file), str(path), "--dry-run"]) == 0
    assert backup.list_backups(project_file) == []


def test_only_the_last_ten_are_kept(project_file):
    """Twelve backups leave the ten newest."""
    made = [backup.make_backup(project_file, f"step {i}") for i in range(12)]
    kept = backup.list_backups(project_file)
    assert len(kept) == backup.KEEP == 10
    assert [b.path for b in kept] == made[:1:-1]  # newest first, the two oldest gone
    assert not made[0].exists() and not made[1].exists()


def test_backups_and_restore_commands(project_file, tmp_path, capsys):
    """`backups --json` lists them; `restore` puts the older state back, saving the current one."""
    main(["import", "communes", str(project_file), str(_communes(tmp_path, ["A", "B"]))])
    capsys.readouterr()
    assert main(["backups", str(project_file), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)["backups"]
    assert [b["reason"] for b in listed] == ["before-import-communes"]
    assert main(["restore", str(project_file), listed[0]["name"][:25]]) == 0
    out = capsys.readouterr().out
    assert "restored" in out and "before-restore" in out
    assert _commune_names(project_file) == ["Thanh Lâm", "Đạp Thanh"]
    reasons = [b.reason for b in backup.list_backups(project_file)]
    assert reasons == ["before-restore", "before-import-communes"]
    saved = backup.list_backups(project_file)[0].path
    assert _commune_names(saved) == ["A", "B"]  # the replaced state is not lost
    with Project.open(project_file) as p:  # the restored file opens and reads
        assert p.name == "ĐT342 test"


def test_restore_unknown_backup_is_a_user_error(project_file, capsys):
    """Restoring a name that matches no backup exits 2 naming the problem."""
    backup.make_backup(project_file, "x")
    assert main(["restore", str(project_file), "nothing-like-this"]) == 2
    assert "no backup named 'nothing-like-this'" in capsys.readouterr().err


@pytest.mark.parametrize("command", [["backups"], ["restore", "1"]])
def test_server_project_backups_are_the_servers(command, capsys):
    """For a postgresql:// project both commands exit 2 pointing to pg_dump."""
    argv = [command[0], "postgresql://gpmb@server/dt342", *command[1:]]
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "pg_dump" in err


def test_migration_backup_goes_to_the_backups_folder(tmp_path):
    """Opening an older file backs it up into <name>.backups before migrating."""
    from alembic import command
    from sqlalchemy import create_engine

    from tl342.store.project import _alembic_config

    path = tmp_path / "old.tl342"
    Project.create(path).close()
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        cfg = _alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0001")
    engine.dispose()
    with Project.open(path) as p:
        assert p.backup_path.parent == backup.backup_dir(path)
    assert [b.reason for b in backup.list_backups(path)] == ["before-migration-from-0001"]


def test_backup_of_missing_folder_rights_is_a_user_error(project_file, monkeypatch):
    """A backup that cannot be written raises a one-line UserError saying what to do."""
    import errno

    def refuse(*_a, **_k):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(backup, "_copy", refuse)  # as a read-only folder would
    with pytest.raises(UserError, match="cannot write there .* copy the project to a folder"):
        backup.make_backup(project_file, "x")
