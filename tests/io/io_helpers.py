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
