"""Checks of the bundled ĐT342 sample (sample_data/), recomputed from the files themselves."""

from __future__ import annotations

import csv
import json
import math
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import numpy as np
import openpyxl
import pyogrio
import pytest
import shapely
from pyproj import Transformer
from shapely.geometry import shape

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"
TO_LONLAT = Transformer.from_crs("EPSG:5899", "EPSG:4326", always_xy=True)
CROP = {"CLN", "HNK", "BHK", "NHK", "LUC", "LUK", "LUA", "CHN"}
STEPS = ["notified", "inventoried", "plan_drafted", "posted", "consulted", "appraised",
         "approved", "recovery_decided", "paid", "handed_over"]
HEADERS = ["STT", "Mã hộ", "Họ và tên chủ hộ", "Thôn", "Xã", "Tờ bản đồ số", "Thửa đất số",
           "Loại đất", "Diện tích thu hồi (m²)", "Bồi thường (đồng)", "Hỗ trợ (đồng)",
           "Đã chi trả (đồng)", "Số CCCD", "Số điện thoại", "Hiến đất/cây", "Ghi chú"]
FILES = ["route.geojson", "stakes.csv", "equations.csv", "communes.geojson",
         "clearance_boundary.geojson", "parcels.shp", "parcels.shx", "parcels.dbf", "parcels.prj",
         "parcels.cpg", "parcels.gpkg", "ho_gia_dinh.xlsx", "events.csv", "campaign.json"]


def _features(name):
    data = json.loads((SAMPLE / name).read_text(encoding="utf-8"))
    assert "5899" in data["crs"]["properties"]["name"]
    return [(f["properties"], shape(f["geometry"])) for f in data["features"]]


def _csv(name):
    with open(SAMPLE / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _chainage(text):
    m = re.fullmatch(r"Km(\d+)\+(\d{3}(?:\.\d+)?)", text)
    assert m, text
    return int(m[1]) * 1000 + float(m[2])


def _vn_number(v):
    """A cell as a number: numbers as they are, text in Vietnamese style ('5.523,2')."""
    if v is None or isinstance(v, int | float):
        return v
    return float(str(v).replace(".", "").replace(",", "."))


@pytest.fixture(scope="module")
def route():
    (_, line), = _features("route.geojson")
    return line


@pytest.fixture(scope="module")
def communes():
    return {p["name"]: g for p, g in _features("communes.geojson")}


@pytest.fixture(scope="module")
def clearance():
    return shapely.union_all([g for _, g in _features("clearance_boundary.geojson")])


@pytest.fixture(scope="module")
def parcels():
    return pyogrio.read_dataframe(SAMPLE / "parcels.gpkg", layer="thua_dat")


@pytest.fixture(scope="module")
def workbook():
    return openpyxl.load_workbook(SAMPLE / "ho_gia_dinh.xlsx")


@pytest.fixture(scope="module")
def rows(workbook):
    """Parcel rows of the household list with the merged household cells filled down."""
    ws = workbook.active
    values = list(ws.iter_rows(values_only=True))
    head = next(i for i, r in enumerate(values) if r[0] == "STT")
    out, current = [], None
    for r in values[head + 1:]:
        if r[0] == "Tổng cộng":
            break
        if r[1] is not None:
            current = dict(zip(HEADERS, r, strict=True))
        out.append({**current, "sheet": int(r[5]), "number": int(r[6]), "code": r[7],
                    "area": _vn_number(r[8])})
    return out


@pytest.fixture(scope="module")
def held(rows, parcels, clearance):
    """Household-held parcels joined to their geometry, with the recovered part recomputed."""
    index = {(x, int(s), int(n)): i for i, (x, s, n) in
             enumerate(zip(parcels.XA, parcels.SoTo, parcels.SoThua, strict=True))}
    out = []
    for r in rows:
        i = index[(r["Xã"], r["sheet"], r["number"])]
        g = parcels.geometry.iloc[i]
        part = g.intersection(clearance)
        out.append({**r, "geom": g, "landuse": parcels.LoaiDat.iloc[i], "part": part,
                    "recovered": part.area})
    return out


@pytest.fixture(scope="module")
def events():
    return _csv("events.csv")


def test_all_files_present_and_small():
    """Every conventional sample file exists and the folder stays under 10 MB."""
    for name in FILES:
        assert (SAMPLE / name).is_file(), name
    total = sum(p.stat().st_size for p in SAMPLE.iterdir() if p.is_file())
    assert total < 10_000_000


def test_route_length_is_20_9_km(route):
    """The centreline is 20.9 km (± 50 m) long in EPSG:5899."""
    assert abs(route.length - 20_900) <= 50


def test_route_ends_lie_in_the_documented_windows(route):
    """Start near 21.23–21.24 N in Đạp Thanh; end near 107.16–107.20 E, 21.36–21.38 N; ≈16 km apart."""
    lon0, lat0 = TO_LONLAT.transform(*route.coords[0])
    lon1, lat1 = TO_LONLAT.transform(*route.coords[-1])
    assert 21.23 <= lat0 <= 21.24 and 107.032 <= lon0 <= 107.175
    assert 107.16 <= lon1 <= 107.20 and 21.36 <= lat1 <= 21.38
    assert 15_000 <= math.dist(route.coords[0], route.coords[-1]) <= 17_000


def test_route_is_simple_and_smooth(route):
    """No self-intersection, no curve tighter than 40 m radius, curve vertices ≤ 20 m apart."""
    assert route.is_simple
    xy = np.asarray(route.coords)
    seg = np.diff(xy, axis=0)
    length = np.hypot(seg[:, 0], seg[:, 1])
    turn = np.abs(np.diff(np.unwrap(np.arctan2(seg[:, 1], seg[:, 0]))))
    shorter = np.minimum(length[:-1], length[1:])
    curved = np.degrees(turn) > 0.5
    assert (shorter[curved] / turn[curved]).min() > 40.0  # chord / angle = radius
    assert shorter[curved].max() <= 20.0
    assert curved.sum() > 0.8 * len(curved)


def test_stakes_and_equations_give_km37_500_to_km60_300(route):
    """Stakes run Km37+500..Km60+300, 3–5 gaps sum to ≈1.9 km and every stake sits at its chainage."""
    stakes = _csv("stakes.csv")
    eqs = [(_chainage(e["back"]), _chainage(e["ahead"]), float(e["x"]), float(e["y"]))
           for e in _csv("equations.csv")]
    assert stakes[0]["chainage"] == "Km37+500" and stakes[-1]["chainage"] == "Km60+300"
    assert shapely.Point(float(stakes[0]["x"]), float(stakes[0]["y"])).distance(
        shapely.Point(route.coords[0])) < 0.01
    assert shapely.Point(float(stakes[-1]["x"]), float(stakes[-1]["y"])).distance(
        shapely.Point(route.coords[-1])) < 0.01
    assert 3 <= len(eqs) <= 5
    gaps = sum(a - b for b, a, _, _ in eqs)
    assert all(a > b for b, a, _, _ in eqs)
    assert abs(gaps - 1_900) < 20
    assert abs(37_500 + route.length + gaps - 60_300) < 1
    for b, _, x, y in eqs:  # equation points on the line, at the distance of their back chainage
        s = route.project(shapely.Point(x, y))
        assert abs(s - (b - 37_500 - sum(a2 - b2 for b2, a2, *_ in eqs if a2 <= b))) < 0.5
    last = -1.0
    for st in stakes:
        c = _chainage(st["chainage"])
        assert not any(b < c < a for b, a, _, _ in eqs), f"{st['chainage']} inside a gap"
        p = shapely.Point(float(st["x"]), float(st["y"]))
        assert route.distance(p) < 0.01
        s = route.project(p)
        expected = c - 37_500 - sum(a - b for b, a, _, _ in eqs if a <= c)
        assert abs(s - expected) < 0.5, st
        assert s > last
        last = s
    km = [c for c in (_chainage(s["chainage"]) for s in stakes) if c % 1000 == 0]
    assert len(km) >= 20


def test_communes_match_extents_and_hold_the_road(route, communes):
    """Two communes of roughly 92 / 84 km², covering the route, border crossed once."""
    assert set(communes) == {"Đạp Thanh", "Thanh Lâm"}
    assert 80e6 < communes["Đạp Thanh"].area < 105e6
    assert 72e6 < communes["Thanh Lâm"].area < 96e6
    assert communes["Đạp Thanh"].intersection(communes["Thanh Lâm"]).area < 1.0
    assert shapely.union_all(list(communes.values())).covers(route)
    for name, poly in communes.items():
        part = route.intersection(poly)
        assert part.geom_type == "LineString", f"road enters {name} more than once"
    assert communes["Đạp Thanh"].buffer(0.01).contains(shapely.Point(route.coords[0]))
    assert communes["Thanh Lâm"].buffer(0.01).contains(shapely.Point(route.coords[-1]))
    extents = {"Đạp Thanh": (107.032, 21.230, 107.175, 21.357),
               "Thanh Lâm": (107.092, 21.256, 107.204, 21.379)}
    for name, (w, s, e, n) in extents.items():
        x0, y0, x1, y1 = communes[name].bounds
        lon0, lat0 = TO_LONLAT.transform(x0, y0)
        lon1, lat1 = TO_LONLAT.transform(x1, y1)
        assert abs(lon0 - w) < 0.01 and abs(lon1 - e) < 0.01
        assert abs(lat0 - s) < 0.01 and abs(lat1 - n) < 0.01


def test_clearance_width_varies_around_31_m(route, clearance):
    """The corridor averages ≈31 m, wider at cuttings and bridges, narrower elsewhere."""
    mean = clearance.area / route.length
    assert 29 <= mean <= 34
    widths = []
    for s in np.arange(25, route.length - 25, 50):
        p, q = route.interpolate(s - 1), route.interpolate(s + 1)
        d = np.array([q.x - p.x, q.y - p.y]) / math.dist(p.coords[0], q.coords[0])
        c = np.array(route.interpolate(s).coords[0])
        n = np.array([-d[1], d[0]])
        cut = shapely.LineString([c - 80 * n, c + 80 * n]).intersection(clearance)
        widths.append(shapely.get_parts(cut)[0].length if not cut.is_empty else 0)
    widths = np.array(widths)
    assert widths.max() > 1.4 * mean and np.percentile(widths, 10) < 0.9 * mean


def test_parcels_do_not_overlap(parcels):
    """No two parcels share more than 1 m²."""
    geoms = parcels.geometry.values
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    pairs = left < right
    areas = shapely.area(shapely.intersection(geoms[left[pairs]], geoms[right[pairs]]))
    assert areas.max(initial=0) <= 1.0


def test_parcels_tile_the_corridor_and_reach_beyond(parcels, clearance):
    """All land inside the clearance boundary is covered by parcels, which extend well beyond it."""
    land = shapely.union_all(parcels.geometry.values)
    gaps = shapely.get_parts(clearance.difference(land))  # only mm-wide rounding seams
    assert sum(g.area for g in gaps) < 1e-5 * clearance.area
    assert max((g.area for g in gaps), default=0) < 0.5
    assert land.area > 5 * clearance.area


def test_each_commune_contains_its_parcels(parcels, communes):
    """Every parcel lies in the commune its XA field names."""
    for name, poly in communes.items():
        mine = parcels[parcels.XA == name].geometry.values
        assert len(mine) > 100
        assert shapely.covers(poly.buffer(0.002), mine).all()  # 2 mm: coordinate rounding


def test_parcel_attributes_are_plausible(parcels):
    """Sheets restart per commune (1..~40), numbers per sheet, codes and sizes as in the issue."""
    for name in ("Đạp Thanh", "Thanh Lâm"):
        mine = parcels[parcels.XA == name]
        assert mine.SoTo.min() == 1 and 10 <= mine.SoTo.max() <= 45
        assert not mine.duplicated(["SoTo", "SoThua"]).any()
        for _, grp in mine.groupby("SoTo"):
            assert sorted(grp.SoThua) == list(range(1, len(grp) + 1))
    counts = parcels.LoaiDat.value_counts()
    assert counts.index[0] == "RSX"
    assert {"CLN", "HNK", "BHK", "ONT", "NTS", "DGT", "SON"} <= set(counts.index)
    assert {"LUK", "LUC"} & set(counts.index)
    land = parcels[~parcels.LoaiDat.isin(["DGT", "SON"])]
    area = land.geometry.area
    assert np.allclose(land.DienTich, area, atol=0.06)
    assert area.quantile(0.05) > 500 and area.quantile(0.95) < 35_000
    assert land[land.LoaiDat == "RSX"].geometry.area.median() > 3 * land[
        land.LoaiDat != "RSX"].geometry.area.median()
    for owner in parcels[parcels.LoaiDat.isin(["DGT", "SON"])].ChuSuDung:
        assert owner.startswith("UBND xã")


def test_shapefile_matches_geopackage(parcels):
    """parcels.shp (+ .cpg UTF-8) carries the same parcels under the SHBANDO/SHTHUA/... names."""
    assert (SAMPLE / "parcels.cpg").read_text().strip() == "UTF-8"
    shp = pyogrio.read_dataframe(SAMPLE / "parcels.shp")
    assert list(shp.columns) == ["XA", "SHBANDO", "SHTHUA", "MDSD", "DIENTICH", "TENCHU",
                                 "DIACHI", "geometry"]
    assert list(shp.XA) == list(parcels.XA) and list(shp.TENCHU) == list(parcels.ChuSuDung)
    assert list(shp.SHBANDO) == list(parcels.SoTo) and list(shp.MDSD) == list(parcels.LoaiDat)
    assert all(shapely.equals_exact(shp.geometry.values, parcels.geometry.values, 0.001))
    assert any("ư" in t or "Đ" in t for t in shp.TENCHU)


def test_169_households_hold_1_to_4_recovered_parcels(rows, held):
    """The list has 169 distinct households, each with 1–4 recovered parcels and no DGT/SON."""
    codes = {r["Mã hộ"] for r in rows}
    assert len(codes) == 169
    per = {c: sum(r["Mã hộ"] == c for r in rows) for c in codes}
    assert min(per.values()) >= 1 and max(per.values()) <= 4
    assert len({r["Họ và tên chủ hộ"] for r in rows}) == 169
    assert all(h["landuse"] not in ("DGT", "SON") for h in held)
    assert all(h["landuse"] == h["code"] for h in held)


def test_recovered_totals_recomputed_from_geometry(held):
    """Household-held parcels ∩ boundary: 65.5–66 ha in all, RSX > 49 ha, other crop land > 14 ha."""
    total = sum(h["recovered"] for h in held)
    rsx = sum(h["recovered"] for h in held if h["landuse"] == "RSX")
    crop = sum(h["recovered"] for h in held if h["landuse"] in CROP)
    assert 655_000 < total < 660_000
    assert rsx > 490_000
    assert crop > 140_000
    for h in held:  # the list states the same recovered area as the geometry
        assert abs(h["area"] - h["recovered"]) < 0.1
    partly = sum(h["recovered"] < 0.98 * h["geom"].area for h in held)
    assert partly > 0.8 * len(held)


def test_household_list_has_the_vietnamese_layout(workbook, rows):
    """Title rows, exact headers, vertical merges, VN-formatted text numbers, 'Tổng cộng' row."""
    ws = workbook.active
    values = list(ws.iter_rows(values_only=True))
    head = next(i for i, r in enumerate(values) if r[0] == "STT")
    assert 2 <= head <= 4
    titles = " ".join(str(r[0]) for r in values[:head])
    assert "ỦY BAN NHÂN DÂN HUYỆN BA CHẼ" in titles
    assert "DANH SÁCH CÁC HỘ GIA ĐÌNH, CÁ NHÂN CÓ ĐẤT BỊ THU HỒI" in titles
    assert "Km37+500 – Km60+300" in titles
    assert list(values[head]) == HEADERS
    merged = [str(m) for m in ws.merged_cells.ranges]
    assert any(m.startswith("A1:") for m in merged)
    assert sum(re.fullmatch(r"B(\d+):B(\d+)", m) is not None for m in merged) > 50
    assert values[-1][0] == "Tổng cộng"
    assert abs(_vn_number(values[-1][8]) - sum(r["area"] for r in rows)) < 1.0
    texts = [v for r in values[head + 1:-1] for v in (r[8], r[9], r[10], r[11])
             if isinstance(v, str)]
    assert any(re.fullmatch(r"\d{1,3}(\.\d{3})*,\d", t) for t in texts)
    assert any(re.fullmatch(r"\d{1,3}(\.\d{3})+", t) for t in texts)
    numeric = [ws.cell(head + 2 + i, 10) for i in range(40)]
    assert any(c.number_format == "#,##0" for c in numeric if isinstance(c.value, int))
    first = {r["Mã hộ"]: r for r in rows}.values()
    assert all(re.fullmatch(r"022\d{9}", r["Số CCCD"]) for r in first)
    phones = [r["Số điện thoại"] for r in first if r["Số điện thoại"]]
    assert len(phones) > 100 and all(re.fullmatch(r"0[398]\d{8}", p) for p in phones)
    donations = [r["Hiến đất/cây"] for r in first if r["Hiến đất/cây"]]
    assert any(d.startswith("Hiến đất") for d in donations)
    assert any(d.startswith("Hiến cây") for d in donations)
    paid = [_vn_number(r["Đã chi trả (đồng)"]) for r in first if r["Đã chi trả (đồng)"]]
    assert len(paid) > 40 and all(isinstance(p, int | float) and p > 0 for p in paid)


def test_campaign_file():
    """campaign.json names the 30-day campaign starting 2022-11-14, target day 15."""
    data = json.loads((SAMPLE / "campaign.json").read_text(encoding="utf-8"))
    assert data == {"name": "Chiến dịch 30 ngày đêm GPMB ĐT342", "start": "2022-11-14",
                    "length_days": 30, "target_day": 15}


def test_events_stop_at_day_8_and_follow_the_workflow(events, rows):
    """No event after 2022-11-21; each household's steps come in workflow order and date order."""
    codes = {r["Mã hộ"] for r in rows}
    assert {e["household"] for e in events} <= codes
    allowed = set(STEPS) | {"flag:complaint", "flag:donated", "unflag:complaint", "na:paid"}
    by_hh: dict[str, list] = {}
    for e in events:
        assert e["event"] in allowed, e
        d = date.fromisoformat(e["date"])
        assert date(2022, 8, 1) <= d <= date(2022, 11, 21), e
        assert e["by"]
        by_hh.setdefault(e["household"], []).append(e)
    final = {}
    for code, evs in by_hh.items():
        steps = [e for e in evs if e["event"].removeprefix("na:") in STEPS]
        ranks = [STEPS.index(e["event"].removeprefix("na:")) for e in steps]
        assert ranks == list(range(len(ranks))), code
        dates = [e["date"] for e in steps]
        assert dates == sorted(dates), code
        final[code] = steps[-1]["event"].removeprefix("na:") if steps else "pending"
        for e in steps:
            if e["event"] in ("notified", "approved", "recovery_decided"):
                assert re.fullmatch(r"\d+/(TB|QĐ)-UBND", e["doc_no"]), e
        posted = [e["date"] for e in steps if e["event"] == "posted"]
        consulted = [e["date"] for e in steps if e["event"] == "consulted"]
        if consulted:
            assert (date.fromisoformat(consulted[0]) - date.fromisoformat(posted[0])).days >= 20
    counts = {s: list(final.values()).count(s) for s in STEPS}
    assert 3 <= counts["handed_over"] <= 40
    assert counts["paid"] + counts["approved"] > 40
    assert len(codes - set(by_hh)) + counts["notified"] + counts["inventoried"] >= 3
    kinds = [e["event"] for e in events]
    assert kinds.count("flag:complaint") >= 3 and kinds.count("flag:donated") >= 5
    na = [e for e in events if e["event"] == "na:paid"]
    assert na and all(e["note"] == "Hiến đất, không nhận tiền" for e in na)
    notices = [e["date"] for e in events if e["event"] == "notified"]
    assert min(notices) < "2022-09-01" and max(notices) >= "2022-09-01"
    assert any(e["date"] >= "2022-11-14" for e in events if e["event"] == "handed_over")


def test_handed_over_households_make_a_ready_stretch(held, events, route):
    """Handed-over households cover at least one continuous stretch of road of 500 m or more."""
    done = {e["household"] for e in events if e["event"] == "handed_over"}
    along = sorted((route.project(h["part"].point_on_surface()), h["Mã hộ"] in done)
                   for h in held)
    best, start = 0.0, None
    for s, ok in along:
        if ok and start is None:
            start = s
        elif not ok and start is not None:
            best, start = max(best, s - start), None
    assert best >= 500


def test_generator_reproduces_the_committed_files(tmp_path):
    """Running generate.py with the default seed rewrites the committed files byte for byte."""
    subprocess.run([sys.executable, str(SAMPLE / "generate.py"), "--out", str(tmp_path)],
                   check=True, capture_output=True)
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (SAMPLE / name).read_bytes(), name
