"""Helpers for the CLI tests: run the real entry point, write synthetic input files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
from shapely.geometry import LineString, box

X0, Y0 = 430000.0, 2345000.0
HOUSEHOLDS = [
    # code, name, commune, sheet, parcel, private id card, phone
    ("DT-001", "Nguyễn Văn Hùng", "Đạp Thanh", "5", "101", "022080001234", "0912345678"),
    ("DT-002", "Bàn Thị Mai", "Đạp Thanh", "5", "102", "022080005678", "0987654321"),
    ("DT-003", "Lý A Sáng", "Đạp Thanh", "5", "103", "022080009999", "0345678912"),
    ("TL-001", "Triệu Văn Đức", "Thanh Lâm", "2", "7", "022080007777", "0333444555"),
]


def run_cli(*args: str, check: bool = False) -> subprocess.CompletedProcess:
    """Run the real `tl342` entry point in a subprocess."""
    proc = subprocess.run(
        [sys.executable, "-m", "tl342.cli", *map(str, args)], capture_output=True, text=True
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"tl342 {' '.join(map(str, args))} failed: {proc.stderr}")
    return proc


def run_json(*args: str):
    return json.loads(run_cli(*args, "--json", check=True).stdout)


def write_inputs(folder: Path) -> dict[str, Path]:
    """Route 3 km with a +100 m gap equation at 1.5 km; 5 parcels across the corridor."""
    line = LineString([(X0, Y0), (X0 + 1500, Y0), (X0 + 3000, Y0)])
    crs = "EPSG:5899"
    files = {}
    files["route"] = folder / "route.geojson"
    gpd.GeoDataFrame({"name": ["DT342"]}, geometry=[line], crs=crs).to_file(files["route"])
    files["stakes"] = folder / "stakes.csv"
    files["stakes"].write_text(
        f"chainage,x,y\nKm10+000,{X0},{Y0}\nKm11+000,{X0 + 1000},{Y0}\nKm12+000,{X0 + 1900},{Y0}\n",
        encoding="utf-8",
    )
    files["equations"] = folder / "equations.csv"
    files["equations"].write_text(
        f"back,ahead,x,y\nKm11+500,Km11+600,{X0 + 1500},{Y0}\n", encoding="utf-8"
    )
    files["boundary"] = folder / "boundary.geojson"
    gpd.GeoDataFrame(
        {"name": ["GPMB"]}, geometry=[line.buffer(15, cap_style="flat")], crs=crs
    ).to_file(files["boundary"])
    files["communes"] = folder / "communes.geojson"
    gpd.GeoDataFrame(
        {"name": ["Đạp Thanh", "Thanh Lâm"]},
        geometry=[
            box(X0 - 500, Y0 - 500, X0 + 1600, Y0 + 500),
            box(X0 + 1600, Y0 - 500, X0 + 3500, Y0 + 500),
        ],
        crs=crs,
    ).to_file(files["communes"])
    rows = []
    for i, (_code, name, commune, sheet, number, *_priv) in enumerate(HOUSEHOLDS):
        x = X0 + 100 + i * 500 if commune == "Đạp Thanh" else X0 + 2200
        rows.append(
            {
                "XA": commune,
                "SHBANDO": sheet,
                "SHTHUA": number,
                "MDSD": "RSX" if i % 2 == 0 else "CLN",
                "TENCHU": name,
                "geometry": box(x, Y0 - 60, x + 80, Y0 + 60),
            }
        )
    rows.append(
        {
            "XA": "Thanh Lâm",
            "SHBANDO": "2",
            "SHTHUA": "8",
            "MDSD": "DGT",
            "TENCHU": "",
            "geometry": box(X0 + 2400, Y0 - 60, X0 + 2480, Y0 + 60),
        }
    )
    files["parcels"] = folder / "parcels.gpkg"
    gpd.GeoDataFrame(rows, crs=crs).to_file(files["parcels"], layer="thua_dat")
    lines = [
        "DANH SÁCH CÁC HỘ GIA ĐÌNH CÓ ĐẤT BỊ THU HỒI",
        "",
        "STT,Mã hộ,Họ và tên chủ hộ,Thôn,Xã,Tờ bản đồ số,Thửa đất số,Loại đất,"
        "Diện tích thu hồi (m²),Bồi thường (đồng),Hỗ trợ (đồng),Đã chi trả (đồng),Số CCCD,Số điện thoại",
    ]
    for i, (code, name, commune, sheet, number, cccd, phone) in enumerate(HOUSEHOLDS, start=1):
        lines.append(
            f'{i},{code},{name},Khe Mằn,{commune},{sheet},{number},RSX,"2.400,0","120.000.000","5.000.000",0,{cccd},{phone}'
        )
    files["households"] = folder / "households.csv"
    files["households"].write_text("\n".join(lines) + "\n", encoding="utf-8")
    files["events"] = folder / "events.csv"
    files["events"].write_text(
        "household,event,date,by,note,doc_no\n"
        "DT-001,notified,2022-09-01,UBND xã,,12/TB\n"
        "DT-001,inventoried,2022-09-10,Tổ công tác,,\n"
        "DT-002,notified,2022-09-01,UBND xã,,13/TB\n"
        "DT-002,flag:complaint,2022-09-05,Tổ công tác,Khiếu nại giá,\n",
        encoding="utf-8",
    )
    return files


# run the real CLI in a fresh interpreter and report which of the given modules it loaded
_WATCH = """
import json, sys
from tl342.cli.app import main
watched = json.loads(sys.argv.pop(1))
rc = main(sys.argv[1:])
loaded = sorted(m for m in watched if m in sys.modules)
sys.stderr.write("\\n@@" + json.dumps({"rc": rc, "loaded": loaded}) + "\\n")
"""


def run_watching_imports(
    watched: tuple[str, ...], *args, env: dict | None = None
) -> tuple[int, list[str], str, str]:
    """``tl342 ARGS`` in a fresh interpreter: (exit code, which of ``watched`` it imported,
    stdout, stderr)."""
    import os

    proc = subprocess.run(
        [sys.executable, "-c", _WATCH, json.dumps(list(watched)), *map(str, args)],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
    )
    err, _, tail = proc.stderr.rpartition("\n@@")
    report = json.loads(tail)
    return report["rc"], report["loaded"], proc.stdout, err.strip()
