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
from .report import Problem, ValidationReport, captured_warnings

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

MAX_EMPTY_RUN = 5_000  # consecutive empty rows after which a sheet is taken to have ended
MAX_COLUMNS = 500  # a household list has a few dozen columns; cells beyond are ignored
MAX_CSV_FIELD = 100_000  # characters in one CSV cell (a name or a note is far shorter)


def _xlsx_grids(
    path: Path, rep: ValidationReport, blocks: dict[str, list] | None = None
) -> list[tuple[str, list[list[Cell]]]]:
    """Every sheet as a grid of (value, filled-from-merge) cells, read with python-calamine.

    The work is bounded by the data actually there: reading stops after
    :data:`MAX_EMPTY_RUN` empty rows (a sheet whose used range runs to row 1 048 576 ends
    where its data ends), rows are cut at :data:`MAX_COLUMNS`, and a merged range is filled
    only inside the cells read (a merge ``A6:XFD497`` does not widen rows to 16 384 columns).
    """
    from python_calamine import CalamineWorkbook  # local: only needed for Excel files

    try:
        slim = _slim_xlsx(path)
        wb = CalamineWorkbook.from_filelike(slim) if slim else CalamineWorkbook.from_path(str(path))
    except UserError:
        raise
    except Exception as exc:  # CalamineError, ZipError, XmlError, PasswordError, ...
        raise UserError(
            f"{path.name}: not a readable Excel .xlsx file ({_first_line(exc)})"
        ) from None
    grids = []
    blocks = {} if blocks is None else blocks  # sheet -> block merges (see _fill_merges)
    try:
        for name in wb.sheet_names:
            try:
                sheet = wb.get_sheet_by_name(name)
                rows = _sheet_rows(sheet, name, path, rep)
                merges = sheet.merged_cell_ranges or []
            except UserError:
                raise
            except Exception as exc:
                raise UserError(
                    f"{path.name}: sheet {name!r} cannot be read ({_first_line(exc)})"
                ) from None
            blocks[name] = _fill_merges(rows, merges)
            grids.append((name, rows))
    finally:
        wb.close()
    return grids


SLIM_SHEET_BYTES = 16_000_000  # sheet XML above this is cut after its last value first
_CHUNK = 8 << 20


def _sheet_extent(zf, name: str) -> tuple[int, bytes] | None:
    """(offset just after the sheet's last ``</c>``, the XML from ``</sheetData>`` on), found
    by streaming it once. A cell holding anything (value, string, formula) has a closing
    ``</c>``; value-less formatted cells are ``<c .../>``. None when the XML is not as expected.
    """
    last_cell = -1
    offset = 0
    prev = b""
    after: list[bytes] = []
    with zf.open(name) as src:
        while chunk := src.read(_CHUNK):
            if after:
                after.append(chunk)
                continue
            data = prev + chunk
            base = offset - len(prev)
            hit = data.rfind(b"</c>")
            if hit >= 0:
                last_cell = base + hit + 4
            end = data.find(b"</sheetData>")
            if end >= 0:
                after.append(data[end:])
            prev = data[-16:]
            offset += len(chunk)
    if not after or last_cell < 0:
        return None
    return last_cell, b"".join(after)


def _slim_xlsx(path: Path):
    """A copy of the workbook (in memory) whose big sheets end at their last filled cell,
    or None when no sheet is big.

    A sheet formatted down to row 1 048 576 holds millions of value-less ``<c .../>``
    cells; a parser builds each one (tens of seconds). Finding the last filled cell is one
    streamed byte search, and the copy stops there.
    """
    import io as _io
    import zipfile

    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise UserError(
            f"{path.name}: not a readable Excel .xlsx file ({_first_line(exc)})"
        ) from None
    with zf:
        infos = zf.infolist()
        cuts = {}
        for i in infos:
            if i.filename.startswith("xl/worksheets/") and i.file_size > SLIM_SHEET_BYTES:
                found = _sheet_extent(zf, i.filename)
                if found is not None and found[0] < i.file_size * 0.5:  # worth a copy
                    cuts[i.filename] = found
        if not cuts:
            return None
        out = _io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zo:
            for info in infos:
                if info.filename not in cuts:
                    zo.writestr(info, zf.read(info.filename))
                    continue
                last_cell, rest = cuts[info.filename]
                with zf.open(info) as src:
                    head = src.read(last_cell)
                    while (row_end := head.find(b"</row>", last_cell - 8)) < 0:
                        more = src.read(_CHUNK)
                        if not more:
                            break
                        head += more
                xml = head[: row_end + 6] if row_end >= 0 else head
                zo.writestr(info, xml + rest)
    out.seek(0)
    return out


def _first_line(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return text[:200] or exc.__class__.__name__


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _sheet_rows(sheet, name: str, path: Path, rep: ValidationReport) -> list[list[Cell]]:
    """The rows of one sheet up to its last non-empty row, bounded by empty-row runs.

    calamine's ``iter_rows`` yields rows from the top of the sheet but cells from the first
    used column: the columns before it are padded back so indexes match Excel's.
    """
    start = sheet.start
    if start is None:
        return []
    pad = [("", False)] * start[1]
    end_row = sheet.end[0] + 1 if sheet.end else 0
    rows: list[list[Cell]] = []
    empty_run = 0
    for r, values in enumerate(sheet.iter_rows()):
        if all(_blank(v) for v in values):
            empty_run += 1
            if empty_run > MAX_EMPTY_RUN and rows:
                rep.add_warning(
                    f"sheet {name!r}",
                    f"reading stopped at row {r + 1}: {empty_run:,} empty rows follow the data "
                    f"although the sheet's used range runs to row {end_row:,}; delete the "
                    "empty rows if the list continues below them".replace(",", " "),
                )
                break
            continue
        rows.extend([] for _ in range(empty_run))  # keep Excel's row numbers
        empty_run = 0
        if len(values) + len(pad) > MAX_COLUMNS:
            values = values[: max(MAX_COLUMNS - len(pad), 0)]
        rows.append(pad + [(v, False) for v in values])
    return rows


def _column_letter(index: int) -> str:
    """Excel's column name of a 0-based index: 0 -> A, 25 -> Z, 16383 -> XFD."""
    name = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        name = chr(65 + rem) + name
    return name


def _fill_merges(rows: list[list[Cell]], merges) -> list[tuple[str, int, int]]:
    """Copy each merged range's top-left value into its other cells, inside the rows read.

    Returns the block merges (several rows and columns, beyond a two-row header), which no
    household list has below its header: (range, first row index, rows, columns).
    """
    blocks = []
    for (r0, c0), (r1, c1) in merges:
        if r1 - r0 >= 2 and c1 > c0:
            ref = f"{_column_letter(c0)}{r0 + 1}:{_column_letter(c1)}{r1 + 1}"
            blocks.append((ref, r0, r1 - r0 + 1, c1 - c0 + 1))
        if r0 >= len(rows):
            continue
        top_row = rows[r0]
        top = top_row[c0][0] if c0 < len(top_row) else None
        if _blank(top):
            continue  # an empty merge fills nothing
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            row = rows[r]
            if not row:
                continue
            last = min(c1, max(len(row) - 1, c0))  # within the data's width
            while len(row) <= last:
                row.append(("", False))
            for c in range(c0, last + 1):
                if (r, c) != (r0, c0):
                    row[c] = (top, True)
    return blocks


def _csv_grid(path: Path, rep: ValidationReport) -> list[list[Cell]]:
    raw = path.read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or raw[:200].count(b"\x00") > 10:
        raise UserError(f"{path.name}: the file is UTF-16 (Unicode text); save it as CSV UTF-8")
    head = raw[:1_000_000]
    head = head[: head.rfind(b"\n") + 1] or head  # whole lines: no character cut in two
    enc = detect_encoding(head.splitlines())
    rep.info["encoding"] = enc
    text = decode_bytes(raw, enc).replace("\x00", "")
    sample = text[:5000]
    try:
        delim = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        delim = ","
    reader = csv.reader(io.StringIO(text), delimiter=delim)
    old_limit = csv.field_size_limit(MAX_CSV_FIELD)
    try:
        rows = [[(v, False) for v in r[:MAX_COLUMNS]] for r in reader]
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise UserError(
                f"{path.name}: line {reader.line_num}: a cell holds more than "
                f"{MAX_CSV_FIELD:,} characters (an unclosed quote?); this is not a household "
                "list as saved".replace(",", " ")
            ) from None
        raise UserError(
            f"{path.name}: line {reader.line_num}: not readable as CSV ({exc})"
        ) from None
    finally:
        csv.field_size_limit(old_limit)
    return rows


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
        with captured_warnings(rep):
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
    blocks: dict[str, list] = {}
    if suffix in (".xlsx", ".xlsm"):
        grids = _xlsx_grids(p, rep, blocks)
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
    for ref, first, height, width in blocks.get(title, []):
        if first + height - 1 > last:  # reaches below the header: the list's cells are lost
            raise UserError(
                f"{p.name}: merged range {ref} covers {height} rows × {width} columns of the "
                "list (one value copied into every cell); unmerge it in Excel"
            )
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
    """One :class:`HouseholdRow` per parcel row under the header (see :class:`_RowReader`)."""
    reader = _RowReader(columns, rep, commune_default)
    out: list[HouseholdRow] = []
    total = len(grid) - start
    for r in range(start, len(grid)):
        if (r - start) % 500 == 0:
            report(progress, r - start, total, "reading households")
        hh = reader.read(grid[r], r + 1)
        if hh is not None:
            out.append(hh)
    report(progress, total, total, "reading households")
    rep.count("rows", len(out))
    rep.count("households", len({h.code for h in out}))
    rep.count("parcels", len({h.parcel_key for h in out if h.parcel_key}))
    if not out:
        rep.add_error(rep.source, "no household rows under the header")
    return out


class _RowReader:
    """Reads the rows under the header one at a time, in four steps: skip lines that are no
    household (blank, numbering, totals, section headings), decide which household the row
    belongs to, read its fields, and check it against the rows before."""

    def __init__(self, columns: dict[int, str], rep: ValidationReport, commune: str) -> None:
        self.col_of = {f: c for c, f in columns.items()}
        self.rep = rep
        self.ctx_commune, self.ctx_village = commune, ""
        self.current: HouseholdRow | None = None
        self.names: dict[str, tuple[str, int]] = {}
        self.owners: dict[ParcelKey, tuple[str, int]] = {}
        self.seq = 0
        self.row: list[Cell] = []

    # -- cells of the current row
    def get(self, fld: str) -> Cell | None:
        c = self.col_of.get(fld)
        return self.row[c] if c is not None and c < len(self.row) else None

    def txt(self, fld: str) -> str:
        return _text(self.get(fld))

    def read(self, row: list[Cell], rownum: int) -> HouseholdRow | None:
        self.row = row
        if self._skipped(rownum):
            return None
        current = self._household(rownum)
        if current is None:
            return None
        hh = HouseholdRow(
            row=rownum,
            code=current.code,
            head_name=current.head_name,
            commune=commune_name(self.txt("commune")) or self.ctx_commune or current.commune,
            village=current.village,
            stt=current.stt,
        )
        where = f"row {rownum}"
        self._read_fields(hh, where)
        self._check(hh, where, rownum)
        return hh

    # -- step 1: lines that are no household row
    def _skipped(self, rownum: int) -> bool:
        row = self.row
        texts = [t for t in (_text(c) for c in row) if t]
        if not texts or _is_numbering_row(row):
            return True
        raw_first = texts[0]
        number_text = self.txt("number")
        if (
            (not number_text or not any(ch.isdigit() for ch in number_text))
            and not _is_int(self.txt("stt"))
            and (_TOTAL.match(fold(raw_first)) or _TOTAL.match(fold(self.txt("name"))))
        ):
            self.rep.count("total_rows")
            return True
        has_parcel = bool(self.txt("sheet") or self.txt("number"))
        if (
            not has_parcel
            and not _is_int(self.txt("stt"))
            and not self.txt("code")
            and len(set(texts)) == 1
        ):
            # a heading line: "I. Xã Đạp Thanh", "Thôn Khe Lào", "A. Hộ gia đình"
            section = _ENUM.sub("", raw_first)
            if _SECTION_COMMUNE.match(fold(section)):
                self.ctx_commune, self.ctx_village = commune_name(section), ""
            elif _SECTION_VILLAGE.match(fold(section)):
                self.ctx_village = re.sub(r"^(?:thôn|bản)\s+", "", section, flags=re.IGNORECASE)
            self.rep.count("heading_rows")
            return True
        return False

    # -- step 2: the household this row belongs to (a new one or the current one)
    def _household(self, rownum: int) -> HouseholdRow | None:
        stt, name, code = self.txt("stt"), self.txt("name"), self.txt("code")
        current = self.current
        new_household = any(
            c is not None and _text(c) and not c[1]
            for c in (self.get("stt"), self.get("name"), self.get("code"))
        )
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
        if not new_household:
            if current is None:
                if self.txt("sheet") or self.txt("number"):
                    self.rep.add_error(
                        f"row {rownum}", "parcel row before any household (no STT or name)"
                    )
                return None  # else a title-like line after the header
            return current
        self.seq += 1
        commune = commune_name(self.txt("commune")) or self.ctx_commune
        if not code:
            num = key_part(stt) if stt else str(self.seq)
            code = f"{_commune_prefix(commune)}-{num.zfill(3) if num.isdigit() else num}"
        self.current = HouseholdRow(
            row=rownum,
            code=code,
            head_name=name,
            commune=commune,
            village=self.txt("village") or self.ctx_village,
            stt=stt,
        )
        if not name:
            self.rep.add_error(f"row {rownum}", "household without a name", field=LABELS["name"])
        return self.current

    # -- step 3: the row's own fields
    def _read_fields(self, hh: HouseholdRow, where: str) -> None:
        rep = self.rep
        hh.id_card, hh.phone, hh.note = self.txt("id_card"), self.txt("phone"), self.txt("note")
        if hh.id_card.endswith(".0"):
            hh.id_card = hh.id_card[:-2]
        don = self.get("donated")
        if don is not None and fold(_text(don)) not in _NOT_DONATED:
            hh.donated = True
            if not don[1]:
                hh.donation_note = _text(don)
                try:
                    hh.donated_value_vnd = donation_value(don[0])
                except ValueError as exc:
                    rep.add_error(where, str(exc), field=LABELS["donated"])
        for fld, attr in (
            ("compensation", "compensation_vnd"),
            ("support", "support_vnd"),
            ("paid", "paid_vnd"),
        ):
            cell = self.get(fld)
            if cell is None or cell[1]:
                continue  # a merged amount counts once, on its top-left row
            try:
                setattr(hh, attr, parse_vnd(cell[0]))
            except ValueError as exc:
                rep.add_error(where, str(exc), field=LABELS[fld])
        area_cell = self.get("area")
        if area_cell is not None and not area_cell[1]:
            try:
                hh.recovered_area_m2 = parse_number(area_cell[0])
                if hh.recovered_area_m2 is not None and hh.recovered_area_m2 < 0:
                    rep.add_error(
                        where, f"negative area {hh.recovered_area_m2}", field=LABELS["area"]
                    )
            except ValueError as exc:
                rep.add_error(where, str(exc), field=LABELS["area"])
        hh.land_use, hh.land_use_orig, unknown = normalise_land_use(self.txt("land_use"))
        if unknown:
            rep.add_warning(
                where,
                f"unknown land-use code {', '.join(unknown)} (kept)",
                field=LABELS["land_use"],
            )
        hh.sheet, hh.number = key_part(self.txt("sheet")), key_part(self.txt("number"))

    # -- step 4: checks against the household and the rows before
    def _check(self, hh: HouseholdRow, where: str, rownum: int) -> None:
        rep = self.rep
        name_cell, name = self.get("name"), self.txt("name")
        if name and name_cell is not None and not name_cell[1]:
            prev = self.names.get(hh.code)
            if prev and fold(prev[0]) != fold(name):
                rep.add_error(
                    where,
                    f"household {hh.code} is '{prev[0]}' on row {prev[1]} but '{name}' here",
                    field=LABELS["name"],
                )
            self.names.setdefault(hh.code, (name, rownum))
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
            prev = self.owners.get(key)
            if prev and prev[0] != hh.code:
                rep.add_error(
                    where,
                    f"parcel {key[0]} {key[1]}/{key[2]} is claimed by household "
                    f"{prev[0]} (row {prev[1]}) and {hh.code}",
                )
            elif prev:
                rep.add_warning(where, f"parcel {key[1]}/{key[2]} listed twice for {hh.code}")
            else:
                self.owners[key] = (hh.code, rownum)


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
