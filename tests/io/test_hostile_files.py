"""Hostile household lists: the work is bounded by the real data and the answer is clear."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
from io_helpers import write_household_xlsx

from tl342.io import households
from tl342.io.households import read_households


def _patch_sheet(src: Path, dst: Path, fn) -> Path:
    """Copy an .xlsx, rewriting the first sheet's XML with ``fn`` (bytes -> bytes)."""
    with zipfile.ZipFile(src) as zi, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zo:
        for item in zi.infolist():
            data = zi.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = fn(data)
            zo.writestr(item, data)
    return dst


def _add_merge(ref: str):
    def fn(data: bytes) -> bytes:
        m = re.search(rb'<mergeCells count="(\d+)">', data)
        data = data.replace(m.group(0), b'<mergeCells count="%d">' % (int(m.group(1)) + 1))
        return data.replace(b"</mergeCells>", f'<mergeCell ref="{ref}"/></mergeCells>'.encode())

    return fn


def test_merge_over_whole_width_is_bounded_and_named(tmp_path):
    """A merge A6:XFD497 is filled only within the data's columns and named in the refusal."""
    base = write_household_xlsx(tmp_path / "base.xlsx")
    path = _patch_sheet(base, tmp_path / "ds.xlsx", _add_merge("A6:XFD497"))
    grids = households._xlsx_grids(path, households.ValidationReport("ds.xlsx"))
    assert max(len(r) for r in grids[0][1]) == 16  # not 16 384 columns
    rows, rep = read_households(path)
    assert not rep.ok and rows == []
    assert "merged range A6:XFD497 covers 492 rows × 16384 columns" in rep.errors[0].message


def test_long_run_of_empty_rows_ends_the_sheet(tmp_path, monkeypatch):
    """Empty-string rows down to the sheet's end stop the reading; the data above is read."""
    monkeypatch.setattr(households, "MAX_EMPTY_RUN", 500)
    base = write_household_xlsx(tmp_path / "base.xlsx")

    def empties(data: bytes) -> bytes:
        extra = b"".join(
            b'<row r="%d"><c r="A%d" t="inlineStr"><is><t></t></is></c></row>' % (r, r)
            for r in range(20, 20_001)
        )
        return data.replace(b"</sheetData>", extra + b"</sheetData>")

    rows, rep = read_households(_patch_sheet(base, tmp_path / "ds.xlsx", empties))
    assert rep.ok, rep.problems
    assert [r.number for r in rows] == ["101", "102", "103"]
    stop = [w.message for w in rep.warnings if "reading stopped" in w.message]
    assert stop and "runs to row 20 000" in stop[0]


def test_short_empty_gap_keeps_rows_below(tmp_path):
    """A few empty rows inside the list do not end it, and row numbers stay Excel's."""
    path = write_household_xlsx(tmp_path / "ds.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    ws.cell(40, 1, 3)
    ws.cell(40, 3, "Lý Văn Sướng")
    ws.cell(40, 5, "Đạp Thanh")
    ws.cell(40, 6, 12)
    ws.cell(40, 7, 150)
    wb.save(path)
    rows, rep = read_households(path)
    assert rep.ok, rep.problems
    assert (rows[-1].row, rows[-1].number) == (40, "150")


def test_sheet_starting_off_a1_keeps_column_positions(tmp_path):
    """A list whose first used cell is C3 keeps its rows and columns where Excel shows them."""
    wb = openpyxl.Workbook()
    ws = wb.active
    for c, h in enumerate(["STT", "Họ và tên chủ hộ", "Xã", "Tờ bản đồ số", "Thửa đất số"], 3):
        ws.cell(3, c, h)
    for c, v in enumerate([1, "Bàn Thị Mười", "Đạp Thanh", 12, 103], 3):
        ws.cell(4, c, v)
    ws.cell(5, 5, "Thanh Lâm")  # a merged cell below the commune, top-left value copied
    ws.merge_cells("C4:C5")
    ws.cell(5, 6, 12)
    ws.cell(5, 7, 104)
    wb.save(tmp_path / "ds.xlsx")
    rows, rep = read_households(tmp_path / "ds.xlsx")
    assert rep.ok, rep.problems
    assert rep.info["columns"].startswith("STT=3")
    assert [(r.row, r.code, r.commune, r.number) for r in rows] == [
        (4, "DT-001", "Đạp Thanh", "103"),
        (5, "DT-001", "Thanh Lâm", "104"),
    ]


def test_csv_with_a_huge_field_is_refused_on_one_line(tmp_path):
    """A 20 MB CSV cell is refused with the line number (not an internal error)."""
    path = tmp_path / "ds.csv"
    head = "STT,Họ và tên chủ hộ,Xã,Tờ bản đồ số,Thửa đất số,Ghi chú\n"
    path.write_text(head + '1,A,Đạp Thanh,12,101,"' + "x" * 20_000_000 + '"\n', encoding="utf-8")
    rows, rep = read_households(path)
    assert rows == [] and not rep.ok
    assert str(rep.errors[0]).startswith("error: ds.csv: line 2: a cell holds more than 100 000")


def test_csv_nul_bytes_and_control_characters_are_removed(tmp_path):
    """NUL bytes and control characters in a name are dropped from what is read."""
    path = tmp_path / "ds.csv"
    path.write_bytes(
        "STT,Họ và tên chủ hộ,Xã,Tờ bản đồ số,Thửa đất số\n"
        "1,Bàn\x00 Thị\x07 Mười\x1b,Đạp Thanh,12,103\n".encode()
    )
    rows, rep = read_households(path)
    assert rep.ok, rep.problems
    assert rows[0].head_name == "Bàn Thị Mười"


def test_formatted_empty_cells_to_the_sheet_end_are_cut_before_parsing(tmp_path, monkeypatch):
    """Value-less formatted cells down the sheet are cut off before parsing; the list reads."""
    monkeypatch.setattr(households, "SLIM_SHEET_BYTES", 100_000)
    base = write_household_xlsx(tmp_path / "base.xlsx")

    def styled(data: bytes) -> bytes:
        extra = b"".join(
            b'<row r="%d">' % r
            + b"".join(b'<c r="%s%d" s="0"/>' % (bytes([65 + c]), r) for c in range(16))
            + b"</row>"
            for r in range(20, 20_001)
        )
        return data.replace(b"</sheetData>", extra + b"</sheetData>")

    path = _patch_sheet(base, tmp_path / "ds.xlsx", styled)
    slim = households._slim_xlsx(path)
    assert slim is not None
    with zipfile.ZipFile(slim) as zf, zipfile.ZipFile(path) as orig:
        name = "xl/worksheets/sheet1.xml"
        assert zf.getinfo(name).file_size < orig.getinfo(name).file_size / 50
        assert zf.read(name).endswith(orig.read(name)[orig.read(name).find(b"</sheetData>") :])
    rows, rep = read_households(path)
    assert rep.ok, rep.problems
    assert [r.number for r in rows] == ["101", "102", "103"]
    assert rows[0].recovered_area_m2 is not None  # merged cells still applied
