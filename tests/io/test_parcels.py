"""Parcel reader: every supported format, attribute mapping, checks and progress."""

from __future__ import annotations

import geopandas as gpd
import pyogrio
import pytest
from io_helpers import (
    NAMES,
    X0,
    Y0,
    dxf_lwpolyline,
    dxf_text,
    dxf_text_entity,
    parcels_frame,
    square,
    square_points,
    write_legacy_shapefile,
)
from shapely.affinity import translate
from shapely.geometry import Polygon

from tl342.core.progress import Cancelled, CancelToken
from tl342.io.parcels import OverlapCheck, read_parcels


def _keys(parcels):
    return [p.key for p in parcels]


def test_shapefile_utf8(tmp_path):
    """A UTF-8 shapefile reads with keys, land use, owner and the file's area."""
    path = tmp_path / "thua.shp"
    parcels_frame(3, MDSD=["RSX", "rst", "LNK"]).to_file(path, engine="pyogrio")
    parcels, rep = read_parcels(path)
    assert rep.ok, rep.problems
    assert _keys(parcels) == [("Đạp Thanh", "12", str(n)) for n in (101, 102, 103)]
    assert [p.land_use for p in parcels] == ["RSX", "RSX", "CLN"]
    assert [p.land_use_orig for p in parcels] == ["RSX", "rst", "LNK"]
    assert parcels[0].owner_name == NAMES[0] and parcels[0].address == "Thôn Khe Lào"
    assert parcels[0].area_m2 == 2500.0
    assert parcels[0].geometry.equals(square(0))


@pytest.mark.parametrize("enc", ["tcvn3", "vni", "cp1258"])
def test_legacy_shapefile(tmp_path, enc):
    """TCVN3/VNI/CP1258 shapefiles without .cpg give NFC Unicode text."""
    shp = write_legacy_shapefile(tmp_path / "thua.shp", enc)
    parcels, rep = read_parcels(shp)
    assert rep.ok, rep.problems
    assert rep.info["encoding"] == enc
    assert [p.owner_name for p in parcels] == NAMES
    assert parcels[0].commune == "Đạp Thanh"


def test_geopackage_two_layers(tmp_path):
    """With two polygon layers the reader asks for one, then reads the chosen layer."""
    path = tmp_path / "thua.gpkg"
    f = parcels_frame(2).rename(
        columns={
            "SHBANDO": "SoTo",
            "SHTHUA": "SoThua",
            "MDSD": "LoaiDat",
            "DIENTICH": "DienTich",
            "TENCHU": "ChuSuDung",
        }
    )
    f.to_file(path, layer="thua_dat")
    parcels_frame(1).to_file(path, layer="thua_cu")
    parcels, rep = read_parcels(path)
    assert not rep.ok and "thua_dat" in rep.errors[0].message and "thua_cu" in rep.errors[0].message
    parcels, rep = read_parcels(path, layer="thua_dat")
    assert rep.ok and len(parcels) == 2 and parcels[1].owner_name == NAMES[1]


def test_geojson_with_mapping_and_commune_argument(tmp_path):
    """Odd column names work through an explicit mapping; the commune comes from the argument."""
    path = tmp_path / "thua.geojson"
    f = (
        parcels_frame(2)
        .drop(columns=["XA"])
        .rename(columns={"SHBANDO": "to_so", "SHTHUA": "thua_no"})
    )
    f.to_file(path)
    parcels, rep = read_parcels(
        path, mapping={"sheet": "to_so", "number": "THUA_NO"}, commune="xã Thanh Lâm"
    )
    assert rep.ok, rep.problems
    assert _keys(parcels)[0] == ("Thanh Lâm", "12", "101")


@pytest.mark.parametrize("ext", ["kml", "kmz"])
def test_kml(tmp_path, ext):
    """KML/KMZ in WGS 84 is reprojected to EPSG:5899 (areas in metres)."""
    path = tmp_path / f"thua.{ext}"
    parcels_frame(2).to_crs(4326).to_file(path, driver="LIBKML")
    parcels, rep = read_parcels(path)
    assert rep.ok, rep.problems
    assert rep.info["crs"] == "EPSG:4326"
    assert parcels[0].geometry.hausdorff_distance(square(0)) < 0.01
    assert abs(parcels[0].geometry.area - 2500) < 0.1


def test_dxf_polylines_with_texts(tmp_path):
    """Closed LWPOLYLINEs become parcels; the text inside gives number, land use and area."""
    ents = [dxf_lwpolyline(square_points(i)) for i in range(3)]
    ents += [dxf_text_entity(X0 + 20, Y0 + 25, "101"), dxf_text_entity(X0 + 20, Y0 + 10, "RSX")]
    ents += [dxf_text_entity(X0 + 70, Y0 + 25, "102"), dxf_text_entity(X0 + 70, Y0 + 10, "2.480,5")]
    ents += [dxf_text_entity(X0 + 120, Y0 + 25, "7/103")]  # sheet/number inside the parcel
    ents += [dxf_text_entity(X0, Y0 - 30, "Tờ bản đồ số 12", layer="KHUNG")]
    path = tmp_path / "ban_ve.dxf"
    path.write_text(dxf_text(ents), encoding="utf-8")
    parcels, rep = read_parcels(path, crs="VN-2000 Quảng Ninh", commune="Đạp Thanh")
    assert rep.ok, rep.problems
    assert sorted(_keys(parcels)) == [
        ("Đạp Thanh", "12", "101"),
        ("Đạp Thanh", "12", "102"),
        ("Đạp Thanh", "7", "103"),
    ]
    by_no = {p.number: p for p in parcels}
    assert by_no["101"].land_use == "RSX"
    assert by_no["102"].area_m2 == pytest.approx(2480.5)
    assert by_no["101"].geometry.area == pytest.approx(2500)


def test_dxf_sheet_from_file_name_and_tcvn3_text(tmp_path):
    """The sheet comes from a file name like "To12"; .VnTime (TCVN3) text is decoded."""
    ents = [
        dxf_lwpolyline(square_points(0)),
        dxf_text_entity(X0 + 20, Y0 + 25, "55"),
        dxf_text_entity(X0 + 20, Y0 + 5, "B\xb5n Th\xde M\xadêi"),
    ]  # "Bàn Thị Mười" as cp1252
    path = tmp_path / "To12.dxf"
    path.write_bytes(dxf_text(ents).encode("cp1252"))
    parcels, rep = read_parcels(path, crs="5899", commune="Thanh Lâm")
    assert rep.ok, rep.problems
    assert _keys(parcels) == [("Thanh Lâm", "12", "55")]


def test_dxf_shared_edges_polygonised(tmp_path):
    """Boundaries drawn once as open lines between neighbours still make parcels."""
    lines = [
        dxf_lwpolyline([(X0, Y0), (X0 + 100, Y0)], closed=False),
        dxf_lwpolyline(
            [(X0 + 100, Y0), (X0 + 100, Y0 + 50), (X0, Y0 + 50), (X0, Y0)], closed=False
        ),
        dxf_lwpolyline([(X0 + 50, Y0), (X0 + 50, Y0 + 50)], closed=False),
    ]
    texts = [dxf_text_entity(X0 + 20, Y0 + 25, "1"), dxf_text_entity(X0 + 70, Y0 + 25, "2")]
    path = tmp_path / "to_3.dxf"
    path.write_text(dxf_text(lines + texts), encoding="utf-8")
    parcels, rep = read_parcels(path, crs="5899", commune="Đạp Thanh")
    assert rep.ok, rep.problems
    assert sorted(p.number for p in parcels) == ["1", "2"] and parcels[0].sheet == "3"


def test_invalid_polygon_repaired(tmp_path):
    """A ring with a tiny spike is repaired (severity "fixed") when the area barely changes."""
    x, y = X0, Y0
    spiky = Polygon(
        [
            (x, y),
            (x + 50, y),
            (x + 50, y + 25),
            (x + 50.001, y + 25.5),
            (x + 50, y + 25),
            (x + 50, y + 50),
            (x, y + 50),
        ]
    )
    assert not spiky.is_valid
    path = tmp_path / "thua.gpkg"
    f = parcels_frame(1)
    f.geometry = [spiky]
    f.to_file(path)
    parcels, rep = read_parcels(path)
    assert rep.ok and len(rep.fixed) == 1 and parcels[0].geometry.is_valid


def test_area_mismatch_and_overlap_warnings(tmp_path):
    """A declared area 20 % off and two parcels overlapping by 250 m² are warnings, not errors."""
    f = parcels_frame(2, DIENTICH=[3000.0, 2500.0])
    f.geometry = [square(0), translate(square(0), 45, 0)]
    path = tmp_path / "thua.gpkg"
    f.to_file(path)
    parcels, rep = read_parcels(path)
    assert rep.ok
    msgs = " | ".join(p.message for p in rep.warnings)
    assert "differs from the drawn area" in msgs and "+20%" in msgs
    assert "overlaps parcel Đạp Thanh 12/102 by 250.0 m²" in msgs


def _spiky(x: float, y: float) -> Polygon:
    """A 50 m square with a tiny spike on its right edge: invalid, repairable."""
    return Polygon(
        [
            (x, y),
            (x + 50, y),
            (x + 50, y + 25),
            (x + 50.001, y + 25.5),
            (x + 50, y + 25),
            (x + 50, y + 50),
            (x, y + 50),
        ]
    )


@pytest.mark.parametrize("case", ["all_read", "duplicate_refused", "repaired"])
def test_background_overlap_check_warns_for_the_parcels_read(tmp_path, case):
    """The overlap check started while reading warns as the check of the parcels read does,
    also when a feature is refused (an identical duplicate) or its geometry is repaired."""
    f = parcels_frame(4, SHTHUA=[101, 102, 103, 103 if case == "duplicate_refused" else 104])
    second = _spiky(X0 + 45, Y0) if case == "repaired" else translate(square(0), 45, 0)
    fourth = square(3) if case == "duplicate_refused" else square(5)
    f.geometry = [square(0), second, square(3), fourth]
    path = tmp_path / "thua.gpkg"
    f.to_file(path)
    check = OverlapCheck()
    parcels, rep = read_parcels(path, check_overlaps=check)
    check.finish(parcels, rep)
    _, sync = read_parcels(path)

    def overlaps(report):
        return [p.message for p in report.warnings if p.message.startswith("overlaps")]

    expected = ["overlaps parcel Đạp Thanh 12/102 by 250.0 m²"]
    if case == "repaired":
        assert len(rep.fixed) == 1
    if case == "duplicate_refused":
        assert not rep.ok and "duplicate parcel key" in rep.errors[0].message
    assert overlaps(rep) == overlaps(sync) == expected
    assert rep.counts["overlaps"] == 1


def test_unknown_land_use_warns_and_keeps(tmp_path):
    """An unknown code is a warning and is kept as written (upper-cased)."""
    path = tmp_path / "thua.geojson"
    parcels_frame(1, MDSD=["xyz"]).to_file(path)
    parcels, rep = read_parcels(path)
    assert rep.ok and parcels[0].land_use == "XYZ" and parcels[0].land_use_orig == "xyz"
    assert "unknown land-use code XYZ" in rep.warnings[0].message


def test_crs_override_for_file_without_crs(tmp_path):
    """A shapefile with no .prj is refused without --crs and read with it."""
    path = tmp_path / "thua.shp"
    parcels_frame(2).to_file(path, engine="pyogrio")
    path.with_suffix(".prj").unlink()
    _, rep = read_parcels(path)
    assert not rep.ok and "no coordinate system" in rep.errors[0].message
    parcels, rep = read_parcels(path, crs="vn2000-qn")
    assert rep.ok and len(parcels) == 2


def test_progress_and_cancel(tmp_path):
    """Progress reaches the total; a cancelled token stops the read with Cancelled."""
    path = tmp_path / "thua.gpkg"
    n = 1001
    f = gpd.GeoDataFrame(
        {"XA": ["Đạp Thanh"] * n, "SoTo": [1] * n, "SoThua": list(range(n))},
        geometry=[square(i, 10) for i in range(n)],
        crs="EPSG:5899",
    )
    f.to_file(path)
    seen = []
    parcels, rep = read_parcels(path, progress=lambda d, t, m: seen.append((d, t)))
    assert rep.ok and len(parcels) == n and seen[-1] == (n, n) and (500, n) in seen
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        read_parcels(path, cancel=token)


def test_read_does_not_touch_the_file(tmp_path):
    """Reading leaves the source file byte for byte as it was."""
    path = tmp_path / "thua.gpkg"
    parcels_frame(2).to_file(path)
    before = path.read_bytes()
    read_parcels(path)
    assert path.read_bytes() == before
    assert pyogrio.list_layers(path)[0][0] == "thua"


def test_dgn_v7_linework_is_polygonised(tmp_path):
    """A DGN v7 drawing (written by GDAL, lines only) is read and polygonised; with no
    parcel-number text the import is refused saying so (GDAL cannot write DGN text)."""
    import warnings

    from shapely.geometry import LineString

    path = tmp_path / "to12.dgn"
    ring = LineString([*square(0).exterior.coords])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pyogrio.write_dataframe(gpd.GeoDataFrame(geometry=[ring]), path, driver="DGN")
    _, rep = read_parcels(path, crs="5899", commune="Đạp Thanh")
    assert rep.counts["skipped_unlabelled"] == 1
    assert "no closed polyline has a parcel-number text inside" in rep.errors[0].message
