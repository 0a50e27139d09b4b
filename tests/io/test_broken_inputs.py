"""A corpus of broken inputs: each is refused with an error naming the file/row and problem."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import pytest
from io_helpers import (
    X0,
    Y0,
    dxf_text,
    dxf_text_entity,
    parcels_frame,
    square,
    write_household_xlsx,
)
from shapely.geometry import Point, Polygon

from tl342.io.events import read_events
from tl342.io.households import read_households
from tl342.io.parcels import read_parcels

Case = Callable[[Path], tuple[object, str]]  # builds the file, returns (report, expected regex)


def _shp(tmp: Path, **overrides) -> Path:
    path = tmp / "thua.shp"
    parcels_frame(3, **overrides).to_file(path, engine="pyogrio")
    return path


def _gpkg(tmp: Path, frame: gpd.GeoDataFrame, **kw) -> Path:
    path = tmp / "thua.gpkg"
    frame.to_file(path, **kw)
    return path


def truncated_shp(tmp):
    path = _shp(tmp)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return read_parcels(path)[1], r"thua\.shp"


def truncated_dbf(tmp):
    path = _shp(tmp)
    dbf = path.with_suffix(".dbf")
    dbf.write_bytes(dbf.read_bytes()[:-150])
    return read_parcels(path)[1], r"thua\.dbf: file is truncated"


def empty_file(tmp):
    path = tmp / "thua.gpkg"
    path.write_bytes(b"")
    return read_parcels(path)[1], r"thua\.gpkg: the file is empty"


def garbage_gpkg(tmp):
    path = tmp / "thua.gpkg"
    path.write_bytes(b"this is not a geopackage at all" * 10)
    return read_parcels(path)[1], r"thua\.gpkg: cannot read"


def missing_file(tmp):
    return read_parcels(tmp / "nothing.shp")[1], r"nothing\.shp: no such file"


def missing_shx(tmp):
    path = _shp(tmp)
    path.with_suffix(".shx").unlink()
    return read_parcels(path)[1], r"index file thua\.shx is missing"


def zero_features(tmp):
    path = tmp / "thua.geojson"
    path.write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    return read_parcels(path, crs="5899")[1], r"no features"


def text_in_area_column(tmp):
    f = parcels_frame(3, DIENTICH=["2500", "abc", "2.500"])
    return read_parcels(_gpkg(tmp, f))[1], r"feature 2 .*DIENTICH: not a number: 'abc'"


def bowtie_geometry(tmp):
    f = parcels_frame(2)
    f.geometry = [square(0), Polygon([(X0, Y0), (X0 + 50, Y0 + 50), (X0 + 50, Y0), (X0, Y0 + 50)])]
    return read_parcels(_gpkg(tmp, f))[1], r"feature 2 .*invalid polygon .*cannot be repaired"


def duplicate_keys(tmp):
    f = parcels_frame(3, SHTHUA=[101, 102, 101])
    return read_parcels(_gpkg(tmp, f))[
        1
    ], r"feature 3 .*duplicate parcel key Đạp Thanh 12/101 \(also feature 1\)"


def missing_number_value(tmp):
    f = parcels_frame(3, SHTHUA=[101, None, 103])
    return read_parcels(_gpkg(tmp, f))[1], r"feature 2.*SHTHUA: no number"


def no_number_column(tmp):
    f = parcels_frame(2).drop(columns=["SHTHUA"])
    return read_parcels(_gpkg(tmp, f))[1], r"no number column .*columns: XA, SHBANDO"


def no_commune(tmp):
    f = parcels_frame(2).drop(columns=["XA"])
    return read_parcels(_gpkg(tmp, f))[1], r"no commune column .*--commune"


def point_geometry(tmp):
    f = parcels_frame(2)
    f.geometry = [square(0), Point(X0, Y0)]
    return read_parcels(_gpkg(tmp, f, engine="pyogrio", geometry_type="Unknown"))[
        1
    ], r"feature 2 .*Point, not a polygon"


def null_geometry(tmp):
    f = parcels_frame(2)
    f.geometry = [square(0), None]
    return read_parcels(_gpkg(tmp, f))[1], r"feature 2 .*empty or missing geometry"


def degrees_as_metres(tmp):
    f = parcels_frame(2).to_crs(4326).set_crs(5899, allow_override=True)
    return read_parcels(_gpkg(tmp, f))[1], r"look like degrees .*EPSG:4326"


def swapped_xy(tmp):
    f = parcels_frame(1)
    f.geometry = [Polygon([(y, x) for x, y in square(0).exterior.coords])]
    return read_parcels(_gpkg(tmp, f))[1], r"X and Y look swapped"


def unknown_layer(tmp):
    path = _gpkg(tmp, parcels_frame(1), layer="thua_dat")
    return read_parcels(path, layer="ranh_gioi")[1], r"no layer 'ranh_gioi'; layers: thua_dat"


def mapping_to_missing_column(tmp):
    path = _gpkg(tmp, parcels_frame(1))
    return read_parcels(path, mapping={"number": "SoThuaMoi"})[1], r"mapping: no column 'SoThuaMoi'"


def dxf_without_polylines(tmp):
    path = tmp / "to12.dxf"
    path.write_text(dxf_text([dxf_text_entity(X0, Y0, "101")]), encoding="utf-8")
    return read_parcels(path, crs="5899", commune="Đạp Thanh")[1], r"to12\.dxf: no polylines"


def unknown_encoding(tmp):
    return read_parcels(_shp(tmp), encoding="koi8")[1], r"unknown encoding 'koi8'"


# ---------------------------------------------------------------- household lists


def xlsx_no_header(tmp):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["Danh sách"])
    wb.active.append([1, "Nguyễn Văn A", 12, 101])
    wb.save(tmp / "ds.xlsx")
    return read_households(tmp / "ds.xlsx")[1], r"ds\.xlsx: no header row found"


def xlsx_missing_required_column(tmp):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["STT", "Họ và tên chủ hộ", "Xã", "Tờ bản đồ số", "Ghi chú"])
    wb.active.append([1, "Nguyễn Văn A", "Đạp Thanh", 12, ""])
    wb.save(tmp / "ds.xlsx")
    return read_households(tmp / "ds.xlsx")[1], r"missing required column\(s\): Thửa đất số"


def _hh_row(stt, name, number, comp="1.000.000", code=None):
    return [
        stt,
        code,
        name,
        "Khe Lào",
        "Đạp Thanh",
        12,
        number,
        "RSX",
        "100",
        comp,
        None,
        None,
        None,
        None,
        None,
        None,
    ]


def xlsx_bad_number(tmp):
    data = [_hh_row(1, "Nguyễn Văn A", 101), _hh_row(2, "Trần Văn B", 102, comp="1.2.3,4,5")]
    path = write_household_xlsx(tmp / "ds.xlsx", data, title_rows=False, two_row_header=False)
    return read_households(path)[1], r"row 3, Bồi thường \(đồng\): not a number: '1\.2\.3,4,5'"


def xlsx_negative_amount(tmp):
    data = [_hh_row(1, "Nguyễn Văn A", 101, comp="-500.000")]
    path = write_household_xlsx(tmp / "ds.xlsx", data, title_rows=False, two_row_header=False)
    return read_households(path)[1], r"row 2, Bồi thường \(đồng\): negative amount"


def xlsx_parcel_claimed_twice(tmp):
    data = [_hh_row(1, "Nguyễn Văn A", 101), _hh_row(2, "Trần Văn B", 101)]
    path = write_household_xlsx(tmp / "ds.xlsx", data, title_rows=False, two_row_header=False)
    return read_households(path)[
        1
    ], r"row 3.*12/101 is claimed by household DT-001 \(row 2\) and DT-002"


def xlsx_names_disagree(tmp):
    data = [
        _hh_row(1, "Nguyễn Văn A", 101, code="H01"),
        _hh_row(2, "Nguyễn Văn Ba", 102, code="H01"),
    ]
    path = write_household_xlsx(tmp / "ds.xlsx", data, title_rows=False, two_row_header=False)
    return read_households(path)[
        1
    ], r"row 3.*household H01 is 'Nguyễn Văn A' on row 2 but 'Nguyễn Văn Ba'"


def csv_utf16(tmp):
    path = tmp / "ds.csv"
    path.write_text(
        "STT,Họ và tên chủ hộ,Tờ bản đồ số,Thửa đất số\n1,A,12,101\n", encoding="utf-16"
    )
    return read_households(path)[1], r"ds\.csv: the file is UTF-16"


def csv_double_encoded(tmp):
    path = tmp / "ds.csv"
    text = "STT,Họ và tên chủ hộ,Tờ bản đồ số,Thửa đất số\n1,Nguyễn Văn A,12,101\n"
    path.write_bytes(text.encode("utf-8").decode("cp1252", errors="replace").encode("utf-8"))
    return read_households(path)[1], r"no header row found.*double-encoded"


def xlsx_not_excel(tmp):
    path = tmp / "ds.xlsx"
    path.write_text("STT;Họ tên\n", encoding="utf-8")
    return read_households(path)[1], r"ds\.xlsx: not a readable Excel \.xlsx file"


def old_xls(tmp):
    path = tmp / "ds.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    return read_households(path)[1], r"old Excel 97-2003 format; save it as \.xlsx"


def xlsx_header_only(tmp):
    path = write_household_xlsx(tmp / "ds.xlsx", [], title_rows=False, two_row_header=False)
    return read_households(path)[1], r"no household rows under the header"


# ---------------------------------------------------------------- events


def _events(tmp, body: str, header: str = "household,event,date,by,note,doc_no"):
    path = tmp / "events.csv"
    path.write_text(header + "\n" + body, encoding="utf-8")
    return read_events(path)[1]


def event_unknown(tmp):
    return _events(
        tmp, "DT-001,approvedd,05/06/2022,,,\n"
    ), r"row 2, event: unknown event 'approvedd'"


def event_bad_date(tmp):
    return _events(
        tmp, "DT-001,paid,31/02/2022,,,\n"
    ), r"row 2, date: not a valid date: '31/02/2022'"


def event_missing_columns(tmp):
    return _events(
        tmp, "DT-001,paid\n", header="ho,buoc"
    ), r"missing column\(s\) household, event, date"


def event_na_without_reason(tmp):
    return _events(tmp, "DT-001,na:consulted,05/06/2022,,,\n"), r"row 2, note: .*needs the reason"


def event_empty_file(tmp):
    (tmp / "events.csv").write_bytes(b"")
    return read_events(tmp / "events.csv")[1], r"events\.csv: the file is empty"


# ---------------------------------------------------------------- hostile files (issue 12)


def nan_coordinates(tmp):
    frame = parcels_frame(2)
    frame.loc[1, "geometry"] = Polygon([(X0, Y0), (float("nan"), Y0), (X0 + 10, Y0 + 10), (X0, Y0)])
    return read_parcels(_gpkg(tmp, frame))[1], r"feature 2 .*coordinates that are not numbers"


def garbage_geojson(tmp):
    path = tmp / "thua.geojson"
    path.write_text("{ this is not json", encoding="utf-8")
    return read_parcels(path)[1], r"thua\.geojson: cannot read: not a GIS file tl342 can read"


def csv_huge_field(tmp):
    path = tmp / "ds.csv"
    head = "STT,Họ và tên chủ hộ,Xã,Tờ bản đồ số,Thửa đất số,Ghi chú\n"
    path.write_text(head + '1,A,Đạp Thanh,12,101,"' + "x" * 2_000_000 + '"\n', encoding="utf-8")
    return read_households(path)[1], r"ds\.csv: line 2: a cell holds more than 100 000 characters"


def xlsx_block_merge(tmp):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["STT", "Họ và tên chủ hộ", "Xã", "Tờ bản đồ số", "Thửa đất số"])
    for i in range(1, 30):
        ws.append([i, f"Hộ {i}", "Đạp Thanh", 12, 100 + i])
    ws.merge_cells("A2:Z30")
    wb.save(tmp / "ds.xlsx")
    return read_households(tmp / "ds.xlsx")[1], r"merged range A2:Z30 covers 29 rows × 26 columns"


def xlsx_truncated_zip(tmp):
    from io_helpers import write_household_xlsx

    path = write_household_xlsx(tmp / "ds.xlsx")
    path.write_bytes(path.read_bytes()[:1500])
    return read_households(path)[1], r"ds\.xlsx: not a readable Excel \.xlsx file"


CASES = [
    truncated_shp,
    truncated_dbf,
    empty_file,
    garbage_gpkg,
    missing_file,
    missing_shx,
    zero_features,
    text_in_area_column,
    bowtie_geometry,
    duplicate_keys,
    missing_number_value,
    no_number_column,
    no_commune,
    point_geometry,
    null_geometry,
    degrees_as_metres,
    swapped_xy,
    unknown_layer,
    mapping_to_missing_column,
    dxf_without_polylines,
    unknown_encoding,
    xlsx_no_header,
    xlsx_missing_required_column,
    xlsx_bad_number,
    xlsx_negative_amount,
    xlsx_parcel_claimed_twice,
    xlsx_names_disagree,
    csv_utf16,
    csv_double_encoded,
    xlsx_not_excel,
    old_xls,
    xlsx_header_only,
    event_unknown,
    event_bad_date,
    event_missing_columns,
    event_na_without_reason,
    event_empty_file,
    nan_coordinates,
    garbage_geojson,
    csv_huge_field,
    xlsx_block_merge,
    xlsx_truncated_zip,
]


@pytest.mark.parametrize("case", CASES, ids=[c.__name__ for c in CASES])
def test_broken_input_is_refused(tmp_path, case):
    """The report refuses the import and one error names the place and the problem."""
    rep, expected = case(tmp_path)
    assert not rep.ok
    messages = [str(p) for p in rep.errors]
    assert any(re.search(expected, m) for m in messages), messages
    assert all("Traceback" not in m and "<DRIVER>" not in m for m in messages)
    rep.to_dict()  # JSON-ready
    assert "REFUSED" in rep.summary_line()
