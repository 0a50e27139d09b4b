"""`tl342 export …`: documents for the commune meeting and files for other tools.

Each kind is its own subcommand (`tl342 export map --help` shows the map's options).
"""

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
    lang,
    lang_flag,
    progress_printer,
    tr,
)
from .common import open_project as _open_full


def open_project(target: str):
    """A plain project file is read without SQLAlchemy (``store.quickread``); a server, an
    older schema, a copy checked out from a server...: the full path (which migrates, with
    its backup)."""
    from ..store import quickread

    return quickread.open_project(target) or _open_full(target)


def cmd_export(args) -> int:
    from ..exports.options import ExportOptions
    from ..exports.run import run_export

    opts = ExportOptions(
        commune=getattr(args, "commune", None),
        from_m=chainage_arg(getattr(args, "from_km", None)),
        to_m=chainage_arg(getattr(args, "to_km", None)),
        scale=getattr(args, "scale", None),
        paper=getattr(args, "paper", "A4"),
        landscape=not getattr(args, "portrait", False),
        public=getattr(args, "public", False),
        codes_on_map=getattr(args, "codes", False),
        date=getattr(args, "date", None) or date.today(),
        auto_date=getattr(args, "date", None) is None,
        stretch_m=getattr(args, "stretch", 500.0),
        lang=lang(args),
        jobs=getattr(args, "jobs", None),
    )
    early = _prestart_pack_workers(args)
    try:
        with open_project(args.project) as project:
            result = run_export(
                project,
                args.kind,
                Path(args.out),
                opts,
                progress=progress_printer(args, tr(args, f"exporting {args.kind}", "đang xuất")),
            )
    finally:
        if early:
            from ..exports.packjobs import release

            release()
    path = result.get("path", args.out)
    what = KINDS[args.kind][2 if lang(args) == "vi" else 1]
    text = tr(args, f"wrote {what}: {path}", f"đã ghi {what}: {path}")
    note = (result.get("as_of") or {}).get("note")
    if note:
        text += "\n" + tr(args, f"note: {note}", f"ghi chú: {note}")
    emit(args, result, text)
    return EXIT_OK


def _prestart_pack_workers(args) -> bool:
    """A pack of every commune: start its worker processes now, so that they load the drawing
    code while this process reads the project (the pack tells them what to write)."""
    if args.kind != "pack" or getattr(args, "commune", None) or args.jobs == 1:
        return False
    from ..exports.pack import cpu_count
    from ..exports.packjobs import prestart

    n = min(args.jobs or cpu_count(), cpu_count()) - 1
    if n > 0:
        prestart(n)
    return n > 0


# kind: (help, English noun, Vietnamese noun, options, examples)
KINDS = {
    "map": (
        "a parcel map sheet (PDF or PNG) of a commune or a chainage range",
        "the map",
        "bản đồ",
        ("commune", "range", "scale", "paper", "codes", "public", "date"),
        'tl342 export map p.tl342 --commune "Đạp Thanh" --scale 2000 --out dap_thanh.pdf\n'
        "tl342 export map p.tl342 --from Km40+000 --to Km41+000 --paper A3 --out km40.png",
    ),
    "atlas": (
        "an atlas: one map sheet per stretch of road, with an index",
        "the atlas",
        "tập bản đồ",
        ("commune", "range", "scale", "paper", "codes", "stretch", "public", "date"),
        "tl342 export atlas p.tl342 --from Km40+000 --to Km45+000 --out atlas.pdf\n"
        "tl342 export atlas p.tl342 --stretch 1000 --scale 5000 --out atlas.pdf",
    ),
    "pack": (
        "the meeting pack: a folder with maps, lists and the progress report",
        "the meeting pack",
        "bộ hồ sơ họp",
        ("commune", "paper", "codes", "public", "date", "jobs"),
        "tl342 export pack p.tl342 --public --out meeting/\n"
        "tl342 export pack p.tl342 --jobs 1 --out meeting/",
    ),
    "html": (
        "an offline web map (one HTML file, opens without internet)",
        "the web map",
        "bản đồ web",
        ("commune", "codes", "public", "date"),
        "tl342 export html p.tl342 --public --out map.html",
    ),
    "posting": (
        "the public posting list of a commune (XLSX or PDF)",
        "the posting list",
        "danh sách niêm yết",
        ("commune", "paper", "public", "date"),
        'tl342 export posting p.tl342 --commune "Thanh Lâm" --out niem_yet.xlsx',
    ),
    "report": (
        "the progress report as of a date (XLSX or PDF)",
        "the progress report",
        "báo cáo tiến độ",
        ("commune", "paper", "public", "date"),
        "tl342 export report p.tl342 --date 2022-11-21 --out bao_cao.xlsx",
    ),
    "gpkg": (
        "a GeoPackage that opens in QGIS already styled by step",
        "the GeoPackage",
        "GeoPackage",
        ("commune", "codes", "public"),
        "tl342 export gpkg p.tl342 --out dt342.gpkg",
    ),
}


def _add_options(sp, kind: str, options) -> None:
    from ..exports.options import PUBLIC_HELP

    if "commune" in options:
        commune_help = "only this commune (name as in the project)"
        if kind == "map":
            commune_help = "every recovered parcel of this commune, on as many sheets as needed"
        sp.add_argument("--commune", help=commune_help)
    if "range" in options:
        sp.add_argument("--from", dest="from_km", help="start chainage, e.g. Km40+000")
        sp.add_argument("--to", dest="to_km", help="end chainage, e.g. Km45+000")
    if "scale" in options:
        sp.add_argument(
            "--scale",
            type=int,
            metavar="N",
            help="map scale 1:N, e.g. 2000 (default: fit the area on the sheet)",
        )
    if "paper" in options:
        sp.add_argument(
            "--paper", default="A4", choices=["A4", "A3"], help="paper size (default A4)"
        )
        sp.add_argument(
            "--portrait", action="store_true", help="portrait sheets (default landscape)"
        )
    if "codes" in options:
        sp.add_argument(
            "--codes", action="store_true", help="household codes instead of names on maps"
        )
    if "stretch" in options:
        sp.add_argument(
            "--stretch",
            type=float,
            default=500.0,
            metavar="M",
            help="metres of road per atlas sheet (default 500)",
        )
    if "public" in options:
        sp.add_argument(
            "--public",
            action="store_true",
            help=PUBLIC_HELP,
        )
    if "date" in options:
        sp.add_argument("--date", type=date_arg, help="as of this date (default today)")
    if "jobs" in options:
        sp.add_argument(
            "--jobs",
            type=_jobs_arg,
            metavar="N",
            help="processes writing the communes' PDFs side by side (default: one per commune, "
            "at most one per CPU; 1 = all in this process)",
        )


def _jobs_arg(text: str) -> int:
    import argparse

    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: give a whole number of processes, 1 or more")
    return n


def register(sub) -> None:
    sp = add_command(
        sub,
        "export",
        cmd_export,
        "maps, atlas, meeting pack, HTML, posting list, report, GeoPackage",
        description=(
            "Documents for the commune meeting and files for other tools; each kind has its\n"
            "own options: tl342 export KIND --help."
        ),
        examples="\n".join(k[4].splitlines()[0] for k in KINDS.values()),
    )
    kinds = sp.add_subparsers(dest="kind", required=True, metavar="KIND", parser_class=type(sp))
    for kind, (help_text, _en, _vi, options, examples) in KINDS.items():
        kp = kinds.add_parser(
            kind,
            help=help_text,
            description=help_text,
            epilog="examples:\n" + "\n".join(f"  {x}" for x in examples.splitlines()),
        )
        kp.add_argument("project", help="project file or postgresql:// URL")
        kp.add_argument("--out", required=True, help="file (or folder, for a pack) to write")
        _add_options(kp, kind, options)
        lang_flag(kp)
        json_flag(kp)
