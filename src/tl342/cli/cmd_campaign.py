"""`tl342 campaign`: set the campaign and show its dashboard figures."""

from __future__ import annotations

from datetime import date

from ..core.errors import UserError
from .common import (
    EXIT_OK,
    add_command,
    date_arg,
    emit,
    json_flag,
    open_project,
    to_json,
    tr,
    vnum,
)


def cmd_campaign(args) -> int:
    from ..core.campaign import Campaign
    from ..store import actions

    with open_project(args.project) as project:
        if args.start:
            current = actions.get_campaign(project)
            campaign = Campaign(
                name=args.name or (current.name if current else "Chiến dịch GPMB"),
                start=args.start,
                length_days=args.length or (current.length_days if current else 30),
                target_day=args.target or (current.target_day if current else 15),
            )
            if not 1 <= campaign.target_day <= campaign.length_days:
                raise UserError(
                    f"--target {campaign.target_day} must lie within 1..{campaign.length_days}"
                )
            actions.set_campaign(project, campaign)
        from ..services.dashboard import campaign_dashboard
        from ..store.settings import campaign_as_of

        when = campaign_as_of(project, date.today(), args.date)
        record = campaign_dashboard(project, when.day)
    data = to_json(record)
    data["as_of"] = when.to_dict()
    text = _campaign_text(args, data)
    if when.latest_record:
        text += "\n" + tr(args, f"note: {when.note('en')}", f"ghi chú: {when.note('vi')}")
    emit(args, data, text)
    return EXIT_OK


def _campaign_text(args, d: dict) -> str:
    if d.get("day") is None:
        return tr(
            args,
            "no campaign set: use --start YYYY-MM-DD",
            "chưa có chiến dịch: dùng --start YYYY-MM-DD",
        )
    ho, rem = d["handed_over"], d.get("remaining") or {}
    ha = vnum(args, ho["area_m2"] / 1e4, 2)
    finish = d.get("forecast_finish") or "-"
    lines = [
        tr(
            args,
            f"day {d['day']}/{d['length_days']} (target day {d['target_day']}), "
            f"{d['days_left']} days left",
            f"ngày {d['day']}/{d['length_days']} (mục tiêu ngày {d['target_day']}), "
            f"còn {d['days_left']} ngày",
        ),
        tr(
            args,
            f"handed over: {ho['households']} of {d.get('households_total', '?')} households, "
            f"{ha} ha; {rem.get('households', '?')} households remain",
            f"đã bàn giao: {ho['households']}/{d.get('households_total', '?')} hộ, "
            f"{ha} ha; còn {rem.get('households', '?')} hộ",
        ),
        tr(args, f"forecast finish: {finish}", f"dự báo hoàn thành: {finish}"),
    ]
    return "\n".join(lines)


def register(sub) -> None:
    sp = add_command(
        sub,
        "campaign",
        cmd_campaign,
        "set the campaign and show its dashboard figures",
        examples="""
tl342 campaign p.tl342 --date 2022-11-21
tl342 campaign p.tl342 --start 2022-11-14 --length 30 --target 15 --name "30 ngày đêm"
""",
    )
    sp.add_argument("project", help="project file or postgresql:// URL")
    sp.add_argument("--start", type=date_arg, help="set the campaign's first day")
    sp.add_argument("--length", type=int, help="with --start: campaign length in days (30)")
    sp.add_argument("--target", type=int, help="with --start: the target day (15)")
    sp.add_argument("--name", help="with --start: the campaign's name")
    sp.add_argument("--date", type=date_arg, help="as of this date (default today)")
    json_flag(sp)
