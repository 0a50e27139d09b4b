"""`tl342 status` on a project file imports only what it uses (no SQLAlchemy, Alembic,
shapely, pyproj) and says exactly what the full path says when it refuses or steps aside."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
from datetime import date

import pytest
from cli_helpers import run_watching_imports

from tl342.core.errors import UserError
from tl342.store import actions
from tl342.store.project import Project

TODAY = date(2022, 6, 11)
HEAVY = ("sqlalchemy", "alembic", "shapely", "pyproj", "numpy", "PySide6")


def _cli(*args, env=None) -> tuple[int, list[str], str, str]:
    return run_watching_imports(HEAVY, *args, env=env)


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _full_path_refusal(path, *args, **kw) -> str:
    with Project.open(path, **kw) as p, pytest.raises(UserError) as info:
        actions.change_status(p, *args, lang="en")
    return f"error: {info.value}"


def test_status_imports_no_heavy_module(project_file):
    """A status change on a file loads none of SQLAlchemy, Alembic, shapely, pyproj, numpy,
    Qt — and the event is written, chained, and seen by the full application."""
    rc, heavy, out, err = _cli(
        "status", project_file, "hgd003", "notified", "--date", "2022-06-11", "--json"
    )
    assert (rc, heavy, err) == (0, [], "")
    data = json.loads(out)
    assert data["event"]["household"] == "HGD003" and data["status"] == "notified"
    with Project.open(project_file) as p:
        last = actions.history(p, "HGD003")[-1]
    assert (last.id, last.to_status.value, last.at) == (
        data["event"]["id"],
        "notified",
        date(2022, 6, 11),
    )
    assert _cli("verify", project_file)[0] == 0


def test_building_the_parser_imports_no_heavy_module():
    """`tl342 --help` (the whole parser built) loads no heavy module."""
    code = (
        "import sys\nfrom tl342.cli.app import build_parser\nbuild_parser()\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]"


def test_refusal_is_the_full_paths_message(project_file):
    """A change the rules refuse: exit 2 with the full path's own words; nothing written."""
    before = _digest(project_file)
    expected = _full_path_refusal(project_file, ["HGD003"], "handed_over", TODAY)
    rc, heavy, _out, err = _cli(
        "--lang", "en", "status", project_file, "HGD003", "handed_over", "--date", "2022-06-11"
    )
    assert (rc, heavy, err) == (2, [], expected)
    assert _digest(project_file) == before


def test_read_only_project_falls_back_with_the_same_message(project_file):
    """A read-only project: the full path answers (exit 2, its read-only message), unchanged."""
    before = _digest(project_file)
    expected = _full_path_refusal(project_file, ["HGD003"], "notified", TODAY, read_only=True)
    assert "opened read-only" in expected
    rc, _heavy, _out, err = _cli(
        "--lang", "en", "status", project_file, "HGD003", "notified", env={"TL342_READ_ONLY": "1"}
    )
    assert (rc, err) == (2, expected)
    assert _digest(project_file) == before


def test_newer_schema_falls_back_to_the_full_path(project_file):
    """A file of another schema is left to the full path, which names the problem."""
    con = sqlite3.connect(project_file)
    with con:
        con.execute("UPDATE alembic_version SET version_num = '9999_future'")
    con.close()
    rc, heavy, _out, err = _cli("--lang", "en", "status", project_file, "HGD003", "notified")
    assert rc == 2 and "made by a newer tl342 (schema 9999_future)" in err
    assert "sqlalchemy" in heavy  # the full path answered
