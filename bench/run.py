"""tl342 benchmarks: run on demand, print measured figures (no pass/fail thresholds).

    .venv/bin/python bench/run.py                  # sample + a 50 000-parcel project
    .venv/bin/python bench/run.py --parcels 20000  # a smaller synthetic project
    .venv/bin/python bench/run.py --sample-only
    .venv/bin/python bench/run.py --gui-only       # map frames, GUI first paint and memory

Figures: snapshot load, renderer build, full-extent and pan/zoom frame times at 1366x768 (the
canvas's tile-cached path beside the vector path prints use, measured in the same run),
`tl342 gui --screenshot` first map paint (wall and CPU from the process start) / whole process
/ peak RSS beside QGIS rendering the same data (bench/qgis_render.py under /usr/bin/python3,
when QGIS is installed), import of the synthetic parcels, export times (commune PDF,
whole-route atlas, HTML), campaign dashboard. The --scale project is generated once into bench/out/ and reused.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# whole-process figures are an installed app's: pip writes .pyc files at install, so the runs
# here may write them too (a session that sets PYTHONDONTWRITEBYTECODE would otherwise pay for
# compiling every tl342 module in every process, about 0.1 s)
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
ROOT = Path(__file__).resolve().parents[1]
WIDTH, HEIGHT = 1366, 768


def timed(fn, *args, **kwargs):
    t0 = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - t0


def line(label: str, value: str) -> None:
    print(f"  {label:<44} {value}", flush=True)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:9.1f} ms"


def build_scale_project(n: int, workdir: Path) -> Path:
    """Generate an N-parcel synthetic project (as `tl342 init --scale N` does), timing each step."""
    from tl342.sample_data.generate import generate_scale

    from tl342.io.folder import import_folder
    from tl342.store.project import Project

    kept = ROOT / "bench" / "out" / f"scale{n}.tl342"
    if kept.exists():  # generated once (``tl342 init --scale N``), reused
        line(f"{n} parcels", f"reusing {kept.relative_to(ROOT)}")
        return kept
    out = workdir / f"scale{n}"
    out.mkdir(parents=True, exist_ok=True)
    _, t = timed(generate_scale, 342, n, out)
    line(f"generate {n} parcels (files)", f"{t:9.1f} s")
    path = kept
    path.parent.mkdir(parents=True, exist_ok=True)
    project = Project.create(path, name=f"scale {n}", overwrite=True)
    marks: list[tuple[str, float]] = []
    import_folder(project, out, progress=lambda _d, _t, msg: marks.append((msg, time.perf_counter())))
    for (step, t0), (_next, t1) in zip(marks, marks[1:], strict=False):
        line(f"import {step}", f"{t1 - t0:9.1f} s")
    project.close()
    return path


def bench_import_floor(files: Path, workdir: Path, runs: int = 3) -> float:
    """`import parcels` of a generated folder's parcels.gpkg (route and corridor boundary
    already in the project) against the raw floor on the same file: pyogrio read, one STRtree
    self-query (overlap candidates) and the corridor overlay (STRtree query + intersection).
    Runs are interleaved (floor, import, floor, ...) so machine load hits both; medians."""
    import numpy as np
    import pyogrio
    import shapely

    from tl342.io import apply
    from tl342.store.project import Project

    gpkg = files / "parcels.gpkg"
    base = workdir / "floor_base.tl342"
    with Project.create(base, overwrite=True) as project:
        apply.import_route(project, files / "route.geojson", stakes=files / "stakes.csv",
                           equations=files / "equations.csv")
        apply.import_boundary(project, files / "clearance_boundary.geojson")
    corridor = shapely.union_all(
        pyogrio.read_dataframe(files / "clearance_boundary.geojson").to_crs("EPSG:5899").geometry.values)

    def floor() -> None:
        geoms = np.asarray(pyogrio.read_dataframe(gpkg).geometry.values, dtype=object)
        tree = shapely.STRtree(geoms)
        tree.query(geoms, predicate="intersects")
        hit = tree.query(corridor, predicate="intersects")
        shapely.area(shapely.intersection(geoms[hit], corridor))

    def one_import() -> None:
        target = workdir / "floor_run.tl342"
        shutil.copyfile(base, target)
        with Project.open(target) as project:
            report = apply.import_parcels(project, gpkg)
        assert report.ok, report.summary_line()

    floor_times, import_times = [], []
    for _ in range(runs):
        floor_times.append(timed(floor)[1])
        import_times.append(timed(one_import)[1])
    f, i = statistics.median(floor_times), statistics.median(import_times)
    n = pyogrio.read_info(gpkg)["features"]
    line(f"raw floor, {n} parcels (read + STRtree overlay)", f"{f:9.2f} s  (runs {', '.join(f'{t:.2f}' for t in floor_times)})")
    line(f"tl342 import parcels, {n} parcels", f"{i:9.2f} s  (runs {', '.join(f'{t:.2f}' for t in import_times)})")
    line("import / floor", f"{i / f:9.2f} ×")
    return i / f


def qt_app():
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def _pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * q))]


def _spread(times) -> str:
    return (f"{statistics.median(times) * 1000:7.1f} / {_pct(times, .95) * 1000:.1f} / "
            f"{max(times) * 1000:.1f} ms")


def bench_render(snapshot, label: str) -> None:
    """Frames at 1366x768 as the canvas draws them (``screen_cache=True``: parcels from the
    tile cache when zoomed out) beside the plain vector path (``screen_cache=False``, what
    prints use), in the same run."""
    from PySide6.QtGui import QImage, QPainter

    qt_app()

    from tl342.render.map_renderer import MapRenderer, RenderOptions
    from tl342.render.viewport import Viewport

    renderer, t = timed(MapRenderer, snapshot)
    line("renderer build (paths, index)", ms(t))
    bounds = snapshot.bounds()
    image = QImage(WIDTH, HEIGHT, QImage.Format_ARGB32_Premultiplied)
    vector, cached = RenderOptions(), RenderOptions(screen_cache=True)

    def frame(vp, opts=cached):
        image.fill(0xFFFFFFFF)
        p = QPainter(image)
        p.setRenderHint(QPainter.Antialiasing)
        t0 = time.perf_counter()
        renderer.render(p, vp, opts)
        p.end()
        return time.perf_counter() - t0

    def idle(vp):  # what the canvas does between frames: render the tiles around the view
        while renderer.tiles.prefetch(vp, 1.0, 1.0, budget_s=1.0):
            pass

    full = Viewport(0, 0, 1, WIDTH, HEIGHT).fit(bounds)
    line("full-extent frame, vector (median of 3)",
         ms(statistics.median(frame(full, vector) for _ in range(3))))
    renderer.tiles.invalidate()
    line("full-extent frame, tiles cold", ms(frame(full)))
    line("full-extent frame, tiles warm (median of 3)",
         ms(statistics.median(frame(full) for _ in range(3))))
    shown = renderer.visible(full, 1.0, 0.0)
    line("  parcels drawn at full extent", f"{len(shown)} of {len(renderer.parcels)}"
         f" ({full.m_per_px:.1f} m/px)")
    route = snapshot.route
    if route is None:
        return

    def along(i, n=20):
        return route.line.interpolate(route.length_m * (0.05 + 0.9 * i / (n - 1)))

    for mpp, what in ((1.0, "1 m/px"), (0.25, "0.25 m/px (labels)"), (8.0, "8 m/px")):
        jumps = []
        for i in range(20):
            pt = along(i)
            jumps.append(frame(Viewport(pt.x, pt.y, mpp, WIDTH, HEIGHT), vector))
        line(f"jump frames {what}, vector (median/p95/max)", _spread(jumps))
    # a user panning at 8 m/px: 120 px drags following the road; between drags the canvas
    # renders the tiles around the view when idle
    renderer.tiles.invalidate()
    pt = along(0)
    vp = Viewport(pt.x, pt.y, 8.0, WIDTH, HEIGHT)
    cold, warm = [], []
    for i in range(1, 25):
        nxt = route.line.interpolate(route.length_m * 0.05 + i * 120 * 8.0)
        dx, dy = nxt.x - vp.cx, nxt.y - vp.cy
        step = max((dx * dx + dy * dy) ** 0.5 / (120 * 8.0), 1e-9)
        vp.pan(-dx / step / 8.0, dy / step / 8.0)
        cold.append(frame(vp))
    renderer.tiles.invalidate()
    vp = Viewport(pt.x, pt.y, 8.0, WIDTH, HEIGHT)
    frame(vp)
    for i in range(1, 25):
        idle(vp)
        nxt = route.line.interpolate(route.length_m * 0.05 + i * 120 * 8.0)
        dx, dy = nxt.x - vp.cx, nxt.y - vp.cy
        step = max((dx * dx + dy * dy) ** 0.5 / (120 * 8.0), 1e-9)
        vp.pan(-dx / step / 8.0, dy / step / 8.0)
        warm.append(frame(vp))
    line("pan 8 m/px, tiles, no idle time (med/p95/max)", _spread(cold))
    line("pan 8 m/px, tiles, idle prefetch (med/p95/max)", _spread(warm))
    line("  tile memory", f"{renderer.tiles.bytes / 2**20:9.1f} MiB")
    times = []
    vp = full.copy()
    for _ in range(12):
        vp = vp.zoom(1 / 0.7, WIDTH / 2, HEIGHT / 2)
        times.append(frame(vp))
    line("zoom-in frames, canvas path (median / max)",
         f"{statistics.median(times) * 1000:7.1f} / {max(times) * 1000:.1f} ms")


QGIS_PYTHON = "/usr/bin/python3"  # the system Python with QGIS (Debian: qgis, python3-qgis)


def qgis_available() -> bool:
    import subprocess

    if not Path(QGIS_PYTHON).exists():
        return False
    r = subprocess.run([QGIS_PYTHON, "-c", "import qgis.core"], capture_output=True,
                       env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    return r.returncode == 0


def bench_gui(path: Path) -> None:
    """`tl342 gui --screenshot` as a whole process: the first painted map counted from the
    process start, the wall time and the peak RSS; beside it (runs interleaved, medians of 3)
    QGIS rendering the same parcels, styled by status, at the full extent (bench/qgis_render.py
    under the system Python, on the project's own `tl342 export gpkg`), and the ratio."""
    import json
    import re
    import subprocess

    png = path.with_suffix(".png")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    code = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "r = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(time.perf_counter() - t, u.ru_maxrss, u.ru_utime + u.ru_stime)\n"
        "sys.stdout.write(r.stdout)\n"
        "sys.stderr.write(r.stderr)\n"
    )

    def measured(cmd):
        r = subprocess.run([sys.executable, "-c", code, *cmd], capture_output=True, text=True,
                           env=env)
        wall, rss, cpu = r.stdout.split()[:3]
        return float(wall), int(rss) / 1024, float(cpu), r.stdout, r.stderr

    qgis = qgis_available()
    gpkg = path.with_suffix(".qgis.gpkg")
    if qgis and not gpkg.exists():
        from tl342.exports.options import ExportOptions
        from tl342.exports.run import run_export
        from tl342.store.project import Project

        with Project.open(path) as project:
            run_export(project, "gpkg", gpkg, ExportOptions())
    from tl342.render.palette import STATUS_HEX, UNHELD_HEX

    colours = json.dumps({"": UNHELD_HEX, **{st.value: hexc for st, hexc in STATUS_HEX.items()}})
    ours, theirs = [], []
    for _ in range(3):
        wall, rss, cpu, _out, err = measured([sys.executable, "-m", "tl342.cli", "gui", str(path),
                                              "--screenshot", str(png)])
        m = re.search(r"first paint after (\d+) ms", err)
        born = re.search(r"since the process started: map (\d+) ms, CPU (\d+) ms", err)
        ours.append((float(born.group(1)) / 1000 if born else float("nan"),
                     float(m.group(1)) / 1000 if m else float("nan"), wall, rss, cpu,
                     float(born.group(2)) / 1000 if born else float("nan")))
        if qgis:
            wall, rss, cpu, out, err = measured([QGIS_PYTHON, str(ROOT / "bench" / "qgis_render.py"),
                                                 str(gpkg), str(png.with_suffix(".qgis.png")),
                                                 f"{WIDTH}x{HEIGHT}", colours])
            q = re.search(r"start=([\d.]+) loaded=([\d.]+) rendered=([\d.]+) saved=[\d.]+"
                          r" cpu=([\d.]+)", out)
            if q is None:
                line("QGIS reference", f"failed: {err.strip().splitlines()[-1:]}")
                qgis = False
                continue
            theirs.append((float(q.group(3)), float(q.group(3)) - float(q.group(2)), wall, rss,
                           cpu, float(q.group(4))))

    def med(rows, k):
        return statistics.median(r[k] for r in rows)

    line("gui --screenshot: map painted, since process start", f"{med(ours, 0):9.2f} s"
         f"  (runs {', '.join(f'{r[0]:.2f}' for r in ours)})")
    line("gui --screenshot: map painted, since run_gui", f"{med(ours, 1):9.2f} s")
    line("gui --screenshot: CPU until the map is painted", f"{med(ours, 5):9.2f} s")
    line("gui --screenshot: whole process wall / CPU", f"{med(ours, 2):9.2f} s / {med(ours, 4):.2f} s")
    line("gui --screenshot: peak RSS (max of 3)", f"{max(r[3] for r in ours):9.0f} MiB")
    if not theirs:
        line("QGIS reference", "QGIS not installed (apt: qgis python3-qgis)")
        return
    line("QGIS 1366x768 full extent: image, since start", f"{med(theirs, 0):9.2f} s"
         f"  (runs {', '.join(f'{r[0]:.2f}' for r in theirs)})")
    line("QGIS: the render job alone", f"{med(theirs, 1):9.2f} s")
    line("QGIS: CPU until the image is rendered", f"{med(theirs, 5):9.2f} s")
    line("QGIS: whole process wall / CPU", f"{med(theirs, 2):9.2f} s / {med(theirs, 4):.2f} s")
    line("QGIS: peak RSS (max of 3)", f"{max(r[3] for r in theirs):9.0f} MiB")
    line("tl342 first map / QGIS image (since start)", f"{med(ours, 0) / med(theirs, 0):9.2f} ×")
    line("tl342 / QGIS, CPU until then", f"{med(ours, 5) / med(theirs, 5):9.2f} ×")


def bench_exports(path: Path, commune: str | None, workdir: Path) -> None:
    from tl342.exports.options import ExportOptions
    from tl342.exports.run import run_export
    from tl342.store.project import Project

    with Project.open(path) as project:
        for kind, name, opts in (
            ("map", "commune.pdf", ExportOptions(commune=commune)),
            ("atlas", "atlas.pdf", ExportOptions()),
            ("html", "map.html", ExportOptions(public=True)),
            ("gpkg", "qgis.gpkg", ExportOptions()),
            ("report", "report.xlsx", ExportOptions()),
        ):
            try:
                result, t = timed(run_export, project, kind, workdir / name, opts)
                extra = f" ({result.get('pages')} pages)" if result.get("pages") else ""
                line(f"export {kind}{' ' + commune if kind == 'map' and commune else ''}",
                     f"{t:9.2f} s{extra}")
            except Exception as exc:  # a benchmark reports, it does not stop
                line(f"export {kind}", f"failed: {exc.__class__.__name__}: {exc}")


def bench_project(path: Path, label: str, workdir: Path, exports: bool) -> None:
    from datetime import date

    from tl342.store import actions
    from tl342.store.project import Project

    print(f"\n{label}: {path.name} ({path.stat().st_size / 1e6:.1f} MB)", flush=True)
    from tl342.ui.project_model import long_lived

    with Project.open(path) as project:
        with long_lived():  # as the GUI loads it: the frames below then run as in the app
            snapshot, t = timed(actions.load_snapshot, project)
        line(f"snapshot load ({len(snapshot.parcels)} parcels, {len(snapshot.households)} households)", ms(t))
        try:
            from tl342.services.dashboard import campaign_dashboard

            _, t = timed(campaign_dashboard, project, snapshot.campaign.date_of_day(8)
                         if snapshot.campaign else date.today())
            line("tl342 campaign --json (load + figures)", ms(t))
        except Exception as exc:
            line("tl342 campaign --json (load + figures)", f"failed: {exc}")
    bench_render(snapshot, label)
    bench_gui(path)
    if exports:
        communes = sorted({p.commune for p in snapshot.parcels})
        bench_exports(path, communes[0] if communes else None, workdir)


def bench_status(sample: Path, workdir: Path, rounds: int = 3) -> None:
    """Issue 12 §3: `change_status` in-process (p50/p95, wall and CPU) beside the raw SQLite
    floor (one insert + commit, same durability), and `tl342 status` as a whole process."""
    import sqlite3
    import subprocess
    from datetime import date

    from tl342.core.model import STATUS_ORDER
    from tl342.store import actions, repo
    from tl342.store.project import Project

    print("\nStatus changes (sample project)", flush=True)
    path = workdir / "status.tl342"
    shutil.copyfile(sample, path)
    wall, cpu = [], []
    with Project.open(path) as project:
        with project.session() as s:
            states = {c: st.status for c, st in repo.all_states(s).items()}
        for _ in range(rounds):
            for code, st in states.items():
                if st.rank + 2 >= len(STATUS_ORDER):
                    continue
                nxt = STATUS_ORDER[st.rank + 1]
                t, c = time.perf_counter(), time.process_time()
                try:
                    actions.change_status(project, code, nxt, date(2022, 11, 21))
                except Exception:  # a step the rules refuse: not timed
                    continue
                wall.append(time.perf_counter() - t)
                cpu.append(time.process_time() - c)
                states[code] = nxt

    def pct(values, q):
        values = sorted(values)
        return values[min(len(values) - 1, int(len(values) * q))]

    line(f"change_status wall p50 / p95 (n={len(wall)})", f"{ms(pct(wall, .5))} / {ms(pct(wall, .95))}")
    line("change_status CPU p50 / p95", f"{ms(pct(cpu, .5))} / {ms(pct(cpu, .95))}")
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute("CREATE TEMP TABLE IF NOT EXISTS _t (x)")
    con.execute("CREATE TABLE IF NOT EXISTS _bench (x)")
    raw = []
    for i in range(len(wall) or 100):
        t = time.perf_counter()
        con.execute("BEGIN IMMEDIATE")
        con.execute("INSERT INTO _bench VALUES (?)", (i,))
        con.execute("COMMIT")
        raw.append(time.perf_counter() - t)
    con.close()
    line("floor: raw SQLite insert + commit p50 / p95", f"{ms(pct(raw, .5))} / {ms(pct(raw, .95))}")
    exe = [sys.executable, "-m", "tl342.cli", "status", str(path), "DT-001", "notified", "--json"]
    runs = []
    for _ in range(5):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        subprocess.run(exe, capture_output=True)  # refused or not: the start-up is the figure
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu_s = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        runs.append((cpu_s, time.perf_counter() - t))
    line("tl342 status whole process CPU (median)", f"{statistics.median(r[0] for r in runs):9.2f} s")
    line("tl342 status whole process wall (median)", f"{statistics.median(r[1] for r in runs):9.2f} s")


def bench_meeting_exports(sample: Path, workdir: Path, rounds: int = 3) -> None:
    """Issue 12 §3: the meeting pack ``--public`` and the commune map PDF on the sample, each
    as a whole ``tl342 export`` process (CPU user+sys and wall, median of ``rounds`` after one
    warm-up run), with the pages and bytes written."""
    import json
    import subprocess

    print("\nMeeting exports (sample project, whole process)", flush=True)
    path = workdir / "exports.tl342"
    shutil.copyfile(sample, path)
    from tl342.exports.mapsheet import ascii_name
    from tl342.store.actions import load_snapshot
    from tl342.store.project import Project

    with Project.open(path) as project:
        communes = sorted({p.commune for p in load_snapshot(project).held_parcels() if p.commune})
    commune = communes[0] if communes else None
    cases = [
        ("pack --public", ["pack", "--public"], workdir / "pack"),  # one process per commune
        ("pack --public --jobs 1", ["pack", "--public", "--jobs", "1"], workdir / "pack1"),
        (f"map PDF {ascii_name(commune or '')}",
         ["map"] + (["--commune", commune] if commune else []), workdir / "commune.pdf"),
    ]
    for label, args, out in cases:
        exe = [sys.executable, "-m", "tl342.cli", "export", args[0], str(path), *args[1:],
               "--out", str(out), "--json"]
        runs, result = [], {}
        for k in range(rounds + 1):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t = time.perf_counter()
            proc = subprocess.run(exe, capture_output=True, text=True)
            wall = time.perf_counter() - t
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if proc.returncode != 0:
                line(label, f"failed: {proc.stderr.strip().splitlines()[-1:]}")
                break
            result = json.loads(proc.stdout)
            if k:  # the first run warms the file cache
                cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
                runs.append((cpu, wall))
        if not runs:
            continue
        files = [Path(f) for f in result.get("files", [])] or [out]
        size = sum(f.stat().st_size for f in files if f.exists())
        cpu = statistics.median(r[0] for r in runs)
        wall = statistics.median(r[1] for r in runs)
        line(f"{label}: CPU / wall (median of {len(runs)})", f"{cpu:9.2f} s / {wall:.2f} s")
        line(f"{label}: output", f"{result.get('pages')} pages, {len(files)} file(s), "
             f"{size / 1e6:.1f} MB" + (f", {result['processes']} process(es)"
                                      if "processes" in result else ""))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--parcels", type=int, default=50_000)
    ap.add_argument("--sample-only", action="store_true")
    ap.add_argument("--gui-only", action="store_true",
                    help="only the map, frame and GUI figures (issue 12 §3)")
    ap.add_argument("--keep", help="keep generated files in this folder")
    ap.add_argument("--import-floor", metavar="FOLDER", nargs="?", const="",
                    help="only: import parcels vs the raw floor (a generated folder, else --parcels)")
    args = ap.parse_args()
    workdir = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="tl342-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"tl342 benchmarks — {os.uname().machine}, {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    if args.import_floor is not None:
        files = Path(args.import_floor) if args.import_floor else workdir / f"scale{args.parcels}"
        if not args.import_floor:
            from tl342.sample_data.generate import generate_scale

            generate_scale(342, args.parcels, files)
        print(f"\nImport vs raw floor ({files})", flush=True)
        bench_import_floor(files, workdir)
        return
    sample = workdir / "sample.tl342"
    from tl342.store.sample import copy_sample

    copy_sample(sample, overwrite=True)
    if not args.gui_only:
        bench_status(sample, workdir)
        bench_meeting_exports(sample, workdir)
    bench_project(sample, "Sample project", workdir, exports=not args.gui_only)
    if not args.sample_only:
        print(f"\nSynthetic project, {args.parcels} parcels", flush=True)
        big = build_scale_project(args.parcels, workdir)
        bench_project(big, f"Synthetic {args.parcels}", workdir, exports=False)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak RSS {peak:.0f} MB")
    if not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
