"""Read household lists (danh sách hộ) from Vietnamese Excel sheets and CSV files.

Real lists have title rows above the header, headers over two rows (a merged group header
above sub-headers), a row of column numbers "(1) (2) ...", households spanning several parcel
rows with STT/name merged vertically, subtotal rows ("Cộng", "Tổng cộng") and numbers written
``5.523,2`` / ``20.000``. One :class:`HouseholdRow` is returned per (household, parcel) row.

Amounts (bồi thường, hỗ trợ, đã chi trả) are taken from the top-left cell of a merged range
only, so a household amount merged over its parcel rows is counted once; amounts written on
every parcel row are added up per household by :func:`group_households`.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from tl342.core.errors import UserError
from tl342.core.model import Household
from tl342.core.progress import Progress, report
from tl342.core.text import fold

from .common import cell_text, commune_name, key_part, normalise_land_use
from .encodings import decode_bytes, detect_encoding
from .numbers import parse_number, parse_vnd
from .report import Problem, ValidationReport

ParcelKey = tuple[str, str, str]


@dataclass(slots=True)
class HouseholdRow:
    """One row of a household list: the household's fields and one parcel it holds."""

    row: int  # sheet row number (1-based, as Excel shows it)
    code: str
    head_name: str
    commune: str = ""
    village: str = ""
    stt: str = ""
    sheet: str = ""
    number: str = ""
    land_use: str = ""
    land_use_orig: str = ""
    recovered_area_m2: Decimal | None = None
    compensation_vnd: int = 0
    support_vnd: int = 0
    paid_vnd: int = 0
    id_card: str = ""
    phone: str = ""
    donated: bool = False
    donation_note: str = ""
    donated_value_vnd: int = 0  # value of the donated land/trees, when the list gives one
    note: str = ""

    @property
    def parcel_key(self) -> ParcelKey | None:
        if self.sheet and self.number:
            return (self.commune, self.sheet, self.number)
        return None


# field -> header spellings, folded and with "(...)" and punctuation removed. Order matters for
# the "contains" pass: the more specific spellings come first.
HEADERS: list[tuple[str, tuple[str, ...]]] = [
    ("stt", ("stt", "tt", "so tt", "so thu tu")),
    ("code", ("ma ho", "ma ho gd", "ma ho gia dinh", "ma so ho", "ma hgd", "ma")),
    ("paid", ("da chi tra", "so tien da chi tra", "da chi", "da nhan", "da thanh toan")),
    (
        "area",
        (
            "dien tich thu hoi",
            "dt thu hoi",
            "dien tich dat thu hoi",
            "dt dat thu hoi",
            "thu hoi",
            "dien tich thu hoi m2",
        ),
    ),
    ("parcel_area", ("dien tich", "dt", "dien tich thua", "dt thua", "dien tich thua dat")),
    (
        "name",
        (
            "ho va ten chu ho",
            "ho ten chu ho",
            "ho va ten",
            "ho ten",
            "chu su dung",
            "ten chu ho",
            "chu ho",
            "ten chu su dung",
            "ho ten chu su dung",
            "ho va ten chu su dung",
            "nguoi su dung",
        ),
    ),
    (
        "sheet",
        ("to ban do so", "so to", "to ban do", "to bd", "to so", "so to ban do", "to", "so to bd"),
    ),
    ("number", ("thua dat so", "so thua", "thua so", "thua", "so thua dat")),
    ("land_use", ("loai dat", "muc dich su dung", "mdsd", "ma loai dat", "loai dat thu hoi")),
    (
        "compensation",
        ("boi thuong", "tien boi thuong", "kinh phi boi thuong", "so tien boi thuong"),
    ),
    ("support", ("ho tro", "tien ho tro", "kinh phi ho tro", "so tien ho tro")),
    ("total", ("tong", "tong cong", "tong kinh phi", "tong so tien", "cong", "tong tien")),
    (
        "id_card",
        (
            "so cccd",
            "cccd",
            "cmnd",
            "so cmnd",
            "cccd cmnd",
            "so cccd cmnd",
            "so cmnd cccd",
            "can cuoc cong dan",
        ),
    ),
    ("phone", ("so dien thoai", "dien thoai", "sdt", "so dt", "dt lien he")),
    (
        "donated",
        (
            "hien dat cay",
            "hien dat",
            "hien cay",
            "tu nguyen hien",
            "hien dat hien cay",
            "tu nguyen hien dat cay",
        ),
    ),
    ("village", ("thon", "thon ban", "ban", "thon xom", "xom", "dia chi thon")),
    ("commune", ("xa", "xa phuong", "ten xa")),
    ("note", ("ghi chu",)),
]
LABELS = {
    "stt": "STT",
    "code": "Mã hộ",
    "name": "Họ và tên chủ hộ",
    "village": "Thôn",
    "commune": "Xã",
    "sheet": "Tờ bản đồ số",
    "number": "Thửa đất số",
    "land_use": "Loại đất",
    "area": "Diện tích thu hồi (m²)",
    "compensation": "Bồi thường (đồng)",
    "support": "Hỗ trợ (đồng)",
    "paid": "Đã chi trả (đồng)",
    "id_card": "Số CCCD",
    "phone": "Số điện thoại",
    "donated": "Hiến đất/cây",
    "note": "Ghi chú",
}
REQUIRED = ("name", "sheet", "number")
SCAN_ROWS = 30
_NOT_DONATED = {"", "0", "khong", "no", "-", "k"}


def _norm_header(text: object) -> str:
    s = fold(cell_text(text))
    s = re.sub(r"\([^)]*\)", " ", s)
    s = re.sub(r"[^a-z0-9]+", " ", s)
    return " ".join(s.split())


def match_header(text: object) -> str | None:
    """The field a header cell names, or None."""
    h = _norm_header(text)
    if not h:
        return None
    for fld, spellings in HEADERS:
        if h in spellings:
            return fld
    padded = f" {h} "
    for fld, spellings in HEADERS:
        for s in spellings:
            if " " in s and f" {s} " in padded:
                return fld
    return None


# ---------------------------------------------------------------------- grids

Cell = tuple[Any, bool]  # value, filled from a merged range (not its top-left cell)


_MERGE_REF = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([A-Z]+[0-9]+:[A-Z]+[0-9]+)\"")


def _xlsx_grids(path: Path) -> list[tuple[str, list[list[Cell]]]]:
    """Every sheet as a grid of (value, filled-from-merge) cells.

    Values are streamed in openpyxl's read-only mode and the merged ranges read straight from
    the sheet XML: a full load spends most of its time styling merged cells (over a minute for
    a 50 000-row list with merged household cells), which a reader never needs.
    """
    import zipfile

    import openpyxl  # local: only needed for Excel files
    from openpyxl.utils import range_boundaries

    try:
        wb = openpyxl.load_workbook(path, data_only=True, read_only=True)
    except Exception as exc:  # zipfile.BadZipFile, KeyError, InvalidFileException, ...
        raise UserError(f"{path.name}: not a readable Excel .xlsx file ({exc})") from None
    grids = []
    try:
        with zipfile.ZipFile(path) as zf:
            for ws in wb.worksheets:
                rows = [[(v, False) for v in r] for r in ws.iter_rows(values_only=True)]
                xml_path = getattr(ws, "_worksheet_path", None)
                refs = _MERGE_REF.findall(zf.read(xml_path)) if xml_path else []
                for ref in refs:
                    min_col, min_row, max_col, max_row = range_boundaries(ref.decode())
                    if min_row - 1 >= len(rows):
                        continue
                    top_row = rows[min_row - 1]
                    top = top_row[min_col - 1][0] if min_col - 1 < len(top_row) else None
                    for r in range(min_row, min(max_row, len(rows)) + 1):
                        row = rows[r - 1]
                        for c in range(min_col, max_col + 1):
                            if (r, c) == (min_row, min_col):
                                continue
                            while len(row) < c:
                                row.append((None, False))
                            row[c - 1] = (top, True)
                grids.append((ws.title, rows))
    except (zipfile.BadZipFile, KeyError) as exc:
        raise UserError(f"{path.name}: not a readable Excel .xlsx file ({exc})") from None
    finally:
        wb.close()
    return grids


def _csv_grid(path: Path, rep: ValidationReport) -> list[list[Cell]]:
    raw = path.read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or raw[:200].count(b"\x00") > 10:
        raise UserError(f"{path.name}: the file is UTF-16 (Unicode text); save it as CSV UTF-8")
    enc = detect_encoding(raw.splitlines())
    rep.info["encoding"] = enc
    text = decode_bytes(raw, enc)
    sample = text[:5000]
    try:
        delim = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        delim = ","
    return [[(v, False) for v in r] for r in csv.reader(io.StringIO(text), delimiter=delim)]


def _text(cell: Cell | None) -> str:
    return cell_text(cell[0]) if cell else ""


def _header_fields(rows: list[list[Cell]], top: int, sub: int | None) -> dict[int, str]:
    """{column index: field} for a one-row header (``sub`` None) or a two-row one."""
    fields: dict[int, str] = {}
    width = max(len(rows[top]), len(rows[sub]) if sub is not None else 0)
    for c in range(width):
        t = _text(rows[top][c]) if c < len(rows[top]) else ""
        s = _text(rows[sub][c]) if sub is not None and c < len(rows[sub]) else ""
        fld = None
        if s:
            fld = match_header(s) or (match_header(f"{t} {s}") if t and t != s else None)
        elif t:
            fld = match_header(t)
        if fld and fld not in fields.values():
            fields[c] = fld
    return fields


def _find_header(rows: list[list[Cell]]) -> tuple[int, int, dict[int, str]]:
    """(first header row, last header row, columns) of the best header in the first rows.

    A two-row header (group row above sub-headers) is taken only when it names more columns
    than either of its rows alone.
    """
    n = min(len(rows), SCAN_ROWS)
    single = [_header_fields(rows, r, None) for r in range(n)]
    best: tuple[int, int, int, dict[int, str]] = (0, 0, 0, {})
    for r in range(n):
        if len(single[r]) > best[0]:
            best = (len(single[r]), r, r, single[r])
    for r in range(n - 1):
        if not any(match_header(cell[0]) for cell in rows[r + 1]):
            continue
        fields = _header_fields(rows, r, r + 1)
        if len(fields) > max(len(single[r]), len(single[r + 1]), best[0]):
            best = (len(fields), r, r + 1, fields)
    score, top, last, fields = best
    if score < 3:
        raise UserError(
            "no header row found (looked for STT, Họ và tên chủ hộ, Tờ bản đồ số, "
            f"Thửa đất số ... in the first {SCAN_ROWS} rows)"
        )
    return top, last, fields


_NUMBERING = re.compile(r"^\(?\d{1,2}\)?$")


def _is_numbering_row(row: list[Cell]) -> bool:
    vals = [_text(c) for c in row if _text(c)]
    if len(vals) < 3 or not all(_NUMBERING.match(v) for v in vals):
        return False
    nums = [int(v.strip("()")) for v in vals]
    return any("(" in v for v in vals) or nums == list(range(nums[0], nums[0] + len(nums)))


_TOTAL = re.compile(
    r"^(?:tong cong|tong so|tong|cong)(?:\s*[:.]?\s*$|\s+(?:thon|xa|ban|toan|cac|so))"
)
_ENUM = re.compile(r"^\s*(?:[IVXivx]+|[A-Za-z]|\d+)[.)]\s*")
_SECTION_COMMUNE = re.compile(r"^xa\s+\S")
_SECTION_VILLAGE = re.compile(r"^(?:thon|ban)\s+\S")


def _is_int(text: str) -> bool:
    return text.replace(".0", "").isdigit()


def _commune_prefix(commune: str) -> str:
    words = fold(commune).split()
    return "".join(w[0] for w in words).upper() or "HH"


# ---------------------------------------------------------------------- reading


def read_households(
    path: str | os.PathLike, *, commune: str | None = None, progress: Progress | None = None
) -> tuple[list[HouseholdRow], ValidationReport]:
    """Read a household list (.xlsx or .csv); ``commune`` is used when the list has no "Xã"
    column and no "Xã ..." section rows. Nothing is written anywhere."""
    p = Path(path)
    rep = ValidationReport(source=p.name)
    try:
        rows = _read(p, rep, commune, progress)
    except UserError as exc:
        rep.add_file_error(str(exc))
        return [], rep
    return rows, rep


def _read(
    p: Path, rep: ValidationReport, commune_arg: str | None, progress: Progress | None
) -> list[HouseholdRow]:
    if not p.exists():
        raise UserError(f"{p.name}: no such file")
    if p.stat().st_size == 0:
        raise UserError(f"{p.name}: the file is empty (0 bytes)")
    suffix = p.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        grids = _xlsx_grids(p)
    elif suffix in (".csv", ".txt"):
        grids = [("csv", _csv_grid(p, rep))]
    elif suffix == ".xls":
        raise UserError(f"{p.name}: old Excel 97-2003 format; save it as .xlsx")
    else:
        raise UserError(f"{p.name}: unknown list format {suffix!r} (use .xlsx or .csv)")
    found = []
    failures = []
    for title, grid in grids:
        try:
            found.append((title, grid, *_find_header(grid)))
        except UserError as exc:
            failures.append(f"sheet {title!r}: {exc}" if len(grids) > 1 else str(exc))
    if not found:
        msg = "; ".join(failures) or "no sheets"
        sample = " ".join(_text(c) for _, g in grids for r in g[:SCAN_ROWS] for c in r)
        if re.search(r"Ã.|á»|Æ°|Ä‘", sample):
            msg += "; the text looks double-encoded (UTF-8 read as Windows-1252): re-save as UTF-8"
        raise UserError(f"{p.name}: {msg}")
    title, grid, top, last, columns = max(found, key=lambda f: len(f[4]))
    rep.info["sheet"] = title
    rep.info["header_rows"] = f"{top + 1}-{last + 1}" if last != top else str(top + 1)
    rep.info["columns"] = ", ".join(f"{LABELS.get(f, f)}={c + 1}" for c, f in columns.items())
    have = set(columns.values())
    missing = [LABELS[f] for f in REQUIRED if f not in have]
    if missing:
        raise UserError(
            f"{p.name}: missing required column(s): {', '.join(missing)} "
            f"(header found on row {top + 1})"
        )
    if "commune" not in have and not commune_arg:
        rep.add_warning(
            p.name,
            "no Xã column: the commune comes from 'Xã ...' section rows or the commune argument",
        )
    return _rows(
        grid, last + 1, columns, rep, commune_name(commune_arg) if commune_arg else "", progress
    )


def _rows(
    grid: list[list[Cell]],
    start: int,
    columns: dict[int, str],
    rep: ValidationReport,
    commune_default: str,
    progress: Progress | None,
) -> list[HouseholdRow]:
    col_of = {f: c for c, f in columns.items()}
    out: list[HouseholdRow] = []
    ctx_commune, ctx_village = commune_default, ""
    current: HouseholdRow | None = None
    names: dict[str, tuple[str, int]] = {}
    owners: dict[ParcelKey, tuple[str, int]] = {}
    seq = 0
    total = len(grid) - start
    for r in range(start, len(grid)):
        if (r - start) % 500 == 0:
            report(progress, r - start, total, "reading households")
        row = grid[r]
        rownum = r + 1
        if not any(_text(c) for c in row):
            continue
        if _is_numbering_row(row):
            continue

        def get(fld: str, row: list[Cell] = row) -> Cell | None:
            c = col_of.get(fld)
            return row[c] if c is not None and c < len(row) else None

        def txt(fld: str) -> str:
            return _text(get(fld))

        raw_first = next(_text(c) for c in row if _text(c))
        first = fold(raw_first)
        number_text = txt("number")
        if (
            (not number_text or not any(ch.isdigit() for ch in number_text))
            and not _is_int(txt("stt"))
            and (_TOTAL.match(first) or _TOTAL.match(fold(txt("name"))))
        ):
            rep.count("total_rows")
            continue
        has_parcel = bool(txt("sheet") or txt("number"))
        filled_texts = {_text(c) for c in row if _text(c)}
        if (
            not has_parcel
            and not _is_int(txt("stt"))
            and not txt("code")
            and len(filled_texts) == 1
        ):
            # a heading line: "I. Xã Đạp Thanh", "Thôn Khe Lào", "A. Hộ gia đình"
            section = _ENUM.sub("", raw_first)
            if _SECTION_COMMUNE.match(fold(section)):
                ctx_commune, ctx_village = commune_name(section), ""
            elif _SECTION_VILLAGE.match(fold(section)):
                ctx_village = re.sub(r"^(?:thôn|bản)\s+", "", section, flags=re.IGNORECASE)
            rep.count("heading_rows")
            continue
        stt_cell, name_cell, code_cell = get("stt"), get("name"), get("code")
        stt, name, code = txt("stt"), txt("name"), txt("code")
        new_household = any(
            c is not None and _text(c) and not c[1] for c in (stt_cell, name_cell, code_cell)
        )
        commune = commune_name(txt("commune")) or ctx_commune
        if new_household:
            if not name and current is not None and code and code == current.code:
                name = current.head_name
            if (
                current is not None
                and not code
                and stt
                and stt == current.stt
                and (not name or fold(name) == fold(current.head_name))
            ):
                new_household = False  # same STT repeated on each parcel row
        if not new_household and current is None:
            if not has_parcel:
                continue  # a title-like line after the header
            rep.add_error(f"row {rownum}", "parcel row before any household (no STT or name)")
            continue
        if new_household:
            seq += 1
            if not code:
                num = key_part(stt) if stt else str(seq)
                code = f"{_commune_prefix(commune)}-{num.zfill(3) if num.isdigit() else num}"
            village = txt("village") or ctx_village
            current = HouseholdRow(
                row=rownum, code=code, head_name=name, commune=commune, village=village, stt=stt
            )
            if not name:
                rep.add_error(f"row {rownum}", "household without a name", field=LABELS["name"])
        assert current is not None
        hh = HouseholdRow(
            row=rownum,
            code=current.code,
            head_name=current.head_name,
            commune=commune or current.commune,
            village=current.village,
            stt=current.stt,
        )
        where = f"row {rownum}"
        # name agreement per household code
        if name and name_cell is not None and not name_cell[1]:
            prev = names.get(hh.code)
            if prev and fold(prev[0]) != fold(name):
                rep.add_error(
                    where,
                    f"household {hh.code} is '{prev[0]}' on row {prev[1]} but '{name}' here",
                    field=LABELS["name"],
                )
            names.setdefault(hh.code, (name, rownum))
        for fld, attr in (("id_card", "id_card"), ("phone", "phone"), ("note", "note")):
            setattr(hh, attr, txt(fld))
        if hh.id_card.endswith(".0"):
            hh.id_card = hh.id_card[:-2]
        don = get("donated")
        if don is not None and not don[1] and fold(_text(don)) not in _NOT_DONATED:
            hh.donated, hh.donation_note = True, _text(don)
            try:
                hh.donated_value_vnd = donation_value(don[0])
            except ValueError as exc:
                rep.add_error(where, str(exc), field=LABELS["donated"])
        elif don is not None and don[1] and fold(_text(don)) not in _NOT_DONATED:
            hh.donated = True
        for fld, attr in (
            ("compensation", "compensation_vnd"),
            ("support", "support_vnd"),
            ("paid", "paid_vnd"),
        ):
            cell = get(fld)
            if cell is None or cell[1]:
                continue
            try:
                setattr(hh, attr, parse_vnd(cell[0]))
            except ValueError as exc:
                rep.add_error(where, str(exc), field=LABELS[fld])
        area_cell = get("area")
        if area_cell is not None and not area_cell[1]:
            try:
                hh.recovered_area_m2 = parse_number(area_cell[0])
                if hh.recovered_area_m2 is not None and hh.recovered_area_m2 < 0:
                    rep.add_error(
                        where, f"negative area {hh.recovered_area_m2}", field=LABELS["area"]
                    )
            except ValueError as exc:
                rep.add_error(where, str(exc), field=LABELS["area"])
        hh.land_use, hh.land_use_orig, unknown = normalise_land_use(txt("land_use"))
        if unknown:
            rep.add_warning(
                where,
                f"unknown land-use code {', '.join(unknown)} (kept)",
                field=LABELS["land_use"],
            )
        hh.sheet, hh.number = key_part(txt("sheet")), key_part(txt("number"))
        if bool(hh.sheet) != bool(hh.number):
            rep.add_error(
                where,
                "parcel needs both Tờ bản đồ số and Thửa đất số",
                field=LABELS["sheet" if not hh.sheet else "number"],
            )
        elif not hh.sheet:
            rep.add_warning(where, f"household {hh.code} row without a parcel")
        if not hh.commune:
            rep.add_error(
                where,
                "no commune (no Xã column or section row; pass commune=)",
                field=LABELS["commune"],
            )
        key = hh.parcel_key
        if key and hh.commune:
            prev = owners.get(key)
            if prev and prev[0] != hh.code:
                rep.add_error(
                    where,
                    f"parcel {key[0]} {key[1]}/{key[2]} is claimed by household "
                    f"{prev[0]} (row {prev[1]}) and {hh.code}",
                )
            elif prev:
                rep.add_warning(where, f"parcel {key[1]}/{key[2]} listed twice for {hh.code}")
            else:
                owners[key] = (hh.code, rownum)
        out.append(hh)
    report(progress, total, total, "reading households")
    rep.count("rows", len(out))
    rep.count("households", len({h.code for h in out}))
    rep.count("parcels", len({h.parcel_key for h in out if h.parcel_key}))
    if not out:
        rep.add_error(rep.source, "no household rows under the header")
    return out


_DONATION_AMOUNT = re.compile(r"(\d[\d.,\s]*)\s*(?:đ|đồng|dong|vnd)?\s*$", re.IGNORECASE)


def donation_value(value: object) -> int:
    """VND value in a donation cell: a number, or text such as "Hiến cây: 12.500.000 đ"."""
    if isinstance(value, int | float | Decimal):
        return parse_vnd(value)
    text = "" if value is None else str(value).strip()
    m = _DONATION_AMOUNT.search(text)
    if not m:
        return 0
    return parse_vnd(m.group(1).strip())


def group_households(
    rows: Iterable[HouseholdRow],
) -> list[tuple[Household, list[tuple[ParcelKey, Decimal | None]]]]:
    """Households (amounts summed over their rows) with the parcels they hold and the declared
    recovered area of each, in the order of the list."""
    groups: dict[str, tuple[Household, list[tuple[ParcelKey, Decimal | None]]]] = {}
    for r in rows:
        if r.code not in groups:
            groups[r.code] = (
                Household(code=r.code, head_name=r.head_name, commune=r.commune, village=r.village),
                [],
            )
        hh, parcels = groups[r.code]
        hh.compensation_vnd += r.compensation_vnd
        hh.support_vnd += r.support_vnd
        hh.paid_vnd += r.paid_vnd
        hh.donated_value_vnd += r.donated_value_vnd
        for attr in ("id_card", "phone", "head_name", "village", "commune"):
            if not getattr(hh, attr) and getattr(r, attr):
                setattr(hh, attr, getattr(r, attr))
        if r.donated and r.donation_note and r.donation_note not in hh.donation_note:
            hh.donation_note = "; ".join(x for x in (hh.donation_note, r.donation_note) if x)
        elif r.donated and not hh.donation_note:
            hh.donation_note = "hiến"
        if r.note and r.note not in hh.note:
            hh.note = "; ".join(x for x in (hh.note, r.note) if x)
        key = r.parcel_key
        if key and all(k != key for k, _ in parcels):
            parcels.append((key, r.recovered_area_m2))
    return list(groups.values())


def link_report(
    rows: Iterable[HouseholdRow], parcel_keys: set[ParcelKey], severity: str = "error"
) -> list[Problem]:
    """Problems for rows whose parcel key is not among ``parcel_keys`` (compared exactly, as
    the store links them; a commune that differs only in spelling is named in the hint)."""
    folded = {(fold(c), s, n): c for c, s, n in parcel_keys}
    problems = []
    for r in rows:
        key = r.parcel_key
        if not key or key in parcel_keys:
            continue
        msg = f"household {r.code}: parcel {key[0]} {key[1]}/{key[2]} is not among the project's parcels"
        near = folded.get((fold(key[0]), key[1], key[2]))
        if near is not None:
            msg += f" (the map writes the commune as {near!r})"
        problems.append(Problem(severity, f"row {r.row}", LABELS["number"], msg))  # type: ignore[arg-type]
    return problems
