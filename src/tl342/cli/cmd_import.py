"""`tl342 import …`: route, boundary, communes, parcels, households, events."""

from __future__ import annotations

from collections.abc import Sequence

from ..core.errors import UserError
from .common import EXIT_OK, add_command, emit, json_flag, open_project, progress_printer


def cmd_import(args) -> int:
    from ..io import apply

    with open_project(args.project) as project:
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
                f"route {result['start']} → {result['end']}, "
                f"{result['length_m']:.1f} m, {result['stakes']} stakes, "
                f"{result['equations']} equations",
            )
            return EXIT_OK
        if what == "boundary":
            result = apply.import_boundary(
                project, args.file, crs=args.crs, force=args.force, dry_run=args.dry_run
            )
            lines = [
                f"clearance boundary {result['area_m2'] / 1e4:.2f} ha; {result['change']}; "
                f"{result['parcels_recovered']['after']} of {result['parcels']} parcels "
                "recovered in part or whole",
                *(f"  warning: {w}" for w in result["warnings"]),
            ]
            if args.dry_run:
                lines.append("dry run: nothing was written")
            emit(args, result, "\n".join(lines))
            return EXIT_OK
        if what == "communes":
            result = apply.import_communes(
                project, args.file, crs=args.crs, force=args.force, dry_run=args.dry_run
            )
            lines = [
                f"{result['count']} communes: {', '.join(result['communes'])}",
                *(f"  warning: {w}" for w in result["warnings"]),
            ]
            if args.dry_run:
                lines.append("dry run: nothing was written")
            emit(args, result, "\n".join(lines))
            return EXIT_OK
        progress = progress_printer(args)
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
        emit(args, report.to_dict() if args.json else None, _report_text(report, args.dry_run))
    return EXIT_OK


def _mapping(items: Sequence[str]) -> dict[str, str]:
    out = {}
    for item in items:
        field, sep, column = item.partition("=")
        if not sep or not field or not column:
            raise UserError(f"--map {item!r}: use FIELD=COLUMN, e.g. sheet=SoTo")
        out[field.strip()] = column.strip()
    return out


def _report_text(report, dry_run: bool) -> str:
    lines = [report.summary_line()]
    for p in report.problems:
        lines.append(f"  {p.severity}: {p.where}: {p.message}")
    if dry_run:
        lines.append("dry run: nothing was written")
    return "\n".join(lines)


def register(sub) -> None:
    sp = add_command(
        sub, "import", cmd_import, "import route, boundary, communes, parcels, households or events"
    )
    sp.add_argument(
        "what", choices=["route", "boundary", "communes", "parcels", "households", "events"]
    )
    sp.add_argument("project")
    sp.add_argument("file")
    sp.add_argument("--stakes", help="route: CSV chainage,x,y")
    sp.add_argument("--equations", help="route: CSV back,ahead,x,y")
    sp.add_argument(
        "--crs", help="CRS when the file has none, e.g. EPSG:5899 or 'VN-2000 Quảng Ninh'"
    )
    sp.add_argument("--layer", help="layer name (GeoPackage, DXF, ...)")
    sp.add_argument("--commune", help="parcels: commune when the file has no commune column")
    sp.add_argument(
        "--encoding", default="auto", choices=["auto", "utf-8", "cp1258", "tcvn3", "vni"]
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
