"""Read-only questions: `tl342 summary`, `locate`, `list`."""

from __future__ import annotations

import math
from datetime import date

from ..core.errors import UserError
from .common import (
    EXIT_OK,
    add_command,
    date_arg,
    emit,
    json_flag,
    open_project,
    point_arg,
    to_json,
)


def cmd_summary(args) -> int:
    from ..services.summary import project_summary
    from ..store.settings import campaign_as_of

    with open_project(args.project) as project:
        when = campaign_as_of(project, date.today(), args.date)
        data = to_json(project_summary(project, when.day))
    data["as_of"] = when.to_dict()
    emit(args, data)
    return EXIT_OK


def cmd_locate(args) -> int:
    from ..core.chainage import format_chainage, parse_chainage
    from ..store import repo

    with open_project(args.project) as project, project.session() as s:
        route = repo.load_route(s)
        crs = project.crs
    if route is None:
        raise UserError(f"{args.project}: has no route; import one with `tl342 import route`")
    if (args.chainage is None) == (args.point is None):
        raise UserError("give either --chainage KmXX+YYY or --point X,Y")
    if args.chainage is not None:
        ch = parse_chainage(args.chainage)
        positions = route.point_at(ch)
        if not positions:
            eq = route.gap_containing(ch)
            why = f" (inside the gap of station equation {eq})" if eq else ""
            raise UserError(f"{format_chainage(ch)} has no point on the route{why}")
        first = positions[0]
        data = {
            "position": "along",
            "chainage": format_chainage(ch, 2 if ch % 1 else 0),
            "chainage_m": ch,
            "offset_m": 0.0,
            "side": None,
            "distance_m": round(first.distance_m, 3),
            "x": round(first.x, 3),
            "y": round(first.y, 3),
            "candidates": [
                {"distance_m": round(p.distance_m, 3), "x": round(p.x, 3), "y": round(p.y, 3)}
                for p in positions
            ],
        }
        if len(positions) > 1:
            data["note"] = f"{format_chainage(ch)} occurs {len(positions)} times (overlap equation)"
    else:
        x, y = point_arg(args.point)
        if args.crs:
            from pyproj import Transformer

            from ..io.crs import resolve_crs

            src = resolve_crs(None, args.crs)
            x, y = Transformer.from_crs(src, crs, always_xy=True).transform(x, y)
        loc = route.locate(x, y)
        position = route.position_of(x, y)
        far = abs(loc.offset_m)
        if position != "along":  # beyond an end: the distance to the end vertex
            far = math.hypot(x - loc.x, y - loc.y)
        if far > args.max_offset:
            where = {"before_start": "before the start", "after_end": "after the end"}.get(
                position, "beside the route"
            )
            raise UserError(
                f"point {x:.1f},{y:.1f} is {far:,.0f} m from the route ({where}), farther than "
                f"--max-offset {args.max_offset:g} m: no chainage given"
            )
        data = {
            "position": position,
            "chainage": format_chainage(loc.chainage_m, 0),
            "chainage_m": round(loc.chainage_m, 3),
            "offset_m": round(loc.offset_m, 3),
            "side": loc.side.value,
            "distance_m": round(loc.distance_m, 3),
            "x": round(x, 3),
            "y": round(y, 3),
            "candidates": [],
        }
    text = f"{data['chainage']}  x={data['x']} y={data['y']}"
    if data["side"]:
        text += f"  offset {data['offset_m']:+.1f} m ({data['side']})"
    emit(args, data, text)
    return EXIT_OK


def cmd_list(args) -> int:
    from ..core.fmt import area
    from ..services.listing import list_households, list_parcels

    with open_project(args.project) as project:
        if args.what == "households":
            rows = list_households(
                project,
                commune=args.commune,
                status=args.status,
                search=args.search,
                public=args.public,
            )
            text = "\n".join(
                f"{r.code:<10} {r.status.value:<17} {r.commune:<12} {r.head_name}"
                + ("  [Gửi Kho bạc]" if r.deposited else "")
                for r in rows
            )
        else:
            rows = list_parcels(
                project, commune=args.commune, status=args.status, search=args.search
            )
            text = "\n".join(
                f"{r.commune:<12} {r.sheet:>4}/{r.number:<6} {r.land_use:<5}"
                f" {area(r.recovered_area_m2):>10} m²  {r.household or '-'}"
                for r in rows
            )
    emit(args, rows, text or "(none)")
    return EXIT_OK


def register(sub) -> None:
    from ..core.model import Status

    sp = add_command(sub, "summary", cmd_summary, "project totals")
    sp.add_argument("project")
    sp.add_argument("--date", type=date_arg)
    json_flag(sp)
    sp = add_command(sub, "locate", cmd_locate, "chainage ↔ point on the route")
    sp.add_argument("project")
    sp.add_argument("--chainage")
    sp.add_argument("--point", help="X,Y (easting,northing)")
    sp.add_argument("--crs", help="CRS of --point (default: the project's)")
    sp.add_argument(
        "--max-offset",
        type=float,
        default=500.0,
        metavar="M",
        help="refuse a --point farther than M metres from the route (default 500)",
    )
    json_flag(sp)
    sp = add_command(sub, "list", cmd_list, "list households or parcels")
    sp.add_argument("what", choices=["households", "parcels"])
    sp.add_argument("project")
    sp.add_argument("--commune")
    sp.add_argument("--status", choices=[s.value for s in Status])
    sp.add_argument("--search", help="text; ignores case and Vietnamese diacritics")
    sp.add_argument("--public", action="store_true", help="leave out private fields")
    json_flag(sp)
