"""The bundled sample: `init --sample` gives the ĐT342 figures, and re-importing its files gives the same."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import run_cli, run_json

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"
DAY_8 = "2022-11-21"
CROP = ("CHN", "LUA", "LUC", "LUK", "LUN", "HNK", "BHK", "NHK", "CLN")


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    path = tmp_path_factory.mktemp("sample") / "p.tl342"
    run_cli("init", path, "--sample", check=True)
    return run_json("summary", path, "--date", DAY_8)


def test_sample_summary_meets_the_brief(bundled):
    """169 households, 65.5–66 ha recovered, RSX > 49 ha, crops > 14 ha, Km37+500 → Km60+300, day 8."""
    assert bundled["households"] == 169
    assert 655_000 < bundled["recovered_area_m2"] < 660_000
    by_type = bundled["recovered_area_by_land_type_m2"]
    assert by_type["RSX"] > 490_000
    assert sum(v for k, v in by_type.items() if k in CROP) > 140_000
    assert bundled["route"]["start"] == "Km37+500" and bundled["route"]["end"] == "Km60+300"
    assert abs(bundled["route"]["length_m"] - 20_900) <= 50
    assert bundled["campaign"]["day"] == 8 and bundled["campaign"]["days_left"] == 22
    counts = bundled["status_counts"]
    assert counts["handed_over"] > 0 and counts["paid"] > counts["handed_over"]
    assert bundled["flag_counts"]["complaint"] > 0 and bundled["flag_counts"]["donated"] > 0


@pytest.mark.slow
@pytest.mark.parametrize("parcels", ["parcels.shp", "parcels.gpkg"])
def test_reimporting_sample_files_gives_same_totals(tmp_path, bundled, parcels):
    """The sample's own files imported by the CLI into an empty project give the bundled totals."""
    p = tmp_path / "re.tl342"
    run_cli("init", p, "--regime", "land_law_2013", check=True)
    run_cli(
        "import",
        "route",
        p,
        SAMPLE / "route.geojson",
        "--stakes",
        SAMPLE / "stakes.csv",
        "--equations",
        SAMPLE / "equations.csv",
        check=True,
    )
    run_cli("import", "communes", p, SAMPLE / "communes.geojson", check=True)
    run_cli("import", "boundary", p, SAMPLE / "clearance_boundary.geojson", check=True)
    run_cli("import", "parcels", p, SAMPLE / parcels, check=True)
    run_cli("import", "households", p, SAMPLE / "ho_gia_dinh.xlsx", check=True)
    run_cli("import", "events", p, SAMPLE / "events.csv", check=True)
    run_cli("campaign", p, "--start", "2022-11-14", check=True)
    again = run_json("summary", p, "--date", DAY_8)
    for key in (
        "households",
        "parcels",
        "parcels_held",
        "status_counts",
        "flag_counts",
        "amounts_vnd",
        "route",
    ):
        assert again[key] == bundled[key], key
    assert again["recovered_area_m2"] == pytest.approx(bundled["recovered_area_m2"], abs=1.0)
    for code, area in bundled["recovered_area_by_land_type_m2"].items():
        assert again["recovered_area_by_land_type_m2"][code] == pytest.approx(area, abs=1.0)


@pytest.mark.slow
def test_init_scale_builds_a_synthetic_project(tmp_path):
    """`tl342 init --scale N` writes a project with N parcels along the ĐT342 route."""
    p = tmp_path / "big.tl342"
    out = run_json("init", p, "--scale", "300")
    assert out["parcels"] == 300
    summary = run_json("summary", p)
    assert summary["parcels"] == 300 and summary["households"] == out["households"] > 0
    assert summary["route"]["start"] == "Km37+500" and summary["route"]["end"] == "Km60+300"
