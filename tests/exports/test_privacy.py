"""Public exports carry no private household value; also holds the sample Snapshot shared by
the export tests (``from test_privacy import sample_snapshot``).

Sample: a straight 2 km road along y = Y0 from Km40+000 with a station equation
Km41+000 = Km41+050 at its middle; communes split at the middle; parcel slot ``i`` lies across
the road from distance 250 i to 250 i + 150 m, 40 m each side; the clearance boundary is the
15 m strip each side, so every recovered part is 150 × 30 = 4 500 m².
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import re  # noqa: E402
import sqlite3  # noqa: E402
from datetime import date  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from shapely.geometry import LineString, box  # noqa: E402

from tl342.core.model import Event, EventKind, Flag, Household, Parcel, Status  # noqa: E402
from tl342.core.snapshot import Snapshot  # noqa: E402
from tl342.exports.options import ExportOptions  # noqa: E402

X0, Y0 = 440_000.0, 2_350_000.0
DAY = date(2022, 6, 10)  # report date: campaign day 10
START = date(2022, 6, 1)
XSS = "<script>alert(1)</script>"

# code, name, commune, village, reach status on day (status, date), flags [(flag, date, note, by)],
# parcel slots, compensation, support, paid, donated value, private values
HOUSEHOLDS = [
    ("HGD001", "Nguyễn Văn Hùng", "Đạp Thanh", "Khe Lào",
     (Status.HANDED_OVER, date(2022, 6, 10)), [], (0, 1),
     123_456_789, 10_000_000, 133_456_789, 0,
     {"id_card": "022157000111", "phone": "0912345678", "birth_year": "1957",
      "bank_account": "10220001234567"}),
    ("HGD002", XSS, "Đạp Thanh", "Khe <b>Lào</b>",
     (Status.INVENTORIED, date(2022, 6, 3)),
     [(Flag.COMPLAINT, date(2022, 6, 9), "Không đồng ý đơn giá cây keo", "Ông Tuấn (tổ GPMB)")],
     (2,), 55_000_000, 2_500_000, 0, 0,
     {"id_card": "022163000222", "phone": "0987654321", "birth_year": "1963",
      "bank_account": "77788899900011"}),
    ("HGD003", "Lý Văn Sáng", "Thanh Lâm", "Thác Chạ",
     (Status.POSTED, date(2022, 6, 5)),
     [(Flag.ENFORCEMENT, date(2022, 6, 8), "Không chấp hành kiểm đếm", "UBND xã Thanh Lâm")],
     (5,), 40_000_000, 0, 0, 0,
     {"id_card": "022171000333", "phone": "0977000333", "birth_year": "1971",
      "bank_account": "55566677788812"}),
    ("HGD004", "Hoàng Thị Lan", "Thanh Lâm", "Thác Chạ",
     (Status.HANDED_OVER, date(2022, 6, 10)), [(Flag.DONATED, date(2022, 6, 6), "", "")],
     (6, 7), 0, 0, 0, 35_000_000,
     {"id_card": "022184000444", "phone": "0966000444", "birth_year": "1984",
      "bank_account": "33344455566634"}),
]
UNHELD_SLOT = 3


def slot_geometry(i: int):
    """Parcel ``i``: from 250 i to 250 i + 150 m along the road, 40 m each side."""
    x = X0 + 250.0 * i
    return box(x, Y0 - 40.0, x + 150.0, Y0 + 40.0)


def sample_snapshot() -> Snapshot:
    """The sample project as a Snapshot (no database): 2 communes, 4 households, 6 parcels."""
    from tl342.core.campaign import Campaign
    from tl342.core.chainage import Equation, Route, Stake
    from tl342.core.workflow import derive_state

    line = LineString([(X0, Y0), (X0 + 2000.0, Y0)])
    route = Route(
        line,
        [Stake(40_000.0, X0, Y0), Stake(42_050.0, X0 + 2000.0, Y0)],
        [Equation(41_000.0, 41_050.0, X0 + 1000.0, Y0)],
        name="ĐT342",
    )
    boundary = line.buffer(15.0, cap_style="flat")
    communes = {
        "Đạp Thanh": box(X0 - 500, Y0 - 1000, X0 + 1000, Y0 + 1000),
        "Thanh Lâm": box(X0 + 1000, Y0 - 1000, X0 + 2500, Y0 + 1000),
    }
    parcels, households, events = [], {}, {}
    next_id = iter(range(1, 1000))

    def parcel(i: int, commune: str, code: str | None) -> Parcel:
        g = slot_geometry(i)
        rec = g.intersection(boundary)
        return Parcel(
            commune, "12", str(100 + i), "RSX" if i % 2 else "CLN", g,
            land_use_orig="RSX" if i % 2 else "CLN", area_m2=g.area,
            recovered_geometry=rec, recovered_area_m2=rec.area,
            owner_name=households[code].head_name if code else "", household_code=code,
        )

    for (code, name, commune, village, (target, reached), flags, slots, comp, sup, paid, don,
         private) in HOUSEHOLDS:
        households[code] = Household(
            code=code, head_name=name, commune=commune, village=village,
            compensation_vnd=comp, support_vnd=sup, paid_vnd=paid, donated_value_vnd=don,
            note=f"gọi {private['phone']} trước khi đến" if code == "HGD001" else "",
            **private,
        )
        evs = []
        steps = list(Status)[1 : target.rank + 1]
        for k, st in enumerate(steps):  # the last step on ``reached``, earlier ones before
            at = date.fromordinal(reached.toordinal() - (len(steps) - 1 - k))
            prev = steps[k - 1] if k else Status.PENDING
            evs.append(Event(code, EventKind.STATUS, at, from_status=prev, to_status=st,
                             by="Tổ GPMB", id=next(next_id)))
        for flag, at, note, by in flags:
            evs.append(Event(code, EventKind.FLAG_ON, at, flag=flag, note=note, by=by,
                             id=next(next_id)))
        evs.sort(key=lambda e: (e.at, e.id))
        events[code] = evs
        for i in slots:
            parcels.append(parcel(i, commune, code))
    parcels.append(parcel(UNHELD_SLOT, "Đạp Thanh", None))
    return Snapshot(
        name="Cải tạo, nâng cấp ĐT342 đoạn Ba Chẽ",
        route=route,
        boundary=boundary,
        communes=communes,
        parcels=parcels,
        households=households,
        states={code: derive_state(evs) for code, evs in events.items()},
        events=events,
        campaign=Campaign("Chiến dịch 30 ngày đêm", START),
    )


def all_private_values() -> set[str]:
    """Every private value of the sample."""
    return {v for h in HOUSEHOLDS for v in h[-1].values()}


@pytest.fixture
def snapshot() -> Snapshot:
    """A fresh sample snapshot."""
    return sample_snapshot()


# ---------------------------------------------------------------------------------------------
# readers of each output format, as plain text


def xlsx_text(path: Path) -> str:
    """All cell values of all sheets, one per line."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    return "\n".join(
        str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row
        if c.value is not None
    )


def pdf_text(path: Path) -> str:
    """Extracted text of every page."""
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def gpkg_text(path: Path) -> str:
    """Every attribute value of every layer/table of the GeoPackage (styles included; not the
    standard CRS definitions of gpkg_spatial_ref_sys, which are library text)."""
    con = sqlite3.connect(path)
    try:
        tables = [r[0] for r in con.execute("SELECT table_name FROM gpkg_contents")]
        out = []
        for t in tables:
            for row in con.execute(f'SELECT * FROM "{t}"'):
                out += [str(v) for v in row if v is not None and not isinstance(v, bytes)]
        return "\n".join(out)
    finally:
        con.close()


# ---------------------------------------------------------------------------------------------


def test_public_household_drops_private_fields(snapshot):
    """public_household never returns CCCD, phone, birth year or bank account, and scrubs notes."""
    from tl342.exports.privacy import public_household

    hh = snapshot.households["HGD001"]
    pub = public_household(hh, ExportOptions(public=True))
    text = repr(pub)
    for value in (hh.id_card, hh.phone, hh.birth_year, hh.bank_account):
        assert value not in text
    assert not {"id_card", "phone", "birth_year", "bank_account"} & set(pub)
    assert "trước khi đến" in pub["note"]  # the note survives, the phone number is cut out


def test_names_become_codes_on_maps_only(snapshot):
    """With use_codes the map label is the household code; lists keep the name."""
    from tl342.exports.privacy import public_household

    hh = snapshot.households["HGD003"]
    opts = ExportOptions(public=True)
    assert public_household(hh, opts, on_map=True)["name"] == "HGD003"
    assert public_household(hh, opts)["name"] == "Lý Văn Sáng"
    assert public_household(hh, ExportOptions(), on_map=True)["name"] == "Lý Văn Sáng"


def test_scrub_catches_formatted_numbers():
    """A phone typed with spaces or dots in a note is still removed."""
    from tl342.exports.privacy import REDACTED, scrub

    assert scrub("ĐT 0912 345 678, gặp sáng", {"0912345678"}) == f"ĐT {REDACTED}, gặp sáng"
    assert scrub("0912.345.678", {"0912345678"}) == REDACTED


def test_every_public_output_is_free_of_private_values(snapshot, tmp_path):
    """Posting list, report, HTML and GeoPackage (public) hold none of the private values."""
    from tl342.exports.gpkg import export_gpkg
    from tl342.exports.html import export_html
    from tl342.exports.posting import export_posting
    from tl342.exports.report import export_report

    opts = ExportOptions(public=True, date=DAY)
    secrets = all_private_values()
    outputs = {
        "posting.xlsx": (export_posting, xlsx_text),
        "posting.pdf": (export_posting, pdf_text),
        "report.xlsx": (export_report, xlsx_text),
        "report.pdf": (export_report, pdf_text),
        "map.html": (export_html, lambda p: p.read_text(encoding="utf-8")),
        "map.gpkg": (export_gpkg, gpkg_text),
    }
    seen_names = 0
    for name, (export, read) in outputs.items():
        path = tmp_path / name
        export(snapshot, path, opts)
        text = read(path)
        assert len(text) > 100, name  # the reader did read something
        seen_names += any(h[0] in text or h[1] in text for h in HOUSEHOLDS)
        if name == "map.html":  # the inlined Leaflet library is not ours: keep only our part
            text = text.split("<!-- tl342 map -->", 1)[-1]
        # a value counts as leaked as a whole token: "1957" inside a coordinate such as
        # 107.19573 is not a birth year
        leaks = sorted(v for v in secrets if re.search(rf"(?<![\d.,]){re.escape(v)}(?!\d)", text))
        assert not leaks, f"{name} leaks {leaks}"
    assert seen_names == len(outputs)  # each output names households: the scan is meaningful
