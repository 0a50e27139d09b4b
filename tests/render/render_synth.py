"""A tiny synthetic snapshot in EPSG:5899 for renderer, canvas and export tests.

A 1.7 km road near x = 430 000, y = 2 345 000: 1 000 m due east, then 700 m to the
north-east. Chainage starts at Km41+000; a station equation Km41+400 = Km41+950 (a gap)
sits 400 m along. Two communes split at x = 430 500. Parcels are 80 m squares centred on
the centreline every 100 m (the recovered part is the 15 m strip each side).
"""

from __future__ import annotations

import math
from datetime import date
from types import SimpleNamespace

from shapely import affinity
from shapely.geometry import LineString, box

from tl342.core.chainage import Equation, Route, Stake
from tl342.core.model import Flag, Household, HouseholdState, Parcel, Status
from tl342.core.snapshot import Snapshot

X0, Y0 = 430_000.0, 2_345_000.0
BEND = (X0 + 1000.0, Y0)
END = (X0 + 1000.0 + 700.0 / math.sqrt(2), Y0 + 700.0 / math.sqrt(2))
LENGTH = 1700.0

# code, name, commune, status, flags, parcel slots (index along the road, 100 m apart)
HOUSEHOLDS = [
    ("H01", "Nguyễn Văn Hùng", "Đạp Thanh", Status.PENDING, (), (0,)),
    ("H02", "Trần Thị Mai", "Đạp Thanh", Status.APPROVED, (), (1, 2)),
    ("H03", "Lý Văn Sáng", "Đạp Thanh", Status.PAID, (), (3,)),
    ("H04", "Hoàng Thị Lan", "Thanh Lâm", Status.HANDED_OVER, (Flag.DONATED,), (6,)),
    ("H05", "Đặng Văn Ảnh", "Thanh Lâm", Status.INVENTORIED, (Flag.COMPLAINT,), (7, 12)),
]
UNHELD_SLOT = 8
PRIVATE = {
    "id_card": "034567891234",
    "phone": "0912345678",
    "birth_year": "1968",
    "bank_account": "190333444555",
}


def slot_centre(i: int) -> tuple[float, float]:
    """Centre of parcel slot ``i`` (on the centreline, 50 + 100 i m along)."""
    return route_line().interpolate(50.0 + 100.0 * i).coords[0]


def route_line() -> LineString:
    return LineString([(X0, Y0), BEND, END])


def slot_geometry(i: int):
    x, y = slot_centre(i)
    sq = box(x - 40, y - 40, x + 40, y + 40)
    return affinity.rotate(sq, 45 if 50 + 100 * i > 1000 else 0, origin=(x, y))


def make_snapshot() -> Snapshot:
    line = route_line()
    route = Route(
        line,
        [Stake(41_000.0, X0, Y0)],
        [Equation(41_400.0, 41_950.0, X0 + 400.0, Y0)],
        name="ĐT342",
    )
    boundary = line.buffer(15.0, cap_style="flat")
    communes = {
        "Đạp Thanh": box(X0 - 300, Y0 - 300, X0 + 500, Y0 + 300),
        "Thanh Lâm": box(X0 + 500, Y0 - 300, X0 + 1700, Y0 + 800),
    }
    parcels, households, states = [], {}, {}
    for n, (code, name, commune, status, flags, slots) in enumerate(HOUSEHOLDS):
        households[code] = Household(
            code=code,
            head_name=name,
            commune=commune,
            village="Khe Lào",
            compensation_vnd=123_456_789 * (n + 1),
            support_vnd=1_000_000,
            paid_vnd=123_456_789 if status.rank >= Status.PAID.rank else 0,
            **PRIVATE,
        )
        states[code] = HouseholdState(status=status, flags=frozenset(flags))
        for i in slots:
            g = slot_geometry(i)
            rec = g.intersection(boundary)
            parcels.append(
                Parcel(
                    commune,
                    "12",
                    str(100 + i),
                    "RSX" if i % 2 else "CLN",
                    g,
                    area_m2=g.area,
                    recovered_geometry=rec,
                    recovered_area_m2=rec.area,
                    owner_name=name,
                    household_code=code,
                )
            )
    g = slot_geometry(UNHELD_SLOT)
    parcels.append(Parcel("Thanh Lâm", "12", str(100 + UNHELD_SLOT), "DGT", g, area_m2=g.area))
    campaign = SimpleNamespace(
        name="30 ngày đêm", start=date(2022, 6, 1), length_days=30, target_day=15
    )
    return Snapshot(
        name="ĐT342 Ba Chẽ",
        route=route,
        boundary=boundary,
        communes=communes,
        parcels=parcels,
        households=households,
        states=states,
        campaign=campaign,
    )


def add_small_parcels(snap: Snapshot, n: int) -> Snapshot:
    """Add ``n`` 4 m × 4 m parcels of household H01 beside the road's start (long parcel lists)."""
    from shapely.geometry import box

    from tl342.core.model import Parcel

    for k in range(n):
        x, y = X0 + 5 * (k % 20), Y0 + 20 + 5 * (k // 20)
        snap.parcels.append(
            Parcel(
                "Đạp Thanh",
                "15",
                str(k + 1),
                "CLN",
                box(x, y, x + 4, y + 4),
                household_code="H01",
                recovered_area_m2=16.0,
            )
        )
    snap._reindex()
    return snap
