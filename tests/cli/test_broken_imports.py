"""Broken inputs through `tl342 import`: exit 2, one line naming the problem, project unchanged.

The file-level corpus of tests/io is replayed through the real command line on a real
project, plus inputs whose problem only shows against the project (route, links, workflow).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import geopandas as gpd
import pytest
from cli_helpers import X0, Y0, run_cli
from shapely.geometry import LineString, Point
from test_cli import content_digest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "io"))
import test_broken_inputs as corpus  # noqa: E402

# case -> (import kind, file name the case writes, extra CLI arguments)
FILE_CASES = {
    "truncated_shp": ("parcels", "thua.shp", []),
    "truncated_dbf": ("parcels", "thua.shp", []),
    "empty_file": ("parcels", "thua.gpkg", []),
    "garbage_gpkg": ("parcels", "thua.gpkg", []),
    "missing_file": ("parcels", "nothing.shp", []),
    "missing_shx": ("parcels", "thua.shp", []),
    "zero_features": ("parcels", "thua.geojson", ["--crs", "5899"]),
    "text_in_area_column": ("parcels", "thua.gpkg", []),
    "bowtie_geometry": ("parcels", "thua.gpkg", []),
    "duplicate_keys": ("parcels", "thua.gpkg", []),
    "missing_number_value": ("parcels", "thua.gpkg", []),
    "no_number_column": ("parcels", "thua.gpkg", []),
    "no_commune": ("parcels", "thua.gpkg", []),
    "point_geometry": ("parcels", "thua.gpkg", []),
    "null_geometry": ("parcels", "thua.gpkg", []),
    "degrees_as_metres": ("parcels", "thua.gpkg", []),
    "swapped_xy": ("parcels", "thua.gpkg", []),
    "unknown_layer": ("parcels", "thua.gpkg", ["--layer", "ranh_gioi"]),
    "mapping_to_missing_column": ("parcels", "thua.gpkg", ["--map", "number=SoThuaMoi"]),
    "dxf_without_polylines": ("parcels", "to12.dxf", ["--crs", "5899", "--commune", "Đạp Thanh"]),
    "xlsx_no_header": ("households", "ds.xlsx", []),
    "xlsx_missing_required_column": ("households", "ds.xlsx", []),
    "xlsx_bad_number": ("households", "ds.xlsx", []),
    "xlsx_negative_amount": ("households", "ds.xlsx", []),
    "xlsx_parcel_claimed_twice": ("households", "ds.xlsx", []),
    "xlsx_names_disagree": ("households", "ds.xlsx", []),
    "csv_utf16": ("households", "ds.csv", []),
    "csv_double_encoded": ("households", "ds.csv", []),
    "xlsx_not_excel": ("households", "ds.xlsx", []),
    "old_xls": ("households", "ds.xls", []),
    "xlsx_header_only": ("households", "ds.xlsx", []),
    "event_unknown": ("events", "events.csv", []),
    "event_bad_date": ("events", "events.csv", []),
    "event_missing_columns": ("events", "events.csv", []),
    "event_na_without_reason": ("events", "events.csv", []),
    "event_empty_file": ("events", "events.csv", []),
    "nan_coordinates": ("parcels", "thua.gpkg", []),
    "garbage_geojson": ("parcels", "thua.geojson", []),
    "csv_huge_field": ("households", "ds.csv", []),
    "xlsx_block_merge": ("households", "ds.xlsx", []),
    "xlsx_truncated_zip": ("households", "ds.xlsx", []),
}


def _assert_refused(project: Path, args: list, expected: str) -> None:
    before = content_digest(project)
    proc = run_cli("import", *args)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), proc.stderr
    assert "Traceback" not in proc.stderr
    assert re.search(expected, lines[0]), lines[0]
    assert content_digest(project) == before


@pytest.mark.parametrize("name", sorted(FILE_CASES))
def test_broken_file_refused_by_cli(project, tmp_path, name):
    """A broken input file is refused by `tl342 import` and the project stays as it was."""
    kind, filename, extra = FILE_CASES[name]
    _report, expected = getattr(corpus, name)(tmp_path)  # writes the file
    _assert_refused(project, [kind, project, tmp_path / filename, *extra], expected)


def _write_route(tmp: Path, geoms, name="route.geojson") -> Path:
    path = tmp / name
    gpd.GeoDataFrame({"n": list(range(len(geoms)))}, geometry=geoms, crs="EPSG:5899").to_file(path)
    return path


def project_cases(tmp: Path, inputs: dict) -> dict[str, tuple[list, str]]:
    """Inputs that are well-formed files but wrong for this project or contradict themselves."""
    line = LineString([(X0, Y0), (X0 + 3000, Y0)])
    cases = {}
    off = tmp / "stakes_off.csv"
    off.write_text(f"chainage,x,y\nKm10+000,{X0},{Y0}\nKm11+000,{X0 + 1000},{Y0 + 400}\n")
    cases["stake off the line"] = (
        ["route", _write_route(tmp, [line]), "--stakes", off],
        r"off the centreline",
    )
    wrong = tmp / "stakes_order.csv"
    wrong.write_text(
        f"chainage,x,y\nKm10+000,{X0},{Y0}\nKm12+000,{X0 + 1000},{Y0}\nKm11+000,{X0 + 2000},{Y0}\n"
    )
    cases["stakes out of order"] = (
        ["route", _write_route(tmp, [line]), "--stakes", wrong],
        r"Km1[12]\+000",
    )
    bad_ch = tmp / "eq_bad.csv"
    bad_ch.write_text(f"back,ahead,x,y\nKm11+1500,Km11+600,{X0 + 1500},{Y0}\n")
    cases["equation with bad chainage"] = (
        ["route", _write_route(tmp, [line]), "--equations", bad_ch],
        r"eq_bad\.csv line 2",
    )
    cases["route of points"] = (
        ["route", _write_route(tmp, [Point(X0, Y0)], "pts.geojson")],
        r"no line",
    )
    pieces = [LineString([(X0, Y0), (X0 + 100, Y0)]), LineString([(X0 + 500, Y0), (X0 + 900, Y0)])]
    cases["route in two pieces"] = (
        ["route", _write_route(tmp, pieces, "two.geojson")],
        r"separate pieces",
    )
    no_cols = tmp / "stakes_cols.csv"
    no_cols.write_text("km,e,n\nKm10+000,1,2\n")
    cases["stakes without columns"] = (
        ["route", _write_route(tmp, [line]), "--stakes", no_cols],
        r"missing column",
    )
    cases["boundary of lines"] = (
        ["boundary", _write_route(tmp, [line], "b.geojson")],
        r"not a clearance boundary polygon",
    )
    hh = tmp / "hh_unknown_parcel.csv"
    hh.write_text(
        inputs["households"].read_text(encoding="utf-8").replace(",5,101,", ",5,999,"),
        encoding="utf-8",
    )
    cases["household parcel not in project"] = (["households", hh], r"999")
    ev = tmp / "events_forbidden.csv"
    ev.write_text(
        "household,event,date,by,note,doc_no\nDT-003,notified,2022-09-01,,,\nDT-003,handed_over,2022-09-02,,,\n"
    )
    cases["forbidden transition in events"] = (["events", ev], r"row 3.*DT-003")
    ev2 = tmp / "events_nohh.csv"
    ev2.write_text("household,event,date,by,note,doc_no\nXX-404,notified,2022-09-01,,,\n")
    cases["events for unknown household"] = (["events", ev2], r"XX-404")
    return cases


PROJECT_CASE_NAMES = [
    "stake off the line",
    "stakes out of order",
    "equation with bad chainage",
    "route of points",
    "route in two pieces",
    "stakes without columns",
    "boundary of lines",
    "household parcel not in project",
    "forbidden transition in events",
    "events for unknown household",
]


@pytest.mark.parametrize("name", PROJECT_CASE_NAMES)
def test_project_level_problem_refused(project, tmp_path, inputs, name):
    """Problems found against the project (route calibration, links, workflow) refuse the whole import."""
    args, expected = project_cases(tmp_path, inputs)[name]
    _assert_refused(project, [args[0], project, *args[1:]], expected)
