"""A private PostgreSQL + PostGIS cluster on loopback for the shared-server tests.

Started once per session in a temporary folder (initdb/pg_ctl of the PostgreSQL 15 packages;
as root through ``runuser -u postgres``), listening on 127.0.0.1 only, a free port. The
superuser ``tl342`` connects through the socket (trust); logins made by the tests connect over
TCP with SCRAM passwords, as laptops do. Skipped only outside CI when the binaries are missing.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

PG_BIN = Path("/usr/lib/postgresql/15/bin")
POSTGIS = Path("/usr/share/postgresql/15/extension/postgis.control")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _missing(what: str):
    if os.environ.get("CI"):  # CI must run these tests: a missing server is a failure there
        pytest.fail(f"{what} is not installed; CI needs it (see .ci/packages)")
    pytest.skip(f"{what} is not installed (apt-get install postgresql postgresql-15-postgis-3)")


class Cluster:
    def __init__(self, workdir: Path, port: int) -> None:
        self.workdir = workdir
        self.port = port

    def admin_url(self, db: str = "postgres") -> str:
        """The superuser, through the socket (trust)."""
        return f"postgresql://tl342@/{db}?host={self.workdir}&port={self.port}"

    def user_url(self, db: str, user: str, password: str) -> str:
        """A login over TCP on loopback (SCRAM password)."""
        return f"postgresql://{user}:{password}@127.0.0.1:{self.port}/{db}"

    def new_database(self) -> str:
        from sqlalchemy import create_engine, text

        name = f"t_{uuid.uuid4().hex[:10]}"
        admin = create_engine(
            self.admin_url().replace("postgresql://", "postgresql+psycopg://"),
            isolation_level="AUTOCOMMIT",
        )
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        return name


@pytest.fixture(scope="session")
def pg_cluster():
    """A running private cluster (stopped and removed at the end of the session)."""
    if not (PG_BIN / "initdb").exists():
        _missing("PostgreSQL 15")
    if not POSTGIS.exists():
        _missing("PostGIS 3 for PostgreSQL 15")
    run_as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    workdir = Path(tempfile.mkdtemp(prefix="tl342-srv-"))
    workdir.chmod(0o777)
    data = workdir / "data"
    port = _free_port()
    subprocess.run(
        [
            *run_as,
            str(PG_BIN / "initdb"),
            "-D",
            str(data),
            "-U",
            "tl342",
            "--no-sync",
            "-E",
            "UTF8",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
        ],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [
            *run_as,
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(data),
            "-w",
            "-l",
            str(workdir / "log"),
            "-o",
            f"-k {workdir} -p {port} -c listen_addresses=127.0.0.1 -c fsync=off",
            "start",
        ],
        check=True,
        capture_output=True,
    )
    try:
        yield Cluster(workdir, port)
    finally:
        subprocess.run(
            [*run_as, str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
        )
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture
def server(pg_cluster):
    """A fresh database set up by `tl342 server init` (admin URL, database name, cluster)."""
    from tl342.cli import main

    db = pg_cluster.new_database()
    url = pg_cluster.admin_url(db)
    assert main(["server", "init", url]) == 0
    return url, db, pg_cluster
