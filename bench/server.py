"""Shared-server figures: status-change latency on a project file and on PostgreSQL (p50/p95),
and the time `sync` takes to send 1 000 offline events. Starts its own private PostgreSQL +
PostGIS cluster on 127.0.0.1 (as the ``postgres`` user when run as root) and removes it.

    .venv/bin/python bench/server.py [--changes 300] [--sync-events 1000]
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import tempfile
import time
from datetime import date
from pathlib import Path

PG_BIN = Path("/usr/lib/postgresql/15/bin")
DAY = date(2022, 6, 10)


def _cluster():
    run_as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    work = Path(tempfile.mkdtemp(prefix="tl342-bench-"))
    work.chmod(0o777)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    subprocess.run(
        [
            *run_as,
            str(PG_BIN / "initdb"),
            "-D",
            str(work / "data"),
            "-U",
            "tl342",
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
            str(work / "data"),
            "-w",
            "-l",
            str(work / "log"),
            "-o",
            f"-k {work} -p {port} -c listen_addresses=127.0.0.1",
            "start",
        ],
        check=True,
        capture_output=True,
    )

    def stop():
        subprocess.run(
            [*run_as, str(PG_BIN / "pg_ctl"), "-D", str(work / "data"), "-m", "fast", "stop"],
            capture_output=True,
        )
        shutil.rmtree(work, ignore_errors=True)

    return work, port, stop


def _households(project, n: int) -> None:
    from tl342.core.model import Household
    from tl342.store import repo

    with project.session() as s:
        repo.upsert_households(s, [Household(code=f"B{i:04d}", head_name="x") for i in range(n)])


def _latency(project, n: int) -> tuple[float, float]:
    from tl342.store import actions

    times = []
    for i in range(n):
        t0 = time.perf_counter()
        actions.change_status(project, f"B{i:04d}", "notified", DAY)
        times.append(time.perf_counter() - t0)
    q = statistics.quantiles(times, n=20)
    return statistics.median(times), q[18]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--changes", type=int, default=300)
    ap.add_argument("--sync-events", type=int, default=1000)
    args = ap.parse_args()

    from sqlalchemy import create_engine, text

    from tl342.store import actions
    from tl342.store.project import Project
    from tl342.store.server_admin import add_user, init_server
    from tl342.store.server_sync import checkout, sync

    tmp = Path(tempfile.mkdtemp(prefix="tl342-bench-files-"))
    work, port, stop = _cluster()
    try:
        n = max(args.changes, args.sync_events)
        f = Project.create(tmp / "bench.tl342")
        _households(f, n)
        p50, p95 = _latency(f, args.changes)
        f.close()
        print(
            f"  status change on a project file (SQLite)   p50 {p50 * 1000:6.1f} ms  p95 {p95 * 1000:6.1f} ms"
        )

        admin = create_engine(
            f"postgresql+psycopg://tl342@/postgres?host={work}&port={port}",
            isolation_level="AUTOCOMMIT",
        )
        with admin.connect() as c:
            c.execute(text('CREATE DATABASE "bench"'))
        admin.dispose()
        url = f"postgresql://tl342@/bench?host={work}&port={port}"
        init_server(url)
        add_user(url, "lan", "editor", "pw-lan")
        with Project.open(url) as p:
            _households(p, n)
        user_url = f"postgresql://lan:pw-lan@127.0.0.1:{port}/bench"
        with Project.open(user_url) as p:
            p50, p95 = _latency(p, args.changes)
        print(
            f"  status change on the server (PostgreSQL)   p50 {p50 * 1000:6.1f} ms  p95 {p95 * 1000:6.1f} ms"
        )

        trip = tmp / "trip.tl342"
        checkout(user_url, str(trip))
        with Project.open(trip) as p:
            for i in range(args.sync_events):
                code = f"B{i:04d}"
                to = "inventoried" if i < args.changes else "notified"
                actions.change_status(p, code, to, DAY)
        os.environ["PGPASSWORD"] = "pw-lan"
        t0 = time.perf_counter()
        report = sync(str(trip))
        took = time.perf_counter() - t0
        print(
            f"  sync of {report.sent} offline events ({len(report.conflicts)} conflicts)   {took:6.2f} s"
        )
    finally:
        stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
