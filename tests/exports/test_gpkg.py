"""GeoPackage for QGIS: layers, attributes, CRS and the layer_styles table."""

from __future__ import annotations

import sqlite3
import xml.etree.ElementTree as ET

import pyogrio
import pytest
from test_privacy import DAY, sample_snapshot

from tl342.exports.gpkg import LAYERS, export_gpkg
from tl342.exports.options import ExportOptions


@pytest.fixture
def gpkg(tmp_path):
    """The sample exported as a public GeoPackage, and the facts returned."""
    out = tmp_path / "dt342.gpkg"
    facts = export_gpkg(sample_snapshot(), out, ExportOptions(public=True, date=DAY))
    return out, facts


def test_layers_counts_crs(gpkg):
    """Every layer reads back with pyogrio in EPSG:5899 with the expected feature counts."""
    path, facts = gpkg
    layers = dict(pyogrio.list_layers(path))
    assert set(LAYERS) <= set(layers) and "layer_styles" in layers
    expected = {"parcels": 7, "recovered_parts": 7, "route": 2, "stakes": 21,
                "clearance_boundary": 1, "communes": 2}
    for layer, n in expected.items():
        info = pyogrio.read_info(path, layer=layer)
        assert info["features"] == n, layer
        assert info["crs"] == "EPSG:5899"
    assert facts["layers"] == expected and facts["features"] == sum(expected.values())


def test_parcel_attributes(gpkg):
    """Parcels carry code, status, Vietnamese label, flags, recovered m² and chainage; no owner name when public."""
    path, _ = gpkg
    df = pyogrio.read_dataframe(path, layer="parcels").set_index("number")
    assert df.loc["102", "household"] == "HGD002"
    assert df.loc["102", "status"] == "inventoried" and df.loc["102", "status_vi"] == "Đã kiểm đếm"
    assert df.loc["102", "flags"] == "complaint"
    assert df.loc["106", "flags"] == "donated" and df.loc["106", "status"] == "handed_over"
    assert df.loc["103", "household"] == "" and df.loc["103", "status"] == ""
    assert df["recovered_m2"].tolist() == pytest.approx([4500.0] * 7)
    assert df.loc["105", "km_from"] == "Km41+300"  # beyond the Km41+000 = Km41+050 equation
    assert df.loc["100", "land_use_vi"] != "" and df.loc["100", "commune"] == "Đạp Thanh"
    assert "owner" not in df.columns
    route = pyogrio.read_dataframe(path, layer="route")
    assert route[["km_start", "km_end"]].values.tolist() == [
        ["Km40+000", "Km41+000"], ["Km41+050", "Km42+050"],
    ]
    stakes = pyogrio.read_dataframe(path, layer="stakes")
    assert {"Km40", "H5", "Km42"} <= set(stakes["label"])


def test_internal_gpkg_names_owners(tmp_path):
    """Without --public the parcels layer names the owner (and still no private field)."""
    out = tmp_path / "internal.gpkg"
    export_gpkg(sample_snapshot(), out, ExportOptions(date=DAY))
    df = pyogrio.read_dataframe(out, layer="parcels").set_index("number")
    assert df.loc["100", "owner"] == "Nguyễn Văn Hùng"
    assert not {"id_card", "phone", "birth_year", "bank_account"} & set(df.columns)


def test_layer_styles(gpkg):
    """layer_styles is registered as attributes and holds a default, categorized-by-status QML for parcels."""
    path, _ = gpkg
    con = sqlite3.connect(path)
    try:
        kind = con.execute(
            "SELECT data_type FROM gpkg_contents WHERE table_name = 'layer_styles'"
        ).fetchone()
        assert kind == ("attributes",)
        cols = [r[1] for r in con.execute("PRAGMA table_info(layer_styles)")]
        assert cols == ["id", "f_table_catalog", "f_table_schema", "f_table_name",
                        "f_geometry_column", "styleName", "styleQML", "styleSLD", "useAsDefault",
                        "description", "owner", "ui", "update_time"]
        rows = con.execute(
            "SELECT f_table_name, f_geometry_column, useAsDefault, styleQML FROM layer_styles"
        ).fetchall()
        geom_col = con.execute(
            "SELECT column_name FROM gpkg_geometry_columns WHERE table_name = 'parcels'"
        ).fetchone()[0]
    finally:
        con.close()
    styles = {r[0]: r for r in rows}
    assert set(styles) == set(LAYERS)
    name, col, default, qml = styles["parcels"]
    assert default == 1 and col == geom_col
    root = ET.fromstring(qml)
    renderer = root.find("renderer-v2")
    assert renderer.get("type") == "categorizedSymbol" and renderer.get("attr") == "status"
    cats = {c.get("value"): c.get("symbol") for c in renderer.iter("category")}
    assert {"pending", "paid", "handed_over", ""} <= set(cats)
    symbols = {s.get("name"): s for s in renderer.iter("symbol")}
    colour = next(o.get("value") for o in symbols[cats["handed_over"]].iter("Option")
                  if o.get("name") == "color")
    assert colour == "51,166,92,255"  # #33a65c, the app's "handed over" green
    for layer in LAYERS:  # every style is well-formed XML
        assert ET.fromstring(styles[layer][3]).tag == "qgis"
