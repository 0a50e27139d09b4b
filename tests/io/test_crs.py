"""CRS presets, plausibility checks with hints, and reprojection through EPSG codes."""

from __future__ import annotations

import geopandas as gpd
import pytest
from io_helpers import X0, Y0, square

from tl342.core.errors import UserError
from tl342.io.crs import check_coordinates, resolve_crs, to_project_crs

GOOD = (X0, Y0, X0 + 500, Y0 + 500)


@pytest.mark.parametrize(
    "name", ["VN-2000 Quảng Ninh", "vn2000-qn", "5899", "EPSG:5899", "vn-2000 quang ninh"]
)
def test_presets(name):
    """Preset names and bare codes resolve to EPSG:5899."""
    assert resolve_crs(None, name) == "EPSG:5899"


def test_file_crs_used_and_override_wins():
    """The file's CRS is used unless the user overrides it."""
    assert resolve_crs("EPSG:4326", None) == "EPSG:4326"
    assert resolve_crs("EPSG:4326", "vn2000-qn") == "EPSG:5899"


def test_no_crs_and_no_override_is_refused():
    """A file without CRS needs --crs, and the message says how."""
    with pytest.raises(UserError, match="no coordinate system.*5899"):
        resolve_crs(None, None)
    with pytest.raises(UserError, match="unknown coordinate system"):
        resolve_crs(None, "Hà Nội 72")


def test_good_coordinates_pass():
    """Squares near Ba Chẽ in EPSG:5899 raise nothing."""
    assert check_coordinates(GOOD, "EPSG:5899") == []


def test_degrees_as_metres():
    """Lon/lat values under a metric CRS are caught with a WGS 84 hint."""
    (msg,) = check_coordinates((107.1, 21.3, 107.2, 21.35), "EPSG:5899")
    assert "degrees" in msg and "EPSG:4326" in msg


def test_metres_as_degrees():
    """Metre values under a geographic CRS are caught with a VN-2000 hint."""
    (msg,) = check_coordinates(GOOD, "EPSG:4326")
    assert "metres" in msg and "5899" in msg


def test_swapped_xy():
    """Northing-first coordinates are recognised as swapped."""
    (msg,) = check_coordinates((Y0, X0, Y0 + 500, X0 + 500), "EPSG:5899")
    assert "swapped" in msg and "northing" in msg


def test_far_away():
    """Coordinates far from Quảng Ninh (here: the wrong 3-degree zone) are refused."""
    (msg,) = check_coordinates((600_000, 1_200_000, 601_000, 1_201_000), "EPSG:5899")
    assert "outside Quảng Ninh" in msg and "km" in msg


def test_wgs84_near_ba_che_passes():
    """Lon/lat of Ba Chẽ in WGS 84 are plausible."""
    assert check_coordinates((107.10, 21.28, 107.15, 21.32), "EPSG:4326") == []


def test_to_project_crs_round_trip():
    """WGS 84 -> EPSG:5899 by pyproj lands within a millimetre of where it started."""
    g = gpd.GeoDataFrame(geometry=[square(0)], crs="EPSG:5899").to_crs(4326)
    back = to_project_crs(g, "EPSG:4326")
    assert back.crs.to_epsg() == 5899
    assert back.geometry.iloc[0].hausdorff_distance(square(0)) < 0.001
