"""The shared-server tests: each gets a fresh database set up by `tl342 server init` on the
session's private PostgreSQL + PostGIS cluster (``pg_cluster`` in tests/conftest.py)."""

from __future__ import annotations

import pytest


@pytest.fixture
def server(pg_cluster):
    """A fresh database set up by `tl342 server init` (admin URL, database name, cluster)."""
    from tl342.cli import main

    db = pg_cluster.new_database()
    url = pg_cluster.admin_url(db)
    assert main(["server", "init", url]) == 0
    return url, db, pg_cluster
