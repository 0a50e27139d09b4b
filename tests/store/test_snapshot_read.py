"""The light reader of a project file (store.quickread, plain sqlite3) returns exactly the
snapshot the full application reads through SQLAlchemy — same values, same types — and
steps aside for every project it does not serve."""

from __future__ import annotations

import dataclasses
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest
import shapely

from tl342.store import actions, quickread, repo
from tl342.store.project import Project
from tl342.store.settings import get_settings, set_settings

SAMPLE = Path(__file__).parents[2] / "sample_data" / "dt342.tl342"
GEOMETRY = {"geometry", "recovered_geometry"}


def _same_geom(a, b) -> None:
    assert (a is None) == (b is None)
    if a is not None:
        assert shapely.to_wkb(a) == shapely.to_wkb(b)
        assert shapely.equals_exact(a, b, tolerance=0.0)


def _same_record(a, b) -> None:
    """Two dataclass records: every field equal, of the same type (geometries by WKB)."""
    assert type(a) is type(b)
    for f in dataclasses.fields(a):
        x, y = getattr(a, f.name), getattr(b, f.name)
        if f.name in GEOMETRY:
            _same_geom(x, y)
        else:
            assert (x, type(x)) == (y, type(y)), f.name


def _both(path):
    """(snapshot, settings, meta) read the full way and the light way."""
    with Project.open(path) as full:
        a = actions.load_snapshot(full), get_settings(full)
        meta_a = (full.name, full.crs, full.regime, full.cached_meta("limits"))
    light = quickread.open_project(str(path))
    assert light is not None
    with light:
        b = light.load_snapshot(), get_settings(light)
        meta_b = (light.name, light.crs, light.regime, light.cached_meta("limits"))
    assert meta_a == meta_b
    return a, b


def _assert_same(a, b) -> None:
    (sa, seta), (sb, setb) = a, b
    assert seta == setb
    assert (sa.name, sa.crs, sa.regime) == (sb.name, sb.crs, sb.regime)
    assert list(sa.households) == list(sb.households)
    for code in sa.households:
        _same_record(sa.households[code], sb.households[code])
    assert sa.states == sb.states and list(sa.states) == list(sb.states)
    assert list(sa.events) == list(sb.events)
    for code, evs in sa.events.items():
        assert len(evs) == len(sb.events[code])
        for x, y in zip(evs, sb.events[code], strict=True):
            _same_record(x, y)
    assert len(sa.parcels) == len(sb.parcels) > 0
    for x, y in zip(sa.parcels, sb.parcels, strict=True):
        _same_record(x, y)
    assert (sa.route is None) == (sb.route is None)
    if sa.route is not None:
        _same_geom(sa.route.line, sb.route.line)
        assert sa.route.name == sb.route.name
        assert sa.route.stakes == sb.route.stakes and sa.route.equations == sb.route.equations
    _same_geom(sa.boundary, sb.boundary)
    assert list(sa.communes) == list(sb.communes)
    for name in sa.communes:
        _same_geom(sa.communes[name], sb.communes[name])
    assert sa.campaign == sb.campaign and sa.limits == sb.limits
    assert [(d, type(d), n) for d, n in sa.holidays] == [(d, type(d), n) for d, n in sb.holidays]
    assert list(sa.donations) == list(sb.donations)
    for code in sa.donations:
        _same_record(sa.donations[code], sb.donations[code])


def test_sample_reads_the_same_both_ways(tmp_path):
    """The sample project: every household, state, event, parcel geometry, the route with
    its station equations, boundary, communes, campaign and settings are equal both ways."""
    path = tmp_path / "sample.tl342"
    shutil.copyfile(SAMPLE, path)
    a, b = _both(path)
    assert a[0].route is not None and a[0].route.equations  # the sample has equations
    _assert_same(a, b)


def test_synthetic_project_with_every_record_reads_the_same(project_file):
    """The synthetic project with holidays, a donation, limits and settings added: equal
    both ways (dates are dates, money ints, booleans bools)."""
    with Project.open(project_file) as p:
        with p.session() as s:
            repo.save_holidays(s, [(date(2022, 9, 2), "Quốc khánh"), (date(2023, 1, 22), "Tết")])
        actions.record_donation(
            p,
            "HGD001",
            land_m2=12.5,
            all_land=False,
            value_vnd=3_000_000,
            doc_no="BB-1",
            doc_date=date(2022, 6, 1),
            at=date(2022, 6, 1),
        )
        actions.set_limits(p, {"appraisal": 20})
        set_settings(p, {"place": "Đầm Hà", "signer_name": "Nguyễn Văn A"})
    a, b = _both(project_file)
    sb = b[0]
    assert sb.limits == {"appraisal": 20} and sb.donations["HGD001"].doc_date == date(2022, 6, 1)
    assert type(sb.donations["HGD001"].all_land) is bool and sb.holidays[0][0] == date(2022, 9, 2)
    assert b[1]["place"] == "Đầm Hà"
    _assert_same(a, b)


def test_read_only_file_is_read_the_light_way(project_file, monkeypatch):
    """A read-only project file (forced) opens for reading and gives the same snapshot."""
    monkeypatch.setenv("TL342_READ_ONLY", "1")
    _assert_same(*_both(project_file))


def test_projects_it_does_not_serve_take_the_full_path(project_file, tmp_path):
    """A URL, another schema, a copy checked out from a server, a non-project file, a
    missing file: None (the caller opens the project the full way)."""
    assert quickread.open_project("postgresql://u@localhost/none") is None
    assert quickread.open_project(str(tmp_path / "missing.tl342")) is None
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    assert quickread.open_project(str(other)) is None
    checked_out = tmp_path / "copy.tl342"
    shutil.copyfile(project_file, checked_out)
    con = sqlite3.connect(checked_out)
    with con:
        con.execute("INSERT INTO meta (key, value) VALUES ('checkout_url', 'postgresql://h/db')")
    con.close()
    assert quickread.open_project(str(checked_out)) is None
    con = sqlite3.connect(project_file)
    with con:
        con.execute("UPDATE alembic_version SET version_num = '0004_records'")
    con.close()
    assert quickread.open_project(str(project_file)) is None


def test_light_project_refuses_writes(project_file):
    """The light project is for reading: a write is refused with the read-only message."""
    light = quickread.open_project(str(project_file))
    assert light is not None
    with light, pytest.raises(Exception, match="opened read-only"):
        light.require_writable()


def test_values_match_what_sqlalchemy_reads_of_the_rows(tmp_path):
    """Independent of the shared reader: the light snapshot's events, households, parcels'
    areas and holidays equal the ORM's own reading of the rows (types included)."""
    from sqlalchemy import select

    from tl342.store.schema import EventRow, HouseholdRow, ParcelRow

    path = tmp_path / "sample.tl342"
    shutil.copyfile(SAMPLE, path)
    with Project.open(path) as full, full.session() as s:
        events = {
            r.id: (r.at, r.recorded_at, r.deposited, r.doc_date)
            for r in s.scalars(select(EventRow))
        }
        money = {r.code: (r.compensation_vnd, r.paid_vnd) for r in s.scalars(select(HouseholdRow))}
        areas = {r.id: (r.area_m2, r.recovered_area_m2) for r in s.scalars(select(ParcelRow))}
    with quickread.open_project(str(path)) as light:
        snap = light.load_snapshot()
    seen = {
        e.id: (e.at, e.recorded_at, e.deposited, e.doc_date)
        for evs in snap.events.values()
        for e in evs
    }
    assert seen and seen == {k: v for k, v in events.items() if k in seen}
    assert [type(v) for v in next(iter(seen.values()))[:3]] == [
        type(v) for v in events[next(iter(seen))][:3]
    ]
    assert {c: (h.compensation_vnd, h.paid_vnd) for c, h in snap.households.items()} == money
    assert all(type(h.compensation_vnd) is int for h in snap.households.values())
    assert {p.id: (p.area_m2, p.recovered_area_m2) for p in snap.parcels} == areas


@pytest.mark.parametrize("enabled", [True, False])
def test_snapshot_read_runs_no_cycle_collection(tmp_path, enabled):
    """Reading a snapshot sets off no pass of the cycle collector (each would walk every
    record read so far), and leaves the collector on or off as it found it."""
    import gc

    from tl342.store import eventlog, snapshot_read

    path = tmp_path / "p.tl342"  # a copy: even a read-only connection leaves -shm/-wal files
    shutil.copyfile(SAMPLE, path)
    con = sqlite3.connect(path)
    db = eventlog.Db(con, "sqlite")
    passes = []

    def count(phase, info):
        if phase == "start":
            passes.append(info["generation"])

    def read():
        return snapshot_read.read_snapshot(
            db, name="", crs="EPSG:5899", regime=None, campaign=None, limits={}
        )

    read()  # modules imported, caches warm: what follows is the reading alone
    was, threshold = gc.isenabled(), gc.get_threshold()
    gc.set_threshold(700, 10, 10)  # Python's default: a pass every 700 new containers
    (gc.enable if enabled else gc.disable)()
    gc.collect()  # counts at zero
    gc.callbacks.append(count)
    try:
        snap = read()
        assert gc.isenabled() is enabled
    finally:
        gc.callbacks.remove(count)
        gc.set_threshold(*threshold)
        (gc.enable if was else gc.disable)()
        con.close()
    # the sample's snapshot is hundreds of thousands of containers: passes by the hundred
    # were the collector left on; paused, only the one young-generation pass that its return
    # sets off (the allocations were counted meanwhile)
    assert len(snap.parcels) > 1000 and len(snap.events) > 100
    assert len(passes) <= 1, passes
