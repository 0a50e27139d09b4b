"""Read-only questions: `tl342 summary`, `locate`, `list`."""

from __future__ import annotations

import math
from datetime import date

from ..core.errors import UserError
from .common import (
    EXIT_OK,
    add_command,
    busy,
    date_arg,
    emit,
    json_flag,
    lang,
    open_project,
    point_arg,
    table,
    to_json,
    tr,
    vnum,
)


def cmd_summary(args) -> int:
    from ..services.summary import project_summary
    from ..store.settings import campaign_as_of

    with open_project(args.project) as project, busy(args, tr(args, "reading", "đang đọc")):
        when = campaign_as_of(project, date.today(), args.date)
        data = to_json(project_summary(project, when.day))
        names = _step_names(args, project) if not args.json else {}
    data["as_of"] = when.to_dict()
    text = None
    if not args.json:
        text = _summary_text(args, data, names)
        if when.latest_record:
            text += "\n" + tr(args, f"note: {when.note('en')}", f"ghi chú: {when.note('vi')}")
    emit(args, data, text)
    return EXIT_OK


def _step_names(args, project) -> dict[str, str]:
    from ..core.workflow import load_rules

    rules = load_rules(project.regime)
    return {s.status.value: s.name(lang(args)) for s in rules.steps}


def _summary_text(args, d: dict, names: dict[str, str]) -> str:
    ha = vnum(args, d["recovered_area_m2"] / 1e4, 2)
    lines = [
        tr(
            args,
            f"{d['project']}: {d['households']} households, {d['parcels']} parcels "
            f"({d['parcels_held']} held by households), {ha} ha recovered; "
            f"communes: {', '.join(d['communes']) or '-'}",
            f"{d['project']}: {d['households']} hộ, {d['parcels']} thửa "
            f"({d['parcels_held']} thửa của hộ), thu hồi {ha} ha; "
            f"xã: {', '.join(d['communes']) or '-'}",
        )
    ]
    r = d.get("route")
    if r:
        lines.append(
            tr(
                args,
                f"route {r['start']} → {r['end']}, {vnum(args, r['length_m'], 1)} m, "
                f"{r['stakes']} stakes, {r['equations']} station equations",
                f"tuyến {r['start']} → {r['end']}, dài {vnum(args, r['length_m'], 1)} m, "
                f"{r['stakes']} cọc, {r['equations']} phương trình lý trình",
            )
        )
    c = d.get("campaign")
    if c:
        lines.append(
            tr(
                args,
                f'campaign "{c["name"]}": day {c["day"]}/{c["length_days"]}, '
                f"{c['days_left']} days left (target day {c['target_day']})",
                f'chiến dịch "{c["name"]}": ngày {c["day"]}/{c["length_days"]}, '
                f"còn {c['days_left']} ngày (mục tiêu ngày {c['target_day']})",
            )
        )
    money = d["amounts_vnd"]
    lines.append(
        tr(
            args,
            f"compensation {vnum(args, money['compensation'])} VND, support "
            f"{vnum(args, money['support'])} VND, paid {vnum(args, money['paid'])} VND",
            f"bồi thường {vnum(args, money['compensation'])} đồng, hỗ trợ "
            f"{vnum(args, money['support'])} đồng, đã chi trả {vnum(args, money['paid'])} đồng",
        )
    )
    rows = [[names.get(k, k), v] for k, v in d["status_counts"].items() if v]
    lines.append(table([tr(args, "step", "bước"), tr(args, "households", "số hộ")], rows, {1}))
    by_type = d.get("recovered_area_by_land_type_m2") or {}
    if by_type:
        lines.append(
            table(
                [tr(args, "land type", "loại đất"), tr(args, "recovered m²", "thu hồi m²")],
                [[k, vnum(args, v, 1)] for k, v in by_type.items()],
                {1},
            )
        )
    return "\n".join(lines)


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
    text = f"{data['chainage']}: x={data['x']} y={data['y']}"
    if data["side"]:
        side = {"L": tr(args, "left", "trái"), "R": tr(args, "right", "phải")}.get(
            data["side"], data["side"]
        )
        text += tr(
            args,
            f", {abs(data['offset_m']):.1f} m to the {side} of the centreline",
            f", cách tim tuyến {abs(data['offset_m']):.1f} m về bên {side}",
        )
    if len(data["candidates"]) > 1:
        text += tr(
            args,
            f" (the chainage occurs {len(data['candidates'])} times: overlap equation)",
            f" (lý trình này xuất hiện {len(data['candidates'])} lần: phương trình chồng)",
        )
    emit(args, data, text)
    return EXIT_OK


def cmd_list(args) -> int:
    from ..services.listing import list_households, list_parcels

    with open_project(args.project) as project, busy(args, tr(args, "reading", "đang đọc")):
        if args.what == "households":
            rows = list_households(
                project,
                commune=args.commune,
                status=args.status,
                search=args.search,
                public=args.public,
            )
            names = _step_names(args, project) if not args.json else {}
            text = table(
                [
                    tr(args, "code", "mã hộ"),
                    tr(args, "head of household", "chủ hộ"),
                    tr(args, "commune", "xã"),
                    tr(args, "step", "bước"),
                    tr(args, "recovered m²", "thu hồi m²"),
                ],
                [
                    [
                        r.code
                        + (
                            tr(args, " [Gửi Kho bạc] (Treasury)", " [Gửi Kho bạc]")
                            if r.deposited
                            else ""
                        ),
                        r.head_name,
                        r.commune,
                        names.get(r.status.value, r.status.value),
                        vnum(args, r.recovered_area_m2, 1),
                    ]
                    for r in rows
                ],
                {4},
            )
            count = tr(args, f"{len(rows)} households", f"{len(rows)} hộ")
        else:
            rows = list_parcels(
                project, commune=args.commune, status=args.status, search=args.search
            )
            text = table(
                [
                    tr(args, "commune", "xã"),
                    tr(args, "sheet/parcel", "tờ/thửa"),
                    tr(args, "land", "loại đất"),
                    tr(args, "recovered m²", "thu hồi m²"),
                    tr(args, "household", "hộ"),
                ],
                [
                    [
                        r.commune,
                        f"{r.sheet}/{r.number}",
                        r.land_use,
                        vnum(args, r.recovered_area_m2, 1),
                        r.household or "-",
                    ]
                    for r in rows
                ],
                {3},
            )
            count = tr(args, f"{len(rows)} parcels", f"{len(rows)} thửa")
    if not rows:
        text = tr(args, "nothing matches", "không có kết quả phù hợp")
    else:
        text = f"{text}\n{count}"
    emit(args, rows, text)
    return EXIT_OK


def register(sub) -> None:
    from ..core.model import Status

    sp = add_command(
        sub,
        "summary",
        cmd_summary,
        "project totals",
        description="Households, parcels, recovered area by land type, steps, route, campaign.",
        examples="""
tl342 summary p.tl342
tl342 --lang en summary p.tl342 --date 2022-11-21
tl342 summary p.tl342 --json
""",
    )
    sp.add_argument("project", help="project file or postgresql:// URL")
    sp.add_argument("--date", type=date_arg, help="as of this date (default today)")
    json_flag(sp)
    sp = add_command(
        sub,
        "locate",
        cmd_locate,
        "chainage ↔ point on the route",
        examples="""
tl342 locate p.tl342 --chainage Km45+200
tl342 locate p.tl342 --point 435720,2354190
tl342 locate p.tl342 --point 107.6,21.3 --crs EPSG:4326
""",
    )
    sp.add_argument("project", help="project file or postgresql:// URL")
    sp.add_argument("--chainage", help="a chainage, e.g. Km45+200: where is it on the ground")
    sp.add_argument("--point", help="X,Y (easting,northing): which chainage, offset and side")
    sp.add_argument("--crs", help="CRS of --point (default: the project's)")
    sp.add_argument(
        "--max-offset",
        type=float,
        default=500.0,
        metavar="M",
        help="refuse a --point farther than M metres from the route (default 500)",
    )
    json_flag(sp)
    sp = add_command(
        sub,
        "list",
        cmd_list,
        "list households or parcels",
        examples="""
tl342 list households p.tl342 --search "le thi hang" --status paid
tl342 list parcels p.tl342 --commune "Thanh Lâm"
""",
    )
    sp.add_argument("what", choices=["households", "parcels"], help="what to list")
    sp.add_argument("project", help="project file or postgresql:// URL")
    sp.add_argument("--commune", help="only this commune (name as in the project)")
    sp.add_argument(
        "--status",
        choices=[s.value for s in Status],
        help="only households at this step: " + ", ".join(s.value for s in Status),
    )
    sp.add_argument("--search", help="text; ignores case and Vietnamese diacritics")
    sp.add_argument("--public", action="store_true", help="leave out private fields")
    json_flag(sp)
