"""A real process killed in the middle of writes leaves a project that opens with every reported change."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap

from tl342.core.model import Household
from tl342.store import actions, repo
from tl342.store.project import Project

WRITER = textwrap.dedent(
    """
    import sys
    from datetime import date
    from tl342.store import actions
    from tl342.store.project import Project

    project = Project.open(sys.argv[1])
    on = True
    while True:
        ev, _ = actions.set_flag(project, "H1", "complaint", on, date(2022, 11, 20), note="x" * 2000)
        print(ev.id, flush=True)  # reported only after the transaction committed
        on = not on
    """
)


def test_kill_during_writes_loses_nothing_reported(tmp_path):
    """SIGKILL during a stream of status writes: the file opens, integrity ok, all reported events present."""
    path = tmp_path / "crash.tl342"
    project = Project.create(path)
    with project.session() as s:
        repo.upsert_households(s, [Household(code="H1", head_name="A")])
    project.close()
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True
    )
    reported = []
    try:
        for line in proc.stdout:
            reported.append(int(line))
            if len(reported) >= 40:
                break
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    assert len(reported) >= 40
    con = sqlite3.connect(path)
    assert con.execute("pragma integrity_check").fetchone()[0] == "ok"
    con.close()
    with Project.open(path) as p:
        stored = {e.id for e in actions.history(p, "H1")}
    assert set(reported) <= stored


# ------------------------------------------------------------------ kill -9 trials of CLI writes
#
# A "zygote" process imports tl342 once, then forks one child per trial. The child runs real
# CLI writes (`tl342.cli.app.main`) in a loop and logs each command that returned 0 (that is,
# committed); the zygote kills it with SIGKILL after a random delay. The test then checks the
# file: integrity, it opens, every logged write is there and no import is half applied.

TRIALS = int(os.environ.get("TL342_CRASH_TRIALS", "100"))

ZYGOTE = textwrap.dedent(
    """
    import os, random, signal, sys, time
    from tl342.cli.app import main
    # imported once here, so a forked child starts writing at once
    import tl342.cli.cmd_events, tl342.cli.cmd_import, tl342.io.apply, tl342.io.parcels
    import tl342.io.route, tl342.store.actions, tl342.store.backup, pyogrio, geopandas

    def child(path, kind, log, files):
        fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        i = 0
        while True:
            if kind == "flag":
                argv = ["flag", path, "H1", "complaint"] + (["--off"] if i % 2 else [])
                tag = "flag"
            else:
                tag = files[i % 2]
                argv = ["import", kind, path, tag] + (["--force"] if kind == "communes" else [])
            if main(argv) == 0:
                os.write(fd, (tag + "\\n").encode())  # after the commit: a reported write
            i += 1

    for line in sys.stdin:
        path, kind, log, seed, a, b = line.split("\\t")
        delay = random.Random(int(seed)).uniform(0.05, 0.8)
        pid = os.fork()
        if pid == 0:
            try:
                child(path, kind, log, [a, b.strip()])
            finally:
                os._exit(0)
        time.sleep(delay)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        print("killed", flush=True)
    """
)


def _crash_project(folder):
    """A project with one household, one route-free corridor of 3 parcels, 2 commune files and
    2 versions of the parcel file (land use RSX / CLN), all small."""
    import geopandas as gpd
    from shapely.geometry import box

    from tl342.core.model import Parcel

    x0, y0 = 440_000.0, 2_350_000.0
    path = folder / "crash.tl342"
    project = Project.create(path)
    parcels = [
        Parcel("Đạp Thanh", "1", str(i), "RSX", box(x0 + 50 * i, y0, x0 + 50 * i + 40, y0 + 40))
        for i in range(3)
    ]
    with project.session() as s:
        repo.upsert_households(s, [Household(code="H1", head_name="A")])
        repo.upsert_parcels(s, parcels, None)
    project.close()
    files = {}
    for name, box_ in (
        ("A", box(x0 - 100, y0 - 100, x0 + 300, y0 + 100)),
        ("B", box(x0 - 200, y0 - 200, x0 + 400, y0 + 200)),
    ):
        files[f"communes_{name}"] = folder / f"xa_{name}.geojson"
        gpd.GeoDataFrame({"name": [f"Xã {name}"]}, geometry=[box_], crs="EPSG:5899").to_file(
            files[f"communes_{name}"]
        )
    for code in ("RSX", "CLN"):
        files[f"parcels_{code}"] = folder / f"thua_{code}.gpkg"
        gpd.GeoDataFrame(
            {"XA": ["Đạp Thanh"] * 3, "SoTo": [1] * 3, "SoThua": [0, 1, 2], "LoaiDat": [code] * 3},
            geometry=[p.geometry for p in parcels],
            crs="EPSG:5899",
        ).to_file(files[f"parcels_{code}"])
    return path, files


def _state(path):
    con = sqlite3.connect(path)
    try:
        assert con.execute("pragma integrity_check").fetchone()[0] == "ok"
        events = con.execute("select count(*) from event").fetchone()[0]
        communes = {r[0] for r in con.execute("select name from area where kind='commune'")}
        land_uses = {r[0] for r in con.execute("select land_use from parcel")}
    finally:
        con.close()
    return events, communes, land_uses


def test_kill_9_trials_of_cli_writes_lose_nothing(tmp_path, suite_count):
    """TRIALS kill -9 of `tl342 flag` / `import communes` / `import parcels` mid-stream: every
    file opens with integrity ok, every reported write present, no import half applied."""
    import random
    import shutil

    base, files = _crash_project(tmp_path)
    kinds = [
        ("flag", "-", "-"),
        ("communes", str(files["communes_A"]), str(files["communes_B"])),
        ("parcels", str(files["parcels_RSX"]), str(files["parcels_CLN"])),
    ]
    zygote = subprocess.Popen(
        [sys.executable, "-c", ZYGOTE], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    rng = random.Random(342)
    checked = reported = 0
    try:
        for trial in range(TRIALS):
            kind, a, b = kinds[trial % 3]
            path = tmp_path / f"t{trial % 3}.tl342"
            log = tmp_path / f"t{trial}.log"
            if trial < 3:
                shutil.copyfile(base, path)
            events_before, _c, _l = _state(path)
            zygote.stdin.write(f"{path}\t{kind}\t{log}\t{rng.randrange(10**9)}\t{a}\t{b}\n")
            zygote.stdin.flush()
            assert zygote.stdout.readline().strip() == "killed"
            done = log.read_text().split() if log.exists() else []
            reported += len(done)
            events, communes, land_uses = _state(path)
            with Project.open(path) as p:  # opens (and would migrate) after the kill
                assert p.get_meta("app") == "tl342"
            if kind == "flag":
                assert events_before + len(done) <= events <= events_before + len(done) + 1
            elif kind == "communes":
                assert communes in ({"Xã A"}, {"Xã B"}, {"Thanh Lâm", "Đạp Thanh"}, set())
                if done:  # the last reported import is there, or the next one landed whole
                    assert len(communes) == 1
            else:
                assert len(land_uses) == 1 and land_uses <= {"RSX", "CLN"}, land_uses  # no mix
            checked += 1
    finally:
        zygote.stdin.close()
        zygote.wait(timeout=60)
    assert checked == TRIALS >= 1
    assert reported >= TRIALS // 3  # the kills did land amid committed writes
    suite_count(
        "crash suite: kill -9 trials of CLI writes (files intact, reported writes kept)", checked
    )
    suite_count("crash suite: CLI writes reported committed before the kills, all found", reported)
