"""Household lists in Vietnamese Excel/CSV layouts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from io_helpers import write_household_xlsx

from tl342.io.encodings import encode_tcvn3
from tl342.io.households import group_households, link_report, match_header, read_households


def test_vietnamese_layout(tmp_path):
    """Title rows, a two-row header, merged household cells, Vietnamese numbers, "Cộng" row."""
    rows, rep = read_households(write_household_xlsx(tmp_path / "ds.xlsx"))
    assert rep.ok, rep.problems
    assert rep.info["header_rows"] == "5"  # vertical merges make row 5 a full header
    assert [(r.row, r.code, r.head_name, r.number) for r in rows] == [
        (7, "DT-001", "Nguyễn Văn Hưởng", "101"),
        (8, "DT-001", "Nguyễn Văn Hưởng", "102"),
        (9, "DT-002", "Bàn Thị Mười", "103"),
    ]
    assert rows[0].recovered_area_m2 == Decimal("5523.2")
    assert rows[1].recovered_area_m2 == Decimal("1200")
    assert rows[0].compensation_vnd == 20_000_000 and rows[1].compensation_vnd == 0
    assert rows[1].land_use == "CLN" and rows[1].land_use_orig == "LNK"
    assert rows[2].donated and rows[2].donation_note == "Hiến cây"
    assert rep.counts["total_rows"] == 1


def test_two_row_header_without_vertical_merges(tmp_path):
    """Group headers on row 4 and sub-headers on row 5 (no merges down) combine into one."""
    rows, rep = read_households(write_household_xlsx(tmp_path / "ds.xlsx", merge_vertical=False))
    assert rep.ok, rep.problems
    assert rep.info["header_rows"] == "4-5"
    assert [r.number for r in rows] == ["101", "102", "103"]
    assert rows[0].head_name == "Nguyễn Văn Hưởng" and rows[0].support_vnd == 1_500_000


def test_group_households_counts_merged_amounts_once(tmp_path):
    """An amount merged over a household's parcel rows is counted once."""
    rows, _ = read_households(write_household_xlsx(tmp_path / "ds.xlsx"))
    groups = group_households(rows)
    hh, parcels = groups[0]
    assert hh.code == "DT-001" and hh.compensation_vnd == 20_000_000 and hh.paid_vnd == 21_500_000
    assert hh.id_card == "022012345678" and hh.village == "Khe Lào"
    assert parcels == [
        (("Đạp Thanh", "12", "101"), Decimal("5523.2")),
        (("Đạp Thanh", "12", "102"), Decimal("1200")),
    ]
    assert groups[1][0].donation_note == "Hiến cây"


def test_single_row_header_no_titles_and_codes_kept(tmp_path):
    """A plain one-row header at the top works; a "Mã hộ" column gives the codes."""
    data = [
        [
            1,
            "HGD07",
            "Lý Văn Sướng",
            "Thác Chạ",
            "Thanh Lâm",
            5,
            17,
            "RSX",
            "300",
            "1.000.000",
            None,
            None,
            None,
            None,
            None,
            None,
        ]
    ]
    rows, rep = read_households(
        write_household_xlsx(tmp_path / "a.xlsx", data, title_rows=False, two_row_header=False)
    )
    assert rep.ok, rep.problems
    assert rows[0].code == "HGD07" and rows[0].parcel_key == ("Thanh Lâm", "5", "17")


def test_csv_semicolon_and_section_rows(tmp_path):
    """A ';' CSV with "I. Xã ..." / "Thôn ..." section rows and STT repeated per parcel."""
    text = (
        "STT;Họ và tên chủ hộ;Tờ bản đồ số;Thửa đất số;Diện tích thu hồi (m²);Bồi thường (đồng)\n"
        "I. Xã Đạp Thanh;;;;;\n"
        "Thôn Khe Lào;;;;;\n"
        "1;Nguyễn Văn Hưởng;12;101;5.523,2;20.000.000\n"
        "1;Nguyễn Văn Hưởng;12;102;100;1.000.000\n"
        "II. Xã Thanh Lâm;;;;;\n"
        "1;Lý Văn Sướng;5;17;300;0\n"
        "Tổng cộng;;;;5.923,2;21.000.000\n"
    )
    path = tmp_path / "ds.csv"
    path.write_text(text, encoding="utf-8-sig")
    rows, rep = read_households(path)
    assert rep.ok, rep.problems
    assert [(r.code, r.commune, r.village, r.number) for r in rows] == [
        ("DT-001", "Đạp Thanh", "Khe Lào", "101"),
        ("DT-001", "Đạp Thanh", "Khe Lào", "102"),
        ("TL-001", "Thanh Lâm", "", "17"),
    ]
    (hh, parcels), _ = group_households(rows)
    assert hh.compensation_vnd == 21_000_000 and len(parcels) == 2


def test_csv_in_tcvn3(tmp_path):
    """A CSV saved in TCVN3 is detected and decoded."""
    text = "STT,Họ và tên chủ hộ,Xã,Tờ bản đồ số,Thửa đất số\n1,Bàn Thị Mười,Đạp Thanh,12,103\n"
    path = tmp_path / "ds.csv"
    path.write_bytes(encode_tcvn3(text))
    rows, rep = read_households(path)
    assert rep.ok and rep.info["encoding"] == "tcvn3"
    assert rows[0].head_name == "Bàn Thị Mười" and rows[0].commune == "Đạp Thanh"


def test_header_matching_is_diacritic_insensitive():
    """Headers match with or without diacritics, units and case."""
    assert match_header("HỌ VÀ TÊN CHỦ HỘ") == "name"
    assert match_header("Ho ten") == "name"
    assert match_header("Diện tích thu hồi (m2)") == "area"
    assert match_header("DT thu hồi") == "area"
    assert match_header("Số CCCD/CMND") == "id_card"
    assert match_header("Thôn, bản") == "village"
    assert match_header("Đã chi trả (đồng)") == "paid"
    assert match_header("Tên con mèo") is None


def test_link_report(tmp_path):
    """Rows whose parcel is not in the project are named; a commune spelt differently is hinted."""
    rows, _ = read_households(write_household_xlsx(tmp_path / "ds.xlsx"))
    problems = link_report(rows, {("Đạp Thanh", "12", "101"), ("ĐẠP THANH", "12", "103")})
    assert [p.where for p in problems] == ["row 8", "row 9"]
    assert "12/102" in problems[0].message
    assert "writes the commune as 'ĐẠP THANH'" in problems[1].message


def test_total_row_merged_across_columns(tmp_path):
    """A "Tổng cộng" merged over A:H (text copied into the parcel columns) is no household."""
    import openpyxl

    path = write_household_xlsx(tmp_path / "ds.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    ws.append(["Tổng cộng", None, None, None, None, None, None, None, 7573.7, 23000000])
    ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=8)
    wb.save(path)
    rows, rep = read_households(path)
    assert rep.ok, rep.problems
    assert len({r.code for r in rows}) == 2 and rep.counts["total_rows"] == 2


@pytest.mark.parametrize(
    "cell, value",
    [
        ("Hiến đất và cây: 12.500.000", 12_500_000),
        ("Hiến cây: 3.200.000 đ", 3_200_000),
        (4_800_000, 4_800_000),
        ("Hiến đất", 0),
    ],
)
def test_donation_value_read_from_cell(cell, value):
    """The value of donated land/trees is read from the donation cell, text or number."""
    from tl342.io.households import donation_value

    assert donation_value(cell) == value
