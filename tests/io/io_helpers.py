"""Helpers for the importer tests: tiny parcels in EPSG:5899 around x=430000, y=2345000."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
from shapely.geometry import box

from tl342.io.encodings import write_dbf

X0, Y0 = 430_000.0, 2_345_000.0
NAMES = ["Nguyễn Văn Hưởng", "Bàn Thị Mười", "Lý Văn Sướng", "Triệu Thị Huệ"]


def square(i: int, size: float = 50.0):
    """The i-th 50 m square of a row of parcels along y = Y0."""
    return box(X0 + i * size, Y0, X0 + (i + 1) * size, Y0 + size)


def parcels_frame(n: int = 3, **overrides) -> gpd.GeoDataFrame:
    data = {
        "XA": ["Đạp Thanh"] * n,
        "SHBANDO": [12] * n,
        "SHTHUA": list(range(101, 101 + n)),
        "MDSD": ["RSX"] * n,
        "DIENTICH": [2500.0] * n,
        "TENCHU": [NAMES[i % len(NAMES)] for i in range(n)],
        "DIACHI": ["Thôn Khe Lào"] * n,
    }
    data.update(overrides)
    return gpd.GeoDataFrame(data, geometry=[square(i) for i in range(n)], crs="EPSG:5899")


DBF_FIELDS = [
    ("XA", "C", 40, 0),
    ("SHBANDO", "N", 5, 0),
    ("SHTHUA", "N", 6, 0),
    ("MDSD", "C", 10, 0),
    ("DIENTICH", "N", 12, 1),
    ("TENCHU", "C", 60, 0),
    ("DIACHI", "C", 60, 0),
]


def write_legacy_shapefile(path: Path, encoding: str, n: int = 4, cpg: str | None = None) -> Path:
    """A shapefile whose .dbf holds ``encoding`` bytes (written by our own DBF writer)."""
    frame = parcels_frame(n)
    frame[["SHBANDO", "geometry"]].to_file(path, engine="pyogrio")
    rows = [
        ["Đạp Thanh", 12, 101 + i, "RSX", 2500.0, NAMES[i % len(NAMES)], "Thôn Khe Lào"]
        for i in range(n)
    ]
    write_dbf(path.with_suffix(".dbf"), DBF_FIELDS, rows, encoding)
    path.with_suffix(".cpg").unlink(missing_ok=True)
    if cpg is not None:
        path.with_suffix(".cpg").write_text(cpg, encoding="ascii")
    return path


def dxf_text(entities: list[str]) -> str:
    """A minimal DXF (ENTITIES section only) as AutoCAD R2000+ would accept."""
    return "\r\n".join(["0", "SECTION", "2", "ENTITIES", *entities, "0", "ENDSEC", "0", "EOF", ""])


def dxf_lwpolyline(
    points: list[tuple[float, float]], layer: str = "THUA", closed: bool = True
) -> str:
    codes = ["0", "LWPOLYLINE", "8", layer, "90", str(len(points)), "70", "1" if closed else "0"]
    for x, y in points:
        codes += ["10", f"{x:.3f}", "20", f"{y:.3f}"]
    return "\r\n".join(codes)


def dxf_text_entity(x: float, y: float, text: str, layer: str = "SOTHUA") -> str:
    return "\r\n".join(
        ["0", "TEXT", "8", layer, "10", f"{x:.3f}", "20", f"{y:.3f}", "40", "2.0", "1", text]
    )


def square_points(i: int, size: float = 50.0) -> list[tuple[float, float]]:
    x = X0 + i * size
    return [(x, Y0), (x + size, Y0), (x + size, Y0 + size), (x, Y0 + size)]


HH_HEADERS = [
    "STT",
    "Mã hộ",
    "Họ và tên chủ hộ",
    "Thôn",
    "Xã",
    "Thửa đất",
    None,
    "Loại đất",
    "Diện tích thu hồi (m²)",
    "Kinh phí (đồng)",
    None,
    "Đã chi trả (đồng)",
    "Số CCCD",
    "Số điện thoại",
    "Hiến đất/cây",
    "Ghi chú",
]
HH_DATA = [
    [
        1,
        None,
        "Nguyễn Văn Hưởng",
        "Khe Lào",
        "Đạp Thanh",
        12,
        101,
        "RSX",
        "5.523,2",
        "20.000.000",
        "1.500.000",
        "21.500.000",
        "022012345678",
        "0912345678",
        None,
        None,
    ],
    [
        None,
        None,
        None,
        None,
        "Đạp Thanh",
        12,
        102,
        "LNK",
        "1.200",
        None,
        None,
        None,
        None,
        None,
        None,
        None,
    ],
    [
        2,
        None,
        "Bàn Thị Mười",
        "Khe Lào",
        "Đạp Thanh",
        12,
        103,
        "RSX",
        850.5,
        3000000,
        0,
        0,
        None,
        None,
        "Hiến cây",
        "tự nguyện",
    ],
    [
        None,
        None,
        "Cộng",
        None,
        None,
        None,
        None,
        None,
        "7.573,7",
        "23.000.000",
        None,
        None,
        None,
        None,
        None,
        None,
    ],
]


def write_household_xlsx(
    path: Path,
    data: list[list] | None = None,
    *,
    title_rows: bool = True,
    two_row_header: bool = True,
    merge_first: bool = True,
    merge_vertical: bool = True,
) -> Path:
    """The Vietnamese layout: title rows, a two-row merged header, a "(1) (2) ..." row, a
    household merged over its two parcel rows, and a "Cộng" row."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    r = 1
    if title_rows:
        ws["A1"] = "ỦY BAN NHÂN DÂN HUYỆN BA CHẼ"
        ws.merge_cells("A1:P1")
        ws["A2"] = "DANH SÁCH CÁC HỘ GIA ĐÌNH, CÁ NHÂN BỊ ẢNH HƯỞNG GPMB ĐT342"
        ws.merge_cells("A2:P2")
        r = 4
    if two_row_header:
        for c, h in enumerate(HH_HEADERS, 1):
            ws.cell(r, c, h)
        ws.merge_cells(start_row=r, start_column=6, end_row=r, end_column=7)
        ws.merge_cells(start_row=r, start_column=10, end_row=r, end_column=11)
        for c, h in {6: "Tờ bản đồ số", 7: "Thửa đất số", 10: "Bồi thường", 11: "Hỗ trợ"}.items():
            ws.cell(r + 1, c, h)
        for c in (1, 2, 3, 4, 5, 8, 9, 12, 13, 14, 15, 16) if merge_vertical else ():
            ws.merge_cells(start_row=r, start_column=c, end_row=r + 1, end_column=c)
        r += 2
        for c in range(1, 17):
            ws.cell(r, c, f"({c})")
        r += 1
    else:
        flat = [
            "STT",
            "Mã hộ",
            "Họ và tên chủ hộ",
            "Thôn",
            "Xã",
            "Tờ bản đồ số",
            "Thửa đất số",
            "Loại đất",
            "Diện tích thu hồi (m²)",
            "Bồi thường (đồng)",
            "Hỗ trợ (đồng)",
            "Đã chi trả (đồng)",
            "Số CCCD",
            "Số điện thoại",
            "Hiến đất/cây",
            "Ghi chú",
        ]
        for c, h in enumerate(flat, 1):
            ws.cell(r, c, h)
        r += 1
    first = r
    for row in data if data is not None else HH_DATA:
        for c, v in enumerate(row, 1):
            ws.cell(r, c, v)
        r += 1
    if merge_first and data is None:
        for c in (1, 3, 4, 10, 11, 12, 13, 14):
            ws.merge_cells(start_row=first, start_column=c, end_row=first + 1, end_column=c)
    wb.save(path)
    return path
