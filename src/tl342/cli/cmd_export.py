"""`tl342 export …`: documents for the commune meeting and files for other tools."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from .common import (
    EXIT_OK,
    add_command,
    chainage_arg,
    date_arg,
    emit,
    json_flag,
    open_project,
    progress_printer,
)


def cmd_export(args) -> int:
    from ..exports.options import ExportOptions
    from ..exports.run import run_export

    opts = ExportOptions(
        commune=args.commune,
        from_m=chainage_arg(args.from_km),
        to_m=chainage_arg(args.to_km),
        scale=args.scale,
        paper=args.paper,
        landscape=not args.portrait,
        public=args.public,
        codes_on_map=args.codes,
        date=args.date or date.today(),
        auto_date=args.date is None,
        stretch_m=args.stretch,
    )
    with open_project(args.project) as project:
        result = run_export(
            project, args.kind, Path(args.out), opts, progress=progress_printer(args)
        )
    text = f"wrote {result.get('path', args.out)}"
    note = (result.get("as_of") or {}).get("note")
    if note:
        text += f"\nnote: {note}"
    emit(args, result, text)
    return EXIT_OK


def register(sub) -> None:
    from ..exports.options import PUBLIC_HELP

    sp = add_command(
        sub,
        "export",
        cmd_export,
        "maps, atlas, meeting pack, HTML, posting list, report, GeoPackage",
    )
    sp.add_argument("kind", choices=["map", "atlas", "pack", "html", "posting", "report", "gpkg"])
    sp.add_argument("project")
    sp.add_argument("--out", required=True)
    sp.add_argument("--commune", help="one commune (map: every recovered parcel of it)")
    sp.add_argument(
        "--from", dest="from_km", help="chainage range start, e.g. Km40+000 (map, atlas)"
    )
    sp.add_argument("--to", dest="to_km", help="chainage range end, e.g. Km45+000 (map, atlas)")
    sp.add_argument(
        "--scale", type=int, help="map scale 1:N (map: as many road-following sheets as needed)"
    )
    sp.add_argument("--paper", default="A4", choices=["A4", "A3"])
    sp.add_argument("--portrait", action="store_true")
    sp.add_argument("--public", action="store_true", help=PUBLIC_HELP)
    sp.add_argument("--codes", action="store_true", help="household codes instead of names on maps")
    sp.add_argument("--stretch", type=float, default=500.0, help="atlas: metres of road per sheet")
    sp.add_argument("--date", type=date_arg)
    json_flag(sp)
