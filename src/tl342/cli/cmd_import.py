"""`tl342 import …`: route, boundary, communes, parcels, households, events."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import nullcontext

from ..core.errors import UserError
from .common import (
    EXIT_OK,
    add_command,
    busy,
    emit,
    json_flag,
    open_project,
    progress_printer,
    tr,
    vnum,
)


def cmd_import(args) -> int:
    from ..io import apply

    with open_project(args.project) as project, _busy_unless_counted(args):
        from ..store.server_sync import refuse_if_checked_out

        refuse_if_checked_out(project)
        what = args.what
        if what == "route":
            result = apply.import_route(
                project,
                args.file,
                stakes=args.stakes,
                equations=args.equations,
                crs=args.crs,
                layer=args.layer,
            )
            emit(
                args,
                result,
                tr(
                    args,
                    f"route imported: {result['start']} → {result['end']}, "
                    f"{vnum(args, result['length_m'], 1)} m long, {result['stakes']} stakes, "
                    f"{result['equations']} station equations",
                    f"đã nhập tuyến: {result['start']} → {result['end']}, "
                    f"dài {vnum(args, result['length_m'], 1)} m, {result['stakes']} cọc, "
                    f"{result['equations']} phương trình lý trình",
                ),
            )
            return EXIT_OK
        if what == "boundary":
            result = apply.import_boundary(
                project, args.file, crs=args.crs, force=args.force, dry_run=args.dry_run
            )
            ha = vnum(args, result["area_m2"] / 1e4, 2)
            after, n = result["parcels_recovered"]["after"], result["parcels"]
            lines = [
                tr(
                    args,
                    f"clearance boundary {ha} ha; {result['change']}; {after} of {n} parcels "
                    "recovered in part or whole",
                    f"ranh giới GPMB {ha} ha; {result['change']}; {after}/{n} thửa bị thu hồi "
                    "một phần hoặc toàn bộ",
                ),
                *(tr(args, "  warning: ", "  cảnh báo: ") + w for w in result["warnings"]),
            ]
            if args.dry_run:
                lines.append(tr(args, "dry run: nothing was written", "chạy thử: chưa ghi gì"))
            emit(args, result, "\n".join(lines))
            return EXIT_OK
        if what == "communes":
            result = apply.import_communes(
                project, args.file, crs=args.crs, force=args.force, dry_run=args.dry_run
            )
            names = ", ".join(result["communes"])
            lines = [
                tr(
                    args,
                    f"{result['count']} communes: {names}",
                    f"{result['count']} xã: {names}",
                ),
                *(tr(args, "  warning: ", "  cảnh báo: ") + w for w in result["warnings"]),
            ]
            if args.dry_run:
                lines.append(tr(args, "dry run: nothing was written", "chạy thử: chưa ghi gì"))
            emit(args, result, "\n".join(lines))
            return EXIT_OK
        progress = progress_printer(args, tr(args, f"importing {what}", "đang nhập"))
        if what == "parcels":
            mapping = _mapping(args.map) if args.map else None
            report = apply.import_parcels(
                project,
                args.file,
                layer=args.layer,
                commune=args.commune,
                crs=args.crs,
                encoding=args.encoding,
                mapping=mapping,
                dry_run=args.dry_run,
                progress=progress,
            )
        elif what == "households":
            report = apply.import_households(
                project, args.file, dry_run=args.dry_run, progress=progress
            )
        else:  # events
            report = apply.import_events(project, args.file, dry_run=args.dry_run)
        # the JSON form of thousands of problems is built only when asked for
        emit(
            args,
            report.to_dict() if args.json else None,
            _report_text(args, report, args.dry_run),
        )
    return EXIT_OK


def _busy_unless_counted(args):
    """Route, boundary, communes and events imports cannot count their steps: a running bar."""
    if args.what in ("parcels", "households"):
        return nullcontext()
    return busy(args, tr(args, f"importing {args.what}", "đang nhập"))


def _mapping(items: Sequence[str]) -> dict[str, str]:
    out = {}
    for item in items:
        field, sep, column = item.partition("=")
        if not sep or not field or not column:
            raise UserError(f"--map {item!r}: use FIELD=COLUMN, e.g. sheet=SoTo")
        out[field.strip()] = column.strip()
    return out


# what each count of an import report means, in both languages
COUNT_WORDS = {
    "features": ("features read", "đối tượng đã đọc"),
    "rows": ("rows read", "dòng đã đọc"),
    "parcels": ("parcels", "thửa"),
    "households": ("households", "hộ"),
    "events": ("events read", "sự kiện đã đọc"),
    "inserted": ("new", "thêm mới"),
    "updated": ("updated", "cập nhật"),
    "linked": ("parcel links", "liên kết hộ–thửa"),
    "events_added": ("events added", "sự kiện được thêm"),
}
_QUIET = {"dry_run", "total_rows"}
MAX_PROBLEMS = 20


def _report_text(args, report, dry_run: bool) -> str:
    """An import report as sentences: what was read and written, then the problems found."""
    vi = tr(args, "", "vi") == "vi"
    parts = []
    for key, value in report.counts.items():
        if key in _QUIET or isinstance(value, bool):
            continue
        word = COUNT_WORDS.get(key, (key.replace("_", " "),) * 2)[1 if vi else 0]
        parts.append(f"{vnum(args, value) if isinstance(value, int) else value} {word}")
    counts = ", ".join(parts)
    if dry_run:
        head = tr(
            args,
            f"{report.source}: dry run, nothing was written; the import would give: {counts}",
            f"{report.source}: chạy thử, chưa ghi gì; nếu nhập sẽ có: {counts}",
        )
    else:
        head = tr(
            args,
            f"{report.source}: imported: {counts}",
            f"{report.source}: đã nhập: {counts}",
        )
    n_err, n_warn, n_fix = len(report.errors), len(report.warnings), len(report.fixed)
    if not report.problems:
        tail = tr(args, "No problems found.", "Không phát hiện vấn đề nào.")
    else:
        tail = tr(
            args,
            f"{n_err} errors, {n_warn} warnings, {n_fix} fixed automatically:",
            f"{n_err} lỗi, {n_warn} cảnh báo, {n_fix} lỗi đã tự sửa:",
        )
    lines = [head + ".", tail]
    severity = {
        "error": ("error", "lỗi"),
        "warning": ("warning", "cảnh báo"),
        "fixed": ("fixed", "đã sửa"),
    }
    for p in report.problems[:MAX_PROBLEMS]:
        sev = severity.get(p.severity, (p.severity, p.severity))[1 if vi else 0]
        where = f"{p.where}, {p.field}" if p.field else p.where
        lines.append(f"  {sev}: {where}: {p.message}")
    if len(report.problems) > MAX_PROBLEMS:
        more = len(report.problems) - MAX_PROBLEMS
        lines.append(
            tr(
                args,
                f"  … and {more} more (--json lists all)",
                f"  … và {more} mục khác (--json liệt kê đủ)",
            )
        )
    return "\n".join(lines)


def register(sub) -> None:
    sp = add_command(
        sub,
        "import",
        cmd_import,
        "import route, boundary, communes, parcels, households or events",
        description=(
            "Import what surveyors and consultants send; each import is one transaction\n"
            "(it lands completely or the project stays as it was). Parcels before households,\n"
            "households before events."
        ),
        examples="""
tl342 sample-files mau/
tl342 import route new.tl342 mau/route.geojson --stakes mau/stakes.csv --equations mau/equations.csv
tl342 import parcels new.tl342 mau/parcels.shp --encoding auto --dry-run
tl342 import parcels new.tl342 thua.gpkg --layer thua_dat --map sheet=SoTo --map number=SoThua
tl342 import households new.tl342 mau/ho_gia_dinh.xlsx
""",
    )
    sp.add_argument(
        "what",
        choices=["route", "boundary", "communes", "parcels", "households", "events"],
        help="what the file holds",
    )
    sp.add_argument("project", help="project file or postgresql:// URL")
    sp.add_argument(
        "file", help="the file to import (GeoJSON, GeoPackage, Shapefile, DXF, XLSX, CSV…)"
    )
    sp.add_argument("--stakes", help="route: CSV chainage,x,y")
    sp.add_argument("--equations", help="route: CSV back,ahead,x,y")
    sp.add_argument(
        "--crs", help="CRS when the file has none, e.g. EPSG:5899 or 'VN-2000 Quảng Ninh'"
    )
    sp.add_argument("--layer", help="layer name (GeoPackage, DXF, ...)")
    sp.add_argument("--commune", help="parcels: commune when the file has no commune column")
    sp.add_argument(
        "--encoding",
        default="auto",
        choices=["auto", "utf-8", "cp1258", "tcvn3", "vni"],
        help="parcels: text encoding of the attributes (default auto: detected)",
    )
    sp.add_argument(
        "--map",
        action="append",
        metavar="FIELD=COLUMN",
        help="parcels: explicit attribute mapping (sheet, number, area, land_use, owner, address, commune)",
    )
    sp.add_argument("--dry-run", action="store_true", help="validate and report; write nothing")
    sp.add_argument(
        "--force",
        action="store_true",
        help="boundary/communes: import even when the file removes most of the recovered area "
        "or leaves the route or the parcels outside",
    )
    json_flag(sp)
