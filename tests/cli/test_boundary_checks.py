"""`import boundary` / `import communes` show their effect first and refuse implausible files."""

from __future__ import annotations

import json
import sqlite3

import geopandas as gpd
from cli_helpers import X0, Y0, run_cli
from shapely.geometry import box
from test_cli import content_digest


def _recovered(project) -> float:
    con = sqlite3.connect(project)
    total = con.execute("select sum(recovered_area_m2) from parcel").fetchone()[0]
    con.close()
    return total


def _small_parcel_file(tmp_path):
    """Two parcel-sized squares away from the route: a parcel file mistaken for the boundary."""
    path = tmp_path / "thua_nho.geojson"
    gpd.GeoDataFrame(
        {"SoThua": [1, 2]},
        geometry=[
            box(X0 + 100, Y0 + 300, X0 + 130, Y0 + 330),
            box(X0 + 200, Y0 + 300, X0 + 230, Y0 + 330),
        ],
        crs="EPSG:5899",
    ).to_file(path)
    return path


def test_small_parcel_file_as_boundary_is_refused(project, tmp_path):
    """A file that would drop the recovered area to 0 is refused on one line; nothing changes."""
    before = content_digest(project)
    proc = run_cli("import", "boundary", project, _small_parcel_file(tmp_path))
    assert proc.returncode == 2, proc.stdout + proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "recovered area 12 000 m² → 0 m² (-100%)" in lines[0]
    assert "the route lies wholly outside the boundary" in lines[0] and "--force" in lines[0]
    assert content_digest(project) == before


def test_refusal_json_carries_the_effect(project, tmp_path):
    """With --json the refusal's report holds the recovered area before and after."""
    proc = run_cli("import", "boundary", project, _small_parcel_file(tmp_path), "--json")
    assert proc.returncode == 2
    info = json.loads(proc.stdout)["report"]["info"]
    assert info["recovered_before_m2"] == 12000.0 and info["recovered_after_m2"] == 0.0
    assert info["route_inside_share"] == 0.0


def test_force_imports_it_and_reports_the_change(project, tmp_path):
    """--force writes the boundary anyway and the output states the change."""
    proc = run_cli("import", "boundary", project, _small_parcel_file(tmp_path), "--force")
    assert proc.returncode == 0, proc.stderr
    assert "recovered area 12 000 m² → 0 m²" in proc.stdout
    assert _recovered(project) == 0


def test_dry_run_shows_effect_and_writes_nothing(project, inputs, tmp_path):
    """--dry-run --json gives before/after for a wider boundary and leaves the project as it was."""
    wide = tmp_path / "wide.geojson"
    gpd.GeoDataFrame(geometry=[box(X0, Y0 - 30, X0 + 3000, Y0 + 30)], crs="EPSG:5899").to_file(wide)
    before = content_digest(project)
    proc = run_cli("import", "boundary", project, wide, "--dry-run", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["recovered_area_m2"] == {"before": 12000.0, "after": 24000.0}
    assert data["dry_run"] is True and data["route_inside_share"] == 1.0
    assert content_digest(project) == before
    run_cli("import", "boundary", project, wide, check=True)
    assert _recovered(project) == 24000.0


def test_small_loss_needs_no_force(project, tmp_path):
    """A boundary removing under 20 % of the recovered area is imported without --force."""
    narrower = tmp_path / "narrow.geojson"
    gpd.GeoDataFrame(geometry=[box(X0, Y0 - 13, X0 + 3000, Y0 + 13)], crs="EPSG:5899").to_file(
        narrower
    )
    proc = run_cli("import", "boundary", project, narrower)
    assert proc.returncode == 0, proc.stderr
    assert "recovered area 12 000 m² → 10 400 m²" in proc.stdout
    assert _recovered(project) == 10400.0


def test_communes_away_from_route_and_parcels_refused(project, tmp_path):
    """Commune polygons holding neither the route nor the parcels need --force."""
    far = tmp_path / "xa.geojson"
    gpd.GeoDataFrame(
        {"name": ["Xa Xa"]},
        geometry=[box(X0 + 5000, Y0 + 5000, X0 + 6000, Y0 + 6000)],
        crs="EPSG:5899",
    ).to_file(far)
    before = content_digest(project)
    proc = run_cli("import", "communes", project, far)
    assert proc.returncode == 2
    assert "only 0% of the 5 parcels lie inside a commune" in proc.stderr
    assert content_digest(project) == before
    forced = run_cli("import", "communes", project, far, "--force", "--json")
    assert forced.returncode == 0 and json.loads(forced.stdout)["communes"] == ["Xa Xa"]
