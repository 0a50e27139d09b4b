"""The same store runs against PostgreSQL (several laptops sharing one project).

Uses ``TL342_PG_URL`` when set; otherwise the session's private cluster (tests/conftest.py).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from datetime import date
from pathlib import Path

import pytest
from shapely.geometry import box

from tl342.core.errors import UserError
from tl342.core.model import Household, Parcel, Status
from tl342.store import actions, repo
from tl342.store.project import Project

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_url(request):
    """A fresh database: on ``TL342_PG_URL``'s server when set, else on the session's
    private cluster (``pg_cluster`` in tests/conftest.py)."""
    base = os.environ.get("TL342_PG_URL")
    if not base:
        cluster = request.getfixturevalue("pg_cluster")
        return cluster.admin_url(cluster.new_database())
    from sqlalchemy import create_engine, text

    server = base.rsplit("/", 1)[0]
    name = f"t_{uuid.uuid4().hex[:10]}"
    admin = create_engine(
        f"{server}/postgres".replace("postgresql://", "postgresql+psycopg://"),
        isolation_level="AUTOCOMMIT",
    )
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return f"{server}/{name}"


def test_project_round_trip_on_postgres(pg_url):
    """Create, import, change status and read back a project on PostgreSQL."""
    project = Project.create(pg_url, name="ĐT342 chung")
    with project.session() as s:
        repo.upsert_parcels(
            s,
            [Parcel("Thanh Lâm", "3", "12", "RSX", geometry=box(440000, 2350000, 440100, 2350050))],
            box(440000, 2350000, 440040, 2350050),
        )
        repo.upsert_households(
            s,
            [Household(code="TL-9", head_name="Đặng Văn Sơn", compensation_vnd=12_345_678_901)],
            [("TL-9", ("Thanh Lâm", "3", "12"), None)],
        )
    actions.change_status(project, "TL-9", Status.NOTIFIED, date(2022, 9, 1), by="Tổ GPMB")
    project.close()
    with Project.open(pg_url) as again:
        snap = actions.load_snapshot(again)
    assert snap.name == "ĐT342 chung"
    assert snap.households["TL-9"].compensation_vnd == 12_345_678_901
    assert snap.parcels[0].recovered_area_m2 == pytest.approx(2000.0)
    assert snap.states["TL-9"].status == Status.NOTIFIED


def test_refused_change_rolls_back_on_postgres(pg_url):
    """A refused bulk change leaves the shared database unchanged."""
    project = Project.create(pg_url)
    with project.session() as s:
        repo.upsert_households(
            s, [Household(code="A", head_name="A"), Household(code="B", head_name="B")]
        )
    actions.change_status(project, "A", Status.NOTIFIED, date(2022, 9, 1))
    with pytest.raises(UserError):
        actions.change_status(project, ["B", "A"], Status.NOTIFIED, date(2022, 9, 2))
    assert actions.history(project, "B") == []
    project.close()


def test_create_refuses_database_holding_a_project(pg_url):
    """Creating a project in a database that already holds one is refused."""
    Project.create(pg_url).close()
    with pytest.raises(UserError, match="already holds"):
        Project.create(pg_url)


def test_cli_works_on_a_shared_server(pg_url, tmp_path):
    """The same CLI commands work with a postgresql:// URL instead of a file."""
    import json
    import sys

    sample = Path(__file__).resolve().parents[2] / "sample_data"

    def cli(*args):
        proc = subprocess.run(
            [sys.executable, "-m", "tl342.cli", *map(str, args)], capture_output=True, text=True
        )
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    cli("init", pg_url)
    cli(
        "import",
        "route",
        pg_url,
        sample / "route.geojson",
        "--stakes",
        sample / "stakes.csv",
        "--equations",
        sample / "equations.csv",
    )
    cli("import", "boundary", pg_url, sample / "clearance_boundary.geojson")
    cli("import", "parcels", pg_url, sample / "parcels.gpkg")
    cli("import", "households", pg_url, sample / "ho_gia_dinh.xlsx")
    summary = json.loads(cli("summary", pg_url, "--json"))
    assert summary["households"] == 169 and summary["route"]["end"] == "Km60+300"
    assert 655_000 < summary["recovered_area_m2"] < 660_000
    located = json.loads(cli("locate", pg_url, "--chainage", "Km45+200", "--json"))
    assert located["chainage"] == "Km45+200"


def test_copy_file_to_server_and_back(pg_url, tmp_path):
    """`tl342 copy` puts the sample on a server and takes it back to a file, history and all."""
    import json
    import subprocess
    import sys

    # a copy: opening the bundled sample in place would migrate it (and leave a .bak beside it)
    sample = tmp_path / "dt342.tl342"
    shutil.copyfile(Path(__file__).resolve().parents[2] / "sample_data" / "dt342.tl342", sample)

    def cli(*args):
        proc = subprocess.run(
            [sys.executable, "-m", "tl342.cli", *map(str, args)], capture_output=True, text=True
        )
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    def summary(target):
        return json.loads(cli("summary", target, "--date", "2022-11-21", "--json"))

    before = summary(sample)
    cli("copy", sample, pg_url)
    on_server = summary(pg_url)
    back = tmp_path / "back.tl342"
    cli("copy", pg_url, back)
    for key in (
        "households",
        "parcels",
        "status_counts",
        "flag_counts",
        "amounts_vnd",
        "route",
        "campaign",
    ):
        assert on_server[key] == before[key] == summary(back)[key], key
    # ids continue after the copied ones: a new event on the server appends cleanly
    code = json.loads(cli("list", "households", pg_url, "--status", "paid", "--json"))[0]["code"]
    out = json.loads(cli("status", pg_url, code, "handed_over", "--date", "2022-11-21", "--json"))
    history = json.loads(cli("history", pg_url, code, "--json"))["events"]
    assert out["event"]["id"] == max(e["id"] for e in history)
